"""The math model: one reading of a math span, built once from its pylatexenc tree (issue 15).

``span.facet(MATH_MODEL)`` (built once, kept with the span) is a :class:`MathModel`:

* ``atoms`` — the span's atoms (:mod:`notelint.math.reading.atoms`): a symbol, number, operator,
  macro or group with its subscript, superscript and primes attached, and the macro's parsed
  arguments, each with offsets into ``MathSpan.latex``;
* ``rows`` — the rows of the span: one for inline math, one per ``\\\\`` line of ``align``,
  ``aligned``, ``gather``, ``split``, ``multline``, ``cases`` (…), each with its relation
  ``chains`` (``a = b \\le c`` is one chain of three sides and two relations; the statement
  separators of the vocabulary — ``\\quad``, ``\\text{…}``, ``\\forall``, … —, implications,
  ``;`` and a comma after a complete relation start a new chain; a row that starts with a
  relation, ``&= …``, continues the previous row's last side, and a row ``&\\quad + c`` extends
  it), its ``\\tag``, ``\\label`` and whether it is ``\\boxed``. These are the chains the
  verifier checks too (:mod:`notelint.math.reading.relations` gives them text and operators);
* ``relations`` of the vocabulary (:mod:`notelint.math.reading.vocabulary`): ``=``, ``\\le``, ``:=``,
  ``\\stackrel{\\text{def}}{=}`` (a definition), … each with its kind and CAS operator;
* ``occurrences`` and ``bound`` — every symbol the math uses, with its role (a use, a bound
  variable of ``\\sum_i``, ``\\max_u``, ``\\int … dx``, ``\\frac{d}{dx}``, an index, a known name);
* ``binders`` — the binding constructs with their variables and the offsets they scope over;
* ``markers`` — ``\\tag``, ``\\label`` and ``\\text`` pieces; ``macros`` — what the span defines
  with ``\\newcommand``, ``\\def`` or ``\\DeclareMathOperator``. The macros the *note* defines
  without arguments (in any span, or in its front matter: :mod:`notelint.math.reading.macros`) are
  expanded before the atoms are read, at the offsets of their uses.

Offsets are into ``MathSpan.latex``; ``file_span`` turns them into file offsets (``latex[i]`` is
the file's character ``content_start + i``). Nothing here imports SymPy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.math.reading.atoms import Atom, build_atoms, macro_name, plain_text, symbol_ref
from notelint.math.reading.lexicon import lexicon
from notelint.math.reading.macros import expand, note_macros
from notelint.math.reading.tokens import Tok, tokenize_nodes
from notelint.math.reading.vocabulary import RelationKind, vocabulary
from notelint.math.semantics.occurrences import Occurrence, extract
from notelint.note import MathFacet, Span
from notelint.parse.latex import LATEX_TREE

if TYPE_CHECKING:
    from notelint.note import MathSpan

#: environments whose ``\\`` lines are rows of relations
ROW_ENVIRONMENTS = frozenset(
    {
        "align",
        "align*",
        "aligned",
        "alignat",
        "alignat*",
        "alignedat",
        "equation",
        "equation*",
        "gather",
        "gather*",
        "gathered",
        "multline",
        "multline*",
        "split",
        "flalign",
        "flalign*",
        "eqnarray",
        "eqnarray*",
        "cases",
        "dcases",
        "rcases",
    }
)
_CASES = ("cases", "dcases", "rcases")
#: macros that number, refer or style: not part of a relation's sides
_MARKUP = ("notag", "nonumber", "eqref", "ref", "displaystyle", "textstyle")
#: sizing macros the atoms drop (``\big(``): a side starting with the delimiter starts with them
_SIZING = re.compile(r"\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*$")
#: a row continuing the previous row's last side starts with one of these (``&\quad + c``)
_CONTINUING = ("+", "-")
#: statement separators the atoms leave out (spacing), found in the source between two atoms
_GAP_SEPARATOR = re.compile(r"\\(?:hspace\*?\s*\{[^{}]*\}|enspace|hfill)")
_CONTINUING_MACROS = ("cdot", "times", "pm", "mp")
_DEFINERS = ("newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "def", "gdef")


@dataclass(frozen=True)
class Marker:
    """``\\tag{3}``, ``\\label{eq:mu}``, ``\\text{for all}``: ``kind`` is the macro name."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Relation:
    """A relation as written (``\\le``, ``:=``, ``\\stackrel{\\text{def}}{=}``) and what it means."""

    written: str
    meaning: RelationKind
    start: int
    end: int

    @property
    def kind(self) -> str:
        return self.meaning.kind


