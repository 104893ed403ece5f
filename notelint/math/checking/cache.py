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

#: where a verdict is computed: the CAS worker, and the parent's reading of LaTeX into the trees
#: the worker receives
VERDICT_ROOTS = ("math/cas/worker.py", "math/reading/wire.py")
#: ``from notelint.x import a, b as c`` (parenthesised over lines too) and ``import notelint.x``:
#: read in Python source, not in note text
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(notelint(?:\.\w+)*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w, \t]+))"
    r"|import[ \t]+(notelint(?:\.\w+)*))",
    re.M,
)


def verdict_modules(package: Path) -> list[Path]:
    """The source files a verdict depends on: :data:`VERDICT_ROOTS` and every notelint module
    they import, directly or not (imports inside functions too), with their packages'
    ``__init__.py``. A change to the rest of notelint (the rules, the glossary, how claims are
    classified) changes which jobs are asked, never the verdict of a job, so it keeps the cache."""
    seen: set[Path] = set()
    todo = [package / root for root in VERDICT_ROOTS]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        for m in _IMPORT.finditer(path.read_text(encoding="utf-8")):
            module = m.group(1) or m.group(4)
            imported = m.group(2) or m.group(3) or ""
            names = [n.split()[0] for n in imported.split(",") if n.split()]
            parts = module.split(".")[1:]
            base = package.joinpath(*parts)
            for i in range(len(parts) + 1):  # the packages on the way: their __init__ runs
                todo.append(package.joinpath(*parts[:i], "__init__.py"))
            todo.append(base.with_suffix(".py"))
            for name in names:  # from notelint.x import module (or subpackage)
                todo += [base / f"{name}.py", base / name / "__init__.py"]
    return sorted(seen)


def _code_fingerprint() -> str:
    """Hash of the code that computes verdicts (:func:`verdict_modules`) and of the data files:
    a changed translator or verifier invalidates the cache."""
    h = hashlib.sha256()
    package = Path(__file__).parent.parent.parent
    for path in [*verdict_modules(package), *sorted((package / "data").glob("*.toml"))]:
        try:
            h.update(str(path.relative_to(package)).encode() + path.read_bytes())
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
        "pi": getattr(ctx, "pi", True),
        "pi_number": getattr(ctx, "pi_number", False),
        "ncdf": getattr(ctx, "normal_cdf", False),
        "laws": sorted(getattr(ctx, "distributions", {}).items()),
        "m": list(getattr(ctx, "macros", ())),
        "maps": list(getattr(ctx, "maps", ())),
        "cs": [list(c) for c in getattr(ctx, "case_sizes", ())],
        "ib": [list(b) for b in getattr(ctx, "index_bounds", ())],
        "a": sorted(repr(a) for a in getattr(job, "assumptions", ())),
        "g": getattr(job, "general", False),
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
