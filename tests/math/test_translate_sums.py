"""Counts in sums' bounds, ranges written as sets, samples x^{(i)}, inner products and arg max
(``math/cas/translate_sums.py``, ``translate_operators.inner_product``).

Each true relation has a near-miss twin that must be refuted; each refusal says why.
"""

from __future__ import annotations

import pytest

from notelint.math.cas.verify import check
from notelint.math.checking.jobs import Context, Job
from notelint.math.reading.wire import to_wire

COUNTED = Context(shapes={"k": (1, 1), "n": (1, 1), "x": ("n", 1), "y": ("n", 1), "A": ("n", "n")})


def verdict(left: str, right: str, ctx: Context = COUNTED) -> tuple[str, str]:
    res = check(to_wire(Job("=", left, right, ctx)))
    return res.status, res.message


@pytest.mark.parametrize(
    ("left", "true", "false"),
    [
        # a count in the bound, over a sequence
        ("\\sum_{j=0}^{k} s_j", "s_0+\\sum_{j=1}^{k} s_j", "s_0+\\sum_{j=0}^{k} s_j"),
        (
            "\\prod_{s=1}^{k}(1-\\beta_s)",
            "(1-\\beta_k)\\prod_{s=1}^{k-1}(1-\\beta_s)",
            "(1-\\beta_1)\\prod_{s=1}^{k}(1-\\beta_s)",
        ),
        (
            "\\sum_{m=1}^{k}(\\xi_m-c)^2",
            "\\sum_{m=1}^{k}\\xi_m^2-2c\\sum_{m=1}^{k}\\xi_m+k(c^2)",
            "\\sum_{m=1}^{k}\\xi_m^2-2c\\sum_{m=1}^{k}\\xi_m+c^2",
        ),
        # ranges written as sets
        ("\\sum_{i\\in\\{1,\\dots,n\\}} x_i", "\\mathbf{1}_n^\\top x", "x^\\top x"),
        ("\\sum_{i\\in[n]} x_i y_i", "x^\\top y", "x^\\top x"),
        ("\\sum_{j\\in\\{0,1,\\dots,k\\}} s_j", "s_0+\\sum_{j=1}^{k}s_j", "\\sum_{j=1}^{k}s_j"),
        # samples indexed by the sum's index
        ("\\sum_{i=1}^{3} y^{(i)}", "y^{(1)}+y^{(2)}+y^{(3)}", "y^{(1)}+y^{(2)}+y^{(2)}"),
        ("\\sum_{i=1}^{k} y^{(i)}", "y^{(k)}+\\sum_{i=1}^{k-1} y^{(i)}", "y^{(1)}+\\sum_{i=1}^{k-1} y^{(i)}"),
        # inner products and arg max over a declared vector's index
        ("\\langle Ax, y\\rangle", "\\langle x, A^\\top y\\rangle", "\\langle x, A y\\rangle"),
        ("\\arg\\max_i x_i", "\\operatorname*{arg\\,max}_i e^{x_i}", "\\arg\\max_i (-x_i)"),
    ],
)
def test_true_relation_verified_and_its_near_miss_refuted(left: str, true: str, false: str) -> None:
    assert verdict(left, true)[0] == "holds"
    assert verdict(left, false)[0] == "fails"


@pytest.mark.parametrize(
    ("left", "right", "reason"),
    [
        # a count no note declares is ours to choose: its failure is not the note's
        ("\\sum_{r=1}^{L} s_r", "s_1+\\sum_{r=1}^{L} s_r", "size the note does not give"),
        ("\\sum_{i\\in\\{1,3,\\dots,n\\}} x_i", "x^\\top x", "over an index set"),
        ("\\sum_{j=1}^{n} y^{(j)}", "y^{(i)}+\\sum_{j\\ne i} y^{(j)}", "one sample here"),
        ("\\langle f, g\\rangle_{\\mathcal{H}}", "0", "space its subscript names"),
        ("\\langle f, g\\rangle", "0", "not declared vectors or matrices"),
        ("\\arg\\min_u (u-1)^2", "1", "indexes no declared array"),
    ],
)
def test_what_is_not_read_stays_unknown_with_its_reason(left: str, right: str, reason: str) -> None:
    status, message = verdict(left, right)
    assert status == "unknown"
    assert reason in message


def test_a_symbolic_sum_with_a_closed_form_is_still_proved_for_every_n() -> None:
    assert verdict("\\sum_{i=1}^{n} i", "\\frac{n(n+1)}{2}", Context())[0] == "holds"
    assert verdict("\\sum_{i=1}^{n} i", "\\frac{n(n-1)}{2}", Context())[0] == "fails"


