"""Compiled regular expressions kept between runs of the command line.

A cold run compiles about 330 regular expressions (notelint's own and markdown-it-py's) before
it reads a note: about a sixth of its start-up. ``re`` caches compiled patterns only within a
process, so the console entry point (:mod:`notelint.warm_start`) calls :func:`install` first:
``re``'s compiler is wrapped so that a pattern compiled by an earlier run is rebuilt from its
stored program (``_sre.compile``) instead of being parsed and compiled again. Each stored
program was checked, when stored, to give a pattern equal to what ``re`` itself compiles
(``Pattern.__eq__`` compares the program), and the file is named by the interpreter's cache
tag and ``_sre.MAGIC``, so another Python never reads it. Anything unexpected — another
implementation, a changed ``re`` internals layout, an unreadable file — leaves ``re`` as it is.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from typing import Any

#: programs stored per run at most (a run may build patterns from its notes' text)
LIMIT = 4000

_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")
#: (pattern, flags) → (flags of the result, program, groups - 1, groupindex, indexgroup)
_stored: dict[tuple[str, int], tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]] = {}
#: the patterns this run compiled or rebuilt: what the next run is written (so stale patterns of
#: older code and one-off ones built from a note's text do not accumulate)
_used: set[tuple[str, int]] = set()
_added = False
_original: Any = None


def _path(magic: int) -> str:
    return os.path.join(_FOLDER, f"regex.{sys.implementation.cache_tag}.{magic}.marshal")


def install() -> None:
    """Wrap ``re``'s compiler with the stored programs (once per process; CPython only)."""
    global _original
    if (
        _original is not None
        or sys.implementation.name != "cpython"
        or os.environ.get("NOTELINT_NO_REGEX_CACHE")
    ):
        return
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:
        return
    if not all(
        callable(getattr(m, n, None))
        for m, n in ((_compiler, "compile"), (_compiler, "_code"), (_parser, "parse"))
    ):
        return
    try:
        with open(_path(_sre.MAGIC), "rb") as fh:
            loaded = marshal.loads(fh.read())
        if isinstance(loaded, dict):
            _stored.update(loaded)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    _original = _compiler.compile

    def compile_stored(p: Any, flags: int = 0) -> Any:
        global _added
        if not isinstance(p, str) or flags & re.DEBUG:
            return _original(p, flags)
        known = _stored.get((p, int(flags)))
        if known is not None:
            _used.add((p, int(flags)))
            final, code, groups, groupindex, indexgroup = known
            return _sre.compile(p, final, code, groups, groupindex, indexgroup)
        fresh = _original(p, flags)  # raises re.error for a bad pattern, as before
        if len(_used) < LIMIT:
            # what _compiler.compile does, kept only when it gives the same pattern
            parsed = _parser.parse(p, flags)
            program = [int(c) for c in _compiler._code(parsed, flags)]  # plain ints: marshal
            names = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
            by_index: list[str | None] = [None] * parsed.state.groups
            for name, index in names.items():
                by_index[index] = name
            entry = (
                int(flags | parsed.state.flags),
                program,
                int(parsed.state.groups) - 1,
                names,
                tuple(by_index),
            )
            if _sre.compile(p, *entry) == fresh:
                _stored[(p, int(flags))] = entry
                _used.add((p, int(flags)))
                _added = True
        return fresh

    _compiler.compile = compile_stored
    import atexit

    atexit.register(_save, _sre.MAGIC)


def _save(magic: int) -> None:
    """Write the programs for the next run when this one compiled new ones (not under
    PYTHONDONTWRITEBYTECODE; silently not when the folder is read-only)."""
    if not _added or sys.dont_write_bytecode:
        return
    path = _path(magic)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(_FOLDER, exist_ok=True)
        with open(temporary, "wb") as fh:
            fh.write(marshal.dumps({key: _stored[key] for key in _used}))
        os.replace(temporary, path)  # atomic: a concurrent run reads the old file or the new
    except (OSError, ValueError):
        try:
            os.unlink(temporary)
        except OSError:
            pass
