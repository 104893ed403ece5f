"""Check one link: numeric refutation first, symbolic proof second.

Runs inside a worker process (``notelint.math.pool``). Outcomes:

* ``holds``: verified (numbers agree within the written precision, or the sides agree at
  several random points, or ``simplify`` proves the difference is 0);
* ``fails``: a concrete counterexample (or the numeric difference), in the message;
* ``unknown``: with the reason.

``simplify`` may prove a link, never refute one (it cannot prove ``\\log(ab)=\\log a+\\log b``
without domain assumptions). Whether a failing link is *reported* (a claim) or not (a
condition, a definition) is the caller's decision: this module only says what is true.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp
from sympy.matrices import MatrixBase

from notelint.math.guards import Unsupported
from notelint.math.jobs import Context, Job  # noqa: F401  (Job is part of this API)
from notelint.math.latex_sympy import Translator, is_matrix

PREC = 30
MAX_NODES = 4000
MAX_EXPONENT = 10**4
MAX_FACTORIAL = 10**4
MAX_SUM_TERMS = 2000
#: random points tried / needed to call a symbolic link verified
POINTS = 10
NEEDED = 3


@dataclass
class Result:
    status: str  # holds | fails | unknown
    message: str = ""
    #: no free symbols as written (a purely numeric link)
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


def check(job: Job) -> Result:
    """Verdict on one link (never raises for bad input: unknown instead)."""
    try:
        return _check(job)
    except Unsupported as exc:
        return Result("unknown", str(exc))
    except (RecursionError, MemoryError):
        return Result("unknown", "expression too large")
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


def _check(job: Job) -> Result:
    dims: dict[str, int] = {}
    lt = Translator(job.context, dims)
    rt = Translator(job.context, dims)
    left = lt.translate(job.left)
    right = rt.translate(job.right)
    written = sorted(lt.written | rt.written)
    used = sorted(lt.used_defs | rt.used_defs)
    integers = lt.integers | rt.integers
    base = Result("unknown", numeric=False, symbols=written, used=used)
    if is_matrix(left) != is_matrix(right):
        left, right = _scalarise(left), _scalarise(right)
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
    base.numeric = not free and not written
    if not free:
        return _numbers(job, left, right, lt, rt, base)
    if job.op == "approx":
        return _series(job, left, right, free, base)
    return _points(job, left, right, free, integers, lt, rt, base)


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


def _size_guard(v: Any) -> None:
    items = list(v) if is_matrix(v) else [v]
    count = 0
    for item in items:
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
                if lo.is_number and hi.is_number and not (lo.free_symbols or hi.free_symbols):
                    if abs(float(sp.N(hi - lo, 15))) > MAX_SUM_TERMS:
                        raise Unsupported("sum with too many terms")


def _is_unit(base: Any) -> bool:
    return bool(base.is_number and base in (sp.Integer(1), sp.Integer(-1), sp.Integer(0)))


def _doit(v: Any) -> Any:
    """Evaluate sums, products, integrals and limits (symbolically, under the worker's limits)."""
    kinds = (sp.Sum, sp.Product, sp.Integral, sp.Limit)
    if is_matrix(v):
        return sp.ImmutableMatrix(v.applyfunc(_doit))
    if not v.has(*kinds):
        return v
    out = v.replace(lambda e: isinstance(e, kinds), lambda e: e.doit())
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


def fmt(x: Any) -> str:
    """Short human form of a number (``−`` for negatives, as in the messages of the spec)."""
    if isinstance(x, (sp.Rational,)) and x.q == 1:
        s = str(x.p)
    else:
        s = mpmath.nstr(
            mpmath.mpf(x) if not isinstance(x, sp.Basic) else mpmath.mpf(sp.Float(x, 20)._mpf_),
            6,
            strip_zeros=True,
        )
    if s.endswith(".0"):
        s = s[:-2]
    return s.replace("-", "\u2212")


def _bare_literal_ulp(text: str, approx: bool) -> mpmath.mpf | None:
    """One unit in the last written place of a side that is just a number, else None."""
    t = text.strip().lstrip("-").strip()
    import re

    m = re.fullmatch(r"(\d+)(?:\.(\d+))?", t)
    if not m:
        return None
    if m.group(2):
        return mpmath.mpf(10) ** (-len(m.group(2)))
    if not approx:
        return None  # an integer after "=" is exact
    digits = m.group(1)
    zeros = len(digits) - len(digits.rstrip("0")) if digits != "0" else 0
    return mpmath.mpf(10) ** zeros


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


def _rounded_inputs(text: str) -> Any:
    """Relative error the rounded decimal inputs of an expression side may carry."""
    import re

    if _bare_literal_ulp(text, True) is not None:
        return mpmath.mpf(0)  # a side that is just a number: its own ulp applies
    rel = mpmath.mpf(0)
    for m in re.finditer(r"(\d*)\.(\d+)", text):
        digits = (m.group(1) + m.group(2)).lstrip("0")
        if len(digits) >= 3:
            value = mpmath.mpf(m.group(0))
            if value:
                rel += mpmath.mpf(10) ** (-len(m.group(2))) / value
    return rel


def _tolerance(job: Job, lv: Any, rv: Any, entry: int | None = None) -> Any:
    approx = job.op == "approx"
    texts = [job.left, job.right]
    if entry is not None:
        for k, side in enumerate(texts):
            items = _entries(side)
            texts[k] = items[entry] if items is not None and entry < len(items) else ""
    ulps = [
        u for u in (_bare_literal_ulp(texts[0], approx), _bare_literal_ulp(texts[1], approx)) if u is not None
    ]
    scale = max(abs(lv), abs(rv), mpmath.mpf(1) if not approx else mpmath.mpf(0))
    tol = mpmath.mpf(10) ** (-20) * max(scale, mpmath.mpf(1))
    if ulps and job.op != "!=":
        # strictly less than one unit in the last written place: truncation (2.71 for e) and
        # rounding pass, an off-by-one digit (0.3 for 0.2) does not
        tol = max(tol, max(ulps) * mpmath.mpf("0.999999"))
    if job.op in ("=", "approx"):
        # 0.333 \cdot 3 = 1: a written input with three or more significant digits was
        # probably rounded; allow what that rounding can propagate (relative, to first order)
        rel = _rounded_inputs(texts[0]) + _rounded_inputs(texts[1])
        if rel:
            tol = max(tol, rel * max(abs(lv), abs(rv)))
    if approx:
        tol = max(tol, mpmath.mpf(job.approx_floor) * max(abs(lv), abs(rv)))
    return tol


def _compare(op: str, lv: Any, rv: Any, tol: Any) -> bool:
    diff = lv - rv
    if op in ("=", "approx"):
        return abs(diff) <= tol
    if op == "!=":
        return abs(diff) > tol
    if op == "<=":
        return diff <= tol
    if op == ">=":
        return diff >= -tol
    if op == "<":
        return diff < 0
    if op == ">":
        return diff > 0
    raise Unsupported(f"relation {op}")


OP_WORDS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "!=": "≠", "=": "=", "approx": "≈"}


