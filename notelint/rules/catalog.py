"""The built-in rules by code, from ``data/rule_catalog.toml``, imported one module at a time.

Selection needs only a rule's code, name, tags and whether it is on by default; the catalog
gives those without importing any rule, and :func:`builtin_rule` imports a chosen rule's module
when the rule is about to run. Each built-in rule is made once per process, so the rule a run
selected and the one ``plugins.all_rules()`` lists are the same object.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from dataclasses import dataclass

from notelint import data
from notelint.rule import Rule

#: The package that holds the rule families (``notelint.rules.<family>.nlXXX_name``).
PACKAGE = "notelint.rules"


@dataclass(frozen=True)
class CatalogEntry:
    """What selection knows of a built-in rule before its module is imported."""

    code: str
    name: str
    tags: tuple[str, ...]
    default_enabled: bool
    check: str


def _family(check: str) -> str:
    """The family package of ``notelint.rules.<family>.<module>:<function>``."""
    return check.split(":")[0].split(".")[2]


@functools.cache
def entries() -> tuple[CatalogEntry, ...]:
    """Every built-in rule, sorted by code, with the tags it carries once loaded."""
    table = data.load("rule_tags")
    out = []
    for code, entry in sorted(data.load("rule_catalog").items()):
        family = table["families"][_family(entry["check"])]
        extra = [tag for tag, codes in table["tags"].items() if code in codes]
        tags = tuple(dict.fromkeys([family, *entry.get("tags", ()), *extra]))
        out.append(CatalogEntry(code, entry["name"], tags, entry["default"], entry["check"]))
    return tuple(out)


@functools.cache
def builtin_rule(code: str) -> Rule:
    """The built-in rule ``code``, its module imported now, tagged as its catalog entry says."""
    entry = next(e for e in entries() if e.code == code)
    module_name, _, attribute = entry.check.partition(":")
    rule = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(rule, Rule) or (rule.code, rule.name) != (entry.code, entry.name):
        raise RuntimeError(f"data/rule_catalog.toml: {code} names {entry.check}, which is not rule {code}")
    if not set(rule.tags) <= set(entry.tags):
        raise RuntimeError(f"data/rule_catalog.toml: {code}'s tags differ from its @rule(tags=…)")
    return dataclasses.replace(rule, tags=entry.tags)
