from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL002",
    name="unreadable-file",
    summary="The file is not UTF-8 text, is binary, too large, unreadable or vanished",
    facets=(),
)
def unreadable_file(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Reports a file that could not be linted: it is not valid UTF-8, contains NUL bytes, is
    larger than `max-file-size`, cannot be read, or disappeared while notelint ran. The other
    files are still linted. NL002 is always reported unless ignored by its exact code or name.

    ## Why is this bad?
    A note notelint cannot read is a note nobody has checked.

    ## Example
    ```text
    notes/old.md:1:1: NL002 [unreadable-file] not valid UTF-8 (byte 0xe9 at line 3); save the file as UTF-8
    ```

    Use instead:
    ```text
    Re-save the note as UTF-8 (e.g. `iconv -f latin1 -t utf-8 old.md > new.md`).
    ```
    """
    # Reported by the engine when a file cannot be read.
