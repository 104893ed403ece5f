"""The README is what a newcomer trusts first: its commands, flags and snippets must be true.

Each test reads a piece of README.md and checks it against the code, the CI script, the
pre-commit hook or the package metadata, so that the README cannot drift from them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from notelint.config import RULE_OPTIONS_TABLE, validate
from notelint.docs import builtin_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The README's text under the heading ``title`` (any level), up to the next heading.

    Lines starting with ``#`` inside fenced blocks (shell comments) are not headings.
    """
    lines: list[str] = []
    inside = in_fence = False
    for line in README.splitlines(keepends=True):
        if line.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and re.match(r"#+ ", line):
            if inside:
                break
            inside = line.split(" ", 1)[1].strip() == title
            continue
        if inside:
            lines.append(line)
    assert lines, f"README has no section {title!r}"
    return "".join(lines)


def _fenced(text: str, language: str) -> list[str]:
    """The bodies of the ```language fenced blocks in ``text``."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def _commands(block: str) -> list[str]:
    return [line.split("  #")[0].strip() for line in block.splitlines() if line and not line.startswith("#")]


def test_quick_start_is_two_commands_and_the_second_is_what_ci_runs() -> None:
    (block,) = _fenced(_section("Quick start"), "bash")
    install_and_run, test = _commands(block)
    assert install_and_run.endswith("notelint examples/")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines(), ".ci/run must run exactly the README's test command"


def test_quick_start_example_run_exits_1_with_findings_on_the_draft_only() -> None:
    # The README says: one note clean, one with typical defects, exit status 1.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "notelint",
            "--no-cache",
            "--isolated",
            "-j",
            "1",
            "--select",
            "NL1,NL2,NL3,NL4",
            "examples/",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    paths = {
        line.split(":")[0] for line in run.stdout.splitlines() if re.match(r"examples/.*:\d+:\d+: NL", line)
    }
    assert paths == {"examples/logistic-regression-draft.md"}, run.stdout


def test_every_flag_in_usage_is_one_the_cli_accepts() -> None:
    (block,) = _fenced(_section("Usage"), "bash")
    help_text = subprocess.run(
        [sys.executable, "-m", "notelint", "--help"], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    flags = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", "\n".join(_commands(block))))
    assert flags, "no flags found in the Usage block"
    missing = sorted(f for f in flags if not re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", help_text))
    assert not missing, f"README Usage names flags `notelint --help` does not know: {missing}"


def test_rule_tags_listed_in_usage_are_the_rules_tags() -> None:
    line = next(line for line in _section("Usage").splitlines() if "--ignore tag:" in line)
    listed = {t.strip() for t in line.split("rules by tag:", 1)[1].split(",")}
    actual = {tag for rule in builtin_rules() for tag in rule.tags}
    assert listed == actual


def test_output_format_table_lists_every_format() -> None:
    table = _section("Output formats")
    listed = set(re.findall(r"^\| `([\w-]+)` \|", table, re.M))
    formats = subprocess.run(
        [sys.executable, "-m", "notelint", "--list-formats"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert listed == set(formats)


def test_configuration_example_is_valid_configuration() -> None:
    (block,) = _fenced(_section("Configuration"), "toml")
    table = tomllib.loads(block)["tool"]["notelint"]
    # Rule options belong to the rules that declare them (a plugin's, here): checked once
    # plugins are loaded, so only their shape is validated without them.
    values = validate(table, "README.md")
    assert any(key.startswith(f"{RULE_OPTIONS_TABLE}.") for key in values)
    assert "profile" in values and "words.vague-add" in values


def test_release_references_match_the_package_version_and_the_hook() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    tags = set(re.findall(r"notelint@v(\d[\w.]*)", README)) | set(re.findall(r"rev: v(\d[\w.]*)", README))
    assert tags == {version}, "README's pip URLs and pre-commit rev must name the current release"
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: notelint$", hook, re.M) and "- id: notelint" in _section("pre-commit")
    assert re.search(r"^\s*entry: notelint --force-exclude$", hook, re.M)


def test_the_release_the_readme_names_is_tagged() -> None:
    """pre-commit's ``rev`` and pip's ``@v…`` need the tag to exist. A clone made without
    tags (``git clone --no-tags``, a shallow CI checkout) cannot tell, and skips."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git clone")
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "tag", "--list", "v*"], capture_output=True, text=True, check=False
    )
    tags = listed.stdout.split()
    if listed.returncode != 0 or not tags:
        pytest.skip("this clone has no release tags")
    assert f"v{version}" in tags, f"README names v{version}; the tags are {tags}"


def test_neovim_snippet_uses_the_built_in_client_api() -> None:
    (snippet,) = _fenced(README, "lua")
    assert "vim.lsp.config(" in snippet and 'vim.lsp.enable("notelint")' in snippet
    assert "lspconfig" not in snippet
    assert '{ "notelint", "server" }' in snippet


@pytest.mark.parametrize("block", _fenced(_section("Inline suppression"), "markdown"))
def test_suppression_examples_parse(block: str) -> None:
    from notelint.suppress import parse_directive

    comments = re.findall(r"<!--(.*?)-->", block)
    assert comments
    for comment in comments:
        directive = parse_directive(comment)
        assert directive is not None and not directive.malformed, comment
