"""NL506's "follows" check (notelint.math.cas.follows, run in-process here: it is the worker's code).

Each combination a derivation cites is tested in both directions: the correct step follows,
its near miss (a sign, a transpose, a factor, an inverse) does not, with a counterexample.
"""

from __future__ import annotations

import pytest

from notelint.math.cas.follows import check_follows
from notelint.math.checking.estimators import solved, unhat
from notelint.math.checking.jobs import Assumption, Context, FollowsJob, Premise

RIDGE = Context(shapes={"X": ("n", "d"), "w": ("d", 1), "y": ("n", 1), "I_d": ("d", "d")})
POSITIVE_LAMBDA = (Assumption("\\lambda", "positive"),)
GRADIENT = Premise("(2)", r"\nabla_w J(w)", r"X^\top(Xw-y) + \lambda w", zero=True)
STATIONARY = Premise("(3)", r"X^\top X w - X^\top y + \lambda w", "0")
COLLECTED = Premise("(4)", r"(X^\top X + \lambda I_d)\,w", r"X^\top y")


def _verdict(
    left: str,
    right: str,
    *premises: Premise,
    ctx: Context = RIDGE,
    assumptions: tuple[Assumption, ...] = POSITIVE_LAMBDA,
    variables: tuple[str, ...] = ("w",),
) -> tuple[str, str]:
    job = solved(FollowsJob(left, right, premises, ctx, assumptions, variables))
    result = check_follows(job)
    return result.status, result.message


@pytest.mark.parametrize(
    ("left", "right", "premise", "expected"),
    [
        # setting the gradient to zero
        (r"X^\top X w - X^\top y + \lambda w", "0", GRADIENT, "holds"),
        (r"X^\top X w + X^\top y + \lambda w", "0", GRADIENT, "fails"),  # a sign
        # rearrangement / collecting terms
        (r"(X^\top X + \lambda I_d)\,w", r"X^\top y", STATIONARY, "holds"),
        (r"X^\top y", r"(X^\top X + \lambda I_d)\,w", STATIONARY, "holds"),  # sides swapped
        (r"(X^\top X - \lambda I_d)\,w", r"X^\top y", STATIONARY, "fails"),  # a sign
        (r"(X^\top X + 2\lambda I_d)\,w", r"X^\top y", STATIONARY, "fails"),  # a factor
        # multiplying by the inverse the assumption makes exist
        (r"\hat w", r"(X^\top X + \lambda I_d)^{-1}X^\top y", COLLECTED, "holds"),
        (r"\hat w", r"(X^\top X)^{-1}X^\top y", COLLECTED, "fails"),  # the wrong inverse
    ],
)
def test_ridge_steps(left: str, right: str, premise: Premise, expected: str) -> None:
    status, message = _verdict(left, right, premise)
    assert status == expected, message
    if expected == "fails":
        assert "the premise holds with" in message and "left − right of the step is" in message


def test_a_dropped_transpose_that_still_type_checks_fails() -> None:
    ctx = Context(shapes={"A": ("d", "d"), "w": ("d", 1), "b": ("d", 1)})
    premise = Premise("(1)", r"A^\top A w", r"A^\top b")
    assert _verdict(r"A^\top A w", r"A^\top b", premise, ctx=ctx)[0] == "holds"
    assert _verdict(r"A A^\top w", r"A^\top b", premise, ctx=ctx)[0] == "fails"


def test_a_scalar_equation_solved_nonlinearly() -> None:
    ctx = Context(functions={"\\sigma": (("z",), r"\frac{1}{1 + e^{-z}}")})
    hyp = (Assumption("x", "nonzero"), Assumption("y", "interval", "0", "1", True, True))
    premise = Premise("(5)", r"\sigma(xw)", "y")
    assert _verdict(r"xw", r"\log\frac{y}{1-y}", premise, ctx=ctx, assumptions=hyp)[0] == "holds"
    assert _verdict(r"xw", r"\log\frac{1-y}{y}", premise, ctx=ctx, assumptions=hyp)[0] == "fails"


