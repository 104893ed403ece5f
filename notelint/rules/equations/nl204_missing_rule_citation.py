from __future__ import annotations

from notelint.facets import EQUATIONS, STEPS
from notelint.note import Note
from notelint.parse.equations import Equation
from notelint.parse.steps import Step
from notelint.rule import RuleContext, rule


@rule(
    code="NL204",
    name="missing-rule-citation",
    summary="an equality or transformation step has no {Rule: …} naming the rule used",
    facets=("equations", "steps"),
)
def missing_rule_citation(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every derivation step of 4.B whose equation is an equality or a
    transformation (`=`, `\\approx`, `\\le`, `\\Rightarrow`, …) names the rule it uses, as
    `{Rule: chain rule}` or `Rule: chain rule`, anywhere in the step: the text that
    introduces it, the line after it, or — in an `align` block with one step per row — a
    `\\text{Rule: …}` in the row. Definitions are exempt: steps of 4.A, equations written
    with `:=`, `\\coloneqq`, `\\triangleq`, `\\equiv`, and steps whose text says "define",
    "denote" or "let", and so are steps tagged (GAP), which the standard marks as unprovable:
    no rule was applied. The finding is at the equation.

    ## Why is this bad?
    The standard: "Whenever two expressions are claimed equal, show the exact
    transformation and the rule used." A step without its rule cannot be audited.

    ## Example
    ```markdown
    ### 4.B Step-by-Step Derivation

    **Step 2.** (VERBATIM) Set the gradient (2) to zero.

    $$ (X^\\top X + \\lambda I)\\hat w = X^\\top y \\tag{3} $$
    ```

    Use instead:
    ```markdown
    ### 4.B Step-by-Step Derivation

    **Step 2.** (VERBATIM) Set the gradient (2) to zero.
    {Rule: first-order stationarity condition}

    $$ (X^\\top X + \\lambda I)\\hat w = X^\\top y \\tag{3} $$
    ```
    """
    for step in note.facet(STEPS):
        if step.section != "4.B" or step.layout == "intro":
            continue
        if step.row is None and not any(m.display or step.layout == "equation" for m in step.math):
            continue
        if not step.has_relation or step.is_definition:
            continue
        if step.cited_rule is not None:
            continue
        if any(tag.name.upper() == "GAP" for tag in step.tags):
            continue  # "(GAP)": a step the lecture leaves unproved names no rule it applies
        if step.row is not None and step.row is _first_row(note, step):
            continue  # the first row of a chain states what is transformed
        span = step.equation_span
        if step.citations:
            c = step.citations[0]
            ctx.report(c.span.start, c.span.end, "rule citation is empty: name the rule used")
        else:
            ctx.report(span.start, span.end, "step has no rule citation: add {Rule: …} naming the rule used")


def _first_row(note: Note, step: Step) -> Equation | None:
    rows = [e for e in note.facet(EQUATIONS).equations if step.row is not None and e.math is step.row.math]
    return rows[0] if rows else None
