"""The results cache: hits are exact, keys cover content/config/version, failures degrade quietly."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, notelint_executable

from notelint import cache as cache_mod
from notelint import runner
from notelint.cli import main

DRAFT = (EXAMPLES / "logistic-regression-draft.md").read_text(encoding="utf-8")


def lint(*args: str) -> tuple[int, str, str]:
    from notelint.config import find_config_file

    find_config_file.cache_clear()  # config files come and go within one test process
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTELINT_NO_CACHE", raising=False)
    (tmp_path / "notes").mkdir()
    for i in range(4):
        (tmp_path / "notes" / f"n{i}.md").write_text(DRAFT + f"\nIt goes up {i}.\n", encoding="utf-8")
    (tmp_path / "notes" / "ridge.md").write_text(
        (EXAMPLES / "ridge-regression.md").read_text("utf-8"), "utf-8"
    )
    return tmp_path


def entries(root: Path) -> list[Path]:
    return sorted((root / ".notelint_cache" / "v1").rglob("*.json"))


def no_lint(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make any real lint in this process fail loudly; returns the paths it was asked for."""
    asked: list[str] = []

    def refuse(path, config, rules=None):
        asked.append(path)
        raise AssertionError(f"linted {path} although the cache should answer")

    monkeypatch.setattr(runner, "lint_file", refuse)
    return asked


