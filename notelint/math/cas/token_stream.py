"""The translator's cursor over a token tree (:class:`TokenStream`) and the small readers of
tokens the translator's modules share: the plain text of a token or group, a script's word,
splitting at a separator, matching brackets, the ``d`` of a differential.

Worker side: it reads the trees :mod:`notelint.math.reading.wire` built; it never parses LaTeX.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.math.cas.translator_vocabulary import GREEK

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Translator


from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from notelint.math.cas.translator_vocabulary import DECORATIONS, FONTS, LAW_FONTS
from notelint.math.checking.guards import Unsupported
from notelint.math.reading.mathtree import Node as Tok
from notelint.math.reading.mathtree import Tex


def at_top(p: TokenStream) -> bool:
    """``^\\top`` (or ``^T``, ``^{\\top}``) next in the stream."""
    if not p.at_char("^") or len(p.toks) <= p.i + 1:
        return False
    mark = p.toks[p.i + 1]
    inner = mark.children if mark.kind == "group" else [mark]
    return len(inner) == 1 and inner[0].value in ("top", "intercal", "T", "mathsf")


def starts_d(toks: list[Tok]) -> bool:
    t = toks[0]
    return (t.kind == "letter" and t.value == "d") or (t.kind == "macro" and t.value == "partial")


def is_tuple(toks: list[Tok]) -> bool:
    """Do the tokens of a parenthesis hold a comma at their own depth (``(a,b,c)``, not ``(Av)``)?"""
    depth = 0
    for t in toks:
        if t.kind == "char" and t.value in "([":
            depth += 1
        elif t.kind == "char" and t.value in ")]":
            depth -= 1
        elif t.kind == "char" and t.value == "," and depth == 0:
            return True
    return False


class TokenStream:
    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def current(self) -> Tok:
        """The next token, which the caller knows is there (after ``not done()``)."""
        if self.i >= len(self.toks):
            raise Unsupported("expression ends too early")
        return self.toks[self.i]

    def peek_kind(self) -> str | None:
        t = self.peek()
        return t.kind if t else None

    def next(self) -> Tok:
        if self.i >= len(self.toks):
            raise Unsupported("expression ends too early")
        t = self.toks[self.i]
        self.i += 1
        return t

    def at_char(self, c: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == "char" and t.value == c

    def at_macro(self, name: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == "macro" and t.value == name

    def take_arg(self) -> list[Tok] | None:
        """One macro argument: a group's tokens, or a single token (one digit of a number)."""
        t = self.peek()
        if t is None:
            return None
        self.i += 1
        if t.kind == "group":
            return t.children
        if t.kind == "num" and len(t.value) > 1:
            # \frac12: the argument is one digit; the rest stays in the stream
            first = Tok("num", t.value[0], t.pos, t.pos + 1)
            rest = Tok("num" if t.value[1].isdigit() else "char", t.value[1:], t.pos + 1, t.end)
            if rest.kind == "char":
                raise Unsupported("digit argument followed by a decimal point")
            self.i -= 1
            self.toks = [*self.toks[: self.i], first, rest, *self.toks[self.i + 1 :]]
            self.i += 1
            return [first]
        if t.kind == "macro" and t.value in FONTS | set(DECORATIONS) | {"mathbb", "operatorname"}:
            arg = self.take_arg()
            return [t, Tok("group", "{}", t.pos, t.end, arg or [])]
        return [t]

    def take_script(self, mark: str, peek_only_plain: bool = False) -> list[Tok] | None:
        if not self.at_char(mark):
            return None
        self.next()
        arg = self.take_arg()
        if arg is None:
            raise Unsupported(f"{mark} without argument")
        return arg


def group_word(t: Tok | None) -> str | None:
    """The letters of a one-word group (``{N}``, ``{Var}``) or a lone letter, else None."""
    if t is None:
        return None
    if t.kind == "letter":
        return t.value
    if t.kind == "group" and t.children and all(x.kind == "letter" for x in t.children):
        return "".join(x.value for x in t.children)
    return None


def script_word(toks: list[Tok]) -> str:
    """A subscript's text without font macros (``_{\\mathrm{F}}`` → ``F``, ``_\\infty`` → ``\\infty``)."""
    out = []
    for t in toks:
        if t.kind == "group":
            out.append(script_word(t.children))
        elif t.kind == "macro":
            if t.value not in FONTS and t.value not in ("text", "textrm", "rm", "operatorname"):
                out.append("\\" + t.value)
        else:
            out.append(t.value)
    return "".join(out)


