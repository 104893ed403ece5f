"""Where the CAS time of a corpus goes: every job NL5 sends, timed one by one in one worker.

    .venv/bin/python bench/profile_cas.py [FOLDER …] [--top 30] [--timeout 5]

The jobs of every note (relation analysis and derivation steps, verdict cache off) are recorded
as the CLI sends them (``--no-cache -j1``, with every verdict "unknown", so a step's jobs may
differ a little from a real run's), then sent one at a time to a single warm CAS worker; it
prints the CPU seconds of the worker per job (so the machine's load does not count), the total
per note, the slowest jobs with their note and text, and the jobs that hit the time limit.
"""

from __future__ import annotations

import argparse
import collections
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def record(folders: list[Path]) -> list[tuple[str, object]]:
    """The jobs a ``--no-cache -j1 --select ALL`` run sends, note by note, in order."""
    import io

    from notelint.cli import main as cli_main
    from notelint.math.checking import pool as pool_module

    jobs: list[tuple[str, object]] = []
    current = [""]

    def recording(self: object, batch: list[object]) -> list[dict[str, str]]:
        jobs.extend((current[0], j) for j in batch)
        return [{"status": "unknown", "message": "recorded"} for _ in batch]

    real = pool_module.Pool.run
    pool_module.Pool.run = recording  # type: ignore[method-assign]
    try:
        for folder in folders:
            for path in sorted(folder.rglob("*.md")):
                current[0] = f"{folder.name}/{path.name}"
                args = [str(path), "--select", "ALL", "--no-cache", "-j1", "-o", os.devnull]
                cli_main(args, stdout=io.StringIO(), stderr=io.StringIO())
    finally:
        pool_module.Pool.run = real  # type: ignore[method-assign]
    return jobs


def cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def describe(job: object) -> str:
    for name in ("lhs", "text", "step", "relation"):
        value = getattr(job, name, None)
        if value is not None:
            return f"{type(job).__name__} {name}={str(value)[:110]!r}"
    return f"{type(job).__name__} {str(job)[:110]!r}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()
    folders = args.folders or [
        ROOT.parent / "shared" / "corpus" / d for d in ("standard", "real", "real2", "d2l-en")
    ]
    t0 = time.perf_counter()
    jobs = record(folders)
    print(f"recorded {len(jobs)} jobs in {time.perf_counter() - t0:.1f} s (parent, wall)")
    from notelint.math.checking.pool import Pool

    pool = Pool(1, args.timeout, 1024)
    pool.warm()
    pool.run([jobs[0][1]])
    timings: list[tuple[float, float, str, object, str]] = []
    per_note: collections.Counter[str] = collections.Counter()
    timeouts = 0
    for note, job in jobs:
        pid = pool.workers[0].proc.pid
        c0, w0 = cpu_of(pid), time.perf_counter()
        (result,) = pool.run([job])
        wall = time.perf_counter() - w0
        cpu = cpu_of(pid) - c0 if pool.workers and pool.workers[0].proc.pid == pid else wall
        message = str(result.get("message", ""))
        if "timed out" in message:
            timeouts += 1
        timings.append((cpu, wall, note, job, f"{result.get('status')}: {message[:60]}"))
        per_note[note] += cpu
    pool.close()
    total = sum(t[0] for t in timings)
    print(f"worker CPU {total:.1f} s over {len(timings)} jobs; {timeouts} timed out ({args.timeout:g} s)")
    print("\nper note (worker CPU s):")
    for note, seconds in per_note.most_common(15):
        print(f"  {seconds:7.2f}  {note}")
    print(f"\nslowest {args.top} jobs (CPU s, wall s):")
    for cpu, wall, note, job, verdict in sorted(timings, key=lambda t: -t[0])[: args.top]:
        print(f"  {cpu:6.2f} {wall:6.2f}  {note}  {describe(job)}  -> {verdict}")
    buckets = collections.Counter(
        "<0.01" if t[0] < 0.01 else "<0.1" if t[0] < 0.1 else "<1" if t[0] < 1 else ">=1" for t in timings
    )
    print("\njobs by CPU time:", dict(buckets))
    print("CPU in jobs >= 1 s:", round(sum(t[0] for t in timings if t[0] >= 1), 1))


if __name__ == "__main__":
    main()
