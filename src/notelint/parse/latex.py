"""LaTeX parsing with pylatexenc: node trees whose positions are offsets into the math source."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

#: pylatexenc logs every tolerant-parsing recovery; notelint reports problems itself (NL210).
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)


@dataclass
class LatexTree:
    """A parsed math source: pylatexenc nodes (``pos`` are offsets into ``latex``)."""

    latex: str
    nodes: list[Any]
    #: Set when even tolerant parsing gave up; the message says why.
    error: str | None = None


def parse_latex(latex: str) -> LatexTree:
    from pylatexenc.latexwalker import LatexWalker, LatexWalkerError

    walker = LatexWalker(latex, tolerant_parsing=True)
    try:
        nodes, _, _ = walker.get_latex_nodes(pos=0)
    except (LatexWalkerError, RecursionError, IndexError, ValueError) as exc:
        return LatexTree(latex, [], error=str(exc) or type(exc).__name__)
    return LatexTree(latex, list(nodes or []))
