from __future__ import annotations

import json

from notelint.formatters.base import Formatter


class JsonFormatter(Formatter):
    """A JSON array of diagnostics: the stable contract documented in README.md."""

    name = "json"

    def finish(self) -> None:
        items = [d.as_dict() for r in self.results for d in r.diagnostics]
        json.dump(items, self.out, indent=2, ensure_ascii=False)
        self.write("\n")
