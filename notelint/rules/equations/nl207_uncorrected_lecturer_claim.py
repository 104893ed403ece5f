from __future__ import annotations

import re

from notelint import data
from notelint.facets import PROVENANCE
from notelint.note import Note
from notelint.parse.provenance import Tag
from notelint.rule import RuleContext, rule


@rule(
    code="NL207",
    name="uncorrected-lecturer-claim",
    summary="a (LECTURER CLAIM) with no (RECONSTRUCTED) correction after it",
    facets=("provenance",),
)
def uncorrected_lecturer_claim(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every `(LECTURER CLAIM)` is followed by a `(RECONSTRUCTED)` correction
    later in the same section (for section 4, anywhere in 4.A–4.E), before the next
    `(LECTURER CLAIM)`. The finding is at the `(LECTURER CLAIM)` tag.

    Forms the standard allows that are not findings:

    - a pitfall outside section 4 (typically in section 7) that recalls a claim already
      corrected in section 4: its paragraph or list item points back to the derivation
      ("see 4.B", "Step 3", "(7)", `\\eqref{…}`) and states the correction itself ("in fact",
      "is wrong", "the correct …"). A claim outside section 4 without both, or in a note whose
      section 4 corrects no claim, is still a finding;
    - a tag the words before it call the corrected claim ("see the corrected (LECTURER
      CLAIM)", "(12) also corrects the (LECTURER CLAIM) at [41:15]") or name as the claim of a
      section, step or equation, or as its correction ("the (LECTURER CLAIM) in 4.B asserted
      …", "used only in the (LECTURER CLAIM) correction of Section 3"), in a note that corrects
      a claim: a reference to it ("whatever the (LECTURER CLAIM) says" points nowhere, and is a
      finding);
    - tags named in a legend that explains them ("(LECTURER CLAIM) = an error of the
      lecturer"): a legend applies no tag.

    ## Why is this bad?
    The standard: "If the lecturer errs, tag (LECTURER CLAIM) and show a corrected
    (RECONSTRUCTED) version." A flagged error without its correction leaves the reader
    with a known-wrong statement.

    ## Example
    ```markdown
    (LECTURER CLAIM) The Hessian of the ridge objective is $X^\\top X$.
    ```

    Use instead:
    ```markdown
    (LECTURER CLAIM) The Hessian of the ridge objective is $X^\\top X$.
    (RECONSTRUCTED) The Hessian is $X^\\top X + \\lambda I_d$: the penalty adds $\\lambda I_d$.
    ```
    """
    tags = note.facet(PROVENANCE).tags
    claims = [(i, tag) for i, tag in enumerate(tags) if tag.name == "LECTURER CLAIM"]
    corrected = {i for i, tag in claims if _corrected(note, tags, i)}
    corrected_in_4: list[int] = []  # offsets of claims of section 4 that were corrected there
    for i, tag in claims:
        if i in corrected and _in_section_4(note, tag.span.start):
            corrected_in_4.append(tag.span.start)
        if i in corrected or (corrected_in_4 and _recalls_correction(note, tag.span.start)):
            continue
        if corrected and _names_corrected_claim(note, tag.span.start):
            # "the factor of the corrected (LECTURER CLAIM)", "used only in the (LECTURER
            # CLAIM) correction of Section 3": a reference to a claim the note corrects
            continue
        ctx.report(
            tag.span.start, tag.span.end, "(LECTURER CLAIM) has no (RECONSTRUCTED) correction after it"
        )


def _corrected(note: Note, tags: list[Tag], i: int) -> bool:
    """Is the claim ``tags[i]`` followed by a (RECONSTRUCTED) tag in its section, before the
    next claim?"""
    limit = _section_end(note, tags[i].span.start)
    for later in tags[i + 1 :]:
        if later.span.start >= limit or later.name == "LECTURER CLAIM":
            return False
        if "RECONSTRUCTED" in later.name.split("/"):
            return True
    return False


def _in_section_4(note: Note, offset: int) -> bool:
    section = note.section_at(offset)
    return section is not None and section.key.split(".")[0] == "4"


def _names_corrected_claim(note: Note, offset: int) -> bool:
    """The words right before the tag call it the corrected claim ("see the corrected
    (LECTURER CLAIM)", "corrects the (LECTURER CLAIM)"): a reference to a claim corrected
    earlier, anywhere in the note."""
    words = data.load("provenance")["recall"]
    before = note.text[max(0, offset - 40) : offset]
    if re.search(words["names-corrected"], before, re.IGNORECASE) is not None:
        return True
    # "the (LECTURER CLAIM) in 4.B asserted …": the claim of section 4, named
    after = note.text[offset : offset + 80]
    tag_end = after.find(")") + 1
    return (
        re.search(words["noun-before"], before, re.IGNORECASE) is not None
        and re.match(words["points-at"], after[tag_end:], re.IGNORECASE) is not None
    )


def _recalls_correction(note: Note, offset: int) -> bool:
    """A claim outside section 4 (a pitfall of section 7) that points back to the derivation
    ("see 4.B", "Step 3", "(7)") and states the correction itself ("in fact", "is wrong")."""
    if _in_section_4(note, offset):
        return False
    words = data.load("provenance")["recall"]
    block = _block_text(note, offset)
    refers_back = re.search(words["refers-back"], block, re.IGNORECASE) is not None
    corrects = re.search(words["corrects"], block, re.IGNORECASE) is not None
    return refers_back and corrects


def _block_text(note: Note, offset: int) -> str:
    """The paragraph or list item holding ``offset`` (with the continuation lines of the item)."""
    for block in note.blocks:
        if block.span.start <= offset < block.span.end:
            return note.text[block.span.start : block.span.end]
    line_start = note.text.rfind("\n", 0, offset) + 1
    line_end = note.text.find("\n", offset)
    return note.text[line_start : len(note.text) if line_end < 0 else line_end]


def _section_end(note: Note, offset: int) -> int:
    section = note.section_at(offset)
    if section is None:
        return len(note.text)
    if section.is_subsection:
        parent = note.sections.get(section.key.split(".")[0])
        if parent is not None and parent.heading.span.start <= offset < parent.body.end:
            return parent.body.end
    return section.body.end
