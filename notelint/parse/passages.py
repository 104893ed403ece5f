"""Passages that quote a (LECTURER CLAIM): the ``LECTURER_PASSAGES`` facet.

From the tag to the end of its paragraph (through the next block when the paragraph ends with
a colon, which introduces a quoted equation), never past the next provenance tag or heading.
A display block right after the tag's paragraph is the quoted claim too. The mathematics there
is the lecturer's, which the note refutes: a shape mismatch in it is the point, not a defect.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.note import Facet, Span
from notelint.parse.provenance import PROVENANCE

if TYPE_CHECKING:
    from notelint.note import Note

_PARAGRAPH_END = re.compile(r"\n[ \t>]*\n")
_DISPLAY = ("$$", "\\[", "\\begin")


def lecturer_passages(note: Note) -> list[Span]:
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


LECTURER_PASSAGES: Facet[list[Span]] = Facet(
    "lecturer-passages", lecturer_passages, "The passages quoting a (LECTURER CLAIM), in file order."
)
