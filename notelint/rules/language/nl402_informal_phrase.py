from __future__ import annotations

from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.language._wordlist import find_phrases, word_list


@rule(
    code="NL402",
    name="informal-phrase",
    severity="warning",
    summary='An informal phrase such as "kind of", "basically", "pretty much"',
    facets=("provenance",),
)
def informal_phrase(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Flags informal hedges and colloquialisms in prose — "kind of", "sort of", "basically",
    "pretty much", "a bunch of", "gonna" — with a suggested replacement. "kind of" after a
    determiner ("this kind of model") is precise and left alone, and so is "pretty much it"
    closing a topic ("pretty much always" still fires). Code, math, URLs, HTML
    comments and the entries under a References heading are never read.

    The list is data (`notelint/data/words.toml`); extend it with `words.informal-add` or
    trim it with `words.informal-remove`.

    ## Why is this bad?
    Hedges blur the claim being made: "the estimator is basically unbiased" does not say
    whether it is unbiased, asymptotically unbiased, or biased by a known amount.

    ## Example
    ```markdown
    The estimator is basically unbiased.
    ```

    Use instead:
    ```markdown
    The estimator is asymptotically unbiased: its bias is $O(1/n)$.
    ```
    """
    for m in find_phrases(note, word_list("informal", ctx.config)):
        ctx.report(m.start, m.end, f'informal phrase "{m.phrase}": {m.suggestion}')
