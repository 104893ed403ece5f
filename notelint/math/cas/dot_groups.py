"""Numbers whose dots may group digits: ``1.500`` is 1.5 in English notes and 1500 in German,
Spanish, Portuguese, Italian, Turkish or Indonesian ones (``60.000`` samples).

A refuted relation with such a number is read again with the dots as group separators; when it
then holds, which reading the writer meant cannot be decided, and the verdict is unknown, not
false. A relation that fails both ways stays refuted; ``0.500`` and ``1.25`` are decimals only.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable
from typing import Any

from notelint.math.checking.jobs import Job
from notelint.math.reading.mathtree import Node, Tex

#: 1–3 digits (no leading zero), then groups of exactly three: ``1.500``, ``60.000``, ``1.000.000``.
_DOT_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _removed_dots(nodes: list[Node], text: str) -> list[int]:
    """Offsets (into ``text``) of the dots of dot-grouped numbers."""
    out: list[int] = []
    for node in nodes:
        if node.children:
            out += _removed_dots(node.children, text)
        if node.kind == "num" and _DOT_GROUPED.fullmatch(node.value):
            out += [i for i in range(node.pos, node.end) if text[i] == "."]
    return out


def _shifted(nodes: list[Node], removed: list[int]) -> list[Node]:
    """``nodes`` with the dots at ``removed`` taken out of their values and offsets."""

    def at(offset: int) -> int:
        return offset - bisect.bisect_left(removed, offset)

    out = []
    for node in nodes:
        value = (
            node.value.replace(".", "")
            if node.kind == "num" and _DOT_GROUPED.fullmatch(node.value)
            else node.value
        )
        out.append(
            dataclasses.replace(
                node,
                value=value,
                pos=at(node.pos),
                end=at(node.end),
                children=_shifted(node.children, removed),
            )
        )
    return out


def _regrouped_text(text: str) -> tuple[str, bool]:
    """``text`` with the dots of its dot-grouped numbers removed, from the text and its tree
    alike (the worker reads the written precision from the text), and whether it had any."""
    if not isinstance(text, Tex) or text.nodes is None:
        return text, False
    removed = sorted(_removed_dots(text.nodes, str(text)))
    if not removed:
        return text, False
    source = str(text)
    gone = set(removed)
    kept = "".join(c for i, c in enumerate(source) if i not in gone)
    return Tex(kept, _shifted(text.nodes, removed)), True


def sides_read_again(job: Job, reading: Callable[[Any], tuple[Any, bool]]) -> Job | None:
    """``job`` with both sides read again by ``reading`` (a side and whether it changed), or None
    when neither changed (here: dot groups as integers; :mod:`comma_groups`: a decimal comma)."""
    left, left_changed = reading(job.left)
    right, right_changed = reading(job.right)
    if not (left_changed or right_changed):
        return None
    return dataclasses.replace(job, left=left, right=right)


def first_written(job: Job, pattern: re.Pattern[str], fallback: str) -> str:
    """The first number of ``job``'s sides that ``pattern`` finds, as written, for a message."""
    for text in (job.left, job.right):
        m = pattern.search(str(text))
        if m is not None:
            return m.group()
    return fallback


def regrouped(job: Job) -> Job | None:
    """``job`` with every dot-grouped number of its two sides read as an integer, or None when
    it has none."""
    return sides_read_again(job, _regrouped_text)


def example(job: Job) -> str:
    """The first dot-grouped number as written, for the message."""
    return first_written(job, _DOT_GROUPED, "1.500")
