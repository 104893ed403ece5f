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
        ("\\sum_{i\\in\\mathcal{I}} x_i", "x^\\top x", "over an index set"),
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
