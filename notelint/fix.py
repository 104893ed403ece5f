"""Apply fixes: edits from fixable findings, applied atomically, repeated until nothing changes.

Edits are offsets into the normalized text; they are mapped back to the original file
through (line, column) so that line endings, a BOM and every byte outside the edits are kept.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from notelint.diagnostic import Diagnostic, Edit
from notelint.source import LineIndex, Source

if TYPE_CHECKING:
    from notelint.result import LintResult

#: Findings that mean the parse itself is in doubt: no fix is applied to such a file.
PARSE_ERROR_CODES = frozenset({"NL001", "NL002", "NL210"})
MAX_PASSES = 10
#: ``LintResult.stats`` key: how many fixes were withheld from a file and why.
FIX_BLOCKED_STATS = "notelint.fix-blocked"


def fix_blocked(result: LintResult) -> bool:
    """Whether ``--fix`` leaves this file alone (its parse is in doubt)."""
    return FIX_BLOCKED_STATS in result.stats or any(d.code in PARSE_ERROR_CODES for d in result.diagnostics)


def withhold_fixes(result: LintResult, reason: str) -> None:
    """Drop the fixes of a file ``--fix`` will not touch, so nothing claims to be fixable
    (``[*]``, ``"fixable": true``) that is not; the count and reason stay in the stats."""
    withheld = sum(d.fixable for d in result.diagnostics)
    if not withheld:
        return
    result.diagnostics = [dataclasses.replace(d, fix=None) if d.fixable else d for d in result.diagnostics]
    result.stats[FIX_BLOCKED_STATS] = {"withheld": withheld, "reason": reason}


def count_fixes(diagnostics: Iterable[Diagnostic]) -> int:
    """How many findings ``select_edits`` repairs in one pass (whole fixes that do not overlap)."""
    return len(_accepted(diagnostics))


def select_edits(diagnostics: Iterable[Diagnostic]) -> list[Edit]:
    """Edits of every fix that does not overlap an earlier-accepted fix (whole fixes only)."""
    edits = [e for d in _accepted(diagnostics) for e in d.fix.edits]  # type: ignore[union-attr]
    return sorted(edits, key=lambda e: (e.start, e.end))


def _accepted(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    accepted: list[Edit] = []
    chosen: list[Diagnostic] = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        if d.fix is None:
            continue
        edits = sorted(d.fix.edits, key=lambda e: (e.start, e.end))
        if any(
            (e.start < a.end and a.start < e.end) or (e.start == a.start == e.end == a.end)
            for e in edits
            for a in accepted
        ):
            continue
        accepted.extend(edits)
        chosen.append(d)
    return chosen


def apply_edits(source: Source, edits: list[Edit]) -> str:
    """The original text with ``edits`` (normalized offsets) applied."""
    if not edits:
        return source.original
    norm_index = LineIndex(source.text)
    orig_index = LineIndex(source.original)
    bom = 1 if source.has_bom else 0

    def original_offset(offset: int) -> int:
        line, column = norm_index.position(offset)
        return orig_index.offset(line, column + (bom if line == 1 else 0))

    out: list[str] = []
    cursor = 0
    newline = source.newline
    for edit in edits:
        start, end = original_offset(edit.start), original_offset(edit.end)
        out.append(source.original[cursor:start])
        out.append(edit.replacement.replace("\n", newline))
        cursor = end
    out.append(source.original[cursor:])
    return "".join(out)


def write_atomically(path: str, text: str) -> None:
    """Write via a temporary file in the same folder and rename, keeping the file's mode."""
    import stat
    import tempfile  # only when fixing: linting and warm runs never write

    folder = os.path.dirname(os.path.abspath(path))
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if not os.access(path, os.W_OK):
        raise PermissionError(f"{path} is read-only")
    fd, tmp = tempfile.mkstemp(prefix=".notelint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
