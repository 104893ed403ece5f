from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.structure._helpers import is_empty


@rule(
    code="NL108", name="empty-section", summary="A required section or subsection has no content", facets=()
)
def empty_section(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every required section (0–8) and every subsection 4.A–4.E that is present
    has content of its own: text, a list, math or code — HTML comments and blank lines do not
    count. A section whose only content is its subsections (section 4) is not empty.

    ## Why is this bad?
    An empty heading satisfies the outline while saying nothing; it hides the fact that a
    part of the note was never written.

    ## Example
    ```markdown
    ## 5) Geometric / Graphical Intuition

    ## 6) Implementation Insights
    ```

    Use instead:
    ```markdown
    ## 5) Geometric / Graphical Intuition
    The fitted values $X\\hat w$ are the orthogonal projection of $y$ onto the column space of $X$.

    ## 6) Implementation Insights
    Solve the normal equations with a Cholesky factorisation, not an explicit inverse.
    ```
    """
    template = ctx.config.section_template
    checked = set(template.required) | set(template.subsections)
    for section in note.section_list:
        if section.key not in checked:
            continue
        if section.key == "4" and any(s.is_subsection for s in note.section_list):
            continue
        if is_empty(note, section):
            heading = section.heading.span
            ctx.report(
                heading.start,
                heading.end,
                f'section {section.key} "{template.display.get(section.key, section.key)}" is empty',
            )
