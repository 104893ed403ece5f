"""The entries of section 2 (the glossary) and what their words say.

Forms read (RULES.md NL302, the prompt's section 2):

* ``$X\\in\\mathbb{R}^{n\\times d}$: design matrix`` (also ``\\mathbb{R}^{n,d}``, ``\\mathbb{R}^d``,
  ``\\mathbb{R}^{d}``, ``\\{0,1\\}^n``, ``[0,1]^d``, ``\\Delta^{K-1}``, ``\\mathbb{S}^d_{++}``);
* several symbols in one span (``$n, d\\in\\mathbb{N}$``) or one entry
  (``$w\\in\\mathbb{R}^d$, $b\\in\\mathbb{R}$: model parameters``);
* bounds, distributions, maps and definitions (:mod:`notelint.math.semantics.declarations`);
* an alternative domain (``$y\\in\\mathbb{R}^n$ or $\\{0,1\\}^n$``) and a domain in the text
  (``$X$: the design matrix in $\\mathbb{R}^{n\\times d}$``), a kind or domain in words
  (``vector``, ``positive integer``, ``$d$-dimensional``);
* Markdown tables (``| $X$ | $\\mathbb{R}^{n\\times d}$ | design matrix |``) and prose entries
  (``- The design matrix $X\\in\\mathbb{R}^{n\\times d}$.``);
* symbols named in passing in section 2 (``rows $x_i^\\top$``).

The sizes in a declared shape (``n`` and ``d`` of ``X\\in\\mathbb{R}^{n\\times d}``) are declared
implicitly as sizes, as the prompt's own example glossary does. Regexes here read prose
(the words of an entry), never LaTeX.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint import data
from notelint.math.reading.atoms import Atom, canonical
from notelint.math.reading.lexicon import lexicon
from notelint.math.semantics.domain_shapes import DomainShape, dims_shape, domain_shape
from notelint.math.semantics.occurrences import USE, Occurrence, extract
from notelint.math.semantics.shape_algebra import (
    SCALAR,
    Shape,
    function,
    matrix,
    norm_dim,
    vector,
)
from notelint.note import MathSpan, Span

if TYPE_CHECKING:
    from notelint.note import Note, Section
from notelint.math.semantics.declarations import (
    MAP_ARROWS,
    ParsedDeclaration,
    applied_shape,
    array_of_entries,
    parse_declaration,
)
from notelint.math.semantics.span_symbols import (
    extraction,
    math_atoms,
)
from notelint.math.semantics.symbol_table import (
    BOUND,
    DEFINITION,
    DISTRIBUTION,
    MAP,
    SET,
    SHAPE,
    WORDS,
    Declaration,
    SymbolTable,
    spaceless,
)

_WORDS = data.load("math_prose")["glossary"]
#: "$d$-dimensional" right after a math span: the words that make the span's size a vector's
_DIMENSIONAL = re.compile(r"\s*-?\s*dimensional\b")
#: a math span stands for the whole math of a description where clauses are read
#: (U+FFFC, the object replacement character: never a word, never a space)
_MATH_MARK = "\ufffc"
#: a kind and a domain in an entry's words (``data/math_prose.toml``: "design matrix", "learning rate")
_KIND_WORDS = re.compile(r"\b(" + "|".join(_WORDS["kinds"]) + r")\b", re.IGNORECASE)
_DOMAIN_WORDS = re.compile(r"\b(" + "|".join(_WORDS["domains"]) + r")\b", re.IGNORECASE)

#: "finite state and action sets", "input space", "finite hypothesis class": the symbol is itself a set, which is its
#: domain in words (a clause that starts "a point of …" is cut before "space" by _first_clause)
_SET_NOUN = re.compile(r"\b(?:sets?|spaces?|class(?:es)?|famil(?:y|ies)|collections?)\s*$", re.IGNORECASE)
#: "a tree node", "a vertex": an element of a graph, the head noun of the first clause
_ELEMENT_NOUN = re.compile(r"\b(?:" + "|".join(_WORDS["element_nouns"]) + r")\s*$", re.IGNORECASE)
#: "generic matrices of compatible shapes": the entry says any shape is its shape (data/math_prose.toml)
_ANY_SHAPE = re.compile(r"\b(?:" + "|".join(_WORDS["any_shape"]) + r")\b", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# entries of section 2

_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d+[.)]|\|)[ \t]")


def entry_spans(text: str, body: Span, math: list[MathSpan]) -> list[Span]:
    """Split a section body into entries: lines, list items (with their indented
    continuation lines) and table rows."""
    starts: list[int] = []
    pos = body.start
    prev_blank = True
    while pos < body.end:
        nl = text.find("\n", pos, body.end)
        line_end = body.end if nl < 0 else nl
        line = text[pos:line_end]
        inside_math = any(m.start < pos < m.end for m in math)
        if line.strip() and not inside_math:
            indented = line[:1] in (" ", "\t")
            if not starts or prev_blank or not indented or _BULLET.match(line):
                starts.append(pos)
        prev_blank = not line.strip()
        pos = line_end + 1
    spans = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else body.end
        while e > s and text[e - 1] in "\n\r \t":
            e -= 1
        spans.append(Span(s, e))
    return spans


#: after a relation in a description: it illustrates how an operator is defined, its letters
#: placeholders (``$A\preceq B$ iff $B-A\succeq 0$``)
_DEFINES_THE_RELATION = re.compile(r"\s*(?:iff\b|if and only if\b|means\b|exactly when\b)", re.IGNORECASE)
_HEAD_LEAD = re.compile(r"^[\s\-*+|>#_\d.)(\[\]]*(?:\*\*)?[\s|]*$")
_HEAD_JOIN = re.compile(r"^[\s,;/]*(?:\b(?:and|or)\b)?[\s,;/]*$")
#: "… for $u,v\in\mathbb{R}^n$", "for all $x$": the words before a quantified variable
_QUANTIFIED = re.compile(r"\bfor(?:\s+(?:all|any|every|each))?\s*$", re.IGNORECASE)


#: ``=\{p\in\mathbb{R}^{1\times m}: …\}``: a set built from the elements of a space
SET_BUILDER = re.compile(
    r"=\s*\\\{\s*(?:\\[A-Za-z]+|[A-Za-z])(?:_\{?\w+\}?)?\s*\\in\s*(?P<space>.+?)\s*(?::|\\mid|\|)"
)


def read_entry(note: Note, entry: Span, section: str, table: SymbolTable) -> None:
    text = note.text
    spans = [m for m in note.math if entry.start <= m.start and m.end <= entry.end]
    if not spans:
        return
    for m in spans:
        _record_operator_form(table, m.latex)
    heads: list[MathSpan] = []
    cursor = entry.start
    prose_first = False
    for k, m in enumerate(spans):
        between = text[cursor : m.start]
        if k == 0:
            if not _HEAD_LEAD.match(between):
                prose_first = True
                break
        elif not _HEAD_JOIN.match(between):
            break
        heads.append(m)
        cursor = m.end
    desc_start = heads[-1].end if heads else entry.start
    description = _clean_description(text[desc_start : entry.end])
    parsed_spans: list[tuple[MathSpan, ParsedDeclaration]] = []
    candidates = spans if prose_first else heads
    earlier_domain = False  # whether a declaration before this one had a domain (kept running: linear)
    for m in candidates:
        decl = parse_declaration(math_atoms(m), m.latex)
        if decl is None:
            continue
        if prose_first and decl.domain is None and len(spans) > 1 and earlier_domain:
            continue
        parsed_spans.append((m, decl))
        earlier_domain = earlier_domain or bool(decl.domain)
    second_entries: set[int] = set()
    if not prose_first:
        # a declaration inside the description: `design matrix; rows $x_i\in\mathbb{R}^d$`
        for m in spans[len(heads) :]:
            decl = parse_declaration(math_atoms(m), m.latex)
            if decl is not None and not decl.domain and _second_entry(text, entry.start, m):
                # "…; $p(\cdot\mid\cdot)$: conditional density": a second entry on the line (not
                # "…; $V_0$: the initial one" of a declared family, "$\rho''$" of a declared map)
                heads_here = {h.key for _, parsed in parsed_spans for h in parsed.parsed}
                known = lexicon().known_symbols  # "…; $e$: Euler's number": no symbol of the note
                if not any(
                    d.key.rstrip("'") in heads_here
                    or d.base in heads_here
                    or d.key in known
                    or table.resolve(d.key.rstrip("'"), d.base)
                    for d in decl.parsed
                ):
                    parsed_spans.append((m, decl))
                    # declared in passing: its missing domain is the entry's business (NL302
                    # reports the entries the glossary gives a line of their own)
                    second_entries.add(id(m))
                continue
            if decl is None or not decl.domain:
                continue
            # "a row vector in the simplex $\Delta_2=\{\mu\in\mathbb{R}^{1\times 2}: …\}$": a set it builds
            if decl.domain_kind not in (SET, DISTRIBUTION, MAP, BOUND) and not (
                decl.domain_kind == DEFINITION and SET_BUILDER.match(decl.domain)
            ):
                continue
            if _DEFINES_THE_RELATION.match(text, m.end):
                continue  # "$\preceq$: Loewner order ($A\preceq B$ iff …)": placeholders of a definition
            if _QUANTIFIED.search(text, entry.start, m.start) and any("=" in h.latex for h in heads):
                # "$\langle u,v\rangle_W=u^\top Wv$ for $u,v\in\mathbb{R}^n$": the arguments of
                # the operator the head defines, local to this entry (u is another entry's vector)
                _record_operator_arguments(table, heads, decl)
                continue
            parsed_spans.append((m, decl))
    if not parsed_spans:
        return
    # a domain written after the head (`or $\{0,1\}^n$`, `in $\mathbb{R}^{n\times d}$`, a table cell)
    extra_domain: tuple[MathSpan, list[Atom], str, DomainShape] | None = None
    if not prose_first:
        for m in spans[len(heads) :]:
            atoms = math_atoms(m)
            if len(atoms) > 1 and atoms[0].is_macro("in"):
                # a table's domain cell `$\in(0,N_h]$, scalars`: the set, the name left to its row
                atoms = atoms[1:]
            ds = domain_shape(atoms)
            if ds.shape is not None or ds.kind is not None:
                extra_domain = (m, atoms, SET, ds)
                break
            arrow = next((k for k, a in enumerate(atoms) if a.is_macro(*MAP_ARROWS)), None)
            if arrow is not None and arrow > 0:
                # a table's domain cell `$\mathbb{R}\to\mathbb{R}$`: the map's sets, without its name
                dom, cod = domain_shape(atoms[:arrow]), domain_shape(atoms[arrow + 1 :])
                if dom.shape is not None and cod.shape is not None:
                    extra_domain = (m, atoms, MAP, DomainShape(function(dom.shape, cod.shape)))
                    break
            sized = dims_shape(atoms)
            if sized is not None and any(a.is_macro("times") for a in atoms):
                # `$X$ ($n \times d$): design matrix`: the shape as sizes
                extra_domain = (m, atoms, SHAPE, DomainShape(sized))
                break
    kind_hint = None
    # the description's words, each math span (in the note's delimiters) marked
    clause = _first_clause(_clean_description(note.without_math(desc_start, entry.end, _MATH_MARK)))
    km = _KIND_WORDS.search(clause)
    if km:
        word = km.group(1).lower()
        kind_hint = "matrix" if word.startswith("matri") else word.rstrip("s")
        if _ANY_SHAPE.search(description):
            kind_hint = None  # "generic matrices of compatible shapes": any shape is the shape
    words_domain = (
        bool(_DOMAIN_WORDS.search(description))
        or bool(_SET_NOUN.search(clause))
        or bool(_ELEMENT_NOUN.search(clause))
    )
    # `shape $2\times 1$`, `of size $n\times d$`: the sizes named as the shape in words
    stated_shape = None
    if extra_domain is not None and extra_domain[2] == SHAPE:
        em = extra_domain[0]
        if _SHAPE_WORDS.search(note.text[max(desc_start, em.start - 30) : em.start]):
            stated_shape = extra_domain[3].shape
    # `weights ($d$-dimensional)`: a vector of size d in words
    size = _dimensional_size(text, [m for m in spans if m.start >= desc_start])
    words_shape = vector(size) if size is not None else None
    for m, decl in parsed_spans:
        domain, domain_kind, dshape, datoms = decl.domain, decl.domain_kind, decl.shape, decl.domain_atoms
        if domain is None and extra_domain is not None:
            em, eatoms, domain_kind, dshape = extra_domain
            domain, datoms = em.latex.strip(), eatoms
            dspan_math = em
        else:
            dspan_math = m
        if domain is None and words_domain:
            domain_kind = WORDS
        for p in decl.parsed:
            shape = applied_shape(p, dshape.shape)
            if shape is None and stated_shape is not None:
                # "$\theta_0\in\Theta$: true parameter, shape $2\times 1$": a set that gives no
                # shape, the shape stated in words
                shape = applied_shape(p, stated_shape)
            if shape is None and domain_kind == WORDS and words_shape is not None:
                shape = words_shape
            identity = _IDENTITY_NAME.fullmatch(p.key) if shape is None else None
            if identity is not None and _IDENTITY_WORDS.search(clause):
                # "$I_p, I_q$: identity matrices": I_p is p×p
                shape = matrix(identity.group(1), identity.group(1))
            if shape is None and domain_kind == DISTRIBUTION and extra_domain is not None:
                # `$\mathbf{X}\sim\mathcal{N}(\mu,\Sigma)$: a random vector in $\mathbb{R}^{d}$`:
                # the law is the domain, the set after it gives the shape
                if extra_domain[2] == SET:
                    shape = applied_shape(p, extra_domain[3].shape)
            # (the words say what the heads are: "$s'\in\mathcal{S}$" in the words of a
            # "transition matrix" is no matrix)
            described = prose_first or any(m is h for h in heads)
            hint = dshape.kind or (kind_hint if shape is None and described else None)
            table.add(
                p.declaration(
                    m,
                    entry,
                    section,
                    domain,
                    domain_kind,
                    shape,
                    kind_hint=hint,
                    description=description,
                    in_prose=(prose_first or id(m) in second_entries) and decl.domain is None,
                    entrywise=p.entrywise or array_of_entries(datoms),
                )
            )
        # the sizes a shape names are declared implicitly
        if datoms and domain_kind in (SET, MAP, DISTRIBUTION, SHAPE):
            add_implicit_sizes(
                table, dspan_math, datoms, decl.parsed[0].key if decl.parsed else "", entry, section
            )


#: the words right before a span of sizes that name it the shape ("shape $2\times 1$")
_SHAPE_WORDS = re.compile(r"\b(?:shape|size|dimensions?)\s*(?:is\s*|of\s*|:\s*|=\s*)?$", re.IGNORECASE)
#: an identity matrix's name, with its size as the subscript (``I_p``, ``I_{d}``)
_IDENTITY_NAME = re.compile(r"I_\{?([A-Za-z0-9]+)\}?")
_IDENTITY_WORDS = re.compile(r"\bidentit(?:y|ies)\b", re.IGNORECASE)


def _second_entry(text: str, entry_start: int, m: MathSpan) -> bool:
    """``m`` starts another entry on its line ("…; $p(\\cdot\\mid\\cdot)$: conditional density")."""
    return text[entry_start : m.start].rstrip(" \t").endswith(";") and text[m.end : m.end + 1] == ":"


def _record_operator_arguments(table: SymbolTable, heads: list[MathSpan], decl: ParsedDeclaration) -> None:
    """The shapes an entry gives the arguments of the operators its heads define, kept under
    each definition's left side (``\\langle u,v\\rangle_W``, ``\\|u\\|_W``)."""
    shapes = {p.key: applied_shape(p, decl.shape.shape) for p in decl.parsed}
    for head in heads:
        left, equals, _ = head.latex.partition("=")
        if equals and left.strip():
            table.operator_arguments.setdefault(spaceless(left), {}).update(shapes)


