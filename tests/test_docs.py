"""Rule docs are generated from rule metadata and cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notelint.config import Config
from notelint.docs import builtin_rules, render_rules
from notelint.engine import lint_text
from notelint.rule import DOC_SECTIONS, Rule

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_rules(builtin_rules()), (
        "docs/rules.md is stale: run `python -m notelint.docs docs/rules.md docs/configuration.md`"
    )


def test_docs_configuration_md_is_up_to_date() -> None:
    from notelint.docs import render_options

    page = DOCS.parent / "configuration.md"
    assert page.read_text(encoding="utf-8") == render_options(), (
        "docs/configuration.md is stale: run `python -m notelint.docs docs/rules.md docs/configuration.md`"
    )


def test_every_rule_documents_what_why_example_and_fix() -> None:
    for rule in builtin_rules():
        for section in DOC_SECTIONS:
            assert section in rule.doc, f"{rule.code} docstring lacks {section!r}"
        example = rule.doc.split("## Example", 1)[1]
        assert example.count("```") >= 4, f"{rule.code}: Example needs a bad and a good fenced block"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    import re

    rules = builtin_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"NL[0-5]\d\d", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)


def test_explain_demotes_headings_but_not_inside_fences() -> None:
    from dataclasses import replace

    from notelint.docs import explain

    rule = replace(
        builtin_rules()[0], doc="## What it does\nX\n\n## Example\n```markdown\n## 2) Notation\n```\n"
    )
    page = explain(rule, heading_level=3)
    assert "#### What it does" in page and "#### Example" in page
    assert "\n## 2) Notation\n" in page


# --- docs that run: every rule's Example fires, its "Use instead" is clean -------------------

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n", re.MULTILINE)
RUN_LEVEL = {"NL001", "NL002"}  # an internal error and an unreadable file have no note to show


def fenced_blocks(markdown: str) -> list[str]:
    """The contents of the top-level fenced blocks of ``markdown``, in order."""
    blocks = []
    pos = 0
    while (m := _FENCE_OPEN.search(markdown, pos)) is not None:
        close = re.compile(rf"^{m['indent']}{m['fence']}{m['fence'][0]}*[ \t]*$", re.MULTILINE)
        end = close.search(markdown, m.end())
        if end is None:
            break
        blocks.append(markdown[m.end() : end.start()])
        pos = end.end()
    return blocks


def example_pair(rule_doc: str) -> tuple[str, str]:
    """(the Example's first block, the first block after "Use instead")."""
    example = rule_doc.split("## Example", 1)[1]
    bad_part, good_part = example.split("Use instead", 1)
    return fenced_blocks(bad_part)[0], fenced_blocks(good_part)[0]


DOC_RULES = [r for r in builtin_rules() if r.code not in RUN_LEVEL]


@pytest.mark.parametrize("rule", DOC_RULES, ids=[r.code for r in DOC_RULES])
def test_documented_example_fires_and_fix_is_clean(rule: Rule) -> None:
    bad, good = example_pair(rule.doc)
    config = Config({"select": [rule.code]})
    bad_codes = [d.code for d in lint_text(bad, "example.md", config).diagnostics]
    good_found = [
        f"{d.line}:{d.column} {d.code} {d.message}" for d in lint_text(good, "fixed.md", config).diagnostics
    ]
    assert rule.code in bad_codes, f"{rule.code}: the documented Example draws no {rule.code}"
    assert not good_found, f"{rule.code}: the documented 'Use instead' is not clean: {good_found}"


def test_fenced_blocks_reader() -> None:
    doc = "x\n````markdown\na\n```\n`````\ny\n~~~\nb\n```\n~~~~\n"
    assert fenced_blocks(doc) == ["a\n```\n", "b\n```\n"]
