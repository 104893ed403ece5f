"""What the classifier reads of a side's LaTeX, from its atoms (``reading/text_facts.py``).

Each reading that lets the classifier excuse a relation has a near-miss twin where the excuse
is absent; the cases marked "was" are ones the regular expressions read wrong.
"""

from __future__ import annotations

import pytest

from notelint.math.checking.cas_shapes import IDENTITY_SIZE, identity_letter_shapes
from notelint.math.checking.claims import LinkFacts, classify, free_names_in, names_in, whole_and_entries
from notelint.math.checking.recorded_definitions import valued_names
from notelint.math.reading.text_facts import is_set_size, text_facts, without_square


@pytest.mark.parametrize(
    ("text", "numeric"),
    [
        ("3", True),
        ("-(1+2)/4", True),
        ("2^{10}", True),
        (r"-\frac{3}{4}", True),
        (r"\frac49", True),  # was: only the braced form
        ("x", False),
        ("2x", False),
        ("x_1", False),
        (r"\frac{3}{x}", False),
        ("()", False),  # no digit
    ],
)
def test_numeric(text: str, numeric: bool) -> None:
    assert text_facts(text).numeric is numeric


@pytest.mark.parametrize(
    ("text", "calculus"),
    [
        (r"\frac{d}{dx} x^2", True),
        (r"\frac{dy}{dx}", True),  # was: the regex's lookahead refused \frac{dy
        (r"\frac{\partial f}{\partial x}", True),
        (r"\nabla_w J", True),
        (r"\sum_i x_i", True),
        (r"\int_0^1 f(x)\,dx", True),
        ("f'(x)", True),
        (r"\frac{a}{d}", False),
        ("f' (x)", False),  # a prime, then a product
        ("dx", False),
        (r"\limsup_n a_n", False),  # not one of the regex's names either
    ],
)
def test_calculus(text: str, calculus: bool) -> None:
    assert text_facts(text).calculus is calculus


def test_names_and_bound_variables() -> None:
    assert names_in(r"\hat{w}^\top x_i + \text{loss} + d + e^{x} + d_k") == {"w", "x", "i", "loss", "d", "k"}
    assert free_names_in(r"\sum_{i=1}^n x_i") == {"n", "x"}
    assert free_names_in(r"\int_0^1 f(x)\,dx") == {"f"}
    assert free_names_in(r"\int_0^1 f(x)\,\mathrm{d}x") == {"f"}
    # a derivative's variable stays free: d/dx x^2 = 2x is about x
    assert free_names_in(r"\frac{d}{dx} x^2") == {"x"}
    # was: a letter at the end of a text after a space was taken for an integral's variable
    assert free_names_in("0 a") == {"a"}
    assert free_names_in("A") == {"A"}
    # was: the row separator \\ before d read as a macro \d
    assert names_in(r"\begin{bmatrix}c\\d\end{bmatrix}") == {"c"}


def test_an_equation_with_a_letter_side_is_not_numbers_only() -> None:
    # was a claim ("numbers only"): the regex lost the trailing y and found no free symbol
    role = classify(LinkFacts(op="=", left="2", right="3 y"))
    assert role.kind == "maybe-condition"
    # near miss: numbers only stay a claim
    assert classify(LinkFacts(op="=", left="2", right="3")).kind == "claim"


def test_a_derivative_inequality_is_not_excused_as_a_condition() -> None:
    # \frac{dy}{dx} is calculus now: a bound on a derivative is a claim, not "may state a condition"
    assert classify(LinkFacts(op="<=", left=r"\frac{dy}{dx}", right="2x")).kind == "claim"
    # near miss: a symbolic inequality without calculus may state a condition
    assert classify(LinkFacts(op="<=", left="y", right="2x")).kind == "maybe-condition"


def test_whole_and_entries() -> None:
    assert whole_and_entries(r"x^\top x = \sum_i x_i^2") == "x"
    # a bold letter is the letter: f(x) of a vector written whole and by entries (was missed)
    assert whole_and_entries(r"f(\mathbf{x}) = \sum_{i=1}^n \beta_i x_i") == "x"
    # near misses: another letter's entries; a decorated letter is another symbol
    assert whole_and_entries(r"f(\mathbf{x}) = \sum_{i=1}^n \beta_i z_i") is None
    assert whole_and_entries(r"\hat y_i = \sum_j h_{ij} y_j") is None
    # an index no sum binds is not an entry over a bound index
    assert whole_and_entries(r"x^\top x = x_i^2") is None
    assert whole_and_entries(r"\sum_{i=1}^{n} x^{(i)} = x^{(2)}+\sum_{i=2}^{n} x^{(i)}") is None


