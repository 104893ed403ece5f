from __future__ import annotations

import re

from notelint.facets import EQUATIONS, LABEL_TARGETS, TAGS
from notelint.note import Note
from notelint.rule import RuleContext, rule

#: ``\\ref`` to a label with one of these prefixes names a figure, table, section…, not an equation.
_OTHER = re.compile(
    r"^(?:fig|tab|table|sec|section|chap|ch|app|alg|lst|thm|lem|def|cor|prop|ex|item|fn|subsec)[:_\-.]",
    re.IGNORECASE,
)


@rule(
    code="NL203",
    name="undefined-equation-reference",
    summary="a reference (7), Equation (7), \\eqref{…} or \\ref{…} names no equation",
    facets=("equations", "label-targets", "tags"),
)
def undefined_equation_reference(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every reference to an equation names one that exists in the note:
    `(7)`, `Eq. (7)`, `Equation (7)`, a range `(7)–(9)` by number; `\\eqref{…}` and
    `\\ref{…}` by label. Numbers in prose that are not references — `(n-1)`, `(0, 1)`,
    `(2020)`, `f(7)`, an enumeration `(1) … (2) …` — are not taken for references; a bare
    `(7)` counts only in a note that numbers its equations by hand. Cross-document roles
    (`:eqref:` of d2l, `{eq}` of MyST) and `\\ref` to a figure or table label are not judged,
    nor is another work's equation: a number in parentheses that also cite a source (an
    emphasised title, "et al.", a year, `§`: "(Petersen & Pedersen, *The Matrix Cookbook*,
    eq. (81))"). Equations numbered by hand count: `\\tag{7}`, an "Equation (7):" line (tags
    such as "(RECONSTRUCTED)" may stand before its colon), and a row of an `aligned` block that
    ends in `&&\\text{(7)}`.

    ## Why is this bad?
    A dangling reference sends the reader to an equation that is not there, usually
    because equations were renumbered or a step was deleted.

    ## Example
    ```markdown
    $$ \\hat w = (X^\\top X + \\lambda I)^{-1} X^\\top y \\tag{4} $$
    Substituting (5) into the objective…
    ```

    Use instead:
    ```markdown
    Substituting (4) into the objective…
    ```
    """
    index = note.facet(EQUATIONS)
    numbered = [e for e in note.facet(EQUATIONS).equations if e.numbered and e.number is not None]
    if not numbered and not index.labels:
        # A note without numbered equations: keyword references may point into another
        # document ("Eq. (3) of the paper"); say nothing.
        numbers_known = False
    else:
        numbers_known = True
    numbers = {e.number for e in numbered}
    # tags notelint does not see as equations (inside a MyST directive such as {admonition})
    numbers.update(t.number for t in note.facet(TAGS))
    for ref in note.facet(EQUATIONS).references:
        if ref.kind == "number":
            if not numbers_known or ref.target in numbers:
                continue
            ctx.report(
                ref.span.start, ref.span.end, f"reference ({ref.target}) names no equation in this note"
            )
        else:
            if ref.form == "role" or ref.target in index.labels:
                continue
            if ref.form == "ref" and _OTHER.match(ref.target):
                continue
            if ref.target in note.facet(LABEL_TARGETS):
                continue  # a figure's or an inline equation's label, a MyST target, an anchor
            ctx.report(
                ref.span.start,
                ref.span.end,
                f"\\{ref.form}{{{ref.target}}} names no equation label in this note",
            )
