"""Block matrices: an identity block ``I`` is not a number (issue 15)."""

from __future__ import annotations

from notelint.math.cas.verify import check
from notelint.math.checking.jobs import Context, Job
from notelint.math.reading.wire import to_wire

_L = r"\begin{bmatrix} I & 0\\ a & I\end{bmatrix}"
_L_INV = r"\begin{bmatrix} I & 0\\ -a & I\end{bmatrix}"
_ONE = r"\begin{bmatrix} I & 0\\ 0 & I\end{bmatrix}"


def test_an_identity_block_is_not_checked_as_a_number() -> None:
    # read as numbers, I^2 = I fails at I = 0.2: a true block identity would be refuted
    result = check(to_wire(Job("=", _L + _L_INV, _ONE)))
    assert result.status == "unknown" and "identity block" in result.message
    result = check(to_wire(Job("=", r"\begin{bmatrix} \mathbf{I} & 0\\ a & I_n\end{bmatrix}", _ONE)))
    assert result.status == "unknown"


def test_a_matrix_of_numbers_is_still_decided() -> None:
    """The near-miss twin: with 1 in place of I the same shapes are checked both ways."""
    ones = (_L + _L_INV).replace("I", "1")
    assert check(to_wire(Job("=", ones, _ONE.replace("I", "1")))).status == "holds"
    wrong = (_L + _L).replace("I", "1")
    assert check(to_wire(Job("=", wrong, _ONE.replace("I", "1")))).status == "fails"


def test_a_declared_scalar_named_i_is_a_number() -> None:
    ctx = Context(shapes={"I": (1, 1)})
    job = Job(
        "=",
        r"\begin{bmatrix} I & 0\\ 0 & I\end{bmatrix}",
        r"\begin{bmatrix} I & 0\\ 0 & 2I\end{bmatrix}",
        ctx,
    )
    assert check(to_wire(job)).status == "fails"
