"""Deciding a relation with free symbols at random points sampled under the job's assumptions:
holds at every point, fails at two re-checked exactly (the message names the values), unknown
otherwise; a point where a nonsmooth side touches its kink; ``simplify`` to prove; a Taylor
expansion for a symbolic ``\\approx``. Worker side (imports SymPy).
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp

from notelint.math.cas import kinks, numeric, sampling, violation_search
from notelint.math.cas.evaluation import (
    describe_point,
    doit,
    entries_of,
    fmt,
    fmt_pair,
    free_symbols,
    numeric_value,
)
from notelint.math.cas.sympy_values import is_matrix
from notelint.math.cas.verdicts import Result
from notelint.math.checking.jobs import ONE_SIDED, Assumption, Job

#: random points tried / needed to call a symbolic link verified
POINTS = 10


#: points for a relation with min, max, |·| or cases (one branch may hide a failure)
NONSMOOTH_POINTS = 40


NEEDED = 3


@dataclass
class Sides:
    """A translated relation with what the samplers need to know about its symbols."""

    job: Job
    left: Any
    right: Any
    integers: set[str]
    #: canonical symbol name → its assumption
    assumptions: dict[str, Assumption]
    #: canonical name of a declared vector or matrix → its concrete (rows, cols)
    sizes: dict[str, tuple[int, int]]
    #: the values of both sides at each valid point tried
    seen: list[tuple[list[Any], list[Any]]] = field(default_factory=list)
    #: a size of a matrix was substituted for a symbol (``tr(H) = n``): a claim about sizes
    sized: bool = False
    #: the valid points tried, in the order of :attr:`seen`
    points: list[dict[sp.Symbol, Any]] = field(default_factory=list)


# ---- random points ----------------------------------------------------------------------------
def _rng(sides: Sides) -> random.Random:
    """The same points for a relation, its negation and its mirror (``a<b`` and ``b≥a``)."""
    job = sides.job
    pair = sorted((job.left.strip(), job.right.strip()))
    extra = sorted(repr(a) for a in job.assumptions)
    seed = hashlib.sha256("|".join([*pair, *extra]).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))


def _passes(op: str, a: Any, b: Any) -> bool:
    """The relation at one point, in floating point (ties are re-decided exactly)."""
    if op == "=":
        return numeric.close(a, b)
    if op == "!=":
        return not numeric.close(a, b)
    return bool({"<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b}[op])


def _exact_at(op: str, left: Any, right: Any, point: dict[sp.Symbol, Any]) -> bool | None:
    """Does the relation hold at ``point``, decided exactly (rational point, adaptive evalf)?"""
    lv, rv = left.xreplace(point), right.xreplace(point)
    s = numeric.sign(lv - rv)
    if s is None:
        return None
    if op in ("<", ">", "!=") and numeric.unseen_tie(lv - rv, s):
        return None
    return {"=": s == 0, "!=": s != 0, "<=": s <= 0, ">=": s >= 0, "<": s < 0, ">": s > 0}[op]


def points_verdict(sides: Sides, free: set[sp.Symbol], base: Result) -> Result:
    """Decide the relation at random points under the assumptions.

    Every operator is universal (it must hold at every valid point) and every operator sees the
    same points, so a relation and its negation (``≤``/``>``, ``=``/``≠``) are never both
    verified.
    """
    job = sides.job
    result = _points_for(job.op, sides, free, base)
    numbers_side = not (free_symbols(sides.left) and free_symbols(sides.right))
    one_sided = numbers_side and (not is_matrix(sides.left) or _numbers_not_zero(sides.left, sides.right))
    assumed = any(_group_name(s) in sides.assumptions for s in free)
    if result.status == "fails" and numbers_side and is_matrix(sides.left) and _bare_name_is_numbers(sides):
        # "\hat x = 0" for the case a sentence treats (σ² = 0): a named vector set to numbers
        # is a case or a condition, whatever is assumed of the symbols of its definition
        assumed = False
    one_sided = one_sided or (numbers_side and is_matrix(sides.left) and _bare_name_is_numbers(sides))
    if (
        result.status == "fails"
        and one_sided
        and not assumed
        and not sides.sized
        and not _constant(sides)
        and not _free_of_symbols(sides.left if free_symbols(sides.left) else sides.right)
        and not job.general
    ):
        # "f(x) = 5", "|e_1| < 0.35" with nothing assumed about the symbols: a substitution of
        # values given elsewhere or a condition, not a statement for all values
        result.status = "unknown"
        result.message = ONE_SIDED
    if result.status == "fails" and numbers_side and _value_its_range_allows(sides):
        # "$K=3$" with $K\in[2,\infty)$, failing at K = 2.9: a value the stated range allows
        # is a substitution too; only a value outside it ("$p=1.5$", p ∈ [0,1]) is refuted
        result.status = "unknown"
        result.message = ONE_SIDED
    return result


def _value_its_range_allows(sides: Sides) -> bool:
    """Is one side a bare symbol with an assumed range, the other a number that range allows?"""
    for name, value in ((sides.left, sides.right), (sides.right, sides.left)):
        if not isinstance(name, sp.Symbol) or free_symbols(value) or not isinstance(value, sp.Number):
            continue
        a = sides.assumptions.get(_group_name(name))
        if a is not None and value.is_real and sampling.allows(a, sp.Rational(value)):
            return True
    return False


#: a side that only names a symbol: ``\hat x``, ``x``, ``\hat{x}_t``, ``w^\star``
_BARE_NAME = re.compile(
    r"\s*(?:\\[A-Za-z]+\s*\{?\s*(?:\\[A-Za-z]+|[A-Za-z])\s*\}?|\\[A-Za-z]+|[A-Za-z])\s*"
    r"(?:_\{?[A-Za-z0-9]+\}?)?\s*(?:\^\{?\\star\}?)?\s*"
)


def _bare_name_is_numbers(sides: Sides) -> bool:
    r"""``\hat x = 0`` (a vector named, set to numbers): a case or a condition, like the scalar
    ``\sigma^2 = 0``; an expression set to numbers (``(I-H)X = 0``) stays a claim."""
    named = sides.job.left if free_symbols(sides.left) else sides.job.right
    return _BARE_NAME.fullmatch(named) is not None


def _numbers_not_zero(left: Any, right: Any) -> bool:
    r"""A vector of numbers, not all zero, against an expression (``\hat x = (-\tfrac53, …)^\top``):
    a worked example's values, like a scalar side that is a number; ``(I-H)X = 0`` is a claim."""
    numbers = right if not free_symbols(right) else left
    return 1 in numbers.shape and any(e != 0 for e in numbers)


