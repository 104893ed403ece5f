"""Note-defined macros: front matter and ``\\newcommand``, expanded in the math model."""

from __future__ import annotations

from notelint.math.reading.macros import Macro, expand_text, expandable, front_matter_macros, note_macros
from notelint.math.reading.model import MATH_MODEL
from notelint.parse.note import parse_note


def test_myst_front_matter_macros() -> None:
    got = front_matter_macros("---\nmath:\n  '\\R': '\\mathbb{R}'\n  '\\bw': '\\mathbf{w}'\n---\n")
    assert got == {"\\R": Macro("\\R", "\\mathbb{R}"), "\\bw": Macro("\\bw", "\\mathbf{w}")}


def test_mathjax_configuration_macros_anywhere_in_the_front_matter() -> None:
    text = (
        "---\nsphinx:\n  config:\n    mathjax3_config:\n      tex:\n        macros:\n"
        "          R: '\\mathbb{R}'\n          norm: ['\\lVert #1 \\rVert', 1]\n---\n"
    )
    got = front_matter_macros(text)
    assert got["\\R"].expands
    assert got["\\norm"].arguments == 1 and not got["\\norm"].expands


def test_front_matter_that_is_not_yaml_or_has_no_macros() -> None:
    assert front_matter_macros("---\nmath: [unclosed\n---\n") == {}
    assert front_matter_macros("---\ntitle: x\n---\n") == {}
    assert front_matter_macros("") == {}
    assert front_matter_macros("---\n- a list\n---\n") == {}


def test_front_matter_without_macro_keys_does_not_load_yaml() -> None:
    """A Jekyll header (title, date, tags) is not parsed as YAML: only ``math:`` (MyST) or a
    ``macros:`` key can define macros (its near miss, a header with ``math:``, still is)."""
    import subprocess
    import sys

    code = r"""
import sys
from notelint.math.reading.macros import front_matter_macros as f
assert f("---\ntitle: x\ntags: [a, b]\n---\n") == {}
assert "yaml" not in sys.modules
got = f("---\ntitle: x\nmath:\n  '\\R': '\\mathbb{R}'\n---\n")
assert "yaml" in sys.modules and list(got) == ["\\R"], got
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_definitions_in_any_span_apply_to_the_whole_note() -> None:
    note = parse_note(
        "Use $x\\in\\R^{d}$ first.\n\n"
        "$$\\newcommand{\\R}{\\mathbb{R}} \\newcommand{\\f}[1]{#1^2} \\DeclareMathOperator{\\Tr}{Tr}$$\n"
    )
    table = note_macros(note.math[0])
    assert table["\\R"].expands and not table["\\f"].expands
    assert table["\\Tr"] == Macro("\\Tr", "\\operatorname{Tr}")
    atoms = note.math[0].facet(MATH_MODEL).atoms
    domain = atoms[-1]
    # \R^{d} reads as \mathbb{R}^{d}, at the offsets of \R as written
    assert domain.is_macro("mathbb") and domain.sup is not None
    assert note.math[0].latex[domain.start : domain.head_end] == "\\R"


def test_a_macro_the_note_does_not_define_is_left_alone() -> None:
    note = parse_note("---\nmath:\n  '\\R': '\\mathbb{R}'\n---\n\nUse $x\\in\\Rset^{d}$.\n")
    atoms = note.math[0].facet(MATH_MODEL).atoms
    assert atoms[-1].is_macro("Rset")


_CAS_MACROS = (
    ("\\bx", "\\mathbf{x}", 0),
    ("\\s", "a+b", 0),
    ("\\l", "\\left(", 0),
    ("\\r", "\\right)", 0),
    ("\\sumN", "\\sum_{n=1}^{N}", 0),
    ("\\dadb", "\\frac{\\partial #1}{\\partial #2}", 2),
    ("\\loop", "\\loop\\loop", 0),
)


def test_the_cas_reads_every_macro_expanded_as_text() -> None:
    def ex(latex: str) -> str:
        return expand_text(latex, _CAS_MACROS)

    assert ex("\\bx^\\top\\bx") == "\\mathbf{x}^\\top\\mathbf{x}"
    assert ex("\\s^2") == "{a+b}^2"  # a sum keeps its parentheses
    assert ex("\\l \\bx \\r^2") == "\\left( \\mathbf{x} \\right)^2"  # fragments as written
    assert ex("\\sumN x_n") == "\\sum_{n=1}^{N} x_n"  # an operator keeps its operand
    assert ex("\\dadb{f(\\bx)}{\\bx}") == "\\frac{\\partial f(\\mathbf{x})}{\\partial \\mathbf{x}}"
    assert ex("\\dadb fx") == "\\frac{\\partial f}{\\partial x}"  # single-token arguments
    # a longer control word, or a use without its arguments, is not the macro
    assert ex("\\bxy + \\dadb{f}") == "\\bxy + \\dadb{f}"
    assert ex("\\bx_1") == "\\mathbf{x}_1"
    assert len(ex("\\loop")) < 20_000  # a recursive definition stops


def test_the_cas_expansion_takes_the_notes_macros_front_matter_included() -> None:
    note = parse_note(
        "---\nmath:\n  '\\R': '\\mathbb{R}'\n---\n# T\n\n$\\newcommand{\\f}[1]{#1^2}\\f{x}\\in\\R$\n"
    )
    macros = expandable(note_macros(note.math[0]))
    assert expand_text("\\f{y}\\in\\R", macros) == "{y^2}\\in\\mathbb{R}"
