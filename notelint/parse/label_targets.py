"""Names a reference may point at that are defined outside numbered display math.

A ``\\ref``/``\\eqref`` may name a figure's or an inline equation's ``\\label{…}``, a MyST
target (``(name)=`` on a line of its own), an HTML anchor (``id="name"``, ``name="name"``) or a
directive's ``:label: name`` or ``:name: name`` option. These are read from the note's text with its code (fenced
and indented blocks, code spans) left out, so a ``\\label`` shown in a code example defines
nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.note import Facet

if TYPE_CHECKING:
    from notelint.note import Note

#: ``\label{name}``, a MyST target line, an HTML id/name attribute, a ``:label:`` option
_TARGETS = (
    re.compile(r"\\label\s*\{\s*([^{}\s]+)\s*\}"),
    re.compile(r"^\(([^()\s]+)\)=[ \t]*$", re.MULTILINE),
    re.compile(r"""(?:\bid|\bname)\s*=\s*["']([^"'\s]+)["']"""),
    re.compile(r"^[ \t]*:(?:label|name):[ \t]*(\S+)[ \t]*$", re.MULTILINE),
)


def find_label_targets(note: Note) -> frozenset[str]:
    """The names of every label target in the note outside its code."""
    chars = list(note.text)
    for code in note.code:
        for i in range(code.start, code.end):
            if chars[i] != "\n":
                chars[i] = " "
    text = "".join(chars)
    return frozenset(m.group(1) for pattern in _TARGETS for m in pattern.finditer(text))


LABEL_TARGETS: Facet[frozenset[str]] = Facet(
    "label-targets",
    find_label_targets,
    "Names defined as reference targets anywhere outside code: \\label{…}, MyST (name)=, "
    "HTML id/name anchors, :label:/:name: options.",
)
