"""Shared helpers of the symbol rules: which math they read, and index letters."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from notelint import data
from notelint.math.reading.model import MATH_MODEL
from notelint.math.semantics.occurrences import BOUND, INDEX, map_parameters
from notelint.math.semantics.span_symbols import extraction
from notelint.note import Span
from notelint.parse.passages import LECTURER_PASSAGES

if TYPE_CHECKING:
    from notelint.math.reading.atoms import Atom
    from notelint.note import MathSpan, Note


def _inside(note: Note, m: MathSpan, key: str) -> bool:
    section = note.sections.get(key)
    return section is not None and section.body.start <= m.start < section.body.end


def checked_math(
    note: Note, *, skip: tuple[str, ...] = ("2", "4.D"), quoted_claims: bool = True
) -> Iterator[MathSpan]:
    """Math outside the glossary (section 2) and the schematic identities of 4.D; with
    ``quoted_claims=False`` also outside the passages tagged (LECTURER CLAIM)."""
    claims = [] if quoted_claims else lecturer_claims(note)
    for m in note.math:
        if any(_inside(note, m, key) for key in skip):
            continue
        if any(c.start <= m.start < c.end for c in claims):
            continue
        yield m


def lecturer_claims(note: Note) -> list[Span]:
    """The passages that quote a (LECTURER CLAIM) (the ``LECTURER_PASSAGES`` facet)."""
    return note.facet(LECTURER_PASSAGES)


def math_in_section(note: Note, key: str) -> Iterator[MathSpan]:
    section = note.sections.get(key)
    if section is None:
        return
    yield from note.math_in(section.body)


def index_letters(note: Note) -> set[str]:
    """Letters used as an index or a bound variable anywhere in the note (``x_i``, ``\\sum_i``):
    a bare ``i`` elsewhere ("for each $i$") is that index, not an undeclared symbol."""
    out: set[str] = set()
    for m in note.math:
        for occ in extraction(m).occurrences:
            if occ.role in (INDEX, BOUND):
                out.add(occ.key)
    return out


#: a space or norm named by a letter and its order: "the $L^2$ space", "the $L^1$ norm"
_SPACE_AFTER = re.compile(r"[\s-]+(?:space|spaces|norm|norms)\b", re.IGNORECASE)
#: "in $L^2$", "in $C^1$": the prose form of ``f \\in L^2`` (a letter of ``function_spaces``)
_IN_SPACE = re.compile(r"\bin\s+$", re.IGNORECASE)
#: the letters of function spaces written with their order (``L^2``, ``C^1``, ``H^1``)
_SPACE_LETTERS = ("C", "L", "H")
#: a capitalised word and a hyphen right before the span: "Student-$t$"
_NAME_BEFORE = re.compile(r"(?<![\w-])[A-Z][a-z]+-$")


@functools.cache
def _compound_suffixes() -> re.Pattern[str]:
    words = data.load("symbols")["compound_names"]["suffixes"]
    return re.compile(r"-(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def names_a_compound(note: Note, m: MathSpan) -> bool:
    """Is ``m`` one letter joined by a hyphen to a word, part of a name ("Student-$t$",
    "$p$-value", "$\\chi^2$-test"), or a letter with its order naming a space or a norm ("the
    $L^2$ space", "in $L^2$"), rather than a use of a symbol? (``data/symbols.toml``)"""
    letter = _one_letter(m) if m.kind == "inline" else None
    if letter is None:
        return False
    before = note.text[max(0, m.start - 40) : m.start]
    after = note.text[m.end : m.end + 40]
    if letter.sup is not None and _SPACE_AFTER.match(after):
        return True
    if letter.sup is not None and letter.text in _SPACE_LETTERS and _IN_SPACE.search(before):
        return True
    return bool(_NAME_BEFORE.search(before) or _compound_suffixes().match(after))


@functools.cache
def _counted_nouns() -> re.Pattern[str]:
    table = data.load("symbols")["counted_in_passing"]
    words = [*table["nouns"], *table["properties"]]
    return re.compile(r"\s+(?:is\s+)?(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def counted_in_passing(note: Note, m: MathSpan) -> set[str]:
    """The letters a phrase of ``m``'s paragraph or list item names as counts or positions in
    passing ("a layer with $d$ features", "in $p$ dimensions", "row $i$"), outside section 4
    (``data/symbols.toml``)."""
    section = note.section_at(m.start)
    block = note.block_at(m.start)
    if block is None or (section is not None and section.key.split(".")[0] == "4"):
        return set()
    out = set()
    for other in note.math_in(block.span):
        letter = _one_letter(other) if other.kind == "inline" else None
        if letter is None or letter.sup is not None:
            continue
        if _counted_nouns().match(note.text, other.end) or _position_nouns().search(
            note.text, max(block.span.start, other.start - 30), other.start
        ):
            out.add(letter.text)
    return out


def bound_in_words(note: Note, m: MathSpan) -> set[str]:
    r"""The letters a phrase of ``m``'s paragraph or list item binds, in any section ("over
    matrices $M$ of rank at most $r$", "for every $u$", "every linear combination $v=…$", the
    variable of a map "$t\mapsto F(x+t\dot x)$"): a dummy of the sentence, local to its
    paragraph as a bound variable of the math is."""
    block = note.block_at(m.start)
    if block is None:
        return set()
    out = set()
    for other in note.math_in(block.span):
        if other.kind != "inline":
            continue
        # "the image curve $t\mapsto F(x+t\dot x)$ at $t=0$": the map's variable, named again
        out |= map_parameters(other.facet(MATH_MODEL).atoms)
        letter = _one_letter(other) or _named_first(other)
        if letter is None or letter.sup is not None:
            continue
        if _QUANTIFIER.search(note.text, max(block.span.start, other.start - 50), other.start):
            out.add(letter.text)
    return out


#: a word and an opening parenthesis right before a span that fills the parenthesis: "the
#: Pareto-smoothed diagnostic ($\hat k$)"
_NOUN_BEFORE = re.compile(r"[A-Za-z][A-Za-z-]*\s+\($")


def named_in_parentheses(note: Note, m: MathSpan) -> bool:
    r"""Is ``m`` one symbol a phrase names in parentheses outside section 4 ("the Pareto-smoothed
    importance sampling diagnostic ($\hat k$) is more reliable"): the symbol of the words before
    it, named in passing, as "row $i$" is?"""
    section = note.section_at(m.start)
    if m.kind != "inline" or (section is not None and section.key.split(".")[0] == "4"):
        return False
    if not note.text.startswith(")", m.end) or not _NOUN_BEFORE.search(
        note.text, max(0, m.start - 40), m.start
    ):
        return False
    return len(extraction(m).occurrences) == 1


def named_as_entries(note: Note, m: MathSpan) -> set[str]:
    r"""The letters a span of ``m``'s paragraph or list item names as the entries of a vector
    it writes out (``w`` of "with $W=(w_1,w_2)^\top$", ``x`` of "$v=(x_1,x_2,x_3)$"): the
    entries' letter is declared for its paragraph, as a letter a phrase binds is."""
    block = note.block_at(m.start)
    if block is None:
        return set()
    out = set()
    for other in note.math_in(block.span):
        atoms = other.facet(MATH_MODEL).atoms
        if len(atoms) < 7 or not atoms[1].is_op("=") or not atoms[2].is_op("(") or not atoms[-1].is_op(")"):
            continue
        entries = atoms[3:-1:2]
        commas = atoms[4:-1:2]
        if not all(c.is_op(",") for c in commas) or len(entries) != len(commas) + 1:
            continue
        letters = {a.text for a in entries if a.kind == "letter" and a.sub is not None and a.sup is None}
        if len(letters) == 1 and all(a.kind == "letter" and a.sub is not None for a in entries):
            out |= letters
    return out


#: the words before a letter a sentence binds: "over (all) matrices", "for every", "any"
_QUANTIFIER = re.compile(
    r"\b(?:over(?:\s+all)?|for\s+(?:all|every|each|any)|every|each|any)\s+(?:[A-Za-z-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _named_first(m: MathSpan) -> Atom | None:
    """The letter ``m`` defines first (``v`` of ``v=\\sum_i u_i\\psi(x_i)``), else None."""
    atoms = m.facet(MATH_MODEL).atoms
    if len(atoms) < 3 or not atoms[1].is_op("="):
        return None
    atom = atoms[0]
    if atom.kind != "letter" or atom.sub is not None or atom.sup is not None or atom.primes:
        return None
    return atom


@functools.cache
def _position_nouns() -> re.Pattern[str]:
    words = data.load("symbols")["counted_in_passing"]["positions"]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\s+$", re.IGNORECASE)


def _one_letter(m: MathSpan) -> Atom | None:
    """The span's one symbol (``t``, ``\\chi^2``, ``T^{2}``): a letter or an argument-less macro
    with a number as its superscript at most, read from the math model."""
    atoms = m.facet(MATH_MODEL).atoms
    if len(atoms) != 1:
        return None
    atom = atoms[0]
    if atom.kind not in ("letter", "macro") or atom.sub is not None or atom.primes or atom.args or atom.inner:
        return None
    if atom.sup is not None and not (atom.sup and all(a.kind == "digit" for a in atom.sup)):
        return None
    return atom
