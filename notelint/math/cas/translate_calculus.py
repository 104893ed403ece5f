r"""Sums over index sets, entries indexed by bound or free indices, and concrete sizes.

Worker side (imports SymPy): the parts of :class:`notelint.math.cas.latex_sympy.Translator` that
read ``\sum_{i=1}^{n} x_i``, ``\sum_i``, ``\sum_{j\ne i}``, ``\prod_{s\le t}``, ``x_i`` (the
i-th entry of a declared vector ``x``), ``h_{ij}`` (an entry of a declared matrix ``H``),
``\alpha_t`` (a sequence: one value per ``t``), ``\hat x_i = …`` (a definition per index)
and ``\mathbf{1}_n``.

How a relation with sizes and indices is decided (:func:`decide`):

* every size the glossary names (``n`` of ``X\in\mathbb{R}^{n\times d}``) is a small concrete
  integer, the same in the matrices, in the sums' bounds and where the note writes ``n`` as a
  number; a sum over a concrete range is expanded into its terms;
* a *free* index (``i`` in ``x_i-\mu=s\hat x_i``) takes each of its values in turn (the
  relation holds for every ``i``);
* the relation is checked under two or three different size assignments (and every value of
  its free indices, up to a few) and is verified only when every one of them holds; it is
  refuted when one of them fails, and the message says at which sizes and indices.

Checking at concrete sizes is a sampling of the sizes, as checking at random points is a
sampling of the values: a relation false at one size is false, one true at every sampled size
is taken as true (as for points, a false relation agreeing at every sample would have to be
built for it).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint.math.cas import translate_sums as sums
from notelint.math.checking.guards import Unsupported

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Tok, Translator, _Stream
    from notelint.math.checking.jobs import Job

#: sizes per assignment: (sample counts n, N, m, T; the other sizes in turn)
SIZE_VARIANTS: tuple[tuple[int, tuple[int, int]], ...] = ((3, (2, 3)), (2, (1, 2)), (4, (3, 2)))
#: the largest size an index written as a number may ask for
MAX_SIZE = 5
#: how many values a sequence index (``\alpha_t`` with nothing declaring its length) takes
SEQUENCE_LENGTHS = (3, 2, 4)
#: a sum over a concrete range is expanded up to this many terms
MAX_TERMS = 16
#: runs of one relation at most (sizes × values of the free indices)
MAX_RUNS = 8
_INDEX_CHARS = frozenset("+-,")


class Retry(Unsupported):
    """A base read as one symbol (``\\beta_t``) turned out to be a sequence (``\\sum_s\\beta_s``),
    or a letter read as a number turned out to be an index: translate both sides again."""


@dataclass
class Sizing:
    """What one translation of a relation fixes about sizes and indices (shared by both sides
    and by every definition substituted into them)."""

    variant: int = 0
    #: free index letter → its value in this run
    free: dict[str, int] = field(default_factory=dict)
    #: free index letter → how many values it takes (from the arrays it indexes)
    ranges: dict[str, int] = field(default_factory=dict)
    #: bases read as sequences (one value per index), kept across retries
    sequences: set[str] = field(default_factory=set)
    #: letters that must be free indices, kept across retries
    index_letters: set[str] = field(default_factory=set)
    #: bases read as one symbol with a free subscript (``\beta_t``)
    atomic: set[str] = field(default_factory=set)
    #: single letters read as plain symbols
    scalars: set[str] = field(default_factory=set)
    #: letters whose range a ``\sum_i`` is probing (bound-like, value 1)
    probing: set[str] = field(default_factory=set)
    #: arrays read whole in this run (entries of a defined H share one translation of H)
    wholes: dict[tuple[str, bool], Any] = field(default_factory=dict)
    #: defined names read as variables while their derivative is taken (∂σ²/∂μ holds μ)
    held: set[str] = field(default_factory=set)
    #: bases whose definition per index cannot be read: their entries are plain symbols
    opaque: set[str] = field(default_factory=set)
    #: letters whose range was read from a declared vector or matrix (not a sequence's default)
    from_arrays: set[str] = field(default_factory=set)
    #: a size was made concrete or a sum expanded: the result depends on the sizes
    sized: bool = False
    #: a size was written as a number (tr(I_d) = d): a failure is no substitution of values
    size_as_number: bool = False
    #: a sum ran over an undeclared index set at a length of our choosing: verify only
    guessed: bool = False
    #: the concrete sizes of this run (size name → integer), shared by both sides
    dims: dict[str, int] = field(default_factory=dict)
    #: size name → the least value it may take (``x_4`` needs n ≥ 4), kept across retries
    minimum: dict[str, int] = field(default_factory=dict)
    #: base → whether its samples x^{(i)} were read at concrete indices in this run
    samples: dict[str, bool] = field(default_factory=dict)
    #: names in a sum's bounds read as counts (``k`` of ``\sum_{j=1}^{k} s_j``), kept across retries
    counts: set[str] = field(default_factory=set)

    def fresh(self, variant: int | None = None, free: dict[str, int] | None = None) -> Sizing:
        """The state for another run: what was learnt about names, nothing about values."""
        return Sizing(
            variant=self.variant if variant is None else variant,
            free=dict(free or {}),
            sequences=set(self.sequences),
            index_letters=set(self.index_letters),
            minimum=dict(self.minimum),
            opaque=set(self.opaque),
            counts=set(self.counts),
        )

    def size(self, name: str, counted: int, sample_count: bool) -> int:
        counts, others = SIZE_VARIANTS[self.variant]
        return max(counts if sample_count else others[counted % 2], self.minimum.get(name, 0))

    def sequence_length(self) -> int:
        return SEQUENCE_LENGTHS[self.variant]


# ---- values (the translator's own helpers live in latex_sympy, which imports this module) ------
def as_scalar(v: Any) -> Any:
    if isinstance(v, MatrixBase):
        if v.shape == (1, 1):
            return v[0, 0]
        raise Unsupported(f"a {v.shape[0]}×{v.shape[1]} matrix where a scalar is expected")
    return v


def _combine(name: str, a: Any, b: Any) -> Any:
    """``a + b`` (a sum's terms: scalars, or matrices of one shape) or ``a·b`` (a product's)."""
    if isinstance(a, MatrixBase) or isinstance(b, MatrixBase):
        if name == "sum" and isinstance(a, MatrixBase) and isinstance(b, MatrixBase) and a.shape == b.shape:
            return ImmutableMatrix(a + b)
        raise Unsupported(f"\\{name} of matrices")
    return sp.Add(a, b, evaluate=False) if name == "sum" else sp.Mul(a, b, evaluate=False)


def _plain(t: Tok | None) -> str:
    if t is None:
        return ""
    if t.kind == "group":
        return "".join(_plain(x) if x.kind != "macro" else "\\" + x.value for x in t.children)
    return t.value


# ---- names --------------------------------------------------------------------------------
_ENTRY_NAME = re.compile(r"(?P<base>.+)\[(?P<idx>-?\d+(?:,-?\d+)*)\]")
_ROW_NAME = re.compile(r"(?P<base>.+)\[(?P<i>\d+),:\]")
_INDEXED_KEY = re.compile(r"(?P<base>.+)_(?P<letters>[A-Za-z]{1,2})")


def entry_name(base: str, idx: tuple[int, ...]) -> str:
    return f"{base}[{','.join(str(i) for i in idx)}]"


def entry_bases(name: str) -> tuple[str, ...]:
    """The groups whose entries a name written with an index letter stands for: ``x`` of
    ``x_{i}`` (a declared vector), ``β_`` of ``β_t`` (a sequence)."""
    m = _INDEXED_KEY.fullmatch(name)
    if m is None or not m.group("letters").islower():
        return ()
    return m.group("base"), m.group("base") + "_"


def split_entry(name: str) -> tuple[str, tuple[int, ...]] | None:
    m = _ENTRY_NAME.fullmatch(name)
    if m is None:
        return None
    return m.group("base"), tuple(int(x) for x in m.group("idx").split(","))


def concrete_size(tr: Translator, name: str, counted: int, sample_count: bool) -> int:
    """The size ``name`` has in this run: the number a worked example gives it (``m=4``), else
    the run's assignment (at least what the indices written as numbers need)."""
    given = tr.ctx.values.get(name, "").strip()
    if given.isdigit() and 1 <= int(given) <= MAX_SIZE:
        return int(given)
    return tr.sizing.size(name, counted, sample_count)


