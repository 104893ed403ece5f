"""``notelint --watch PATH…``: lint once, then lint again whenever a note or the configuration changes.

Polls modification times, sizes and inodes (no extra dependency). Each round reports every
note (the ones that did not change are answered from memory), so the summary line always
covers the whole set, as a one-off run would. New notes under a watched folder are picked
up, deleted ones are forgotten. A change to a configuration file (or a new one) is read
again and everything is re-linted; a configuration that became invalid is reported once and
the previous one stays in force until it is corrected. Ctrl-C stops it with exit status 0.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from notelint.baseline import Baseline
    from notelint.config import ConfigResolver
    from notelint.formatters.base import Formatter
    from notelint.result import LintResult

POLL_SECONDS = 0.25
Stamp = tuple[int, int, int]


def _stamp(path: str | Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _config_files(paths: Sequence[str], explicit: Path | None) -> list[Path]:
    """Every file that could configure this run: the explicit one, else each config-file name
    in the current folder, the watched folders and their parents (a new file counts too)."""
    from notelint.config import CONFIG_FILES

    if explicit is not None:
        return [explicit]
    folders: set[Path] = set()
    for start in [Path.cwd(), *(Path(p).resolve() for p in paths)]:
        folder = start if start.is_dir() else start.parent
        folders.update([folder, *folder.parents])
    return sorted(folder / name for folder in folders for name in CONFIG_FILES)


class Watcher:
    """One watch session: what was seen, the last result of each note, the resolver in force."""

    def __init__(
        self,
        paths: Sequence[str],
        make_resolver: Callable[[], ConfigResolver],
        make_formatter: Callable[[TextIO], Formatter],
        out: TextIO,
        err: TextIO,
        baseline: Baseline | None = None,
        force_exclude: bool = False,
        config_file: Path | None = None,
    ) -> None:
        self.paths = paths
        self.make_resolver = make_resolver
        self.make_formatter = make_formatter
        self.out = out
        self.err = err
        self.baseline = baseline
        self.force_exclude = force_exclude
        self.config_files = _config_files(paths, config_file)
        self.resolver = make_resolver()
        self.config_stamps = self._config_stamps()
        self.stamps: dict[str, Stamp | None] = {}
        self.results: dict[str, LintResult] = {}

    def _config_stamps(self) -> dict[Path, Stamp | None]:
        return {path: _stamp(path) for path in self.config_files}

    def _files(self) -> dict[str, Stamp | None]:
        from notelint.discover import files_for, forget_gitignores

        forget_gitignores()
        return {p: _stamp(p) for p in files_for(self.paths, self.resolver, self.force_exclude)}

    def _lint(self, path: str) -> LintResult:
        from notelint.engine import lint_file
        from notelint.runner import mark_unfixable

        config = self.resolver.for_path(path)
        result = lint_file(path, config)
        mark_unfixable(result, config, path)
        result.note = None
        if self.baseline is not None:
            self.baseline.filter(result)
        return result

    def _report(self) -> None:
        formatter = self.make_formatter(self.out)
        for path in sorted(self.results):
            formatter.handle(self.results[path])
        formatter.finish()
        self.out.flush()

    def _reload_config(self) -> bool:
        """Read the configuration again after a change; False (and a message) when it is invalid."""
        from notelint.config import ConfigError, find_config_file

        find_config_file.cache_clear()
        try:
            resolver = self.make_resolver()
            for path in self.stamps or [None]:
                resolver.for_path(path)  # load every config file now, so an error shows here
        except ConfigError as exc:
            self.err.write(f"notelint: error: {exc}; keeping the previous configuration\n")
            self.err.flush()
            return False
        self.resolver = resolver
        return True

    def start(self) -> None:
        self.stamps = self._files()
        self.results = {path: self._lint(path) for path in sorted(self.stamps)}
        self._report()
        count = len(self.stamps)
        self.err.write(
            f"notelint: watching {count} note{'s' if count != 1 else ''} for changes (Ctrl-C to stop)\n"
        )
        self.err.flush()

    def poll(self) -> bool:
        """Look once; re-lint and report when something changed. True when it reported."""
        config_stamps = self._config_stamps()
        config_changed = config_stamps != self.config_stamps
        self.config_stamps = config_stamps
        if config_changed and self._reload_config():
            self.err.write(f"[{time.strftime('%H:%M:%S')}] configuration changed: linting every note again\n")
            now = self._files()
            self.stamps = now
            self.results = {path: self._lint(path) for path in sorted(now)}
            self._report()
            return True
        now = self._files()
        changed = sorted(p for p, stamp in now.items() if self.stamps.get(p) != stamp and stamp is not None)
        removed = [p for p in self.stamps if p not in now]
        self.stamps = now
        for path in removed:
            self.results.pop(path, None)
        if not changed and not removed:
            return False
        what = [f"{len(changed)} changed: {', '.join(changed)}"] if changed else []
        if removed:
            what.append(f"{len(removed)} removed: {', '.join(sorted(removed))}")
        self.err.write(f"[{time.strftime('%H:%M:%S')}] {'; '.join(what)}\n")
        self.err.flush()
        for path in changed:
            self.results[path] = self._lint(path)
        self._report()
        return True


def watch(
    paths: Sequence[str],
    make_resolver: Callable[[], ConfigResolver],
    make_formatter: Callable[[TextIO], Formatter],
    out: TextIO,
    err: TextIO,
    baseline: Baseline | None = None,
    poll: float = POLL_SECONDS,
    rounds: int | None = None,
    force_exclude: bool = False,
    config_file: Path | None = None,
    sleep: Callable[[float], Any] = time.sleep,
) -> int:
    """Run until interrupted (or ``rounds`` polls, for tests); returns the exit status.

    ``sleep`` is called between polls (tests pass one that edits files, so nothing races)."""
    watcher = Watcher(paths, make_resolver, make_formatter, out, err, baseline, force_exclude, config_file)
    try:
        watcher.start()
        done = 0
        while rounds is None or done < rounds:
            sleep(poll)
            done += 1
            watcher.poll()
    except KeyboardInterrupt:
        err.write("notelint: stopped watching\n")
    return 0
