"""Verdicts that depend on the stated range of a symbol: integrals with parameters computed
under their signs, closed ends of a range and values inside it that random points miss (where
the sides of a strict relation meet)."""

from __future__ import annotations

import pytest

from notelint.math.cas.verify import check
from notelint.math.checking.jobs import Assumption, Job

POSITIVE_A = (Assumption("a", "positive"),)
POSITIVE_X = (Assumption("x", "positive"),)
UNIT_CLOSED = (Assumption("p", "interval", "0", "1"),)
UNIT_OPEN = (Assumption("p", "interval", "0", "1", lo_open=True, hi_open=True),)
AROUND_ZERO = (Assumption("x", "interval", "-4", "4", lo_open=True, hi_open=True),)


def status(op: str, left: str, right: str, assumptions: tuple[Assumption, ...] = ()) -> str:
    return check(Job(op, left, right, assumptions=assumptions)).status


@pytest.mark.parametrize(
    ("left", "right", "assumptions", "expected"),
    [
        # SymPy leaves these unevaluated unless told a > 0
        ("\\int_0^{\\infty} e^{-ax}\\,dx", "\\frac{1}{a}", POSITIVE_A, "holds"),
        ("\\int_0^{\\infty} e^{-ax}\\,dx", "a", POSITIVE_A, "fails"),
        ("\\int_0^{\\infty} x^2 a e^{-ax}\\,dx", "\\frac{2}{a^2}", POSITIVE_A, "holds"),
        ("\\int_0^{\\infty} x^2 a e^{-ax}\\,dx", "\\frac{1}{a^2}", POSITIVE_A, "fails"),
        ("\\int_{-\\infty}^{\\infty} e^{-ax^2}\\,dx", "\\sqrt{\\frac{\\pi}{a}}", POSITIVE_A, "holds"),
        ("\\int_{-\\infty}^{\\infty} e^{-ax^2}\\,dx", "\\sqrt{\\frac{2\\pi}{a}}", POSITIVE_A, "fails"),
        # a negative rate: the closed form of the other sign
        ("\\int_0^{\\infty} e^{ax}\\,dx", "-\\frac{1}{a}", (Assumption("a", "negative"),), "holds"),
        ("\\int_0^{\\infty} e^{ax}\\,dx", "\\frac{1}{a}", (Assumption("a", "negative"),), "fails"),
        # a parameter the note says nothing about is taken positive, as the first points take it
        ("\\int_0^{\\infty} e^{-\\lambda x}\\lambda x\\,dx", "\\frac{1}{\\lambda}", (), "holds"),
        ("\\int_0^{\\infty} e^{-\\lambda x}\\lambda x\\,dx", "\\lambda", (), "fails"),
    ],
)
def test_integrals_with_parameters_under_their_signs(
    left: str, right: str, assumptions: tuple[Assumption, ...], expected: str
) -> None:
    assert status("=", left, right, assumptions) == expected


