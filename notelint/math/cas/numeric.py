"""Exact signs, written precision and fast evaluation at sample points (CAS worker side).

* :func:`sign` decides the sign of a closed-form number exactly: rationals by arithmetic,
  anything else by SymPy's ``evalf`` with ``strict=True``, which raises the working precision
  until the requested digits are certain (up to :data:`MAX_DIGITS`). ``10^{16}+1-10^{16}`` is
  1, not 0; a difference that stays indistinguishable from 0 at 600 digits is 0.
* :func:`written_number` (from :mod:`~notelint.math.reading.written_numbers`) reads a side
  that is just a number as written and says how precise it is, for the decimal semantics.
* :class:`FastSides` evaluates our own translated expressions at many points with mpmath,
  through ``sympy.lambdify`` (generated from the SymPy tree we built, never from note text),
  instead of ``subs``/``evalf`` per point.

Imported only inside the CAS worker (it imports SymPy).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from notelint.math.reading.written_numbers import WrittenNumber

#: digits evalf may use to tell a difference from zero before calling it zero
MAX_DIGITS = 600
#: working precision (decimal digits) of the fast path at sample points
POINT_DPS = 50


def sign(value: Any) -> int | None:
    """-1, 0 or 1 for a real closed-form number; None when it is not a finite real number."""
    value = unrolled(sp.sympify(value, strict=True))
    if value is None:
        return None
    value = evaluated(value)
    if value.is_Rational:
        return int(bool(value > 0)) - int(bool(value < 0))
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    numerical = value.has(sp.Integral, sp.Sum, sp.Product)
    try:
        if numerical:
            # quadrature and summation are not exact: a relative 1e-20 is the best we can ask
            x = sp.N(value, 30, maxn=60)
        else:
            x = sp.N(value, 15, strict=True, maxn=MAX_DIGITS)
    except PrecisionExhausted:
        # an exact zero somewhere inside can exhaust strict evalf while the whole is not zero:
        # look at the whole at high precision before calling it zero
        try:
            x = sp.N(value, 30, maxn=MAX_DIGITS)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return None
        if not x.is_number or abs(x) < 1e-25:
            return 0
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not x.is_number or x.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    if x == 0 and not numerical:
        x = _confirmed_zero(value)
    re_, im_ = x.as_real_imag()
    if im_ != 0 and abs(im_) > 1e-25 * max(1, abs(re_)):
        return None
    if numerical and abs(re_) < 1e-20:
        return 0
    return int(bool(re_ > 0)) - int(bool(re_ < 0))


#: terms up to which a sum or product with numeric bounds is added out at a point
UNROLLED_TERMS = 500


def unrolled(value: Any) -> Any:
    r"""``value`` with each sum and product over numeric integer bounds written out term by term;
    None when one has more than :data:`UNROLLED_TERMS` terms. SymPy's ``evalf`` of
    ``\sum_{m=0}^{49}\binom{49}{m}0.9^m 0.1^{49-m}`` is 0, not 1 (its summation formula loses
    every digit to cancellation) and takes minutes at 10,000 terms, while the terms added one
    by one are exact; a point with a longer sum gives no value rather than a wrong one."""
    too_long = False

    def written_out(e: Any) -> Any:
        nonlocal too_long
        if len(e.limits) != 1:
            return e
        var, low, high = e.limits[0]
        if not (low.is_Integer and high.is_Integer):
            return e
        if high - low >= UNROLLED_TERMS:
            too_long = True
            return e
        terms = [e.function.xreplace({var: sp.Integer(k)}) for k in range(int(low), int(high) + 1)]
        return sp.Add(*terms) if isinstance(e, sp.Sum) else sp.Mul(*terms)

    if not isinstance(value, sp.Basic) or not value.has(sp.Sum, sp.Product):
        return value
    out = value.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), written_out)
    return None if too_long else out


def unseen_tie(value: Any, s: int | None) -> bool:
    """Is ``s``, the :func:`sign` of ``value``, a 0 that is not exact: zero to every digit evalf
    reaches (``log(1+e^{10000}) - 10000`` is e^{-10000})? A strict order or ``≠`` is then
    undecided there, not refuted."""
    return s == 0 and evaluated(unrolled(sp.sympify(value, strict=True))) != 0


def _confirmed_zero(value: Any) -> Any:
    """``value`` again at rising precision when strict evalf called it exactly 0.

    SymPy's ``evalf`` of ``log(u)`` returns an exact 0, even with ``strict=True``, when ``u``
    rounds to exactly 1 at the working precision: ``log(1+10^{-20})`` is 0 at 15 digits and
    1e-20 at 30. A nonzero strict result is certain, so the first one wins; a value that stays
    0 up to :data:`MAX_DIGITS` digits is 0.
    """
    digits = 30
    while digits <= MAX_DIGITS:
        try:
            x = sp.N(value, digits, strict=True, maxn=MAX_DIGITS)
        except (PrecisionExhausted, TypeError, ValueError, ZeroDivisionError, OverflowError):
            return sp.Integer(0)
        if x != 0:
            return x
        digits *= 2
    return sp.Integer(0)


def evaluated(e: Any, memo: dict[Any, Any] | None = None) -> Any:
    r"""``e`` rebuilt with evaluation on: the translator keeps ``3 - 1\cdot 3`` unevaluated
    (positions), and evalf's strict mode chokes on such exact zeros inside a sum. A subtree
    shared by many entries (the determinant in each entry of an inverse) is rebuilt once."""
    if not isinstance(e, sp.Basic) or not e.args or isinstance(e, (sp.Integral, sp.Sum, sp.Product)):
        return e
    memo = {} if memo is None else memo
    done = memo.get(e)
    if done is None:
        done = memo[e] = e.func(*[evaluated(a, memo) for a in e.args])
    return done


#: significant digits a written number needs for a truncation (not only a rounding) to match it
TRUNCATION_DIGITS = 3


def significant_digits(number: WrittenNumber) -> int:
    """Digits from the first nonzero one to the last written place (``0.0310`` → 3)."""
    assert number.unit is not None
    value = abs(number.value)
    if value == 0:
        return 0
    count = 0
    while value >= number.unit and count < 100:
        value /= 10
        count += 1
    return count


def rational(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


def matches_written(value: Any, number: WrittenNumber, slack: Any = 0) -> bool | None:
    """Does ``value``, or a value within ``slack`` of it, round or truncate to ``number`` at its
    written precision?

    Rounding: ``|value − number| ≤ unit/2``. Truncation (toward zero): ``number ≤ value <
    number + unit`` for a positive number, mirrored for a negative one, accepted only for a
    number written with at least :data:`TRUNCATION_DIGITS` significant digits (``e = 2.71``
    copies the leading digits of a constant; ``\\frac23 = 0.6`` is a wrong value). ``slack``
    widens ``value`` to an interval (a side computed from rounded decimals). None: the value
    has no sign we can decide (complex, undefined).
    """
    assert number.unit is not None
    lit, unit = rational(number.value), rational(number.unit)
    half = unit / 2
    below, above = sign(value + slack - (lit - half)), sign(value - slack - (lit + half))
    if below is None or above is None:
        return None
    if below >= 0 and above <= 0:
        return True  # rounds to it
    if significant_digits(number) < TRUNCATION_DIGITS:
        return False  # 2/3 = 0.6: one digit cut short is a wrong value, not a transcription
    if lit >= 0:
        lo, hi = sign(value + slack - lit), sign(value - slack - (lit + unit))
        if lo is None or hi is None:
            return None
        if lo >= 0 and hi < 0:
            return True
    if lit <= 0:
        lo, hi = sign(value + slack - (lit - unit)), sign(value - slack - lit)
        if lo is None or hi is None:
            return None
        if lo > 0 and hi <= 0:
            return True
    return False


def same_order(value: Any, exponent: int) -> bool | None:
    """Is ``|value|`` nearest to ``10^exponent`` among the powers of ten (``2^{100}≈10^{30}``)?

    That is ``10^{exponent−1/2} ≤ |value| < 10^{exponent+1/2}``.
    """
    v = sp.Abs(value)
    lo = sign(v - sp.Integer(10) ** sp.Rational(2 * exponent - 1, 2))
    hi = sign(v - sp.Integer(10) ** sp.Rational(2 * exponent + 1, 2))
    if lo is None or hi is None:
        return None
    return lo >= 0 and hi < 0


# ---- fast evaluation at points ----------------------------------------------------------------
class NoFastPath(Exception):
    """The tree has a node the fast evaluator does not know: evaluate it with SymPy."""


Env = dict[sp.Symbol, Any]
Compiled = Callable[[Env], Any]

_FUNCTIONS: dict[type, Callable[..., Any]] = {
    sp.exp: mpmath.exp,
    sp.log: mpmath.log,
    sp.sin: mpmath.sin,
    sp.cos: mpmath.cos,
    sp.tan: mpmath.tan,
    sp.cot: mpmath.cot,
    sp.sec: mpmath.sec,
    sp.csc: mpmath.csc,
    sp.coth: mpmath.coth,
    sp.sech: mpmath.sech,
    sp.csch: mpmath.csch,
    sp.sinh: mpmath.sinh,
    sp.cosh: mpmath.cosh,
    sp.tanh: mpmath.tanh,
    sp.asin: mpmath.asin,
    sp.acos: mpmath.acos,
    sp.atan: mpmath.atan,
    sp.Abs: abs,
    sp.sign: mpmath.sign,
    sp.floor: mpmath.floor,
    sp.ceiling: mpmath.ceil,
    sp.factorial: mpmath.factorial,
    sp.gamma: mpmath.gamma,
    sp.erf: mpmath.erf,
    sp.binomial: mpmath.binomial,
    sp.atan2: mpmath.atan2,
}


def _heaviside(x: Any, at_zero: Any = None) -> Any:
    if x > 0:
        return mpmath.mpf(1)
    if x < 0:
        return mpmath.mpf(0)
    return at_zero if at_zero is not None else mpmath.mpf("0.5")


def _compile(e: Any) -> Compiled:
    """A closure evaluating the SymPy tree ``e`` with mpmath (our own tree, never note text)."""
    if e.is_Symbol:
        return lambda env: env[e]
    if e.is_Number or e.is_NumberSymbol or e in (sp.E, sp.pi, sp.EulerGamma):
        if e.is_Rational:
            c = mpmath.mpf(e.p) / e.q
        else:
            c = mpmath.mpf(sp.Float(e, POINT_DPS + 10)._mpf_) if e.is_real else None
            if c is None:
                raise NoFastPath(str(e))
        return lambda env: c
    if isinstance(e, sp.Piecewise):
        pieces = [(_compile(expr), _compile_condition(cond)) for expr, cond in e.args]

        def piecewise(env: Env) -> Any:
            for value, cond in pieces:
                if cond(env):
                    return value(env)
            raise ValueError("no piece applies")

        return piecewise
    op = _operation(e)
    args = [_compile(a) for a in e.args]
    return lambda env: op(*[f(env) for f in args])


def _compile_condition(c: Any) -> Callable[[Env], bool]:
    if c is sp.true:
        return lambda env: True
    if c is sp.false:
        return lambda env: False
    if isinstance(c, (sp.And, sp.Or)):
        parts = [_compile_condition(a) for a in c.args]
        if isinstance(c, sp.And):
            return lambda env: all(p(env) for p in parts)
        return lambda env: any(p(env) for p in parts)
    if isinstance(c, sp.Not):
        inner = _compile_condition(c.args[0])
        return lambda env: not inner(env)
    ops: dict[type, Callable[[Any, Any], bool]] = {
        sp.StrictLessThan: lambda a, b: a < b,
        sp.LessThan: lambda a, b: a <= b,
        sp.StrictGreaterThan: lambda a, b: a > b,
        sp.GreaterThan: lambda a, b: a >= b,
        sp.Eq: lambda a, b: a == b,
        sp.Ne: lambda a, b: a != b,
    }
    op = ops.get(type(c))
    if op is None:
        raise NoFastPath(type(c).__name__)
    left, right = _compile(c.args[0]), _compile(c.args[1])
    return lambda env: bool(op(_real_or_raise(left(env)), _real_or_raise(right(env))))


def _real_or_raise(x: Any) -> Any:
    r = _real(x)
    if r is None:
        raise ValueError("not real")
    return r


class _Tape:
    """SymPy trees as one list of operations over slots, each distinct subtree once: the
    entries of a sampled matrix expression share most of their subtrees (every entry of an
    inverse divides by the same determinant), which a walk per entry evaluated again and
    again. Evaluating a point fills the slots in order; the operations are the ones
    :func:`_compile` makes, in the same order, so the values are the same."""

    def __init__(self, roots: list[Any]) -> None:
        self.slot: dict[Any, int] = {}
        #: (operation, argument slots): a leaf or a Piecewise is one closure with no arguments
        self.ops: list[tuple[Callable[..., Any], tuple[int, ...]]] = []
        memo: dict[Any, Any] = {}
        self.outs = [self._add(evaluated(e, memo)) for e in roots]

    def _add(self, e: Any) -> int:
        known = self.slot.get(e)
        if known is not None:
            return known
        if e.is_Symbol or e.is_Number or e.is_NumberSymbol or isinstance(e, sp.Piecewise) or not e.args:
            fn = _compile(e)  # a leaf; a Piecewise evaluates only the piece that applies
            op: tuple[Callable[..., Any], tuple[int, ...]] = (lambda env, fn=fn: fn(env), ())
        else:
            args = tuple(self._add(a) for a in e.args)
            op = (_operation(e), args)
        self.ops.append(op)
        self.slot[e] = len(self.ops) - 1
        return self.slot[e]

    def run(self, env: Env) -> list[Any]:
        vals: list[Any] = []
        for fn, args in self.ops:
            vals.append(fn(env) if not args else fn(*[vals[i] for i in args]))
        return [vals[i] for i in self.outs]


def _operation(e: Any) -> Callable[..., Any]:
    """What :func:`_compile` does at the node ``e``, over its arguments' values."""
    if isinstance(e, sp.Add):
        return lambda *xs: mpmath.fsum(xs)

    if isinstance(e, sp.Mul):

        def product(*xs: Any) -> Any:
            out = xs[0]
            for x in xs[1:]:
                out = out * x
            return out

        return product
    if isinstance(e, sp.Pow):
        if e.exp == sp.Rational(1, 2):
            return lambda base, exp: mpmath.sqrt(base)
        return mpmath.power
    if isinstance(e, (sp.Max, sp.Min)):
        pick = max if isinstance(e, sp.Max) else min
        return lambda *xs: pick(xs)
    if isinstance(e, sp.Heaviside):
        return _heaviside
    func = _FUNCTIONS.get(type(e))
    if func is None:
        raise NoFastPath(type(e).__name__)
    return func


