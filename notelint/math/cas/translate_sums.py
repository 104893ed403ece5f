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
