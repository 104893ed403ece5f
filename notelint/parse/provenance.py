"""Provenance over a whole note: tags, timestamps, the Source range, rule citations, identities.

Tags, timestamps and identities are collected outside code, comments and front matter, since
provenance applies everywhere; a legend that explains the tags rather than applying them is
told apart (``legend_lines``). The derivation steps (``parse/steps.py``) read these.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelint.note import Facet, Span
from notelint.parse.latex_scan import group_end

if TYPE_CHECKING:
    from notelint.note import Note

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
#: A tag, alone or with its timestamp (or time range) inside the parentheses: ``(VERBATIM, 00:09:30)``,
#: ``(VERBATIM 09:30)``, ``(VERBATIM @ 00:09:30–00:10:05)``.
TAG = re.compile(
    rf"\(([A-Za-z][A-Za-z _\-/]*[A-Za-z])"
    rf"(?:(?:\s*[,;@:—–]\s*|\s+)(?:at\s+)?\[?({_TIME})\]?(?:\s*(?:-|–|—|to)\s*\[?({_TIME})\]?)?)?\s*\)"
)
#: A known tag in square brackets, as some writers mark it: ``[VERBATIM]``, ``[RECONSTRUCTED, 12:30]``
#: (only the standard's own tags: ``[GAP]`` yes, ``[Note]`` and ``[1]`` no).
_BRACKET_TAG = re.compile(
    rf"(?<!\[)\[([A-Z][A-Z _\-/]*[A-Z])"
    rf"(?:(?:\s*[,;@:—–]\s*|\s+)(?:at\s+)?({_TIME})(?:\s*(?:-|–|—|to)\s*({_TIME}))?)?\s*\](?![(\[\]])"
)
#: What follows a tag that is being explained rather than applied: "(GAP) = a step the lecturer skipped".
# Atomic runs of blanks ((?>…)): two adjacent optional blank runs backtrack quadratically on a
# long line of spaces (a regression input took minutes); "(?<=\s)-" keeps "\s-\s"'s meaning.
_LEGEND_CONNECTOR = re.compile(
    r"(?>\s*)(?:(?:\*\*|__|\*|_)(?>\s*))?(?:=|:|—|–|(?<=\s)-\s|\|)"
    r"|\s+(?:means|marks|denotes|indicates|flags|is used)\b"
)
_LEGEND_LEAD = re.compile(
    r"^(?>[ \t>]*)(?:[-*+][ \t]+)?(?:\*\*|__|\*|_)?(?>\s*)(?:legend|tag legend|provenance tags?|provenance legend|key to (?:the )?tags)"
    r"(?>\s*)(?:(?:\*\*|__|\*|_)(?>\s*))?[:—–]",
    re.IGNORECASE,
)
#: A line that announces tags ("Tags: …", "Provenance — …"): with two tags named, a legend.
_TAGS_LEAD = re.compile(
    r"^(?>[ \t>]*)(?:[-*+][ \t]+)?(?:\*\*|__|\*|_)?(?>\s*)(?:legend|tags|tag key|provenance(?: tags| legend)?)"
    r"(?>\s*)(?:(?:\*\*|__|\*|_)(?>\s*))?[:—–]",
    re.IGNORECASE,
)
#: Two tags joined by the words of a convention: "(VERBATIM) unless marked (RECONSTRUCTED)",
#: "(RECONSTRUCTED) … otherwise (VERBATIM)" — a line stating how the note tags, applying no tag.
_CONVENTION = re.compile(
    r"\([A-Z][A-Z ]+\)[^()\n]{0,40}?\b(?:unless|otherwise|except(?: where)?)\b[^()\n]{0,40}?\([A-Z][A-Z ]+\)",
    re.IGNORECASE,
)
_NOT_LEGEND = re.compile(rf"\$|\\\(|\\\[|\{{\s*Rule\s*:|\[{_TIME}|{_TIME}\]")
_LEGEND_ITEM = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)]|\|)[ \t]*(?:\*\*|__|\*|_|`)?\s*\(")
_TIMESTAMP = re.compile(
    r"\[\s*((?:\d{1,2}:)?\d{1,2}:\d{2})(?:\s*(?:-|–|—|to)\s*((?:\d{1,2}:)?\d{1,2}:\d{2}))?\s*\]"
    r"|(?<![\d:])(\d{1,2}:\d{2}:\d{2})(?![\d:])"
)
_BLANK_LINE = re.compile(r"\n\r?\n")
CITATION = re.compile(
    r"\{\s*(?:\\text\{)?\s*Rule\s*:\s*([^{}\n]*)\}"
    r"|(?<![A-Za-z])Rule\s*:\s*(?:\*\*|__|\*|_)?\s*([^\n}]*)",
)
_IDENTITY = re.compile(r"[(\[]\s*(I\d+)\s*[)\]]")
_IDENTITY_DEF = re.compile(
    r"[(\[]\s*(I\d+)\s*[)\]]|\\tag\*?\{\s*(I\d+)\s*\}|^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?(I\d+)\s*[.:)]",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Tag:
    """A parenthesised provenance tag: ``(VERBATIM)``, ``(LECTURER CLAIM)``…"""

    name: str
    span: Span
    #: One of the standard's five tags (alone or joined by ``/``).
    known: bool


@dataclass(frozen=True)
class Timestamp:
    """A lecture timestamp as written, in seconds."""

    text: str
    seconds: int
    span: Span


@dataclass(frozen=True)
class Citation:
    """A rule citation, ``{Rule: …}`` or ``Rule: …``; ``rule`` is empty when nothing is named."""

    rule: str
    span: Span


@dataclass(frozen=True)
class IdentityRef:
    """A reference to a 4.D identity by name."""

    name: str
    span: Span


@dataclass
class Provenance:
    """A note's provenance tags, timestamps, Source range, references to identities and the
    identities 4.D lists (the ``PROVENANCE`` facet)."""

    tags: list[Tag]
    timestamps: list[Timestamp]
    #: (start, end) seconds from section 0's Source line, when given.
    source_range: tuple[int, int] | None
    identity_refs: list[IdentityRef]
    #: Identities listed in 4.D (None when the note has no 4.D).
    identities: set[str] | None


def seconds(text: str) -> int:
    parts = [int(p) for p in text.split(":")]
    total = 0
    for p in parts:
        total = total * 60 + p
    return total


def _known_tags(note: Note) -> set[str]:
    from notelint import data

    return {t.upper() for t in data.load("provenance")["tags"]["known"]}


def excluded_spans(note: Note) -> list[Span]:
    spans = [*note.code, *(c.span for c in note.comments)]
    if note.front_matter is not None:
        spans.append(note.front_matter)
    return spans


class Intervals:
    """Spans sorted by start, for fast "is this offset inside one of them" (bisect, not a scan)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        # the furthest end reached by any span up to each index (spans may nest)
        self.reach: list[int] = []
        best = -1
        for span in self.spans:
            best = max(best, span.end)
            self.reach.append(best)

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0 and self.reach[i] > offset:
            if self.spans[i].end > offset:
                return True
            i -= 1
        return False