@dataclass
class Side:
    """One side of a relation: its atoms and offsets (empty sides have ``start == end``).

    A side continued on the next row (``&= a + b \\\\ &\\quad + c``) spans both rows;
    ``pieces`` then holds the offsets of its parts without the row break between them."""

    atoms: list[Atom]
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...] = ()
    #: offsets of the alignment marks ``&`` inside the side (not part of its expression)
    marks: tuple[int, ...] = ()

    def text(self, source: str) -> str:
        """The side as written (its pieces joined by a space when it spans rows, ``&`` blanked)."""

        def piece(a: int, b: int) -> str:
            chars = list(source[a:b])  # only the side's own text: a long span has many sides
            for k in self.marks:
                if a <= k < b:
                    chars[k - a] = " "
            return "".join(chars)

        if not self.pieces:
            return piece(self.start, self.end)
        return " ".join(piece(a, b) for a, b in self.pieces)


@dataclass(frozen=True)
class Link:
    """``left relation right``, the ``index``-th link of its chain."""

    left: Side
    relation: Relation
    right: Side
    index: int


@dataclass
class Chain:
    """``a = b \\le c``: sides and the relations between them (``len(sides) == len(relations) + 1``)."""

    sides: list[Side]
    relations: list[Relation]
    #: the chain's atoms in order, relations included (``a``, ``:``, ``=``, ``b``)
    atoms: list[Atom] = field(default_factory=list)
    #: its first side is the previous row's last side (the row starts ``&= …``)
    continued: bool = False
    #: the text written right before it in its row (``\\quad\\text{s.t.}\\quad …``), if any
    lead: str | None = None

    @property
    def links(self) -> list[Link]:
        return [
            Link(self.sides[k], rel, self.sides[k + 1], k)
            for k, rel in enumerate(self.relations)
            if k + 1 < len(self.sides)
        ]


@dataclass
class Row:
    """One line of math (an inline span, or a ``\\\\`` row of an environment)."""

    atoms: list[Atom]
    start: int
    end: int
    chains: list[Chain] = field(default_factory=list)
    tag: Marker | None = None
    label: Marker | None = None
    boxed: bool = False
    #: the environment the row belongs to (None for the span's top level)
    environment: str | None = None
    #: ``u>0: &\\quad 0=u-z+\\tau``: the case the row treats (its first chain, written before a
    #: colon); what the row's other chains say holds in that case only
    case: Chain | None = None


@dataclass(frozen=True)
class Binder:
    """``\\sum_{i=1}^n``, ``\\max_u``, ``\\int … dx``, ``\\frac{d}{dx}``: the variables it binds
    and the offsets (``scope_start``–``scope_end``) they are bound over."""

    kind: str
    variables: tuple[str, ...]
    start: int
    end: int
    scope_start: int
    scope_end: int


@dataclass
class MathModel:
    """The model of one math span (see the module docstring)."""

    latex: str
    content_start: int
    atoms: list[Atom]
    rows: list[Row]
    occurrences: list[Occurrence]
    bound: frozenset[str]
    binders: list[Binder]
    markers: list[Marker]
    macros: dict[str, str]

    def file_span(self, start: int, end: int) -> Span:
        """File offsets of ``latex[start:end]``."""
        return Span(self.content_start + start, self.content_start + end)

    def text(self, start: int, end: int) -> str:
        return self.latex[start:end]

    @property
    def chains(self) -> list[Chain]:
        return [chain for row in self.rows for chain in row.chains]

    @property
    def links(self) -> list[Link]:
        return [link for chain in self.chains for link in chain.links]

    @property
    def tags(self) -> list[Marker]:
        return [m for m in self.markers if m.kind == "tag"]

    @property
    def labels(self) -> list[Marker]:
        return [m for m in self.markers if m.kind == "label"]


