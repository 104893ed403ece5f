from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.mathcheck._report import report


@rule(
    code="NL502",
    name="inexact-approximation",
    summary="An approximation whose sides differ by more than the tolerance",
)
def inexact_approximation(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks every `\\approx`. The tolerance comes from the digits the writer gave: `0.0876`
    is within one unit of its last place of 0.08756, `150` of 148.4; it is never below the
    relative floor `math.approx-tolerance` (1 % by default). A symbolic approximation such
    as `\\log(1+x) \\approx x - \\frac{x^2}{2}` is checked as a Taylor expansion around 0.

    ## Why is this bad?
    An approximation whose value is off (a slipped digit, a wrong sign in a Taylor term)
    propagates into every number computed from it.

    ## Example
    ```markdown
    $$0.9^{10} \\approx 0.39$$
    ```

    Use instead:
    ```markdown
    $$0.9^{10} \\approx 0.349$$
    ```
    """
    report(note, ctx, {"NL502"}, "refuted", "inexact approximation")
