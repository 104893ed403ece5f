"""What the server needs for hover and go-to-declaration: the glossary and the symbol under the cursor.

``declarations(note)`` uses ``notelint.math.glossary`` when it provides the declarations;
otherwise a small reader of section 2 ("Notation & Objects") bullets of the form
``- $X \\in \\mathbb{R}^{n \\times d}$: design matrix`` stands in, so the server works either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note


@dataclass(frozen=True)
class Declaration:
    key: str
    #: The declared domain as LaTeX (``\mathbb{R}^{n \times d}``), or "" when none is given.
    domain: str
    #: The shape in words (``n × d``, ``d``, ``scalar``), or "" when unknown.
    shape: str
    description: str
    #: File offsets of the declaring math (what go-to-declaration jumps to).
    start: int
    end: int


def _from_glossary(note: Note) -> dict[str, Declaration] | None:
    """Adapter to the glossary module, if it is there and has a shape we understand."""
    try:
        from notelint.math import glossary  # type: ignore[attr-defined]
    except ImportError:
        return None
    build = getattr(glossary, "glossary_of", None) or getattr(glossary, "build_glossary", None) \
        or getattr(glossary, "glossary", None)
    if not callable(build):
        return None
    try:
        found: Any = build(note)
    except Exception:  # a glossary bug must not take hover down: fall back
        return None
    entries = getattr(found, "entries", found)
    if isinstance(entries, dict):
        entries = [e for v in entries.values() for e in (v if isinstance(v, list) else [v])]
    out: dict[str, Declaration] = {}
    try:
        for e in entries:
            key = getattr(e, "key", None) or getattr(e, "symbol", None)
            span = getattr(e, "span", None)
            start = getattr(span, "start", getattr(e, "start", None))
            end = getattr(span, "end", getattr(e, "end", None))
            if not isinstance(key, str) or not isinstance(start, int) or not isinstance(end, int):
                return None
            domain = getattr(e, "domain", "") or ""
            shape = getattr(e, "shape", "") or ""
            out.setdefault(key, Declaration(key, domain if isinstance(domain, str) else str(domain),
                                            shape if isinstance(shape, str) else str(shape),
                                            str(getattr(e, "description", "") or ""), start, end))
    except TypeError:
        return None
    return out


_RELATION = re.compile(r"\\in\b|\\sim\b|\\ge(?:q)?\b|\\le(?:q)?\b|:|>|<")
_SET_POWER = re.compile(r"\\mathbb\{[RCNZ]\}\s*(?:\^\s*(\{(?P<braced>[^{}]*)\}|(?P<single>\S)))?\s*$")


def _shape(domain: str) -> str:
    m = _SET_POWER.match(domain.strip())
    if m is None:
        return ""
    power = m.group("braced") or m.group("single")
    if not power:
        return "scalar"
    parts = [p.strip() for p in re.split(r"\\times", power)]
    return " × ".join(parts)


def _fallback(note: Note) -> dict[str, Declaration]:
    from notelint.math.symbols import USE, extract_latex

    section = note.sections.get("2")
    if section is None:
        return {}
    out: dict[str, Declaration] = {}
    seen_lines: set[int] = set()
    for math in note.math_in(section.body):
        line, _ = note.index.position(math.start)
        if line in seen_lines:
            continue  # only the first math of a bullet declares
        seen_lines.add(line)
        m = _RELATION.search(math.latex)
        left = math.latex[: m.start()] if m else math.latex
        domain = math.latex[m.end():].strip() if m and m.group() == "\\in" else ""
        rest = note.index.line_text(line)
        _, col = note.index.position(math.end)
        description = rest[col - 1:].lstrip(" :—-–").strip()
        try:
            occurrences = extract_latex(left).occurrences
        except Exception:
            continue
        for occ in occurrences:
            if occ.role == USE:
                out.setdefault(occ.key, Declaration(occ.key, domain, _shape(domain), description,
                                                    math.start, math.end))
    return out


def declarations(note: Note) -> dict[str, Declaration]:
    found = _from_glossary(note)
    return found if found is not None else _fallback(note)


def _math_at(note: Note, offset: int) -> MathSpan | None:
    for math in note.math:
        if math.content_start <= offset <= math.content_end:
            return math
    return None


def symbol_at(note: Note, offset: int) -> tuple[str, int, int] | None:
    """The symbol key under ``offset`` (inside math) with its file span, or None."""
    from notelint.math.symbols import extract_latex

    math = _math_at(note, offset)
    if math is None:
        return None
    try:
        occurrences = extract_latex(math.latex).occurrences
    except Exception:
        return None
    local = offset - math.content_start
    for occ in occurrences:
        if occ.start <= local <= occ.end and occ.end > occ.start:
            return occ.key, math.content_start + occ.start, math.content_start + occ.end
    return None


def lookup(decls: dict[str, Declaration], key: str) -> Declaration | None:
    if key in decls:
        return decls[key]
    # \hat{w}, w^\star: fall back to the base symbol
    m = re.match(r"\\(?:hat|tilde|bar|mathbf|boldsymbol|vec)\{(.+)\}$", key)
    return decls.get(m.group(1)) if m else None


def hover_markdown(decl: Declaration) -> str:
    lines = [f"**${decl.key}$**" + (f" — {decl.description}" if decl.description else "")]
    lines.append("")
    lines.append(f"- domain: ${decl.domain}$" if decl.domain else "- domain: *not declared*")
    lines.append(f"- shape: {decl.shape}" if decl.shape else "- shape: *not declared*")
    return "\n".join(lines)
