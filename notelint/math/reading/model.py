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

from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelint.math.reading.atoms import Atom, build_atoms
from notelint.math.reading.binders import Binder, collect_binders
from notelint.math.reading.chains import Chain, Link, Marker, Relation, Row, Side, build_rows
from notelint.math.reading.macros import expand, note_macros
from notelint.math.reading.tokens import Tok, tokenize_nodes
from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.occurrences import Occurrence, extract
from notelint.note import MathFacet, Span
from notelint.parse.latex import LATEX_TREE

if TYPE_CHECKING:
    from notelint.note import MathSpan


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
    #: the note's own macros were expanded before its atoms were read (a side's atoms are then
    #: not those of its text read alone)
    expanded: bool = False

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
    rows = build_rows(atoms, span.latex, None)
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
        expanded=bool(note_defined),
    )


MATH_MODEL: MathFacet[MathModel] = MathFacet(
    "math-model", build, "The math model of the span: atoms, rows, relation chains, binders, markers."
)


# --------------------------------------------------------------------------------------------
# markers and macros


def _collect(atoms: list[Atom], source: str, markers: list[Marker], macros: dict[str, str]) -> None:
    k = 0
    while k < len(atoms):
        a = atoms[k]
        if a.is_macro("tag", "label", "text", "textrm", "mbox") and a.args:
            inner = a.args[0]
            text = source[inner[0].start : inner[-1].end] if inner else ""
            markers.append(Marker(a.text if a.text in ("tag", "label") else "text", text, a.start, a.end))
        elif a.kind == "macro" and a.text in vocabulary().macro_definers:
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


def only_defines_macros(model: MathModel) -> bool:
    """The span holds macro definitions and nothing else (``$$\\newcommand{\\bX}{\\mathbf{X}}$$``,
    a preamble for the renderer; comments are no atoms): a display that is no equation."""
    k = 0
    while k < len(model.atoms):
        end = _definition_end(model.atoms, k)
        if end is None:
            return False
        k = end
    return bool(model.atoms)


def _definition_end(atoms: list[Atom], k: int) -> int | None:
    """The index after the definition starting at ``atoms[k]``, None if none starts there:
    ``\\newcommand{\\bX}[1]{…}`` (its arguments parsed), ``\\def\\bX#1#2{…}``, ``\\let\\a=\\b``."""
    a = atoms[k]
    if a.kind != "macro" or a.text not in vocabulary().definers:
        return None
    if len(a.args) >= 2:
        return k + 1
    j = k + 1
    if j >= len(atoms) or atoms[j].kind != "macro":
        return None
    j += 1  # the name
    if a.text == "let":
        if j < len(atoms) and atoms[j].is_op("="):
            j += 1
        return j + 1 if j < len(atoms) and atoms[j].kind == "macro" else None
    while j + 1 < len(atoms) and atoms[j].is_op("#") and atoms[j + 1].kind == "digit":
        j += 2  # the parameters of \def
    return j + 1 if j < len(atoms) and atoms[j].kind == "group" else None


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
    "only_defines_macros",
]
