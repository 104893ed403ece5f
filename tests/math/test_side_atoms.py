"""The atoms of a relation's side are read once, by the math model: a reader asking about the
side's text (or about sides joined by spaces, ``left + " " + right``) gets them shifted to the
text's own offsets instead of a second parse. Each reading must be the parse's, offsets and
all; where a part could reach into the next (a control word at its end, a script at the next
one's start) or the note's macros were expanded, the text is parsed as before."""

from __future__ import annotations

from typing import Any

import pytest

from notelint.math.reading import atoms as atoms_module
from notelint.math.reading.atoms import Atom, atoms_of, read_text
from notelint.math.reading.relations import split_relations
from notelint.parse.latex import parse_latex


def _dump(atoms: Any) -> Any:
    def tok(t: Any) -> Any:
        return (t.kind, t.text, t.start, t.end, tuple(tuple(tok(x) for x in arg) for arg in t.args))

    def atom(a: Atom) -> Any:
        return (
            tok(a.tok),
            tuple(atom(x) for x in a.inner),
            tuple(tuple(atom(x) for x in g) for g in a.args),
            None if a.sub is None else tuple(atom(x) for x in a.sub),
            None if a.sup is None else tuple(atom(x) for x in a.sup),
            a.primes,
            a.end,
        )

    return tuple(atom(a) for a in atoms)


def _parsed(text: str) -> Any:
    tree = parse_latex(text)
    return None if tree.error else _dump(atoms_of(tree))


SPANS = [
    r"\hat w = (X^\top X + \lambda I_d)^{-1} X^\top y",
    r"J(w) = \tfrac12\|Xw-y\|_2^2 + \tfrac{\lambda}{2}\|w\|_2^2 \le \sum_{i=1}^{n} \ell_i'(w)",
    r"\sigma'(z) = \sigma(z)\big(1-\sigma(z)\big), \quad x_{t+1} = x_t - \eta\,\nabla f(x_t)",
    r"p(y=k\mid x) = \frac{\phi_k\,\mathcal{N}(x;\mu_k,\Sigma)}{\sum_{j}\phi_j\,\mathcal{N}(x;\mu_j,\Sigma)}",
    r"\begin{aligned} a &= b + c \\ &= d^{2} \end{aligned}",
    r"\mathbf{1}\{x>0\} = \operatorname{sign}(x)^2 \ne 0.5",
]


def _sides(latex: str) -> list[Any]:
    return [side for chain in split_relations(latex) for side in chain.parts]


@pytest.mark.parametrize("latex", SPANS)
def test_a_side_reads_as_its_text_parsed_alone(latex: str) -> None:
    sides = _sides(latex)
    assert sides
    for side in sides:
        read_text.cache_clear()
        got = read_text(side.text)
        assert (None if got is None else _dump(got)) == _parsed(side.text), side.text


@pytest.mark.parametrize("latex", SPANS)
def test_sides_joined_by_spaces_read_as_the_joined_text_parsed(latex: str) -> None:
    sides = _sides(latex)
    texts = [s.text for s in sides]
    for joined in (" ".join(texts[:2]), " ".join(texts), " ".join(reversed(texts))):
        read_text.cache_clear()
        got = read_text(joined)
        assert (None if got is None else _dump(got)) == _parsed(joined), joined


def test_the_model_reading_is_used_and_not_a_second_parse() -> None:
    """(The test above cannot tell a reused reading from a parse: this one can.)"""
    (side, _) = _sides(r"q_{\mathrm{new}} = 7")
    read_text.cache_clear()
    parse_latex.cache_clear()
    assert read_text(side.text) is not None
    assert parse_latex.cache_info().misses == 0
    joined = side.text + " " + "7"
    assert read_text(joined) is not None
    assert parse_latex.cache_info().misses == 0


@pytest.mark.parametrize(
    ("head", "tail"),
    [
        (r"a+\frac", "{1}{2}"),  # the control word takes the next part as its argument
        ("b", "_i"),  # the script attaches to the part before
        ("c", "'"),  # the prime too
    ],
)
def test_a_part_that_reaches_into_the_next_is_parsed_whole(head: str, tail: str) -> None:
    atoms_module.remember_side(head, [], 0)  # a (wrong) reading: used only if the join is trusted
    atoms_module.remember_side(tail, [], 0)
    try:
        read_text.cache_clear()
        joined = head + " " + tail
        assert _dump(read_text(joined) or ()) == _parsed(joined)
    finally:
        atoms_module._SIDES.pop(head, None)
        atoms_module._SIDES.pop(tail, None)


def test_a_side_of_a_span_read_with_the_notes_macros_is_parsed_as_written() -> None:
    """The model expands ``\\sumN`` (the note defines it); a reader of the side's text reads it
    as written, as before: the expanded atoms are not its reading."""
    from notelint.math.reading.relations import chains_of
    from notelint.parse.note import parse_note

    note = parse_note("Let $\\newcommand{\\sumN}{\\sum_{n=1}^{N}}$ be given.\n\n$$\\sumN x_n = y$$\n")
    span = note.math[-1]
    (chain,) = chains_of(span)
    left = chain.parts[0]
    assert left.atoms[0].text == "sum"  # expanded by the model
    read_text.cache_clear()
    got = read_text(left.text)
    assert got is not None and got[0].text == "sumN"
    assert _dump(got) == _parsed(left.text)


def test_many_ways_to_split_a_text_are_tried_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sides ``a`` and ``a a`` split ``a a … a z`` in exponentially many ways, none ending in a
    side: each tail is tried once, and the text is parsed."""
    calls = 0
    inner = atoms_module._from_sides

    def counting(latex: str, depth: int, failed: set[str]) -> Any:
        nonlocal calls
        calls += 1
        return inner(latex, depth, failed)

    monkeypatch.setattr(atoms_module, "_from_sides", counting)
    atoms_module.remember_side("a", [], 0)
    atoms_module.remember_side("a a", [], 0)
    try:
        text = " ".join(["a"] * 15 + ["z_"])
        read_text.cache_clear()
        assert _dump(read_text(text) or ()) == _parsed(text)
        assert calls < 200
    finally:
        atoms_module._SIDES.pop("a", None)
        atoms_module._SIDES.pop("a a", None)
