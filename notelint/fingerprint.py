"""Fingerprints of what a run's code and installed libraries are, without importing them.

Standard library only: the warm start (``warm_start.py``) keys its records by them before
anything else loads, and the results cache (``cache.py``) keys its entries by them too.
"""

from __future__ import annotations

import hashlib
import os
import sys


def code_fingerprint(root: str | None = None) -> str:
    """Sizes and modification times of notelint's own modules and data files (one walk, no reads):
    any change to the code, the rules, the math checker or the vocabularies changes it."""
    root = root or os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml", ".json", ".txt")):
                try:
                    st = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


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
