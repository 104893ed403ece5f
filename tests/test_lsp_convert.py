"""Diagnostic -> LSP position conversion (UTF-16 code units), and pygls stays off the CLI path."""

from __future__ import annotations

import subprocess
import sys

from notelint.config import Config
from notelint.engine import lint_text
from notelint.server.convert import diagnostic_json, lsp_offset, lsp_position, offset_position
from notelint.source import LineIndex


def test_positions_count_utf16_code_units() -> None:
    index = LineIndex("ab\n𝐱é𝐲 z\n")
    assert lsp_position(index, 2, 1) == {"line": 1, "character": 0}
    assert lsp_position(index, 2, 2) == {"line": 1, "character": 2}  # after 𝐱 (a surrogate pair)
    assert lsp_position(index, 2, 4) == {"line": 1, "character": 5}  # after 𝐱é𝐲
    offset = index.text.index("z")
    assert offset_position(index, offset) == {"line": 1, "character": 6}
    assert lsp_offset(index, 1, 6) == offset
    assert lsp_offset(index, 1, 99) == index.text.index("\n", 3)  # clamps to the end of the line
    assert lsp_offset(index, 9, 0) == len(index.text)


def test_crlf_note_has_the_same_positions_as_lf() -> None:
    config = Config().merged({"select": ["NL402"]})
    lf = lint_text("# T\n\nIt is 𝐱 basically so.\n", "a.md", config)
    crlf = lint_text("# T\r\n\r\nIt is 𝐱 basically so.\r\n", "a.md", config)
    [a], [b] = lf.diagnostics, crlf.diagnostics
    ja, jb = diagnostic_json(a, lf.note.index), diagnostic_json(b, crlf.note.index)
    assert ja == jb
    assert ja["range"] == {"start": {"line": 2, "character": 9}, "end": {"line": 2, "character": 18}}
    assert ja["severity"] == 2 and ja["source"] == "notelint" and ja["code"] == "NL402"


def test_cli_and_lsp_format_do_not_import_pygls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "a.md"
    note.write_text("# T\n\nbasically\n", encoding="utf-8")
    code = (
        "import io, sys\n"
        "from notelint import cli\n"
        f"cli.main(['--output-format', 'lsp', {str(note)!r}], stdout=io.StringIO())\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