def split_at(toks: list[Tok], pred: Any) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    for t in toks:
        if pred(t):
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def plain(t: Tok | None) -> str:
    if t is None:
        return ""
    if t.kind == "group":
        return plain_list(t.children)
    return t.value


def plain_list(toks: list[Tok]) -> str:
    return "".join(plain(t) if t.kind != "macro" else "\\" + t.value for t in toks)


def upright_d(toks: list[Tok]) -> list[Tok]:
    """``\\mathrm{d}``, ``\\mathrm d``, ``\\textrm{d}``, ``\\text{d}`` → the letter d of a differential."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.kind == "macro"
            and t.value in ("mathrm", "textrm", "text", "operatorname")
            and i + 1 < len(toks)
            and (
                (toks[i + 1].kind == "group" and plain_list(toks[i + 1].children) == "d")
                or (toks[i + 1].kind == "letter" and toks[i + 1].value == "d")  # \mathrm d
            )
        ):
            out.append(Tok("letter", "d", t.pos, toks[i + 1].end))
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def is_d(t: Tok) -> bool:
    # (an upright d is the letter d by now, upright_d; \mathrm{TP} is no differential)
    return (t.kind == "letter" and t.value == "d") or (t.kind == "macro" and t.value == "partial")


def diff_head(num: list[Tok]) -> tuple[int, list[Tok]] | None:
    """``d``, ``d^2``, ``\\partial``, ``\\partial^2 f`` at the start of a numerator."""
    if not num:
        return None
    t = num[0]
    rest = num[1:]
    if t.kind == "macro" and t.value == "mathrm":
        return None
    if not ((t.kind == "letter" and t.value == "d") or (t.kind == "macro" and t.value == "partial")):
        return None
    if t.kind == "letter" and rest and not (rest[0].kind == "char" and rest[0].value == "^"):
        # "dy" in a numerator: d followed by a letter is ambiguous (dy/dx of an undefined y)
        if len(num) > 1:
            return None
    order = 1
    if rest and rest[0].kind == "char" and rest[0].value == "^":
        if len(rest) < 2 or not plain(rest[1]).isdigit():
            return None
        order = int(plain(rest[1]))
        rest = rest[2:]
    return order, rest


def matching(toks: list[Tok], i: int) -> int:
    """Where the bracket opened at ``i`` closes: a ``[`` by its ``]``, anything else by the
    ``)`` of the parentheses from ``i`` on (``len(toks)`` when it never closes)."""
    square = i < len(toks) and toks[i].kind == "char" and toks[i].value == "["
    opening, closing = ("[", "]") if square else ("(", ")")
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "char" and t.value == opening:
            depth += 1
        elif t.kind == "char" and t.value == closing:
            depth -= 1
            if depth == 0:
                return j
    return len(toks)


# --------------------------------------------------------------------------------------------
# Tokens: the tree the linting process built (``notelint.math.reading.wire``) and sent with the text.
# The worker never parses LaTeX.
# --------------------------------------------------------------------------------------------
#: Tests only: how a plain string (no tree) is read when a test translates it in-process.
#: Never set in the worker, where a text without its tree is refused.
test_parser: Callable[[str], list[Tok]] | None = None


#: ``TP^2`` read as ``\mathrm{TP}^2``: a run of capitals written together taken as one name, as
#: notes write the counts TP, FP, FN (the verdicts try this reading before refuting a relation)
LETTER_RUNS_ARE_NAMES: ContextVar[bool] = ContextVar("LETTER_RUNS_ARE_NAMES", default=False)


def tokenize(latex: str) -> list[Tok]:
    """The tokens of ``latex`` from the tree it carries; positions are offsets into ``latex``."""
    if isinstance(latex, Tex):
        if latex.nodes is None:
            raise Unsupported(latex.error or "LaTeX does not parse")
        if _e_notation(latex.nodes):
            raise Unsupported("a number in E-notation (2.5e-4, 1.5\\mathrm{e}{-3}): 2.5·e−4 or 0.00025?")
        toks = _copy(latex.nodes)  # a fresh list per reading, as a parse gave
    elif test_parser is not None:
        toks = test_parser(latex)
    else:
        raise Unsupported("LaTeX without its tree (the linting process did not serialise it)")
    return _runs_as_names(toks) if LETTER_RUNS_ARE_NAMES.get() else toks


#: macros whose group is a name or a word already (``\mathrm{TP}``, ``\text{FP}``)
NAMING_MACROS = FONTS | LAW_FONTS | {"mathbb", "textbf", "textit"}


def capital_runs(nodes: list[Tok]) -> list[tuple[int, int]]:
    """Where two or more capital letters are written touching (``TP`` in ``2TP^2``): (first, past
    the last) indices into ``nodes``, at this depth only."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(nodes):
        j = i
        while j < len(nodes) and _capital(nodes[j]) and (j == i or nodes[j - 1].end == nodes[j].pos):
            j += 1
        if j - i >= 2 and not (i > 0 and _names_its_group(nodes[i - 1])):
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _capital(t: Tok) -> bool:
    return t.kind == "letter" and len(t.value) == 1 and t.value.isupper()


