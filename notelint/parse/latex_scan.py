"""The one loop every LaTeX brace scanner shares: skip escapes (``\\{``) and ``%`` comments; and
where the page's MathJax closes a ``$`` (braces balanced)."""

from __future__ import annotations

import re
from collections.abc import Iterator


def braces(latex: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Offsets of the ``{`` and ``}`` that group (not escaped, not inside a ``%`` comment)."""
    i, n = start, len(latex)
    while i < n:
        c = latex[i]
        if c == "\\":
            i += 2
            continue
        if c == "%":
            newline = latex.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if c == "{" or c == "}":
            yield i, c
        i += 1


def matching_brace(latex: str, open_at: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``open_at``, or -1."""
    depth = 0
    for i, c in braces(latex, open_at):
        depth += 1 if c == "{" else -1
        if depth == 0:
            return i
    return -1


def brace_pairs(latex: str) -> dict[int, int]:
    """``{`` offset → its ``}`` offset, for every matched group."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, c in braces(latex):
        if c == "{":
            stack.append(i)
        elif stack:
            pairs[stack.pop()] = i
    return pairs


def group_end(text: str, open_at: int, end: int | None = None) -> int | None:
    """Offset just past the ``}`` closing the ``{`` at ``open_at``, escapes (``\\{``) skipped
    and ``%`` read as text (for prose and macro bodies); None when ``end`` comes first."""
    stop = len(text) if end is None else end
    depth = 0
    i = open_at
    while i < stop:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


#: What MathJax's FindTeX steps over while it looks for the closing ``$``: a control word, an
#: escaped character, a brace (KaTeX auto-render's findEndOfMath does the same).
_MATHJAX_END_SCAN = re.compile(r"\$|\\[A-Za-z@]+|\\.|[{}]", re.DOTALL)


def mathjax_inline_end(src: str, start: int, limit: int | None = None) -> tuple[int, bool] | None:
    """Where the page's MathJax or KaTeX closes the ``$`` at ``start``: (offset of the closing
    ``$``, whether a ``$`` inside braces was stepped over), or None when none closes it before
    ``limit``."""
    depth, nested = 0, False
    end = len(src) if limit is None else limit
    for m in _MATHJAX_END_SCAN.finditer(src, start + 1, end):
        token_text = m.group()
        if token_text == "$":
            if depth == 0:
                return m.start(), nested
            nested = True
        elif token_text == "{":
            depth += 1
        elif token_text == "}" and depth:
            depth -= 1
    return None
