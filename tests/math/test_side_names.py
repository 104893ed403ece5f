"""What a side names, read from its atoms (``reading/side_names.py``), for the classifier's
name readers (``claims.is_bare``, ``full_name``, ``function_definition``, ``mentions``,
``squash``). Each table pairs forms that name something with near misses that do not."""

from __future__ import annotations

import pytest

from notelint.math.checking.claims import full_name, function_definition, head_name, is_bare, mentions, squash
from notelint.math.reading.side_names import symbols_used


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("J(w)", True),
        ("\\hat{y}", True),
        ("\\hat y_i", True),
        ("\\hat{\\theta}", True),
        ("p_i", True),
        ("w^\\star", True),
        ("w^{*}_t", True),
        ("A^*", True),
        ("x^{(i)}", True),
        ("\\sigma'(z)", True),
        ("\\sigma^2", True),
        ("\\hat\\sigma^2_n", True),  # typeset as \hat\sigma_n^2: the square of a name
        ("\\operatorname{logit}(p)", True),
        ("J_\\text{ML}", True),
        ("P(X_{i,j})", True),
        ("\\mathcal{L}", True),
        ("f\\left(x\\right)", True),
        # near misses: an operation, a computation, a function macro, a square of an entry
        ("X^\\top", False),
        ("B^{\\top}", False),
        ("x^{-1}", False),
        ("x^3", False),
        ("x^3_i", False),
        ("\\log p", False),
        ("\\log(x)", False),
        ("\\operatorname{tr}(A)", False),
        ("\\mathrm{KL}(p)", False),
        ("\\mathbb{R}", False),
        ("\\max_i x_i", False),
        ("\\frac{a}{b}", False),
        ("f(x+1)", False),
        ("f(1)", False),
        ("2x", False),
        ("AB", False),
        ("", False),
    ],
)
def test_a_bare_side_just_names_something(text: str, bare: bool) -> None:
    assert is_bare(text) is bare


@pytest.mark.parametrize(
    ("text", "name", "head"),
    [
        ("J(w)", "J", "J"),
        ("p_2", "p_2", "p"),
        ("w^\\star", "w^\\star", "w"),
        ("\\hat{y}_i", "\\hat{y}_i", "\\hat{y}"),
        # a primed function is named by its base; a square names the squared symbol
        ("\\sigma'(z)", "\\sigma", "\\sigma"),
        ("\\sigma^2", "\\sigma", "\\sigma"),
        ("\\sigma_k^{2}", "\\sigma_k", "\\sigma"),
        # the old text split cut a sample index at its parenthesis (``X^{``)
        ("X^{(2)}", "X^{(2)}", "X"),
    ],
)
def test_the_name_a_side_gives(text: str, name: str, head: str) -> None:
    assert full_name(text) == name
    assert head_name(text) == head


@pytest.mark.parametrize(
    ("text", "definition"),
    [
        ("\\sigma(z)", ("\\sigma", ("z",))),
        ("f(x, y)", ("f", ("x", "y"))),
        ("S_\\tau(z)", ("S_\\tau", ("z",))),
        ("f'(x)", ("f'", ("x",))),
        ("\\lambda_{\\min}(H)", ("\\lambda_{\\min}", ("H",))),
        ("P_\\text{hit}(S, i)", ("P_\\text{hit}", ("S", "i"))),
        # near misses: a superscript on the name, an expression or a number as a parameter,
        # nothing applied, a parameter that is a function name
        ("w^\\star(x)", None),
        ("f(x+1)", None),
        ("f(2)", None),
        ("f()", None),
        ("f", None),
        ("f(\\log)", None),
        ("f(x)^2", None),
        # a value at a point (x_\star, x^*, x_+, w_{\text{opt}}), not a signature
        ("f_1(x_\\star)", None),
        ("\\lambda_{\\min}(H_\\star)", None),
        ("g(x_+)", None),
        ("L(w_{\\text{opt}})", None),
    ],
)
def test_a_function_applied_to_its_parameters(
    text: str, definition: tuple[str, tuple[str, ...]] | None
) -> None:
    assert function_definition(text) == definition


