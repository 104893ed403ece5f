r"""Decide one link ``left op right``: exact numbers, random points under assumptions, proofs.

Runs inside a CAS worker process (``notelint.math.checking.pool``). Outcomes:

* ``holds``: verified;
* ``fails``: refuted, with a concrete counterexample (the values, or the point) in the message;
* ``unknown``: undecided, with the reason.

What a relation means (the semantics, also in the NL501–NL503 rule docs):

* **Inequalities are exact.** ``<``, ``≤``, ``>``, ``≥`` compare the exact values, with no
  slack for a decimal side: ``\frac13 \le 0.3``, ``e^{-1}\le 0.3`` and ``\frac14\ge 0.3`` are
  false.
* **``=`` with a decimal side** (``0.67``, ``-1.5``, ``3.2\times10^{-5}``) holds when the other
  side *rounds or truncates* to that decimal at its written precision: ``\frac23 = 0.67`` and
  ``e = 2.71`` hold, ``\frac23 = 0.6`` does not. When both sides are written numbers the
  coarser one is the rounded one. Decimals inside an expression are exact data:
  ``0.333+0.333+0.333 = 1`` is false. Every other ``=`` is exact (``10^{16}+1 = 10^{16}`` is
  false), and ``≠`` is exactly the negation of ``=``.
* **``\approx``** with a written number agrees to its written precision (rounding or
  truncation, as for ``=``; an integer's trailing zeros are not significant: ``e^5 \approx
  150``). Against a bare power of ten it means the same order of magnitude, the nearest power
  of ten (``2^{100}\approx10^{30}``). Between two expressions it allows a relative difference
  of ``Job.approx_floor`` (1 %); with free symbols it is a Taylor expansion around 0
  (:func:`_series`).
* **Numbers are compared exactly**: rationals by arithmetic, anything else by SymPy's
  ``evalf`` at whatever precision tells the values apart (:func:`notelint.math.cas.numeric.sign`);
  a difference indistinguishable from 0 at 600 digits is 0. Integrals, sums and products
  that SymPy cannot do in closed form are evaluated numerically (relative 1e-20).
* **With free symbols**, an identity holds when it holds at every one of several random
  rational points where both sides are real, sampled *under the job's assumptions*
  (:mod:`notelint.math.cas.sampling`: positive numbers, intervals, symmetric positive-definite or
  orthogonal matrices, …); it fails at two points where it is false (each re-checked exactly),
  and the message names the values. A relation false only at negative values of a symbol the
  note put no assumption on is unknown (notes leave positivity implicit). A relation and its
  negation are decided on the same points, so they are never both verified.

``simplify`` may prove a link, never refute one. Whether a failing link is *reported* (a
claim) or not (a condition, a definition) is the caller's decision: this module only says
what is true.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import mpmath
import sympy as sp
from sympy.core.evalf import PrecisionExhausted
from sympy.matrices import MatrixBase

from notelint.math.cas import numeric, opaque, sampling
from notelint.math.cas import translate_calculus as calculus
from notelint.math.cas.latex_sympy import Translator, canonical_name, is_matrix
from notelint.math.cas.latex_sympy import _canonical_context as canonical_context
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import Assumption, Context, Job

PREC = 30
MAX_NODES = 20000
MAX_EXPONENT = 10**4
MAX_FACTORIAL = 10**4
MAX_SUM_TERMS = 2000
#: random points tried / needed to call a symbolic link verified
POINTS = 10
#: points for a relation with min, max, |·| or cases (one branch may hide a failure)
NONSMOOTH_POINTS = 40
NEEDED = 3


@dataclass
class Result:
    status: str  # holds | fails | unknown
    message: str = ""
    #: no free symbols and no substituted definition: a purely numeric link as written
    numeric: bool = False
    #: symbol names as written on either side
    symbols: list[str] = field(default_factory=list)
    #: definitions that were substituted
    used: list[str] = field(default_factory=list)
    #: how it was decided: numbers, points, simplify, series
    method: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "numeric": self.numeric,
            "symbols": self.symbols,
            "used": self.used,
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(
            d["status"],
            d.get("message", ""),
            d.get("numeric", False),
            list(d.get("symbols", [])),
            list(d.get("used", [])),
            d.get("method", ""),
        )


T = TypeVar("T")


def check(job: Job) -> Result:
    """Verdict on one link (never raises for bad input: unknown instead)."""
    return guarded(_check, job)


def guarded(decide: Callable[[T], Result], job: T) -> Result:
    """``decide(job)``, with what a translation or SymPy raises on bad input as an unknown
    verdict and its reason (shared by the relation check and NL506's follows check)."""
    try:
        return decide(job)
    except Unsupported as exc:
        return Result("unknown", str(exc))
    except (RecursionError, MemoryError):
        return Result("unknown", "expression too large")
    except PrecisionExhausted:
        return Result("unknown", "SymPy could not evaluate it to the precision needed")
    except (
        ValueError,
        TypeError,
        ZeroDivisionError,
        AttributeError,
        NotImplementedError,
        IndexError,
        KeyError,
        sp.PolynomialError,
        sp.SympifyError,
    ) as exc:
        return Result("unknown", f"SymPy could not evaluate it ({type(exc).__name__})")


@dataclass
class _Sides:
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


#: canonical contexts by content: every job of a note carries its own copy of the same glossary,
#: and canonicalising its names (a LaTeX parse each) cost a fifth of the worker's time
_CONTEXTS: dict[tuple[Any, ...], Context] = {}


def _canonical(ctx: Context) -> Context:
    key = (
        tuple(sorted(ctx.functions.items())),
        tuple(sorted(ctx.values.items())),
        tuple(sorted((k, tuple(map(str, v))) for k, v in ctx.shapes.items())),
        ctx.log,
        getattr(ctx, "euler", True),
        tuple(sorted(ctx.distributions.items())),
    )
    out = _CONTEXTS.get(key)
    if out is None:
        if len(_CONTEXTS) > 256:
            _CONTEXTS.clear()
        out = _CONTEXTS[key] = canonical_context(ctx)
    return out


def _check(job: Job) -> Result:
    """Decide the link under the sizes and free-index values it needs (:func:`translate_calculus.decide`:
    several size assignments, every one must hold; a size the note gives a value is kept)."""
    return calculus.decide(job, _check_once)


def _check_once(job: Job, sizing: calculus.Sizing) -> Result:
    """One check at the sizes and index values of ``sizing``."""
    ctx = _canonical(job.context)
    for name, size in _fixed_sizes(ctx).items():
        sizing.dims.setdefault(name, size)
    return _check_sized(job, ctx, sizing.dims, sizing)[0]


def _fixed_sizes(ctx: Context) -> dict[str, int]:
    """Sizes the note gives a value (``n = 3`` in a worked example): not varied."""
    out: dict[str, int] = {}
    for shape in ctx.shapes.values():
        for dim in shape:
            if isinstance(dim, str):
                try:
                    value = ctx.values.get(canonical_name(dim), "").strip()
                except Unsupported:
                    continue
                if value.isdigit() and 0 < int(value) <= 6:
                    out[dim] = int(value)
    return out


def _size_numbers(dims: dict[str, int]) -> dict[str, tuple[str, int]]:
    """Canonical symbol name of each instantiated size → (the size as written, its value)."""
    out: dict[str, tuple[str, int]] = {}
    for written, size in dims.items():
        try:
            out[canonical_name(written)] = (written, size)
        except Unsupported:
            continue
    return out


def _check_sized(
    job: Job, ctx: Context, dims: dict[str, int], sizing: calculus.Sizing | None = None
) -> tuple[Result, dict[str, int]]:
    """The verdict with the sizes ``dims`` (others chosen by the translator), and the sizes
    that the relation also uses as numbers (empty when it uses none)."""
    lt = Translator(ctx, dims, sizing=sizing)
    rt = Translator(ctx, dims, sizing=sizing)
    left = lt.translate(job.left)
    right = rt.translate(job.right)
    sizes = _size_numbers(dims)
    as_numbers = {s: sp.Integer(sizes[s.name][1]) for s in _free(left) | _free(right) if s.name in sizes}
    used = {sizes[s.name][0]: sizes[s.name][1] for s in as_numbers}
    if not (_free(left) or _free(right)) and (is_matrix(left) or is_matrix(right) or dims):
        # tr(I_n) = 3: numbers computed from matrices of an instantiated size depend on it
        used = dict(dims)
    if as_numbers:
        # a size is a number: I_d is the d×d identity, so tr(I_d) is the d of its size
        left, right = _substitute(left, as_numbers), _substitute(right, as_numbers)
    sized = bool(as_numbers) or (sizing is not None and sizing.size_as_number)
    return _decide(job, lt, rt, left, right, sized), used


def _substitute(v: Any, mapping: dict[Any, Any]) -> Any:
    return sp.ImmutableMatrix(v.xreplace(mapping)) if is_matrix(v) else v.xreplace(mapping)


def _decide(job: Job, lt: Translator, rt: Translator, left: Any, right: Any, sized: bool = False) -> Result:
    written = sorted(lt.written | rt.written)
    used = sorted(lt.used_defs | rt.used_defs)
    base = Result("unknown", numeric=False, symbols=written, used=used)
    if is_matrix(left) != is_matrix(right):
        left, right = _scalarise(left), _scalarise(right)
        left, right = _zero_like(left, right), _zero_like(right, left)
        if is_matrix(left) != is_matrix(right):
            raise Unsupported("one side is a matrix, the other a scalar")
    if is_matrix(left) and left.shape != right.shape:
        raise Unsupported(f"the sides have shapes {_shape(left)} and {_shape(right)}")
    if is_matrix(left) and job.op not in ("=", "approx", "!="):
        raise Unsupported("inequality between matrices")
    for side in (left, right):
        _size_guard(side)
    left, right = _doit(left), _doit(right)
    free = _free(left) | _free(right)
    atoms = opaque.atoms_in(left, right)
    if atoms:
        if job.op == "approx":
            raise Unsupported(f"an approximation in {opaque.shown(atoms)}, which the note does not define")
        result = _decide_free(job, lt, rt, left, right, free, base, sized)
        if result.status == "fails":
            # λ(H) > λ(H) + 1: the atoms cancel from left − right, which is then decided alone
            # (entrywise for vectors and matrices: ∇f(x_k) + e_k = ∇f(x_k) + 2e_k)
            if is_matrix(left):
                # expanded only: atoms that cancel do so term by term (simplify is too slow on
                # entries of an inverse)
                difference = sp.ImmutableMatrix((left - right).applyfunc(sp.expand))
                zero: Any = sp.ImmutableMatrix.zeros(*difference.shape)
            else:
                difference, zero = sp.simplify(sp.expand_log(left - right, force=True)), sp.Integer(0)
            if not opaque.atoms_in(difference):
                alone = _decide(job, lt, rt, difference, zero, sized)
                if alone.status == "fails":
                    alone.message = f"whatever {opaque.shown(atoms)} is, left − right fails: {alone.message}"
                return alone
        if result.status == "fails" or result.message.startswith("one side is a number"):
            # it fails at random values of what the note leaves undefined: the note's own
            # values (the chain rule, a law) may still make it true
            result.status, result.message = "unknown", opaque.depends_message(atoms)
        return result
    base.numeric = not free and not used
    if not free:
        result = _numbers(job, left, right, base)
        if result.status == "fails" and job.op == "approx" and _rounded_inputs_reach(job, lt, rt):
            result.status, result.message = "holds", ""
        return result
    return _decide_free(job, lt, rt, left, right, free, base, sized)


def _decide_free(
    job: Job, lt: Translator, rt: Translator, left: Any, right: Any, free: set[Any], base: Result, sized: bool
) -> Result:
    """A relation with free symbols: a series for ``≈``, else random points."""
    if job.op == "approx":
        return _series(job, left, right, free, base)
    sizes: dict[str, tuple[int, int]] = {}
    for name, (rows, cols) in lt.ctx.shapes.items():
        try:
            sizes[name] = (lt._dim(rows), lt._dim(cols))
        except Unsupported:
            continue
    assumed = _assumptions(job)
    for name, kind in {**lt.law_kinds, **rt.law_kinds}.items():
        # a variance or covariance a law names is one (translate_probability)
        assumed.setdefault(name, Assumption(name, kind))
    sides = _Sides(job, left, right, lt.integers | rt.integers, assumed, sizes, sized=sized)
    return _points(sides, free, base)


def _assumptions(job: Job) -> dict[str, Assumption]:
    out: dict[str, Assumption] = {}
    for a in job.assumptions:
        try:
            name = canonical_name(a.symbol)
        except Unsupported:
            continue
        out[name] = a
        # "0 < \beta_t < 1" holds for every entry β[t] of the sequence (or vector) β
        for base in calculus.entry_bases(name):
            out.setdefault(base, a)
    return out


def _zero_like(v: Any, other: Any) -> Any:
    """A written ``0`` against a vector or matrix is the zero of its shape (``X^\\top r = 0``)."""
    if not is_matrix(v) and is_matrix(other) and v == 0:
        return sp.ImmutableMatrix.zeros(*other.shape)
    return v


def _scalarise(v: Any) -> Any:
    if is_matrix(v) and v.shape == (1, 1):
        return v[0, 0]
    return v


def _shape(m: MatrixBase) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"


def _free(v: Any) -> set[sp.Symbol]:
    if is_matrix(v):
        out: set[sp.Symbol] = set()
        for e in v:
            out |= e.free_symbols
        return out
    return set(v.free_symbols)


def _entries_of(v: Any) -> list[Any]:
    return list(v) if is_matrix(v) else [v]


def _size_guard(v: Any) -> None:
    count = 0
    for item in _entries_of(v):
        for node in sp.preorder_traversal(item):
            count += 1
            if count > MAX_NODES:
                raise Unsupported("expression too large")
            if isinstance(node, sp.Pow):
                e = node.exp
                if e.is_number and not e.free_symbols:
                    try:
                        mag = abs(float(sp.N(e, 15)))
                    except (TypeError, ValueError):
                        raise Unsupported("exponent cannot be evaluated") from None
                    if mag > MAX_EXPONENT and not _is_unit(node.base):
                        raise Unsupported(f"exponent {mag:.3g} is too large to evaluate")
            elif isinstance(node, (sp.factorial, sp.binomial, sp.gamma)):
                for arg in node.args:
                    if arg.is_number and abs(float(sp.N(arg, 15))) > MAX_FACTORIAL:
                        raise Unsupported("factorial of a huge number")
            elif isinstance(node, (sp.Sum, sp.Product)):
                _, lo, hi = node.limits[0]
                finite = lo.is_finite and hi.is_finite  # an infinite series is summed symbolically
                if finite and lo.is_number and hi.is_number and not (lo.free_symbols or hi.free_symbols):
                    if abs(float(sp.N(hi - lo, 15))) > MAX_SUM_TERMS:
                        raise Unsupported("sum with too many terms")


def _is_unit(base: Any) -> bool:
    return bool(base.is_number and base in (sp.Integer(1), sp.Integer(-1), sp.Integer(0)))


def _evaluated_limits(e: Any) -> Any:
    """The same sum/integral with its limits evaluated (``-1*oo`` written unevaluated is −∞:
    SymPy's integrator misreads the unevaluated product and halves a Gaussian integral)."""
    limits = [tuple(part.doit() if isinstance(part, sp.Basic) else part for part in lim) for lim in e.limits]
    return e.func(e.function, *limits)


def _doit(v: Any) -> Any:
    """Evaluate sums, products, integrals and limits (symbolically, under the worker's limits)."""
    kinds = (sp.Sum, sp.Product, sp.Integral, sp.Limit)
    if is_matrix(v):
        return sp.ImmutableMatrix(v.applyfunc(_doit))
    if not v.has(*kinds):
        return v

    def evaluate(e: Any) -> Any:
        if isinstance(e, (sp.Sum, sp.Product, sp.Integral)):
            e = _evaluated_limits(e)
        return e.doit()

    out = v.replace(lambda e: isinstance(e, kinds), evaluate)
    if out.has(sp.Limit):
        raise Unsupported("SymPy could not compute the limit")
    if out.has(sp.Integral) and out.free_symbols:
        raise Unsupported("SymPy could not compute the integral")
    return out


# ---- numbers --------------------------------------------------------------------------------
def _value(v: Any, prec: int = PREC) -> Any:
    """A real mpmath number, or None (complex, infinite, undefined)."""
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


def _fmt_pair(a: Any, b: Any) -> tuple[str, str]:
    """Both values with enough digits that they print differently when they differ."""
    for digits in (6, 10, 15, 20, 30):
        sa, sb = fmt(a, digits), fmt(b, digits)
        if sa != sb:
            return sa, sb
    return sa, sb


def _entries(text: str) -> list[str] | None:
    """The entries of a written tuple ``(0.8, 0.2)`` / ``[2.71, 0.14, 1]``, else None."""
    t = text.strip()
    t = t.replace("\\left", "").replace("\\right", "").strip()
    if len(t) < 2 or t[0] not in "([" or t[-1] not in ")]":
        return None
    inner = t[1:-1]
    if any(c in inner for c in "()[]{}"):
        return None
    return [e.strip() for e in inner.split(",")]


OP_WORDS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "!=": "≠", "=": "=", "approx": "≈"}

