"""Data files shipped with notelint (word lists, the section template)."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Load ``notelint/data/<name>.toml``."""
    with resources.files(__name__).joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)
