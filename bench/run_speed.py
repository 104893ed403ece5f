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


def _wall(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


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
                    times[name].append(_wall(cmd, work, old_env if name.startswith("old") else None))
        load_after = os.getloadavg()
    best = {k: min(v) for k, v in times.items()}
    median = {k: statistics.median(v) for k, v in times.items()}
    print(
        f"{len(files)} notes, {args.rounds} interleaved rounds; load average {load_before[0]:.1f} → {load_after[0]:.1f}"
    )
    print(f"{'variant':8} {'best s':>8} {'median s':>9}   all runs")
    for k in variants:
        print(f"{k:8} {best[k]:8.2f} {median[k]:9.2f}   {', '.join(f'{t:.2f}' for t in times[k])}")
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