def build(span: MathSpan) -> MathModel:
    """The model of ``span`` (use ``span.facet(MATH_MODEL)``, which builds it once)."""
    toks = tokenize_nodes(span.facet(LATEX_TREE).nodes)
    note_defined = note_macros(span)
    if note_defined:
        toks = expand(toks, note_defined)  # \R^{d} reads as \mathbb{R}^{d} (front matter, \newcommand)
    atoms = build_atoms(toks)
    extraction = extract(atoms)
    markers: list[Marker] = []
    macros: dict[str, str] = {}
    _collect(atoms, span.latex, markers, macros)
    rows = _rows(atoms, span.latex, None)
    binders: list[Binder] = []
    for row in rows:
        for chain in row.chains:
            for side in chain.sides:
                collect_binders(side.atoms, side.end, binders)
    return MathModel(
        latex=span.latex,
        content_start=span.content_start,
        atoms=atoms,
        rows=rows,
        occurrences=extraction.occurrences,
        bound=frozenset(extraction.bound),
        binders=binders,
        markers=markers,
        macros=macros,
    )


MATH_MODEL: MathFacet[MathModel] = MathFacet(
    "math-model", build, "The math model of the span: atoms, rows, relation chains, binders, markers."
)


# --------------------------------------------------------------------------------------------
# rows and chains


def _rows(atoms: list[Atom], source: str, environment: str | None) -> list[Row]:
    """Rows at this level; environments of :data:`ROW_ENVIRONMENTS` contribute their own rows.
    A ``cases`` block stays in its row (it is the value of ``f(x) = \\begin{cases}…``) and its
    own rows follow that row. A ``\\tag``/``\\label`` after an environment numbers its last row."""
    rows: list[Row] = []
    current: list[Atom] = []
    cases: list[Row] = []

    def close() -> None:
        if current:
            row = _row(list(current), source, environment, rows)
            if not row.chains and rows and (row.tag or row.label):
                rows[-1].tag = rows[-1].tag or row.tag
                rows[-1].label = rows[-1].label or row.label
            else:
                rows.append(row)
        rows.extend(cases)
        current.clear()
        cases.clear()

    for a in atoms:
        if a.kind == "env" and a.text.rstrip("*") in _CASES:
            current.append(a)
            cases.extend(_rows(a.inner, source, a.text))
        elif a.kind == "env" and a.text in ROW_ENVIRONMENTS:
            close()
            rows.extend(_rows(a.inner, source, a.text))
        elif a.is_macro("\\"):
            close()
        else:
            current.append(a)
    close()
    return rows


def _row(atoms: list[Atom], source: str, environment: str | None, previous: list[Row]) -> Row:
    row = Row(atoms, atoms[0].start, atoms[-1].end, environment=environment)
    body: list[Atom] = []
    skip = 0
    for a in atoms:
        if skip:
            skip -= 1
            continue
        if a.is_macro(*_DEFINERS):
            # a macro definition is not mathematics: \def\bw{…} also spends the next two atoms
            skip = 0 if len(a.args) >= 2 else 2
            continue
        if a.is_macro("tag", "tag*") and a.args:
            row.tag = Marker("tag", plain_text(a.args[0]), a.start, a.end)
        elif a.is_macro("label") and a.args:
            row.label = Marker(
                "label", source[a.args[0][0].start : a.args[0][-1].end] if a.args[0] else "", a.start, a.end
            )
        elif a.is_macro(*_MARKUP):
            continue
        elif a.is_macro("boxed") and a.args:
            row.boxed = True
            body.extend(a.args[0])
        else:
            body.append(a)
    cases = environment is not None and environment.rstrip("*") in _CASES
    row.chains = _chains(body, cases, source)
    _case_label(row)
    # the previous row's statements that relate something (`&= a \\quad \\cdots (2)`: not the tail)
    before = [c for c in previous[-1].chains if c.relations] if previous else []
    if not row.chains or not before or cases:
        return row
    first = row.chains[0]
    if first.relations and not first.sides[0].atoms:
        # `&= c` continues the previous row's last side
        first.sides[0] = before[-1].sides[-1]
        first.continued = True
    elif len(row.chains) == 1 and not first.relations and _continues(first.atoms) and len(before) == 1:
        # `&\quad + c`: the previous row's last side goes on here (the previous row is one statement)
        last, extra = before[-1].sides[-1], first.sides[0]
        pieces = last.pieces or ((last.start, last.end),)
        before[-1].sides[-1] = Side(
            last.atoms + extra.atoms,
            last.start,
            extra.end,
            (*pieces, (extra.start, extra.end)),
            last.marks + extra.marks,
        )
        row.chains = []
    return row


