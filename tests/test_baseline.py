"""``--baseline FILE``: record findings, then fail only on new ones; keyed on content, not lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from notelint import cli

NOTE = """# Note

The loss basically stays flat.

Then the loss goes down.

Another paragraph.
"""


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--isolated", "--select", "NL401,NL402", *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def record(path: str = "note.md") -> None:
    code, out, err = lint("--baseline", "baseline.json", "--update-baseline", path)
    assert (code, out) == (0, "")
    assert err == "notelint: recorded 2 findings in baseline.json\n"


def test_record_then_nothing_new(notes: Path) -> None:
    assert lint("note.md")[0] == 1
    record()
    data = json.loads((notes / "baseline.json").read_text())
    assert data["tool"] == "notelint" and data["version"] == 1
    assert [(f["path"], f["code"], f["line"]) for f in data["findings"]] == [
        ("note.md", "NL402", 3),
        ("note.md", "NL401", 5),
    ]
    assert lint("--baseline", "baseline.json", "note.md") == (0, "All checks passed!\n", "")


def test_edits_above_do_not_resurrect(notes: Path) -> None:
    record()
    (notes / "note.md").write_text(
        "# Note\n\nA new first paragraph.\n\nAnd another.\n" + NOTE[len("# Note\n") :], encoding="utf-8"
    )
    assert lint("note.md")[0] == 1  # the findings are still there, two lines lower
    assert lint("--baseline", "baseline.json", "note.md") == (0, "All checks passed!\n", "")
    # Text far from a finding on its own line does not matter either.
    long_line = "Then, after a long and careful warm-up phase of many epochs, the loss goes down."
    (notes / "note.md").write_text(NOTE.replace("Then the loss goes down.", long_line), encoding="utf-8")
    record()
    (notes / "note.md").write_text(
        NOTE.replace("Then the loss goes down.", long_line.replace("long and careful", "short")),
        encoding="utf-8",
    )
    assert lint("--baseline", "baseline.json", "note.md") == (0, "All checks passed!\n", "")


def test_only_new_findings_are_reported(notes: Path) -> None:
    record()
    (notes / "note.md").write_text(NOTE + "\nThis stuff is new.\n", encoding="utf-8")
    code, out, _ = lint("--baseline", "baseline.json", "note.md")
    assert code == 1
    assert out.startswith('note.md:9:6: NL401 error [vague-word] vague wording "stuff"')
    assert out.count("NL40") == 1


def test_changing_the_offending_line_makes_it_new(notes: Path) -> None:
    record()
    (notes / "note.md").write_text(NOTE.replace("goes down", "goes up"), encoding="utf-8")
    code, out, _ = lint("--baseline", "baseline.json", "--output-format", "json", "note.md")
    assert code == 1
    assert [(d["code"], d["message"]) for d in json.loads(out)] == [
        ("NL401", 'vague wording "goes up": "increases"')
    ]


def test_counts_are_a_multiset(notes: Path) -> None:
    record()
    (notes / "note.md").write_text(
        NOTE.replace("Another paragraph.", "The loss basically stays flat. Then the loss goes down."),
        encoding="utf-8",
    )
    code, out, _ = lint("--baseline", "baseline.json", "--output-format", "json", "note.md")
    assert code == 1
    # The same line twice: one of each is baselined, one of each is new.
    assert sorted(d["code"] for d in json.loads(out)) == ["NL401", "NL402"]


def test_paths_are_normalised(notes: Path) -> None:
    record("./note.md")
    assert lint("--baseline", "baseline.json", "note.md") == (0, "All checks passed!\n", "")


def test_baseline_errors(notes: Path) -> None:
    code, _, err = lint("--baseline", "missing.json", "note.md")
    assert code == 2 and "missing.json: no such baseline file (create it with --update-baseline)" in err
    code, _, err = lint("--update-baseline", "note.md")
    assert code == 2 and "--update-baseline needs --baseline FILE" in err
    (notes / "bad.json").write_text("[1, 2]", encoding="utf-8")
    code, _, err = lint("--baseline", "bad.json", "note.md")
    assert code == 2 and "bad.json: not a notelint baseline" in err
    (notes / "bad.json").write_text("{", encoding="utf-8")
    assert lint("--baseline", "bad.json", "note.md")[0] == 2


def test_content_key_ignores_line_references() -> None:
    from notelint.baseline import content_key
    from notelint.diagnostic import Diagnostic, Severity

    def diag(message: str, line: int) -> Diagnostic:
        return Diagnostic(
            "a.md", line, 1, line, 5, "NL102", "section-order", Severity.ERROR, message, start=0, end=4
        )

    a = content_key(diag("section 3 comes after section 4 (line 18)", 20), "## 3) x\n")
    b = content_key(diag("section 3 comes after section 4 (line 25)", 27), "## 3) x\n")
    c = content_key(diag("section 5 comes after section 4 (line 18)", 20), "## 3) x\n")
    assert a == b != c