def test_substitution_of_a_named_premise() -> None:
    ctx = Context(shapes={"K": ("n", "n"), "C": ("n", "n"), "k": ("n", 1), "I_n": ("n", "n")})
    hyp = (Assumption("K", "spd"), Assumption("s", "positive"))
    definition = Premise("(1)", "C", r"K + s^2 I_n")
    variance = Premise("(4)", r"\kappa - v", r"k^\top C^{-1} k")
    good = _verdict(
        r"\kappa - v", r"k^\top (K + s^2 I_n)^{-1} k", definition, variance, ctx=ctx, assumptions=hyp
    )
    bad = _verdict(r"\kappa - v", r"k^\top K^{-1} k", definition, variance, ctx=ctx, assumptions=hyp)
    assert good[0] == "holds", good[1]
    assert bad[0] == "fails", bad[1]


def test_a_step_may_pick_one_solution_of_a_singular_system() -> None:
    # (8) = 0 has many solutions when the PSD K is singular; (9) names one of them
    ctx = Context(shapes={"K": ("n", "n"), "\\alpha": ("n", 1), "y": ("n", 1), "I_n": ("n", "n")})
    hyp = (Assumption("K", "psd"), Assumption("\\lambda", "positive"))
    premise = Premise(
        "(8)", r"\nabla_\alpha J(\alpha)", r"2K\big((K + \lambda I_n)\alpha - y\big)", zero=True
    )
    good = _verdict(
        r"\hat\alpha", r"(K + \lambda I_n)^{-1} y", premise, ctx=ctx, assumptions=hyp, variables=("\\alpha",)
    )
    bad = _verdict(
        r"\hat\alpha", r"(K - \lambda I_n)^{-1} y", premise, ctx=ctx, assumptions=hyp, variables=("\\alpha",)
    )
    assert good[0] == "holds", good[1]
    assert bad[0] != "holds"


def test_symmetric_unknowns_stay_symmetric_and_trivial_solutions_prove_nothing() -> None:
    ctx = Context(shapes={"S": ("d", "d"), "w": ("d", 1)})
    hyp = (Assumption("S", "symmetric"),)
    premise = Premise("(3)", r"S w - \lambda w", "0")
    assert _verdict(r"S w", r"\lambda w", premise, ctx=ctx, assumptions=hyp)[0] == "holds"
    status, message = _verdict(r"S w", r"-\lambda w", premise, ctx=ctx, assumptions=hyp)
    assert status == "fails", message
    # the counterexample's S is symmetric: S[2,1] is not a separate value
    assert "S[2,1]" not in message


def test_a_step_with_a_symbol_its_premise_lacks_is_not_refuted() -> None:
    status, message = _verdict(r"\hat y", r"X\hat w", COLLECTED)
    assert status == "unknown", message


def test_definitions_alone_require_an_identity() -> None:
    ctx = Context(functions={"L": (("z_1", "z_2"), r"-\log\frac{e^{z_1}}{e^{z_1} + e^{z_2}}")})
    definition = Premise("(1)", "L(z_1, z_2)", r"-\log\frac{e^{z_1}}{e^{z_1} + e^{z_2}}")
    good = _verdict(
        r"\frac{\partial}{\partial z_2} L(z_1, z_2)",
        r"\frac{e^{z_2}}{e^{z_1} + e^{z_2}}",
        definition,
        ctx=ctx,
    )
    bad = _verdict(
        r"\frac{\partial}{\partial z_2} L(z_1, z_2)",
        r"-\frac{e^{z_2}}{e^{z_1} + e^{z_2}}",
        definition,
        ctx=ctx,
    )
    assert good[0] == "holds", good[1]
    assert bad[0] == "fails", bad[1]


def test_an_untranslatable_premise_leaves_the_step_unknown() -> None:
    premise = Premise("(1)", r"\mathbb{E}[X]", r"\mu")
    assert _verdict("w", "0", premise)[0] == "unknown"


