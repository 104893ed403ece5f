from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(code="NL101", name="missing-section", summary="One of the required sections 0–8 is absent", facets=())
def missing_section(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every required section of the standard is present: 0 Metadata,
    1 Concept & Intuition, 2 Notation & Objects, 3 Assumptions, 4 Derivation Protocol,
    5 Geometric Intuition, 6 Implementation Insights, 7 Key Insights / Common Mistakes and
    8 One-Line Recap (9, Appendix, is optional). Headings are recognised at any level and in
    the forms writers use (`## 2) Notation & Objects`, `2. Notation`, `Section 2: Notation`,
    or the title alone), compared case- and punctuation-insensitively.

    Without a number, only the standard's titles and their distinctive variants count: a
    bare `## Recap` or `## Notation` is an ordinary heading, `## 8) Recap` is section 8.

    The note gets one finding, at line 1, naming every missing section, whether it lacks one
    section or (a note not written to the standard) all of them. Which sections are required,
    and extra titles for them, can be configured under `[tool.notelint.sections]`; on notes not
    written to the standard, `profile = "existing-notes"` leaves this rule out.

    ## Why is this bad?
    An audit-ready note has a fixed shape so that a reader (or a tool) can find the glossary,
    the assumptions and the derivation without reading everything; a missing section is
    usually missing content, not just a missing heading.

    ## Example
    ```markdown
    # Ridge regression
    ## 0) Metadata
    ## 1) Concept & Intuition
    ## 3) Assumptions, Constraints & Conditions
    ## 4) Derivation Protocol
    ## 5) Geometric / Graphical Intuition
    ## 6) Implementation Insights
    ## 7) Key Insights / Common Mistakes
    ## 8) One-Line Recap
    ```

    Use instead:
    ```markdown
    # Ridge regression
    ## 0) Metadata
    ## 1) Concept & Intuition
    ## 2) Notation & Objects
    ## 3) Assumptions, Constraints & Conditions
    ## 4) Derivation Protocol
    ## 5) Geometric / Graphical Intuition
    ## 6) Implementation Insights
    ## 7) Key Insights / Common Mistakes
    ## 8) One-Line Recap
    ```
    """
    template = ctx.config.section_template
    missing = [key for key in template.required if "." not in key and key not in note.sections]
    if not missing:
        return
    names = ", ".join(f'{key} "{template.display.get(key, key)}"' for key in missing)
    plural = "s" if len(missing) > 1 else ""
    first_line_end = len(note.index.line_text(1))
    ctx.report(0, first_line_end, f"missing section{plural} {names}")
