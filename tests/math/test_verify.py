"""Verdicts on single links: numbers, random points, series, matrices, and their messages."""

from __future__ import annotations

import pytest

from notelint.math.jobs import Context, Job
from notelint.math.verify import check

SIGMA = Context(functions={"\\sigma": (("z",), "\\frac{1}{1+e^{-z}}")})
SHAPES = Context(shapes={"X": (5, 3), "w": (3, 1), "y": (5, 1), "A": (3, 3), "B": (3, 3), "C": (3, 3)})


def status(op: str, left: str, right: str, ctx: Context | None = None) -> str:
    return check(Job(op, left, right, ctx or Context())).status


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("=", "1\\cdot 2\\cdot 4", "8", "holds"),
        ("=", "1\\cdot 2\\cdot 4", "6", "fails"),
        ("=", "\\frac{18}{20}", "0.90", "holds"),
        ("=", "e", "2.71", "holds"),  # truncated to the written digits
        ("=", "\\frac{1}{5}", "0.3", "fails"),  # one unit in the last place off
        ("approx", "0.9^{10}", "0.349", "holds"),
        ("approx", "0.9^{10}", "0.39", "fails"),
        ("approx", "e^{5}", "150", "holds"),  # trailing zeros are not significant
        ("<=", "2\\exp(-2\\cdot 20000\\cdot 0.0001)", "0.05", "holds"),
        ("<=", "2\\exp(-2\\cdot 1000\\cdot 0.0001)", "0.05", "fails"),
        ("<", "\\frac{1}{3}", "0.3", "fails"),
        ("!=", "2+2", "4", "fails"),
        ("=", "(a+b)^2", "a^2+2ab+b^2", "holds"),
        ("=", "(a+b)^2", "a^2+b^2", "fails"),
        ("=", "\\log(ab)", "\\log a + \\log b", "holds"),
        ("=", "\\log\\frac{p}{1-p}", "\\log p - \\log(1-p)", "holds"),
        ("=", "\\max(0, z)", "z \\cdot \\mathbb{1}[z>0]", "holds"),
        ("=", "\\sum_{i=1}^n i", "\\frac{n(n+1)}{2}", "holds"),
        ("=", "\\lim_{n\\to\\infty}\\left(1+\\frac{1}{n}\\right)^n", "e", "holds"),
        ("=", "\\int_0^1 x^2\\,dx", "\\frac{1}{3}", "holds"),
        ("approx", "\\log(1+x)", "x - \\frac{x^2}{2}", "holds"),
        ("approx", "\\log(1+x)", "x + \\frac{x^2}{2}", "fails"),
    ],
)
def test_verdicts(op: str, left: str, right: str, expected: str) -> None:
    assert status(op, left, right) == expected


def test_counterexample_message_names_the_point() -> None:
    res = check(Job("=", "\\frac{d}{dx}\\left(x^2+4y^2\\right)", "2x+8y"))
    assert res.status == "fails"
    assert res.message.startswith("at x=") and ", y=" in res.message and "the left side is" in res.message


def test_numeric_message_gives_both_values() -> None:
    res = check(Job("=", "1\\cdot 2\\cdot 4", "6"))
    assert res.message == "the left side is 8 but the right side is 6 (difference 2)"
    assert res.numeric


def test_sigmoid_identities() -> None:
    assert status("=", "\\sigma'(z)", "\\sigma(z)(1-\\sigma(z))", SIGMA) == "holds"
    assert status("=", "\\sigma'(z)", "\\sigma(z)(1+\\sigma(z))", SIGMA) == "fails"


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("\\nabla_w \\tfrac12\\|Xw-y\\|_2^2", "X^\\top(Xw-y)", "holds"),
        ("\\nabla_w \\tfrac12\\|Xw-y\\|_2^2", "X^\\top X w", "fails"),
        ("\\nabla_w w^\\top A w", "(A+A^\\top)w", "holds"),
        ("\\nabla_w w^\\top A w", "2Aw", "fails"),
        ("\\operatorname{tr}(ABC)", "\\operatorname{tr}(CAB)", "holds"),
        ("\\operatorname{tr}(ABC)", "\\operatorname{tr}(ACB)", "fails"),
        ("(AB)^{-1}", "B^{-1}A^{-1}", "holds"),
        ("(AB)^{-1}", "A^{-1}B^{-1}", "fails"),
        ("\\det(AB)", "\\det(A)\\det(B)", "holds"),
        ("AB", "BA", "fails"),
    ],
)
def test_matrix_identities_at_declared_shapes(left: str, right: str, expected: str) -> None:
    assert status("=", left, right, SHAPES) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("\\sqrt{x^2}", "x"),  # fails only for negative x: notes assume positivity
        ("\\frac{\\lambda_{\\max}}{\\lambda_{\\min}}", "4"),  # a substitution of values
        ("\\mathbb{E}[X^2]-\\mathbb{E}[X]^2", "\\mathbb{E}[(X-\\mathbb{E}[X])^2]"),
        ("\\sigma(z)", "1"),
    ],
)
def test_unknown_rather_than_a_guess(left: str, right: str) -> None:
    op = "approx" if right == "1" else "="
    assert status(op, left, right) == "unknown"


def test_a_parse_failure_is_never_equal() -> None:
    res = check(Job("=", "\\frac{1}{", "\\frac{1}{"))
    assert res.status == "unknown"


def test_upright_differentials() -> None:
    assert status("=", "\\frac{\\mathrm{d}}{\\mathrm{d}x} x^3", "3x^2") == "holds"
    assert status("=", "\\frac{\\textrm{d}}{\\textrm{d}x} x^3", "3x^3") == "fails"
    assert status("=", "\\int_0^1 x\\,\\mathrm{d}x", "\\frac12") == "holds"


def test_rounded_inputs_propagate_but_exact_decimals_do_not() -> None:
    assert status("=", "0.333 \\cdot 3", "1") == "holds"  # 0.333 was rounded from 1/3
    assert status("=", "0.3679 \\cdot 2", "0.75") == "fails"
    assert status("=", "0.1 + 0.2", "0.4") == "fails"  # short decimals are exact data
