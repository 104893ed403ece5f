r"""Entries indexed by bound or free indices, and concrete sizes.

Worker side (imports SymPy): the parts of :class:`notelint.math.cas.latex_sympy.Translator` that
read ``x_i`` (the i-th entry of a declared vector ``x``), ``h_{ij}`` (an entry of a declared
matrix ``H``), ``\alpha_t`` (a sequence: one value per ``t``), ``\hat x_i = …`` (a definition per
index), ``\mathbf{1}_n``, ``\delta_{ij}`` and members of a family declared by one index. Sums
and products over those indices are in :mod:`translate_expansion`, derivatives of entries in
:mod:`translate_derivatives`, the size assignments in :mod:`size_variants`. A little over 600
lines: one concern (a subscript read as an index, the value of an entry), not split further.

How a relation with sizes and indices is decided (:func:`size_variants.decide`):

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

import re
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint.math.cas.size_variants import Retry, Sizing
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import UNRANGED_DELTA

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Tok, TokenStream, Translator

#: the largest size an index written as a number may ask for
MAX_SIZE = 5
_INDEX_CHARS = frozenset("+-,")


# ---- values (the translator's own helpers live in latex_sympy, which imports this module) ------
def as_scalar(v: Any) -> Any:
    if isinstance(v, MatrixBase):
        if v.shape == (1, 1):
            return v[0, 0]
        raise Unsupported(f"a {v.shape[0]}×{v.shape[1]} matrix where a scalar is expected")
    return v


def combine(name: str, a: Any, b: Any) -> Any:
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
#: ``P_0``, ``P_{1}``: a member of a family written with a number for its index
_NUMBERED_MEMBER = re.compile(r"(?P<base>.+?)_\{?(?P<idx>\d+)\}?")
_ENTRY_NAME = re.compile(r"(?P<base>.+)\[(?P<idx>-?\d+(?:,-?\d+)*)\]")
_ROW_NAME = re.compile(r"(?P<base>.+)\[(?P<i>\d+),:\]")
#: ``X[:,2]``: the name :func:`subscript_entry` gives a column ``x_i`` of a declared ``X`` (d×n)
_COLUMN_NAME = re.compile(r"(?P<base>.+)\[:,(?P<i>\d+)\]")
_INDEXED_KEY = re.compile(r"(?P<base>.+)_(?P<letters>[A-Za-z]{1,2})")
#: ``\omega_{t,s}`` (canonically ``ω_t,s``): a family of two indices written with a comma
_TWO_INDEX_KEY = re.compile(r"(?P<base>.+?)_\{?(?P<letters>[A-Za-z],\s*[A-Za-z])\}?")


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
        m = _family_key(key, base)
        if m:
            return re.sub(r"[,\s]", "", m.group("letters")), body
    return None


def _family_key(key: str, base: str) -> re.Match[str] | None:
    """``key`` read as a member of ``base`` written with index letters (``x_i``, ``ω_t,s``)."""
    m = _INDEXED_KEY.fullmatch(key) or _TWO_INDEX_KEY.fullmatch(key)
    return m if m and m.group("base") == base else None


def _own_name(
    tr: Translator,
    definition: tuple[str, str] | None,
    base: str,
    whole: str,
    letters: list[str],
    bound_here: list[str],
) -> bool:
    """``p_e`` declared a scalar in its own right beside a defined ``p_o = (a+d)/n`` (chance and
    observed agreement), ``S_{xx} = 10`` given beside ``S_{xy} = 6``: a name of its own, not the
    member of a family ``p_i`` (``S_{ij}``) that the other name's definition would give every
    entry. ``definition``: the family's (:func:`indexed_definition` of ``base``)."""
    if definition is None or bound_here or not letters or f"{base}_{definition[0]}" == whole:
        return False  # (τ_0 beside a defined τ_n stays the family's first member)
    if any(tr.ctx.shapes.get(x) == (1, 1) for x in letters):
        return False  # h_{ji} beside h_{ij} = 0, with i, j declared: members of one family
    return tr.ctx.shapes.get(whole) == (1, 1) or whole in tr.ctx.values


def array_shape(tr: Translator, base: str) -> tuple[int, int] | None:
    shape = tr.ctx.shapes.get(base)
    if shape is None or shape == (1, 1):
        return None
    return tr.dim(shape[0]), tr.dim(shape[1])


