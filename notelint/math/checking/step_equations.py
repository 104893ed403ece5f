r"""The equations of a derivation step, as NL506 reads them: the ``(left, right)`` pairs of the
relations in a step's math (tags, labels and ``\underbrace`` notes removed by
:func:`notelint.math.reading.relations.without_notes`), the label a step's equation is cited by,
the equations written in its rule, and whether a step assumes its equation (an induction
hypothesis). Linting process, no SymPy.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from notelint.math.checking import claims
from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.relations import chains_of, without_notes
from notelint.parse.equations import EQUATIONS

if TYPE_CHECKING:
    from notelint.math.reading.relations import Chain, Link
    from notelint.note import MathSpan, Note
    from notelint.parse.steps import Step


def equation_label(note: Note, step: Step, fallback: str) -> str:
    index = note.facet(EQUATIONS)
    span = step.equation_span
    for eq in index.equations:
        if eq.numbered and eq.span.start < span.end and span.start < eq.span.end:
            return f"({eq.number})"
    return fallback


def relation_pairs(math: MathSpan, start: int, end: int) -> list[tuple[str, str]]:
    """First and last member of every '='-chain in ``math`` between file offsets start/end."""
    out: list[tuple[str, str]] = []
    try:
        chains = chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return out
    for chain in chains:
        links = [
            link
            for link in chain.links
            if start <= math.content_start + link.left.start and math.content_start + link.right.end <= end
        ]
        while links and links[-1].symbol == "\\in" and len(links) > 1:
            # "S=\frac{QK^\top}{\sqrt{d_k}}\in\mathbb{R}^{n_q\times n_k}": the equation, its shape stated
            links = links[:-1]
        if not links or any(link.op != "=" for link in links):
            continue
        model = math.facet(MATH_MODEL)
        left, right = (
            without_notes(links[0].left, model).strip(),
            without_notes(links[-1].right, model).strip(),
        )
        if left and right:
            out.append((left, right))
    return out


def step_math(step: Step) -> list[tuple[MathSpan, int, int]]:
    if step.row is not None:
        return [(step.row.math, step.row.span.start, step.row.span.end)]
    displays = [(m, m.content_start, m.end) for m in step.math if m.display]
    # an "Equation (k): $…$" line carries its equation inline
    return displays or [(m, m.content_start, m.end) for m in step.math]


def step_links(
    step: Step, skip: Callable[[MathSpan], bool] | None = None
) -> Iterator[tuple[MathSpan, int, int, Link]]:
    """Every relation link of the step's own math (:func:`step_math`), with that math and the
    file range the step owns in it; a math ``skip`` refuses, or that does not split into
    relations, gives none."""
    for math, start, end in step_math(step):
        if skip is not None and skip(math):
            continue
        try:
            chains = chains_of(math)
        except (ValueError, IndexError, AssertionError):
            continue
        for chain in chains:
            for link in chain.links:
                yield math, start, end, link


#: implication signs whose statement after them follows from the one before (``\iff`` both ways)
_FORWARD = frozenset(
    {"implies", "Rightarrow", "Longrightarrow", "iff", "Leftrightarrow", "Longleftrightarrow"}
)
#: implication signs whose statement before them follows from the one after
_BACKWARD = frozenset({"impliedby", "Leftarrow", "Longleftarrow"})
#: what may stand between two statements and their implication sign (spacing, alignment)
_SPACING = re.compile(r"\\(?:[,;:!> ]|quad|qquad|enspace|thinspace|medspace|thickspace)|&|\s")


def implication_links(
    math: MathSpan, start: int, end: int
) -> list[tuple[list[tuple[str, str]], int, int, str, str]]:
    r"""The equations of ``math`` that an implication sign says follow from the equation beside
    it (``e^{2\alpha}=r \iff \alpha=\tfrac12\log r``): for each, the premise (every link
    of the statement it follows from), its file offsets and its sides. Only '='-chains joined
    by nothing but the sign and spacing: "n = d \implies H = I_n" (a case) is read the same
    way, and what the verifier cannot take stays unknown. Equations listed before the sign,
    set apart by commas and spacing on one row, are one system: all of them are the premise."""
    out: list[tuple[list[tuple[str, str]], int, int, str, str]] = []
    try:
        chains = chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return out
    model = math.facet(MATH_MODEL)
    latex = model.latex

    def inside(chain: Chain) -> bool:
        links = chain.links
        return bool(links) and all(
            link.op == "="
            and start <= math.content_start + link.left.start
            and math.content_start + link.right.end <= end
            for link in links
        )

    def system(k: int) -> list[Chain]:
        """Chain ``k`` with the equations listed before it ("a=b,\\qquad c=d \\implies …"):
        one system of equations, the premise of the sign after it."""
        first = k
        while first > 0 and not chains[first - 1].implication_before and inside(chains[first - 1]):
            gap = latex[chains[first - 1].links[-1].right.end : chains[first].links[0].left.start]
            if _SPACING.sub("", gap).strip(",;") or "\\\\" in gap:
                break
            first -= 1
        return chains[first : k + 1]

    for k, (before, after) in enumerate(itertools.pairwise(chains)):
        if not before.implication_before or not inside(before) or not inside(after):
            continue
        sign = _SPACING.sub("", latex[before.links[-1].right.end : after.links[0].left.start])
        if sign.strip("\\") in _FORWARD:
            premises, conclusion = system(k), after
        elif sign.strip("\\") in _BACKWARD:
            premises, conclusion = [after], before
        else:
            continue
        given = [
            (without_notes(link.left, model).strip(), without_notes(link.right, model).strip())
            for premise in premises
            for link in premise.links
        ]
        if not all(side for pair in given for side in pair):
            continue
        for link in conclusion.links:
            left, right = without_notes(link.left, model).strip(), without_notes(link.right, model).strip()
            if left and right:
                a = math.content_start + (link.op_start if link.continued else link.left.start)
                out.append((given, a, math.content_start + link.right.end, left, right))
    return out


_RULE_TEXT = re.compile(r"\{?\s*Rule\s*:[^{}]*(?:\{[^{}]*\}[^{}]*)*\}?", re.IGNORECASE)


#: what a step that states a hypothesis says just before its equation
_ASSUMES = re.compile(
    r"(?:(?<!by the )(?<!from the )(?<!using the )(?<!with the )(?<!apply the )\binduction hypothesis\b"
    r"|\b(?:assume|suppose)(?:\s+that)?\s*:?\s*$)",
    re.IGNORECASE,
)


def is_hypothesis(step: Step) -> bool:
    """Does the step assume its equation ("induction hypothesis", "… assume:") rather than
    derive it?"""
    return bool(_ASSUMES.search(_RULE_TEXT.sub(" ", step.prose).strip()))


def named_pairs(step: Step, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    r"""(name, expression) of what the step defines: ``H := …`` (``… =: H``) anywhere in it, and
    in 4.A every ``name = …`` whose name is bare (a function definition goes to the context)."""
    out: list[tuple[str, str]] = []
    for math, start, end, link in step_links(step):
        a, b = math.content_start + link.left.start, math.content_start + link.right.end
        if link.op != ":=" or a < start or b > end:
            continue
        model = math.facet(MATH_MODEL)
        name, value = without_notes(link.left, model).strip(), without_notes(link.right, model).strip()
        if link.symbol.startswith("=:"):
            name, value = value, name
        if _is_name(name) and value:
            out.append((name, value))
    if step.section == "4.A":
        out.extend(
            (left, right)
            for left, right in pairs
            if _is_name(left) and not claims.mentions(right, claims.full_name(left))
        )
        # "\operatorname{clip}_c(g)=\tilde g=s(g)\,g": the name inside a chain of definitions
        # is defined by what follows it
        for math, start, end, link in step_links(step):
            a, b = math.content_start + link.left.start, math.content_start + link.right.end
            if link.op != "=" or link.index == 0 or a < start or b > end:
                continue
            model = math.facet(MATH_MODEL)
            name, value = without_notes(link.left, model).strip(), without_notes(link.right, model).strip()
            if _is_name(name) and value and not claims.mentions(value, claims.full_name(name)):
                if (name, value) not in out:
                    out.append((name, value))
    return out


def _is_name(latex: str) -> bool:
    """A bare name that is not a function's definition (``H``, ``\\hat y``, ``s_j``)."""
    return claims.is_bare(latex) and claims.function_definition(latex) is None


def rule_pairs(step: Step) -> list[tuple[str, str]]:
    """The equations written inline in the step's rule (``{Rule: substitution of $r=(I_n-H)y$}``)."""
    out: list[tuple[str, str]] = []
    for math in step.math:
        if math.display:
            continue
        # (a citation's span may stop at a brace inside its math: the math starts within it)
        if any(c.span.start <= math.start < c.span.end for c in step.citations):
            out.extend(relation_pairs(math, math.content_start, math.content_end))
    return out