def _free_of_symbols(v: Any) -> bool:
    """Does ``v`` lose every symbol once simplified (σ² with m = 1 is (x₁-x₁)² = 0)? Then it
    is one number, and a side that is another number refutes it: no value makes it hold."""
    try:
        return all(not sp.simplify(doit(e)).free_symbols for e in entries_of(v))
    except Exception:  # a simplification that fails decides nothing
        return False


def _constant(sides: Sides) -> bool:
    """Did each side take one value at every point (``tr(H) = 3`` with H a projection of rank
    2)? Then no choice of values satisfies a failing relation: it is no condition."""
    if len(sides.seen) < NEEDED:
        return False
    first_l, first_r = sides.seen[0]
    return all(
        all(numeric.close(a, b) for a, b in zip(lv, first_l))
        and all(numeric.close(a, b) for a, b in zip(rv, first_r))
        for lv, rv in sides.seen[1:]
    )


def _points_for(op: str, sides: Sides, free: set[sp.Symbol], base: Result) -> Result:
    """Decide ``op`` at the points of :func:`_rng`'s sequence."""
    rng = _rng(sides)
    syms = sorted(free, key=lambda s: s.name)
    groups = sampling.groups_of(syms, sides.sizes, sides.integers)
    assumed = sides.assumptions
    lefts, rights = entries_of(sides.left), entries_of(sides.right)
    fast = numeric.FastSides(syms, lefts, rights)
    cols = sides.left.shape[1] if is_matrix(sides.left) else 1
    inequality = op in ("<=", ">=", "<", ">", "!=")
    # min, max, |·|, clip and cases switch branch inside the sampled range: a relation may fail
    # on one branch only, so they get more points and no early stop
    nonsmooth = kinks.nonsmooth(lefts + rights)
    regular = NONSMOOTH_POINTS if nonsmooth else POINTS
    total = regular + 2 if inequality else regular
    valid = 0
    failures: list[str] = []
    negative_failures: list[str] = []
    base.method = "points"
    extra: list[dict[sp.Symbol, Any]] = []  # beyond the kinks, once the random points are done
    k = -1
    while k + 1 < total + len(extra):
        k += 1
        if k >= total:
            point = extra[k - total]
        elif k >= regular:
            point = sampling.far_point(rng, k, groups, assumed, k - regular)
        else:
            point = sampling.point(rng, k, groups, assumed)
        if k == total - 1 and sides.points:
            counts = {
                g.name: Assumption(g.name, "integer") for g in groups if g.integer and g.name not in assumed
            }
            kinds = {**counts, **assumed}
            extra = kinks.integer_ladder(syms, sides.points[0], kinds)
            if nonsmooth:
                extra += kinks.beyond(lefts + rights, syms, sides.points[0], kinds)
        values = _values_at(fast, syms, lefts, rights, point)
        if values is None:
            continue
        lv, rv = values
        valid += 1
        sides.seen.append((lv, rv))
        sides.points.append(point)
        bad = None
        entry_op = "=" if op == "!=" and len(lv) > 1 else op
        for i, (a, b) in enumerate(zip(lv, rv)):
            tie = numeric.close(a, b)
            if (entry_op == "=" and tie) or (entry_op != "=" and not tie and _passes(entry_op, a, b)):
                continue  # an equality to 30 digits, or an inequality with room to spare
            exact = _exact_at(entry_op, lefts[i], rights[i], point)  # near-ties and failures exactly
            if exact is None:
                bad = -1
                break
            if not exact:
                bad = i
                break
        if bad == -1:
            valid -= 1
            continue
        if entry_op != op:  # matrices differ when one entry does
            bad = None if bad is not None else 0
        if bad is not None:
            where = f"at {describe_point(point)} "
            if op == "!=":
                text = where + "the two sides are equal"
            elif is_matrix(sides.left):
                r, c = divmod(bad, cols)
                text = (
                    where
                    + f"entry ({r + 1},{c + 1}) of the left side is {fmt(lv[bad])} and of the right side {fmt(rv[bad])}"
                )
            else:
                a, b = fmt_pair(lv[bad], rv[bad])
                text = where + f"the left side is {a} and the right side {b}"
            negative = any(v < 0 for s, v in point.items() if _group_name(s) not in assumed)
            (negative_failures if negative else failures).append(text)
        if len(failures) >= 2:
            break
        if op == "=" and valid >= 6 and not failures and not negative_failures and k >= 4 and not nonsmooth:
            break
    if len(failures) >= 2:
        base.status = "fails"
        base.message = failures[0]
        return base
    if negative_failures and not failures:
        base.message = "holds at positive values only: " + negative_failures[0]
        return base
    touch_at: dict[sp.Symbol, Any] | None = None  # where a search found a strict relation's sides meet
    if (
        len(failures) <= 1
        and valid >= NEEDED
        and op in ("<=", ">=", "<", ">", "!=")
        and len(lefts) == 1
        and fast.ok
    ):
        # no failure at the samples, or one (a second, next to it, makes it certain)
        found, touch_at = _searched_counterexample(op, sides, syms, groups, fast)
        if found is not None:
            lv, rv = _values_at(fast, syms, lefts, rights, found) or ([None], [None])
            text = f"at {describe_point(found)} " + "the left side is {} and the right side {}".format(
                *fmt_pair(lv[0], rv[0])
            )
            negative = any(v < 0 for s, v in found.items() if _group_name(s) not in assumed)
            if negative:
                base.message = "holds at positive values only: " + text
                return base
            base.status = "fails"
            base.message = text
            return base
    if not failures and valid >= NEEDED:
        touch = (
            _touching_point(op, syms, lefts, rights, assumed, sides.points[0])
            if op in ("<", ">", "!=")
            else None
        )
        if touch is not None and _moved_only_assumed(touch, sides):
            # \cosh x > 1 for x in (-4, 4): the sides are equal at a value the note allows
            return _refuted_at(base, touch, sides, "where the sides meet")
        if touch is not None:
            # x² > 0 holds at every random point but not at x = 0: a strict relation is never
            # verified where its sides meet (the note may mean x ≠ 0)
            base.message = f"the sides are equal at {describe_point(touch)}, where a strict relation fails"
            return base
        if touch_at is not None:
            if _exact_at(op, sides.left, sides.right, touch_at) is False and _moved_only_assumed(
                touch_at, sides
            ):
                # (x-1.01)^2 > 0 for x in (-5, 5): the sides are exactly equal at a value the
                # note allows
                return _refuted_at(base, touch_at, sides, "where the sides meet")
            base.message = f"the sides meet near {describe_point(touch_at)}, where a strict relation fails"
            return base
        end = _failing_end(op, sides, groups) if inequality and len(lefts) == 1 else None
        if end is not None and _moved_only_assumed(end, sides):
            # p^2 < p for p in [0, 1] fails at p = 0: an end the note's range includes
            return _refuted_at(base, end, sides, "at an end of its stated range")
        if end is not None:
            base.message = f"fails at the end of a stated range: at {describe_point(end)}"
            return base
        base.status = "holds"
        return base
    if failures:
        base.message = "the sides disagree at one point only: " + failures[0]
        return base
    if op == "=" and not is_matrix(sides.left):
        return _simplify(sides.left, sides.right, base)
    base.message = "too few points where both sides are real"
    return base