def test_unhat_reads_an_estimator_as_the_variable_only() -> None:
    assert unhat(r"\hat w = A^{-1} b", ["A w - b"], ("w",)).split() == ["w", "=", "A^{-1}", "b"]
    # y is data, not a variable the derivation differentiates in: \hat y stays
    assert unhat(r"\hat y = X \hat w", ["X w = y"], ("w",)) == r"\hat y = X  w "
    # the premise already uses \hat w: nothing to read
    assert unhat(r"\hat w = 1", [r"\hat w - 1"], ("w",)) == r"\hat w = 1"


HAT = Context(shapes={"X": ("n", "d"), "y": ("n", 1), "r": ("n", 1), "H": ("n", "n"), "I_n": ("n", "n")})


def test_definitions_are_substituted_into_each_other() -> None:
    """r = (I − H)y with H := X(XᵀX)⁻¹Xᵀ: Xᵀr = 0 holds only once H is substituted into r's value."""
    residual = Premise("the rule", "r", r"(I_n - H)y")
    hat = Premise("(6)", "H", r"X(X^\top X)^{-1}X^\top", cited=False)
    assert _verdict(r"X^\top r", "0", residual, hat, ctx=HAT)[0] == "holds"
    status, message = _verdict(r"X^\top r", r"X^\top y", residual, hat, ctx=HAT)
    assert status == "fails", message


def test_a_second_definition_of_a_name_is_an_equation() -> None:
    """y = 2x and y = x + 1: only the first is substituted, the second constrains x (x = 1)."""
    ctx = Context()
    first, second = Premise("(1)", "y", "2x"), Premise("(2)", "y", "x + 1")
    assert _verdict("x", "1", first, second, ctx=ctx, variables=())[0] == "holds"
    status, message = _verdict("x", "2", first, second, ctx=ctx, variables=())
    assert status == "fails" and "all of (1) and (2) hold" in message, message


def test_following_from_the_translatable_premises_counts_but_never_refutes() -> None:
    """One premise notelint cannot read: the step follows from the others, or stays unknown."""
    ctx = Context()
    linear = Premise("(1)", "a x", "b")
    unread = Premise("(2)", r"\operatorname{foo}(x)", "1")
    assumptions = (Assumption("a", "positive"),)
    assert (
        _verdict("x", r"\frac{b}{a}", linear, unread, ctx=ctx, variables=(), assumptions=assumptions)[0]
        == "holds"
    )
    status, message = _verdict(
        "x", r"\frac{a}{b}", linear, unread, ctx=ctx, variables=(), assumptions=assumptions
    )
    assert status == "unknown" and "notelint cannot read (2)" in message, message


def test_a_derivative_that_only_restates_the_definition_is_not_a_stationarity_condition() -> None:
    """∇J = its computed value constrains nothing: a solution step is unknown (its rule does not
    say "set to zero"), and with the rule saying so a wrong solution fails."""
    ctx = Context(
        functions={"J": (("w",), r"\tfrac12\|Xw-y\|_2^2 + \tfrac{\lambda}{2}\|w\|_2^2")}, shapes=RIDGE.shapes
    )
    gradient = Premise("(2)", r"\nabla_w J(w)", r"X^\top(Xw-y) + \lambda w")
    status, message = _verdict(r"\hat w", r"(X^\top X + \lambda I_d)^{-1}X^\top y", gradient, ctx=ctx)
    assert status == "unknown" and "(2) only computes a derivative" in message, message
    zero = Premise("(2)", r"\nabla_w J(w)", r"X^\top(Xw-y) + \lambda w", zero=True)
    assert _verdict(r"\hat w", r"(X^\top X + \lambda I_d)^{-1}X^\top y", zero, ctx=ctx)[0] == "holds"
    assert _verdict(r"\hat w", r"(X^\top X - \lambda I_d)^{-1}X^\top y", zero, ctx=ctx)[0] == "fails"


