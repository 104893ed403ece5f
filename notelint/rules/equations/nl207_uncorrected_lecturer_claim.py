from __future__ import annotations

from notelint.facets import PROVENANCE
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL207",
    name="uncorrected-lecturer-claim",
    summary="a (LECTURER CLAIM) with no (RECONSTRUCTED) correction after it",
)
def uncorrected_lecturer_claim(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every `(LECTURER CLAIM)` is followed by a `(RECONSTRUCTED)` correction
    later in the same section (for section 4, anywhere in 4.A–4.E), before the next
    `(LECTURER CLAIM)`. The finding is at the `(LECTURER CLAIM)` tag.

    ## Why is this bad?
    The standard: "If the lecturer errs, tag (LECTURER CLAIM) and show a corrected
    (RECONSTRUCTED) version." A flagged error without its correction leaves the reader
    with a known-wrong statement.

    ## Example
    ```markdown
    (LECTURER CLAIM) The Hessian of the ridge objective is $X^\\top X$.
    ```

    Use instead:
    ```markdown
    (LECTURER CLAIM) The Hessian of the ridge objective is $X^\\top X$.
    (RECONSTRUCTED) The Hessian is $X^\\top X + \\lambda I_d$: the penalty adds $\\lambda I_d$.
    ```
    """
    tags = note.facet(PROVENANCE).tags
    for i, tag in enumerate(tags):
        if tag.name != "LECTURER CLAIM":
            continue
        limit = _section_end(note, tag.span.start)
        corrected = False
        for later in tags[i + 1 :]:
            if later.span.start >= limit or later.name == "LECTURER CLAIM":
                break
            if "RECONSTRUCTED" in later.name.split("/"):
                corrected = True
                break
        if not corrected:
            ctx.report(
                tag.span.start, tag.span.end, "(LECTURER CLAIM) has no (RECONSTRUCTED) correction after it"
            )


def _section_end(note: Note, offset: int) -> int:
    section = note.section_at(offset)
    if section is None:
        return len(note.text)
    if section.is_subsection:
        parent = note.sections.get(section.key.split(".")[0])
        if parent is not None and parent.heading.span.start <= offset < parent.body.end:
            return parent.body.end
    return section.body.end