def size_names(tr: Translator) -> set[str]:
    """The names the glossary uses as sizes (``n``, ``d`` of ``\\mathbb{R}^{n\\times d}``)."""
    cached = getattr(tr.ctx, "_size_names", None)
    if cached is not None:
        return cached
    out = {str(d) for shape in tr.ctx.shapes.values() for d in shape if isinstance(d, str)}
    try:
        tr.ctx._size_names = out  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover - a frozen context
        pass
    return out


def indexed_definition(tr: Translator, base: str) -> tuple[str, str] | None:
    """``\\hat x_i = …`` in the context: (the index letters, the body) for ``base``."""
    for key, body in tr.ctx.values.items():
        m = _INDEXED_KEY.fullmatch(key)
        if m and m.group("base") == base:
            return m.group("letters"), body
    return None


def _array_shape(tr: Translator, base: str) -> tuple[int, int] | None:
    shape = tr.ctx.shapes.get(base)
    if shape is None or shape == (1, 1):
        return None
    return tr._dim(shape[0]), tr._dim(shape[1])


def _row_matrix(tr: Translator, base: str, whole: str, parts: list[list[Tok]]) -> str | None:
    r"""``x_i\in\mathbb{R}^d`` declared beside ``X\in\mathbb{R}^{n	imes d}``: ``x_i`` is the i-th row
    of ``X`` (as a column), the convention of every regression note; the name of ``X`` or None."""
    if len(parts) != 1 or len(base) != 1 or not base.islower():
        return None
    if any(t.kind == "num" for t in parts[0]) and not any(t.kind == "letter" for t in parts[0]):
        return None  # x_1 may be a first iterate or sample as well: only an index letter
    upper = base.upper()
    mine, matrix = tr.ctx.shapes.get(whole), tr.ctx.shapes.get(upper)
    if mine is None or matrix is None or mine[1] != 1 or mine == (1, 1):
        return None
    if matrix[1] != mine[0] or matrix[0] == 1 or matrix[1] == 1 or base in tr.ctx.shapes:
        return None
    return upper


def _has_iterates(tr: Translator, base: str) -> bool:
    r"""``x_k\in\mathbb{R}^d`` declared beside ``x\in\mathbb{R}^d``: ``x_k`` is a vector (an
    iterate, a sample), so a subscript on ``x`` does not pick an entry."""
    prefix = base + "_"
    return any(k.startswith(prefix) and v != (1, 1) for k, v in tr.ctx.shapes.items())


def _entry_matrix(tr: Translator, base: str) -> str | None:
    """``h`` of ``h_{ij}`` names the entries of a declared matrix ``H`` (a writer's convention)."""
    if len(base) != 1 or not base.islower() or base in tr.ctx.shapes or base in tr.ctx.values:
        return None
    upper = base.upper()
    shape = tr.ctx.shapes.get(upper)
    if shape is None or shape[1] == 1 or shape[0] == 1:
        return None
    return upper


# ---- subscripts as indices -------------------------------------------------------------------
def _index_parts(sub: list[Tok]) -> list[list[Tok]] | None:
    """``i``, ``ij``, ``i,j``, ``t-1``, ``11`` → one token list per index; None if not an index."""
    if not sub:
        return None
    for t in sub:
        if t.kind == "group":
            return _index_parts(t.children) if len(sub) == 1 else None
        if t.kind == "letter" or t.kind == "num":
            if t.kind == "num" and "." in t.value:
                return None
            continue
        if t.kind == "char" and t.value in _INDEX_CHARS:
            continue
        return None
    if any(t.kind == "char" and t.value == "," for t in sub):
        parts: list[list[Tok]] = [[]]
        for t in sub:
            if t.kind == "char" and t.value == ",":
                parts.append([])
            else:
                parts[-1].append(t)
        return parts if all(parts) else None
    if any(t.kind == "char" for t in sub):
        return [sub]  # t-1, k+1: one index
    if len(sub) == 1 and sub[0].kind == "num":
        return [sub]  # 250: one index (split into 2 and 5 only for a matrix: see subscript_entry)
    # juxtaposed letters and digits: one index each (ij, ii, 11, 2j)
    out: list[list[Tok]] = []
    for t in sub:
        if t.kind == "num":
            out.extend([[type(t)("num", ch, t.pos, t.end)] for ch in t.value])
        else:
            out.append([t])
    return out


def _letters(parts: list[list[Tok]]) -> list[str]:
    return [t.value for part in parts for t in part if t.kind == "letter"]


