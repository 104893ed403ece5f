"""docs/plugins.md and the hookspecs' docstrings: up to date, complete, and their examples run."""

from __future__ import annotations

import inspect
import io
import re
from pathlib import Path
from typing import Any

import notelint
from notelint import hookspecs
from notelint.config import Config
from notelint.docs import render_plugins_page
from notelint.engine import lint_text

PAGE = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)


def _hook_example(name: str) -> str:
    doc = inspect.cleandoc(getattr(hookspecs, name).__doc__ or "")
    return inspect.cleandoc(doc.partition("Example::")[2])


def test_the_hook_reference_is_up_to_date() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page == render_plugins_page(page), (
        "docs/plugins.md is stale: run "
        "`python -m notelint.docs docs/rules.md docs/configuration.md docs/plugins.md`"
    )


def test_every_hook_is_documented_with_an_example() -> None:
    hooks = [n for n, f in vars(hookspecs).items() if n.startswith("notelint_") and inspect.isfunction(f)]
    assert hooks == ["notelint_rules", "notelint_formatters", "notelint_markdown_extensions"]
    for name in hooks:
        doc = getattr(hookspecs, name).__doc__ or ""
        assert "Called " in doc and "Example::" in doc, name
        assert f"### `{name}(" in PAGE.read_text(encoding="utf-8")


def test_every_public_name_is_in_the_guide() -> None:
    page = PAGE.read_text(encoding="utf-8")
    missing = [n for n in notelint.__all__ if n != "__version__" and f"`{n}`" not in page]
    assert not missing


def test_the_rule_hook_example_runs() -> None:
    namespace: dict[str, Any] = {}
    exec(_hook_example("notelint_rules"), namespace)
    rule, in_equation = namespace["notelint_rules"]()
    result = lint_text(
        "# T\n\nA TODO here.\n\n$$ w = \\text{TODO} \\tag{2} $$\n", "n.md", Config(), [rule, in_equation]
    )
    assert [(d.line, d.column, d.code, d.message) for d in result.diagnostics] == [
        (3, 3, "TD001", "finish this TODO"),
        (5, 14, "TD002", "equation (2) is unfinished"),
    ]
    assert rule.tags == ("drafting",) and [o.name for o in rule.options] == ["marker"]
    assert in_equation.facets == ("equations",)  # read with ctx.facet, strict in the tests


def test_the_formatter_hook_example_runs() -> None:
    namespace: dict[str, Any] = {}
    exec(_hook_example("notelint_formatters"), namespace)
    formatter_class = namespace["notelint_formatters"]()["count"]
    out = io.StringIO()
    formatter = formatter_class(out, {})
    formatter.handle(lint_text("# T\n\nThe loss goes up.\n", "n.md", Config({"select": ["NL401"]})))
    formatter.finish()
    assert out.getvalue() == "1 findings\n"


def test_the_markdown_hook_example_runs() -> None:
    from markdown_it import MarkdownIt

    namespace: dict[str, Any] = {}
    exec(_hook_example("notelint_markdown_extensions"), namespace)
    md = MarkdownIt("commonmark")
    namespace["notelint_markdown_extensions"](md)
    tokens = md.parse("Text[^1].\n\n[^1]: A note.\n")
    assert any(t.type == "footnote_block_open" for t in tokens)


def test_the_guide_examples_run() -> None:
    blocks = _python_blocks(PAGE.read_text(encoding="utf-8").split("## Hook reference")[0])
    assert len(blocks) == 4
    namespace: dict[str, Any] = {}
    for block in blocks:  # the rule, a facet, a fixture test, the test: one namespace, in order
        exec(block, namespace)
    (rule,) = namespace["notelint_rules"]()
    config = Config({"rules.TD001.markers": ["FIXME"]})
    result = lint_text("# T\n\nTODO and FIXME.\n", "n.md", config, [rule])
    assert [d.message for d in result.diagnostics] == ["finish this FIXME"]
    note = result.note
    assert note is not None
    assert [note.text[s.start : s.end] for s in note.facet(namespace["BOLD"])] == []
    from notelint.parse import parse_note

    bold = parse_note("# T\n\nA **bold** word.\n").facet(namespace["BOLD"])
    assert [(s.start, s.end) for s in bold] == [(7, 15)]
