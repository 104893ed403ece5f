"""Small helpers shared by the structure rules."""

from __future__ import annotations

import re

from notelint.note import Note, Section

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def body_text(note: Note, section: Section) -> str:
    """The section's body without HTML comments."""
    return _COMMENT.sub("", note.text[section.body.start : section.body.end])


def is_empty(note: Note, section: Section) -> bool:
    """True when the body holds nothing but space and comments, up to its first subsection."""
    end = section.body.end
    if not section.is_subsection:
        subs = [
            s
            for s in note.section_list
            if s.is_subsection and section.body.start <= s.heading.span.start < end
        ]
        if subs:
            end = subs[0].heading.span.start
    return not _COMMENT.sub("", note.text[section.body.start : end]).strip()
