from __future__ import annotations

from notelint.facets import PROVENANCE
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL208",
    name="undefined-identity-reference",
    summary="a step cites an identity (e.g. (I1)) that 4.D does not list",
    facets=("provenance",),
)
def undefined_identity_reference(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every identity cited by name — `(I1)`, `[I2]` — is listed in 4.D,
    Identities Used (as `(I1)`, `\\tag{I1}` or an item starting `I1:`). Notes without a 4.D
    subsection are left to NL103. The finding is at the citation.

    ## Why is this bad?
    The standard: "If using identities, cite them in Section 4.D." A citation of an
    identity that is not listed cannot be checked.

    ## Example
    ```markdown
    ### 4.B Step-by-Step Derivation
    **Step 1.** (RECONSTRUCTED) {Rule: gradient of a quadratic form (I3)}

    ### 4.D Identities Used
    - (I1) $\\nabla_w \\, w^\\top A w = (A + A^\\top) w$
    ```

    Use instead:
    ```markdown
    ### 4.B Step-by-Step Derivation
    **Step 1.** (RECONSTRUCTED) {Rule: gradient of a quadratic form (I1)}

    ### 4.D Identities Used
    - (I1) $\\nabla_w \\, w^\\top A w = (A + A^\\top) w$
    ```
    """
    prov = note.facet(PROVENANCE)
    if prov.identities is None:
        return
    listed = ", ".join(sorted(prov.identities)) or "nothing"
    for ref in prov.identity_refs:
        if ref.name not in prov.identities:
            ctx.report(
                ref.span.start,
                ref.span.end,
                f"identity ({ref.name}) is not listed in 4.D (it lists {listed})",
            )
