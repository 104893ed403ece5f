"""The CAS pool alone: the real jobs of the standard notes through 1 and 2 workers, old and new.

    .venv/bin/python bench/run_pool.py [--rounds 2] [--baseline /path/to/old/checkout]

Linting is taken out of the picture: the jobs NL5 sends for every note of
``../shared/corpus/standard/`` (analysis and derivation steps, verdict cache off) are recorded
once, then replayed, one batch per note, into ``Pool(1)`` from one thread and ``Pool(2)`` from
two threads (as the broker serves two ``-j2`` linting processes), workers started and SymPy
imported before the clock starts. With ``--baseline`` (a folder holding an older ``notelint/``)
the older pool runs the same replay in a child process. Variants are interleaved round by round.

Besides wall-clock seconds it prints the CPU seconds the CAS workers used and their parallelism
(worker CPU / wall): on an idle 2-core machine that is what ``-j2`` can gain. The kernel's
autogroup scheduler shares a busy machine per session, not per process, so while other sessions
saturate the cores a second worker adds no CPU share and the wall-clock ratio stays near 1.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

REPLAY = r"""
import os, pickle, sys, threading, time
size, callers, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
from notelint.math.checking import pool as P
batches = pickle.load(open(path, "rb"))
pool = P.Pool(size, 5.0, 1024)
pool.warm()
pool.run([batches[0][0]] * size)  # every worker up, SymPy imported

def cpu(pids):
    total = 0.0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total

pids = [w.proc.pid for w in pool.workers]
before = cpu(pids)
start = time.perf_counter()
def caller(k):
    for batch in batches[k::callers]:
        pool.run(batch)
threads = [threading.Thread(target=caller, args=(k,)) for k in range(callers)]
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - start
used = cpu([w.proc.pid for w in pool.workers]) - before  # replaced workers are not counted
print(wall, used)
pool.close()
"""


def record_jobs(corpus: Path, out: Path) -> int:
    """The CAS batches NL5 sends for every note of ``corpus``, one list per ``Pool.run`` call."""
    os.environ["NOTELINT_NO_CACHE"] = "1"
    from notelint.config import Config
    from notelint.math.checking import analysis, derivation
    from notelint.math.checking import pool as pool_module
    from notelint.parse import parse_note

    batches: list[list[object]] = []

    class Recorder:
        def run(self, jobs: list[object]) -> list[dict[str, str]]:
            batches.append(list(jobs))
            return [{"status": "unknown", "message": "recorded"} for _ in jobs]

    real = pool_module.shared_pool
    pool_module.shared_pool = lambda *args: Recorder()  # type: ignore[assignment]
    try:
        config = Config({"select": ["NL5"], "math.cache": False})
        for path in sorted(corpus.glob("*.md")):
            note = parse_note(path.read_text(encoding="utf-8"))
            analysis._analyze(note, config)
            derivation.derivation(note, config)
    finally:
        pool_module.shared_pool = real
    out.write_bytes(pickle.dumps(batches))
    return sum(len(b) for b in batches)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="a folder holding an older notelint/ to time alongside")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "standard")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        jobs_file = Path(tmp) / "jobs.pkl"
        count = record_jobs(args.corpus, jobs_file)
        variants = {"new 1 worker": ("1", "1", None), "new 2 workers": ("2", "2", None)}
        if args.baseline is not None:
            variants["old 1 worker"] = ("1", "1", args.baseline)
            variants["old 2 workers"] = ("2", "2", args.baseline)
        walls: dict[str, list[float]] = {k: [] for k in variants}
        cpus: dict[str, list[float]] = {k: [] for k in variants}
        load_before = os.getloadavg()[0]
        for _ in range(args.rounds):
            for name, (size, callers, base) in variants.items():
                env = dict(os.environ)
                env["PYTHONPATH"] = str((base or ROOT).resolve())
                out = subprocess.run(
                    [sys.executable, "-c", REPLAY, size, callers, str(jobs_file)],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=True,
                )
                wall, used = (float(x) for x in out.stdout.split())
                walls[name].append(wall)
                cpus[name].append(used)
        load_after = os.getloadavg()[0]
    print(
        f"{count} CAS jobs of {args.corpus.name}/, {args.rounds} interleaved rounds, "
        f"load average {load_before:.1f} → {load_after:.1f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print()
    print("| variant | wall median s | all runs | worker CPU median s | worker CPU / wall |")
    print("|---|---:|---|---:|---:|")
    for name in variants:
        wall = statistics.median(walls[name])
        cpu = statistics.median(cpus[name])
        runs = ", ".join(f"{w:.1f}" for w in walls[name])
        print(f"| {name} | {wall:.1f} | {runs} | {cpu:.1f} | {cpu / wall:.2f} |")


if __name__ == "__main__":
    main()
