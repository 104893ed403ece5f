"""On-disk verdict cache: a second run over unchanged notes does no CAS work.

The key hashes the normalised relation (operator and the whitespace-normalised sides), the
definitions and shapes it depends on, the tolerance, and the notelint version. One small
JSON file per key, written atomically (temporary file + ``os.replace``), so concurrent
linting processes never read a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from notelint import __version__


def _code_fingerprint() -> str:
    """Hash of the checker's own source: a changed translator or verifier invalidates the cache."""
    h = hashlib.sha256()
    math = Path(__file__).parent.parent
    # every module of the math package, in all its subpackages (the translator is split over
    # several, NL506's check is cas/follows.py), and the vocabularies they read
    modules = sorted(math.rglob("*.py"))
    for path in [*modules, *sorted((math.parent / "data").glob("*.toml"))]:
        try:
            h.update(str(path.relative_to(math.parent)).encode() + path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]


_FINGERPRINT = _code_fingerprint()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def key_of(job: Any) -> str:
    ctx = job.context
    payload = {
        "v": __version__,
        "code": _FINGERPRINT,
        "op": getattr(job, "op", "follows"),
        "l": _norm(job.left),
        "r": _norm(job.right),
        "f": sorted((k, list(p), _norm(b)) for k, (p, b) in ctx.functions.items()),
        "d": sorted((k, _norm(b)) for k, b in ctx.values.items()),
        "s": sorted((k, [str(x) for x in s]) for k, s in ctx.shapes.items()),
        "t": getattr(job, "approx_floor", None),
        "log": getattr(ctx, "log", "e"),
        "e": getattr(ctx, "euler", True),
        "laws": sorted(getattr(ctx, "distributions", {}).items()),
        "a": sorted(repr(a) for a in getattr(job, "assumptions", ())),
        # a derivation step (FollowsJob): its premises and the variables it solves for
        "p": [
            [p.label, _norm(p.left), _norm(p.right), p.cited, p.zero] for p in getattr(job, "premises", ())
        ],
        "vars": list(getattr(job, "variables", ())),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class VerdictCache:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.dir = Path(directory)

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, verdict: dict[str, Any]) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(verdict, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only or full disk only costs speed
