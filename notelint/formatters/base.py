"""The formatter interface: one class per output format (flake8's formatting/, ruff's render/)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from notelint.engine import LintResult
    from notelint.rule import Rule


class Formatter:
    """Receives each file's result in a deterministic order, then ``finish`` once.

    Subclasses override ``handle`` (streamed formats) or ``finish`` (whole-run formats);
    ``self.results`` keeps every result handled so far.
    """

    #: Name used with ``--output-format``.
    name = ""

    def __init__(self, out: TextIO, rules: dict[str, Rule]) -> None:
        self.out = out
        self.rules = rules
        self.results: list[LintResult] = []

    def handle(self, result: LintResult) -> None:
        self.results.append(result)

    def finish(self) -> None:
        pass

    def write(self, text: str) -> None:
        self.out.write(text)

    def rule_url(self, code: str) -> str:
        from notelint.docs import rule_url

        return rule_url(code)
