"""Data files shipped with notelint (word lists, the section template)."""

from __future__ import annotations

import functools
import marshal
import os
import sys
from typing import Any

#: The files sit beside this module in every install notelint supports (a wheel or a source
#: tree); opening them directly spares importlib.resources' imports (zipfile …) on every run.
FOLDER = os.path.dirname(os.path.abspath(__file__))

#: Parsed files are kept beside the byte-code, as marshal data (loading every TOML file with
#: tomllib took about a tenth of a cold run; marshal reads them back in well under a millisecond)
_PARSED = os.path.join(FOLDER, "__pycache__")
_FORMAT = b"notelint-data-1"


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Load ``notelint/data/<name>.toml``."""
    path = os.path.join(FOLDER, f"{name}.toml")
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        # the source's size and modification time name its parse, as a .pyc names its source
        stamp = b"%s %d %d\n" % (_FORMAT, st.st_size, st.st_mtime_ns)
        parsed = os.path.join(_PARSED, f"{name}.{sys.implementation.cache_tag}.marshal")
        try:
            with open(parsed, "rb") as cached:
                blob = cached.read()
            if blob.startswith(stamp):
                value: dict[str, Any] = marshal.loads(blob[len(stamp) :])
                return value
        except (OSError, ValueError, EOFError, TypeError):
            pass
        import tomllib

        value = tomllib.load(fh)
    if not sys.dont_write_bytecode:
        _store(parsed, stamp, value)
    return value


def _store(parsed: str, stamp: bytes, value: dict[str, Any]) -> None:
    """Write the parse for the next run; silently not when the folder is read-only or the data
    holds what marshal cannot (dates)."""
    temporary = f"{parsed}.{os.getpid()}.tmp"
    try:
        blob = stamp + marshal.dumps(value)
        os.makedirs(_PARSED, exist_ok=True)
        with open(temporary, "wb") as fh:
            fh.write(blob)
        os.replace(temporary, parsed)  # atomic: a concurrent run reads the old file or the new
    except (OSError, ValueError):
        try:
            os.unlink(temporary)
        except OSError:
            pass