def _case_label(row: Row) -> None:
    """``u>0: &\\quad …``: a first chain ending in a colon, with more after it, labels the row's case."""
    if len(row.chains) < 2 or not row.chains[0].relations:
        return
    label = row.chains[0]
    last = label.sides[-1]
    if len(last.atoms) < 2 or not last.atoms[-1].is_op(":") or last.atoms[-1].sub or last.atoms[-1].sup:
        return
    atoms = last.atoms[:-1]
    label.sides[-1] = Side(atoms, last.start, atoms[-1].end)
    label.atoms = label.atoms[:-1]
    row.case = label


def _continues(atoms: list[Atom]) -> bool:
    return bool(atoms) and (atoms[0].is_op(*_CONTINUING) or atoms[0].is_macro(*_CONTINUING_MACROS))


def _chains(atoms: list[Atom], cases: bool, source: str) -> list[Chain]:
    """Split a row into statements, and each statement into its relation chain (see the module
    docstring): a depth-0 statement separator of the vocabulary, an implication, ``;``, or a
    comma after a complete relation (``\\mu=5,\\ \\sigma^2=9``) ends a chain; the commas of a
    list before the first relation (``a, b \\in \\mathbb{R}``) do not."""
    separators = vocabulary().statement_separators
    chains: list[Chain] = []
    sides: list[list[Atom]] = [[]]
    relations: list[Relation] = []
    starts: list[int] = [atoms[0].start if atoms else 0]
    consumed: list[Atom] = []
    marks: list[int] = []

    lead: list[str] = []

    def flush(at: int) -> None:
        if relations or any(sides):
            chains.append(_chain(sides, relations, starts, at, source, marks))
            chains[-1].atoms = list(consumed)
            chains[-1].lead = lead[0] if lead else None
            lead.clear()
        sides[:] = [[]]
        relations.clear()
        starts[:] = [at]
        consumed.clear()
        marks.clear()

    i = 0
    depth = 0
    while i < len(atoms):
        a = atoms[i]
        if a.is_op("(", "[") or a.is_macro("{", "lbrace", "langle", "left"):
            depth += 1
        elif a.is_op(")", "]") or a.is_macro("}", "rbrace", "rangle", "right"):
            depth -= 1
        if a.is_op("&"):
            if cases:
                flush(a.end)  # `value & condition`: the condition is a chain of its own
            else:
                marks.append(a.start)
            i += 1
            continue
        top = depth <= 0
        if top and i and _GAP_SEPARATOR.search(source, atoms[i - 1].end, a.start):
            flush(atoms[i - 1].end)  # `\\hspace{1em}`, `\\hfill`: spacing the atoms leave out
        if top and a.kind == "macro" and a.text in separators and not _names_a_function(atoms, i):
            flush(a.end)
            if a.args and a.text.startswith(("text", "mbox", "intertext", "shortintertext")):
                lead[:] = [plain_text(a.args[0]).strip()]  # `\\text{s.t.}`: the words before the next chain
            i += 1
            continue
        if top and (a.is_op(";") or (a.is_op(",") and relations)):
            flush(a.end)
            i += 1
            continue
        rel, j = _relation_at(atoms, i) if top else (None, i)
        if rel is not None and rel.kind == "implication":
            flush(rel.end)  # `a>0 \implies b>0`: two statements
            i = j
            continue
        if rel is not None:
            relations.append(rel)
            sides.append([])
            starts.append(rel.end)
            consumed.extend(atoms[i:j])
            i = j
            continue
        sides[-1].append(a)
        consumed.append(a)
        i += 1
    flush(atoms[-1].end if atoms else 0)
    return chains


