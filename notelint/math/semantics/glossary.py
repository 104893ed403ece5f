"""The glossary: the one symbol table of a note (symbol → domain, shape, description, where it
is declared), built from section 2's entries, the declarations made in 4.A and by ``:=``
definitions (:func:`build`, the ``GLOSSARY`` facet).

The readers are split by concern: :mod:`notelint.math.semantics.glossary_entries` (section 2's
entries and their words), :mod:`notelint.math.semantics.declarations` (one declaration's math),
:mod:`notelint.math.semantics.text_declarations` (declarations in the text),
:mod:`notelint.math.semantics.sizes` (sizes the note fixes), with the types in
:mod:`notelint.math.semantics.symbol_table`.

Tables: :func:`glossary` (NL3xx, the language server), :func:`shape_table` (the same, or the
declarations anywhere in a note without a glossary, for the CAS), :func:`identity_table` (what
a 4.D identity declares, local to 4.D). For editors: :func:`symbol_at` gives the symbol under a
file offset with its declaration (hover: domain, shape, description; go-to-declaration:
``Declaration.span``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from notelint.note import Facet, MathSpan, Span

if TYPE_CHECKING:
    from notelint.note import Note, Section
from notelint.math.reading.atoms import parse_atoms, symbol_ref
from notelint.math.semantics.declarations import (
    applied_shape,
    parse_declaration,
)
from notelint.math.semantics.domain_shapes import domain_shape
from notelint.math.semantics.glossary_entries import (
    SET_BUILDER,
    entry_spans,
    read_entry,
    read_mentions,
)
from notelint.math.semantics.shape_algebra import Shape, function, matrix
from notelint.math.semantics.sizes import (
    equal_sizes,
    sizes_fixed_before,
)
from notelint.math.semantics.span_symbols import (
    occurrences,
    span_lines,
)
from notelint.math.semantics.symbol_table import (
    DEFINITION,
    DISTRIBUTION,
    MAP,
    SET,
    Declaration,
    SymbolTable,
    spaceless,
)
from notelint.math.semantics.text_declarations import (
    read_text_declarations,
)

# --------------------------------------------------------------------------------------------
# public API


def build(note: Note) -> SymbolTable:
    """Read the glossary; a note without one (see :func:`_follows_standard`) gets an empty
    table without reading the rest of its math, which keeps such notes cheap."""
    table = SymbolTable()
    section = note.sections.get("2")
    if section is None or not _follows_standard(note, section):
        return table
    body = section.body
    math = note.math_in(body)
    for entry in entry_spans(note.text, body, math):
        read_entry(note, entry, "2", table)
    table.has_glossary = any(not d.implicit for d in table.declarations)
    if not table.has_glossary:
        return table
    read_text_declarations(note, table)
    # (after the text's declarations: "every $\mu\in\Delta_2$" in section 3 is a member too)
    _elements_of_named_sets(table)
    read_mentions(note, section, table)
    table.same_sizes = equal_sizes(note, table)
    # implicit sizes only where nothing declares the symbol, once each
    explicit = {d.key for d in table.declarations if not d.implicit}
    seen: set[str] = set()
    kept = SymbolTable(
        has_glossary=table.has_glossary,
        same_sizes=table.same_sizes,
        operator_arguments=table.operator_arguments,
        operator_forms=table.operator_forms,
    )
    for d in table.declarations:
        if d.implicit and (d.key in explicit or d.key in seen):
            continue
        if d.implicit:
            seen.add(d.key)
        kept.add(d)
    return kept


#: ``\subseteq\mathbb{R}^{d}``: the domain of a set declared as a subset of another
_SUBSET_OF = re.compile(r"\\subset(?:eq)?(?![A-Za-z])\s*")


def _elements_of_named_sets(table: SymbolTable) -> None:
    r"""``$\mathcal{X}\subseteq\mathbb{R}^{d}$`` in one entry and ``$x\in\mathcal{X}$`` in
    another: ``x`` has the shape of the elements of the set ``\mathcal{X}`` lies in (as when
    both are written in one span, ``x\in\mathcal{X}\subseteq\mathbb{R}^d``). So does a set the
    note builds, ``\Delta^{m-1}=\{p\in\mathbb{R}^{1\times m}: …\}``: its definition wins over the
    shape the set's usual name has (a column simplex)."""
    elements: dict[str, Shape] = {}
    for d in table.declarations:
        if d.shape is not None or not d.domain:
            continue
        if d.domain_kind == SET and (m := _SUBSET_OF.match(d.domain)) is not None:
            space = d.domain[m.end() :]
        elif d.domain_kind == DEFINITION and (m := SET_BUILDER.match(d.domain)) is not None:
            space = m["space"]
        else:
            continue
        shape = domain_shape(parse_atoms(space)).shape
        # \mathbb{R}^{\mathcal{X}} (functions on a set) has no size the note could instantiate
        if shape is not None and shape.kind != "function" and not any("\\" in str(n) for n in shape.dims):
            elements.setdefault(spaceless(d.key), shape)
            if "^" in d.key:
                elements.setdefault(spaceless(d.key).split("^")[0] + "^", shape)  # the family
    if not elements:
        return
    for k, d in enumerate(table.declarations):
        if d.domain_kind != SET or d.implicit or not d.domain:
            continue
        shape = elements.get(spaceless(_set_key(d.domain) or d.domain))
        if shape is None and d.shape is not None and d.shape.kind == "vector":
            # \Delta^{2} beside the note's \Delta^{m-1} of row vectors: a member of the family,
            # with the size its own superscript gives and the family's orientation
            # (a set built under its bare name, \Delta^{1}=\{\rho\in\mathbb{R}^{1\times 2}:…\}, is
            # kept under \Delta)
            head = spaceless(d.domain).split("^")[0]
            family = (elements.get(head + "^") or elements.get(head)) if "^" in d.domain else None
            if family is not None and family.kind == "matrix" and str(family.dims[0]) == "1":
                shape = matrix("1", d.shape.dims[0])
        if shape is None or spaceless(d.key) in elements:
            continue
        table.declarations[k] = replace(d, shape=function(None, shape) if d.function_like else shape)
    rebuilt = list(table.declarations)
    table.declarations.clear()
    table.by_key.clear()
    table.by_base.clear()
    for d in rebuilt:
        table.add(d)


