"""Every fixture note produces exactly the diagnostics recorded beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.testing import check_fixture

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
CASES = sorted(FIXTURES.glob("*/*.md"))


@pytest.mark.parametrize("note", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_fixture(note: Path) -> None:
    expected, actual = check_fixture(note, note.parent.name)
    assert actual == expected
    if note.stem.startswith("near-miss"):
        assert actual == "", "a near-miss case must produce no diagnostic"
    else:
        assert note.parent.name in actual, f"{note.name} must trigger {note.parent.name}"


def test_every_builtin_rule_has_fixtures() -> None:
    from notelint.docs import builtin_rules

    missing = []
    for rule in builtin_rules():
        folder = FIXTURES / rule.code
        cases = [p.stem for p in folder.glob("*.md")]
        if rule.code in ("NL001", "NL002"):
            continue  # run-level; tested in tests/test_engine.py
        if not any(not c.startswith("near-miss") for c in cases) or not any(
            c.startswith("near-miss") for c in cases
        ):
            missing.append(rule.code)
    assert not missing, f"rules without a firing fixture and a near-miss fixture: {missing}"