class FastSides:
    """Both sides of a relation compiled once to mpmath operations over the sample symbols.

    ``values(point)`` gives the entries of each side as mpmath reals, or None at a point where
    a side is undefined or not real (a pole, the log of a negative number). A tree with a node
    the evaluator does not know sets ``ok`` False, and the caller evaluates with SymPy.
    Compiling walks the trees once (no code generation) into a :class:`_Tape`; each point
    then costs one pass in mpmath, instead of SymPy's ``xreplace`` and ``evalf`` per point.
    """

    def __init__(self, syms: list[sp.Symbol], left: list[Any], right: list[Any]) -> None:
        self.syms = syms
        self.ok = True
        self.tape: _Tape | None = None
        try:
            with mpmath.workdps(POINT_DPS):
                self.tape = _Tape([*left, *right])
        except (NoFastPath, RecursionError, TypeError, ValueError):
            self.ok = False
        self.n_left = len(left)

    def values(self, point: list[Any]) -> tuple[list[Any], list[Any]] | None:
        assert self.tape is not None
        with mpmath.workdps(POINT_DPS):
            env = {s: mpmath.mpf(v.p) / v.q for s, v in zip(self.syms, point)}
            try:
                outs = self.tape.run(env)
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                return None
            reals = []
            for x in outs:
                r = _real(x)
                if r is None:
                    return None
                reals.append(r)
        return reals[: self.n_left], reals[self.n_left :]


