from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from notelint.result import LintResult


#: notelint severity -> GitHub Actions workflow command.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    """GitHub Actions workflow commands: an annotation on the pull request per finding.

    ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=NL501::[name] message``
    """

    name = "github"
    keep_results = False

    def handle(self, result: LintResult) -> None:
        super().handle(result)
        for d in result.diagnostics:
            props = ",".join(
                [
                    f"file={_escape_property(d.path)}",
                    f"line={d.line}",
                    f"col={d.column}",
                    f"endLine={d.end_line}",
                    f"endColumn={d.end_column}",
                    f"title={_escape_property(d.code)}",
                ]
            )
            self.write(f"::{COMMANDS[d.severity.label]} {props}::{_escape_data(f'[{d.name}] {d.message}')}\n")
