r"""An equation in one unknown that its sentence goes on to solve: "The best fixed step balances
the two factors, $1-2\eta=-(1-6\eta)$, which gives $\eta^\star=0.25$". The equation is the
condition the stated solution satisfies, not an identity in η; it is checked at that solution
instead (:func:`check_stated_solutions`): holding there, it is a condition; failing there too,
the refutation stands with the solution's value (a wrong sign in the balance gives another
solution than the one stated).
Linting process, no SymPy.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from notelint.math.checking import claims
from notelint.math.checking.jobs import ONE_SIDED
from notelint.math.checking.verdict_runs import run_jobs
from notelint.math.reading.relations import Chain, chains_of
from notelint.math.reading.side_names import side_reading
from notelint.math.reading.text_facts import text_facts

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.checking.link_results import Analysis, PendingLink
    from notelint.note import MathSpan, Note

#: the end of a sentence in prose (math blanked out), a paragraph break, or the next list
#: item ("- a 6: $I=1$ bit\n- a 1: $I=\log_2 10$" are two cases) ("i.e." ends none)
_SENTENCE_END = re.compile(
    r"(?<!\bi\.e)(?<!\be\.g)[.!?](?:\s|$)|\n[ \t>]*\n|\n[ \t>]*(?:[-*+]|\d{1,3}[.)])[ \t]"
)
#: a clause that opens another case before the span: "; for an input of length $n=8$"
_CASE_CLAUSE = re.compile(r"[;,]\s*(?:for|if|when|whenever|with)\b[^;,.]*$", re.IGNORECASE)
#: how many spans after the equation may state its solution
_REACH = 2
#: superscripts that mark a name's particular value (``\eta^\star``, ``x^*``)
_SOLUTION_MARKS = re.compile(r"\^\s*(?:\{\s*)?(?:\\star|\\ast|\*)(?:\s*\})?$")


def stated_solution(
    note: Note, span: MathSpan, name: str, after: int | None = None
) -> tuple[str, str] | None:
    r"""The number the rest of ``span``'s sentence gives ``name`` (``\eta^\star = 2/(…) = 0.25``,
    or ``\eta = 0.25``) within the next :data:`_REACH` spans: (the name as written, the number).
    With ``after`` (an offset in ``span``), the statement right after an implication sign there
    comes first: ``\ln x+1=0\iff x=e^{-1}``."""
    found = _solution_after_sign(span, name, after) if after is not None else None
    if found is not None:
        return found
    later = [m for m in note.math if m.start >= span.end][:_REACH]
    cursor = span.end
    for m in later:
        between = note.without_math(cursor, m.start)
        if (
            _SENTENCE_END.search(between)
            or claims.HYPOTHESIS_LEAD.search(between.rstrip())
            or _CASE_CLAUSE.search(between)
        ):
            # "…$=7=n$, so $q=0$; for an input of length $n=8$ …": a case of its own, no solution
            return None
        cursor = m.end
        found = _solution_in(chains_of(m), name)
        if found is not None:
            return found
    return None


def _solution_after_sign(span: MathSpan, name: str, after: int) -> tuple[str, str] | None:
    """The solution the statement joined to the one ending at ``after`` by an implication gives."""
    chains = chains_of(span)
    for k, chain in enumerate(chains[:-1]):
        if chain.links and chain.links[-1].right.end == after and chain.implication_before:
            return _solution_in(chains[k + 1 : k + 2], name)
    return None


def _solution_in(chains: list[Chain], name: str) -> tuple[str, str] | None:
    """The first chain of ``chains`` that gives ``name`` a number."""
    for chain in chains:
        if not chain.links or chain.links[0].op != "=":
            continue
        left, last = chain.links[0].left.text, chain.links[-1].right.text
        # the exact value before its rounding: \lambda=\sqrt3\approx 1.73205
        first = chain.links[0].right.text
        if first.strip() and not claims.free_names_in(first) and len(chain.links) > 1:
            last = first
        reading = side_reading(left)
        if reading.bare is None or not (text_facts(last).numeric or last is first):
            continue
        if "^" in left and not _SOLUTION_MARKS.search(left.strip()):
            continue  # \lambda^2=3 gives the square, not the name
        written = reading.bare.name
        if claims.squash(reading.bare.head) != claims.squash(name):
            continue
        if claims.squash(written) != claims.squash(name) and not _SOLUTION_MARKS.search(written):
            continue
        return written, last.strip()
    return None


def check_stated_solutions(items: list[PendingLink], note: Note, config: Config, analysis: Analysis) -> None:
    """A failing equation in one free name whose sentence states that name's solution is run
    again at it: holding there, it is the condition the solution solves
    (:attr:`PendingLink.solved_at`); failing there, its verdict is the failure at the stated
    solution."""
    again: list[tuple[PendingLink, str, PendingLink]] = []
    for item in items:
        verdict = item.verdict or {}
        # (a side of numbers: "\ln x+1=0" fails for the worker, which calls it a substitution)
        failed = verdict.get("status") == "fails" or verdict.get("message") == ONE_SIDED
        if item.link.op != "=" or not failed or verdict.get("numeric"):
            continue
        names = claims.free_names_in(item.job_left + " " + item.job_right)
        if len(names) != 1 or len(verdict.get("symbols", ())) != 1:
            continue
        (name,) = names
        if claims.is_bare(item.job_left) and text_facts(item.job_right).numeric:
            continue  # "$h=10^{-8}$ is worse than $h=10^{-4}$": two values of h, no equation to solve
        found = stated_solution(note, item.span, name, item.link.right.end)
        if found is None:
            continue
        written, number = found
        job = item.job
        at = dataclasses.replace(job.context, values={**job.context.values, name: number})
        rerun = dataclasses.replace(item, job=dataclasses.replace(job, context=at), verdict=None)
        again.append((item, f"${written}={number}$", rerun))
    run_jobs([rerun for _, _, rerun in again], config, analysis)
    for item, solution, rerun in again:
        status = (rerun.verdict or {}).get("status")
        if status == "holds":
            item.solved_at = solution
        elif status == "fails" and rerun.verdict is not None:
            message = f"at the solution its sentence states, {solution}: {rerun.verdict.get('message', '')}"
            item.verdict = {**rerun.verdict, "message": message}
