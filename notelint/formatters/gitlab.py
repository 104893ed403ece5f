from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from notelint.formatters._stream import JsonArrayWriter
from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from collections.abc import Mapping

    from notelint.result import LintResult
    from notelint.rule import Rule


#: notelint severity -> GitLab Code Quality severity.
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


class GitlabFormatter(Formatter):
    """A GitLab Code Quality report (a JSON array; ``artifacts: reports: codequality``), streamed.

    ``fingerprint`` is the content key of the baseline (stable when lines move).
    """

    name = "gitlab"
    keep_results = False

    def __init__(self, out: TextIO, rules: Mapping[str, Rule]) -> None:
        super().__init__(out, rules)
        self.array = JsonArrayWriter(self.out)

    def handle(self, result: LintResult) -> None:
        from notelint.baseline import fingerprints

        super().handle(result)
        for d, fingerprint in fingerprints(result):
            self.array.add(
                {
                    "description": f"{d.code} [{d.name}] {d.message}",
                    "check_name": d.code,
                    "fingerprint": fingerprint,
                    "severity": SEVERITIES[d.severity.label],
                    "location": {"path": d.path, "lines": {"begin": d.line, "end": d.end_line}},
                }
            )

    def finish(self) -> None:
        self.array.close()
        self.write("\n")
