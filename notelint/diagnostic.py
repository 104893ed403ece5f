"""What a rule reports: findings (file offsets) and diagnostics (resolved positions)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Severity of a finding; a higher value is more severe."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Edit:
    """Replace the text between two offsets of the (normalized) note text."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    """A set of non-overlapping edits that together repair one finding."""

    edits: tuple[Edit, ...]
    title: str = ""


@dataclass(frozen=True)
class Finding:
    """What a rule yields: a message at a span of file offsets (into ``Note.text``)."""

    start: int
    end: int
    message: str
    fix: Fix | None = None
    #: Machine-readable extras (e.g. verification verdicts); must be JSON-serialisable.
    data: dict[str, object] | None = None


@dataclass(frozen=True)
class Diagnostic:
    """A finding resolved to a rule and 1-based line/column positions in a file."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None = field(default=None, compare=False)
    #: Offsets in the normalized text, kept for fixes, suppressions and baselines.
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    data: dict[str, object] | None = field(default=None, compare=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        """The stable JSON contract (documented in README.md)."""
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "fixable": self.fixable,
        }
        if self.fix is not None and self.fix.title:
            out["fix"] = self.fix.title
        if self.data:
            out["data"] = self.data
        return out
