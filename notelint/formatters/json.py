from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from notelint.formatters._stream import JsonArrayWriter
from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from collections.abc import Mapping

    from notelint.result import LintResult
    from notelint.rule import Rule


class JsonFormatter(Formatter):
    """A JSON array of diagnostics: the stable contract documented in README.md (streamed)."""

    name = "json"
    keep_results = False

    def __init__(self, out: TextIO, rules: Mapping[str, Rule]) -> None:
        super().__init__(out, rules)
        self.array = JsonArrayWriter(self.out)

    def handle(self, result: LintResult) -> None:
        super().handle(result)
        for d in result.diagnostics:
            self.array.add(d.as_dict())

    def finish(self) -> None:
        self.array.close()
        self.write("\n")