# ---- sums over a named index set (sampled subsets) and its size -----------------------------------
@pytest.mark.parametrize(
    ("left", "true", "false"),
    [
        (
            "\\sum_{i\\in\\mathcal{I}_k}(x_i-c)",
            "\\sum_{i\\in\\mathcal{I}_k}x_i-|\\mathcal{I}_k|c",
            "\\sum_{i\\in\\mathcal{I}_k}x_i-c",  # a dropped factor |I_k|
        ),
        (
            "\\sum_{i\\in\\mathcal{I}}(x_i-c)^2",
            "\\sum_{i\\in\\mathcal{I}}x_i^2-2c\\sum_{i\\in\\mathcal{I}}x_i+|\\mathcal{I}|c^2",
            "\\sum_{i\\in\\mathcal{I}}x_i^2-2c\\sum_{i\\in\\mathcal{I}}x_i+c^2",
        ),
        (
            "\\sum_{a\\in\\mathcal{A}} x_a y_a",
            "\\sum_{a\\in\\mathcal{A}} y_a x_a",
            "\\sum_{a\\in\\mathcal{A}} x_a",
        ),
        ("\\prod_{i\\in S} e^{x_i}", "e^{\\sum_{i\\in S} x_i}", "e^{-\\sum_{i\\in S} x_i}"),
        ("\\sum_{i\\in\\mathcal{I}} 1", "|\\mathcal{I}|", "|\\mathcal{I}|+1"),  # off by one
        ("\\sum_{i\\in\\{1,3\\}} x_i", "x_1+x_3", "x_1+x_2"),  # a listed set
        # one set per value of an outer sum's index
        (
            "\\sum_{k=1}^{2}\\sum_{i\\in\\mathcal{I}_k} x_i",
            "\\sum_{i\\in\\mathcal{I}_1} x_i+\\sum_{i\\in\\mathcal{I}_2} x_i",
            None,
        ),
    ],
)
def test_a_sum_over_an_index_set_is_read_at_sampled_subsets(left: str, true: str, false: str | None) -> None:
    assert verdict(left, true)[0] == "holds"
    if false is not None:
        status, message = verdict(left, false)
        assert status == "fails"
        if "\\{" not in left:
            assert "= {" in message  # the subset the counterexample uses is named


def test_the_size_of_an_index_set_defined_as_a_value_is_its_sampled_size() -> None:
    ctx = Context(shapes=COUNTED.shapes, values={"n_k": "|\\mathcal{I}_k|"})
    left = "\\sum_{i\\in\\mathcal{I}_k}(x_i-c)"
    assert verdict(left, "\\sum_{i\\in\\mathcal{I}_k}x_i-n_k c", ctx)[0] == "holds"
    assert verdict(left, "\\sum_{i\\in\\mathcal{I}_k}x_i-(n_k-1)c", ctx)[0] == "fails"


@pytest.mark.parametrize(
    ("left", "right", "reason"),
    [
        # n_k may be the set's size in words: holding with it as the size is no counterexample
        (
            "\\sum_{i\\in\\mathcal{I}_k}(x_i-c)",
            "\\sum_{i\\in\\mathcal{I}_k}x_i-n_k c",
            "is the size of the index set",
        ),
        # a partition of 1..n, or two sets the note relates, is not read
        ("\\sum_{i\\in\\mathcal{I}} x_i", "\\sum_{i=1}^{n} x_i", "a partition?"),
        ("\\sum_{i\\in S} x_i", "\\sum_{j\\in T} x_j", "a partition?"),
        # members used as numbers: a set of unknown numbers, not positions
        ("\\sum_{k\\in S}\\sin(\\pi k)", "0", "members are used as numbers"),
        # an infinite or unnamed set stays unread
        ("\\sum_{i\\in\\mathbb{N}} x_i", "x^\\top x", "over an index set"),
    ],
)
def test_an_index_set_failure_that_may_be_the_notes_stays_unknown(left: str, right: str, reason: str) -> None:
    status, message = verdict(left, right)
    assert status == "unknown"
    assert reason in message


def test_a_set_the_note_defines_is_verify_only() -> None:
    ctx = Context(shapes=COUNTED.shapes, values={"\\mathcal{I}_k": "\\{i: y_i = k\\}"})
    assert verdict("\\sum_{i\\in\\mathcal{I}_k} x_i", "\\sum_{j\\in\\mathcal{I}_k} x_j", ctx)[0] == "holds"
    status, message = verdict("\\sum_{i\\in\\mathcal{I}_k} x_i", "\\sum_{j\\in\\mathcal{I}_k} y_j", ctx)
    assert status == "unknown"
    assert "the note defines the set" in message


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("\\sum_{i\\in\\mathcal{I}}(x_i-c)", "\\sum_{i\\in\\mathcal{I}}x_i-|\\mathcal{I}|c"),
        ("\\sum_{i\\in\\mathcal{I}}(x_i-c)", "\\sum_{i\\in\\mathcal{I}}x_i-c"),
        ("\\sum_{i\\in\\mathcal{I}} 1", "|\\mathcal{I}|"),
    ],
)
def test_an_index_set_relation_and_its_negation_are_never_both_verified(left: str, right: str) -> None:
    equal = check(to_wire(Job("=", left, right, COUNTED))).status
    unequal = check(to_wire(Job("!=", left, right, COUNTED))).status
    assert not (equal == "holds" and unequal == "holds")
    assert {equal, unequal} != {"fails"}


@pytest.mark.parametrize(
    ("left", "true", "false"),
    [
        # a primed index is one name: the softmax's normaliser, a return from t on
        ("\\sum_{k'=1}^{n} x_{k'}", "\\mathbf{1}_n^\\top x", "x^\\top x"),
        (
            "\\frac{e^{x_k}}{\\sum_{k'=1}^{n} e^{x_{k'}}}",
            "\\frac{e^{x_k-c}}{\\sum_{k'=1}^{n} e^{x_{k'}-c}}",
            "\\frac{e^{x_k-c}}{\\sum_{k'=1}^{n} e^{x_{k'}}}",
        ),
        ("\\sum_{t'=t}^{n} x_{t'}", "x_t+\\sum_{t'=t+1}^{n} x_{t'}", "2x_t+\\sum_{t'=t+1}^{n} x_{t'}"),
        ("\\sum_{j'} x_{j'}", "\\mathbf{1}_n^\\top x", "\\mathbf{1}_n^\\top x+x_1"),
    ],
)
def test_a_primed_summation_index_is_read_as_one_name(left: str, true: str, false: str) -> None:
    assert verdict(left, true)[0] == "holds"
    assert verdict(left, false)[0] == "fails"
