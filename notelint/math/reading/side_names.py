"""What a relation's side names, read from its atoms (the claim classifier's name readers).

The classifier, the analysis and NL506 ask of a side's LaTeX: is it just a name (``J(w)``,
``\\hat{y}_i``, ``w^\\star``, ``\\sigma'(z)``), which name, is it a function applied to its
parameters (``S_\\tau(z)``), and does another text use that name. The answers are *text*: the
analysis keys its definition tables by the written name and substitutes it into jobs. Here
they are read from the atoms of :mod:`notelint.math.reading.atoms` (a primary with its
scripts and primes, a macro with its arguments), once per text, and names are compared by
their :func:`spelling` — the atoms written out canonically (no spaces or spacing and sizing
macros, ``\\hat{y}`` and ``\\hat y`` alike) — never by patterns over the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from notelint.data import load
from notelint.math.reading.atoms import Atom, build_atoms, matching_bracket, plain_text, read_text
from notelint.math.reading.tokens import tokenize_nodes
from notelint.parse.latex import parse_latex

_CLAIMS = load("claims")
#: functions and operators: a side starting with one computes something, it names nothing
_FUNCTION_MACROS = frozenset(_CLAIMS["function_macros"])
#: upright names of functions (``\\operatorname{tr}``, ``\\mathrm{KL}``)
_FUNCTION_NAMES = frozenset(_CLAIMS["function_names"])
#: macros that decorate or set one symbol (``\\hat w``, ``\\mathbf{x}``, ``\\operatorname{logit}``)
_DECORATIONS = frozenset(_CLAIMS["name_decorations"])
#: macros that write a name in a font or in words: their argument may be several letters
_WORD_FONTS = frozenset({"mathrm", "mathcal", "operatorname", "text", "mathit"})
#: what may mark a name as a particular one (``w^\\star``, ``x^{(i)}``, ``A^\\dagger``); a
#: transpose or a power other than the square is an operation, not part of a name
_NAME_MARKS = frozenset({"star", "ast", "prime", "dagger"})
#: spacing macros the atoms keep (a statement separator elsewhere): not part of a spelling
_SPACING = frozenset({"quad", "qquad"})
#: a name is short; a longer side is never bare
MAX_NAME = 200


@dataclass(frozen=True)
class SideName:
    """A side that just names something."""

    #: the symbol as written, without scripts (``J`` of ``J(w)``, ``\\hat{y}`` of ``\\hat{y}_i``)
    head: str
    #: the name a value is given to: written with its scripts (``p_2``, ``w^\\star``), without a
    #: square (``\\sigma^2`` names ``\\sigma``); a primed function by its base (``\\sigma'`` is
    #: computed from ``\\sigma``)
    name: str
    #: the name with its scripts and primes as written (``S_\\tau``, ``f'``): a function's head
    written: str
    #: primed (``f'(x)``, ``\\sigma'(z)``)
    primed: bool


@dataclass(frozen=True)
class SideReading:
    """The name facts of one LaTeX text."""

    #: the text is a bare name (:class:`SideName`), else None
    bare: SideName | None
    #: ``S_\\tau(z)``, ``f(x, y)``, ``\\sigma'(z)``: a name (with a subscript or primes, no
    #: superscript) applied to parameters that are each one name with at most a subscript:
    #: the name as written and the parameters as written; None otherwise. A function macro
    #: counts too (``\\log(x)``), as the definition tables have always read it
    function: tuple[str, tuple[str, ...]] | None
    #: the symbol the text starts with as written (``\\hat{y}`` of ``\\hat{y}_i + 1``); the whole
    #: text when it starts with something else
    head: str
    #: the name a text gives a value to, read up to its first parenthesis (:attr:`SideName.name`
    #: for a bare name)
    name: str
    #: the canonical spelling of the whole text
    spelling: str
    #: the spellings of every symbol it uses: each primary alone, with its subscript and with
    #: all its scripts, the letters of every name (``x`` of ``\\mathbf{x}``) and words written
    #: upright (``KL`` of ``\\mathrm{KL}``)
    uses: frozenset[str]


@functools.lru_cache(maxsize=65536)
def side_reading(latex: str) -> SideReading:
    """The name facts of a LaTeX text (a text that does not parse names nothing)."""
    stripped = latex.strip()
    read = read_text(latex)
    if read is None:
        written = "".join(latex.split())
        return SideReading(None, None, stripped, stripped, written, frozenset({written}))
    atoms = list(read)
    uses: set[str] = set()
    _uses(atoms, uses)
    first = atoms[0] if atoms and _is_name(atoms[0]) else None
    bare = _bare(atoms, latex) if len(latex) <= MAX_NAME else None
    return SideReading(
        bare=bare,
        function=_function(atoms, latex) if len(latex) <= MAX_NAME else None,
        head=latex[first.start : first.head_end].strip() if first is not None else stripped,
        name=(bare.name if bare is not None else _name_before_arguments(atoms, latex)) or stripped,
        spelling=spelling(atoms),
        uses=frozenset(uses),
    )


def spelling(atoms: list[Atom]) -> str:
    """Atoms written canonically: no spaces, spacing or sizing; one-token arguments and
    scripts without braces (``\\hat{y}_{i}`` and ``\\hat y_i`` are ``\\haty_i``)."""
    out: list[str] = []
    for a in atoms:
        if a.kind == "macro" and a.text in _SPACING:
            continue
        if a.kind == "macro":
            out.append("\\" + a.text + "".join(_argument(arg) for arg in a.args))
        elif a.kind == "group":
            out.append(_argument(a.inner))
        elif a.kind == "env":
            out.append(f"\\begin{{{a.text}}}{spelling(a.inner)}\\end{{{a.text}}}")
        else:
            out.append(a.text)
        out.append("'" * a.primes)
        if a.sub is not None:
            out.append("_" + _argument(a.sub))
        if a.sup is not None:
            out.append("^" + _argument(a.sup))
    return "".join(out)


def _argument(atoms: list[Atom]) -> str:
    if len(atoms) == 1 and _simple(atoms[0]):
        return spelling(atoms)
    return "{" + spelling(atoms) + "}"


def _simple(a: Atom) -> bool:
    """One token: a letter, digit or macro without arguments, scripts or primes."""
    plain = a.sub is None and a.sup is None and not a.primes
    return plain and (a.kind in ("letter", "digit") or (a.kind == "macro" and not a.args))


def _is_name(a: Atom) -> bool:
    """One symbol without its scripts: a letter, a macro (``\\alpha``), a macro setting one
    letter (``\\mathbb{R}``, ``\\hat{y}``), a decoration of one macro (``\\hat\\theta``), or a
    name in a font or in words (``\\operatorname{logit}``, ``\\hat{x_i}``)."""
    if a.kind == "letter":
        return True
    if a.kind != "macro" or not a.text.isalpha():
        return False
    if not a.args:
        return True
    if len(a.args) != 1 or not a.args[0]:
        return False
    arg = a.args[0]
    if len(arg) == 1 and arg[0].kind == "letter" and _simple(arg[0]):
        return True
    if a.text in _DECORATIONS and len(arg) == 1 and arg[0].kind == "macro" and _simple(arg[0]):
        return True
    if a.text in _DECORATIONS or a.text in _WORD_FONTS:
        return all(not x.args and not x.inner and x.kind != "group" for x in arg)
    return False


def _function_start(a: Atom) -> bool:
    """``\\log``, ``\\max``, ``\\frac``, ``\\operatorname{tr}``: a side starting with it computes."""
    if a.kind != "macro":
        return False
    if a.text in _FUNCTION_MACROS:
        return True
    return a.text in ("operatorname", "mathrm") and bool(a.args) and plain_text(a.args[0]) in _FUNCTION_NAMES


def _marks_a_name(sup: list[Atom]) -> bool:
    """``^\\star``, ``^*``, ``^{(i)}``, ``^{\\prime}``, ``^\\dagger``, ``^-``, ``^+``: a superscript
    that names (``P^-``, ``P^+``: a prior and a posterior; a sign alone is never an exponent)."""
    if len(sup) == 1:
        x = sup[0]
        return x.is_op("*", "-", "+") or (_simple(x) and x.kind == "macro" and x.text in _NAME_MARKS)
    return len(sup) >= 2 and sup[0].is_op("(") and matching_bracket(sup, 0) == len(sup) - 1


def _policy_mark(base: Atom, sup: list[Atom]) -> bool:
    """``V^\\pi``, ``Q^{\\pi_\\theta}``: the policy a value function is of names it (``e^\\pi`` is a power)."""
    if base.kind == "letter" and base.text == "e":
        return False
    return (
        len(sup) == 1
        and sup[0].kind == "macro"
        and sup[0].text == "pi"
        and not sup[0].args
        and not sup[0].sup
    )


def _square(sup: list[Atom] | None) -> bool:
    return sup is not None and len(sup) == 1 and sup[0].kind == "digit" and sup[0].text == "2"


def _bare(atoms: list[Atom], latex: str) -> SideName | None:
    if not atoms or not _is_name(atoms[0]) or _function_start(atoms[0]):
        return None
    a = atoms[0]
    if a.sup is not None and not (_marks_a_name(a.sup) or _square(a.sup) or _policy_mark(a, a.sup)):
        return None
    square_first = (
        a.sub is not None and a.sup is not None and a.sup[0].start < a.sub[0].start and _square(a.sup)
    )
    # x^2_i is typeset as x_i^2: the square of the name x_i (s^2_{\mathrm{pred}} names s_pred)
    if len(atoms) > 1:
        if matching_bracket(atoms, 1) != len(atoms) - 1 or not atoms[1].is_op("("):
            return None
        inside = atoms[2:-1]
        if not all(_argument_atom(x) for x in inside) or atoms[-1].sub or atoms[-1].sup:
            return None
    written = latex[a.start : a.end].strip()
    name = written
    if a.primes:
        name = latex[a.start : a.head_end].strip()
    elif square_first:
        assert a.sub is not None
        name = (
            latex[a.start : a.head_end].strip()
            + latex[latex.rfind("_", a.start, a.sub[0].start) : a.end].strip()
        )
    elif _square(a.sup):
        assert a.sup is not None
        name = latex[a.start : latex.rfind("^", a.start, a.sup[0].start)].strip()
    return SideName(latex[a.start : a.head_end].strip(), name, written, bool(a.primes))


def _argument_atom(x: Atom) -> bool:
    """What may stand between a bare name's parentheses: names (with any subscript), commas
    and stars (``J(w_1, \\mathbf{x}^\\star)``, ``P(X_{i,j})``)."""
    if x.is_op(",", "*"):
        return True
    if x.kind not in ("letter", "macro") or (x.kind == "macro" and not x.text.isalpha()):
        return False
    if any(y.kind not in ("letter", "macro") or not _argument_atom(y) for arg in x.args for y in arg):
        return False
    return x.sup is None or (len(x.sup) == 1 and x.sup[0].is_macro("star"))


def _function(atoms: list[Atom], latex: str) -> tuple[str, tuple[str, ...]] | None:
    if len(atoms) < 3 or not _is_name(atoms[0]) or atoms[0].sup is not None:
        return None
    if not atoms[1].is_op("(") or matching_bracket(atoms, 1) != len(atoms) - 1:
        return None
    if atoms[-1].sub is not None or atoms[-1].sup is not None or atoms[-1].primes:
        return None
    params = _parameters(atoms[2:-1], latex)
    if params is None:
        return None
    return latex[atoms[0].start : atoms[0].end].strip(), params


#: a subscript that marks a point, not a variable: ``x_\star``, ``x_*``, ``x_+``, ``w_{\text{opt}}``
_POINT = re.compile(r"_\s*\{?\s*(?:\\star|\\ast|\*|\+|-|\\text|\\mathrm|\\min\b|\\max\b|\\operatorname)")


def _parameters(inside: list[Atom], latex: str) -> tuple[str, ...] | None:
    """``x, y`` of ``f(x, y)``: each one name with at most a subscript (None otherwise)."""
    params: list[str] = []
    piece: list[Atom] = []
    for x in [*inside, None]:
        if x is not None and not x.is_op(","):
            piece.append(x)
            continue
        if not piece:
            if x is None and not params:
                return None
            continue
        if len(piece) != 1 or not _is_name(piece[0]) or piece[0].sup is not None or piece[0].primes:
            return None
        if piece[0].kind == "macro" and _function_start(piece[0]):
            return None
        param = latex[piece[0].start : piece[0].end].strip()
        if _POINT.search(param):
            return None  # f_1(x_\star) = x_\star + 1: the value at a point, no definition of f_1
        params.append(param)
        piece = []
    return tuple(params) or None


def _name_before_arguments(atoms: list[Atom], latex: str) -> str:
    """The written name of a text up to its first parenthesis: a primed one by its base, a
    square left out (:attr:`SideName.name` of a bare text)."""
    cut = next((k for k, a in enumerate(atoms) if a.is_op("(")), len(atoms))
    if cut == 0:
        return ""
    first, last = atoms[0], atoms[cut - 1]
    if any(a.primes for a in atoms[:cut]):
        return latex[first.start : first.head_end].strip() if _is_name(first) else ""
    end = last.end
    if _square(last.sup) and not last.primes:
        assert last.sup is not None
        end = latex.rfind("^", last.start, last.sup[0].start)
    return latex[first.start : end].strip()


def _uses(atoms: list[Atom], out: set[str]) -> None:
    for a in atoms:
        args = a.args
        if a.kind in ("letter", "macro") and _is_name(a):
            head = spelling([_bare_atom(a)])
            out.add(head)
            if a.sub is not None:
                out.add(f"{head}_{_argument(a.sub)}")
            if a.sup is not None or a.primes:
                out.add(spelling([a]))
            if a.kind == "macro" and a.args and a.text in _WORD_FONTS:
                word = plain_text(a.args[0])
                out.add(word)
                if len(word) > 1:
                    args = a.args[1:]  # \mathrm{TP} is one name: it uses no P
        for part in (a.inner, *args, a.sub or [], a.sup or []):
            _uses(part, out)


def symbols_used(texts: list[str]) -> frozenset[str]:
    """The whole symbols the texts write, each with its subscript and a naming superscript
    (``N_k``, ``c^\\star``, ``\\hat\\pi_k``; ``\\mu`` of ``\\mu^2``): unlike
    :func:`names_used`, ``N`` is not among the symbols of ``N_k``. Names that compute (``\\log``,
    ``\\sum``) are left out; a text that does not parse is its own symbol."""
    out: set[str] = set()
    for text in texts:
        tree = parse_latex(text)
        if tree.error:
            out.add("".join(text.split()))
        else:
            _symbols(build_atoms(tokenize_nodes(tree.nodes)), out)
    return frozenset(out)


def _symbols(atoms: list[Atom], out: set[str]) -> None:
    for a in atoms:
        if a.kind in ("letter", "macro") and _is_name(a) and not _function_start(a):
            name = spelling([_bare_atom(a)]) + "'" * a.primes
            if a.sub is not None:
                name += "_" + _argument(a.sub)
            if a.sup is not None and (_marks_a_name(a.sup) or _policy_mark(a, a.sup)):
                name += "^" + _argument(a.sup)
            out.add(name)
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            _symbols(part, out)


def _bare_atom(a: Atom) -> Atom:
    """The atom without its scripts and primes."""
    return Atom(a.tok, inner=a.inner, args=a.args, end=a.head_end)


def text_spelling(latex: str) -> str:
    """The canonical spelling of a LaTeX text (:func:`spelling` of its atoms)."""
    return side_reading(latex).spelling


def base_set(domain: str) -> str:
    """The set a domain is built from, spelled canonically: ``\\mathbb{R}`` of
    ``\\mathbb{R}^{n,d}`` and of ``\\mathbb R_{>0}``, ``\\{0,1\\}`` of ``\\{0,1\\}^n``, ``[0,1]``
    of ``\\left[0, 1\\right]^{n}``: its atoms up to the first script (a text that does not parse
    is its own base, without spaces)."""
    tree = parse_latex(domain)
    if tree.error:
        return "".join(domain.split())
    head: list[Atom] = []
    for a in build_atoms(tokenize_nodes(tree.nodes)):
        head.append(_bare_atom(a))
        if a.sub is not None or a.sup is not None:
            break
    return spelling(head)


def is_index_range(domain: str) -> bool:
    r"""Is ``domain`` a range of integers written with dots (``\{1,\dots,T\}``,
    ``\{0,1,\ldots,n-1\}``): where an index runs?"""
    text = "".join(domain.split())
    return (
        text.startswith("\\{")
        and text.endswith("\\}")
        and any(dots in text for dots in ("\\dots", "\\ldots", "\\cdots"))
    )


def uses_name(text: str, name: str) -> bool:
    """Does ``text`` use the symbol ``name`` (``A`` is in ``AB``, ``x`` in ``\\mathbf{x}^\\top``,
    ``\\hat{w}`` in ``\\hat w_t``; ``x`` is not in ``\\exp``)? Compared by spelling."""
    return text_spelling(name) in side_reading(text).uses


def names_used(texts: list[str]) -> frozenset[str]:
    """The spellings the texts use, each text read on its own (see :func:`uses_name`)."""
    return frozenset().union(*(side_reading(t).uses for t in texts))


def indexed_name(latex: str) -> tuple[str, str] | None:
    """``X_j``, ``\\mathbf{x}_{k}``, ``X_{12}``: one name with a subscript that is one letter or a
    number, and nothing else: (the name as written, the index); None otherwise (``X_{ij}``,
    ``X_j^\\top``, ``X_j + 1``)."""
    tree = parse_latex(latex)
    if tree.error:
        return None
    atoms = build_atoms(tokenize_nodes(tree.nodes))
    if len(atoms) != 1 or not _is_name(atoms[0]) or atoms[0].sup is not None or atoms[0].primes:
        return None
    a, sub = atoms[0], atoms[0].sub
    if not sub or not all(_simple(x) for x in sub):
        return None
    if len(sub) == 1 and sub[0].kind == "letter":
        return latex[a.start : a.head_end].strip(), sub[0].text
    if all(x.kind == "digit" for x in sub):
        return latex[a.start : a.head_end].strip(), "".join(x.text for x in sub)
    return None


#: what transposes: ``^\\top``, ``^T``, ``^\\intercal``
_TRANSPOSES = frozenset({"top", "T", "intercal"})


def transposed(latex: str) -> tuple[str, str] | None:
    """``S^\\top`` → (``S``, ``""``), ``Q^\\top Q`` → (``Q``, ``Q``): a name written transposed
    first (its subscript kept) and the text after it; None when the text does not start so."""
    tree = parse_latex(latex)
    if tree.error:
        return None
    atoms = build_atoms(tokenize_nodes(tree.nodes))
    if not atoms or not _is_name(atoms[0]) or atoms[0].primes or not atoms[0].sup:
        return None
    a, sup = atoms[0], atoms[0].sup
    if len(sup) != 1 or not _simple(sup[0]) or sup[0].text not in _TRANSPOSES or sup[0].kind == "digit":
        return None
    if a.sub is not None and a.sub[0].start > sup[0].start:
        return None  # S^\top_1: the subscript after the transpose
    caret = latex.rfind("^", a.start, sup[0].start)
    rest = atoms[1:]
    after = latex[rest[0].start : rest[-1].end].strip() if rest else ""
    return latex[a.start : caret].strip(), after


def is_identity(latex: str) -> bool:
    """``I``, ``I_n``, ``\\mathbf{I}``, ``\\mathbb{I}_d``, ``\\boldsymbol{I}``: an identity matrix."""
    tree = parse_latex(latex)
    if tree.error:
        return False
    atoms = build_atoms(tokenize_nodes(tree.nodes))
    if len(atoms) != 1 or atoms[0].sup is not None or atoms[0].primes:
        return False
    a = atoms[0]
    if a.kind == "letter":
        return a.text == "I"
    inner = a.args[0] if a.kind == "macro" and len(a.args) == 1 else []
    plain = len(inner) == 1 and inner[0].kind == "letter" and inner[0].text == "I" and _simple(inner[0])
    return a.text in ("mathbf", "mathbb", "boldsymbol") and plain


def bold_body(latex: str) -> str | None:
    """``x`` of ``\\mathbf{x}``, ``\\boldsymbol{\\mu}``, ``\\bm{w}``: what a bold name sets in bold,
    as written; None when the text is not one bold name without scripts."""
    tree = parse_latex(latex)
    if tree.error:
        return None
    atoms = build_atoms(tokenize_nodes(tree.nodes))
    if len(atoms) != 1 or not atoms[0].is_macro("mathbf", "boldsymbol", "bm"):
        return None
    a = atoms[0]
    if a.sub is not None or a.sup is not None or a.primes or len(a.args) != 1 or not a.args[0]:
        return None
    body = a.args[0]
    return latex[body[0].start : body[-1].end].strip()