#: 0.1 + 0.2 = 0.30000000000000004: a statement about floating point, not arithmetic
_FLOAT_LITERAL = re.compile(r"\d*\.?\d{15,}")


@dataclass
class _Decision:
    holds: bool | None
    #: why it fails, when it does (a sentence fragment naming the values)
    detail: str = ""


def decide_numbers(op: str, lv: Any, rv: Any, ltext: str, rtext: str, floor: float = 0.01) -> _Decision:
    """The verdict on ``lv op rv`` for two closed-form numbers, with the written texts."""
    if op in ("=", "!=", "approx"):
        eq = _equal(lv, rv, ltext, rtext, op == "approx", floor)
        if eq.holds is None or op != "!=":
            return eq
        return _Decision(not eq.holds, "the two sides are equal" if eq.holds else "")
    s = numeric.sign(lv - rv)
    if s is None:
        return _Decision(None, "a side has no finite real value")
    holds = {"<=": s <= 0, ">=": s >= 0, "<": s < 0, ">": s > 0}[op]
    a, b = _fmt_pair(_num(lv), _num(rv))
    return _Decision(holds, f"the left side is {a} and the right side {b}, so {OP_WORDS[op]} does not hold")


def _num(v: Any) -> Any:
    x = _value(v, 40)
    return x if x is not None else v