def _bound_value(tr: Translator, letter: str) -> Any:
    value = tr.bound.get(letter)
    if value is None:
        return None
    if isinstance(value, sp.Integer):
        return value
    raise Unsupported(f"the index {letter} is a bound variable whose range is not a concrete number")


def _index_value(tr: Translator, part: list[Tok], lengths: int | None, array: bool) -> int:
    """The integer an index expression (``i``, ``t-1``, ``2``) has in this run."""
    total = 0
    sign = 1
    expect_term = True
    for t in part:
        if t.kind == "char":
            if expect_term:
                raise Unsupported("index expression")
            sign = 1 if t.value == "+" else -1
            expect_term = True
            continue
        if not expect_term:
            raise Unsupported("index expression")
        expect_term = False
        if t.kind == "num":
            total += sign * int(t.value)
            continue
        total += sign * _letter_value(tr, t.value, lengths, array)
    if expect_term:
        raise Unsupported("index expression")
    return total


def _letter_value(tr: Translator, letter: str, length: int | None, array: bool) -> int:
    sizing = tr.sizing
    bound = _bound_value(tr, letter)
    if bound is not None:
        return int(bound)
    if letter in sizing.probing:
        _record_range(sizing, letter, length, array)
        return 1
    if letter in size_names(tr) and letter not in sizing.index_letters:
        sizing.sized = True
        return tr._dim(letter)
    # a free index: it takes each of its values in turn (decide() runs them)
    if letter in sizing.scalars and letter not in sizing.index_letters:
        sizing.index_letters.add(letter)
        raise Retry(f"{letter} is an index")
    sizing.index_letters.add(letter)
    _record_range(sizing, letter, length, array)
    return sizing.free.setdefault(letter, 1)


def _record_range(sizing: Sizing, letter: str, length: int | None, array: bool = False) -> None:
    if length is None:
        return
    if array:
        sizing.from_arrays.add(letter)
    old = sizing.ranges.get(letter)
    sizing.ranges[letter] = length if old is None else min(old, length)


def subscript_entry(tr: Translator, base: str, sub: list[Tok]) -> str | None:
    """The entry name (``x[2]``, ``H[1,3]``, ``α[2]``) a subscript picks, or None when the
    subscript is part of the name (``\\theta_{\\text{old}}``, ``I_n``, ``\\beta_t`` read whole)."""
    if tr.naming_only:
        return None
    parts = _index_parts(sub)
    if parts is None:
        return None
    letters = _letters(parts)
    sizing = tr.sizing
    bound_here = [x for x in letters if x in tr.bound or x in sizing.probing]
    whole = f"{base}_{''.join(t.value for part in parts for t in part)}"
    if not letters and whole in tr.ctx.values:
        return None  # \bar\alpha_2 = 0.72 given by a worked example: that value, as written
    row_of = _row_matrix(tr, base, whole, parts)
    if row_of is not None:
        rows = tr._dim(tr.ctx.shapes[row_of][0])
        i = _index_value(tr, parts[0], rows, True)
        if not 1 <= i <= rows:
            raise Unsupported(f"index {i} is outside 1..{rows} for the rows of {row_of}")
        return f"{row_of}[{i},:]"
    declared_whole = tr.ctx.shapes.get(whole)
    if declared_whole is not None and declared_whole != (1, 1) and not bound_here:
        return None  # I_n, \bar\varepsilon_t declared as vectors in their own right
    target, shape = base, _array_shape(tr, base)
    if shape is not None and not bound_here and _has_iterates(tr, base):
        return None  # x_k, x_0 declared as vectors like x: iterates, not entries
    if shape is None and len(parts) == 2:
        upper = _entry_matrix(tr, base)
        if upper is not None:
            target, shape = upper, _array_shape(tr, upper)
    defined = indexed_definition(tr, base) is not None
    if base == KRONECKER and len(parts) == 2 and shape is None and not defined:
        sizing.sequences.add(base)  # δ_{ij}: the Kronecker delta of two indices
        for letter in letters:
            if (
                _bound_value(tr, letter) is None
                and letter not in sizing.ranges
                and letter not in size_names(tr)
                and tr.ctx.shapes.get(letter) == (1, 1)
            ):
                # δ_{ky} with y declared as a number (y ∈ {1,…,K}): a range chosen for y here need
                # not be the note's (y = 3 beside K = 2 makes every δ_{ky} zero)
                raise Unsupported(f"the index {letter} of δ indexes no array here: its range is not known")
    if shape is None and not defined and base not in sizing.sequences:
        if not bound_here and any(x not in sizing.index_letters for x in letters):
            if letters:
                sizing.atomic.add(base)
            return None  # β_t, x_{wc}: one symbol, as written
        if not letters and not bound_here:
            return None  # x_1 of an undeclared x: a symbol
        sizing.sequences.add(base)
        if base in sizing.atomic:
            raise Retry(f"{base} is a sequence")
    if shape is not None and len(parts) == 1 and parts[0][0].kind == "num" and len(parts[0][0].value) == 2:
        if shape[0] != 1 and shape[1] != 1:  # a_{12} of a matrix: row 1, column 2
            t = parts[0][0]
            parts = [[type(t)("num", ch, t.pos, t.end)] for ch in t.value]
    if shape is not None:
        vector = shape[1] == 1 or shape[0] == 1
        if vector and len(parts) != 1:
            if len(parts) == 2 and shape[1] == 1 and _plain_parts(parts)[1] == "1":
                parts = parts[:1]
            else:
                raise Unsupported(f"{len(parts)} indices on the vector {base}")
        if not vector and len(parts) != 2:
            raise Unsupported(f"one index on the matrix {target}")
        lengths = [max(shape)] if vector else [shape[0], shape[1]]
    else:
        lengths = [sizing.sequence_length()] * len(parts)
    idx = tuple(_index_value(tr, part, n, shape is not None) for part, n in zip(parts, lengths))
    if shape is not None:
        declared = tr.ctx.shapes[target]
        axes = [declared[0] if declared[1] == 1 else declared[1]] if vector else list(declared)
        for i, n, axis in zip(idx, lengths, axes):
            if i > n and isinstance(axis, str) and i <= MAX_SIZE and sizing.minimum.get(axis, 0) < i:
                sizing.minimum[axis] = i  # x_4 written: the size is at least 4
                raise Retry(f"{axis} is at least {i}")
            if not 1 <= i <= n:
                raise Unsupported(f"index {i} is outside 1..{n} for {target}")
        if shape[1] != 1 and shape[0] == 1:
            idx = (idx[0],)
    return entry_name(target, idx)


