r"""Roots named in words as premises: "the roots $r_1, r_2$ of $r^2+b_1r+b_0$ satisfy
$r_1+r_2=-b_1$" (Vieta's formulas in 4.D, characteristic roots of a recurrence).

The names are no free symbols: each is a root of the polynomial, so a relation between them is
checked as following from ``P(r_1) = 0`` and ``P(r_2) = 0`` (NL506's test, which solves those
for the coefficients: one linear system, two distinct roots), never at free values.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.math.checking import claims
from notelint.math.checking.jobs import Premise
from notelint.math.reading.atoms import Atom, parse_atoms

if TYPE_CHECKING:
    from collections.abc import Sequence

    from notelint.note import MathSpan, Note

#: the words between the roots and the polynomial: "$r_1, r_2$ of $P$" after "the roots",
#: or "$r_1, r_2$ are the (two) roots of the (characteristic) polynomial $P$"
_ROOTS_BEFORE = re.compile(r"\broots?\s*$", re.I)
_OF = re.compile(r"^\s*of\s+(?:the\s+)?(?:[A-Za-z-]+\s+){0,2}$", re.I)
_ARE_ROOTS_OF = re.compile(
    r"^\s*(?:,\s*)?(?:are|be|denote)\s+(?:the\s+)?(?:two\s+|distinct\s+|real\s+)*roots?\s+of\s+"
    r"(?:the\s+)?(?:[A-Za-z-]+\s+){0,2}$",
    re.I,
)
#: ``\chi(\lambda)=…`` / ``P(r)=…``: the polynomial's variable is its argument
_APPLIED = re.compile(r"^\s*\\?[A-Za-z]+(?:_\{?[^{}()]*\}?)?\s*\(\s*(?P<var>\\?[A-Za-z]+)\s*\)\s*$")


def root_premises(note: Note, spans: Sequence[MathSpan]) -> tuple[tuple[str, Premise], ...]:
    """(root, premise ``P(root) = 0``) for the roots a sentence names (``spans``: its inline
    math, in order); none when the names or the polynomial cannot be read."""
    out: list[tuple[str, Premise]] = []
    for k in range(len(spans) - 1):
        names_span, poly_span = spans[k], spans[k + 1]
        between = note.text[names_span.end : poly_span.start]
        before = note.text[max(0, names_span.start - 40) : names_span.start]
        if not ((_ROOTS_BEFORE.search(before) and _OF.match(between)) or _ARE_ROOTS_OF.match(between)):
            continue
        names = [n.strip() for n in names_span.latex.split(",")]
        if len(names) < 2 or not all(n and claims.is_bare(n) for n in names):
            continue
        polynomial, variable = _polynomial(poly_span.latex, names[0])
        if not polynomial or not variable:
            continue
        label = f"${', '.join(names)}$ are the roots of ${poly_span.latex.strip()}$"
        for name in names:
            value = _substituted(polynomial, variable, name)
            if value is not None:
                out.append((name, Premise(label, value, "0")))
    return tuple(out)


def _polynomial(latex: str, first_root: str) -> tuple[str, str]:
    """The polynomial as written (``P(r)=…`` or ``… = 0`` read to its expression) and its
    variable: the argument of ``P(r)``, else the stem of the roots' names (``r`` of ``r_1``)."""
    left, op, right = latex.partition("=")
    variable = ""
    text = latex
    if op:
        applied = _APPLIED.match(left)
        if applied is not None:
            variable, text = applied["var"], right
        elif claims.is_zero(right):
            text = left
        else:
            return "", ""
    if not variable:
        variable = first_root.split("_")[0].strip()
    if variable not in claims.free_names_in(text):
        return "", ""
    return text.strip(), variable


def _substituted(latex: str, variable: str, name: str) -> str | None:
    """``latex`` with each occurrence of ``variable`` replaced by ``(name)``, also in a run of
    letters (``pr`` is the product the checker reads) but not in a longer name (``r_1``); None
    when it cannot all be replaced."""
    atoms = parse_atoms(latex)
    found: list[Atom] = []
    _occurrences(atoms, latex, variable, found)
    if not found:
        return None
    for a in sorted(found, key=lambda x: x.start, reverse=True):
        latex = latex[: a.start] + "{(" + name + ")}" + latex[a.head_end :]
    left: list[Atom] = []
    _occurrences(parse_atoms(latex), latex, variable, left)
    return None if left else latex


def _occurrences(atoms: list[Atom], latex: str, variable: str, out: list[Atom]) -> None:
    for a in atoms:
        if latex[a.start : a.head_end] == variable and not a.sub and not a.primes:
            out.append(a)
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            _occurrences(part, latex, variable, out)
