"""The size guard of a relation's sides (``verify._size_guard``): a side too large to evaluate
is refused with its reason, in one walk of the tree; everything a note writes is let through."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp

from notelint.math.cas.verify import MAX_NODES, _size_guard
from notelint.math.checking.guards import Unsupported

x, k = sp.Symbol("x"), sp.Symbol("k", integer=True)


def _pow(base: Any, exponent: Any) -> Any:
    return sp.Pow(base, exponent, evaluate=False)


@pytest.mark.parametrize(
    ("side", "reason"),
    [
        (_pow(x, 10**5), "exponent 1e+05 is too large to evaluate"),
        (_pow(x, -(10**5)), "exponent 1e+05 is too large to evaluate"),
        (_pow(x, sp.Rational(20001, 2)), "exponent 1e+04 is too large to evaluate"),  # 10000.5
        (_pow(x, 10**400), "exponent inf is too large to evaluate"),
        (_pow(2, sp.sqrt(2) * 10**5), "exponent 1.41e+05 is too large to evaluate"),
        (x + 3 * _pow(x + 1, 10**6), "exponent 1e+06 is too large to evaluate"),  # deep inside
        (sp.factorial(10**5, evaluate=False), "factorial of a huge number"),
        (sp.Sum(x**k, (k, 1, 10**5)), "sum with too many terms"),
        (sp.Add(*sp.symbols(f"a0:{MAX_NODES}")), "expression too large"),
        (sp.ImmutableMatrix([[1, _pow(x, 10**5)]]), "exponent 1e+05 is too large to evaluate"),
    ],
)
def test_a_side_too_large_to_evaluate_is_refused(side: Any, reason: str) -> None:
    with pytest.raises(Unsupported) as refused:
        _size_guard(side)
    assert str(refused.value) == reason


@pytest.mark.parametrize(
    "side",
    [
        _pow(x, 2),
        _pow(x, 10**4),  # the limit itself
        _pow(x, sp.Rational(-1, 2)),
        _pow(1, 10**6),  # a unit to a huge power is 1
        _pow(-1, 10**6),
        _pow(x, k),  # a symbolic exponent is not evaluated
        sp.factorial(20, evaluate=False),
        sp.Sum(x**k, (k, 1, 2000)),
        sp.Sum(x**k, (k, 1, sp.oo)),  # an infinite series is summed symbolically
        sp.ImmutableMatrix([[x**2, 1], [0, _pow(x, 3)]]),
        sp.Add(*sp.symbols(f"a0:{MAX_NODES // 2}")),
    ],
)
def test_what_a_note_writes_is_let_through(side: Any) -> None:
    _size_guard(side)
