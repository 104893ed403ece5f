from __future__ import annotations

import re

from notelint import data
from notelint.note import Note
from notelint.rule import RuleContext, rule

_LINK = re.compile(r"(?:https?://|www\.)\S+|\]\([^)]+\)|<https?://[^>]+>")
_NEXT_ITEM = re.compile(r"\n(?=[ \t]*(?:[-*+]|\d+[.)])[ \t]|\S|\n)")
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
_TIME_RANGE = re.compile(rf"\[?{_TIME}\]?\s*(?:–|—|-|to|→)\s*\[?{_TIME}\]?")


def _label_pattern(labels: list[str]) -> re.Pattern[str]:
    names = "|".join(
        re.escape(label).replace(r"\ ", r"\s+") for label in sorted(labels, key=len, reverse=True)
    )
    return re.compile(
        # Possessive runs (*+): adjacent [ \t]* runs backtrack quadratically on a line of spaces.
        rf"^[ \t>]*+(?:[-*+]|\d+[.)])?[ \t]*+(?:\*\*|__)?[ \t]*(?P<label>{names})[ \t]*+(?:\*\*|__)?"
        rf"[ \t]*+(?:[:：]|\*\*|__|$|[ \t]*[-–—][ \t])",
        re.IGNORECASE | re.MULTILINE,
    )


@rule(
    code="NL104",
    name="missing-metadata",
    summary="Section 0 lacks Lecture Title, Source (with link and time range) or Topic Tags",
)
def missing_metadata(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that section 0 (Metadata) gives the Lecture Title, the Source with a link and a
    time range, and the Topic Tags. A field counts when a line starts with its label
    (`Lecture Title:`, `- **Source:** …`) or when the note's front matter has the key
    (`title`, `source`, `tags`). The finding is at the section 0 heading, or at the Source
    line when it lacks its link or time range.

    ## Why is this bad?
    Without the source and time range nobody can audit a (VERBATIM) claim against the
    lecture, and without tags the note cannot be found again.

    ## Example
    ```markdown
    ## 0) Metadata
    - Lecture Title: Ridge Regression
    - Source: CS229, lecture 3
    ```

    Use instead:
    ```markdown
    ## 0) Metadata
    - Lecture Title: Ridge Regression
    - Source: <https://example.org/cs229/lecture3>, 00:05:00–00:48:30
    - Topic Tags: regularization, linear models
    ```
    """
    section = note.sections.get("0")
    if section is None:
        return
    body = note.text[section.body.start : section.body.end]
    front = note.text[note.front_matter.start : note.front_matter.end] if note.front_matter else ""
    heading = section.heading.span
    for field in data.load("metadata")["field"]:
        keys = "|".join(re.escape(k) for k in field.get("front-matter", []))
        in_front = bool(keys) and re.search(rf"^(?:{keys})\s*:\s*\S", front, re.IGNORECASE | re.MULTILINE)
        m = _label_pattern(field["labels"]).search(body)
        if m is None:
            if not in_front:
                ctx.report(heading.start, heading.end, f"section 0 lacks the {field['name']}")
            continue
        # The field's value: the label's line and its indented continuation lines.
        stop = _NEXT_ITEM.search(body, m.end())
        value = body[m.end() : stop.start() if stop else len(body)]
        at = section.body.start + m.start("label")
        end = section.body.start + m.end("label")
        if field.get("needs-link") and not _LINK.search(value):
            ctx.report(at, end, f"{field['name']} has no link")
        if field.get("needs-time-range") and not _TIME_RANGE.search(value):
            ctx.report(at, end, f"{field['name']} has no time range (e.g. 00:05:00–00:48:30)")
