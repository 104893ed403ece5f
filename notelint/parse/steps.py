"""Derivation steps of 4.A/4.B, provenance tags, timestamps, rule citations and identities.

A step is an equation plus the text that introduces and follows it. Writers lay steps out
in several ways, all recognised:

* ``**Step k.** … $$ … $$`` (bold, heading or list item ``Step k``);
* ``Equation (k): $…$`` lines (the standard's own layout), each followed by ``{Rule: …}``;
* a numbered list, one step per item;
* plain paragraphs, each introducing one display equation;
* an ``align`` block with one step per row, each row annotated with ``\\text{…}``.

Tags, timestamps and identities are also collected over the whole note (outside code,
comments and front matter), since provenance applies everywhere.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.note import Facet, Span
from notelint.parse.equations import EQUATIONS
from notelint.parse.latex_scan import group_end

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note
    from notelint.parse.equations import Equation, Reference

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
#: A tag, alone or with its timestamp (or time range) inside the parentheses: ``(VERBATIM, 00:09:30)``,
#: ``(VERBATIM 09:30)``, ``(VERBATIM @ 00:09:30–00:10:05)``.
_TAG = re.compile(
    rf"\(([A-Za-z][A-Za-z _\-/]*[A-Za-z])"
    rf"(?:(?:\s*[,;@:—–]\s*|\s+)(?:at\s+)?\[?({_TIME})\]?(?:\s*(?:-|–|—|to)\s*\[?({_TIME})\]?)?)?\s*\)"
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
_NOT_LEGEND = re.compile(rf"\$|\\\(|\\\[|\{{\s*Rule\s*:|\[{_TIME}|{_TIME}\]")
_LEGEND_ITEM = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)]|\|)[ \t]*(?:\*\*|__|\*|_|`)?\s*\(")
_TIMESTAMP = re.compile(
    r"\[\s*((?:\d{1,2}:)?\d{1,2}:\d{2})(?:\s*(?:-|–|—|to)\s*((?:\d{1,2}:)?\d{1,2}:\d{2}))?\s*\]"
    r"|(?<![\d:])(\d{1,2}:\d{2}:\d{2})(?![\d:])"
)
_BLANK_LINE = re.compile(r"\n\r?\n")
_CITATION = re.compile(
    r"\{\s*(?:\\text\{)?\s*Rule\s*:\s*([^{}\n]*)\}"
    r"|(?<![A-Za-z])Rule\s*:\s*(?:\*\*|__|\*|_)?\s*([^\n}]*)",
)
_IDENTITY = re.compile(r"[(\[]\s*(I\d+)\s*[)\]]")
_IDENTITY_DEF = re.compile(
    r"[(\[]\s*(I\d+)\s*[)\]]|\\tag\*?\{\s*(I\d+)\s*\}|^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?(I\d+)\s*[.:)]",
    re.MULTILINE,
)
_STEP_MARKER = re.compile(
    r"^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:#{1,6}[ \t]+)?(?:\*\*|__|\*|_)?\s*Step[ \t]+(\d+)\b[^\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
_EQUATION_MARKER = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?(?:Equation|Eqn?\.?)[ \t]*\((\d+)\)(?:\*\*|__)?[ \t]*:[^\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^[ \t]{0,3}(\d+)[.)][ \t]+[^\n]*$", re.MULTILINE)
_CITATION_LEAD = re.compile(r"\s*(?:[-*+][ \t]+)?(?:\*\*|__|\*|_)?\s*[{(]?\s*Rule\s*:", re.IGNORECASE)
_RELATION = re.compile(
    r"(?<![:<>!\\])=(?!:)|\\approx\b|\\propto\b|\\(?:Long)?[Rr]ightarrow\b|\\implies\b|\\iff\b|\\leq?\b|\\geq?\b"
    r"|\\simeq\b|\\cong\b|(?<!\\)[<>]"
)
_DEFINITION_RELATION = re.compile(
    r":=|=:|\\coloneqq|\\eqqcolon|\\triangleq|\\stackrel\s*\{[^{}]*def|\\overset\s*\{[^{}]*def|\\equiv|\\doteq"
    r"|\\stackrel\s*\{\s*\\Delta|\\overset\s*\{\s*\\Delta|\\defeq",
)
_DEFINITION_WORDS = re.compile(
    r"\b(?:defin(?:e|es|ed|ition)|denote[sd]?|let|we write|introduce)\b", re.IGNORECASE
)
_TEXT_ARG = re.compile(r"\\(?:text|textrm|mathrm|textbf|textit|mbox|operatorname\*?)\s*\{")


@dataclass(frozen=True)
class Tag:
    """A parenthesised provenance tag: ``(VERBATIM)``, ``(LECTURER CLAIM)``…"""

    name: str
    span: Span
    #: One of the standard's five tags (alone or joined by ``/``).
    known: bool


@dataclass(frozen=True)
class Timestamp:
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
    name: str
    span: Span


@dataclass(eq=False)
class Step:
    """One derivation step: an equation with the text that introduces and follows it."""

    section: str
    span: Span
    #: "step" (``Step k``), "equation" (``Equation (k):``), "list", "paragraph" or "align-row".
    layout: str
    #: The marker (``**Step 2.**``, ``Equation (2):``, ``2.``) when the layout has one.
    marker: Span | None = None
    number: str | None = None
    math: list[MathSpan] = field(default_factory=list)
    #: For an align-row step: the row.
    row: Equation | None = None
    tags: list[Tag] = field(default_factory=list)
    timestamps: list[Timestamp] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    identities: list[IdentityRef] = field(default_factory=list)
    #: Tags of the text before the first step of a subsection (they cover every step).
    inherited_tags: list[Tag] = field(default_factory=list)
    #: The step's prose (text outside math), lower-cased, for definition words.
    prose: str = ""

    @property
    def anchor(self) -> Span:
        """Where a finding about the step points: its marker, else its first text."""
        if self.marker is not None:
            return self.marker
        return self.span

    @property
    def equation_span(self) -> Span:
        if self.row is not None:
            return self.row.span
        for m in self.math:
            if m.display:
                return Span(m.start, m.end)
        if self.math:
            return Span(self.math[0].start, self.math[0].end)
        return self.anchor

    @property
    def latex(self) -> str:
        if self.row is not None:
            return self.row.math.latex[
                self.row.span.start - self.row.math.content_start : self.row.span.end
                - self.row.math.content_start
            ]
        return "\n".join(m.latex for m in self.math if m.display) or "\n".join(m.latex for m in self.math)

    @property
    def all_tags(self) -> list[Tag]:
        return [*self.tags, *self.inherited_tags]

    @property
    def has_relation(self) -> bool:
        return bool(_RELATION.search(strip_scripts(self.latex)))

    @property
    def is_definition(self) -> bool:
        latex = self.latex
        if _DEFINITION_RELATION.search(latex):
            return True
        if self.section == "4.A":
            return True
        return bool(_DEFINITION_WORDS.search(self.prose))

    @property
    def cited_rule(self) -> Citation | None:
        return next((c for c in self.citations if c.rule), None)


@dataclass
class Provenance:
    tags: list[Tag]
    timestamps: list[Timestamp]
    #: (start, end) seconds from section 0's Source line, when given.
    source_range: tuple[int, int] | None
    identity_refs: list[IdentityRef]
    #: Identities listed in 4.D (None when the note has no 4.D).
    identities: set[str] | None


def strip_scripts(latex: str) -> str:
    """The math without sub/superscript groups and ``\\text{…}`` (``\\sum_{i=1}`` is no equality)."""
    from notelint.parse.latex_scan import brace_pairs

    closing = brace_pairs(latex)

    def matching_brace(_latex: str, at: int) -> int:
        return closing.get(at, -1)

    out = []
    i = 0
    n = len(latex)
    while i < n:
        c = latex[i]
        if c in "_^" and i + 1 < n:
            j = i + 1
            while j < n and latex[j] == " ":
                j += 1
            if j < n and latex[j] == "{":
                close = matching_brace(latex, j)
                if close > 0:
                    i = close + 1
                    continue
            i = j + 1
            continue
        m = _TEXT_ARG.match(latex, i)
        if m:
            close = matching_brace(latex, m.end() - 1)
            if close > 0:
                i = close + 1
                continue
        out.append(c)
        i += 1
    return "".join(out)


def seconds(text: str) -> int:
    parts = [int(p) for p in text.split(":")]
    total = 0
    for p in parts:
        total = total * 60 + p
    return total


def _known_tags(note: Note) -> set[str]:
    from notelint import data

    return {t.upper() for t in data.load("provenance")["tags"]["known"]}


def _excluded(note: Note) -> list[Span]:
    spans = [*note.code, *(c.span for c in note.comments)]
    if note.front_matter is not None:
        spans.append(note.front_matter)
    return spans


class _Intervals:
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


def _in(spans: list[Span] | _Intervals, offset: int) -> bool:
    if isinstance(spans, _Intervals):
        return offset in spans
    return any(s.start <= offset < s.end for s in spans)


def _within(items: list, starts: list[int], span: Span) -> list:
    """The items (sorted, with their start offsets) that start inside ``span``."""
    return items[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)]


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
    rows, each starting with a different tag and its explanation; and the list or table under a
    "Legend:" line. A line with math, a rule citation or a timestamp is content, never a legend.
    """
    known = _known_tags(note)
    lines = note.text.split("\n")
    explained: dict[int, set[str]] = {}
    named: dict[int, set[str]] = {}
    for number, line in enumerate(lines, 1):
        if _NOT_LEGEND.search(line):
            continue  # math, a rule citation or a timestamp: content, not an explanation
        for m in _TAG.finditer(line):
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
    excluded = _Intervals(_excluded(note))
    legends = legend_lines(note)
    out: list[Tag] = []
    for m in _TAG.finditer(text):
        if _in(excluded, m.start()):
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
    return out


