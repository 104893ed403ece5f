"""Session 7's readers that moved from regexes over LaTeX onto atoms (issue 15): what a side is
(a number, a set, an interval), the hypotheses of a span, NL506's premises, the definition
tables' families and a step's relations. Each reading with its near miss."""

from __future__ import annotations

import pytest

from notelint.math.checking.estimators import unhat
from notelint.math.checking.hypotheses import assumptions_in, hypothesis_equations, merge
from notelint.math.checking.jobs import Assumption, Premise
from notelint.math.checking.recorded_definitions import _entry_of, _head_key, family_instances
from notelint.math.checking.step_premises import (
    _estimated,
    _written_derivative,
    family_shapes,
    solved_variables,
    with_arguments,
)
from notelint.math.checking.step_premises import family_instances as ansatz_instances
from notelint.math.reading.hypothesis_marks import states_a_hypothesis
from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.relations import chains_of, without_notes
from notelint.math.reading.side_names import base_set
from notelint.math.reading.side_values import Interval, interval, number_set, number_value
from notelint.math.reading.text_facts import text_atoms
from notelint.note import MathSpan, outside_the_note


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        ("3", "3"),
        ("-0.5", "-0.5"),
        ("+2", "2"),
        (r"\tfrac{3}{4}", "3/4"),
        (r"\frac12", "1/2"),  # no braces: a number too (the regex wanted braces)
        (r"-\dfrac{6}{8}", "-3/4"),
        (r"\infty", None),
        ("2^{3}", None),  # a power is not a literal
        ("n", None),
        (r"\frac{1}{0}", None),
        ("1{,}000", None),
    ],
)
def test_a_number_literal_is_read_from_atoms(latex: str, value: str | None) -> None:
    assert number_value(text_atoms(latex)) == value


@pytest.mark.parametrize(
    ("latex", "kind"),
    [
        (r"\mathbb{S}^d_{++}", "spd"),
        (r"\mathbb{S}_{+}^{n}", "psd"),
        (r"\mathbb{R}_{>0}", "positive"),
        (r"\mathbb{R}_{\geq 0}", "nonnegative"),
        (r"\mathbb{R}_+", "nonnegative"),
        (r"\mathbb{N}", "integer"),
        (r"\mathbb{Z}_{\ge 1}", "integer"),
        (r"\mathbb{Z}^n", None),  # a vector of integers
        (r"O(n)", "orthogonal"),
        (r"\mathcal{O}(d)", "orthogonal"),
        (r"O(n^2)", None),  # big-O of a size, not the orthogonal group
        (r"\mathbb{R}^{n}", None),
        (r"\mathbb{R}_{<0}", None),
    ],
)
def test_a_named_set_is_read_from_atoms(latex: str, kind: str | None) -> None:
    assert number_set(text_atoms(latex)) == kind


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("[0, 1)", Interval("0", "1", False, True)),
        (r"\left(0, \tfrac12\right]", Interval("0", "1/2", True, False)),
        (r"(-\infty, 3]", Interval(None, "3", True, False)),
        ("]0, 1[", Interval("0", "1", True, True)),
        (r"\lbrack 0; 1\rbrack", Interval("0", "1", False, False)),
        (r"\{0, 1\}", None),  # a set of two numbers
        ("(0, 1)^n", None),  # a box, not an interval
        ("[0, 1, 2]", None),
        ("(0, T)", None),  # an end that is not a number
    ],
)
def test_an_interval_is_read_from_atoms(latex: str, expected: Interval | None) -> None:
    assert interval(text_atoms(latex)) == expected


def test_hypotheses_read_memberships_from_the_links_sides() -> None:
    half = Assumption(r"\alpha", "interval", "0", "1/2", True, True)
    assert assumptions_in(r"\alpha\in(0,\tfrac12)") == [half]
    # commas inside a subscript do not split the list of names
    assert assumptions_in(r"p_{c,k}\in[0,1]") == [Assumption("p_{c,k}", "interval", "0", "1", False, False)]
    assert assumptions_in(r"a, b\in\mathbb{R}_{>0}") == [
        Assumption("a", "positive"),
        Assumption("b", "positive"),
    ]
    assert assumptions_in(r"f(x)\in[0,1]") == []  # not a name
    assert assumptions_in(r"x\in[0,1]^d") == []  # a box
    # a bound by a number is a sample's interval; one by a symbol is an equation to respect
    assert hypothesis_equations(r"0<\epsilon_m<\tfrac12") == []
    assert hypothesis_equations(r"N\le d") == [r"N\le d"]
    # the reals however a note's macro names them are a number set, a subspace is not
    assert hypothesis_equations(r"a \in \Re") == []
    assert hypothesis_equations(r"u \in \mathcal{M}") == [r"u\in \mathcal{M}"]


