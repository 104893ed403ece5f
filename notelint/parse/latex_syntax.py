"""LaTeX well-formedness of math spans: errors at the offending character, as file offsets.

A small scanner over the math source (the same source pylatexenc parses) that finds what
MathJax, KaTeX and LaTeX all reject: unbalanced braces, ``\\left`` without ``\\right`` (and
the reverse), ``\\begin``/``\\end`` mismatch, a ``\\`` at the very end, a missing argument of
``\\frac``/``\\sqrt``/``^``/``_``, a double superscript or subscript, and a ``$`` that opens
math and never closes. What it cannot judge (unknown macros, user definitions) it accepts:
every error it reports must be a real one.

A little over 600 lines: one scanner, whose checks share its position state and its messages
(each says what the renderers do with the form); split, each part would re-walk the source.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelint.math.reading.vocabulary import vocabulary
from notelint.note import Facet
from notelint.parse.latex_scan import brace_pairs, mathjax_inline_end

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note

_NAME = re.compile(r"[A-Za-z]+")
_BEGIN_END = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")
_ENV = re.compile(r"\s*\{([^{}]*)\}")
#: Macros whose arguments are mandatory: name → count.
_ARGS = {
    "frac": 2,
    "dfrac": 2,
    "tfrac": 2,
    "cfrac": 2,
    "binom": 2,
    "dbinom": 2,
    "tbinom": 2,
    "sqrt": 1,
    "overline": 1,
    "underline": 1,
    "hat": 1,
    "widehat": 1,
    "tilde": 1,
    "widetilde": 1,
    "bar": 1,
    "vec": 1,
    "dot": 1,
    "ddot": 1,
    "mathbf": 1,
    "mathrm": 1,
    "mathbb": 1,
    "mathcal": 1,
    "boldsymbol": 1,
    "text": 1,
    "operatorname": 1,
    "underbrace": 1,
    "overbrace": 1,
}
#: Macros whose argument is text, not math: ``$``, ``_`` and ``^`` inside are not math errors.
_TEXT_MACROS = {
    "text",
    "textrm",
    "textbf",
    "textit",
    "textsf",
    "texttt",
    "textnormal",
    "mbox",
    "hbox",
    "mathrm",
    "operatorname",
    "label",
    "tag",
    "href",
    "url",
    "textup",
    "textsc",
    "emph",
    "intertext",
    "shortintertext",
    "fbox",
    "verb",
    "ref",
    "eqref",
    "color",
    "textcolor",
    "begin",
    "end",
    "mathtt",
    "unicode",
    "class",
    "cssId",
    "style",
    "require",
}
#: Box macros whose text argument comes after others (``\\colorbox{yellow}{$w$}``: a colour first):
#: how many ``{…}`` arguments to pass (``[…]`` options are passed too) before the text one.
_TEXT_AFTER_ARGUMENTS = {
    "colorbox": 1,
    "fcolorbox": 2,
    "raisebox": 1,
    "parbox": 1,
    "makebox": 0,
    "framebox": 0,
}
#: Delimiters allowed after ``\\left``/``\\right``/``\\middle`` as a control word.
_DELIM_WORDS = {
    "langle",
    "rangle",
    "lvert",
    "rvert",
    "lVert",
    "rVert",
    "vert",
    "Vert",
    "lfloor",
    "rfloor",
    "lceil",
    "rceil",
    "lbrace",
    "rbrace",
    "lbrack",
    "rbrack",
    "uparrow",
    "downarrow",
    "updownarrow",
    "Uparrow",
    "Downarrow",
    "Updownarrow",
    "backslash",
    "lgroup",
    "rgroup",
    "lmoustache",
    "rmoustache",
    "llbracket",
    "rrbracket",
    "ulcorner",
    "urcorner",
    "llcorner",
    "lrcorner",
    "lparen",
    "rparen",
    "mid",
    "|",
    "lt",
    "gt",
    "llangle",
    "rrangle",
}


#: An HTML character reference (``&amp;``, ``&lt;``, ``&#38;``): math copied from HTML.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
#: The macro right before a group's ``{`` (``\pmatrix {``).
_MACRO_BEFORE = re.compile(r"\\([A-Za-z]+)\s*\Z")
MISPLACED_AMPERSAND = (
    '`&` outside an alignment environment: MathJax and KaTeX show an error ("Misplaced &"); '
    "put the rows in `\\begin{aligned}…\\end{aligned}` (or drop the `&`)"
)


@functools.cache
def _alignment_macros() -> frozenset[str]:
    from notelint import data

    return frozenset(data.load("latex")["alignment"]["macros"])


@dataclass(frozen=True)
class LatexError:
    """A LaTeX syntax error at its offset in the math source (NL210)."""

    #: Offset into the math source (add ``MathSpan.content_start`` for the file offset).
    offset: int
    length: int
    message: str


class _Scanner:
    def __init__(self, latex: str) -> None:
        self.s = latex
        self.n = len(latex)
        self.errors: list[LatexError] = []
        self.closing = brace_pairs(latex)

    def error(self, offset: int, length: int, message: str) -> None:
        self.errors.append(LatexError(offset, length, message))

    def skip_space(self, i: int) -> int:
        s = self.s
        while i < self.n:
            if s[i] in " \t\n\r":
                i += 1
            elif s[i] == "%":
                j = s.find("\n", i)
                i = self.n if j < 0 else j + 1
            else:
                break
        return i

    def read_arg(self, i: int) -> int | None:
        """End of one argument starting at ``i`` (after spaces), or None when there is none."""
        i = self.skip_space(i)
        if i >= self.n:
            return None
        c = self.s[i]
        if c == "{":
            j = self.match_group(i)
            return self.n if j < 0 else j + 1  # an unclosed group is reported as a brace error
        if c in "}&^_$#":
            return None
        if c == "\\":
            m = _NAME.match(self.s, i + 1)
            if m:
                return m.end()
            if i + 1 < self.n:
                if self.s[i + 1] == "\\":
                    return None
                return i + 2
            return None
        return i + 1

    def skip_box_arguments(self, i: int, groups: int) -> int:
        """Where a box macro's text argument starts: past ``[…]`` options and ``groups`` groups."""
        i = self.skip_space(i)
        while i < self.n:
            if self.s[i] == "[":
                k = self.s.find("]", i)
                if k < 0:
                    return i
                i = self.skip_space(k + 1)
            elif self.s[i] == "{" and groups > 0:
                close = self.match_group(i)
                if close < 0:
                    return i
                groups -= 1
                i = self.skip_space(close + 1)
            else:
                return i
        return i

    def misplaced_ampersand(self, i: int, braces: list[int]) -> bool:
        """``&`` at ``i``, outside every environment, is no alignment tab: not an HTML entity
        (``&amp;``, ``&#38;`` in math taken from HTML) nor inside the argument of a plain-TeX
        alignment macro (``\\pmatrix{a & b}``)."""
        if _ENTITY.match(self.s, i):
            return False
        for open_at in braces:
            m = _MACRO_BEFORE.search(self.s, max(0, open_at - 40), open_at)
            if m and m.group(1) in _alignment_macros():
                return False
        return True

    def match_group(self, i: int) -> int:
        """The ``}`` closing the ``{`` at ``i``, or -1 (precomputed: nesting stays linear)."""
        return self.closing.get(i, -1)

    def scan(self) -> list[LatexError]:
        s = self.s
        braces: list[int] = []
        envs: list[tuple[str, int, int]] = []
        #: open \left: (offset, brace depth, environment depth)
        lefts: list[tuple[int, int, int]] = []
        #: where a script (^ or _) last ended, per brace depth: (kind, end offset)
        last_script: dict[int, tuple[str, int]] = {}
        text_until = -1
        i = 0
        while i < self.n:
            c = s[i]
            in_text = i < text_until
            if c == "%":
                if i and s[i - 1].isdigit() and not in_text:
                    self.error(i, 1, _PERCENT)
                j = s.find("\n", i)
                i = self.n if j < 0 else j + 1
                continue
            if c == "{":
                braces.append(i)
                i += 1
                continue
            if c == "}":
                if not braces:
                    self.error(i, 1, "unbalanced brace: `}` closes no `{`")
                else:
                    open_at = braces.pop()
                    depth = len(braces) + 1
                    while lefts and lefts[-1][1] >= depth and lefts[-1][0] > open_at:
                        left_at = lefts.pop()[0]
                        self.error(left_at, 5, "`\\left` without a matching `\\right` in its group")
                    last_script.pop(depth, None)
                i += 1
                continue
            if c in "^_" and not in_text:
                depth = len(braces)
                arg_end = self.read_arg(i + 1)
                if arg_end is None:
                    self.error(i, 1, f"`{c}` has no {'superscript' if c == '^' else 'subscript'} argument")
                    i += 1
                    continue
                kind = "superscript" if c == "^" else "subscript"
                prev = last_script.get(depth)
                if prev is not None and prev[0] == kind and s[prev[1] : i].strip() == "":
                    example = "{x^a}^b" if c == "^" else "{x_a}_b"
                    self.error(i, 1, f"double {kind}: use braces, e.g. `{example}`")
                # look at the argument for nested structure: scan it normally
                last_script[depth] = (kind, arg_end)
                if s[self.skip_space(i + 1)] == "{":
                    i = self.skip_space(i + 1)
                    continue
                if s[self.skip_space(i + 1)] == "\\":
                    # a macro argument: let the main loop read it
                    i = self.skip_space(i + 1)
                    last_script[depth] = (kind, arg_end)
                    continue
                i = arg_end
                continue
            if c == "\\":
                if i + 1 >= self.n:
                    self.error(i, 1, "a lone `\\` ends the math")
                    break
                m = _NAME.match(s, i + 1)
                if not m:
                    i += 2
                    continue
                name = m.group(0)
                end = m.end()
                if name in ("begin", "end"):
                    env = _ENV.match(s, end)
                    if env is None:
                        self.error(i, end - i, f"`\\{name}` without an environment name")
                        i = end
                        continue
                    env_name = env.group(1).strip()
                    if name == "begin":
                        envs.append((env_name, i, len(braces)))
                    else:
                        if not envs:
                            self.error(
                                i, env.end() - i, f"`\\end{{{env_name}}}` without a matching `\\begin`"
                            )
                        elif envs[-1][0] != env_name:
                            opened = envs[-1][0]
                            self.error(
                                i,
                                env.end() - i,
                                f"`\\end{{{env_name}}}` does not match `\\begin{{{opened}}}`",
                            )
                            # recover: pop up to a matching begin when there is one
                            names = [e[0] for e in envs]
                            if env_name in names:
                                while envs and envs[-1][0] != env_name:
                                    envs.pop()
                            envs.pop()  # the mismatched \end closes the innermost \begin
                        else:
                            envs.pop()
                    i = env.end()
                    continue
                if name in ("left", "right", "middle") and not in_text:
                    j = self.skip_space(end)
                    ok = False
                    delim_end = j + 1
                    if j < self.n:
                        d = s[j]
                        if d in "()[]|./<>":
                            ok = True
                        elif d == "\\" and j + 1 < self.n:
                            m2 = _NAME.match(s, j + 1)
                            if m2:
                                ok = m2.group(0) in _DELIM_WORDS or m2.group(0) in ("langle", "rangle")
                                delim_end = m2.end()
                            else:
                                ok = s[j + 1] in "{}|"
                                delim_end = j + 2
                    if not ok:
                        if j >= self.n or s[j] in "}{^_&" or s[j].isalnum():
                            self.error(i, end - i, f"`\\{name}` is not followed by a delimiter")
                            if name == "right" and lefts and lefts[-1][1] == len(braces):
                                lefts.pop()  # a malformed \right still closes its \left
                        i = end
                        continue
                    if name == "left":
                        lefts.append((i, len(braces), len(envs)))
                    elif name == "right":
                        if lefts and lefts[-1][1] == len(braces):
                            lefts.pop()
                        elif not lefts or lefts[-1][1] < len(braces):
                            self.error(i, end - i, "`\\right` without a matching `\\left`")
                        else:
                            lefts.pop()
                    i = delim_end
                    continue
                if name in vocabulary().definers:
                    # \newcommand{\l}{\left(}: the body is a fragment, not math to check.
                    j = end
                    for arg_index in range(4):
                        j = self.skip_space(j)
                        if j < self.n and s[j] == "*":
                            j += 1
                            continue
                        if j < self.n and s[j] == "[":
                            k = s.find("]", j)
                            j = k + 1 if k > 0 else j + 1
                            continue
                        if j < self.n and s[j] == "\\" and arg_index == 0:
                            m3 = _NAME.match(s, j + 1)
                            j = m3.end() if m3 else j + 2
                            continue
                        if j < self.n and s[j] == "{":
                            close = self.match_group(j)
                            if close < 0:
                                break
                            j = close + 1
                            continue
                        break
                    i = j
                    continue
                if name in _TEXT_AFTER_ARGUMENTS:
                    j = self.skip_box_arguments(end, _TEXT_AFTER_ARGUMENTS[name])
                    if j < self.n and s[j] == "{":
                        close = self.match_group(j)
                        if close > 0:
                            text_until = max(text_until, close)
                if name in _TEXT_MACROS:
                    j = self.skip_space(end)
                    if name == "verb":
                        # \verb|a{|: everything up to the delimiter's next occurrence is literal
                        k = end + 1 if end < self.n and s[end] == "*" else end
                        close = s.find(s[k], k + 1) if k < self.n and not s[k].isspace() else -1
                        i = close + 1 if close > 0 else end
                        continue
                    if j < self.n and s[j] == "{":
                        close = self.match_group(j)
                        if close > 0 and name not in ("begin", "end"):
                            text_until = max(text_until, close)
                if name in _ARGS and not in_text:
                    j = end
                    if name == "sqrt":
                        j = self.skip_space(j)
                        if j < self.n and s[j] == "[":
                            k = s.find("]", j)
                            j = k + 1 if k > 0 else j
                    for _ in range(_ARGS[name]):
                        arg = self.read_arg(j)
                        if arg is None:
                            self.error(i, end - i, f"`\\{name}` is missing an argument")
                            break
                        j = arg
                i = end
                continue
            if c == "$" and not in_text:
                self.error(i, 1, "`$` inside math: math delimiters do not nest")
                i += 1
                continue
            if c == "&" and not envs and not in_text and self.misplaced_ampersand(i, braces):
                self.error(i, 1, MISPLACED_AMPERSAND)
            i += 1
        for open_at in braces:
            self.error(open_at, 1, _UNCLOSED_BRACE)
        for name, at, _depth in envs:
            self.error(at, len(name) + 8, f"`\\begin{{{name}}}` without a matching `\\end{{{name}}}`")
        for at, _d, _e in lefts:
            self.error(at, 5, "`\\left` without a matching `\\right`")
        return sorted(self.errors, key=lambda e: e.offset)


