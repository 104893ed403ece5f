from __future__ import annotations

from notelint.note import Note, Section
from notelint.rule import RuleContext, rule


@rule(
    code="NL102", name="section-order", summary="Sections are out of order, or one appears twice", facets=()
)
def section_order(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that the sections appear in the standard's order (0, 1, …, 9) and that no section
    or subsection (4.A–4.E) appears twice. Subsections are checked in order within section 4.

    ## Why is this bad?
    Readers navigate audit notes by position: the glossary (2) must come before the
    derivation (4) that uses it, and a duplicated section splits content that belongs
    together.

    ## Example
    ```markdown
    ## 3) Assumptions
    ## 2) Notation & Objects
    ```

    Use instead:
    ```markdown
    ## 2) Notation & Objects
    ## 3) Assumptions
    ```
    """
    display = ctx.config.section_template.display
    seen: dict[str, Section] = {}
    highest: dict[bool, Section] = {}
    for section in note.section_list:
        heading = section.heading
        first = seen.get(section.key)
        if first is not None:
            ctx.report(
                heading.span.start,
                heading.span.end,
                f'section {section.key} "{display.get(section.key, section.key)}" appears twice '
                f"(first at line {first.heading.line})",
            )
            continue
        seen[section.key] = section
        level = section.is_subsection
        previous = highest.get(level)
        if previous is not None and section.key < previous.key:
            ctx.report(
                heading.span.start,
                heading.span.end,
                f'section {section.key} "{display.get(section.key, section.key)}" comes after '
                f"section {previous.key} (line {previous.heading.line})",
            )
        else:
            highest[level] = section
