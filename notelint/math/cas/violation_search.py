"""A local search for a counterexample to an inequality that every random point satisfied.

Random points decide an *equality* well (two different expressions rarely agree at random
points), but not an *inequality*: ``x^2 - x + 0.24 \\ge 0`` fails only on ``(0.4, 0.6)``, and
``\\sin(10x) \\le 0.999`` only near the maxima of the sine. Before an inequality is called
verified, the gap between its sides is minimised from the sampled points with the lowest gap
(Nelder–Mead: no derivatives, so ``|·|``, ``\\max`` and ``cases`` are fine), inside the domain
the assumptions give each symbol. A point where the relation fails, re-checked exactly at that
rational point and at a second one next to it, is a counterexample.

This finds the counterexamples a careful reader would try (a valley between sampled points, the
peak of a periodic side); it proves nothing, so a relation it does not break stays "holds" by
sampling, as before. Worker side (imports SymPy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import sympy as sp

from notelint.math.cas import numeric
from notelint.math.checking.jobs import Assumption

#: the sampled points a search starts from (the lowest gaps)
STARTS = 3
#: evaluations of the gap per start
EVALUATIONS = 160
#: more free symbols than this: no search (the simplex gets too slow to be worth it)
MAX_SYMBOLS = 4

#: kinds whose values are open or closed intervals of the reals: (low, high, low open, high open)
_INTERVALS: dict[str, tuple[float, float, bool, bool]] = {
    "positive": (0.0, float("inf"), True, True),
    "nonnegative": (0.0, float("inf"), False, True),
    "negative": (float("-inf"), 0.0, True, True),
    "nonpositive": (float("-inf"), 0.0, True, False),
    "probability": (0.0, 1.0, True, True),
}


def _interval(a: Assumption | None) -> tuple[float, float, bool, bool] | None:
    """The interval a symbol ranges over; None when its assumption is not an interval."""
    if a is None:
        return (float("-inf"), float("inf"), True, True)
    if a.kind in _INTERVALS:
        return _INTERVALS[a.kind]
    if a.kind == "interval":
        try:
            lo = float(sp.Rational(a.lo)) if a.lo is not None else float("-inf")
            hi = float(sp.Rational(a.hi)) if a.hi is not None else float("inf")
        except (TypeError, ValueError):
            return None
        return (lo, hi, True, True)
    return None


def _inside(x: float, box: tuple[float, float, bool, bool]) -> bool:
    lo, hi, _, _ = box
    return lo < x < hi


def counterexample(
    op: str,
    syms: list[sp.Symbol],
    gap_at: Callable[[list[Any]], Any],
    starts: list[dict[sp.Symbol, Any]],
    domain: dict[sp.Symbol, Assumption | None],
    exact_fails: Callable[[dict[sp.Symbol, Any]], bool],
    lows: list[Low] | None = None,
    coupled: frozenset[sp.Symbol] = frozenset(),
) -> dict[sp.Symbol, Any] | None:
    """A rational point where ``op`` fails, found by minimising ``gap_at`` (the amount by which
    the relation holds: ``left - right`` for ``≥``/``>``, ``right - left`` for ``≤``/``<``)
    from ``starts``; None when the search finds none.

    Symbols whose assumption is not an interval of the reals (integers, matrix classes) keep
    their sampled value; the others move inside their interval. ``exact_fails`` re-decides a
    candidate exactly; it must fail there and at a point one part in 10⁹ away. ``lows``
    receives each search's lowest point, the symbols that moved and the gap there, when the
    gap is not negative, with the intervals the symbols moved in (:func:`touches`). The
    ``coupled`` symbols (the entries of a probability vector, which sum to 1) keep their
    sampled values too: one moved alone leaves the simplex."""
    strict = op in ("<", ">", "!=")
    boxes = {s: box for s in syms if s not in coupled and (box := _interval(domain.get(s))) is not None}
    moving = list(boxes)
    if not moving or len(moving) > MAX_SYMBOLS:
        return None
    for start in starts[:STARTS]:
        fixed = dict(start)

        def gap(x: list[float], fixed: dict[sp.Symbol, Any] = fixed) -> float:
            if not all(_inside(v, boxes[s]) for s, v in zip(moving, x)):
                return float("inf")
            point = {**fixed, **{s: sp.Rational(v) for s, v in zip(moving, x)}}
            value = gap_at([point[s] for s in syms])
            return float("inf") if value is None else float(value)

        best = _nelder_mead(gap, [float(start[s]) for s in moving], EVALUATIONS)
        if best is None:
            continue
        x, value = best
        if lows is not None and value >= 0:
            lows.append(({**fixed, **dict(zip(moving, (sp.Rational(v) for v in x)))}, boxes, value))
        if value > 0 or (value == 0 and not strict):
            continue
        point = {**fixed, **{s: sp.Rational(v).limit_denominator(10**12) for s, v in zip(moving, x)}}
        near = {s: (v * (1 + sp.Rational(1, 10**9)) if s in moving else v) for s, v in point.items()}
        if exact_fails(point) and exact_fails(near):
            return point
    return None


#: a search's lowest point: the values there, the interval of each symbol that moved, the gap
Low = tuple[dict[sp.Symbol, Any], dict[sp.Symbol, tuple[float, float, bool, bool]], float]
#: a gap this small at a local minimum: the sides meet there (or as near as floats can tell)
TOUCH = 1e-10


def touches(
    gap_at: Callable[[list[Any]], Any], syms: list[sp.Symbol], lows: list[Low]
) -> dict[sp.Symbol, Any] | None:
    """A lowest point of the searches where the gap is 0 to float precision and rises on both
    sides along every moving symbol: the sides of a strict relation meet at a point the random
    points missed (``(x-1.01)^2 > 0``, ``\\cosh(x-0.37) > 1``). A gap that only tends to 0 far
    out (``e^{-x} > 0``) keeps falling along the way and is no touch, nor is a gap that falls
    to 0 at an open end of a symbol's interval (``\\cosh x > 1`` for ``x > 0``)."""
    for point, boxes, value in lows:
        if value > TOUCH:
            continue
        rises = True
        for s, box in boxes.items():
            step = sp.Rational(1, 10**4) * max(abs(point[s]), sp.Rational(1, 10))
            for shifted in (point[s] - step, point[s] + step):
                if not _inside(float(shifted), box):
                    rises = False
                    continue
                there = gap_at([shifted if t is s else point[t] for t in syms])
                if there is None or float(there) <= value:
                    rises = False
        if rises:
            return point
    return None