def _gap(op: str, left: Any, right: Any) -> Any:
    """By how much the relation holds (negative where it fails; ``≠``: how far apart the sides are)."""
    if op == "!=":
        return abs(left - right)
    return left - right if op in (">=", ">") else right - left


def _searched_counterexample(
    op: str, sides: Sides, syms: list[sp.Symbol], groups: list[sampling.Group], fast: numeric.FastSides
) -> tuple[dict[sp.Symbol, Any] | None, dict[sp.Symbol, Any] | None]:
    """A point where a scalar inequality that held at every sample fails, found by minimising
    the gap between its sides from the samples where it was smallest (violation_search); and,
    for a strict relation (``<``, ``>``, ``≠``), a point where the search found its sides meet."""
    gap_at = violation_search.gap_function(op, fast)
    # the samples' gaps from the values already computed at them (seen), not evaluated again
    ranked = sorted(
        ((_gap(op, lv[0], rv[0]), point) for (lv, rv), point in zip(sides.seen, sides.points)),
        key=lambda item: item[0],
    )
    domain: dict[sp.Symbol, Assumption | None] = {}
    coupled: set[sp.Symbol] = set()
    for group in groups:
        a = sides.assumptions.get(group.name)
        if a is None and group.integer:
            a = Assumption(group.name, "integer")
        for s in group.entries.values():
            domain[s] = a
        if a is not None and a.kind == "probability" and len(group.entries) > 1:
            coupled.update(group.entries.values())
    left, right = sides.left, sides.right

    def exact_fails(point: dict[sp.Symbol, Any]) -> bool:
        return _exact_at(op, left, right, point) is False

    lows: list[violation_search.Low] = []
    found = violation_search.counterexample(
        op, syms, gap_at, [p for _, p in ranked], domain, exact_fails, lows, frozenset(coupled)
    )
    strict = op in ("<", ">", "!=")
    touch_at = violation_search.touches(gap_at, syms, lows) if found is None and strict else None
    return found, touch_at