# ---- opaque atoms: a derivative of the undefined loss, undefined densities -----------------------
CHAIN = Premise("(3)", r"\frac{\partial L}{\partial w}", r"a\,\frac{\partial L}{\partial u}")
UPDATE = Premise("(2)", r"w'", r"w - \eta\,\frac{\partial L}{\partial w}")
STEP = Premise("(4)", r"w'", r"w - \eta\,a\,\frac{\partial L}{\partial u}")
FLIPPED = Premise("(4)", r"w'", r"w + \eta\,a\,\frac{\partial L}{\partial u}")
JOINT = Premise("(1)", r"p(x,y)", r"p(y)\,p(x\mid y)")


@pytest.mark.parametrize(
    ("left", "right", "premises", "expected"),
    [
        # the same atom in premise and step is the same unknown: substitution and rearrangement
        (r"w'", r"w - \eta\,a\,\frac{\partial L}{\partial u}", (CHAIN, UPDATE), "holds"),
        (r"\frac{\partial L}{\partial u}", r"\frac{1}{a}\frac{\partial L}{\partial w}", (CHAIN,), "holds"),
        (r"w' - w + \eta\,a\,\frac{\partial L}{\partial u}", "0", (STEP,), "holds"),
        (r"p(x\mid y)", r"\frac{p(x,y)}{p(y)}", (JOINT,), "holds"),
        (r"\log p(x,y)", r"\log p(y)+\log p(x\mid y)", (JOINT,), "holds"),
        # a failure whatever the atoms are (a dropped term that is not an atom): does not follow
        (r"w' + \eta\,a\,\frac{\partial L}{\partial u}", "0", (STEP,), "fails"),
        (r"\log p(x,y)", r"\log p(y)+\log p(x\mid y)+1", (JOINT,), "fails"),
        # a failure that vanishes when an atom is 0 (a sign on the atom's term): unknown
        (r"w' - w + \eta\,a\,\frac{\partial L}{\partial u}", "0", (FLIPPED,), "unknown"),
        (r"\frac{\partial L}{\partial u}", r"a\,\frac{\partial L}{\partial w}", (CHAIN,), "unknown"),
        (r"p(x\mid y)", r"\frac{p(y)}{p(x,y)}", (JOINT,), "unknown"),
        # the atom solved from the premise: a law the note does not write may pin it elsewhere
        (r"\frac{\partial L}{\partial u}", r"\frac{w - w'}{\eta\,a}", (FLIPPED,), "unknown"),
    ],
)
def test_steps_with_opaque_atoms(left: str, right: str, premises: tuple[Premise, ...], expected: str) -> None:
    status, message = _verdict(left, right, *premises, ctx=Context(), assumptions=(), variables=())
    assert status == expected, message
    if expected == "unknown":
        assert "depends on what $" in message, message
    if expected == "fails":
        assert "⟦" not in message, message  # atoms are named as written


def test_the_check_with_definitions_as_symbols_reads_the_solved_step() -> None:
    """The retry with the note's values not substituted (``dataclasses.replace`` in the worker)
    keeps the step's solved sides: a step restating a 4.A definition with another value fails."""
    premise = Premise("(1)", "u", r"\frac{2}{n}", cited=False)
    ctx = Context(values={"u": r"\frac{2}{n}"})
    positive = (Assumption("n", "integer"), Assumption("u", "positive"))
    assert _verdict("u", r"\frac{1}{n}", premise, ctx=ctx, assumptions=positive, variables=())[0] == "fails"
    assert _verdict("u", r"\frac{2}{n}", premise, ctx=ctx, assumptions=positive, variables=())[0] == "holds"


# ---- a step over an index set (\sum_{i\in\mathcal{I}_k}): follows at the sampled subset, never fails
CLASS = Context(shapes={"x": ("n", 1), "\\mu": (1, 1), "n_k": (1, 1)})
CLASS_SIZE = Premise("section 2", "n_k", "|\\mathcal{I}_k|", cited=False)
CLASS_GRADIENT = Premise("(8)", "g", "\\sum_{i\\in\\mathcal{I}_k}(x_i-\\mu)", zero=True)