def _equal(lv: Any, rv: Any, ltext: str, rtext: str, approx: bool, floor: float) -> _Decision:
    if _value(lv) is None or _value(rv) is None:
        return _Decision(None, "a side has no finite real value")
    ln, rn = numeric.written_number(ltext, approx), numeric.written_number(rtext, approx)
    a, b = _fmt_pair(_num(lv), _num(rv))
    if approx:
        for number, other, side in ((rn, lv, "left"), (ln, rv, "right")):
            if number is not None and number.power_of_ten is not None:
                ok = numeric.same_order(other, number.power_of_ten)
                return _Decision(
                    ok,
                    f"the {side} side is {fmt(_num(other))}, not of the order of 10^{number.power_of_ten}",
                )
    rounded = [(n, other, side) for n, other, side in ((rn, lv, "left"), (ln, rv, "right")) if n and n.unit]
    if rounded:
        # both written numbers: the coarser one is the rounded one
        number, other, side = max(rounded, key=lambda item: item[0].unit or 0)
        ok = numeric.matches_written(other, number)
        written = ltext.strip() if side == "right" else rtext.strip()
        return _Decision(
            ok, f"the {side} side is {fmt(_num(other), 10)}, which neither rounds nor truncates to {written}"
        )
    if approx:
        bound = sp.Rational(str(floor)) * sp.Max(sp.Abs(lv), sp.Abs(rv))
        s = numeric.sign(sp.Abs(lv - rv) - bound)
        if s is None:
            return _Decision(None, "a side has no finite real value")
        rel = abs(_num(lv) - _num(rv)) / max(abs(_num(lv)), abs(_num(rv)))
        return _Decision(
            s <= 0,
            f"the left side is {a} and the right side {b}: they differ by "
            f"{mpmath.nstr(rel * 100, 3)} %, more than {floor * 100:g} %",
        )
    s = numeric.sign(lv - rv)
    if s is None:
        return _Decision(None, "a side has no finite real value")
    return _Decision(
        s == 0, f"the left side is {a} but the right side is {b} (difference {fmt(_num(lv - rv))})"
    )