#: an inner product or a norm the glossary defines, its arguments single symbols (spaceless):
#: ``\langleu,u'\rangle_W=``, ``\|u\|_W=``
_OPERATOR_FORM = re.compile(
    r"(?P<open>\\langle|\\\|)(?P<args>[A-Za-z]'?(?:,[A-Za-z]'?)?)(?P<close>\\rangle|\\\|)(?P<sub>_\{?\w+\}?)?="
)


def _record_operator_form(table: SymbolTable, latex: str) -> None:
    """Remember an operator a glossary span defines with argument letters, as a pattern that
    any letters fill (section 1's ``\\langle u,v\\rangle_W`` restates ``\\langle u,u'\\rangle_W``)."""
    m = _OPERATOR_FORM.match(spaceless(latex))
    if m is None or (m["open"] == "\\langle") != (m["close"] == "\\rangle"):
        return
    keys = tuple(m["args"].split(","))
    slot = r"([A-Za-z]'?)"
    pattern = (
        re.escape(m["open"])
        + ",".join([slot] * len(keys))
        + re.escape(m["close"])
        + re.escape(m["sub"] or "")
        + "="
    )
    table.operator_forms.setdefault(pattern, keys)


def occurrence_declaration(
    m: MathSpan,
    occ: Occurrence,
    entry: Span,
    section: str,
    *,
    domain: str | None = None,
    domain_kind: str | None = None,
    shape: Shape | None = None,
    description: str = "",
    in_prose: bool = False,
    implicit: bool = False,
    mentioned: bool = False,
) -> Declaration:
    """A symbol the table learns from one occurrence in ``m`` (a size a shape names, a symbol
    section 2 mentions in passing): the one way an occurrence becomes a table entry, as
    :meth:`DeclaredSymbol.declaration` is for a declared symbol."""
    return Declaration(
        key=occ.key,
        base=occ.base,
        span=Span(m.content_start + occ.start, m.content_start + occ.end),
        entry=entry,
        domain=domain,
        domain_kind=domain_kind,
        shape=shape,
        description=description,
        section=section,
        in_prose=in_prose,
        implicit=implicit,
        mentioned=mentioned,
    )


