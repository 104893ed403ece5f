"""The precedence parser of shape inference: the shape of an expression written in atoms.

Relations, commas and text split an expression into pieces; in a piece, ``+``/``-`` bind
looser than products (juxtaposition, ``\\cdot``, ``\\odot``, ``/``), which bind looser than
scripts (transpose, inverse, powers). Applications of declared maps and of known functions,
expectations, gradients, binders (sums, maxima), inner products and block matrices
(a block row's cells share their height, a block column's their width; ``I``, ``0`` and scalar
cells fit any size) have their own methods. Anything it does not understand has an unknown
shape, and an unknown shape never produces an error: notelint stays silent when in doubt.

Size: over 600 lines because it is one recursive-descent grammar in one class
(:class:`ShapeParser`), whose methods call each other; the entry points are in
:mod:`notelint.math.semantics.shape_inference`.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from notelint.math.reading.atoms import (
    Atom,
    is_relation,
    letter_run_end,
    macro_name,
    matching_bracket,
    plain_text,
    symbol_ref,
)
from notelint.math.reading.lexicon import lexicon
from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.shape_algebra import (
    SCALAR,
    WILD,
    Shape,
    ShapeMismatch,
    ShapeUnknown,
    add,
    as_matrix,
    diag,
    inverse,
    matmul,
    matrix,
    pinv,
    power,
    require_square,
    same_dim,
    same_shape,
    transpose,
)
from notelint.math.semantics.shape_env import (
    ShapeEnv,
)

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
    """The shape of a piece of math, or the shape errors found in it."""

    shape: Shape | None
    errors: list[ShapeError]


class _Abort(Exception):
    """The parser met something it does not understand: the piece has no shape."""


@dataclass
class _Val:
    """An operand's shape and its offsets while parsing."""

    shape: Shape | None
    start: int
    end: int


_RELATION_OPS = ("=", "<", ">")
#: a wide space between two blocks of a row (``\ ``, ``\;``, ``\quad``, ``\enspace``), not the
#: thin ``\,`` of a product
_BLOCK_GAP = re.compile(r"\\(?: |;|:|>|quad|qquad|enspace|hspace)")
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
#: the elementwise products, whose right operand is the juxtaposed product that follows
_ELEMENTWISE = ("odot", "oslash")


def _juxtaposed(a: Atom) -> bool:
    """Does ``a`` start a factor juxtaposed to the one before (no operator, bracket end or relation)?"""
    return not (
        a.is_op("+", "-", ")", "]", "/", ",", ";")
        or is_relation(a)
        or (a.kind == "macro" and a.text in _PRODUCT_MACROS)
    )


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


