"""Deciding a relation under several sizes: the concrete sizes a run gives the note's symbolic
dimensions and index ranges (:class:`Sizing`), and :func:`decide`, which checks a relation under
three size assignments and every value of its free indices — verified when every run holds,
refuted when one fails, naming the sizes and indices. Worker side (imports SymPy).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import Job

#: sizes per assignment: (sample counts n, N, m, T; the other sizes in turn)
SIZE_VARIANTS: tuple[tuple[int, tuple[int, int]], ...] = ((3, (2, 3)), (2, (1, 2)), (4, (3, 2)))


#: how many values a sequence index (``\alpha_t`` with nothing declaring its length) takes
SEQUENCE_LENGTHS = (3, 2, 4)


#: runs of one relation at most (sizes × values of the free indices)
MAX_RUNS = 8


class Retry(Unsupported):
    """A base read as one symbol (``\\beta_t``) turned out to be a sequence (``\\sum_s\\beta_s``),
    or a letter read as a number turned out to be an index: translate both sides again."""


@dataclass
class Sizing:
    """What one translation of a relation fixes about sizes and indices (shared by both sides
    and by every definition substituted into them)."""

    variant: int = 0
    #: free index letter → its value in this run
    free: dict[str, int] = field(default_factory=dict)
    #: free index letter → how many values it takes (from the arrays it indexes)
    ranges: dict[str, int] = field(default_factory=dict)
    #: bases read as sequences (one value per index), kept across retries
    sequences: set[str] = field(default_factory=set)
    #: letters that must be free indices, kept across retries
    index_letters: set[str] = field(default_factory=set)
    #: bases read as one symbol with a free subscript (``\beta_t``)
    atomic: set[str] = field(default_factory=set)
    #: bases whose members written with a number (``x_1``) were read as symbols in this run
    numbered: set[str] = field(default_factory=set)
    #: single letters read as plain symbols
    scalars: set[str] = field(default_factory=set)
    #: letters whose range a ``\sum_i`` is probing (bound-like, value 1)
    probing: set[str] = field(default_factory=set)
    #: arrays read whole in this run (entries of a defined H share one translation of H)
    wholes: dict[tuple[str, bool], Any] = field(default_factory=dict)
    #: defined names read as variables while their derivative is taken (∂σ²/∂μ holds μ)
    held: set[str] = field(default_factory=set)
    #: bases whose definition per index cannot be read: their entries are plain symbols
    opaque: set[str] = field(default_factory=set)
    #: letters whose range was read from a declared vector or matrix (not a sequence's default)
    from_arrays: set[str] = field(default_factory=set)
    #: a size was made concrete or a sum expanded: the result depends on the sizes
    sized: bool = False
    #: a sum had no terms at this run's sizes (``\\sum_{k=t+1}^{H-1}`` at t = 1, H = 2)
    empty_sum: bool = False
    #: a size was written as a number (tr(I_d) = d): a failure is no substitution of values
    size_as_number: bool = False
    #: a sum ran over an undeclared index set at a length of our choosing: verify only
    guessed: bool = False
    #: the concrete sizes of this run (size name → integer), shared by both sides
    dims: dict[str, int] = field(default_factory=dict)
    #: size name → the least value it may take (``x_4`` needs n ≥ 4), kept across retries
    minimum: dict[str, int] = field(default_factory=dict)
    #: base → whether its samples x^{(i)} were read at concrete indices in this run
    samples: dict[str, bool] = field(default_factory=dict)
    #: indices of sums whose term ended at a ``+`` or ``-`` in this run (``\sum_i a_i + b_i``)
    ended_at_sign: set[str] = field(default_factory=set)
    #: names in a sum's bounds read as counts (``k`` of ``\sum_{j=1}^{k} s_j``), kept across retries
    counts: set[str] = field(default_factory=set)
    #: index sets read in this run (``\mathcal{I}_k`` of ``\sum_{i\in\mathcal{I}_k}``) → the
    #: subset each stands for (translate_sums.sampled_subset)
    index_sets: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: an index set read here is one the note defines (by a condition on its data)
    set_defined: bool = False
    #: a sum over a range, or over an index without one, was read in this run
    other_sums: bool = False
    #: index sets the relation itself sums over (not only a definition substituted into it)
    written_sets: set[str] = field(default_factory=set)
    #: indices of the sums being expanded at this point of the reading
    summing: set[str] = field(default_factory=set)
    #: functions the note defines that the relation applies → the argument tokens ``(u,v)``
    #: (None: applied to several), kept across retries: a bare ``c`` beside them is their
    #: value there, not a number of its own
    applied: dict[str, tuple[Any, ...] | None] = field(default_factory=dict)
    #: defined functions read bare, as numbers, in this run
    bare: set[str] = field(default_factory=set)
    #: names read bare, as numbers, kept across retries: a bracket after one multiplies
    #: (``e^{-\lambda(s+t)-\lambda s}``), it applies no undefined function
    numbers: set[str] = field(default_factory=set)
    #: names read as undefined functions applied to a bracket in this run
    called: set[str] = field(default_factory=set)

    def fresh(self, variant: int | None = None, free: dict[str, int] | None = None) -> Sizing:
        """The state for another run: what was learnt about names, nothing about values."""
        return Sizing(
            variant=self.variant if variant is None else variant,
            free=dict(free or {}),
            sequences=set(self.sequences),
            index_letters=set(self.index_letters),
            minimum=dict(self.minimum),
            opaque=set(self.opaque),
            counts=set(self.counts),
            applied=dict(self.applied),
            numbers=set(self.numbers),
        )

    def size(self, name: str, counted: int, sample_count: bool) -> int:
        counts, others = SIZE_VARIANTS[self.variant]
        return max(counts if sample_count else others[counted % 2], self.minimum.get(name, 0))

    def sequence_length(self) -> int:
        return SEQUENCE_LENGTHS[self.variant]


# ---- deciding under several sizes --------------------------------------------------------------
def decide(job: Job, once: Callable[[Job, Sizing], Any]) -> Any:
    """Run ``once`` (one translation and check) under every size assignment and free-index value
    the relation needs. A size assignment fails when one value of the free indices fails. The
    relation holds when every size assignment decided holds (at least two), fails when every
    one fails (its sizes named), and is unknown when they disagree (``\\operatorname{tr}(I_n)=3``
    holds at n = 3 only: the note may mean that size)."""
    result, sizing = _retrying(job, once, Sizing())
    if result.status not in ("holds", "fails"):
        return result
    # numbers computed from arrays of a chosen size (tr(I_n) = 3) depend on that size too
    if not sizing.sized and not sizing.ranges and not (sizing.dims and result.method == "numbers"):
        return result
    sizing.sized = sizing.sized or bool(sizing.dims)
    verdicts = [_variant(job, once, sizing, 0, result)]
    degenerate = [_degenerate(sizing)]
    for variant in range(1, len(SIZE_VARIANTS)):
        try:
            res, s = _retrying(job, once, sizing.fresh(variant=variant))
            if res.status in ("holds", "fails"):
                verdicts.append(_variant(job, once, s, variant, res))
                degenerate.append(_degenerate(s))
        except Unsupported:
            continue  # too large, or unreadable, at these sizes: the others decide
    statuses = {v.status for v in verdicts}
    if statuses == {"fails"}:
        return _unless_at_case_sizes(job, once, sizing, verdicts[0])
    runs = list(zip(verdicts, degenerate))
    if all(tiny for v, tiny in runs if v.status == "holds") and any(
        v.status == "fails" and not tiny for v, tiny in runs
    ):
        # ∂σ²/∂x_k = 5(x_k-μ)/d holds at d = 1 only, where every centred value is 0: a
        # coincidence of the degenerate size, not the size the note means
        failed = next(v for v, tiny in runs if v.status == "fails" and not tiny)
        return _unless_at_case_sizes(job, once, sizing, failed)
    if "fails" in statuses:
        failed = next(v for v in verdicts if v.status == "fails")
        failed.status = "unknown"
        failed.message = "holds at some sizes and not at others: " + failed.message
        return failed
    if len(verdicts) < 2 and sizing.sized:
        result.status = "unknown"
        result.message = "could be checked at one size only"
        return result
    return verdicts[0] if statuses == {"holds"} else next(v for v in verdicts if v.status != "holds")


def _unless_at_case_sizes(job: Job, once: Callable[[Job, Sizing], Any], sizing: Sizing, failed: Any) -> Any:
    """``failed``, or unknown when the relation holds at the sizes its section fixes
    (``A_{i1}A_{i2}=…`` after "two keys ($m=2$)"): a real error fails there too."""
    at_case = _at_case_sizes(job, once, sizing)
    if at_case is not None:
        failed.status = "unknown"
        failed.message = f"holds at the sizes its section fixes ({at_case}), not at others: {failed.message}"
    return failed


def _at_case_sizes(job: Job, once: Callable[[Job, Sizing], Any], sizing: Sizing) -> str | None:
    """``m=2`` when the relation holds at the sizes the note's case fixes (those of this
    relation's sizes among them), else None."""
    case = {name: size for name, size in getattr(job.context, "case_sizes", ()) if name in sizing.dims}
    if not case or all(sizing.dims.get(name) == size for name, size in case.items()):
        return None
    at = sizing.fresh()
    at.dims.update(case)
    try:
        res, first = _retrying(job, once, at)
        # every value of the free indices, at those sizes (a fresh run forgets them: set again)
        for combo in [{}, *_combos(first.ranges)[: MAX_RUNS // len(SIZE_VARIANTS)]]:
            if res.status != "holds":
                return None
            again = first.fresh(free=combo)
            again.dims.update(case)
            res, _ = _retrying(job, once, again)
    except Unsupported:
        return None
    if res.status != "holds":
        return None
    return ", ".join(f"{name}={size}" for name, size in case.items())


def _variant(job: Job, once: Callable[[Job, Sizing], Any], sizing: Sizing, variant: int, first: Any) -> Any:
    """The verdict at one size assignment: every value of the free indices (up to a few)."""
    if first.status == "fails":
        first.message = _where(sizing) + first.message
        return first
    combos = [c for c in _combos(sizing.ranges) if _within_bounds(c, sizing.dims, job.context.index_bounds)]
    for combo in combos[: MAX_RUNS // len(SIZE_VARIANTS)]:
        try:
            res, s = _retrying(job, once, sizing.fresh(variant=variant, free=combo))
        except Unsupported as exc:
            first.status, first.message = "unknown", str(exc)
            return first
        if res.status == "fails":
            res.message = _where(s) + res.message
            return res
        if res.status != "holds":
            return res
    return first


def _retrying(job: Job, once: Callable[[Job, Sizing], Any], sizing: Sizing) -> tuple[Any, Sizing]:
    for _ in range(6):
        try:
            return _guarded(once(job, sizing), sizing), sizing
        except Retry:
            sizing = sizing.fresh()
    raise Unsupported("the indices of this relation are read two ways")


def _guarded(result: Any, sizing: Sizing) -> Any:
    if result.status == "fails" and sizing.guessed:
        result.status = "unknown"
        result.message = (
            "a sum over an index set whose size the note does not give fails at a size chosen "
            f"for it, which may not be the note's: {result.message}"
        )
    elif result.status == "fails" and sizing.opaque:
        # q_k = (1-ε)δ_{ky} + ε/K not read: its entries were sampled as arbitrary numbers, which
        # the note's definition does not allow; a failure there says nothing about the relation
        names = ", ".join(sorted(sizing.opaque))
        result.status = "unknown"
        result.message = (
            f"fails only with the entries of {names} as arbitrary numbers: their definition per "
            f"index is not read here ({result.message})"
        )
    return result


def _within_bounds(
    combo: dict[str, int], dims: dict[str, int], bounds: tuple[tuple[str, str, int], ...]
) -> bool:
    """Are the free indices of ``combo`` within the sizes the glossary bounds them by at this run's
    sizes (``t\\in\\{0,\\dots,H-1\\}``: t = 3 is no index at H = 2)?"""
    return all(
        combo[index] <= dims[size] + offset
        for index, size, offset in bounds
        if index in combo and size in dims
    )


def _combos(ranges: dict[str, int]) -> list[dict[str, int]]:
    """Values of the free indices other than all-ones (already run): the last, then the rest."""
    letters = sorted(ranges)
    if not letters:
        return []
    grid = [
        dict(zip(letters, values))
        for values in itertools.product(*(range(1, ranges[x] + 1) for x in letters))
    ]
    grid = [g for g in grid if any(v != 1 for v in g.values())]
    grid.sort(key=lambda g: (-sum(v == ranges[x] for x, v in g.items()), sorted(g.items())))
    return grid


def _degenerate(sizing: Sizing) -> bool:
    """A run with a size of 1 (a vector of one entry) or a sum without terms: relations may hold
    there by coincidence (a tail \\sum_{k=t+1}^{H-1}\\gamma^{k-t}r_{k+1} with its \\gamma dropped is
    right when the tail is empty)."""
    return sizing.sized and (sizing.empty_sum or any(v == 1 for v in sizing.dims.values()))


def _where(sizing: Sizing) -> str:
    sizes = [f"{k}={v}" for k, v in sorted(sizing.dims.items())] if sizing.sized else []
    indices = [f"{k}={v}" for k, v in sorted(sizing.free.items())]
    if sizes:
        return f"with the sizes {', '.join(sizes + indices)}: "
    return f"with {', '.join(indices)}: " if indices else ""
