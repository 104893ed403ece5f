"""The glossary: section 2's declarations as a symbol table (symbol → domain, shape, description,
where it is declared), plus the declarations a note makes in 4.A and by ``:=`` definitions.

Forms read (RULES.md NL302, the prompt's section 2):

* ``$X\\in\\mathbb{R}^{n\\times d}$: design matrix`` (also ``\\mathbb{R}^{n,d}``, ``\\mathbb{R}^d``,
  ``\\mathbb{R}^{d}``, ``\\{0,1\\}^n``, ``[0,1]^d``, ``\\Delta^{K-1}``, ``\\mathbb{S}^d_{++}``);
* several symbols in one span (``$n, d\\in\\mathbb{N}$``) or one entry
  (``$w\\in\\mathbb{R}^d$, $b\\in\\mathbb{R}$: model parameters``);
* bounds (``$\\lambda \\ge 0$``), distributions (``$\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2)$``),
  maps (``$f:\\mathbb{R}^d\\to\\mathbb{R}$``), definitions (``$\\sigma(z) = 1/(1+e^{-z})$``);
* an alternative domain (``$y\\in\\mathbb{R}^n$ or $\\{0,1\\}^n$``) and a domain in the text
  (``$X$: the design matrix in $\\mathbb{R}^{n\\times d}$``);
* Markdown tables (``| $X$ | $\\mathbb{R}^{n\\times d}$ | design matrix |``) and prose entries
  (``- The design matrix $X\\in\\mathbb{R}^{n\\times d}$.``).

The sizes in a declared shape (``n`` and ``d`` of ``X\\in\\mathbb{R}^{n\\times d}``) are declared
implicitly as sizes, as the prompt's own example glossary does.

For editors: :func:`glossary` gives the (cached) :class:`SymbolTable` of a note, and
:func:`symbol_at` the symbol under a file offset with its declaration (hover: domain, shape,
description; go-to-declaration: ``Declaration.span``).

Size: over 600 lines because the entry reader of section 2, the declarations in the text and
the shape tables share the declaration parser; the intended split (issue 15, not done yet) is
``symbols/declarations.py`` (parse_declaration), ``symbols/glossary.py`` (section 2) and
``symbols/tables.py`` (shape_table, identity_table, fixed_sizes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.shapes import (
    SCALAR,
    DomainShape,
    Shape,
    ShapeEnv,
    _script_text,
    dims_shape,
    domain_shape,
    function,
    matrix,
    norm_dim,
    rename_dims,
    vector,
)
from notelint.math.semantics.symbols import (
    USE,
    Atom,
    Extraction,
    Occurrence,
    canonical,
    extract,
    is_relation,
    lexicon,
    plain_text,
    symbol_ref,
)
from notelint.note import Facet, MathSpan, Span

if TYPE_CHECKING:
    from notelint.note import Note, Section

#: Domain kinds.
SET = "set"  # \in S
BOUND = "bound"  # \ge 0, > 0, \succ 0
DISTRIBUTION = "distribution"  # \sim \mathcal{N}(…)
MAP = "map"  # f: A \to B
DEFINITION = "definition"  # = …, := …
WORDS = "words"  # "positive integer" in the description
SHAPE = "shape"  # sizes only: `$X$ ($n \times d$)`

_VOCABULARY = vocabulary()
_BOUND_RELATIONS = _VOCABULARY.names("inequality", "order")
_DEFINE_RELATIONS = _VOCABULARY.names("equality", "definition")
_STRONG_DEFINE = frozenset(n for n, r in _VOCABULARY.relations.items() if r.strong)
_MAP_ARROWS = _VOCABULARY.names("map")
_DIMENSIONAL = re.compile(r"\$\s*([A-Za-z0-9_{}\\+\- ]{1,12}?)\s*\$\s*-?\s*dimensional\b")
_KIND_WORDS = re.compile(r"\b(scalar|vector|matrix|matrices|tensor|vectors|tensors)\b", re.IGNORECASE)
_DOMAIN_WORDS = re.compile(
    r"\b(integer|integers|natural number|real number|real-valued|real|positive|nonnegative|"
    r"non-negative|probability|index|count|number of|boolean|binary|in \(0|in \[0|scalar|"
    r"distribution|density|set of|indicator|dimension|dimensional|size|step size|learning rate|constant)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Declaration:
    """One symbol declared once."""

    #: canonical spelling (``X``, ``\\hat{w}``, ``\\sigma_{j}``, ``\\mathcal{L}``)
    key: str
    #: the symbol it relates to (``w`` for ``\\hat{w}``, ``\\sigma`` for ``\\sigma_{j}``)
    base: str
    #: file offsets of the symbol where it is declared (go-to-declaration)
    span: Span
    #: the whole glossary entry (line, list item or table row)
    entry: Span
    #: the domain as written (``\\mathbb{R}^{n\\times d}``, ``\\ge 0``, ``\\sim\\mathcal{N}(0,1)``)
    domain: str | None = None
    #: set, bound, distribution, map, definition, words; None when there is none
    domain_kind: str | None = None
    shape: Shape | None = None
    #: "vector"/"matrix"/"tensor" when the note says so but gives no size
    kind_hint: str | None = None
    description: str = ""
    #: "2" for the glossary; "4.A" or another section for declarations made in the text
    section: str = "2"
    #: a size named in another declaration's shape (``n`` of ``\\mathbb{R}^{n\\times d}``)
    implicit: bool = False
    #: written as ``f(x)``: a function given by its application
    function_like: bool = False
    #: a bare symbol inside an entry that begins with prose (``Design matrix $X$ …``)
    in_prose: bool = False
    #: named in passing in section 2 (``rows $x_i^\\top$``), not declared by an entry
    mentioned: bool = False
    #: an array whose powers are entrywise (declared as ``\\sigma^2\\in(0,\\infty)^{K\\times d}``)
    entrywise: bool = False

    def hover(self) -> str:
        """Markdown for an editor hover."""
        parts = [f"**${self.key}$**"]
        if self.domain:
            parts.append(f"domain: ${self.domain}$")
        if self.shape is not None:
            parts.append(f"shape: {self.shape.describe()}")
        if self.description:
            parts.append(self.description)
        return " — ".join(parts)


@dataclass
class SymbolTable:
    """Declarations of a note, in order, with lookups by key and base."""

    declarations: list[Declaration] = field(default_factory=list)
    #: the note has a section 2 with at least one declaration
    has_glossary: bool = False
    by_key: dict[str, list[Declaration]] = field(default_factory=dict)
    by_base: dict[str, list[Declaration]] = field(default_factory=dict)
    #: sizes the note says are equal (``$n = d$`` in section 2 or 3): size → representative
    same_sizes: dict[str, str] = field(default_factory=dict)

    def add(self, decl: Declaration) -> None:
        self.declarations.append(decl)
        self.by_key.setdefault(decl.key, []).append(decl)
        self.by_base.setdefault(canonical(decl.base), []).append(decl)

    @property
    def glossary(self) -> list[Declaration]:
        """The entries of section 2 (not the sizes and mentions they imply)."""
        return [d for d in self.declarations if d.section == "2" and not d.implicit and not d.mentioned]

    def lookup(self, key: str) -> Declaration | None:
        found = self.by_key.get(key)
        return found[0] if found else None

    def resolve(self, key: str, base: str | None = None) -> Declaration | None:
        """The declaration a symbol as written refers to: exact key, else its base symbol."""
        found = self.by_key.get(key) or self.by_key.get(canonical(key))
        if found:
            return found[0]
        for b in (base, key):
            if b is None:
                continue
            found = self.by_base.get(canonical(b))
            if found:
                # prefer the undecorated declaration of the base
                return next((d for d in found if d.key == d.base), found[0])
        return None

    def declares(self, occ: Occurrence) -> bool:
        return self.resolve(occ.key, occ.base) is not None

    def normalize(self, shape: Shape) -> Shape:
        """A shape with the sizes the note says are equal (``$n = d$``) spelled one way."""
        return rename_dims(shape, self.same_sizes) if self.same_sizes else shape

    def shape_env(self) -> ShapeEnv:
        """Declared shapes for inference; the first declaration of a key wins."""
        shapes: dict[str, Shape] = {}
        # a bound (`\\alpha \\ge 0`) is an entrywise constraint when a set gives the shape
        ordered = sorted(self.declarations, key=lambda d: d.domain_kind == BOUND)
        for d in ordered:
            if d.shape is None or d.key in shapes:
                continue
            if d.shape.kind in ("vector", "matrix", "tensor") and not d.shape.dims:
                continue
            shapes[d.key] = d.shape
        # x_i declared: x_j has the same shape (when the index is not itself a declared size)
        for d in self.declarations:
            m = re.fullmatch(r"(.+)_\{(.+)\}", d.key)
            if m and d.shape is not None and m.group(2) not in shapes and len(m.group(2)) == 1:
                shapes.setdefault(m.group(1) + "_{}", d.shape)
        if self.same_sizes:
            shapes = {k: rename_dims(v, self.same_sizes) for k, v in shapes.items()}
        entrywise = frozenset(d.key for d in self.declarations if d.entrywise)
        return ShapeEnv(shapes, entrywise=entrywise)


def _size_keys(table: SymbolTable) -> set[str]:
    return {d.key for d in table.declarations if d.implicit or (d.shape is not None and d.shape.is_scalar)}


def _size_assignments(m: MathSpan, sizes: set[str]) -> dict[str, str]:
    """``$n = 2$``, ``$n=2, d=1$``: sizes set to whole numbers by this span, else nothing."""
    out: dict[str, str] = {}
    for chunk in _lines(m):
        while chunk and chunk[-1].is_op(".", ","):
            chunk = chunk[:-1]
        if len(chunk) != 3 or not chunk[1].is_op("=") or chunk[2].kind != "digit":
            return {}
        ref = symbol_ref(chunk[0])
        if ref is None or chunk[0].sub is not None or chunk[0].sup is not None or ref.key not in sizes:
            return {}
        if chunk[2].sub is not None or chunk[2].sup is not None or not chunk[2].text.isdigit():
            return {}
        out[ref.key] = chunk[2].text
    return out


def fixed_sizes(note: Note, m: MathSpan) -> dict[str, str]:
    """Sizes a worked example fixes in its text before ``m`` (``Take $m=4$, …``, ``with $n = 2$``):
    they hold from there to the end of the innermost (sub)section, the last value winning.
    Shapes are then compared with the numbers substituted, so a real mismatch of the example
    (a ``3\times 3`` matrix plus ``I_2``) is still found."""
    table = glossary(note)
    section = note.section_at(m.start)
    if section is None or not table.has_glossary:
        return {}
    # the sizes each span of the section fixes, accumulated once per section (a section of k
    # spans asked k times would read k² spans)
    memo = note.facet(_FIXED_SIZES)
    key = section.body.start
    if key not in memo:
        sizes = _size_keys(table)
        running: dict[str, str] = {}
        steps: list[tuple[int, dict[str, str]]] = []
        for other in note.math_in(section.body):
            fixed = _size_assignments(other, sizes)
            if fixed:
                running = {**running, **fixed}
                steps.append((other.start, running))
        memo[key] = steps
    out: dict[str, str] = {}
    for start, running in memo[key]:
        if start >= m.start:
            break
        out = running
    return dict(out)


#: per note, by section body start: (span start, the sizes fixed up to and including that span)
_FIXED_SIZES: Facet[dict[int, list[tuple[int, dict[str, str]]]]] = Facet(
    "fixed-sizes", lambda note: {}, "Sizes worked examples fix, accumulated per section."
)


def _equal_sizes(note: Note, table: SymbolTable) -> dict[str, str]:
    """``$n = d$`` (or ``n = d = k``) in section 2 or 3, between sizes: one size from then on.
    Numbers are not taken (``$d = 1$`` is a special case, not the note's setting)."""
    sizes = _size_keys(table)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for key in ("2", "3"):
        section = note.sections.get(key)
        if section is None:
            continue
        for m in note.math_in(section.body):
            atoms = [a for a in math_atoms(m) if not a.is_op(".", ",")]
            if len(atoms) < 3 or len(atoms) % 2 == 0:
                continue
            names = atoms[0::2]
            if not all(a.is_op("=") for a in atoms[1::2]):
                continue
            refs = [symbol_ref(a) for a in names]
            if any(
                r is None or a.sub is not None or a.sup is not None for r, a in zip(refs, names, strict=True)
            ):
                continue
            keys = [r.key for r in refs if r is not None]
            if not all(k in sizes for k in keys):
                continue
            for other in keys[1:]:
                parent[find(other)] = find(keys[0])
    return {k: find(k) for k in parent}


# --------------------------------------------------------------------------------------------
# parsing one declaration span


@dataclass
class _Parsed:
    key: str
    base: str
    start: int  # offsets in the math source
    end: int
    function_like: bool = False
    entrywise: bool = False
    #: written with a transpose, inverse or power (``X^\\top``): ``X^\\top(y - Xw)`` is a product
    operated: bool = False


def _lhs_symbols(atoms: list[Atom]) -> list[_Parsed] | None:
    """``n, d`` or ``f(x)`` or ``\\hat{w}_t``: the declared symbols, or None if not a list of them."""
    out: list[_Parsed] = []
    i = 0
    expect_symbol = True
    while i < len(atoms):
        a = atoms[i]
        if not expect_symbol:
            if a.is_op(","):
                expect_symbol = True
                i += 1
                continue
            if a.is_op("(") and out and not out[-1].function_like and not out[-1].operated:
                depth = 0
                for k in range(i, len(atoms)):
                    if atoms[k].is_op("("):
                        depth += 1
                    elif atoms[k].is_op(")"):
                        depth -= 1
                        if depth == 0:
                            break
                else:
                    return None
                out[-1].function_like = True
                i = k + 1
                continue
            return None
        ref = symbol_ref(a)
        if ref is None or ref.key in lexicon().font_names:
            return None
        key = ref.key
        powered = False
        if a.sub is not None:
            key = f"{ref.key}_{{{_script_text(a.sub)}}}"
        if a.sup is not None:
            sup = _named_sup(a.sup) or _script_text(a.sup)
            if sup.isdigit():
                # \sigma^2 \in (0,\infty)^{K\times d}: the entrywise square of an array is
                # declared, so its powers are entrywise
                powered = True
            else:
                # w^\star, w^{(k)}, X^{+}, X^{-1}: a symbol of its own, related to its base
                key = f"{key}^{{{sup}}}"
        key += "'" * a.primes
        operated = a.sup is not None and (
            powered or not _is_decoration(_named_sup(a.sup) or _script_text(a.sup))
        )
        out.append(_Parsed(key, ref.base, ref.start, ref.end, entrywise=powered, operated=operated))
        expect_symbol = False
        i += 1
    if expect_symbol:
        return None
    return out


def _is_decoration(sup: str) -> bool:
    """``^\\star``, ``^*``, ``^{(k)}``, ``^{\\mathrm{CLIP}}``: a related symbol, not an operation
    on the base."""
    return (
        sup in ("\\star", "*", "\\ast", "\\prime", "\\dagger", "\\circ")
        or sup.startswith("(")
        or (sup.startswith("\\") and "{" in sup)
    )


def _named_sup(sup: list[Atom]) -> str | None:
    """``\\mathrm{CLIP}`` of ``L^{\\mathrm{CLIP}}``: a name written as text (not ``\\mathrm{T}``)."""
    flat = sup[0].inner if len(sup) == 1 and sup[0].kind == "group" else sup
    if len(flat) != 1 or flat[0].kind != "macro" or not flat[0].args:
        return None
    if flat[0].text not in ("mathrm", "text", "textrm", "mathsf", "operatorname", "textsf", "mathtt"):
        return None
    name = plain_text(flat[0].args[0])
    return None if name in ("T", "") else f"\\{flat[0].text}{{{name}}}"


def _applied(p: _Parsed, shape: Shape | None) -> Shape | None:
    """``J(s)\\in\\mathbb{R}^{m\\times m}``: the set is the shape of the *value* of a function
    written by its application; the symbol itself is a map with that codomain."""
    if p.function_like and shape is not None and shape.kind != "function":
        return function(None, shape)
    return shape


def _array_of_entries(domain: list[Atom]) -> bool:
    """``(0,\\infty)^{K\\times d}``, ``[0,1]^d``, ``\\{0,1\\}^n``: a power of a set of numbers is
    an array of entries (its powers and maps are entrywise), not a linear-algebra matrix."""
    if len(domain) < 2 or domain[-1].sup is None:
        return False
    first, last = domain[0], domain[-1]
    return (first.is_op("(", "[") and last.is_op(")", "]")) or (
        first.is_macro("{", "lbrace") and last.is_macro("}", "rbrace")
    )


def _domain_text(source: str, atoms: list[Atom]) -> str:
    if not atoms:
        return ""
    return re.sub(r"\s+", " ", source[atoms[0].start : atoms[-1].end]).strip()


def _distribution_shape(atoms: list[Atom]) -> DomainShape:
    """``\\mathcal{N}(0,\\sigma^2)`` is scalar; ``\\mathcal{N}(0,\\sigma^2 I_n)`` a vector of n."""
    if not atoms:
        return DomainShape(None)
    ref = symbol_ref(atoms[0])
    if ref is None or ref.key != "\\mathcal{N}":
        return DomainShape(None)
    if len(atoms) < 3 or not atoms[1].is_op("("):
        return DomainShape(None)
    inner = atoms[2:-1] if atoms[-1].is_op(")") else atoms[2:]
    for a in inner:
        r = symbol_ref(a)
        if r is not None and r.key in ("I", "\\mathbf{I}") and a.sub is not None:
            return DomainShape(vector(_script_text(a.sub)))
        if r is not None and (
            r.key[0].isupper() or r.key in ("\\Sigma", "I", "\\mathbf{I}") or r.key.startswith("\\mathbf")
        ):
            return DomainShape(None, "vector")
    return DomainShape(SCALAR)


@dataclass
class _Decl:
    parsed: list[_Parsed]
    domain: str | None
    domain_kind: str | None
    shape: DomainShape
    #: atoms of the domain (to find the sizes it names)
    domain_atoms: list[Atom]


def parse_declaration(atoms: list[Atom], source: str) -> _Decl | None:
    """One declaration span: ``LHS`` [relation ``RHS``]; None if it does not declare."""
    # strip trailing punctuation
    while atoms and atoms[-1].is_op(".", ",", ";") and atoms[-1].sub is None and atoms[-1].sup is None:
        atoms = atoms[:-1]
    if not atoms:
        return None
    # a map f: A \to B
    colon = next((k for k, a in enumerate(atoms) if a.is_op(":") or a.is_macro("colon")), None)
    if colon is not None and colon > 0:
        lhs = _lhs_symbols(atoms[:colon])
        rhs = atoms[colon + 1 :]
        arrow = next((k for k, a in enumerate(rhs) if a.is_macro(*_MAP_ARROWS)), None)
        if lhs is not None and arrow is not None:
            dom = domain_shape(rhs[:arrow])
            cod = domain_shape(_until_separator(rhs[arrow + 1 :]))
            shape = function(dom.shape, cod.shape)
            return _Decl(lhs, _domain_text(source, rhs), MAP, DomainShape(shape), rhs)
    rel = next(
        (k for k, a in enumerate(atoms) if is_relation(a) or (a.is_op(":") and a is not atoms[0])), None
    )
    if rel is None:
        lhs = _lhs_symbols(atoms)
        if lhs is None:
            return None
        return _Decl(lhs, None, None, DomainShape(None), [])
    lhs = _lhs_symbols(atoms[:rel])
    if lhs is None:
        return None
    r = atoms[rel]
    name = r.text
    after = rel + 1
    if r.is_op(":") and after < len(atoms) and atoms[after].is_op("="):
        after += 1  # :=
    rhs = _until_separator(atoms[after:])
    text = _domain_text(source, atoms[rel : after + len(rhs)])
    if name in ("in",):
        return _Decl(lhs, _domain_text(source, rhs), SET, domain_shape(rhs), rhs)
    if name in ("subset", "subseteq"):
        return _Decl(lhs, text, SET, DomainShape(None), rhs)
    if name in _BOUND_RELATIONS:
        bound_shape = DomainShape(SCALAR)
        if name in ("succ", "succeq", "prec", "preceq"):
            bound_shape = DomainShape(None, "matrix")
        return _Decl(lhs, text, BOUND, bound_shape, rhs)
    if name == "sim":
        return _Decl(lhs, text, DISTRIBUTION, _distribution_shape(rhs), rhs)
    if name in _DEFINE_RELATIONS or (
        r.kind == "op" and name == ":" and rel + 1 < len(atoms) and atoms[rel + 1].is_op("=")
    ):
        # C = \frac{1}{n} X^\top X \in \mathbb{S}^d_{+}: the set after the definition
        rest = atoms[after + len(rhs) :]
        if rest and rest[0].is_macro("in"):
            after_set = _until_separator(rest[1:])
            if after_set:
                return _Decl(lhs, _domain_text(source, after_set), SET, domain_shape(after_set), after_set)
        return _Decl(lhs, text, DEFINITION, DomainShape(None), rhs)
    return _Decl(lhs, text, None, DomainShape(None), rhs)


def _until_separator(atoms: list[Atom]) -> list[Atom]:
    out = []
    depth = 0
    for a in atoms:
        if a.is_op("(", "[") or a.is_macro("{", "lbrace", "langle"):
            depth += 1
        elif a.is_op(")", "]") or a.is_macro("}", "rbrace", "rangle"):
            depth -= 1
        if depth <= 0 and (
            a.is_op(",", ";") or is_relation(a) or a.is_macro("quad", "qquad", "text", "textrm", "mbox")
        ):
            if not (a.is_op(")", "]") or a.is_macro("}", "rbrace")):
                break
        out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# entries of section 2

_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d+[.)]|\|)[ \t]")