def _names_a_function(atoms: list[Atom], i: int) -> bool:
    """``\text{Var}(X)``, ``\textrm{Area}_A``: text written right before ``(``, ``[`` or with
    scripts names a function and is part of the expression."""
    a = atoms[i]
    if not a.is_macro("text", "textrm", "textit", "textbf", "mbox") or not a.args:
        return False
    if a.sub is not None or a.sup is not None:
        return True
    return i + 1 < len(atoms) and atoms[i + 1].is_op("(", "[")


def _chain(
    sides: list[list[Atom]],
    relations: list[Relation],
    starts: list[int],
    end: int,
    source: str,
    marks: list[int],
) -> Chain:
    out = []
    for k, atoms in enumerate(sides):
        atoms = list(atoms)
        while atoms and atoms[-1].is_op(".", ",", ";") and atoms[-1].sub is None and atoms[-1].sup is None:
            atoms.pop()  # the punctuation of the sentence is not part of the expression
        if atoms:
            start = atoms[0].start
            sizing = _SIZING.search(source, max(0, start - 12), start)
            if sizing is not None:
                start = sizing.start()  # `\big(`: the sizing macro belongs to the side
            inside = tuple(k for k in marks if start <= k < atoms[-1].end)
            out.append(Side(atoms, start, atoms[-1].end, marks=inside))
        else:
            at = starts[k] if k < len(starts) else end
            out.append(Side([], at, at))
    return Chain(out, list(relations))


def _relation_at(atoms: list[Atom], i: int) -> tuple[Relation | None, int]:
    """The relation starting at atom ``i`` and the index after it, or ``(None, i)``."""
    vocab = vocabulary()
    a = atoms[i]
    nxt = atoms[i + 1] if i + 1 < len(atoms) else None
    if a.is_op(":") and nxt is not None and nxt.is_op("=") and nxt.start == a.end:
        meaning = vocab.relation("coloneqq")
        assert meaning is not None
        return Relation(":=", meaning, a.start, nxt.end), i + 2
    if a.is_op("=") and nxt is not None and nxt.is_op(":") and nxt.start == a.end:
        meaning = vocab.relation("eqqcolon")
        assert meaning is not None
        return Relation("=:", meaning, a.start, nxt.end), i + 2
    if a.is_op("<", ">") and nxt is not None and nxt.is_op("=") and nxt.start == a.end:
        meaning = vocab.relation("le" if a.text == "<" else "ge")
        assert meaning is not None
        return Relation(a.text + "=", meaning, a.start, nxt.end), i + 2
    if a.kind == "macro" and a.text in vocab.decorated and len(a.args) == 2:
        lower = a.args[1]
        inner = (
            vocab.relation(lower[0].text) if len(lower) == 1 and lower[0].kind in ("op", "macro") else None
        )
        if inner is None:
            return None, i
        label = plain_text(a.args[0]) or "".join("\\" + x.text for x in a.args[0] if x.kind == "macro")
        if label.strip() in vocab.definition_labels:
            definition = vocab.relation("coloneqq")
            assert definition is not None
            inner = definition
        return Relation(_written(a), inner, a.start, a.end), i + 1
    if a.kind == "macro" and not a.text.isalpha():
        return None, i  # `\\>`, `\\;`: spacing written with a relation's character
    if a.kind in ("op", "macro") and a.sub is None and a.sup is None:
        meaning = vocab.relation(a.text)
        if meaning is not None:
            return Relation(_written(a), meaning, a.start, a.end), i + 1
    return None, i


def _written(a: Atom) -> str:
    return a.text if a.kind == "op" else "\\" + a.text


# --------------------------------------------------------------------------------------------
# binders, markers, macros


