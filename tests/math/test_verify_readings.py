"""Relations whose strict reading is not what the author wrote: the imaginary unit in an
exponent, an index used after the sign that ends its sum, the mean of a declared vector left
undefined. Each is unknown, and a real error beside it is still refuted. A percentage is the
share it writes, at its written precision."""

from __future__ import annotations

from notelint.math.cas.verify import check
from notelint.math.checking.jobs import Context, Job

SIGMA = {"\\sigma": (("z",), "\\frac{1}{1+e^{-z}}")}


def status(left: str, right: str, ctx: Context | None = None, op: str = "=") -> str:
    return check(Job(op, left, right, ctx or Context())).status


def test_the_imaginary_unit_in_an_exponent_is_not_a_real_symbol() -> None:
    assert status("e^{ix}", "\\cos x+i\\sin x") == "unknown"
    assert status("e^{i m\\theta}", "\\cos(m\\theta)+i\\sin(m\\theta)") == "unknown"
    # a bound index named i is no imaginary unit: the closed form is checked
    assert status("\\sum_{i=1}^{n} e^{-i}", "\\frac{1-e^{-n}}{e-1}") == "holds"
    assert status("\\sum_{i=1}^{n} e^{-i}", "\\frac{1-e^{-n}}{e+1}") == "fails"


def test_an_index_used_after_the_sign_that_ends_its_sum() -> None:
    ctx = Context(shapes={"x": ("n", 1)}, functions=dict(SIGMA))
    assert status("\\sum_{i=1}^{n}\\sigma(x_i)+\\sigma(-x_i)", "n", ctx) == "unknown"
    assert status("\\sum_{k=1}^{n} k + k", "n(n+1)") == "unknown"
    # a term after the sum that does not use its index is read as written
    assert status("\\sum_{k=1}^{n} k + 1", "\\frac{n(n+1)}{2}+1") == "holds"
    assert status("\\sum_{k=1}^{n} k + 1", "\\frac{n(n+1)}{2}+2") == "fails"
    # and so is the whole term in parentheses
    assert status("\\sum_{i=1}^{n}(\\sigma(x_i)+\\sigma(-x_i))", "n", ctx) == "holds"
    assert status("\\sum_{i=1}^{n}(\\sigma(x_i)+\\sigma(-x_i))", "n+1", ctx) == "fails"


def test_the_undefined_mean_of_a_declared_vector_is_an_unknown_number() -> None:
    ctx = Context(shapes={"x": (3, 1)})
    assert status("\\sum_{i=1}^{3}(x_i-\\bar x)", "0", ctx) == "unknown"
    assert status("\\sum_{i=1}^{3}(x_i-\\hat x)", "1", ctx) == "unknown"
    # what holds for every value of it is verified, what fails for every value refuted
    assert status("\\sum_{i=1}^{3}(x_i-\\bar x)^2", "0", ctx, ">=") == "holds"
    assert status("\\bar x + 1", "\\bar x + 2", ctx) == "fails"
    # a scalar x: \bar x is just another symbol, as before
    assert status("\\bar x + 1", "x + 1") == "fails"


def test_a_percentage_is_a_share_at_its_written_precision() -> None:
    assert status("\\frac{3}{7}", "42.9\\%") == "holds"
    assert status("\\frac{3}{7}", "43.9\\%") == "fails"
    assert status("0.25", "25\\%") == "holds"
    assert status("0.25", "2.5\\%") == "fails"
    assert status("50\\%\\cdot 50\\%", "0.25") == "holds"
    assert status("50\\%\\cdot 50\\%", "0.5") == "fails"
    # a whole percent is rounded, as the decimal 0.43 is
    assert status("\\frac{3}{7}", "43\\%") == "holds"
    assert status("\\frac{3}{7}", "44\\%") == "fails"
    assert status("\\frac{3}{7}", "53\\%", op="approx") == "fails"


def test_a_relation_true_only_at_size_one_is_false() -> None:
    """At a size of 1 every centred value is 0: a relation that holds there and fails at every
    larger size is wrong, not a case of a size the note means (tr(I_n) = 3 holds at n = 3 only
    and stays unknown)."""
    assert status("\\operatorname{tr}(I_n)", "3") == "unknown"
    batch = Context(
        values={"\\mu": "\\frac1d\\sum_{i=1}^{d}x_i", "\\sigma^2": "\\frac1d\\sum_{i=1}^{d}(x_i-\\mu)^2"},
        shapes={"x": ("d", 1)},
    )
    derivative = "\\frac{\\partial\\sigma^2}{\\partial x_k}"
    assert status(derivative, "\\frac{2(x_k-\\mu)}{d}", batch) == "holds"
    assert status(derivative, "\\frac{5(x_k-\\mu)}{d}", batch) == "fails"


