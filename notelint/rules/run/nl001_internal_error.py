from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL001",
    name="internal-error",
    summary="A rule raised an exception while checking the note",
    facets=(),
)
def internal_error(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Reports, at the top of the file, that a rule crashed while checking this note. The run goes
    on with the other rules and files, and the exit status is 2. NL001 is always reported
    unless ignored by its exact code or name.

    ## Why is this bad?
    A crashed rule checked nothing: the note may have problems that went unreported. It is a
    bug in notelint or in a plugin (the message names which), never in your note.

    ## Example
    ```text
    notes/pca.md:1:1: NL001 [internal-error] rule NL305 [shape-mismatch] from notelint raised KeyError: 'n'
    ```

    Use instead:
    ```text
    Report the message and the note to the rule's maintainers; meanwhile ignore that rule.
    ```
    """
    # Reported by the engine when a rule raises.
