"""One note cold without NL5, against what any run of it must pay, and against other trees.

    python bench/startup_floor.py [--rounds 20] [TREE …]

Interleaved round by round (machine load hits every row alike), medians of wall-clock and CPU
(user + system) milliseconds of fresh processes:

* bare ``python`` plus SHA-256 of the note (``run_bench.py --startup``'s unit);
* the floor of libraries: importing exactly the non-notelint modules (standard library and
  third-party: markdown-it-py, mdit-py-plugins, pylatexenc, pluggy, argparse …) that the cold
  run of this tree ends up with, and nothing else;
* that plus notelint's own modules the run imports, doing no work;
* ``notelint --no-cache --ignore NL5 NOTE`` itself;
* the same cold run from each TREE given (a checkout's folder, run with ``PYTHONPATH``), for
  side-by-side before/after numbers.

The module lists come from one cold run of the installed notelint before the rounds, so the
floors follow the code being measured. CPU time is what to compare on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HASH_CODE = "import hashlib, sys; hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest()"
COLD = ["-m", "notelint", "--no-cache", "--ignore", "NL5"]

LIST_MODULES = r"""
import contextlib, io, runpy, sys
before = set(sys.modules)
sys.argv = ["notelint", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        runpy.run_module("notelint", run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
loaded = [m for m in sys.modules if m not in before and m != "__main__"]
sys.stderr.write("\n".join(loaded))
"""

IMPORT_ALL = """
import importlib, sys
for name in sys.argv[1].split():
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--note", type=Path, default=ROOT / "examples" / "ridge-regression.md")
    parser.add_argument("trees", nargs="*", type=Path, help="other checkouts to time alongside")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="notelint-floor-"))
    note = work / "note.md"
    note.write_bytes(args.note.read_bytes())
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code written, as an installed package has it

    listed = subprocess.run(
        [PY, "-c", LIST_MODULES, *COLD[3:], str(note)], cwd=work, env=env, capture_output=True, text=True
    ).stderr.split()
    libraries = " ".join(m for m in listed if not m.startswith("notelint"))
    everything = " ".join(listed)

    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare python + SHA-256 of the note": ([PY, "-c", HASH_CODE, str(note)], env),
        "floor: the libraries the run imports": ([PY, "-c", IMPORT_ALL, libraries], env),
        "floor + notelint's modules, no work": ([PY, "-c", IMPORT_ALL, everything], env),
        "notelint cold, without NL5 (this tree)": ([PY, *COLD, str(note)], env),
    }
    for tree in args.trees:
        tree_env = dict(env, PYTHONPATH=str(tree.resolve()))
        commands[f"notelint cold, without NL5 ({tree})"] = ([PY, *COLD, str(note)], tree_env)
    for cmd, cmd_env in commands.values():  # byte-code and data caches written
        _run(cmd, cmd_env, work)

    wall: dict[str, list[float]] = {k: [] for k in commands}
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for label, (cmd, cmd_env) in commands.items():
            w, c = _run(cmd, cmd_env, work)
            wall[label].append(w)
            cpu[label].append(c)
    bare_wall = statistics.median(wall["bare python + SHA-256 of the note"])
    bare_cpu = statistics.median(cpu["bare python + SHA-256 of the note"])
    print(
        f"{args.rounds} interleaved rounds, load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after, note {args.note.name}, {len(listed)} modules "
        f"({sum(m.startswith('notelint') for m in listed)} of notelint)\n"
    )
    print("| run | wall median ms | × bare | CPU median ms | CPU min ms | × bare (CPU) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label in commands:
        w, c = statistics.median(wall[label]), statistics.median(cpu[label])
        print(
            f"| {label} | {w * 1000:.0f} | {w / bare_wall:.2f} | {c * 1000:.0f} | "
            f"{min(cpu[label]) * 1000:.0f} | {c / bare_cpu:.2f} |"
        )


if __name__ == "__main__":
    main()
