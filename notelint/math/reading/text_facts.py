"""What the claim classifier and the analysis ask of one LaTeX text (a relation's side, the two
sides of an identity), read from its atoms (:mod:`notelint.math.reading.atoms`), once per text.

The classifier's input is plain data (:class:`notelint.math.checking.claims.LinkFacts` holds the
sides as LaTeX text, so its tables can be written by hand); the facts it needs about a side's
structure are read here from the same tokens and atoms the math model reads, never with
regular expressions over the text: whether the side is a number, whether it takes a
derivative, sum, product, integral or limit, which symbol names it uses and which of them a
sum, product, maximum, limit or integral binds, and, for a 4.D identity, which letters it uses
as matrices. :func:`text_facts` parses a text once and caches the answer.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

from notelint.data import load
from notelint.math.reading.atoms import Atom, matching_bracket, plain_text, read_text, symbol_ref
from notelint.math.reading.binders import Binder, collect_binders

#: operator characters a number may be written with: ``-(1+2)/4``, ``0.5``, ``1,000``
_NUMBER_OPS = frozenset(".,+-*/()")
#: macros that take a derivative, sum, product, integral or limit wherever they stand
_CALCULUS_MACROS = frozenset({"partial", "nabla", "sum", "prod", "int", "lim"})
#: fractions whose numerator ``d`` makes them a derivative (``\\frac{d}{dx}``, ``\\frac{dy}{dx}``)
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac"})
#: macros whose argument is a name or words, not letters of the formula
_NAMING_MACROS = frozenset({"operatorname", "mathrm", "text", "textrm", "mbox", "mathop", "textbf", "textit"})
#: macros whose argument is one name (``\\text{loss}``, ``\\operatorname{tr}``) when it has two
#: letters or more, and the letter itself when it has one (``\\mathrm{T}``)
_WORD_MACROS = frozenset(
    {"text", "textrm", "textbf", "textit", "mbox", "operatorname", "mathrm", "mathsf", "mathit"}
)
#: macros that are not symbol names (``notelint/data/claims.toml``)
_NOT_NAMES = frozenset(load("claims")["not_names"])


@dataclass(frozen=True)
class TextFacts:
    """The structural facts of one LaTeX text."""

    #: numbers and arithmetic only, with a digit (``3``, ``-(1+2)/4``, ``2^{10}``), or one
    #: fraction of whole numbers (``-\\frac{3}{4}``)
    numeric: bool = False
    #: takes a derivative (``\\frac{d}{dx}``, ``\\partial``, ``\\nabla``, ``f'(x)``), a sum, a
    #: product, an integral or a limit
    calculus: bool = False
    #: takes a derivative (``\\nabla``, ``\\partial``, ``\\frac{d}{dx}``, ``\\mathrm{d}``, a prime)
    derivative: bool = False
    #: uses its letters as matrices: an inverse or transpose (``^{-1}``, ``^\\top``, ``^T``), a
    #: determinant or a trace
    matrix_use: bool = False
    #: the capital letters of the formula (not those inside a name such as ``\\mathbf{A}`` or
    #: ``\\operatorname{Tr}``, nor in a subscript or superscript)
    capitals: frozenset[str] = frozenset()
    #: lower-case letters written transposed (``x^\\top``): vectors
    transposed_lower: frozenset[str] = frozenset()
    #: the lower-case letters of the formula (as for ``capitals``)
    lowers: frozenset[str] = frozenset()
    #: the variables of its gradients (``h`` of ``\\nabla_h``, ``\\theta`` of ``\\nabla_{\\theta}``)
    gradient_variables: frozenset[str] = frozenset()
    #: every name it differentiates with respect to, as symbol keys without their index: the
    #: gradients' and ``\\partial_z``'s subscripts and the denominators of ``\\frac{\\partial
    #: …}{\\partial z_k}``, ``\\frac{d}{dx}``, ``\\frac{\\mathrm{d}}{\\mathrm{d}\\sigma}``
    differentiation_variables: frozenset[str] = frozenset()
    #: the symbol names it uses: letters, Greek and other macros that are not operators or
    #: fonts, and words written upright (``\\text{loss}`` is one name, never l, o, s); a bare
    #: ``d`` or ``e`` is the differential or Euler's number (``d_k``, ``e_1`` are names), a bare
    #: ``\\pi`` the constant (``\\pi_1`` is a name). A
    #: text that does not parse has itself as its one name, so it is never "numbers only"
    names: frozenset[str] = frozenset()
    #: the names a sum, product, maximum, limit, ``\\arg\\min`` or integral binds (``i`` of
    #: ``\\sum_{i=1}^n``, ``x`` of ``\\int f(x)\\,dx``); a derivative's variable stays free
    bound: frozenset[str] = frozenset()
    #: a letter used whole and by entries over a bound index (``x^\\top x = \\sum_i x_i^2``,
    #: ``a_j\\cdot b_k = \\sum_i a_j^{(i)} b_k^{(i)}``): a vector the translator would read as a
    #: number; ``a_j`` for a sample's entry of a subscripted letter
    whole_and_entries: str | None = None
    #: written shapes: ``"product"`` for a product of two or more shapes (``(h\\times B)(B\\times
    #: c)``, as a dimensional check writes it), ``"shape"`` for one shape or size (``h\\times c``,
    #: ``(d\\times 1)``, ``n``), else None
    shape_form: str | None = None
    #: the entries of a vector of numbers written as a transposed tuple, as a worked example
    #: gives a column (``(1,0,1)^\\top``, ``\\big(\\tfrac54,0\\big)^T``), each as written; None
    #: when the text is not one
    number_column: tuple[str, ...] | None = None


#: sides are asked about several times each (alone and with the other side); a corpus of notes
#: has ~10,000 distinct side texts, and a smaller cache thrashed (every call a miss)
@functools.lru_cache(maxsize=65536)
def text_facts(latex: str) -> TextFacts:
    """The facts of a LaTeX text (empty facts when it does not parse)."""
    read = read_text(latex)
    if read is None:
        return TextFacts(names=frozenset({latex.strip()}) if latex.strip() else frozenset())
    atoms = list(read)
    capitals: set[str] = set()
    transposed: set[str] = set()
    lowers: set[str] = set()
    _letters(atoms, capitals, transposed, lowers)
    names: set[str] = set()
    _names(atoms, names)
    binders: list[Binder] = []
    collect_binders(atoms, len(latex), binders)
    return TextFacts(
        numeric=_has_digit(atoms) and (_arithmetic(atoms) or _whole_fraction(atoms)),
        calculus=_calculus(atoms),
        matrix_use=_matrix_use(atoms),
        capitals=frozenset(capitals),
        transposed_lower=frozenset(transposed),
        lowers=frozenset(lowers),
        gradient_variables=frozenset(_gradient_variables(atoms)),
        differentiation_variables=frozenset(_differentiation_variables(atoms)),
        names=frozenset(names),
        bound=frozenset(v for b in binders if b.kind != "derivative" for v in b.variables),
        shape_form=_shape_form(atoms),
        whole_and_entries=_whole_and_entries(
            atoms, frozenset(v for b in binders if b.kind != "derivative" for v in b.variables)
        ),
        number_column=_number_column(atoms, latex),
    )


def text_atoms(latex: str) -> list[Atom]:
    """The atoms of a LaTeX text read on its own (none when it does not parse), offsets into
    ``latex``: for readers that rewrite a text at its atoms' offsets."""
    return list(_atoms(latex))


