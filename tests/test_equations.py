"""The equation model: numbering from every source, labels, references with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.facets import EQUATIONS, LATEX_ERRORS
from notelint.parse import parse_note
from notelint.parse.equations import renumbering
from notelint.parse.latex_syntax import check_latex

ROOT = Path(__file__).resolve().parent.parent


def numbering(text: str) -> list[tuple[str, str | None]]:
    return [(e.numbering, e.number) for e in parse_note(text).facet(EQUATIONS).equations]


def test_tag_and_tag_star_with_offsets() -> None:
    text = "$$\na = b \\tag{7}\n$$\n\n\\[ c = d \\tag*{ (H) } \\]\n"
    note = parse_note(text)
    eqs = note.facet(EQUATIONS).equations
    assert [(e.numbering, e.number) for e in eqs] == [("tag", "7"), ("tag*", "(H)")]
    assert text[eqs[0].number_span.start : eqs[0].number_span.end] == "7"
    assert text[eqs[1].number_span.start : eqs[1].number_span.end] == "(H)"


def test_auto_numbered_rows_minus_notag() -> None:
    text = (
        "\\begin{align}\na &= b \\\\\n  &= c \\notag \\\\\n  &= d \\nonumber \\\\\n  &= e\n\\end{align}\n\n"
        "\\begin{gather}\nx = 1 \\\\\ny = 2\n\\end{gather}\n\n"
        "\\begin{equation}\n\\begin{split}\np &= q \\\\\n  &= r\n\\end{split}\n\\end{equation}\n"
    )
    assert numbering(text) == [
        ("auto", "1"),
        ("notag", None),
        ("notag", None),
        ("auto", "2"),
        ("auto", "3"),
        ("auto", "4"),
        ("auto", "5"),
    ]


def test_starred_environment_and_environment_inside_dollars() -> None:
    text = "$$\n\\begin{align*}\na &= b \\tag{3} \\\\\n  &= c\n\\end{align*}\n$$\n"
    assert numbering(text) == [("tag", "3"), ("none", None)]
    text = "$$\n\\begin{align}\na &= b \\\\\n  &= c\n\\end{align}\n$$\n"
    assert numbering(text) == [("auto", "1"), ("auto", "2")]


def test_row_split_ignores_nested_environments_and_braces() -> None:
    text = (
        "\\begin{align}\nA &= \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix} \\\\\nB &= {x \\\\ y}\n\\end{align}\n"
    )
    assert numbering(text) == [("auto", "1"), ("auto", "2")]


def test_labels_from_latex_myst_d2l_and_math_fence() -> None:
    text = (
        "\\begin{equation}\na = b \\label{eq:a}\n\\end{equation}\n\n"
        "$$\nc = d\n$$ (eq-myst)\n\n"
        "$$e = f.$$\n:eqlabel:`eq_d2l`\n\n"
        "```{math}\n:label: eq-fence\ng = h\n```\n"
    )
    note = parse_note(text)
    assert set(note.facet(EQUATIONS).labels) == {"eq:a", "eq-myst", "eq_d2l", "eq-fence"}
    assert all(e.numbered for e in note.facet(EQUATIONS).equations)
    for name, defs in note.facet(EQUATIONS).labels.items():
        label = defs[0][0]
        assert text[label.span.start : label.span.end] == name


def test_equation_heading_layout_numbers_its_equation() -> None:
    text = "Equation (1): $a = b$\n{Rule: x}\n\nEquation (2):\n$$\nc = d\n$$\n"
    note = parse_note(text)
    assert [(e.numbering, e.number) for e in note.facet(EQUATIONS).equations] == [
        ("heading", "1"),
        ("heading", "2"),
    ]


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("By (1) and (2) we get it.", ["1", "2"]),
        ("Eq. (1), Eqs. (1) and (2), Equation (2), equations (1)–(2).", ["1", "1", "2", "2", "1", "2"]),
        ("The range (1)–(2) holds.", ["1", "2"]),
        ("Here (n−1) and (0, 1) and (2020) and f(1) and x_(2) and (0) are not references.", []),
        ("Figure (1), Table (2), Step (1), Section (2) name other things.", []),
        ("We need: (1) convexity, (2) smoothness.", []),
        ("(1) starts a line as an enumeration, then (2).", []),
    ],
)
def test_plain_text_references(prose: str, expected: list[str]) -> None:
    text = f"$$ a = b \\tag{{1}} $$\n\n$$ c = d \\tag{{2}} $$\n\n{prose}\n"
    note = parse_note(text)
    refs = [r for r in note.facet(EQUATIONS).references if r.kind == "number"]
    assert [r.target for r in refs] == expected
    for r in refs:
        assert text[r.target_span.start : r.target_span.end] == r.target


def test_bare_numbers_are_references_only_with_hand_numbering() -> None:
    text = "\\begin{equation}\na = b\n\\end{equation}\n\nBy (1) and Eq. (1).\n"
    refs = parse_note(text).facet(EQUATIONS).references
    assert [(r.form, r.target) for r in refs] == [("keyword", "1")]


def test_label_references_in_math_and_prose_not_in_code() -> None:
    text = "See \\eqref{eq:a}, $\\ref{eq:b}$, :eqref:`eq_c`, {eq}`eq-d` and `\\eqref{eq:code}`.\n"
    refs = parse_note(text).facet(EQUATIONS).references
    assert [(r.form, r.target) for r in refs] == [
        ("eqref", "eq:a"),
        ("ref", "eq:b"),
        ("role", "eq_c"),
        ("role", "eq-d"),
    ]


def test_renumbering_mapping() -> None:
    note = parse_note("$$ a \\tag{1} $$\n\n$$ b \\tag{3} $$\n\n$$ c \\tag{2} $$\n")
    assert renumbering(note.facet(EQUATIONS)) == {"1": "1", "3": "2", "2": "3"}
    # mixed with auto numbering, duplicates or sub-numbers: not safe
    for text in (
        "$$ a \\tag{1} $$\n\n\\begin{equation}\nb\n\\end{equation}\n",
        "$$ a \\tag{1} $$\n\n$$ b \\tag{1} $$\n",
        "$$ a \\tag{1a} $$\n",
    ):
        assert renumbering(parse_note(text).facet(EQUATIONS)) is None


def test_clean_example_equations() -> None:
    note = parse_note((ROOT / "examples" / "ridge-regression.md").read_text(encoding="utf-8"))
    assert [e.number for e in note.facet(EQUATIONS).equations] == ["1", "2", "3", "4", "5"]
    assert all(r.target in {"1", "2", "3", "4", "5"} for r in note.facet(EQUATIONS).references)


@pytest.mark.parametrize(
    "latex",
    [
        r"\mathbf{x}^\top \boldsymbol{\theta}",
        r"\operatorname*{arg\,min}_w J(w)",
        r"\left. f \right|_{0}",
        r"\left\{ x \right\}",
        r"\left\langle u, v \right\rangle",
        r"\{ a \}",
        r"\text{if $x$ and } y",
        r"x^{a}_{b}",
        r"\sqrt[3]{x}",
        r"\frac12",
        r"\frac\alpha\beta",
        r"f'^2",
        r"50\% % comment {",
        r"\begin{aligned} a &= b \\ &= c \end{aligned}",
        r"\leftarrow \rightarrow \left( x \right)",
        r"a \\ b",
        r"\def\foo{\left(} x",
    ],
)
def test_well_formed_latex(latex: str) -> None:
    assert check_latex(latex) == []


@pytest.mark.parametrize(
    ("latex", "offset", "fragment"),
    [
        (r"\frac{a}{b", 8, "never closed"),
        (r"x^{2}}", 5, "closes no"),
        (r"\left( x", 0, "\\left"),
        (r"x \right)", 2, "\\right"),
        (r"\begin{align} a \end{aligned}", 16, "does not match"),
        (r"\begin{cases} a", 0, "without a matching"),
        (r"\frac{1}", 0, "missing an argument"),
        (r"x^", 1, "superscript"),
        (r"x_1_2", 3, "double subscript"),
        (r"x^a^b", 3, "double superscript"),
        ("a \\", 2, "lone"),
        (r"a $ b", 2, "`$`"),
    ],
)
def test_latex_errors_point_at_the_offending_character(latex: str, offset: int, fragment: str) -> None:
    errors = check_latex(latex)
    assert errors, latex
    assert errors[0].offset == offset
    assert fragment in errors[0].message


def test_macros_holding_half_a_pair_silence_that_check() -> None:
    text = "$$\n\\newcommand{\\l}{\\left(}\n$$\n\nThen $\\l x \\right)$ and $\\frac{1}$.\n"
    errors = parse_note(text).facet(LATEX_ERRORS)
    assert [e.message for e in errors] == ["`\\frac` is missing an argument"]


def test_latex_error_file_offsets() -> None:
    text = "Intro.\n\n> $$\n> a = \\frac{1}{2\n> $$\n"
    note = parse_note(text)
    errors = note.facet(LATEX_ERRORS)
    assert len(errors) == 1
    assert text[errors[0].start] == "{"
    assert note.index.position(errors[0].start) == (4, 15)
