from __future__ import annotations

import json
from typing import TYPE_CHECKING

from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from notelint.result import LintResult


class LspFormatter(Formatter):
    """One JSON object per file and line, shaped like LSP ``PublishDiagnosticsParams``:
    ``{"uri", "path", "diagnostics": [Diagnostic…]}`` with 0-based ranges in UTF-16 code units,
    ``severity`` 1–4, ``code``, ``codeDescription.href`` and ``source: "notelint"``.
    A clean file gets an empty list, so a client can clear what it showed before."""

    name = "lsp"
    keep_results = False

    def handle(self, result: LintResult) -> None:
        from notelint.server.convert import diagnostic_json, index_for, path_to_uri

        super().handle(result)
        index = index_for(result)
        item = {
            "uri": path_to_uri(result.path),
            "path": result.path,
            "diagnostics": [diagnostic_json(d, index) for d in result.diagnostics],
        }
        self.write(json.dumps(item, ensure_ascii=False) + "\n")