def test_definiteness_against_zero_is_a_matrix_class() -> None:
    # "$A=A^\top\succ0$" samples A positive definite (it was sampled only symmetric, and an
    # NL506 counterexample had A[2,2] = -0.4)
    assert merge(assumptions_in(r"A=A^\top\succ0")) == (Assumption("A", "spd"),)
    assert assumptions_in(r"\Sigma\succeq 0") == [Assumption(r"\Sigma", "psd")]
    # an order between two matrices, or of an expression, names no class
    assert assumptions_in(r"A\succ B") == []
    assert assumptions_in(r"f(x)\succ 0") == []


def test_a_derivative_premise_and_its_variables_are_read_from_atoms() -> None:
    def derivative(latex: str) -> bool:
        return _written_derivative(text_atoms(latex))

    assert derivative(r"\nabla_w J(w)") and derivative(r"f'(x)") and derivative(r"\frac{dL}{dx}")
    assert derivative(r"\frac{\mathrm{d}y}{\mathrm{d}t}") and derivative(r"x^{\partial}")
    # as the worker's follows reads a derivative premise: \frac only (a dfrac is not one there)
    assert not derivative(r"\dfrac{d}{dz}\log\sigma(z)")
    assert not derivative(r"\sum_i x_i")
    # the keys of what a note differentiates in; the worker solves first for the plain ones
    variables = (r"\beta", r"\hat{x}", r"\mathbf{w}", "x", r"\theta")
    assert solved_variables(variables) == (r"\beta", "x", r"\theta")
    assert _estimated(r"\hat w_t") == ("w", "w_t")
    assert _estimated(r"\hat{\mathbf{w}}") == (r"\mathbf{w}", r"\mathbf{w}")
    assert _estimated(r"\bar w") is None and _estimated("y") is None


def test_a_bare_derivative_of_a_defined_function_gets_its_arguments() -> None:
    functions = {r"\ell": ((r"\mu", r"\sigma"), "x")}
    assert with_arguments(r"\frac{\partial \ell}{\partial \mu} = 0", functions) == (
        r"\frac{\partial}{\partial \mu} \ell(\mu, \sigma) = 0"
    )
    # not a defined function, or a numerator that is not a differential and one name: unchanged
    assert with_arguments(r"\frac{\partial g}{\partial \mu}", functions) == r"\frac{\partial g}{\partial \mu}"
    assert with_arguments(r"\frac{2 \ell}{\partial \mu}", functions) == r"\frac{2 \ell}{\partial \mu}"


def test_a_declared_family_gives_its_members_its_shape() -> None:
    shapes: dict[str, tuple[int | str, int | str]] = {
        "x_t": (3, 1),
        "t": (1, 1),
        r"\mathbf{h}_{t}": ("D", 1),
        "X_{ij}": (2, 2),
    }
    got = family_shapes(shapes, r"x_{t-1} + x_0 + x_T^2 + x_{ij} + \mathbf{h}_{t - 1} + x_{10} + \mathbf h_3")
    assert got == {
        "x_{t-1}": (3, 1),
        "x_0": (3, 1),
        "x_T": (3, 1),
        r"\mathbf{h}_{t-1}": ("D", 1),  # keyed as the family writes it (was \mathbfh_{t-1})
        r"\mathbf{h}_3": ("D", 1),
    }
    # a size is no index: the identity I_d of size d is no family, I_n is not d x d
    sized = {r"\mathbf I_d": ("d", "d"), "d": (1, 1), "n": (1, 1), "X": ("n", "d")}
    assert family_shapes(sized, r"\mathbf{I}_n + \mathbf I_n") == {}


