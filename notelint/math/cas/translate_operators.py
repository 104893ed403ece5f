"""Operators of the translator with a fixed meaning: norms, clip, LSE/softmax, diag, rank, the
Gaussian density and KL divergences in closed form (CAS worker side: imports SymPy).

Each function takes values the translator already built (SymPy scalars or ``ImmutableMatrix``)
and returns one, or raises :class:`Unsupported` when the notation is ambiguous (an entrywise or
induced 1-norm of a matrix, ``diag`` of a matrix) or the value is not determined (the rank of a
matrix with free entries). Soundness first: an operator whose reading a note could mean two ways
is refused, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint.math.cas.numeric import evaluated
from notelint.math.checking.guards import Unsupported

#: largest k of a k-dimensional Gaussian whose density or KL we build (a determinant and an
#: inverse of a k×k matrix of symbols)
MAX_GAUSSIAN_DIM = 3


def _is_matrix(v: Any) -> bool:
    return isinstance(v, MatrixBase)


def _entries(v: Any) -> list[Any]:
    return list(v) if _is_matrix(v) else [v]


def _is_vector(v: Any) -> bool:
    return _is_matrix(v) and (v.shape[1] == 1 or v.shape[0] == 1)


def _scalar(v: Any, what: str) -> Any:
    if _is_matrix(v):
        if v.shape == (1, 1):
            return v[0, 0]
        raise Unsupported(f"{what} of a {v.shape[0]}×{v.shape[1]} matrix")
    return v


def _add(*terms: Any) -> Any:
    return sp.Add(*terms, evaluate=False)


def _abs(x: Any) -> Any:
    return sp.Abs(x, evaluate=False)


def _sqrt(x: Any) -> Any:
    return sp.Pow(x, sp.Rational(1, 2), evaluate=False)


# ---- norms ---------------------------------------------------------------------------------------
def norm_kind(subscript: str | None) -> str:
    """``2``, ``1``, ``inf``, ``F`` (Frobenius) or ``?`` from a norm's subscript as written
    (macros like ``\\mathrm`` already stripped); no subscript is ``""``."""
    if subscript is None:
        return ""
    text = subscript.replace(" ", "")
    if text in ("2", "1", "F"):
        return text
    if text in ("\\infty", "\\inf", "max"):
        return "inf"
    if text in ("Fro", "fro"):
        return "F"
    return "?"


def norm(inner: Any, kind: str) -> Any:
    """``\\|inner\\|_kind``: the p-norm of a vector, the Frobenius norm of a matrix, and the
    spectral norm of a matrix of numbers; ``|x|`` of a scalar."""
    if kind == "?":
        raise Unsupported("this norm (its subscript names no p-norm or the Frobenius norm)")
    if not _is_matrix(inner) or inner.shape == (1, 1):
        value = _scalar(inner, "norm")
        if kind in ("1", "inf", "F") and getattr(value, "free_symbols", None) and not _is_matrix(inner):
            # a p-norm says its argument is a vector: one whose shape is not declared
            raise Unsupported(f"the {kind}-norm of a symbol whose shape is not declared")
        return _abs(value)
    if _is_vector(inner):
        values = _entries(inner)
        if kind in ("", "2", "F"):
            return _sqrt(_add(*[sp.Pow(v, 2, evaluate=False) for v in values]))
        if kind == "1":
            return _add(*[_abs(v) for v in values])
        return sp.Max(*[_abs(v) for v in values], evaluate=False)
    if kind == "F":
        return _sqrt(_add(*[sp.Pow(v, 2, evaluate=False) for v in _entries(inner)]))
    if kind == "2":
        return spectral_norm(inner)
    if kind == "":
        raise Unsupported("norm of a matrix without a subscript (spectral or Frobenius?)")
    raise Unsupported(f"the {kind}-norm of a matrix (entrywise or induced?)")


def spectral_norm(m: Any) -> Any:
    """The largest singular value, for a matrix of numbers only (symbols: no closed form)."""
    if any(getattr(v, "free_symbols", None) for v in m):
        raise Unsupported("the spectral norm of a matrix with symbols")
    gram = sp.Matrix(m).T * sp.Matrix(m)
    if gram.shape[0] > 3:
        raise Unsupported("the spectral norm of a large matrix")
    eigenvalues = list(gram.eigenvals(multiple=True))
    return _sqrt(sp.Max(*eigenvalues))


#: largest matrix whose eigenvalues we compute (a characteristic polynomial of this degree)
MAX_EIGEN_DIM = 4


def is_numeric_square(m: Any) -> bool:
    """A square matrix of numbers (no symbols, no opaque atoms)."""
    return (
        isinstance(m, MatrixBase)
        and m.shape[0] == m.shape[1]
        and not any(getattr(v, "free_symbols", None) for v in m)
    )


def extreme_eigenvalue(m: Any, which: str) -> Any:
    r"""``\lambda_{\min}(A)`` / ``\lambda_{\max}(A)`` of a symmetric matrix of numbers, exactly:
    the least or greatest real root of its characteristic polynomial (all of them are real for a
    symmetric matrix). A non-symmetric matrix may have complex eigenvalues: refused."""
    if m.shape[0] > MAX_EIGEN_DIM:
        raise Unsupported("the eigenvalues of a large matrix")
    full = sp.Matrix(m)
    if full != full.T:
        raise Unsupported("λ_min or λ_max of a matrix that is not symmetric")
    roots = full.charpoly().real_roots()  # sorted, exact (radicals or CRootOf), with multiplicity
    if len(roots) != full.shape[0]:
        raise Unsupported("the eigenvalues of this matrix")
    return roots[0] if which == "min" else roots[-1]


# ---- elementwise and vector operators -------------------------------------------------------------
def clip(args: list[Any]) -> Any:
    """``clip(x, lo, hi) = min(max(x, lo), hi)``, entrywise for a vector ``x``."""
    if len(args) != 3:
        raise Unsupported("clip takes three arguments (value, lower, upper)")
    x, lo, hi = args
    lo, hi = _scalar(lo, "a clip bound"), _scalar(hi, "a clip bound")
    if _is_matrix(x):
        return ImmutableMatrix(
            x.applyfunc(lambda v: sp.Min(sp.Max(v, lo, evaluate=False), hi, evaluate=False))
        )
    return sp.Min(sp.Max(x, lo, evaluate=False), hi, evaluate=False)


def _vector_entries(z: Any, what: str) -> list[Any]:
    if not _is_vector(z):
        raise Unsupported(f"{what} of a scalar or undeclared vector")
    return _entries(z)


def log_sum_exp(z: Any) -> Any:
    """``LSE(z) = log Σ_k exp(z_k)`` of a vector."""
    return sp.log(_add(*[sp.exp(v, evaluate=False) for v in _vector_entries(z, "LSE")]), evaluate=False)


def softmax(z: Any) -> Any:
    """``softmax(z)_k = exp(z_k) / Σ_j exp(z_j)``, a vector of the same shape."""
    values = _vector_entries(z, "softmax")
    total = _add(*[sp.exp(v, evaluate=False) for v in values])
    out = [
        sp.Mul(sp.exp(v, evaluate=False), sp.Pow(total, -1, evaluate=False), evaluate=False) for v in values
    ]
    return ImmutableMatrix(z.shape[0], z.shape[1], out)


def diag(args: list[Any]) -> Any:
    """``diag(v)`` of a vector, or ``diag(a, b, …)`` of scalars: the diagonal matrix."""
    if len(args) == 1 and _is_vector(args[0]):
        values = _entries(args[0])
    elif len(args) > 1 and not any(_is_matrix(a) and a.shape != (1, 1) for a in args):
        values = [_scalar(a, "diag") for a in args]
    elif len(args) == 1 and _is_matrix(args[0]):
        raise Unsupported("diag of a matrix (its diagonal vector or a diagonal matrix?)")
    else:
        raise Unsupported("diag of a scalar")
    return ImmutableMatrix(sp.diag(*values))


def rank(m: Any) -> Any:
    """The rank of a matrix of numbers (a matrix of symbols has a rank only generically)."""
    if not _is_matrix(m):
        raise Unsupported("rank of a scalar or undeclared matrix")
    if any(getattr(v, "free_symbols", None) for v in m):
        raise Unsupported("rank of a matrix with symbols (it depends on their values)")
    m = ImmutableMatrix(m.applyfunc(lambda v: evaluated(sp.sympify(v, strict=True))))
    if not all(v.is_Rational for v in m):
        # exact elimination needs exact zero tests: irrational entries may hide a cancellation
        raise Unsupported("rank of a matrix with irrational entries")
    return sp.Integer(sp.Matrix(m).rank())


# ---- distributions: densities and KL -----------------------------------------------------------------
@dataclass(frozen=True)
class Distribution:
    """A distribution written in a note: ``normal`` (mean, variance or covariance),
    ``bernoulli`` (p) or ``categorical`` (a vector of probabilities)."""

    family: str
    params: tuple[Any, ...]


def _gaussian_parts(mean: Any, cov: Any) -> tuple[Any, Any, int]:
    """Mean and covariance as a k×1 vector and k×k matrix (k = 0 for a scalar Gaussian)."""
    if not _is_matrix(cov) or cov.shape == (1, 1):
        cov = _scalar(cov, "a variance")
        if _is_matrix(mean) and mean.shape != (1, 1):
            raise Unsupported("a vector Gaussian with a scalar covariance (σ² or σ²I?)")
        return _scalar(mean, "a mean"), cov, 0
    k = cov.shape[0]
    if cov.shape[1] != k:
        raise Unsupported("a covariance that is not square")
    if k > MAX_GAUSSIAN_DIM:
        raise Unsupported("a Gaussian of dimension larger than 3")
    if not _is_matrix(mean):
        if mean != 0:
            raise Unsupported("a vector Gaussian with a scalar mean")
        mean = ImmutableMatrix.zeros(k, 1)
    if mean.shape != (k, 1):
        raise Unsupported(f"a mean of shape {mean.shape[0]}×{mean.shape[1]} with a {k}×{k} covariance")
    return mean, cov, k


def gaussian_density(x: Any, mean: Any, cov: Any) -> Any:
    """``N(x; m, v)``: the Gaussian density (variance ``v`` for a scalar, covariance matrix
    for a vector)."""
    m, s, k = _gaussian_parts(mean, cov)
    if k == 0:
        x = _scalar(x, "a Gaussian density")
        return sp.exp(-((x - m) ** 2) / (2 * s)) / sp.sqrt(2 * sp.pi * s)
    if not _is_matrix(x) or x.shape != (k, 1):
        raise Unsupported("the point of a Gaussian density does not match its mean")
    d = ImmutableMatrix(x - m)
    inv = ImmutableMatrix(s.inv(method="ADJ"))
    quad = (d.T * inv * d)[0, 0]
    return sp.exp(-quad / 2) / sp.sqrt((2 * sp.pi) ** k * s.det(method="berkowitz"))


def kl(p: Distribution, q: Distribution) -> Any:
    """``KL(p ‖ q)`` in closed form for two Gaussians, two Bernoullis, two Poissons or two
    categorical distributions with numbers."""
    if p.family != q.family:
        raise Unsupported(f"KL between a {p.family} and a {q.family} distribution")
    if p.family == "normal":
        m1, s1, k = _gaussian_parts(*p.params)
        m2, s2, k2 = _gaussian_parts(*q.params)
        if k != k2:
            raise Unsupported("KL between Gaussians of different dimensions")
        if k == 0:
            return sp.Rational(1, 2) * (sp.log(s2 / s1) + (s1 + (m1 - m2) ** 2) / s2 - 1)
        inv2 = ImmutableMatrix(s2.inv(method="ADJ"))
        d = ImmutableMatrix(m2 - m1)
        trace = (inv2 * s1).trace()
        quad = (d.T * inv2 * d)[0, 0]
        logdet = sp.log(s2.det(method="berkowitz") / s1.det(method="berkowitz"))
        return sp.Rational(1, 2) * (trace + quad - k + logdet)
    if p.family == "bernoulli":
        a, b = p.params[0], q.params[0]
        return a * sp.log(a / b) + (1 - a) * sp.log((1 - a) / (1 - b))
    if p.family == "poisson":
        a, b = p.params[0], q.params[0]
        return a * sp.log(a / b) + b - a
    if p.family != "categorical":
        # (a law's parameters are no probability vector: Poi(10) read as the vector (10) gave
        # 10 log(10/10.5) for KL(Poi(10) ‖ Poi(10.5)), without its b − a)
        raise Unsupported(f"KL between two {p.family} laws is not known in closed form here")
    a_values, b_values = p.params, q.params
    if len(a_values) != len(b_values):
        raise Unsupported("KL between categorical distributions of different sizes")
    terms = []
    for a, b in zip(a_values, b_values):
        if a == 0:
            continue
        if b == 0:
            raise Unsupported("KL is infinite (q gives probability 0 where p does not)")
        terms.append(a * sp.log(a / b))
    return _add(*terms) if terms else sp.Integer(0)


def categorical(v: Any) -> Distribution:
    """A vector of numbers that is a probability vector (entries ≥ 0 summing to 1, exactly)."""
    if not _is_vector(v):
        raise Unsupported(
            "KL between laws it cannot read (a named density, or a vector whose shape is not declared)"
        )
    values = [sp.nsimplify(x) if isinstance(x, sp.Float) else x for x in _entries(v)]
    if any(getattr(x, "free_symbols", None) for x in values):
        raise Unsupported("KL between probability vectors with symbols (are they distributions?)")
    if any(sp.simplify(x).is_negative for x in values) or sp.simplify(_add(*values) - 1) != 0:
        raise Unsupported("KL of a vector that is not a probability vector")
    return Distribution("categorical", tuple(values))


def inner_product(a: Any, b: Any) -> Any:
    """``⟨a, b⟩`` of two vectors or matrices of one shape: the sum of the products of their
    entries (``a^⊤b``, ``tr(A^⊤B)``). Of anything else (symbols whose shape is not declared:
    functions, elements of a space the note names) it is refused."""
    if not (_is_matrix(a) and _is_matrix(b)) or a.shape != b.shape or a.shape == (1, 1):
        raise Unsupported("⟨·,·⟩ of operands that are not declared vectors or matrices of one shape")
    return _add(*[sp.Mul(x, y, evaluate=False) for x, y in zip(_entries(a), _entries(b))])
