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
    for r in analysis.results:
        if r.verdict != verdict or r.code not in codes:
            continue
        ctx.report(
            r.start,
            r.end,
            f"{prefix}: {r.message}" if r.message else prefix,
            data={"verdict": r.verdict, "relation": r.link.symbol, **counts},
        )
