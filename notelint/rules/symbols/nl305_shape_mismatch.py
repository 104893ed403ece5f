from __future__ import annotations

from notelint.math import shapes
from notelint.math.glossary import glossary, math_atoms
from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.symbols._common import checked_math


@rule(
    code="NL305",
    name="shape-mismatch",
    summary="an expression whose shapes cannot agree under the declared shapes",
)
def shape_mismatch(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Infers the shape of every expression from the shapes section 2 declares and reports
    those that cannot agree: a product with different inner sizes (`Xw` with
    `X\in\mathbb{R}^{n\times d}`, `w\in\mathbb{R}^n`), a sum of different shapes (a vector
    plus a vector of another size, a matrix plus a vector that matches none of its
    columns), the inverse, power, determinant or trace of a non-square matrix, an inner
    product of vectors of different sizes, and a declared map applied to an argument of the
    wrong shape; and the two sides of `=` or `\approx` when both shapes are known and
    neither is a scalar (`\hat w = (X^\top X)^{-1} X^\top` with the `y` missing; a scalar
    side is allowed, as in a one-dimensional check `X^\top X = 4`). The message names both
    shapes, e.g.
    `X (n×d) times (Xw-y) (n): inner sizes d and n differ`.

    Sizes are symbolic: `n` and `d` are different sizes unless the note says otherwise with
    an equation between sizes in section 2 or 3 (`$n = d$`; a number, as in a one-dimensional
    check `$d = 1$`, does not count). Transposes, inverses, powers, norms
    (scalars), inner and outer products, `\nabla_w f` (the shape of `w`),
    `\frac{\partial L}{\partial W}` (the shape of `W`), `\operatorname{diag}`, `I_d` (and
    `I` of any size), elementwise functions and scalar broadcasting are understood; a
    vector added to a matrix with as many columns is a bias broadcast over rows and is
    accepted. Anything else — undeclared symbols, entries `x_i`, iterates `w_t`, integrals,
    `\cdot` placeholders — has an unknown shape, which never produces a finding. The
    schematic identities of 4.D and the glossary itself are not checked. A note without a
    glossary declares no shapes, so nothing is reported.

    ## Why is this bad?
    A product or sum whose shapes cannot agree is a wrong formula: a missing transpose, a
    swapped factor or a confused size. The standard asks for dimensional checks precisely
    to catch these.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$: design matrix.
    - $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$: targets and weights.

    ### 4) Derivation Protocol
    #### 4.B Step-by-Step Derivation
    $$\nabla_w J(w) = X (Xw - y) \tag{2}$$
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$: design matrix.
    - $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$: targets and weights.

    ### 4) Derivation Protocol
    #### 4.B Step-by-Step Derivation
    $$\nabla_w J(w) = X^\top (Xw - y) \tag{2}$$
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    env = table.shape_env()
    for m in checked_math(note):
        for err in shapes.check(math_atoms(m), m.latex, env):
            ctx.report(m.content_start + err.start, m.content_start + err.end, err.message)