def add_implicit_sizes(
    table: SymbolTable, m: MathSpan, atoms: list[Atom], owner: str, entry: Span, section: str
) -> None:
    for a in atoms:
        scripts = [s for s in (a.sup, a.sub) if s is not None]
        if a.kind == "group":
            scripts.append(a.inner)
        for script in scripts:
            for occ in extract(script).occurrences:
                if occ.key in lexicon().font_names:
                    continue
                table.add(
                    occurrence_declaration(
                        m,
                        occ,
                        entry,
                        section,
                        domain="\\mathbb{N}",
                        domain_kind=SET,
                        shape=SCALAR,
                        description=f"a size in the shape of ${owner}$",
                        implicit=True,
                    )
                )
        if a.args:
            for arg in a.args:
                add_implicit_sizes(table, m, arg, owner, entry, section)


def _first_clause(text: str) -> str:
    """``design matrix`` of ``design matrix; each row is a feature vector``; ``is the input
    space`` of ``is the input space and $x\\in\\mathcal{X}$ a query input`` (a prose glossary
    declares the next symbol after "and"). ``text`` has each math span as :data:`_MATH_MARK`."""
    text = re.split(r"\s+and\s+(?=" + _MATH_MARK + ")", text, maxsplit=1)[0]
    text = text.replace(_MATH_MARK, " ")
    return re.split(
        r"[;,(.:]|\s(?:of|for|with|where|that|which|in|into|onto|to|on|from|whose|per|over|at|by|containing)\s",
        text,
        maxsplit=1,
    )[0]