def find_timestamps(note: Note) -> list[Timestamp]:
    text = note.text
    excluded = _Intervals([*_excluded(note), *(Span(m.start, m.end) for m in note.math)])
    out: list[Timestamp] = []
    for m in _TIMESTAMP.finditer(text):
        if _in(excluded, m.start()):
            continue
        for g in (1, 2, 3):
            if m.group(g):
                value = m.group(g)
                parts = [int(p) for p in value.split(":")]
                if any(p >= 60 for p in parts[1:]):
                    continue
                out.append(Timestamp(value, seconds(value), Span(m.start(g), m.end(g))))
    # ``(VERBATIM, 09:30)``: a timestamp written inside the tag's parentheses, in any form
    for m in _TAG.finditer(text):
        if m.group(2) is None or _in(excluded, m.start()):
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
    excluded = _Intervals(_excluded(note))
    section = note.sections.get("4.D")
    defined: set[str] | None = None
    if section is not None:
        defined = set()
        body = text[section.body.start : section.body.end]
        for m in _IDENTITY_DEF.finditer(body):
            defined.add(next(g for g in m.groups() if g))
    refs: list[IdentityRef] = []
    for m in _IDENTITY.finditer(text):
        if _in(excluded, m.start()):
            continue
        if section is not None and section.heading.span.start <= m.start() < section.body.end:
            continue
        refs.append(IdentityRef(m.group(1), Span(m.start(), m.end())))
    return refs, defined