@pytest.mark.parametrize(
    ("text", "name", "used"),
    [
        ("AB", "A", True),
        ("\\mathbf{x}^\\top y", "x", True),
        ("w - \\eta g", "w", True),
        ("\\hat w_t - 1", "\\hat{w}", True),
        ("\\hat{w}_t", "\\hat{w}_t", True),
        ("x_{i}^2", "x_i", True),
        ("S_\\tau(z)", "S_\\tau", True),
        ("w^{\\star} + 1", "w^\\star", True),
        ("\\sigma_1", "\\sigma", True),
        # near misses: the letters of a macro or an environment's name, another symbol
        ("\\exp(y)", "x", False),
        ("\\begin{bmatrix}1&0\\end{bmatrix}", "a", False),
        ("\\bar\\alpha_t", "\\alpha_t", False),
        ("x_j", "x_i", False),
        ("\\hat w", "w_t", False),
    ],
)
def test_a_text_uses_a_name(text: str, name: str, used: bool) -> None:
    assert mentions(text, name) is used


def test_spellings_compare_names_as_written_in_any_spacing() -> None:
    assert squash("\\hat{y}_{i}") == squash("\\hat y_i")
    assert squash("a \\, = \\quad b") == squash("a=b")
    assert squash("\\left( x \\right)") == squash("(x)")
    assert squash("\\hat{xy}") != squash("\\hat x y")
    assert squash("x_{ij}") != squash("x_i j")


@pytest.mark.parametrize(
    ("text", "indexed"),
    [
        ("X_j", ("X", "j")),
        ("X_{j}", ("X", "j")),
        ("\\mathbf{x}_{k}", ("\\mathbf{x}", "k")),
        ("X_1", ("X", "1")),
        ("X_{12}", ("X", "12")),
        # near misses: two indices, an expression index, a transpose, more after it, no index
        ("X_{ij}", None),
        ("X_{j+1}", None),
        ("X_j^\\top", None),
        ("X_j + 1", None),
        ("X", None),
    ],
)
def test_an_indexed_name(text: str, indexed: tuple[str, str] | None) -> None:
    from notelint.math.reading.side_names import indexed_name

    assert indexed_name(text) == indexed


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("S^\\top", ("S", "")),
        ("S^{T}", ("S", "")),
        ("Q^\\top Q", ("Q", "Q")),
        ("U_r^\\intercal U_r", ("U_r", "U_r")),
        # near misses: a power, a transposed product, a subscript after the transpose
        ("S^2", None),
        ("(AB)^\\top", None),
        ("S^\\top_1", None),
        ("S", None),
    ],
)
def test_a_name_written_transposed(text: str, written: tuple[str, str] | None) -> None:
    from notelint.math.reading.side_names import transposed

    assert transposed(text) == written


def test_an_identity_matrix() -> None:
    from notelint.math.reading.side_names import is_identity

    assert all(is_identity(t) for t in ("I", "I_n", "\\mathbf{I}", "\\mathbb{I}_d", "\\boldsymbol{I}"))
    assert not any(is_identity(t) for t in ("2I", "I^2", "J", "\\mathbf{J}", "I + A", "\\hat{I}"))


def test_the_body_of_a_bold_name() -> None:
    from notelint.math.reading.side_names import bold_body

    assert bold_body("\\mathbf{x}") == "x"
    assert bold_body("\\boldsymbol{\\mu}") == "\\mu"
    assert bold_body("\\bm{w}") == "w"
    assert bold_body("\\mathbf{x}_i") is None and bold_body("\\hat{x}") is None and bold_body("x") is None


@pytest.mark.parametrize(
    ("texts", "symbols"),
    [
        # a subscripted symbol is its own: the count N is not among the symbols of N_k
        (["\\sum_{k=1}^{K} \\frac{N_k}{\\lambda}", "1"], {"N_k", "k", "K", "\\lambda"}),
        (["\\lambda", "N"], {"\\lambda", "N"}),
        # a naming superscript stays with its symbol, a power does not
        (["c^\\star", "\\frac{\\mu^2}{\\mu^2+\\sigma^2/n}"], {"c^\\star", "\\star", "\\mu", "\\sigma", "n"}),
        (["e^{2\\alpha_t}", "\\log r"], {"e", "\\alpha_t", "t", "r"}),
    ],
)
def test_symbols_used(texts: list[str], symbols: set[str]) -> None:
    assert symbols_used(texts) == symbols