def _dimensional_size(text: str, spans: list[MathSpan]) -> str | None:
    """The size of "$d$-dimensional" (``d``, ``d_k``, ``n+1``): the first math span followed by
    the word whose atoms are a size (letters, digits, ``+``/``-``, with indices), canonically
    spelt; None when there is none."""
    for m in spans:
        if not _DIMENSIONAL.match(text, m.end):
            continue
        written = m.latex.strip()
        if 0 < len(written) <= 12 and all(_size_part(a) for a in math_atoms(m)):
            return norm_dim(written)
    return None


def _size_part(a: Atom) -> bool:
    """A piece of a size: a letter, digit or bare macro (``\\ell``) with at most an index, or
    ``+``/``-``."""
    if a.is_op("+", "-"):
        return a.sub is None and a.sup is None
    plain = a.kind in ("letter", "digit") or (a.kind == "macro" and not a.args)
    return plain and a.sup is None and not a.primes and all(_size_part(b) for b in a.sub or [])


def _clean_description(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"^(?:[:—–|,;-]|\*\*|__|\*|_)\s*", "", text).strip()
    return text.rstrip("|").strip()


def read_mentions(note: Note, section: Section, table: SymbolTable) -> None:
    """Symbols section 2 names in passing (``rows $x_i^\\top$``) are introduced by it: they
    count as declared (not reported by NL301), without a domain of their own."""
    declared = {canonical(d.key) for d in table.declarations} | {
        canonical(d.base) for d in table.declarations
    }
    for m in note.math_in(section.body):
        for occ in extraction(m).occurrences:
            if occ.role != USE or canonical(occ.base) in declared or canonical(occ.key) in declared:
                continue
            declared.add(canonical(occ.key))
            entry = next(
                (
                    e
                    for e in entry_spans(note.text, section.body, note.math_in(section.body))
                    if e.start <= m.start < e.end
                ),
                Span(m.start, m.end),
            )
            table.add(
                occurrence_declaration(
                    m,
                    occ,
                    entry,
                    "2",
                    description=_clean_description(note.text[entry.start : entry.end]),
                    in_prose=True,
                    mentioned=True,
                )
            )
