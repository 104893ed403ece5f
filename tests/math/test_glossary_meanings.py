"""A glossary entry that gives a vector or matrix a meaning in math (``\\sigma_{k}=\\sqrt{v_k}``)
is read the same in every delimiter a dialect uses: ``$…$`` or ``\\(…\\)`` (mkdocs arithmatex,
MathJax pages). An entry without such math gives no meaning (the near miss)."""

from __future__ import annotations

import pytest

from notelint.math.checking.glossary_meanings import glossary_meanings
from notelint.parse.note import parse_note

ENTRY = (
    "# T\n\n## 2. Notation & Objects\n\n"
    "- {o}v\\in\\mathbb{{R}}^{{K}}{c}: variances; {o}s\\in\\mathbb{{R}}^{{K}}{c}: standard deviations, "
    "{o}s_k=\\sqrt{{v_k}}{c}.\n"
    "- {o}m\\in\\mathbb{{R}}^{{K}}{c}: means, one per class.\n"
)


@pytest.mark.parametrize(("opening", "closing"), [("$", "$"), ("\\(", "\\)")])
def test_entry_meaning_in_any_delimiters(opening: str, closing: str) -> None:
    note = parse_note(ENTRY.format(o=opening, c=closing))
    names = {d.names[0] for d in glossary_meanings(note)}
    assert "s" in names  # its entry defines it: s_k = sqrt(v_k)
    assert "m" not in names  # near miss: an entry in words only


def test_a_part_of_another_array_is_a_meaning_in_words() -> None:
    """ "$V_k$: the first $k$ columns of $V$" gives $V_k$ a meaning no job carries; the symbol
    declared before it in the same entry ("$Z$: the scores") does not share it (near miss), nor
    does an entry that only mentions another array without calling its symbol a part of it."""
    note = parse_note(
        "# T\n\n## 2. Notation & Objects\n\n"
        "- $V\\in\\mathbb{R}^{p\\times r}$: right singular vectors.\n"
        "- $\\lambda_j\\in\\mathbb{R}$: the $j$-th eigenvalue of $V$.\n"
        "- $U_k\\in\\mathbb{R}^{q\\times m}$: the first $m$ columns of $V$.\n"
        "- $Z\\in\\mathbb{R}^{n\\times k}$: the scores; $V_k\\in\\mathbb{R}^{p\\times k}$: the first $k$ columns of $V$.\n"
        "- $W\\in\\mathbb{R}^{p\\times r}$: weights, the same size as $V$.\n"
    )
    names = {d.names[0] for d in glossary_meanings(note)}
    assert {"V_k", "U_k", "\\lambda_j"} <= names
    assert not names & {"Z", "W", "V"}


@pytest.mark.parametrize(("opening", "closing"), [("$", "$"), ("\\(", "\\)")])
def test_a_derivative_in_the_entry_is_a_meaning(opening: str, closing: str) -> None:
    """ "$J\\in\\mathbb{R}^{m\\times n}$: the Jacobian $\\partial f/\\partial x$" gives $J$ a
    meaning no job carries, read from the model's atoms in any delimiters (was: a search for
    ``\\partial`` in the entry's text, `$` pairs only for equations); an entry whose words
    only say "derivative" gives none (near miss)."""
    note = parse_note(
        "# T\n\n## 2. Notation & Objects\n\n"
        f"- {opening}J\\in\\mathbb{{R}}^{{m\\times n}}{closing}: the Jacobian {opening}\\partial f/\\partial x{closing}.\n"
        f"- {opening}G\\in\\mathbb{{R}}^{{n}}{closing}: the gradient of the loss, a derivative.\n"
    )
    names = {d.names[0] for d in glossary_meanings(note)}
    assert "J" in names
    assert "G" not in names


def test_a_glossary_key_as_notes_write_it() -> None:
    from notelint.math.checking.glossary_meanings import _written

    assert _written("\\mathbf{V}_{k}") == "\\mathbf{V}_k"
    assert _written("\\sigma_{j}") == "\\sigma_j"
    assert _written("x_{ij}") == "x_{ij}"  # two characters keep their braces
    assert _written("\\sigma_{\\mu}") == "\\sigma_{\\mu}"
    assert _written("X") == "X"
