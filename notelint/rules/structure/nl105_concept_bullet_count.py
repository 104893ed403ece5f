from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.structure._helpers import is_empty


@rule(
    code="NL105",
    name="concept-bullet-count",
    summary="Section 1 has fewer than 3 or more than 6 bullets",
    facets=(),
)
def concept_bullet_count(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Counts the top-level bullets (list items, `-`, `*` or numbered) of section 1, Concept &
    Intuition, and checks there are 3 to 6 of them (configurable with
    `concepts.min-bullets` and `concepts.max-bullets`). Nested bullets do not count. An
    empty section is left to NL108.

    ## Why is this bad?
    The standard asks for a short, scannable statement of what the concept solves and why it
    matters: fewer than three bullets rarely covers problem, idea and picture; more than six
    is a second derivation section.

    ## Example
    ```markdown
    ## 1) Concept & Intuition
    - Ridge regression adds an L2 penalty.
    ```

    Use instead:
    ```markdown
    ## 1) Concept & Intuition
    - Ridge regression adds the penalty λ‖w‖₂² to the least-squares objective.
    - The penalty makes XᵀX + λI invertible for every λ > 0.
    - Geometrically, it shrinks w toward the origin along low-variance directions.
    ```
    """
    section = note.sections.get("1")
    if section is None or is_empty(note, section):
        return
    body = section.body
    items = []
    for token in note.tokens:
        if token.type == "list_item_open" and token.map is not None:
            start = note.index.line_start(token.map[0])
            if body.start <= start < body.end:
                items.append(token)
    top_level = min((t.level for t in items), default=0)
    count = sum(1 for t in items if t.level == top_level)
    low, high = ctx.config.get("concepts.min-bullets"), ctx.config.get("concepts.max-bullets")
    if not low <= count <= high:
        heading = section.heading.span
        ctx.report(
            heading.start,
            heading.end,
            f"section 1 has {count} bullet{'s' if count != 1 else ''}; the standard asks for {low}–{high}",
        )
