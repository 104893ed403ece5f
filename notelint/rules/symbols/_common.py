"""Shared helpers of the symbol rules: which math they read, and index letters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from notelint.math.glossary import extraction
from notelint.math.symbols import BOUND, INDEX
from notelint.note import Span

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note


def _inside(note: Note, m: MathSpan, key: str) -> bool:
    section = note.sections.get(key)
    return section is not None and section.body.start <= m.start < section.body.end


def checked_math(
    note: Note, *, skip: tuple[str, ...] = ("2", "4.D"), quoted_claims: bool = True
) -> Iterator[MathSpan]:
    """Math outside the glossary (section 2) and the schematic identities of 4.D; with
    ``quoted_claims=False`` also outside the passages tagged (LECTURER CLAIM)."""
    claims = [] if quoted_claims else lecturer_claims(note)
    for m in note.math:
        if any(_inside(note, m, key) for key in skip):
            continue
        if any(c.start <= m.start < c.end for c in claims):
            continue
        yield m


_PARAGRAPH_END = re.compile(r"\n[ \t>]*\n")


def lecturer_claims(note: Note) -> list[Span]:
    """The passages that quote a (LECTURER CLAIM): from the tag to the end of its paragraph
    (through the next block when the paragraph ends with a colon, which introduces a quoted
    equation), never past the next provenance tag or heading. The mathematics there is the
    lecturer's, which the note refutes; a shape mismatch in it is the point, not a defect."""
    tags = sorted(note.provenance.tags, key=lambda t: t.span.start)
    stops = sorted([t.span.start for t in tags] + [h.span.start for h in note.headings] + [len(note.text)])
    out: list[Span] = []
    for tag in tags:
        if "LECTURER CLAIM" not in tag.name.upper():
            continue
        limit = next(s for s in stops if s > tag.span.start)
        end = tag.span.end
        while True:
            brk = _PARAGRAPH_END.search(note.text, end, limit)
            if brk is None:
                end = limit
                break
            before = note.text[end : brk.start()].rstrip()
            end = brk.start()
            if not before.endswith(":"):
                break
            end = brk.end()
        out.append(Span(tag.span.start, end))
    return out


def math_in_section(note: Note, key: str) -> Iterator[MathSpan]:
    section = note.sections.get(key)
    if section is None:
        return
    yield from note.math_in(section.body)


def index_letters(note: Note) -> set[str]:
    """Letters used as an index or a bound variable anywhere in the note (``x_i``, ``\\sum_i``):
    a bare ``i`` elsewhere ("for each $i$") is that index, not an undeclared symbol."""
    out: set[str] = set()
    for m in note.math:
        for occ in extraction(m).occurrences:
            if occ.role in (INDEX, BOUND):
                out.add(occ.key)
    return out