class ShapeParser:
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
            except ShapeUnknown:
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
                while a.text in _ELEMENTWISE and i < len(atoms) and _juxtaposed(atoms[i]):
                    # y\odot X(w-v) is y ⊙ (X(w−v)): a written ⊙ binds looser than juxtaposition
                    after, i = self.factor(atoms, i)
                    right = self.combine_mul(right, after, "")
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
            inner = self._inner_product_after(left, right, atoms, i)
            if inner is not None:
                # "$Ax^\top x$ is $A$ times the scalar $\|x\|_2^2$": a row times the next column
                # is an inner product, a scalar that multiplies what stands before it
                left, i = _Val(left.shape, left.start, inner[0].end), inner[1]
                continue
            left = self.combine_mul(left, right, "")
        return left, i

    def _inner_product_after(
        self, left: _Val, right: _Val, atoms: list[Atom], i: int
    ) -> tuple[_Val, int] | None:
        """When ``left`` times ``right`` cannot agree but ``right`` is a row that the next
        factor makes a scalar, in a product that stands alone, that factor and where the term
        goes on; else None."""
        a, b = left.shape, right.shape
        if a is None or b is None or b.kind != "matrix" or b.dims[0] != "1" or i >= len(atoms):
            return None
        if any(is_relation(x) or x.is_op("+", "-") for x in atoms):
            # only a product standing alone ("$Ax^\top x$ is $A$ times …"): inside a sum or an
            # equation, Σ^{-1}μ^⊤x is the misplaced transpose it looks like (−2μ^⊤Σ^{-1}x meant)
            return None
        nxt = atoms[i]
        if nxt.is_op(")", "]", "/") or (nxt.kind == "macro" and nxt.text in _PRODUCT_MACROS):
            return None
        try:
            matmul(a, b)
            return None  # they agree: nothing to regroup
        except (ShapeMismatch, ShapeUnknown):
            pass
        saved = len(self.errors)
        try:
            after, j = self.factor(atoms, i)
        except _Abort:
            return None
        try:
            product = matmul(b, after.shape) if after.shape is not None else None
        except (ShapeMismatch, ShapeUnknown):
            product = None
        if product is None or not (product.is_scalar or product.dims == ("1", "1")):
            del self.errors[saved:]
            return None
        return after, j

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
            except ShapeUnknown:
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
            if a.text == "0" and a.sup is None:
                # X\cdot 0 of w = 0: the zero of whatever shape its place needs
                return _Val(None, a.start, a.head_end), i + 1
            return self.scripts(a, _Val(SCALAR, a.start, a.head_end)), i + 1
        if a.kind == "op" and a.text in ("(", "["):
            close = matching_bracket(atoms, i)
            if close is None:
                raise _Abort
            blocks = self.row_of_blocks(atoms[i + 1 : close]) if a.text == "[" else []
            for block in blocks:
                self.sub(block)  # each block is still checked; the row's shape is not inferred
            inner = self.sub(atoms[i + 1 : close]) if len(blocks) < 2 else None
            if a.text == "[" and close == i + 2 and atoms[i + 1].kind == "letter":
                inner = None  # "units of $[X]^2$": the dimension of X, no matrix
            closing = atoms[close]
            val = _Val(inner, a.start, closing.head_end)
            return self.scripts(closing, val, entry=True), close + 1
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
            return self.scripts(a, _Val(inner, a.start, a.head_end), entry=True), i + 1
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
            own = self.env.own_shape(a)
            if own is not None and own.kind != "function":
                return _Val(own, a.start, a.end), i + 1
            shape = self.env.lookup(a)
            if shape is None and ref.key in lex.known_symbols and ref.key != "e" and a.sub is None:
                # \sigma(z): the logistic function, elementwise (\sigma_{\max}(X), a singular
                # value, is another function: of unknown signature below)
                if i + 1 < len(atoms) and atoms[i + 1].is_op("("):
                    return self.apply_elementwise(atoms, i + 1, a.start)
                return _Val(None, a.start, a.end), i + 1
            if ref.key == "e" and shape is None:
                shape = SCALAR
            if shape is not None and shape.kind == "function":
                return self.apply_function(a, shape, atoms, i)
            applied = i + 1 < len(atoms) and atoms[i + 1].is_op("(") and atoms[i + 1].start == a.end
            entry = applied and ref.key in self.env.called_entries and a.sub is None
            if entry or (applied and shape is None):
                close = matching_bracket(atoms, i + 1)
                if close is None:
                    raise _Abort
                if entry:
                    # \pi(x) of a distribution whose glossary writes its entries so: an entry
                    return _Val(SCALAR, a.start, atoms[close].end), close + 1
                # f(x) with f undeclared: a function of unknown signature
                self.sub(atoms[i + 2 : close])
                return _Val(None, a.start, atoms[close].end), close + 1
            if applied and shape is not None and shape.kind == "vector" and a.sup is None:
                # "$z(x+tv)=(1.51,2,2.01)$" of a vector z_j = w_j^\top x + b_j: z applied to a point
                # (a product of two column vectors is never written); times a number it is a product
                close = matching_bracket(atoms, i + 1)
                if close is None:
                    raise _Abort
                inner = self.sub(atoms[i + 2 : close])
                if inner is None or not inner.is_scalar:
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
        if all(
            (s is not None and s.is_scalar) or _lone_zero(cell)
            for row, srow in zip(grid, entries, strict=True)
            for cell, s in zip(row, srow, strict=True)
        ):
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
        if _lone_zero(cell):
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

    def row_of_blocks(self, atoms: list[Atom]) -> list[list[Atom]]:
        r"""``[\,Q\ \ Q_\perp\,]``, ``[A \; B]``: blocks set side by side in square brackets,
        split where a wide space (:data:`_BLOCK_GAP`, which the atoms drop) separates them."""
        blocks: list[list[Atom]] = [[]]
        for prev, a in zip([None, *atoms], atoms, strict=False):
            if prev is not None and _BLOCK_GAP.search(self.source, prev.end, a.start):
                blocks.append([])
            blocks[-1].append(a)
        return blocks if len(blocks) > 1 else []

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

    def scripts(self, a: Atom, val: _Val, norm: bool = False, entry: bool = False) -> _Val:
        """Apply ``a``'s superscript (transpose, inverse, power, star) to ``val``; with ``entry``
        (a bracket or a group), a subscript first takes an entry: ``(g_s)_j`` of a vector is a
        scalar, ``(A)_{ij}`` of a matrix too."""
        shape = val.shape
        end = a.end
        if entry and a.sub is not None and shape is not None and shape.kind in ("vector", "matrix"):
            indices = [x for x in a.sub if not x.is_op(",")]
            shape = SCALAR if shape.kind == "vector" or len(indices) >= 2 else None
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
        except ShapeUnknown:
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
        except ShapeUnknown:
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
            own = symbol_ref(a)
            if own is not None and any((r := symbol_ref(x)) is not None and r.key == own.key for x in args):
                # J(J^\top J)^{-1}J^\top with J(θ) declared: J's value (written bare, as J^\top
                # inside shows) times a bracket, not J applied to JᵀJ
                return _Val(None, a.start, a.end), i + 1
            pieces = self.pieces(args)
            if any(p and all(x.is_macro("cdot", "bullet", ",", ";", "!", "quad") for x in p) for p in pieces):
                # Q(s,\cdot): the map of the other argument, a vector over it or a function, not
                # the codomain
                return self.scripts(atoms[close], _Val(None, a.start, atoms[close].head_end)), close + 1
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
                if shape is None and dom is not None and dom.is_scalar and sig.codomain is not None:
                    # φ: ℝ → ℝ applied to an argument of unknown shape (LN(U)W_1 + 1b_1ᵀ): entrywise,
                    # of its argument's shape, which is not known
                    return self.scripts(atoms[close], _Val(None, a.start, atoms[close].head_end)), close + 1
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
                # (a gradient in the numerator, \partial\,\nabla f(w), is a vector: its
                # derivative is a matrix, not the shape of w)
                gradient = numerator is None and any(x.is_macro("nabla") for x in num)
                # (and an application of unknown value, \partial\,\mathrm{SwiGLU}(x), may be a
                # vector: ∂L/∂W of an undeclared L is a loss's, ∂F(x)/∂x no known shape)
                applied = numerator is None and any(x.is_op("(") for x in num)
                if (
                    wrt is not None
                    and not gradient
                    and not applied
                    and (numerator is None or numerator.is_scalar)
                ):
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
            # \nabla_\beta\,\beta^\top\Sigma\beta: the variable's gradient takes the whole term
            body, j = self.term(atoms, j) if a.sub is not None else self.factor(atoms, j)
            # \nabla f(x): the argument of f
            if a.sub is None and body is not None:
                wrt = None
        end = body.end if body is not None else a.end
        if wrt is None:
            return _Val(None, a.start, end), j
        if body is not None and body.shape is not None and not body.shape.is_scalar and not hessian:
            # \nabla_u\hat u of a vector \hat u: a Jacobian, or the elementwise derivative of a
            # gate (∂h_t/∂z_t): no shape notelint can tell (a body of unknown shape keeps u's)
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
        self.env = dataclasses.replace(saved, local=saved.local | frozenset(bound))
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
        return as_matrix(shape)
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
    if sup and sup[0].is_op("("):
        # x^{(m)\top}, W^{(l)-1}: the member's label, then what is done to the member
        close = next((k for k, x in enumerate(sup) if x.is_op(")")), None)
        if close is not None and close + 1 < len(sup):
            return _sup_kind(sup[close + 1 :])
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


def _lone_zero(cell: list[Atom]) -> bool:
    """A cell that is the digit 0 alone: a number in a matrix of numbers, a zero block beside blocks."""
    return len(cell) == 1 and cell[0].kind == "digit" and cell[0].text == "0" and cell[0].sup is None