def _plain_parts(parts: list[list[Tok]]) -> list[str]:
    return ["".join(t.value for t in part) for part in parts]


def named_entry(tr: Translator, name: str, substitute: bool) -> Any | None:
    """The value of an entry name made by :func:`subscript_entry`, or None if ``name`` is not one."""
    row = _ROW_NAME.fullmatch(name)
    if row is not None:
        matrix = tr._named(row.group("base"), allow_matrix=True, substitute=substitute)
        if not isinstance(matrix, MatrixBase):
            raise Unsupported(f"{row.group('base')} is not a matrix here")
        return ImmutableMatrix(matrix[int(row.group("i")) - 1, :].T)
    parsed = split_entry(name)
    if parsed is None:
        return None
    base, idx = parsed
    delta = kronecker(base, idx) if base not in tr.ctx.values and _array_shape(tr, base) is None else None
    if delta is not None and indexed_definition(tr, base) is None:
        return delta
    if substitute and name not in tr.sizing.held:
        definition = indexed_definition(tr, base)
        if definition is not None:
            letters, body = definition
            if len(letters) == 2 and len(idx) == 1 and 11 <= idx[0] <= 99:
                idx = divmod(idx[0], 10)  # b_{22} of a b_{ii} = …: two one-digit indices
            if len(letters) != len(idx):
                raise Unsupported(f"{base} is defined with {len(letters)} indices")
            values: dict[str, int] = {}
            fits = all(values.setdefault(letter, i) == i for letter, i in zip(letters, idx))
            if fits and base not in tr.sizing.opaque:  # h_{ii} = … says nothing of h_{12}
                try:
                    return _definition_at(tr, base, values, body)
                except Retry:
                    raise
                except Unsupported:
                    _make_opaque(tr, base)
    shape = _array_shape(tr, base)
    if shape is not None:
        matrix = _whole_value(tr, base, substitute and base in tr.ctx.values and base not in tr.sizing.held)
        if not isinstance(matrix, MatrixBase) or matrix.shape != shape:
            raise Unsupported(f"the value given to {base} does not have its declared shape")
        if len(idx) == 1:
            return matrix[idx[0] - 1] if shape[1] == 1 else matrix[0, idx[0] - 1]
        return matrix[idx[0] - 1, idx[1] - 1]
    # a sequence's entry: its own group of symbols (β_[2]), apart from a plain β the note may use
    return sp.Symbol(entry_name(base + "_", idx), real=True)


def _whole_value(tr: Translator, base: str, substitute: bool) -> Any:
    """The declared array ``base`` (its definition when ``substitute``), read once per run: every
    entry ``h_{ij}`` of ``H := X(X^\top X)^{-1}X^\top`` would otherwise translate H again."""
    key = (base, substitute)
    cached = tr.sizing.wholes.get(key)
    if cached is None:
        cached = tr.sizing.wholes[key] = tr._named(base, allow_matrix=True, substitute=substitute)
    return cached


def _definition_at(tr: Translator, base: str, values: dict[str, int], body: str) -> Any:
    if tr.depth > 6:
        raise Unsupported("definitions nest too deeply")

    tr.used_defs.add(base)
    sub = type(tr)(tr.ctx, tr.dims, tr.depth + 1, sizing=tr.sizing)
    sub.bound = {letter: sp.Integer(v) for letter, v in values.items()}
    value = sub.translate(body)
    tr.integers |= sub.integers
    tr.used_defs |= sub.used_defs
    return value


def whole_from_entries(tr: Translator, name: str) -> Any | None:
    """``\\hat x`` when only ``\\hat x_i = …`` is defined: the vector of its definitions."""
    definition = indexed_definition(tr, name)
    shape = _array_shape(tr, name)
    if definition is None or shape is None:
        return None
    if name in tr.sizing.opaque:
        return None
    try:
        return _whole(tr, name, definition, shape)
    except Retry:
        raise
    except Unsupported:
        _make_opaque(tr, name)
        return None  # not reached


def _make_opaque(tr: Translator, base: str) -> None:
    """A definition per index the translator cannot read (``s_j = u_w^\top v_{\tilde c_j}``):
    every entry of ``base`` becomes a plain symbol, in a new translation of the whole relation,
    so that no entry is substituted while another stays a symbol."""
    tr.sizing.opaque.add(base)
    raise Retry(f"{base} is read entry by entry")


def _whole(tr: Translator, name: str, definition: tuple[str, str], shape: tuple[int, int]) -> Any:
    letters, body = definition
    rows, cols = shape
    if len(letters) == 1 and cols == 1:
        entries = [_definition_at(tr, name, {letters: i + 1}, body) for i in range(rows)]
        return ImmutableMatrix(rows, 1, [_scalar(e) for e in entries])
    if len(letters) == 2:
        entries = [
            _definition_at(tr, name, {letters[0]: i + 1, letters[1]: j + 1}, body)
            for i in range(rows)
            for j in range(cols)
        ]
        return ImmutableMatrix(rows, cols, [_scalar(e) for e in entries])
    return None


def _scalar(v: Any) -> Any:
    return as_scalar(v)


def size_value(tr: Translator, name: str) -> Any | None:
    """A size written as a number (``\\frac1n``, ``\\operatorname{tr}(I_d)=d``): its concrete value;
    a free index written as a number: its value in this run."""
    if name in tr.sizing.free:
        return sp.Integer(tr.sizing.free[name])
    if len(name) == 1 and name.isalpha():
        if name in tr.sizing.index_letters:
            # an index read as a number before its first use as an index: a value is given now
            return sp.Integer(tr.sizing.free.setdefault(name, 1))
        tr.sizing.scalars.add(name)
    if name in tr.sizing.counts:
        tr.sizing.sized = True
        if name not in tr.ctx.shapes:
            # a count the note never declares (k ∈ ℕ) is ours to choose: verify only
            tr.sizing.guessed = True
        tr.sizing.size_as_number = tr.sizing.size_as_number or tr.depth == 0
        return sp.Integer(tr._dim(name))
    if name in size_names(tr) and name not in tr.ctx.values:
        shape = tr.ctx.shapes.get(name)
        if shape is None or shape == (1, 1):
            tr.sizing.sized = True
            # written in the relation itself (not in a definition substituted into it)
            tr.sizing.size_as_number = tr.sizing.size_as_number or tr.depth == 0
            return sp.Integer(tr._dim(name))
    return None


