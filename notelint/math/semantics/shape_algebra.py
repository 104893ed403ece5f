"""A small shape algebra over symbolic sizes.

Shapes are scalar, vector (n), matrix (n×d), tensor (a×b×c) and function signatures
(ℝ^d → ℝ). Sizes are symbolic strings (``"n"``, ``"d"``, ``"K-1"``, ``"2d"``) or integers
written as strings; two sizes are equal only when they are spelled the same (after
normalisation) — ``n`` and ``d`` are different unless the note says otherwise — and the
wildcard ``"*"`` (the size of an unsubscripted identity ``I``) equals anything.

Why not SymPy: SymPy's ``MatrixSymbol`` does not raise on a product of symbolic shapes that
cannot agree (``MatrixSymbol('X', n, d) * MatrixSymbol('w', n, 1)`` builds happily and only a
later ``.shape`` check or ``validate`` with concrete sizes would fail), substituting primes
for sizes loses the names the explanation needs (``inner sizes d and n differ``), and importing
SymPy costs ~0.5 s per process, which the language server pays on every start. The algebra
needed here is a dozen rules over tuples of names, written below; these modules never import
SymPy.

A vector is a column; its transpose is the 1×n matrix (a row vector); a 1×1 result is a
scalar. Addition follows numpy broadcasting for a scalar and for a vector against the last
size of a matrix (``XW + b``, a bias, is common and not reported), and nothing else. An
operation whose result cannot be decided raises :class:`ShapeUnknown` (never an error).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

WILD = "*"

# --------------------------------------------------------------------------------------------
# shapes


@dataclass(frozen=True)
class Shape:
    """``kind`` is scalar, vector, matrix, tensor or function; ``dims`` the sizes."""

    kind: str
    dims: tuple[str, ...] = ()
    domain: Shape | None = None
    codomain: Shape | None = None

    def __str__(self) -> str:
        if self.kind == "scalar":
            return "scalar"
        if self.kind == "function":
            return f"{self.domain or '?'} → {self.codomain or '?'}"
        return "×".join(self.dims)

    @property
    def is_scalar(self) -> bool:
        return self.kind == "scalar"

    @property
    def rows(self) -> str:
        return self.dims[0]

    @property
    def cols(self) -> str:
        return self.dims[1] if self.kind == "matrix" else "1"

    def describe(self) -> str:
        """Words for hover: ``vector of size d``, ``n×d matrix``."""
        if self.kind == "scalar":
            return "scalar"
        if self.kind == "vector":
            return f"vector of size {self.dims[0]}"
        if self.kind == "matrix":
            return f"{self} matrix"
        if self.kind == "tensor":
            return f"{self} tensor"
        return f"function {self}"


SCALAR = Shape("scalar")


def norm_dim(text: str) -> str:
    """A size as written (``{d}``, `` n ``, ``K - 1``) in a canonical spelling."""
    text = re.sub(r"\s+|\\[,;:! ]", "", text)
    text = text.replace("\\cdot", "·")
    while text.startswith("{") and text.endswith("}") and _wraps(text):
        text = text[1:-1]
    return text


def size_dim(text: str) -> str:
    """A size of a shape in a canonical spelling, without brackets around it: ``(n-d)`` of
    ``n\\times(n-d)`` is ``n-d`` (a superscript label ``(1)`` keeps its brackets: :func:`norm_dim`)."""
    text = norm_dim(text)
    while text.startswith("(") and text.endswith(")") and _wraps(text):
        text = norm_dim(text[1:-1])
    return text


def _wraps(text: str) -> bool:
    """Does the first bracket of ``text`` close at its last character (``(n-d)``, not ``(a)(b)``)?"""
    depth = 0
    for k, ch in enumerate(text):
        depth += ch in "({"
        depth -= ch in ")}"
        if depth == 0:
            return k == len(text) - 1
    return False


def vector(n: str) -> Shape:
    n = size_dim(n)
    return SCALAR if n == "1" else Shape("vector", (n,))


def matrix(rows: str, cols: str) -> Shape:
    rows, cols = size_dim(rows), size_dim(cols)
    if cols == "1":
        return vector(rows)
    if rows == "1" and cols == WILD:
        return Shape("matrix", (rows, cols))
    return Shape("matrix", (rows, cols))


def tensor(*dims: str) -> Shape:
    dims = tuple(size_dim(d) for d in dims)
    if len(dims) == 0:
        return SCALAR
    if len(dims) == 1:
        return vector(dims[0])
    if len(dims) == 2:
        return matrix(*dims)
    return Shape("tensor", dims)


def function(domain: Shape | None, codomain: Shape | None) -> Shape:
    return Shape("function", (), domain, codomain)


def rename_dims(shape: Shape, names: Mapping[str, str]) -> Shape:
    """``shape`` with sizes renamed (``n`` → ``d`` where the note says ``$n = d$``, ``n`` → ``2``
    where it fixes ``$n = 2$``)."""
    if shape.kind == "function":
        return Shape(
            "function",
            (),
            shape.domain and rename_dims(shape.domain, names),
            shape.codomain and rename_dims(shape.codomain, names),
        )
    if shape.kind == "scalar":
        return shape
    # a size fixed to 1 makes an n×1 matrix a vector and a vector of size 1 a scalar
    return tensor(*(names.get(d) or _evaluated(d, names) for d in shape.dims))


#: a size written as a sum or difference of sizes and numbers: ``n-m``, ``p+1``
_SIZE_SUM = re.compile(r"[A-Za-z0-9_{}]+(?:\s*[+-]\s*[A-Za-z0-9_{}]+)+")
_SIZE_TERM = re.compile(r"([+-]?)\s*([A-Za-z0-9_{}]+)")


def _evaluated(dim: str, names: Mapping[str, str]) -> str:
    """``n-m`` where the note fixes ``n = 3`` and ``m = 2``: ``1``; ``dim`` itself unless every
    term is a number or a size fixed to a number."""
    if not _SIZE_SUM.fullmatch(dim):
        return dim
    total = 0
    for sign, term in _SIZE_TERM.findall(dim):
        value = names.get(term, term)
        if not value.isdigit():
            return dim
        total += -int(value) if sign == "-" else int(value)
    return str(total) if total > 0 else dim


def same_dim(a: str, b: str) -> bool:
    r"""Sizes that may agree: the same spelling, a wildcard, or a number against a named size.

    ``n`` and ``d`` are different sizes unless the note says otherwise, but ``n`` and ``2`` are
    not known to differ: ``K + \sigma^2 I_2`` in a sentence about a two-point example is
    right whenever ``n = 2``, which the note may say in other words. Two numbers are compared,
    and ``1`` is the size of a vector's one column, not an example's size: ``w X`` with
    ``w \in \mathbb{R}^d`` is a mismatch (inner sizes 1 and n).
    """
    if a in (b, WILD) or b == WILD:
        return True
    return a.isdigit() != b.isdigit() and "1" not in (a, b)


def same_shape(a: Shape, b: Shape) -> bool:
    """Equal shapes (a d×1 matrix is a vector of size d; a 1×1 is a scalar)."""
    a, b = _normal(a), _normal(b)
    if a.kind != b.kind or len(a.dims) != len(b.dims):
        return False
    return all(same_dim(x, y) for x, y in zip(a.dims, b.dims, strict=True))


def _normal(s: Shape) -> Shape:
    if s.kind == "matrix":
        return matrix(*s.dims)
    if s.kind == "vector":
        return vector(s.dims[0])
    return s


class ShapeMismatch(Exception):
    """Shapes that cannot agree; the message names both."""


def as_matrix(s: Shape) -> tuple[str, str]:
    if s.kind == "vector":
        return s.dims[0], "1"
    return s.dims[0], s.dims[1]


def _join(a: str, b: str) -> str:
    return b if a == WILD else a


def matmul(a: Shape, b: Shape, la: str = "A", lb: str = "B") -> Shape:
    """The product ``a b``; raises :class:`ShapeMismatch` when sizes cannot agree."""
    if a.is_scalar:
        return b
    if b.is_scalar:
        return a
    if a.kind not in ("vector", "matrix") or b.kind not in ("vector", "matrix"):
        raise ShapeUnknown
    if a.kind == "vector" and b.kind == "vector":
        if same_dim(a.dims[0], b.dims[0]):
            raise ShapeUnknown  # x y with equal sizes: perhaps elementwise; stay silent
        raise ShapeMismatch(
            f"{la} ({a}) times {lb} ({b}): a product of two column vectors of different sizes "
            f"{a.dims[0]} and {b.dims[0]}"
        )
    ar, ac = as_matrix(a)
    br, bc = as_matrix(b)
    if not same_dim(ac, br):
        raise ShapeMismatch(f"{la} ({a}) times {lb} ({b}): inner sizes {ac} and {br} differ")
    return matrix(ar, bc) if b.kind == "matrix" else vector(ar)


def add(a: Shape, b: Shape, la: str = "A", lb: str = "B", op: str = "plus") -> Shape:
    """``a + b`` (also ``-`` and elementwise ``\\odot``) with scalar and bias broadcasting."""
    if a.is_scalar:
        return b
    if b.is_scalar:
        return a
    if a.kind == "function" or b.kind == "function":
        raise ShapeUnknown
    if same_shape(a, b):
        return _wild_join(a, b)
    if a.kind == "matrix" and b.kind == "vector" and same_dim(a.dims[1], b.dims[0]):
        return a
    if b.kind == "matrix" and a.kind == "vector" and same_dim(b.dims[1], a.dims[0]):
        return b
    if a.kind == b.kind == "vector":
        reason = f"sizes {a.dims[0]} and {b.dims[0]} differ"
    elif a.kind == b.kind:
        reason = f"shapes {a} and {b} differ"
    else:
        reason = f"a {a.kind} and a {b.kind} of shapes {a} and {b} cannot be {'added' if op == 'plus' else 'combined'}"
    raise ShapeMismatch(f"{la} ({a}) {op} {lb} ({b}): {reason}")


def _wild_join(a: Shape, b: Shape) -> Shape:
    if WILD not in a.dims:
        return a
    if WILD not in b.dims:
        return b
    return a


def transpose(a: Shape) -> Shape:
    if a.is_scalar:
        return a
    if a.kind == "vector":
        return Shape("matrix", ("1", a.dims[0]))
    if a.kind == "matrix":
        return matrix(a.dims[1], a.dims[0])
    raise ShapeUnknown


def require_square(a: Shape, what: str, label: str) -> None:
    if a.kind == "matrix" and not same_dim(a.dims[0], a.dims[1]):
        raise ShapeMismatch(f"{what}: {label} ({a}) is not square")
    if a.kind in ("vector", "tensor", "function"):
        raise ShapeUnknown


def inverse(a: Shape, label: str = "A") -> Shape:
    if a.is_scalar:
        return a
    require_square(a, f"{label}^{{-1}}", label)
    return a


def power(a: Shape, label: str = "A") -> Shape:
    """``a^k`` for an integer or symbolic exponent: a scalar or a square matrix."""
    if a.is_scalar:
        return a
    if a.kind == "matrix":
        require_square(a, f"a power of {label}", label)
        return a
    raise ShapeUnknown  # x^2 of a vector: elementwise, perhaps


def pinv(a: Shape) -> Shape:
    if a.is_scalar:
        return a
    if a.kind == "matrix":
        return matrix(a.dims[1], a.dims[0])
    if a.kind == "vector":
        return Shape("matrix", ("1", a.dims[0]))
    raise ShapeUnknown


def diag(a: Shape) -> Shape:
    # diag of a square matrix is its diagonal as a vector (numpy, MATLAB) or as a diagonal
    # matrix ("\Gamma=\operatorname{diag}(X^\top X)", the usual reading in ML notes): undecided
    if a.kind == "vector":
        return matrix(a.dims[0], a.dims[0])
    raise ShapeUnknown


class ShapeUnknown(Exception):
    """The shape cannot be decided (not an error)."""