def _refuted_at(base: Result, point: dict[sp.Symbol, Any], sides: Sides, where: str) -> Result:
    """Refuted at one exact point the assumptions allow (a closed end, a meeting point); the
    sides' values shown exactly (floats at 50 digits leave a residue at a meeting point)."""
    left, right = (numeric_value(entries_of(v)[0].xreplace(point)) for v in (sides.left, sides.right))
    shown = (
        ""
        if left is None or right is None
        else "the left side is {} and the right side {}".format(*fmt_pair(left, right))
    )
    base.status = "fails"
    base.message = f"at {describe_point(point)} ({where}) {shown}"
    return base


def _moved_only_assumed(point: dict[sp.Symbol, Any], sides: Sides) -> bool:
    """Is ``point`` a value of the relation's one symbol that its stated range allows? With
    several symbols a hypothesis on their combination that is not read as an assumption
    (``|1-a-b| < 1`` when ``0 < a+b < 2``, with ``a, b \\in [0, 1]``) may exclude the point."""
    if len(point) != 1:
        return False
    (s,) = point
    return _group_name(s) in sides.assumptions


def _failing_end(op: str, sides: Sides, groups: list[sampling.Group]) -> dict[sp.Symbol, Any] | None:
    """A point where an inequality fails with a scalar at a closed end of its stated range
    (``p^2 < p`` for ``p \\in [0, 1]`` fails at 0 and 1, which random points never take): each
    such scalar at each of its ends, then all of them at once, the others at the first samples'
    values. Decided exactly; a point where a side is undefined decides nothing."""
    ends = {
        g.entries[(0, 0)]: sampling.closed_ends(sides.assumptions[g.name])
        for g in groups
        if g.name in sides.assumptions and (g.rows, g.cols) == (1, 1) and (0, 0) in g.entries
    }
    ends = {s: values for s, values in ends.items() if values}
    if not ends:
        return None
    moves: list[dict[sp.Symbol, Any]] = [{s: v} for s, values in ends.items() for v in values]
    if len(ends) > 1:
        moves += [dict(zip(ends, combo)) for combo in itertools.islice(itertools.product(*ends.values()), 8)]
    for base in sides.points[:2]:
        for move in moves:
            point = {**base, **move}
            if _exact_at(op, sides.left, sides.right, point) is False:
                return point
    return None


