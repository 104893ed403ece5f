from __future__ import annotations

import re

from notelint.diagnostic import Edit, Fix
from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.language._wordlist import find_phrases, word_list

#: A suggestion that is exactly one quoted replacement ("decreases"); alternatives are not fixes.
_SINGLE_REPLACEMENT = re.compile(r'^"([^"]+)"$')


def _replacement(matched: str, suggestion: str) -> str | None:
    """The text that replaces ``matched`` when the suggestion is a single replacement, with the
    case kept ("Goes up" -> "Increases", "GOES UP" -> "INCREASES")."""
    m = _SINGLE_REPLACEMENT.match(suggestion.strip())
    if m is None:
        return None
    word = m.group(1)
    if len(matched) > 1 and matched.isupper():
        return word.upper()
    if matched[:1].isupper() and word[:1].islower():
        word = word[:1].upper() + word[1:]
    return word


@rule(
    code="NL401",
    name="vague-word",
    summary='A vague word such as "thing", "stuff", "changes" or "goes up"',
    fixable=True,
    facets=("provenance",),
)
def vague_word(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Flags vague words and phrases in prose — "thing", "stuff", "changes", "goes up/down",
    "blows up" — and suggests a precise replacement. Only prose is read: code,
    math, URLs, HTML comments, template syntax (Liquid `{% … %}`/`{{ … }}`, Hugo shortcodes,
    kramdown `{: …}`; Obsidian embeds, link targets and tags) and the entries under a
    References (Bibliography, Further reading) heading, which quote other people's titles,
    are never flagged, nor is a phrase mentioned alone between quotation marks ("the word
    “thing”"), nor one inside a quotation of four or more words that its paragraph attributes
    to the lecturer with a (VERBATIM) or (LECTURER CLAIM) tag or a timestamp before it (the
    lecturer's words are quoted, not reworded). "Changes" after an article or quantifier ("the changes", "small changes")
    is a noun and left alone, as are "nothing
    changes", "what changes if …" and an indirect question about the change ("how $f$
    changes when we change $a$"; "the loss changes when …" is flagged). "Thing" that opens
    a remark rather than naming an object is left alone too: after a count or an evaluative
    word ("one thing we can do", "another thing", "the same thing", "among other things"),
    in a cleft sentence that names it ("the only thing we changed is the covariance") or
    before "to note", "to keep in mind", "to understand" and the like, and in idioms ("as with
    most things", "things get hairy", "to keep things general", "simplify things"). "The main
    thing to tune", "the thing we minimise", "a complex thing" and "these things" are still
    flagged.

    The list is data (`notelint/data/words.toml`); extend it with `words.vague-add` or trim
    it with `words.vague-remove` under `[tool.notelint]`.

    ## Fix
    Where the suggestion is a single replacement ("goes down" → "decreases"), `--fix`
    (and the editor's quick fix) makes it, keeping a capital first letter. Where the
    suggestion offers a choice or asks to name the object ("thing", "blows up"), only
    the author can decide, and there is no fix.

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
        replacement = _replacement(m.phrase, m.suggestion)
        fix = None
        if replacement is not None:
            fix = Fix((Edit(m.start, m.end, replacement),), f'Replace "{m.phrase}" with "{replacement}"')
        ctx.report(m.start, m.end, f'vague wording "{m.phrase}": {m.suggestion}', fix)
