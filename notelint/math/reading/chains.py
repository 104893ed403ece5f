"""Rows and relation chains of a math span, read from its atoms (part of the math model).

A span's rows are one for inline math and one per ``\\\\`` line of ``align``, ``aligned``,
``gather``, ``split``, ``multline``, ``cases`` (…); each row's atoms split into ``Chain`` s of
sides and relations (``a = b \\le c``). The statement separators of the vocabulary
(``\\quad``, ``\\text{…}``, ``\\forall``, …), implications, ``;`` and a comma after a complete
relation start a new chain; a row ``&= …`` continues the previous row's last side and a row
``&\\quad + c`` extends it. :mod:`notelint.math.reading.model` builds them once per span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notelint.math.reading.atoms import Atom, plain_text
from notelint.math.reading.vocabulary import RelationKind, vocabulary

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
    #: joined to a neighbouring statement by an implication as its hypothesis: the statement
    #: before ``\\implies``, or either side of ``\\iff`` or ``\\impliedby``
    hypothesis_of_implication: bool = False
    #: it stands before the implication sign (its last link touches it), not after ``\\iff``
    #: or ``\\impliedby`` (its first link does)
    implication_before: bool = False
    #: the hypothesis of a one-way implication (``\\implies``, ``\\Rightarrow``): its
    #: conclusion holds under it, not it under its conclusion
    one_way: bool = False

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


def build_rows(atoms: list[Atom], source: str, environment: str | None) -> list[Row]:
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
            cases.extend(build_rows(a.inner, source, a.text))
        elif a.kind == "env" and a.text in ROW_ENVIRONMENTS:
            close()
            rows.extend(build_rows(a.inner, source, a.text))
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
        if a.kind == "macro" and a.text in vocabulary().macro_definers:
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
    if first.relations and not first.sides[0].atoms and first.lead is None:
        # `&= c` continues the previous row's last side (`\text{total} &= c` names its own)
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


#: implications whose right-hand statement is a hypothesis too (``\\iff``; ``\\impliedby``)
_BACKWARD_IMPLICATIONS = frozenset(
    {"iff", "Leftrightarrow", "Longleftrightarrow", "impliedby", "Leftarrow", "Longleftarrow"}
)
_TWO_WAY_IMPLICATIONS = frozenset({"iff", "Leftrightarrow", "Longleftrightarrow", "leftrightarrow"})


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

    pending_hypothesis = False
    #: the chains after the last implication sign (a statement is the hypothesis of one sign)
    after_implication = 0

    def flush(at: int) -> None:
        nonlocal pending_hypothesis
        if relations or any(sides):
            chains.append(_chain(sides, relations, starts, at, source, marks))
            chains[-1].atoms = list(consumed)
            chains[-1].lead = lead[0] if lead else None
            chains[-1].hypothesis_of_implication = pending_hypothesis
            pending_hypothesis = False
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
        if (
            top
            and a.kind == "macro"
            and a.text in separators
            and not _names_a_function(atoms, i)
            and not _unit_of_number(atoms, i)
        ):
            flush(a.end)
            if a.args and a.text.startswith(("text", "mbox", "intertext", "shortintertext")):
                lead[:] = [plain_text(a.args[0]).strip()]  # `\\text{s.t.}`: the words before the next chain
            i += 1
            continue
        if top and (a.is_op(";") or (a.is_op(",") and relations and not _digit_group(atoms, i))):
            flush(a.end)
            i += 1
            continue
        rel, j = relation_at(atoms, i) if top else (None, i)
        if rel is not None and rel.kind == "implication":
            flush(rel.end)  # `a>0 \implies b>0`: two statements
            # the statement before the sign: words between it and the sign
            # (`x^\star=x_u\quad\text{is a KKT pair}\iff …`, `\eta'=k\eta\ \text{ for batch } kB
            # \implies …`) ended its chain already, and leave at most a fragment with no relation
            k = len(chains) - 1
            while k > after_implication and not chains[k].relations:
                k -= 1
            if k >= after_implication and chains[k].relations:
                chains[k].hypothesis_of_implication = True
                chains[k].implication_before = True
                chains[k].one_way = rel.written.strip("\\") not in _TWO_WAY_IMPLICATIONS
            after_implication = len(chains)
            pending_hypothesis = rel.written.strip("\\") in _BACKWARD_IMPLICATIONS
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


def _digit_group(atoms: list[Atom], i: int) -> bool:
    """The comma at atom ``i`` sits inside a number (``100,352``, ``60,000``; ``2,5`` in German or
    French notes): digits touch it on both sides. Which number is meant is for the CAS to refuse;
    the comma does not end the statement (``x = 2,5`` is not ``x = 2``). A list is written with a
    space (``i = 1, 2``); ``i = 1,2`` stays one unreadable side rather than ``i = 1``."""
    if i == 0 or i + 1 >= len(atoms):
        return False
    left, comma, group = atoms[i - 1], atoms[i], atoms[i + 1]
    return (
        left.kind == "digit"
        and left.end == comma.start
        and group.kind == "digit"
        and group.start == comma.end
        and group.sub is None
        and group.sup is None
    )


def _unit_of_number(atoms: list[Atom], i: int) -> bool:
    """``1\\text{B}``, ``5\\,\\text{ ms}``: text holding a unit (``[statements] units``) right
    after a number is part of the number's side."""
    a = atoms[i]
    if not a.is_macro("text", "textrm", "mbox") or not a.args or i == 0 or atoms[i - 1].kind != "digit":
        return False
    return plain_text(a.args[0]).strip() in vocabulary().units


def _names_a_function(atoms: list[Atom], i: int) -> bool:
    """``\\text{Var}(X)``, ``\\textrm{Area}_A``: text written right before ``(``, ``[`` or with
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


def relation_at(atoms: list[Atom], i: int) -> tuple[Relation | None, int]:
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
