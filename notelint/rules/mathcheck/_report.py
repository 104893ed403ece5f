"""Shared by NL501–NL504: run the note's analysis once, report one verdict kind."""

from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext

STATS_KEY = "notelint.math"


def report(note: Note, ctx: RuleContext, codes: set[str], verdict: str, prefix: str) -> None:
    from notelint.math.analysis import analyze

    if not note.math:
        return
    analysis = analyze(note, ctx.config)
    counts = analysis.counts()
    stats = getattr(ctx, "stats", None)
    if isinstance(stats, dict):
        stats[STATS_KEY] = dict(counts)
    decided = _decided_steps(note, ctx) if verdict == "refuted" and "NL501" in codes else set()
    for r in analysis.results:
        if r.verdict != verdict or r.code not in codes:
            continue
        if r.code == "NL501" and (r.start, r.end) in decided:
            continue  # not an identity but a derivation step NL506 decided from its premises
        ctx.report(
            r.start,
            r.end,
            f"{prefix}: {r.message}" if r.message else prefix,
            data={"verdict": r.verdict, "relation": r.link.symbol, **counts},
        )


def _decided_steps(note: Note, ctx: RuleContext) -> set[tuple[int, int]]:
    """Relations of 4.B steps that follow from their premises, or that NL506 reports."""
    from notelint.math.derivation import derivation

    return {(s.start, s.end) for s in derivation(note, ctx.config).steps if s.verdict in ("follows", "fails")}
