"""NL5 speed on the standard notes: -j1 against -j2, and all rules against the parse floor.

    .venv/bin/python bench/run_speed.py [--rounds 3] [--corpus ../shared/corpus/standard]

Runs, side by side in one run and interleaved round by round (so a change in the machine's
load hits every variant alike): the parse floor (``run_bench.FLOOR_CODE``: markdown-it-py with
notelint's plugins and pylatexenc over every math token, in one process, imports excluded),
``notelint --no-cache`` with all rules at -j1 and -j2, and with ``--select NL5`` at -j1 and
-j2. Prints the best and the median wall-clock seconds of each, the ratios the targets name,
and the load average before and after (on a shared machine the ratios are only meaningful
when there was an idle core to spread over).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run_bench import FLOOR_CODE, NOTELINT, PY  # noqa: E402

#: CPU seconds (user + system) of each run's whole process tree: notelint, its -j workers and
#: CAS workers (each waits for its children, so their time reaches ours through RUSAGE_CHILDREN)
CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, name: str = "") -> float:
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - start
    CPU.setdefault(name, []).append(_children_cpu() - cpu)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--baseline", type=Path, help="a checkout of an older notelint/ (its parent folder) to time alongside"
    )
    parser.add_argument("--corpus", type=Path, default=BENCH.parent.parent / "shared" / "corpus" / "standard")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.glob("*.md"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        config = work / "notelint.toml"
        config.write_text("[tool.notelint]\n")
        base = [NOTELINT, "--config", str(config), "--no-cache"]
        variants = {
            "floor": None,
            "all_j1": [*base, "-j1", *files],
            "all_j2": [*base, "-j2", *files],
            "nl5_j1": [*base, "-j1", "--select", "NL5", *files],
            "nl5_j2": [*base, "-j2", "--select", "NL5", *files],
        }
        env = {**os.environ, "NOTELINT_NO_CACHE": "1"}
        os.environ.update(env)
        old_env = None
        if args.baseline is not None:
            old = [PY, "-m", "notelint", "--config", str(config), "--no-cache"]
            variants["old_nl5_j1"] = [*old, "-j1", "--select", "NL5", *files]
            variants["old_nl5_j2"] = [*old, "-j2", "--select", "NL5", *files]
            old_env = {**env, "PYTHONPATH": str(args.baseline.resolve())}
        times: dict[str, list[float]] = {k: [] for k in variants}
        load_before = os.getloadavg()
        for _ in range(args.rounds):
            for name, cmd in variants.items():
                if cmd is None:
                    out = subprocess.run(
                        [PY, "-c", FLOOR_CODE, *files], capture_output=True, text=True, cwd=work
                    )
                    times[name].append(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])
                else:
                    times[name].append(_wall(cmd, work, old_env if name.startswith("old") else None, name))
        load_after = os.getloadavg()
    best = {k: min(v) for k, v in times.items()}
    median = {k: statistics.median(v) for k, v in times.items()}
    print(
        f"{len(files)} notes, {args.rounds} interleaved rounds; load average {load_before[0]:.1f} → {load_after[0]:.1f}"
    )
    print(f"{'variant':10} {'best s':>8} {'median s':>9} {'CPU s':>7}   all runs")
    for k in variants:
        cpu = f"{statistics.median(CPU[k]):7.2f}" if k in CPU else " " * 7
        print(f"{k:10} {best[k]:8.2f} {median[k]:9.2f} {cpu}   {', '.join(f'{t:.2f}' for t in times[k])}")
    # With N cores free, a run cannot take less than its CPU / N: the speed-up -j2 can reach on
    # an idle 2-core machine is at most CPU(-j1) / (CPU(-j2) / 2), whatever the load was here.
    if "nl5_j1" in CPU and "nl5_j2" in CPU:
        j1, j2 = statistics.median(CPU["nl5_j1"]), statistics.median(CPU["nl5_j2"])
        print(
            f"NL5 CPU -j1 {j1:.2f} s, -j2 {j2:.2f} s: on 2 idle cores -j2 can be at most {2 * j1 / j2:.2f}× faster"
        )
    print(
        f"NL5 speed-up -j2 over -j1: best {best['nl5_j1'] / best['nl5_j2']:.2f}×, median {median['nl5_j1'] / median['nl5_j2']:.2f}×"
    )
    if "old_nl5_j1" in best:
        print(
            f"baseline NL5: -j1 {best['old_nl5_j1']:.2f} s, -j2 {best['old_nl5_j2']:.2f} s "
            f"(speed-up {best['old_nl5_j1'] / best['old_nl5_j2']:.2f}×)"
        )
    print(
        f"all rules cold / floor: -j1 {best['all_j1'] / best['floor']:.2f}×, -j2 {best['all_j2'] / best['floor']:.2f}× (best)"
    )


if __name__ == "__main__":
    main()
