"""Worker pool, limits, pathological inputs, the verdict cache and the no-eval guarantee."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from notelint.math.cas.verify import check
from notelint.math.checking import pool as pool_module
from notelint.math.checking.jobs import Job
from notelint.math.checking.pool import Pool

MONSTERS = [
    "10^{10^{10^{10}}}",
    "1000000!",
    "{" * 5000 + "x" + "}" * 5000,
    "(" * 5000 + "x" + ")" * 5000,
    "\\frac{1}{" * 500 + "x" + "}" * 500,
    "1" * 5000,
    "(" + " " * 30000 + "x)",
    "+".join(["x"] * 200000),
    "9^{9^{9}}",
]


@pytest.mark.parametrize("latex", MONSTERS, ids=[m[:20] for m in MONSTERS])
def test_pathological_inputs_are_unknown_quickly(latex: str) -> None:
    start = time.perf_counter()
    res = check(Job("=", latex, "1"))
    elapsed = time.perf_counter() - start
    assert res.status == "unknown"
    assert elapsed < 2.0, f"{elapsed:.2f} s"


def test_pool_checks_in_workers_and_keeps_order() -> None:
    pool = Pool(jobs=2, timeout=20)
    try:
        got = pool.run([Job("=", "1+1", "2"), Job("=", "1+1", "3"), Job("=", "\\mathbb{E}[X]", "0")])
    finally:
        pool.close()
    assert [g["status"] for g in got] == ["holds", "fails", "unknown"]


SLOW = "\\int_0^{1} \\frac{x^{7} e^{x^{2}} \\sin(x^{3})}{1 + \\log(2 + x)}\\,dx"


def test_the_worker_stops_a_job_at_its_limit_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """A job that uses its CPU seconds is stopped by the worker itself, which answers "timed
    out" as the pool would and takes the next job: no new interpreter, no second SymPy import."""
    monkeypatch.setattr(pool_module, "HARD_LIMIT", 60)  # a loaded machine: only the CPU limit counts
    pool = Pool(jobs=1, timeout=1.0)
    try:
        pool.run([Job("=", "1", "1")])  # warm the worker up (imports SymPy)
        pid = pool.workers[0].proc.pid
        got = pool.run([Job("=", SLOW, "1"), Job("=", "2+2", "4"), Job("=", "1+1", "3")])
        same = [w.proc.pid for w in pool.workers] == [pid]
    finally:
        pool.close()
    assert got[0] == {"status": "unknown", "message": "timed out after 1 s", "transient": True}
    assert [g["status"] for g in got[1:]] == ["holds", "fails"]
    assert same