def subscript_span(latex: str, a: Atom) -> tuple[int, int, int, bool] | None:
    """Where ``a``'s subscript is written in ``latex``: the offset of its ``_``, the start and
    end of its content and whether it is braced (``_{t-1}``: the atoms of a braced script are
    its content's, the braces are only in the text). None when ``a`` has none."""
    return script_span(latex, a, "_")


def without_square(latex: str) -> str | None:
    """``\\sigma_k^2``, ``\\sigma^{2}`` → ``\\sigma_k``, ``\\sigma``: a name written squared (its
    last atom's power is the digit 2, written after its index), without the square; None for
    anything else (``y^2_i``, ``w^\\star``, ``x^3``). ``σ^2 = …`` gives σ its value: the one
    reading of that square, for the definition tables and the reasons a failure is unknown."""
    name = latex.rstrip()
    atoms = _atoms(name)
    if not atoms or atoms[-1].end != len(name) or not atoms[-1].sup:
        return None
    last = atoms[-1]
    power = _flat(last.sup or [])
    if len(power) != 1 or power[0].kind != "digit" or power[0].text != "2":
        return None
    span = script_span(name, last, "^")
    if span is None:
        return None
    if last.sub and last.sub[-1].end > span[0]:
        # a square written before the index (\hat\sigma^2_n, typeset as \hat\sigma_n^2): the
        # name with its index, without the square
        after = span[2] + 1 if span[3] else span[2]
        return (name[: span[0]] + name[after:]).rstrip()
    return name[: span[0]].rstrip()