def _rounded_inputs_reach(job: Job, lt: Translator, rt: Translator) -> bool:
    r"""``3\cdot 1.5275 \approx 4.5826`` after ``e^{\alpha_1}\approx 1.5275``: a computation
    on decimals of four or more significant digits, which are rounded values themselves,
    against a written number. It holds when some values of those decimals within half a unit
    of their last place give a side that rounds to the number: the first-order bound
    ``Σ |∂side/∂d|·(unit/2)`` widens the number's rounding interval. Decimals with fewer
    digits stay exact data (``0.333+0.333+0.333 ≈ 1`` is still false)."""
    for text, other_text, translator in ((job.left, job.right, lt), (job.right, job.left, rt)):
        number = numeric.written_number(other_text, True)
        if number is None or number.unit is None or number.power_of_ten is not None:
            continue
        again = Translator(translator.ctx, translator.dims, sizing=translator.sizing)
        again.rounded = {}
        try:
            value = again.translate(text)
        except Unsupported:
            continue
        if not again.rounded or is_matrix(value) or _free(value) - set(again.rounded):
            continue
        at = {symbol: written for symbol, (written, _) in again.rounded.items()}
        centre = value.xreplace(at)
        bound = sum(
            (
                sp.Abs(sp.diff(value, symbol).xreplace(at)) * half
                for symbol, (_, half) in again.rounded.items()
            ),
            sp.Integer(0),
        )
        slack = sp.Rational(1) / 2 * numeric.rational(number.unit) + bound
        s = numeric.sign(sp.Abs(centre - numeric.rational(number.value)) - slack)
        if s is not None and s <= 0:
            return True
    return False


