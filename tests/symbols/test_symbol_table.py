"""The glossary is the only symbol table: the CAS side reads its shapes from it (issue 15)."""

from __future__ import annotations

from notelint.math.checking.cas_shapes import declared_shapes
from notelint.parse import parse_note

_NOTE = """# Attention

## 0) Metadata

- Lecture Title: attention

## 1) Concept & Intuition

- Products of projections.

## 2) Notation & Objects

- $SIZE\\in\\mathbb{N}$: key width.
- $A, B\\in\\mathbb{R}^{SIZE\\times SIZE}$: projection matrices.
- $\\mathbf{x}\\in\\mathbb{R}^{SIZE}$: a query.

## 4) Derivation Protocol

### 4.B Step-by-Step Derivation

$$(AB)^\\top = A^\\top B^\\top \\tag{1}$$

### 4.D Identities

- (I1) $\\nabla_a\\, a^\\top M a = (M+M^\\top)a$ for $M\\in\\mathbb{R}^{m\\times m}$ and $a\\in\\mathbb{R}^{m}$.
- (I2) $\\nabla_a\\, b^\\top a = b$ for $b\\in\\mathbb{R}^{m}$.
"""


def test_sizes_with_subscripts_give_the_cas_the_same_shapes_as_one_letter_sizes() -> None:
    for size, name in (("k", "k"), ("d_k", "d_k")):
        shapes = declared_shapes(parse_note(_NOTE.replace("SIZE", size)))
        assert shapes["A"] == shapes["B"] == (name, name)
        assert shapes["\\mathbf{x}"] == shapes["x"] == (name, 1)


def test_identity_letters_are_local_to_4d() -> None:
    note = parse_note(_NOTE.replace("SIZE", "k"))
    main = declared_shapes(note)
    assert "M" not in main and "a" not in main and "b" not in main
    (i2,) = [m for m in note.math if m.latex.startswith("\\nabla_a\\, b")]
    local = declared_shapes(note, i2)
    # its own letter, and the letters the other identities declare
    assert local["b"] == ("m", 1) and local["a"] == ("m", 1) and local["M"] == ("m", "m")
    (step,) = [m for m in note.math if "(AB)" in m.latex]
    assert "a" not in declared_shapes(note, step)


def test_a_note_without_a_glossary_still_gives_the_cas_its_declared_shapes() -> None:
    note = parse_note(
        "# Chapter\n\nWe write $\\mathbf{x} \\in \\mathbb{R}^n$ and $X\\in\\mathbb{R}^{n\\times d}$.\n"
    )
    # each spelling a relation may use: \mathbf{x}, \mathbf x and the bare letter
    assert declared_shapes(note) == {
        "\\mathbf{x}": ("n", 1),
        "\\mathbf x": ("n", 1),
        "x": ("n", 1),
        "X": ("n", "d"),
    }


def test_a_symbol_declared_with_two_shapes_is_left_out() -> None:
    note = parse_note(
        "# C\n\nLet $\\mathbf{x} \\in \\mathbb{R}^n$.\n\nLater $\\mathbf{x}, \\mathbf{y} \\in \\mathbb{R}^d$.\n"
    )
    assert declared_shapes(note) == {"\\mathbf{y}": ("d", 1), "\\mathbf y": ("d", 1), "y": ("d", 1)}


def test_without_a_glossary_the_latest_declaration_before_the_math_holds() -> None:
    note = parse_note(
        "# C\n\nLet $\\mathbf{x} \\in \\mathbb{R}^n$ and $\\|\\mathbf{x}\\| = 1$.\n\n"
        "## Later\n\nNow $\\mathbf{x} \\in \\mathbb{R}^d$ and $\\mathbf{x}^\\top \\mathbf{x} = 1$.\n"
    )
    _, first_use, _, second_use = note.math
    assert declared_shapes(note, first_use)["\\mathbf{x}"] == ("n", 1)
    assert declared_shapes(note, second_use)["\\mathbf{x}"] == ("d", 1)
