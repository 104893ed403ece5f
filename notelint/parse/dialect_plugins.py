"""markdown-it rules for the math of dialects that mdit-py-plugins does not model.

mdit-py-plugins covers dollar math (dollarmath: spaces, digits, ``$$`` inside paragraphs,
MyST ``(label)``), amsmath environments and MyST roles; what it lacks, and what lives here:

- kramdown's ``$$`` (no single ``$`` at all; a ``$$`` block only between blank lines and
  closed by the *first* ``$$``; anywhere else ``$$…$$`` is inline math);
- GitHub's ``$`…`$`` inline math (``` ```math ``` fences are ordinary fences, read in note.py);
- a ``$$`` line that interrupts a paragraph (markdown-it-katex, Obsidian, VitePress and GitHub
  start display math there; dollarmath's block rule never interrupts a paragraph, so the two
  ``$$`` used to pair with later ones and prose became "math");
- dollarmath's escape test past the start of a paragraph (``escapes_stop_at_start``);
- pandoc's setext heading, whose text is one line (``single_line_setext``): CommonMark's takes a
  whole paragraph, so a ``=`` line inside pandoc's inline-level ``$$`` display made a heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from notelint.parse.latex_scan import mathjax_inline_end

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def _escaped(src: str, pos: int) -> bool:
    backslashes = 0
    while pos > 0 and src[pos - 1] == "\\":
        backslashes += 1
        pos -= 1
    return backslashes % 2 == 1


def _unescaped_double_dollars(text: str) -> int:
    count, at = 0, text.find("$$")
    while at >= 0:
        if not _escaped(text, at):
            count += 1
            at = text.find("$$", at + 2)
        else:
            at = text.find("$$", at + 1)
    return count


# -- a $$ block that may interrupt a paragraph ------------------------------------------------------
_LABEL = re.compile(r"\([^)$\r\n]+?\)")


def _closes_at_line_end(state: StateBlock, start_line: int, end_line: int, labels: bool) -> bool:
    """The first ``$$`` after the opener ends its line (or precedes a MyST ``(label)``).

    dollarmath looks for the first *line* ending in ``$$``; a ``$$`` in mid-line before it
    (``$$ where $a$ is …`` closing the display) already ends the math, and the block reading
    would pair the opener with a later display's closer and take the prose between as math.
    """
    src = state.src
    at = src.find("$$", state.bMarks[start_line] + state.tShift[start_line] + 2, state.eMarks[end_line - 1])
    while at >= 0 and _escaped(src, at):
        at = src.find("$$", at + 1, state.eMarks[end_line - 1])
    if at < 0:
        return True
    line_end = src.find("\n", at)
    rest = src[at + 2 : len(src) if line_end < 0 else line_end].strip()
    return not rest or (labels and _LABEL.fullmatch(rest) is not None)


def interrupting_block(rule: BlockRule, labels: bool) -> BlockRule:
    """``rule`` (dollarmath's block rule), also allowed to end a paragraph at a ``$$`` line.

    Only when the paragraph so far holds an even number of ``$$``: an odd count means this
    ``$$`` closes inline math opened on an earlier line of the paragraph. And only when the
    display closes at the end of a line (see ``_closes_at_line_end``); otherwise the ``$$``
    pair is read inline, in its paragraph.
    """

    def _rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if not state.src.startswith("$$", begin):
            return False
        if silent and state.parentType == "paragraph" and start_line > state.line:
            if state.sCount[start_line] < state.blkIndent:
                return False  # a lazy continuation line of a list item or quote: still its paragraph
            if _open_display(state, start_line)[0]:
                return False
        if not _closes_at_line_end(state, start_line, end_line, labels):
            return False
        if not silent:
            return rule(state, start_line, end_line, silent)
        # dollarmath's rule ignores ``silent`` (it was never a terminator): undo its push.
        tokens, line = len(state.tokens), state.line
        matched = rule(state, start_line, end_line, silent)
        del state.tokens[tokens:]
        state.line = line
        return matched

    return _rule


def single_line_setext(md: MarkdownIt) -> None:
    """A setext underline makes a heading of one line of text only, as in pandoc.

    CommonMark's rule takes every line of the paragraph above the underline; in pandoc the
    heading's text is the single line before it, else the paragraph goes on. A ``$$`` display,
    inline-level in pandoc, with an ``=`` on a line of its own (``A`` newline ``=`` newline
    ``b``) otherwise became a heading and the display "was never closed".
    """
    ruler = md.block.ruler
    index = ruler.__find__("lheading")
    if index < 0:
        return
    original = ruler.__rules__[index].fn

    def _rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        tokens, line, parent = len(state.tokens), state.line, state.parentType
        if not original(state, start_line, end_line, silent):
            state.parentType = parent
            return False
        if state.line == start_line + 2:
            return True
        del state.tokens[tokens:]
        state.line, state.parentType = line, parent
        return False

    ruler.at("lheading", _rule)


_PARAGRAPH_KEY = "notelint_paragraph_math"


def _open_display(state: StateBlock, start_line: int) -> tuple[int, int]:
    """(``$$`` parity, open ``\\[`` count) of the paragraph from its first line up to ``start_line``.

    Counted incrementally and kept in ``state.env``: markdown-it asks every line of a
    paragraph whether it ends the paragraph, and recounting from the paragraph's start
    each time is quadratic in its length.
    """
    cache: dict[int, tuple[int, int, int]] = state.env.setdefault(_PARAGRAPH_KEY, {})
    first, end = state.bMarks[state.line], state.bMarks[start_line]
    pos, parity, brackets = cache.get(first, (first, 0, 0))
    if end < pos:
        pos, parity, brackets = first, 0, 0
    segment = state.src[pos:end]
    parity = (parity + _unescaped_double_dollars(segment)) % 2
    brackets = max(0, brackets + segment.count("\\[") - segment.count("\\]"))
    cache[first] = (end, parity, brackets)
    return parity, brackets


def not_inside_display(md: MarkdownIt, name: str) -> None:
    """Block rule ``name`` may end a paragraph only outside open display math.

    amsmath ends a paragraph at a ``\\begin{align}`` line; after a ``$$`` line of that
    paragraph (``text:`` then ``$$`` then ``\\begin{align}``) the environment is inside the
    display, and ending the paragraph there pairs the two ``$$`` with later ones.
    """
    ruler = md.block.ruler
    index = ruler.__find__(name)
    if index < 0:
        return
    rule_fn = ruler.__rules__[index].fn
    alt = list(ruler.__rules__[index].alt)

    def _rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if silent and state.parentType == "paragraph" and start_line > state.line:
            if any(_open_display(state, start_line)):
                return False
        return rule_fn(state, start_line, end_line, silent)

    ruler.at(name, _rule, {"alt": alt})


def escapes_stop_at_start(md: MarkdownIt) -> None:
    """dollarmath's inline rule, without its misreading of a ``$`` at the start of the inline text.

    Its escape test counts the backslashes before a ``$`` walking back from it, and past the
    first character reads ``src[-1]``, the *last* one: a paragraph that opens with ``$`` and
    ends in a backslash (a hard line break ``\\`` on its last line, as in ``$L$: layers\\``)
    had its first ``$`` taken as escaped, and every later ``$`` paired with the wrong partner.
    With a character appended that is no backslash, nothing comes before the first.
    """
    ruler = md.inline.ruler
    index = ruler.__find__("math_inline")
    if index < 0:
        return
    rule_fn = ruler.__rules__[index].fn
    alt = list(ruler.__rules__[index].alt)

    def _rule(state: StateInline, silent: bool) -> bool:
        src = state.src
        if not src.endswith("\\") or src[: state.pos].strip("\\"):
            return rule_fn(state, silent)
        state.src = src + "\n"
        try:
            return rule_fn(state, silent)
        finally:
            state.src = src

    ruler.at("math_inline", _rule, {"alt": alt})


# -- kramdown -------------------------------------------------------------------------------------
def _mathjax_single_dollar(state: StateInline, silent: bool) -> bool:
    """``$…$`` that kramdown leaves as text and MathJax/KaTeX in the page renders (when the
    site enables single dollars): read only in its tight form, ``$x$`` with no space inside
    and no digit after, on one line, so prices (``$5 and $10``) stay text."""
    src, pos = state.src, state.pos
    end = pos + 1
    while True:
        end = src.find("$", end)
        if end < 0 or not _escaped(src, end):
            break
        end += 1
    if end < 0 or end == pos + 1 or "\n" in src[pos:end]:
        return False
    content = src[pos + 1 : end]
    if content[0].isspace() or content[-1].isspace() or src[end + 1 : end + 2].isdigit():
        return False
    if src.startswith("$$", end):
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.markup = "$"
        token.content = content
    state.pos = end + 1
    return True


def _kramdown_inline(state: StateInline, silent: bool) -> bool:
    """``$$…$$`` anywhere in a paragraph, closed by the next ``$$`` (kramdown's /\\$\\$(.*?)\\$\\$/m)."""
    src, pos = state.src, state.pos
    if src[pos] != "$" or _escaped(src, pos):
        return False
    if not src.startswith("$$", pos):
        return _mathjax_single_dollar(state, silent)
    end = src.find("$$", pos + 2)
    if end < 0:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.markup = "$$"
        token.content = src[pos + 2 : end]
    state.pos = end + 2
    return True


def _kramdown_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A ``$$`` math block: ``$$`` first on a line after a block boundary, the first ``$$``
    after it last on its line, and a block boundary (blank line or end) after that."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("$$", begin):
        return False
    line = start_line
    close = state.src.find("$$", begin + 2, state.eMarks[line])
    while close < 0:
        line += 1
        if line >= end_line:
            return False
        line_begin = state.bMarks[line] + state.tShift[line]
        close = state.src.find("$$", line_begin, state.eMarks[line])
    if state.src[close + 2 : state.eMarks[line]].strip():
        return False  # text after the closing $$: a paragraph with inline math
    after = line + 1
    if after < end_line and not state.isEmpty(after) and state.sCount[after] >= state.blkIndent:
        return False  # no block boundary after it: inline math in a paragraph
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.markup = "$$"
    token.content = state.src[begin + 2 : close]
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


def kramdown_math_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "math_kramdown_inline", _kramdown_inline)
    md.block.ruler.before("fence", "math_kramdown_block", _kramdown_block)


# -- MathJax / KaTeX reading the page -------------------------------------------------------------
def _balanced_dollar_inline(state: StateInline, silent: bool) -> bool:
    """``$…$`` whose body holds a ``$`` inside braces (``$1 \\text{ if $x > 0$} 0$``), closed
    where the page's MathJax or KaTeX closes it: at the first ``$`` outside braces. Any other
    ``$`` is left to dollarmath, so only the nesting differs from it."""
    src, pos = state.src, state.pos
    if src[pos] != "$" or src.startswith("$$", pos) or _escaped(src, pos):
        return False
    found = mathjax_inline_end(src, pos)
    if found is None or not found[1] or found[0] == pos + 1:
        return False
    end = found[0]
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.markup = "$"
        token.content = src[pos + 1 : end]
    state.pos = end + 1
    return True


def _before_dollarmath(md: MarkdownIt, name: str, rule: Callable[[StateInline, bool], bool]) -> None:
    """Add an inline rule ahead of dollarmath's (or of ``escape`` when dollarmath is not on)."""
    anchor = "math_inline" if md.inline.ruler.__find__("math_inline") >= 0 else "escape"
    md.inline.ruler.before(anchor, name, rule)


def balanced_dollar_plugin(md: MarkdownIt) -> None:
    # Before dollarmath's rule, which closes at the first "$", nested or not.
    _before_dollarmath(md, "math_balanced_inline", _balanced_dollar_inline)


# -- GitHub ---------------------------------------------------------------------------------------
def _github_inline(state: StateInline, silent: bool) -> bool:
    """GitHub's ``$`…`$``: inline math written as a code span between dollars."""
    src, pos = state.src, state.pos
    if not src.startswith("$`", pos) or _escaped(src, pos):
        return False
    end = src.find("`$", pos + 2)
    if end < 0 or "\n\n" in src[pos:end]:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.markup = "$`"
        token.content = src[pos + 2 : end]
    state.pos = end + 2
    return True


def github_math_plugin(md: MarkdownIt) -> None:
    # Before dollarmath's rule, which would take the "$" of "$`" as an opening dollar.
    _before_dollarmath(md, "math_github_inline", _github_inline)


# -- block constructs that need a blank line before them -------------------------------------------
def blank_line_before(md: MarkdownIt, names: tuple[str, ...]) -> None:
    """``names`` (``list``, ``blockquote``) no longer interrupt a paragraph.

    pandoc wants a blank line before a list and before a block quote: a
    formula wrapped onto a line that starts ``+ b`` or ``> c`` goes on in the paragraph, where
    CommonMark starts a list there and leaves the ``$`` unclosed. A list inside a list item
    still nests without one (``- item`` then ``  - sub``), as in pandoc.
    """
    for rule in md.block.ruler.__rules__:
        if rule.name in names:
            md.block.ruler.at(rule.name, _not_interrupting(rule.fn, rule.name), {"alt": list(rule.alt)})


def _not_interrupting(rule: BlockRule, name: str) -> BlockRule:
    def _rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        # The paragraph rule asks its terminators in silent mode with parentType "paragraph".
        if silent and state.parentType == "paragraph" and not (name == "list" and state.listIndent >= 0):
            return False
        return rule(state, start_line, end_line, silent)

    return _rule
