"""A side that is only a number as written (``0.67``, ``-3``, ``1.5\\times10^{-3}``, ``10^{30}``)
and the precision it was written to: the decimal semantics of ``=`` and ``\\approx`` (CAS worker)
and the numbers a chain implies between its sides (parent, :mod:`~notelint.math.checking.chain_numbers`).
Pure Python: no SymPy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class WrittenNumber:
    """A side that is only a number, with the precision it was written to."""

    value: Fraction
    #: one unit in the last written place (None: an exact integer after ``=``)
    unit: Fraction | None
    #: written as a bare power of ten (``10^{30}``, ``10^{-3}``): ``≈`` means the order
    power_of_ten: int | None = None


_PLAIN = re.compile(r"([-+]?)\s*(\d+)(?:\.(\d+))?")
_SCIENTIFIC = re.compile(
    r"([-+]?)\s*(\d+)(?:\.(\d+))?\s*(?:\\times|\\cdot|\\,|\s)*10\^\{?\s*([-+−]?\s*\d+)\s*\}?"
    r"|([-+]?)\s*(\d+)(?:\.(\d+))?[eE]([-+]?\d+)"
)
_POWER = re.compile(r"([-+]?)\s*10\^\{?\s*([-+−]?\s*\d+)\s*\}?")


#: the spacing macros a written number or tuple may hold (``0.5\\,``, ``(0.665,\\,0.245)``): a
#: space, never a digit or a separator (also read by ``number_verdicts``)
SPACING_MACROS = ("\\,", "\\;", "\\:", "\\!", "\\ ")


#: a degree mark after an angle (``62.73^\circ``, ``90^{\circ}``, ``45\degree``)
_DEGREES = re.compile(r"(?:\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\degree)\s*$")


def without_degrees(text: str) -> str | None:
    """``62.73^\\circ`` → ``62.73``: an angle written in degrees, without its mark (None: no
    degree mark ends the text). The worker compares such a side in degrees, at its written
    precision."""
    m = _DEGREES.search(text)
    return text[: m.start()] if m else None


def _clean(text: str) -> str:
    t = text.strip().replace("{,}", "")  # 1{,}000: a thousands comma in braces
    for space in SPACING_MACROS:
        t = t.replace(space, " ")
    t = t.replace("\\left", "").replace("\\right", "").strip()
    while t.startswith("{") and t.endswith("}"):
        t = t[1:-1].strip()
    return t


def written_number(text: str, approx: bool) -> WrittenNumber | None:
    """The number a side is, as written, or None when the side is an expression.

    ``unit`` is one unit in the last written place: ``0.67`` → 1/100, ``3.2\\times10^{-5}`` →
    10^{-6}. An integer is exact after ``=`` (``unit`` None); after ``\\approx`` its trailing
    zeros are not significant (``150`` → unit 10).
    """
    t = _clean(text)
    if t.endswith("\\%"):
        # 42.9\% is 0.429 written to the nearest 0.001, and 43\% is 0.43 (a whole percent is
        # a rounded share, as the decimal 0.43 is)
        number = written_number(t[:-2], approx)
        if number is None or number.power_of_ten is not None:
            return None
        return WrittenNumber(number.value / 100, (number.unit or Fraction(1)) / 100)
    m = _PLAIN.fullmatch(t)
    if m:
        sign_, whole, frac = m.groups()
        digits = whole + "." + frac if frac else whole
        value = Fraction(digits) * (-1 if sign_ == "-" else 1)
        if frac:
            return WrittenNumber(value, Fraction(1, 10 ** len(frac)))
        if not approx:
            return WrittenNumber(value, None)
        zeros = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
        return WrittenNumber(value, Fraction(10**zeros))
    m = _POWER.fullmatch(t)
    if m:
        exp = int(m.group(2).replace("−", "-").replace(" ", ""))
        value = Fraction(10) ** exp * (-1 if m.group(1) == "-" else 1)
        return WrittenNumber(value, None if not approx else Fraction(10) ** exp, power_of_ten=exp)
    m = _SCIENTIFIC.fullmatch(t)
    if m:
        if m.group(2) is not None:
            sign_, whole, frac, exp_text = m.group(1), m.group(2), m.group(3), m.group(4)
        else:
            sign_, whole, frac, exp_text = m.group(5), m.group(6), m.group(7), m.group(8)
        exp = int(exp_text.replace("−", "-").replace(" ", ""))
        mantissa = Fraction(whole + ("." + frac if frac else ""))
        value = mantissa * Fraction(10) ** exp * (-1 if sign_ == "-" else 1)
        places = len(frac) if frac else 0
        return WrittenNumber(value, Fraction(10) ** (exp - places))
    return None
