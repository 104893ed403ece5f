"""The public rule API: the surface in ``notelint.__all__``, rule options, tag selection."""

from __future__ import annotations

import subprocess
import sys

import pytest

import notelint
from notelint.config import Config, ConfigError, check_rule_options, validate
from notelint.engine import lint_text
from notelint.plugins import all_rules
from notelint.selection import SelectionError, check_selectors, selected_rules


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in notelint.__all__:
        value = getattr(notelint, name)
        assert value is not None
    assert callable(notelint.rule) and notelint.rule.__module__ == "notelint.rule"
    assert {"rule", "Rule", "RuleContext", "Note", "Finding", "Fix", "hookimpl"} <= set(notelint.__all__)


def test_importing_notelint_loads_neither_the_parsers_nor_the_rules() -> None:
    code = (
        "import sys, notelint\n"
        "heavy = [m for m in sys.modules if m.startswith(('notelint.parse', 'notelint.rules', 'notelint.math',"
        " 'markdown_it', 'pylatexenc', 'sympy'))]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _rule_with_options() -> notelint.Rule:
    @notelint.rule(
        code="XY001",
        name="long-line",
        summary="a line is too long",
        tags=["layout"],
        options=[
            notelint.RuleOption("max-length", 80, "longest line"),
            notelint.RuleOption("style", "soft", "how to count", choices=("soft", "hard")),
        ],
    )
    def long_line(note: notelint.Note, ctx: notelint.RuleContext) -> None:
        """## What it does"""
        limit = ctx.option("max-length")
        at = 0
        for line in note.text.split("\n"):
            if len(line) > limit:
                ctx.report(at, at + len(line), f"line longer than {limit}")
            at += len(line) + 1

    return long_line


def test_rule_options_are_validated_against_the_declaration() -> None:
    rule = _rule_with_options()
    values = validate({"rules": {"long-line": {"max-length": 100}, "XY001": {"style": "hard"}}}, "cfg")
    checked = check_rule_options(values, [rule], "cfg")
    assert checked == {"rules.XY001.max-length": 100, "rules.XY001.style": "hard"}
    with pytest.raises(ConfigError, match=r"cfg: invalid value for 'rules.XY001.max-length': expected a int"):
        check_rule_options(validate({"rules": {"XY001": {"max-length": "100"}}}, "cfg"), [rule], "cfg")
    with pytest.raises(ConfigError, match=r"expected one of 'soft', 'hard'"):
        check_rule_options(validate({"rules": {"XY001": {"style": "wavy"}}}, "cfg"), [rule], "cfg")
    with pytest.raises(ConfigError, match=r"has no option 'max-len' \(its options: max-length, style\)"):
        check_rule_options(validate({"rules": {"XY001": {"max-len": 3}}}, "cfg"), [rule], "cfg")
    with pytest.raises(ConfigError, match=r"no rule 'XY002'"):
        check_rule_options(validate({"rules": {"XY002": {"max-length": 3}}}, "cfg"), [rule], "cfg")
    with pytest.raises(ConfigError, match=r"a table per rule"):
        validate({"rules": {"max-length": 3}}, "cfg")


def test_the_check_reads_configured_options_and_defaults() -> None:
    rule = _rule_with_options()
    text = "# T\n\n" + "x" * 90 + "\n"
    assert [d.message for d in lint_text(text, "n.md", Config(), [rule]).diagnostics] == [
        "line longer than 80"
    ]
    configured = Config({"rules.XY001.max-length": 100})
    assert lint_text(text, "n.md", configured, [rule]).diagnostics == []
    by_name = Config({"rules.long-line.max-length": 85})
    assert [d.message for d in lint_text(text, "n.md", by_name, [rule]).diagnostics] == [
        "line longer than 85"
    ]


def test_a_bad_option_declaration_is_refused() -> None:
    with pytest.raises(ValueError, match="kebab-case"):
        notelint.RuleOption("maxLength", 3, "")
    with pytest.raises(ValueError, match="needs an explicit type"):
        notelint.RuleOption("limit", None, "")
    assert notelint.RuleOption("limit", None, "", value_type=int).parse(3) == 3
    assert notelint.RuleOption("ratio", 0.5, "").parse(1) == 1.0
    with pytest.raises(ValueError, match="expected a int"):
        notelint.RuleOption("limit", 3, "").parse(True)


def test_rules_are_selected_by_tag_less_specifically_than_by_code() -> None:
    rules = all_rules()
    by_tag = selected_rules(rules, ["tag:provenance"], [], [])
    # (NL001/NL002, the run rules, are always on)
    assert [r.code for r in by_tag] == [
        "NL001",
        "NL002",
        "NL204",
        "NL205",
        "NL206",
        "NL207",
        "NL208",
        "NL211",
    ]
    # an exact code beats the tag; the tag beats a code prefix
    assert "NL208" not in [r.code for r in selected_rules(rules, ["tag:provenance"], [], ["NL208"])]
    without_cas = [r.code for r in selected_rules(rules, ["NL5"], [], ["tag:cas"])]
    assert without_cas == ["NL001", "NL002", "NL505"]
    assert "NL504" in [r.code for r in selected_rules(rules, ["tag:cas"], [], ["NL5"])]
    # the run rules stay on unless ignored by exact code or name
    assert {"NL001", "NL002"} <= {r.code for r in selected_rules(rules, ["NL1"], [], ["tag:run"])}
    with pytest.raises(SelectionError, match="no rule has the tag 'provenence'"):
        check_selectors(["tag:provenence"], rules, "--select")


def test_every_builtin_rule_carries_its_family_tag() -> None:
    families = {"0": "run", "1": "structure", "2": "equations", "3": "symbols", "4": "language"}
    for rule in all_rules():
        if rule.origin == "notelint":
            expected = (
                "math"
                if rule.code in ("NL501", "NL502", "NL503", "NL504", "NL506")
                else families.get(rule.code[2])
            )
            if rule.code == "NL505":
                expected = "symbols"
            assert rule.tags[0] == expected, rule.code


def test_a_directive_can_name_a_tag() -> None:
    text = "# T\n\n<!-- notelint: disable-next-line tag:language -->\nThe loss goes up.\nThe loss goes up.\n"
    diagnostics = lint_text(text, "n.md", Config({"select": ["NL4", "NL003"]})).diagnostics
    assert [(d.line, d.code) for d in diagnostics] == [(5, "NL401")]


def test_disable_plugins_is_read_from_the_run_configuration_only(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from notelint.config import ConfigResolver, run_disabled_plugins
    from notelint.plugins import DISABLE_ENV

    monkeypatch.delenv(DISABLE_ENV, raising=False)
    (tmp_path / "notelint.toml").write_text('disable-plugins = ["todo"]\n')
    assert run_disabled_plugins(None, False, tmp_path) == ["todo"]
    assert run_disabled_plugins(None, True, tmp_path) == []
    (tmp_path / "bad.toml").write_text("disable-plugins = 3\n")
    with pytest.raises(ConfigError, match="invalid value for 'disable-plugins'"):
        run_disabled_plugins(Path(tmp_path / "bad.toml"), False, tmp_path)
    # a nested configuration cannot disable what the run loaded: an error, not silence
    nested = tmp_path / "sub"
    nested.mkdir()
    (nested / "notelint.toml").write_text('disable-plugins = ["other"]\n')
    with pytest.raises(ConfigError, match="plugins are loaded once per run"):
        ConfigResolver().for_path(str(nested / "n.md"))
    monkeypatch.setenv(DISABLE_ENV, "other")
    assert ConfigResolver().for_path(str(nested / "n.md")).get("disable-plugins") == ["other"]


def test_a_plugin_format_replaces_a_builtin_one_of_the_same_name() -> None:
    from notelint.plugins import all_formatters, plugin_manager

    class Plain(notelint.Formatter):
        name = "text"

    class Plugin:
        @notelint.hookimpl
        def notelint_formatters(self) -> dict[str, type[notelint.Formatter]]:
            return {"text": Plain}

    pm = plugin_manager()
    builtin = all_formatters()["text"]
    plugin = Plugin()
    pm.register(plugin, "test-formatter-plugin")
    all_formatters.cache_clear()
    try:
        assert all_formatters()["text"] is Plain
    finally:
        pm.unregister(plugin)
        all_formatters.cache_clear()
    assert all_formatters()["text"] is builtin
