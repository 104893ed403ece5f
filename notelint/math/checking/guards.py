"""Limits checked before any parsing or evaluation, so monsters become unknown verdicts fast.

``check_input`` is plain string work (no SymPy): the parent process may call it too.
"""

from __future__ import annotations

import re

#: Longest side of a relation we translate (the longest real case measured was ~120 chars).
MAX_SEGMENT = 2000
#: Deepest nesting of {}, (), [] and \left…\right.
MAX_DEPTH = 40
#: Longest run of digits in one literal.
MAX_DIGITS = 60
#: Most ^ in one side (towers like 10^{10^{10^{10}}} are refused before parsing).
MAX_CARETS = 40
#: Highest stacked exponent nesting ("a^{b^{c}}" is 2).
MAX_TOWER = 2

_DIGITS = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


class Unsupported(Exception):
    """The relation cannot be checked; the message says why (an unknown verdict)."""


def nesting_depth(latex: str) -> int:
    depth = best = 0
    for ch in latex:
        if ch in "{([":
            depth += 1
            if depth > best:
                best = depth
        elif ch in "})]":
            depth -= 1
    return best


def tower_height(latex: str) -> int:
    """How deeply ``^{…^{…}}`` exponents nest (counting only brace-delimited exponents)."""
    best = 0
    stack: list[bool] = []  # per open brace: is it an exponent group?
    level = 0
    prev = ""
    for ch in latex:
        if ch == "{":
            is_exp = prev == "^"
            stack.append(is_exp)
            if is_exp:
                level += 1
                best = max(best, level)
        elif ch == "}":
            if stack and stack.pop():
                level -= 1
        if not ch.isspace():
            prev = ch
    return best


#: σ as written: applied (to a bracket, after a prime or a power) or bare (a value, σ(x) meant)
_SIGMA_USE = re.compile(
    r"\\sigma(?![A-Za-z])(?:\s*'+|\s*\^\s*(?:\{[^{}]*\}|\\?\w+))?\s*"
    r"(?P<applied>\(|\\left\s*\(|\\[bB]ig[gl]?\s*\()?"
)
#: a differential of a matrix: ``d\Sigma``, ``dX`` (d written against a capital)
_MATRIX_DIFFERENTIAL = re.compile(
    r"(?<![A-Za-z\\])d\s*(?:\\(?:Sigma|Lambda|Theta|Phi|Psi|Omega|Gamma)\b|[A-Z](?![a-z]))"
)
#: where a differential belongs to an integral or a derivative written as a fraction
_CALCULUS = re.compile(r"\\[io]+nt\b|\\d?frac\s*\{\s*d|\\mathrm\{d\}")


def check_input(latex: str) -> None:
    """Raise :class:`Unsupported` when a side is too big to translate safely."""
    if len(latex) > MAX_SEGMENT:
        raise Unsupported(f"expression longer than {MAX_SEGMENT} characters")
    if _DIGITS.search(latex):
        raise Unsupported(f"number with more than {MAX_DIGITS} digits")
    if latex.count("^") > MAX_CARETS:
        raise Unsupported("too many exponents")
    if nesting_depth(latex) > MAX_DEPTH:
        raise Unsupported(f"nesting deeper than {MAX_DEPTH}")
    if tower_height(latex) > MAX_TOWER:
        raise Unsupported("exponent tower")
    uses = {bool(m.group("applied")) for m in _SIGMA_USE.finditer(latex)}
    if uses == {True, False}:
        # \sigma(1-\sigma): σ stands for σ(x) beside its own application, which is no σ(1-σ(x))
        raise Unsupported("σ written both as a function and as its value")
    if _MATRIX_DIFFERENTIAL.search(latex) and not _CALCULUS.search(latex):
        # d\Sigma^{-1} = -\Sigma^{-1}\,d\Sigma\,\Sigma^{-1}: matrix differentials, no product with d
        raise Unsupported("a differential such as dX")