def _entries(text: str, body: Span, math: list[MathSpan]) -> list[Span]:
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


_HEAD_LEAD = re.compile(r"^[\s\-*+|>#_\d.)(\[\]]*(?:\*\*)?[\s|]*$")
_HEAD_JOIN = re.compile(r"^[\s,;/]*(?:\b(?:and|or)\b)?[\s,;/]*$")


def _read_entry(note: Note, entry: Span, section: str, table: SymbolTable) -> None:
    text = note.text
    spans = [m for m in note.math if entry.start <= m.start and m.end <= entry.end]
    if not spans:
        return
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
    parsed_spans: list[tuple[MathSpan, _Decl]] = []
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
    if not prose_first:
        # a declaration inside the description: `design matrix; rows $x_i\in\mathbb{R}^d$`
        for m in spans[len(heads) :]:
            decl = parse_declaration(math_atoms(m), m.latex)
            if decl is not None and decl.domain_kind in (SET, DISTRIBUTION, MAP, BOUND) and decl.domain:
                parsed_spans.append((m, decl))
    if not parsed_spans:
        return
    # a domain written after the head (`or $\{0,1\}^n$`, `in $\mathbb{R}^{n\times d}$`, a table cell)
    extra_domain: tuple[MathSpan, list[Atom], str, DomainShape] | None = None
    if not prose_first:
        for m in spans[len(heads) :]:
            atoms = math_atoms(m)
            ds = domain_shape(atoms)
            if ds.shape is not None or ds.kind is not None:
                extra_domain = (m, atoms, SET, ds)
                break
            sized = dims_shape(atoms)
            if sized is not None and any(a.is_macro("times") for a in atoms):
                # `$X$ ($n \times d$): design matrix`: the shape as sizes
                extra_domain = (m, atoms, SHAPE, DomainShape(sized))
                break
    kind_hint = None
    km = _KIND_WORDS.search(_first_clause(description))
    if km:
        word = km.group(1).lower()
        kind_hint = "matrix" if word.startswith("matri") else word.rstrip("s")
    words_domain = bool(_DOMAIN_WORDS.search(description))
    # `weights ($d$-dimensional)`: a vector of size d in words
    dm = _DIMENSIONAL.search(description)
    words_shape = vector(norm_dim(dm.group(1))) if dm else None
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
            shape = _applied(p, dshape.shape)
            if shape is None and domain_kind == WORDS and words_shape is not None:
                shape = words_shape
            hint = dshape.kind or (kind_hint if shape is None else None)
            table.add(
                Declaration(
                    key=p.key,
                    base=p.base,
                    span=Span(m.content_start + p.start, m.content_start + p.end),
                    entry=entry,
                    domain=domain,
                    domain_kind=domain_kind,
                    shape=shape,
                    kind_hint=hint,
                    description=description,
                    section=section,
                    function_like=p.function_like,
                    in_prose=prose_first and decl.domain is None,
                    entrywise=p.entrywise or _array_of_entries(datoms),
                )
            )
        # the sizes a shape names are declared implicitly
        if datoms and domain_kind in (SET, MAP, DISTRIBUTION, SHAPE):
            _implicit_sizes(
                table, dspan_math, datoms, decl.parsed[0].key if decl.parsed else "", entry, section
            )


