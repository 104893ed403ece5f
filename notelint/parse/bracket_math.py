"""A markdown-it plugin for ``\\(…\\)`` and ``\\[…\\]`` math, and their Markdown-escaped forms.

mdit-py-plugins' texmath plugin knows these delimiters, but its block tokens carry no
source map and it misses ``\\[…\\]`` inside a paragraph; notelint needs both. With
``escaped=True`` it also reads ``\\\\(…\\\\)`` and ``\\\\[…\\\\]``: Markdown turns ``\\\\`` into
``\\``, so MathJax in the rendered page (kramdown, Hugo, Hexo) sees ``\\(`` — texmath has no
such option.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

_PAIRS = {"\\(": ("\\)", "math_inline"), "\\[": ("\\]", "math_inline_double")}
_ESCAPED_PAIRS = {"\\\\(": ("\\\\)", "math_inline"), "\\\\[": ("\\\\]", "math_inline_double")}


def _inline_rule(state: StateInline, silent: bool) -> bool:
    opener = state.src[state.pos : state.pos + 2]
    if opener not in _PAIRS:
        return False
    closer, token_type = _PAIRS[opener]
    end = state.src.find(closer, state.pos + 2)
    if end < 0:
        return False
    if not silent:
        token = state.push(token_type, "math", 0)
        token.markup = opener
        token.content = state.src[state.pos + 2 : end]
    state.pos = end + 2
    return True


def _escaped_inline_rule(state: StateInline, silent: bool) -> bool:
    opener = state.src[state.pos : state.pos + 3]
    if opener not in _ESCAPED_PAIRS:
        return False
    closer, token_type = _ESCAPED_PAIRS[opener]
    end = state.src.find(closer, state.pos + 3)
    if end < 0:
        return False
    if not silent:
        token = state.push(token_type, "math", 0)
        token.markup = opener
        token.content = state.src[state.pos + 3 : end]
    state.pos = end + 3
    return True


def _block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    if state.src[begin : begin + 2] != "\\[":
        return False
    line = start_line
    first_end = state.eMarks[start_line]
    close = state.src.find("\\]", begin + 2, first_end)
    while close < 0:
        line += 1
        if line >= end_line:
            return False
        line_begin = state.bMarks[line] + state.tShift[line]
        if line_begin >= state.eMarks[line] and state.sCount[line] < state.blkIndent:
            return False
        close = state.src.find("\\]", line_begin, state.eMarks[line])
    # Only a block if nothing but space follows the closing bracket.
    line_end = state.eMarks[line]
    if state.src[close + 2 : line_end].strip():
        return False
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.markup = "\\["
    token.content = state.src[begin + 2 : close]
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


def bracket_math_plugin(md: MarkdownIt, single: bool = True, escaped: bool = False) -> None:
    """``single``: ``\\(``/``\\[`` are math; ``escaped``: ``\\\\(``/``\\\\[`` are math."""
    if escaped:
        md.inline.ruler.before("escape", "math_bracket_escaped", _escaped_inline_rule)
    if single:
        md.inline.ruler.before("escape", "math_bracket_inline", _inline_rule)
        md.block.ruler.before(
            "fence",
            "math_bracket_block",
            _block_rule,
            {"alt": ["paragraph", "reference", "blockquote", "list"]},
        )
