"""The run never breaks: a crashing rule is NL001, an unreadable file NL002."""

from __future__ import annotations

from pathlib import Path

from notelint.config import Config
from notelint.engine import lint_file, lint_text
from notelint.rule import rule


@rule(code="XX901", name="always-crashes", summary="Crashes")
def crashing(note, ctx):
    """## What it does\nCrashes."""
    raise KeyError("boom")


def test_a_rule_that_raises_becomes_nl001_and_the_others_still_run() -> None:
    from notelint.plugins import all_rules

    rules = [crashing, *[r for r in all_rules() if r.code in ("NL001", "NL401")]]
    result = lint_text("The loss goes up.\n", "n.md", Config(), rules)
    assert result.internal_error
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("NL001", 1, 1), ("NL401", 1, 10)]
    assert (
        result.diagnostics[0].message == "rule XX901 [always-crashes] from notelint raised KeyError: 'boom'"
    )


def test_unreadable_files_are_nl002(tmp_path: Path) -> None:
    config = Config()
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("# Caf\xe9\n\nline\n".encode("latin-1"))
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    messages = {
        p.name: [(d.code, d.line, d.column, d.message) for d in lint_file(str(p), config).diagnostics]
        for p in (latin1, binary, tmp_path / "vanished.md", tmp_path)
    }
    assert messages["latin1.md"] == [
        ("NL002", 1, 1, "not valid UTF-8 (byte 0xe9 at line 1); save the file as UTF-8")
    ]
    assert messages["binary.md"] == [("NL002", 1, 1, "binary file (contains NUL bytes), not a Markdown note")]
    assert messages["vanished.md"] == [("NL002", 1, 1, "file vanished before it could be read")]
    assert messages[tmp_path.name] == [("NL002", 1, 1, "is a directory, not a file")]


def test_size_limit_is_nl002(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("x" * 200)
    [d] = lint_file(str(big), Config({"max-file-size": 100})).diagnostics
    assert d.message == "file is 200 bytes, over the max-file-size limit of 100 bytes"


def test_nl002_can_be_ignored_only_by_exact_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe")
    assert [d.code for d in lint_file(str(bad), Config({"select": ["NL4"]})).diagnostics] == ["NL002"]
    assert lint_file(str(bad), Config({"ignore": ["NL002"]})).diagnostics == []
    assert [d.code for d in lint_file(str(bad), Config({"ignore": ["NL0"]})).diagnostics] == ["NL002"]


def test_other_files_are_still_linted(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"\xff bad")
    (tmp_path / "b.md").write_text("The loss goes up.\n")
    proc = run_cli("--select", "NL401", ".")
    assert proc.stdout.splitlines()[:2] == [
        "./a.md:1:1: NL002 error [unreadable-file] not valid UTF-8 (byte 0xff at line 1); save the file as UTF-8",
        './b.md:1:10: NL401 [*] error [vague-word] vague wording "goes up": "increases"',
    ]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
