"""notelint positions and fixes -> LSP shapes (0-based lines, UTF-16 code-unit characters).

Plain dictionaries shaped like the LSP types, so the ``lsp`` output format can use them
without importing pygls or lsprotocol; the server structures them into lsprotocol types.
Positions refer to the normalized text (the editor's buffer without a BOM); CRLF and LF
give the same line and column numbers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notelint.source import LineIndex, Source

if TYPE_CHECKING:
    from notelint.diagnostic import Diagnostic, Edit
    from notelint.engine import LintResult

SOURCE = "notelint"
#: notelint severity -> LSP DiagnosticSeverity (1 Error, 2 Warning, 3 Information, 4 Hint).
SEVERITY = {"error": 1, "warning": 2, "info": 3}


def path_to_uri(path: str) -> str:
    if path.startswith("<"):  # <stdin>
        return path
    return Path(os.path.abspath(path)).as_uri()


def index_for(result: LintResult) -> LineIndex | None:
    if result.note is not None:
        return result.note.index
    if result.text is not None:
        return LineIndex(Source(result.text).text)
    return None


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def lsp_position(index: LineIndex | None, line: int, column: int) -> dict[str, int]:
    """A 1-based (line, code-point column) as an LSP Position."""
    if index is None or line > index.line_count:
        return {"line": max(line - 1, 0), "character": max(column - 1, 0)}
    prefix = index.line_text(line)[: max(column - 1, 0)]
    return {"line": line - 1, "character": utf16_length(prefix)}


def offset_position(index: LineIndex, offset: int) -> dict[str, int]:
    return lsp_position(index, *index.position(offset))


def lsp_range(index: LineIndex | None, d: Diagnostic) -> dict[str, Any]:
    return {
        "start": lsp_position(index, d.line, d.column),
        "end": lsp_position(index, d.end_line, d.end_column),
    }


def diagnostic_json(d: Diagnostic, index: LineIndex | None) -> dict[str, Any]:
    from notelint.docs import rule_url

    out: dict[str, Any] = {
        "range": lsp_range(index, d),
        "severity": SEVERITY[d.severity.label],
        "code": d.code,
        "codeDescription": {"href": rule_url(d.code)},
        "source": SOURCE,
        "message": f"[{d.name}] {d.message}",
    }
    if d.data:
        out["data"] = d.data
    return out


def text_edit_json(index: LineIndex, edit: Edit) -> dict[str, Any]:
    return {
        "range": {"start": offset_position(index, edit.start), "end": offset_position(index, edit.end)},
        "newText": edit.replacement,
    }


def lsp_offset(index: LineIndex, line0: int, character: int) -> int:
    """The text offset of an LSP Position (0-based line, UTF-16 character); clamps to the line."""
    if line0 >= index.line_count:
        return len(index.text)
    line_text = index.line_text(line0 + 1)
    units = 0
    for i, ch in enumerate(line_text):
        if units >= character:
            return index.line_start(line0) + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return index.line_start(line0) + len(line_text)