def defined_square(tr: Translator, name: str, p: _Stream) -> Any | None:
    r"""``\sigma^2`` where the note defines ``\sigma^2 = …``: that value (the ``^2`` is read here).

    A lone ``\sigma`` beside such a definition is refused: σ is not what σ² is set to."""
    if tr.naming_only or f"{name}^2" not in tr.ctx.values or name in tr.ctx.values:
        return None

    if p.at_char("^") and len(p.toks) > p.i + 1 and _plain(p.toks[p.i + 1]) == "2":
        p.i += 2
        tr.written.add(name)
        return tr._definition_value(f"{name}^2")
    raise Unsupported(f"{name} is used where only {name}^2 is defined")


def ones(tr: Translator, sub: list[Tok]) -> Any:
    """``\\mathbf{1}_n``: the all-ones vector of size n."""

    written = tr.sizing.size_as_number
    size = as_scalar(tr.expr_all(sub))
    tr.sizing.size_as_number = written  # the n of \mathbf{1}_n is a size, not a number in the relation
    if not isinstance(size, sp.Integer) or not 1 <= int(size) <= 6:
        raise Unsupported("the size of \\mathbf{1} is not a declared size")
    return ImmutableMatrix(int(size), 1, [sp.Integer(1)] * int(size))


# ---- sums and products ------------------------------------------------------------------------
def sum_or_product(tr: Translator, name: str, p: _Stream, stop: frozenset[str]) -> Any:
    r"""``\sum``/``\prod`` after its name: a finite expansion over a concrete range, or SymPy's
    ``Sum``/``Product`` over a symbolic one (``\sum_{i=1}^{n} i`` with ``n`` not a size)."""

    sub = p.take_script("_")
    sup = p.take_script("^")
    if sub is None and sup is None:
        raise Unsupported(f"\\{name} without bounds")
    if sub is None:
        sub = []
    at = [k for k, x in enumerate(sub) if x.kind == "char" and x.value == "="]
    parts = [sub[: at[0]], sub[at[0] + 1 :]] if len(at) == 1 else [sub]
    written = sums.explicit_range(sub) if sup is None else None  # i\in\{1,\dots,n\}, i\in[n]
    if written is not None:
        parts, sup = [[written[0]], written[1]], written[2]
    if len(parts) == 2 and sup is not None:
        if len(parts[0]) != 1 or parts[0][0].kind not in ("letter", "macro"):
            raise Unsupported("summation index")
        idx_name = tr._name_of(parts[0][0])
        lo = _concrete(as_scalar(tr.expr_all(parts[1])))
        hi = _concrete(as_scalar(tr.expr_all(sup)))
        if isinstance(lo, sp.Integer) and isinstance(hi, sp.Integer) and int(hi) - int(lo) < MAX_TERMS:
            return _expand(tr, name, idx_name, range(int(lo), int(hi) + 1), p, stop)
        return _symbolic(tr, name, idx_name, lo, hi, p, stop)
    if sup is not None:
        raise Unsupported(f"\\{name} over an index set")
    # \sum_i, \sum_{j\ne i}, \prod_{s\le t}, \sum_{i<j}: the range from the arrays it indexes
    if len(sub) == 1 and sub[0].kind in ("letter", "macro"):
        idx_name = tr._name_of(sub[0])
        values = range(1, probe(tr, idx_name, p, stop) + 1)
        return _expand(tr, name, idx_name, values, p, stop)
    if len(sub) == 3 and sub[0].kind == sub[2].kind == "letter" and sub[1].value == ",":
        # \sum_{i,j}: both indices over the ranges of what they index
        outer, inner = sub[0].value, sub[2].value
        rows, cols = _probe_all(tr, (outer, inner), p, stop)
        return _expand_pairs(tr, name, (outer, inner), (rows, cols), p, stop)
    if len(sub) == 3 and sub[0].kind == "letter":
        rel = ("\\" if sub[1].kind == "macro" else "") + sub[1].value
        idx_name = tr._name_of(sub[0])
        if sub[2].kind not in ("letter", "num"):
            raise Unsupported(f"\\{name} over an index set")
        bound = _index_value(tr, [sub[2]], None, False)
        if rel in ("\\ne", "\\neq"):
            full = probe(tr, idx_name, p, stop)
            return _expand(tr, name, idx_name, [v for v in range(1, full + 1) if v != bound], p, stop)
        if rel in ("\\le", "\\leq"):
            return _expand(tr, name, idx_name, range(1, bound + 1), p, stop)
        if rel == "<":
            return _expand(tr, name, idx_name, range(1, bound), p, stop)
    raise Unsupported(f"\\{name} over an index set")


def _expand_pairs(
    tr: Translator, name: str, idx: tuple[str, str], sizes: tuple[int, int], p: _Stream, stop: frozenset[str]
) -> Any:
    if sizes[0] * sizes[1] > MAX_TERMS:
        raise Unsupported(f"\\{name} with too many terms")
    saved = {k: tr.bound.get(k) for k in idx}
    start, end = p.i, None
    total: Any = None
    try:
        for a in range(1, sizes[0] + 1):
            for b in range(1, sizes[1] + 1):
                p.i = start
                tr.bound[idx[0]], tr.bound[idx[1]] = sp.Integer(a), sp.Integer(b)
                term = tr.term(p, stop)
                if end is not None and p.i != end:
                    raise Unsupported(f"the term of \\{name} does not read the same way twice")
                end = p.i
                total = term if total is None else _combine(name, total, term)
    finally:
        for k, v in saved.items():
            if v is None:
                tr.bound.pop(k, None)
            else:
                tr.bound[k] = v
    return total


def _concrete(v: Any) -> Any:
    """``n-1`` at a concrete ``n`` is the integer it evaluates to."""
    if isinstance(v, sp.Basic) and not v.free_symbols and not isinstance(v, sp.Integer):
        done = v.doit()
        if isinstance(done, sp.Integer):
            return done
    return v


def probe(tr: Translator, idx: str, p: _Stream, stop: frozenset[str]) -> int:
    """How many values ``idx`` takes in the term that follows: the length of what it indexes."""
    return _probe_all(tr, (idx,), p, stop)[0]


