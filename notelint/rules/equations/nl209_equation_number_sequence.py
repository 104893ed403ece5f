from __future__ import annotations

from notelint.diagnostic import Edit, Fix
from notelint.facets import EQUATIONS
from notelint.note import Note
from notelint.parse.equations import renumbering
from notelint.rule import RuleContext, rule


@rule(
    code="NL209",
    name="equation-number-sequence",
    fixable=True,
    summary="equation numbers are not 1, 2, 3, … in order of appearance",
)
def equation_number_sequence(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that hand-written equation numbers (`\\tag{k}`, `Equation (k):`) run 1, 2, 3, …
    in order of appearance. The finding is at each number that is out of sequence.
    Notes that mix hand-written tags with automatic numbering, use non-integer tags
    (`\\tag{3a}`, `\\tag{2.1}`) or repeat a number (NL202) are not judged.

    The fix renumbers the equations 1, 2, 3, … in order and rewrites every reference to
    them — `(7)`, `Eq. (7)`, `Equation (7)`, ranges — to match. References to numbers that
    do not exist (NL203) are left as they are.

    ## Why is this bad?
    Out-of-order numbers make a derivation hard to follow and are a sign that steps were
    inserted or moved without renumbering.

    ## Example
    ```markdown
    $$ J(w) = \\tfrac12\\|Xw-y\\|^2 \\tag{1} $$
    $$ \\nabla J(w) = X^\\top(Xw-y) \\tag{3} $$
    Setting (3) to zero…
    ```

    Use instead:
    ```markdown
    $$ J(w) = \\tfrac12\\|Xw-y\\|^2 \\tag{1} $$
    $$ \\nabla J(w) = X^\\top(Xw-y) \\tag{2} $$
    Setting (2) to zero…
    ```
    """
    mapping = renumbering(note.facet(EQUATIONS))
    if mapping is None or all(old == new for old, new in mapping.items()):
        return
    edits: list[Edit] = []
    for eq in note.facet(EQUATIONS).equations:
        if eq.numbering in ("tag", "heading") and eq.number_span is not None and eq.number in mapping:
            if mapping[eq.number] != eq.number:
                edits.append(Edit(eq.number_span.start, eq.number_span.end, mapping[eq.number]))
    for ref in note.facet(EQUATIONS).references:
        if ref.kind == "number" and ref.target in mapping and mapping[ref.target] != ref.target:
            edits.append(Edit(ref.target_span.start, ref.target_span.end, mapping[ref.target]))
    fix = Fix(
        tuple(sorted(set(edits), key=lambda e: e.start)),
        title="renumber equations 1, 2, 3, … and their references",
    )
    expected = 1
    for eq in note.facet(EQUATIONS).equations:
        if eq.numbering not in ("tag", "heading") or eq.number_span is None:
            continue
        if eq.number != str(expected):
            ctx.report(
                eq.number_span.start,
                eq.number_span.end,
                f"equation number ({eq.number}) is out of sequence: expected ({expected})",
                fix,
            )
        expected += 1