def _numbers(job: Job, left: Any, right: Any, base: Result) -> Result:
    if _FLOAT_LITERAL.search(job.left.replace(".", "")) or _FLOAT_LITERAL.search(job.right.replace(".", "")):
        base.message = "a literal with 15 or more digits (floating-point output?)"
        return base
    base.method = "numbers"
    if is_matrix(left):
        return _numbers_matrix(job, left, right, base)
    d = decide_numbers(job.op, left, right, job.left, job.right, job.approx_floor)
    if d.holds is None:
        base.message = d.detail or "a side has no finite real value"
    elif d.holds:
        base.status = "holds"
    else:
        base.status = "fails"
        base.message = d.detail
    return base


def _numbers_matrix(job: Job, left: Any, right: Any, base: Result) -> Result:
    op = "=" if job.op == "!=" else job.op
    texts = [_entries(job.left) or [], _entries(job.right) or []]
    for idx in range(len(left)):
        lt = texts[0][idx] if idx < len(texts[0]) else ""
        rt = texts[1][idx] if idx < len(texts[1]) else ""
        d = decide_numbers(op, left[idx], right[idx], lt, rt, job.approx_floor)
        if d.holds is None:
            base.message = "an entry has no finite real value"
            return base
        if not d.holds:
            if job.op == "!=":
                base.status = "holds"
                return base
            r, c = divmod(idx, left.shape[1])
            a, b = _fmt_pair(_num(left[idx]), _num(right[idx]))
            base.status = "fails"
            base.message = f"entry ({r + 1},{c + 1}) of the left side is {a} but of the right side {b}"
            return base
    base.status = "fails" if job.op == "!=" else "holds"
    if base.status == "fails":
        base.message = "the two sides are equal"
    return base


