"""Fixture testing for rule authors (built-in rules and plugins alike).

A fixture is a note ``fixtures/rules/<CODE>/<case>.md`` with its exact expected diagnostics
beside it in ``<case>.expected``, one per line as ``LINE:COL: CODE [name] message``. The
note is linted with only ``<CODE>`` selected (plus any rules named in a first-line comment
``<!-- fixture: select NL101,NL102 -->``). Cases named ``near-miss*`` must expect nothing.
Set ``NOTELINT_UPDATE_FIXTURES=1`` to rewrite the ``.expected`` files, then review them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from notelint.config import Config
from notelint.diagnostic import Diagnostic
from notelint.engine import lint_text

_SELECT = re.compile(r"^<!--\s*fixture:\s*select\s+([^>]*?)\s*-->")
UPDATE_ENV = "NOTELINT_UPDATE_FIXTURES"


def render(diagnostics: list[Diagnostic]) -> str:
    return "".join(f"{d.line}:{d.column}: {d.code} [{d.name}] {d.message}\n" for d in diagnostics)


def lint_fixture(note: Path, code: str) -> list[Diagnostic]:
    text = note.read_text(encoding="utf-8")
    m = _SELECT.match(text)
    select = [s.strip() for s in m.group(1).split(",")] if m else [code]
    config = Config({"select": select})
    return lint_text(text, note.name, config).diagnostics


def check_fixture(note: Path, code: str) -> tuple[str, str]:
    """(expected, actual) renderings; with NOTELINT_UPDATE_FIXTURES=1 the expectation is rewritten."""
    actual = render(lint_fixture(note, code))
    expected_file = note.with_suffix(".expected")
    if os.environ.get(UPDATE_ENV) == "1":
        expected_file.write_text(actual, encoding="utf-8")
    expected = (
        expected_file.read_text(encoding="utf-8") if expected_file.exists() else "<missing .expected file>\n"
    )
    return expected, actual
