"""The math tree: the serialisation of LaTeX the CAS worker reads (plain data, no parser).

The linting process parses each LaTeX text it sends to the worker once (``notelint.math.reading.wire``,
with pylatexenc) into this small tree, and the worker's translator (``latex_sympy``) walks the
tree: the worker never parses LaTeX. Everything here is plain, picklable and SymPy-free, and
this module imports neither SymPy nor pylatexenc (``tests/test_import_graph.py`` checks it).

A :class:`Tex` *is* its source text (a ``str``: messages, cache keys, hashing and the worker's
textual checks such as decimal places read it unchanged) carrying its parsed :attr:`Tex.nodes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    """One token of the tree; ``pos``/``end`` are offsets into the :class:`Tex` it came from.

    ``kind`` is ``num`` (``12``, ``0.5``), ``letter`` (one ASCII letter), ``char`` (any other
    character: ``+``, ``(``, ``^``, ``_``, ``'``, ``&``), ``macro`` (``value`` is the name
    without the backslash; its arguments are the following ``group`` nodes), ``group``
    (``{…}``, ``children`` its content) or ``env`` (``value`` the environment name,
    ``children`` its body). Spacing and sizing macros are dropped by the builder.
    """

    kind: str
    value: str
    pos: int
    end: int
    children: list[Node] = field(default_factory=list)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Node({self.kind},{self.value!r})"


class Tex(str):
    """LaTeX text with its tree: ``nodes`` when it parsed, else ``error`` says why not.

    Built only by :func:`notelint.math.reading.wire.tex`. Slicing or concatenating a ``Tex`` gives a
    plain ``str`` without a tree, which the worker refuses to translate (it never re-parses).
    """

    nodes: list[Node] | None
    error: str | None

    def __new__(cls, source: str, nodes: list[Node] | None, error: str | None = None) -> Tex:
        self = super().__new__(cls, source)
        self.nodes = nodes
        self.error = error
        return self

    def __reduce__(self) -> tuple[type[Tex], tuple[str, list[Node] | None, str | None]]:
        return (Tex, (str(self), self.nodes, self.error))
