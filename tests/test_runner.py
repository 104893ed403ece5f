"""The parallel runner: same output whatever --jobs, serial fallbacks, crash isolation."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, FIXTURES

from notelint import runner
from notelint.cli import main
from notelint.config import ConfigResolver
from notelint.diagnostic import Edit, Fix
from notelint.rule import rule
from notelint.runner import RunOptions, run

# one worker runs this module (pytest-xdist: see pyproject's addopts), so the serial run that
# several tests compare against (the `serial` fixture) is linted once
pytestmark = pytest.mark.xdist_group("runner")


def lint(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _make_notes(folder: Path) -> None:
    shutil.copytree(FIXTURES / "rules", folder / "rules")
    shutil.copytree(EXAMPLES, folder / "examples")
    (folder / "odd").mkdir()
    (folder / "odd" / "latin1.md").write_bytes("caf\xe9 goes up\n".encode("latin-1"))
    (folder / "odd" / "empty.md").write_bytes(b"")
    (folder / "odd" / "crlf.md").write_bytes(b"# T\r\n\r\nThe loss goes up.\r\nIt is basically done.\r\n")


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the examples, the rule fixtures and a few odd files."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "notes"
    _make_notes(folder)
    return folder


@pytest.fixture(scope="session")
def serial(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str]:
    """``notelint --no-cache -j1 notes`` on the same folder, linted once per test process (a
    module-scoped fixture was torn down when pytest-xdist ran another module's test between
    this module's): what
    every parallel or fallback run must print (its paths are relative, so any copy compares)."""
    here = Path.cwd()
    work = tmp_path_factory.mktemp("serial")
    _make_notes(work / "notes")
    os.chdir(work)
    try:
        return lint("--no-cache", "-j1", "notes")
    finally:
        os.chdir(here)


def test_output_is_identical_whatever_the_number_of_jobs(notes: Path, serial: tuple[int, str, str]) -> None:
    # Each pool's workers start their own CAS worker (SymPy import): few runs, but all rules.
    runs = {("text", "2"), ("text", "3"), ("json", "1"), ("json", "auto")}
    outputs = {
        (fmt, jobs): lint("--no-cache", "--jobs", jobs, "--output-format", fmt, "notes") for fmt, jobs in runs
    }
    outputs[("text", "1")] = serial
    for fmt in ("text", "json"):
        first = outputs[(fmt, "1")]
        assert first[0] == 1 and first[1]
        assert all(out == first for (f, _), out in outputs.items() if f == fmt)


def test_results_come_in_discovery_order_and_without_note_trees(notes: Path) -> None:
    from notelint.discover import discover

    resolver = ConfigResolver()
    expected = list(discover(["notes"], lambda p: False))
    results = list(run(["notes"], resolver, RunOptions(jobs=2, no_cache=True)))
    assert [r.path for r in results] == expected
    assert all(r.note is None for r in results)
    assert all(r.text is not None for r in results if not r.path.endswith("latin1.md"))


def test_jobs_setting_and_flag(notes: Path) -> None:
    Path("notelint.toml").write_text("jobs = 1\n")
    from notelint.config import Config

    config = ConfigResolver().for_path("./x")
    assert runner.effective_jobs(None, config) == 1
    assert runner.effective_jobs(3, config) == 3
    assert runner.effective_jobs(None, Config()) == (os.cpu_count() or 1)
    assert lint("--jobs", "-1", "notes")[0] == 2
    assert "invalid value for 'jobs'" in lint("notes", "--config", str(_write("bad.toml", "jobs = 'x'\n")))[2]


def _write(name: str, text: str) -> Path:
    Path(name).write_text(text)
    return Path(name)


class _NoPool:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")


def test_a_pool_that_cannot_start_means_a_serial_run_with_a_warning(
    notes: Path, serial: tuple[int, str, str], monkeypatch
) -> None:
    expected = serial
    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _NoPool)
    code, out, err = lint("--no-cache", "-j2", "notes")
    assert (code, out) == expected[:2]
    assert err.count("notelint: warning: cannot run in parallel (OSError") == 1
    # One file, or one job: no pool is even tried, so no warning.
    assert lint("--no-cache", "-j2", "notes/examples/ridge-regression.md") == (0, "All checks passed!\n", "")


_REAL_WORK = runner._work


def _dying(path: str, digest: str | None):  # runs in the (forked) worker
    if path.endswith("crlf.md"):
        os._exit(3)
    return _REAL_WORK(path, digest)


def _unpicklable(path: str, digest: str | None):
    result = _REAL_WORK(path, digest)
    result[0].stats["handle"] = lambda: None  # cannot cross back to the parent
    return result


def test_a_worker_that_dies_is_replaced_by_a_serial_run(
    notes: Path, serial: tuple[int, str, str], monkeypatch
) -> None:
    expected = serial
    monkeypatch.setattr(runner, "_work", _dying)
    code, out, err = lint("--no-cache", "-j2", "notes")
    assert (code, out) == expected[:2]
    assert "linting the remaining files serially" in err
    assert "Traceback" not in err


def test_a_result_that_cannot_cross_processes_is_redone_in_the_parent(
    notes: Path, serial: tuple[int, str, str], monkeypatch
) -> None:
    expected = serial
    monkeypatch.setattr(runner, "_work", _unpicklable)
    assert lint("--no-cache", "-j2", "notes") == expected


def test_a_parser_crash_is_nl001_for_that_file_only(notes: Path, monkeypatch) -> None:
    real = runner.lint_file

    def crashing(path, config, rules=None):
        if path.endswith("crlf.md"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, config, rules)

    monkeypatch.setattr(runner, "lint_file", crashing)
    for jobs in ("1", "2"):
        code, out, err = lint("--no-cache", "-j", jobs, "notes")
        assert code == 2 and "Traceback" not in err
        assert (
            "notes/odd/crlf.md:1:1: NL001 error [internal-error] internal error while linting this file: "
            "RecursionError: maximum recursion depth exceeded"
        ) in out
        assert "notes/examples/logistic-regression-draft.md:" in out


@rule(code="XX950", name="drop-basically", summary="Drops 'basically '", severity="warning", fixable=True)
def _drop_basically(note, ctx):
    """## What it does\nDrops the word."""
    at = note.text.find("basically ")
    if at >= 0:
        ctx.report(at, at + 10, "drop it", Fix((Edit(at, at + 10, ""),), "drop"))


def test_fix_in_parallel_matches_serial(tmp_path: Path, monkeypatch) -> None:
    import notelint.plugins

    rules = (*notelint.plugins.all_rules(), _drop_basically)
    monkeypatch.setattr(notelint.plugins, "all_rules", lambda: rules)  # inherited by forked workers
    # selection reads the rule catalog (all_rules() only with a third-party plugin installed)
    monkeypatch.setattr(notelint.plugins, "rule_catalog", lambda: rules)
    monkeypatch.chdir(tmp_path)
    texts = {f"n{i}.md": f"# T{i}\r\n\r\nThe loss is basically {i}.\r\n" for i in range(6)}
    fixed = {}
    for jobs in ("1", "2"):
        folder = tmp_path / f"j{jobs}"
        folder.mkdir()
        for name, text in texts.items():
            (folder / name).write_bytes(text.encode())
        code, out, err = lint("--fix", "-j", jobs, str(folder))
        fixed[jobs] = (
            code,
            out.replace(str(folder), "F"),
            err,
            {n: (folder / n).read_bytes().decode() for n in texts},
        )
    assert fixed["1"] == fixed["2"]
    assert fixed["1"][3] == {n: t.replace("basically ", "") for n, t in texts.items()}
    assert "XX950" not in fixed["1"][1]


def test_workers_are_marked_for_nested_pools(monkeypatch) -> None:
    monkeypatch.delenv(runner.WORKER_ENV, raising=False)
    import signal

    previous = signal.getsignal(signal.SIGINT)
    try:
        runner._init_worker(runner._Job(ConfigResolver(), None, False, False))
        assert os.environ[runner.WORKER_ENV] == "1"
    finally:
        signal.signal(signal.SIGINT, previous)
        monkeypatch.delenv(runner.WORKER_ENV, raising=False)
        runner._WORKER_JOB = None


@pytest.mark.parametrize("select", ["NL5", "NL4"])
def test_a_serial_run_with_nl5_starts_its_cas_workers_before_the_first_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, select: str
) -> None:
    """The CAS workers' SymPy import overlaps the first note's parse; a run without NL5 starts
    none (its twin). A time limit no other test uses gives this test its own pool."""
    from notelint.math.checking import pool as pool_module

    monkeypatch.chdir(tmp_path)
    Path("notelint.toml").write_text(f'select = ["{select}"]\n[math]\ntimeout = 4.75\n')
    Path("n.md").write_text("# N\n\n$$1+1 = 2$$\n", encoding="utf-8")
    key = (1, 4.75, 1024)
    seen: list[bool] = []
    real = runner._Job.process

    def process(self, path: str, digest: str | None):  # type: ignore[no-untyped-def]
        pool = pool_module._POOLS.get(key)
        seen.append(pool is not None and len(pool.workers) == 1)
        return real(self, path, digest)

    monkeypatch.setattr(runner._Job, "process", process)
    pool_module._POOLS.pop(key, None)
    try:
        results = list(run(["n.md"], ConfigResolver(), RunOptions(jobs=1, no_cache=True)))
    finally:
        started = pool_module._POOLS.pop(key, None)
        if started is not None:
            started.close()
    assert [r.path for r in results] == ["n.md"] and not results[0].diagnostics
    assert seen == [select == "NL5"]


