from __future__ import annotations

import re
from dataclasses import dataclass

from notelint import data
from notelint.note import Note, Section
from notelint.rule import RuleContext, rule

_LINK = re.compile(r"(?:https?://|www\.)\S+|\]\([^)]+\)|<https?://[^>]+>")
_CELL_MARKUP = re.compile(r"^[*_\s]+|[*_:：\s]+$")
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
#: ``1h02m30s``, ``5m00s``, ``52m``, ``300s``: a time written with unit letters (YouTube style)
_UNIT_TIME = r"(?:\d{1,2}h)?(?:\d{1,3}m)?(?:\d{1,4}s)?(?<=[hms])"
_TIME_RANGE = re.compile(
    rf"\[?{_TIME}\]?\s*(?:–|—|-|to|→)\s*\[?{_TIME}\]?"
    rf"|\b{_UNIT_TIME}\s*(?:–|—|-|to|→)\s*{_UNIT_TIME}(?!\w)"
    r"|\b(?i:min(?:utes?|s?\.?))\s+\d{1,3}\s*(?:–|—|-|to)\s*\d{1,3}\b",
)


def _label_pattern(labels: list[str]) -> re.Pattern[str]:
    names = "|".join(
        re.escape(label).replace(r"\ ", r"\s+") for label in sorted(labels, key=len, reverse=True)
    )
    return re.compile(
        # Possessive runs (*+): adjacent [ \t]* runs backtrack quadratically on a line of spaces.
        rf"^[ \t>]*+(?:[-*+]|\d+[.)])?[ \t]*+(?:\*\*|__|\*|_)?[ \t]*(?P<label>{names})[ \t]*+\.?"
        rf"(?:\*\*|__|\*|_)?[ \t]*+(?:[:：]|\*\*|__|$|[ \t]*[-–—][ \t])",
        re.IGNORECASE | re.MULTILINE,
    )


