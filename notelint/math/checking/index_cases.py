r"""A relation with a Kronecker delta whose indices range over nothing the note declares
(:func:`check_kronecker_cases`).

``p_i\delta_{ij} - p_ip_j = p_i(\delta_{ij} + p_j)`` with ``i, j`` declared as numbers: the
worker cannot choose a range for them (``\delta_{ky}`` with ``y = 3`` beside ``K = 2`` would be
zero at every ``k``), so it leaves the relation unknown. What the note claims holds for equal
and for unequal indices alike, so the relation is run again at both, with values any index set
of two or more members has (``i = j = 1``; ``i = 1, j = 2``): it fails when either case fails,
holds when both hold, and stays unknown otherwise.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from notelint.math.checking.jobs import UNRANGED_DELTA, Job
from notelint.math.checking.verdict_runs import run_jobs
from notelint.math.reading.atoms import Atom, parse_atoms

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.checking.link_results import Analysis, PendingLink


def delta_letters(latex: str) -> list[str]:
    """The single letters that index a ``\\delta`` in ``latex``, in order of appearance."""
    out: list[str] = []

    def walk(atoms: list[Atom]) -> None:
        for a in atoms:
            if a.is_macro("delta") and a.sub:
                out.extend(x.text for x in a.sub if x.kind == "letter" and x.text not in out)
            for part in (a.inner, *a.args, a.sub or [], a.sup or []):
                walk(part)

    walk(parse_atoms(latex))
    return out


def _cases(letters: list[str]) -> list[dict[str, str]]:
    """Equal indices, then distinct ones (one letter: 1, then 2, beside a ranged index)."""
    if len(letters) == 1:
        return [{letters[0]: "1"}, {letters[0]: "2"}]
    return [{x: "1" for x in letters}, {x: str(k + 1) for k, x in enumerate(letters)}]


def _in_case(job: Any, values: dict[str, str]) -> Any:
    """``job`` (a relation's or a step's) with the case's index values, unless it gives them."""
    context = getattr(job, "context", None)
    if context is None:
        return job
    return dataclasses.replace(job, context=dataclasses.replace(context, values={**values, **context.values}))


def check_kronecker_cases(items: list[PendingLink], config: Config, analysis: Analysis) -> None:
    """Decide the relations the worker left unknown for an unranged delta index (in place)."""
    runs: list[tuple[PendingLink, list[PendingLink], list[dict[str, str]]]] = []
    for item in items:
        verdict = item.verdict or {}
        if not isinstance(item.job, Job) or verdict.get("status") != "unknown":
            continue
        if UNRANGED_DELTA not in verdict.get("message", ""):
            continue
        given = item.job.context.values
        letters = [x for x in delta_letters(item.job.left + " " + item.job.right) if x not in given]
        if not letters or len(letters) > 3:
            continue
        cases = _cases(letters)
        jobs = [_in_case(item.job, values) for values in cases]
        runs.append((item, [dataclasses.replace(item, job=job, verdict=None) for job in jobs], cases))
    run_jobs([run for _, case_runs, _ in runs for run in case_runs], config, analysis)
    for item, case_runs, cases in runs:
        verdicts = [run.verdict or {} for run in case_runs]
        for values, verdict in zip(cases, verdicts):
            if verdict.get("status") == "fails":
                at = ", ".join(f"{name}={value}" for name, value in values.items())
                item.verdict = {**verdict, "message": f"with {at}: {verdict.get('message', '')}"}
                # its excuses are re-checked (void_excuses) in the same case
                item.excuse_checks = tuple(
                    (words, _in_case(job, values), voiding) for words, job, voiding in item.excuse_checks
                )
                break
        else:
            if all(v.get("status") == "holds" for v in verdicts):
                item.verdict = verdicts[0]
