"""The dimensional checks a note states in 4.C (Intermediate Checks): the ``DIMENSION_CLAIMS`` facet.

Two forms are read, outside the passages quoting a (LECTURER CLAIM):

- ``member``: ``$X^\\top y \\in \\mathbb{R}^{d}$`` (chains and lists split, one claim per ``\\in``);
- ``stated``: ``$X^\\top X$ is $d \\times d$``, ``$\\nabla_w J$ has shape $d \\times 1$`` (a math
  span, a linking word, and a second span stating the shape).

A product of shapes written out (``$(d \\times n)(n \\times 1) = d \\times 1$``) is a check of
its own; NL505 reads it from ``spans``. Whether a claim holds is NL505's business: this
module only says what is claimed, where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.math.reading.atoms import Atom, is_relation
from notelint.math.semantics.span_symbols import math_atoms
from notelint.note import Facet
from notelint.parse.passages import LECTURER_PASSAGES

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note

_SEPARATORS = ("quad", "qquad", "text", "textrm", "mbox", "\\", "tag", "label", "implies", "Rightarrow")
#: What may stand between an expression and the span stating its shape: "is", "has shape"…
_LINKING = re.compile(
    r"^\s*(?:is|has|:|—|–|-|→|gives|yields)?\s*(?:an?\s+|the\s+)?"
    r"(?P<size>(?:shape|size|dimensions?|dimensionality|length|order)\s*(?:of\s+)?)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DimensionClaim:
    """One stated shape: ``expression`` is claimed to have the shape written by ``claimed``."""

    #: "member" (``e \\in \\mathbb{R}^{…}``) or "stated" (``$e$ is $d \\times d$``).
    form: str
    #: The span holding the expression (atoms' offsets are into its ``latex``).
    math: MathSpan
    expression: list[Atom]
    #: "member": the set's atoms, in ``math``; "stated": every atom of ``claimed_math``.
    claimed: list[Atom]
    claimed_math: MathSpan
    #: "stated": a word says it is a size ("has shape", "dimension"), not just "is".
    names_size: bool = False


@dataclass(frozen=True)
class DimensionClaims:
    #: The math spans of 4.C outside quoted lecturer claims, in file order.
    spans: list[MathSpan]
    claims: list[DimensionClaim] = field(default_factory=list)


def membership_claims(atoms: list[Atom]) -> list[tuple[list[Atom], list[Atom]]]:
    """``EXPR \\in SET`` pairs of a math span (chains and lists split)."""
    flat: list[Atom] = []
    for a in atoms:
        if a.kind == "env":
            flat.extend(a.inner)
            flat.append(Atom(a.tok.__class__("macro", "\\", a.end, a.end)))
        elif not a.is_op("&"):
            flat.append(a)
    out = []
    depth = 0
    start = 0
    for k, a in enumerate(flat):
        if a.is_op("(", "[") or a.is_macro("{", "langle"):
            depth += 1
        elif a.is_op(")", "]") or a.is_macro("}", "rangle"):
            depth -= 1
        if depth > 0:
            continue
        if a.is_macro("in"):
            lhs = flat[start:k]
            rhs = []
            d = 0
            for b in flat[k + 1 :]:
                if b.is_op("(", "[") or b.is_macro("{"):
                    d += 1
                elif b.is_op(")", "]") or b.is_macro("}"):
                    d -= 1
                if (
                    d <= 0
                    and (b.is_op(",", ";", ".") or is_relation(b) or b.is_macro(*_SEPARATORS))
                    and not b.is_op(")", "]")
                    and not b.is_macro("}")
                ):
                    break
                rhs.append(b)
            if lhs and rhs:
                out.append((lhs, rhs))
            start = k + 1
        elif is_relation(a) or a.is_op(",", ";") or a.is_macro(*_SEPARATORS):
            start = k + 1
    return out


def dimension_claims(note: Note) -> DimensionClaims:
    section = note.sections.get("4.C")
    if section is None:
        return DimensionClaims([])
    quoted = note.facet(LECTURER_PASSAGES)
    spans = [m for m in note.math_in(section.body) if not any(c.start <= m.start < c.end for c in quoted)]
    claims: list[DimensionClaim] = []
    for k, m in enumerate(spans):
        if k + 1 < len(spans):
            nxt = spans[k + 1]
            word = _LINKING.match(note.text[m.end : nxt.start])
            if word:
                claims.append(
                    DimensionClaim("stated", m, math_atoms(m), math_atoms(nxt), nxt, bool(word.group("size")))
                )
        for lhs, rhs in membership_claims(math_atoms(m)):
            claims.append(DimensionClaim("member", m, lhs, rhs, m))
    return DimensionClaims(spans, claims)


DIMENSION_CLAIMS: Facet[DimensionClaims] = Facet(
    "dimension-claims",
    dimension_claims,
    "The math of 4.C outside quoted lecturer claims, and the shapes it states (membership and prose).",
)