def check_latex(latex: str) -> list[LatexError]:
    """Syntax errors in a math source (offsets into ``latex``)."""
    return _Scanner(latex).scan()


@dataclass(frozen=True)
class MathError:
    """An error located in the file: ``start``/``end`` are offsets into ``Note.text``."""

    start: int
    end: int
    message: str
    math: MathSpan | None = None


_DOLLARS = re.compile(r"\$\$|\$")
_MATHY = re.compile(r"\\[A-Za-z]+|[\^_]\{|[\^_][A-Za-z0-9]")


def latex_errors(note: Note) -> list[MathError]:
    """Every LaTeX syntax error of the note, at the offending character."""
    out: list[MathError] = []
    # A macro defined to hold half a pair (\newcommand{\l}{\left(}) hides the other half.
    hidden = {
        word
        for groups in _DEFINED_BODY.findall(note.text)
        for body in groups
        for word in ("left", "right", "begin", "end")
        if "\\" + word in body
    }
    myst = note.dialect is not None and note.dialect.dialect.name == "myst"
    for math in note.math:
        if not _checkable(note, math):
            continue
        for err in check_latex(math.latex):
            if any(f"\\{word}" in err.message for word in hidden):
                continue
            if err.message == MISPLACED_AMPERSAND and myst and math.kind != "inline":
                continue  # Sphinx wraps every display of a MyST note in \begin{split}
            if (
                err.message.startswith("`$` inside math")
                and (err.offset == 0 or err.offset == len(math.latex) - 1)
                and math.delimiter == "$$"
            ):
                continue  # $$$…$$$: a run of dollars whose pairing renderers disagree on
            start = math.content_start + err.offset
            message = err.message
            if message == _UNCLOSED_BRACE and _closed_inside_braces(note, math):
                message += _NESTED_DOLLAR
            if message.startswith("a lone") and math.delimiter in ("\\(", "\\["):
                closer = "\\)" if math.delimiter == "\\(" else "\\]"
                message = f"`{math.delimiter}` is closed by `\\{closer}`: the math delimiters do not match"
            out.append(MathError(start, start + err.length, message, math))
    out.extend(_unclosed_dollars(note))
    out.extend(_unclosed_environments(note))
    out.extend(_brackets_not_math(note))
    out.sort(key=lambda e: e.start)
    return out


