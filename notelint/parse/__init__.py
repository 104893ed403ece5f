"""Parsing: Markdown (markdown-it-py) and LaTeX (pylatexenc) into the Note model.

``parse_note`` is loaded on first use, so importing one parser module (``parse.latex``,
``parse.equations``) does not import the Markdown parser and the Note builder with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notelint.parse.note import parse_note

__all__ = ["parse_note"]


def __getattr__(name: str) -> Any:
    if name == "parse_note":
        from notelint.parse.note import parse_note

        return parse_note
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
