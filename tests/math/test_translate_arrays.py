"""Sums over index sets, indexed entries, sequences and sizes (``math/cas/translate_arrays.py``).

Each true relation has a near-miss twin (a dropped factor, a wrong range, a sign, a wrong
index) that must be refuted, and each excuse a twin it must not swallow.
"""

from __future__ import annotations

import pytest

from notelint.math.cas.verify import check
from notelint.math.checking.jobs import Assumption, Context, Job

VECTORS = Context(shapes={"x": ("n", 1), "y": ("n", 1), "A": ("n", "n"), "I_n": ("n", "n"), "n": (1, 1)})


def status(left: str, right: str, ctx: Context = VECTORS, op: str = "=", *assume: Assumption) -> str:
    return check(Job(op, left, right, ctx, assumptions=assume)).status


@pytest.mark.parametrize(
    ("left", "true", "false"),
    [
        ("\\sum_{i=1}^{n} x_i y_i", "x^\\top y", "x^\\top x"),
        ("\\sum_{i=1}^{n-1} x_i y_i", "x^\\top y-x_n y_n", "x^\\top y"),
        ("\\sum_i x_i^2", "\\|x\\|_2^2", "\\|x\\|_2"),
        ("\\sum_{i=1}^{n} a_{ii}", "\\operatorname{tr}(A)", "\\operatorname{tr}(A^2)"),
        ("\\sum_{j\\ne i} x_j", "\\mathbf{1}_n^\\top x-x_i", "\\mathbf{1}_n^\\top x"),
        ("\\sum_{j=1}^{n} a_{ij}x_j", "\\sum_{j=1}^{n} x_j a_{ij}", "\\sum_{j=1}^{n} a_{ji}x_j"),
        ("\\operatorname{tr}(I_n)", "n", "n+1"),
        ("\\sum_{i=1}^{n} 1", "n", "n-1"),
        ("(x_1,x_2)^\\top", "(x_1,x_2)^\\top", "(x_2,x_1)^\\top"),
    ],
)
def test_true_relation_verified_and_its_near_miss_refuted(left: str, true: str, false: str) -> None:
    assert status(left, true) == "holds"
    assert status(left, false) == "fails"


def test_a_free_index_is_checked_at_every_value() -> None:
    # x_1 = x_i holds at i = 1 only: the other values refute it, and the message says which
    res = check(Job("=", "x_i", "x_1", VECTORS))
    assert res.status == "fails"
    assert "i=" in res.message


def test_sizes_are_varied_so_a_coincidence_at_one_size_is_never_verified() -> None:
    # n(n+1)/2 and n^2 - 3n + 6 agree at n = 3 and n = 4 only (checked at 3, 2 and 4): the sizes
    # disagree, so it is not verified (unknown: the note may mean one size)
    assert status("\\sum_{i=1}^{n} i", "\\frac{n(n+1)}{2}") == "holds"
    assert status("\\sum_{i=1}^{n} i", "n^2-3n+6") == "unknown"
    assert status("\\sum_{i=1}^{n} i", "n^2") == "fails"  # false at every size but 1


def test_sequence_with_a_definition_per_index() -> None:
    ctx = Context(values={"\\bar\\alpha_t": "\\prod_{s=1}^{t}\\alpha_s"})
    assert status("\\alpha_t\\bar\\alpha_{t-1}", "\\bar\\alpha_t", ctx) == "holds"
    assert status("\\alpha_{t-1}\\bar\\alpha_{t-1}", "\\bar\\alpha_t", ctx) == "fails"


def test_entries_defined_one_by_one_give_the_whole_vector() -> None:
    ctx = Context(
        shapes={"x": ("m", 1), "\\hat{x}": ("m", 1), "m": (1, 1)},
        values={"\\mu": "\\frac{1}{m}\\sum_{i=1}^{m}x_i", "\\hat x_i": "x_i-\\mu"},
    )
    assert status("\\mathbf{1}_m^\\top\\hat x", "0", ctx) == "holds"
    assert status("\\mathbf{1}_m^\\top\\hat x", "\\mathbf{1}_m^\\top x", ctx) == "fails"


def test_a_defined_square_is_not_the_value_of_its_root() -> None:
    ctx = Context(shapes={"x": ("m", 1)}, values={"\\sigma^2": "\\frac{1}{m}\\sum_{i=1}^{m}x_i^2"})
    assert status("m\\sigma^2", "x^\\top x", ctx) == "holds"
    assert status("m\\sigma^2", "(x^\\top x)^2", ctx) == "fails"
    # a lone σ beside σ^2 = … is not σ^2's value: unknown, never compared
    assert status("\\sigma", "x^\\top x", ctx) == "unknown"


