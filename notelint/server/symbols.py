"""Hover and go-to-declaration for the server, on top of the glossary (``notelint.math.semantics.glossary``)
and NL506's step verdicts (``notelint.math.checking.derivation``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notelint.note import Note


@dataclass(frozen=True)
class SymbolInfo:
    key: str
    #: File offsets of the symbol under the cursor.
    start: int
    end: int
    #: Markdown for the hover.
    hover: str
    #: File offsets of the declaring symbol (None: not declared).
    declaration: tuple[int, int] | None


def symbol_info(note: Note, offset: int) -> SymbolInfo | None:
    """The symbol at a file offset inside math, with its declaration, or None."""
    from notelint.math.semantics.glossary import symbol_at

    try:
        found = symbol_at(note, offset)
    except Exception:  # a glossary bug must not break the editor: no hover
        return None
    if found is None:
        return None
    decl = found.declaration
    if decl is None:
        text = f"**${found.key}$** is not declared in section 2 (Notation & Objects)"
        return SymbolInfo(found.key, found.span.start, found.span.end, text, None)
    lines = [f"**${decl.key}$**" + (f" — {decl.description}" if decl.description else "")]
    lines.append("")
    lines.append(f"- domain: ${decl.domain}$" if decl.domain else "- domain: *not declared*")
    lines.append(f"- shape: {decl.shape.describe()}" if decl.shape is not None else "- shape: *not declared*")
    line, _ = note.index.position(decl.span.start)
    where = "section 2" if decl.section == "2" else f"section {decl.section}"
    lines.append(f"- declared in {where}, line {line}")
    return SymbolInfo(
        found.key, found.span.start, found.span.end, "\n".join(lines), (decl.span.start, decl.span.end)
    )


@dataclass(frozen=True)
class StepInfo:
    #: File offsets of the step's relation.
    start: int
    end: int
    #: Markdown for the hover.
    hover: str


def step_info(note: Note, offset: int) -> StepInfo | None:
    """NL506's verdict on the derivation step whose relation is at a file offset, with its
    premises, when the last lint computed it (None: not a step, or NL506 not run)."""
    from notelint.math.checking.derivation import computed_derivation

    found = computed_derivation(note)
    if found is None:
        return None
    step = next((s for s in found.steps if s.start <= offset <= s.end), None)
    if step is None:
        return None
    what = "Final result" if step.section == "4.E" else "Derivation step"
    premises = ", ".join(step.premises)
    if step.verdict == "follows":
        head = f"**{what}: follows**" + (f" from {premises}" if premises else f" ({step.message})")
        if step.wrong_citation:
            head += f" (not from {step.cites}, which it cites)"
    elif step.verdict == "fails":
        head = f"**{what}: does not follow** from {premises}"
    else:
        head = f"**{what}: not checked**" + (f" against {premises}" if premises else "")
    body = step.message if step.verdict != "follows" else ""
    return StepInfo(step.start, step.end, head + (f"\n\n{body}" if body else ""))
