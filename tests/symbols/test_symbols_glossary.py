"""The section 2 glossary: every declaration form, spans for editors, symbol_at."""

from __future__ import annotations

import pytest

from notelint.math.semantics.glossary import glossary, symbol_at
from notelint.parse import parse_note


def note_with(section2: str, rest: str = ""):
    text = f"# Note\n\n## 2) Notation & Objects\n\n{section2}\n\n## 3) Assumptions\n\nNone.\n{rest}"
    return parse_note(text)


def table_rows(section2: str, rest: str = "") -> list[tuple]:
    t = glossary(note_with(section2, rest))
    return [
        (d.key, d.domain, d.domain_kind, None if d.shape is None else str(d.shape), d.description)
        for d in t.declarations
        if not d.implicit and not d.mentioned
    ]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "- $X\\in\\mathbb{R}^{n\\times d}$: design matrix; each row is a feature vector.",
            [("X", "\\mathbb{R}^{n\\times d}", "set", "n×d", "design matrix; each row is a feature vector.")],
        ),
        (
            "$X\\in\\mathbb{R}^{n\\times d}$: design matrix.",  # the prompt's own form: no bullet
            [("X", "\\mathbb{R}^{n\\times d}", "set", "n×d", "design matrix.")],
        ),
        ("- $X \\in \\mathbb{R}^{n,d}$: data.", [("X", "\\mathbb{R}^{n,d}", "set", "n×d", "data.")]),
        (
            "- $n, d\\in\\mathbb{N}$: sizes.",
            [
                ("n", "\\mathbb{N}", "set", "scalar", "sizes."),
                ("d", "\\mathbb{N}", "set", "scalar", "sizes."),
            ],
        ),
        (
            "- $w\\in\\mathbb{R}^d$, $b\\in\\mathbb{R}$: model parameters.",
            [
                ("w", "\\mathbb{R}^d", "set", "d", "model parameters."),
                ("b", "\\mathbb{R}", "set", "scalar", "model parameters."),
            ],
        ),
        ("- $w\\in\\mathbb{R}^{d}$: weights.", [("w", "\\mathbb{R}^{d}", "set", "d", "weights.")]),
        (
            "- $\\lambda \\ge 0$: regularization coefficient.",
            [("\\lambda", "\\ge 0", "bound", "scalar", "regularization coefficient.")],
        ),
        (
            "- $\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2)$: noise.",
            [("\\varepsilon", "\\sim\\mathcal{N}(0,\\sigma^2)", "distribution", "scalar", "noise.")],
        ),
        (
            "- $\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2 I_n)$: noise vector.",
            [("\\varepsilon", "\\sim\\mathcal{N}(0,\\sigma^2 I_n)", "distribution", "n", "noise vector.")],
        ),
        (
            "- $f:\\mathbb{R}^d\\to\\mathbb{R}$: the objective.",
            [("f", "\\mathbb{R}^d\\to\\mathbb{R}", "map", "d → scalar", "the objective.")],
        ),
        ("- $y\\in\\{0,1\\}^n$: labels.", [("y", "\\{0,1\\}^n", "set", "n", "labels.")]),
        (
            "- $y\\in\\mathbb{R}^n$ or $\\{0,1\\}^n$: target vector.",
            [("y", "\\mathbb{R}^n", "set", "n", "target vector.")],
        ),
        (
            "- $p \\in \\Delta^{K-1}$: class probabilities.",
            [("p", "\\Delta^{K-1}", "set", "K", "class probabilities.")],
        ),
        (
            "- $\\Sigma\\in\\mathbb{S}^d_{++}$: covariance.",
            [("\\Sigma", "\\mathbb{S}^d_{++}", "set", "d×d", "covariance.")],
        ),
        (
            "- $\\Sigma\\in\\mathbb{S}_{++}$: covariance matrix.",
            [("\\Sigma", "\\mathbb{S}_{++}", "set", None, "covariance matrix.")],
        ),
        ("- $\\eta$: learning rate.", [("\\eta", None, "words", None, "learning rate.")]),
        ("- $\\mu$: the mean.", [("\\mu", None, None, None, "the mean.")]),
        (
            "- $X$ — design matrix in $\\mathbb{R}^{n\\times d}$.",
            [("X", "\\mathbb{R}^{n\\times d}", "set", "n×d", "design matrix in $\\mathbb{R}^{n\\times d}$.")],
        ),
        (
            "| Symbol | Domain | Meaning |\n|---|---|---|\n| $X$ | $\\mathbb{R}^{n\\times d}$ | design matrix |",
            [("X", "\\mathbb{R}^{n\\times d}", "set", "n×d", "$\\mathbb{R}^{n\\times d}$ | design matrix")],
        ),
        (
            "- The design matrix $X\\in\\mathbb{R}^{n\\times d}$, one row per sample.",
            [
                (
                    "X",
                    "\\mathbb{R}^{n\\times d}",
                    "set",
                    "n×d",
                    "The design matrix $X\\in\\mathbb{R}^{n\\times d}$, one row per sample.",
                )
            ],
        ),
        (
            "- $\\sigma(z) = 1/(1+e^{-z})$: logistic function.",
            [("\\sigma", "= 1/(1+e^{-z})", "definition", None, "logistic function.")],
        ),
        (
            "- $\\hat{w} \\in \\mathbb{R}^d$: the estimate.",
            [("\\hat{w}", "\\mathbb{R}^d", "set", "d", "the estimate.")],
        ),
        (
            "- $w^\\star \\in \\mathbb{R}^d$: the minimiser.",
            [("w^{\\star}", "\\mathbb{R}^d", "set", "d", "the minimiser.")],
        ),
        (
            "- $x_i \\in \\mathbb{R}^d$: the $i$-th sample.",
            [("x_{i}", "\\mathbb{R}^d", "set", "d", "the $i$-th sample.")],
        ),
        (
            "- $X$ ($n \\times d$): design matrix.",
            [("X", "n \\times d", "shape", "n×d", "($n \\times d$): design matrix.")],
        ),
        (
            "- **$X \\in \\mathbb{R}^{n\\times d}$** — design matrix",
            [("X", "\\mathbb{R}^{n\\times d}", "set", "n×d", "design matrix")],
        ),
        ("- $w$: weights ($d$-dimensional).", [("w", None, "words", "d", "weights ($d$-dimensional).")]),
        # the math in the note's other delimiters (was: only `$…$` was read before "-dimensional")
        (
            "- $w$: weights (\\(d_k\\)-dimensional).",
            [("w", None, "words", "d_k", "weights (\\(d_k\\)-dimensional).")],
        ),
        # near misses: a size in words, or an expression, is no vector size
        ("- $w$: weights (d-dimensional).", [("w", None, "words", None, "weights (d-dimensional).")]),
        ("- $w$: weights ($d^2$-dimensional).", [("w", None, "words", None, "weights ($d^2$-dimensional).")]),
        ("- $\\mathbb{E}[\\cdot]$: expectation.", []),
        ("- $\\|\\cdot\\|_2$: the Euclidean norm.", []),
    ],
)
def test_declaration_forms(entry: str, expected: list[tuple]) -> None:
    assert table_rows(entry) == expected