# ---- random points ----------------------------------------------------------------------------
def _rng(sides: _Sides) -> random.Random:
    """The same points for a relation, its negation and its mirror (``a<b`` and ``b≥a``)."""
    job = sides.job
    pair = sorted((job.left.strip(), job.right.strip()))
    extra = sorted(repr(a) for a in job.assumptions)
    seed = hashlib.sha256("|".join([*pair, *extra]).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))


def _describe(point: dict[sp.Symbol, Any]) -> str:
    items = sorted(point.items(), key=lambda kv: kv[0].name)
    text = ", ".join(f"{s.name}={fmt(v)}" for s, v in items[:6])
    if len(items) > 6:
        text += ", …"
    return text


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
    return {"=": s == 0, "!=": s != 0, "<=": s <= 0, ">=": s >= 0, "<": s < 0, ">": s > 0}[op]


def _points(sides: _Sides, free: set[sp.Symbol], base: Result) -> Result:
    """Decide the relation at random points under the assumptions.

    Every operator is universal (it must hold at every valid point) and every operator sees the
    same points, so a relation and its negation (``≤``/``>``, ``=``/``≠``) are never both
    verified.
    """
    job = sides.job
    result = _points_for(job.op, sides, free, base)
    numbers_side = not (_free(sides.left) and _free(sides.right))
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
        and not _free_of_symbols(sides.left if _free(sides.left) else sides.right)
    ):
        # "f(x) = 5", "|e_1| < 0.35" with nothing assumed about the symbols: a substitution of
        # values given elsewhere or a condition, not a statement for all values
        result.status = "unknown"
        result.message = "one side is a number: a substitution of values cannot be checked"
    return result


