r"""The conditions a relation's derivation step cites: "Step 9 — solving \eqref{eq:active}.
Adding the two equations gives $\sqrt\alpha(\sqrt L+\sqrt\mu)=2$", where (eq:active) is a
choice the lecture makes (``\sqrt{\alpha\mu}=1-\sqrt\beta``), not an identity. The relation holds
under that condition only, so a failure at arbitrary values is no error until it fails where the
condition holds too (NL506's test, :class:`~notelint.math.checking.jobs.FollowsJob`). Only a
proof that it follows excuses it: a cited equation that is an identity, or a check that cannot
decide, leaves the failure an error.
Linting process, no SymPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.math.checking.jobs import Premise
from notelint.math.checking.link_results import LinkResult, PendingLink
from notelint.parse.equations import EQUATIONS
from notelint.parse.steps import step_at

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note


def conditions_by_span(pending: list[PendingLink | LinkResult]) -> dict[int, list[tuple[str, str]]]:
    r"""The equations (``=``) each display states, by the display's start: conditions and claims
    (one the CAS could not verify, ``\sqrt{\alpha\mu}=1-\sqrt\beta`` under a hypothesis of
    its sentence, is a condition too: an identity makes no relation follow that fails alone).
    Definitions are substituted where they are used, no premise."""
    out: dict[int, list[tuple[str, str]]] = {}
    for item in pending:
        if item.link.op != "=":
            continue
        if isinstance(item, PendingLink):
            if item.role.kind == "definition" or not item.job_left or not item.job_right:
                continue
            sides = (item.job_left, item.job_right)
        elif item.verdict == "condition":
            sides = (item.link.left.text, item.link.right.text)
        else:
            continue
        out.setdefault(item.span.start, []).append(sides)
    return out


def cited_premises(
    note: Note, span: MathSpan, conditions: dict[int, list[tuple[str, str]]]
) -> tuple[Premise, ...]:
    """The conditions the step around ``span`` cites before it, as premises labelled as cited
    (``\\eqref{eq:active}``, ``(5)``); none outside a step."""
    step = step_at(note, span.start)
    if step is None:
        return ()
    index = note.facet(EQUATIONS)
    out: list[Premise] = []
    for ref in step.references:
        if ref.span.start >= span.start:
            continue
        if ref.kind == "number":
            found = index.by_number(ref.target)
        else:
            found = [eq for _label, eq in index.labels.get(ref.target, [])]
        written = note.text[ref.span.start : ref.span.end]
        for eq in found:
            if eq.math is span or eq.math.start >= span.start:
                continue
            for left, right in conditions.get(eq.math.start, []):
                premise = Premise(written, left, right)
                if premise not in out:
                    out.append(premise)
    return tuple(out)
