"""Worked examples substitute rounded values: ``\\frac{e}{e+e^2} = \\frac{2.718}{2.718+7.389}``
or ``\\sqrt2 \\times \\sqrt2 = 1.414 \\times 1.414``. Exactly the two sides differ; at the
precision of the decimals written they agree, and the writer meant nothing more.

A numeric equality refuted exactly, whose one side is an exact expression without decimals and
whose other side computes with rounded decimals (three significant digits or more: ``0.9`` and
``0.26`` are an example's data, exact as given; a side that is one decimal is judged at its
written precision already), is tried with each rounded decimal at either end of what it may
stand for: rounded (±½ unit of its last digit) or truncated (+1 unit). When
the other side lies between the lowest and the highest value so reached, the relation holds at
that precision and is not refuted. Every combination of ends is tried for up to four decimals,
the two uniform ones and a fixed sample beyond.

The same ends bound an approximation the other way: ``-\\log\\sigma(0.5)-\\log\\sigma(1)
\\approx 0.47401+0.31326`` is within 1 % of its left side, yet the decimals written are five
digits each and no rounding or truncation of them reaches the exact value (0.47408 is): the
writer copied a digit wrong. ``\\approx`` between an expression without rounded decimals and
one that computes with rounded decimals holds only where the exact side lies between the
lowest and the highest value the decimals may stand for (every combination of ends, up to
four decimals), on top of the relative tolerance (:func:`beyond_rounding`).
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Callable, Iterator
from decimal import Decimal

from notelint.math.cas.verdicts import Result
from notelint.math.checking.jobs import Job
from notelint.math.reading.mathtree import Node, Tex

#: combinations of ends tried when a side has more than four decimals
_SAMPLED = 14


def _decimals(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if node.kind == "num" and "." in node.value:
            out.append(node)
        out += _decimals(node.children)
    return out


def _rounded(node: Node) -> bool:
    """A decimal with three significant digits or more (``2.718``, ``0.135``): a computed value
    rounded; ``0.9``, ``0.26`` are the data of the example, exact as given."""
    return _digits(node) >= 3


def _one_number(nodes: list[Node]) -> bool:
    """``0.269``, ``-0.6``, ``5.0\\%``: a side judged at its written precision already."""
    rest = nodes[1:] if nodes and nodes[0].kind == "char" and nodes[0].value in "+-" else nodes
    if len(rest) == 2 and rest[1].kind == "macro" and rest[1].value == "%":
        rest = rest[:1]
    return len(rest) == 1 and rest[0].kind == "num"


def _exact(text: str, digits: int) -> bool:
    """The side the rounded one stands for: an expression without decimals (``\\sqrt2 \\times
    \\sqrt2``, ``\\frac{e}{e+e^2}``) or with decimals of fewer than ``digits`` significant
    digits, the example's data (``\\log(1+e^{1.25}) = \\log(4.4903)``); not a number
    (``0.333+0.333+0.333 = 1`` is false)."""
    if not isinstance(text, Tex) or text.nodes is None or _one_number(text.nodes):
        return False
    return all(_digits(n) < digits for n in _decimals(text.nodes))


def _digits(node: Node) -> int:
    return len(node.value.replace(".", "").lstrip("0"))


def _ends(value: str) -> tuple[str, str]:
    """The lowest and highest value the decimal ``value`` may stand for, as exact decimal text."""
    d = Decimal(value)
    unit = Decimal(1).scaleb(d.as_tuple().exponent)  # type: ignore[arg-type]
    return str(d - unit / 2), str(d + unit)


def _with_values(nodes: list[Node], values: dict[int, str]) -> list[Node]:
    out = []
    for node in nodes:
        value = values.get(id(node), node.value)
        out.append(dataclasses.replace(node, value=value, children=_with_values(node.children, values)))
    return out


def _corners(decimals: list[Node]) -> Iterator[dict[int, str]]:
    ends = [_ends(n.value) for n in decimals]
    if len(decimals) <= 4:
        choices: list[tuple[int, ...]] = list(itertools.product((0, 1), repeat=len(decimals)))
    else:
        pick = random.Random(len(decimals))
        choices = [(0,) * len(decimals), (1,) * len(decimals)]
        choices += [tuple(pick.randint(0, 1) for _ in decimals) for _ in range(_SAMPLED)]
    for choice in choices:
        yield {id(n): ends[k][c] for k, (n, c) in enumerate(zip(decimals, choice))}


def _reach(
    job: Job, side: str, decimals: list[Node], decide: Callable[[Job], Result]
) -> Iterator[tuple[str, str]]:
    """Per combination of the decimals' ends: does the other side ≤ / ≥ ``side`` computed with
    them hold, fail or stay unknown (a matrix has no order)?"""
    text = job.right if side == "right" else job.left
    nodes = text.nodes if isinstance(text, Tex) and text.nodes is not None else []
    for values in _corners(decimals):
        corner = Tex(str(text), _with_values(nodes, values))
        at = (
            dataclasses.replace(job, right=corner)
            if side == "right"
            else dataclasses.replace(job, left=corner)
        )
        yield (
            decide(dataclasses.replace(at, op="<=")).status,
            decide(dataclasses.replace(at, op=">=")).status,
        )


def beyond_rounding(job: Job, decide: Callable[[Job], Result]) -> str | None:
    """For ``exact \\approx decimals`` (either order) that held at the relative tolerance: the
    decimals (as written) when no combination of their ends reaches the exact side, else None."""
    if job.op != "approx":
        return None
    for side in ("right", "left"):
        text = job.right if side == "right" else job.left
        other = job.left if side == "right" else job.right
        if not isinstance(text, Tex) or text.nodes is None or _one_number(text.nodes):
            continue
        if not isinstance(other, Tex) or other.nodes is None or _one_number(other.nodes):
            continue
        decimals = _decimals(text.nodes)
        # the other side computes exactly: its decimals, if any, are data (σ(0.5)), not rounded
        if not any(map(_rounded, decimals)) or any(map(_rounded, _decimals(other.nodes))):
            continue
        if len(decimals) > 4:
            continue
        below = above = False
        for le, ge in _reach(job, side, decimals, decide):
            if "unknown" in (le, ge):
                return None  # the corners cannot be compared: nothing to say beyond 1 %
            below, above = below or le == "holds", above or ge == "holds"
            if below and above:
                return None
        return ", ".join(n.value for n in decimals)
    return None


def within_rounding(job: Job, decide: Callable[[Job], Result]) -> str | None:
    """The decimals (as written) of the side whose rounding covers the other side, or None."""
    if job.op != "=":
        return None
    for side in ("right", "left"):
        text = job.right if side == "right" else job.left
        if not isinstance(text, Tex) or text.nodes is None:
            continue
        other = job.left if side == "right" else job.right
        decimals = [n for n in _decimals(text.nodes) if _rounded(n)]
        if not decimals or _one_number(text.nodes) or not _exact(other, _digits(min(decimals, key=_digits))):
            continue
        below = above = False
        for le, ge in _reach(job, side, decimals, decide):
            below, above = below or le == "holds", above or ge == "holds"
            if below and above:
                return ", ".join(n.value for n in decimals[:3]) + (", …" if len(decimals) > 3 else "")
    return None
