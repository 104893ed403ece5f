"""Deciding a relation between two numbers, or two matrices of numbers: exact comparison, and
``=`` or ``\\approx`` against a decimal side at its written precision (the semantics are in
:mod:`notelint.math.cas.verify`). Worker side (imports SymPy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mpmath
import sympy as sp

from notelint.math.cas import numeric
from notelint.math.cas.evaluation import fmt, fmt_pair, numeric_value
from notelint.math.cas.sympy_values import is_matrix
from notelint.math.cas.verdicts import Result
from notelint.math.checking.jobs import Job
from notelint.math.reading.written_numbers import SPACING_MACROS, without_degrees, written_number

if TYPE_CHECKING:
    pass


#: a written tuple transposed into a column: its entries as written
_TRANSPOSED = (
    "^\\top",
    "^{\\top}",
    "^\\intercal",
    "^{\\intercal}",
    "^T",
    "^{T}",
    "^\\mathsf{T}",
    "^{\\mathsf{T}}",
)


def _entries(text: str) -> list[str] | None:
    """The entries of a written tuple ``(0.8, 0.2)`` / ``[2.71, 0.14, 1]`` / ``(0.8, 0.2)^\\top``
    (a column of the same entries), else None."""
    t = text.strip()
    t = t.replace("\\left", "").replace("\\right", "").strip()
    for transpose in _TRANSPOSED:
        t = t.removesuffix(transpose).rstrip()
    for space in SPACING_MACROS:
        t = t.replace(space, " ")  # (0.665,\,0.245): the comma of \, separates no entries
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
    if op in ("=", "approx"):
        return _equal(lv, rv, ltext, rtext, op == "approx", floor)
    s = numeric.sign(lv - rv)
    if s is None:
        return _Decision(None, "a side has no finite real value")
    if op in ("<", ">", "!=") and numeric.unseen_tie(lv - rv, s):
        return _Decision(None, "the sides agree to every digit computed, yet are not exactly equal")
    if op == "!=":
        if s == 0:
            return _Decision(False, "the two sides are equal")
        if _equal(lv, rv, ltext, rtext, False, floor).holds:
            # "2/3 \ne 0.7" (0.7 = 7/10 exactly): different numbers, but 2/3 rounds to 0.7, so
            # whether it holds depends on whether the decimal is exact or rounded
            return _Decision(None, "the sides differ, but one rounds to the other's decimal")
        return _Decision(True)
    holds = {"<=": s <= 0, ">=": s >= 0, "<": s < 0, ">": s > 0}[op]
    a, b = fmt_pair(_num(lv), _num(rv))
    return _Decision(holds, f"the left side is {a} and the right side {b}, so {OP_WORDS[op]} does not hold")


def _whole(v: Any) -> bool:
    """Is ``v`` exactly a whole number (``2^{16}``, ``\binom{5}{2}``)?"""
    return isinstance(v, sp.Basic) and bool(v.is_integer)


def _num(v: Any) -> Any:
    x = numeric_value(v, 40)
    return x if x is not None else v


def _angle(text: str, approx: bool) -> str | None:
    """The number of degrees a side is (``62.73^\\circ`` → ``62.73``), else None (``\\cos
    60^\\circ`` is a cosine, not an angle)."""
    plain = without_degrees(text)
    return plain if plain is not None and written_number(plain, approx) is not None else None


def _equal(lv: Any, rv: Any, ltext: str, rtext: str, approx: bool, floor: float) -> _Decision:
    if numeric_value(lv) is None or numeric_value(rv) is None:
        return _Decision(None, "a side has no finite real value")
    lplain, rplain = (_angle(t, approx) for t in (ltext, rtext))
    if lplain is not None or rplain is not None:
        # an angle written in degrees (read as radians) is compared in degrees, at the
        # precision written: arccos(8/9) ≈ 27.27° holds, ≈ 62.73° does not
        per = 180 / sp.pi
        return _equal(lv * per, rv * per, lplain or ltext, rplain or rtext, approx, floor)
    ln, rn = written_number(ltext, approx), written_number(rtext, approx)
    a, b = fmt_pair(_num(lv), _num(rv))
    if approx:
        for number, other, side in ((rn, lv, "left"), (ln, rv, "right")):
            if number is not None and number.power_of_ten is not None:
                ok = numeric.same_order(other, number.power_of_ten)
                return _Decision(
                    ok,
                    f"the {side} side is {fmt(_num(other))}, not of the order of 10^{number.power_of_ten}",
                )
    rounded = [(n, other, side) for n, other, side in ((rn, lv, "left"), (ln, rv, "right")) if n and n.unit]
    if approx:
        # "$65504\approx 2^{16}$": a whole number against another exact whole number is no
        # rounding of it (neither needs one); they agree within the relative floor below
        rounded = [(n, o, side) for n, o, side in rounded if not (n.unit == 1 and _whole(o) and o != n.value)]
    if rounded:
        # both written numbers: the coarser one is the rounded one
        number, other, side = max(rounded, key=lambda item: item[0].unit or 0)
        ok = numeric.matches_written(other, number)
        written = ltext.strip() if side == "right" else rtext.strip()
        other_text = rtext if side == "right" else ltext
        if not ok and written.endswith("\\%") and "%" not in other_text:
            # "34 + 34 + 13.5 = 81.5\%": the other side counts percentage points
            ok = numeric.matches_written(other / 100, number)
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


def numbers_verdict(job: Job, left: Any, right: Any, base: Result) -> Result:
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
    texts = [_entries(job.left) or [], _entries(job.right) or []]
    for idx in range(len(left)):
        lt = texts[0][idx] if idx < len(texts[0]) else ""
        rt = texts[1][idx] if idx < len(texts[1]) else ""
        d = decide_numbers(job.op, left[idx], right[idx], lt, rt, job.approx_floor)
        if d.holds is None:
            base.message = "an entry has no finite real value"
            return base
        if job.op == "!=" and d.holds:
            base.status = "holds"  # one entry that differs makes the arrays differ
            return base
        if job.op == "approx" and not d.holds and _within_sum_rounding(left[idx], right[idx], lt, rt):
            continue
        if job.op != "!=" and not d.holds:
            r, c = divmod(idx, left.shape[1])
            a, b = fmt_pair(_num(left[idx]), _num(right[idx]))
            base.status = "fails"
            base.message = f"entry ({r + 1},{c + 1}) of the left side is {a} but of the right side {b}"
            return base
    base.status = "fails" if job.op == "!=" else "holds"
    if base.status == "fails":
        base.message = "the two sides are equal"
    return base


#: an entry computed from decimals by sums and differences only: ``0.090031-0.033333``
_DECIMAL_SUM = re.compile(r"\s*[-+]?\s*\d+\.\d+(?:\s*[-+]\s*\d+\.\d+)+\s*")


def _within_sum_rounding(lv: Any, rv: Any, ltext: str, rtext: str) -> bool:
    """``(…,\\ 0.090031-0.033333)^\\top \\approx (…,\\ 0.056697)^\\top``: an entry that adds or
    subtracts rounded decimals carries their rounding (half a unit of the last digit of each);
    its exact value 0.0566973 rounds to the other side's 0.056697 though 0.056698 does not.
    Within the sum of those half units and the other side's own, the entry holds."""
    if not _DECIMAL_SUM.fullmatch(ltext) or written_number(rtext, True) is None:
        return False
    half_units = [
        sp.Rational(1, 2 * 10 ** len(m.group(1))) for m in re.finditer(r"\d+\.(\d+)", ltext + " " + rtext)
    ]
    gap = numeric_value(sp.Abs(lv - rv))
    return gap is not None and gap <= sum(half_units)
