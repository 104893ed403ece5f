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
  of ten (``2^{100}\approx10^{30}``). A whole number against an exact whole number of another
  value is no rounding of it (``65504\approx 2^{16}``): they agree within the relative floor
  below. An angle written in degrees (``62.73^\circ``) is compared in degrees, at the precision
  written (``\arccos(8/9)\approx 27.27^\circ``). Between two expressions it allows a relative difference
  of ``Job.approx_floor`` (1 %), and when one of them computes with rounded decimals
  (``\approx 0.47408+0.31326``) the other must also lie within what those decimals may stand
  for, rounded or truncated (:func:`rounded_values.beyond_rounding`); with free symbols it is a
  Taylor expansion around 0 (:func:`series_verdict`).
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
  negation are decided on the same points, so they are never both verified. A scalar
  *inequality* that held at every point is not yet verified: the gap between its sides is
  minimised from the closest points (:mod:`notelint.math.cas.violation_search`), and a point
  found where it fails (re-checked exactly, with a second point next to it) refutes it.
* **A logarithm of a number within rounding of 1** (``\log(1+10^{-20})``) is evaluated at the
  precision that tells it from 0 (SymPy's ``evalf`` alone calls it 0).

``simplify`` may prove a link, never refute one. Whether a failing link is *reported* (a
claim) or not (a condition, a definition) is the caller's decision: this module only says
what is true.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import sympy as sp
from sympy.matrices import MatrixBase

from notelint.math.cas import (
    budget,
    comma_groups,
    dot_groups,
    numeric,
    opaque,
    rounded_values,
    size_variants,
)
from notelint.math.cas import translate_arrays as arrays
from notelint.math.cas.evaluation import doit, entries_of, free_symbols, nodes, scalarise
from notelint.math.cas.latex_sympy import SLASH_TAKES_PRODUCT, Translator, canonical_context, canonical_name
from notelint.math.cas.number_verdicts import numbers_verdict
from notelint.math.cas.point_verdicts import Sides, points_verdict, series_verdict
from notelint.math.cas.sympy_values import is_matrix
from notelint.math.cas.token_stream import LETTER_RUNS_ARE_NAMES, Tok, capital_runs, tokenize
from notelint.math.cas.translate_derivatives import PARTIALS_HOLD_ARGUMENTS
from notelint.math.cas.translate_expansion import OPEN_SUMS_FROM_ZERO
from notelint.math.cas.verdicts import Result, guarded
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import Assumption, Context, Job
from notelint.math.reading.written_numbers import WrittenNumber, written_number

MAX_NODES = 20000
MAX_EXPONENT = 10**4
MAX_FACTORIAL = 10**4
MAX_SUM_TERMS = 2000
#: CPU seconds for simplifying left − right to see whether the note's undefined atoms cancel
SIMPLIFY_SECONDS = 1.0


def check(job: Job) -> Result:
    """Verdict on one link (never raises for bad input: unknown instead)."""
    if job.signs is not None:
        # \pm/\mp on both sides: the relation with the upper signs and with the lower
        upper, lower = (
            check(dataclasses.replace(job, left=left, right=right, signs=None)) for left, right in job.signs
        )
        for which, res in (("upper", upper), ("lower", lower)):
            if res.status == "fails":
                return dataclasses.replace(res, message=f"with the {which} signs: {res.message}")
        if upper.status == lower.status == "holds":
            return upper
        return Result("unknown", upper.message or lower.message)
    result = guarded(_check, job)
    if result.status == "holds" and job.op == "approx" and result.method == "numbers":
        # 0.47401 + 0.31326 for 0.78734: within 1 %, but no rounding of those digits reaches it
        decimals = rounded_values.beyond_rounding(job, lambda j: guarded(_check, j))
        if decimals is not None:
            return Result(
                "fails",
                f"no rounding or truncation of the decimals written ({decimals}) gives the exact "
                "value of the other side: a digit is off",
                numeric=result.numeric,
                method=result.method,
            )
    if result.status == "fails":
        # 1.500 may be 1500 (a dot grouping digits): refuted only if it fails that way too
        regrouped = dot_groups.regrouped(job)
        if regrouped is not None and guarded(_check, regrouped).status == "holds":
            number = dot_groups.example(job)
            grouped = number.replace(".", "")
            return Result(
                "unknown",
                f"it holds when {number} is read as {grouped} (a dot grouping digits, as German or "
                "Spanish notes write numbers): which is meant cannot be decided",
            )
        decimals_job = comma_groups.as_decimals(job)
        if decimals_job is not None and guarded(_check, decimals_job).status == "holds":
            # 65{,}536 may be 65.536 (a decimal comma): refuted only if it fails that way too
            number = comma_groups.example(job)
            return Result(
                "unknown",
                f"it holds when {number} is read with a decimal comma, as German or French notes "
                "write numbers: which is meant cannot be decided",
            )
        # 1/2n may be 1/(2n), TP^2 may be (TP)^2: refuted only if it fails in the other reading too
        for written, reading, reason in _OTHER_READINGS:
            if written(job) and _holds_reading(job, reading):
                return Result("unknown", reason)
        if result.numeric or result.method == "numbers":
            # a worked example's rounded values (= 2.718 / (2.718 + 7.389)): exact only to their digits,
            # also where the example's values make the other side a number (g_1/\sqrt{v_1} = 0.5/0.15811)
            decimals = rounded_values.within_rounding(job, lambda j: guarded(_check, j))
            if decimals is not None:
                return Result(
                    "unknown",
                    f"it holds at the precision of the decimals written ({decimals}), not exactly",
                )
    return result


def _holds_reading(job: Job, reading: ContextVar[bool]) -> bool:
    """Does the relation hold in the translator's other ``reading`` of what is written?"""
    token = reading.set(True)
    try:
        return guarded(_check, job).status == "holds"
    finally:
        reading.reset(token)


def _written_anywhere(job: Job, found: Callable[[list[Tok]], bool]) -> bool:
    """Does ``found`` hold of the tokens at some depth of either side of the relation?"""

    def walk(nodes: list[Tok]) -> bool:
        return found(nodes) or any(walk(t.children) for t in nodes if t.children)

    try:
        return walk(tokenize(job.left)) or walk(tokenize(job.right))
    except Unsupported:
        return False


def _derivatives(job: Job) -> bool:
    """A ``\\partial`` or a ``\\frac{d…}{d…}`` on either side."""

    def here(nodes: list[Tok]) -> bool:
        return any(
            (t.kind == "macro" and t.value == "partial") or (t.kind == "letter" and t.value == "d")
            for t in nodes
        )

    return _written_anywhere(job, here)


def _open_sums(job: Job) -> bool:
    """A ``\\sum`` or ``\\prod`` whose subscript bounds its index by a relation (``t<T``, ``s\\le t``)."""

    def here(nodes: list[Tok]) -> bool:
        return any(
            t.kind == "macro"
            and t.value in ("sum", "prod")
            and nodes[k + 1].value == "_"
            and any(x.value in ("<", "le", "leq") for x in nodes[k + 2].children)
            for k, t in enumerate(nodes[:-2])
        )

    return _written_anywhere(job, here)


def _capital_runs(job: Job) -> bool:
    """Capitals written touching (``TP``) in the relation, none of them a declared array (``AB``
    of two matrices is their product)."""

    def here(nodes: list[Tok]) -> bool:
        return any(
            all(job.context.shapes.get(t.value, (1, 1)) == (1, 1) for t in nodes[first:last])
            for first, last in capital_runs(nodes)
        )

    return _written_anywhere(job, here)


def _slashes(job: Job) -> bool:
    return "/" in job.left or "/" in job.right


def _derivatives_of_values(job: Job) -> bool:
    return bool(job.context.values) and _derivatives(job)


#: the translator's other readings of what is written, tried in order on a failing relation:
#: (does the relation write what the reading is about, the reading, why it is then unknown)
_OTHER_READINGS: tuple[tuple[Callable[[Job], bool], ContextVar[bool], str], ...] = (
    (
        _slashes,
        SLASH_TAKES_PRODUCT,
        "it holds when the product after a slash is its denominator (1/2n as 1/(2n)): "
        "which is meant cannot be decided",
    ),
    (
        _open_sums,
        OPEN_SUMS_FROM_ZERO,
        "it holds when a sum bounded by a relation (t<T, s≤t) starts at 0, not 1: where "
        "the index starts is not written",
    ),
    (
        _derivatives_of_values,
        PARTIALS_HOLD_ARGUMENTS,
        "it holds when the derivative holds the other names fixed (∂/∂σ of log p(x) with "
        "x = μ+σε as the score): which is meant cannot be decided",
    ),
    (
        _capital_runs,
        LETTER_RUNS_ARE_NAMES,
        "it holds when capitals written together are one name (TP^2 as (TP)^2, as "
        "notes write the counts TP and FP): which is meant cannot be decided",
    ),
)


#: canonical contexts by content: every job of a note carries its own copy of the same glossary,
#: and canonicalising its names (a LaTeX parse each) cost a fifth of the worker's time
_CONTEXTS: dict[tuple[Any, ...], Context] = {}


def cached_context(ctx: Context) -> Context:
    key = (
        tuple(sorted(ctx.functions.items())),
        tuple(sorted(ctx.values.items())),
        tuple(sorted((k, tuple(map(str, v))) for k, v in ctx.shapes.items())),
        ctx.log,
        getattr(ctx, "euler", True),
        getattr(ctx, "pi", True),
        getattr(ctx, "normal_cdf", False),
        tuple(sorted(ctx.distributions.items())),
        # the maps and macros too: two notes with one glossary but a map only one declares
        # (F^{-1}(u) of a declared F) must not share a context
        ctx.macros,
        ctx.maps,
        ctx.case_sizes,
        ctx.index_bounds,
    )
    out = _CONTEXTS.get(key)
    if out is None:
        if len(_CONTEXTS) > 256:
            _CONTEXTS.clear()
        out = _CONTEXTS[key] = canonical_context(ctx)
    return out


def _check(job: Job) -> Result:
    """Decide the link under the sizes and free-index values it needs (:func:`translate_arrays.decide`:
    several size assignments, every one must hold; a size the note gives a value is kept)."""
    return size_variants.decide(job, _check_once)


def _check_once(job: Job, sizing: arrays.Sizing) -> Result:
    """One check at the sizes and index values of ``sizing``."""
    ctx = cached_context(job.context)
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
    job: Job, ctx: Context, dims: dict[str, int], sizing: arrays.Sizing | None = None
) -> tuple[Result, dict[str, int]]:
    """The verdict with the sizes ``dims`` (others chosen by the translator), and the sizes
    that the relation also uses as numbers (empty when it uses none)."""
    lt = Translator(ctx, dims, sizing=sizing)
    rt = Translator(ctx, dims, sizing=sizing)
    lt.other_side, rt.other_side = job.right, job.left
    left = lt.translate(job.left)
    right = rt.translate(job.right)
    _refuse_index_after_its_sum(lt, rt, left, right)
    sizes = _size_numbers(dims)
    free = free_symbols(left) | free_symbols(right)  # a walk of each tree: once
    as_numbers = {s: sp.Integer(sizes[s.name][1]) for s in free if s.name in sizes}
    used = {sizes[s.name][0]: sizes[s.name][1] for s in as_numbers}
    if not free and (is_matrix(left) or is_matrix(right) or dims):
        # tr(I_n) = 3: numbers computed from matrices of an instantiated size depend on it
        used = dict(dims)
    if as_numbers:
        # a size is a number: I_d is the d×d identity, so tr(I_d) is the d of its size
        left, right = _substitute(left, as_numbers), _substitute(right, as_numbers)
    sized = bool(as_numbers) or (sizing is not None and sizing.size_as_number)
    result = _decide(job, lt, rt, left, right, sized)
    if result.status == "fails" and lt.sizing.index_sets:
        result = _index_set_failure(job, lt, rt, left, right, sized, result)
    return result, used