def find_citations(text: str, start: int, end: int) -> list[Citation]:
    out = []
    pos = start
    while True:
        m = _CITATION.search(text, pos, end)
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


# -- steps ------------------------------------------------------------------------------------
def _markers(note: Note, body: Span) -> tuple[str, list[tuple[Span, str]]]:
    text = note.text
    excluded = _Intervals([*_excluded(note), *(Span(m.start, m.end) for m in note.math)])

    def collect(pattern: re.Pattern[str]) -> list[tuple[Span, str]]:
        out = []
        for m in pattern.finditer(text, body.start, body.end):
            if _in(excluded, m.start(1)):
                continue
            out.append((Span(m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), m.end()), m.group(1)))
        return out

    steps = collect(_STEP_MARKER)
    if steps:
        return "step", steps
    equations = collect(_EQUATION_MARKER)
    if equations:
        return "equation", equations
    items = collect(_LIST_MARKER)
    if len(items) >= 2:
        with_math = [
            it
            for it, nxt in zip(items, [*items[1:], (Span(body.end, body.end), "")], strict=False)
            if note.math_in(Span(it[0].start, nxt[0].start))
        ]
        if len(with_math) >= 2:
            return "list", items
    return "paragraph", []


class _Index:
    """The note's tags, timestamps, references, identities and math, sorted by offset."""

    def __init__(self, note: Note, prov: Provenance, refs: list[Reference]) -> None:
        def pair(items: list, key) -> tuple[list, list[int]]:
            items = sorted(items, key=key)
            return items, [key(x) for x in items]

        self.tags = pair(prov.tags, lambda t: t.span.start)
        self.timestamps = pair(prov.timestamps, lambda t: t.span.start)
        self.refs = pair(refs, lambda r: r.span.start)
        self.identities = pair(prov.identity_refs, lambda i: i.span.start)
        self.math = pair(note.math, lambda m: m.start)

    def fill(self, step: Step, span: Span) -> None:
        step.tags = _within(*self.tags, span)
        step.timestamps = _within(*self.timestamps, span)
        step.references = _within(*self.refs, span)
        step.identities = _within(*self.identities, span)