#: the values random points miss: where squares, absolute values and differences vanish
_TOUCH_VALUES = (sp.Integer(0), sp.Integer(1), sp.Integer(-1))


def _touching_point(
    op: str,
    syms: list[sp.Symbol],
    lefts: list[Any],
    rights: list[Any],
    assumed: dict[str, Any],
    first: dict[Any, Any],
) -> dict[sp.Symbol, Any] | None:
    """A point where a strict relation's sides are equal (every free symbol at 0, ±1, or all of
    them at one value; a lone polynomial's real roots); None when none is found. A symbol under an assumption takes only the values it allows (``\\cosh x > 1`` for
    ``x \\in (-4, 4)`` fails at 0), else its value at the first sample point ``first``."""
    free = [s for s in syms if _group_name(s) not in assumed]
    movable = [s for s in syms if s not in free and s.name in assumed]  # assumed scalars
    if not free + movable or len(free + movable) > 6:
        return None
    fixed = {s: first.get(s, sp.Rational(1, 2)) for s in syms if s not in free}

    def allowed(s: sp.Symbol, v: Any) -> bool:
        return s in free or (s in movable and sampling.allows(assumed[s.name], v))

    candidates: list[dict[sp.Symbol, Any]] = [
        {s: v for s in free + movable if allowed(s, v)} for v in _TOUCH_VALUES
    ]
    for one in free + movable:
        for v in _TOUCH_VALUES:
            if allowed(one, v):
                candidates.append(
                    {s: (v if s is one else sp.Rational(3, 7)) for s in free if s is not one} | {one: v}
                )
    for point in candidates:
        at = {**fixed, **point}
        if any(_exact_at("=", lft, rgt, at) for lft, rgt in zip(lefts, rights)):
            return at
    if len(free) == 1 and not fixed and len(lefts) == 1:
        x = free[0]
        try:
            poly = sp.Poly(sp.expand(lefts[0] - rights[0]), x)
        except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
            return None
        if 0 < poly.degree() <= 6:
            roots = poly.real_roots()
            if roots:
                return {x: roots[0]}
    return None


def _group_name(s: sp.Symbol) -> str:
    m = sampling._ENTRY.fullmatch(s.name)
    return m.group("base") if m else s.name


def _values_at(
    fast: numeric.FastSides,
    syms: list[sp.Symbol],
    lefts: list[Any],
    rights: list[Any],
    point: dict[sp.Symbol, Any],
) -> tuple[list[Any], list[Any]] | None:
    if fast.ok:
        return fast.values([point[s] for s in syms])
    lv = [None if _singular(e, point) else numeric_value(e.xreplace(point)) for e in lefts]
    rv = [None if _singular(e, point) else numeric_value(e.xreplace(point)) for e in rights]
    if any(x is None for x in lv) or any(x is None for x in rv):
        return None
    return lv, rv