_UNCLOSED_BRACE = "unbalanced brace: `{` is never closed"
#: ``85%``: a percent sign, which TeX reads as a comment to the end of the line
_PERCENT = "`%` starts a TeX comment, so the percent sign and the rest of its line are not shown: write `\\%`"
_NESTED_DOLLAR = (
    ": the `$` inside it closes the math, as this dialect's Markdown reads `$…$` (MathJax and KaTeX"
    " page scripts would step over it); write the words without inner dollars (`\\text{if } x > 0`)"
)


def _closed_inside_braces(note: Note, math: MathSpan) -> bool:
    """A ``$…$`` closed by a ``$`` its author wrote inside braces (``$1 \\text{ if $x > 0$} 0$``):
    read as MathJax reads the page, the formula goes on past that ``$``, within its paragraph."""
    if math.delimiter != "$":
        return False
    paragraph_end = note.text.find("\n\n", math.start)
    found = mathjax_inline_end(note.text, math.start, None if paragraph_end < 0 else paragraph_end)
    return found is not None and found[1] and found[0] > math.content_end


_DEFINED_BODY = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand)\*?\s*\{?\s*\\[A-Za-z]+\s*\}?"
    r"(?:\s*\[[^\]]*\])*\s*\{([^\n]*)\}|\\[gex]?def\s*\\[A-Za-z]+[^{\n]*\{([^\n]*)\}"
)
_PROSE_BEGIN = re.compile(r"^[ \t>]*\\begin\{([A-Za-z]+\*?)\}", re.MULTILINE)


