"""Which rules run: ``select``/``extend-select``/``ignore`` by code, prefix or name.

As in ruff, the most specific selector wins (an exact code or name beats a tag, a tag
(``tag:provenance``) beats a code prefix, a longer prefix beats a shorter one, ``ALL`` is the
least specific), and on a tie ``ignore`` wins.
Info rules run only when a selector names them (by code, name, prefix or ``ALL``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class Selectable(Protocol):
    """What selection reads of a rule: a ``Rule``, or a built-in's catalog entry (its module
    not imported yet; ``rules/catalog.py``)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def default_enabled(self) -> bool: ...


RuleT = TypeVar("RuleT", bound=Selectable)

#: Run-level rules: always reported unless ignored by their exact code or name.
ALWAYS_ON = ("NL001", "NL002")


class SelectionError(ValueError):
    pass


#: Selects every rule carrying a tag: ``tag:provenance``.
TAG_PREFIX = "tag:"
#: A tag is more specific than any code prefix and less than an exact code or name, so
#: ``select = ["NL"], ignore = ["tag:cas"]`` drops the CAS rules and
#: ``select = ["tag:cas"], ignore = ["NL504"]`` drops NL504 alone.
TAG_SPECIFICITY = 50


def specificity(selector: str, rule: Selectable) -> int:
    """How specifically ``selector`` names ``rule``: 0 = not at all."""
    if selector == "ALL":
        return 1
    if selector in (rule.code, rule.name):
        return 100
    if selector.startswith(TAG_PREFIX):
        return TAG_SPECIFICITY if selector[len(TAG_PREFIX) :] in rule.tags else 0
    if rule.code.startswith(selector):
        return 1 + len(selector)
    return 0


def check_selectors(selectors: Iterable[str], rules: Sequence[Selectable], origin: str) -> None:
    for selector in selectors:
        if not any(specificity(selector, r) for r in rules):
            if selector.startswith(TAG_PREFIX):
                known = sorted({t for r in rules for t in r.tags})
                raise SelectionError(
                    f"{origin}: no rule has the tag {selector[len(TAG_PREFIX) :]!r} (tags: {', '.join(known)})"
                )
            raise SelectionError(f"{origin}: unknown rule selector {selector!r}")


def selected_rules(
    rules: Sequence[RuleT],
    select: Sequence[str] | None,
    extend_select: Sequence[str],
    ignore: Sequence[str],
) -> list[RuleT]:
    chosen: list[RuleT] = []
    for rule in rules:
        best_select = max((specificity(s, rule) for s in [*(select or []), *extend_select]), default=0)
        best_ignore = max((specificity(s, rule) for s in ignore), default=0)
        if rule.code in ALWAYS_ON:
            enabled = best_ignore < 100
        elif best_select == 0:
            enabled = select is None and rule.default_enabled and best_ignore == 0
        else:
            enabled = best_select > best_ignore
        if enabled:
            chosen.append(rule)
    return chosen
