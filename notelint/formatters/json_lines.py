from __future__ import annotations

import json
from typing import TYPE_CHECKING

from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from notelint.result import LintResult


class JsonLinesFormatter(Formatter):
    """One JSON object per line per finding, with the keys of the ``json`` format (streamed)."""

    name = "json-lines"
    keep_results = False

    def handle(self, result: LintResult) -> None:
        super().handle(result)
        for d in result.diagnostics:
            self.write(json.dumps(d.as_dict(), ensure_ascii=False) + "\n")