def _index_set_failure(
    job: Job, lt: Translator, rt: Translator, left: Any, right: Any, sized: bool, result: Result
) -> Result:
    r"""A failure with an index set read as a sampled subset (``\sum_{i\in\mathcal{I}_k}``) is
    a counterexample only when nothing the note may say ties the set to the rest: one set, not
    defined by the note, no other sum beside it (a partition ``\mathcal{I}_1,\dots,\mathcal{I}_K``
    of ``\{1,\dots,n\}``), and no free symbol that makes the relation hold as the set's size
    (``n_k`` of ``n_k = |\mathcal{I}_k|`` stated in words). Otherwise unknown, with the reason."""
    sizing = lt.sizing
    sets = ", ".join(
        f"${name}$ = {{{', '.join(map(str, subset))}}}" for name, subset in sizing.index_sets.items()
    )
    if len(sizing.index_sets) > 1 or sizing.set_defined or sizing.other_sums or not sizing.written_sets:
        why = (
            "the note defines the set"
            if sizing.set_defined
            else "the relation reads it only through a definition (a worked example may give its size)"
            if not sizing.written_sets
            else "how the note's index sets and sums relate (a partition?) is not read"
        )
        return Result(
            "unknown",
            f"fails with the index sets as arbitrary subsets ({sets}), but {why}: {result.message}",
            symbols=result.symbols,
            used=result.used,
        )
    free = sorted(
        (
            s
            for s in free_symbols(left) | free_symbols(right)
            if isinstance(s, sp.Symbol) and "[" not in s.name
        ),
        key=lambda s: s.name,
    )
    sizes = sorted({len(subset) for subset in sizing.index_sets.values()})
    for symbol in free[:6]:
        for size in sizes:
            mapping = {symbol: sp.Integer(size)}
            probe = _decide(job, lt, rt, _substitute(left, mapping), _substitute(right, mapping), sized)
            if probe.status == "holds":
                return Result(
                    "unknown",
                    f"holds when {symbol.name} is the size of the index set ({sets}), which the note "
                    f"does not state in a formula: {result.message}",
                    symbols=result.symbols,
                    used=result.used,
                )
    result.message = f"with {sets}: {result.message}"
    return result