def test_warm_run_is_answered_from_the_cache_with_identical_output(project: Path, monkeypatch) -> None:
    cold = {fmt: lint("-j1", "--output-format", fmt, "notes") for fmt in ("text", "json")}
    assert cold["text"][0] == 1
    assert len(entries(project)) == 5
    assert (
        (project / ".notelint_cache" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    )
    assert (project / ".notelint_cache" / ".gitignore").read_text().endswith("*\n")
    for path in entries(project):
        assert set(json.loads(path.read_text())) == {"digest", "diagnostics", "stats"}  # JSON, never pickle
    asked = no_lint(monkeypatch)
    for jobs in ("1", "2"):
        assert {fmt: lint("-j", jobs, "--output-format", fmt, "notes") for fmt in ("text", "json")} == cold
    assert asked == []


def test_cached_results_keep_fixes_offsets_and_text(project: Path) -> None:
    from notelint.config import ConfigResolver
    from notelint.runner import RunOptions, run

    cold = list(run(["notes"], ConfigResolver(), RunOptions(jobs=1)))
    warm = list(run(["notes"], ConfigResolver(), RunOptions(jobs=1)))
    assert [(r.path, r.text, r.diagnostics, r.internal_error) for r in warm] == [
        (r.path, r.text, r.diagnostics, r.internal_error) for r in cold
    ]
    for a, b in zip(cold, warm):
        assert [(d.fix, d.start, d.end, d.data) for d in a.diagnostics] == [
            (d.fix, d.start, d.end, d.data) for d in b.diagnostics
        ]


def test_content_config_and_version_are_part_of_the_key(project: Path, monkeypatch) -> None:
    lint("-j1", "notes")
    # Edited content: re-linted (and the entry is overwritten, not added).
    note = project / "notes" / "n0.md"
    note.write_text(DRAFT + "\nThe result is basically TODO.\n", encoding="utf-8")
    _code, out, _ = lint("-j1", "notes")
    assert "basically" in out
    assert len(entries(project)) == 5
    # A different selection is a different key; so is a config file.
    assert "NL101" not in lint("-j1", "--select", "NL4", "notes")[1]
    assert len(entries(project)) == 10
    (project / "notelint.toml").write_text('ignore = ["NL101"]\n')
    assert "NL101" not in lint("-j1", "notes")[1]
    (project / "notelint.toml").unlink()
    # A new notelint version misses everything.
    warm = lint("-j1", "notes")
    import notelint

    monkeypatch.setattr(notelint, "__version__", "99.0")
    asked = []
    real = runner.lint_file
    monkeypatch.setattr(runner, "lint_file", lambda p, c, r=None: asked.append(p) or real(p, c, r))
    assert lint("-j1", "notes") == warm
    assert len(asked) == 5


def test_damaged_entries_are_misses(project: Path) -> None:
    expected = lint("-j1", "notes")
    for i, path in enumerate(entries(project)):
        path.write_bytes([b"", b"{", b"\x00\xff", b'{"digest": 1}', b"[1,2]"][i % 5])
    assert lint("-j1", "notes") == expected
    assert lint("-j1", "notes") == expected


class _DiskFull:
    """A file whose writes put half the bytes on disk, then fail with ENOSPC."""

    def __init__(self, fd: int, *args, **kwargs) -> None:
        self.fh = os.fdopen(fd, "wb")

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.fh.close()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_disk_full_cache_is_one_warning_and_nothing_half_written(project: Path, monkeypatch, jobs) -> None:
    expected = lint("--no-cache", "-j1", "notes")
    monkeypatch.setattr(cache_mod, "_open_fd", _DiskFull)  # forked workers inherit it
    code, out, err = lint("-j", jobs, "notes")
    assert (code, out) == expected[:2]
    assert err.count("notelint: warning:") == 1
    assert "cannot write the cache" in err and "No space left on device" in err and "Traceback" not in err
    leftovers = [p for p in (project / ".notelint_cache").rglob("*") if p.is_file() and "math" not in p.parts]
    assert leftovers == []  # no entry, no marker, no temporary file


def test_unusable_cache_dir_is_a_warning(project: Path) -> None:
    (project / "blocker").write_text("a file where the cache folder should be")
    (project / "notelint.toml").write_text('cache-dir = "blocker/cache"\n')
    expected = lint("--no-cache", "-j1", "notes")
    code, out, err = lint("-j1", "notes")
    assert (code, out) == expected[:2]
    assert err.startswith("notelint: warning: cannot write the cache in ") and err.count("\n") == 1


def test_no_cache_flag_setting_and_env(project: Path, monkeypatch) -> None:
    lint("--no-cache", "-j1", "notes")
    assert not (project / ".notelint_cache").exists()  # the NL5 verdict cache is off too
    (project / "notelint.toml").write_text("cache = false\n")
    lint("-j1", "notes")
    assert not entries(project)
    (project / "notelint.toml").write_text('cache-dir = "build/lint-cache"\n')
    lint("-j1", "notes")
    assert len(list((project / "build" / "lint-cache").rglob("*.json"))) == 5
    monkeypatch.setenv("NOTELINT_NO_CACHE", "1")
    (project / "notelint.toml").unlink()
    lint("-j1", "notes")
    assert not entries(project)


def test_fix_ignores_hits_that_have_fixes_to_apply(project: Path, monkeypatch) -> None:
    import notelint.plugins
    from notelint.diagnostic import Edit, Fix
    from notelint.rule import rule

    @rule(code="XX951", name="drop-goes-up", summary="x", severity="warning", fixable=True)
    def drop(note, ctx):
        """## What it does\nx"""
        at = note.text.find(" goes up")
        if at >= 0:
            ctx.report(at, at + 8, "drop", Fix((Edit(at, at + 8, ""),)))

    rules = (*notelint.plugins.all_rules(), drop)
    monkeypatch.setattr(notelint.plugins, "all_rules", lambda: rules)
    monkeypatch.setattr(notelint.plugins, "rule_catalog", lambda: rules)  # what selection reads
    lint("-j1", "notes")  # warms the cache, fixable findings included
    lint("-j1", "--fix", "notes")
    assert " goes up" not in (project / "notes" / "n1.md").read_text("utf-8")


def test_concurrent_runs_share_the_cache_safely(project: Path) -> None:
    for i in range(4, 16):
        (project / "notes" / f"n{i}.md").write_text(DRAFT + f"\nStep {i} goes up.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONUTF8": "1"}
    env.pop("NOTELINT_NO_CACHE", None)
    expected = subprocess.run(
        [notelint_executable(), "--no-cache", "-j1", "notes"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    for _ in range(2):
        procs = [
            subprocess.Popen(
                [notelint_executable(), "-j", str(1 + i % 2), "notes"],
                cwd=project,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for i in range(4)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert (proc.returncode, out, err) == (1, expected, "")
    for path in entries(project):
        json.loads(path.read_text())
    assert not [p for p in (project / ".notelint_cache").rglob(".tmp-*")]


def test_clean_subcommand(project: Path, run_cli) -> None:
    lint("-j1", "notes")
    assert entries(project)
    proc = run_cli("clean", cwd=project)
    assert proc.returncode == 0 and proc.stdout.startswith("Removed ")
    assert not (project / ".notelint_cache").exists()
    assert run_cli("clean", cwd=project).stdout.startswith("No cache at ")
    # A folder notelint did not make is never removed.
    (project / "precious").mkdir()
    (project / "precious" / "data.txt").write_text("keep me")
    proc = run_cli("clean", "--cache-dir", "precious", cwd=project)
    assert proc.returncode == 2 and "not a notelint cache" in proc.stderr
    assert (project / "precious" / "data.txt").exists()


def test_the_verdict_fingerprint_covers_every_module_a_verdict_runs(tmp_path: Path) -> None:
    """The verdict cache is kept across changes to code that does not compute verdicts (the
    rules, the glossary, the classifier), so its fingerprint must cover every notelint module
    the CAS worker and the parent's LaTeX→tree reading load: found by running both here."""
    import sys

    import notelint
    from notelint.math.checking.cache import verdict_modules

    script = (
        "import sys\n"
        "import notelint.math.cas.worker\n"
        "from notelint.math.cas.verify import check\n"
        "from notelint.math.cas.follows import check_follows\n"
        "from notelint.math.checking.jobs import Context, FollowsJob, Job, Premise\n"
        "from notelint.math.reading.wire import to_wire\n"
        "ctx = Context(functions={'f': (('x',), 'x^2')}, values={'a': '2'})\n"
        "for job in [Job('=', r'\\sum_{i=1}^{n} i', r'\\frac{n(n+1)}{2}', ctx),\n"
        "            Job('=', r'\\mathbb{E}[X]', '0', ctx), Job('\\\\le', 'f(a)', '4', ctx),\n"
        "            Job('=', r'\\frac{d}{dx} f(x)', '2x', ctx)]:\n"
        "    check(to_wire(job))\n"
        "check_follows(to_wire(FollowsJob('x', '3', (Premise('(1)', '2x', '6'),), ctx)))\n"
        "for name, module in sorted(sys.modules.items()):\n"
        "    if name.startswith('notelint') and getattr(module, '__file__', None):\n"
        "        print(module.__file__)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    loaded = {Path(line).resolve() for line in out.stdout.split()}
    covered = {p.resolve() for p in verdict_modules(Path(notelint.__file__).parent)}
    assert loaded and any(p.name == "translate_arrays.py" for p in loaded)
    assert loaded <= covered, sorted(str(p) for p in loaded - covered)
    # and it leaves out what only decides which jobs are asked
    assert not any(p.name in ("glossary.py", "claims.py", "analysis.py") for p in covered)


def test_another_spelling_of_the_same_path_is_a_hit_unless_per_file_globs_see_it(
    project: Path, monkeypatch
) -> None:
    # the before-stop check lints /work/main/../shared/corpus after ../shared/corpus was linted
    spelled = os.path.join(str(project), "notes", "..", "notes", "n0.md")
    lint_file = runner.lint_file
    code, cold, _ = lint("-j1", "--output-format", "json", "notes/n0.md")
    asked = no_lint(monkeypatch)
    code2, warm, _ = lint("-j1", "--output-format", "json", spelled)
    assert asked == [] and code2 == code
    assert json.loads(warm) == [dict(d, path=spelled) for d in json.loads(cold)]
    monkeypatch.setattr(runner, "lint_file", lint_file)
    # a glob matched against the path as written (the note outside the config's folder) may
    # select other rules for it: then each spelling has its own entry
    from notelint.cache import Cache
    from notelint.config import Config

    globbed = Config({"per-file-ignores": {"../*": ["NL5"]}}, root=project / "notes")
    a, b = (Cache(project / "c").entry_path(p, globbed) for p in ("notes/n0.md", spelled))
    assert a != b
    plain = Config(root=project / "notes")
    assert Cache(project / "c").entry_path("notes/n0.md", plain) == Cache(project / "c").entry_path(
        spelled, plain
    )