_FLOAT_LITERAL = __import__("re").compile(r"\d*\.?\d{15,}")


def _numbers(job: Job, left: Any, right: Any, lt: Translator, rt: Translator, base: Result) -> Result:
    if _FLOAT_LITERAL.search(job.left.replace(".", "")) or _FLOAT_LITERAL.search(job.right.replace(".", "")):
        # 0.1 + 0.2 = 0.30000000000000004: a statement about floating point, not arithmetic
        base.message = "a literal with 15 or more digits (floating-point output?)"
        return base
    if is_matrix(left):
        return _numbers_matrix(job, left, right, base)
    lv, rv = _value(left), _value(right)
    if lv is None or rv is None:
        base.message = "a side has no finite real value"
        return base
    tol = _tolerance(job, lv, rv)
    base.method = "numbers"
    if _compare(job.op, lv, rv, tol):
        base.status = "holds"
        return base
    base.status = "fails"
    if job.op == "approx":
        rel = abs(lv - rv) / max(abs(lv), abs(rv))
        base.message = (
            f"the left side is {fmt(lv)} and the right side {fmt(rv)}: they differ by "
            f"{fmt(abs(lv - rv))} ({mpmath.nstr(rel * 100, 3)} %), more than the tolerance {mpmath.nstr(tol, 3)}"
        )
    elif job.op == "=":
        base.message = (
            f"the left side is {fmt(lv)} but the right side is {fmt(rv)} (difference {fmt(lv - rv)})"
        )
    else:
        base.message = (
            f"the left side is {fmt(lv)} and the right side {fmt(rv)}, so {OP_WORDS[job.op]} does not hold"
        )
    return base


def _numbers_matrix(job: Job, left: Any, right: Any, base: Result) -> Result:
    base.method = "numbers"
    for idx in range(len(left)):
        lv, rv = _value(left[idx]), _value(right[idx])
        if lv is None or rv is None:
            base.message = "an entry has no finite real value"
            return base
        tol = _tolerance(job, lv, rv, idx)
        if not _compare("=" if job.op == "!=" else job.op, lv, rv, tol):
            if job.op == "!=":
                base.status = "holds"
                return base
            r, c = divmod(idx, left.shape[1])
            base.status = "fails"
            base.message = (
                f"entry ({r + 1},{c + 1}) of the left side is {fmt(lv)} but of the right side {fmt(rv)}"
            )
            return base
    base.status = "fails" if job.op == "!=" else "holds"
    if base.status == "fails":
        base.message = "the two sides are equal"
    return base