def _refuse_index_after_its_sum(lt: Translator, rt: Translator, left: Any, right: Any) -> None:
    r"""``\sum_{i=1}^{n}\sigma(x_i)+\sigma(-x_i) = n``: read strictly, the sum stops at the
    ``+`` and the second ``i`` is free; the author means it inside the sum. A relation that uses
    an index outside a sum that ended at a sign is unknown."""
    ended = lt.sizing.ended_at_sign | rt.sizing.ended_at_sign
    if not ended:
        return
    used = (
        {s.name for s in free_symbols(left) | free_symbols(right)} | set(lt.sizing.free) | set(rt.sizing.free)
    )
    for letter in sorted(ended & used):
        raise Unsupported(
            f"${letter}$ is used after the sum over ${letter}$ ends at a sign: inside it or not?"
        )


def _substitute(v: Any, mapping: dict[Any, Any]) -> Any:
    return sp.ImmutableMatrix(v.xreplace(mapping)) if is_matrix(v) else v.xreplace(mapping)


def _decide(job: Job, lt: Translator, rt: Translator, left: Any, right: Any, sized: bool = False) -> Result:
    written = sorted(lt.written | rt.written)
    used = sorted(lt.used_defs | rt.used_defs)
    base = Result("unknown", numeric=False, symbols=written, used=used)
    if is_matrix(left) != is_matrix(right):
        left, right = scalarise(left), scalarise(right)
        left, right = _zero_like(left, right), _zero_like(right, left)
        if is_matrix(left) != is_matrix(right):
            raise Unsupported("one side is a matrix, the other a scalar")
    if is_matrix(left) and left.shape != right.shape:
        raise Unsupported(f"the sides have shapes {_shape(left)} and {_shape(right)}")
    if is_matrix(left) and job.op not in ("=", "approx", "!="):
        raise Unsupported("inequality between matrices")
    for side in (left, right):
        _size_guard(side)
        _refuse_imaginary_unit(side, job)
    facts = _sympy_facts(job, lt.integers | rt.integers)
    left, right = doit(left, facts), doit(right, facts)
    free = free_symbols(left) | free_symbols(right)
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
                zero = sp.Integer(0)
                difference = sp.expand_log(left - right, force=True)
                if numeric.varies_with(difference, atoms) is not True:
                    finished, simplified = budget.attempt(SIMPLIFY_SECONDS, sp.simplify, difference)
                    difference = simplified if finished else difference
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
        result = numbers_verdict(job, left, right, base)
        if result.status == "fails" and job.op in ("approx", "="):
            if _rounded_inputs_reach(job, lt, rt):
                result.status, result.message = "holds", ""
            elif _rounded_sides_agree(job, lt, rt):
                # an equality is exact only to the digits written (as rounded_values.within_rounding)
                exact = job.op == "="
                result.status, result.message = ("unknown", _BOTH_SIDES_ROUNDED) if exact else ("holds", "")
        return result
    return _decide_free(job, lt, rt, left, right, free, base, sized)