def _set_key(domain: str) -> str | None:
    r"""The key of a domain that is one named set (``\mathcal{X}``), else None."""
    atoms = parse_atoms(domain)
    if len(atoms) != 1 or atoms[0].sub is not None or atoms[0].sup is not None:
        return None
    ref = symbol_ref(atoms[0])
    return ref.key if ref is not None else None


_NUMBERED_2 = re.compile(r"^\s*(?:section\s+)?2(?:\s*[.):\-–—]|\s|$)", re.IGNORECASE)


def _follows_standard(note: Note, section: Section) -> bool:
    """Section 2 is the standard's glossary, not a textbook chapter's "Notation" heading: its
    heading is numbered (``## 2) Notation & Objects``, ``2.``, ``Section 2``) or the note has
    at least three of the standard's other numbered sections."""
    if _NUMBERED_2.match(section.heading.title):
        return True
    others = {s.key for s in note.section_list if not s.is_subsection and s.key != "2"}
    return len(others) >= 3


def _declarations_in(note: Note, spans: list[MathSpan], section: str) -> SymbolTable:
    """Declarations with a set, map or distribution made by ``spans`` (shapes only)."""
    found = SymbolTable()
    for m in spans:
        for line in span_lines(m):
            decl = parse_declaration([a for a in line if not a.is_op("&")], m.latex)
            if decl is None or decl.domain_kind not in (SET, MAP, DISTRIBUTION) or decl.shape.shape is None:
                continue
            for p in decl.parsed:
                found.add(
                    p.declaration(
                        m,
                        Span(m.start, m.end),
                        section,
                        decl.domain,
                        decl.domain_kind,
                        applied_shape(p, decl.shape.shape),
                    )
                )
    return found


