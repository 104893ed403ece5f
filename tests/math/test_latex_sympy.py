"""The whitelist translator: what it reads, what it refuses, and that it never guesses."""

from __future__ import annotations

import pytest
import sympy as sp

from notelint.math.cas import opaque
from notelint.math.cas.latex_sympy import canonical_name, translate
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import Context


def value(latex: str, ctx: Context | None = None) -> sp.Expr:
    expr, _ = translate(latex, ctx)
    return expr


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("1\\cdot 2\\cdot 4", 8),
        ("2 \\cdot 3 + 4", 10),
        ("\\frac{12+6}{12+6+1.5+0.5}", sp.Rational(9, 10)),
        ("\\frac12", sp.Rational(1, 2)),
        ("\\dfrac{3}{4}", sp.Rational(3, 4)),
        ("2^{10}", 1024),
        ("5!", 120),
        ("\\binom{5}{2}", 10),
        ("\\sqrt{3^2+4^2}", 5),
        ("\\sqrt[3]{8}", 2),
        ("1.5 \\times 10^{-3}", sp.Rational(3, 2000)),
        ("\\lceil \\log_2 1000 \\rceil", 10),
        ("\\sum_{i=1}^{4} i^2", 30),
        ("\\prod_{i=1}^{3} i", 6),
        ("\\mathbb{1}[0.7>0.5]", 1),
        ("\\max(0, -3)", 0),
        ("|-4|", 4),
    ],
)
def test_numbers(latex: str, expected: object) -> None:
    assert sp.simplify(value(latex).doit() - expected) == 0


def test_log_is_natural_and_e_is_euler() -> None:
    assert sp.simplify(value("\\log(e^{2})").doit() - 2) == 0
    assert value("e").equals(sp.E)


def test_symbols_are_case_sensitive_and_keep_primes_and_decorations() -> None:
    expr = value("X + x + \\hat{y} + w^\\star + \\lambda_{\\max}")
    names = {s.name for s in expr.free_symbols}
    assert names == {"X", "x", "y\u0302", "w*", "λ_max"}


def test_a_number_and_the_symbols_after_it_are_one_trigonometric_argument() -> None:
    # \cos 2\alpha is cos(2α) (the double angle), never cos(2)·α; \log 2\alpha stays ambiguous
    alpha, x = sp.Symbol("α"), sp.Symbol("x")
    assert sp.simplify(value("\\cos 2\\alpha") - sp.cos(2 * alpha)) == 0
    assert sp.simplify(value("\\sin 2x") - sp.sin(2 * x)) == 0
    with pytest.raises(Unsupported, match="ambiguous"):
        value("\\log 2\\alpha")


def test_sigma_applied_is_the_logistic_function() -> None:
    expr = value("\\sigma(0)")
    assert sp.simplify(expr - sp.Rational(1, 2)) == 0
    # σ not applied is a plain symbol (a standard deviation)
    assert value("\\sigma^2").free_symbols == {sp.Symbol("σ")}


def test_sigma_prime_is_the_derivative_of_the_logistic_function() -> None:
    d = value("\\sigma'(z)")
    s = value("\\sigma(z)(1-\\sigma(z))")
    z = sp.Symbol("z")
    assert abs(float((d - s).subs(z, 0.7))) < 1e-12


def test_defined_functions_are_substituted() -> None:
    ctx = Context(functions={"J": (("w",), "\\frac{1}{2}(w-3)^2")})
    expr = value("\\frac{d}{dw} J(w)", ctx)
    w = sp.Symbol("w")
    assert sp.simplify(expr - (w - 3)) == 0


def test_derivatives_partials_and_second_derivatives() -> None:
    x, y = sp.symbols("x y")
    assert sp.simplify(value("\\frac{d}{dx}\\left(x^2+4y^2\\right)") - 2 * x) == 0
    assert sp.simplify(value("\\frac{\\partial^2}{\\partial x\\partial y} x^2 y^3") - 6 * x * y**2) == 0
    assert sp.simplify(value("\\frac{d^2}{dx^2} x^4") - 12 * x**2) == 0


def test_matrices_with_declared_shapes_do_not_commute() -> None:
    ctx = Context(shapes={"A": (2, 2), "B": (2, 2)})
    ab = value("AB", ctx)
    ba = value("BA", ctx)
    assert ab.shape == (2, 2) and ab != ba
    assert value("(AB)^\\top", ctx) == value("B^\\top A^\\top", ctx)


def test_pmatrix_det_and_tuples() -> None:
    assert value("\\det\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}") == -2
    v = value("(1,1) - 0.1(2,8)")
    assert list(v) == [sp.Rational(4, 5), sp.Rational(1, 5)]