def _implicit_sizes(
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
                    Declaration(
                        key=occ.key,
                        base=occ.base,
                        span=Span(m.content_start + occ.start, m.content_start + occ.end),
                        entry=entry,
                        domain="\\mathbb{N}",
                        domain_kind=SET,
                        shape=SCALAR,
                        description=f"a size in the shape of ${owner}$",
                        section=section,
                        implicit=True,
                    )
                )
        if a.args:
            for arg in a.args:
                _implicit_sizes(table, m, arg, owner, entry, section)


def _first_clause(text: str) -> str:
    """``design matrix`` of ``design matrix; each row is a feature vector``."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    return re.split(
        r"[;,(.:]|\s(?:of|for|with|where|that|which|in|on|from|whose|per|over)\s", text, maxsplit=1
    )[0]


def _clean_description(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"^(?:[:—–|,;-]|\*\*|__|\*|_)\s*", "", text).strip()
    return text.rstrip("|").strip()


# --------------------------------------------------------------------------------------------
# declarations in the text (4.A) and definitions anywhere


def _text_declarations(note: Note, table: SymbolTable) -> None:
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
        for line in _lines(m):
            line = [a for a in line if not a.is_op("&")]
            if not line:
                continue
            rel = next((k for k, a in enumerate(line) if is_relation(a)), None)
            strong = rel is not None and (
                line[rel].text in _STRONG_DEFINE
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
                        Declaration(
                            key=p.key,
                            base=p.base,
                            span=Span(m.content_start + p.start, m.content_start + p.end),
                            entry=Span(m.start, m.end),
                            domain=decl.domain,
                            domain_kind=decl.domain_kind,
                            shape=_applied(p, decl.shape.shape),
                            kind_hint=decl.shape.kind,
                            section=key or "text",
                            function_like=p.function_like,
                            entrywise=p.entrywise or _array_of_entries(decl.domain_atoms),
                        )
                    )
                if decl.parsed:
                    _implicit_sizes(
                        table, m, decl.domain_atoms, decl.parsed[0].key, Span(m.start, m.end), key or "text"
                    )
                continue
            if in_4a:
                decl = parse_declaration(line, m.latex)
                if decl is None and rel is not None:
                    lhs = _lhs_symbols(line[:rel])
                    decl = _Decl(lhs, None, DEFINITION, DomainShape(None), []) if lhs else None
            else:
                lhs = _lhs_symbols(line[:rel]) if rel else None
                decl = _Decl(lhs, None, DEFINITION, DomainShape(None), []) if lhs else None
            if decl is None or (decl.domain_kind is None and not in_4a):
                continue
            if decl.domain_kind is None and decl.domain is None and in_4a and rel is None:
                continue  # a bare symbol in 4.A is a use, not a declaration
            for p in decl.parsed:
                table.add(
                    Declaration(
                        key=p.key,
                        base=p.base,
                        span=Span(m.content_start + p.start, m.content_start + p.end),
                        entry=Span(m.start, m.end),
                        domain=decl.domain,
                        domain_kind=decl.domain_kind or DEFINITION,
                        shape=_applied(p, decl.shape.shape),
                        kind_hint=decl.shape.kind,
                        section=key or "text",
                        function_like=p.function_like,
                        entrywise=p.entrywise or _array_of_entries(decl.domain_atoms),
                    )
                )


def _mentions(note: Note, section: Section, table: SymbolTable) -> None:
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
                    for e in _entries(note.text, section.body, note.math_in(section.body))
                    if e.start <= m.start < e.end
                ),
                Span(m.start, m.end),
            )
            table.add(
                Declaration(
                    key=occ.key,
                    base=occ.base,
                    span=Span(m.content_start + occ.start, m.content_start + occ.end),
                    entry=entry,
                    description=_clean_description(note.text[entry.start : entry.end]),
                    section="2",
                    in_prose=True,
                    mentioned=True,
                )
            )


def _lines(m: MathSpan) -> list[list[Atom]]:
    """The relation chains of a span (rows of environments, ``\\quad``/``\\text`` pieces, and
    ``a = …, b = …`` split at the comma), as atom lists, from its math model."""
    return [chain.atoms for chain in m.facet(MATH_MODEL).chains if chain.atoms]


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
    for entry in _entries(note.text, body, math):
        _read_entry(note, entry, "2", table)
    table.has_glossary = any(not d.implicit for d in table.declarations)
    if not table.has_glossary:
        return table
    _text_declarations(note, table)
    _mentions(note, section, table)
    table.same_sizes = _equal_sizes(note, table)
    # implicit sizes only where nothing declares the symbol, once each
    explicit = {d.key for d in table.declarations if not d.implicit}
    seen: set[str] = set()
    kept = SymbolTable(has_glossary=table.has_glossary, same_sizes=table.same_sizes)
    for d in table.declarations:
        if d.implicit and (d.key in explicit or d.key in seen):
            continue
        if d.implicit:
            seen.add(d.key)
        kept.add(d)
    return kept


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
        for line in _lines(m):
            decl = parse_declaration([a for a in line if not a.is_op("&")], m.latex)
            if decl is None or decl.domain_kind not in (SET, MAP, DISTRIBUTION) or decl.shape.shape is None:
                continue
            for p in decl.parsed:
                found.add(
                    Declaration(
                        key=p.key,
                        base=p.base,
                        span=Span(m.content_start + p.start, m.content_start + p.end),
                        entry=Span(m.start, m.end),
                        domain=decl.domain,
                        domain_kind=decl.domain_kind,
                        shape=_applied(p, decl.shape.shape),
                        section=section,
                        function_like=p.function_like,
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
    entry = next((e for e in _entries(note.text, section.body, math) if e.start <= m.start < e.end), None)
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


@dataclass(frozen=True)
class SymbolAt:
    """The symbol under an offset: where it is written, and its declaration if any."""

    key: str
    base: str
    span: Span
    role: str
    declaration: Declaration | None


def math_atoms(m: MathSpan) -> list[Atom]:
    """The atoms of a math span (its model's, built once)."""
    return m.facet(MATH_MODEL).atoms


def extraction(m: MathSpan) -> Extraction:
    """The symbol occurrences of a math span (offsets into ``m.latex``), from its model."""
    model = m.facet(MATH_MODEL)
    return Extraction(model.occurrences, set(model.bound))


def occurrences(m: MathSpan) -> list[Occurrence]:
    return extraction(m).occurrences


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
    "Declaration",
    "SymbolAt",
    "SymbolTable",
    "build",
    "glossary",
    "identity_table",
    "matrix",
    "parse_declaration",
    "shape_table",
    "symbol_at",
]


GLOSSARY: Facet[SymbolTable] = Facet("glossary", build, "The section-2 symbol table of the note.")
DECLARED_SHAPES: Facet[SymbolTable] = Facet(
    "declared-shapes",
    lambda note: _declarations_in(note, note.math, "text"),
    "Declarations with a set, map or distribution anywhere in the note's math (notes without a glossary).",
)