def _probe_all(tr: Translator, letters: tuple[str, ...], p: _Stream, stop: frozenset[str]) -> list[int]:
    """The lengths of several indices of one term (``\\sum_{i,j}``), probed together."""
    sizing = tr.sizing
    start = p.i
    saved_bound = {x: tr.bound.pop(x, None) for x in letters}
    saved_range = {x: sizing.ranges.pop(x, None) for x in letters}
    sizing.probing.update(letters)
    try:
        tr.term(p, stop)
        lengths = [sizing.ranges.get(x) for x in letters]
    finally:
        sizing.probing.difference_update(letters)
        for x in letters:
            sizing.ranges.pop(x, None)
            if saved_range[x] is not None:
                sizing.ranges[x] = saved_range[x]  # type: ignore[assignment]
            if saved_bound[x] is not None:
                tr.bound[x] = saved_bound[x]
        p.i = start
    out: list[int] = []
    for x, length in zip(letters, lengths):
        if length is None:
            raise Unsupported(f"a sum over an index set whose range is not declared ({x})")
        if x not in sizing.from_arrays:
            # \\log\\prod_m u_m = \\sum_m \\log u_m: an identity for every length, checked at a
            # few; a failure may be the note's own length (n, M) missing: never reported (decide)
            sizing.guessed = True
        out.append(length)
    sizing.sized = True
    return out


def _expand(tr: Translator, name: str, idx: str, values: Any, p: _Stream, stop: frozenset[str]) -> Any:

    values = list(values)
    if len(values) > MAX_TERMS:
        raise Unsupported(f"\\{name} with too many terms")
    tr.sizing.sized = True
    start, saved = p.i, tr.bound.get(idx)
    end: int | None = None
    total: Any = None
    try:
        for v in values or [None]:
            p.i = start
            tr.bound[idx] = sp.Integer(v if v is not None else 1)
            try:
                term = tr.term(p, stop)
            except Retry:
                raise
            except Unsupported:
                if v is None:
                    raise Unsupported(f"empty \\{name} over an undeclared term") from None
                raise
            if end is not None and p.i != end:
                raise Unsupported(f"the term of \\{name} does not read the same way twice")
            end = p.i
            if v is None:
                break
            total = term if total is None else _combine(name, total, term)
    finally:
        if saved is None:
            tr.bound.pop(idx, None)
        else:
            tr.bound[idx] = saved
    if total is None:
        return sp.Integer(0 if name == "sum" else 1)
    return total


def _symbolic(
    tr: Translator, name: str, idx_name: str, lo: Any, hi: Any, p: _Stream, stop: frozenset[str]
) -> Any:

    for s in hi.free_symbols | lo.free_symbols:
        tr.integers.add(s.name)
    idx = sp.Symbol(idx_name, integer=True)
    saved = tr.bound.get(idx_name)
    tr.bound[idx_name] = idx
    try:
        body = as_scalar(tr.term(p, stop))
    except Unsupported as exc:
        if isinstance(exc, Retry) or not sums.needs_concrete_range(exc, idx_name):
            raise
        counts = sums.bounds_as_counts(tr, lo, hi)
        if counts is None:
            raise
        # s_j, \xi_m indexed by the bound index: read the bounds as counts and expand
        tr.sizing.counts |= counts
        for name in counts:  # a count of 1 makes a sum one term: too degenerate to decide by
            tr.sizing.minimum[name] = max(tr.sizing.minimum.get(name, 0), 2)
        raise Retry(
            f"the sum over {idx_name} runs to the count {', '.join(sorted(counts))}, "
            "read only at concrete counts in a single relation"
        ) from None
    finally:
        if saved is None:
            tr.bound.pop(idx_name, None)
        else:
            tr.bound[idx_name] = saved
    cls = sp.Sum if name == "sum" else sp.Product
    return cls(body, (idx, lo, hi))


# ---- deciding under several sizes --------------------------------------------------------------
def decide(job: Job, once: Callable[[Job, Sizing], Any]) -> Any:
    """Run ``once`` (one translation and check) under every size assignment and free-index value
    the relation needs. A size assignment fails when one value of the free indices fails. The
    relation holds when every size assignment decided holds (at least two), fails when every
    one fails (its sizes named), and is unknown when they disagree (``\\operatorname{tr}(I_n)=3``
    holds at n = 3 only: the note may mean that size)."""
    result, sizing = _retrying(job, once, Sizing())
    if result.status not in ("holds", "fails"):
        return result
    # numbers computed from arrays of a chosen size (tr(I_n) = 3) depend on that size too
    if not sizing.sized and not sizing.ranges and not (sizing.dims and result.method == "numbers"):
        return result
    sizing.sized = sizing.sized or bool(sizing.dims)
    verdicts = [_variant(job, once, sizing, 0, result)]
    for variant in range(1, len(SIZE_VARIANTS)):
        try:
            res, s = _retrying(job, once, sizing.fresh(variant=variant))
            if res.status in ("holds", "fails"):
                verdicts.append(_variant(job, once, s, variant, res))
        except Unsupported:
            continue  # too large, or unreadable, at these sizes: the others decide
    statuses = {v.status for v in verdicts}
    if statuses == {"fails"}:
        return verdicts[0]
    if "fails" in statuses:
        failed = next(v for v in verdicts if v.status == "fails")
        failed.status = "unknown"
        failed.message = "holds at some sizes and not at others: " + failed.message
        return failed
    if len(verdicts) < 2 and sizing.sized:
        result.status = "unknown"
        result.message = "could be checked at one size only"
        return result
    return verdicts[0] if statuses == {"holds"} else next(v for v in verdicts if v.status != "holds")