def _only_subscripted(tr: Translator, name: str) -> tuple[str, tuple[Any, Any] | None]:
    """``X_t\\in\\mathbb{R}^{t\\times d}`` the one matrix declared as ``X`` with a subscript (the
    design after t observations, whose rows are the x_i): its name and shape, else no shape."""
    found = {
        key.replace("{", "").replace("}", ""): shape
        for key, shape in tr.ctx.shapes.items()
        if key.startswith(name + "_") and shape != (1, 1) and shape[0] != 1 and shape[1] != 1
    }
    if len(found) != 1:
        return name, None
    key, shape = next(iter(found.items()))
    return (key, shape) if key in tr.ctx.shapes else (name, None)


def _row_matrix(tr: Translator, base: str, whole: str, parts: list[list[Tok]]) -> tuple[str, bool] | None:
    r"""``x_i\in\mathbb{R}^d`` declared beside ``X\in\mathbb{R}^{n\times d}``: ``x_i`` is the i-th row
    of ``X`` (as a column), the convention of every regression note; beside ``X\in\mathbb{R}^{d\times n}``
    (``n ≠ d``) it is the i-th column. The name of ``X`` and whether ``x_i`` is a row, or None."""
    if len(parts) != 1 or len(base) != 1 or not base.islower():
        return None
    if any(t.kind == "num" for t in parts[0]) and not any(t.kind == "letter" for t in parts[0]):
        summed = _summed_as_rows(tr.src, base)
        if summed is None:
            return None  # x_1 may be a first iterate or sample as well: only an index letter
        whole = f"{base}_{summed}"  # the family's declared member
    if any(t.kind == "letter" and tr.ctx.shapes.get(t.value, (1, 1)) != (1, 1) for t in parts[0]):
        return None  # \mathbf{k}_x at a declared vector x: a name, not row x of K
    upper = base.upper()
    mine, matrix = tr.ctx.shapes.get(whole), tr.ctx.shapes.get(upper)
    if matrix is None:
        upper, matrix = _only_subscripted(tr, upper)
    if mine is None or matrix is None or mine[1] != 1 or mine == (1, 1):
        return None
    # (a generic x beside them: x_i, declared a vector itself, is no entry of x)
    if matrix[0] == 1 or matrix[1] == 1 or (base in tr.ctx.shapes and whole not in tr.ctx.shapes):
        return None
    if matrix[1] == mine[0]:
        return upper, True
    if matrix[0] == mine[0]:
        return upper, False  # X ∈ R^{d×n} holds the x_i as its columns
    return None


def _summed_as_rows(src: str, base: str) -> str | None:
    r"""The index the text sums the family over (``j`` of ``\sum_j q_jv_j - v_1``), or None: its
    numbered member ``v_1`` is then the same row as the summand's ``v_j`` at j = 1."""
    summed = set(re.findall(r"\\(?:sum|prod)_\{?([a-z])", src))
    # base_j not inside a macro's name (``\\nu_j`` holds no ``u_j``): the letters before it
    # do not follow a backslash
    used = {
        m[1]
        for m in re.finditer(rf"{re.escape(base)}_\{{?([a-z])\b", src)
        if not re.search(r"\\[A-Za-z]*$", src[: m.start()])
    }
    both = sorted(summed & used)
    return both[0] if both else None


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
def index_parts(sub: list[Tok]) -> list[list[Tok]] | None:
    """``i``, ``ij``, ``i,j``, ``t-1``, ``11`` → one token list per index; None if not an index."""
    if not sub:
        return None
    for t in sub:
        if t.kind == "group":
            return index_parts(t.children) if len(sub) == 1 else None
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
    if len(sub) > 1 and all(t.kind == "letter" and t.value.isupper() for t in sub):
        return None  # \Sigma_{XY}, \Lambda_{YX}: blocks named by their variables, no indices
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


def index_value(tr: Translator, part: list[Tok], lengths: int | None, array: bool) -> int:
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
        return tr.dim(letter)
    given = tr.ctx.values.get(letter, "").strip()
    if given.isdigit() and int(given) >= 1 and letter not in sizing.index_letters:
        # a worked example's "$n=4$" makes λ_n of "λ_n = 1/τ² + n/σ²" the entry λ_4, not a
        # free index at 1 beside an n that is 4 in the body
        return int(given)
    # a free index: it takes each of its values in turn (decide() runs them)
    if letter in sizing.scalars and letter not in sizing.index_letters:
        sizing.index_letters.add(letter)
        raise Retry(f"{letter} is an index")
    sizing.index_letters.add(letter)
    _record_range(sizing, letter, length, array)
    return sizing.free.setdefault(letter, 1)