def inside(spans: list[Span] | Intervals, offset: int) -> bool:
    if isinstance(spans, Intervals):
        return offset in spans
    return any(s.start <= offset < s.end for s in spans)


def _line_start_before(text: str, offset: int) -> str:
    return text[text.rfind("\n", 0, offset) + 1 : offset]


def legend_lines(note: Note) -> dict[int, bool]:
    """Lines of a legend that explains the tags rather than applying them: line number → True
    when every tag on the line is a legend's, False when only the tags followed by their
    explanation (``=``, ``:``, a dash, "means", "marks") are.

    A legend is a line that names three different tags ("Tags: (VERBATIM) lecturer's words;
    (RECONSTRUCTED) derived here; (GAP) skipped"), or a line led by "Legend", "Tags" or
    "Provenance" that names two; a line that explains two different tags ("(VERBATIM) = the
    lecturer's words; (RECONSTRUCTED) = added"); two or more consecutive list items or table
    rows, each starting with a different tag and its explanation; a line stating the convention
    ("All steps are (VERBATIM) unless marked (RECONSTRUCTED)"); and the list or table under a
    "Legend:" line. A line with math, a rule citation or a timestamp is content, never a legend.
    """
    known = _known_tags(note)
    lines = note.text.split("\n")
    explained: dict[int, set[str]] = {}
    named: dict[int, set[str]] = {}
    for number, line in enumerate(lines, 1):
        if _NOT_LEGEND.search(line):
            continue  # math, a rule citation or a timestamp: content, not an explanation
        for m in TAG.finditer(line):
            name = " ".join(m.group(1).split()).upper()
            if name not in known or m.group(2) is not None:
                continue
            named.setdefault(number, set()).add(name)
            if _LEGEND_CONNECTOR.match(line, m.end()):
                explained.setdefault(number, set()).add(name)
    out: dict[int, bool] = {}
    for number, names in named.items():
        if len(names) >= 3 or (len(names) >= 2 and _TAGS_LEAD.match(lines[number - 1])):
            out[number] = True
        elif len(names) >= 2 and _CONVENTION.search(lines[number - 1]):
            out[number] = True  # "All steps are (VERBATIM) unless marked (RECONSTRUCTED).": a convention
    for number, names in explained.items():
        if len(names) >= 2:
            out.setdefault(number, False)
    # consecutive items / rows that each start by explaining one tag
    run: list[int] = []
    seen: set[str] = set()
    for number in [*range(1, len(lines) + 1), len(lines) + 1]:
        line = lines[number - 1] if number <= len(lines) else ""
        names = explained.get(number, set())
        if names and _LEGEND_ITEM.match(line) and not names & seen:
            run.append(number)
            seen |= names
            continue
        if len(run) >= 2:
            for n in run:
                out.setdefault(n, False)
        run, seen = [], set()
        if names and _LEGEND_ITEM.match(line):
            run, seen = [number], set(names)
    # "Legend:" and the list or table right under it
    for number, line in enumerate(lines, 1):
        if not _LEGEND_LEAD.match(line):
            continue
        out.setdefault(number, False)
        follow = number + 1
        while follow <= len(lines) and not lines[follow - 1].strip():
            follow += 1
        while (
            follow <= len(lines)
            and _LEGEND_ITEM.match(lines[follow - 1])
            and not _NOT_LEGEND.search(lines[follow - 1])
        ):
            out.setdefault(follow, False)
            follow += 1
    return out