def test_an_ansatz_is_instantiated_at_the_shifted_members_the_step_uses() -> None:
    rule = "the equation in the rule of"
    ansatz = (Premise(f"{rule} (3)", "z_k", "r^k"),)
    got = [(p.left, p.right) for p in ansatz_instances(ansatz, r"z_{k+1} - 2 z_{k} + z_{ k-1 } = 0", rule)]
    assert got == [("z_k", "r^k"), ("z_{ k-1 }", "r^{( k-1 )}"), ("z_{k+1}", "r^{(k+1)}")]
    recursion = (Premise(f"{rule} (3)", "a_t", r"\gamma a_{t-1}"),)
    assert ansatz_instances(recursion, "a_{t+1}", rule) == []  # the family in its own closed form only
    not_the_rule = (Premise("(3)", "z_k", "r^k"),)
    assert ansatz_instances(not_the_rule, "z_{k+1}", rule) == []


def test_a_function_family_member_and_an_entrys_whole_are_read_from_atoms() -> None:
    funcs = {r"\delta_{k}": (("x",), r"x\mu_{k}+\log\phi_k + k - \sigma^2_{kj}")}
    assert family_instances(r"\delta_{2}(x) + \delta_3 (y)", funcs) == {
        r"\delta_{2}": (("x",), r"x\mu_{2}+\log\phi_{2} + {(2)} - \sigma^2_{2j}"),
        r"\delta_3": (("x",), r"x\mu_{3}+\log\phi_{3} + {(3)} - \sigma^2_{3j}"),
    }
    assert family_instances(r"\delta_2 x", funcs) == {}  # not applied: no member
    assert _entry_of(r"\hat x_i") == r"\hat x" and _entry_of("x_{ij}") == "x"
    assert _entry_of(r"w^\star_j") == r"w^\star" and _entry_of("x_{t-1}") is None
    assert _head_key(r"\sigma_k^{2}") == r"\sigma" and _head_key("y^2_i") == "y"


def test_a_steps_relation_and_definition_are_read_from_its_links() -> None:
    from notelint.note import MathSpan, Span
    from notelint.parse.steps import Step

    def step(latex: str) -> tuple[bool, bool]:
        s = Step(
            "4.B", Span(0, len(latex)), "step", math=[MathSpan(0, len(latex), 0, latex, "display", "$$")]
        )
        return s.has_relation, s.is_definition

    assert step(r"a = b") == (True, False)
    assert step(r"a \Rightarrow b") == (True, False)
    assert step(r"\sum_{i=1}^n a_i") == (False, False)  # the = of a script states nothing
    assert step(r"x \text{ where } a = b") == (True, False)
    assert step(r"\text{so } a = b \text{ holds}") == (True, False)
    assert step(r"f \in \mathcal{F}") == (False, False)
    assert step(r"H := X X^\top") == (False, True)
    assert step(r"H \stackrel{\text{def}}{=} X X^\top") == (False, True)


@pytest.mark.parametrize(
    ("target", "premises", "expected"),
    [
        (r"\hat w = A^{-1} b", ["A w - b"], ["w", "=", "A^{-1}", "b"]),
        (r"\hat{ w } = 1", ["a w"], ["w", "=", "1"]),  # spaces inside the braces
        (r"\widehat{\theta} = 1", [r"a\theta"], [r"\theta", "=", "1"]),
        (r"w^{\star} = 1", ["a w"], ["w", "=", "1"]),
        (r"w^*_i = 1", ["a w"], ["w", "_i", "=", "1"]),
        (r"w_i^\star = 1", ["a w"], ["w_i", "=", "1"]),  # the regex wanted the star first
        (r"\hat w_i = 1", [r"a \mathbf{w}"], ["w", "_i", "=", "1"]),  # a bold w is w
        # near misses: the premise uses the estimator, or never w itself
        (r"\hat w = 1", [r"\hat{w} - 1"], [r"\hat", "w", "=", "1"]),
        (r"w^\star = 1", [r"w^{\star} - 1"], [r"w^\star", "=", "1"]),
        (r"\hat w = 1", [r"\text{new} = 1"], [r"\hat", "w", "=", "1"]),  # a word is no w
        (r"\hat w = 1", [r"a\omega"], [r"\hat", "w", "=", "1"]),
        (r"\hat y = 1", ["a y"], [r"\hat", "y", "=", "1"]),  # y is no variable
        (r"\hat{\mathbf w} = 1", ["a w"], [r"\hat{\mathbf", "w}", "=", "1"]),  # not a bare letter
        (r"w^{\star 2} = 1", ["a w"], [r"w^{\star", "2}", "=", "1"]),
    ],
)
def test_an_estimator_is_read_as_its_variable_from_atoms(
    target: str, premises: list[str], expected: list[str]
) -> None:
    assert unhat(target, premises, ("w", r"\theta")).split() == expected


