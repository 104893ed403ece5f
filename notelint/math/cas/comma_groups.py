"""Numbers whose braced comma may be a decimal comma: ``65{,}536`` is 65536 in English notes
(LaTeX's thousands separator) and 65.536 in German or French ones (``2{,}5``).

The wire reads ``{,}`` followed by exactly three digits as a thousands separator
(:func:`notelint.math.reading.wire._comma_group`); a relation refuted that way is read again
with a number of one such group as a decimal, and when it then holds, which reading the
writer meant cannot be decided and the verdict is unknown, not false. Two or more groups
(``16{,}777{,}216``) have no decimal reading.
"""

from __future__ import annotations

import dataclasses
import re

from notelint.math.cas.dot_groups import first_written, sides_read_again
from notelint.math.checking.jobs import Job
from notelint.math.reading.mathtree import Node, Tex

#: one to three digits (no leading zero), one braced comma, three digits
_ONE_GROUP = re.compile(r"([1-9]\d{0,2})\{,\}(\d{3})")


def _decimal_nodes(nodes: list[Node], text: str) -> tuple[list[Node], bool]:
    out: list[Node] = []
    changed = False
    for node in nodes:
        children, inner = _decimal_nodes(node.children, text) if node.children else (node.children, False)
        m = _ONE_GROUP.fullmatch(text[node.pos : node.end]) if node.kind == "num" else None
        if m is not None:
            node = dataclasses.replace(node, value=f"{m.group(1)}.{m.group(2)}")
            changed = True
        elif inner:
            node = dataclasses.replace(node, children=children)
        changed = changed or inner
        out.append(node)
    return out, changed


def _decimal_text(text: str) -> tuple[str, bool]:
    if not isinstance(text, Tex) or text.nodes is None or "{,}" not in text:
        return text, False
    nodes, changed = _decimal_nodes(text.nodes, str(text))
    return (Tex(str(text), nodes), True) if changed else (text, False)


def as_decimals(job: Job) -> Job | None:
    """``job`` with every number of one ``{,}`` group read as a decimal, or None without any."""
    return sides_read_again(job, _decimal_text)


def example(job: Job) -> str:
    """The first such number as written, for the message."""
    return first_written(job, _ONE_GROUP, "1{,}500")
