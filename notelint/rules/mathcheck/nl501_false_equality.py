from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.mathcheck._report import report


@rule(
    code="NL501",
    name="false-equality",
    summary="An equality that SymPy shows to be false",
    facets=("analysis", "derivation"),
)
def false_equality(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Checks every `=` of every relation chain (`a = b = c`, `align` lines continued with
    `&=`, inline and display math) by translating both sides to SymPy and comparing them:
    exactly for numbers, at random points for symbolic identities (sampled under the
    assumptions the note states: positive numbers, intervals, symmetric positive-definite or
    orthogonal matrices), entry by entry for matrices of the declared shapes. The message
    gives both values or a concrete counterexample.

    What `=` means: exact (`10^{16}+1 = 10^{16}` is false; no floating point), except
    against a side that is a written decimal (`0.67`, `3.2\times10^{-5}`): then the other
    side must round to it at its written precision, or truncate to it when it has three or
    more significant digits (`\frac23 = 0.67` and `e = 2.718` hold, `\frac23 = 0.6` does
    not). Decimals inside an expression are exact data (`0.333+0.333+0.333 = 1` is false).

    Only claims are reported. In a note written to the standard, the structure says what a
    claim is: every relation of a 4.B step, a 4.C check, a 4.D identity and the 4.E result
    (inside `\boxed{…}` too). 4.A and a relation naming a new symbol (`\hat w = …`) define;
    sections 2 and 3 declare and assume; a (LECTURER CLAIM) is the lecturer's, its
    (RECONSTRUCTED) correction the note's; the condition a step's title or rule names
    ("first-order stationarity") holds in that step only. In other notes the relation's own
    sentence decides ("setting … to zero", "where"), and a relation that may be a condition
    is never reported — it counts as unverifiable (NL504), with the reason.

    Hypotheses are sampled under, not a reason to give up: `a>0`, `0<\gamma<1`,
    `S^\top=S`, `\Sigma\in\mathbb{S}^d_{++}` or "orthogonal $Q$" in sections 2–3, and
    "for $c<0$" in the relation's own sentence. `e` is Euler's number unless section 2
    declares a symbol `e`, and `\pi` the constant unless it declares a number `\pi` (a
    prevalence); `\log` is natural unless the note says otherwise for that log; `\Phi` is
    the standard normal CDF where the note's words name it ("standard normal", "normal
    approximation") and section 2 declares no other `\Phi`.
    What the note defines is substituted before the relation is decided: a definition
    anywhere in a note that follows the standard (also one written after its use,
    `\qquad H := …`), the equalities a step's rule citation states, a worked example's values
    in that example ("with $n=3$", the case a bold title names, "**Edge case $m=1$.**", a
    number its sentence's hypothesis gives a name, "if $n_k=0$", a matrix given by the columns
    the glossary names, `X_1`, `X_2`, and a value a check states for a name with no definition,
    which the example's next checks use), a function and its family (`S_\tau(z)` applied as
    `S_1(3)`), and a matrix size written as a number (`\operatorname{tr}(I_d)=d`, decided at
    two instances of the sizes). A relation still false after substitution is reported. A
    failure is unknown, with the reason in words, when the relation gives the value of a
    symbol it names (`u=\kappa_1/\kappa_2`), holds under an equation its sentence or
    paragraph assumes ("for $Kv=0$") or under a restriction in words right after it ("for an
    orthonormal design"), is a 4.C check whose symbols the example gives no value, or uses a
    definition the job could not substitute (named, with its line). A row labelled with its
    case (`u>0: &\quad u=z-\tau`) holds in that case only: the value it gives is not a
    definition for the note, and a failure on the case's symbols is unknown. A relation
    written after `\text{s.t.}`, `\text{if}`, `\text{for}` or `\text{where}` in its formula is
    a condition of that formula. An equation in one unknown that its sentence goes on to
    solve ("$1-2\eta=-(1-6\eta)$, which gives $\eta^\star=0.25$") is checked at the stated
    solution instead: holding there, it is a condition; failing there, it is reported with
    that value. The note's assumptions also reach the symbols a substituted
    definition brings in (`S := X^\top X/(n-1)` with `X = U\Sigma V^\top` and `U^\top U = I_r`);
    a tall matrix with orthonormal columns is sampled as one, and a class no matrix of the
    sampled size has makes the relation unknown, never values that ignore it.

    What the note uses without defining it is an *opaque atom*, an unknown number: an
    application of a function it never defines (`p(y=k\mid x)`, `k(x,x')`,
    `\lambda_{\min}(H)`; the same name and the same arguments as written are the same atom,
    and a summation index takes its value: `p(x_i)` at `i=2` is `p(x_2)`), and a derivative of
    a quantity that does not mention the variable (`\partial L/\partial\gamma` with `L`
    undefined; each of its symbols may depend on the variable, so the chain rule applies to
    them: `\nabla_\theta\log p_\theta = \nabla_\theta p_\theta / p_\theta`; entry `i` of
    `\nabla_x L` is `\partial L/\partial x_i`). A relation that holds for every value of its
    atoms is verified (`p(x)+p(x) = 2p(x)`, `\sum_i g_i\hat x_i = \hat x^\top g` with
    `g = \nabla_y L`); one that fails for some values is unknown ("depends on what
    $\partial L/\partial\gamma$ is"), never reported: the chain rule or the law the note has in
    mind may make it true. It is reported only when the atoms cancel from left − right
    (`\lambda_{\min}(H) > \lambda_{\min}(H)+1`). An integral, limit or expectation of an atom,
    a sum of one over a symbolic range and a second derivative of one are not read.

    A table of values is read too: a column headed by a formula in the symbols other columns
    head (`| $x_i$ | $y_i$ | $x_i^2$ | $x_i y_i$ |`) states that formula's value in each row,
    at that row's numbers (only rows whose inputs are exact: integers, fractions, decimals of at
    most two significant digits; a cell written `$\approx 0.135$` is an approximation, NL502).
    A row of totals ("Total", "Sum", "Σ", or every number in bold) must be the sum of the plain
    numbers above it, within half a unit of each one's last digit and one of the total's; a
    column with a wrong cell is reported at that cell, and a table with a row standing for
    several ("1–5 (each)") has no total checked.

    ## Why is this bad?
    The standard says "whenever two expressions are claimed equal, show the exact
    transformation". A wrong step silently invalidates everything derived from it.

    ## Example
    ```markdown
    $$\frac{d}{dx}\left(x^2 + 4y^2\right) = 2x + 8y$$
    ```

    Use instead:
    ```markdown
    $$\frac{d}{dx}\left(x^2 + 4y^2\right) = 2x$$
    ```
    """
    report(note, ctx, {"NL501"}, "refuted", "false equality")