def test_a_vector_of_numbers_against_free_symbols_is_a_substitution_but_zero_is_a_claim() -> None:
    # a worked example's values (the entries of x given elsewhere): not refuted
    assert status("2x", "(1,2,3)^\\top") == "unknown"
    # the twin: "= 0" states an identity for every x, and it is false
    assert status("x-y", "0") in ("fails", "unknown")
    assert status("(I_n-I_n)x", "(1,2,3)^\\top") == "fails"  # numbers on both sides
    assert status("x-x", "0\\cdot y") == "holds"


def test_sums_over_undeclared_index_sets_stay_unknown() -> None:
    # the range of i is not declared anywhere: no length is guessed
    assert status("\\sum_i u_i^2", "\\sum_i u_i", Context()) == "unknown"
    assert status("\\sum_{i\\in\\mathcal{I}_k} x_i", "0") == "unknown"


BATCH = Context(
    shapes={"x": ("m", 1), "\\hat{x}": ("m", 1), "y": ("m", 1), "m": (1, 1)},
    values={
        "\\mu": "\\frac{1}{m}\\sum_{i=1}^{m}x_i",
        "\\sigma^2": "\\frac{1}{m}\\sum_{i=1}^{m}(x_i-\\mu)^2",
        "\\hat x_i": "\\frac{x_i-\\mu}{\\sqrt{\\sigma^2+\\epsilon}}",
        "y_i": "\\gamma\\hat x_i+\\beta",
    },
)
EPS = Assumption("\\epsilon", "positive")


@pytest.mark.parametrize(
    ("left", "true", "false"),
    [
        ("\\partial y_i/\\partial\\gamma", "\\hat x_i", "\\hat x_i+\\beta"),
        ("\\partial\\mu/\\partial x_i", "1/m", "1"),
        ("\\partial\\sigma^2/\\partial x_i", "2(x_i-\\mu)/m", "(x_i-\\mu)/m"),
        ("\\frac{\\partial\\sigma^2}{\\partial x_j}", "\\frac{2(x_j-\\mu)}{m}", "\\frac{2x_j}{m}"),
        ("\\partial x_i/\\partial x_j", "\\delta_{ij}", "1"),
        ("\\frac{\\partial y_i}{\\partial\\hat x_i}", "\\gamma", "\\gamma+\\beta"),
    ],
)
def test_derivatives_of_definitions(left: str, true: str, false: str) -> None:
    assert status(left, true, BATCH, "=", EPS) == "holds"
    assert status(left, false, BATCH, "=", EPS) == "fails"


def test_a_partial_derivative_holds_the_defined_variable() -> None:
    # ∂σ²/∂μ treats μ as the variable, then takes the value at μ = mean: the sum vanishes there
    assert (
        status("\\frac{\\partial\\sigma^2}{\\partial\\mu}", "-\\frac2m\\sum_{i}(x_i-\\mu)", BATCH) == "holds"
    )
    # (a side that is a number is not refuted against free symbols: the twin keeps x_1 on both)
    left = "\\frac{\\partial\\sigma^2}{\\partial\\mu}+x_1"
    assert status(left, "x_1", BATCH) == "holds"
    assert status(left, "x_1-\\frac2m\\sum_{i}x_i", BATCH) == "fails"


def test_derivative_of_an_undefined_function_stays_unknown() -> None:
    assert status("\\partial L/\\partial\\gamma", "0", BATCH) == "unknown"
    assert status("\\partial|u|", "1", BATCH) == "unknown"


QUADRATIC = Context(
    shapes={"u": ("d", 1), "A": ("d", "d"), "b": ("d", 1), "x_k": ("d", 1), "x": ("d", 1)},
    functions={"f": (("x",), "\\tfrac12 x^\\top A x - b^\\top x"), "g": (("z",), "z^3")},
)


@pytest.mark.parametrize(
    ("left", "true", "false"),
    [
        ("\\nabla f(u)", "\\tfrac12(A+A^\\top)u-b", "Au-b"),
        ("\\nabla^2 f(u)", "\\tfrac12(A+A^\\top)", "A"),
        ("\\nabla g(t)", "3t^2", "3t"),
    ],
)
def test_gradient_of_a_defined_function_at_its_argument(left: str, true: str, false: str) -> None:
    assert status(left, true, QUADRATIC) == "holds"
    assert status(left, false, QUADRATIC) == "fails"


