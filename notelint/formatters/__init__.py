"""Built-in output formats, contributed through the ``notelint_formatters`` hook."""

from __future__ import annotations

from notelint import hookimpl
from notelint.formatters.base import Formatter


@hookimpl
def notelint_formatters() -> dict[str, type[Formatter]]:
    from notelint.formatters.github import GithubFormatter
    from notelint.formatters.gitlab import GitlabFormatter
    from notelint.formatters.json import JsonFormatter
    from notelint.formatters.json_lines import JsonLinesFormatter
    from notelint.formatters.junit import JunitFormatter
    from notelint.formatters.lsp import LspFormatter
    from notelint.formatters.sarif import SarifFormatter
    from notelint.formatters.text import TextFormatter

    return {
        cls.name: cls
        for cls in (
            TextFormatter,
            JsonFormatter,
            JsonLinesFormatter,
            GithubFormatter,
            SarifFormatter,
            GitlabFormatter,
            JunitFormatter,
            LspFormatter,
        )
    }
