"""An example third-party notelint plugin: one rule with an option, registered through the entry point.

It imports only notelint's public surface (``notelint.__all__``), as every plugin should.
"""

from __future__ import annotations

import re

import notelint
from notelint import Note, RuleContext, RuleOption


@notelint.rule(
    code="TD001",
    name="leftover-todo",
    summary="A TODO marker is left in the note",
    severity="warning",
    tags=["drafting"],
    options=[RuleOption("markers", ["TODO"], "Words that mark unfinished work (matched as whole words).")],
)
def leftover_todo(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Flags `TODO` (or the words configured in `markers`) in the prose of a note:
    `[tool.notelint.rules.TD001] markers = ["TODO", "FIXME"]`.

    ## Why is this bad?
    A TODO in an audit-ready note marks an unfinished derivation.

    ## Example
    ```markdown
    TODO: derive the Hessian.
    ```

    Use instead:
    ```markdown
    The Hessian is $X^\\top X + \\lambda I_d$.
    ```
    """
    markers: list[str] = ctx.option("markers")
    if not markers:
        return
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in markers) + r")\b")
    for span in note.prose:
        for m in pattern.finditer(note.text, span.start, span.end):
            ctx.report(m.start(), m.end(), f"finish this {m.group(0)} or tag it (GAP)")


@notelint.hookimpl
def notelint_rules() -> list[notelint.Rule]:
    return [leftover_todo]
