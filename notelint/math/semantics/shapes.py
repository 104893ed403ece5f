"""A small shape algebra over symbolic sizes, and shape inference over math atoms.

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
size of a matrix (``XW + b``, a bias, is common and not reported), and nothing else.

Inference (:func:`infer`) reads the atoms of :mod:`notelint.math.semantics.symbols` with a small
precedence parser: relations, commas and text split an expression into pieces; in a piece,
``+``/``-`` bind looser than products (juxtaposition, ``\\cdot``, ``\\odot``, ``/``), which bind
looser than scripts (transpose, inverse, powers). Anything it does not understand has an
unknown shape, and an unknown shape never produces an error: notelint stays silent when in
doubt.

Size: over 600 lines because the algebra, the domain reader and the precedence parser share
private helpers; the intended split (issue 15, not done yet) is ``shapes/algebra.py`` (Shape,
matmul, add, …), ``shapes/domains.py`` (domain_shape, dims_shape) and ``shapes/infer.py``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.symbols import (
    Atom,
    is_relation,
    letter_run_end,
    lexicon,
    macro_name,
    matching_bracket,
    plain_text,
    symbol_ref,
)

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
    while text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return text


def vector(n: str) -> Shape:
    n = norm_dim(n)
    return SCALAR if n == "1" else Shape("vector", (n,))


def matrix(rows: str, cols: str) -> Shape:
    rows, cols = norm_dim(rows), norm_dim(cols)
    if cols == "1":
        return vector(rows)
    if rows == "1" and cols == WILD:
        return Shape("matrix", (rows, cols))
    return Shape("matrix", (rows, cols))


def tensor(*dims: str) -> Shape:
    dims = tuple(norm_dim(d) for d in dims)
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
    return Shape(shape.kind, tuple(names.get(d, d) for d in shape.dims))


def same_dim(a: str, b: str) -> bool:
    return a in (b, WILD) or b == WILD


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


def _as_matrix(s: Shape) -> tuple[str, str]:
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
        raise _Unknown
    if a.kind == "vector" and b.kind == "vector":
        if same_dim(a.dims[0], b.dims[0]):
            raise _Unknown  # x y with equal sizes: perhaps elementwise; stay silent
        raise ShapeMismatch(
            f"{la} ({a}) times {lb} ({b}): a product of two column vectors of different sizes "
            f"{a.dims[0]} and {b.dims[0]}"
        )
    ar, ac = _as_matrix(a)
    br, bc = _as_matrix(b)
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
        raise _Unknown
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
    raise _Unknown


def require_square(a: Shape, what: str, label: str) -> None:
    if a.kind == "matrix" and not same_dim(a.dims[0], a.dims[1]):
        raise ShapeMismatch(f"{what}: {label} ({a}) is not square")
    if a.kind in ("vector", "tensor", "function"):
        raise _Unknown


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
    raise _Unknown  # x^2 of a vector: elementwise, perhaps


def pinv(a: Shape) -> Shape:
    if a.is_scalar:
        return a
    if a.kind == "matrix":
        return matrix(a.dims[1], a.dims[0])
    if a.kind == "vector":
        return Shape("matrix", ("1", a.dims[0]))
    raise _Unknown


def diag(a: Shape) -> Shape:
    if a.kind == "vector":
        return matrix(a.dims[0], a.dims[0])
    if a.kind == "matrix" and same_dim(a.dims[0], a.dims[1]):
        return vector(a.dims[0])
    raise _Unknown


class _Unknown(Exception):
    """The shape cannot be decided (not an error)."""


# --------------------------------------------------------------------------------------------
# environment: what the note declares


@dataclass
class ShapeEnv:
    """Declared shapes by symbol key (``X``, ``\\hat{w}``, ``x_i``, ``\\sigma_j``)."""

    shapes: Mapping[str, Shape] = field(default_factory=dict)
    #: keys bound locally (sums, maxima): their shapes are unknown here
    local: frozenset[str] = frozenset()
    #: arrays of entries whose powers are entrywise (``\\sigma^2\\in(0,\\infty)^{K\\times d}``)
    entrywise: frozenset[str] = frozenset()
    #: sizes fixed where the math is read (``with $n = 2$``): size → its value
    sizes: Mapping[str, str] = field(default_factory=dict)

    def with_sizes(self, sizes: Mapping[str, str]) -> ShapeEnv:
        """The same declarations, read where the note has fixed some sizes to numbers."""
        return ShapeEnv(self.shapes, self.local, self.entrywise, {**self.sizes, **sizes})

    def lookup(self, atom: Atom) -> Shape | None:
        shape = self._lookup(atom)
        if shape is None or not self.sizes:
            return shape
        return rename_dims(shape, self.sizes)

    def is_entrywise(self, atom: Atom) -> bool:
        ref = symbol_ref(atom)
        return ref is not None and (ref.key in self.entrywise or ref.base in self.entrywise)

    def _lookup(self, atom: Atom) -> Shape | None:
        ref = symbol_ref(atom)
        if ref is None:
            return None
        if ref.key in self.local:
            return None
        sub = atom.sub
        if sub is not None:
            sub_key = f"{ref.key}_{{{_script_text(sub)}}}"
            if sub_key in self.shapes:
                return self.shapes[sub_key]
            generic = f"{ref.key}_{{}}"
            if generic in self.shapes:
                return self.shapes[generic]
            # identity I_d, ones \mathbf{1}_n
            if ref.key in ("I", "\\mathbf{I}", "\\mathbb{I}") and ref.key not in self.shapes:
                size = _script_text(sub)
                return matrix(size, size) if size and len(sub) == 1 else None
            if ref.key == "\\mathbf{1}":
                return vector(_script_text(sub))
            return None  # x_i, w_t: an entry or an iterate — unknown
        if ref.key in self.shapes:
            return self.shapes[ref.key]
        if ref.key in ("I", "\\mathbf{I}"):
            return matrix(WILD, WILD)
        if ref.decorated and ref.base in self.shapes:
            return self.shapes[ref.base]  # \hat w, \bar x
        if ref.key.startswith("\\mathbf{") and ref.base in self.shapes:
            return self.shapes[ref.base]
        return None


def _script_text(atoms: list[Atom]) -> str:
    flat = atoms[0].inner if len(atoms) == 1 and atoms[0].kind == "group" else atoms
    parts = []
    for a in flat:
        if a.kind in ("letter", "digit", "op"):
            parts.append(a.text)
        elif a.kind == "macro":
            ref = symbol_ref(a)
            parts.append(ref.key if ref else "\\" + a.text)
        elif a.kind == "group":
            parts.append(_script_text([a]))
        if a.sub is not None:
            parts.append("_" + _script_text(a.sub))
        if a.sup is not None:
            parts.append("^" + _script_text(a.sup))
    return norm_dim("".join(parts))


# --------------------------------------------------------------------------------------------
# inference


@dataclass(frozen=True)
class ShapeError:
    """A mismatch at offsets ``start``–``end`` of the math source."""

    start: int
    end: int
    message: str


@dataclass
class Inferred:
    shape: Shape | None
    errors: list[ShapeError]


class _Abort(Exception):
    """The parser met something it does not understand: the piece has no shape."""


@dataclass
class _Val:
    shape: Shape | None
    start: int
    end: int


_RELATION_OPS = ("=", "<", ">")
_SEPARATORS = (
    "quad",
    "qquad",
    "text",
    "textrm",
    "mbox",
    "intertext",
    "tag",
    "label",
    "forall",
    "implies",
    "iff",
    "Rightarrow",
    "Leftrightarrow",
    "land",
    "lor",
    "wedge",
    "vee",
    "colon",
    "mid",
    "pm",
    "mp",
    "setminus",
    "cup",
    "cap",
    "oplus",
)
_PRODUCT_MACROS = ("cdot", "odot", "circ", "ast", "times", "otimes", "oslash", "div")
_SCALAR_OPS = (
    "det",
    "tr",
    "Tr",
    "trace",
    "rank",
    "logdet",
    "KL",
    "Pr",
    "dim",
    "card",
    "cond",
    "nnz",
    "MSE",
    "CE",
    "BCE",
    "NLL",
    "ELBO",
)


class _Parser:
    def __init__(self, source: str, env: ShapeEnv) -> None:
        self.source = source
        self.env = env
        self.errors: list[ShapeError] = []
        self.lex = lexicon()

    def text(self, start: int, end: int) -> str:
        return re.sub(r"\s+", " ", self.source[start:end]).strip()

    def error(self, start: int, end: int, message: str) -> None:
        self.errors.append(ShapeError(start, end, message))

    # ---- pieces ---------------------------------------------------------------------------
    def pieces(self, atoms: list[Atom]) -> list[list[Atom]]:
        """Split at relations, commas, ``&``, ``\\\\``, text and spacing words."""
        return [p for p, _ in self.pieces_with_separators(atoms)]

    def pieces_with_separators(self, atoms: list[Atom]) -> list[tuple[list[Atom], Atom | None]]:
        """Pieces, each with the atom that ended it (a relation, a comma, …) or None."""
        out: list[list[Atom]] = [[]]
        ends: list[Atom | None] = []
        depth = 0
        for a in atoms:
            if (a.kind == "op" and a.text in ("(", "[")) or a.is_macro(
                "langle", "{", "lbrace", "lVert", "lvert"
            ):
                depth += 1
            elif (a.kind == "op" and a.text in (")", "]")) or a.is_macro(
                "rangle", "}", "rbrace", "rVert", "rvert"
            ):
                depth -= 1
            split = False
            if depth <= 0:
                if (
                    is_relation(a)
                    or (a.kind == "op" and a.text in (",", ";", "&", ":", "!", "?", "."))
                    or (
                        a.kind == "macro"
                        and (a.text in _SEPARATORS or a.text == "\\" or a.text in ("ldots", "dots", "cdots"))
                    )
                ):
                    split = True
            if split:
                ends.append(a)
                out.append([])
                depth = 0 if depth < 0 else depth
                continue
            out[-1].append(a)
        ends.append(None)
        return [(p, e) for p, e in zip(out, ends, strict=True) if p]

    def piece(self, atoms: list[Atom]) -> Shape | None:
        """Shape of one piece; errors of a piece the parser gives up on are dropped."""
        mark = len(self.errors)
        try:
            val, k = self.expr(atoms, 0)
            if k != len(atoms):
                raise _Abort
            return val.shape
        except (_Abort, RecursionError):
            del self.errors[mark:]
            return None

    # ---- grammar --------------------------------------------------------------------------
    def expr(self, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        """sum := ['-'|'+'] term (('+'|'-') term)*"""
        if i < len(atoms) and atoms[i].is_op("-", "+") and atoms[i].sub is None and atoms[i].sup is None:
            i += 1
        left, i = self.term(atoms, i)
        while i < len(atoms) and atoms[i].is_op("+", "-"):
            op = atoms[i]
            right, i = self.term(atoms, i + 1)
            left = self.combine_add(left, right, "plus" if op.text == "+" else "minus")
        return left, i

    def combine_add(self, left: _Val, right: _Val, op: str) -> _Val:
        shape = None
        if left.shape is not None and right.shape is not None:
            try:
                shape = add(
                    left.shape,
                    right.shape,
                    self.text(left.start, left.end),
                    self.text(right.start, right.end),
                    op,
                )
            except ShapeMismatch as exc:
                self.error(left.start, right.end, str(exc))
            except _Unknown:
                shape = None
        return _Val(shape, left.start, right.end)

    def term(self, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        """term := factor ((juxtaposition | \\cdot | \\odot | '/') factor)*"""
        left, i = self.factor(atoms, i)
        while i < len(atoms):
            a = atoms[i]
            if a.is_op("+", "-") or is_relation(a):
                break
            if a.is_op(")", "]"):
                break
            if a.kind == "macro" and a.text in _PRODUCT_MACROS:
                right, i = self.factor(atoms, i + 1)
                left = self.combine_mul(left, right, a.text)
                continue
            if a.is_op("/"):
                right, i = self.factor(atoms, i + 1)
                left = _Val(
                    left.shape if right.shape is not None and right.shape.is_scalar else None,
                    left.start,
                    right.end,
                )
                continue
            right, i = self.factor(atoms, i)
            left = self.combine_mul(left, right, "")
        return left, i

    def combine_mul(self, left: _Val, right: _Val, op: str) -> _Val:
        shape = None
        a, b = left.shape, right.shape
        if a is not None and b is not None:
            la, lb = self.text(left.start, left.end), self.text(right.start, right.end)
            try:
                if op == "":
                    shape = matmul(a, b, la, lb)
                elif op == "cdot":
                    if a.kind == b.kind == "vector":
                        if not same_dim(a.dims[0], b.dims[0]):
                            raise ShapeMismatch(
                                f"{la} ({a}) · {lb} ({b}): the dot product needs equal sizes, not {a.dims[0]} and {b.dims[0]}"
                            )
                        shape = SCALAR
                    else:
                        shape = matmul(a, b, la, lb)
                elif op in ("odot", "circ", "oslash"):
                    shape = add(a, b, la, lb, "elementwise times")
                elif a.is_scalar or b.is_scalar:
                    shape = b if a.is_scalar else a
            except ShapeMismatch as exc:
                self.error(left.start, right.end, str(exc))
            except _Unknown:
                shape = None
        return _Val(shape, left.start, right.end)

    def factor(self, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        if i >= len(atoms):
            raise _Abort
        a = atoms[i]
        if a.is_op("-", "+"):
            val, j = self.factor(atoms, i + 1)
            return _Val(val.shape, a.start, val.end), j
        val, j = self.primary(atoms, i)
        return val, j

    # ---- primaries ------------------------------------------------------------------------
    def primary(self, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        a = atoms[i]
        lex = self.lex
        if a.kind == "digit":
            return self.scripts(a, _Val(SCALAR, a.start, a.head_end)), i + 1
        if a.kind == "op" and a.text in ("(", "["):
            close = matching_bracket(atoms, i)
            if close is None:
                raise _Abort
            inner = self.sub(atoms[i + 1 : close])
            closing = atoms[close]
            val = _Val(inner, a.start, closing.head_end)
            return self.scripts(closing, val), close + 1
        if a.kind == "op" and a.text == "|":
            close = next((k for k in range(i + 1, len(atoms)) if atoms[k].is_op("|")), None)
            if close is None:
                raise _Abort
            inner = self.sub(atoms[i + 1 : close])
            shape = SCALAR if inner is not None and (inner.is_scalar or inner.kind == "matrix") else None
            return self.scripts(
                atoms[close], _Val(shape, a.start, atoms[close].head_end), norm=True
            ), close + 1
        if a.is_macro("|", "Vert", "lVert", "rVert", "lvert", "rvert", "vert"):
            name = {"lVert": "|", "rVert": "|", "Vert": "|", "|": "|"}.get(a.text, "vert")
            targets = ("|", "Vert", "lVert", "rVert") if name == "|" else ("vert", "lvert", "rvert")
            close = next((k for k in range(i + 1, len(atoms)) if atoms[k].is_macro(*targets)), None)
            if close is None:
                raise _Abort
            inner = self.sub(atoms[i + 1 : close])
            shape = SCALAR if name == "|" or (inner is not None and inner.is_scalar) else None
            return self.scripts(
                atoms[close], _Val(shape, a.start, atoms[close].head_end), norm=True
            ), close + 1
        if a.is_macro("langle"):
            close = next((k for k in range(i + 1, len(atoms)) if atoms[k].is_macro("rangle")), None)
            if close is None:
                raise _Abort
            return self.inner_product(atoms[i + 1 : close], a.start, atoms[close]), close + 1
        if a.kind == "group":
            inner = self.sub(a.inner)
            return self.scripts(a, _Val(inner, a.start, a.head_end)), i + 1
        if a.kind == "letter":
            # words (softmax, tanh) written as letters: a function name
            j = letter_run_end(atoms, i)
            run = "".join(x.text for x in atoms[i : j + 1])
            if j > i and (run in lex.words or len(run) >= 3):
                return self.apply_named(run, atoms, j, atoms[i].start)
        ref = symbol_ref(a)
        if ref is not None:
            if ref.key in ("O", "\\mathcal{O}") and i + 1 < len(atoms) and atoms[i + 1].is_op("("):
                close = matching_bracket(atoms, i + 1)
                if close is None:
                    raise _Abort
                return _Val(None, a.start, atoms[close].end), close + 1
            if ref.key in ("\\mathbb{E}", "\\mathbb{V}", "\\mathbb{P}"):
                return self.expectation(a, atoms, i)
            shape = self.env.lookup(a)
            if shape is None and ref.key in lex.known_symbols and ref.key != "e":
                # \sigma(z): the logistic function, elementwise
                if i + 1 < len(atoms) and atoms[i + 1].is_op("("):
                    return self.apply_elementwise(atoms, i + 1, a.start)
                return _Val(None, a.start, a.end), i + 1
            if ref.key == "e" and shape is None:
                shape = SCALAR
            if shape is not None and shape.kind == "function":
                return self.apply_function(a, shape, atoms, i)
            if (
                shape is None
                and i + 1 < len(atoms)
                and atoms[i + 1].is_op("(")
                and atoms[i + 1].start == a.end
            ):
                # f(x) with f undeclared: a function of unknown signature
                close = matching_bracket(atoms, i + 1)
                if close is None:
                    raise _Abort
                self.sub(atoms[i + 2 : close])
                return _Val(None, a.start, atoms[close].end), close + 1
            val = _Val(shape, a.start, a.head_end)
            return self.scripts(a, val), i + 1
        if a.kind == "macro":
            return self.macro(a, atoms, i)
        if a.kind == "env" and a.text in vocabulary().matrix_environments:
            return self.scripts(a, self.block_matrix(a)), i + 1
        raise _Abort

    def block_matrix(self, a: Atom) -> _Val:
        """``\\begin{bmatrix} I & 0\\\\ E & I\\end{bmatrix}``: entries, or blocks when a cell is a
        vector or matrix. A block row's cells share their height and a block column's their
        width; ``I``, ``0`` and scalar cells fit any size. Sizes that are sums of blocks are
        unknown (``WILD``): only a mismatch between two known blocks is an error."""
        rows: list[list[list[Atom]]] = [[[]]]
        for x in a.inner:
            if x.is_macro("\\"):
                rows.append([[]])
            elif x.is_op("&"):
                rows[-1].append([])
            else:
                rows[-1][-1].append(x)
        grid = [row for row in rows if any(row)]
        if not grid or any(not all(cell for cell in row) for row in grid):
            return _Val(None, a.start, a.head_end)
        width = len(grid[0])
        if any(len(row) != width for row in grid):
            return _Val(None, a.start, a.head_end)
        entries = [[self.sub(cell) for cell in row] for row in grid]
        if all(s is not None and s.is_scalar for row in entries for s in row):
            # a matrix of numbers: a worked example's sizes are the note's symbolic ones
            # instantiated (n = 3), so only a single row or column is a size we know
            rows_size = "1" if len(grid) == 1 else WILD
            return _Val(matrix(rows_size, "1" if width == 1 else WILD), a.start, a.head_end)
        shapes = [
            [self._block(cell, s) for cell, s in zip(row, srow, strict=True)]
            for row, srow in zip(grid, entries, strict=True)
        ]
        heights = [
            self._block_size(grid[r], [_as_block(s)[0] for s in shapes[r]], "row", r)
            for r in range(len(grid))
        ]
        widths = [
            self._block_size([row[c] for row in grid], [_as_block(row[c])[1] for row in shapes], "column", c)
            for c in range(width)
        ]
        if "!" in heights or "!" in widths or any(s is None for row in shapes for s in row):
            return _Val(None, a.start, a.head_end)
        return _Val(matrix(_block_total(heights), _block_total(widths)), a.start, a.head_end)

    @staticmethod
    def _block(cell: list[Atom], shape: Shape | None) -> Shape | None:
        if len(cell) == 1 and cell[0].kind == "digit" and cell[0].text == "0" and cell[0].sup is None:
            return matrix(WILD, WILD)  # a zero block of any size
        return shape

    def _block_size(
        self, cells: list[list[Atom]], sizes: list[str | None], what: str, index: int
    ) -> str | None:
        """The size the blocks of one block row (their heights) or column (widths) share; ``"!"``
        after reporting two blocks that cannot share one."""
        known = [
            (cell, size) for cell, size in zip(cells, sizes, strict=True) if size is not None and size != WILD
        ]
        for (first, a), (other, b) in itertools.pairwise(known):
            if not same_dim(a, b):
                measure = "heights" if what == "row" else "widths"
                self.error(
                    first[0].start,
                    other[-1].end,
                    f"blocks in {what} {index + 1} of the block matrix have different {measure}: "
                    f"{self.text(first[0].start, first[-1].end)} ({a}) and "
                    f"{self.text(other[0].start, other[-1].end)} ({b})",
                )
                return "!"
        if known:
            return known[0][1]
        return None if any(size is None for size in sizes) else WILD

    def sub(self, atoms: list[Atom]) -> Shape | None:
        """Shape of a bracketed sub-expression (a single piece, else unknown)."""
        if not atoms:
            return None
        pieces = self.pieces(atoms)
        if len(pieces) != 1 or len(pieces[0]) != len(atoms):
            for p in pieces:
                self.piece(p)
            return None
        return self.piece(atoms)

    def scripts(self, a: Atom, val: _Val, norm: bool = False) -> _Val:
        """Apply ``a``'s superscript (transpose, inverse, power, star) to ``val``."""
        shape = val.shape
        end = a.end
        label = self.text(val.start, val.end)
        if a.sub is not None and norm:
            pass  # \|x\|_2
        if a.primes and shape is not None and not shape.is_scalar:
            return _Val(None, val.start, end)  # X'X: a transpose in some notations, a new symbol in others
        if a.sup is None:
            return _Val(shape, val.start, end)
        sup = a.sup[0].inner if len(a.sup) == 1 and a.sup[0].kind == "group" else a.sup
        kind = _sup_kind(sup)
        if shape is None:
            return _Val(None, val.start, end)
        if shape.is_scalar:
            return _Val(shape, val.start, end)  # e^{-\\lambda}, \\sigma^2, \\lambda^{-1}
        try:
            if kind == "transpose":
                shape = transpose(shape)
            elif kind == "inverse":
                shape = inverse(shape, label)
            elif kind == "pinv":
                shape = pinv(shape)
            elif kind == "same":
                pass
            elif (kind == "power" or kind == "half") and self.env.is_entrywise(a):
                pass  # \hat\sigma^2 of an array of variances: entrywise
            elif kind == "power" or kind == "half":
                shape = power(shape, label)
            else:
                shape = None
        except ShapeMismatch as exc:
            self.error(val.start, end, str(exc))
            shape = None
        except _Unknown:
            shape = None
        return _Val(shape, val.start, end)

    def inner_product(self, atoms: list[Atom], start: int, close: Atom) -> _Val:
        commas = [k for k, x in enumerate(atoms) if x.is_op(",")]
        val = _Val(SCALAR, start, close.head_end)
        if len(commas) == 1:
            left, right = atoms[: commas[0]], atoms[commas[0] + 1 :]
            sa, sb = self.piece(left), self.piece(right)
            if (
                sa is not None
                and sb is not None
                and sa.kind == sb.kind == "vector"
                and not same_dim(sa.dims[0], sb.dims[0])
            ):
                la = self.text(left[0].start, left[-1].end)
                lb = self.text(right[0].start, right[-1].end)
                self.error(
                    start,
                    close.head_end,
                    f"inner product of {la} ({sa}) and {lb} ({sb}): sizes {sa.dims[0]} and {sb.dims[0]} differ",
                )
        return self.scripts(close, val)

    def expectation(self, a: Atom, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        if i + 1 < len(atoms) and atoms[i + 1].is_op("[", "("):
            close = matching_bracket(atoms, i + 1)
            if close is None:
                raise _Abort
            inner = self.sub(atoms[i + 2 : close])
            return self.scripts(atoms[close], _Val(inner, a.start, atoms[close].head_end)), close + 1
        return _Val(None, a.start, a.end), i + 1

    def argument(self, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        """What a function or operator applies to: ``(…)`` or the next factor."""
        if i >= len(atoms):
            raise _Abort
        if atoms[i].is_op("(", "["):
            close = matching_bracket(atoms, i)
            if close is None:
                raise _Abort
            inner = self.sub(atoms[i + 1 : close])
            return self.scripts(atoms[close], _Val(inner, atoms[i].start, atoms[close].head_end)), close + 1
        return self.factor(atoms, i)

    def apply_elementwise(self, atoms: list[Atom], i: int, start: int) -> tuple[_Val, int]:
        arg, j = self.argument(atoms, i)
        shape = arg.shape if arg.shape is not None and arg.shape.kind != "function" else None
        return _Val(shape, start, arg.end), j

    def apply_named(self, name: str, atoms: list[Atom], j: int, start: int) -> tuple[_Val, int]:
        """``softmax(z)``, ``\\operatorname{tr}(A)``: the result shape by the operator."""
        last = atoms[j]
        if last.sub is not None or last.sup is not None:
            # \max_w, \log^2: scripts on the name; do not interpret
            if j + 1 < len(atoms) and atoms[j + 1].is_op("(", "["):
                close = matching_bracket(atoms, j + 1)
                if close is None:
                    raise _Abort
                self.sub(atoms[j + 2 : close])
                return _Val(None, start, atoms[close].end), close + 1
            return _Val(None, start, last.end), j + 1
        if j + 1 >= len(atoms):
            return _Val(None, start, last.end), j + 1
        name = name.replace(" ", "")
        arg, k = self.argument(atoms, j + 1)
        shape = arg.shape
        label = _strip_parens(self.text(arg.start, arg.end))
        what = self.text(start, arg.end)
        try:
            if shape is None:
                out = SCALAR if name in _SCALAR_OPS else None
            elif name in ("det",):
                require_square(shape, what, label)
                out = SCALAR
            elif name in ("tr", "Tr", "trace"):
                if shape.kind == "matrix":
                    require_square(shape, what, label)
                out = SCALAR
            elif name in _SCALAR_OPS:
                out = SCALAR
            elif name in ("diag", "Diag"):
                out = diag(shape)
            elif name in self.lex.elementwise or name in (
                "softmax",
                "Softmax",
                "relu",
                "ReLU",
                "sigmoid",
                "tanh",
            ):
                out = shape if shape.kind != "function" else None
            else:
                out = None
        except ShapeMismatch as exc:
            self.error(start, arg.end, str(exc))
            out = None
        except _Unknown:
            out = None
        return _Val(out, start, arg.end), k

    def apply_function(self, a: Atom, sig: Shape, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        """``f(x)`` with ``f`` declared as a map: check the argument, give the codomain."""
        name = self.text(a.start, a.head_end)
        if a.sub is not None or a.sup is not None or a.primes:
            # f_i, f^{-1}, f': not the declared signature
            if i + 1 < len(atoms) and atoms[i + 1].is_op("("):
                close = matching_bracket(atoms, i + 1)
                if close is None:
                    raise _Abort
                self.sub(atoms[i + 2 : close])
                return _Val(None, a.start, atoms[close].end), close + 1
            return _Val(None, a.start, a.end), i + 1
        if i + 1 < len(atoms) and atoms[i + 1].is_op("("):
            close = matching_bracket(atoms, i + 1)
            if close is None:
                raise _Abort
            args = atoms[i + 2 : close]
            pieces = self.pieces(args)
            if len(pieces) == 1 and len(pieces[0]) == len(args):
                shape = self.piece(args)
                dom = sig.domain
                if (
                    shape is not None
                    and dom is not None
                    and not same_shape(shape, dom)
                    and dom.kind != "scalar"
                    and shape.kind in ("vector", "matrix")
                ):
                    label = self.text(args[0].start, args[-1].end)
                    self.error(
                        a.start,
                        atoms[close].end,
                        f"{name} takes an argument of shape {dom} but {label} has shape {shape}",
                    )
                if (
                    shape is not None
                    and shape.kind in ("vector", "matrix", "tensor")
                    and dom is not None
                    and dom.is_scalar
                    and sig.codomain is not None
                    and sig.codomain.is_scalar
                ):
                    # \sigma:\mathbb{R}\to\mathbb{R} applied to a vector: applied entrywise
                    return self.scripts(atoms[close], _Val(shape, a.start, atoms[close].head_end)), close + 1
            else:
                for p in pieces:
                    self.piece(p)
            return self.scripts(atoms[close], _Val(sig.codomain, a.start, atoms[close].head_end)), close + 1
        return _Val(None, a.start, a.end), i + 1

    def macro(self, a: Atom, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        lex = self.lex
        name = a.text
        if name in ("frac", "tfrac", "dfrac", "cfrac") and len(a.args) == 2:
            return self.scripts(a, self.fraction(a)), i + 1
        if name == "sqrt" and a.args:
            inner = self.sub(a.args[-1])
            return self.scripts(
                a, _Val(inner if inner is not None and inner.is_scalar else None, a.start, a.head_end)
            ), i + 1
        if name in ("boxed", "underbrace", "overbrace", "cancel", "left", "right"):
            inner = self.sub(a.args[0]) if a.args else None
            return self.scripts(a, _Val(inner, a.start, a.head_end)), i + 1
        if name == "nabla":
            return self.gradient(a, atoms, i)
        if name in ("infty",):
            return _Val(SCALAR, a.start, a.end), i + 1
        op = macro_name(a)
        if name == "operatorname" or name in lex.operators or name in lex.elementwise:
            if op is None:
                raise _Abort
            if op.replace(" ", "") in ("argmin", "argmax", "arg") or name in lex.binders:
                return self.binder(a, atoms, i)
            if a.sub is not None or (a.sup is not None and name not in lex.elementwise):
                return self.apply_named(op, atoms, i, a.start)
            return self.apply_named(op, atoms, i, a.start)
        if name in lex.binders:
            return self.binder(a, atoms, i)
        if name in ("mathrm", "text", "mathit") and a.args:
            word = plain_text(a.args[0])
            if word in lex.words or word in lex.operators or word in lex.elementwise:
                return self.apply_named(word, atoms, i, a.start)
        raise _Abort

    def fraction(self, a: Atom) -> _Val:
        num, den = a.args
        # \frac{\partial L}{\partial W}: the shape of W (a scalar L); \frac{d}{dw} f
        if den and (
            den[0].is_macro("partial")
            or (den[0].kind == "letter" and den[0].text == "d")
            or den[0].is_macro("mathrm")
        ):
            var = den[1:] if len(den) >= 2 else []
            if len(var) == 1 and (den[0].sup is None):
                wrt = self.env.lookup(var[0]) if var[0].sup is None else None
                numerator = self.sub(num[1:]) if len(num) > 1 else None
                if wrt is not None and (numerator is None or numerator.is_scalar):
                    return _Val(wrt, a.start, a.head_end)
            return _Val(None, a.start, a.head_end)
        sn = self.sub(num)
        sd = self.sub(den)
        if sn is not None and sd is not None and sd.is_scalar:
            return _Val(sn, a.start, a.head_end)
        return _Val(None, a.start, a.head_end)

    def gradient(self, a: Atom, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        """``\\nabla_w f`` has the shape of ``w``; ``\\nabla_w^2 f`` is square in it."""
        wrt: Shape | None = None
        if a.sub is not None:
            flat = a.sub[0].inner if len(a.sub) == 1 and a.sub[0].kind == "group" else a.sub
            if len(flat) == 1:
                wrt = self.env.lookup(flat[0])
        hessian = a.sup is not None and plain_text(a.sup) == "2"
        j = i + 1
        body: _Val | None = None
        if j < len(atoms) and not atoms[j].is_op("+", "-", ")") and not is_relation(atoms[j]):
            body, j = self.factor(atoms, j)
            # \nabla f(x): the argument of f
            if a.sub is None and body is not None:
                wrt = None
        end = body.end if body is not None else a.end
        if wrt is None:
            return _Val(None, a.start, end), j
        if hessian:
            if wrt.kind == "vector":
                return _Val(matrix(wrt.dims[0], wrt.dims[0]), a.start, end), j
            return _Val(SCALAR if wrt.is_scalar else None, a.start, end), j
        return _Val(wrt, a.start, end), j

    def binder(self, a: Atom, atoms: list[Atom], i: int) -> tuple[_Val, int]:
        """``\\sum_i …``, ``\\max_u …``, ``\\arg\\min_w …``: the body is the next term."""
        j = i + 1
        name = (macro_name(a) or a.text).replace(" ", "")
        if name == "arg" and j < len(atoms) and atoms[j].is_macro("min", "max"):
            a = atoms[j]
            name = "argmin"
            j += 1
        # the body: bound variables are local
        bound = set()
        if a.sub is not None:
            for x in a.sub[0].inner if len(a.sub) == 1 and a.sub[0].kind == "group" else a.sub:
                if is_relation(x) or x.is_op(":"):
                    break
                ref = symbol_ref(x)
                if ref is not None:
                    bound.add(ref.key)
        saved = self.env
        wrt: Shape | None = None
        if name in ("argmin", "argmax") and len(bound) == 1:
            key = next(iter(bound))
            wrt = saved.shapes.get(key)
        self.env = ShapeEnv(saved.shapes, saved.local | frozenset(bound), saved.entrywise, saved.sizes)
        try:
            if j < len(atoms) and not atoms[j].is_op("+", "-") and not is_relation(atoms[j]):
                body, j = self.term(atoms, j)
                end = body.end
                shape = body.shape
            else:
                end, shape = a.end, None
        finally:
            self.env = saved
        if name in ("sum", "prod", "max", "min", "sup", "inf", "lim"):
            if name == "prod" and shape is not None and not shape.is_scalar:
                shape = None
            return _Val(shape, a.start, end), j
        if name in ("argmin", "argmax"):
            return _Val(wrt, a.start, end), j
        return _Val(None, a.start, end), j


def _as_block(shape: Shape | None) -> tuple[str | None, str | None]:
    """(height, width) of a cell: a scalar fits any block size (``0``, ``a`` for ``aI``)."""
    if shape is None:
        return None, None
    if shape.is_scalar:
        return WILD, WILD
    if shape.kind in ("vector", "matrix"):
        return _as_matrix(shape)
    return None, None


def _block_total(sizes: list[str | None]) -> str:
    """The size of a block matrix along one axis: one block's size, else unknown (a sum)."""
    if len(sizes) == 1 and sizes[0] is not None:
        return sizes[0]
    return WILD


def _strip_parens(text: str) -> str:
    t = text.strip()
    for left, right in (("(", ")"), ("\\left(", "\\right)"), ("[", "]")):
        if t.startswith(left) and t.endswith(right):
            inner = t[len(left) : -len(right)]
            if inner.count("(") == inner.count(")"):
                return inner.strip()
    return t


def _sup_kind(sup: list[Atom]) -> str:
    text = "".join(
        x.text if x.kind in ("letter", "digit", "op") else ("\\" + x.text if x.kind == "macro" else "?")
        for x in sup
    )
    if (
        len(sup) == 1
        and sup[0].kind == "macro"
        and sup[0].text in ("mathsf", "mathrm", "text")
        and plain_text(sup[0].args[0] if sup[0].args else []) == "T"
    ):
        return "transpose"
    if text in ("\\top", "T", "\\intercal", "\\rmT", "\\sfT"):  # X^{\rm T}: a plain-TeX font switch
        return "transpose"
    if len(sup) == 1 and sup[0].kind == "macro" and sup[0].text in ("mathsf", "mathrm", "text", "textrm"):
        return "same"  # w^{\mathrm{OLS}}, x^{\text{new}}: a named variant of the same shape
    if text in ("-1",):
        return "inverse"
    if text in ("\\dagger", "+", "\\dag"):
        return "pinv"
    if text in ("*", "\\star", "\\ast", "\\prime", "\\circ", "'", "\\bullet", "(k)") or text.startswith("("):
        return "same"
    if text in ("1/2", "-1/2", "\\frac", "\\tfrac", "-\\frac", "-\\tfrac"):
        return "half"
    if re.fullmatch(r"\d+|[a-zA-Z]", text):
        return "power"
    return "other"


def infer(atoms: list[Atom], source: str, env: ShapeEnv) -> list[tuple[list[Atom], Shape | None]]:
    """Shapes of each piece (split at relations, commas, text) of a math source."""
    parser = _Parser(source, env)
    return [(p, parser.piece(p)) for p in parser.pieces(_flatten_envs(atoms))]


def check(atoms: list[Atom], source: str, env: ShapeEnv) -> list[ShapeError]:
    """Every shape mismatch in a math source, in order: inside each expression, and between
    the two sides of ``=`` or ``\\approx`` when both shapes are known and neither is a scalar
    (a scalar side is a broadcast or a 1-D check such as ``X^\\top X = 4`` with ``d = 1``)."""
    parser = _Parser(source, env)
    previous: tuple[list[Atom], Shape | None, Atom | None] | None = None
    for p, end in parser.pieces_with_separators(_flatten_envs(atoms)):
        errors_before = len(parser.errors)
        shape = parser.piece(p)
        if (
            previous is not None
            and previous[2] is not None
            and _is_equality(previous[2])
            and len(parser.errors) == errors_before
        ):
            left, left_shape, _ = previous
            if (
                left_shape is not None
                and shape is not None
                and not left_shape.is_scalar
                and not shape.is_scalar
                and left_shape.kind != "function"
                and shape.kind != "function"
                and not same_shape(left_shape, shape)
                and not _specialises_map(left, left_shape, shape, env)
            ):
                lt = parser.text(left[0].start, left[-1].end)
                rt = parser.text(p[0].start, p[-1].end)
                parser.error(
                    left[0].start,
                    p[-1].end,
                    f"the two sides of = have different shapes: {lt} ({left_shape}) and {rt} ({shape})",
                )
        previous = (p, shape, end)
    seen: set[tuple[int, int, str]] = set()
    out = []
    for e in parser.errors:
        if (e.start, e.end, e.message) not in seen:
            seen.add((e.start, e.end, e.message))
            out.append(e)
    return out


def _specialises_map(left: list[Atom], left_shape: Shape, right_shape: Shape, env: ShapeEnv) -> bool:
    """``\\phi(s,a) = e_a`` ("in the tabular case"): a declared map given a value at its
    arguments sets its sizes to the value's (``p = |\\mathcal{A}|``), as ``$n = d$`` would. Only
    different *names* of sizes are taken so; a different kind of object or two different
    numbers is still a mismatch."""
    if len(left) < 3 or not left[1].is_op("(") or matching_bracket(left, 1) != len(left) - 1:
        return False
    declared = env.lookup(left[0])
    if declared is None or declared.kind != "function" or left[0].sup is not None:
        return False
    if left_shape.kind != right_shape.kind or len(left_shape.dims) != len(right_shape.dims):
        return False
    return all(
        same_dim(a, b) or not (_is_number(a) and _is_number(b))
        for a, b in zip(left_shape.dims, right_shape.dims, strict=True)
    )


def _is_number(dim: str) -> bool:
    return dim.isdigit()


def _is_equality(a: Atom) -> bool:
    """``=``, ``\\approx``, a definition: both sides have one shape."""
    if a.kind not in ("op", "macro"):
        return False
    relation = vocabulary().relation(a.text)
    return relation is not None and relation.kind in ("equality", "definition", "approximation")


def infer_expression(atoms: list[Atom], source: str, env: ShapeEnv) -> tuple[Shape | None, list[ShapeError]]:
    """The shape of one expression (no relations in it) and its mismatches."""
    parser = _Parser(source, env)
    pieces = parser.pieces(atoms)
    if len(pieces) != 1:
        return None, []
    shape = parser.piece(pieces[0])
    return shape, parser.errors


def _flatten_envs(atoms: list[Atom]) -> list[Atom]:
    """Display environments (align, equation, gathered) contribute their bodies."""
    out: list[Atom] = []
    for a in atoms:
        if a.kind == "env" and a.text.rstrip("*") in (
            "align",
            "equation",
            "gather",
            "multline",
            "aligned",
            "gathered",
            "split",
            "alignat",
            "flalign",
            "eqnarray",
        ):
            out.extend(_flatten_envs(a.inner))
            out.append(Atom(a.tok.__class__("macro", "\\", a.end, a.end)))
        else:
            out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# domains: the shape a set states (\mathbb{R}^{n\times d}, \{0,1\}^n, \Delta^{K-1}, …)


@dataclass(frozen=True)
class DomainShape:
    """What a domain says about shape: ``shape`` when the sizes are given; ``kind`` (vector,
    matrix) when the set is one of vectors or matrices but no size is written
    (``\\mathbb{S}_{++}``); neither for sets notelint cannot read (``\\mathcal{X}``)."""

    shape: Shape | None
    kind: str | None = None


_NUMBER_SETS = (
    "\\mathbb{R}",
    "\\mathbb{C}",
    "\\mathbb{N}",
    "\\mathbb{Z}",
    "\\mathbb{Q}",
    "\\mathbb{F}",
    "\\mathbb{K}",
)


def _dims_of(sup: list[Atom]) -> list[str] | None:
    flat = sup[0].inner if len(sup) == 1 and sup[0].kind == "group" else sup
    parts: list[list[Atom]] = [[]]
    for a in flat:
        if a.is_macro("times") or a.is_op(","):
            parts.append([])
        else:
            parts[-1].append(a)
    if any(not p for p in parts):
        return None
    return [_script_text(p) for p in parts]


def domain_shape(atoms: list[Atom]) -> DomainShape:
    """The shape of the elements of a set written as LaTeX atoms."""
    if not atoms:
        return DomainShape(None)
    minus = next((k for k, a in enumerate(atoms) if a.is_macro("setminus", "backslash")), None)
    if minus:
        return domain_shape(atoms[:minus])  # \mathbb{R}^d\setminus\{0\}: vectors of size d
    first = atoms[0]
    ref = symbol_ref(first)
    key = ref.key if ref is not None else None
    if key in _NUMBER_SETS and len(atoms) == 1:
        if first.sup is None:
            return DomainShape(SCALAR)
        dims = _dims_of(first.sup)
        if not dims:
            return DomainShape(None)
        return DomainShape(tensor(*dims))
    if key == "\\mathbb{S}" and len(atoms) == 1:
        if first.sup is not None:
            dims = _dims_of(first.sup)
            if dims and len(dims) == 1:
                return DomainShape(matrix(dims[0], dims[0]))
        return DomainShape(None, "matrix")
    if key == "\\Delta" and len(atoms) == 1:
        if first.sup is not None:
            text = _script_text(first.sup)
            if text.endswith("-1") and len(text) > 2:
                return DomainShape(vector(text[:-2]))
            if text.isdigit():
                # \Delta^{1}: the simplex of probability vectors with two entries
                return DomainShape(vector(str(int(text) + 1)))
        if first.sub is not None:
            return DomainShape(vector(_script_text(first.sub)))
        return DomainShape(None, "vector")
    # {0,1}^n, [0,1]^d, (0,1): a set of scalars, raised to a power
    closer = atoms[-1]
    if (first.is_macro("{", "lbrace") and closer.is_macro("}", "rbrace")) or (
        first.is_op("[", "(") and closer.is_op("]", ")")
    ):
        if closer.sup is None:
            return DomainShape(SCALAR)
        dims = _dims_of(closer.sup)
        return DomainShape(tensor(*dims) if dims else None)
    return DomainShape(None)


def dims_shape(atoms: list[Atom]) -> Shape | None:
    """``d \\times 1``, ``(n \\times d)``, ``d``: a shape written as sizes, else None."""
    if len(atoms) >= 2 and atoms[0].is_op("(") and atoms[-1].is_op(")"):
        atoms = atoms[1:-1]
    if not atoms or len(atoms) > 9:
        return None
    parts: list[list[Atom]] = [[]]
    for a in atoms:
        if a.is_macro("times"):
            parts.append([])
        elif a.kind in ("letter", "digit") or a.is_op("+", "-"):
            parts[-1].append(a)
        else:
            return None
    if any(not p for p in parts) or len(parts) > 4:
        return None
    dims = ["".join(x.text for x in p) + ("_" + _script_text(p[-1].sub) if p[-1].sub else "") for p in parts]
    if any(x.sup is not None for p in parts for x in p):
        return None
    return tensor(*dims)