def _real(x: Any) -> Any:
    try:
        if isinstance(x, mpmath.mpc):
            if abs(x.imag) > mpmath.mpf(10) ** (-POINT_DPS + 10) * max(1, abs(x.real)):
                return None
            x = x.real
        x = mpmath.mpf(x)
    except (TypeError, ValueError):
        return None
    if not mpmath.isfinite(x):
        return None
    return x


def close(a: Any, b: Any) -> bool:
    """Equal at the fast path's precision (relative 1e-30 of the larger magnitude)."""
    scale = max(abs(a), abs(b), mpmath.mpf(1))
    return bool(abs(a - b) <= mpmath.mpf(10) ** -30 * scale)


def sampled_values(expr: Any, points: int, vary: set[sp.Symbol] | None = None) -> list[Any] | None:
    """The scalar ``expr`` at ``points`` random positive rationals (seeded by the number of its
    symbols, so a run is reproducible); only the symbols ``vary`` change from point to point
    when it is given, the others stay at one random value. None when the fast evaluator cannot
    tell (a node it does not know, a point where it is undefined)."""
    import random

    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    fast = FastSides(syms, [expr], [])
    if not fast.ok:
        return None
    rng = random.Random(len(syms))

    def draw() -> sp.Rational:
        return sp.Rational(rng.randint(11, 99), rng.randint(11, 99))

    held = [draw() for _ in syms] if vary is not None else []
    seen = []
    for _ in range(points):
        point = [draw() if vary is None or s in vary else v for s, v in zip(syms, held or syms)]
        got = fast.values(point)
        if got is None:
            return None
        seen.append(got[0][0])
    return seen


def varies_with(expr: Any, vary: set[sp.Symbol], points: int = 3) -> bool | None:
    """Does the scalar ``expr`` change when only the symbols ``vary`` take other values (random
    positive rationals, the others held)? None when the fast evaluator cannot tell. A number
    answers what ``simplify`` was asked to find out (do the note's undefined atoms cancel from
    left − right?) without SymPy's rewriting, which took seconds on an inverse's trace."""
    seen = sampled_values(expr, points, vary)
    if seen is None:
        return None
    return any(not close(v, seen[0]) for v in seen[1:])
