"""Container blocks whose body is Markdown to their renderer but code to CommonMark.

MyST reads the body of a directive fence (```` ```{admonition} Title ````, ```` ```{note} ````,
```` ```{prf:theorem} ````, ``:::{note}``) as Markdown; Python-Markdown (MkDocs, with pymdownx) reads the
body of ``!!! note``, ``??? tip`` and ``=== "Tab"`` blocks, indented by four spaces, as
Markdown. markdown-it reads the first as a code fence and the second as an indented code
block, so their math would never be read, nor checked.

``unwrap_directives`` and ``unwrap_indented_blocks`` return a text of the same length, offset
for offset, that markdown-it parses as the renderer does: a directive's fence, argument and option lines are blanked
(their body becomes top-level Markdown), and the first column of each body line of an
indented block becomes ``>`` (a block quote holds the body as Markdown; the note builder
blanks ``>`` prefixes inside math). Only the parse sees this text; findings point into the
original at the same offsets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

#: ``!!! note "Title"``, ``??? tip``, ``???+ warning``, ``=== "Tab"``: Python-Markdown blocks
#: whose body is the following lines indented by four more spaces.
_INDENTED_OPENER = re.compile(r"^([ ]*)(?:!!!|\?\?\?\+?|===\+?)[ \t]+\S[^\n]*$", re.M)
#: An option line of a directive (``:class: tip``).
_OPTION = re.compile(r"[ \t>]*:[\w-]+:[^\n]*$")


@functools.cache
def _literal_directives() -> frozenset[str]:
    from notelint import data

    return frozenset(data.load("directives")["literal"])


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, the end before its newline."""
    out = []
    at = 0
    for line in text.split("\n"):
        out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def _blank(chars: list[str], start: int, end: int) -> None:
    """Blank a line from its first character past the container prefix (indentation, ``>``,
    a list marker stays: ``- ```{note}`` keeps its item)."""
    m = _CONTAINER_PREFIX.match("".join(chars[start:end]))
    for i in range(start + (m.end() if m else 0), end):
        chars[i] = " "


#: What may precede a block's own text on its line: indentation, ``>``, list markers.
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")


@functools.cache
def _languages() -> frozenset[str]:
    from notelint import data

    return frozenset(data.load("directives").get("languages", []))


def unwrap_directives(text: str, parse: Callable[[str], list[Token]]) -> tuple[str, list[Token]]:
    """MyST: blank the fence, argument and option lines of every directive fence whose body
    is Markdown (not in ``data/directives.toml``'s ``literal`` list), so the body is parsed as
    Markdown; a directive nested in such a body is unwrapped on the next parse. Returns the
    text and its tokens (``parse(text)``)."""
    tokens = parse(text)
    if "{" not in text and ":::" not in text:
        return text, tokens
    literal = _literal_directives()
    lines = _lines(text)
    for _ in range(_MAX_NESTING):
        fences = [t for t in tokens if t.map is not None and _markdown_body(t, literal)]
        if not fences:
            break
        chars = list(text)
        for token in fences:
            assert token.map is not None
            first, end = token.map
            close = end - 1
            closed = close > first and text[lines[close][0] : lines[close][1]].strip().startswith(
                token.markup
            )
            body_end = close if closed else end
            body = first + 1
            if body < body_end and text[lines[body][0] : lines[body][1]].strip() == "---":
                yaml_end = next(
                    (
                        k
                        for k in range(body + 1, body_end)
                        if text[lines[k][0] : lines[k][1]].strip() == "---"
                    ),
                    None,
                )
                if yaml_end is not None:
                    for k in range(body, yaml_end + 1):
                        _blank(chars, *lines[k])
                    body = yaml_end + 1
            while body < body_end and _OPTION.match(text, lines[body][0], lines[body][1]):
                _blank(chars, *lines[body])
                body += 1
            _blank(chars, *lines[first])
            if closed:
                _blank(chars, *lines[close])
        text = "".join(chars)
        tokens = parse(text)
    return text, tokens


#: How deep directives nest inside one another (an admonition in a tab in a grid…).
_MAX_NESTING = 4


def _markdown_body(token: Token, literal: frozenset[str]) -> bool:
    """A fence that is a MyST directive (```` ```{name} ````) whose body is Markdown, or a
    colon fence (``:::{note}``, and ``::: {.callout}``, a pandoc div to the eye) that is not
    a code or math directive."""
    if token.type not in ("fence", "colon_fence"):
        return False
    m = re.match(r"\{([^{}\s]+)\}", token.info.strip())
    if token.type == "colon_fence":
        return m is None or m.group(1) not in literal
    if m is None or m.group(1) in literal:
        return False
    # ```{runblock} pycon: a directive of an extension whose argument names a language, or whose
    # body opens with a prompt, runs or shows code
    argument = token.info.strip()[m.end() :].split()
    if argument and argument[0].lower() in _languages():
        return False
    first = next((line.strip() for line in token.content.splitlines() if line.strip()), "")
    return not first.startswith((">>>", "In [", "$ "))


def unwrap_indented_blocks(text: str) -> str:
    """Python-Markdown: the body of ``!!! note``/``??? tip``/``=== "Tab"`` blocks (the lines
    after the opener indented four spaces more than it, and the blank lines between them)
    becomes a block quote: ``>`` in the first column of its indentation."""
    if not _INDENTED_OPENER.search(text):
        return text
    chars = list(text)
    lines = _lines(text)
    starts = {s: i for i, (s, _) in enumerate(lines)}
    changed = False
    for m in _INDENTED_OPENER.finditer(text):
        first = starts.get(m.start())
        if first is None:
            continue
        indent = len(m.group(1))
        prefix = " " * (indent + 4)
        body_lines = []
        k = first + 1
        while k < len(lines):
            line = text[lines[k][0] : lines[k][1]]
            if line.startswith(prefix):
                body_lines.append(k)
            elif line.strip():
                break
            k += 1
        for k in body_lines:
            chars[lines[k][0] + indent] = ">"
            changed = True
    return "".join(chars) if changed else text


#: A Logseq page whose top block is a heading written without its bullet (``# Title``, then
#: maybe ``key:: value`` properties) and whose child blocks are tab-indented bullets.
_OUTLINE_HEADING = re.compile(r"^(#{1,6})(?=[ \t]+\S[^\n]*\n(?:[\w-]+::[^\n]*\n)*\t+[-*+][ \t])", re.M)


def unwrap_outline_heading(text: str) -> str:
    """Logseq: a top block written as a bare heading (``# Title``) holds the tab-indented
    blocks below it; to CommonMark a tab-indented ``- item`` after a heading is indented code,
    so none of their math would be read. The heading's ``#`` run becomes a list marker (``-``
    and blanks, same length): the children nest under it as Logseq shows them."""
    if "\n\t" not in text:
        return text
    return _OUTLINE_HEADING.sub(lambda m: "-" + " " * (len(m.group(1)) - 1), text)
