"""``notelint --watch PATH…``: lint once, then re-lint each note whose file changes.

Polls modification times and sizes (no extra dependency); new notes under a watched folder
are picked up, deleted ones are forgotten. Each round prints the findings of the changed
files in the chosen output format. Ctrl-C stops it with exit status 0.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from notelint.baseline import Baseline
    from notelint.config import ConfigResolver
    from notelint.formatters.base import Formatter

POLL_SECONDS = 0.25


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _snapshot(paths: Sequence[str], resolver: ConfigResolver) -> dict[str, tuple[int, int] | None]:
    from notelint.discover import discover

    root = resolver.for_path(None if resolver.isolated else "./x")
    return {p: _stamp(p) for p in discover(paths, root.is_excluded)}


def lint_round(
    files: Sequence[str],
    resolver: ConfigResolver,
    make_formatter: Callable[[TextIO], Formatter],
    out: TextIO,
    baseline: Baseline | None = None,
) -> None:
    from notelint.engine import lint_file

    formatter = make_formatter(out)
    for path in files:
        result = lint_file(path, resolver.for_path(path))
        if baseline is not None:
            baseline.filter(result)
        formatter.handle(result)
    formatter.finish()
    out.flush()


def watch(
    paths: Sequence[str],
    resolver: ConfigResolver,
    make_formatter: Callable[[TextIO], Formatter],
    out: TextIO,
    err: TextIO,
    baseline: Baseline | None = None,
    poll: float = POLL_SECONDS,
    rounds: int | None = None,
) -> int:
    """Run until interrupted (or ``rounds`` polls, for tests); returns the exit status."""
    try:
        seen = _snapshot(paths, resolver)
        lint_round(sorted(seen), resolver, make_formatter, out, baseline)
        err.write(
            f"notelint: watching {len(seen)} note{'s' if len(seen) != 1 else ''} for changes "
            "(Ctrl-C to stop)\n"
        )
        err.flush()
        done = 0
        while rounds is None or done < rounds:
            time.sleep(poll)
            done += 1
            now = _snapshot(paths, resolver)
            changed = sorted(p for p, stamp in now.items() if seen.get(p) != stamp and stamp is not None)
            seen = now
            if changed:
                err.write(f"[{time.strftime('%H:%M:%S')}] {len(changed)} changed: {', '.join(changed)}\n")
                err.flush()
                lint_round(changed, resolver, make_formatter, out, baseline)
    except KeyboardInterrupt:
        err.write("notelint: stopped watching\n")
    return 0