@pytest.mark.parametrize(("select", "expected"), [("NL5", 4), ("NL1", 2)])
def test_nl5_runs_more_linting_processes_than_cas_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, select: str, expected: int
) -> None:
    """With NL5, -j2 keeps two CAS workers but four linting processes, so one note's CAS batch
    runs while another note is parsed (with two, the CAS workers sat idle a third of the run);
    without NL5 there are as many linting processes as asked for."""
    import concurrent.futures

    from notelint.math.checking import pool as pool_module

    asked: list[int] = []
    brokers: list[int] = []

    class Refused(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **_: object) -> None:
            asked.append(max_workers)
            raise OSError("no processes here")  # the runner goes on serially

    def broker(size: int, timeout: float, memory_mb: int) -> tuple[str, bytes]:
        brokers.append(size)
        return "nowhere", b"key"

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Refused)
    monkeypatch.setattr(pool_module, "start_broker", broker)
    monkeypatch.setattr(pool_module.Pool, "run", lambda self, jobs: [{"status": "unknown"} for _ in jobs])
    monkeypatch.chdir(tmp_path)
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text("# Note\n\nThe value $x = 1$ holds.\n", encoding="utf-8")
    code, _, err = lint("--no-cache", "-j2", "--select", select, "a.md", "b.md", "c.md")
    assert code in (0, 1), err
    assert asked == [expected]
    assert brokers == ([2] if select == "NL5" else [])


