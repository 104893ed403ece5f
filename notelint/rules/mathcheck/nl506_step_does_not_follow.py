from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule

#: per-note step counts published for ``--statistics`` (follows / fails / unknown)
STEPS_STATS_KEY = "notelint.steps"


@rule(
    code="NL506",
    name="step-does-not-follow",
    summary="A derivation step does not follow from the equations it cites",
)
def step_does_not_follow(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    In a note written to the standard, checks that each relation `L = R` of a 4.B step that
    is not an identity on its own follows from its premises, and that the boxed 4.E result
    follows from the steps. The premises of a step are the equations it references (`(3)`,
    `\eqref{…}`), or the previous step when it references none; 4.A's function definitions
    are substituted where used and the assumptions of sections 2–3 restrict the values
    sampled (`\lambda > 0`, symmetric positive-definite matrices, …).

    `L = R` *follows* from a premise `L_k = R_k` when every value of the symbols that
    satisfies the premise also satisfies the step. This covers rearrangement and collecting
    terms (`L − R = c·(L_k − R_k)`, `c ≠ 0`), multiplying both sides by a matrix the
    assumptions make invertible, inverting, substituting a premise `name = expr`, and setting
    a gradient to zero: a premise whose left side is a gradient or derivative is used as
    `R_k = 0` when the step's rule says so ("set (2) to zero", "first-order condition").
    Vectors and matrices are instantiated at the glossary's declared sizes.

    notelint decides it at random rational points: every symbol but one *unknown* the step
    and premise share (the step's solved-for side first) gets a value, the premise is solved
    exactly for the unknown (a linear system, or one scalar equation), and the step is
    evaluated exactly at each solution. A step that fails at two such points does not
    follow: the finding names the premise and a counterexample (values at which the premise
    holds and the step does not). A step that does not follow from what it cites but does
    from another earlier equation is accepted (its citation is wrong; the data of the
    analysis says which). Identities on their own are NL501's; a bare name that no earlier
    equation mentions is a new definition and is not checked.

    Limits: applying a function to both sides (`\log`) and differentiating a cited
    expression are modelled only when the translator can read both equations (a gradient
    `\nabla_w J(w)` of a defined `J` usually is not, so a step "gradient of (1)" stays
    unknown); premises are used one at a time (after substituting the `name = expr` ones);
    a premise the translator cannot read, a step that brings in a symbol its premise does
    not mention, or a premise with no solution at the sample points leaves the step
    unknown. Unknown steps are not reported.

    ## Why is this bad?
    The standard promises an audit-ready derivation: every step must follow from what it
    cites. A dropped transpose, a sign or a missing factor in one step silently corrupts
    every later one, and the final result with them.

    ## Example
    ```markdown
    ## 2. Notation & Objects
    - $a, b, x \in \mathbb{R}$: scalars.

    ## 4. Derivation
    ### 4.B Step-by-Step Derivation

    $$a x + b = 0 \tag{1}$$

    From (1):

    $$x = \frac{b}{a} \tag{2}$$

    ### 4.E Final Result
    ```

    Use instead:
    ```markdown
    ## 2. Notation & Objects
    - $a, b, x \in \mathbb{R}$: scalars.

    ## 4. Derivation
    ### 4.B Step-by-Step Derivation

    $$a x + b = 0 \tag{1}$$

    From (1):

    $$x = -\frac{b}{a} \tag{2}$$

    ### 4.E Final Result
    ```
    """
    from notelint.math.derivation import derivation

    if not note.math:
        return
    result = derivation(note, ctx.config)
    stats = getattr(ctx, "stats", None)
    if isinstance(stats, dict) and result.per_step:
        stats[STEPS_STATS_KEY] = result.step_counts()
    for step in result.steps:
        if step.verdict != "fails":
            continue
        premises = ", ".join(step.premises)
        ctx.report(
            step.start,
            step.end,
            f"this step does not follow from {premises}: {step.message}",
            data={"verdict": "fails", "premises": list(step.premises)},
        )
