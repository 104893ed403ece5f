"""Configuration discovery, validation and effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.config import Config, ConfigError, ConfigResolver, find_config_file, validate
from notelint.engine import lint_text, rules_for


def codes(text: str, config: Config, path: str = "n.md") -> list[str]:
    return [d.code for d in lint_text(text, path, config).diagnostics]


def test_found_upward_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "notelint.toml").write_text("select = ['NL4']\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    find_config_file.cache_clear()
    assert find_config_file(tmp_path / "sub") == tmp_path / "notelint.toml"
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.notelint]\nignore = ['NL402']\n")
    find_config_file.cache_clear()
    assert find_config_file(tmp_path / "sub") == tmp_path / "sub" / "pyproject.toml"
    config = ConfigResolver().for_path(str(tmp_path / "sub" / "n.md"))
    assert config.get("ignore") == ["NL402"]


def test_nested_tables_and_unknown_keys() -> None:
    values = validate({"words": {"vague-remove": ["changes"]}, "severity": {"NL401": "warning"}}, "cfg")
    assert values == {"words.vague-remove": ["changes"], "severity": {"NL401": "warning"}}
    with pytest.raises(ConfigError, match=r"cfg: unknown option 'words.vague-removal'"):
        validate({"words": {"vague-removal": []}}, "cfg")
    with pytest.raises(ConfigError, match=r"cfg: invalid value for 'severity': unknown severity 'loud'"):
        validate({"severity": {"NL401": "loud"}}, "cfg")
    with pytest.raises(ConfigError, match=r"invalid value for 'concepts.min-bullets'"):
        validate({"concepts": {"min-bullets": "three"}}, "cfg")


def test_word_lists_extend_and_trim() -> None:
    text = "# T\n\nThe weight changes, a huge thing.\n"
    base = Config({"select": ["NL401"]})
    assert codes(text, base) == ["NL401", "NL401"]
    trimmed = Config(
        {
            "select": ["NL401"],
            "words.vague-remove": ["changes", "thing"],
            "words.vague-add": {"huge": "quantify it"},
        }
    )
    result = lint_text(text, "n.md", trimmed).diagnostics
    assert [(d.column, d.message) for d in result] == [(23, 'vague wording "huge": quantify it')]


def test_severity_override_and_per_file_ignores(tmp_path: Path) -> None:
    config = Config(
        {
            "select": ["NL401"],
            "severity": {"vague-word": "warning"},
            "per-file-ignores": {"drafts/*.md": ["NL4"]},
        },
        root=tmp_path,
    )
    result = lint_text("The loss goes up.\n", str(tmp_path / "n.md"), config)
    assert [d.severity.label for d in result.diagnostics] == ["warning"]
    assert [r.code for r in rules_for(config, str(tmp_path / "drafts" / "d.md"))] == ["NL001", "NL002"]


def test_section_template_from_configuration() -> None:
    text = "## 0) Metadata\nx\n## 1) Concept\nx\n## Symbols\nx\n"
    config = Config(
        {"select": ["NL101"], "sections.required": ["0", "1", "2"], "sections.titles": {"2": ["Symbols"]}}
    )
    assert codes(text, config) == []
    assert codes(text, Config({"select": ["NL101"], "sections.required": ["0", "1", "2"]})) == ["NL101"]


def test_info_rules_run_only_when_selected_and_all_selects_them() -> None:
    def selected(values: dict) -> set[str]:
        return {r.code for r in rules_for(Config(values))}

    assert "NL504" not in selected({})
    assert "NL504" in selected({"select": ["NL5"]})
    assert "NL504" in selected({"select": ["ALL"]})
    assert "NL504" not in selected({"select": ["ALL"], "ignore": ["NL504"]})