def _singular(e: Any, point: dict[sp.Symbol, Any]) -> bool:
    """Does a denominator or a log argument vanish at ``point`` (0/0 is not a value)?"""
    for node in sp.preorder_traversal(e):
        base = None
        if isinstance(node, sp.Pow) and node.exp.is_number and node.exp.is_negative:
            base = node.base
        elif isinstance(node, sp.log):
            base = node.args[0]
        if base is not None and base.free_symbols:
            val = numeric_value(base.xreplace(point), 20)
            if val is None or abs(val) < mpmath.mpf(10) ** -15:
                return True
    return False


def _simplify(left: Any, right: Any, base: Result) -> Result:
    try:
        if sp.simplify(sp.Add(left, sp.Mul(-1, right))) == 0:
            base.status = "holds"
            base.method = "simplify"
            return base
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        pass
    base.message = "too few points where both sides are real"
    return base


_DECIMAL = re.compile(r"\d*\.(\d+)")


def _rounded_factor(job: Job, left: Any, poly: Any, base: Result) -> Result | None:
    """``\\ell\\sqrt{2\\ln 100}\\approx 3.03\\,\\ell``: a monomial whose written decimal
    coefficient rounds the left side's exact factor. It holds when the factor rounds (or
    truncates) to the coefficient at its written precision, and fails otherwise; None when the
    right side is no monomial with one decimal, or the sides are no constant multiple."""
    terms = poly.terms()
    places = _DECIMAL.findall(str(job.right))
    if len(terms) != 1 or len(places) != 1:
        return None
    ((_powers, coefficient),) = terms
    try:
        factor = sp.simplify(left / poly.as_expr()) * coefficient
    except (TypeError, ValueError, NotImplementedError, RecursionError, ZeroDivisionError):
        return None
    if factor.free_symbols or not factor.is_real or coefficient == 0:
        return None
    exact, written = mpmath.mpf(sp.N(factor, 30)), mpmath.mpf(sp.N(coefficient, 30))
    unit = mpmath.mpf(10) ** -len(places[0])
    error = exact - written
    if abs(error) <= unit / 2 * (1 + mpmath.mpf(10) ** -12) or 0 <= error * mpmath.sign(written) < unit:
        base.status = "holds"
        return base
    base.status = "fails"
    base.message = (
        f"the left side is {mpmath.nstr(exact, 10)} times what the right side's coefficient"
        f" multiplies, which neither rounds nor truncates to {mpmath.nstr(written, 10)}"
    )
    return base


def series_verdict(job: Job, left: Any, right: Any, free: set[sp.Symbol], base: Result) -> Result:
    """Symbolic ``≈``: a truncated Taylor expansion around 0 in one variable.

    Refuted only when the right side is a polynomial of degree ≥ 1 that agrees with the left
    side at 0 and differs from its expansion at some order up to its degree; anything else
    (asymptotics, several variables, "for large x") stays unknown.
    """
    base.method = "series"
    if is_matrix(left) or len(free) != 1:
        base.message = "approximation in several variables"
        return base
    (x,) = free
    try:
        poly = sp.Poly(sp.expand(right), x)
    except sp.PolynomialError:
        base.message = "approximation whose right side is not a polynomial"
        return base
    deg = poly.degree()
    if deg < 1:
        base.message = "approximation by a constant"
        return base
    scaled = _rounded_factor(job, left, poly, base)
    if scaled is not None:
        return scaled
    try:
        ser = sp.series(left, x, 0, deg + 1).removeO()
    except (ValueError, NotImplementedError, TypeError):
        base.message = "SymPy could not expand the left side"
        return base
    diff = sp.expand(ser - poly.as_expr())
    if diff.free_symbols - {x}:
        base.message = "expansion has other symbols"
        return base
    coeffs = sp.Poly(diff, x).all_coeffs()[::-1] if diff != 0 else []
    if all(c == 0 for c in coeffs):
        base.status = "holds"
        return base
    if coeffs and coeffs[0] != 0:
        base.message = "the sides differ at 0: an approximation around another point"
        return base
    order = next(i for i, c in enumerate(coeffs) if c != 0)
    base.status = "fails"
    base.message = (
        f"around {x.name}=0 the left side expands to {sp.sstr(ser).replace('**', '^')}, which differs from the right side "
        f"at order {x.name}^{order}"
    )
    return base
