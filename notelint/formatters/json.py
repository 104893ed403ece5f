from __future__ import annotations

from notelint.formatters._stream import JsonArrayWriter
from notelint.formatters.base import Formatter


class JsonFormatter(Formatter):
    """A JSON array of diagnostics: the stable contract documented in README.md (streamed)."""

    name = "json"
    keep_results = False

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.array = JsonArrayWriter(self.out)

    def handle(self, result) -> None:  # type: ignore[no-untyped-def]
        super().handle(result)
        for d in result.diagnostics:
            self.array.add(d.as_dict())

    def finish(self) -> None:
        self.array.close()
        self.write("\n")