def find_tags(note: Note) -> list[Tag]:
    text = note.text
    known = _known_tags(note)
    table = __import__("notelint.data", fromlist=["load"]).load("provenance")["tags"]
    aliases = {a.upper() for a in table.get("misspellings", [])}
    excluded = Intervals(excluded_spans(note))
    legends = legend_lines(note)
    out: list[Tag] = []
    for m in TAG.finditer(text):
        if inside(excluded, m.start()):
            continue
        legend = legends.get(note.index.position(m.start())[0]) if legends else None
        if legend or (legend is False and _LEGEND_CONNECTOR.match(text, m.end())):
            continue  # a legend explains the tags ("(GAP) = …"); it applies none
        raw = m.group(1)
        if raw != raw.upper():
            continue  # (Optional), (see below), (assumption): prose, not a tag
        name = " ".join(raw.replace("_", " ").split())
        parts = [p.strip().upper() for p in re.split(r"\s*/\s*", name)]
        if all(p in known for p in parts):
            out.append(Tag(name.upper(), Span(m.start(), m.end()), True))
            continue
        letters = re.sub(r"[^A-Z]", "", raw)
        if name.upper() in aliases:
            out.append(Tag(name, Span(m.start(), m.end()), False))
            continue
        if len(letters) < 5:
            continue  # (MLE), (KKT), (I1), (ELBO): acronyms
        import difflib  # only for a provenance tag that is not one of the standard's

        close = any(difflib.SequenceMatcher(None, name.upper(), k).ratio() >= 0.75 for k in known)
        lead = _line_start_before(text, m.start())
        at_start = (
            re.fullmatch(
                r"[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?(?:Step[ \t]+\d+[.:]?)?(?:\*\*|__)?[ \t]*",
                lead,
                re.IGNORECASE,
            )
            is not None
        )
        if close or (at_start and len(letters) >= 7):
            out.append(Tag(name, Span(m.start(), m.end()), False))
    for m in _BRACKET_TAG.finditer(text):
        if inside(excluded, m.start()) or (legends and legends.get(note.index.position(m.start())[0])):
            continue
        name = " ".join(m.group(1).replace("_", " ").split())
        if all(p.strip() in known for p in re.split(r"\s*/\s*", name)):
            out.append(Tag(name, Span(m.start(), m.end()), True))
    # "(VERBATIM [02:10]; the explicit form is RECONSTRUCTED from A2)", "(RECONSTRUCTED; the
    # lecturer only asserted it at [50:05])": a known tag that opens a parenthesis and goes on
    # with the writer's remark applies that tag
    seen = {tag.span.start for tag in out}
    for m in _annotated_tag(tuple(sorted(known))).finditer(text):
        if m.start() in seen or inside(excluded, m.start()):
            continue
        if legends and legends.get(note.index.position(m.start())[0]):
            continue
        out.append(Tag(" ".join(m.group(1).split()), Span(m.start(), m.end()), True))
    out.sort(key=lambda tag: tag.span.start)
    return out