def _decide_free(
    job: Job, lt: Translator, rt: Translator, left: Any, right: Any, free: set[Any], base: Result, sized: bool
) -> Result:
    """A relation with free symbols: a series for ``≈``, else random points."""
    if job.op == "approx":
        return series_verdict(job, left, right, free, base)
    sizes: dict[str, tuple[int, int]] = {}
    for name, (rows, cols) in lt.ctx.shapes.items():
        try:
            sizes[name] = (lt.dim(rows), lt.dim(cols))
        except Unsupported:
            continue
    assumed = assumptions_of(job)
    for name, kind in {**lt.law_kinds, **rt.law_kinds}.items():
        # a variance or covariance a law names is one (translate_probability)
        assumed.setdefault(name, Assumption(name, kind))
    sides = Sides(job, left, right, lt.integers | rt.integers, assumed, sizes, sized=sized)
    return points_verdict(sides, free, base)


def _refuse_imaginary_unit(side: Any, job: Job) -> None:
    r"""``e^{ix} = \cos x + i\sin x``, ``e^{i m\theta}`` (rotary embeddings), ``e^{2\pi i k/N}``:
    a free ``i`` or ``j`` in an exponent of ``e`` is the imaginary unit, not a real number."""
    assumed = assumptions_of(job)
    for item in entries_of(side):
        unit = {s.name for s in item.free_symbols} & {"i", "j"} - set(assumed)  # not a bound index
        for power in item.atoms(sp.exp) if unit else ():
            if {s.name for s in power.exp.free_symbols} & unit:
                raise Unsupported("$i$ in an exponent of $e$ may be the imaginary unit")


