"""The formatter interface: one class per output format (flake8's formatting/, ruff's render/)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Mapping

    from notelint.result import LintResult
    from notelint.rule import Rule


class Formatter:
    """Receives each file's result in a deterministic order, then ``finish`` once.

    Subclasses override ``handle`` (streamed formats) or ``finish`` (whole-run formats).
    The built-in formats stream: they write or condense each result in ``handle`` and keep
    only counts, so memory does not grow with the number of notes. A subclass that sets
    ``keep_results = True`` (the default, for third-party formatters written against the
    first version of this interface) finds every result handled so far in ``self.results``.
    """

    #: Name used with ``--output-format``.
    name = ""
    #: Keep every result in ``self.results`` (costs memory proportional to the run).
    keep_results = True

    def __init__(self, out: TextIO, rules: Mapping[str, Rule]) -> None:
        self.out = out
        self.rules = rules
        self.results: list[LintResult] = []
        #: Counts over the run, for summaries.
        self.files = 0
        self.files_with_findings = 0
        self.findings = 0
        self.fixable = 0
        #: Fixable findings in files ``--fix`` leaves alone (their parse is in doubt, NL210).
        self.fix_blocked = 0
        #: Findings ``--fix`` repaired, and in how many files (set by the CLI before ``finish``).
        self.fixed = 0
        self.fixed_files = 0
        #: ANSI colours in the text formats (``--color``).
        self.color = False
        #: ``-q``: the findings only, no summary lines.
        self.quiet = False

    def handle(self, result: LintResult) -> None:
        from notelint.fix import FIX_BLOCKED_STATS, fix_blocked

        self.files += 1
        self.findings += len(result.diagnostics)
        self.files_with_findings += bool(result.diagnostics)
        fixable = sum(d.fixable for d in result.diagnostics)
        if fix_blocked(result):
            # The fixes of such a file are withheld (not shown as fixable); the count says so.
            withheld = result.stats.get(FIX_BLOCKED_STATS, {}).get("withheld", 0)
            self.fix_blocked += fixable + (withheld if isinstance(withheld, int) else 0)
        else:
            self.fixable += fixable
        if self.keep_results:
            self.results.append(result)

    def finish(self) -> None:
        pass

    def write(self, text: str) -> None:
        self.out.write(text)

    def rule_url(self, code: str) -> str:
        from notelint.docs import rule_url

        return rule_url(code)
