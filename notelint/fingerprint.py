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