def _nelder_mead(
    f: Callable[[list[float]], float], x0: list[float], budget: int
) -> tuple[list[float], float] | None:
    """The lowest point Nelder–Mead reaches from ``x0`` in ``budget`` evaluations of ``f``."""
    n = len(x0)
    simplex = [list(x0)]
    for i in range(n):
        x = list(x0)
        x[i] += 0.25 * max(abs(x[i]), 0.2) * (1 if x[i] >= 0 else -1)
        simplex.append(x)
    values = [f(x) for x in simplex]
    used = n + 1
    if all(v == float("inf") for v in values):
        return None
    while used < budget:
        order = sorted(range(n + 1), key=lambda i: values[i])
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        if values[0] < 0:
            break  # a failure: enough (the caller re-checks it exactly)
        centre = [sum(p[j] for p in simplex[:-1]) / n for j in range(n)]
        worst = simplex[-1]
        reflected = [c + (c - w) for c, w in zip(centre, worst)]
        fr = f(reflected)
        used += 1
        if fr < values[0]:
            expanded = [c + 2 * (c - w) for c, w in zip(centre, worst)]
            fe = f(expanded)
            used += 1
            simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = reflected, fr
        else:
            contracted = [c + 0.5 * (w - c) for c, w in zip(centre, worst)]
            fc = f(contracted)
            used += 1
            if fc < values[-1]:
                simplex[-1], values[-1] = contracted, fc
            else:
                best = simplex[0]
                simplex = [best] + [[b + 0.5 * (p - b) for b, p in zip(best, q)] for q in simplex[1:]]
                values = [values[0]] + [f(x) for x in simplex[1:]]
                used += n
        spread = max(abs(a - b) for p in simplex[1:] for a, b in zip(p, simplex[0]))
        if spread < 1e-12:
            break
    i = min(range(n + 1), key=lambda i: values[i])
    return simplex[i], values[i]


def gap_function(op: str, fast: numeric.FastSides) -> Callable[[list[Any]], Any]:
    """How much a scalar relation holds by at a point (negative where it fails)."""

    def gap_at(values: list[Any]) -> Any:
        sides = fast.values(values)
        if sides is None:
            return None
        (a,), (b,) = sides
        with mpmath.workdps(numeric.POINT_DPS):
            if op == "!=":
                return abs(a - b)
            return a - b if op in (">=", ">") else b - a

    return gap_at
