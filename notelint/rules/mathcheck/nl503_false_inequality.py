from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.mathcheck._report import report


@rule(
    code="NL503",
    name="false-inequality",
    summary="An inequality refuted on concrete values",
    facets=("analysis",),
)
def false_inequality(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks `\\le`, `\\ge`, `<`, `>` (and `\\ne`) between numbers, such as a bound evaluated
    at concrete values. An inequality is exact, with no slack for a rounded decimal:
    `\\frac13 \\le 0.3`, `e^{-1} \\le 0.3` and `\\frac14 \\ge 0.3` are false, and values are
    compared at whatever precision tells them apart. `\\ne` is the negation of `=` (with the
    same reading of a written decimal). Symbolic inequalities are usually conditions
    (`\\lambda \\ge 0`, `\\eta < 2/L`) and are never reported. A strict symbolic relation
    (`<`, `>`, `\\ne`) is counted as verified only when its sides never meet: before that,
    they are compared exactly where random points rarely fall (each free symbol at 0 and ±1,
    all at one value, a lone polynomial's real roots), so `x^2 > 0` is unknown ("the sides are
    equal at x = 0"), while `x^2 + 1 > 0` and `x^2 \\ge 0` are verified. An identity-like
    inequality in a note that follows the standard (a 4.D identity, a 4.C check) that held at
    every random point is verified only after a local search for a counterexample between the
    points (the gap between its sides minimised inside the stated assumptions): `x^2+0.24 \\ge x`
    fails at `x = 0.525`, which no random point hit.

    ## Why is this bad?
    A numeric bound that does not hold (a Hoeffding bound with the wrong sample size) makes
    the conclusion drawn from it false.

    ## Example
    ```markdown
    $$2\\exp(-2\\cdot 1000\\cdot 0.0001) \\le 0.05$$
    ```

    Use instead:
    ```markdown
    $$2\\exp(-2\\cdot 20000\\cdot 0.0001) \\le 0.05$$
    ```
    """
    report(note, ctx, {"NL503"}, "refuted", "false inequality")