def test_iterates_are_not_entries() -> None:
    # x_k declared as a vector like x: x_1 is the first iterate, not the first entry of x
    assert status("x_1", "x_1", QUADRATIC) == "holds"
    assert check(Job("=", "x_1+x_k", "x_k+x_1", QUADRATIC)).message != "index 1 is outside 1..2 for x"
    assert status("x_1+x_k", "x_k+x_1", QUADRATIC) != "fails"
    assert status("\\nabla h(u)", "u", QUADRATIC) == "unknown"  # h is not defined


def test_entries_of_matrix_expressions_and_a_diagonal_definition() -> None:
    ctx = Context(
        shapes={"A": ("n", "n"), "n": (1, 1)},
        values={"b_{ii}": "(A^2)_{ii}"},
    )
    assert status("(A^2)_{ij}", "\\sum_{k=1}^{n} a_{ik}a_{kj}", ctx) == "holds"
    assert status("(A^2)_{ij}", "\\sum_{k=1}^{n} a_{ik}a_{jk}", ctx) == "fails"
    # b_{ii} is defined on the diagonal only: b_{12} is not (A^2)_{11}
    assert status("b_{12}", "(A^2)_{11}", ctx) != "holds"
    assert status("b_{22}", "(A^2)_{22}", ctx) == "holds"


def test_a_subscript_after_a_power_belongs_to_the_name() -> None:
    ctx = Context(shapes={"\\sigma": ("K", "d")})
    assert status("\\sigma^2_{kj}", "\\sigma_{kj}\\sigma_{kj}", ctx) == "holds"
    assert status("\\sigma^2_{kj}", "\\sigma_{kj}", ctx) == "fails"


def test_x_i_declared_beside_X_is_a_row_of_X() -> None:
    ctx = Context(shapes={"X": ("n", "d"), "x_i": ("d", 1), "y": ("n", 1), "w": ("d", 1)})
    left = "\\sum_{i=1}^{n}\\left(x_i^\\top w-y_i\\right)^2"
    assert status(left, "\\|Xw-y\\|_2^2", ctx) == "holds"
    assert status(left, "\\|Xw\\|_2^2", ctx) == "fails"
    assert status("X^\\top X", "\\sum_{i=1}^{n} x_i x_i^\\top", ctx) == "holds"
    assert status("X^\\top X", "\\sum_{i=1}^{n} x_i^\\top x_i", ctx) != "holds"


def test_identities_over_an_undeclared_index_set_are_verified_never_refuted() -> None:
    # true for every length: verified at the lengths checked
    assert status("\\log\\prod_{m}u_m", "\\sum_{m}\\log u_m", Context()) == "holds"
    # false, but the note may mean a length it does not declare (n, M): unknown, with the reason
    res = check(Job("=", "\\log\\prod_{m}u_m", "\\sum_{m}u_m", Context()))
    assert res.status == "unknown"
    assert "index set" in res.message
    # the same false identity over a declared vector is refuted
    assert status("\\log\\prod_{m}x_m", "\\sum_{m}x_m") == "fails"


def test_double_sums_over_two_indices() -> None:
    ctx = Context(shapes={"K": ("n", "n"), "\\alpha": ("n", 1)})
    assert status("\\sum_{i,j}\\alpha_i\\alpha_jK_{ij}", "\\alpha^\\top K\\alpha", ctx) == "holds"
    assert status("\\sum_{i,j}\\alpha_i\\alpha_jK_{ji}", "\\alpha^\\top K^2\\alpha", ctx) == "fails"


def test_a_tuple_is_a_column_but_a_parenthesised_vector_is_transposed() -> None:
    """``(a,b,c)^\\top`` is how notes write a column; ``(Av)^\\top`` is the row ``v^\\top A^\\top``."""
    ctx = Context(shapes={"A": ("n", "n"), "v": ("n", 1)})
    assert check(Job("=", r"(Av)^\top", r"v^\top A^\top", ctx)).status == "holds"
    assert check(Job("=", r"(Av)^\top", r"v^\top A", ctx)).status == "fails"
    assert check(Job("=", r"(1,2,3)^\top", r"(1,2,3)^\top")).status == "holds"


def _label_smoothing_context() -> Context:
    return Context(
        values={"q_k": r"(1-\varepsilon)\,\delta_{ky}+\frac{\varepsilon}{K}"},
        shapes={"K": (1, 1), "y": (1, 1), "q": ("K", 1), "p": ("K", 1), "\\varepsilon": (1, 1)},
    )


