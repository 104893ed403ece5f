r"""Sums whose bounds are symbols: ``\sum_{j=1}^{k}\sigma(s_j)``, ``\prod_{s=1}^{t}(1-\beta_s)``.

Worker side (imports SymPy). A sum over a symbolic range is first read as SymPy's ``Sum``
(``\sum_{i=1}^{n} i = n(n+1)/2`` is proved for every ``n``). When its term indexes an array or
a sequence by the bound index (``s_j``, ``\xi_m``), no closed form exists to prove: the
symbols of its bounds are then counts (``k`` negatives, ``M`` draws, ``t`` steps), made
concrete like the sizes the glossary declares — a small integer per run, the same wherever the
relation writes them (``M(\bar\xi-c_0)^2`` beside ``\sum_{m=1}^{M}``), and different in each
of :func:`~notelint.math.cas.translate_arrays.decide`'s size assignments — and the sum is
expanded into its terms. A relation holding at every assignment is verified, one failing at
every assignment refuted, naming the sizes.

Only plain names not defined by the note become counts: a bound the note defines
(``T = \lceil\dots\rceil``) or gives a value that is not a small integer stays symbolic, and the
relation unknown.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import sympy as sp

from notelint.math.checking.guards import Unsupported

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Tok, Translator

#: the message translate_arrays gives when a term indexes an array by a symbolic bound index
_SYMBOLIC_INDEX = "is a bound variable whose range is not a concrete number"


def needs_concrete_range(exc: Unsupported, idx_name: str) -> bool:
    """The term of a sum over ``idx_name`` could not be read with a symbolic index."""
    return str(exc) == f"the index {idx_name} {_SYMBOLIC_INDEX}"


def bounds_as_counts(tr: Translator, lo: Any, hi: Any) -> set[str] | None:
    """The names in a sum's bounds that may be read as counts (positive integers chosen per
    run), or None when a bound is not made of such names and integers (then the sum stays
    unknown)."""
    names: set[str] = set()
    for bound in (lo, hi):
        if not isinstance(bound, sp.Expr) or not bound.is_polynomial():
            return None
        for s in bound.free_symbols:
            if not isinstance(s, sp.Symbol) or s.name in tr.bound or not _count_name(tr, s.name):
                return None
            names.add(s.name)
    return names or None


def _count_name(tr: Translator, name: str) -> bool:
    """A one-letter name (``k``, ``M``, ``t``) the note does not define otherwise than as a
    small integer, and no declared array."""
    if len(name) != 1 or not name.isalpha():
        return False
    shape = tr.ctx.shapes.get(name)
    if shape is not None and shape != (1, 1):
        return False
    given = tr.ctx.values.get(name)
    return given is None or given.strip().isdigit()


# ---- ranges written as sets: i\in\{1,\dots,n\}, i\in[n] ---------------------------------------
_DOTS = frozenset({"dots", "ldots", "cdots"})


def explicit_range(sub: list[Tok]) -> tuple[Tok, list[Tok], list[Tok]] | None:
    r"""``i\in\{1,\dots,n\}``, ``j\in\{0,1,\dots,k\}``, ``i\in[n]`` (= ``\{1,\dots,n\}``): the
    index, the tokens of the first and of the last value; None for any other set (an index set
    ``\mathcal{I}_k`` is no range)."""
    if len(sub) < 4 or sub[0].kind not in ("letter", "macro") or not is_tok(sub[1], "macro", "in"):
        return None
    body = sub[2:]
    if is_tok(body[0], "char", "[") and is_tok(body[-1], "char", "]") and len(body) > 2:
        hi = body[1:-1]
        if any(t.kind == "char" and t.value in ",;" for t in hi):
            return None  # [a, b]: an interval, not {1..n}
        return sub[0], [type(sub[0])("num", "1", body[0].pos, body[0].end)], hi
    if not (is_tok(body[0], "macro", "{") and is_tok(body[-1], "macro", "}")):
        return None
    items: list[list[Tok]] = [[]]
    for t in body[1:-1]:
        if is_tok(t, "char", ","):
            items.append([])
        else:
            items[-1].append(t)
    dots = [k for k, item in enumerate(items) if len(item) == 1 and is_tok(item[0], "macro", *_DOTS)]
    if len(dots) != 1 or dots[0] == 0 or dots[0] != len(items) - 2 or not items[-1]:
        return None
    first = items[: dots[0]]
    if not all(len(item) == 1 and item[0].kind == "num" and item[0].value.isdigit() for item in first):
        return None
    starts = [int(item[0].value) for item in first]
    if starts != list(range(starts[0], starts[0] + len(starts))):
        return None  # \{1,3,\dots,n\}: not every integer
    return sub[0], first[0], items[-1]


def is_tok(t: Tok, kind: str, *values: str) -> bool:
    """Is ``t`` a token of ``kind`` whose value is one of ``values``?"""
    return t.kind == kind and t.value in values


# ---- sums over an index set: \sum_{i\in\mathcal{I}_k}, \sum_{a\in\mathcal{A}}, \sum_{i\in\{1,4\}} --------
#: the subsets an index set the note does not list stands for, per size assignment (run); a set
#: takes the column its name picks, so one set has a different size in different runs and two
#: sets of one relation usually differ. Sizes 2 and 3, never 1 (one term: too degenerate) or a
#: full range {1..n} (the set would then equal the range it is drawn from).
INDEX_SUBSETS: tuple[tuple[tuple[int, ...], ...], ...] = (
    ((1, 3), (2, 3, 4), (1, 2, 4)),
    ((2, 3, 4), (1, 4), (2, 3)),
    ((1, 2, 4), (1, 3), (3, 4)),
)
#: the index sets sampled while a derivation step is checked (follows.py reads it)
SAMPLED_SETS: ContextVar[set[str] | None] = ContextVar("SAMPLED_SETS", default=None)
#: fonts that name a set (``\mathcal{I}``); ``\mathbb`` names infinite ones (ℝ, ℕ)
_SET_FONTS = frozenset({"mathcal", "mathscr", "mathfrak", "mathsf"})


def index_set_member(tr: Translator, sub: list[Tok]) -> tuple[Tok, tuple[int, ...]] | None:
    r"""``i\in\mathcal{I}_k`` (a named index set), ``i\in\{1,4,5\}`` (a listed one): the index and
    the values it takes in this run, or None for anything else (``i\in\mathbb{N}``, an interval,
    a set with a condition). A named set is sampled (:func:`sampled_subset`)."""
    if len(sub) < 3 or sub[0].kind not in ("letter", "macro") or not is_tok(sub[1], "macro", "in"):
        return None
    listed = _listed(sub[2:])
    if listed is not None:
        return sub[0], listed
    name = set_name(tr, sub[2:], plain_letters=True)
    if name is None:
        return None
    if tr.depth == 0:
        tr.sizing.written_sets.add(name)
    return sub[0], sampled_subset(tr, name)


def is_listed(sub: list[Tok]) -> bool:
    r"""``i\in\{1,4,5\}``: the members are written, not sampled."""
    return len(sub) > 2 and _listed(sub[2:]) is not None


def _listed(body: list[Tok]) -> tuple[int, ...] | None:
    r"""``\{1,4,5\}``: distinct positive integers listed in braces."""
    if len(body) < 3 or not (is_tok(body[0], "macro", "{") and is_tok(body[-1], "macro", "}")):
        return None
    items = body[1:-1]
    values = [int(t.value) for t in items[::2] if t.kind == "num" and t.value.isdigit()]
    commas = items[1::2]
    if len(values) != (len(items) + 1) // 2 or not all(is_tok(t, "char", ",") for t in commas):
        return None
    if len(set(values)) != len(values) or not values or min(values) < 1:
        return None
    return tuple(values)


def set_name(tr: Translator, toks: list[Tok], plain_letters: bool) -> str | None:
    r"""The name of an index set written ``\mathcal{I}_k``, ``\mathcal{A}``, ``S_k`` (a plain
    capital only when ``plain_letters``: after ``\in`` in a sum's subscript, where it can be
    nothing but a set), its subscript's bound letters replaced by their values in this run;
    None when ``toks`` is not such a name or names a declared array or a defined value."""
    if not toks:
        return None
    head = toks[0]
    if head.kind == "macro" and head.value in _SET_FONTS:
        if len(toks) < 2 or toks[1].kind != "group" or len(toks[1].children) != 1:
            return None
        letter = toks[1].children[0]
        if letter.kind != "letter":
            return None
        written, rest = f"\\{head.value}{{{letter.value}}}", toks[2:]
        canonical = f"{head.value}({letter.value})"  # as translate_names spells a context key
    elif plain_letters and head.kind == "letter" and head.value.isupper():
        written, rest = head.value, toks[1:]
        canonical = head.value
    else:
        return None
    keys = [canonical]
    if rest:
        if len(rest) != 2 or not is_tok(rest[0], "char", "_"):
            return None
        script = rest[1].children if rest[1].kind == "group" else [rest[1]]
        if not script or not all(t.kind in ("letter", "num") for t in script):
            return None
        written += "_{" + "".join(_index_value(tr, t) for t in script) + "}"
        keys.append(canonical + "_" + "".join(t.value for t in script))
    for key in keys:
        shape = tr.ctx.shapes.get(key)
        if shape is not None and shape != (1, 1):
            return None  # a declared vector or matrix, not a set
    if any(key in tr.ctx.values for key in keys):
        # \mathcal{I}_k = \{i : y_i = k\}: the data decide the set, not our sampling; read at
        # a sampled subset all the same, a failure is then no counterexample (verify only)
        tr.sizing.set_defined = True
    return written


def _index_value(tr: Translator, t: Tok) -> str:
    """A subscript letter bound by an outer sum: its value (``\\mathcal{I}_k`` inside
    ``\\sum_{k=1}^{K}`` is one set per k); any other letter as written (a free ``k`` has one
    value per run, and the set one subset)."""
    summed = t.kind == "letter" and t.value in tr.sizing.summing
    value = tr.bound.get(t.value) if summed else None
    return str(int(value)) if isinstance(value, sp.Integer) else t.value


def sampled_subset(tr: Translator, name: str) -> tuple[int, ...]:
    """The subset the index set ``name`` stands for in this run: the same on both sides and in
    every definition substituted (the choice depends on the name and the run only)."""
    sizing = tr.sizing
    chosen = sizing.index_sets.get(name)
    if chosen is None:
        column = sum(name.encode()) % len(INDEX_SUBSETS[0])
        chosen = INDEX_SUBSETS[sizing.variant % len(INDEX_SUBSETS)][column]
        sizing.index_sets[name] = chosen
    sampled = SAMPLED_SETS.get()
    if sampled is not None:
        sampled.add(name)
    return chosen


def cardinality(tr: Translator, toks: list[Tok], start: int) -> tuple[Any, int] | None:
    r"""``|\mathcal{I}_k|`` at ``toks[start]`` (just after the opening bar): the size of the set
    in this run and the position after the closing bar; None when the bars hold no set name (a
    plain capital is a set only when a sum of this run ranges over it)."""
    end = next((k for k in range(start, len(toks)) if is_tok(toks[k], "char", "|")), None)
    if end is None or end == start:
        return None
    name = set_name(tr, toks[start:end], plain_letters=True)
    if name is None:
        return None
    if not name.startswith("\\") and name not in tr.sizing.index_sets:
        return None  # |A|: a determinant or an absolute value as well
    return sp.Integer(len(sampled_subset(tr, name))), end + 1
