"""The results cache: per-file diagnostics keyed by content, configuration and version (ruff's cache).

Layout: ``<cache-dir>/v1/<2 hex>/<62 hex>.json``, one entry per (path, settings). The entry's
name is a hash of everything that decides a file's diagnostics except its content: the path,
the effective configuration, the notelint version, a fingerprint of notelint's own code and
data files (so an editable install never serves stale results), and the rules and plugin
distributions that are loaded. The entry records the SHA-256 of the file's bytes; a hit needs
the same digest. So an edited file overwrites its own entry and the cache does not grow with
every edit.

Entries are JSON, never pickle (a cache folder committed to a repository must not be able to
run code). Writes go to a temporary file in the same folder and are renamed into place with
``os.replace``, so concurrent runs and interrupted runs never leave a half-written entry;
a reader that still finds a damaged entry treats it as a miss. Any OSError while writing
(read-only folder, disk full) turns the cache off for the rest of the run with one warning;
the lint itself is never affected.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.fingerprint import FolderSignals
    from notelint.result import LintResult

FORMAT_VERSION = "v1"
DEFAULT_DIR = ".notelint_cache"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by notelint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def file_digest(data: bytes) -> str:
    from notelint.fingerprint import sha256_hex  # hashlib on first use (a --no-cache run needs none)

    return sha256_hex(data)


def _scan_plugins() -> list[str]:
    """``name==version`` of every distribution declaring a ``notelint`` entry point."""
    from notelint.fingerprint import entry_points_may_exist

    if not entry_points_may_exist("notelint"):
        return []
    from importlib.metadata import entry_points

    found = set()
    for ep in entry_points(group="notelint"):  # notelint.plugins.ENTRY_POINT_GROUP
        dist = ep.dist
        found.add(f"{dist.name}=={dist.version}" if dist is not None else f"?:{ep.value}")
    return sorted(found)


def plugin_fingerprint(directory: Path | None) -> str:
    """The installed plugin distributions with their versions, without importing any plugin.

    Scanning the installed distributions' metadata costs more than a whole warm run, so the
    answer is remembered in the cache folder next to the import path's folder stamps, and
    scanned again only when one of those folders changed.
    """
    from notelint.fingerprint import path_stamp

    stamp = path_stamp()
    memo = None if directory is None else directory / FORMAT_VERSION / "plugins.memo"
    if memo is not None:
        try:
            with open(memo, "rb") as fh:
                remembered = json.loads(fh.read())
            if remembered.get("stamp") == stamp and isinstance(remembered.get("plugins"), list):
                return json.dumps(remembered["plugins"])
        except (OSError, ValueError, AttributeError):
            pass
    plugins = _scan_plugins()
    if memo is not None:
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(memo, json.dumps({"stamp": stamp, "plugins": plugins}).encode())
        except OSError:
            pass  # the cache is best effort; Cache.put reports a folder it cannot write
    return json.dumps(plugins)


def _config_fingerprint(config: Config) -> str:
    return json.dumps(
        [sorted(config.values.items()), str(config.root), str(config.source)], sort_keys=True, default=repr
    )


@dataclass
class Cache:
    """One run's view of the cache folder; picklable, so worker processes get a copy."""

    directory: Path
    #: The first problem met (the cache is then off); reported once by the caller.
    warning: str | None = None
    _base: str | None = field(default=None, repr=False)
    _by_config: dict[int, tuple[Config, str]] = field(default_factory=dict, repr=False)
    _prepared: bool = field(default=False, repr=False)
    #: Each folder's renderer files for this run (``fingerprint.surroundings``).
    _folders: dict[str, FolderSignals] = field(default_factory=dict, repr=False)

    @property
    def enabled(self) -> bool:
        return self.warning is None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_by_config"] = {}
        state["_folders"] = {}
        return state

    # -- keys ------------------------------------------------------------------------------
    def _settings(self, config: Config) -> str:
        cached = self._by_config.get(id(config))
        if cached is not None and cached[0] is config:
            return cached[1]
        if self._base is None:
            from notelint import __version__
            from notelint.fingerprint import code_fingerprint

            self._base = file_digest(
                f"{FORMAT_VERSION}\0{__version__}\0{code_fingerprint()}\0"
                f"{plugin_fingerprint(self.directory)}".encode()
            )
        settings = file_digest(f"{self._base}\0{_config_fingerprint(config)}".encode())
        self._by_config[id(config)] = (config, settings)
        return settings

    def entry_path(self, path: str, config: Config) -> Path:
        from notelint.fingerprint import surroundings

        # Dialect detection reads the folders around the note (mkdocs.yml, _config.yml …).
        around = json.dumps(surroundings(path, self._folders))
        # The path as spelled matters only to per-file globs (matched against it when the note
        # is outside the configuration's folder): without them, ``../notes/a.md`` and
        # ``/abs/notes/a.md`` share one entry (results carry the path they are asked for).
        per_file = config.get("per-file-ignores") or config.get("markdown.per-file-dialect")
        spelled = path if per_file else ""
        name = file_digest(f"{self._settings(config)}\0{os.path.abspath(path)}\0{spelled}\0{around}".encode())
        return self.directory / FORMAT_VERSION / name[:2] / f"{name[2:]}.json"

    # -- reading ---------------------------------------------------------------------------
    def get(self, path: str, config: Config, digest: str) -> LintResult | None:
        """The cached result for ``path`` if its content still hashes to ``digest``."""
        if not self.enabled:
            return None
        try:
            with open(self.entry_path(path, config), "rb") as fh:
                entry = json.loads(fh.read())
            if entry.get("digest") != digest:
                return None
            return _decode(path, entry)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None  # missing, unreadable or damaged: a miss, never an error

    def lookup(self, path: str, config: Config) -> tuple[LintResult | None, str | None]:
        """Read and hash ``path``; its cached result (with its text) if there is one, and the digest."""
        if not self.enabled:
            return None, None
        try:
            limit = config.get("max-file-size")
            if limit and os.path.getsize(path) > limit:
                return None, None
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None, None  # the linting side reports it (NL002)
        digest = file_digest(data)
        hit = self.get(path, config, digest)
        if hit is None:
            return None, digest
        try:
            hit.text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None, digest
        return hit, digest

    # -- writing ---------------------------------------------------------------------------
    def put(self, path: str, config: Config, digest: str, result: LintResult) -> None:
        if not self.enabled or result.internal_error:
            return
        try:
            payload = json.dumps(_encode(digest, result), separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError):
            return  # a plugin put something unserialisable in data/stats: just don't cache it
        target = self.entry_path(path, config)
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, payload.encode("utf-8"))
        except OSError as exc:
            self.warning = (
                f"cannot write the cache in {self.directory}: {exc.strerror or exc}; continuing without it"
            )

    def _prepare(self) -> None:
        """Create the folder with a CACHEDIR.TAG and a .gitignore (so it is never committed)."""
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# Created by notelint.\n*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.directory / name
            if not marker.exists():
                _write_atomically(marker, text.encode())
        self._prepared = True


