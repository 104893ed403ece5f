"""The CAS wire: every LaTeX text of a job crosses with its tree (issue 15)."""

from __future__ import annotations

import pickle

import pytest

from notelint.math.checking.estimators import solved
from notelint.math.checking.jobs import Assumption, Context, FollowsJob, Job, Premise
from notelint.math.reading.mathtree import Tex
from notelint.math.reading.wire import parse, tex, to_wire, wire_all


def _texts(job: Job) -> list[str]:
    ctx = job.context
    out: list[str] = [job.left, job.right, *ctx.values, *ctx.values.values(), *ctx.shapes]
    for name, (params, body) in ctx.functions.items():
        out += [name, *params, body]
    out += [a.symbol for a in job.assumptions]
    return out


def test_every_latex_text_of_a_job_carries_its_tree() -> None:
    ctx = Context(
        functions={"f": (("x",), "x^2")}, values={r"\hat y": r"\sigma(z)"}, shapes={"A": ("n", "n")}
    )
    job = to_wire(Job("=", "f(2)", "4", ctx, assumptions=(Assumption(r"\gamma", "positive"),)))
    texts = _texts(job)
    assert all(isinstance(t, Tex) and t.nodes is not None for t in texts), texts
    assert job == Job("=", "f(2)", "4", ctx, assumptions=(Assumption(r"\gamma", "positive"),))  # same texts


def test_a_text_that_does_not_parse_carries_the_reason() -> None:
    broken = tex(r"\frac{1}{")
    assert broken.nodes is None and broken.error and "does not parse" in broken.error
    assert tex("x" * 3000).error == "expression longer than 2000 characters"


def test_trees_survive_the_pipe_and_wiring_twice_changes_nothing() -> None:
    job = to_wire(Job("=", r"\frac{a}{b}", "c"))
    again = pickle.loads(pickle.dumps(job))
    assert isinstance(again.left, Tex) and again.left.nodes == job.left.nodes
    assert to_wire(again).left is again.left


def test_a_context_shared_by_jobs_is_wired_once() -> None:
    ctx = Context(values={"a": "1"})
    one, two = wire_all([Job("=", "a", "1", ctx), Job("=", "a+1", "2", ctx)])
    assert one.context is two.context


def test_a_derivation_step_crosses_with_its_solved_targets() -> None:
    job = to_wire(
        solved(FollowsJob(r"\hat w", r"\frac{b}{a}", (Premise("(1)", "a w", "b"),), variables=("w",)))
    )
    assert job.target_left.split() == ["w"] and isinstance(job.target_left, Tex)
    assert job.target_left.nodes is not None and all(isinstance(v, Tex) for v in job.variables)
    assert isinstance(job.premises[0].left, Tex)


@pytest.mark.parametrize(
    ("latex", "numbers"),
    [
        ("1\\,000", ["1000"]),
        ("1 000 000", ["1000000"]),
        ("3.141\\,592", ["3.141592"]),
        ("1\\thinspace 024", ["1024"]),
        # LaTeX's braced comma before three digits: a thousands separator (the decimal reading
        # of one group, German 1{,}024 = 1.024, is tried by the verdicts: cas/comma_groups.py)
        ("1{,}024", ["1024"]),
        ("16{,}777{,}216", ["16777216"]),
        # not digit groups: an exponent followed by a number, a wider space, a group of two
        # digits, a braced comma after 0 or before other than three digits (a decimal comma)
        ("x^2 300", ["2", "300"]),
        ("1\\quad 000", ["1", "000"]),
        ("2\\,30", ["2", "30"]),
        ("0{,}125", ["0", "125"]),
        ("2{,}5", ["2", "5"]),
        ("1{,}2345", ["1", "2345"]),
    ],
)
def test_spaces_that_group_digits_join_one_number(latex: str, numbers: list[str]) -> None:
    """SI and French/German notes group digits by threes with a (thin) space: one number, not a
    product of two numerals (``10^3 = 1\\,000`` read as ``1 \\cdot 000`` was refuted)."""
    assert [n.value for n in parse(latex) if n.kind == "num"] == numbers


@pytest.mark.parametrize(
    ("latex", "numbers"),
    [
        ("1.000.000", ["1000000"]),
        ("10^6 = 1.000.000", ["10", "6", "1000000"]),
        ("12.345.678,9", ["12345678", "9"]),
        # one group may be a decimal (1.500 is 1.5 in English notes): left to the verdicts
        ("1.500", ["1.500"]),
        # not groups of three: decimals and a version-like string as before
        ("3.14.15", ["3.14", ".15"]),
        ("1.000.0000", ["1.000", ".0000"]),
    ],
)
def test_two_or_more_dot_groups_make_one_integer(latex: str, numbers: list[str]) -> None:
    """``1.000.000`` (German, Spanish, Italian notes) has no decimal reading: read as ``1.000``
    times ``.000`` it was 0, and ``10^6 = 1.000.000`` was refuted."""
    assert [n.value for n in parse(latex) if n.kind == "num"] == numbers