def _names_its_group(t: Tok) -> bool:
    """A script mark or a font/text macro: the group after it is a script or a name already."""
    return (t.kind == "char" and t.value in "_^") or (t.kind == "macro" and t.value in NAMING_MACROS)


def _runs_as_names(nodes: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    runs = dict(capital_runs(nodes))
    i = 0
    while i < len(nodes):
        if i in runs:
            letters = nodes[i : runs[i]]
            out.append(Tok("macro", "mathrm", letters[0].pos, letters[0].pos))
            out.append(Tok("group", "{}", letters[0].pos, letters[-1].end, letters))
            i = runs[i]
            continue
        t = nodes[i]
        if t.children and not (i > 0 and _names_its_group(nodes[i - 1])):
            t = Tok(t.kind, t.value, t.pos, t.end, _runs_as_names(t.children))
        out.append(t)
        i += 1
    return out


def _e_notation(nodes: list[Tok]) -> bool:
    r"""A number written in E-notation, as notes copy it from code: ``2.5e-4``, ``1e+3``,
    ``1.5\mathrm{e}{-3}``. Read as LaTeX it is 2.5·e−4, which the writer did not mean; which
    one is meant cannot be decided, so such a text is not translated. ``2e^{-x}`` and ``2e``
    are products."""
    for i, t in enumerate(nodes):
        if t.children and _e_notation(t.children):
            return True
        if t.kind == "num" and _exponent_after(nodes[i + 1 : i + 4], t.end):
            return True
    return False


def _exponent_after(rest: list[Tok], end: int) -> bool:
    r"""``e-4``, ``e+3``, ``e4`` touching the number that ends at ``end``, or ``\mathrm{e}{-3}``."""

    def signed(t: Tok) -> bool:
        return t.kind == "num" or (t.kind == "char" and t.value in "+-")

    if len(rest) >= 2 and rest[0].kind == "letter" and rest[0].value in "eE" and rest[0].pos == end:
        return rest[1].pos == rest[0].end and signed(rest[1])
    if (
        len(rest) == 3
        and rest[0].kind == "macro"
        and rest[0].value in ("mathrm", "text", "textrm", "mathit")
        and [c.value for c in rest[1].children] == ["e"]
    ):
        power = rest[2]
        first = power.children[0] if power.kind == "group" and power.children else power
        return power.pos == rest[1].end and signed(first)
    return False


def _copy(nodes: list[Tok]) -> list[Tok]:
    return [Tok(t.kind, t.value, t.pos, t.end, _copy(t.children)) for t in nodes]


def script_text(toks: list[Tok], tr: Translator) -> str:
    out = []
    for t in toks:
        if t.kind == "macro":
            out.append(GREEK.get(t.value, t.value))
        elif t.kind == "group":
            out.append(script_text(t.children, tr))
        else:
            out.append(t.value)
    return "".join(out)


def names_in(toks: list[Tok], tr: Translator) -> set[str]:
    out: set[str] = set()
    for t in toks:
        if t.kind == "letter":
            out.add(t.value)
        elif t.kind == "macro" and t.value in GREEK:
            out.add(GREEK[t.value])
        elif t.kind in ("group", "env"):
            out |= names_in(t.children, tr)
    return out
