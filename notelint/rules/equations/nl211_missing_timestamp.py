from __future__ import annotations

import bisect
import re

from notelint.facets import EQUATIONS, PROVENANCE, STEPS
from notelint.note import Note, Span
from notelint.parse.provenance import Timestamp
from notelint.rule import RuleContext, rule

#: A tag said of other content rather than applied to its own: "Steps 6–7 are (RECONSTRUCTED);
#: the rest is (VERBATIM)". The steps it names carry their own tags and timestamps.
_PREDICATE = re.compile(r"\b(?:is|are|was|were)(?:\s+(?:all|both|also|otherwise))?\s*(?:\*\*|__|\*|_)?$")


def _fmt(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@rule(
    code="NL211",
    name="missing-timestamp",
    severity="warning",
    summary="a (VERBATIM) block has no timestamp, or timestamps go backwards or leave the Source range",
    facets=("equations", "provenance", "steps"),
)
def missing_timestamp(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every `(VERBATIM)` step or paragraph carries a timestamp — `[hh:mm:ss]`,
    `[mm:ss]` or a bare `hh:mm:ss` — anchoring it to the lecture; that the timestamps of
    4.A and of 4.B each do not go backwards, nor a step of 4.B before a definition of 4.A it
    refers to (4.A gathers definitions from the whole lecture, so a step may come earlier in
    the recording than a definition it does not use; a definition introduced with several
    times, "(VERBATIM [42:15] and [46:50])", may come from the earliest; a (LECTURER CLAIM)
    quoted beside the step that corrects it keeps its own time out of the order); and that
    every timestamp lies inside the time range of section 0's Source line, when one is given. Tags in headings (e.g.
    "4.A Definitions (VERBATIM/RECONSTRUCTED)") are not content and are not checked.

    Forms the standard allows: the timestamp inside the tag's parentheses,
    `(VERBATIM, 00:09:30)` or `(VERBATIM 09:30–10:05)`; and a legend that explains the tags,
    which applies no tag and needs no timestamp: a line naming three different tags, or two
    after "Tags:"/"Legend:"/"Provenance —" (`*Tags: (VERBATIM) the lecturer's words;
    (RECONSTRUCTED) derived here; (GAP) skipped*`), two tags explained on one line
    (`(VERBATIM) = …; (RECONSTRUCTED) = …`), or a list of items each starting with a tag and
    its explanation. A line with math, a `{Rule: …}` or a timestamp is never a legend, and
    "(VERBATIM) the lecturer's words, (RECONSTRUCTED) derived here" without such a lead is
    still two tags.
    A tag said of other content, after "is" or "are" ("Steps 6–7 are (RECONSTRUCTED); the
    rest is (VERBATIM)" in 4.E), applies to the steps it names, which carry their own
    timestamps; it needs none.

    ## Why is this bad?
    The standard: "Anchor derivations to timestamps where possible." A timestamp lets a
    reader check the verbatim content against the recording.

    ## Example
    ```markdown
    (VERBATIM) Set the gradient to zero at the minimiser.
    ```

    Use instead:
    ```markdown
    (VERBATIM) [00:18:40] Set the gradient to zero at the minimiser.
    ```
    """
    prov = note.facet(PROVENANCE)
    headings = [h.span for h in note.headings]
    steps = sorted((s.span for s in note.facet(STEPS) if s.row is None), key=lambda s: s.start)
    blocks = sorted((b.span for b in note.blocks), key=lambda s: s.start)
    stamps = sorted(t.span.start for t in prov.timestamps)
    for tag in prov.tags:
        if tag.name != "VERBATIM" or any(h.start <= tag.span.start < h.end for h in headings):
            continue
        if "RECONSTRUCTED" in note.text[tag.span.start : tag.span.end].upper():
            # "(VERBATIM for the counts, RECONSTRUCTED for the gradients)": a remark on mixed
            # provenance, no quotation of the lecture to anchor
            continue
        line_start = note.text.rfind("\n", 0, tag.span.start) + 1
        if _PREDICATE.search(note.text, line_start, tag.span.start):
            continue
        container = _container(note.text, steps, blocks, tag.span.start)
        first = bisect.bisect_left(stamps, container.start)
        if first < len(stamps) and stamps[first] < container.end:
            continue
        ctx.report(tag.span.start, tag.span.end, "(VERBATIM) content has no timestamp [hh:mm:ss]")
    section0 = note.sections.get("0")
    outside0 = [
        t
        for t in prov.timestamps
        if section0 is None or not (section0.heading.span.start <= t.span.start < section0.body.end)
    ]
    if prov.source_range is not None:
        lo, hi = prov.source_range
        for t in outside0:
            if not lo <= t.seconds <= hi:
                ctx.report(
                    t.span.start,
                    t.span.end,
                    f"timestamp {t.text} is outside the Source time range {_fmt(lo)}–{_fmt(hi)}",
                )
    # 4.A gathers the definitions from the whole lecture: the order is checked within 4.A and
    # within 4.B, and a step of 4.B must not come before a definition of 4.A it refers to
    definitions = _definition_stamps(note, outside0)
    claims = [tag.span for tag in prov.tags if tag.name == "LECTURER CLAIM"]
    for key in ("4.A", "4.B"):
        if key not in note.sections:
            continue
        body = note.sections[key].body
        latest = None
        for t in outside0:
            if not body.start <= t.span.start < body.end:
                continue
            if any(c.start <= t.span.start < c.end for c in claims):
                # "> (LECTURER CLAIM, [54:45]) …" beside the step that corrects it: a quote
                # from elsewhere in the lecture, placed where it is corrected
                continue
            if key == "4.B":
                step = next((s for s in note.facet(STEPS) if s.span.start <= t.span.start < s.span.end), None)
                cited = (
                    [definitions[r.target] for r in step.references if r.target in definitions]
                    if step
                    else []
                )
                latest = max(
                    [x for x in (latest, *cited) if x is not None], key=lambda x: x.seconds, default=None
                )
            if latest is not None and t.seconds < latest.seconds:
                ctx.report(
                    t.span.start, t.span.end, f"timestamp {t.text} goes backwards (after {latest.text})"
                )
            if latest is None or t.seconds >= latest.seconds:
                latest = t


def _definition_stamps(note: Note, stamps: list[Timestamp]) -> dict[str, Timestamp]:
    """Each number and label of a 4.A equation → the last timestamp before it in 4.A (the
    earliest of its line, when the line gives several)."""
    if "4.A" not in note.sections:
        return {}
    body = note.sections["4.A"].body
    inside = [t for t in stamps if body.start <= t.span.start < body.end]
    tags = [tag.span.start for tag in note.facet(PROVENANCE).tags if body.start <= tag.span.start < body.end]
    out: dict[str, Timestamp] = {}
    for eq in note.facet(EQUATIONS).equations:
        if not body.start <= eq.span.start < body.end:
            continue
        before = [t for t in inside if t.span.start < eq.span.start]
        if not before:
            continue
        if any(before[-1].span.end < tag < eq.span.start for tag in tags):
            # "(RECONSTRUCTED) Effective step sizes" after "(VERBATIM) [17:05] RMSProp": a
            # definition of its own tag, not said at the earlier block's time
            continue
        # "FFN and SwiGLU block (VERBATIM [42:15] and [46:50])": the definitions of one line
        # may come from any of its times, so a step may follow the earliest of them
        line = note.index.position(before[-1].span.start)[0]
        stamp = min(
            (t for t in before if note.index.position(t.span.start)[0] == line), key=lambda t: t.seconds
        )
        for name in [eq.number, *(label.name for label in eq.labels)]:
            if name is not None:
                out[name] = stamp
    return out


def _container(text: str, steps: list[Span], blocks: list[Span], offset: int) -> Span:
    """The step holding ``offset``, else its paragraph (block), else its line."""
    for spans in (steps, blocks):
        i = bisect.bisect_right(spans, offset, key=lambda s: s.start) - 1
        while i >= 0:
            if spans[i].start <= offset < spans[i].end:
                return spans[i]
            if spans is blocks:
                break
            i -= 1
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    return Span(line_start, len(text) if line_end < 0 else line_end)