def _sympy_facts(job: Job, integers: set[str]) -> dict[str, dict[str, bool]]:
    """What the job's assumptions tell SymPy about each scalar symbol (its sign, integrality),
    for the integrals it computes in closed form (``evaluation.doit``)."""
    out: dict[str, dict[str, bool]] = {name: {"integer": True, "positive": True} for name in integers}
    for name, a in assumptions_of(job).items():
        out[name] = _facts_of(a)
    return out


def _facts_of(a: Assumption) -> dict[str, bool]:
    if a.kind in ("positive", "negative", "nonnegative", "nonpositive", "nonzero"):
        return {a.kind: True}
    if a.kind == "probability":
        return {"nonnegative": True}
    if a.kind == "integer":
        low = sp.Rational(a.lo) if a.lo is not None else sp.Integer(1)
        return {"integer": True, "positive": True} if low + int(a.lo_open) > 0 else {"integer": True}
    if a.kind == "interval":
        low = sp.Rational(a.lo) if a.lo is not None else None
        high = sp.Rational(a.hi) if a.hi is not None else None
        if low is not None and (low > 0 or (low == 0 and a.lo_open)):
            return {"positive": True}
        if low is not None and low == 0:
            return {"nonnegative": True}
        if high is not None and (high < 0 or (high == 0 and a.hi_open)):
            return {"negative": True}
        if high is not None and high == 0:
            return {"nonpositive": True}
        return {"real": True}
    return {}


