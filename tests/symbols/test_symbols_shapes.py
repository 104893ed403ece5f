"""Shape algebra and inference: a table of expressions with their shapes or mismatches."""

from __future__ import annotations

import pytest

from notelint.math.reading.atoms import parse_atoms
from notelint.math.semantics.domain_shapes import domain_shape
from notelint.math.semantics.shape_algebra import (
    SCALAR,
    ShapeMismatch,
    add,
    function,
    inverse,
    matmul,
    matrix,
    same_shape,
    tensor,
    transpose,
    vector,
)
from notelint.math.semantics.shape_env import ShapeEnv
from notelint.math.semantics.shape_inference import check, infer, infer_expression

ENV = ShapeEnv(
    {
        "X": matrix("n", "d"),
        "w": vector("d"),
        "y": vector("n"),
        "\\lambda": SCALAR,
        "A": matrix("n", "n"),
        "b": vector("d"),
        "c": vector("k"),
        "J": function(vector("d"), SCALAR),
        "L": SCALAR,
        "W": matrix("d", "k"),
        "x": vector("d"),
        "\\Sigma": matrix("d", "d"),
        "\\mu": vector("d"),
        "T": tensor("b", "n", "d"),
        "I_{d}": matrix("d", "d"),
        "\\hat{w}": vector("d"),
        "n": SCALAR,
        "d": SCALAR,
    }
)


def shape_of(latex: str) -> str | None:
    shape, errors = infer_expression(parse_atoms(latex), latex, ENV)
    assert not errors, errors
    return None if shape is None else str(shape)


def errors_of(latex: str) -> list[tuple[str, str]]:
    return [(latex[e.start : e.end], e.message) for e in check(parse_atoms(latex), latex, ENV)]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("X", "n×d"),
        ("Xw", "n"),
        ("Xw - y", "n"),
        ("X^\\top", "d×n"),
        ("X^T y", "d"),
        ("X^{\\top}(Xw - y) + \\lambda w", "d"),
        ("(X^\\top X + \\lambda I_d)^{-1} X^\\top y", "d"),
        ("X^\\top (XX^\\top + \\lambda I_n)^{-1} y", "d"),
        ("(X^\\top X + \\lambda I)^{-1}", "d×d"),
        ("\\left(X^\\top X\\right)^{-1}", "d×d"),
        ("w^\\top x", "scalar"),
        ("x x^\\top", "d×d"),
        ("x^\\top \\Sigma x", "scalar"),
        ("\\Sigma^{-1}(x - \\mu)", "d"),
        ("\\Sigma^{1/2}", "d×d"),
        ("\\|Xw - y\\|_2^2 + \\tfrac{\\lambda}{2}\\|w\\|_2^2", "scalar"),
        ("\\frac{1}{n} X^\\top X", "d×d"),
        ("\\nabla_w J(w)", "d"),
        ("\\nabla_w^2 J(w)", "d×d"),
        ("\\nabla_{w} L", "d"),
        ("\\frac{\\partial L}{\\partial W}", "d×k"),
        ("\\frac{\\partial L}{\\partial w}", "d"),
        ("\\operatorname{diag}(w)", "d×d"),
        # diag of a square matrix: its diagonal (numpy) or the diagonal matrix (most ML notes)
        ("\\operatorname{diag}(\\Sigma)", None),
        ("\\operatorname{tr}(\\Sigma)", "scalar"),
        ("\\det \\Sigma", "scalar"),
        ("\\log\\det(\\Sigma)", "scalar"),
        ("\\langle w, x\\rangle", "scalar"),
        ("w \\cdot x", "scalar"),
        ("\\sigma(Xw) - y", "n"),
        ("\\exp(Xw)", "n"),
        ("softmax(Xw)", "n"),
        ("J(w)", "scalar"),
        ("\\hat{w}", "d"),
        ("w^\\star", "d"),
        ("w^{(k)}", "d"),
        ("\\bar w", "d"),
        ("\\mathbf{w}", "d"),
        ("2 w", "d"),
        ("w + 1", "d"),
        ("XW + c", "n×k"),
        ("w \\odot x", "d"),
        ("X^\\dagger", "d×n"),
        ("\\arg\\min_w J(w)", "d"),
        ("\\sum_{i=1}^n X^\\top y", "d"),
        ("\\mathbb{E}[x]", "d"),
        ("e^{-\\lambda}", "scalar"),
        ("-Xw", "n"),
        # unknown: undeclared symbols, entries, iterates, integrals — never an error
        ("x_i", None),
        ("w_t", None),
        ("Z w", None),
        ("\\sum_i x_i x_i^\\top", None),
        ("f(x)", None),
        ("\\int_0^1 g(t)\\, dt", None),
        ("x^2", None),
        ("X'X", None),  # a transpose in some notations, a new symbol in others
    ],
)
def test_inferred_shape(latex: str, expected: str | None) -> None:
    assert shape_of(latex) == expected


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("X(Xw - y)", [("X(Xw - y)", "X (n×d) times (Xw - y) (n): inner sizes d and n differ")]),
        ("Xy", [("Xy", "X (n×d) times y (n): inner sizes d and n differ")]),
        ("X^\\top X w - X y", [("X y", "X (n×d) times y (n): inner sizes d and n differ")]),
        ("w + y", [("w + y", "w (d) plus y (n): sizes d and n differ")]),
        ("Xw - w", [("Xw - w", "Xw (n) minus w (d): sizes n and d differ")]),
        (
            "X + y",
            [("X + y", "X (n×d) plus y (n): a matrix and a vector of shapes n×d and n cannot be added")],
        ),
        ("X + A", [("X + A", "X (n×d) plus A (n×n): shapes n×d and n×n differ")]),
        ("X^{-1}", [("X^{-1}", "X^{-1}: X (n×d) is not square")]),
        ("X^2", [("X^2", "a power of X: X (n×d) is not square")]),
        ("\\det(X)", [("\\det(X)", "\\det(X): X (n×d) is not square")]),
        (
            "\\operatorname{tr}(X)",
            [("\\operatorname{tr}(X)", "\\operatorname{tr}(X): X (n×d) is not square")],
        ),
        (
            "\\langle w, y\\rangle",
            [("\\langle w, y\\rangle", "inner product of w (d) and y (n): sizes d and n differ")],
        ),
        ("w \\cdot y", [("w \\cdot y", "w (d) · y (n): the dot product needs equal sizes, not d and n")]),
        ("J(y)", [("J(y)", "J takes an argument of shape d but y has shape n")]),
        ("w y", [("w y", "w (d) times y (n): a product of two column vectors of different sizes d and n")]),
        ("y^\\top X w + y^\\top w", [("y^\\top w", "y^\\top (1×n) times w (d): inner sizes n and d differ")]),
        (
            "\\nabla_w J(w) = X (Xw - y)",
            [("X (Xw - y)", "X (n×d) times (Xw - y) (n): inner sizes d and n differ")],
        ),
        # each mismatch once; the result of a mismatch is unknown, so nothing cascades
        ("(Xy + w) + y", [("Xy", "X (n×d) times y (n): inner sizes d and n differ")]),
        # the two sides of = (not when one side is a scalar: a broadcast, or a 1-D check)
        (
            "\\hat{w} = (X^\\top X)^{-1} X^\\top",
            [
                (
                    "\\hat{w} = (X^\\top X)^{-1} X^\\top",
                    "the two sides of = have different shapes: \\hat{w} (d) and (X^\\top X)^{-1} X^\\top (d×n)",
                )
            ],
        ),
        ("X^\\top X = 4", []),
        ("\\nabla_w J(w) = X^\\top(Xw - y) = 0", []),
        ("a = w, y = X w", []),
        # silent: equal-size vectors side by side (perhaps elementwise), a bias, unknowns, a bound variable
        ("w x", []),
        ("XW + c", []),
        ("Z y", []),
        ("\\sum_{y} X y", []),
        ("\\cdots", []),
    ],
)
def test_mismatch(latex: str, expected: list[tuple[str, str]]) -> None:
    assert errors_of(latex) == expected


