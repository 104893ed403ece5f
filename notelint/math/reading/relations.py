"""The relations a verifier checks: the math model's chains, as text with offsets.

``a = b = c \\approx d`` is one chain with three links; each link keeps the offsets of its two
sides and of its relation symbol inside the span's LaTeX, so a finding can point at exactly
the relation that is wrong. The splitting is the math model's (:mod:`notelint.math.reading.model`:
rows of ``align``-like environments, statements separated by ``\\quad``, ``\\text{…}``,
implications and commas, ``&= …`` continuing the previous row's last side, ``&\\quad + c``
extending it); this module only gives each side its text and each relation the operator the
CAS checks, from the one LaTeX vocabulary (``data/latex.toml``). The conditions of a
``cases`` block (``1 & x = 0``) are not relations to check.

Math pylatexenc cannot read (unbalanced braces: NL210 reports them), or math with a ``$``
switching math mode inside it (its delimiters went wrong), has no links.

No SymPy here: the parent process splits, the workers translate and verify.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notelint.math.reading import model as math_model
from notelint.math.reading.atoms import Atom, remember_side
from notelint.math.reading.model import MATH_MODEL, MathModel
from notelint.note import MathSpan, outside_the_note
from notelint.parse.latex import LATEX_TREE

#: rows whose chains are not relations of the note: the value/condition cells of ``cases``
_NOT_RELATIONS = ("cases", "cases*", "dcases", "dcases*", "rcases", "rcases*")


@dataclass(frozen=True)
class Side:
    """One side of a link: offsets into the span's LaTeX (``end`` exclusive), its text, and its
    atoms as the math model read them (for facts about its structure: a number, a set)."""

    start: int
    end: int
    text: str
    atoms: tuple[Atom, ...] = field(default=(), compare=False, repr=False)


@dataclass
class Link:
    """Two sides and the relation between them."""

    op: str  # canonical: "=", "approx", "<=", ">=", "<", ">", "!=", ":=", or "other"
    symbol: str  # as written
    left: Side
    right: Side
    op_start: int
    op_end: int
    #: position of the link in its chain and the chain's number of links
    index: int = 0
    chain_len: int = 1
    #: the left side was taken from the previous line (``&= …``)
    continued: bool = False
    chain_id: int = 0

    @property
    def start(self) -> int:
        return min(self.left.start, self.op_start)

    @property
    def end(self) -> int:
        return max(self.right.end, self.op_end)


@dataclass
class Chain:
    """A relation chain ``a = b \\le c``: its sides, the relations between them and its links."""

    parts: list[Side]
    ops: list[tuple[str, str, int, int]]  # (canonical, written, start, end)
    links: list[Link] = field(default_factory=list)
    #: the first part came from an earlier line
    continued: bool = False
    #: ``u>0: &\\quad u=z-\\tau``: the case its row treats (the text of the case's chain), and
    #: whether this chain is that case itself
    case: str | None = None
    is_case: bool = False
    #: the words written right before it in its row (``\\text{s.t.}``), if any
    lead: str | None = None
    #: the hypothesis of an implication it is joined by (``a=b \\iff c=d``): true under the
    #: other statement only
    hypothesis_of_implication: bool = False
    #: the link that touches the implication sign is its last (else its first)
    implication_before: bool = False
    #: the hypothesis of a one-way implication (``a=b \\implies c=d``): the other statement
    #: holds under it
    one_way: bool = False


def chains_of(span: MathSpan) -> list[Chain]:
    """Relation chains of a math span (offsets into ``span.latex``)."""
    if any(type(node).__name__ == "LatexMathNode" for node in span.facet(LATEX_TREE).nodes):
        # a `$` switching math mode inside math: the span's delimiters went wrong (NL210
        # reports it) and its text is partly prose, not a formula
        return []
    return _view(span.facet(MATH_MODEL))


def split_relations(latex: str) -> list[Chain]:
    """Relation chains of a LaTeX text read on its own (offsets into ``latex``)."""
    with outside_the_note():  # a span of its own: its facets are not the note's
        return chains_of(MathSpan(0, len(latex), 0, latex, "display", "$$"))


def links(latex: str) -> list[Link]:
    """All links of all chains of a LaTeX text, in order."""
    return [link for chain in split_relations(latex) for link in chain.links]


def _view(model: MathModel) -> list[Chain]:
    out: list[Chain] = []
    for row in model.rows:
        if row.environment in _NOT_RELATIONS:
            continue
        case = _case_text(row.case, model.latex) if row.case is not None else None
        for chain in row.chains:
            if chain.relations:
                view = _chain(chain, model.latex, len(out), not model.expanded)
                view.case, view.is_case = case, chain is row.case
                out.append(view)
    return out


def _case_text(chain: math_model.Chain, latex: str) -> str:
    return latex[chain.sides[0].start : chain.sides[-1].end]


def _chain(chain: math_model.Chain, latex: str, chain_id: int, as_written: bool) -> Chain:
    parts = [_side(side, latex, as_written) for side in chain.sides]
    ops = [(_canonical(rel), rel.written, rel.start, rel.end) for rel in chain.relations]
    view = Chain(
        parts,
        ops,
        continued=chain.continued,
        lead=chain.lead,
        hypothesis_of_implication=chain.hypothesis_of_implication,
        implication_before=chain.implication_before,
        one_way=chain.one_way,
    )
    n = len(ops)
    view.links = [
        Link(
            op,
            sym,
            parts[k],
            parts[k + 1],
            s,
            e,
            k,
            n,
            continued=chain.continued and k == 0,
            chain_id=chain_id,
        )
        for k, (op, sym, s, e) in enumerate(ops)
    ]
    return view


def _side(side: math_model.Side, latex: str, as_written: bool) -> Side:
    text = side.text(latex)
    if as_written and not side.pieces and not side.marks:
        # its atoms are those of its text read alone: the readers of sides need not parse it again
        remember_side(text, side.atoms, side.start)
    return Side(side.start, side.end, text, tuple(side.atoms))


def _canonical(relation: math_model.Relation) -> str:
    """The operator the CAS checks (``:=`` for a definition), ``other`` for relations it never checks."""
    return relation.meaning.op or "other"


#: notes written over or under a formula: ``\underbrace{x}_{note}``; the formula is the body
_BRACE_NOTES = frozenset({"underbrace", "overbrace"})
#: ``\underset{note}{x}``, ``\overset{(a)}{x}``: the formula is the second argument
_SET_NOTES = frozenset({"underset", "overset"})


def without_notes(side: Side, model: MathModel) -> str:
    r"""The text of ``side`` (a side of ``model``'s span) as a formula: without the ``\tag`` and
    ``\label`` written inside it, and with ``\underbrace{x}_{note}``, ``\overbrace{x}^{note}``,
    ``\underset{note}{x}`` and ``\overset{note}{x}`` read as ``{x}``, nested ones too."""
    edits = [
        (m.start, m.end, " ")
        for m in model.markers
        if m.kind in ("tag", "label") and side.start <= m.start and m.end <= side.end
    ]
    _note_edits(list(side.atoms), edits)
    out = model.latex[side.start : side.end]
    for start, end, text in sorted(edits, reverse=True):
        out = out[: start - side.start] + text + out[end - side.start :]
    return out


def _note_edits(atoms: list[Atom], edits: list[tuple[int, int, str]]) -> None:
    for a in atoms:
        body = None
        if a.kind == "macro" and a.text in _BRACE_NOTES and len(a.args) == 1:
            body = a.args[0]
        elif a.kind == "macro" and a.text in _SET_NOTES and len(a.args) == 2:
            body = a.args[1]
        if body is not None:
            if not body:
                edits.append((a.start, a.end, " {} "))
                continue
            edits.append((a.start, body[0].start, " {"))
            edits.append((body[-1].end, a.end, "} "))
            _note_edits(body, edits)
            continue
        _note_edits(a.inner, edits)
        for arg in a.args:
            _note_edits(arg, edits)
        _note_edits(a.sub or [], edits)
        _note_edits(a.sup or [], edits)
