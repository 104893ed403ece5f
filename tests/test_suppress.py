"""Inline suppression comments."""

from __future__ import annotations

from notelint.config import Config
from notelint.engine import lint_text


def found(text: str, select: str = "NL003,NL401,NL402") -> list[tuple[int, str]]:
    return [
        (d.line, d.code) for d in lint_text(text, "n.md", Config({"select": select.split(",")})).diagnostics
    ]


def test_disable_until_enable_by_name_and_prefix() -> None:
    text = (
        "a thing\n<!-- notelint: disable vague-word -->\nb thing, basically\n"
        "<!-- notelint: enable vague-word -->\nc thing\n<!-- notelint: disable NL4 -->\nd thing basically\n"
    )
    assert found(text) == [(1, "NL401"), (3, "NL402"), (5, "NL401")]


def test_disable_file_anywhere_in_the_file() -> None:
    assert found("a thing\n\nb stuff\n\n<!-- notelint: disable-file NL401 -- legacy note -->\n") == []


def test_disable_next_line_covers_only_that_line() -> None:
    assert found("<!-- notelint: disable-next-line NL401 -->\na thing\n\nb thing\n") == [(4, "NL401")]


def test_disable_without_codes_covers_everything() -> None:
    assert found("<!-- notelint: disable -->\na thing, basically\n") == []


def test_unused_and_unknown_suppressions_are_nl003() -> None:
    text = (
        "<!-- notelint: disable-next-line NL401, NL888 -->\nclean text\n\n<!-- notelint: disable-file -->\n"
    )
    assert found(text) == [(1, "NL003"), (4, "NL003")]


def test_one_grammar_for_linter_and_server() -> None:
    from notelint.suppress import parse_directive

    content = " notelint: disable-next-line NL401, vague-word  -- quoting the lecturer "
    syntax = parse_directive(content)
    assert syntax is not None
    assert (syntax.action, syntax.selectors, syntax.reason) == (
        "disable-next-line",
        ("NL401", "vague-word"),
        "quoting the lecturer",
    )
    assert content[: syntax.selectors_end].endswith("vague-word")
    assert parse_directive(" just a comment ") is None
    assert parse_directive(" expect: NL401 ") is None  # the fixture harness's comments are not directives
    malformed = parse_directive(" notelint: disabel NL401 ")
    assert malformed is not None and malformed.malformed
    bare = parse_directive("notelint: disable")
    assert (
        bare is not None
        and bare.selectors == ()
        and "notelint: disable"[: bare.selectors_end] == ("notelint: disable")
    )


def test_malformed_directive_is_nl003_and_suppresses_nothing() -> None:
    text = "<!-- notelint: disabel NL401 -->\na thing\n"
    assert found(text) == [(1, "NL003"), (2, "NL401")]


def test_enable_closes_only_the_disable_it_names() -> None:
    text = (
        "<!-- notelint: disable NL401 -->\n<!-- notelint: disable NL402 -->\n"
        "a thing, basically\n<!-- notelint: enable NL402 -->\nb thing, basically\n"
    )
    # NL401 stays disabled to the end; NL402 is back after its enable
    assert found(text) == [(5, "NL402")]


def test_a_directive_is_a_facet_of_the_note() -> None:
    from notelint.facets import DIRECTIVES
    from notelint.parse import parse_note

    note = parse_note("<!-- notelint: disable NL401 -->\na\n<!-- notelint: enable -->\nb\n")
    first, second = note.facet(DIRECTIVES)
    assert (first.action, first.start, first.end) == ("disable", 32, 35)
    assert second.action == "enable" and (second.start, second.end) == (0, 0)
    assert note.facet(DIRECTIVES) is note.facet(DIRECTIVES)
