"""One file's lint result (its own module so the warm path can build one from the cache
without importing the engine, the parser or any rule)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notelint.diagnostic import Diagnostic
    from notelint.note import Note


@dataclass
class LintResult:
    """One file's findings, with the text (and note) they were computed from."""

    path: str
    diagnostics: list[Diagnostic]
    #: The text that was linted (None when the file could not be read).
    text: str | None = None
    note: Note | None = field(default=None, repr=False)
    #: A rule raised (NL001): the run's exit status is 2.
    internal_error: bool = False
    #: Per-feature statistics (e.g. verification coverage), JSON-serialisable.
    stats: dict[str, Any] = field(default_factory=dict)