def script_span(latex: str, a: Atom, mark: str) -> tuple[int, int, int, bool] | None:
    """As :func:`subscript_span`, for ``a``'s subscript (``mark`` ``_``) or superscript (``^``)."""
    script = a.sub if mark == "_" else a.sup
    if not script:
        return None
    written = latex.rfind(mark, a.head_end, script[0].start)
    if written < 0:
        return None
    opening = latex[written + 1 : script[0].start].strip()
    end = script[-1].end
    if opening != "{":
        return written, script[0].start, end, False
    closing = latex.find("}", end)
    if closing < 0 or latex[end:closing].strip():
        return None
    return written, latex.index("{", written) + 1, closing, True


def _atoms(latex: str) -> tuple[Atom, ...]:
    return read_text(latex) or ()


def _parts(a: Atom) -> list[list[Atom]]:
    """Every atom list inside an atom: its body, its arguments and its scripts."""
    return [a.inner, *a.args, a.sub or [], a.sup or []]


def _has_digit(atoms: list[Atom]) -> bool:
    return any(a.kind == "digit" or any(_has_digit(p) for p in _parts(a)) for a in atoms)


def _arithmetic(atoms: list[Atom]) -> bool:
    """Digits, arithmetic operators, parentheses and braces; a power of them; no subscript."""
    for a in atoms:
        if a.sub is not None or a.primes:
            return False
        if a.sup is not None and not _arithmetic(a.sup):
            return False
        if a.kind == "digit" or (a.kind == "op" and a.text in _NUMBER_OPS):
            continue
        if a.kind == "group" and _arithmetic(a.inner):
            continue
        return False
    return True


def _whole_fraction(atoms: list[Atom]) -> bool:
    """``\\frac{3}{4}``, ``-\\frac{3}{4}``: one fraction of whole numbers, perhaps signed."""
    if atoms and atoms[0].kind == "op" and atoms[0].text in "+-" and len(atoms) == 2:
        atoms = atoms[1:]
    if len(atoms) != 1:
        return False
    a = atoms[0]
    if not a.is_macro("frac") or len(a.args) != 2 or a.sub is not None or a.sup is not None:
        return False
    return all(
        len(arg) == 1
        and arg[0].kind == "digit"
        and arg[0].text.isdigit()
        and arg[0].sub is None
        and arg[0].sup is None
        for arg in a.args
    )


def _calculus(atoms: list[Atom]) -> bool:
    for i, a in enumerate(atoms):
        if a.kind == "macro" and a.text in _CALCULUS_MACROS:
            return True
        if a.kind == "macro" and a.text in _FRACTIONS and a.args and a.args[0]:
            top = a.args[0][0]
            if top.kind == "letter" and top.text == "d":
                return True
        if a.primes and i + 1 < len(atoms) and atoms[i + 1].is_op("(") and atoms[i + 1].start == a.end:
            return True  # f'(x)
        if any(_calculus(p) for p in _parts(a)):
            return True
    return False


def differentiation_variables_of(atoms: list[Atom]) -> frozenset[str]:
    """The symbol keys (no index) the atoms differentiate with respect to (see
    :attr:`TextFacts.differentiation_variables`), for atoms a math model already holds."""
    return frozenset(_differentiation_variables(atoms))


def _flat(script: list[Atom]) -> list[Atom]:
    return script[0].inner if len(script) == 1 and script[0].kind == "group" else script


def _transposes_or_inverts(sup: list[Atom]) -> bool:
    """``^{-1}``, ``^{-1/2}``, ``^\\top``, ``^T``, ``^{\\top}``."""
    flat = _flat(sup)
    if not flat:
        return False
    first = flat[0]
    if first.is_op("-") and len(flat) > 1 and flat[1].kind == "digit" and flat[1].text == "1":
        return True
    return first.is_macro("top") or (first.kind == "letter" and first.text == "T")


