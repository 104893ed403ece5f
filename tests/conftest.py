from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"

# A rule reading a facet it does not declare (@rule(facets=…)) is an error in the tests (and in
# the CLI runs they start, which inherit the environment); users' runs serve it instead.
os.environ.setdefault("NOTELINT_STRICT_FACETS", "1")


def notelint_executable() -> str:
    """The installed console script next to the running interpreter."""
    candidate = Path(sys.executable).parent / "notelint"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("notelint")
    assert found, "the notelint console script is not installed (pip install -e .)"
    return found


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run the installed ``notelint`` console script; returns the CompletedProcess."""

    def run(
        *args: str, cwd: Path | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONUTF8": "1"}
        return subprocess.run(
            [notelint_executable(), *args],
            cwd=cwd or tmp_path,
            input=input,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    return run


@pytest.fixture(autouse=True)
def _translate_plain_strings_in_tests() -> None:
    """Tests that translate a LaTeX string in-process (``translate("x+1")``, ``check(Job(…))``)
    get its tree built here, as the linting process builds it for the worker
    (``notelint.math.reading.wire``); the worker itself has no parser. Set before each test once the
    translator is imported (module-level imports are: a test importing it only inside its body
    gets "without its tree", an unknown verdict, so prefer ``to_wire`` there)."""
    import sys

    translator = sys.modules.get("notelint.math.cas.token_stream")
    if translator is not None:
        from notelint.math.reading.wire import parse

        translator.__dict__["test_parser"] = parse  # a module attribute mypy cannot see
