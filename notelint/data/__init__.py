"""Data files shipped with notelint (word lists, the section template)."""

from __future__ import annotations

import functools
import os
import tomllib
from typing import Any

#: The files sit beside this module in every install notelint supports (a wheel or a source
#: tree); opening them directly spares importlib.resources' imports (zipfile …) on every run.
FOLDER = os.path.dirname(os.path.abspath(__file__))


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Load ``notelint/data/<name>.toml``."""
    with open(os.path.join(FOLDER, f"{name}.toml"), "rb") as fh:
        return tomllib.load(fh)