def _matrix_use(atoms: list[Atom]) -> bool:
    for a in atoms:
        if a.is_macro("top", "det"):
            return True
        if a.kind == "macro" and a.text in ("operatorname", "mathrm") and a.args:
            if plain_text(a.args[0]) == "tr":
                return True
        if a.sup is not None and _transposes_or_inverts(a.sup):
            return True
        if any(_matrix_use(p) for p in _parts(a)):
            return True
    return False


def _letters(atoms: list[Atom], capitals: set[str], transposed: set[str], lowers: set[str]) -> None:
    """The capital letters of a formula, its lower-case ones and its transposed lower-case
    letters; a letter inside a name (``\\mathbf{A}``, ``\\hat{A}``, ``\\operatorname{Tr}``) or
    a script is not one."""
    for a in atoms:
        if a.kind == "letter":
            if a.text.isupper():
                capitals.add(a.text)
            else:
                lowers.add(a.text)
                if a.sup is not None and _flat(a.sup) and _flat(a.sup)[0].is_macro("top"):
                    transposed.add(a.text)
        elif a.kind in ("group", "env"):
            _letters(a.inner, capitals, transposed, lowers)
        elif a.kind == "macro" and a.text not in _NAMING_MACROS and symbol_ref(a) is None:
            for arg in a.args:  # \frac{A}{B}, \sqrt{A}: letters of the formula
                _letters(arg, capitals, transposed, lowers)


def _differentiation_variables(atoms: list[Atom]) -> set[str]:
    """The symbol keys (no index) each derivative of the formula is taken with respect to."""
    out: set[str] = set()
    for a in atoms:
        if (a.is_macro("nabla") or a.is_macro("partial")) and a.sub:
            sub = _flat(a.sub)
            ref = symbol_ref(sub[0]) if sub else None
            if ref is not None:
                out.add(ref.key)
        if a.kind == "macro" and a.text in _FRACTIONS and len(a.args) == 2 and _differential(a.args[0]):
            denominator = a.args[1]
            for d, after in itertools.pairwise(denominator):
                if _is_differential(d):
                    ref = symbol_ref(after)
                    if ref is not None:
                        out.add(ref.key)
        out |= _differentiation_variables(a.inner)
        for arg in a.args:
            out |= _differentiation_variables(arg)
    return out


def _is_differential(a: Atom) -> bool:
    """``d``, ``\\partial`` or ``\\mathrm{d}`` (with no script: ``d_k`` is a name)."""
    if a.sub is not None:
        return False
    if a.kind == "letter":
        return a.text == "d"
    if a.is_macro("partial"):
        return True
    return a.is_macro("mathrm", "text", "operatorname") and bool(a.args) and plain_text(a.args[0]) == "d"


def _differential(atoms: list[Atom]) -> bool:
    """A numerator that takes a derivative: it holds a differential (``d``, ``\\partial^2 f``)."""
    return any(_is_differential(a) for a in atoms) or any(a.is_macro("partial") for a in atoms)


def _gradient_variables(atoms: list[Atom]) -> set[str]:
    """``h`` of ``\\nabla_h``, ``\\theta`` of ``\\nabla_{\\theta}``: a gradient's one-letter or
    Greek variable, anywhere in the formula."""
    out: set[str] = set()
    for a in atoms:
        if a.is_macro("nabla") and a.sub:
            sub = _flat(a.sub)
            if len(sub) == 1 and sub[0].kind == "letter":
                out.add(sub[0].text)
            elif len(sub) == 1 and sub[0].kind == "macro" and not sub[0].args:
                out.add("\\" + sub[0].text)
        out |= _gradient_variables(a.inner)
        for arg in a.args:
            out |= _gradient_variables(arg)
    return out


