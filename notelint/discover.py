"""Which files to lint: the paths given, with folders walked for Markdown notes.

A folder walk skips tooling folders, hidden folders, paths matched by the ``exclude``
setting and paths ignored by ``.gitignore`` files (``respect-gitignore``). A file named on
the command line is linted whatever its suffix and exclusions (as ruff does), unless
``--force-exclude`` asks for the walk's exclusions to apply to it too (the pre-commit hook
does, since pre-commit names every staged file); the language server applies them always.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from notelint.config import Config, ConfigResolver

#: Markdown and the dialects read as Markdown (MDX, Quarto, R Markdown); compared lower-cased.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx", ".qmd", ".rmd")
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


@functools.lru_cache(maxsize=1024)
def _gitignore_in(folder: str) -> GitIgnoreSpec | None:
    """The patterns of ``folder/.gitignore`` (None when there is none or it cannot be read)."""
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)


@functools.lru_cache(maxsize=1024)
def _repository_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` that holds ``.git``."""
    current = folder
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _gitignore_folders(folder: str) -> list[str]:
    """Folders whose .gitignore applies to entries of ``folder``, deepest first: ``folder``
    and its ancestors up to the repository root (only ``folder`` outside a repository)."""
    root = _repository_root(folder)
    out = [folder]
    if root is None:
        return out
    current = folder
    while current != root:
        current = os.path.dirname(current)
        out.append(current)
    return out


def gitignored(path: str, is_dir: bool = False) -> bool:
    """Whether git would ignore ``path`` by the .gitignore files above it (the deepest
    file that matches decides, so a nested ``!pattern`` re-includes)."""
    full = os.path.abspath(path)
    folder = os.path.dirname(full)
    # A folder ignored as a whole hides everything below it, whatever the deeper files say.
    root = _repository_root(folder) or folder
    parent = folder
    while parent != root and len(parent) > len(root):
        if _ignored_here(parent, True):
            return True
        parent = os.path.dirname(parent)
    return _ignored_here(full, is_dir)


def _ignored_here(full: str, is_dir: bool) -> bool:
    for base in _gitignore_folders(os.path.dirname(full)):
        spec = _gitignore_in(base)
        if spec is None:
            continue
        rel = os.path.relpath(full, base).replace(os.sep, "/") + ("/" if is_dir else "")
        verdict = spec.check_file(rel).include
        if verdict is not None:
            return bool(verdict)
    return False


def forget_gitignores() -> None:
    """Re-read .gitignore files from now on (watch mode, after files changed)."""
    _gitignore_in.cache_clear()
    _repository_root.cache_clear()


def excluded_file(path: str, config: Config, is_dir: bool = False) -> bool:
    """Whether a folder walk would skip this path: ``exclude`` or, with ``respect-gitignore``, git."""
    if config.is_excluded(path):
        return True
    return bool(config.get("respect-gitignore")) and gitignored(path, is_dir)


def discover(
    paths: Sequence[str],
    excluded: Callable[[str], bool],
    respect_gitignore: bool = True,
    force_exclude: Callable[[str, bool], bool] | None = None,
) -> Iterator[str]:
    """Yield files in a deterministic order: explicit files as given, folders walked sorted.

    Inside folders only Markdown files count (``*.md``, ``*.markdown``, ``*.mdx``, ``*.qmd``, ``*.Rmd``), and symlinked folders are not
    followed (so a symlink loop cannot trap the walk). ``force_exclude``, when given, is
    asked about each explicitly named file.
    """
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            if (
                force_exclude is not None
                and path not in (".", "./")
                and force_exclude(path.rstrip("/"), True)
            ):
                continue
            # A folder named explicitly is walked even when git ignores it (as ruff does); the
            # patterns that ignore it would otherwise match every file below it.
            use_gitignore = respect_gitignore and (
                path in (".", "./") or not gitignored(path.rstrip("/"), True)
            )
            for root, dirs, files in os.walk(path):
                ignored_here = _walk_ignores(root) if use_gitignore else None
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if d not in SKIP_DIRS
                    and not d.startswith(".")
                    and not excluded(os.path.join(root, d))
                    and not (ignored_here and ignored_here(os.path.join(root, d), True))
                )
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if (
                        name.lower().endswith(MARKDOWN_SUFFIXES)
                        and not excluded(full)
                        and not (ignored_here and ignored_here(full, False))
                        and full not in seen
                    ):
                        seen.add(full)
                        yield full
        elif path not in seen:
            seen.add(path)
            if force_exclude is not None and force_exclude(path, False):
                continue
            yield path


def _walk_ignores(folder: str) -> Callable[[str, bool], bool] | None:
    """A test for entries of ``folder`` when any .gitignore applies to them, else None (fast path)."""
    full = os.path.abspath(folder)
    if all(_gitignore_in(base) is None for base in _gitignore_folders(full)):
        return None
    return lambda entry, is_dir: _ignored_here(os.path.abspath(entry), is_dir)


def files_for(paths: Sequence[str], resolver: ConfigResolver, force_exclude: bool = False) -> Iterator[str]:
    """The files a run lints, by the settings of the configuration at the current folder."""
    root = resolver.for_path(None if resolver.isolated else "./x")

    def forced(path: str, is_dir: bool) -> bool:
        return excluded_file(path, resolver.for_path(path), is_dir)

    return discover(
        paths, root.is_excluded, bool(root.get("respect-gitignore")), forced if force_exclude else None
    )
