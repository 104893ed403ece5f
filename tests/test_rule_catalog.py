"""The built-in rule catalog (``data/rule_catalog.toml``) against the rule modules, and what a run
with a narrow selection imports."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from notelint.config import Config
from notelint.engine import rules_for
from notelint.plugins import all_rules, rule_catalog
from notelint.rules.catalog import CatalogEntry, entries

RULES_FOLDER = Path(__file__).resolve().parent.parent / "notelint" / "rules"


def test_the_catalog_says_what_each_rule_module_says() -> None:
    """Code, name, tags, default and the module:function of every built-in rule, both ways."""
    builtin = {r.code: r for r in all_rules() if r.origin == "notelint"}
    listed = {e.code: e for e in entries()}
    assert sorted(listed) == sorted(builtin), "a rule is missing from data/rule_catalog.toml, or left over"
    for code, rule in builtin.items():
        entry = listed[code]
        module = inspect.getmodule(rule.check)
        assert module is not None
        assert entry.check == f"{module.__name__}:{rule.check.__name__}", code
        assert (entry.name, entry.tags, entry.default_enabled) == (
            rule.name,
            rule.tags,
            rule.default_enabled,
        ), code


def test_every_rule_module_is_in_the_catalog() -> None:
    named = {e.check.split(":")[0] for e in entries()}
    on_disk = {
        f"notelint.rules.{path.parent.name}.{path.stem}" for path in RULES_FOLDER.glob("*/nl[0-9]*.py")
    }
    assert on_disk == named


def test_a_selected_rule_is_the_object_all_rules_lists() -> None:
    """Suppression (NL003) and the fix guards compare rules by identity."""
    listed = {id(r) for r in all_rules()}
    chosen = rules_for(Config({"select": ["ALL"]}))
    assert chosen and all(id(r) in listed for r in chosen)


def test_without_plugins_selection_reads_the_catalog() -> None:
    assert all(isinstance(r, CatalogEntry) for r in rule_catalog())
    assert [r.code for r in rule_catalog()] == [r.code for r in all_rules()]


PROBE = """
import io, sys
from notelint.cli import main
code = main(sys.argv[1:], stdout=io.StringIO())
print(code, " ".join(sorted(m for m in sys.modules if m.startswith("notelint."))))
"""


def _imported(note: Path, *args: str) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--no-cache", "--isolated", *args, str(note)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    code, _, modules = proc.stdout.strip().partition(" ")
    return int(code), set(modules.split())


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "n.md"
    path.write_text("# T\n\nLet $x \\in \\mathbb{R}$. Then $1 + 1 = 3$ for $x$. Basically fine.\n", "utf-8")
    return path


def test_ignoring_nl5_imports_no_nl5_rule_nor_the_checker(note: Path) -> None:
    code, modules = _imported(note, "--ignore", "NL5")
    assert code == 1  # the other rules ran (NL402 'basically', NL1 sections …)
    assert "notelint.rules.symbols.nl301_undeclared_symbol" in modules
    assert not {
        m for m in modules if "mathcheck" in m or "nl505" in m or m.startswith("notelint.math.checking")
    }


def test_selecting_nl5_imports_the_checker(note: Path) -> None:
    """The near miss of the test above: the same probe sees the NL5 modules when they run."""
    code, modules = _imported(note, "--select", "NL501", "-j1")
    assert "notelint.rules.mathcheck.nl501_false_equality" in modules
    assert "notelint.math.checking" in modules
    assert code == 1  # 1 + 1 = 3


def test_a_language_only_run_never_loads_the_math_model(note: Path) -> None:
    code, modules = _imported(note, "--select", "NL4")
    assert code == 1
    assert "notelint.rules.language.nl402_informal_phrase" in modules
    assert not {m for m in modules if m.startswith("notelint.math")}