@functools.lru_cache(maxsize=4)
def _annotated_tag(known: tuple[str, ...]) -> re.Pattern[str]:
    """A known tag, as written in capitals, opening a parenthesis that goes on with a remark
    (``(VERBATIM [02:10]; …)``, ``(VERBATIM result [23:30], assembled from (3) and (6))``): the
    remark starts with a space, a bracket or a separator, not with a word that names another tag
    or explains this one ("(VERBATIM or RECONSTRUCTED, in parentheses)" names two tags)."""
    names = "|".join(r"\s+".join(map(re.escape, k.split())) for k in sorted(known, key=len, reverse=True))
    return re.compile(
        rf"\(({names})(?=[\s,;:\[])(?!\s+(?:or|and|vs\.?|versus|means|is|are|=)(?![\w-]))"
        # "(LECTURER CLAIM in 4.B)": where a tag stands, named (a reference, not a tag)
        rf"(?!\s+in\s+(?:[Ss]ections?\s*|[Ss]teps?\s*)?\d)"
        rf"(?:[^()\n]|\([^()\n]*\))*\)"
    )


def find_timestamps(note: Note) -> list[Timestamp]:
    text = note.text
    excluded = Intervals([*excluded_spans(note), *(Span(m.start, m.end) for m in note.math)])
    out: list[Timestamp] = []
    for m in _TIMESTAMP.finditer(text):
        if inside(excluded, m.start()):
            continue
        for g in (1, 2, 3):
            if m.group(g):
                value = m.group(g)
                parts = [int(p) for p in value.split(":")]
                if any(p >= 60 for p in parts[1:]):
                    continue
                out.append(Timestamp(value, seconds(value), Span(m.start(g), m.end(g))))
    # ``(VERBATIM, 09:30)``, ``[VERBATIM, 09:30]``: a timestamp written inside the tag, in any form
    for m in [*TAG.finditer(text), *_BRACKET_TAG.finditer(text)]:
        if m.group(2) is None or inside(excluded, m.start()):
            continue
        for g in (2, 3):
            value = m.group(g)
            if value and not any(t.span.start == m.start(g) for t in out):
                parts = [int(p) for p in value.split(":")]
                if all(p < 60 for p in parts[1:]):
                    out.append(Timestamp(value, seconds(value), Span(m.start(g), m.end(g))))
    out.sort(key=lambda t: t.span.start)
    return out