def _unclosed_environments(note: Note) -> list[MathError]:
    """A ``\\begin{align}`` line left in prose because no ``\\end{align}`` follows it anywhere."""
    from notelint.parse.equations import NUMBERED_ENVIRONMENTS

    text = note.text
    out: list[MathError] = []
    for prose in note.prose:
        for m in _PROSE_BEGIN.finditer(text, prose.start, prose.end):
            name = m.group(1)
            if name.rstrip("*") not in NUMBERED_ENVIRONMENTS or _myst_comment_line(note, m.start(1)):
                continue
            if "\\end{" + name + "}" in text[m.end() :]:
                continue
            at = m.start(1) - len("\\begin{")
            out.append(MathError(at, m.end(), f"`\\begin{{{name}}}` without a matching `\\end{{{name}}}`"))
    return out


def _myst_comment_line(note: Note, offset: int) -> bool:
    """The line holding ``offset`` is a MyST comment (``%`` first): renderers drop it."""
    line_start = note.text.rfind("\n", 0, offset) + 1
    return note.text[line_start : offset + 1].lstrip().startswith("%")


def _checkable(note: Note, math: MathSpan) -> bool:
    """Math whose extent notelint is sure of; anything else is not judged."""
    if _myst_comment_line(note, math.start):
        return False
    if math.kind == "environment":
        # mdit's amsmath block runs to the first line *ending* with \end{env}: an environment
        # opened inside a paragraph may swallow prose. Judge it only when it ends at its \end.
        latex = math.latex
        depth = 0
        for m in _BEGIN_END.finditer(latex):
            depth += 1 if m.group(1) == "begin" else -1
            if depth == 0:
                return not latex[m.end() :].strip()
        return True
    return True


