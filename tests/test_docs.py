"""Rule docs are generated from rule metadata and cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from notelint.docs import builtin_rules, render_rules
from notelint.rule import DOC_SECTIONS

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