def assumptions_of(job: Job) -> dict[str, Assumption]:
    out: dict[str, Assumption] = {}
    for a in job.assumptions:
        try:
            name = canonical_name(a.symbol)
        except Unsupported:
            continue
        if a.kind == "nonzero" and name in out and out[name].kind == "integer":
            continue  # "every integer $m\neq 0$": sampled among the integers from 1, never 0
        out[name] = a
        # "0 < \beta_t < 1" holds for every entry β[t] of the sequence (or vector) β
        for base in arrays.entry_bases(name):
            out.setdefault(base, a)
    return out


def _zero_like(v: Any, other: Any) -> Any:
    """A written ``0`` against a vector or matrix is the zero of its shape (``X^\\top r = 0``)."""
    if not is_matrix(v) and is_matrix(other) and v == 0:
        return sp.ImmutableMatrix.zeros(*other.shape)
    return v


def _shape(m: MatrixBase) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"


def _size_guard(v: Any) -> None:
    """Refuse a side too large to evaluate: more than ``MAX_NODES`` nodes, a power with a huge
    exponent, a factorial of a huge number, a sum of too many terms. It walks the tree once
    (``evaluation.nodes``) and compares rational exponents exactly: SymPy's
    ``preorder_traversal`` and an ``evalf`` per power were a sixth of the CAS time on the
    standard notes."""
    for count, node in enumerate(nodes(entries_of(v)), 1):
        if count > MAX_NODES:
            raise Unsupported("expression too large")
        if isinstance(node, sp.Pow):
            _exponent_guard(node)
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


def _exponent_guard(power: Any) -> None:
    e = power.exp
    if isinstance(e, sp.Rational):  # an Integer too: exact, no evalf
        if abs(e.p) <= MAX_EXPONENT * e.q:
            return
    elif not (e.is_number and not e.free_symbols):
        return
    try:
        mag = abs(float(sp.N(e, 15)))
    except (TypeError, ValueError):
        raise Unsupported("exponent cannot be evaluated") from None
    if mag > MAX_EXPONENT and not _is_unit(power.base):
        raise Unsupported(f"exponent {mag:.3g} is too large to evaluate")


def _is_unit(base: Any) -> bool:
    return bool(base.is_number and base in (sp.Integer(1), sp.Integer(-1), sp.Integer(0)))


def _rounded_inputs_reach(job: Job, lt: Translator, rt: Translator) -> bool:
    r"""``3\cdot 1.5275 \approx 4.5826`` after ``e^{\alpha_1}\approx 1.5275``: a computation
    on decimals of four or more significant digits, which are rounded values themselves,
    against a written number. It holds when some values of those decimals within half a unit
    of their last place give a side that rounds (or truncates) to the number: the first-order
    bound ``Σ |∂side/∂d|·(unit/2)`` widens the number's interval. Decimals with fewer digits
    stay exact data (``0.333+0.333+0.333 ≈ 1`` is still false)."""
    for text, other_text, translator in ((job.left, job.right, lt), (job.right, job.left, rt)):
        numbers = _written_entries(str(other_text))
        if not numbers:
            continue
        read = _in_rounded_decimals(text, translator)
        if read is None or not read[1]:
            continue
        value, rounded = read
        # a vector or matrix against the entries written (row by row): each entry on its own
        entries = list(value) if is_matrix(value) else [value]
        if len(entries) != len(numbers):
            continue
        at = {symbol: written for symbol, (written, _) in rounded.items()}
        if all(_entry_reaches(entry, number, at, rounded) for entry, number in zip(entries, numbers)):
            return True
    return False