def _unclosed_dollars(note: Note) -> list[MathError]:
    """A ``$$`` or ``$`` in prose, before math-like text, that markdown could not close.

    Not a single ``$`` under kramdown: kramdown has no ``$…$``, and whether the page's
    MathJax reads one is the site's configuration, not the note's.
    """
    text = note.text
    out: list[MathError] = []
    dialect = note.dialect.dialect if note.dialect is not None else None
    if dialect is not None and dialect.dollars == "none":
        return out
    single = dialect is None or (dialect.single_dollar and dialect.dollars != "kramdown")
    for prose in note.prose:
        chunk = text[prose.start : prose.end]
        for m in _DOLLARS.finditer(chunk):
            if _escaped(chunk, m.start()):
                continue
            at = prose.start + m.start()
            if _myst_comment_line(note, at):
                continue
            rest = chunk[m.end() :]
            if m.group(0) == "$$":
                if _MATHY.search(rest[:200]) or "=" in rest[:80]:
                    out.append(MathError(at, at + 2, "`$$` opens display math that is never closed"))
                continue
            if not single:
                continue
            line = rest.split("\n", 1)[0]
            if not line[:1] or line[:1].isspace() or line[:1].isdigit() or "$" in rest:
                continue
            if m.start() and chunk[m.start() - 1] in _IDENTIFIER:
                continue  # R's df$x_1, a currency US$: part of a name, no formula opens there
            if _MATHY.search(line[:40]) and not _swallowed(note, at):
                out.append(MathError(at, at + 1, "`$` opens math that is never closed"))
    return out


