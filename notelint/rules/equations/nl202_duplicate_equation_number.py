from __future__ import annotations

from notelint.facets import EQUATIONS
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL202",
    name="duplicate-equation-number",
    summary="two equations carry the same number or \\label",
    facets=("equations",),
)
def duplicate_equation_number(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that no two equations carry the same number (`\\tag{3}` twice, an
    `Equation (3):` line and a `\\tag{3}` on another equation, a tag equal to an auto number)
    and that no label (`\\label{…}`, MyST `(label)`, `:eqlabel:`) is defined twice. The
    finding is at the second occurrence and names the line of the first.

    The standard's own layout is one equation, not two: a line `Equation (3): (TAG) [mm:ss] — …`
    introduces the math of the next block (blank lines between are fine) or the math on the
    line itself, and that display may repeat the number as `\\tag{3}`.

    ## Why is this bad?
    A reference to a duplicated number or label is ambiguous: the reader cannot tell which
    equation a step transforms.

    ## Example
    ```markdown
    $$ J(w) = \\tfrac12\\|Xw-y\\|^2 \\tag{1} $$
    $$ \\nabla J(w) = X^\\top(Xw-y) \\tag{1} $$
    ```

    Use instead:
    ```markdown
    $$ J(w) = \\tfrac12\\|Xw-y\\|^2 \\tag{1} $$
    $$ \\nabla J(w) = X^\\top(Xw-y) \\tag{2} $$
    ```
    """
    first: dict[str, int] = {}
    for eq in note.facet(EQUATIONS).equations:
        if not eq.numbered or eq.number is None or eq.numbering in ("auto", "label"):
            continue
        where = eq.number_span.start if eq.number_span else eq.span.start
        if eq.number in first:
            line = note.index.position(first[eq.number])[0]
            end = eq.number_span.end if eq.number_span else eq.span.end
            ctx.report(where, end, f"equation number ({eq.number}) is already used on line {line}")
        else:
            first[eq.number] = where
    # auto numbers that collide with a hand-written tag
    for eq in note.facet(EQUATIONS).equations:
        if eq.numbering in ("auto",) and eq.number in first:
            line = note.index.position(first[eq.number])[0]
            ctx.report(
                eq.span.start,
                eq.span.end,
                f"this row is numbered ({eq.number}) automatically, and \\tag{{{eq.number}}} on line {line} "
                "uses the same number",
            )
    for name, defs in note.facet(EQUATIONS).labels.items():
        for label, _eq in defs[1:]:
            line = note.index.position(defs[0][0].span.start)[0]
            ctx.report(label.span.start, label.span.end, f"label '{name}' is already defined on line {line}")