@rule(
    code="NL104",
    name="missing-metadata",
    summary="Section 0 lacks Lecture Title, Source (with link and time range) or Topic Tags",
    facets=(),
)
def missing_metadata(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that section 0 (Metadata) gives the Lecture Title, the Source with a link and a
    time range, and the Topic Tags. The forms the standard allows all count:

    - a line that starts with the label, in a list or not, with the label bold or italic and
      a colon or dash after it, or a period inside the bold (`- **Source:** …`, `- *Source*: …`,
      `2. Source — …`, `Source: …`, `- **Source.** …`);
    - a Source whose link and time range sit in sub-bullets below it, or on lines of their own
      in section 0 (`- Time range: 00:05:00–00:52:10`);
    - a table, vertical (`| Source | <https://…>, 00:00:40–01:14:55 |`, with or without a
      header row such as `| Field | Value |`; extra rows are fine) or horizontal (a header
      row `| Lecture Title | Source | Topic Tags |` over a row of values);
    - front matter keys (`title`, `source`, `tags`).

    A time range is two timestamps (`00:05:00`, `5:00`, or with unit letters `5m00s`,
    `1h02m`) joined by a dash, "to" or an arrow, or "minutes 5–52". The finding is at the
    section 0 heading, or at the Source label when it lacks its link or time range.

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
    front = note.text[note.front_matter.start : note.front_matter.end] if note.front_matter else ""
    heading = section.heading.span
    entries = _table_entries(note, section)
    for field in data.load("metadata")["field"]:
        keys = "|".join(re.escape(k) for k in field.get("front-matter", []))
        in_front = bool(keys) and re.search(rf"^(?:{keys})\s*:\s*\S", front, re.IGNORECASE | re.MULTILINE)
        found = _list_entry(note, section, field["labels"]) or next(
            (e for e in entries if e.label in {_fold(label) for label in field["labels"]}), None
        )
        if found is None:
            if not in_front:
                ctx.report(heading.start, heading.end, f"section 0 lacks the {field['name']}")
            continue
        # the link or time range may sit on a line of its own in section 0 ("- Time range: …",
        # "- Video: <https://…>"), or in the front matter
        elsewhere = note.text[section.body.start : section.body.end] + "\n" + front
        if field.get("needs-link") and not _LINK.search(found.value) and not _LINK.search(elsewhere):
            ctx.report(found.start, found.end, f"{field['name']} has no link")
        if (
            field.get("needs-time-range")
            and not _TIME_RANGE.search(found.value)
            and not _TIME_RANGE.search(elsewhere)
        ):
            ctx.report(found.start, found.end, f"{field['name']} has no time range (e.g. 00:05:00–00:48:30)")


@dataclass(frozen=True)
class _Entry:
    """A metadata field as written: its label (folded), where the label is, and its value."""

    label: str
    start: int
    end: int
    value: str


def _fold(label: str) -> str:
    return " ".join(_CELL_MARKUP.sub("", label).lower().split())


def _list_entry(note: Note, section: Section, labels: list[str]) -> _Entry | None:
    """The field written as a line ``Label: value`` (in a list or not), with its value: the
    rest of the line and every following line indented deeper (continuations, sub-bullets)."""
    body = note.text[section.body.start : section.body.end]
    m = _label_pattern(labels).search(body)
    if m is None:
        return None
    line_start = body.rfind("\n", 0, m.start()) + 1
    indent = len(body[line_start:]) - len(body[line_start:].lstrip(" \t>"))
    end = body.find("\n", m.end())
    while end >= 0:
        nxt = body.find("\n", end + 1)
        line = body[end + 1 : nxt if nxt >= 0 else len(body)]
        if not line.strip() or len(line) - len(line.lstrip(" \t>")) <= indent:
            break
        end = nxt
    value = body[m.end() : end if end >= 0 else len(body)]
    return _Entry(
        _fold(m["label"]), section.body.start + m.start("label"), section.body.start + m.end("label"), value
    )


def _table_entries(note: Note, section: Section) -> list[_Entry]:
    """Fields written in a table of section 0: vertically (``| Source | <https://…> |``, the
    label in the first column, with or without a header row) or horizontally (a header row of
    labels over a row of values)."""
    first_line, _ = note.index.position(section.body.start)
    last_line, _ = note.index.position(section.body.end)
    labels = {_fold(label) for field in data.load("metadata")["field"] for label in field["labels"]}
    entries: list[_Entry] = []
    rows: list[tuple[int, list[str]]] = []
    row_line = -1
    for token in note.tokens:
        if token.type == "tr_open" and token.map is not None:
            row_line = token.map[0] + 1
            if first_line <= row_line <= last_line:
                rows.append((row_line, []))
        elif (
            token.type == "inline"
            and rows
            and rows[-1][0] == row_line
            and token.map
            and token.map[0] + 1 == row_line
        ):
            rows[-1][1].append(token.content)
        elif token.type == "table_close":
            entries.extend(_read_table(note, rows, labels))
            rows = []
    return entries


def _read_table(note: Note, rows: list[tuple[int, list[str]]], labels: set[str]) -> list[_Entry]:
    if not rows:
        return []
    header_line, header = rows[0]
    entries: list[_Entry] = []
    if sum(_fold(cell) in labels for cell in header) >= 2 and len(rows) > 1:
        for column, cell in enumerate(header):
            value = " ".join(cells[column] for _, cells in rows[1:] if column < len(cells))
            entries.append(_cell_entry(note, header_line, cell, value))
        return entries
    for line, cells in rows:
        if len(cells) >= 2 and _fold(cells[0]) in labels:
            entries.append(_cell_entry(note, line, cells[0], " ".join(cells[1:])))
    return entries


def _cell_entry(note: Note, line: int, cell: str, value: str) -> _Entry:
    line_start = note.index.line_start(line - 1)
    at = note.index.line_text(line).find(cell) if cell else -1
    start = line_start + max(at, 0)
    return _Entry(_fold(cell), start, start + (len(cell) if at >= 0 else 0), value)
