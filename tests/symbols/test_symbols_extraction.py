"""Symbol extraction follows RULES.md's conventions: what is a symbol, and in which role."""

from __future__ import annotations

import pytest

from notelint.math.semantics.occurrences import extract_latex


def uses(latex: str) -> list[str]:
    """The keys a rule would have to find declared (plain uses, minus the bound ones)."""
    ex = extract_latex(latex)
    return [o.key for o in ex.occurrences if o.role == "use" and o.key not in ex.bound]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("X\\in\\mathbb{R}^{n\\times d}", ["X", "n", "d"]),
        ("\\sum_{i=1}^n x_i", ["n", "x"]),
        ("\\prod_{k} p_k", ["p"]),
        ("\\sum_{(x,y)\\in\\mathcal{D}} \\ell(x, y)", ["\\mathcal{D}", "\\ell"]),
        ("\\int_0^1 f(t)\\, dt", ["f"]),
        ("\\int p(x) \\log q(x) \\mathrm{d}x", []),  # probability notation p(…), q(…)
        ("\\max_{u} u^\\top C u", ["C"]),
        ("\\max_{u: \\|u\\|_2 = 1} u^\\top C u", ["C"]),
        ("\\arg\\min_w J(w)", ["J"]),
        ("\\operatorname*{arg\\,min}_{w\\in\\mathbb{R}^d} J(w)", ["d", "J"]),
        ("\\lim_{n\\to\\infty} a_n", ["a"]),
        ("\\mathbb{E}_{x\\sim p}[f(x)]", ["p", "f"]),
        ("\\log \\exp \\det(A) + \\operatorname{tr}(B)", ["A", "B"]),
        ("\\nabla_w L(w)", ["w", "L", "w"]),
        ("\\sigma(z) + e^{z} + \\pi", ["z", "z"]),
        ("\\ell_2 \\text{ norm of } v", ["v"]),
        ("O(nd^2 + d^3)", []),
        ("\\mathcal{O}(n \\log n)", []),
        ("\\text{loss}(x) + \\mathrm{KL}(p\\|q)", ["x"]),
        ("D_{\\mathrm{KL}}(q \\| p) + p(y \\mid x) + (x, y) \\sim P", ["y", "x", "x", "y"]),
        ("p_i + p \\, (a + b)", ["p", "p", "a", "b"]),
        ("\\log p_\\theta(x \\mid z) - q_\\phi(z)", ["x", "z", "z"]),
        ("\\forall i \\in [n],\\ x_i \\ge 0", ["n", "x"]),
        ("softmax(z)_k", ["z"]),
        ("10\\,\\text{ms} + 3 GB", []),
        ("\\hat{w} + \\bar x + w^\\star + w^{(k)} + w_t", ["\\hat{w}", "\\bar{x}", "w", "w", "w"]),
        ("\\mathbf{x}^\\top \\boldsymbol{\\theta}", ["\\mathbf{x}", "\\mathbf{\\theta}"]),
        ("X^T X", ["X", "X"]),
        ("A^{-1} + B^\\top + C^\\dagger", ["A", "B", "C"]),
        ("\\mathcal{L}(\\theta)", ["\\mathcal{L}", "\\theta"]),
        ("\\frac{dy}{dx}", ["y", "x"]),
        ("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))", []),  # z: the parameter of a definition
        ("p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}", ["p", "z", "z"]),
    ],
)
def test_uses(latex: str, expected: list[str]) -> None:
    assert uses(latex) == expected


def test_roles_and_offsets() -> None:
    latex = "\\sum_{i=1}^n \\hat w_i"
    ex = extract_latex(latex)
    rows = [
        (o.key, o.base, o.role, latex[o.start : o.end], o.subscripted, o.decorated) for o in ex.occurrences
    ]
    assert rows == [
        ("i", "i", "bound", "i", False, False),
        ("n", "n", "use", "n", False, False),
        ("\\hat{w}", "w", "use", "\\hat w", True, True),
        ("i", "i", "index", "i", False, False),
    ]
    assert ex.bound == {"i"}


def test_known_names_count_as_known() -> None:
    ex = extract_latex("\\sigma(x) + e + \\mathbb{E}[x] + \\mathcal{N}(0, 1)")
    assert [(o.key, o.role) for o in ex.occurrences] == [
        ("\\sigma", "known"),
        ("x", "use"),
        ("e", "known"),
        ("\\mathbb{E}", "known"),
        ("x", "use"),
        ("\\mathcal{N}", "known"),
    ]


def test_unparseable_input_does_not_raise() -> None:
    for latex in [
        "\\frac{",
        "x^",
        "_",
        "\\left( x",
        "}{",
        "\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}",
        "",
    ]:
        extract_latex(latex)