def test_min_and_max_with_brace_delimiters() -> None:
    # the Metropolis–Hastings acceptance min{1, r}: read, and a wrong value still refuted
    assert status("\\min\\Big\\{1,\\frac{3}{2}\\Big\\}", "1") == "holds"
    assert status("\\min\\Big\\{1,\\frac{3}{2}\\Big\\}", "\\frac32") == "fails"
    assert status("\\max\\{0, x\\}+\\max\\{0,-x\\}", "|x|") == "holds"
    assert status("\\max\\{0, x\\}+\\max\\{0,-x\\}", "x") != "holds"


def test_a_worked_example_value_is_the_index_of_a_defined_sequence() -> None:
    # λ_n = 1/τ₀² + n/σ² with the example's n = 4: λ_n is λ_4, not a free index at 1
    values = {
        "\\lambda_n": "\\frac{1}{\\tau_0^2}+\\frac{n}{\\sigma^2}",
        "n": "4",
        "\\tau_0^2": "4",
        "\\sigma^2": "1",
        "\\tau_n^2": "\\frac{1}{\\lambda_n}",
    }
    ctx = Context(values=values)
    assert status("\\lambda_n", "\\frac14+4", ctx) == "holds"
    assert status("\\tau_n^2", "\\frac{4}{17}", ctx) == "holds"
    assert status("\\tau_n^2", "\\frac{4}{15}", ctx) == "fails"


def test_d_of_a_defined_function_over_d_of_its_variable() -> None:
    ctx = Context(functions={"\\ell": (("\\lambda",), "x\\log\\lambda-\\lambda")})
    assert status("\\frac{d\\ell}{d\\lambda}", "\\frac{x}{\\lambda}-1", ctx) == "holds"
    assert status("\\frac{d\\ell}{d\\lambda}", "\\frac{x}{\\lambda}+1", ctx) == "fails"
    # in another variable the chain rule is the note's to state; dy/dx of an undefined y stays ambiguous
    assert status("\\frac{d\\ell}{d\\theta}", "\\frac{x}{\\lambda}-1", ctx) == "unknown"
    assert status("\\frac{dy}{dx}", "3x") == "unknown"
    assert status("\\frac{dy}{dx}", "2x", Context(values={"y": "x^2"})) == "holds"


def test_spacing_macros_are_one_list_for_numbers_and_tuples() -> None:
    # written_numbers._clean and number_verdicts._entries read the same spacing macros (\: was missing
    # from the numbers' list); a digit group is still no number
    from fractions import Fraction

    from notelint.math.cas.number_verdicts import _entries
    from notelint.math.reading.written_numbers import written_number

    number = written_number("0.5\\:", approx=False)
    assert number is not None and number.value == Fraction(1, 2)
    assert written_number("1\\:000", approx=False) is None
    assert _entries("(0.665,\\:0.245)") == ["0.665", "0.245"]


def test_a_braced_comma_groups_thousands_and_a_wrong_digit_is_refuted() -> None:
    """``65{,}536`` is LaTeX's thousands separator: one number, checked digit by digit."""
    assert status("4096\\cdot 4096", "16{,}777{,}216") == "holds"
    assert status("8\\cdot(4096+4096)", "65{,}536") == "holds"
    assert status("8\\cdot(4096+4096)", "65{,}586") == "fails"
    assert status("4096\\cdot 4096", "16{,}777{,}217") == "fails"


def test_one_braced_comma_group_may_be_a_decimal_comma() -> None:
    """``1{,}250`` is 1.25 in a German note: a relation that holds only that way is unknown,
    one that fails both ways is refuted."""
    from notelint.math.reading.wire import to_wire

    def wired(left: str, right: str) -> str:  # the retry reads the tree the linting process builds
        return check(to_wire(Job("=", left, right, Context()))).status

    assert wired("2\\cdot 1{,}250", "2.5") == "unknown"
    assert wired("2\\cdot 1{,}250", "3.5") == "fails"
    assert wired("8\\cdot(4096+4096)", "65{,}586") == "fails"


def test_an_example_value_computed_with_a_rounded_decimal_is_within_its_rounding() -> None:
    """``g_1/\\sqrt{v_1} = 0.5/0.15811`` with the example's ``g_1 = 0.5``, ``v_1 = 0.025``: the
    other side is a number once the values are in, and 0.15811 is √0.025 rounded, so the
    relation is unknown like a numeric one; a digit that no rounding reaches is still refuted."""
    from notelint.math.reading.wire import to_wire

    ctx = Context(values={"g_1": "0.5", "v_1": "0.025"})

    def wired(right: str) -> str:  # the retry reads the tree the linting process builds
        return check(to_wire(Job("=", "g_1/\\sqrt{v_1}", right, ctx))).status

    assert wired("0.5/0.15811") == "unknown"
    assert wired("0.5/0.15911") == "fails"
    assert wired("0.5/\\sqrt{0.025}") == "holds"


