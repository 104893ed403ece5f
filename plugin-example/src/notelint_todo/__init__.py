"""An example third-party notelint plugin: two rules, registered through the entry point.

TD001 reads the note's prose and has an option; TD002 reads a facet of the note (its numbered
equations), which it declares with ``facets=("equations",)``. It imports only notelint's
public surface (``notelint.__all__``), as every plugin should.
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


@notelint.rule(
    code="TD002",
    name="todo-in-equation",
    summary="A numbered equation holds a TODO marker",
    severity="warning",
    tags=["drafting"],
    facets=("equations",),
)
def todo_in_equation(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Flags a `TODO` written inside a numbered equation (`\text{TODO}`, a comment `% TODO`).

    ## Why is this bad?
    A numbered equation is cited by later steps; an unfinished one makes them unfinished too.

    ## Example
    ```markdown
    $$ w^\star = \text{TODO} \tag{3} $$
    ```

    Use instead:
    ```markdown
    $$ w^\star = (X^\top X)^{-1} X^\top y \tag{3} $$
    ```
    """
    # the numbered equations are a facet: built once per note, shared with the built-in rules
    for equation in ctx.facet(note, notelint.EQUATIONS).numbered:
        at = note.text.find("TODO", equation.span.start, equation.span.end)
        if at >= 0:
            ctx.report(at, at + 4, f"equation ({equation.number}) is unfinished: finish it or tag it (GAP)")


@notelint.hookimpl
def notelint_rules() -> list[notelint.Rule]:
    return [leftover_todo, todo_in_equation]