def test_relations_and_commas_split_pieces() -> None:
    latex = "\\hat{w} = (X^\\top X + \\lambda I_d)^{-1} X^\\top y, \\quad Xw \\in \\mathbb{R}^n"
    shapes = [None if s is None else str(s) for _, s in infer(parse_atoms(latex), latex, ENV)]
    assert shapes == ["d", "d", "n", None]


def test_algebra() -> None:
    assert matmul(matrix("n", "d"), vector("d")) == vector("n")
    assert matmul(transpose(vector("n")), vector("n")) == SCALAR
    assert matmul(vector("n"), transpose(vector("d"))) == matrix("n", "d")
    assert add(matrix("n", "d"), SCALAR) == matrix("n", "d")
    assert inverse(matrix("*", "*")) == matrix("*", "*")
    assert matmul(matrix("d", "d"), matrix("*", "*")) == matrix("d", "*")
    assert same_shape(matrix("d", "1"), vector("d"))
    assert same_shape(matrix("1", "1"), SCALAR)
    assert not same_shape(vector("n"), vector("d"))
    with pytest.raises(ShapeMismatch, match="inner sizes d and n differ"):
        matmul(matrix("n", "d"), vector("n"), "X", "y")


@pytest.mark.parametrize(
    ("latex", "shape", "kind"),
    [
        ("\\mathbb{R}^{n\\times d}", "n×d", None),
        ("\\mathbb{R}^{n \\times d}", "n×d", None),
        ("\\mathbb{R}^{n,d}", "n×d", None),
        ("\\mathbb{R}^d", "d", None),
        ("\\mathbb{R}^{d}", "d", None),
        ("\\mathbb{R}", "scalar", None),
        ("\\mathbb{R}_{+}", "scalar", None),
        ("\\mathbb{R}^{d}_{\\ge 0}", "d", None),
        ("\\mathbb{N}", "scalar", None),
        ("\\{0,1\\}^n", "n", None),
        ("\\{0,1\\}^{n \\times K}", "n×K", None),
        ("\\{1, \\dots, K\\}", "scalar", None),
        ("[0,1]^d", "d", None),
        ("(0,1)", "scalar", None),
        ("\\Delta^{K-1}", "K", None),
        ("\\mathbb{S}^d_{++}", "d×d", None),
        ("\\mathbb{S}_{++}^{d}", "d×d", None),
        ("\\mathbb{S}_{++}", None, "matrix"),
        ("\\mathbb{R}^{n \\times d \\times k}", "n×d×k", None),
        ("\\mathbb{R}^{d \\times 1}", "d", None),
        ("\\mathbb{R}^{1 \\times d}", "1×d", None),
        ("\\mathbb{R}^{d_k}", "d_k", None),
        ("\\mathcal{X}", None, None),
    ],
)
def test_domain_shape(latex: str, shape: str | None, kind: str | None) -> None:
    d = domain_shape(parse_atoms(latex))
    assert (None if d.shape is None else str(d.shape)) == shape
    assert d.kind == kind


def test_module_does_not_import_sympy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, notelint.math.semantics.shape_inference, notelint.math.semantics.glossary,"
        " notelint.math.semantics.occurrences, notelint.math.reading.atoms;"
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