#: why an equality of two computations with rounded decimals that agree within them is unknown
_BOTH_SIDES_ROUNDED = "it holds at the precision of the decimals written on both sides, not exactly"


def _rounded_sides_agree(job: Job, lt: Translator, rt: Translator) -> bool:
    r"""Two computations with no number written alone, at least one with decimals of four or
    more significant digits (``\sqrt{0.087177/2} = \sqrt{0.043589}``, an intermediate rounded
    inside a chain): do they differ by at most the sum of their first-order rounding bounds?"""
    if _written_entries(str(job.left)) or _written_entries(str(job.right)):
        return False
    sides = [_in_rounded_decimals(text, t) for text, t in ((job.left, lt), (job.right, rt))]
    if any(side is None or is_matrix(side[0]) for side in sides) or not any(
        side[1] for side in sides if side
    ):
        return False
    centres, bound = [], sp.Integer(0)
    for value, rounded in (side for side in sides if side is not None):
        at = {symbol: written for symbol, (written, _) in rounded.items()}
        centres.append(value.xreplace(at))
        bound += _first_order_bound(value, at, rounded)
    s = numeric.sign(sp.Abs(centres[0] - centres[1]) - bound)
    return s is not None and s <= 0


def _in_rounded_decimals(text: Any, translator: Translator) -> tuple[Any, dict[Any, Any]] | None:
    """``text`` read with its decimals of four or more significant digits as symbols (with their
    written values and half units); None when it does not read or has other symbols."""
    again = Translator(translator.ctx, translator.dims, sizing=translator.sizing)
    again.rounded = {}
    try:
        value = again.translate(text)
    except Unsupported:
        return None
    if free_symbols(value) - set(again.rounded):
        return None
    return value, again.rounded


def _first_order_bound(value: Any, at: dict[Any, Any], rounded: dict[Any, Any]) -> Any:
    """``Σ |∂value/∂d|·(unit/2)`` over the rounded decimals ``d``, at their written values."""
    return sum(
        (sp.Abs(sp.diff(value, symbol).xreplace(at)) * half for symbol, (_, half) in rounded.items()),
        sp.Integer(0),
    )


def _entry_reaches(value: Any, number: WrittenNumber, at: dict[Any, Any], rounded: dict[Any, Any]) -> bool:
    """Does ``value`` (in the rounded decimals ``at`` their written values), widened by the
    first-order bound of their half units, round or truncate to the written ``number``?"""
    if number.unit is None:
        return False
    return numeric.matches_written(value.xreplace(at), number, _first_order_bound(value, at, rounded)) is True


#: what a side of written entries holds besides its numbers: brackets, separators, transpose
_ENTRY_LAYOUT = re.compile(
    r"\^\{?(?:\\top|T)\}?|\\(?:begin|end)\{[pbvBV]?matrix\}|\\(?:left|right|big|Big)"
    r"|\\[,;: ]|\\q?quad|\\\\|[&,;()\[\]{}]"
)


def _written_entries(text: str) -> list[WrittenNumber]:
    r"""The numbers a side writes, in order, when it is a number or an array of decimals
    (``(0.962117,\ 0.018941)^\top``) with a unit in the last place each; else []."""
    number = written_number(text, True)
    if number is not None:
        return [number] if number.unit is not None and number.power_of_ten is None else []
    parts = _ENTRY_LAYOUT.sub(" ", text).split()
    if len(parts) < 2:
        return []
    out = [written_number(part, True) for part in parts]
    if any(n is None or n.unit is None or n.power_of_ten is not None for n in out):
        return []
    return [n for n in out if n is not None]
