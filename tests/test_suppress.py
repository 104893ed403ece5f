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
