"""Write a JSON array one item at a time, byte-for-byte as ``json.dump(items, indent=2)`` would
(at a given nesting depth), so whole-run formats can stream instead of keeping every result."""

from __future__ import annotations

import json
from typing import Any, TextIO


class JsonArrayWriter:
    def __init__(self, out: TextIO, depth: int = 0) -> None:
        self.out = out
        self.pad = "  " * depth
        self.count = 0

    def add(self, item: Any) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        text = json.dumps(item, indent=2, ensure_ascii=False)
        self.out.write("\n".join(f"{self.pad}  {line}" for line in text.split("\n")))
        self.count += 1

    def close(self) -> None:
        """End the array (the caller writes what follows it, e.g. a newline)."""
        self.out.write("[]" if self.count == 0 else f"\n{self.pad}]")
