"""The built-in formats' ``notelint_formatters`` hook (registered like a third-party plugin)."""

from __future__ import annotations

from notelint import hookimpl
from notelint.formatters import BUILTIN, builtin
from notelint.formatters.base import Formatter


@hookimpl
def notelint_formatters() -> dict[str, type[Formatter]]:
    return {name: builtin(name) for name in BUILTIN}
