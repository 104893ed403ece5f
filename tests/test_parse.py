"""The Note model: exact offsets of math, sections, prose and comments."""

from __future__ import annotations

import pytest

from notelint.parse import parse_note


def positions(text: str) -> list[tuple[str, int, int, str]]:
    note = parse_note(text)
    out = []
    for m in note.math:
        line, col = note.index.position(m.content_start)
        assert note.text[m.content_start : m.content_start + len(m.latex)].replace(
            ">", " "
        ) == m.latex.replace(">", " ")
        out.append((m.kind, line, col, m.latex))
    return out


def test_inline_math_in_paragraph_with_multibyte_characters() -> None:
    # "é" and "∀" are one column each; the emoji is one code point too.
    text = "Soit é ∀ 😀 $x_i$ et $y$.\n"
    assert positions(text) == [("inline", 1, 13, "x_i"), ("inline", 1, 22, "y")]


def test_repeated_identical_inline_math_on_one_line() -> None:
    assert positions("$x$ and $x$ and $x$\n") == [
        ("inline", 1, 2, "x"),
        ("inline", 1, 10, "x"),
        ("inline", 1, 18, "x"),
    ]


def test_display_dollars_inside_a_paragraph() -> None:
    text = "We have\nthe identity $$a^2 - b^2 = (a-b)(a+b)$$ for all reals.\n"
    assert positions(text) == [("display", 2, 16, "a^2 - b^2 = (a-b)(a+b)")]


def test_escaped_dollar_and_code_span_are_not_math() -> None:
    text = "It costs \\$5 and `$x$` is code, but $z$ is math.\n"
    assert positions(text) == [("inline", 1, 38, "z")]


def test_math_in_list_continuation_and_block_quote() -> None:
    text = "- item $a +\n  b$ end\n\n> quote $q$ and\n> more $r +\n> s$\n"
    got = positions(text)
    assert got[0] == ("inline", 1, 9, "a +\n  b")
    assert got[1] == ("inline", 4, 10, "q")
    # The ">" of the quote's continuation line is blanked, so offsets stay exact.
    assert got[2] == ("inline", 5, 9, "r +\n  s")


def test_display_block_bracket_and_environment() -> None:
    text = "$$\nx = 1 \\tag{1}\n$$\n\n\\[ z = 2 \\]\n\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n\nInline \\(u\\) and \\[v\\].\n"
    got = positions(text)
    assert got[0] == ("display", 1, 3, "\nx = 1 \\tag{1}\n")
    assert got[1] == ("display", 5, 3, " z = 2 ")
    assert got[2] == ("environment", 7, 1, "\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}")
    assert got[3] == ("inline", 12, 10, "u")
    assert got[4] == ("display", 12, 20, "v")
    note = parse_note(text)
    assert note.math[2].environment == "align"


def test_math_in_table_cells() -> None:
    text = "| a | $b$ |\n|---|---|\n| $c$ | $c$ |\n"
    assert positions(text) == [("inline", 1, 8, "b"), ("inline", 3, 4, "c"), ("inline", 3, 10, "c")]


def test_myst_math_fence_is_display_math() -> None:
    text = "```{math}\n:label: eq1\nx = y\n```\n"
    assert positions(text) == [("display", 3, 1, "x = y")]


def test_crlf_and_bom_keep_line_and_column() -> None:
    text = "\ufeff# Title\r\n\r\nText $x$ here.\r\n"
    assert positions(text) == [("inline", 3, 7, "x")]


@pytest.mark.parametrize(
    "heading, key",
    [
        ("## 0) Metadata", "0"),
        ("# 0. Metadata", "0"),
        ("### Section 2: Notation & Objects", "2"),
        ("## 2 — Notation and objects", "2"),
        ("## Concept & Intuition (3–6 bullets)", "1"),
        ("## **4) Derivation Protocol (Line-by-Line)**", "4"),
        ("## 1. Introduction", None),
        ("## 2) Data loading", None),
    ],
)
def test_section_headings(heading: str, key: str | None) -> None:
    note = parse_note(heading + "\n\ntext\n")
    assert [s.key for s in note.section_list] == ([key] if key else [])


def test_subsection_named_by_its_label() -> None:
    """ "4.C Worked example" is 4.C: the standard's subsection labels are no ordinary number
    (a "4.3 Examples" heading names no subsection)."""
    text = "## 4) Derivation\n### 4.C Worked example\nA\n### 4.3 Examples\nB\n"
    note = parse_note(text)
    assert [s.key for s in note.section_list] == ["4", "4.C"]
    assert note.section_text("4.C").strip() == "A"


def test_numbered_heading_starting_with_an_article_is_no_label() -> None:
    """ "4. A one-point example by hand" is a fourth heading whose title starts with "A"."""
    note = parse_note("## 3. Gradient\nA\n## 4. A one-point example by hand\nB\n")
    assert "4.A" not in [s.key for s in note.section_list]


def test_section_bodies_and_subsections() -> None:
    text = "## 4) Derivation\n### 4.A Definitions\nA\n### 4.B Step-by-Step Derivation\nB\n#### Step 1\nC\n## 5) Geometric Intuition\nD\n"
    note = parse_note(text)
    assert [s.key for s in note.section_list] == ["4", "4.A", "4.B", "5"]
    assert note.section_text("4.A").strip() == "A"
    assert note.section_text("4.B").strip() == "B\n#### Step 1\nC"
    assert note.section_text("4").startswith("\n### 4.A")
    assert note.section_text("5").strip() == "D"


def test_prose_excludes_math_code_comments_and_urls() -> None:
    text = "Words $x$ `code` <!-- c --> https://a.org/b and [t](https://c.org) end.\n"
    note = parse_note(text)
    prose = "".join(note.text[s.start : s.end] for s in note.prose)
    assert "x" not in prose.replace("text", "")
    assert "code" not in prose and "a.org" not in prose and "c.org" not in prose and " c " not in prose
    assert prose.startswith("Words ") and prose.rstrip().endswith("end.")
    assert [c.content for c in note.comments] == [" c "]


@pytest.mark.parametrize(
    "latex, problem",
    [
        ("\\frac{" * 30, "unbalanced braces"),
        ("x}" + "{", "unbalanced braces"),
        ("{" * 150 + "}" * 150, "braces nested deeper than 100"),
        ("\\sqrt[" * 40 + "]", "unclosed optional arguments"),
        ("\\frac{a}{b} + \\sqrt[3]{x} + [0, 1) + \\left[0, 1\\right)", None),
        ("\\{ x \\} \\% {a}", None),
    ],
)
def test_inputs_that_make_pylatexenc_backtrack_are_refused(latex: str, problem: str | None) -> None:
    # Each refused input took pylatexenc minutes (exponential backtracking on unclosed groups).
    from notelint.parse.latex import parse_latex

    tree = parse_latex(latex)
    assert tree.error == problem
    assert (tree.nodes == []) == (problem is not None)