def _number_column(atoms: list[Atom], latex: str) -> tuple[str, ...] | None:
    """``(1,0,1)^\\top``: one parenthesised tuple (sizing macros are not atoms), transposed by
    ``\\top`` or ``T`` and nothing else, whose comma-separated entries use no name and no
    parenthesis."""
    if len(atoms) < 3 or not atoms[0].is_op("(") or atoms[0].sub or atoms[0].sup or atoms[0].primes:
        return None
    last = atoms[-1]
    if matching_bracket(atoms, 0) != len(atoms) - 1 or not last.is_op(")"):
        return None
    if last.sub is not None or last.primes or last.sup is None or len(last.sup) != 1:
        return None
    transpose = last.sup[0]
    if not (transpose.is_macro("top") or (transpose.kind == "letter" and transpose.text == "T")):
        return None
    if transpose.sub is not None or transpose.sup is not None or transpose.primes:
        return None
    entries: list[str] = []
    piece: list[Atom] = []
    for a in [*atoms[1:-1], None]:
        if a is not None and not a.is_op(","):
            if _has_parenthesis([a]):
                return None
            piece.append(a)
            continue
        names: set[str] = set()
        _names(piece, names)
        if not piece or names:
            return None
        entries.append(latex[piece[0].start : piece[-1].end].strip())
        piece = []
    return tuple(entries)


def _has_parenthesis(atoms: list[Atom]) -> bool:
    return any(a.is_op("(", ")") or any(_has_parenthesis(p) for p in _parts(a)) for a in atoms)


def _names(atoms: list[Atom], out: set[str]) -> None:
    for a in atoms:
        if a.kind == "letter":
            if a.text not in ("d", "e") or a.sub is not None:
                out.add(a.text)
        elif a.kind == "macro" and a.text in _WORD_MACROS and a.args:
            word = plain_text(a.args[0])
            if len(word) > 1:
                out.add(word)
            else:
                _names(a.args[0], out)
            for arg in a.args[1:]:
                _names(arg, out)
        elif a.kind == "macro":
            # (\pi is the constant, but \pi_1 and \pi_\theta are names, as e_1 is)
            if (a.text not in _NOT_NAMES or (a.text == "pi" and a.sub is not None)) and a.text.isalpha():
                out.add("\\" + a.text)
            for arg in a.args:
                _names(arg, out)
        _names(a.inner, out)
        _names(a.sub or [], out)
        _names(a.sup or [], out)


def _letter_uses(atoms: list[Atom], out: list[tuple[str, Atom, bool, bool]]) -> None:
    """Every one-letter symbol of the formula in order (``x``, and ``\\mathbf{x}`` as the letter
    it sets in bold, with its own scripts; a decorated ``\\hat x`` is another symbol), with
    whether no letter is written right before it and whether none is right after it (``xy``
    reads as a word, ``x y`` as two letters); letters in a subscript are indices, left out."""
    for k, a in enumerate(atoms):
        letter = a.text if a.kind == "letter" else None
        ref = symbol_ref(a) if a.kind == "macro" else None
        if ref is not None and len(ref.base) == 1 and ref.base.isalpha() and not ref.decorated:
            letter = ref.base  # \\mathbf{x} is x; \\hat x, \\bar{\\mathbf x} are other symbols
        if letter is not None:
            before = k > 0 and _bare_letter(atoms[k - 1]) and atoms[k - 1].end == a.start
            after = k + 1 < len(atoms) and _bare_letter(a) and _bare_letter(atoms[k + 1])
            after = after and atoms[k + 1].start == a.end
            out.append((letter, a, not before, not after))
            parts = [a.sup or []]
        elif ref is not None:
            parts = [a.sup or []]  # a decorated symbol: its letter is not this letter
        else:
            parts = [a.inner, *a.args, a.sup or []]
        for part in parts:
            _letter_uses(part, out)


def _bare_letter(a: Atom) -> bool:
    return a.kind == "letter" and a.sub is None and a.sup is None and not a.primes


def _sample_index(a: Atom) -> str | None:
    """``x^{(i)}``: the letter of the sample index, else None."""
    flat = _flat(a.sup) if a.sup is not None else []
    if len(flat) == 3 and flat[0].is_op("(") and flat[2].is_op(")") and flat[1].kind == "letter":
        return flat[1].text
    return None


def _is_sample(a: Atom) -> bool:
    """``x^{(i)}``, ``x^{(2)}``: a sample, written with a parenthesised superscript."""
    flat = _flat(a.sup) if a.sup is not None else []
    return bool(flat) and flat[0].is_op("(")