def _a_number(body: str) -> bool:
    """Is a definition's body a number (``256``, ``\\tfrac12``), no formula in symbols?"""
    return re.fullmatch(r"[\d\s.,+\-{}()/]*|\\[td]?frac\{?\d+\}?\{?\d+\}?", body.strip()) is not None


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
    parts = index_parts(sub)
    if parts is None:
        return None
    letters = _letters(parts)
    sizing = tr.sizing
    bound_here = [x for x in letters if x in tr.bound or x in sizing.probing]
    whole = f"{base}_{''.join(t.value for part in parts for t in part)}"
    if (
        whole in tr.ctx.values
        and not bound_here
        and (
            not letters
            or (
                any(len(part) > 1 for part in parts)
                # x_{k+1} = ½(x_k+2/x_k) beside e_k = x_k-√2: the member's own formula, as
                # written; a family the note defines (z_k = r^k) gives its members itself
                and (_a_number(tr.ctx.values[whole]) or indexed_definition(tr, base) is None)
            )
        )
    ):
        # \bar\alpha_2 = 0.72 given by a worked example, the fan-in n_{l-1} = 256 beside the
        # fan-out n_l = 128: that value, as written (not the family n_l's at l - 1)
        return None
    part_of = _row_matrix(tr, base, whole, parts)
    if part_of is not None:
        of, as_row = part_of
        count = tr.dim(tr.ctx.shapes[of][0 if as_row else 1])
        i = index_value(tr, parts[0], count, True)
        if not 1 <= i <= count:
            raise Unsupported(
                f"index {i} is outside 1..{count} for the {'rows' if as_row else 'columns'} of {of}"
            )
        return f"{of}[{i},:]" if as_row else f"{of}[:,{i}]"
    declared_whole = tr.ctx.shapes.get(whole)
    if declared_whole is not None and declared_whole != (1, 1):
        if not bound_here or len(parts) != 1:
            return None  # I_n, \bar\varepsilon_t declared as vectors in their own right
        # x_i declared itself (the i-th data point) beside a generic point x: in a sum over i,
        # the members x_1, x_2, … of that family, never entries of x
        i = index_value(tr, parts[0], sizing.sequence_length(), False)
        return f"{base}_{i}"
    target, shape = base, array_shape(tr, base)
    if shape is not None and not bound_here and _has_iterates(tr, base):
        return None  # x_k, x_0 declared as vectors like x: iterates, not entries
    if shape is None and len(parts) == 2:
        upper = _entry_matrix(tr, base)
        if upper is not None:
            target, shape = upper, array_shape(tr, upper)
    definition = indexed_definition(tr, base)
    if _own_name(tr, definition, base, whole, letters, bound_here):
        return None
    defined = definition is not None
    if base == KRONECKER and len(parts) == 2 and shape is None and not defined:
        sizing.sequences.add(base)  # δ_{ij}: the Kronecker delta of two indices
        for letter in letters:
            if (
                _bound_value(tr, letter) is None
                and letter not in sizing.ranges
                and letter not in size_names(tr)
                and tr.ctx.shapes.get(letter) == (1, 1)
                # the re-check at chosen values (checking.index_cases) gives it one
                and not tr.ctx.values.get(letter, "").strip().isdigit()
            ):
                # δ_{ky} with y declared as a number (y ∈ {1,…,K}): a range chosen for y here need
                # not be the note's (y = 3 beside K = 2 makes every δ_{ky} zero)
                raise Unsupported(f"the index {letter} {UNRANGED_DELTA}")
    if shape is None and not defined and base not in sizing.sequences:
        if not bound_here and any(x not in sizing.index_letters for x in letters):
            if letters:
                sizing.atomic.add(base)
            return None  # β_t, x_{wc}: one symbol, as written
        if not letters and not bound_here:
            sizing.numbered.add(base)
            return None  # x_1 of an undeclared x: a symbol
        sizing.sequences.add(base)
        if base in sizing.atomic or base in sizing.numbered:
            # x_1 read as a symbol before \sum_i x_i made x a sequence: read again, so that x_1
            # is the sum's first member
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
    idx = tuple(index_value(tr, part, n, shape is not None) for part, n in zip(parts, lengths))
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
        matrix = tr.named(row.group("base"), allow_matrix=True, substitute=substitute)
        if not isinstance(matrix, MatrixBase):
            raise Unsupported(f"{row.group('base')} is not a matrix here")
        return ImmutableMatrix(matrix[int(row.group("i")) - 1, :].T)
    column = _COLUMN_NAME.fullmatch(name)
    if column is not None:
        matrix = tr.named(column.group("base"), allow_matrix=True, substitute=substitute)
        if not isinstance(matrix, MatrixBase):
            raise Unsupported(f"{column.group('base')} is not a matrix here")
        return ImmutableMatrix(matrix[:, int(column.group("i")) - 1])
    parsed = split_entry(name)
    if parsed is None:
        return None
    base, idx = parsed
    delta = kronecker(base, idx) if base not in tr.ctx.values and array_shape(tr, base) is None else None
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
    shape = array_shape(tr, base)
    if shape is None and len(idx) == 1:
        # u_j at j = 2 of the eigenvectors u_1, …, u_d ∈ R^d: the member u_2, a vector, not
        # the second entry of an undeclared u
        member = f"{base}_{idx[0]}"
        member_shape = tr.ctx.shapes.get(member) or family_shape(tr, member)
        if member_shape is not None and tuple(member_shape) != (1, 1):
            return tr.named(member, allow_matrix=True, substitute=substitute)
    if shape is not None:
        matrix = _whole_value(tr, base, substitute and base in tr.ctx.values and base not in tr.sizing.held)
        if not isinstance(matrix, MatrixBase) or matrix.shape != shape:
            raise Unsupported(f"the value given to {base} does not have its declared shape")
        if len(idx) == 1:
            return matrix[idx[0] - 1] if shape[1] == 1 else matrix[0, idx[0] - 1]
        return matrix[idx[0] - 1, idx[1] - 1]
    if substitute and len(idx) == 1:
        given = next((m for m in (f"{base}_{idx[0]}", f"{base}_{{{idx[0]}}}") if m in tr.ctx.values), None)
        if given is not None and given not in tr.sizing.held:
            # α_i at i = 2 in a worked example that gives "$\alpha_2=1$": that member's value
            return tr.named(given, substitute=True)
    # a sequence's entry: its own group of symbols (β_[2]), apart from a plain β the note may use
    return sp.Symbol(entry_name(base + "_", idx), real=True)


