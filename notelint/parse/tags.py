"""Every ``\\tag{…}`` a renderer would number, with the file offsets of its number.

Read from each math span of the note, and from the body of MyST directive fences
(```` ```{admonition} ````, ```` ```{prf:theorem} ```` …) whose Markdown content notelint does
not parse as math; never from code (a fenced ``python`` block, a ``{code-block}`` directive,
an inline code span) or from a LaTeX ``%`` comment.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelint.note import Facet, MathSpan, Span

if TYPE_CHECKING:
    from markdown_it.token import Token

    from notelint.note import Note

_TAG = re.compile(r"\\tag(\*?)\s*\{\s*([^{}\s]+)\s*\}")


@dataclass(frozen=True)
class EquationTag:
    """One ``\\tag{7}`` or ``\\tag*{7}``."""

    #: The whole ``\\tag{…}``.
    span: Span
    #: The number as written (``"7"``, ``"7a"``, ``"2.1"``) and where it stands.
    number: str
    number_span: Span
    starred: bool
    #: The math span it belongs to; None for a tag in a MyST directive's body.
    math: MathSpan | None

    @property
    def int_number(self) -> int | None:
        return int(self.number) if self.number.isdigit() else None


@functools.cache
def _literal_directives() -> frozenset[str]:
    from notelint import data

    return frozenset(data.load("directives")["literal"])


def _comment_starts(latex: str) -> list[tuple[int, int]]:
    """(start, end) of every ``%`` comment (an unescaped ``%`` to the end of its line)."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(latex)
    while i < n:
        c = latex[i]
        if c == "\\":
            i += 2
            continue
        if c == "%":
            end = latex.find("\n", i)
            end = n if end < 0 else end
            out.append((i, end))
            i = end
            continue
        i += 1
    return out


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd run of backslashes (``\\\\tag`` is not a tag)."""
    run = 0
    while at - run - 1 >= 0 and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def tags_in(latex: str, base: int, math: MathSpan | None, markdown: bool = False) -> list[EquationTag]:
    """The tags of a piece of text whose first character is at file offset ``base``.

    ``markdown``: the text is Markdown (a directive's body), where ``%`` starts no comment.
    """
    if "\\tag" not in latex:
        return []
    comments = _comment_starts(latex) if "%" in latex and not markdown else []
    out: list[EquationTag] = []
    for m in _TAG.finditer(latex):
        if _escaped(latex, m.start()) or any(a <= m.start() < b for a, b in comments):
            continue
        out.append(
            EquationTag(
                span=Span(base + m.start(), base + m.end()),
                number=m.group(2),
                number_span=Span(base + m.start(2), base + m.end(2)),
                starred=bool(m.group(1)),
                math=math,
            )
        )
    return out


def _directive_bodies(note: Note) -> list[Span]:
    """Bodies of MyST directive fences holding Markdown (not code), below their option lines."""
    out: list[Span] = []
    literal = _literal_directives()
    for token in _fences(note.tokens):
        m = re.match(r"\{([^{}\s]+)\}", token.info.strip())
        if m is None or m.group(1) in literal or token.map is None:
            continue
        first, last = token.map[0] + 1, max(token.map[0] + 1, token.map[1] - 1)
        start, end = note.index.line_start(first), note.index.line_start(last)
        out.append(Span(start, end))
    return out


def _fences(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        if token.type == "fence":
            found.append(token)
        if token.children:
            found.extend(_fences(token.children))
    return found


def find_tags(note: Note) -> list[EquationTag]:
    """Every ``\\tag`` of the note, in file order."""
    tags: list[EquationTag] = []
    for math in note.math:
        tags.extend(tags_in(math.latex, math.content_start, math))
    text = note.text
    for body in _directive_bodies(note):
        if any(body.start <= m.start < body.end for m in note.math):
            continue  # a parser that reads the directive's math: its spans already count
        tags.extend(tags_in(text[body.start : body.end], body.start, None, markdown=True))
    tags.sort(key=lambda t: t.span.start)
    return tags


TAGS: Facet[list[EquationTag]] = Facet(
    "tags",
    find_tags,
    "Every \\tag{…} in math or in a MyST directive's Markdown body, never in code, in file order.",
)
