"""Facets: typed views of a note, built once, that rules read instead of re-scanning the text."""

from __future__ import annotations

from notelint.config import Config
from notelint.engine import lint_text
from notelint.facets import EQUATIONS, TAGS
from notelint.note import Facet, Note
from notelint.parse import parse_note

FENCE = "`" * 3


def _tags(text: str) -> list[tuple[str, str]]:
    note = parse_note(text)
    return [(t.number, text[t.number_span.start : t.number_span.end]) for t in note.facet(TAGS)]


def test_tags_are_read_from_math_with_the_offsets_of_their_numbers() -> None:
    text = "# T\n\n$$ a = b \\tag{3} $$\n\nInline $x \\tag*{ 7a }$ too.\n"
    note = parse_note(text)
    tags = note.facet(TAGS)
    assert [(t.number, t.starred) for t in tags] == [("3", False), ("7a", True)]
    for tag in tags:
        assert text[tag.number_span.start : tag.number_span.end] == tag.number
        assert text[tag.span.start : tag.span.end].startswith("\\tag")
        assert tag.math is not None
    assert tags[0].int_number == 3 and tags[1].int_number is None


def test_tags_in_code_comments_and_escapes_are_not_tags() -> None:
    text = (
        "# T\n\n"
        f"{FENCE}python\nprint(r'\\tag{{5}}')\n{FENCE}\n\n"
        "Use `\\tag{6}` to number.\n\n"
        "$$ a = b % \\tag{8}\n$$\n\n"
        "$$ a \\\\tag{9} $$\n\n"
        f"{FENCE}{{code-block}} latex\n\\tag{{10}}\n{FENCE}\n"
    )
    assert _tags(text) == []


def test_tags_in_a_myst_directive_body_count() -> None:
    text = (
        f"# T\n\n{FENCE}{{admonition}} Result\n:class: tip\n$$ w = 1 \\tag{{4}} $$\n{FENCE}\n\n50% of it.\n"
    )
    assert _tags(text) == [("4", "4")]


def _nl203(text: str) -> list[str]:
    return [d.message for d in lint_text(text, "n.md", Config({"select": ["NL203"]})).diagnostics]


def test_nl203_a_tag_in_a_code_fence_numbers_no_equation() -> None:
    base = "# T\n\n$$ a = b \\tag{1} $$\n\nBy (1) and (3) we are done.\n\n"
    in_code = base + f"{FENCE}latex\n$$ c = d \\tag{{3}} $$\n{FENCE}\n"
    assert _nl203(in_code) == ["reference (3) names no equation in this note"]
    in_directive = base + f"{FENCE}{{note}}\n$$ c = d \\tag{{3}} $$\n{FENCE}\n"
    assert _nl203(in_directive) == []


def test_nl201_numbers_after_directive_tags_but_not_after_code() -> None:
    def fix_title(extra: str) -> str | None:
        text = "# T\n\n$$ a = b \\tag{1} $$\n\n$$ c = d $$\n\n" + extra
        (d,) = lint_text(text, "n.md", Config({"select": ["NL201"]})).diagnostics
        return d.fix.title if d.fix else None

    assert fix_title(f"{FENCE}python\nx = r'\\tag{{9}}'\n{FENCE}\n") == "add \\tag{2}"
    assert fix_title(f"{FENCE}{{admonition}} Aside\n$$ e = f \\tag{{9}} $$\n{FENCE}\n") == "add \\tag{10}"


def test_a_facet_is_built_once_per_note_and_per_note_only() -> None:
    calls: list[str] = []

    def count_headings(note: Note) -> int:
        calls.append(note.path)
        return len(note.headings)

    headings: Facet[int] = Facet("heading-count", count_headings)
    first = parse_note("# A\n\n## B\n", "a.md")
    second = parse_note("# A\n", "b.md")
    assert first.facet(headings) == 2 and first.facet(headings) == 2
    assert second.facet(headings) == 1
    assert calls == ["a.md", "b.md"]
    # the built-in facets are shared by the rules that read them
    assert first.facet(EQUATIONS) is first.facet(EQUATIONS)


