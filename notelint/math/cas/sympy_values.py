"""Arithmetic on the translator's values, SymPy scalars and ``ImmutableMatrix``: sums and
products with 1×1 matrices read as scalars, powers (a matrix inverse only of a square matrix),
the logistic function, and decimal literals as exact rationals with their written precision.

Worker side (imports SymPy).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint.math.checking.guards import Unsupported


def is_matrix(v: Any) -> bool:
    return isinstance(v, MatrixBase)


def as_scalar(v: Any) -> Any:
    if is_matrix(v):
        if v.shape == (1, 1):
            return v[0, 0]
        raise Unsupported(f"a {v.shape[0]}×{v.shape[1]} matrix where a scalar is expected")
    return v


def extremum(fn: Any, args: list[Any]) -> Any:
    """``\\max``/``\\min`` of its arguments: of vectors or matrices of one shape (a scalar
    beside them too, ``\\max(0, z)``), entry by entry, as a max of two value vectors in a
    worked example is meant; of one array alone, unknown (its largest entry is meant)."""
    arrays = [a for a in args if is_matrix(a) and a.shape != (1, 1)]
    if not arrays:
        return fn(*[as_scalar(a) for a in args], evaluate=False)
    if len(args) < 2:
        raise Unsupported("the largest or smallest entry of an array")
    shape = arrays[0].shape
    if any(a.shape != shape for a in arrays):
        raise Unsupported("an extremum of arrays of different shapes")

    def entry(a: Any, i: int, j: int) -> Any:
        return a[i, j] if is_matrix(a) and a.shape != (1, 1) else as_scalar(a)

    return ImmutableMatrix(
        shape[0], shape[1], lambda i, j: fn(*[entry(a, i, j) for a in args], evaluate=False)
    )


def add(a: Any, b: Any) -> Any:
    if is_matrix(a) or is_matrix(b):
        if is_matrix(a) and is_matrix(b):
            if a.shape != b.shape:
                if a.shape == (1, 1) or b.shape == (1, 1):
                    return add(
                        as_scalar(a) if a.shape == (1, 1) else a, as_scalar(b) if b.shape == (1, 1) else b
                    )
                raise Unsupported(f"adding a {a.shape} and a {b.shape} matrix")
            return ImmutableMatrix(a + b)
        if (is_matrix(a) and a.shape == (1, 1)) or (is_matrix(b) and b.shape == (1, 1)):
            return add(as_scalar(a), as_scalar(b))  # x^T A x + c: a 1×1 product is a number
        raise Unsupported("adding a scalar to a matrix")
    return sp.Add(a, b, evaluate=False)


def mul(a: Any, b: Any) -> Any:
    if is_matrix(a) and is_matrix(b):
        if a.shape == (1, 1) and b.shape != (1, 1):
            return ImmutableMatrix(b * a[0, 0])
        if b.shape == (1, 1) and a.shape != (1, 1):
            return ImmutableMatrix(a * b[0, 0])
        if a.shape[1] != b.shape[0]:
            raise Unsupported(
                f"multiplying a {a.shape[0]}×{a.shape[1]} by a {b.shape[0]}×{b.shape[1]} matrix"
            )
        return ImmutableMatrix(a * b)
    if is_matrix(a):
        return ImmutableMatrix(a * b)
    if is_matrix(b):
        return ImmutableMatrix(b * a)
    return sp.Mul(a, b, evaluate=False)


def hadamard(a: Any, b: Any, divide: bool = False) -> Any:
    """``a \\odot b`` (``\\oslash`` when ``divide``): entrywise on two arrays of one shape; a
    scalar factor multiplies (divides) every entry."""
    if is_matrix(a) and is_matrix(b) and a.shape != (1, 1) and b.shape != (1, 1):
        if a.shape != b.shape:
            raise Unsupported(
                f"an entrywise product of a {a.shape[0]}×{a.shape[1]} and a {b.shape[0]}×{b.shape[1]} array"
            )
        if divide:
            return ImmutableMatrix(a.shape[0], a.shape[1], lambda i, j: div(a[i, j], b[i, j]))
        return ImmutableMatrix(a.shape[0], a.shape[1], lambda i, j: sp.Mul(a[i, j], b[i, j], evaluate=False))
    return div(a, b) if divide else mul(a, b)


def neg(a: Any) -> Any:
    if is_matrix(a):
        return ImmutableMatrix(-a)
    return sp.Mul(sp.Integer(-1), a, evaluate=False)


def div(a: Any, b: Any) -> Any:
    b = as_scalar(b)
    if is_matrix(a):
        return ImmutableMatrix(a / b)
    return sp.Mul(a, sp.Pow(b, sp.Integer(-1), evaluate=False), evaluate=False)


def power(a: Any, b: Any) -> Any:
    if is_matrix(b):
        b = as_scalar(b)
    if is_matrix(a):
        if a.shape == (1, 1):
            return sp.Pow(a[0, 0], b, evaluate=False)
        if a.shape[0] != a.shape[1]:
            raise Unsupported("power of a non-square matrix")
        if not b.free_symbols:
            b = b.doit()
        if b == -1:
            if a.shape[0] > 4:
                raise Unsupported("inverse of a matrix larger than 4×4")
            # adjugate / determinant, unsimplified: ADJ inversion simplifies and is 500× slower
            det = a.det(method="berkowitz")
            if det == 0:
                raise Unsupported("inverse of a singular matrix")
            return ImmutableMatrix(a.adjugate(method="berkowitz") / det)
        if isinstance(b, sp.Integer) and -4 <= int(b) <= -2:
            return power(power(a, sp.Integer(-1)), -b)  # A^{-2} = (A^{-1})^2
        if isinstance(b, sp.Integer) and int(b) == 0:
            return ImmutableMatrix(sp.eye(a.shape[0]))
        if isinstance(b, sp.Integer) and 1 <= int(b) <= 4:
            out = a
            for _ in range(int(b) - 1):
                out = ImmutableMatrix(out * a)
            return out
        raise Unsupported("this matrix power")
    return sp.Pow(a, b, evaluate=False)


def logistic(z: Any) -> Any:
    z = as_scalar(z)
    return sp.Pow(
        sp.Add(
            sp.Integer(1), sp.exp(sp.Mul(sp.Integer(-1), z, evaluate=False), evaluate=False), evaluate=False
        ),
        sp.Integer(-1),
        evaluate=False,
    )


#: significant digits from which a decimal inside an expression may be a rounded value
ROUNDED_DIGITS = 4


def decimal_value(text: str) -> tuple[sp.Expr, int]:
    if "." in text:
        whole, frac = text.split(".", 1)
        return sp.Rational(int((whole or "0") + frac), 10 ** len(frac)), len(frac)
    return sp.Integer(int(text)), 0