_IDENTIFIER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_PROSE_BRACKET = re.compile(r"(?<!\\)\\\(([^\n]+?)\\\)")


def _brackets_not_math(note: Note) -> list[MathError]:
    """A stray ``\\(…\\)`` in a dialect where it is no math delimiter (pandoc, GitHub, kramdown…).

    Markdown reads ``\\(`` as an escaped ``(``: the formula shows as raw text (and breaks a
    pandoc LaTeX build). Reported only when the note's other math uses the dialect's own
    delimiters and such pairs are a stray few (at most 2, and fewer than a tenth of the
    math): a note written in ``\\(`` throughout is rendered by something that reads it.
    """
    dialect = note.dialect.dialect if note.dialect is not None else None
    if dialect is None or dialect.brackets or dialect.escaped_prose or dialect.name == "commonmark":
        return []
    text = note.text
    found: list[tuple[int, int]] = []
    for prose in note.prose:
        for m in _PROSE_BRACKET.finditer(text, prose.start, prose.end):
            if _MATHY.search(m.group(1)) and not _myst_comment_line(note, m.start()):
                found.append((m.start(), m.end()))
    if not found or len(found) > 2 or len(found) * 10 >= len(note.math):
        return []
    fix = "write `\\\\(…\\\\)` or `$$…$$`" if dialect.escaped_brackets else "write `$…$`"
    return [
        MathError(
            start,
            start + 2,
            f"`\\(` is not a math delimiter in {dialect.name} Markdown: it renders as `(` and the "
            f"formula as plain text; {fix}",
        )
        for start, _end in found
    ]


def _swallowed(note: Note, offset: int) -> bool:
    """An environment block that may have swallowed this ``$``'s closing partner follows it."""
    text = note.text
    blank = text.find("\n\n", offset)
    limit = len(text) if blank < 0 else blank
    return any(
        offset < m.start < limit and m.kind == "environment" and not _checkable(note, m) for m in note.math
    )


def _escaped(chunk: str, i: int) -> bool:
    backslashes = 0
    while i > 0 and chunk[i - 1] == "\\":
        backslashes += 1
        i -= 1
    return backslashes % 2 == 1


LATEX_ERRORS: Facet[list[MathError]] = Facet(
    "latex-errors", latex_errors, "LaTeX syntax errors, at the offending character."
)
