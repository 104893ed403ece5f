"""``notelint new`` (a note skeleton of the standard) and ``notelint init`` (a commented config)."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest

from notelint import data
from notelint.cli import main
from notelint.config import OPTIONS, Config, ConfigResolver, validate
from notelint.engine import lint_text


def run(module: str, argv: list[str]) -> tuple[int, str, str]:
    import importlib

    out, err = io.StringIO(), io.StringIO()
    code = importlib.import_module(module).main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def new(argv: list[str]) -> tuple[int, str, str]:
    return run("notelint.template", argv)


def init(argv: list[str]) -> tuple[int, str, str]:
    return run("notelint.init_config", argv)


# -- notelint new ---------------------------------------------------------------------------------
def test_new_writes_every_section_and_subsection_in_order(tmp_path: Path) -> None:
    target = tmp_path / "note.md"
    code, out, _ = new(["Ridge Regression: Closed Form", "--output", str(target)])
    assert code == 0 and str(target) in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Ridge Regression: Closed Form\n")
    assert "- Lecture Title: Ridge Regression: Closed Form" in text
    headings = re.findall(r"^#{2,3} (\S+?)\)? (.+)$", text, re.MULTILINE)
    sections = data.load("sections")
    expected = []
    for s in sections["section"]:
        expected.append((s["id"], s["title"] + ("" if s.get("required", True) else " (Optional)")))
        expected.extend(
            (sub["id"], sub["title"]) for sub in sections["subsection"] if sub["id"][0] == s["id"]
        )
    assert headings == expected
    # every section says what belongs there
    bodies = re.split(r"^#{2,3} .*$", text, flags=re.MULTILINE)[1:]
    assert all("TODO" in body for body in bodies)


def test_new_skeleton_passes_the_structure_rules(tmp_path: Path) -> None:
    target = tmp_path / "note.md"
    assert new(["Newton's Method", "-o", str(target)])[0] == 0
    text = target.read_text(encoding="utf-8")
    config = Config({"math.cache": False})
    assert [d.code for d in lint_text(text, str(target), config).diagnostics] == []
    nl1 = Config({"select": ["NL1"]})
    assert lint_text(text, str(target), nl1).diagnostics == []
    # near-miss twin: the same skeleton without its recap section fails NL101
    without_recap = re.sub(r"## 8\) One-Line Recap\n\n[^\n]*\n\n", "", text)
    assert without_recap != text
    assert [d.code for d in lint_text(without_recap, str(target), nl1).diagnostics] == ["NL101"]


def test_new_default_path_and_no_overwrite_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert new(["Gradient Descent: Rates"])[0] == 0
    written = tmp_path / "gradient-descent-rates.md"
    assert written.is_file()
    written.write_text("my notes\n", encoding="utf-8")
    code, _, err = new(["Gradient Descent: Rates"])
    assert code == 2 and "exists; use --force" in err
    assert written.read_text(encoding="utf-8") == "my notes\n"
    assert new(["Gradient Descent: Rates", "--force"])[0] == 0
    assert written.read_text(encoding="utf-8").startswith("# Gradient Descent: Rates")


@pytest.mark.parametrize(
    ("argv", "message"),
    [([], "required: title"), (["   "], "title is empty"), (["# Title"], "without the leading '#'")],
)
def test_new_bad_arguments(argv: list[str], message: str, tmp_path: Path) -> None:
    code, _, err = new([*argv, "-o", str(tmp_path / "x.md")] if argv else argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_new_output_is_a_folder(tmp_path: Path) -> None:
    code, _, err = new(["T", "-o", str(tmp_path)])
    assert code == 2 and "is a folder" in err


def test_new_and_init_through_the_main_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "A Note"]) == 0 and (tmp_path / "a-note.md").is_file()
    assert main(["new", "A Note"]) == 2
    assert main(["init"]) == 0 and (tmp_path / "notelint.toml").is_file()
    assert main(["init"]) == 2


# -- notelint init --------------------------------------------------------------------------------
PYPROJECT = '[project]\nname = "notes"\n\n[tool.ruff]\nline-length = 100  # no newline at the end'


def test_init_appends_to_pyproject_keeping_its_bytes(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT, encoding="utf-8")
    code, out, _ = init([str(tmp_path)])
    assert code == 0 and "pyproject.toml" in out
    text = pyproject.read_text(encoding="utf-8")
    assert text.startswith(PYPROJECT + "\n\n")
    parsed = tomllib.loads(text)
    assert parsed["tool"]["ruff"] == {"line-length": 100}
    assert validate(parsed["tool"]["notelint"], "pyproject") == {}  # all commented out: defaults
    note = tmp_path / "n.md"
    assert ConfigResolver().for_path(str(note)).source == pyproject


def test_init_lists_every_option_and_uncommented_they_are_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    assert init([str(tmp_path)])[0] == 0
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    section = text[text.index("[tool.notelint]") :]
    for key, option in OPTIONS.items():
        table, _, name = key.rpartition(".")
        header = "[tool.notelint" + (f".{table}]" if table else "]")
        block = section[section.index(header) :]
        assert f"# {name} = " in block, key
        assert option.help in block, key
    uncommented = re.sub(
        r"^# ([a-z-]+ = [^\n]*?)(?:   \(default: [^)]*\))?$", r"\1", text, flags=re.MULTILINE
    )
    values = validate(tomllib.loads(uncommented)["tool"]["notelint"], "uncommented")
    assert set(values) == set(OPTIONS)
    for key, value in values.items():
        if OPTIONS[key].default is not None:
            assert value == OPTIONS[key].default, key


def test_init_refuses_an_existing_section_and_leaves_the_file(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.notelint]\nselect = ["NL1"]\n', encoding="utf-8")
    code, _, err = init([str(tmp_path)])
    assert code == 2 and "already has a [tool.notelint] section" in err
    assert pyproject.read_text(encoding="utf-8") == '[tool.notelint]\nselect = ["NL1"]\n'


def test_init_refuses_a_pyproject_it_cannot_extend(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    for content in ("tool = { ruff = { line-length = 100 } }\n", "[project\n"):
        pyproject.write_text(content, encoding="utf-8")
        code, _, err = init([str(tmp_path)])
        assert code == 2 and "nothing written" in err
        assert pyproject.read_text(encoding="utf-8") == content


def test_init_keeps_crlf_line_endings(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(b'[project]\r\nname = "notes"\r\n')
    assert init([str(tmp_path)])[0] == 0
    content = pyproject.read_bytes()
    assert content.startswith(b'[project]\r\nname = "notes"\r\n\r\n')
    assert b"\n" not in content.replace(b"\r\n", b"")


def test_init_writes_notelint_toml_without_pyproject(tmp_path: Path) -> None:
    code, out, _ = init([str(tmp_path)])
    target = tmp_path / "notelint.toml"
    assert code == 0 and "notelint.toml" in out
    parsed = tomllib.loads(target.read_text(encoding="utf-8"))
    assert "tool" not in parsed and validate(parsed, "notelint.toml") == {}
    assert ConfigResolver().for_path(str(tmp_path / "n.md")).source == target
    code, _, err = init([str(tmp_path)])
    assert code == 2 and "already exists" in err


def test_init_bad_arguments(tmp_path: Path) -> None:
    code, _, err = init([str(tmp_path / "missing")])
    assert code == 2 and "no such folder" in err
    code, _, err = init(["a", "b"])
    assert code == 2 and "unrecognized arguments" in err