#: a side that only names a symbol: ``\hat x``, ``x``, ``\hat{x}_t``, ``w^\star``
_BARE_NAME = re.compile(
    r"\s*(?:\\[A-Za-z]+\s*\{?\s*(?:\\[A-Za-z]+|[A-Za-z])\s*\}?|\\[A-Za-z]+|[A-Za-z])\s*"
    r"(?:_\{?[A-Za-z0-9]+\}?)?\s*(?:\^\{?\\star\}?)?\s*"
)


def _bare_name_is_numbers(sides: _Sides) -> bool:
    r"""``\hat x = 0`` (a vector named, set to numbers): a case or a condition, like the scalar
    ``\sigma^2 = 0``; an expression set to numbers (``(I-H)X = 0``) stays a claim."""
    named = sides.job.left if _free(sides.left) else sides.job.right
    return _BARE_NAME.fullmatch(named) is not None


def _numbers_not_zero(left: Any, right: Any) -> bool:
    r"""A vector of numbers, not all zero, against an expression (``\hat x = (-\tfrac53, …)^\top``):
    a worked example's values, like a scalar side that is a number; ``(I-H)X = 0`` is a claim."""
    numbers = right if not _free(right) else left
    return 1 in numbers.shape and any(e != 0 for e in numbers)


def _free_of_symbols(v: Any) -> bool:
    """Does ``v`` lose every symbol once simplified (σ² with m = 1 is (x₁-x₁)² = 0)? Then it
    is one number, and a side that is another number refutes it: no value makes it hold."""
    try:
        return all(not sp.simplify(_doit(e)).free_symbols for e in _entries_of(v))
    except Exception:  # a simplification that fails decides nothing
        return False


def _constant(sides: _Sides) -> bool:
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