def identity_table(note: Note, m: MathSpan, *, own: bool = True) -> SymbolTable:
    """The letters 4.D identities declare (``for $a\\in\\mathbb{R}^{m}$``), for math in 4.D
    only (RULES.md: local to the identities): those of ``m``'s own entry (``own=True``), or
    those of every entry of 4.D (``own=False``, the identities often share their letters)."""
    section = note.sections.get("4.D")
    if section is None or not (section.body.start <= m.start < section.body.end):
        return SymbolTable()
    math = note.math_in(section.body)
    if not own:
        return _declarations_in(note, math, "4.D")
    entry = next((e for e in entry_spans(note.text, section.body, math) if e.start <= m.start < e.end), None)
    if entry is None:
        return SymbolTable()
    return _declarations_in(note, [x for x in math if entry.start <= x.start < entry.end], "4.D")


def shape_table(note: Note) -> SymbolTable:
    """The symbols whose shapes the mathematics may use: the glossary when the note has one,
    else the declarations with a set, map or distribution the note makes anywhere in its math
    (``$X\\in\\mathbb{R}^{n\\times d}$`` in a textbook chapter). The CAS side reads shapes from
    here only; NL3xx read :func:`glossary`, which stays empty without a standard glossary."""
    table = glossary(note)
    if table.has_glossary:
        return table
    return note.facet(DECLARED_SHAPES)


def glossary(note: Note) -> SymbolTable:
    """The symbol table of a note, built once per note object (the ``GLOSSARY`` facet)."""
    return note.facet(GLOSSARY)


def fixed_sizes(note: Note, m: MathSpan) -> dict[str, str]:
    """Sizes a worked example fixes in its text before ``m`` (``Take $m=4$, …``, ``with $n = 2$``):
    they hold from there to the end of the innermost (sub)section, the last value winning.
    Shapes are then compared with the numbers substituted, so a real mismatch of the example
    (a ``3\\times 3`` matrix plus ``I_2``) is still found."""
    return sizes_fixed_before(note, glossary(note), m)


@dataclass(frozen=True)
class SymbolAt:
    """The symbol under an offset: where it is written, and its declaration if any."""

    key: str
    base: str
    span: Span
    role: str
    declaration: Declaration | None


def symbol_at(note: Note, offset: int) -> SymbolAt | None:
    """The symbol at a file offset (hover, go-to-declaration), resolved through the glossary."""
    table = glossary(note)
    for m in note.math:
        if not (m.content_start <= offset <= m.content_end):
            continue
        rel = offset - m.content_start
        found = list(occurrences(m))
        # The character at the cursor decides ("Xw" with the cursor on w is w); only when no
        # symbol starts there does a symbol that ends at the cursor count (cursor just after it).
        under = [o for o in found if o.start <= rel < o.end] or [o for o in found if o.end == rel]
        if under:
            occ = under[0]
            span = Span(m.content_start + occ.start, m.content_start + occ.end)
            decl = table.resolve(occ.key, occ.base)
            return SymbolAt(occ.key, occ.base, span, occ.role, decl)
    return None


__all__ = [
    "SymbolAt",
    "build",
    "fixed_sizes",
    "glossary",
    "identity_table",
    "shape_table",
    "symbol_at",
]


GLOSSARY: Facet[SymbolTable] = Facet("glossary", build, "The section-2 symbol table of the note.")
DECLARED_SHAPES: Facet[SymbolTable] = Facet(
    "declared-shapes",
    lambda note: _declarations_in(note, note.math, "text"),
    "Declarations with a set, map or distribution anywhere in the note's math (notes without a glossary).",
)