def collect_binders(atoms: list[Atom], scope_end: int, out: list[Binder]) -> None:
    """Binding constructs of a side: their bound variables are bound to the side's end."""
    lex = lexicon()
    has_integral = any(a.is_macro("int", "iint", "iiint", "oint") for a in atoms)
    for k, a in enumerate(atoms):
        name = macro_name(a) if a.kind == "macro" else None
        if name is not None and (a.text in lex.binders or name.replace(" ", "") in ("argmin", "argmax")):
            names = _bound_names(a.sub)
            if names:
                out.append(Binder(name.replace(" ", ""), names, a.start, a.end, a.start, scope_end))
        elif a.is_macro("frac", "tfrac", "dfrac") and len(a.args) == 2:
            den = a.args[1]
            if len(den) >= 2 and (
                (den[0].kind == "letter" and den[0].text == "d") or den[0].is_macro("partial")
            ):
                ref = symbol_ref(den[1])
                if ref is not None:
                    out.append(Binder("derivative", (ref.key,), a.start, a.end, a.start, scope_end))
        elif has_integral and _is_differential(a) and k + 1 < len(atoms):
            ref = symbol_ref(atoms[k + 1])
            if ref is not None and atoms[k + 1].start == a.end:
                start = next(x.start for x in atoms if x.is_macro("int", "iint", "iiint", "oint"))
                out.append(Binder("integral", (ref.key,), start, atoms[k + 1].end, start, atoms[k + 1].end))
        for inner in (a.inner, *a.args):
            if inner:
                collect_binders(inner, scope_end, out)


def _is_differential(a: Atom) -> bool:
    """The ``d`` of an integral's ``dx``: a letter, or upright (``\\mathrm{d}x``)."""
    if a.kind == "letter":
        return a.text == "d"
    return a.is_macro("mathrm", "operatorname") and bool(a.args) and plain_text(a.args[0]) == "d"


def _bound_names(sub: list[Atom] | None) -> tuple[str, ...]:
    if not sub:
        return ()
    flat = sub[0].inner if len(sub) == 1 and sub[0].kind == "group" else sub
    names: list[str] = []
    for x in flat:
        if _relation_at([x], 0)[0] is not None or x.is_op(":", "|") or x.is_macro("mid", "colon"):
            break
        ref = symbol_ref(x)
        if ref is not None:
            names.append(ref.key)
    return tuple(names)


def _collect(atoms: list[Atom], source: str, markers: list[Marker], macros: dict[str, str]) -> None:
    k = 0
    while k < len(atoms):
        a = atoms[k]
        if a.is_macro("tag", "label", "text", "textrm", "mbox") and a.args:
            inner = a.args[0]
            text = source[inner[0].start : inner[-1].end] if inner else ""
            markers.append(Marker(a.text if a.text in ("tag", "label") else "text", text, a.start, a.end))
        elif a.is_macro(*_DEFINERS):
            name, body, k = _definition(atoms, k, source)
            if name:
                macros[name] = body
            continue
        for inner in (a.inner, *a.args):
            if inner:
                _collect(inner, source, markers, macros)
        k += 1


def _definition(atoms: list[Atom], k: int, source: str) -> tuple[str | None, str, int]:
    """``\\newcommand{\\bX}{\\mathbf{X}}`` / ``\\def\\bX{…}``: the macro name, its body, the next index."""
    a = atoms[k]
    if len(a.args) >= 2 and a.args[0] and a.args[0][0].kind == "macro":
        body = a.args[-1]
        return "\\" + a.args[0][0].text, source[body[0].start : body[-1].end] if body else "", k + 1
    # \def\bw{…}: the name and the body follow as atoms
    if k + 2 < len(atoms) and atoms[k + 1].kind == "macro" and atoms[k + 2].kind == "group":
        body = atoms[k + 2].inner
        text = source[body[0].start : body[-1].end] if body else ""
        return "\\" + atoms[k + 1].text, text, k + 3
    return None, "", k + 1


__all__ = [
    "MATH_MODEL",
    "Binder",
    "Chain",
    "Link",
    "Marker",
    "MathModel",
    "Relation",
    "Row",
    "Side",
    "Tok",
    "build",
]