def test_a_job_with_a_smaller_budget_stops_at_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-check of an excuse carries its own CPU seconds (``Job.seconds``, below the pool's
    limit): the worker stops it there; a budget above the limit does not raise the limit."""
    monkeypatch.setattr(pool_module, "HARD_LIMIT", 60)
    pool = Pool(jobs=1, timeout=3.0)
    try:
        pool.run([Job("=", "1", "1")])
        got = pool.run(
            [
                Job("=", SLOW, "1", seconds=0.5),
                Job("=", SLOW, "2", seconds=30),
                Job("=", "2+2", "4", seconds=0.5),
            ]
        )
    finally:
        pool.close()
    assert got[0] == {"status": "unknown", "message": "timed out after 0.5 s", "transient": True}
    assert got[1] == {"status": "unknown", "message": "timed out after 3 s", "transient": True}
    assert got[2]["status"] == "holds"


def test_timeout_is_unknown_and_the_worker_is_replaced() -> None:
    """A worker that does not stop the job itself (stuck in C code) is killed and replaced."""
    pool = Pool(jobs=1, timeout=1.0)
    pool.worker_stops_jobs = False
    try:
        # simplify of a huge expansion is slow; a 1 s limit stops it
        slow = Job("=", "\\int_0^{1} \\frac{x^{7} e^{x^{2}} \\sin(x^{3})}{1 + \\log(2 + x)}\\,dx", "1")
        first = pool.run([Job("=", "1", "1")])  # warm the worker up (imports SymPy)
        pid = pool.workers[0].proc.pid
        start = time.perf_counter()
        got = pool.run([slow])
        elapsed = time.perf_counter() - start
        after = pool.run([Job("=", "2+2", "4")])
        replaced = [w.proc.pid for w in pool.workers] != [pid]
    finally:
        pool.close()
    assert first[0]["status"] == "holds"
    assert got[0]["status"] == "unknown" and "timed out" in got[0]["message"]
    assert elapsed < 10
    assert after[0]["status"] == "holds" and replaced  # a fresh worker took over


def test_a_timed_out_job_does_not_take_the_jobs_sent_behind_it() -> None:
    """Jobs are sent ahead into a worker's pipe (pool.AHEAD); when the one it is on times out,
    the worker is killed and the others are answered by its replacement, not failed with it."""
    pool = Pool(jobs=1, timeout=1.0)
    pool.worker_stops_jobs = False  # the pool's kill, as for a job stuck in C code
    slow = Job("=", "\\int_0^{1} \\frac{x^{7} e^{x^{2}} \\sin(x^{3})}{1 + \\log(2 + x)}\\,dx", "1")
    try:
        pool.run([Job("=", "1", "1")])  # warm the worker up (imports SymPy)
        got = pool.run([slow, Job("=", "2+2", "4"), Job("=", "1+1", "3")])
    finally:
        pool.close()
    assert got[0]["status"] == "unknown" and "timed out" in got[0]["message"]
    assert [g["status"] for g in got[1:]] == ["holds", "fails"]


def test_a_job_asked_again_is_answered_from_the_pool_memo() -> None:
    """A job answered before (or repeated in one batch) is sent to a worker once; a timeout is
    remembered too, a worker that did not start is not; every caller gets its own dict."""
    pool = Pool(jobs=1, timeout=1.0)
    slow = Job("=", "\\int_0^{1} \\frac{x^{7} e^{x^{2}} \\sin(x^{3})}{1 + \\log(2 + x)}\\,dx", "1")
    try:
        first = pool.run([Job("=", "1+1", "2"), Job("=", "1+1", "3"), Job("=", "1+1", "2")])
        sent = pool.sequence
        again = pool.run([Job("=", "1+1", "3"), Job("=", "1+1", "2")])
        assert pool.sequence == sent == 2  # the repeat in the batch and the second batch: no work
        timed_out = pool.run([slow])
        sent = pool.sequence
        start = time.perf_counter()
        assert pool.run([slow]) == timed_out and pool.sequence == sent
        assert time.perf_counter() - start < 0.5
        # another job is still sent (the memo is keyed by the whole job)
        assert pool.run([Job("=", "2+2", "4")])[0]["status"] == "holds" and pool.sequence == sent + 1
    finally:
        pool.close()
    assert [g["status"] for g in first] == ["holds", "fails", "holds"]
    assert [g["status"] for g in again] == ["fails", "holds"]
    assert first[0] == first[2] and first[0] is not first[2]
    first[0]["status"] = "changed by a caller"
    assert pool.memo and all(b"changed" not in v for v in pool.memo.entries.values())
    assert timed_out[0]["status"] == "unknown" and "timed out" in timed_out[0]["message"]

    broken = Pool(jobs=1, timeout=1.0)
    broken.startup = 0.0  # no worker comes up in time: answered, but not remembered
    try:
        got = broken.run([Job("=", "1", "1")])
    finally:
        broken.close()
    assert got[0]["status"] == "unknown" and not broken.memo

    # the shared pools of one time and memory limit share their memo (a -j1 and a -j2 run in
    # one process agree); another limit, or a pool made on its own, has its own
    one, two = pool_module.shared_pool(1, 7.5, 900), pool_module.shared_pool(2, 7.5, 900)
    assert one is not two and one.memo is two.memo
    assert pool_module.shared_pool(1, 7.0, 900).memo is not one.memo
    assert Pool(1, 7.5, 900).memo is not one.memo


def test_concurrent_callers_each_get_their_own_verdicts_in_order() -> None:
    """Callers on several threads (the broker's connections, the language server) share the
    workers; every caller gets its own verdicts, in its own order."""
    import threading

    pool = Pool(jobs=2, timeout=20)
    batches = {
        "a": [Job("=", f"{k}+{k}", str(2 * k + (k % 2))) for k in range(1, 9)],
        "b": [Job("=", f"{k}\\cdot 3", str(3 * k + (k % 3 == 0))) for k in range(1, 9)],
    }
    expected = {
        "a": ["fails" if k % 2 else "holds" for k in range(1, 9)],
        "b": ["fails" if k % 3 == 0 else "holds" for k in range(1, 9)],
    }
    got: dict[str, list[str]] = {}

    def caller(name: str) -> None:
        got[name] = [v["status"] for v in pool.run(batches[name])]

    try:
        threads = [threading.Thread(target=caller, args=(name,)) for name in batches]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        pool.close()
    assert got == expected


def test_memory_limit_kills_only_the_worker() -> None:
    pool = Pool(jobs=1, timeout=30, memory_mb=400)
    try:
        got = pool.run([Job("=", "\\det\\begin{pmatrix} x^{999} & 1 \\\\ 1 & x^{999} \\end{pmatrix}", "1")])
    finally:
        pool.close()
    assert got[0]["status"] in ("unknown", "fails", "holds")  # the linter survives whatever happens


def test_note_text_is_never_evaluated(tmp_path: Path) -> None:
    from notelint.config import Config
    from notelint.engine import lint_text

    target = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {target}')"
    note = (
        "# Hostile\n\n"
        f"$$\\frac{{{payload}}}{{2}} = 1$$\n\n"
        f"$$\\text{{{payload}}} = \\operatorname{{{payload}}}(x)$$\n\n"
        f"$${payload} = 3 \\approx {payload}$$\n\n"
        f"$x = \\mathrm{{eval}}(\\text{{{payload}}}) \\le 2$\n"
    )
    cfg = Config({"select": ["NL5"], "math.cache": False})
    result = lint_text(note, "hostile.md", cfg)
    assert not target.exists()
    assert not [d for d in result.diagnostics if d.code in ("NL501", "NL502", "NL503")]
    # also directly in this process (translator + verifier)
    for left in (f"\\frac{{{payload}}}{{2}}", payload, f"\\text{{{payload}}}"):
        assert check(Job("=", left, "1")).status == "unknown"
    assert not target.exists()


def test_no_eval_in_the_math_sources() -> None:
    import re

    here = Path(__file__).resolve().parents[2] / "notelint" / "math"
    modules = sorted(here.rglob("*.py"))
    assert len(modules) > 20, "the math package moved: point this test at it"
    for path in modules:
        name = str(path.relative_to(here))
        source = path.read_text()
        code = re.sub(r'"""[\s\S]*?"""|#.*', "", source)
        # sympify(x, strict=True) refuses a string: it only converts SymPy and Python numbers
        code = re.sub(r"sympify\([^()]*, strict=True\)", "", code)
        # notelint's own parse_latex (pylatexenc) reads spans in the linting process; the CAS
        # worker never parses (it reads the trees the wire sends)
        cas_only = ("parse_latex",) if name.startswith("cas/") else ()
        for banned in ("eval(", "exec(", "sympify(", "parse_expr", *cas_only):
            assert banned not in code, f"{banned} in {name}"


def test_second_run_does_no_cas_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint.config import Config
    from notelint.engine import lint_text

    monkeypatch.chdir(tmp_path)
    note = "# N\n\n$$1+1 = 2 = 3$$\n\n$$(a+b)^2 = (a+b)(a+b) = a^2 + b^2$$\n"
    cfg = Config({"select": ["NL5"]})
    before = pool_module.calls
    first = lint_text(note, "n.md", cfg)
    after_first = pool_module.calls
    second = lint_text(note, "n.md", cfg)
    after_second = pool_module.calls
    assert after_first - before == 4
    assert after_second == after_first  # every verdict came from the cache
    assert [d.message for d in first.diagnostics] == [d.message for d in second.diagnostics]
    assert (tmp_path / ".notelint_cache" / "math").is_dir()
    # no cache: the CAS runs again
    lint_text(note, "n.md", Config({"select": ["NL5"], "math.cache": False}))
    assert pool_module.calls == after_second + 4
    assert not any(p.name.startswith(".tmp-") for p in (tmp_path / ".notelint_cache" / "math").rglob("*"))


def test_sympy_is_not_imported_by_the_linting_process() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from notelint.config import Config\n"
        "from notelint.engine import lint_text\n"
        "r = lint_text('# N\\n\\n$$1+1=3$$\\n', 'n.md', Config({'select': ['NL5'], 'math.cache': False}))\n"
        "print([d.code for d in r.diagnostics], 'sympy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert out.stdout.strip() == "['NL501'] False", out.stderr


def test_a_forked_child_uses_its_own_workers() -> None:
    import multiprocessing

    from notelint.math.checking.pool import shared_pool

    parent = shared_pool(1, 20.0, 1024)
    assert parent.run([Job("=", "1+1", "2")])[0]["status"] == "holds"
    parent_pids = {w.proc.pid for w in parent.workers}

    def child(q: Any) -> None:
        pool = shared_pool(1, 20.0, 1024)
        got = pool.run([Job("=", "2+2", "5")])[0]["status"]
        q.put((got, {w.proc.pid for w in pool.workers}))

    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    proc = ctx.Process(target=child, args=(q,))
    proc.start()
    status, child_pids = q.get(timeout=60)
    proc.join(timeout=60)
    assert status == "fails"
    assert not (child_pids & parent_pids)
    assert parent.run([Job("=", "3", "3")])[0]["status"] == "holds"  # the parent's worker is intact


def test_monsters_in_a_note_are_unknown_quickly() -> None:
    from notelint.config import Config
    from notelint.engine import lint_text

    note = "# Monsters\n\n" + "".join(f"$${m} = 1$$\n\n" for m in MONSTERS[:6])
    note += "$$f(" + "_a" * 3000 + " = 2$$\n\n$$" + "+".join(["1"] * 20000) + " = 3$$\n"
    start = time.perf_counter()
    result = lint_text(note, "m.md", Config({"select": ["NL5"], "math.cache": False}))
    elapsed = time.perf_counter() - start
    # the CAS limit counts CPU seconds, so on a loaded machine the same work takes longer on
    # the clock: the bound (20 s on an idle machine) grows with the load per core
    busy = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    assert elapsed < 20 * busy, f"{elapsed:.1f} s at {busy:.1f}× load per core"
    assert result.stats["notelint.math"]["refuted"] == 0
    assert result.stats["notelint.math"]["verified"] == 0


def test_forked_children_share_the_parents_pool_through_the_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from notelint.math.checking import pool as pool_mod

    # a broker of its own: a -jN run of another test in this process may have started one of
    # another size, which start_broker would return
    monkeypatch.setattr(pool_mod, "_BROKER", None)
    monkeypatch.setattr(pool_mod, "_POOLS", {})
    address = pool_mod.start_broker(2, 20.0, 1024)
    assert address is not None
    assert pool_mod._BROKER is not None
    broker_pool = pool_mod._BROKER.pool
    before = len(broker_pool.workers)

    def child(q: Any) -> None:
        pool_mod.connect_broker(*address)
        pool = pool_mod.shared_pool(1, 20.0, 1024)
        verdicts = pool.run(
            [Job("=", "2+2", "5"), Job("<=", "\\frac13", "0.3"), Job("=", "\\frac23", "0.67")]
        )
        own = pool_mod._POOLS.get((1, 20.0, 1024))
        q.put(([v["status"] for v in verdicts], own is not None and bool(own.workers)))

    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    procs = [ctx.Process(target=child, args=(q,)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [q.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    for statuses, started_own in results:
        assert statuses == ["fails", "fails", "holds"]
        assert not started_own  # no CAS worker of its own: the parent's served it
    workers = len(broker_pool.workers)
    pool_mod._BROKER.close()
    broker_pool.close()
    assert workers == before == 2


def test_a_client_lost_or_stalled_in_the_handshake_does_not_stop_the_broker() -> None:
    """A runner worker killed while it connects (its pool broke: another worker died) once
    ended the broker's accept loop, and every later -jN run in that process hung in connect()."""
    import socket
    import threading
    from multiprocessing.connection import AuthenticationError, Client

    class Answers:  # the broker only calls run()
        def run(self, jobs: list[Any]) -> list[dict[str, Any]]:
            return [{"status": "holds"} for _ in jobs]

    broker = pool_module.Broker(Answers())  # type: ignore[arg-type]
    try:
        gone = socket.socket(socket.AF_UNIX)
        gone.connect(broker.address)
        gone.close()  # vanished mid-handshake
        stalled = socket.socket(socket.AF_UNIX)
        stalled.connect(broker.address)  # never answers the challenge
        served: list[list[dict[str, Any]]] = []

        def client() -> None:  # in a thread: against a stopped broker, connect() never returns
            with pytest.raises(AuthenticationError):
                Client(broker.address, family="AF_UNIX", authkey=b"wrong")
            served.append(pool_module.RemotePool(broker.address, broker.authkey).run([Job("=", "1", "1")]))

        thread = threading.Thread(target=client, daemon=True)
        thread.start()
        thread.join(timeout=60)
        assert served == [[{"status": "holds"}]]
        stalled.close()
    finally:
        broker.close()


def test_the_time_limit_is_cpu_time_so_a_loaded_machine_does_not_time_a_job_out() -> None:
    """A job whose worker got no CPU by its deadline (the machine busy with other work) is given
    more time; one that has used its limit in CPU, or waited past the wall-clock bound, fails."""
    import subprocess

    pool = Pool(jobs=1, timeout=1.0)
    idle: list[subprocess.Popen[bytes]] = []

    def waiting_job() -> tuple[pool_module._Worker, pool_module._Batch]:
        idle.append(subprocess.Popen(["sleep", "30"]))  # a "worker" that gets no CPU: it waits
        batch = pool_module._Batch([None], 1)
        worker = pool_module._Worker(idle[-1])
        worker.jobs.append((1, batch, 0, None))
        pool.workers.append(worker)
        pool._start_clock(worker)
        worker.deadline = time.monotonic() - 0.1  # its wall-clock deadline has passed
        return worker, batch

    try:
        worker, batch = waiting_job()
        assert worker.cpu_at_start is not None  # Linux: /proc is read
        pool._expire()
        assert batch.results == [None] and worker.deadline > time.monotonic()  # more time
        worker.cpu_at_start -= 1.0  # as if it had used its second of CPU: its own timer stops
        worker.deadline = time.monotonic() - 0.1  # the job and answers, within the grace
        pool._expire()
        assert batch.results == [None] and worker.deadline > time.monotonic()
        worker.cpu_at_start -= pool_module.GRACE  # it has not answered within the grace
        worker.deadline = time.monotonic() - 0.1
        pool._expire()
        assert batch.results[0] is not None and "timed out" in batch.results[0]["message"]

        worker, batch = waiting_job()
        worker.hard_deadline = time.monotonic() - 0.1  # waited past the wall-clock bound
        pool._expire()
        assert batch.results[0] is not None and "timed out" in batch.results[0]["message"]
    finally:
        for proc in idle:
            proc.kill()
            proc.wait()
        pool.workers.clear()
        pool.close()


def test_an_opaque_atom_is_shown_as_its_own_job_writes_it() -> None:
    """A message names an undefined function's application as the job writes it, whatever the
    worker checked before (the output must not depend on which worker ran which job first)."""
    pool = Pool(jobs=1, timeout=5.0)
    try:
        first = pool.run([Job("=", r"p(y \mid x)", r"p(x\mid y)")])[0]
        second = pool.run([Job("=", r"p(y\mid x)", r"p(x \mid y)")])[0]
    finally:
        pool.close()
    assert r"$p(y \mid x)$" in first["message"] and r"$p(x\mid y)$" in first["message"]
    assert r"$p(y\mid x)$" in second["message"] and r"$p(x \mid y)$" in second["message"]
