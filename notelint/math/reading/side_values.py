"""What one side of a relation *is*, read from its atoms: a number literal, infinity, a named
number set (``\\mathbb{R}_{>0}``, ``\\mathbb{S}^d_{++}``, ``O(n)``) or an interval
(``[0, 1)``, ``\\left(0, \\tfrac12\\right]``).

The hypotheses a note states (``\\gamma \\in (0, 1)``, ``a > 0``,
``\\Sigma \\in \\mathbb{S}^d_{++}``) are read from these facts of a link's sides
(:mod:`notelint.math.checking.hypotheses`), never from the side's text: ``\\left``/``\\right``,
sizing and spacing are gone from the atoms, a comma inside a group does not split an interval,
and a script on a literal (``2^{3}``, ``(0,1)^n``) makes it something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from notelint.math.reading.atoms import Atom, plain_text

#: a decimal literal as one digit atom holds it (``0.5``, ``12``); not ``1,000`` (three atoms)
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_FRACTIONS = ("frac", "dfrac", "tfrac")
#: what the subscript of a number set says (the script's atoms written out, spacing gone)
_SET_SUBSCRIPTS = {
    "S": {"++": "spd", "+": "psd"},
    "R": {
        ">0": "positive",
        "++": "positive",
        "\\gt0": "positive",
        "+": "nonnegative",
        "\\ge0": "nonnegative",
        "\\geq0": "nonnegative",
        "\\geqslant0": "nonnegative",
    },
}
_OPENING = {"(": True, "[": False, "]": True, "lbrack": False}
_CLOSING = {")": True, "]": False, "[": True, "rbrack": False}


@dataclass(frozen=True)
class Interval:
    """``(lo, hi]``: each end a number as :func:`number_value` writes it, or None for ±∞."""

    lo: str | None
    hi: str | None
    lo_open: bool
    hi_open: bool


def _plain(a: Atom) -> bool:
    return a.sub is None and a.sup is None and not a.primes


def number_value(atoms: Sequence[Atom]) -> str | None:
    """The side as a number literal: ``3``, ``-0.5``, ``\\tfrac{3}{4}`` → ``3/4``, ``-\\frac12``
    → ``-1/2`` (whole fractions reduced); None for anything else (``\\infty``, ``2^{3}``, ``n``)."""
    sign = ""
    rest = list(atoms)
    if rest and rest[0].kind == "op" and rest[0].text in "+-" and _plain(rest[0]):
        sign = "-" if rest[0].text == "-" else ""
        rest = rest[1:]
    if len(rest) != 1 or not _plain(rest[0]):
        return None
    a = rest[0]
    if a.kind == "digit" and _DECIMAL.fullmatch(a.text):
        return sign + a.text
    if a.kind == "macro" and a.text in _FRACTIONS and len(a.args) == 2:
        top, bottom = (_whole(arg) for arg in a.args)
        if top is None or not bottom:
            return None
        value = Fraction(top, bottom)
        return f"{sign}{value.numerator}/{value.denominator}"
    return None


def _whole(arg: list[Atom]) -> int | None:
    if len(arg) == 1 and arg[0].kind == "digit" and _plain(arg[0]) and arg[0].text.isdigit():
        return int(arg[0].text)
    return None


def is_infinity(atoms: Sequence[Atom]) -> bool:
    """``\\infty``, ``+\\infty``, ``-\\infty``."""
    rest = list(atoms)
    if rest and rest[0].kind == "op" and rest[0].text in "+-":
        rest = rest[1:]
    return len(rest) == 1 and rest[0].is_macro("infty") and _plain(rest[0])


def number_set(atoms: Sequence[Atom]) -> str | None:
    """The hypothesis a membership in a named set states: ``"spd"`` (``\\mathbb{S}^d_{++}``),
    ``"psd"`` (``\\mathbb{S}_+``), ``"positive"`` (``\\mathbb{R}_{>0}``, ``\\mathbb{R}^n_{++}``,
    entrywise), ``"nonnegative"`` (``\\mathbb{R}_{\\ge 0}``), ``"integer"`` (``\\mathbb{N}``,
    ``\\mathbb{Z}_{+}``, not ``\\mathbb{Z}^n``), ``"orthogonal"`` (``O(n)``, ``\\mathcal{O}(d)``),
    ``"probability"`` (the simplex ``\\Delta^{K-1}``, ``\\Delta_K``: entries >= 0 summing to 1)."""
    if not atoms:
        return None
    first = atoms[0]
    if first.is_macro("Delta") and not first.args and (first.sup is not None or first.sub is not None):
        return "probability"
    if first.is_macro("mathbb") and first.args:
        name = plain_text(first.args[0])
        if name in ("N", "Z"):
            return "integer" if first.sup is None and not first.primes else None
        kinds = _SET_SUBSCRIPTS.get(name)
        if kinds is None or first.sub is None:
            return None
        return kinds.get(script_text(first.sub))
    if _is_letter_o(first) and len(atoms) >= 4 and atoms[1].is_op("(") and _plain(atoms[1]):
        k = 2
        while k < len(atoms) and atoms[k].kind in ("letter", "digit") and _plain(atoms[k]):
            k += 1
        if k > 2 and k < len(atoms) and atoms[k].is_op(")"):
            return "orthogonal"
    return None


def _is_letter_o(a: Atom) -> bool:
    if not _plain(a):
        return False
    if a.kind == "letter":
        return a.text == "O"
    return a.is_macro("mathcal") and bool(a.args) and plain_text(a.args[0]) == "O"


def script_text(atoms: Sequence[Atom]) -> str:
    """A subscript written out without spacing: ``{\\ge 0}`` → ``\\ge0``, ``{++}`` → ``++``."""
    out: list[str] = []
    for a in atoms:
        if a.kind == "group":
            out.append(script_text(a.inner))
        elif a.kind == "macro":
            out.append("\\" + a.text)
        else:
            out.append(a.text)
    return "".join(out)


def interval(atoms: Sequence[Atom]) -> Interval | None:
    """``[0, 1)``, ``(-\\infty, \\tfrac12]``, ``]0, 1[``: two ends, each a number literal or ±∞,
    between brackets; None for anything else (``\\{0, 1\\}``, ``(0, 1)^n``, ``[0, 1, 2]``)."""
    if len(atoms) < 5:
        return None
    first, last = atoms[0], atoms[-1]
    lo_open = _bracket(first, _OPENING)
    hi_open = _bracket(last, _CLOSING)
    if lo_open is None or hi_open is None:
        return None
    inner = list(atoms[1:-1])
    commas = [k for k, a in enumerate(inner) if a.kind == "op" and a.text in ",;"]
    if len(commas) != 1:
        return None
    low, high = inner[: commas[0]], inner[commas[0] + 1 :]
    lo = number_value(low) or _inside_multiple_of_pi(low, up=True)
    hi = number_value(high) or _inside_multiple_of_pi(high, up=False)
    if (lo is None and not is_infinity(low)) or (hi is None and not is_infinity(high)):
        return None
    return Interval(lo, hi, lo_open, hi_open)


def _inside_multiple_of_pi(atoms: Sequence[Atom], up: bool) -> str | None:
    r"""An end ``\pi/2``, ``\frac{\pi}{4}``, ``2\pi`` as a decimal just inside the interval
    (rounded up for a lower end, down for an upper one): the samples stay in the interval."""
    k = _multiple_of_pi(atoms)
    if k is None:
        return None
    scaled = k * _PI_MILLIONTHS
    whole = -((-scaled.numerator) // scaled.denominator) if up else scaled.numerator // scaled.denominator
    return str(Fraction(whole, 10**6))


#: π in millionths, to one more place than the rounding uses
_PI_MILLIONTHS = Fraction(31415926535, 10**4)


def _multiple_of_pi(atoms: Sequence[Atom]) -> Fraction | None:
    r"""``\pi`` → 1, ``\pi/2`` → 1/2, ``\frac{\pi}{4}`` → 1/4, ``2\pi`` → 2; None otherwise."""
    rest = list(atoms)
    sign = 1
    if rest and rest[0].kind == "op" and rest[0].text == "-" and _plain(rest[0]):
        sign, rest = -1, rest[1:]
    if len(rest) == 1 and rest[0].kind == "macro" and rest[0].text in _FRACTIONS and len(rest[0].args) == 2:
        top, bottom = rest[0].args
        k = _multiple_of_pi(top)
        d = _whole(bottom)
        return None if k is None or not d else sign * k / d
    if not rest or not all(_plain(a) for a in rest):
        return None
    k = Fraction(1)
    if rest[0].kind == "digit" and rest[0].text.isdigit():
        k, rest = Fraction(int(rest[0].text)), rest[1:]
    if not rest or not (rest[0].kind == "macro" and rest[0].text == "pi" and not rest[0].args):
        return None
    rest = rest[1:]
    if not rest:
        return sign * k
    if len(rest) == 2 and rest[0].kind == "op" and rest[0].text == "/" and (d := _whole(rest[1:])):
        return sign * k / d
    return None


def _bracket(a: Atom, kinds: dict[str, bool]) -> bool | None:
    """Is the bracket ``a`` open (``(``), closed (``[``), or not one of ``kinds`` (None)?"""
    if not _plain(a):
        return None
    if a.kind == "op" or a.kind == "macro":
        return kinds.get(a.text)
    return None
