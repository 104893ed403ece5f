from __future__ import annotations

from notelint.math.semantics.glossary import glossary
from notelint.note import Note
from notelint.rule import RuleContext, rule

_EXAMPLE = {
    "vector": "\\mathbb{R}^{d}",
    "matrix": "\\mathbb{R}^{n \\times d}",
    "tensor": "\\mathbb{R}^{b \\times n \\times d}",
}


@rule(
    code="NL303",
    name="missing-shape",
    summary="a vector, matrix or tensor declared without its shape",
    facets=("glossary",),
)
def missing_shape(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Reports a symbol that section 2 declares as a vector, matrix or tensor without giving
    its sizes. The kind comes from the domain (`\mathbb{S}_{++}` is a set of matrices,
    `\mathcal{N}(0, \sigma^2 I)` a distribution of vectors, `\succ 0` a matrix bound) or from
    the first words of the description ("noise vector", "covariance matrix"). A shape is
    given by a sized set: `\mathbb{R}^{n\times d}` (or `\mathbb{R}^{n,d}`), `\mathbb{R}^d`,
    `\{0,1\}^n`, `\Delta^{K-1}`, `\mathbb{S}^d_{++}`, `\mathcal{N}(0, \sigma^2 I_n)`.
    An entry of a sized array named with its law (`$G \in \mathbb{R}^{K}$: noise with i.i.d.
    entries $G_i \sim \operatorname{Gumbel}(0,1)$`) and a member of a set the glossary sizes
    (`$\mathcal{P}_K \subseteq \mathbb{R}^K$`) take that shape, and so does a symbol in a set that
    lies in a sized space (`$\theta=(\theta_1,\theta_2)^\top\in\mathbb{R}\times(0,\infty)\subset
    \mathbb{R}^p$`). A note without a glossary is not checked (see NL301).

    ## Why is this bad?
    The standard requires every symbol to have a shape; without the sizes, no reader (and no
    dimensional check, NL305/NL505) can confirm that a product such as `\Sigma w` is defined.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $\Sigma \in \mathbb{S}_{++}$: covariance matrix.
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $\Sigma \in \mathbb{S}^{d}_{++}$: covariance matrix.
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    sized = {
        d.key
        for d in table.declarations
        if d.shape is not None and (d.shape.dims or d.shape.kind in ("scalar", "function"))
    }
    # ``$x_1,\dots,x_n\in\mathbb{R}^{d}$`` sizes the family: a later ``$x_i\sim\mathcal{N}(…)$``
    # (the law an expectation averages over) names a member, it does not declare a new symbol
    sized_families = {e.base for e in table.declarations if e.key in sized and e.key != e.base}
    for d in table.glossary:
        if d.function_like or d.key in sized or d.kind_hint not in ("vector", "matrix", "tensor"):
            continue
        if d.key != d.base and (d.base in sized_families or d.base in sized):
            # an entry of a sized array ("$G\in\mathbb{R}^{K}$: noise vector with i.i.d. entries
            # $G_i\sim\operatorname{Gumbel}(0,1)$") takes its shape from the array
            continue
        if d.shape is not None and (d.shape.dims or d.shape.kind in ("scalar", "function")):
            continue
        ctx.report(
            d.span.start,
            d.span.end,
            f"`{d.key}` is declared as a {d.kind_hint} without its shape; give its sizes, "
            f"e.g. `{d.key} \\in {_EXAMPLE[d.kind_hint]}`",
        )
