r"""The equations of a derivation step, as NL506 reads them: the ``(left, right)`` pairs of the
relations in a step's math (tags, labels and ``\underbrace`` notes removed), the label a step's
equation is cited by, the equations written in its rule, and whether a step assumes its equation
(an induction hypothesis). Linting process, no SymPy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from notelint.math.checking import claims
from notelint.math.reading.relations import chains_of
from notelint.parse.equations import EQUATIONS
from notelint.parse.latex_scan import matching_brace

if TYPE_CHECKING:
    from notelint.math.reading.relations import Link
    from notelint.note import MathSpan, Note
    from notelint.parse.steps import Step


_BRACE_NOTE = re.compile(r"\\(?:underbrace|overbrace|underset\s*\{[^{}]*\}|overset\s*\{[^{}]*\})\s*\{")


_TAG = re.compile(r"\\(?:tag\*?|label)\s*\{[^{}]*\}|\\(?:notag|nonumber)\b")


def clean(latex: str) -> str:
    """The relation without tags and labels, ``\\underbrace{x}_{…}`` read as ``x``."""
    return _without_braces_notes(_TAG.sub(" ", latex))


def _without_braces_notes(latex: str) -> str:
    out: list[str] = []
    i = 0
    for m in _BRACE_NOTE.finditer(latex):
        if m.start() < i:
            continue
        body_end = matching_brace(latex, m.end() - 1)
        if body_end < 0:
            return latex
        out.append(latex[i : m.start()] + " {" + latex[m.end() : body_end] + "} ")
        i = body_end + 1
        script = re.match(r"\s*[_^]\s*", latex[i:])
        if script is not None:
            j = i + script.end()
            if j < len(latex) and latex[j] == "{":
                end = matching_brace(latex, j)
                if end < 0:
                    return latex
                i = end + 1
            else:
                i = j + 1
    out.append(latex[i:])
    return "".join(out)


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
        if not links or any(link.op != "=" for link in links):
            continue
        left, right = clean(links[0].left.text).strip(), clean(links[-1].right.text).strip()
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
        name, value = clean(link.left.text).strip(), clean(link.right.text).strip()
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
