"""Every fixture note produces exactly the findings written inside it (see notelint/testing.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.testing import FIXED_SUFFIX, FixtureError, check_fixture, read_fixture

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p for p in (FIXTURES / "rules").glob("*/*.md"))
# An area folder (fixtures/dialects/, …) holds fixtures (first line `<!-- fixture: select … -->`)
# beside plain inputs other tests read; only the former are checked here.
AREA_CASES = sorted(
    p
    for p in FIXTURES.glob("*/*.md")
    if p.parent.name not in ("rules", "regressions")
    and p.read_text(encoding="utf-8").startswith("<!-- fixture: select")
)


def _code(note: Path) -> str:
    """The rule a fixture is about: its folder under fixtures/rules (area fixtures must select)."""
    return note.parent.name if note.parent.parent.name == "rules" else ""


@pytest.mark.parametrize(
    "note", CASES + AREA_CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES + AREA_CASES]
)
def test_fixture(note: Path) -> None:
    problems = check_fixture(note, _code(note))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("note", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_case_kind(note: Path) -> None:
    """A near-miss case expects nothing; any other case expects its folder's rule at least once."""
    fixture = read_fixture(note, [note.parent.name])
    codes = {e.code for e in fixture.expectations}
    if note.stem.startswith("near-miss"):
        assert not codes, "a near-miss case must expect no finding"
    elif not note.name.endswith(FIXED_SUFFIX):
        assert note.parent.name in codes, f"{note.name} must expect {note.parent.name}"


def test_every_builtin_rule_has_fixtures() -> None:
    from notelint.docs import builtin_rules

    missing = []
    for rule in builtin_rules():
        folder = FIXTURES / "rules" / rule.code
        cases = [p.stem for p in folder.glob("*.md")]
        if rule.code in ("NL001", "NL002"):
            continue  # run-level; tested in tests/test_engine.py
        if not any(not c.startswith("near-miss") for c in cases) or not any(
            c.startswith("near-miss") for c in cases
        ):
            missing.append(rule.code)
    assert not missing, f"rules without a firing fixture and a near-miss fixture: {missing}"


def test_no_snapshot_files_left() -> None:
    assert not list(FIXTURES.rglob("*.expected")), "expectations are written inside the fixture now"


# --- the harness itself: a check that cannot fail is no check --------------------------------

RULE_NOTE = "# Note\n\nThe loss goes up here.{here}\n"


def _write(tmp_path: Path, text: str, name: str = "case.md") -> Path:
    path = tmp_path / "NL401" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_harness_passes_a_met_expectation(tmp_path: Path) -> None:
    note = _write(tmp_path, RULE_NOTE.format(here=' <!-- expect: NL401@10-17 "increases" -->'))
    assert check_fixture(note, "NL401") == []


def test_harness_fails_on_a_missing_finding(tmp_path: Path) -> None:
    note = _write(tmp_path, "# Note\n\nThis is fine. <!-- expect: NL401 -->\n")
    problems = check_fixture(note, "NL401")
    assert len(problems) == 1 and problems[0].startswith("expected but not reported: 3: NL401")


def test_harness_fails_on_an_extra_finding(tmp_path: Path) -> None:
    note = _write(tmp_path, RULE_NOTE.format(here=""))
    problems = check_fixture(note, "NL401")
    assert len(problems) == 1 and problems[0].startswith("reported but not expected: 3:10-3:17: NL401")


@pytest.mark.parametrize(
    "expectation",
    ["NL401@9", "NL401@10-16", 'NL401 "decreases"', "NL402", "NL401, NL401"],
    ids=["column", "end-column", "text", "code", "count"],
)
def test_harness_fails_on_a_wrong_detail(tmp_path: Path, expectation: str) -> None:
    note = _write(tmp_path, RULE_NOTE.format(here=f" <!-- expect: {expectation} -->"))
    assert any(p.startswith("expected but not reported") for p in check_fixture(note, "NL401"))