def test_an_index_declared_as_a_number_gets_no_invented_range() -> None:
    """δ_{ky} with y ∈ {1,…,K} declared: y indexes no array, so no range is invented for it (y = 3
    beside K = 2 refuted the true Σ_k q_k = 1); the relation is unknown, never refuted."""
    result = check(Job("=", r"\sum_{k=1}^{K}q_k", "1", _label_smoothing_context()))
    assert result.status == "unknown"
    # near miss: y indexing a declared vector takes that vector's range, and a false claim fails
    assert check(Job("=", "p_y", "p_y+1", _label_smoothing_context())).status == "fails"


FAMILIES = Context(
    shapes={
        "u_1": ("d", 1),
        "u_d": ("d", 1),
        "U": ("d", "d"),
        "K": ("n", "n"),
        "I_n": ("n", "n"),
        "\\Lambda": ("d", "d"),
        "\\mu^{\\star}": ("d", 1),
        "d": (1, 1),
        "n": (1, 1),
    }
)


@pytest.mark.parametrize(
    ("left", "true", "false"),
    [
        # a member of a family declared u_1, …, u_d is a vector inside a sum (u_j at j = 2 is u_2)
        ("\\sum_{j=1}^{d} u_ju_j^\\top", "\\sum_{j=1}^{d} u_ju_j^\\top", "2\\sum_{j=1}^{d} u_ju_j^\\top"),
        ("\\sum_{j=1}^{2} u_j", "u_1+u_2", "u_1+u_1"),
        # A^{-\top}: the transpose of the inverse
        ("\\Lambda^{-\\top}", "(\\Lambda^{-1})^\\top", "\\Lambda^{-1}"),
        # \mu^{\star\top}: the starred name, transposed
        ("\\mu^{\\star\\top}\\mu^\\star", "\\|\\mu^\\star\\|_2^2", "\\|\\mu^\\star\\|_2^2+1"),
    ],
)
def test_family_members_and_decorated_transposes(left: str, true: str, false: str) -> None:
    assert status(left, true, FAMILIES) == "holds"
    assert status(left, false, FAMILIES) == "fails"


def test_a_numbered_identity_has_its_own_size_whatever_size_i_n_has() -> None:
    # I_2 beside I_n ∈ R^{n×n}: 2×2, not a member of the family of I_n
    assert status("I_2", "\\begin{pmatrix}1&0\\\\0&1\\end{pmatrix}", FAMILIES) == "holds"
    assert status("I_2", "\\begin{pmatrix}1&0\\\\0&2\\end{pmatrix}", FAMILIES) == "fails"


def test_a_derivative_of_a_quantity_given_a_number_is_not_zero() -> None:
    # ∂L/∂w in a worked example that gives L = 2: not the derivative of 2
    given = Context(values={"L": "2"})
    assert status("\\frac{\\partial L}{\\partial w}", "-2", given) == "unknown"
    # twin: L defined by a formula in w is differentiated, and a wrong derivative fails
    defined = Context(values={"L": "w^2"})
    assert status("\\frac{\\partial L}{\\partial w}", "2w", defined) == "holds"
    assert status("\\frac{\\partial L}{\\partial w}", "3w", defined) == "fails"


def test_members_of_a_family_are_the_columns_of_a_wide_matrix() -> None:
    # X ∈ R^{d×n} beside x_i ∈ R^d (and a generic x ∈ R^d): x_i is the i-th column of X
    from notelint.math.cas.verify import check
    from notelint.math.checking.jobs import Context, Job
    from notelint.math.reading.wire import to_wire

    shapes = {"x_i": ("d", 1), "x": ("d", 1), "X": ("d", "n"), "W": ("h", "d")}
    ctx = Context(shapes=shapes)
    held = check(to_wire(Job("=", r"\sum_{i=1}^{n}\|Wx_i\|_2^2", r"\|WX\|_F^2", ctx)))
    assert held.status == "holds"
    slip = check(to_wire(Job("=", r"\sum_{i=1}^{n}\|Wx_i\|_2^2", r"\|WX^\top\|_F^2", ctx)))
    assert slip.status != "holds"


def test_blocks_named_by_their_variables_are_no_entries() -> None:
    # \Lambda_{YX} names the (Y, X) block of a precision matrix: no entry at sampled indices
    ctx = Context(shapes={"\\Lambda": (2, 2)})
    assert status("-\\Lambda_{YX}/\\Lambda_{YY}", "\\frac{3}{4}", ctx) != "fails"
    # lower-case letters are indices: an entry of a declared matrix is read (and refuted)
    assert status("A_{ij}", "A_{ji}") == "fails"
