from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule

#: per-note step counts published for ``--statistics`` (follows / fails / unknown)
STEPS_STATS_KEY = "notelint.steps"


@rule(
    code="NL506",
    name="step-does-not-follow",
    summary="A derivation step does not follow from the equations it cites",
    facets=("derivation",),
)
def step_does_not_follow(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    In a note written to the standard, checks that each relation `L = R` of a 4.B step that
    is not an identity on its own follows from its premises, and that the boxed 4.E result
    follows from the steps. In a note that does not follow the standard (the
    `existing-notes` profile selects this rule too), only what an implication sign joins is
    checked: `r^n = r^{n-1} + r^{n-2} \Longrightarrow r^2 - r - 1 = 0` must follow from the
    equation before the sign alone, with nothing else of the note (such notes reuse names
    freely); a conclusion that writes a name the premise does not is left alone. The
    premises of a step are:

    - the equations it references (`(3)`, `\eqref{…}`), or the previous step when it
      references none (the 4.A equations for the first step);
    - the equations written in its rule (`{Rule: substitution of $r = (I_n - H)y$}`);
    - every definition made before it and used by it: a 4.A `name = …`, a `H := …` on any
      step's line (its own included), and a name a step introduces (`\hat y = X\hat w`, a
      name no earlier equation mentions); definitions are substituted into each other, and a
      second definition of the same name is an equation, not a substitution;
    - function definitions (`J(w) = …`, in 4.A or a step), substituted wherever used, so the
      derivative of a cited definition can be taken;
    - the assumptions of sections 2–3, which restrict the values sampled (`\lambda > 0`,
      symmetric positive-definite matrices, …).

    Inside a step, an equation joined to another by an implication sign alone
    (`e^{2\alpha} = r \iff \alpha = \tfrac12\log r`; `\implies`, `\Rightarrow`,
    `\Longrightarrow`, `\iff`, `\Leftrightarrow`, and `\impliedby`, `\Leftarrow` read
    backwards) must follow from the statement beside it alone, with the definitions in
    force; when it writes a symbol that statement does not (`\phi'(\alpha) = 0 \iff
    \alpha_k = …`, `… = 1 \implies \lambda = N`), the sign renames or brings in something
    from elsewhere and the implication is left alone.

    `L = R` *follows* from its premises when every value of the symbols that satisfies the
    premises also satisfies the step. This covers rearrangement and collecting terms
    (`L − R = c·(L_k − R_k)`, `c ≠ 0`), multiplying both sides by a matrix the assumptions
    make invertible, inverting, substituting a premise `name = expr`, applying a function to
    both sides, and setting a gradient to zero: a premise whose left side is a gradient or
    derivative is used as `R_k = 0` when the step's rule or title says so ("set (2) to zero",
    "first-order condition", "stationarity", "where (8) vanishes"). Vectors and matrices are
    instantiated at the glossary's declared sizes; a declared family `x_t ∈ ℝ^D` (with `t` an
    index) gives `x_{t-1}`, `x_0`, `x_T` the same shape.

    notelint decides it at random rational points: every symbol but one *unknown* the step
    and premise share (a variable the note differentiates in first, then the step's
    solved-for side; never a matrix assumed positive-definite or orthogonal, and a symmetric
    one only over symmetric matrices) gets a value, the premise is solved exactly for the
    unknown (a linear system, or one scalar equation), and the step is evaluated exactly at
    each solution. When the premise has several solutions (a singular system, `±` roots) the
    step must hold at all of them, or name one of them (its own solution satisfies the
    premise); a premise that holds whatever the unknown makes the step an identity check. A
    step that fails at two such points does not follow: the finding names the premises and a
    counterexample (values at which the premises hold and the step does not). Several
    premises are tried one by one, then together. An estimator `\hat w` or `w^\star` is read
    as the solution for `w` when the note differentiates in `w`.

    What else is reported, and where:
    - a step that does not follow from what it cites but does from one other earlier
      equation follows; NL504 (info) says which equation it follows from, so the citation can
      be corrected (not when what it cites is itself a step that does not follow);
    - a step notelint cannot decide is reported by NL504 (info) with the reason in words:
      which premise it cannot read and why, which symbol the premises do not mention, what it
      cannot solve for, or that a cited derivative only restates its definition and the rule
      does not say it is set to zero;
    - in the language server, hovering a step's equation shows its verdict and premises.

    Not reported: a step that cites nothing and could use an earlier equation other than the
    previous step; a step citing a 4.D identity that does not follow without it (identities
    are not premises yet: unknown); identities on their own (NL501's; a 4.B relation NL506
    decides is left to NL506 by NL501); a bare name no earlier equation mentions (a new
    definition); a step that assumes its equation ("induction hypothesis", "… assume:"; it is
    a premise of what follows, and "by the induction hypothesis" does not excuse a step); the
    quoted (LECTURER CLAIM) and conditional statements (`n = d \Longrightarrow H = I_n`),
    which are no premises either.

    Undefined functions and derivatives of undefined quantities (`p(x\mid y)`,
    `\partial L/\partial u`) are opaque atoms, unknown numbers (see NL501): the same atom in a
    premise and in the step is the same unknown, so a step follows when it follows for every
    value of them (substituting `\partial L/\partial w = a\,\partial L/\partial u` into
    `w' = w - \eta\,\partial L/\partial w`). A step fails to follow only when it fails whatever
    values the atoms take (left − right of the step, with the premise solved for a symbol
    that is not an atom, is then a nonzero number: a dropped term that is not an atom); a
    failure that may vanish at some value of them (a sign on `\partial L/\partial u`'s term,
    which is right if `\partial L/\partial u = 0`) is unknown, "depends on what … is". The
    chain rule itself (`\partial L/\partial\gamma = \sum_i \partial L/\partial y_i\,
    \partial y_i/\partial\gamma`) relates different atoms and is not modelled: unknown.

    Several premises are solved together, each for its own unknown in turn when no single
    unknown solves them (`\sqrt{\alpha\mu}=1-\sqrt\beta` for μ, then `\sqrt{\alpha L}=1+\sqrt\beta`
    for L). Free index letters take distinct values when a step has two or three of them
    (`y_c` and `y_k` are different entries): it follows when it follows at each assignment,
    and the message of a failure says at which (`with c=1, k=2`).

    Limits: what the translator cannot read stays unknown (sums over index sets such as
    `\mathcal{I}_k`, entries of expressions such as `(H^2)_{ii}`, integrals and expectations of
    undefined functions, inner products other than of declared vectors and matrices, arg min or
    arg max over anything but a declared array's index, integrals over sets); a cited identity
    of 4.D is not used as a premise; equality
    in distribution ("distributed as") is not modelled; when some premises cannot be read, a
    step that follows from the others follows, but one that does not is unknown, never
    reported. Unknown steps are not NL506 findings; `--statistics` counts the steps that
    follow, do not follow and stay unknown.

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
    from notelint.math.checking.derivation import derivation

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
