from __future__ import annotations

import re

from notelint.diagnostic import Edit, Fix
from notelint.facets import EQUATIONS
from notelint.note import Note
from notelint.parse.equations import Reference, renumbering
from notelint.rule import RuleContext, rule


@rule(
    code="NL209",
    name="equation-number-sequence",
    fixable=True,
    summary="equation numbers are not 1, 2, 3, … in order of appearance",
    facets=("equations",),
)
def equation_number_sequence(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that hand-written equation numbers (`\\tag{k}`, `Equation (k):`) run 1, 2, 3, …
    in order of appearance. The finding is at each number that is out of sequence.
    Notes that mix hand-written tags with automatic numbering, use non-integer tags
    (`\\tag{3a}`, `\\tag{2.1}`) or repeat a number (NL202) are not judged.

    The fix renumbers the equations 1, 2, 3, … in order and rewrites every reference to
    them — `(7)`, `Eq. (7)`, `Equation (7)` — to match. A range `(1)–(3)` keeps naming the
    same equations (its ends are rewritten to the new first and last); when renumbering would
    split a range, no fix is offered. References to numbers that do not exist (NL203) are
    left as they are.

    ## Why is this bad?
    Out-of-order numbers make a derivation hard to follow and are a sign that steps were
    inserted or moved without renumbering.

    ## Example
    ```markdown
    $$ J(w) = \\tfrac12\\|Xw-y\\|^2 \\tag{1} $$
    $$ \\nabla J(w) = X^\\top(Xw-y) \\tag{3} $$
    Setting (3) to zero…
    ```

    Use instead:
    ```markdown
    $$ J(w) = \\tfrac12\\|Xw-y\\|^2 \\tag{1} $$
    $$ \\nabla J(w) = X^\\top(Xw-y) \\tag{2} $$
    Setting (2) to zero…
    ```
    """
    mapping = renumbering(note.facet(EQUATIONS))
    if mapping is None or all(old == new for old, new in mapping.items()):
        return
    edits: list[Edit] = []
    for eq in note.facet(EQUATIONS).equations:
        if eq.numbering in ("tag", "heading") and eq.number_span is not None and eq.number in mapping:
            if mapping[eq.number] != eq.number:
                edits.append(Edit(eq.number_span.start, eq.number_span.end, mapping[eq.number]))
    refs = [r for r in note.facet(EQUATIONS).references if r.kind == "number" and r.target in mapping]
    fixable = True
    i = 0
    while i < len(refs):
        ref = refs[i]
        after = refs[i + 1] if i + 1 < len(refs) else None
        if after is not None and is_range(note.text, ref, after):
            # "(1)–(3)" names every equation from 1 to 3: renumbered, they must still be a run.
            members = _members(ref.target, after.target, mapping)
            if members is None:
                fixable = False
                break
            if members:
                low, high = str(min(members)), str(max(members))
                if low != ref.target:
                    edits.append(Edit(ref.target_span.start, ref.target_span.end, low))
                if high != after.target:
                    edits.append(Edit(after.target_span.start, after.target_span.end, high))
            i += 2
            continue
        if mapping[ref.target] != ref.target:
            edits.append(Edit(ref.target_span.start, ref.target_span.end, mapping[ref.target]))
        i += 1
    fix = (
        Fix(
            tuple(sorted(set(edits), key=lambda e: e.start)),
            title="renumber equations 1, 2, 3, … and their references",
        )
        if fixable
        else None
    )
    expected = 1
    for eq in note.facet(EQUATIONS).equations:
        if eq.numbering not in ("tag", "heading") or eq.number_span is None:
            continue
        if eq.number != str(expected):
            ctx.report(
                eq.number_span.start,
                eq.number_span.end,
                f"equation number ({eq.number}) is out of sequence: expected ({expected})",
                fix,
            )
        expected += 1


#: What joins the two ends of a range of references: "(1)–(3)", "(1) to (3)", "(1) through (3)".
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|through)\s*")


def is_range(text: str, first: Reference, last: Reference) -> bool:
    """Whether two references are the ends of a range, "(1)–(3)": joined by a dash, "to" or
    "through", with the first number below the last ("(4)–(1)" is two references)."""
    return (
        bool(_RANGE_JOIN.fullmatch(text[first.span.end : last.span.start]))
        and first.target.isdigit()
        and last.target.isdigit()
        and int(first.target) < int(last.target)
    )


def _members(first: str, last: str, mapping: dict[str, str]) -> list[int] | None:
    """New numbers of the equations of the range first..last, if they still form a run
    (numbers of the range that no equation carries are not members)."""
    olds = [str(n) for n in range(int(first), int(last) + 1) if str(n) in mapping]
    if not olds:
        return []  # it names no equation (NL203's business): left as written
    news = sorted(int(mapping[old]) for old in olds)
    return news if news == list(range(news[0], news[0] + len(news))) else None
