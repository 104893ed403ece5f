from __future__ import annotations

from notelint.math.reading.atoms import canonical
from notelint.math.semantics.glossary import glossary
from notelint.math.semantics.span_symbols import extraction
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL304",
    name="unused-symbol",
    summary="a symbol declared in section 2 and never used",
    severity="info",
    facets=("glossary", "math-model"),
)
def unused_symbol(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Reports a symbol that section 2 declares but no math of the note uses (info; off unless
    selected). A use anywhere counts, including in another declaration's shape (`n` in
    `X \in \mathbb{R}^{n\times d}`) and in a related form (`\hat{w}` uses `w`; `x_i` uses a
    declared `x_i` or `x`).

    ## Why is this bad?
    A declared symbol that is never used is either left over from an earlier draft or a sign
    that the derivation uses another name for the same object.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $w \in \mathbb{R}^d$: weight vector.
    - $b \in \mathbb{R}$: bias.

    ### 4) Derivation Protocol
    #### 4.A Definitions
    $$f(x) = w^\top x \tag{1}$$
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $w \in \mathbb{R}^d$: weight vector.
    - $b \in \mathbb{R}$: bias.

    ### 4) Derivation Protocol
    #### 4.A Definitions
    $$f(x) = w^\top x + b \tag{1}$$
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    declared_at = {(d.span.start, d.span.end) for d in table.glossary}
    used: set[str] = set()
    for m in note.math:
        for occ in extraction(m).occurrences:
            if (m.content_start + occ.start, m.content_start + occ.end) in declared_at:
                continue
            used.add(canonical(occ.key))
            used.add(canonical(occ.base))
    reported: set[str] = set()
    for d in table.glossary:
        if canonical(d.key) in used or canonical(d.base) in used or d.key in reported:
            continue
        reported.add(d.key)
        ctx.report(d.span.start, d.span.end, f"`{d.key}` is declared in section 2 but never used")