def test_several_entries_lines_and_continuations() -> None:
    rows = table_rows(
        "- $X\\in\\mathbb{R}^{n\\times d}$: design\n  matrix.\n- $w\\in\\mathbb{R}^d$: weights."
    )
    assert rows == [
        ("X", "\\mathbb{R}^{n\\times d}", "set", "n×d", "design matrix."),
        ("w", "\\mathbb{R}^d", "set", "d", "weights."),
    ]


def test_sizes_in_shapes_are_declared_implicitly() -> None:
    t = glossary(note_with("- $X\\in\\mathbb{R}^{n\\times d}$: data."))
    implicit = [(d.key, str(d.shape)) for d in t.declarations if d.implicit]
    assert implicit == [("n", "scalar"), ("d", "scalar")]
    assert t.resolve("n").description == "a size in the shape of $X$"


def test_no_glossary() -> None:
    t = glossary(parse_note("# Note\n\nSome $x \\in \\mathbb{R}^d$ here.\n"))
    assert not t.has_glossary
    assert t.glossary == []


def test_declaration_in_4a_and_definitions() -> None:
    rest = (
        "\n## 4) Derivation\n\n### 4.A Definitions\n\nwhere $z\\in\\mathbb{R}^K$ and\n\n"
        "$$J(w) = \\|w\\|^2 \\tag{1}$$\n\n### 4.B Step-by-Step Derivation\n\n$$h := Xw \\tag{2}$$\n"
    )
    t = glossary(note_with("- $w\\in\\mathbb{R}^d$: weights.", rest))
    rows = [
        (d.key, d.section, d.domain_kind, None if d.shape is None else str(d.shape))
        for d in t.declarations
        if not d.implicit
    ]
    assert rows == [
        ("w", "2", "set", "d"),
        ("z", "4.A", "set", "K"),
        ("J", "4.A", "definition", None),
        ("h", "4.B", "definition", None),
    ]


