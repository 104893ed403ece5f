from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(code="NL101", name="missing-section", summary="One of the required sections 0–8 is absent")
def missing_section(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every required section of the standard is present: 0 Metadata,
    1 Concept & Intuition, 2 Notation & Objects, 3 Assumptions, 4 Derivation Protocol,
    5 Geometric Intuition, 6 Implementation Insights, 7 Key Insights / Common Mistakes and
    8 One-Line Recap (9, Appendix, is optional). Headings are recognised at any level and in
    the forms writers use (`## 2) Notation & Objects`, `2. Notation`, `Section 2: Notation`,
    or the title alone), compared case- and punctuation-insensitively.

    The finding sits where the section should be: at the heading of the next section that is
    present, or at the end of the note. Which sections are required, and extra titles for
    them, can be configured under `[tool.notelint.sections]`.

    ## Why is this bad?
    An audit-ready note has a fixed shape so that a reader (or a tool) can find the glossary,
    the assumptions and the derivation without reading everything; a missing section is
    usually missing content, not just a missing heading.

    ## Example
    ```markdown
    ## 0) Metadata
    ## 1) Concept & Intuition
    ## 3) Assumptions
    ```

    Use instead:
    ```markdown
    ## 0) Metadata
    ## 1) Concept & Intuition
    ## 2) Notation & Objects
    ## 3) Assumptions
    ```
    """
    template = ctx.config.section_template
    present = note.sections
    top = [s for s in note.section_list if not s.is_subsection]
    for key in template.required:
        if "." in key or key in present:
            continue
        later = [s for s in top if s.key > key]
        if later:
            at = later[0].heading.span.start
        elif top:
            at = len(note.text.rstrip("\n"))
            at = note.index.line_start(note.index.position(at)[0] - 1)
        else:
            at = 0
        ctx.report(at, at, f'missing section {key} "{template.display.get(key, key)}"')
