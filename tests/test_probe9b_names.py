"""Names that are not symbols (NL301), abbreviations inside the recap's sentence (NL106), and the
simplex as a probability-vector hypothesis."""

from __future__ import annotations

from notelint.config import Config
from notelint.engine import lint_text
from notelint.math.reading.atoms import parse_atoms
from notelint.math.reading.side_values import number_set
from notelint.rules.structure.nl106_recap_not_one_sentence import count_sentences

_NOTE = """# Note

## 0) Metadata
- Lecture Title: T
- Source: https://lectures.example.edu/t (00:00:00–00:10:00)
- Topic Tags: statistics

## 1) Concept & Intuition
- {concept}
- b
- c

## 2) Notation & Objects
- $x\\in\\mathbb{{R}}$: an observation.

## 3) Assumptions, Constraints & Conditions
- none
"""


def _undeclared(concept: str) -> list[str]:
    result = lint_text(_NOTE.format(concept=concept), "note.md", Config())
    return [d.message for d in result.diagnostics if d.code == "NL301"]


def test_a_letter_joined_to_a_word_is_part_of_a_name() -> None:
    assert _undeclared("the Student-$t$ density, a $p$-value and a $\\chi^2$-test on $x$") == []
    assert _undeclared("the $L^2$ space, the Pythagorean theorem in $L^2$") == []
    assert _undeclared("act $\\varepsilon$-greedily, or use $k$-fold cross-validation") == []
    # the same letters used as symbols are still reported
    assert any("`t`" in m for m in _undeclared("the density at $t$"))
    assert any("`p`" in m for m in _undeclared("a value $p+x$"))
    assert any("`L`" in m for m in _undeclared("the constant $L^2$ of the bound"))


def test_statistical_abbreviations_do_not_end_a_sentence() -> None:
    assert count_sentences("For i.i.d. Poisson counts the bound is attained.") == 1
    # a real second sentence is still counted
    assert count_sentences("The bound holds. The mean attains it.") == 2


def test_the_simplex_is_a_probability_vector_hypothesis() -> None:
    assert number_set(parse_atoms("\\Delta^{K-1}")) == "probability"
    assert number_set(parse_atoms("\\Delta_{K}")) == "probability"
    assert number_set(parse_atoms("\\Delta")) is None