#: How a temporary file's descriptor is opened (tests swap in a full disk).
_open_fd = os.fdopen


def _write_atomically(target: Path, data: bytes) -> None:
    import tempfile  # only when writing: a warm run reads

    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with _open_fd(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _encode(digest: str, result: LintResult) -> dict[str, Any]:
    diagnostics = []
    for d in result.diagnostics:
        fix = None if d.fix is None else [d.fix.title, [[e.start, e.end, e.replacement] for e in d.fix.edits]]
        diagnostics.append(
            [
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.code,
                d.name,
                int(d.severity),
                d.message,
                d.start,
                d.end,
                fix,
                d.data,
            ]
        )
    return {"digest": digest, "diagnostics": diagnostics, "stats": result.stats}


def _decode(path: str, entry: dict[str, Any]) -> LintResult:
    from notelint.diagnostic import Diagnostic, Edit, Fix, Severity
    from notelint.result import LintResult

    diagnostics = []
    for line, column, end_line, end_column, code, name, severity, message, start, end, fix, data in entry[
        "diagnostics"
    ]:
        fix_obj = None
        if fix is not None:
            fix_obj = Fix(tuple(Edit(s, e, r) for s, e, r in fix[1]), fix[0])
        diagnostics.append(
            Diagnostic(
                path,
                line,
                column,
                end_line,
                end_column,
                code,
                name,
                Severity(severity),
                message,
                fix_obj,
                start,
                end,
                data,
            )
        )
    stats = entry.get("stats") or {}
    if not isinstance(stats, dict):
        raise TypeError("stats")
    return LintResult(path, diagnostics, None, None, False, stats)


def cache_for(config: Config, no_cache: bool = False) -> Cache | None:
    """The cache a run uses (``cache-dir`` relative to the config file's folder), or None."""
    if no_cache or os.environ.get("NOTELINT_NO_CACHE") or not config.get("cache"):
        return None
    directory = Path(config.get("cache-dir"))
    if not directory.is_absolute():
        directory = config.root / directory
    return Cache(directory)


def clear(directory: Path) -> bool:
    """Remove a cache folder; only one that notelint made (our CACHEDIR.TAG, or only our entries)."""
    import shutil

    ours = {FORMAT_VERSION, "math", ".gitignore", "CACHEDIR.TAG"}  # math: the verdict cache (NL5)
    if not (directory / "CACHEDIR.TAG").is_file() and not set(os.listdir(directory)) <= ours:
        return False
    shutil.rmtree(directory)
    return True
