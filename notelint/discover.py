"""Which files to lint: the paths given, with folders walked for Markdown notes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Folders never walked into (they hold tooling, not notes).
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".notelint_cache",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        "site-packages",
    }
)


def discover(paths: Sequence[str], excluded: Callable[[str], bool]) -> Iterator[str]:
    """Yield files in a deterministic order: explicit files as given, folders walked sorted.

    An explicitly named file is linted whatever its suffix and exclusions (as ruff does);
    inside folders only ``*.md``/``*.markdown`` files count, and symlinked folders are not
    followed (so a symlink loop cannot trap the walk).
    """
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if d not in SKIP_DIRS and not d.startswith(".") and not excluded(os.path.join(root, d))
                )
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if name.lower().endswith(MARKDOWN_SUFFIXES) and not excluded(full) and full not in seen:
                        seen.add(full)
                        yield full
        elif path not in seen:
            seen.add(path)
            yield path