@pytest.mark.parametrize(
    ("latex", "conditional"),
    [
        (r"n = d \implies H = I_n", True),
        (r"n = d \;\Longrightarrow\; H = I_n", True),
        (r"|\lambda| = \sqrt{q} \quad\text{when } t^2 < 4q", True),
        (r"x = 1 \quad \text{ only if } y = 0", True),  # spaces inside the braces
        (r"x = 1 \quad \text {If} y = 0", True),  # a space before the brace, a capital
        (r"x = 1 \quad \mbox{provided}\ y > 0", True),
        (r"\begin{aligned} a &= b \\ &\iff c = d \end{aligned}", True),  # nested in an environment
        # near misses: a piecewise definition's conditions, words that only start like one
        (r"f(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}", False),
        (r"f(x) = \begin{dcases} 1 & \text{when } x > 0 \\ 0 & \text{else} \end{dcases}", False),
        (r"x = 1 \quad \text{iffy, for } y = 0", False),
        (r"x = 1 \quad \text{for all } y", False),
        (r"x = 1 % \implies y = 0", False),  # a comment
        (r"a \to b", False),
    ],
)
def test_a_hypothesis_is_read_from_the_model(latex: str, conditional: bool) -> None:
    with outside_the_note():
        model = MathSpan(0, len(latex), 0, latex, "display", "$$").facet(MATH_MODEL)
    assert states_a_hypothesis(model) is conditional


@pytest.mark.parametrize(
    ("latex", "right"),
    [
        (r"a = \underbrace{b+c}_{\text{sum}} + d", "{b+c} + d"),
        (r"a = \overbrace{ b }^{n} \cdot c", "{b} \\cdot c"),
        (r"a = \underset{x}{\arg\min} f(x)", r"{\arg\min} f(x)"),
        (r"a = \overset{(1)}{b} \tag*{2}", "{b}"),
        (r"a = b \tag{1} + c", "b + c"),  # a tag inside the side
        (r"a = b \label{eq:a} + c", "b + c"),
        (r"a = \underbrace{b}_{\{x\}} + c", "{b} + c"),  # braces inside the note
        # nested notes (the regex read only the outer one) and a note inside a fraction
        (r"a = \underbrace{\underbrace{b}_{1} + c}_{2}", "{ {b} + c}"),
        (r"a = \frac{\underbrace{b}_{1}}{2}", r"\frac{ {b} }{2}"),
        (r"a = \underbrace{}_{0} + c", "{} + c"),
        (r"a = \underbrace{b\}c}_{x} + d", r"{b\}c} + d"),  # an escaped brace does not close it
        (r"a = \underbrace{b\\}_{x} + d", r"{b\\} + d"),  # a line break before the brace closes it
        (r"a = \hat{b} + c", r"\hat{b} + c"),  # near miss: a decoration is no note
    ],
)
def test_a_sides_notes_and_tags_are_removed_at_its_atoms(latex: str, right: str) -> None:
    with outside_the_note():
        span = MathSpan(0, len(latex), 0, latex, "display", "$$")
        model = span.facet(MATH_MODEL)
        (link,) = [link for chain in chains_of(span) for link in chain.links]
    assert " ".join(without_notes(link.right, model).split()) == right


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (r"\mathbb{R}^{n,d}", r"\mathbb R_{>0}", True),
        (r"\mathbb{R}^{n \times d}", r"\mathbb{R}", True),
        (r"\left[0, 1\right]^{n}", "[0,1]", True),  # sizing gone
        (r"\{0,1\}^n", r"\{0, 1\}", True),
        (r"\mathbb{R}^n", r"\mathbb{N}", False),
        (r"\{0,1\}^n", r"\mathbb{R}^n", False),
        (r"(0,\infty)^{K}", "[0,1]", False),
    ],
)
def test_the_base_set_of_a_domain_is_read_from_atoms(first: str, second: str, same: bool) -> None:
    assert (base_set(first) == base_set(second)) is same