def test_a_step_over_an_index_set_follows_with_the_sets_size() -> None:
    status, _ = _verdict(
        "\\mu",
        "\\frac{1}{n_k}\\sum_{i\\in\\mathcal{I}_k}x_i",
        CLASS_GRADIENT,
        CLASS_SIZE,
        ctx=CLASS,
        assumptions=(),
        variables=("\\mu",),
    )
    assert status == "holds"


@pytest.mark.parametrize(
    "right",
    [
        "\\frac{1}{n_k+1}\\sum_{i\\in\\mathcal{I}_k}x_i",  # off by one: wrong, but not refuted
        "\\frac{1}{n_k}\\sum_{i\\in\\mathcal{I}_k}x_i",  # right, but the set's size is not given
    ],
)
def test_a_step_over_an_index_set_that_fails_is_unknown(right: str) -> None:
    premises = (CLASS_GRADIENT, CLASS_SIZE) if "+1" in right else (CLASS_GRADIENT,)
    status, message = _verdict("\\mu", right, *premises, ctx=CLASS, assumptions=(), variables=("\\mu",))
    assert status == "unknown"
    assert "arbitrary subset" in message or "does not mention" in message


def test_a_number_decides_what_simplify_would_about_a_residual() -> None:
    # fails_whatever_atoms asks whether the step's residual is a nonzero number whatever the
    # note's undefined atoms are; a few evaluations answer "varies" and "zero" without simplify
    import sympy as sp

    from notelint.math.cas import premise_solving

    p, q = sp.symbols("p q", positive=True)
    assert premise_solving._probe(sp.log(p * q) - sp.log(p) - sp.log(q)) == "zero"
    assert premise_solving._probe(sp.log(2 * p) - sp.log(p)) == "constant"
    assert premise_solving._probe(p / (p + q)) == "varies"
    # the step fails whatever p is only when its residual is a nonzero number
    assert premise_solving.fails_whatever_atoms(sp.log(2 * p) - sp.log(p), 0, [], {}, {p}) is True
    assert (
        premise_solving.fails_whatever_atoms(sp.log(p * q) - sp.log(p) - sp.log(q), 0, [], {}, {p, q})
        is False
    )
    assert premise_solving.fails_whatever_atoms(p - q, 0, [], {}, {p}) is False


def test_several_premises_are_solved_one_after_another() -> None:
    # √(αμ) = 1-√β and √(αL) = 1+√β: no single unknown solves both; μ from the first and L from
    # the second do, and the sum of the two follows while a slipped difference does not
    active = (
        Premise("(1)", r"\sqrt{\alpha\mu}", r"1-\sqrt\beta"),
        Premise("(1)", r"\sqrt{\alpha L}", r"1+\sqrt\beta"),
    )
    positive = tuple(Assumption(s, "positive") for s in (r"\alpha", r"\mu", "L", r"\beta"))
    sum_ = _verdict(r"\sqrt\alpha\,(\sqrt L+\sqrt\mu)", "2", *active, ctx=Context(), assumptions=positive)
    assert sum_[0] == "holds"
    slip = _verdict(
        r"\sqrt\alpha\,(\sqrt L-\sqrt\mu)", r"\sqrt\beta", *active, ctx=Context(), assumptions=positive
    )
    assert slip[0] == "fails"


def test_two_index_letters_are_different_entries() -> None:
    # y_c and y_k read as one entry made the dropped K "follow" from log(y_c/y_k) = …
    ratio = Premise("(1)", r"\log\frac{y_c}{y_k}", r"\log\frac{1-\varepsilon+\varepsilon/K}{\varepsilon/K}")
    ctx = Context(shapes={"y": ("K", 1)})
    eps = (Assumption(r"\varepsilon", "positive"),)
    left = r"\log\frac{1-\varepsilon+\varepsilon/K}{\varepsilon/K}"
    status, message = _verdict(
        left, r"\log\Big(1+\frac{1-\varepsilon}{\varepsilon}\Big)", ratio, ctx=ctx, assumptions=eps
    )
    assert status == "fails" and message.startswith("with c=1, k=2")
