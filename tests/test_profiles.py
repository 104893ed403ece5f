"""The adoption profile: `profile = "existing-notes"` (or `--profile`) as a starting selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.cli import main
from notelint.config import Config, ConfigError, ConfigResolver, validate
from notelint.engine import rules_for

ORDINARY_NOTE = """# Gradient descent

## Recap

The loss goes down and the step is, basically, small. The thing we minimise is $f(x) = x^2$.

$$ \\frac{d}{dx} x^2 = 2x $$
"""


def chosen(config: Config) -> set[str]:
    return {r.code for r in rules_for(config)}


def test_existing_notes_selects_latex_language_and_mathematics() -> None:
    codes = chosen(Config(validate({"profile": "existing-notes"}, "test")))
    assert {"NL210", "NL401", "NL402", "NL501", "NL502", "NL503", "NL506"} <= codes
    assert not codes & {"NL101", "NL104", "NL201", "NL205", "NL211", "NL301", "NL305"}


def test_standard_profile_is_the_default_set() -> None:
    assert chosen(Config(validate({"profile": "standard"}, "test"))) == chosen(Config())


def test_select_extend_and_ignore_still_apply() -> None:
    config = Config(
        validate({"profile": "existing-notes", "ignore": ["NL402"], "extend-select": ["NL203"]}, "t")
    )
    codes = chosen(config)
    assert "NL402" not in codes and "NL203" in codes and "NL101" not in codes
    assert chosen(Config(validate({"profile": "existing-notes", "select": ["NL101"]}, "t"))) >= {"NL101"}


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"unknown profile 'existing'.*existing-notes"):
        validate({"profile": "existing"}, "notelint.toml")


def test_command_line_profile_replaces_the_files_select(tmp_path: Path) -> None:
    (tmp_path / "notelint.toml").write_text('select = ["NL101"]\n')
    resolver = ConfigResolver({"profile": "existing-notes", "select": None})
    codes = chosen(resolver.for_path(str(tmp_path / "n.md")))
    assert "NL101" not in codes and "NL401" in codes


def test_cli_profile_on_an_ordinary_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.md"
    note.write_text(ORDINARY_NOTE, encoding="utf-8")
    status = main(["--isolated", "--no-cache", "--profile", "existing-notes", str(note)])
    out = capsys.readouterr().out
    assert status == 1
    assert "NL401" in out and "NL402" in out
    assert "NL101" not in out and "NL201" not in out
    status = main(["--isolated", "--no-cache", str(note)])
    assert "NL101" in capsys.readouterr().out


def test_profile_brings_option_defaults_that_config_overrides() -> None:
    profiled = Config(validate({"profile": "existing-notes"}, "t"))
    assert profiled.get("words.vague-remove") == ["changes"]
    assert Config().get("words.vague-remove") == []
    configured = Config(validate({"profile": "existing-notes", "words": {"vague-remove": []}}, "t"))
    assert configured.get("words.vague-remove") == []