def _points_for(op: str, sides: _Sides, free: set[sp.Symbol], base: Result) -> Result:
    """Decide ``op`` at the points of :func:`_rng`'s sequence."""
    rng = _rng(sides)
    syms = sorted(free, key=lambda s: s.name)
    groups = sampling.groups_of(syms, sides.sizes, sides.integers)
    assumed = sides.assumptions
    lefts, rights = _entries_of(sides.left), _entries_of(sides.right)
    fast = numeric.FastSides(syms, lefts, rights)
    cols = sides.left.shape[1] if is_matrix(sides.left) else 1
    inequality = op in ("<=", ">=", "<", ">", "!=")
    # min, max, |·|, clip and cases switch branch inside the sampled range: a relation may fail
    # on one branch only, so they get more points and no early stop
    nonsmooth = any(
        getattr(e, "has", lambda *_: False)(sp.Min, sp.Max, sp.Abs, sp.Piecewise, sp.sign)
        for e in lefts + rights
    )
    regular = NONSMOOTH_POINTS if nonsmooth else POINTS
    total = regular + 2 if inequality else regular
    valid = 0
    failures: list[str] = []
    negative_failures: list[str] = []
    base.method = "points"
    for k in range(total):
        if k >= regular:
            point = sampling.far_point(rng, k, groups, assumed, k - regular)
        else:
            point = sampling.point(rng, k, groups, assumed)
        values = _values_at(fast, syms, lefts, rights, point)
        if values is None:
            continue
        lv, rv = values
        valid += 1
        sides.seen.append((lv, rv))
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
            where = f"at {_describe(point)} "
            if op == "!=":
                text = where + "the two sides are equal"
            elif is_matrix(sides.left):
                r, c = divmod(bad, cols)
                text = (
                    where
                    + f"entry ({r + 1},{c + 1}) of the left side is {fmt(lv[bad])} and of the right side {fmt(rv[bad])}"
                )
            else:
                a, b = _fmt_pair(lv[bad], rv[bad])
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
    if not failures and valid >= NEEDED:
        touch = _touching_point(op, syms, lefts, rights, assumed) if op in ("<", ">", "!=") else None
        if touch is not None:
            # x² > 0 holds at every random point but not at x = 0: a strict relation is never
            # verified where its sides meet
            base.message = f"the sides are equal at {touch}, where a strict relation fails"
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


#: the values random points miss: where squares, absolute values and differences vanish
_TOUCH_VALUES = (sp.Integer(0), sp.Integer(1), sp.Integer(-1))


def _touching_point(
    op: str, syms: list[sp.Symbol], lefts: list[Any], rights: list[Any], assumed: dict[str, Any]
) -> str | None:
    """A point where a strict relation's sides are equal (every free symbol without an
    assumption at 0, ±1, or all of them at one value; a lone polynomial's real roots), described
    in words; None when none is found. Symbols under an assumption keep a value that meets it."""
    free = [s for s in syms if _group_name(s) not in assumed]
    if not free or len(free) > 6:
        return None
    fixed = {s: sp.Rational(1, 2) for s in syms if s not in free}
    candidates: list[dict[sp.Symbol, Any]] = [{s: v for s in free} for v in _TOUCH_VALUES]
    for one in free:
        for v in _TOUCH_VALUES:
            candidates.append({s: (v if s is one else sp.Rational(3, 7)) for s in free})
    for point in candidates:
        at = {**fixed, **point}
        if any(_exact_at("=", lft, rgt, at) for lft, rgt in zip(lefts, rights)):
            return _describe(at)
    if len(free) == 1 and not fixed and len(lefts) == 1:
        x = free[0]
        try:
            poly = sp.Poly(sp.expand(lefts[0] - rights[0]), x)
        except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
            return None
        if 0 < poly.degree() <= 6:
            roots = poly.real_roots()
            if roots:
                return _describe({x: roots[0]})
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
    lv = [None if _singular(e, point) else _value(e.xreplace(point)) for e in lefts]
    rv = [None if _singular(e, point) else _value(e.xreplace(point)) for e in rights]
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
            val = _value(base.xreplace(point), 20)
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


def _series(job: Job, left: Any, right: Any, free: set[sp.Symbol], base: Result) -> Result:
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
