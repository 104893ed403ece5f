"""The built-in rules, contributed through the same hook a third-party plugin implements.

Each rule lives in its own module (one rule per unit, as markdownlint does), grouped by
category package; this list is the single place that says which rules exist. Each rule is
tagged with its family and the cross-cutting tags of ``data/rule_tags.toml`` (``tag:<name>``
selectors).
"""

from __future__ import annotations

import dataclasses

from notelint import hookimpl
from notelint.rule import Rule


@hookimpl
def notelint_rules() -> list[Rule]:
    from notelint import data
    from notelint.rules import equations, language, mathcheck, run, structure, symbols

    table = data.load("rule_tags")
    out: list[Rule] = []
    for package in (run, structure, equations, language, symbols, mathcheck):
        family = table["families"][package.__name__.rsplit(".", 1)[-1]]
        for rule in package.RULES:
            extra = [tag for tag, codes in table["tags"].items() if rule.code in codes]
            tags = tuple(dict.fromkeys([family, *rule.tags, *extra]))
            out.append(dataclasses.replace(rule, tags=tags))
    return out
