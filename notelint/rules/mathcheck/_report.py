"""Shared by NL501–NL504: run the note's analysis once, report one verdict kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.note import Note
from notelint.rule import RuleContext

if TYPE_CHECKING:
    from notelint.math.checking.step_types import StepVerdict

STATS_KEY = "notelint.math"


def report(note: Note, ctx: RuleContext, codes: set[str], verdict: str, prefix: str) -> None:
    from notelint.math.checking.analysis import analyze

    if not note.math:
        return
    analysis = analyze(note, ctx.config)
    counts = analysis.counts()
    stats = getattr(ctx, "stats", None)
    if isinstance(stats, dict):
        stats[STATS_KEY] = dict(counts)
    decided = _decided_steps(note, ctx) if verdict == "refuted" and "NL501" in codes else set()
    # NL504: a derivation step is reported with NL506's verdict on it, not the identity check's
    steps = _step_verdicts(note, ctx) if verdict == "unknown" else {}
    for r in analysis.results:
        if r.verdict != verdict or r.code not in codes:
            continue
        if r.code == "NL501" and (r.start, r.end) in decided:
            continue  # not an identity but a derivation step NL506 decided from its premises
        if (r.start, r.end) in steps:
            continue
        ctx.report(
            r.start,
            r.end,
            f"{prefix}: {r.message}" if r.message else prefix,
            data={"verdict": r.verdict, "relation": r.link.symbol, **counts},
        )
    for step in steps.values():
        cited = ", ".join(step.premises)
        if step.verdict == "unknown":
            against = f" against {cited}" if cited else ""
            reason = f": {step.message}" if step.message else ""
            ctx.report(
                step.start,
                step.end,
                f"could not check this step{against}{reason}",
                data={"verdict": "unknown", "relation": "=", "premises": list(step.premises), **counts},
            )
        elif step.wrong_citation:
            ctx.report(
                step.start,
                step.end,
                f"this step follows from {step.wrong_citation}, not from {step.cites}, which it cites:"
                " cite the equation it uses",
                data={"verdict": "verified", "relation": "=", "premises": [step.wrong_citation], **counts},
            )


def _step_verdicts(note: Note, ctx: RuleContext) -> dict[tuple[int, int], StepVerdict]:
    """NL506's verdicts on the note's derivation steps, by the relation's file span."""
    from notelint.math.checking.derivation import derivation

    return {(s.start, s.end): s for s in derivation(note, ctx.config).steps}


def _decided_steps(note: Note, ctx: RuleContext) -> set[tuple[int, int]]:
    """Relations of 4.B steps that follow from their premises, or that NL506 reports."""
    from notelint.math.checking.derivation import derivation

    return {(s.start, s.end) for s in derivation(note, ctx.config).steps if s.verdict in ("follows", "fails")}
