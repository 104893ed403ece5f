"""Built-in output formats, contributed through the ``notelint_formatters`` hook."""

from __future__ import annotations

from notelint import hookimpl


@hookimpl
def notelint_formatters() -> dict[str, type]:
    return {}
