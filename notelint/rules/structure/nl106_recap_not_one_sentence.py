from __future__ import annotations

import re

from notelint import data
from notelint.note import Note
from notelint.rule import RuleContext, rule

#: A sentence ends at . ! or ? followed by space and a capital, an opening bracket or a
#: list marker — but not after common abbreviations or inside a number.
_ABBREVIATIONS = frozenset(data.load("words")["sentence"]["abbreviations"])  # "e.g", "et al" → "al"
_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z\[(\-*“\"'$\\0-9])")


def count_sentences(text: str) -> int:
    text = " ".join(text.split())
    if not text:
        return 0
    count = 1
    for m in _END.finditer(text):
        before = text[: m.start()].rstrip("\"'”’)]")
        word = before[:-1].rsplit(" ", 1)[-1].lower().lstrip("(")
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
            continue
        count += 1
    return count


@rule(code="NL106", name="recap-not-one-sentence", summary="Section 8 is not exactly one sentence", facets=())
def recap_not_one_sentence(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that section 8, One-Line Recap, is a single sentence. Math, code and HTML
    comments are set aside before counting, so `$\\hat w = (X^\\top X+\\lambda I)^{-1}X^\\top y$.`
    inside the sentence does not end it; abbreviations such as "e.g." and "i.e." do not end
    a sentence either. An empty section is left to NL108.

    ## Why is this bad?
    The recap is what a reader keeps: one precise technical sentence forces the writer to
    say what the result is, under which conditions, instead of summarising the lecture.

    ## Example
    ```markdown
    ## 8) One-Line Recap
    Ridge regression adds an L2 penalty. It has a closed form.
    ```

    Use instead:
    ```markdown
    ## 8) One-Line Recap
    Ridge regression minimises the L2-penalised squared loss, whose unique minimiser for λ > 0 is $\\hat w=(X^\\top X+\\lambda I)^{-1}X^\\top y$.
    ```
    """
    section = note.sections.get("8")
    if section is None:
        return
    body = section.body
    pieces: list[str] = []
    cursor = body.start
    for cut in sorted([*(m for m in note.math if body.start <= m.start < body.end)], key=lambda m: m.start):
        pieces.append(note.text[cursor : cut.start])
        pieces.append("x")
        cursor = cut.end
    pieces.append(note.text[cursor : body.end])
    text = re.sub(r"<!--.*?-->", " ", "".join(pieces), flags=re.DOTALL)
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    sentences = count_sentences(text)
    if sentences > 1:
        start = body.start + (
            len(note.text[body.start : body.end]) - len(note.text[body.start : body.end].lstrip())
        )
        ctx.report(start, start, f"the recap has {sentences} sentences; the standard asks for exactly one")
