from __future__ import annotations

from notelint.facets import PROVENANCE
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL206",
    name="unknown-provenance-tag",
    summary="a tag other than VERBATIM, RECONSTRUCTED, ASSUMPTION, GAP, LECTURER CLAIM",
    facets=("provenance",),
)
def unknown_provenance_tag(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that provenance tags are the standard's five: `(VERBATIM)`, `(RECONSTRUCTED)`,
    `(ASSUMPTION)`, `(GAP)`, `(LECTURER CLAIM)`. An all-capitals parenthesis is taken for a
    tag when it resembles one of them (`(RECONSTRUCT)`, `(VERBATUM)`), is a known
    look-alike (`(DERIVED)`, `(INFERRED)`), or stands where tags stand (the start of a line,
    list item or step) and has seven letters or more; acronyms such as `(MLE)`, `(KKT)`,
    `(ELBO)` are never taken for tags. A timestamp inside the parentheses is part of the tag:
    `(VERBATIM, 00:09:30)` is known, `(VERBATUM, 00:09:30)` is not.

    ## Why is this bad?
    Readers and tools rely on the five tags to tell lecture content from additions; an
    invented tag is not understood.

    ## Example
    ```markdown
    **Step 2.** (DERIVED) Set the gradient to zero.
    ```

    Use instead:
    ```markdown
    **Step 2.** (RECONSTRUCTED) Set the gradient to zero.
    ```
    """
    known = ", ".join(["VERBATIM", "RECONSTRUCTED", "ASSUMPTION", "GAP", "LECTURER CLAIM"])
    for tag in note.facet(PROVENANCE).tags:
        if not tag.known:
            written = note.text[tag.span.start + 1 : tag.span.end - 1]
            ctx.report(
                tag.span.start, tag.span.end, f"unknown provenance tag ({written}): use one of {known}"
            )
