"""CPU budgets inside a CAS job (notelint.math.cas.budget): a call that runs away gives up, the
job's own limit still stops the job, and nothing stays armed afterwards."""

from __future__ import annotations

import signal
import time

import pytest

from notelint.math.cas import budget


def _spin(seconds: float) -> str:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return "done"


def test_a_call_within_its_budget_returns_its_value() -> None:
    assert budget.attempt(1.0, _spin, 0.01) == (True, "done")
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_a_call_over_its_budget_gives_up_and_the_job_goes_on() -> None:
    started = time.process_time()
    with budget.job(5.0):
        assert budget.attempt(0.1, _spin, 3.0) == (False, None)
        assert budget.attempt(1.0, _spin, 0.01) == (True, "done")
    assert time.process_time() - started < 1.0
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_the_job_limit_ends_the_job_even_inside_a_call_with_more_budget() -> None:
    started = time.process_time()
    with pytest.raises(budget.OutOfTime), budget.job(0.2):
        budget.attempt(5.0, _spin, 3.0)
    assert time.process_time() - started < 1.0
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_a_runaway_solve_is_given_up_not_waited_for() -> None:
    # a correct note's step: SymPy turned exp(-16a/25) into a degree-16 polynomial (6.6 s)
    import sympy as sp

    from notelint.math.cas import premise_solving

    a = sp.Symbol("a")
    runaway = sp.Rational(7, 5) - 1 / (
        sp.Rational(63, 8) * sp.exp(-16 * a / 25 - sp.Rational(10608781, 352800)) + 1
    )
    started = time.process_time()
    assert premise_solving._solve(runaway, [a], {}) is None
    assert time.process_time() - started < 2 * premise_solving.SOLVE_SECONDS + 0.5
    # a solve within budget still answers
    solved = premise_solving._solve(a**2 - 4, [a], {})
    assert solved is not None and sorted(s[a] for s in solved[0]) == [-2, 2]


def _lower_the_precision_and_spin(seconds: float) -> str:
    import mpmath

    mpmath.mp.prec = 8  # what mpmath does inside a call, then puts back without ``finally``
    _spin(seconds)
    mpmath.mp.prec = 53
    return "done"


def test_a_call_stopped_mid_way_leaves_mpmath_at_its_precision() -> None:
    # CI: a step interrupted inside mpmath left the worker at a few bits, so a later relation's
    # message read "the left side is 2.78125" for 25/9
    import mpmath

    before = mpmath.mp.prec
    with budget.job(5.0):
        assert budget.attempt(0.1, _lower_the_precision_and_spin, 3.0) == (False, None)
        assert mpmath.mp.prec == before
    with pytest.raises(budget.OutOfTime), budget.job(0.1):
        _lower_the_precision_and_spin(3.0)
    assert mpmath.mp.prec == before


def _swallow_the_first_stop_then_spin(seconds: float) -> str:
    # what a __del__ or weakref callback does with an exception raised inside it
    try:
        _spin(seconds)
    except BaseException:
        pass
    return _spin(seconds)


def test_a_stop_swallowed_once_is_raised_again() -> None:
    started = time.process_time()
    assert budget.attempt(0.1, _swallow_the_first_stop_then_spin, 3.0) == (False, None)
    assert time.process_time() - started < 1.0
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
