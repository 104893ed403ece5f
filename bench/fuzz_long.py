"""The long fuzz campaign: ``python bench/fuzz_long.py --minutes 30``.

Random mutated notes (bench/fuzzlib.py) at full size, checked with the same properties as
tests/test_fuzz.py, plus a time limit per case. Every failure is saved (input + message) in
the output folder, to be turned into a fixed bug and a fixture under fixtures/regressions/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzzlib


class Hang(BaseException):
    """Not an Exception: code under test that catches Exception (a rule, the CAS client) must not swallow it."""


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise Hang()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--limit", type=float, default=120, help="seconds one case may take (3 runs + checks)"
    )
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "notelint-fuzz")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="notelint-fuzz-work-"))
    os.chdir(work)
    rng = random.Random(args.seed)
    seeds = fuzzlib.seeds(max_bytes=60_000)
    signal.signal(signal.SIGALRM, _alarm)
    deadline = time.time() + args.minutes * 60
    stats = {
        "cases": 0,
        "failures": 0,
        "slowest": 0.0,
        "slowest_case": None,
        "started": time.strftime("%H:%M:%S"),
    }
    case = 0
    while time.time() < deadline:
        case += 1
        many = case % 10 == 0
        count = rng.randint(3, 6) if many else 1
        spec = [
            (
                rng.randrange(len(seeds)),
                [
                    (rng.randrange(len(fuzzlib.MUTATORS)), rng.randrange(2**32))
                    for _ in range(rng.randint(1, 4))
                ],
            )
            for _ in range(count)
        ]
        if case == 1:
            files = {"eq.md": fuzzlib.huge_equation()}
        else:
            files = {f"n{i}.md": fuzzlib.mutate(seeds[s], ops) for i, (s, ops) in enumerate(spec)}
        folder = Path(tempfile.mkdtemp(dir=work))
        started = time.time()
        problem = None
        signal.alarm(int(args.limit))
        try:
            fuzzlib.lint_files(files, folder, jobs_values=("1", "2") if many else ("1",))
        except Hang:
            problem = f"took more than {args.limit} s"
        except fuzzlib.PropertyFailure as exc:
            problem = str(exc)
        except BaseException as exc:  # an exception escaping main() is a traceback for the user
            if isinstance(exc, KeyboardInterrupt):
                raise
            problem = "exception escaped main():\n" + traceback.format_exc()
        finally:
            signal.alarm(0)
        elapsed = time.time() - started
        stats["cases"] += 1
        if elapsed > stats["slowest"]:
            stats["slowest"], stats["slowest_case"] = (
                elapsed,
                {"case": case, "spec": spec if case > 1 else "1 MB eq"},
            )
        if elapsed > args.limit / 4:
            print(f"case {case}: slow ({elapsed:.1f}s) spec={spec if case > 1 else '1 MB eq'}", flush=True)
        if problem:
            stats["failures"] += 1
            target = args.out / f"case-{args.seed}-{case}"
            target.mkdir(exist_ok=True)
            for name, data in files.items():
                (target / name).write_bytes(data)
            (target / "problem.txt").write_text(f"{problem}\nspec: {spec}\nelapsed: {elapsed:.1f}s\n")
            print(f"case {case}: FAIL ({elapsed:.1f}s): {problem.splitlines()[0][:200]}", flush=True)
        if case % 50 == 0:
            print(
                f"{time.strftime('%H:%M:%S')} {stats['cases']} cases, {stats['failures']} failures, "
                f"slowest {stats['slowest']:.1f}s",
                flush=True,
            )
    stats["finished"] = time.strftime("%H:%M:%S")
    print(json.dumps(stats), flush=True)
    (args.out / f"summary-{args.seed}.json").write_text(json.dumps(stats, indent=2))
    return 1 if stats["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