def _whole_value(tr: Translator, base: str, substitute: bool) -> Any:
    """The declared array ``base`` (its definition when ``substitute``), read once per run: every
    entry ``h_{ij}`` of ``H := X(X^\\top X)^{-1}X^\\top`` would otherwise translate H again."""
    if base in tr.bound:
        # a function's parameter (p of φ(p) = Σ_i p_i log p_i): each application binds its own
        # array, so φ(p) + φ(q) must not read the second argument's entries from the first
        return tr.named(base, allow_matrix=True, substitute=substitute)
    key = (base, substitute)
    cached = tr.sizing.wholes.get(key)
    if cached is None:
        cached = tr.sizing.wholes[key] = tr.named(base, allow_matrix=True, substitute=substitute)
    elif substitute:
        # read from the cache, the definition is still used here (a derivative of p_i with
        # p = \tfrac13\mathbf{1}_3 given is no derivative of a number)
        tr.used_defs.add(base)
    return cached


def member_of_family(tr: Translator, name: str) -> Any | None:
    """``P_0`` with a declared shape, when the context defines the family ``P_j``: the
    definition's body at ``j = 0`` (None when ``name`` is no such member)."""
    member = _NUMBERED_MEMBER.fullmatch(name)
    if member is None:
        return None
    base, idx = member.group("base"), (int(member.group("idx")),)
    definition = indexed_definition(tr, base)
    if definition is None or len(definition[0]) != len(idx) or base in tr.sizing.opaque:
        return None
    letters, body = definition
    try:
        return _definition_at(tr, base, dict(zip(letters, idx, strict=True)), body)
    except Retry:
        raise
    except Unsupported:
        return None


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
    shape = array_shape(tr, name)
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
    """A definition per index the translator cannot read (``s_j = u_w^\\top v_{\\tilde c_j}``):
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
    given = tr.ctx.values.get(name, "").strip()
    if given.isdigit() and int(given) > MAX_SIZE and (name in tr.sizing.counts or name in size_names(tr)):
        # V = 6 in a worked example, a size instantiated smaller: the written number is not the
        # instance's (T_2 + V = 9 + 6 read at V = 2 was refuted)
        raise Unsupported(f"${name}={given}$ is larger than the sizes the checker instantiates")
    if name in tr.sizing.counts:
        tr.sizing.sized = True
        if name not in tr.ctx.shapes:
            # a count the note never declares (k ∈ ℕ) is ours to choose: verify only
            tr.sizing.guessed = True
        tr.sizing.size_as_number = tr.sizing.size_as_number or tr.depth == 0
        return sp.Integer(tr.dim(name))
    if name in size_names(tr) and name not in tr.ctx.values:
        shape = tr.ctx.shapes.get(name)
        if shape is None or shape == (1, 1):
            tr.sizing.sized = True
            # written in the relation itself (not in a definition substituted into it)
            tr.sizing.size_as_number = tr.sizing.size_as_number or tr.depth == 0
            return sp.Integer(tr.dim(name))
    return None


def defined_square(tr: Translator, name: str, p: TokenStream) -> Any | None:
    r"""``\sigma^2`` where the note defines ``\sigma^2 = …``: that value (the ``^2`` is read here).

    A lone ``\sigma`` beside such a definition is refused: σ is not what σ² is set to."""
    if tr.naming_only or f"{name}^2" not in tr.ctx.values or name in tr.ctx.values:
        return None

    if p.at_char("^") and len(p.toks) > p.i + 1 and _plain(p.toks[p.i + 1]) == "2":
        p.i += 2
        tr.written.add(name)
        return tr.definition_value(f"{name}^2")
    raise Unsupported(f"{name} is used where only {name}^2 is defined")


def ones(tr: Translator, sub: list[Tok]) -> Any:
    """``\\mathbf{1}_n``: the all-ones vector of size n."""

    written = tr.sizing.size_as_number
    size = as_scalar(tr.expr_all(sub))
    tr.sizing.size_as_number = written  # the n of \mathbf{1}_n is a size, not a number in the relation
    if not isinstance(size, sp.Integer) or not 1 <= int(size) <= 6:
        raise Unsupported("the size of \\mathbf{1} is not a declared size")
    return ImmutableMatrix(int(size), 1, [sp.Integer(1)] * int(size))


# ---- derivatives ---------------------------------------------------------------------------------
KRONECKER = "δ"


def kronecker(base: str, idx: tuple[int, ...]) -> Any | None:
    r"""``\delta_{ij}`` with both indices known: 1 or 0."""
    if base != KRONECKER or len(idx) != 2:
        return None
    return sp.Integer(1 if idx[0] == idx[1] else 0)


#: a member of an indexed family written with another index: x_{k+1}, x_{t-1}, x_0, H_{k+1}
_FAMILY_MEMBER = re.compile(r"(?P<base>.+?)_(?P<index>[A-Za-z](?:[+-]\d+)?|\d+)")


def is_row_name(name: str) -> bool:
    """``X[2,:]`` / ``X[:,2]``: the name :func:`subscript_entry` gives a row or column ``x_i`` of a
    declared ``X``."""
    return _ROW_NAME.fullmatch(name) is not None or _COLUMN_NAME.fullmatch(name) is not None


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


def subscript_before_power(p: TokenStream) -> None:
    r"""``\sigma^2_{kj}``: the subscript written after a numeric power belongs to the name."""
    toks, i = p.toks, p.i
    if i + 3 >= len(toks) + 0 or not p.at_char("^"):
        return
    if not (toks[i + 2].kind == "char" and toks[i + 2].value == "_"):
        return
    if not _plain(toks[i + 1]).isdigit():
        return
    p.toks = [*toks[:i], toks[i + 2], toks[i + 3], toks[i], toks[i + 1], *toks[i + 4 :]]


def expression_entry(tr: Translator, value: Any, p: TokenStream) -> Any:
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
    parts = index_parts(sub or [])
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
    idx = [index_value(tr, part, n, True) for part, n in zip(parts, lengths)]
    for i, n in zip(idx, lengths):
        if not 1 <= i <= n:
            raise Unsupported(f"index {i} is outside 1..{n}")
    if vector:
        return value[idx[0] - 1]
    return value[idx[0] - 1, idx[1] - 1]
