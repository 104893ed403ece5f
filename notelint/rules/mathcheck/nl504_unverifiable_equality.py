from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.mathcheck._report import report


@rule(
    code="NL504",
    name="unverifiable-equality",
    summary="A relation notelint could not check",
    severity="info",
    facets=("analysis", "derivation"),
)
def unverifiable_equality(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Reports each relation that notelint could neither verify nor refute, with the reason:
    notation outside the translator's whitelist (expectations, undefined functions), a
    possible condition rather than a claim, a timeout. Off by default; select it to see
    the verification coverage of a note (the JSON output also carries the counts of
    verified, refuted and unknown relations per note).

    For a derivation step of a note written to the standard, the reason is NL506's: which
    premise notelint cannot read and why, which symbol the premises do not mention, what it
    cannot solve for. A step that follows from another earlier equation than the one it
    cites is reported here too, naming the equation it follows from.

    ## Why is this bad?
    It is not wrong, only unchecked: a relation notelint cannot read is one a reader must
    check by hand. Writing it in supported notation, or defining the functions it uses,
    lets notelint verify it.

    ## Example
    ```markdown
    $$\\mathbb{E}[X^2] - \\mathbb{E}[X]^2 = \\mathbb{E}[(X - \\mathbb{E}[X])^2]$$
    ```

    Use instead:
    ```markdown
    $$\\frac{1}{n}\\sum_{i=1}^{n} i = \\frac{n+1}{2}$$
    ```
    """
    report(note, ctx, {"NL501", "NL502", "NL503"}, "unknown", "could not check this relation")
