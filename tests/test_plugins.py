"""A real third-party plugin, installed with pip, runs like a built-in rule."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, notelint_executable

PLUGIN = EXAMPLES.parent / "plugin-example"


# the module fixture below is built once, on one worker (pytest-xdist: see pyproject's addopts)
pytestmark = pytest.mark.xdist_group("plugin-install")


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


def run(plugin_path: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(plugin_path)}
    return subprocess.run(
        [notelint_executable(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_plugin_rule_runs_is_selectable_suppressible_and_documented(
    plugin_path: Path, tmp_path: Path
) -> None:
    note = tmp_path / "n.md"
    note.write_text(
        "# T\n\nTODO: derive it. The loss goes up.\n\n<!-- notelint: disable-next-line leftover-todo -->\nTODO later.\n"
    )
    default = run(plugin_path, tmp_path, "--select", "TD,NL401", "n.md")
    assert default.stdout.splitlines()[:2] == [
        "n.md:3:1: TD001 warning [leftover-todo] finish this TODO or tag it (GAP)",
        'n.md:3:27: NL401 [*] error [vague-word] vague wording "goes up": "increases"',
    ]
    assert default.returncode == 1
    only_builtin = run(plugin_path, tmp_path, "--select", "NL401", "n.md")
    assert "TD001" not in only_builtin.stdout
    by_name = run(plugin_path, tmp_path, "--select", "leftover-todo", "--output-format", "json", "n.md")
    assert '"code": "TD001"' in by_name.stdout and '"severity": "warning"' in by_name.stdout
    listed = run(plugin_path, tmp_path, "--list-rules").stdout
    assert "TD001  leftover-todo" in listed
    explained = run(plugin_path, tmp_path, "--explain", "TD001").stdout
    assert explained.startswith("# TD001 leftover-todo\n")
    assert "from plugin `notelint-todo`" in explained and "## Why is this bad?" in explained


def _fake_plugin(site: Path, dist_name: str, ep_name: str, module: str, source: str | None) -> None:
    """A plugin installed into ``site`` by hand: dist-info with an entry point, and its module."""
    dist = site / f"{dist_name.replace('-', '_')}-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[notelint]\n{ep_name} = {module}\n")
    if source is not None:
        (site / f"{module}.py").write_text(source)


def test_a_broken_plugin_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_plugin(site, "broken-plugin", "broken", "broken_plugin_missing_module", None)
    (tmp_path / "n.md").write_text("# T\n")
    proc = run(site, tmp_path, "n.md")
    assert proc.returncode == 2
    assert "failed to load a notelint plugin 'broken'" in proc.stderr
    assert "broken_plugin_missing_module" in proc.stderr and "broken-plugin 0.1" in proc.stderr
    assert "--disable-plugin broken" in proc.stderr
    assert "Traceback" not in proc.stderr
    # disabled, it is not even imported, and the run goes on
    disabled = run(site, tmp_path, "--disable-plugin", "broken", "--select", "NL401", "n.md")
    assert (disabled.returncode, disabled.stderr) == (0, "")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "import notelint\n@notelint.hookimpl\ndef notelint_rules():\n    raise RuntimeError('boom')\n",
            "plugin 'raising-plugin': notelint_rules() raised RuntimeError: boom",
        ),
        (
            "import notelint\n@notelint.hookimpl\ndef notelint_rules():\n    return ['XY001']\n",
            "plugin 'raising-plugin': notelint_rules() returned 'XY001', not a rule made with @notelint.rule",
        ),
        (
            "import notelint\n@notelint.hookimpl\ndef notelint_rulez():\n    return []\n",
            "notelint plugin 'raising' (raising_plugin from raising-plugin 0.1) implements a hook wrongly",
        ),
    ],
)
def test_a_plugin_with_a_bad_hook_is_named(tmp_path: Path, source: str, message: str) -> None:
    site = tmp_path / "site"
    _fake_plugin(site, "raising-plugin", "raising", "raising_plugin", source)
    (tmp_path / "n.md").write_text("# T\n")
    proc = run(site, tmp_path, "n.md")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_plugin_options_tags_and_disabling(plugin_path: Path, tmp_path: Path) -> None:
    (tmp_path / "n.md").write_text("# T\n\nTODO: derive it. FIXME later.\n")

    def lint(*args: str) -> subprocess.CompletedProcess[str]:
        return run(plugin_path, tmp_path, *args, "n.md")

    def codes(proc: subprocess.CompletedProcess[str]) -> list[str]:
        return [
            line.split(": ")[1].split()[0] for line in proc.stdout.splitlines() if line.startswith("n.md:")
        ]

    # selected by its tag; the option's default marks only TODO
    assert codes(lint("--select", "tag:drafting")) == ["TD001"]
    # the option, by rule code or by rule name
    (tmp_path / "notelint.toml").write_text('[rules.TD001]\nmarkers = ["TODO", "FIXME"]\n')
    by_code = lint("--select", "TD001")
    assert codes(by_code) == ["TD001", "TD001"] and "finish this FIXME" in by_code.stdout
    (tmp_path / "notelint.toml").write_text('[rules.leftover-todo]\nmarkers = ["FIXME"]\n')
    assert "finish this FIXME" in lint("--select", "TD001").stdout
    # a wrong type or an unknown option stops the run, naming the file and the key
    (tmp_path / "notelint.toml").write_text('[rules.TD001]\nmarkers = "TODO"\n')
    bad = lint()
    assert (
        bad.returncode == 2
        and "invalid value for 'rules.TD001.markers': expected a list of strings" in bad.stderr
    )
    (tmp_path / "notelint.toml").write_text("[rules.TD001]\nmarker = 3\n")
    bad = lint()
    assert bad.returncode == 2 and "has no option 'marker' (its options: markers)" in bad.stderr
    assert "notelint.toml" in bad.stderr and "Traceback" not in bad.stderr
    # disabled by entry-point name, distribution name or configuration: its rules are gone
    (tmp_path / "notelint.toml").write_text("")
    for disabled in (
        lint("--disable-plugin", "todo", "--select", "TD,NL401"),
        lint("--disable-plugin", "notelint-todo", "--select", "TD,NL401"),
    ):
        assert disabled.returncode == 2 and "unknown rule selector 'TD'" in disabled.stderr
    # a parallel run (two files, -j 2: worker processes) runs the default rules without it
    (tmp_path / "m.md").write_text("# T\n\nTODO too.\n")
    default_rules = run(plugin_path, tmp_path, "--no-cache", "-j", "2", "n.md", "m.md")
    assert "TD001" in default_rules.stdout  # on by default when loaded
    parallel = run(plugin_path, tmp_path, "--disable-plugin", "todo", "--no-cache", "-j", "2", "n.md", "m.md")
    assert "TD001" not in parallel.stdout and parallel.stderr == ""
    (tmp_path / "notelint.toml").write_text('disable-plugins = ["todo"]\n')
    assert "TD001" not in run(plugin_path, tmp_path, "--list-rules").stdout
    typo = lint("--disable-plugin", "tood")
    assert (
        typo.returncode == 2 and "no installed notelint plugin by that name (installed: todo)" in typo.stderr
    )


def test_the_example_plugin_imports_only_the_public_surface() -> None:
    import ast

    import notelint

    for path in (PLUGIN / "src").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("notelint"):
                assert node.module == "notelint", f"{path.name} imports the internal {node.module}"
                assert all(a.name in notelint.__all__ for a in node.names)
            if isinstance(node, ast.Import):
                assert all(a.name == "notelint" or not a.name.startswith("notelint.") for a in node.names)
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "notelint"
            ):
                assert node.attr in notelint.__all__, f"{path.name} uses notelint.{node.attr}"
