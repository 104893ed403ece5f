from __future__ import annotations

from notelint.facets import STEPS
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL205",
    name="missing-provenance",
    summary="a definition or step carries no (VERBATIM) / (RECONSTRUCTED) tag",
    facets=("steps",),
)
def missing_provenance(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every definition of 4.A and every derivation step of 4.B carries a
    provenance tag — `(VERBATIM)`, `(RECONSTRUCTED)`, `(ASSUMPTION)`, `(GAP)` or
    `(LECTURER CLAIM)` — in its own text, or in the text before the subsection's first
    step (which then covers every step), or, for one row of an `align` block, in the row
    or the text that introduces the block. The finding is at the step's marker
    (`**Step 2.**`, `Equation (2):`) or at the start of its text.

    Forms the standard allows that count as tagged:

    - the timestamp inside the tag's parentheses: `(VERBATIM, 00:09:30)`, `(VERBATIM 09:30)`,
      `(RECONSTRUCTED; 12:10–12:40)`;
    - a tag that opens a parenthesis and goes on with a remark: `(VERBATIM [02:10]; the
      explicit form is RECONSTRUCTED)`, `(RECONSTRUCTED; the lecturer only asserted it)`;
    - a tag in the subsection's heading (`### 4.A Definitions (VERBATIM [15:20])`), which
      covers every step under it;
    - one tag on the sentence that introduces a block of display equations
      (`(VERBATIM) [04:30–09:05] Mixture density, log-likelihood and the EM surrogate:` and
      then three displays): a display with no text of its own before it continues the block.
      A display introduced by text of its own needs its own tag.

    Tags named in a legend that explains them ("(VERBATIM) = the lecturer's words") tag nothing.

    ## Why is this bad?
    The standard requires separating what the lecturer said (VERBATIM) from what the
    note-taker added (RECONSTRUCTED); an untagged step cannot be traced to the lecture.

    ## Example
    ```markdown
    ### 4.B Step-by-Step Derivation

    **Step 3.** Multiply (3) on the left by the inverse.

    $$ \\hat w = (X^\\top X + \\lambda I)^{-1} X^\\top y \\tag{4} $$
    ```

    Use instead:
    ```markdown
    ### 4.B Step-by-Step Derivation

    **Step 3.** (RECONSTRUCTED) Multiply (3) on the left by the inverse.

    $$ \\hat w = (X^\\top X + \\lambda I)^{-1} X^\\top y \\tag{4} $$
    ```
    """
    for step in note.facet(STEPS):
        if step.row is not None:
            continue  # rows inherit from their introduction, which is checked itself
        if not step.math and step.layout == "paragraph":
            continue
        if any(t.known for t in step.all_tags) or any(not t.known for t in step.tags):
            continue  # an unknown tag is NL206's business
        anchor = step.anchor
        end = anchor.end
        if step.marker is None:
            line_end = note.text.find("\n", anchor.start)
            end = anchor.end if line_end < 0 else min(line_end, anchor.end)
        what = "definition" if step.section == "4.A" else "step"
        ctx.report(anchor.start, end, f"{what} has no provenance tag: mark it (VERBATIM) or (RECONSTRUCTED)")