def test_a_configured_facet_is_rebuilt_for_another_configuration() -> None:
    import pytest

    from notelint.note import ConfiguredFacet

    def known_symbols(note: Note, config: Config) -> list[str]:
        return list(config.get("symbols.known"))

    known: ConfiguredFacet[list[str]] = ConfiguredFacet("known", known_symbols)
    note = parse_note("# T\n")
    one, two = Config({"symbols.known": ["c"]}), Config({"symbols.known": ["k"]})
    assert note.facet(known, one) == ["c"] and note.facet(known, one) is note.facet(known, one)
    assert note.facet(known, two) == ["k"]  # a cache keyed by the note alone would say ["c"]
    with pytest.raises(TypeError, match="depends on the configuration"):
        note.facet(known)  # type: ignore[call-overload]


def test_the_relation_analysis_is_kept_per_configuration() -> None:
    from notelint.math.checking.analysis import analyze

    note = parse_note("# T\n\nNo math here.\n")
    one, two = Config(), Config({"math.timeout": 1.0})
    assert analyze(note, one) is analyze(note, one)
    assert analyze(note, two) is not analyze(note, one)


def test_the_step_verdicts_are_kept_per_configuration_and_shown_only_once_computed() -> None:
    """NL506's derivation was a module-global cache keyed by the note alone: a second
    configuration got the first one's verdicts. Now a configured facet; the language server
    reads what a lint computed and never starts one."""
    from notelint.math.checking.derivation import computed_derivation, derivation

    note = parse_note("# T\n\nNo math here.\n")
    one, two = Config(), Config({"math.timeout": 1.0})
    assert computed_derivation(note) is None
    first = derivation(note, one)
    assert derivation(note, one) is first and computed_derivation(note) is first
    second = derivation(note, two)
    assert second is not first and computed_derivation(note) is second


def test_dimension_claims_are_read_once_from_4c_outside_quoted_lecturer_claims() -> None:
    from notelint.math.reading.atoms import Atom
    from notelint.math.semantics.dimension_claims import DIMENSION_CLAIMS
    from notelint.note import MathSpan

    text = (
        "## 4) Derivation Protocol\n\n### 4.C Intermediate Checks\n\n"
        "- $X^\\top y \\in \\mathbb{R}^{d}$, $w \\in \\mathbb{R}^d$.\n"
        "- $X^\\top X$ has shape $d \\times d$.\n"
        "- (LECTURER CLAIM) $X y \\in \\mathbb{R}^{d}$ in class.\n\n"
        "### 4.D Identities\n\n$A \\in \\mathbb{R}^{n}$\n"
    )
    note = parse_note(text)
    facts = note.facet(DIMENSION_CLAIMS)
    assert len(facts.spans) == 4  # the quoted claim's span and 4.D's are not read

    def latex(math: MathSpan, atoms: list[Atom]) -> str:
        return math.latex[atoms[0].start : atoms[-1].end]

    member = [
        (latex(c.math, c.expression), latex(c.math, c.claimed)) for c in facts.claims if c.form == "member"
    ]
    assert member == [("X^\\top y", "\\mathbb{R}^{d}"), ("w", "\\mathbb{R}^d")]
    (stated,) = [c for c in facts.claims if c.form == "stated"]
    assert (
        stated.math.latex == "X^\\top X" and stated.claimed_math.latex == "d \\times d" and stated.names_size
    )
    assert note.facet(DIMENSION_CLAIMS) is facts


def test_without_math_replaces_every_math_span_the_note_reads() -> None:
    # the words around the math in every delimiter the dialect reads; a price stays
    from notelint.parse import parse_note

    note = parse_note("Let $x$ be \\(d\\)-dimensional, a price of \\$5.\n\n$$a=b$$\n\nend\n")
    text = note.text
    assert note.without_math(0, len(text)) == "Let   be  -dimensional, a price of \\$5.\n\n \n\nend\n"
    # a span cut by the range is replaced for the part inside it; a mark may stand for math
    start = text.index("x")
    assert note.without_math(start, text.index("be") + 2, "#") == "# be"
    assert note.without_math(0, 3) == "Let"
