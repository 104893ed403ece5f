r"""Sums whose bounds are symbols: ``\sum_{j=1}^{k}\sigma(s_j)``, ``\prod_{s=1}^{t}(1-\beta_s)``.

Worker side (imports SymPy). A sum over a symbolic range is first read as SymPy's ``Sum``
(``\sum_{i=1}^{n} i = n(n+1)/2`` is proved for every ``n``). When its term indexes an array or
a sequence by the bound index (``s_j``, ``\xi_m``), no closed form exists to prove: the
symbols of its bounds are then counts (``k`` negatives, ``M`` draws, ``t`` steps), made
concrete like the sizes the glossary declares — a small integer per run, the same wherever the
relation writes them (``M(\bar\xi-c_0)^2`` beside ``\sum_{m=1}^{M}``), and different in each
of :func:`~notelint.math.cas.translate_calculus.decide`'s size assignments — and the sum is
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
    from notelint.math.cas.latex_sympy import Translator

#: the message translate_calculus gives when a term indexes an array by a symbolic bound index
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