def source_range(note: Note, timestamps: list[Timestamp]) -> tuple[int, int] | None:
    section = note.sections.get("0")
    if section is None:
        return None
    text = note.text
    for line_match in re.finditer(
        r"^[^\n]*\bSource\b[^\n]*$", text[section.body.start : section.body.end], re.MULTILINE | re.IGNORECASE
    ):
        a = section.body.start + line_match.start()
        b = section.body.start + line_match.end()
        inside = [t for t in timestamps if a <= t.span.start < b]
        if len(inside) >= 2 and inside[0].seconds <= inside[1].seconds:
            return inside[0].seconds, inside[1].seconds
        for m in re.finditer(
            r"(\d{1,2}:\d{2}(?::\d{2})?)\s*(?:-|–|—|to)\s*(\d{1,2}:\d{2}(?::\d{2})?)", text[a:b]
        ):
            lo, hi = seconds(m.group(1)), seconds(m.group(2))
            if lo <= hi:
                return lo, hi
    return None


def find_identities(note: Note) -> tuple[list[IdentityRef], set[str] | None]:
    text = note.text
    excluded = Intervals(excluded_spans(note))
    section = note.sections.get("4.D")
    defined: set[str] | None = None
    if section is not None:
        defined = set()
        body = text[section.body.start : section.body.end]
        for m in _IDENTITY_DEF.finditer(body):
            defined.add(next(g for g in m.groups() if g))
    refs: list[IdentityRef] = []
    for m in _IDENTITY.finditer(text):
        if inside(excluded, m.start()):
            continue
        if section is not None and section.heading.span.start <= m.start() < section.body.end:
            continue
        refs.append(IdentityRef(m.group(1), Span(m.start(), m.end())))
    return refs, defined


def find_citations(text: str, start: int, end: int) -> list[Citation]:
    out = []
    pos = start
    while True:
        m = CITATION.search(text, pos, end)
        if m is None:
            break
        stop, begin = m.end(), m.start()
        opening = m.start() if m.group(1) is not None else _brace_before(text, m.start(), start)
        closing = _closing_brace(text, opening, end) if opening is not None else None
        if opening is not None and closing is not None:
            # ``{Rule: …}`` ends at its matching brace, so math with braces inside the
            # citation (``{Rule: $\operatorname{Var}(cX)=c^2\operatorname{Var}(X)$}``) belongs to it
            begin, stop = opening, closing
            body = text[opening + 1 : closing - 1]
            rule = body.split(":", 1)[1] if ":" in body else body
        else:
            rule = m.group(1) if m.group(1) is not None else m.group(2)
        rule = rule.strip().strip("*_}{").strip()
        rule = re.sub(r"^\\text\{|\}$", "", rule).strip()
        rule = rule.rstrip("\\").strip()
        out.append(Citation(rule, Span(begin, stop)))
        pos = max(stop, m.start() + 1)
    return out


def _brace_before(text: str, at: int, start: int) -> int | None:
    """The ``{`` that opens a citation whose ``Rule:`` starts at ``at`` (spaces between)."""
    j = at - 1
    while j >= start and text[j] in " \t":
        j -= 1
    return j if j >= start and text[j] == "{" else None


def _closing_brace(text: str, open_at: int, end: int) -> int | None:
    """The offset just after the ``}`` that closes the ``{`` at ``open_at``; None when a blank
    line or ``end`` comes first (a citation stays in its paragraph)."""
    blank = _BLANK_LINE.search(text, open_at, end)
    return group_end(text, open_at, blank.start() if blank else end)


def provenance(note: Note) -> Provenance:
    timestamps = find_timestamps(note)
    refs, identities = find_identities(note)
    return Provenance(find_tags(note), timestamps, source_range(note, timestamps), refs, identities)


PROVENANCE: Facet[Provenance] = Facet(
    "provenance",
    provenance,
    "Provenance tags, timestamps, the Source range, identity references and the 4.D identities.",
)
