"""Parsing: Markdown (markdown-it-py) and LaTeX (pylatexenc) into the Note model."""

from notelint.parse.note import parse_note

__all__ = ["parse_note"]
