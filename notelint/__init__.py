"""notelint: a static-analysis linter for Markdown notes on machine-learning mathematics."""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

#: Marker for plugin hook implementations; third-party plugins import it from here.
hookimpl = pluggy.HookimplMarker("notelint")

__all__ = ["__version__", "hookimpl"]
