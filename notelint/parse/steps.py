"""Derivation steps of 4.A/4.B.

A step is an equation plus the text that introduces and follows it. Writers lay steps out
in several ways, all recognised:

* ``**Step k.** … $$ … $$`` (bold, heading or list item ``Step k``);
* ``Equation (k): $…$`` lines (the standard's own layout), each followed by ``{Rule: …}``;
* a numbered list, one step per item;
* plain paragraphs, each introducing one display equation;
* an ``align`` block with one step per row, each row annotated with ``\\text{…}``.

Each step carries the tags, timestamps, citations and identities of its text, read from the
note's provenance (``parse/provenance.py``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.note import Facet, Span
from notelint.parse.equations import EQUATIONS
from notelint.parse.provenance import (
    CITATION,
    PROVENANCE,
    TAG,
    Citation,
    IdentityRef,
    Intervals,
    Provenance,
    Tag,
    Timestamp,
    excluded_spans,
    find_citations,
    inside,
)

if TYPE_CHECKING:
    from notelint.math.reading.atoms import Atom
    from notelint.note import MathSpan, Note
    from notelint.parse.equations import Equation, Reference

_STEP_MARKER = re.compile(
    r"^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:#{1,6}[ \t]+)?(?:\*\*|__|\*|_)?\s*Step[ \t]+(\d+)\b[^\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
_EQUATION_MARKER = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?(?:Equation|Eqn?\.?)[ \t]*\((\d+)\)(?:\*\*|__)?[ \t]*:[^\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
#: a numbered list item, also inside a blockquote or callout (``> 1. …``)
_LIST_MARKER = re.compile(r"^(?:[ \t]{0,3}>)*[ \t]{0,3}(\d+)[.)][ \t]+[^\n]*$", re.MULTILINE)
_CITATION_LEAD = re.compile(r"\s*(?:[-*+][ \t]+)?(?:\*\*|__|\*|_)?\s*[{(]?\s*Rule\s*:", re.IGNORECASE)
#: what makes a step's math an equation to justify (read from its relation links): an equality,
#: order or approximation, and the arrows of an implication (statement separators of the
#: model, so found among its atoms); ``\\in``, ``\\sim``, ``\\ne`` and definitions are not
_STEP_RELATION_OPS = frozenset({"=", "<", ">", "<=", ">=", "approx"})
_STEP_RELATION_SYMBOLS = frozenset({"\\propto", "\\simeq", "\\cong"})
_IMPLICATIONS = frozenset({"Rightarrow", "rightarrow", "Longrightarrow", "longrightarrow", "implies", "iff"})
#: words of a definition in a step's prose (prose words, not LaTeX)
_DEFINITION_WORDS = re.compile(
    r"\b(?:defin(?:e|es|ed|ition)|denote[sd]?|let|we write|introduce)\b", re.IGNORECASE
)


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
        """Its math states an equality, order, approximation or implication (``\\sum_{i=1}``
        and ``\\text{a = b}`` state none: the model's links are outside scripts and text)."""
        from notelint.math.reading.relations import split_relations

        latex = self.latex
        for chain in split_relations(latex):
            for link in chain.links:
                if link.op in _STEP_RELATION_OPS or link.symbol in _STEP_RELATION_SYMBOLS:
                    return True
        from notelint.math.reading.text_facts import text_atoms  # only when no link decides

        return _implies(text_atoms(latex))

    @property
    def is_definition(self) -> bool:
        """A definition operator of the vocabulary (``:=``, ``\\triangleq``, ``\\equiv``…), a
        4.A equation, or definition words in its prose."""
        from notelint.math.reading.relations import split_relations

        if any(link.op == ":=" for chain in split_relations(self.latex) for link in chain.links):
            return True
        if self.section == "4.A":
            return True
        return bool(_DEFINITION_WORDS.search(self.prose))

    @property
    def cited_rule(self) -> Citation | None:
        return next((c for c in self.citations if c.rule), None)


def _implies(atoms: list[Atom]) -> bool:
    """An implication arrow among the atoms, outside scripts and text."""
    for a in atoms:
        if a.kind == "macro" and a.text in _IMPLICATIONS:
            return True
        if a.kind == "macro" and a.text in (
            "text",
            "textrm",
            "mbox",
            "textbf",
            "textit",
            "mathrm",
            "operatorname",
        ):
            continue
        if any(_implies(part) for part in (a.inner, *a.args)):
            return True
    return False


def _within(items: list, starts: list[int], span: Span) -> list:
    """The items (sorted, with their start offsets) that start inside ``span``."""
    return items[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)]