def _first_index(a: Atom) -> str | None:
    """``x_k``, ``x_{k}``, ``x_{kj}``: the first letter of the subscript, else None."""
    flat = _flat(a.sub) if a.sub is not None else []
    return flat[0].text if flat and flat[0].kind == "letter" else None


def _whole_and_entries(atoms: list[Atom], bound: frozenset[str]) -> str | None:
    uses: list[tuple[str, Atom, bool, bool]] = []
    _letter_uses(atoms, uses)
    whole = [(letter, b, b_alone and b_end) for letter, b, b_alone, b_end in uses]
    for letter, a, alone, _ in uses:
        index = _sample_index(a)
        if index is None or index not in bound or not alone:
            continue
        sub = plain_text(a.sub) if a.sub is not None else ""
        if sub and not sub.isalnum():
            continue
        # x^{(1)} beside \\sum_i x^{(i)} is another sample, not x whole
        if any(other == letter and ok and not _is_sample(b) for other, b, ok in whole if b is not a):
            return letter + (f"_{sub}" if sub else "")
    for letter, a, alone, _ in uses:
        index = _first_index(a)
        if index is None or index not in bound or not alone:
            continue
        if any(other == letter and ok and b.sub is None for other, b, ok in whole if b is not a):
            return letter
    return None


def _size(atoms: list[Atom]) -> bool:
    """One size as shapes write it: ``d``, ``n_1``, ``2``, ``d+1``, ``K-1``."""
    if not atoms:
        return False
    head = atoms[0]
    if head.kind not in ("letter", "digit") or head.sup is not None or head.primes:
        return False
    if head.sub is not None and not plain_text(head.sub).isalnum():
        return False
    rest = atoms[1:]
    if not rest:
        return True
    return (
        rest[0].is_op("+", "-")
        and len(rest) > 1
        and all(_bare_letter(a) or a.kind == "digit" for a in rest[1:])
    )


def _written_shape(atoms: list[Atom]) -> bool:
    """``h \\times B``, ``a\\times b\\times c``: sizes joined by ``\\times``."""
    parts: list[list[Atom]] = [[]]
    for a in atoms:
        if a.is_macro("times"):
            parts.append([])
        else:
            parts[-1].append(a)
    return len(parts) >= 2 and all(_size(p) for p in parts)


def _shape_factor(atoms: list[Atom]) -> bool:
    """``(h\\times B)``: a written shape in parentheses."""
    return len(atoms) >= 2 and atoms[0].is_op("(") and atoms[-1].is_op(")") and _written_shape(atoms[1:-1])


def _shape_form(atoms: list[Atom]) -> str | None:
    factors = 0
    k = 0
    while k < len(atoms):
        if factors and atoms[k].is_macro("cdot"):
            k += 1
            continue
        close = matching_bracket(atoms, k) if atoms[k].is_op("(") else None
        if close is None or not _shape_factor(atoms[k : close + 1]):
            factors = 0
            break
        factors += 1
        k = close + 1
    if factors >= 2:
        return "product"
    if _shape_factor(atoms) or _written_shape(atoms) or _size(atoms):
        return "shape"
    return None


#: fonts that name a set (``\mathcal{I}_k``), as the CAS translator reads a sum's index set
_SET_FONTS = frozenset({"mathcal", "mathscr", "mathfrak", "mathsf"})


@functools.lru_cache(maxsize=4096)
def is_set_size(latex: str) -> bool:
    r"""Is the text the size of a named index set, ``|\mathcal{I}_k|`` (a glossary's
    ``n_k = |\mathcal{I}_k|``)? Such a definition has no domain to sample: the CAS reads the
    set as a sampled subset and its size from it, so the value may be substituted."""
    atoms = text_atoms(latex)
    if len(atoms) != 3 or not (atoms[0].is_op("|") and atoms[2].is_op("|")):
        return False
    if atoms[2].sub is not None or atoms[2].sup is not None:
        return False  # |\mathcal{I}_k|^2: a value of the size, not the size
    middle = atoms[1]
    if not middle.is_macro(*_SET_FONTS) or middle.sup is not None or len(middle.args) != 1:
        return False
    return len(middle.args[0]) == 1 and middle.args[0][0].kind == "letter"
