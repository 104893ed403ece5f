r"""A derivation step's estimators: ``\hat w`` / ``w^\star`` naming the solution for ``w``.

Read from the step's atoms (:func:`notelint.math.reading.text_facts.text_atoms`) in the linting
process: :func:`solved` gives a :class:`~notelint.math.checking.jobs.FollowsJob` its targets when
:mod:`notelint.math.checking.derivation` builds it, so the CAS worker receives them with their
trees and never rewrites LaTeX it would have to parse again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING

from notelint.math.reading.atoms import Atom, symbol_ref
from notelint.math.reading.text_facts import script_span, text_atoms

if TYPE_CHECKING:
    from notelint.math.checking.jobs import FollowsJob

#: the decorations that name an estimate of their argument
_HATS = ("hat", "widehat")
#: superscripts that name the optimum (``w^\star``, ``w^*``, ``w^{\ast}``)
_STARS = ("star", "ast")
#: macros whose argument is words or an operator's name, not symbols (``\text{new}``)
_WORDS = ("text", "textrm", "mbox", "operatorname", "mathrm", "mathop", "textnormal")


def solved(job: FollowsJob) -> FollowsJob:
    """``job`` with the step's sides as solved: its estimators read as the variables."""
    texts = [p.right if p.zero else f"{p.left} {p.right}" for p in job.premises]
    return dataclasses.replace(
        job,
        target_left=unhat(job.left, texts, job.variables),
        target_right=unhat(job.right, texts, job.variables),
    )


def unhat(target: str, premises: list[str], variables: tuple[str, ...]) -> str:
    r"""The step with an estimator ``\hat w`` / ``w^\star`` read as ``w`` when ``w`` is a
    variable the derivation differentiates in (``\nabla_w``, ``\partial/\partial w``) and the
    premises use ``w`` and never ``\hat w``: the step names the solution of the premise's
    equation. (``\hat y`` beside data ``y`` is another symbol and stays.)"""
    estimates: set[tuple[str, str]] = set()
    plain: set[str] = set()
    for text in premises:
        for a in _walk(text_atoms(text)):
            mark = _estimator(a, text)
            if mark is not None:
                estimates.add(mark[:2])
            else:
                ref = symbol_ref(a)
                if ref is not None:
                    plain.add(ref.base)
    edits: list[tuple[int, int, str]] = []
    for a in _walk(text_atoms(target)):
        mark = _estimator(a, target)
        if mark is None:
            continue
        kind, base, start, end = mark
        if base in variables and (kind, base) not in estimates and base in plain:
            edits.append((start, end, " " + base + " " if kind == "hat" else " "))
    out = target
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _estimator(a: Atom, text: str) -> tuple[str, str, int, int] | None:
    """``("hat", base, start, end)`` for ``\\hat w`` (the decoration and its argument, not the
    scripts after it: the text to read as the base), ``("star", base, start, end)`` for
    ``w^\\star`` (its superscript, ``^`` included: the text to drop; a subscript stays,
    ``w_i^\\star`` is ``w_i``), else None. The base is a letter or a Greek macro."""
    if a.is_macro(*_HATS) and len(a.args) == 1 and len(a.args[0]) == 1:
        inner = a.args[0][0]
        base = _base(inner)
        if base is not None and inner.sub is None and inner.sup is None and not inner.primes:
            return "hat", base, a.start, a.head_end
        return None
    base = _base(a)
    if base is None or a.sup is None or len(a.sup) != 1 or a.primes:
        return None
    star = a.sup[0]
    if not (star.is_macro(*_STARS) or star.is_op("*")) or star.sub is not None or star.sup is not None:
        return None
    where = script_span(text, a, "^")
    if where is None:
        return None
    caret, _start, end, braced = where
    return "star", base, caret, end + 1 if braced else end


def _base(a: Atom) -> str | None:
    """The name of a bare letter or Greek letter (``w``, ``\\theta``), else None."""
    ref = symbol_ref(a)
    if ref is None or ref.decorated or ref.key != ref.base or a.kind not in ("letter", "macro"):
        return None
    return ref.key


def _walk(atoms: list[Atom]) -> Iterator[Atom]:
    """Every atom, inside groups, arguments and scripts too (not inside words: ``\\text{new}``)."""
    for a in atoms:
        yield a
        if a.is_macro(*_WORDS):
            continue
        yield from _walk(a.inner)
        for arg in a.args:
            yield from _walk(arg)
        yield from _walk(a.sub or [])
        yield from _walk(a.sup or [])