def test_resolve_related_forms() -> None:
    t = glossary(note_with("- $w\\in\\mathbb{R}^d$: weights.\n- $\\varepsilon \\ge 0$: tolerance."))
    assert t.resolve("\\hat{w}", "w").key == "w"
    assert t.resolve("\\mathbf{w}", "w").key == "w"
    assert t.resolve("\\epsilon").key == "\\varepsilon"
    assert t.resolve("W") is None  # case-sensitive


def test_spans_hover_and_symbol_at() -> None:
    note = note_with(
        "- $X\\in\\mathbb{R}^{n\\times d}$: design matrix.",
        "\n## 4) Derivation\n\n### 4.B Steps\n\n$$\\hat y = X w$$\n",
    )
    t = glossary(note)
    assert glossary(note) is t  # cached per note
    x = t.lookup("X")
    assert note.text[x.span.start : x.span.end] == "X"
    assert note.index.position(x.span.start) == (5, 4)
    use = note.text.index("X w")
    found = symbol_at(note, use)
    assert found is not None and found.key == "X" and found.declaration is x
    assert x.hover() == "**$X$** — domain: $\\mathbb{R}^{n\\times d}$ — shape: n×d matrix — design matrix."
    w = symbol_at(note, use + 2)
    assert w is not None and w.key == "w" and w.declaration is None
    assert symbol_at(note, 0) is None


def test_mentions_and_definitions_with_a_set() -> None:
    t = glossary(
        note_with(
            "- $X\\in\\mathbb{R}^{n\\times d}$: data, rows $x_i^\\top$.\n"
            "- $C = \\frac{1}{n} X^\\top X \\in \\mathbb{S}^d_{+}$: covariance."
        )
    )
    c = t.lookup("C")
    assert (c.domain, c.domain_kind, str(c.shape)) == ("\\mathbb{S}^d_{+}", "set", "d×d")
    x = t.lookup("x")
    assert x is not None and x.mentioned and x not in t.glossary
    assert t.resolve("X").key == "X"


def test_declarations_in_the_text() -> None:
    rest = "\n## 4) Derivation\n\n### 4.B Step-by-Step Derivation\n\nProjection $Z = X W \\in \\mathbb{R}^{n\\times k}$.\n"
    t = glossary(note_with("- $X\\in\\mathbb{R}^{n\\times d}$: data.", rest))
    z = t.lookup("Z")
    assert (z.section, z.domain, str(z.shape)) == ("4.B", "\\mathbb{R}^{n\\times k}", "n×k")


def test_first_clause_ends_at_and_before_math_in_any_delimiters() -> None:
    # "is the input space and \(x\in\mathcal{X}\) a query input": the clause about the entry's
    # own symbol ends before the next symbol's math, whatever its delimiters (was: `$` only)
    from notelint.math.semantics.glossary_entries import _MATH_MARK, _first_clause

    note = parse_note("is the input space and \\(x\\in\\mathcal{X}\\) a query vector")
    words = note.without_math(0, len(note.text), _MATH_MARK)
    assert _first_clause(words).strip() == "is the input space"
    # a near miss: "and" before words, not math, ends nothing
    assert _first_clause("is the input space and a query vector") == "is the input space and a query vector"
