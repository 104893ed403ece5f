"""Declarations made in the text outside section 2: in 4.A and by definitions anywhere
(``$H := X^\\top X$``, ``$\\sigma(z) = 1/(1+e^{-z})$`` in the note's own words).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.math.reading.atoms import is_relation
from notelint.math.semantics.domain_shapes import DomainShape
from notelint.note import Span

if TYPE_CHECKING:
    from notelint.note import Note
from notelint.math.semantics.declarations import (
    STRONG_DEFINE,
    ParsedDeclaration,
    applied_shape,
    array_of_entries,
    declared_symbols,
    parse_declaration,
)
from notelint.math.semantics.glossary_entries import (
    add_implicit_sizes,
)
from notelint.math.semantics.span_symbols import (
    span_lines,
)
from notelint.math.semantics.symbol_table import (
    DEFINITION,
    DISTRIBUTION,
    MAP,
    SET,
    SymbolTable,
)

# --------------------------------------------------------------------------------------------
# declarations in the text (4.A) and definitions anywhere


def read_text_declarations(note: Note, table: SymbolTable) -> None:
    sec_a = note.sections.get("4.A")
    glossary = note.sections.get("2")
    identities = note.sections.get("4.D")
    for m in note.math:
        if glossary is not None and glossary.body.start <= m.start < glossary.body.end:
            continue
        if identities is not None and identities.body.start <= m.start < identities.body.end:
            continue  # RULES.md: the letters of a 4.D identity are local to it
        section = note.section_at(m.start)
        key = section.key if section is not None else ""
        in_4a = sec_a is not None and sec_a.body.start <= m.start < sec_a.body.end
        for line in span_lines(m):
            line = [a for a in line if not a.is_op("&")]
            if not line:
                continue
            rel = next((k for k, a in enumerate(line) if is_relation(a)), None)
            strong = rel is not None and (
                line[rel].text in STRONG_DEFINE
                or (line[rel].is_op(":") and rel + 1 < len(line) and line[rel + 1].is_op("="))
            )
            colon_eq = next(
                (k for k in range(len(line) - 1) if line[k].is_op(":") and line[k + 1].is_op("=")), None
            )
            if colon_eq is not None and (rel is None or colon_eq < rel):
                rel, strong = colon_eq, True
            if not (in_4a or strong):
                # `$Z = XW_k \in \mathbb{R}^{n\times k}$`, `where $z \in \mathbb{R}^K$`: a
                # declaration with a domain, made in the text
                decl = parse_declaration(line, m.latex)
                if decl is None or decl.domain_kind not in (SET, MAP, DISTRIBUTION):
                    continue
                if not decl.shape.shape and decl.domain_kind == SET and not decl.domain:
                    continue
                for p in decl.parsed:
                    table.add(
                        p.declaration(
                            m,
                            Span(m.start, m.end),
                            key or "text",
                            decl.domain,
                            decl.domain_kind,
                            applied_shape(p, decl.shape.shape),
                            kind_hint=decl.shape.kind,
                            entrywise=p.entrywise or array_of_entries(decl.domain_atoms),
                        )
                    )
                if decl.parsed:
                    add_implicit_sizes(
                        table, m, decl.domain_atoms, decl.parsed[0].key, Span(m.start, m.end), key or "text"
                    )
                continue
            if in_4a:
                decl = parse_declaration(line, m.latex)
                if decl is None and rel is not None:
                    lhs = declared_symbols(line[:rel])
                    decl = ParsedDeclaration(lhs, None, DEFINITION, DomainShape(None), []) if lhs else None
            else:
                lhs = declared_symbols(line[:rel]) if rel else None
                decl = ParsedDeclaration(lhs, None, DEFINITION, DomainShape(None), []) if lhs else None
            if decl is None or (decl.domain_kind is None and not in_4a):
                continue
            if decl.domain_kind is None and decl.domain is None and in_4a and rel is None:
                continue  # a bare symbol in 4.A is a use, not a declaration
            for p in decl.parsed:
                table.add(
                    p.declaration(
                        m,
                        Span(m.start, m.end),
                        key or "text",
                        decl.domain,
                        decl.domain_kind or DEFINITION,
                        applied_shape(p, decl.shape.shape),
                        kind_hint=decl.shape.kind,
                        entrywise=p.entrywise or array_of_entries(decl.domain_atoms),
                    )
                )
