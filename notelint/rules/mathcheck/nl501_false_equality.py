from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.mathcheck._report import report


@rule(code="NL501", name="false-equality", summary="An equality that SymPy shows to be false")
def false_equality(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks every `=` of every relation chain (`a = b = c`, `align` lines continued with
    `&=`, inline and display math) by translating both sides to SymPy and comparing them:
    exactly for numbers, at random points for symbolic identities (sampled under the
    assumptions the note states: positive numbers, intervals, symmetric positive-definite or
    orthogonal matrices), entry by entry for matrices of the declared shapes. The message
    gives both values or a concrete counterexample.

    What `=` means: exact (`10^{16}+1 = 10^{16}` is false; no floating point), except
    against a side that is a written decimal (`0.67`, `3.2\times10^{-5}`): then the other
    side must round to it at its written precision, or truncate to it when it has three or
    more significant digits (`\frac23 = 0.67` and `e = 2.718` hold, `\frac23 = 0.6` does
    not). Decimals inside an expression are exact data (`0.333+0.333+0.333 = 1` is false).

    Only claims are reported. A definition (`J(w) = …`, `:=`) is used, not checked; an
    equation that may be a condition (after "set … to zero", in section 3, with a zero
    side, an eigen-equation) is never reported — it counts as unverifiable (NL504).

    ## Why is this bad?
    The standard says "whenever two expressions are claimed equal, show the exact
    transformation". A wrong step silently invalidates everything derived from it.

    ## Example
    ```markdown
    $$\\frac{d}{dx}\\left(x^2 + 4y^2\\right) = 2x + 8y$$
    ```

    Use instead:
    ```markdown
    $$\\frac{d}{dx}\\left(x^2 + 4y^2\\right) = 2x$$
    ```
    """
    report(note, ctx, {"NL501"}, "refuted", "false equality")
