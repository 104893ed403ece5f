from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.mathcheck._report import report


@rule(
    code="NL502",
    name="inexact-approximation",
    summary="An approximation whose sides differ by more than the tolerance",
    facets=("analysis",),
)
def inexact_approximation(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks every `\\approx`. Against a written number it agrees to the written precision:
    the other side rounds (or, with three or more significant digits, truncates) to it, so
    `0.9^{10} \\approx 0.349` holds and `\\sqrt2 \\approx 1.42` does not; an integer's
    trailing zeros are not significant (`e^5 \\approx 150`). A decimal of four or more
    significant digits inside the computed side is a rounded value itself (`3\\cdot 1.5275
    \\approx 4.5826` after `e^{\\alpha}\\approx 1.5275`): the side may be off by what half a
    unit in the decimal's last place moves it (to first order); shorter decimals are exact
    data (`0.333+0.333+0.333 \\approx 1.000` is false). Against a bare power of ten it
    means the same order of magnitude, the nearest power of ten (`2^{100} \\approx 10^{30}`);
    against an exact whole number of another value, a whole number is no rounding of it
    (`65504 \\approx 2^{16}` holds within the tolerance below). An angle written in degrees
    is compared in degrees (`\\arccos(8/9) \\approx 27.27^\\circ`).
    Between two expressions the relative difference may be up to `math.approx-tolerance`
    (1 % by default); when one of them computes with decimals of three or more significant
    digits (`-\\log\\sigma(0.5)-\\log\\sigma(1) \\approx 0.47408+0.31326`), the other must
    also lie within what they may stand for, each rounded or truncated, so a digit copied
    wrong (`0.47401`) is reported although it is within 1 %. A symbolic approximation such as `\\log(1+x) \\approx x -
    \\frac{x^2}{2}` is checked as a Taylor expansion around 0.

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
