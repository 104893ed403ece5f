"""Values of translated expressions the verdicts share: their free symbols and entries, the
evaluation of unevaluated sums, integrals and limits, a number at a working precision, and the
short forms messages show (a number, a pair of sides, a point). Worker side (imports SymPy).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import mpmath
import sympy as sp

from notelint.math.cas import opaque
from notelint.math.cas.numeric import unrolled
from notelint.math.cas.sympy_values import is_matrix
from notelint.math.checking.guards import Unsupported

PREC = 30


def scalarise(v: Any) -> Any:
    if is_matrix(v) and v.shape == (1, 1):
        return v[0, 0]
    return v


def free_symbols(v: Any) -> set[sp.Symbol]:
    if is_matrix(v):
        out: set[sp.Symbol] = set()
        for e in v:
            out |= e.free_symbols
        return out
    return set(v.free_symbols)


def entries_of(v: Any) -> list[Any]:
    return list(v) if is_matrix(v) else [v]


def nodes(exprs: list[Any]) -> Iterator[Any]:
    """Every node of the SymPy trees ``exprs``, each tree in preorder (what
    ``sp.preorder_traversal`` gives, without its per-node bookkeeping)."""
    stack = list(reversed(exprs))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.args))


def _evaluated_limits(e: Any) -> Any:
    """The same sum/integral with its limits evaluated (``-1*oo`` written unevaluated is −∞:
    SymPy's integrator misreads the unevaluated product and halves a Gaussian integral)."""
    limits = [tuple(part.doit() if isinstance(part, sp.Basic) else part for part in lim) for lim in e.limits]
    return e.func(e.function, *limits)


def doit(v: Any, facts: dict[str, dict[str, bool]] | None = None) -> Any:
    """Evaluate sums, products, integrals and limits (symbolically, under the worker's limits).

    ``facts`` gives SymPy assumptions (``positive``, ``integer``…) per symbol name, which an
    integral's parameters take while it is computed (:func:`_integrated`)."""
    kinds = (sp.Sum, sp.Product, sp.Integral, sp.Limit)
    if is_matrix(v):
        return sp.ImmutableMatrix(v.applyfunc(lambda e: doit(e, facts)))
    if not v.has(*kinds):
        return v

    def evaluate(e: Any) -> Any:
        if isinstance(e, (sp.Sum, sp.Product, sp.Integral)):
            e = _evaluated_limits(e)
        if isinstance(e, sp.Integral) and facts is not None and e.free_symbols:
            return _integrated(e, facts)
        return e.doit()

    out = v.replace(lambda e: isinstance(e, kinds), evaluate)
    if out.has(sp.Limit):
        raise Unsupported("SymPy could not compute the limit")
    if out.has(sp.Integral) and out.free_symbols:
        raise Unsupported("SymPy could not compute the integral")
    return out


def _integrated(e: Any, facts: dict[str, dict[str, bool]]) -> Any:
    r"""An integral with parameters computed with their stated signs: ``\int_0^\infty e^{-ax}dx``
    is ``1/a`` only for ``a > 0``, and SymPy, not told, leaves it unevaluated. A parameter the
    note says nothing about is taken positive, as the random points first take it (a relation
    that fails only at negative values of such a symbol is unknown, never refuted). Matrix and
    vector entries (``w[1]``) keep no sign. The closed form is returned in the original
    symbols; when SymPy cannot do it, the integral stays as it was."""
    swap: dict[Any, Any] = {}
    for s in e.free_symbols:
        if not isinstance(s, sp.Symbol) or "[" in s.name or opaque.is_atom(s):
            continue
        signs = facts.get(s.name, {"positive": True})
        if signs:
            swap[s] = sp.Dummy(s.name, **signs)
    if not swap:
        return e.doit()
    value = e.xreplace(swap).doit()
    if value.has(sp.Integral):
        return e.doit()
    return value.xreplace({d: s for s, d in swap.items()})


# ---- numbers --------------------------------------------------------------------------------
def numeric_value(v: Any, prec: int = PREC) -> Any:
    """A real mpmath number, or None (complex, infinite, undefined)."""
    v = unrolled(v)
    if v is None:
        return None
    try:
        x = sp.N(v, prec)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if x.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not x.is_number:
        return None
    re_, im_ = x.as_real_imag()
    try:
        r = mpmath.mpf(sp.Float(re_, prec)._mpf_) if re_ != 0 else mpmath.mpf(0)
        i = mpmath.mpf(sp.Float(im_, prec)._mpf_) if im_ != 0 else mpmath.mpf(0)
    except (TypeError, ValueError, AttributeError):
        return None
    if not mpmath.isfinite(r) or not mpmath.isfinite(i):
        return None
    if abs(i) > mpmath.mpf(10) ** (-PREC + 5) * max(1, abs(r)):
        return None
    return r


def fmt(x: Any, digits: int = 6) -> str:
    """Short human form of a number (``−`` for negatives, as in the messages of the spec)."""
    if isinstance(x, sp.Rational) and x.q == 1:
        s = str(x.p)
    else:
        s = mpmath.nstr(
            mpmath.mpf(x) if not isinstance(x, sp.Basic) else mpmath.mpf(sp.Float(x, digits + 14)._mpf_),
            digits,
            strip_zeros=True,
        )
    if s.endswith(".0"):
        s = s[:-2]
    return s.replace("-", "\u2212")


def fmt_pair(a: Any, b: Any) -> tuple[str, str]:
    """Both values with enough digits that they print differently when they differ."""
    for digits in (6, 10, 15, 20, 30):
        sa, sb = fmt(a, digits), fmt(b, digits)
        if sa != sb:
            return sa, sb
    return sa, sb


def describe_point(point: dict[sp.Symbol, Any]) -> str:
    items = sorted(point.items(), key=lambda kv: kv[0].name)
    text = ", ".join(f"{s.name}={fmt(v)}" for s, v in items[:6])
    if len(items) > 6:
        text += ", …"
    return text