def test_harness_offset_expectation_and_line(tmp_path: Path) -> None:
    text = "# Note\n\nThe loss goes up here.\n\n<!-- expect(-2): NL401@10 -->\n"
    assert check_fixture(_write(tmp_path, text), "NL401") == []
    text = "# Note\n\nThe loss goes up here.\n\n<!-- expect(-1): NL401@10 -->\n"
    assert check_fixture(_write(tmp_path, text), "NL401") != []


def test_expect_comments_are_invisible_to_rules(tmp_path: Path) -> None:
    """An expect comment is no NL003 directive and leaves every other position where it was."""
    text = "<!-- fixture: select NL003,NL401 -->\n# Note <!-- expect: NL999 -->\n\nThe loss goes up here.\n"
    note = _write(tmp_path, text)
    fixture = read_fixture(note, ["NL401"])
    assert fixture.text == "<!-- fixture: select NL003,NL401 -->\n# Note\n\nThe loss goes up here.\n"
    problems = check_fixture(note, "NL401")
    assert problems == [
        "expected but not reported: 2: NL999",
        'reported but not expected: 4:10-4:17: NL401 vague wording "goes up": "increases"',
    ]


def test_expect_inside_code_is_not_an_expectation(tmp_path: Path) -> None:
    text = "# Note\n\n```\n<!-- expect: NL401 -->\n```\n"
    assert read_fixture(_write(tmp_path, text), ["NL401"]).expectations == []


@pytest.mark.parametrize(
    "comment",
    ["<!-- expect: -->", "<!-- expect: NL401@x -->", "<!-- expect: NL401 basically -->"],
)
def test_malformed_expectation_is_a_clear_error(tmp_path: Path, comment: str) -> None:
    with pytest.raises(FixtureError, match=r"case\.md:3"):
        read_fixture(_write(tmp_path, f"# Note\n\nText. {comment}\n"), ["NL401"])


def test_expectation_must_end_its_line(tmp_path: Path) -> None:
    with pytest.raises(FixtureError, match="end of its line"):
        read_fixture(_write(tmp_path, "# Note\n\nText <!-- expect: NL401 --> more.\n"), ["NL401"])


def test_fixed_file_is_compared(tmp_path: Path) -> None:
    note = _write(tmp_path, "# Note\n\nThe loss goes up here. <!-- expect: NL401 -->\n")
    # No fix exists for this finding today or the fix differs: either way a wrong .fixed.md fails.
    _write(tmp_path, "# Note\n\nIt is certainly something else.\n", "case.fixed.md")
    assert any("fixed text differs" in p for p in check_fixture(note, "NL401"))


SWAPPED = "# Note\n\n$$\na = 1 \\tag{2}\n$$\nE2\n$$\nb = 2 \\tag{1}\n$$\nE1\nBy (2) and (1).\n"


def test_fixed_file_is_checked_modulo_expectations(tmp_path: Path) -> None:
    """The fix runs on the text the rules see; expectation comments are kept out of the comparison."""
    path = tmp_path / "NL209" / "case.md"
    path.parent.mkdir()
    path.write_text(
        SWAPPED.replace("E2", "<!-- expect(-2): NL209@12-13 -->").replace(
            "E1", "<!-- expect(-2): NL209@12-13 -->"
        ),
        encoding="utf-8",
    )
    fixed = (
        SWAPPED.replace("E2\n", "")
        .replace("E1\n", "")
        .replace("{2}", "{X}")
        .replace("{1}", "{2}")
        .replace("{X}", "{1}")
    )
    fixed = fixed.replace("By (2) and (1)", "By (1) and (2)")
    (tmp_path / "NL209" / "case.fixed.md").write_text(fixed, encoding="utf-8")
    assert check_fixture(path, "NL209") == []
    (tmp_path / "NL209" / "case.fixed.md").write_text(fixed.replace("By (1) and (2)", "By (2) and (1)"))
    assert any("fixed text differs" in p for p in check_fixture(path, "NL209"))
