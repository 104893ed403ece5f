"""An example third-party notelint plugin: one rule, registered through the entry point."""

from __future__ import annotations

import re

import notelint
from notelint.rule import rule

_TODO = re.compile(r"\bTODO\b")


@rule(code="TD001", name="leftover-todo", summary="A TODO marker is left in the note", severity="warning")
def leftover_todo(note, ctx):
    """
    ## What it does
    Flags `TODO` in the prose of a note.

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
    for span in note.prose:
        for m in _TODO.finditer(note.text, span.start, span.end):
            ctx.report(m.start(), m.end(), "finish this TODO or tag it (GAP)")


@notelint.hookimpl
def notelint_rules():
    return [leftover_todo]