# -- steps ------------------------------------------------------------------------------------
def _markers(note: Note, body: Span) -> tuple[str, list[tuple[Span, str]]]:
    text = note.text
    excluded = Intervals([*excluded_spans(note), *(Span(m.start, m.end) for m in note.math)])

    def collect(pattern: re.Pattern[str]) -> list[tuple[Span, str]]:
        out = []
        for m in pattern.finditer(text, body.start, body.end):
            if inside(excluded, m.start(1)):
                continue
            # the marker starts after the indentation and any blockquote markers (``> 3. …``)
            marker = m.group(0)
            out.append(
                (Span(m.start() + (len(marker) - len(marker.lstrip(" \t\r\n>"))), m.end()), m.group(1))
            )
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
        if CITATION.search(latex) or (TAG.search(latex) and "\\text" in latex):
            annotated += 1
    return rows if annotated >= 2 else []


def _text_pieces(row: Equation) -> list[str]:
    """The words a row writes in ``\\text{…}`` (``\\textrm``, ``\\mbox``), from the math model."""
    from notelint.math.reading.model import MATH_MODEL

    model = row.math.facet(MATH_MODEL)
    start, end = row.span.start - model.content_start, row.span.end - model.content_start
    return [m.text for m in model.markers if m.kind == "text" and start <= m.start and m.end <= end]


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
        # "### 4.A Definitions (VERBATIM [15:20])": a tag in the subsection's heading covers its
        # steps, as one in the text before the first step does
        heading = section.heading.span
        headed = [t for t in prov.tags if heading.start <= t.span.start < heading.end and t.known]
        # 4.B's body must not run into 4.C… when they are siblings; find_sections does this.
        layout, markers = _markers(note, body)
        section_steps: list[Step] = []
        if markers:
            bounds = [m[0].start for m in markers] + [body.end]
            preamble = Span(body.start, bounds[0])
            inherited = headed + [
                t for t in prov.tags if preamble.start <= t.span.start < preamble.end and t.known
            ]
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
                section_steps.append(Step(key, Span(start, end), "paragraph", inherited_tags=list(headed)))
                cursor = end
        expanded: list[Step] = []
        previous: Step | None = None
        for step in section_steps:
            _fill(note, step, index)
            if step.layout == "paragraph" and previous is not None and _continues_block(text, step):
                # One tag on the sentence that introduces a block of displays covers the block.
                step.inherited_tags = [*dict.fromkeys([*previous.tags, *previous.inherited_tags])]
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
                index.fill(row_step, row.span)
                row_step.inherited_tags = [*step.tags, *step.inherited_tags]
                row_step.citations = find_citations(text, row.span.start, row.span.end)
                row_step.prose = " ".join(_text_pieces(row))
                expanded.append(row_step)
        steps.extend(expanded)
    return steps


STEPS: Facet[list[Step]] = Facet("steps", build_steps, "The derivation steps of sections 4.A and 4.B.")


def step_at(note: Note, offset: int) -> Step | None:
    """The derivation step (not one row of an align) whose text holds ``offset``."""
    found = None
    for step in note.facet(STEPS):
        if step.layout != "align-row" and step.span.start <= offset < step.span.end:
            found = step
    return found
