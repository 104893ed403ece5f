"""Shared helpers of the symbol rules: which math they read, and index letters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from notelint.math.glossary import extraction
from notelint.math.symbols import BOUND, INDEX
from notelint.note import Span
from notelint.parse.steps import PROVENANCE

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
_DISPLAY = ("$$", "\\[", "\\begin")


def lecturer_claims(note: Note) -> list[Span]:
    """The passages that quote a (LECTURER CLAIM): from the tag to the end of its paragraph
    (through the next block when the paragraph ends with a colon, which introduces a quoted
    equation), never past the next provenance tag or heading. The mathematics there is the
    lecturer's, which the note refutes; a shape mismatch in it is the point, not a defect.
    A display block right after the tag's paragraph is the quoted claim too."""
    tags = sorted(note.facet(PROVENANCE).tags, key=lambda t: t.span.start)
    stops = sorted([t.span.start for t in tags] + [h.span.start for h in note.headings] + [len(note.text)])
    out: list[Span] = []
    for tag in tags:
        if "LECTURER CLAIM" not in tag.name.upper():
            continue
        limit = next(s for s in stops if s > tag.span.start)
        text = note.text
        brk = _PARAGRAPH_END.search(text, tag.span.end, limit)
        end = limit if brk is None else brk.start()
        if brk is not None:
            following = text[brk.end() : limit].lstrip(" \t>")
            if text[tag.span.end : brk.start()].rstrip().endswith(":") or following.startswith(_DISPLAY):
                # the quoted equation: the next block
                after = _PARAGRAPH_END.search(text, brk.end(), limit)
                end = limit if after is None else after.start()
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
