"""The built-in rules, contributed through the same hook a third-party plugin implements.

Each rule lives in its own module (one rule per unit, as markdownlint does), grouped by
category package; this list is the single place that says which rules exist.
"""

from __future__ import annotations

from notelint import hookimpl
from notelint.rule import Rule


@hookimpl
def notelint_rules() -> list[Rule]:
    from notelint.rules import equations, language, mathcheck, run, structure, symbols

    return [*run.RULES, *structure.RULES, *equations.RULES, *language.RULES, *symbols.RULES, *mathcheck.RULES]
