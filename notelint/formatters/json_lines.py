from __future__ import annotations

import json

from notelint.formatters.base import Formatter


class JsonLinesFormatter(Formatter):
    """One JSON object per line per finding, with the keys of the ``json`` format (streamed)."""

    name = "json-lines"
    keep_results = False

    def handle(self, result) -> None:  # type: ignore[no-untyped-def]
        super().handle(result)
        for d in result.diagnostics:
            self.write(json.dumps(d.as_dict(), ensure_ascii=False) + "\n")
