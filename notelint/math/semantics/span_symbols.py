"""What the symbol layer reads of one math span, from its model (built once): its atoms, its
symbol occurrences, and its relation chains as atom lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.math.reading.atoms import Atom
from notelint.math.reading.model import MATH_MODEL
from notelint.math.semantics.occurrences import Extraction, Occurrence
from notelint.note import MathSpan

if TYPE_CHECKING:
    pass


def span_lines(m: MathSpan) -> list[list[Atom]]:
    """The relation chains of a span (rows of environments, ``\\quad``/``\\text`` pieces, and
    ``a = …, b = …`` split at the comma), as atom lists, from its math model."""
    return [chain.atoms for chain in m.facet(MATH_MODEL).chains if chain.atoms]


def math_atoms(m: MathSpan) -> list[Atom]:
    """The atoms of a math span (its model's, built once)."""
    return m.facet(MATH_MODEL).atoms


def extraction(m: MathSpan) -> Extraction:
    """The symbol occurrences of a math span (offsets into ``m.latex``), from its model."""
    model = m.facet(MATH_MODEL)
    return Extraction(model.occurrences, set(model.bound))


def occurrences(m: MathSpan) -> list[Occurrence]:
    return extraction(m).occurrences
