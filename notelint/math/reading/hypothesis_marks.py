r"""Whether a math span states something under a hypothesis, read from its model's atoms.

``n = d \implies H = I_n`` and ``|\lambda| = \sqrt{q} \quad\text{when } t^2 < 4q`` are true under
their hypothesis only: NL506 takes neither as a premise of what follows, nor checks that it
follows itself. An implication of the vocabulary (``[relations]`` of kind ``implication`` in
``data/latex.toml``) or a ``\text{…}`` starting with a word of ``[statements] hypotheses`` says
so, anywhere in the span but inside a ``cases`` block, whose ``\text{if …}`` conditions its own
rows (a piecewise definition is one statement).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from notelint.math.reading.vocabulary import vocabulary

if TYPE_CHECKING:
    from notelint.math.reading.atoms import Atom
    from notelint.math.reading.model import MathModel

#: the environments of a piecewise definition
_CASES = frozenset({"cases", "cases*", "dcases", "dcases*", "rcases", "rcases*"})
#: macros whose argument is words
_TEXT = frozenset({"text", "textrm", "mbox", "textnormal"})


def states_a_hypothesis(model: MathModel) -> bool:
    """Does the span of ``model`` state a hypothesis outside a ``cases`` block?"""
    vocab = vocabulary()
    for a in _outside_cases(model.atoms):
        if a.kind in ("macro", "op"):
            relation = vocab.relation(a.text)
            if relation is not None and relation.kind == "implication":
                return True
        if a.kind == "macro" and a.text in _TEXT and a.args and a.args[0]:
            words = model.latex[a.args[0][0].start : a.args[0][-1].end]
            if _starts_a_hypothesis(words):
                return True
    return False


def _starts_a_hypothesis(words: str) -> bool:
    """Do the words of a ``\\text{…}`` start with a hypothesis word (``if``, ``only if``)?"""
    written = re.findall(r"\w+", words.lower())  # the prose inside the math, not LaTeX
    return any(written[: len(w.split())] == w.split() for w in vocabulary().hypotheses)


def _outside_cases(atoms: list[Atom]) -> Iterator[Atom]:
    for a in atoms:
        if a.kind == "env" and a.text in _CASES:
            continue
        yield a
        if a.kind == "macro" and a.text in _TEXT:
            continue
        yield from _outside_cases(a.inner)
        for arg in a.args:
            yield from _outside_cases(arg)
