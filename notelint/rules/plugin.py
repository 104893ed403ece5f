"""The built-in rules' ``notelint_rules`` hook (registered like a third-party plugin, under the
name ``notelint.rules``). Kept out of ``notelint/rules/__init__.py`` so that importing a rule
module, as a run without third-party plugins does, does not import pluggy."""

from __future__ import annotations

from notelint import hookimpl
from notelint.rule import Rule


@hookimpl
def notelint_rules() -> list[Rule]:
    from notelint.rules.catalog import builtin_rule, entries

    return [builtin_rule(entry.code) for entry in entries()]
