"""What a chain says between two of its numbers (:func:`refute_through_chains`).

``\\ell \\approx -9.00705 \\ge F \\approx -8.29602``: whatever ``F`` is, the chain says
``-9.00705 \\ge`` a number near ``-8.29602``, which is false. A link between two numbers is
decided on its own; two numbers with an undecided link between them (a side no job can
evaluate) are compared here, in the direction every link between them shares, each ``=`` or
``\\approx`` to a decimal widened by one unit of its last written place (the decimal semantics
of ``=`` and ``\\approx``). The undecided link between them is refuted, with both numbers named.
Pure Python, no CAS: a written number is read as a fraction.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import TYPE_CHECKING

from notelint.math.reading.written_numbers import written_number

if TYPE_CHECKING:
    from notelint.math.checking.link_results import LinkResult

_UP = frozenset({"<", "<="})
_DOWN = frozenset({">", ">="})
_LEVEL = frozenset({"=", "approx"})


def refute_through_chains(results: list[LinkResult]) -> None:
    """Refute an undecided link of a chain whose numbers on either side of it disagree with
    the chain's direction (in place)."""
    for _, group in itertools.groupby(results, key=lambda r: (id(r.span), r.link.chain_id)):
        links = list(group)
        if len(links) < 2 or any(r.verdict in ("refuted", "condition") for r in links):
            continue
        if [r.link.index for r in links] != list(range(len(links))):
            continue  # a chain some links of which are left out: its sides are not in order
        _refute_in(links)


def _refute_in(links: list[LinkResult]) -> None:
    sides = [links[0].link.left.text] + [r.link.right.text for r in links]
    ops = [r.link.op for r in links]
    numbers = {
        k: n
        for k, text in enumerate(sides)
        if (n := _number(text, set(ops[max(k - 1, 0) : k + 1]))) is not None
    }
    for i, j in itertools.combinations(sorted(numbers), 2):
        between = links[i:j]
        if j - i < 2 or all(r.verdict == "verified" for r in between):
            continue  # adjacent numbers, or every step between them decided on its own
        kinds = set(ops[i:j])
        if not kinds <= _UP | _DOWN | _LEVEL or (kinds & _UP and kinds & _DOWN) or not kinds & (_UP | _DOWN):
            continue
        low, high = numbers[i], numbers[j]
        widen = low[1] + high[1]
        strict = bool(kinds & {"<", ">"})
        ascending = bool(kinds & _UP)
        gap = (high[0] - low[0]) if ascending else (low[0] - high[0])
        if gap + widen > 0 or (gap + widen == 0 and not strict):
            continue
        undecided = next(r for r in between if r.verdict != "verified")
        sign = ("<" if strict else "≤") if ascending else (">" if strict else "≥")
        undecided.verdict = "refuted"
        undecided.message = (
            f"the chain puts {sides[i].strip()} {sign} {sides[j].strip()} "
            f"(through {_middle(sides, i, j)}), which is false"
        )
        return


def _number(text: str, next_to: set[str]) -> tuple[Fraction, Fraction] | None:
    """A side that is a written number: its value, and how far the value it stands for may be
    from it (one unit of its last place beside ``=`` or ``\\approx``, else nothing)."""
    approx = "approx" in next_to
    number = written_number(text, approx=approx)
    if number is None or number.power_of_ten is not None:
        return None  # 10^{30}: after \approx, an order of magnitude, no interval
    level = approx or "=" in next_to
    return number.value, (number.unit if level and number.unit is not None else Fraction(0))


def _middle(sides: list[str], i: int, j: int) -> str:
    inner = [s.strip() for s in sides[i + 1 : j]]
    text = ", ".join(f"${s}$" for s in inner[:2])
    return text + (" …" if len(inner) > 2 else "")
