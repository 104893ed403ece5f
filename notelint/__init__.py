"""notelint: a static-analysis linter for Markdown notes on machine-learning mathematics."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    # pluggy is imported on first use of ``hookimpl``, so a warm run answered from the
    # cache (which loads no plugin) never pays for it.
    if name == "hookimpl":
        import pluggy

        marker = pluggy.HookimplMarker("notelint")
        globals()["hookimpl"] = marker
        return marker
    raise AttributeError(f"module 'notelint' has no attribute {name!r}")
