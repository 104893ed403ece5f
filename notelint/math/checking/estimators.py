r"""A derivation step's estimators: ``\hat w`` / ``w^\star`` naming the solution for ``w``.

Plain string work on the step's LaTeX, no SymPy and no parser: :class:`notelint.math.checking.jobs.FollowsJob`
computes the step's targets with it when it is built (in the linting process), so the CAS
worker receives them with their trees and never rewrites LaTeX it would have to parse again.
"""

from __future__ import annotations

import re

_HAT = re.compile(r"\\(?:hat|widehat)\s*(?:\{\s*(\\[A-Za-z]+|[A-Za-z])\s*\}|(\\[A-Za-z]+|[A-Za-z]))")
_STAR = re.compile(r"(\\[A-Za-z]+|[A-Za-z])\s*\^\s*(?:\{\s*(?:\\star|\*|\\ast)\s*\}|\\star|\*|\\ast)")


def unhat(target: str, premises: list[str], variables: tuple[str, ...]) -> str:
    r"""The step with an estimator ``\hat w`` / ``w^\star`` read as ``w`` when ``w`` is a
    variable the derivation differentiates in (``\nabla_w``, ``\partial/\partial w``) and the
    premises use ``w`` and never ``\hat w``: the step names the solution of the premise's
    equation. (``\hat y`` beside data ``y`` is another symbol and stays.)"""
    joined = " ".join(premises)

    def plain(m: re.Match[str]) -> str:
        base = m.group(1) or m.group(2)
        if base not in variables or _mentions(joined, m.group(0)) or not _mentions(joined, base):
            return m.group(0)
        return " " + base + " "

    return _STAR.sub(plain, _HAT.sub(plain, target))


def _mentions(text: str, name: str) -> bool:
    """Does ``text`` use the symbol ``name`` (``w`` in ``Xw``; not in ``\\hat w`` or ``\\lambda``)?"""
    if _HAT.fullmatch(name) or _STAR.fullmatch(name):
        key = _HAT.sub(
            lambda m: "H:" + (m.group(1) or m.group(2)), _STAR.sub(lambda m: "S:" + m.group(1), name)
        )
        marked = _HAT.sub(lambda m: " H:" + (m.group(1) or m.group(2)) + " ", text)
        marked = _STAR.sub(lambda m: " S:" + m.group(1) + " ", marked)
        return re.search(re.escape(key) + r"(?![A-Za-z])", marked) is not None
    stripped = _STAR.sub(" ", _HAT.sub(" ", text))
    if name.startswith("\\"):
        return re.search(re.escape(name) + r"(?![A-Za-z])", stripped) is not None
    stripped = re.sub(r"\\[A-Za-z]+", " ", stripped)
    return name in stripped
