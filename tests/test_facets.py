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