def test_a_range_written_after_a_chain_keeps_an_example_value_outside_it_away() -> None:
    # "(10) at λ=0" is the step's example; "… < 1\quad(\lambda>0)" is a chain about λ > 0
    from notelint.math.checking.analysis import _range_after, _within
    from notelint.math.reading.relations import chains_of
    from notelint.parse.note import parse_note

    note = parse_note(
        "# T\n\n$$\ns(0)=1,\\qquad s(\\lambda)=\\frac{a^2}{a^2+\\lambda}<1\\quad(\\lambda>0)\n$$\n"
    )
    first, second = chains_of(note.math[0])
    assert _range_after(note.math[0].latex, first) is None
    assert _range_after(note.math[0].latex, second) == ("\\lambda", ">", 0.0)
    assert _within({"\\lambda": "0", "a": "2"}, ("\\lambda", ">", 0.0)) == {"a": "2"}
    # a value inside the range, or a symbolic one, stays
    assert _within({"\\lambda": "0.5"}, ("\\lambda", ">", 0.0)) == {"\\lambda": "0.5"}
    assert _within({"\\lambda": "\\mu"}, ("\\lambda", ">", 0.0)) == {"\\lambda": "\\mu"}


def test_declared_members_of_a_family_beside_a_generic_point_are_vectors_in_a_sum() -> None:
    # x ∈ R^d a generic point, x_i ∈ R^d the i-th data point: in a sum over i, x_i is the
    # member, not the i-th entry of x (that read "adding a scalar to a matrix")
    ctx = Context(shapes={"x": ("d", 1), "x_i": ("d", 1), "m": ("d", 1), "n": (1, 1)})
    assert status("\\sum_{i=1}^{n}(x_i-m)", "\\sum_{i=1}^{n}x_i-nm", ctx) == "holds"
    assert status("\\sum_{i=1}^{n}(x_i-m)", "\\sum_{i=1}^{n}x_i-m", ctx) == "fails"


def test_a_rounded_coefficient_of_a_symbol_is_an_approximation_at_its_written_precision() -> None:
    # "|x - x'| > \ell\sqrt{2\ln 100} \approx 3.03\,\ell": the factor, rounded, not a Taylor series
    assert status("\\ell\\sqrt{2\\ln 100}", "3.03\\,\\ell", op="approx") == "holds"
    assert status("\\ell\\sqrt{2\\ln 100}", "3.04\\,\\ell", op="approx") == "fails"
    assert status("\\ell\\sqrt{2\\ln 100}", "3.1\\,\\ell", op="approx") == "fails"
    assert status("\\frac{x}{3}", "0.33x", op="approx") == "holds"
    assert status("\\frac{x}{3}", "0.3x", op="approx") == "holds"  # truncated
    assert status("\\frac{x}{3}", "0.34x", op="approx") == "fails"
    # a series stays a series: sin x ≈ x around 0, and not its rounding
    assert status("\\sin x", "x", op="approx") == "holds"
    assert status("\\sin x", "2x", op="approx") == "fails"


def test_named_bars_are_the_bars_they_print() -> None:
    assert status("\\lvert -3\\rvert", "3") == "holds"
    assert status("\\lvert -3\\rvert", "-3") == "fails"
    ctx = Context(shapes={"x": (2, 1)})
    assert status("\\lVert x\\rVert_2^2", "x^\\top x", ctx) == "holds"
    assert status("\\lVert x\\rVert_2^2", "2x^\\top x", ctx) == "fails"


def test_an_evaluation_bar_is_the_difference_at_its_limits() -> None:
    assert status("-e^{-x}\\right|_0^\\infty", "1") == "holds"
    assert status("\\left[-e^{-x}\\right]_0^\\infty", "1") == "holds"
    assert status("\\frac{x^3}{3}\\right|_{x=0}^{x=1}", "\\frac13") == "holds"
    assert status("x^2\\big|_{0}^{1}", "1") == "holds"
    assert status("x^2\\big|_{0}^{1}", "2") == "fails"
    assert status("\\int_0^1 2x\\,dx", "x^2\\big|_0^1") == "holds"
    assert status("\\int_0^1 2x\\,dx", "x^3\\big|_0^1+1") == "unknown"  # what the bar reaches
    # its reach, or its variable, not written: unknown, never a guess
    assert status("a+x\\big|_0^1", "a+1") == "unknown"
    assert status("\\left. a+x \\right|_0^1", "1") == "unknown"
    # a norm's bars are no evaluation bar
    assert status("|{-3}|+|4|", "7") == "holds"


def test_a_map_the_glossary_declares_applied_is_its_value_not_a_product() -> None:
    # s_j : [0, ∞) → [0, 1] declared, its definition not in the job: s_j(λ) is no s_j · λ
    ctx = Context(shapes={"\\lambda": (1, 1)}, maps=("s_j",))
    left = "\\sum_{j=1}^{2}\\frac{d_j^2}{d_j^2+\\lambda}"
    assert status(left, "\\sum_{j=1}^{2}s_j(\\lambda)", ctx) == "unknown"
    assert status("s_j(\\lambda)+s_j(\\lambda)", "2s_j(\\lambda)", ctx) == "holds"
    # without the declaration the letter times a bracket is still a product
    assert status("s(\\lambda+1)", "s\\lambda+s", Context(shapes={"s": (1, 1)})) == "holds"
