"""Fingerprints of what a run's code and installed libraries are, without importing them.

Standard library only: the warm start (``warm_start.py``) keys its records by them before
anything else loads, and the results cache (``cache.py``) keys its entries by them too.
"""

from __future__ import annotations

import os
import sys


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` in hex. ``hashlib`` is imported on first use: its OpenSSL start-up
    is a few per cent of a cold run, and a run without the results cache hashes nothing."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def code_fingerprint(root: str | None = None) -> str:
    """Sizes and modification times of notelint's own modules and data files (one walk, no reads):
    any change to the code, the rules, the math checker or the vocabularies changes it."""
    lines: list[str] = []
    _stamp_tree(root or os.path.dirname(os.path.abspath(__file__)), lines)
    return sha256_hex("".join(lines).encode())


def _stamp_tree(folder: str, lines: list[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    _stamp_tree(entry.path, lines)
            elif entry.name.endswith((".py", ".toml", ".json", ".txt")):
                st = entry.stat()
                lines.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}\n")
        except OSError:
            continue


def path_stamp() -> list[list[object]]:
    """Modification times of the import path's folders: installing, upgrading or removing a
    distribution (a plugin, SymPy, markdown-it-py …) adds or removes a ``*.dist-info`` folder,
    which changes its folder's mtime."""
    stamp: list[list[object]] = []
    # sys.path[0] is the script's folder or the current one: it holds no installed distribution.
    for entry in sys.path[1:]:
        try:
            stamp.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            stamp.append([entry, None])
    return stamp


def entry_points_may_exist(group: str) -> bool:
    """Whether an installed distribution may declare entry points in ``group``, by a plain scan
    of the ``*.dist-info``/``*.egg-info`` folders on the import path. Importing
    ``importlib.metadata`` (email, zipfile, csv …) costs about a tenth of a cold run, so callers
    ask this first; anything this scan cannot read (a zip on the path, an unusual metadata
    finder, an unreadable file) answers yes and the caller asks ``importlib.metadata``."""
    from importlib.machinery import PathFinder

    if any(getattr(f, "find_distributions", None) is not None and f is not PathFinder for f in sys.meta_path):
        return True
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except NotADirectoryError:
            return True  # a zip or .egg file
        except OSError:
            continue  # a missing folder holds no distribution
        for name in names:
            if name.endswith(".egg"):
                return True
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8") as fh:
                    for line in fh:
                        line = line.strip()
                        if line.startswith("[") and line.strip("[]").strip() == group:
                            return True
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError):
                return True
    return False


#: What Markdown-dialect detection (``parse/dialect.py``: ``_CONFIG_FILES``, ``_REPOSITORY_ROOT``)
#: looks for around a note: renderer configuration files, and the markers where its walk up
#: stops, at most DIALECT_WALK folders up. Repeated here so that no parser loads; a test keeps
#: them equal.
RENDERER_FILES = (
    "_bookdown.yml",
    "_quarto.yml",
    "_quarto.yaml",
    "myst.yml",
    "_toc.yml",
    "conf.py",
    ".obsidian",
    ".gitbook.yaml",
    ".gitbook",
    "docusaurus.config.*",
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "_config.yml",
    "_config.yaml",
    "mkdocs.yml",
)
REPOSITORY_ROOT = (".git", "pyproject.toml", "package.json")
DIALECT_WALK = 8


def surroundings(path: str, memo: dict[str, FolderSignals] | None = None) -> list[list[object]]:
    """What dialect detection sees around the note at ``path``: for each folder its walk visits,
    the renderer files and root markers there (and a Sphinx ``conf.py``'s digest, since its
    text decides). A note's results depend on these as much as on its bytes. ``memo`` keeps
    each folder's answer for one run (many notes share their folders)."""
    if path in ("", "-", "<stdin>", "<untitled>"):
        return []
    folder = os.path.dirname(os.path.realpath(path))
    out: list[list[object]] = []
    for _ in range(DIALECT_WALK):
        signals = memo.get(folder) if memo is not None else None
        if signals is None:
            signals = _folder_signals(folder)
            if memo is not None:
                memo[folder] = signals
        names, conf, stop = signals
        out.append([folder, names, conf])
        parent = os.path.dirname(folder)
        if stop or parent == folder:
            break
        folder = parent
    return out


#: A folder's renderer files and markers, its conf.py digest, and whether the walk stops there.
FolderSignals = tuple[list[str], str | None, bool]


def _folder_signals(folder: str) -> FolderSignals:
    import fnmatch

    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    present = {os.path.normcase(n) for n in names}  # as fnmatch compares (case-blind on Windows)
    found = {p for p in RENDERER_FILES if "*" not in p and os.path.normcase(p) in present}
    for pattern in (p for p in RENDERER_FILES if "*" in p):
        # fnmatch only over names that could match: a folder like /tmp lists thousands
        prefix = pattern.split("*", 1)[0]
        found.update(fnmatch.filter([n for n in present if n.startswith(os.path.normcase(prefix))], pattern))
    conf = None
    if "conf.py" in present:
        try:
            with open(os.path.join(folder, "conf.py"), "rb") as fh:
                conf = sha256_hex(fh.read())
        except OSError:
            conf = "unreadable"
    markers = [m for m in REPOSITORY_ROOT if m in present]
    return sorted(found) + markers, conf, bool(markers)
