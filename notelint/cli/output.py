"""What a lint run prints besides each finding: the tally and statistics, progress, colour,
the rules a formatter may look up, and the fixes (applied, or shown as a diff)."""

from __future__ import annotations

import argparse
import collections
import collections.abc
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from notelint.diagnostic import Severity

if TYPE_CHECKING:
    from notelint.result import LintResult
    from notelint.rule import Rule
    from notelint.run_options import RunOptions

#: Per-note statistics a rule may publish in ``LintResult.stats`` (the NL5 verification coverage).
VERIFICATION_STATS = "notelint.math"
#: Per-note derivation-step verdicts published by NL506 (follows / fails / unknown).
STEP_STATS = "notelint.steps"


class Tally:
    """What the run needs once the results are gone: exit status, statistics, coverage."""

    def __init__(self, fail_on: Severity) -> None:
        self.fail_on = fail_on
        self.internal_error = False
        self.failing = False
        self.counts: collections.Counter[tuple[str, str]] = collections.Counter()
        self.fixable: collections.Counter[str] = collections.Counter()
        self.coverage: list[tuple[str, dict[str, int]]] = []
        self.steps: list[tuple[str, dict[str, int]]] = []

    def add(self, result: LintResult) -> None:
        self.internal_error |= result.internal_error
        for d in result.diagnostics:
            self.failing |= d.severity >= self.fail_on
            self.counts[(d.code, d.name)] += 1
            self.fixable[d.code] += d.fixable
        if VERIFICATION_STATS in result.stats:
            self.coverage.append((result.path, result.stats[VERIFICATION_STATS]))
        if STEP_STATS in result.stats:
            self.steps.append((result.path, result.stats[STEP_STATS]))


def write_statistics(tally: Tally, out: TextIO, fmt: str) -> None:
    """Findings per rule, then (when NL5 rules ran) each note's verified/refuted/unknown counts."""
    fixable = tally.fixable
    rows = sorted(tally.counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    coverage = tally.coverage
    if fmt == "json":
        import json

        payload: dict[str, object] = {
            "rules": [{"code": c, "name": n, "count": k, "fixable": fixable[c]} for (c, n), k in rows],
            "verification": [{"path": path, **stats} for path, stats in coverage],
        }
        if tally.steps:
            payload["steps"] = [{"path": path, **stats} for path, stats in tally.steps]
        json.dump(payload, out, indent=2)
        out.write("\n")
        return
    for (code, name), count in rows:
        mark = " [*]" if fixable[code] else ""
        out.write(f"{count:>6}\t{code}{mark}\t[{name}]\n")
    if coverage:
        totals: collections.Counter[str] = collections.Counter()
        out.write("\nRelations checked (verified / refuted / unknown):\n")
        for path, stats in coverage:
            totals.update(stats)
            out.write(
                f"{stats.get('verified', 0):>6} {stats.get('refuted', 0):>6} {stats.get('unknown', 0):>6}\t{path}\n"
            )
        out.write(f"{totals['verified']:>6} {totals['refuted']:>6} {totals['unknown']:>6}\ttotal\n")
    if tally.steps:
        step_totals: collections.Counter[str] = collections.Counter()
        out.write("\nDerivation steps (follow / do not follow / unknown):\n")
        for path, stats in tally.steps:
            step_totals.update(stats)
            out.write(
                f"{stats.get('follows', 0):>6} {stats.get('fails', 0):>6} {stats.get('unknown', 0):>6}\t{path}\n"
            )
        out.write(
            f"{step_totals['follows']:>6} {step_totals['fails']:>6} {step_totals['unknown']:>6}\ttotal\n"
        )


class LazyRules(collections.abc.Mapping[str, "Rule"]):
    """Rule code -> Rule, loaded on first use: a warm run whose format never asks loads none."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] | None = None

    def _load(self) -> dict[str, Rule]:
        if self._rules is None:
            from notelint.plugins import all_rules

            self._rules = {r.code: r for r in all_rules()}
        return self._rules

    def __getitem__(self, code: str) -> Rule:
        return self._load()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def use_color(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    import os

    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(out, "isatty", None) and out.isatty())


class Progress:
    """``notelint: 120 files…`` on stderr, redrawn at most ten times a second (terminals only)."""

    def __init__(self, err: TextIO, enabled: bool) -> None:
        self.err = err
        self.enabled = enabled
        self.count = 0
        self.last = 0.0
        self.shown = False

    def tick(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        import time

        now = time.monotonic()
        if now - self.last >= 0.1:
            self.last = now
            self.err.write(f"\r\033[Knotelint: {self.count} file{'s' if self.count != 1 else ''} linted…")
            self.err.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.err.write("\r\033[K")
            self.err.flush()
            self.shown = False


def report_fixes(
    args: argparse.Namespace,
    options: RunOptions,
    structured: bool,
    report_file: TextIO | None,
    reading_stdin_fix: bool,
    fixed: int,
    stdout: TextIO,
    stderr: TextIO,
) -> None:
    """Errors writing fixes, the diffs (``--diff``), how many were or would be fixed, and with
    ``--fix -`` the fixed note on stdout. ``fixed``: the findings ``--fix`` fixed."""
    for outcome in options.outcomes:
        if outcome.error:
            stderr.write(f"notelint: error: {outcome.error}\n")
        if args.diff and outcome.changed:
            # A structured report owns stdout (it must stay valid JSON, SARIF, …): the diff goes to stderr.
            (stderr if structured and report_file is None else stdout).write(outcome.diff())
    if args.diff and not args.quiet:
        would = sum(o.fixed_count for o in options.outcomes if o.changed)
        if would:
            stderr.write(
                f"notelint: would fix {would} finding{'s' if would != 1 else ''} "
                f"in {sum(o.changed for o in options.outcomes)} file(s); run with --fix to apply\n"
            )
    if args.fix and not args.diff and structured and fixed and not args.quiet:
        stderr.write(f"notelint: fixed {fixed} finding{'s' if fixed != 1 else ''}\n")
    if reading_stdin_fix and options.outcomes:
        stdout.write(options.outcomes[0].fixed)
