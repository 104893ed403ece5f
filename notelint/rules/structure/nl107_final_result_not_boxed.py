from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(code="NL107", name="final-result-not-boxed", summary="4.E has no \\boxed{...} result", facets=())
def final_result_not_boxed(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that subsection 4.E, Final Result, contains math with `\\boxed{…}` (or
    `\\fbox{…}`). The finding is at the 4.E heading. A `\\boxed` that the file's dialect does
    not read as math (`\\[…\\]` under pandoc, a bare `\\begin{equation}` on GitHub) renders as
    text and does not count; the message names its line.

    ## Why is this bad?
    The boxed result is the one formula a reader looks for; the standard requires it so that
    the conclusion of the derivation is unambiguous.

    ## Example
    ```markdown
    ### 4.E Final Result
    $$\\hat w = (X^\\top X + \\lambda I)^{-1} X^\\top y$$
    ```

    Use instead:
    ```markdown
    ### 4.E Final Result
    $$\\boxed{\\hat w = (X^\\top X + \\lambda I)^{-1} X^\\top y} \\tag{9}$$
    ```
    """
    section = note.sections.get("4.E")
    if section is None:
        return
    if any("\\boxed" in m.latex or "\\fbox" in m.latex for m in note.math_in(section.body)):
        return
    heading = section.heading.span
    message = "the final result has no \\boxed{…} expression"
    written = note.text.find("\\boxed", section.body.start, section.body.end)
    if written >= 0:
        # `\[\boxed{…}\]` in pandoc, a bare `\begin{equation}` on GitHub: the renderer shows text
        line = note.index.position(written)[0]
        dialect = f" ({note.dialect.dialect.name})" if note.dialect is not None else ""
        message += (
            f": the \\boxed at line {line} is not inside math as the file's dialect{dialect}"
            " reads it, so it renders as text"
        )
    ctx.report(heading.start, heading.end, message)