@pytest.mark.parametrize(
    ("op", "left", "right", "assumptions", "expected"),
    [
        # p in [0, 1]: random points never take 0 or 1, where these fail (refuted there)
        ("<", "p^2", "p", UNIT_CLOSED, "fails"),
        (">", "p(1-p)", "0", UNIT_CLOSED, "fails"),
        ("<", "\\log p", "0", (Assumption("p", "probability"),), "fails"),
        ("<", "\\log(1+x)", "x", (Assumption("x", "nonnegative"),), "unknown"),
        # the same relations on the open range, and the non-strict ones, hold
        ("<", "p^2", "p", UNIT_OPEN, "holds"),
        (">", "p(1-p)", "0", UNIT_OPEN, "holds"),
        ("<=", "p^2", "p", UNIT_CLOSED, "holds"),
        ("<=", "\\log(1+x)", "x", (Assumption("x", "nonnegative"),), "holds"),
        # an assumed range that holds 0: the sides meet there, at a value the note allows
        (">", "\\cosh x", "1", AROUND_ZERO, "fails"),
        (">=", "\\cosh x", "1", AROUND_ZERO, "holds"),
        (">", "\\cosh x", "1", POSITIVE_X, "holds"),
        # sides that meet at a point no random point takes, found by the search for a failure
        # (unknown: the search's point is a float, and the note may mean x ≠ 0.37)
        (">", "x^2-2.02x+1.0201", "0", AROUND_ZERO, "unknown"),
        ("!=", "x^2-2.02x+1.0201", "0", AROUND_ZERO, "unknown"),
        (">", "\\cosh(x-0.37)", "1", (), "unknown"),
        (">", "|x-0.37|", "0", (), "unknown"),
        # a gap that only tends to 0, far out or at an open end, is no meeting point
        (">", "e^{-x}", "0", (), "holds"),
        (">", "\\cosh x", "1", POSITIVE_X, "holds"),
        (">", "x^2-2.02x+1.0202", "0", AROUND_ZERO, "holds"),
        # a branch that switches beyond the small random points: at a root of the switch
        ("=", "\\min(x, 20)", "x", (), "fails"),
        ("=", "|x-20|", "20-x", (), "fails"),
        (">=", "\\min(x, 20)", "x", (), "fails"),
        ("=", "\\min(x, 10^{6})", "x", (), "fails"),
        # or far out on the ladder of magnitudes, where the switch is no polynomial
        ("=", "\\min(1, e^{x-10})", "e^{x-10}", (), "fails"),
        # failing only at negative values of a symbol the note leaves unsigned: unknown
        ("=", "|x+20|", "x+20", (), "unknown"),
        # identities of the same kind hold
        ("=", "\\max(x, 20)+\\min(x, 20)", "x+20", (), "holds"),
        ("=", "\\max(x-8, 0)-\\max(8-x, 0)", "x-8", (), "holds"),
        # a root is |·| in disguise, a principal inverse switches branch beyond pi/2
        ("=", "\\sqrt{(x-3)^2}", "3-x", (), "fails"),
        ("=", "\\sqrt{x^2-20x+100}", "10-x", POSITIVE_X, "fails"),
        ("=", "\\arcsin(\\sin x)", "x", POSITIVE_X, "fails"),
        ("=", "\\sqrt{(x-3)^2}", "|x-3|", (), "holds"),
        ("=", "\\arcsin(\\sin x)", "x", (Assumption("x", "interval", "-1", "1"),), "holds"),
        # an integer symbol (a sum's bound, the n of n!) beyond the random values 1..7 and 9
        ("<=", "\\sum_{k=1}^{n} k", "10n", (), "fails"),
        ("<=", "\\sum_{k=1}^{n} k", "10n", (Assumption("n", "integer", "1", "19"),), "holds"),
        ("<", "\\sum_{k=1}^{n} \\frac{1}{k^2}", "2", (), "holds"),
        # with two symbols a hypothesis on their combination (0 < a+b < 2) may exclude the point
        (
            "<",
            "|1-a-b|",
            "1",
            (Assumption("a", "interval", "0", "1"), Assumption("b", "interval", "0", "1")),
            "unknown",
        ),
        # a false relation next to the excuse is still refuted
        (">", "(x-1.01)^2", "\\frac12", AROUND_ZERO, "fails"),
        (">", "\\cosh x", "2", AROUND_ZERO, "fails"),
        ("<", "p^2", "\\frac{p}{2}", UNIT_CLOSED, "fails"),
    ],
)
def test_values_that_random_points_miss(
    op: str, left: str, right: str, assumptions: tuple[Assumption, ...], expected: str
) -> None:
    assert status(op, left, right, assumptions) == expected


@pytest.mark.parametrize(
    ("left", "right", "assumptions", "expected"),
    [
        # a value the stated range allows is a substitution, whatever point the sampler drew
        ("K", "3", (Assumption("K", "interval", "2", None),), "unknown"),
        (
            "\\kappa_{\\max}",
            "0.8",
            (Assumption("\\kappa_{\\max}", "interval", "0", "1", lo_open=True),),
            "unknown",
        ),
        ("p", "0.25", UNIT_CLOSED, "unknown"),
        # one the range excludes is wrong at every point of it
        ("p", "1.5", UNIT_CLOSED, "fails"),
        ("0", "p", UNIT_OPEN, "fails"),
        (
            "\\kappa_{\\max}",
            "1.8",
            (Assumption("\\kappa_{\\max}", "interval", "0", "1", lo_open=True),),
            "fails",
        ),
    ],
)
def test_a_bare_name_set_to_a_number_is_refuted_only_outside_its_range(
    left: str, right: str, assumptions: tuple[Assumption, ...], expected: str
) -> None:
    assert status("=", left, right, assumptions) == expected
