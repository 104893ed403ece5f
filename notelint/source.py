"""Source text and the offset <-> (line, column) mapping every diagnostic goes through."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps string offsets to 1-based (line, column) pairs and back.

    Columns count Unicode code points (as ruff's ``--output-format`` does); the LSP
    formatter converts to UTF-16 code units itself.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
        self.line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based (line, column); clamps to the text."""
        if line < 1:
            return 0
        if line > len(self.line_starts):
            return len(self.text)
        return min(self.line_starts[line - 1] + column - 1, len(self.text))

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 0-based line number (markdown-it maps)."""
        if line >= len(self.line_starts):
            return len(self.text)
        return self.line_starts[line]

    def line_text(self, line: int) -> str:
        """Text of a 1-based line, without its line break."""
        start = self.line_start(line - 1)
        end = self.line_start(line) if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self.line_starts)


@dataclass
class Source:
    """A note's text as read from disk, and the normalized text every rule sees.

    Normalization removes a leading BOM, turns CRLF/CR into LF and NUL into U+FFFD (as
    markdown-it does), so that offsets in the normalized text map to the same (line,
    column) as in the original file; ``--fix`` maps edits back through that.
    """

    original: str
    text: str = field(init=False)
    has_bom: bool = field(init=False)

    def __post_init__(self) -> None:
        text = self.original
        self.has_bom = text.startswith("\ufeff")
        if self.has_bom:
            text = text[1:]
        self.text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")

    @property
    def newline(self) -> str:
        """The file's dominant line ending."""
        crlf = self.original.count("\r\n")
        cr = self.original.count("\r") - crlf
        lf = self.original.count("\n") - crlf
        best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
        return best[1] if best[0] else "\n"