def test_identity_letters_read_from_atoms() -> None:
    shapes = identity_letter_shapes(r"(A^{-1})^\top (A^\top)^{-1}", {}, {})
    assert shapes == {"A": (IDENTITY_SIZE, IDENTITY_SIZE)}
    # transposed lower-case letters are vectors; a bold capital is a name, not a letter
    shapes = identity_letter_shapes(r"x^\top \mathbf{A} x \operatorname{tr}(B)", {}, {})
    assert shapes == {"B": (IDENTITY_SIZE, IDENTITY_SIZE), "x": (IDENTITY_SIZE, 1)}
    # the T of a transpose is no matrix (the regex read it as one)
    assert "T" not in identity_letter_shapes("(AB)^T B^T A^T", {}, {})
    # near miss: no inverse, transpose, determinant or trace: the shapes are left as they are
    assert identity_letter_shapes("AB + C", {"A": (2, 3)}, {}) == {"A": (2, 3)}


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("(1,0,1)^\\top", ("1", "0", "1")),
        ("\\big(\\tfrac54,0\\big)^T", ("\\tfrac54", "0")),
        ("(1, -2)^{\\top}", ("1", "-2")),
        # thin spaces are not entries (the text pattern split `\,` into a `\` entry)
        ("(-1/6,\\,1/3,\\,-1/6)^\\top", ("-1/6", "1/3", "-1/6")),
        ("(-0.45771,\\ 0.34911)^\\top", ("-0.45771", "0.34911")),
        # near misses: a name, a nested parenthesis, an empty entry, no transpose, more after it
        ("(1,x)^\\top", None),
        ("(1,(2))^\\top", None),
        ("(1,,2)^\\top", None),
        ("(1,0)", None),
        ("(1,0)^\\top_i", None),
        ("(1,2)(3,4)^\\top", None),
        ("(1,2)^\\top + 1", None),
    ],
)
def test_number_column(text: str, entries: tuple[str, ...] | None) -> None:
    assert text_facts(text).number_column == entries


@pytest.mark.parametrize(
    ("text", "base"),
    [
        (r"\sigma^2", r"\sigma"),
        (r"\sigma^{2}", r"\sigma"),  # was: verdict_reasons stripped only a literal "^2"
        (r"\sigma_k^2 ", r"\sigma_k"),
        (r"\hat\sigma_{kj}^{2}", r"\hat\sigma_{kj}"),
        (r"y^2_i", "y_i"),  # the square written before the index: y_i squared, as typeset
        (r"x^3", None),
        (r"w^\star", None),
        (r"\sigma^{22}", None),
        (r"a+b^2", r"a+b"),  # the last atom's square; callers ask of bare names only
        ("x", None),
    ],
)
def test_without_square(text: str, base: str | None) -> None:
    assert without_square(text) == base


def test_valued_names_give_the_base_its_value() -> None:
    # "σ^2 = …" recorded as the value of σ's square gives σ its value; a cube gives none
    assert valued_names([r"\sigma^{2}", "f"]) == {r"\sigma^2", r"\sigma", "f"}
    assert valued_names([r"\sigma^3"]) == {r"\sigma^3"}


def test_cas_shapes_read_keys_and_sizes_at_their_atoms() -> None:
    # the symbol table's keys as the translator names them, and the sizes it can instantiate
    # (were regexes over the key; checked equal on every key and size of the corpus)
    from notelint.math.checking.cas_shapes import _size_name, _spellings, bold_inner

    assert bold_inner("\\mathbf{\\Sigma}_{1}") == "\\Sigma_{1}"
    assert bold_inner("\\bm{x}") == "x"
    assert bold_inner("\\mathbf{X}^\\top") == "\\mathbf{X}^\\top"  # an operation on X
    assert bold_inner("\\mathbf{xy}") == "\\mathbf{xy}"
    assert _spellings("\\hat{x}_{i}") == {"\\hat{x}_{i}", "\\hat{x}_i", "\\hat x_{i}", "\\hat x_i"}
    assert _spellings("x_{ij}") == {"x_{ij}", "x_ij"}
    assert _spellings("\\hat{x_i}") == {"\\hat{x_i}"}  # an index inside the hat: no variant
    assert [_size_name(s) for s in ("d", "d_k", "d_{k}", "\\ell", "n_{12}")] == [True] * 5
    assert [_size_name(s) for s in ("n+1", "2d", "d^2", "K-1", "d_{k+1}", "")] == [False] * 6


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("|\\mathcal{I}_k|", True),
        ("|\\mathcal{D}|", True),
        ("|x|", False),  # an absolute value
        ("|\\mathcal{I}_k|+1", False),  # more than the size
        ("|\\mathcal{I}_k|^2", False),
        ("\\|\\mathcal{H}\\|", False),
    ],
)
def test_the_size_of_a_named_set(latex: str, expected: bool) -> None:
    assert is_set_size(latex) is expected
