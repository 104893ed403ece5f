r"""A relation with ``\pm`` or ``\mp`` on both sides (``1+\beta\mp 2\sqrt\beta=(1\mp\sqrt\beta)^2``)
states two relations, one with the upper signs and one with the lower: it holds when both do
(the CAS worker decides both, ``verify.check``).

With a sign choice on one side only (``\sqrt{x^2}=\pm x``, ``\mu\approx 3.2\pm 0.1``) it states
"one of them" or an error bar, which nothing decides.
"""

from __future__ import annotations

import re

#: the sign macros, not a prefix of a longer macro name (\pmod, \pmb)
_PM = re.compile(r"\\pm(?![A-Za-z])|±")
_MP = re.compile(r"\\mp(?![A-Za-z])|∓")


def _has_choice(text: str) -> bool:
    return bool(_PM.search(text) or _MP.search(text))


def sign_variants(left: str, right: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """(left, right) with the upper signs and with the lower signs, or None."""
    if not (_has_choice(left) and _has_choice(right)):
        return None

    def signed(text: str, upper: bool) -> str:
        return _MP.sub("-" if upper else "+", _PM.sub("+" if upper else "-", text))

    return (signed(left, True), signed(right, True)), (signed(left, False), signed(right, False))
