"""Bounded fuzzing (hypothesis): mutated real notes never crash notelint or break its contract.

For every generated input: exit status 0/1/2, no traceback, no NL001, every diagnostic's
range inside its file, and the same output with --jobs 1 and 2 and with a cold and warm
cache. The generators live in bench/fuzzlib.py, shared with the long campaign
(``bench/fuzz_long.py --minutes 30``).
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "bench"))
import fuzzlib

SEEDS = fuzzlib.seeds(max_bytes=20_000)
fuzzlib.SCALE = 0.1  # deep and huge, but sized for a suite (the long campaign uses full size)
REGRESSIONS = sorted(p for p in (ROOT / "fixtures" / "regressions").glob("*.md") if p.name != "README.md")

ops = st.lists(
    st.tuples(st.integers(0, len(fuzzlib.MUTATORS) - 1), st.integers(0, 2**32 - 1)), min_size=1, max_size=4
)
FUZZ = settings(
    max_examples=50,
    deadline=timedelta(seconds=60),
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _fresh(workdir: Path) -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(dir=workdir))


@FUZZ
@given(seed=st.sampled_from(SEEDS), mutations=ops)
def test_one_mutated_note(workdir: Path, seed: bytes, mutations: list[tuple[int, int]]) -> None:
    data = fuzzlib.mutate(seed, mutations)
    fuzzlib.lint_files({"note.md": data}, _fresh(workdir), jobs_values=("1",))


@settings(FUZZ, max_examples=6)
@given(notes=st.lists(st.tuples(st.sampled_from(SEEDS), ops), min_size=3, max_size=6))
def test_a_folder_of_mutated_notes_is_the_same_with_any_jobs(workdir: Path, notes) -> None:
    files = {f"n{i}.md": fuzzlib.mutate(seed, mutations) for i, (seed, mutations) in enumerate(notes)}
    fuzzlib.lint_files(files, _fresh(workdir), jobs_values=("1", "2"))


@FUZZ
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=400)
    | st.text(st.sampled_from("$\\{}[]()^_#>-*`|<!-\n\r \t&1.ab"), max_size=400)
)
def test_random_text(workdir: Path, text: str) -> None:
    fuzzlib.lint_files({"r.md": text.encode("utf-8", "surrogatepass")}, _fresh(workdir), jobs_values=("1",))


def test_a_one_megabyte_equation(workdir: Path) -> None:
    # The symbol and CAS rules walk the whole tree (about pylatexenc's own cost, see bench/RESULTS.md);
    # here the parse and the cheap rules, the long campaign runs everything.
    out = fuzzlib.lint_files(
        {"eq.md": fuzzlib.huge_equation()}, workdir, jobs_values=("1",), extra=("--select", "NL0,NL1,NL2,NL4")
    )
    assert '"NL001"' not in out


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_regression_fixtures(workdir: Path, path: Path) -> None:
    """Inputs the campaigns once broke notelint with (see fixtures/regressions/README.md)."""
    fuzzlib.lint_files({path.name: path.read_bytes()}, workdir, jobs_values=("1",))


@settings(FUZZ, max_examples=40)
@given(
    text=st.lists(st.sampled_from(["<!--", "-->", "-", "<", "!", "x", "\n", "<div>", " "]), max_size=40).map(
        "".join
    )
)
def test_html_comment_scan_matches_the_regex(text: str) -> None:
    """parse/note.py finds comments with a find loop (linear); it must agree with the regex it replaced."""
    from notelint.parse import parse_note

    note = parse_note("<div>\n" + text + "\n")
    body_end = len(note.text)
    region = note.text[:body_end]
    expected = [(m.start(), m.end()) for m in re.finditer(r"<!--(.*?)-->", region, re.DOTALL)]
    block_comments = [(c.span.start, c.span.end) for c in note.comments]
    # The html block ends at the first blank line; compare within it.
    end = note.text.find("\n\n")
    end = len(note.text) if end < 0 else end + 1
    assert [c for c in block_comments if c[1] <= end] == [c for c in expected if c[1] <= end]


def test_huge_math_is_not_handed_to_pylatexenc() -> None:
    from notelint.parse.latex import MAX_LATEX, parse_latex

    tree = parse_latex("a" * (MAX_LATEX + 1))
    assert tree.nodes == [] and tree.error and "too long to parse" in tree.error
    assert parse_latex("a" * 1000).error is None