def _variant(job: Job, once: Callable[[Job, Sizing], Any], sizing: Sizing, variant: int, first: Any) -> Any:
    """The verdict at one size assignment: every value of the free indices (up to a few)."""
    if first.status == "fails":
        first.message = _where(sizing) + first.message
        return first
    for combo in _combos(sizing.ranges)[: MAX_RUNS // len(SIZE_VARIANTS)]:
        try:
            res, s = _retrying(job, once, sizing.fresh(variant=variant, free=combo))
        except Unsupported as exc:
            first.status, first.message = "unknown", str(exc)
            return first
        if res.status == "fails":
            res.message = _where(s) + res.message
            return res
        if res.status != "holds":
            return res
    return first


def _retrying(job: Job, once: Callable[[Job, Sizing], Any], sizing: Sizing) -> tuple[Any, Sizing]:
    for _ in range(6):
        try:
            return _guarded(once(job, sizing), sizing), sizing
        except Retry:
            sizing = sizing.fresh()
    raise Unsupported("the indices of this relation are read two ways")


def _guarded(result: Any, sizing: Sizing) -> Any:
    if result.status == "fails" and sizing.guessed:
        result.status = "unknown"
        result.message = (
            "a sum over an index set whose size the note does not give fails at a size chosen "
            f"for it, which may not be the note's: {result.message}"
        )
    elif result.status == "fails" and sizing.opaque:
        # q_k = (1-ε)δ_{ky} + ε/K not read: its entries were sampled as arbitrary numbers, which
        # the note's definition does not allow; a failure there says nothing about the relation
        names = ", ".join(sorted(sizing.opaque))
        result.status = "unknown"
        result.message = (
            f"fails only with the entries of {names} as arbitrary numbers: their definition per "
            f"index is not read here ({result.message})"
        )
    return result


def _combos(ranges: dict[str, int]) -> list[dict[str, int]]:
    """Values of the free indices other than all-ones (already run): the last, then the rest."""
    letters = sorted(ranges)
    if not letters:
        return []
    grid = [
        dict(zip(letters, values))
        for values in itertools.product(*(range(1, ranges[x] + 1) for x in letters))
    ]
    grid = [g for g in grid if any(v != 1 for v in g.values())]
    grid.sort(key=lambda g: (-sum(v == ranges[x] for x, v in g.items()), sorted(g.items())))
    return grid


def _where(sizing: Sizing) -> str:
    sizes = [f"{k}={v}" for k, v in sorted(sizing.dims.items())] if sizing.sized else []
    indices = [f"{k}={v}" for k, v in sorted(sizing.free.items())]
    if sizes:
        return f"with the sizes {', '.join(sizes + indices)}: "
    return f"with {', '.join(indices)}: " if indices else ""


# ---- derivatives ---------------------------------------------------------------------------------
KRONECKER = "δ"
#: macros that take the name as their argument (latex_sympy's FONTS and DECORATIONS)
_NAME_MACROS = frozenset(
    [
        "hat",
        "bar",
        "tilde",
        "vec",
        "dot",
        "check",
        "widehat",
        "widetilde",
        "overline",
        "mathbf",
        "boldsymbol",
        "bm",
        "mathit",
        "mathsf",
        "mathcal",
        "mathrm",
        "mathscr",
        "mathfrak",
    ]
)


def differentiate_holding(
    tr: Translator, variables: list[tuple[Any, int]], read_operand: Callable[[], Any]
) -> Any:
    r"""``\frac{\partial\sigma^2}{\partial\mu}``: the operand is read with the variables the note
    defines (μ = mean of x) held as variables, differentiated, then the definitions are put back
    (the derivative is taken at the defined value)."""
    names = [v.name for v, _ in variables if isinstance(v, sp.Symbol) and _defined(tr, v.name)]
    fresh = [n for n in names if n not in tr.sizing.held]
    tr.sizing.held.update(fresh)
    try:
        operand = read_operand()
        if _coordinates(tr, operand, variables):
            # x_1 as a function of x_2: both coordinates of declared arrays, the derivative is 0
            for var, k in variables:
                for _ in range(k):
                    operand = tr._gradient(operand, var, check=False)
            value = operand
        else:
            value = tr._differentiate(operand, variables)
    finally:
        tr.sizing.held.difference_update(fresh)
    if not fresh:
        return value
    mapping = {_held_symbol(tr, n): _held_value(tr, n) for n in fresh}
    if any(isinstance(v, MatrixBase) for v in mapping.values()):
        raise Unsupported("derivative with respect to a defined vector")
    return (
        ImmutableMatrix(value.xreplace(mapping)) if isinstance(value, MatrixBase) else value.xreplace(mapping)
    )


def _defined(tr: Translator, name: str) -> bool:
    if name in tr.ctx.values:
        return True
    entry = split_entry(name)
    return entry is not None and indexed_definition(tr, entry[0]) is not None


def _held_symbol(tr: Translator, name: str) -> Any:
    return named_entry(tr, name, False) if split_entry(name) else sp.Symbol(name)


def _held_value(tr: Translator, name: str) -> Any:
    if split_entry(name):
        return named_entry(tr, name, True)
    return tr._definition_value(name)


def _coordinates(tr: Translator, operand: Any, variables: list[tuple[Any, int]]) -> bool:
    """Are the operand's symbols and the variables all entries of declared arrays?"""
    symbols = set().union(
        *(e.free_symbols for e in (operand if isinstance(operand, MatrixBase) else [operand]))
    )
    symbols |= {v for v, _ in variables if isinstance(v, sp.Symbol)}
    if not symbols or any(not isinstance(v, sp.Symbol) for v, _ in variables):
        return False
    for s in symbols:
        entry = split_entry(s.name)
        if entry is None or _array_shape(tr, entry[0]) is None:
            return False
    return True


def _name_end(toks: list[Tok], i: int) -> int:
    r"""Where the written name starting at ``toks[i]`` ends (``\hat x_i``, ``\sigma^2``, ``y_i``)."""
    if i >= len(toks):
        raise Unsupported("derivative without a variable")
    t = toks[i]
    j = i + (2 if t.kind == "macro" and t.value in _NAME_MACROS else 1)
    if j < len(toks) and toks[j].kind == "char" and toks[j].value == "_":
        j += 2
    return min(j, len(toks))


def inline_partial(tr: Translator, p: _Stream, stop: frozenset[str]) -> Any:
    r"""``\partial y_i/\partial\beta`` and ``\partial_m f`` (the derivative of the term after it)."""
    p.next()  # \partial
    sub = p.take_script("_")
    if sub is not None:
        var = tr._variable(sub)
        return differentiate_holding(tr, [(var, 1)], lambda: tr.term(p, stop))
    start = p.i
    slash = start
    while slash < len(p.toks) and not (p.toks[slash].kind == "char" and p.toks[slash].value == "/"):
        slash += 1
    if slash == start or slash + 1 >= len(p.toks):
        raise Unsupported("this derivative form")
    below = p.toks[slash + 1]
    if below.kind != "macro" or below.value != "partial":
        raise Unsupported("this derivative form")
    end = _name_end(p.toks, slash + 2)
    numer, var_toks = p.toks[start:slash], p.toks[slash + 2 : end]
    if _name_end(numer, 0) != len(numer) and not (
        len(numer) >= 3
        and numer[-2].kind == "char"
        and numer[-2].value == "^"
        and _name_end(numer, 0) == len(numer) - 2
    ):
        raise Unsupported("this derivative form")  # ∂ of a written name (or its square) only
    var = tr._variable(var_toks)
    p.i = end
    return differentiate_holding(tr, [(var, 1)], lambda: tr.expr_all(numer))


def kronecker(base: str, idx: tuple[int, ...]) -> Any | None:
    r"""``\delta_{ij}`` with both indices known: 1 or 0."""
    if base != KRONECKER or len(idx) != 2:
        return None
    return sp.Integer(1 if idx[0] == idx[1] else 0)


def gradient_of_function(tr: Translator, order: int, p: _Stream) -> Any:
    r"""``\nabla f(u)``, ``\nabla^2 f(u)``: the gradient (Hessian) of a function the note defines
    with one parameter, with respect to that parameter, at the argument."""
    t = p.peek()
    if t is None or t.kind not in ("letter", "macro"):
        raise Unsupported("∇ without a variable")
    start = p.i
    p.next()
    name = tr._name_of(t) if t.kind == "macro" else t.value
    name = tr._subscripted(name, p)
    if name not in tr.ctx.functions and p.at_char("(") and undefined_name(tr, name):
        # \nabla f(x_k) of an f the note does not define: opaque atoms of the argument's shape
        return tr.opaque_gradient(name, order, p)
    if name not in tr.ctx.functions or not p.at_char("("):
        p.i = start
        raise Unsupported("∇ without a variable")
    params, body = tr.ctx.functions[name]
    args = tr._call_args(p)
    if len(params) != 1 or len(args) != 1:
        raise Unsupported("∇ of a function of several arguments")
    arg = args[0]
    if tr.depth > 6:
        raise Unsupported("definitions nest too deeply")
    if isinstance(arg, MatrixBase):
        if arg.shape[1] != 1:
            raise Unsupported("∇ with respect to a matrix argument")
        var: Any = ImmutableMatrix(
            arg.shape[0], 1, [sp.Dummy(f"u{k}", real=True) for k in range(arg.shape[0])]
        )
    else:
        var = sp.Dummy("u", real=True)
    sub = type(tr)(tr.ctx, tr.dims, tr.depth + 1, sizing=tr.sizing)
    sub.bound = {params[0]: var}
    value = sub.translate(body)
    tr.used_defs |= sub.used_defs | {name}
    grad = tr._gradient(value, var, check=False)
    if order == 2:
        if not isinstance(var, MatrixBase):
            grad = sp.diff(grad, var)
        else:
            n = var.shape[0]
            grad = ImmutableMatrix(n, n, [sp.diff(grad[i, 0], var[j, 0]) for i in range(n) for j in range(n)])
    if isinstance(var, MatrixBase):
        mapping = {var[k, 0]: arg[k, 0] for k in range(var.shape[0])}
    else:
        mapping = {var: as_scalar(arg)}
    return ImmutableMatrix(grad.xreplace(mapping)) if isinstance(grad, MatrixBase) else grad.xreplace(mapping)


#: a member of an indexed family written with another index: x_{k+1}, x_{t-1}, x_0, H_{k+1}
_FAMILY_MEMBER = re.compile(r"(?P<base>.+?)_(?P<index>[A-Za-z](?:[+-]\d+)?|\d+)")


def family_shape(tr: Translator, name: str) -> tuple[int | str, int | str] | None:
    """The shape of ``x_{k+1}`` when the note declares the family by one index (``x_k ∈ R^d``):
    every member of a family has the family's shape. None when no family (or two with
    different shapes) is declared for the base."""
    m = _FAMILY_MEMBER.fullmatch(name)
    if m is None:
        return None
    base = m.group("base")
    shapes = {
        shape
        for key, shape in tr.ctx.shapes.items()
        if (f := _FAMILY_MEMBER.fullmatch(canonical_key(key))) is not None
        and f.group("base") == base
        and len(f.group("index")) == 1
        and f.group("index").isalpha()
    }
    return shapes.pop() if len(shapes) == 1 else None


def canonical_key(key: str) -> str:
    """A shape key as the translator names it (``x_{k}`` → ``x_k``)."""
    return re.sub(r"_\{([^{}]*)\}", r"_\1", key)


def undefined_name(tr: Translator, name: str) -> bool:
    """``name`` is neither a value, a shape, a bound variable nor a definition per index."""
    return (
        name not in tr.ctx.values
        and name not in tr.ctx.shapes
        and name not in tr.bound
        and indexed_definition(tr, name) is None
    )


def subscript_before_power(p: _Stream) -> None:
    r"""``\sigma^2_{kj}``: the subscript written after a numeric power belongs to the name."""
    toks, i = p.toks, p.i
    if i + 3 >= len(toks) + 0 or not p.at_char("^"):
        return
    if not (toks[i + 2].kind == "char" and toks[i + 2].value == "_"):
        return
    if not _plain(toks[i + 1]).isdigit():
        return
    p.toks = [*toks[:i], toks[i + 2], toks[i + 3], toks[i], toks[i + 1], *toks[i + 4 :]]


def expression_entry(tr: Translator, value: Any, p: _Stream) -> Any:
    r"""``(H^2)_{ii}``, ``(K\alpha)_j``: an entry of a matrix or vector expression."""
    if not isinstance(value, MatrixBase):
        raise Unsupported("subscript on an expression")
    sample = p.i >= 1 and p.toks[p.i - 1].kind == "group" and _plain(p.toks[p.i - 1]).startswith("(")
    if p.i >= 2 and p.toks[p.i - 2].kind == "char" and p.toks[p.i - 2].value == "^" and not sample:
        # w^\star_j: an entry of an optimum the note defines by an arg min the CAS does not
        # substitute (its KKT conditions would be refuted at arbitrary values); x^{(i)}_j, an
        # entry of a sample (data, no optimum), is read
        raise Unsupported("an entry of a decorated symbol (w^\\star_j)")
    p.next()  # _
    sub = p.take_arg()
    parts = _index_parts(sub or [])
    if parts is None:
        raise Unsupported("subscript on an expression")
    rows, cols = value.shape
    vector = rows == 1 or cols == 1
    if not vector and len(parts) == 1 and parts[0][0].kind == "num" and len(parts[0][0].value) == 2:
        t = parts[0][0]
        parts = [[type(t)("num", ch, t.pos, t.end)] for ch in t.value]
    lengths = [max(rows, cols)] if vector else [rows, cols]
    if len(parts) != len(lengths):
        raise Unsupported("the indices do not match the expression's shape")
    idx = [_index_value(tr, part, n, True) for part, n in zip(parts, lengths)]
    for i, n in zip(idx, lengths):
        if not 1 <= i <= n:
            raise Unsupported(f"index {i} is outside 1..{n}")
    if vector:
        return value[idx[0] - 1]
    return value[idx[0] - 1, idx[1] - 1]