def test_gradient_of_a_quadratic_form() -> None:
    ctx = Context(shapes={"w": (3, 1), "A": (3, 3)})
    lhs = value("\\nabla_w w^\\top A w", ctx)
    rhs = value("(A+A^\\top)w", ctx)
    assert (lhs - rhs).applyfunc(sp.expand) == sp.zeros(3, 1)


@pytest.mark.parametrize(
    ("latex", "reason"),
    [
        ("\\mathbb{E}[X^2]", "no random symbol"),
        ("\\int_0^1 f(x)\\,dx", "integral of an undefined function"),
        ("\\sum_{i=1}^{n} f(x_i)", "undefined function of the bound variable i"),
        ("\\lim_{x\\to 0} f(x)", "limit of an undefined function"),
        ("E[X]", "expectation"),
        ("\\operatorname{softmax}(z)", "softmax of a scalar or undeclared vector"),
        ("\\nabla^2_w L", "second derivative of an undefined quantity"),
        ("\\frac{dy}{dx}", "derivative notation"),
        ("\\frac{\\mathrm{d}y}{\\mathrm{d}x}", "derivative notation"),
        ("\\sum_{i\\in\\mathbb{N}} x_i", "index set"),  # an infinite set (a named one is sampled)
        ("\\sum_{i=1}^{n} x_i", "runs to the count n"),
        ("\\mathbf{v}\\cdot\\mathbf{w}", "not declared"),
        ("A^T", "transpose or power"),
        ("\\log 2x", "ambiguous"),
        ("\\int x^2\\,dx", "indefinite integral"),
        ("\\text{cost}", "text"),
    ],
)
def test_refuses_what_it_does_not_know(latex: str, reason: str) -> None:
    with pytest.raises(Unsupported, match=reason.replace("\\", "\\\\")):
        value(latex)


def test_letter_before_parenthesis_is_multiplication_only_when_it_recurs() -> None:
    n = sp.Symbol("n")
    assert sp.simplify(value("\\frac{n(n+1)}{2}") - n * (n + 1) / 2) == 0
    # otherwise an undefined function: its application is one opaque atom, the same atom
    # for the same written arguments
    g2 = value("g(2)")
    assert opaque.atoms_in(g2) == {g2}
    assert sp.simplify(value("g( 2 )+g(2)") - 2 * g2) == 0
    assert value("g(3)") != g2


def test_derivative_of_an_undefined_quantity_is_an_opaque_atom() -> None:
    dl = value("\\frac{\\partial L}{\\partial w}")
    assert opaque.atoms_in(dl) == {dl}
    assert value("\\partial L/\\partial w") == dl  # the same atom, however written
    # each symbol of an operand that does not mention the variable may depend on it: the chain
    # rule applies to the atoms (the log-derivative trick), never a derivative of 0
    log_form = value("\\frac{\\partial}{\\partial w}\\log L")
    assert sp.simplify(log_form - dl / sp.Symbol("L")) == 0
    # a derivative of an expression holding an undefined function is never 0
    assert value("\\frac{d}{dx} f(x)") != 0
    # the gradient's entries are the partial derivatives
    ctx = Context(shapes={"w": (2, 1)})
    grad = value("\\nabla_w L", ctx)
    assert list(grad) == [
        value("\\frac{\\partial L}{\\partial w_1}", ctx),
        value("\\frac{\\partial L}{\\partial w_2}", ctx),
    ]


def test_canonical_names() -> None:
    assert canonical_name("\\sigma") == "σ"
    assert canonical_name("\\hat{y}_i") == "y\u0302_i"
    assert canonical_name("\\mathbf{X}") == "X"


def test_a_size_is_not_read_as_the_number_it_was_instantiated_at() -> None:
    """tr(I_d) = d^2 - 2 holds at d = 2 only: a size used as a number stays a symbol, so an
    identity in the size is never verified at the one size the matrices were built with."""
    from notelint.math.cas.verify import check
    from notelint.math.checking.jobs import Context, Job

    ctx = Context(shapes={"A": ("d", "d")})
    verdict = check(Job("=", r"\operatorname{tr}(I_d) + 0\cdot\operatorname{tr}(A)", "d^2 - 2", ctx))
    assert verdict.status != "holds"


def test_e_is_eulers_number_unless_declared() -> None:
    from notelint.math.cas.verify import check
    from notelint.math.checking.jobs import Context, Job

    assert check(Job("<=", "e", "2")).status == "fails"
    assert check(Job(">=", "e^{-1}", "0.5")).status == "fails"
    assert check(Job("<=", "e", "2", Context(euler=False))).status != "fails"


def test_medium_space_is_spacing_not_a_relation() -> None:
    # \> is \: in LaTeX (d2l writes \mathrm{argmax}_y \> p(y)): a space between factors
    x = sp.Symbol("x")
    assert sp.simplify(value("2\\>x") - 2 * x) == 0
    assert sp.simplify(value("2\\>x") - 3 * x) != 0
