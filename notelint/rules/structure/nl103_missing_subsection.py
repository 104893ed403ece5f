from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL103",
    name="missing-subsection",
    summary="Section 4 lacks one of the subsections 4.A–4.E",
    facets=(),
)
def missing_subsection(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    When section 4 (Derivation Protocol) is present, checks that it has all five
    subsections: 4.A Definitions, 4.B Step-by-Step Derivation, 4.C Intermediate Checks,
    4.D Identities Used and 4.E Final Result. The finding is at the section 4 heading.

    ## Why is this bad?
    Each subsection has a job in the audit: definitions fix the starting point, the steps
    carry the justifications, the checks catch dimension errors, the identities list what the
    steps cite, and the final result is what a reader takes away.

    ## Example
    ```markdown
    ## 4) Derivation Protocol
    ### 4.A Definitions
    ### 4.B Step-by-Step Derivation
    ### 4.E Final Result
    ```

    Use instead:
    ```markdown
    ## 4) Derivation Protocol
    ### 4.A Definitions
    ### 4.B Step-by-Step Derivation
    ### 4.C Intermediate Checks
    ### 4.D Identities Used
    ### 4.E Final Result
    ```
    """
    section = note.sections.get("4")
    if section is None:
        return
    template = ctx.config.section_template
    heading = section.heading
    for key in template.subsections:
        if key not in note.sections:
            ctx.report(
                heading.span.start,
                heading.span.end,
                f'section 4 lacks subsection {key} "{template.display.get(key, key)}"',
            )