def _fill(note: Note, step: Step, index: _Index) -> None:
    text = note.text
    span = step.span
    index.fill(step, span)
    step.citations = find_citations(text, span.start, span.end)
    if step.row is None:
        step.math = _within(*index.math, span)
    pieces = []
    cursor = span.start
    for m in step.math:
        pieces.append(text[cursor : m.start])
        cursor = max(cursor, m.end)
    pieces.append(text[cursor : span.end] if step.row is None else "")
    step.prose = " ".join(pieces)


def _annotated_rows(rows_of: dict[int, list[Equation]], math: MathSpan) -> list[Equation]:
    """Rows of a multi-row align that annotate themselves (``\\text{…Rule…}`` or a tag)."""
    rows = rows_of.get(id(math), [])
    if len(rows) < 2:
        return []
    annotated = 0
    for row in rows:
        latex = text_of(row)
        if _CITATION.search(latex) or (_TAG.search(latex) and "\\text" in latex):
            annotated += 1
    return rows if annotated >= 2 else []


def text_of(row: Equation) -> str:
    base = row.math.content_start
    return row.math.latex[row.span.start - base : row.span.end - base]


def _continues_block(text: str, step: Step) -> bool:
    """A display with no text of its own before it continues the block introduced above it."""
    return bool(step.math) and not text[step.span.start : step.math[0].start].strip()


def build_steps(note: Note) -> list[Step]:
    prov = note.facet(PROVENANCE)
    equations = note.facet(EQUATIONS)
    refs = equations.references
    text = note.text
    steps: list[Step] = []
    index = _Index(note, prov, refs)
    rows_of: dict[int, list[Equation]] = {}
    for eq in equations.equations:
        rows_of.setdefault(id(eq.math), []).append(eq)
    for key in ("4.A", "4.B"):
        section = note.sections.get(key)
        if section is None:
            continue
        body = section.body
        # 4.B's body must not run into 4.C… when they are siblings; find_sections does this.
        layout, markers = _markers(note, body)
        section_steps: list[Step] = []
        if markers:
            bounds = [m[0].start for m in markers] + [body.end]
            preamble = Span(body.start, bounds[0])
            inherited = [t for t in prov.tags if preamble.start <= t.span.start < preamble.end and t.known]
            for (marker, number), end in zip(markers, bounds[1:], strict=False):
                step = Step(key, Span(marker.start, end), layout, marker, number)
                step.inherited_tags = inherited
                section_steps.append(step)
        else:
            displays = [m for m in note.math_in(body) if m.display]
            cursor = body.start
            for i, math in enumerate(displays):
                end = math.end
                # a citation paragraph right after the equation belongs to it
                nxt = displays[i + 1].start if i + 1 < len(displays) else body.end
                after = re.match(r"[ \t]*\n(?:[ \t]*\n)?", text[end:nxt])
                if after is not None and _CITATION_LEAD.match(text, end + after.end()):
                    line_end = text.find("\n", end + after.end())
                    end = nxt if line_end < 0 or line_end > nxt else line_end
                else:
                    line_end = text.find("\n", end)
                    end = min(nxt, len(text) if line_end < 0 else line_end)
                start = cursor
                while start < math.start and text[start] in " \t\n":
                    start += 1
                section_steps.append(Step(key, Span(start, end), "paragraph"))
                cursor = end
        expanded: list[Step] = []
        previous: Step | None = None
        for step in section_steps:
            _fill(note, step, index)
            if step.layout == "paragraph" and previous is not None and _continues_block(text, step):
                # One tag on the sentence that introduces a block of displays covers the block.
                step.inherited_tags = [*previous.tags, *previous.inherited_tags]
            previous = step
            rows: list[Equation] = []
            for math in step.math:
                if math.display:
                    rows = _annotated_rows(rows_of, math)
                    if rows:
                        break
            if not rows:
                expanded.append(step)
                continue
            expanded.append(step)  # the introduction keeps its own tags and citations
            step.layout = "intro"
            for row in rows:
                row_step = Step(key, row.span, "align-row", None, row.number, [row.math], row)
                latex = text_of(row)
                index.fill(row_step, row.span)
                row_step.inherited_tags = [*step.tags, *step.inherited_tags]
                row_step.citations = find_citations(text, row.span.start, row.span.end)
                row_step.prose = " ".join(re.findall(r"\\text\{([^{}]*)\}", latex))
                expanded.append(row_step)
        steps.extend(expanded)
    return steps


PROVENANCE: Facet[Provenance] = Facet(
    "provenance",
    provenance,
    "Provenance tags, timestamps, the Source range, identity references and the 4.D identities.",
)
STEPS: Facet[list[Step]] = Facet("steps", build_steps, "The derivation steps of sections 4.A and 4.B.")