# ---- random points ----------------------------------------------------------------------------
def _rng(job: Job) -> random.Random:
    seed = hashlib.sha256(f"{job.op}|{job.left}|{job.right}".encode()).hexdigest()
    return random.Random(int(seed[:16], 16))


def _point(rng: random.Random, syms: list[sp.Symbol], integers: set[str], k: int) -> dict[sp.Symbol, Any]:
    point: dict[sp.Symbol, Any] = {}
    for s in syms:
        if s.name in integers or s.is_integer:
            point[s] = sp.Integer(rng.randint(1, 7))
            continue
        # values in (0, 1) too (probabilities), at the first points and every third one
        small = k < 2 or k % 3 == 0
        magnitude = sp.Rational(rng.randint(1, 9), 10) if small else sp.Rational(rng.randint(2, 27), 10)
        # first points all positive (logs, roots), then all negative, then mixed signs
        sign = 1 if k < 3 else -1 if k == 3 else (1 if rng.random() < 0.5 else -1)
        point[s] = sign * magnitude
    return point


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


def _at(v: Any, point: dict[sp.Symbol, Any]) -> Any:
    if is_matrix(v):
        return [None if _singular(e, point) else _value(e.xreplace(point)) for e in v]
    if _singular(v, point):
        return None
    return _value(v.xreplace(point))


def _describe(point: dict[sp.Symbol, Any]) -> str:
    items = sorted(point.items(), key=lambda kv: kv[0].name)
    text = ", ".join(f"{s.name}={fmt(v)}" for s, v in items[:6])
    if len(items) > 6:
        text += ", …"
    return text


def _points(
    job: Job,
    left: Any,
    right: Any,
    free: set[sp.Symbol],
    integers: set[str],
    lt: Translator,
    rt: Translator,
    base: Result,
) -> Result:
    rng = _rng(job)
    syms = sorted(free, key=lambda s: s.name)
    valid = 0
    failures: list[str] = []
    negative_failures: list[str] = []
    base.method = "points"
    extra = POINTS + 2 if job.op in ("<=", ">=", "<", ">", "!=") else POINTS
    for k in range(extra):
        if k >= POINTS:
            # inequalities also at far points: p ≤ 1 must not pass on small values by chance
            far = sp.Rational(53, 10) if k == POINTS else sp.Rational(-171, 10)
            point = {s: (sp.Integer(9) if (s.name in integers or s.is_integer) else far) for s in syms}
        else:
            point = _point(rng, syms, integers, k)
        lv, rv = _at(left, point), _at(right, point)
        if is_matrix(left):
            if any(x is None for x in lv) or any(x is None for x in rv):
                continue
            valid += 1
            bad = [
                i
                for i, (a, b) in enumerate(zip(lv, rv))
                if not _compare(job.op if job.op != "!=" else "=", a, b, _tolerance(job, a, b))
            ]
            if job.op == "!=":
                if bad:
                    base.status = "holds"
                    return base
                continue
            if bad:
                i = bad[0]
                r, c = divmod(i, left.shape[1])
                failures.append(
                    f"at {_describe(point)} entry ({r + 1},{c + 1}) of the left side is "
                    f"{fmt(lv[i])} and of the right side {fmt(rv[i])}"
                )
            continue
        if lv is None or rv is None:
            continue
        valid += 1
        tol = _tolerance(job, lv, rv)
        if not _compare(job.op, lv, rv, tol):
            text = f"at {_describe(point)} the left side is {fmt(lv)} and the right side {fmt(rv)}"
            if any(v < 0 for v in point.values()):
                # notes often assume positive quantities (σ, λ, n) without saying so: a link that
                # fails only at negative values is not reported
                negative_failures.append(text)
            else:
                failures.append(text)
        if len(failures) >= 2:
            break
        if valid >= 6 and not failures and k >= 4 and extra == POINTS:
            break
    if len(failures) >= 2:
        one_sided = not (_free(left) and _free(right))
        if one_sided and not is_matrix(left):
            # "f(x) = 5": a substitution of values or a condition, not an identity
            base.message = "one side is a number: a substitution of values cannot be checked"
            return base
        base.status = "fails"
        base.message = failures[0]
        return base
    if negative_failures and not failures:
        base.message = "holds at positive values only: " + negative_failures[0]
        return base
    if job.op == "!=":
        if not failures and valid >= NEEDED:
            base.status = "fails"
            base.message = "the two sides agree at every point tried"
        return base
    if not failures and valid >= NEEDED:
        base.status = "holds"
        return base
    if failures:
        base.message = "the sides disagree at one point only: " + failures[0]
        return base
    if job.op == "=" and not is_matrix(left):
        return _simplify(left, right, base)
    base.message = "too few points where both sides are real"
    return base


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
