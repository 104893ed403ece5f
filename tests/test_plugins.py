"""A real third-party plugin, installed with pip, runs like a built-in rule."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, notelint_executable

PLUGIN = EXAMPLES.parent / "plugin-example"


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
        "n.md:3:1: TD001 [leftover-todo] finish this TODO or tag it (GAP)",
        'n.md:3:27: NL401 [vague-word] vague wording "goes up": "increases"',
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


def test_a_broken_plugin_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dist = site / "broken_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[notelint]\nbroken = broken_plugin_missing_module\n")
    (tmp_path / "n.md").write_text("# T\n")
    proc = run(site, tmp_path, "n.md")
    assert proc.returncode == 2
    assert "failed to load a notelint plugin" in proc.stderr and "broken_plugin_missing_module" in proc.stderr
    assert "Traceback" not in proc.stderr
