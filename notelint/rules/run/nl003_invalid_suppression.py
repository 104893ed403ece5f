from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL003",
    name="invalid-suppression",
    severity="warning",
    summary="An inline suppression names an unknown rule or suppresses nothing",
    facets=(),
)
def invalid_suppression(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks `<!-- notelint: … -->` comments: a directive that is malformed, names a rule that
    does not exist, or suppresses no finding of the rules that ran.

    ## Why is this bad?
    A stale suppression hides nothing today but will silently hide a real problem tomorrow;
    a misspelled one hides nothing at all while looking as if it did.

    ## Example
    ```markdown
    <!-- notelint: disable-next-line NL999 -- typo in the code -->
    The loss goes up.
    ```

    Use instead:
    ```markdown
    <!-- notelint: disable-next-line NL401 -- quoting the lecturer -->
    The loss goes up.
    ```
    """
    # Reported by the engine after suppressions are applied.
