"""The math model of a span (issue 15): rows, relation chains, binders, markers, macros."""

from __future__ import annotations

from notelint.math.reading.model import MATH_MODEL, MathModel
from notelint.parse import parse_note


def _models(text: str) -> list[MathModel]:
    return [m.facet(MATH_MODEL) for m in parse_note(text).math]


def _chains(model: MathModel) -> list[tuple[list[str], list[str]]]:
    return [
        ([model.text(s.start, s.end) for s in c.sides], [r.kind for r in c.relations]) for c in model.chains
    ]


def test_the_model_is_built_once_per_span() -> None:
    (span,) = parse_note("Text $a = b$.\n").math
    assert span.facet(MATH_MODEL) is span.facet(MATH_MODEL)


def test_rows_of_an_aligned_display_continue_the_previous_side_and_carry_the_tag() -> None:
    (model,) = _models(
        "$$\\begin{aligned} J(w) &= \\tfrac12\\|Xw-y\\|^2 \\\\ &\\stackrel{\\text{def}}{=} c \\le d"
        "\\end{aligned}\\tag{2}\\label{eq:j}$$\n"
    )
    assert _chains(model) == [
        (["J(w)", "\\tfrac12\\|Xw-y\\|^2"], ["equality"]),
        (["\\tfrac12\\|Xw-y\\|^2", "c", "d"], ["definition", "inequality"]),
    ]
    last = model.rows[-1]
    assert last.tag is not None and last.tag.text == "2"
    assert last.label is not None and last.label.text == "eq:j"
    assert [m.kind for m in model.markers] == ["text", "tag", "label"]


def test_positions_are_file_offsets_through_file_span() -> None:
    text = "Intro $\\hat w \\coloneqq \\arg\\min_w J(w)$ end.\n"
    note = parse_note(text)
    (model,) = [m.facet(MATH_MODEL) for m in note.math]
    (link,) = model.links
    assert link.relation.kind == "definition" and link.relation.meaning.strong
    span = model.file_span(link.relation.start, link.relation.end)
    assert text[span.start : span.end] == "\\coloneqq"
    right = model.file_span(link.right.start, link.right.end)
    assert text[right.start : right.end] == "\\arg\\min_w J(w)"


def test_colon_equals_boxed_quad_and_comma_split_chains() -> None:
    (model,) = _models("$$\\boxed{c := 3}, \\quad x \\in \\mathbb{R}^d, \\; y = 1, z = 2$$\n")
    assert model.rows[0].boxed
    assert _chains(model) == [
        (["c", "3"], ["definition"]),
        (["x", "\\mathbb{R}^d"], ["membership"]),
        (["y", "1"], ["equality"]),
        (["z", "2"], ["equality"]),
    ]


def test_an_overset_label_that_is_not_a_definition_keeps_the_lower_relation() -> None:
    (model,) = _models("$$a \\overset{(i)}{=} b \\stackrel{\\Delta}{=} c$$\n")
    assert [r.kind for r in model.chains[0].relations] == ["equality", "definition"]


def test_cases_stay_the_value_of_their_row_and_add_condition_rows() -> None:
    (model,) = _models("$$f(x) = \\begin{cases} 1 & x \\ge 0 \\\\ 0 & x < 0 \\end{cases}$$\n")
    first, *cases = model.rows
    assert _chains(model)[0][1] == ["equality"]
    assert [r.environment for r in cases] == ["cases", "cases"]
    assert [[c.relations[0].kind for c in r.chains if c.relations] for r in cases] == [
        ["inequality"],
        ["inequality"],
    ]
    assert first.chains[0].sides[1].atoms[0].kind == "env"


def test_binders_and_their_scopes() -> None:
    (model,) = _models("$$\\sum_{i=1}^n x_i + \\max_u g(u) = \\frac{d}{dx} f(x) + \\int_0^1 h(t)\\,dt$$\n")
    found = {(b.kind, b.variables, model.text(b.scope_start, b.scope_end)) for b in model.binders}
    assert ("sum", ("i",), "\\sum_{i=1}^n x_i + \\max_u g(u)") in found
    assert ("max", ("u",), "\\max_u g(u)") in found
    assert ("derivative", ("x",), "\\frac{d}{dx} f(x) + \\int_0^1 h(t)\\,dt") in found
    assert ("integral", ("t",), "\\int_0^1 h(t)\\,dt") in found
    assert {"i", "u", "t"} <= model.bound


def test_macros_the_note_defines_are_recorded_and_are_not_mathematics() -> None:
    (a, b) = _models(
        "$\\newcommand{\\bX}{\\mathbf{X}} \\bX \\in \\mathbb{R}^{n}$ and $\\def\\bw{\\mathbf{w}} \\bw = 0$\n"
    )
    assert a.macros == {"\\bX": "\\mathbf{X}"} and b.macros == {"\\bw": "\\mathbf{w}"}
    assert _chains(a) == [(["\\bX", "\\mathbb{R}^{n}"], ["membership"])]
    assert _chains(b) == [(["\\bw", "0"], ["equality"])]


def test_every_defining_command_of_the_vocabulary_is_read_as_a_definition_by_every_reader() -> None:
    """One list (``[definitions]`` in data/latex.toml) for the model, the note's macros, symbol
    extraction and NL210: ``\\edef`` and ``\\xdef`` define like ``\\def``; ``\\let`` is skipped
    but defines no macro. The near miss: the same span without the definer reads its letters."""
    from notelint.math.reading.macros import definitions_in
    from notelint.math.reading.vocabulary import vocabulary

    vocab = vocabulary()
    assert {"newcommand", "def", "edef", "xdef", "DeclareMathOperator"} <= vocab.macro_definers
    assert {"let", "newenvironment"} <= vocab.definers - vocab.macro_definers
    for definer in ("edef", "xdef", "gdef"):
        (span,) = parse_note(f"$\\{definer}\\bz{{\\mathbf{{v}}}} a = q$\n").math
        model = span.facet(MATH_MODEL)
        assert model.macros == {"\\bz": "\\mathbf{v}"}, definer
        assert "\\bz" in definitions_in(span), definer
        assert _chains(model) == [(["a", "q"], ["equality"])], definer
        assert {o.key for o in model.occurrences} == {"a", "q"}, definer
    (let_span,) = parse_note("$\\let\\bz\\mathbf a = q$\n").math
    assert let_span.facet(MATH_MODEL).macros == {} and definitions_in(let_span) == {}
    (plain,) = _models("$\\bz{\\mathbf{v}} a = q$\n")
    assert plain.macros == {} and "\\mathbf{v}" in {o.key for o in plain.occurrences}
