"""Sample points for the random-point check, under the note's stated assumptions.

Every value is an exact rational (so a counterexample can be re-checked exactly and printed
as written), and every assumption of :data:`notelint.math.checking.jobs.ASSUMPTION_KINDS` is met
exactly: a symmetric positive-definite matrix is ``M Mᵀ + I/2``, an orthogonal one comes
from the Cayley transform of a rational skew-symmetric matrix, a unit vector from the inverse
stereographic projection of a rational point. Symbols without an assumption get the default
schedule: the first points positive (notes often assume positive quantities without saying
so), then all negative, then mixed signs.

Runs in the CAS worker (imports SymPy).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy as sp

from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import Assumption

#: symbol names of matrix and vector entries made by the translator: ``A[1,2]``, ``w[3]``
_ENTRY = re.compile(r"(?P<base>.+)\[(?P<i>\d+)(?:,(?P<j>\d+))?\]")

#: kinds that constrain a whole matrix or vector rather than each entry
MATRIX_KINDS = {"symmetric", "spd", "psd", "orthogonal", "diagonal", "invertible", "unit"}


@dataclass
class Group:
    """The symbols of one name: a scalar, or the entries of one vector or matrix."""

    name: str
    rows: int
    cols: int
    #: (row, col) 0-based → the entry's symbol (a scalar is (0, 0))
    entries: dict[tuple[int, int], sp.Symbol]
    integer: bool = False


def groups_of(
    syms: Iterable[sp.Symbol], sizes: dict[str, tuple[int, int]], integers: set[str]
) -> list[Group]:
    """Group free symbols by the name they belong to (entries of ``A`` together)."""
    out: dict[str, Group] = {}
    for s in sorted(syms, key=lambda s: s.name):
        m = _ENTRY.fullmatch(s.name)
        if m is None:
            g = out.setdefault(s.name, Group(s.name, 1, 1, {}))
            g.entries[(0, 0)] = s
            g.integer = s.name in integers or bool(s.is_integer)
            continue
        base = m.group("base")
        i = int(m.group("i")) - 1
        j = int(m.group("j")) - 1 if m.group("j") else 0
        rows, cols = sizes.get(base, (0, 0))
        g = out.setdefault(base, Group(base, rows, cols, {}))
        g.rows, g.cols = max(g.rows, i + 1), max(g.cols, j + 1)
        g.entries[(i, j)] = s
    return list(out.values())


def _magnitude(rng: random.Random, k: int) -> sp.Rational:
    # values in (0, 1) too (probabilities), at the first points and every third one
    small = k < 2 or k % 3 == 0
    return sp.Rational(rng.randint(1, 9), 10) if small else sp.Rational(rng.randint(2, 27), 10)


def _default(rng: random.Random, k: int) -> sp.Rational:
    sign = 1 if k < 3 else -1 if k == 3 else (1 if rng.random() < 0.5 else -1)
    return sign * _magnitude(rng, k)


def _bound(text: str | None) -> sp.Rational | None:
    if text is None:
        return None
    return sp.Rational(str(text).strip())


def _scalar(rng: random.Random, k: int, kind: str | None, a: Assumption | None, integer: bool) -> sp.Rational:
    if kind == "integer" or (kind is None and integer):
        lo = int(_bound(a.lo)) if a is not None and a.lo is not None else 1  # type: ignore[arg-type]
        hi = int(_bound(a.hi)) if a is not None and a.hi is not None else lo + 6  # type: ignore[arg-type]
        if a is not None and a.lo_open:
            lo += 1
        if a is not None and a.hi_open:
            hi -= 1
        return sp.Integer(rng.randint(lo, max(lo, hi)))
    if kind is None or kind == "nonzero":
        return _default(rng, k)
    if kind == "positive":
        return _magnitude(rng, k)
    if kind == "nonnegative":
        return sp.Integer(0) if k == 5 else _magnitude(rng, k)
    if kind == "negative":
        return -_magnitude(rng, k)
    if kind == "nonpositive":
        return sp.Integer(0) if k == 5 else -_magnitude(rng, k)
    if kind == "probability":
        return sp.Rational(rng.randint(1, 99), 100)
    if kind == "interval":
        assert a is not None
        low, high = _bound(a.lo), _bound(a.hi)
        if low is not None and high is not None:
            return low + (high - low) * sp.Rational(rng.randint(1, 99), 100)
        if low is not None:
            return low + _magnitude(rng, k)
        if high is not None:
            return high - _magnitude(rng, k)
        return _default(rng, k)
    return _default(rng, k)  # a matrix kind on a scalar: no constraint we can use


def allows(a: Assumption, v: sp.Rational) -> bool:
    """Does the scalar assumption ``a`` allow the value ``v``?"""
    low, high = _bound(a.lo), _bound(a.hi)
    if a.kind == "integer":
        low = sp.Integer(1) if low is None else low
        return bool(v.is_integer) and _within(v, low, high, a.lo_open, a.hi_open)
    if a.kind == "interval":
        return _within(v, low, high, a.lo_open, a.hi_open)
    if a.kind == "probability":
        return _within(v, sp.Integer(0), sp.Integer(1), False, False)
    signs = {
        "positive": v > 0,
        "nonnegative": v >= 0,
        "negative": v < 0,
        "nonpositive": v <= 0,
        "nonzero": v != 0,
    }
    return bool(signs.get(a.kind, False))


def _within(v: sp.Rational, low: Any, high: Any, lo_open: bool, hi_open: bool) -> bool:
    above = low is None or (v > low if lo_open else v >= low)
    below = high is None or (v < high if hi_open else v <= high)
    return bool(above and below)


def closed_ends(a: Assumption) -> list[sp.Rational]:
    """The values a scalar assumption allows that random points never take: the closed ends of
    its range (``0`` and ``1`` of ``p \\in [0, 1]``, the ``0`` of ``x \\ge 0``), where a relation
    true inside may fail (``p^2 < p``)."""
    if a.kind in ("nonnegative", "nonpositive"):
        return [sp.Integer(0)]
    if a.kind == "probability":
        return [sp.Integer(0), sp.Integer(1)]
    if a.kind not in ("interval", "integer"):
        return []
    ends = [(a.lo, a.lo_open), (a.hi, a.hi_open)]
    return [_bound(end) for end, is_open in ends if end is not None and not is_open]


def _random_matrix(rng: random.Random, rows: int, cols: int) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Rational(rng.randint(-9, 9), 10))


def _matrix(rng: random.Random, k: int, kind: str, rows: int, cols: int) -> sp.Matrix | None:
    n = rows
    if kind == "unit":
        if cols != 1 or n < 1:
            return None
        t = [sp.Rational(rng.randint(-9, 9), 10) for _ in range(n - 1)]
        norm2 = sum((x * x for x in t), sp.Integer(0))
        head = [2 * x / (1 + norm2) for x in t]
        return sp.Matrix([*head, (norm2 - 1) / (1 + norm2)])
    if kind == "orthogonal" and rows > cols:
        # orthonormal columns (UᵀU = I_r, a thin SVD's U): the first columns of an orthogonal matrix
        return _matrix(rng, k, kind, rows, rows)[:, :cols]  # type: ignore[index]
    if rows != cols:
        return None
    eye = sp.eye(n)
    if kind == "symmetric":
        m = _random_matrix(rng, n, n)
        return (m + m.T) / 2
    if kind == "spd":
        m = _random_matrix(rng, n, n)
        return m * m.T + eye / 2
    if kind == "psd":
        inner = n if k % 2 == 0 or n == 1 else n - 1  # singular at every other point
        m = _random_matrix(rng, n, inner)
        return m * m.T
    if kind == "orthogonal":
        s = _random_matrix(rng, n, n)
        skew = (s - s.T) / 2
        q = (eye - skew) * (eye + skew).inv()
        if k % 2 == 1:  # reflections too (determinant −1)
            q = sp.diag(-1, *([1] * (n - 1))) * q
        return q
    if kind == "diagonal":
        return sp.diag(*[_default(rng, k) for _ in range(n)])
    if kind == "invertible":
        for _ in range(20):
            m = _random_matrix(rng, n, n)
            if m.det() != 0:
                return m
        return eye + _random_matrix(rng, n, n) / 100
    return None


def _probability_vector(rng: random.Random, rows: int, cols: int) -> sp.Matrix:
    weights = [sp.Integer(rng.randint(1, 9)) for _ in range(rows * cols)]
    total = sum(weights, sp.Integer(0))
    return sp.Matrix(rows, cols, [w / total for w in weights])


#: the (semi)definiteness of a vector or a number (``x\succ 0``) read entrywise
_ENTRYWISE = {"spd": "positive", "psd": "nonnegative"}


def point(
    rng: random.Random, k: int, groups: list[Group], assumptions: dict[str, Assumption]
) -> dict[sp.Symbol, sp.Rational]:
    """The ``k``-th sample point: a value for every entry symbol of every group."""
    out: dict[sp.Symbol, sp.Rational] = {}
    for g in groups:
        a = assumptions.get(g.name)
        kind = a.kind if a is not None else None
        if kind in _ENTRYWISE and (g.rows == 1 or g.cols == 1):
            kind = _ENTRYWISE[kind]  # x \succ 0 of a vector or a number: entrywise
        whole: sp.Matrix | None = None
        if kind in MATRIX_KINDS and (g.rows, g.cols) != (1, 1):
            whole = _matrix(rng, k, kind, g.rows, g.cols)
            if whole is None:
                # a class no matrix of this size has (orthonormal columns in a wide matrix): values
                # that ignore the stated assumption decide nothing
                raise Unsupported(f"{g.name} is {kind} but has the size {g.rows}×{g.cols} here")
        elif kind == "probability" and (g.rows, g.cols) != (1, 1):
            entries = assumptions.get(g.name + "_")
            if entries is not None and entries.kind == "integer":
                # entries in {0, 1} summing to one (a one-hot target y): the first standard basis
                # vector, the class a free index (c of y_c = 1) is read at (its value 1); the
                # classes are interchangeable, so no other position is needed
                whole = sp.zeros(g.rows, g.cols)
                whole[0] = 1
            else:
                whole = _probability_vector(rng, g.rows, g.cols)
        for (i, j), sym in g.entries.items():
            if whole is not None:
                out[sym] = whole[i, j]
            else:
                out[sym] = _scalar(rng, k, kind, a, g.integer)
    return out


def far_point(
    rng: random.Random, k: int, groups: list[Group], assumptions: dict[str, Assumption], which: int
) -> dict[sp.Symbol, Any]:
    """A point far from the small values (inequalities must not pass on small values by chance).

    Symbols under an assumption keep a value that meets it; the others go far out.
    """
    far = sp.Rational(53, 10) if which == 0 else sp.Rational(-171, 10)
    out = point(rng, k, [g for g in groups if g.name in assumptions], assumptions)
    for g in groups:
        if g.name in assumptions:
            continue
        for sym in g.entries.values():
            out[sym] = sp.Integer(9) if g.integer else far
    return out
