r"""Points beyond the kinks of a nonsmooth relation, which random points do not reach.

Random points are small (|x| ≤ 2.7, one far point at 5.3 or −17.1), so a relation with
``\max``, ``\min``, ``|·|``, ``\operatorname{sign}``, cases, a root (``\sqrt{(x-3)^2}`` is
``|x-3|``) or a principal inverse (``\arcsin(\sin x)``) that switches branch further out holds
at all of them: ``\max(0, x-8) = 0``, ``\min(x, 20) = x`` and ``\min(1, e^{x-10}) =
e^{x-10}`` were verified. Two kinds of extra points, each meeting the symbols' assumptions:

* where a switch (the difference of two arguments of ``\max``/``\min``, the argument of
  ``|·|`` or ``\operatorname{sign}``, the base of a root, the two sides of a condition of cases) is a polynomial
  of degree ≤ 3 in one symbol, the others at a sampled point: its real roots, and a point just
  below and just above each;
* a ladder of magnitudes (10, 100, 1000, 10⁴, both signs where allowed) for each symbol, and
  for all of them at once, for switches this does not solve (``e^{x-10}`` against 1).

Integer symbols (a sum's bound, the ``n`` of ``n!``) are sampled from 1 to 7 and at 9: any
relation that uses one is also tried at larger integers (:func:`integer_ladder`).

Worker side (imports SymPy).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from mpmath.libmp import NoConvergence

from notelint.math.cas import sampling
from notelint.math.cas.evaluation import nodes
from notelint.math.checking.jobs import Assumption

#: magnitudes of the ladder
LADDER = (10, 100, 1000, 10**4)
#: extra points at most (each is one evaluation of both sides)
MAX_POINTS = 48
#: how far on each side of a root the points go (a root itself decides nothing)
_OFFSETS = tuple(sp.Rational(d) for d in ("-1/2", "1/2", "-1/1000", "1/1000", "-1", "1"))


#: functions whose value switches branch: a relation with one is decided beyond its kinks
_BRANCHING = (sp.Min, sp.Max, sp.Abs, sp.Piecewise, sp.sign, sp.Heaviside, sp.floor, sp.ceiling)
#: principal branches of inverses (asin(sin x) = x only for |x| ≤ π/2)
_PRINCIPAL = (sp.asin, sp.acos, sp.atan, sp.acot)
_SWITCHING = (*_BRANCHING, *_PRINCIPAL)


def nonsmooth(exprs: list[Any]) -> bool:
    """Does a side switch branch somewhere: ``\\max``, ``|·|``, cases, floor, a principal inverse
    (``\\arcsin(\\sin x)``), a root of an expression that may be negative (``\\sqrt{(x-3)^2}``
    is ``|x-3|``)?"""
    # one walk of each tree (``has`` with twelve classes walked it twelve times)
    return any(
        isinstance(node, _SWITCHING) or (isinstance(node, sp.Pow) and _branch_of_root(node))
        for node in nodes([e for e in exprs if isinstance(e, sp.Basic)])
    )


def _branch_of_root(node: Any) -> bool:
    """A root (a non-integer power) of a base that is not a plain positive number or symbol."""
    exponent = node.exp
    return bool(
        exponent.is_number and not exponent.is_integer and node.base.free_symbols and not node.base.is_Symbol
    )


def switches(exprs: list[Any]) -> list[Any]:
    """The expressions whose sign picks a branch: ``a − b`` of ``\\max(a, b)``, ``u`` of ``|u|``."""
    out: list[Any] = []
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for node in nodes([e]):
            if isinstance(node, (sp.Max, sp.Min)):
                args = list(node.args)
                out += [a - b for i, a in enumerate(args) for b in args[i + 1 :]]
            elif isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
                out.append(node.args[0])
            elif isinstance(node, sp.Pow) and _branch_of_root(node):
                out.append(node.base)
            elif isinstance(node, sp.Piecewise):
                for _, cond in node.args:
                    if isinstance(cond, sp.core.relational.Relational):
                        out.append(cond.lhs - cond.rhs)
    return out


def beyond(
    exprs: list[Any], syms: list[sp.Symbol], base: dict[sp.Symbol, Any], assumptions: dict[str, Assumption]
) -> list[dict[sp.Symbol, Any]]:
    """Points on both sides of the switches of ``exprs`` and far out, each a copy of ``base``
    with some scalars changed to values their assumptions allow."""
    movable = [s for s in syms if _allowed(s, sp.Integer(1), assumptions) is not None]
    points: list[dict[sp.Symbol, Any]] = []
    for switch in switches(exprs):
        for s in movable:
            if len(points) >= MAX_POINTS:
                # only the first MAX_POINTS are kept: more roots would change nothing
                return points[:MAX_POINTS]
            if s not in switch.free_symbols:
                continue
            for root in _real_roots(
                switch.xreplace({t: base[t] for t in syms if t is not s and t in base}), s
            ):
                for offset in _OFFSETS:
                    _add(points, base, s, root + offset, assumptions)
    for m in LADDER:
        for sign in (1, -1):
            for s in movable:
                _add(points, base, s, sp.Integer(sign * m), assumptions)
            together = {
                s: sp.Integer(sign * m) for s in movable if _allowed(s, sp.Integer(sign * m), assumptions)
            }
            if len(together) > 1:
                points.append({**base, **together})
    return points[:MAX_POINTS]


#: values of an integer symbol beyond the random ones (1..7 and 9)
INTEGER_LADDER = (10, 12, 15, 20, 30, 50, 100, 1000)


def integer_ladder(
    syms: list[sp.Symbol], base: dict[sp.Symbol, Any], assumptions: dict[str, Assumption]
) -> list[dict[sp.Symbol, Any]]:
    """Larger values of each integer symbol (and of all of them at once) that their assumptions
    allow: ``n! < 10^6`` and ``\\sum_{k=1}^{n} k \\le 10n`` hold for n ≤ 9 only."""
    counts = [s for s in syms if (a := assumptions.get(s.name)) is not None and a.kind == "integer"]
    points: list[dict[sp.Symbol, Any]] = []
    for m in INTEGER_LADDER:
        value = sp.Integer(m)
        allowed = [s for s in counts if sampling.allows(assumptions[s.name], value)]
        points += [{**base, s: value} for s in allowed]
        if len(allowed) > 1:
            points.append({**base, **{s: value for s in allowed}})
    return points


def _real_roots(g: Any, s: sp.Symbol) -> list[sp.Rational]:
    """The real roots of ``g`` in ``s`` when it is a polynomial of degree ≤ 3, as rationals."""
    try:
        poly = sp.Poly(sp.expand(g), s)
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
        return []
    if not 0 < poly.degree() <= 3 or poly.free_symbols - {s}:
        return []
    try:
        roots = poly.real_roots()  # exact, a double root included (rational coefficients)
    except (sp.PolynomialError, sp.DomainError, NotImplementedError):
        try:
            roots = [r for r in poly.nroots(n=20, maxsteps=200) if r.is_real]
        except (NoConvergence, ValueError, TypeError):
            return []
    return [sp.Rational(str(sp.N(r, 20))).limit_denominator(10**9) for r in roots]


def _allowed(s: sp.Symbol, v: Any, assumptions: dict[str, Assumption]) -> bool | None:
    """May the scalar ``s`` take ``v``? None: ``s`` is not a free scalar (an entry of a matrix
    under a matrix assumption, an opaque atom's place)."""
    a = assumptions.get(s.name)
    if a is None:
        return True if "[" not in s.name or s.name.split("[")[0] not in assumptions else None
    if a.kind in sampling.MATRIX_KINDS:
        return None
    return sampling.allows(a, v)


def _add(
    points: list[dict[sp.Symbol, Any]],
    base: dict[sp.Symbol, Any],
    s: sp.Symbol,
    v: Any,
    assumptions: dict[str, Assumption],
) -> None:
    if _allowed(s, v, assumptions) and base.get(s) != v:
        points.append({**base, s: v})
