from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.language._wordlist import find_phrases, word_list


@rule(
    code="NL401", name="vague-word", summary='A vague word such as "thing", "stuff", "changes" or "goes up"'
)
def vague_word(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Flags vague words and phrases in prose — "thing", "stuff", "changes", "goes up/down",
    "blows up", "a lot" — and suggests a precise replacement. Only prose is read: code,
    math, URLs and HTML comments are never flagged, and "changes" after an article or
    quantifier ("the changes", "small changes") is a noun and left alone. "Thing" that opens
    a remark rather than naming an object is left alone too: after a count or an evaluative
    word ("one thing we can do", "another thing", "the same thing", "among other things") or
    before "to note", "to keep in mind", "to understand" and the like. "The main thing to
    tune", "the thing we minimise" and "these things" are still flagged.

    The list is data (`notelint/data/words.toml`); extend it with `words.vague-add` or trim
    it with `words.vague-remove` under `[tool.notelint]`.

    ## Why is this bad?
    The standard asks for precise mathematical vocabulary: "the loss goes down" hides
    whether it decreases monotonically, converges, or merely fluctuates; "this thing" hides
    which object is meant.

    ## Example
    ```markdown
    When the learning rate is too large the loss goes up.
    ```

    Use instead:
    ```markdown
    When the learning rate exceeds $2/L$ the loss increases.
    ```
    """
    for m in find_phrases(note, word_list("vague", ctx.config)):
        ctx.report(m.start, m.end, f'vague wording "{m.phrase}": {m.suggestion}')