def _niceness_after_init(cas: tuple[str, bytes] | None, queue: Any) -> None:
    import signal

    before = os.nice(0)
    runner._init_worker(runner._Job(ConfigResolver(isolated=True), None, False, False), cas)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    queue.put(os.nice(0) - before)


@pytest.mark.parametrize(("cas", "expected"), [(("/nonexistent/broker", b"key"), 10), (None, 0)])
def test_linting_processes_yield_the_cores_to_the_cas_workers(
    cas: tuple[str, bytes] | None, expected: int
) -> None:
    """With NL5 a linting process runs at a lower priority than the CAS workers (there are more of
    them, and a CAS job's time limit is also bounded in wall-clock time); without NL5 it does not."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_niceness_after_init, args=(cas, queue))
    child.start()
    child.join(60)
    assert queue.get(timeout=5) == min(expected, 19 - os.nice(0))


GC_PROBE = """
import gc, sys
from notelint import runner
if sys.argv[1] == "off":
    gc.disable()
before = gc.get_freeze_count()
first = runner._first_file_in_process()
during = gc.isenabled()
if first:
    runner._after_first_file()
print(first, during, gc.isenabled(), gc.get_freeze_count() > before, runner._first_file_in_process())
"""


@pytest.mark.parametrize(
    ("collector", "expected"),
    [
        # the first file runs without collections; then the import-time objects are frozen
        ("on", "True False True True False"),
        # a collector the embedding program turned off stays off (and nothing is frozen)
        ("off", "False False False False False"),
    ],
)
def test_the_first_file_pauses_the_collector_once(collector: str, expected: str) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", GC_PROBE, collector], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected


def _collector_of_a_worker(queue: Any) -> None:
    import gc

    # as forked from a parent that has linted nothing (this test process may have)
    runner._LINTED.clear()
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    job = runner._Job(ConfigResolver(isolated=True), None, False, False)
    runner._init_worker(job, None)
    note = str(EXAMPLES / "ridge-regression.md")
    during = []
    real = job.process

    def process(path: str, digest: str | None) -> Any:
        during.append((gc.isenabled(), gc.get_threshold()[0]))
        return real(path, digest)

    job.process = process  # type: ignore[method-assign]
    runner._work(note, None)
    runner._work(note, None)
    queue.put((during, gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 0))


def test_a_parallel_runs_linting_processes_tune_the_collector_too() -> None:
    """A -j worker is forked with the parent's default thresholds: its first file runs without
    collections, then the import-time objects are frozen and the young generation is larger,
    as in a serial run (with CPython's 700 the collector was a third of its time on the corpus)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_collector_of_a_worker, args=(queue,))
    child.start()
    child.join(120)
    during, enabled, threshold, frozen = queue.get(timeout=5)
    assert during == [(False, 700), (True, runner.GC_YOUNG_THRESHOLD)]
    assert (enabled, threshold, frozen) == (True, runner.GC_YOUNG_THRESHOLD, True)


def test_the_collector_runs_again_after_a_serial_run() -> None:
    import subprocess
    import sys

    note = EXAMPLES / "ridge-regression.md"
    code = (
        "import gc; from notelint.cli import main; "
        f"rc = main(['--no-cache', '--ignore', 'NL5', '-j', '1', {str(note)!r}, {str(note)!r}]); "
        "print(rc, gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("0 True True")
