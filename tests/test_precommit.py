"""The real ``pre-commit`` runs the hook from ``.pre-commit-hooks.yaml`` in a throwaway repository.

pre-commit builds the hook's virtualenv from this repository's committed HEAD (pip installs
notelint and its dependencies), once per test session: ``PRE_COMMIT_HOME`` is a session
temporary folder shared by every test here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
BAD = "# Bad\n\nThe loss basically goes down.\n"

pytestmark = [
    pytest.mark.skipif(
        not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git"
    ),
    # one worker builds the hook's environment once (pytest-xdist: see pyproject's addopts)
    pytest.mark.xdist_group("pre-commit"),
]


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # A commit runs the hook, which may first build its environment (pip, minutes on a loaded machine).
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="session")
def precommit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "PYTHONUTF8": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    env.pop("VIRTUAL_ENV", None)
    return env


@pytest.fixture(scope="session")
def head() -> str:
    return _git(ROOT, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, precommit_env: dict[str, str], head: str):  # type: ignore[no-untyped-def]
    """A git repository of notes whose config points at this repository's HEAD."""

    def make(args: list[str] | None = None) -> Path:
        path = tmp_path / "notes-repo"
        path.mkdir()
        assert _git(path, "init", "-q", "-b", "main", env=precommit_env).returncode == 0
        hook = "    -   id: notelint\n" + (f"        args: {args!r}\n".replace("'", '"') if args else "")
        (path / ".pre-commit-config.yaml").write_text(
            f"repos:\n-   repo: {ROOT}\n    rev: {head}\n    hooks:\n{hook}", encoding="utf-8"
        )
        _git(path, "add", ".pre-commit-config.yaml", env=precommit_env)
        return path

    return make


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PRE_COMMIT), *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600
    )


def test_findings_fail_the_commit_and_a_clean_commit_passes(repo, precommit_env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    path = repo()
    assert pre_commit(path, precommit_env, "install").returncode == 0
    (path / "bad.md").write_text(BAD, encoding="utf-8")
    _git(path, "add", "bad.md", env=precommit_env)
    commit = _git(path, "commit", "-m", "bad note", env=precommit_env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "notelint" in output and "Failed" in output
    # Readable findings: path:line:col: CODE [*] severity [name] message, as on the command line.
    assert 'bad.md:3:10: NL402 warning [informal-phrase] informal phrase "basically"' in output
    assert 'bad.md:3:20: NL401 [*] error [vague-word] vague wording "goes down": "decreases"' in output
    assert _git(path, "rev-parse", "--verify", "HEAD", env=precommit_env).returncode != 0  # nothing committed

    _git(path, "rm", "-q", "--cached", "bad.md", env=precommit_env)
    shutil.copy(EXAMPLES / "ridge-regression.md", path / "clean.md")
    _git(path, "add", "clean.md", env=precommit_env)
    commit = _git(path, "commit", "-m", "clean note", env=precommit_env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "notelint" in commit.stdout + commit.stderr and "Passed" in commit.stdout + commit.stderr


def test_only_staged_markdown_is_linted(repo, precommit_env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    path = repo()
    shutil.copy(EXAMPLES / "ridge-regression.md", path / "clean.md")
    (path / "unstaged.md").write_text(BAD, encoding="utf-8")  # present but not staged
    (path / "notes.txt").write_text(BAD, encoding="utf-8")  # staged, but not Markdown
    _git(path, "add", "clean.md", "notes.txt", env=precommit_env)
    result = pre_commit(path, precommit_env, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
    assert "unstaged.md" not in result.stdout and "notes.txt" not in result.stdout

    (path / "quarto.qmd").write_text(BAD, encoding="utf-8")  # the dialects' files are notes too
    (path / "knitr.Rmd").write_text(BAD, encoding="utf-8")
    _git(path, "add", "unstaged.md", "quarto.qmd", "knitr.Rmd", env=precommit_env)
    result = pre_commit(path, precommit_env, "run")
    assert result.returncode == 1
    assert "unstaged.md:3:10: NL402" in result.stdout
    assert "quarto.qmd:3:10: NL402" in result.stdout and "knitr.Rmd:3:10: NL402" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("clean.md")]  # clean: silent


def test_args_pass_through(repo, precommit_env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    path = repo(["--select", "NL402", "--output-format", "github"])
    (path / "bad.md").write_text(BAD, encoding="utf-8")
    _git(path, "add", "bad.md", env=precommit_env)
    result = pre_commit(path, precommit_env, "run")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert lines == [
        "::warning file=bad.md,line=3,col=10,endLine=3,endColumn=19,title=NL402::[informal-phrase] "
        'informal phrase "basically": drop it, or say "in essence" and state the precise claim'
    ]

    # --fail-on error through args: the remaining warning no longer fails the hook.
    shutil.rmtree(path)
    path = repo(["--select", "NL402", "--fail-on", "error"])
    (path / "bad.md").write_text(BAD, encoding="utf-8")
    _git(path, "add", "bad.md", env=precommit_env)
    result = pre_commit(path, precommit_env, "run")
    assert result.returncode == 0, result.stdout


def test_excluded_drafts_are_not_linted(repo, precommit_env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """The hook passes --force-exclude: a staged file under `exclude` is skipped, as in a folder walk."""
    path = repo()
    (path / "pyproject.toml").write_text('[tool.notelint]\nexclude = ["drafts/"]\n', encoding="utf-8")
    (path / "drafts").mkdir()
    (path / "drafts" / "wip.md").write_text(BAD, encoding="utf-8")
    _git(path, "add", "pyproject.toml", "drafts/wip.md", env=precommit_env)
    result = pre_commit(path, precommit_env, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "drafts/wip.md" not in result.stdout
    # Its twin outside drafts/ is linted and fails.
    (path / "wip.md").write_text(BAD, encoding="utf-8")
    _git(path, "add", "wip.md", env=precommit_env)
    result = pre_commit(path, precommit_env, "run")
    assert result.returncode == 1
    assert "wip.md:3:10: NL402" in result.stdout and "drafts/wip.md" not in result.stdout
