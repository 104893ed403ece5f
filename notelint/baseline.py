"""Baselines: record today's findings, then fail only on new ones.

A finding is keyed on its content, never on its line number: the rule, the file, the
offending text, up to 24 characters of its line either side of it (whitespace-normalised) and the message
(with any ``line N`` reference masked). Inserting or deleting text above a finding leaves
its key unchanged, so it stays baselined; editing the offending text or its immediate
surroundings makes it new.

Keys are counted as a multiset: if the baseline holds a key twice and the note now has it
three times, one occurrence is new.

``notelint --baseline FILE --update-baseline PATH…`` writes FILE; ``notelint --baseline FILE
PATH…`` then reports (and fails on) only the findings FILE does not list.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notelint.diagnostic import Diagnostic
    from notelint.result import LintResult

FORMAT_VERSION = 1
#: Characters of context either side of the offending text that are part of its key.
NEIGHBOURHOOD = 24
_LINE_REFERENCE = re.compile(r"\b(lines?)\s+\d+(?:\s*[–-]\s*\d+)?", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a notelint baseline."""


def normalise_path(path: str) -> str:
    return Path(os.path.normpath(path)).as_posix()


def content_key(diagnostic: Diagnostic, text: str | None) -> str:
    """A stable hash of what the finding is about (see the module docstring)."""
    offending = neighbourhood = ""
    if text is not None:
        start = max(0, min(diagnostic.start, len(text)))
        end = max(start, min(diagnostic.end, len(text)))
        offending = _SPACE.sub(" ", text[start:end]).strip()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        # The finding's neighbourhood: up to NEIGHBOURHOOD characters either side, within its line(s).
        before = text[max(line_start, start - NEIGHBOURHOOD) : start]
        after = text[end : min(line_end, end + NEIGHBOURHOOD)]
        neighbourhood = _SPACE.sub(" ", f"{before}\x00{after}").strip()
    message = _LINE_REFERENCE.sub(r"\1 N", diagnostic.message)
    parts = (diagnostic.code, normalise_path(diagnostic.path), offending, neighbourhood, message)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _text_of(result: LintResult) -> str | None:
    if result.note is not None:
        return result.note.text
    if result.text is not None:
        from notelint.source import Source

        return Source(result.text).text
    return None


def keyed(result: LintResult) -> list[tuple[Diagnostic, str]]:
    text = _text_of(result)
    return [(d, content_key(d, text)) for d in result.diagnostics]


def fingerprints(result: LintResult) -> list[tuple[Diagnostic, str]]:
    """Unique per-finding fingerprints (the content key plus its occurrence number), for
    SARIF ``partialFingerprints`` and GitLab's ``fingerprint``."""
    seen: collections.Counter[str] = collections.Counter()
    out = []
    for d, key in keyed(result):
        seen[key] += 1
        out.append((d, f"{key}:{seen[key]}" if seen[key] > 1 else key))
    return out


class Baseline:
    def __init__(self, counts: collections.Counter[tuple[str, str, str]] | None = None) -> None:
        #: (path, code, key) -> how many findings the baseline accepts.
        self.counts = counts or collections.Counter()

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file (create it with --update-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}: not a notelint baseline (invalid JSON: {exc.msg})") from None
        if (
            not isinstance(data, dict)
            or data.get("tool") != "notelint"
            or not isinstance(data.get("findings"), list)
        ):
            raise BaselineError(f"{path}: not a notelint baseline")
        if data.get("version") != FORMAT_VERSION:
            raise BaselineError(
                f"{path}: baseline format version {data.get('version')!r} is not supported "
                f"(expected {FORMAT_VERSION}); re-create it with --update-baseline"
            )
        counts: collections.Counter[tuple[str, str, str]] = collections.Counter()
        for item in data["findings"]:
            try:
                counts[(item["path"], item["code"], item["key"])] += 1
            except (TypeError, KeyError):
                raise BaselineError(f"{path}: malformed baseline entry {item!r}") from None
        return cls(counts)

    @staticmethod
    def write(path: Path, results: Iterable[LintResult]) -> int:
        """Record every finding of ``results``; returns how many."""
        recorder = BaselineRecorder()
        for result in results:
            recorder.add(result)
        return recorder.save(path)

    def filter(self, result: LintResult) -> int:
        """Drop the baselined findings from ``result`` (in place); returns how many were dropped."""
        # Counted per file (not a copy of the whole baseline per file, which was quadratic).
        used: collections.Counter[tuple[str, str, str]] = collections.Counter()
        kept = []
        for d, key in keyed(result):
            k = (normalise_path(d.path), d.code, key)
            if used[k] < self.counts.get(k, 0):
                used[k] += 1
            else:
                kept.append(d)
        dropped = len(result.diagnostics) - len(kept)
        result.diagnostics = kept
        return dropped


class BaselineRecorder:
    """Collects the baseline entries of a run one result at a time (a tuple of short strings
    per finding, not the results), then writes them sorted, streamed to the file."""

    def __init__(self) -> None:
        #: (path, line, code, key, message) per finding.
        self.findings: list[tuple[str, int, str, str, str]] = []

    def add(self, result: LintResult) -> None:
        path = None
        for d, key in keyed(result):
            path = path or normalise_path(d.path)  # one string per file, shared by its findings
            self.findings.append((path, d.line, d.code, key, d.message))

    def save(self, path: Path) -> int:
        """Write the baseline file (what ``json.dump(…, indent=2)`` gives, item by item)."""
        from notelint.formatters._stream import JsonArrayWriter

        self.findings.sort(key=lambda f: (f[0], f[1], f[2], f[3]))
        header = {
            "tool": "notelint",
            "version": FORMAT_VERSION,
            "comment": "Findings accepted as of this baseline; `notelint --baseline FILE` reports only "
            "findings not listed here. `line` is informational; matching uses `key`.",
        }
        with path.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(header, indent=2, ensure_ascii=False)[: -len("\n}")])
            fh.write(',\n  "findings": ')
            array = JsonArrayWriter(fh, depth=1)
            for file, line, code, key, message in self.findings:
                array.add({"path": file, "code": code, "key": key, "line": line, "message": message})
            array.close()
            fh.write("\n}\n")
        return len(self.findings)
