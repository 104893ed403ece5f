"""One note cold without NL5, in instructions executed: a measure the machine's load cannot move.

    python bench/instructions.py [--note NOTE] [TREE …]

Wall-clock and even CPU milliseconds of a 300 ms process vary by a third on a shared machine
(the sessions measure at load 10-30); the number of instructions the process executes
(valgrind's cachegrind, no cache simulation) varies by well under 1 % between runs, so two trees
can be compared one run each. It is not time: memory traffic (the collector's scans, page
faults) costs more per instruction than the interpreter's loop, so a change that saves
instructions saves at least as much CPU time in the interleaved timings of ``startup_floor.py``
and ``run_bench.py --startup``, which remain the measure of record.

Rows: bare ``python`` plus SHA-256 of the note (``run_bench.py --startup``'s unit), then
``python -m notelint --no-cache --ignore NL5 NOTE`` for the installed tree and each TREE given
(a checkout's folder, run with ``PYTHONPATH``). Byte-code is written first, as an installed
package has it. Needs ``valgrind`` (Debian: ``apt-get install valgrind``); about 20 s a row.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HASH_CODE = "import hashlib, sys; hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest()"
COLD = ["-m", "notelint", "--no-cache", "--ignore", "NL5"]


def instructions(cmd: list[str], env: dict[str, str], cwd: Path) -> int:
    """Instructions executed by ``cmd`` (cachegrind's ``I refs``)."""
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)  # byte-code written
    proc = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {cmd}:\n{proc.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--note", type=Path, default=ROOT / "examples" / "ridge-regression.md")
    parser.add_argument("trees", nargs="*", type=Path, help="other checkouts to count alongside")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")

    work = Path(tempfile.mkdtemp(prefix="notelint-instructions-"))
    note = work / "note.md"
    note.write_bytes(args.note.read_bytes())
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = [("bare python + SHA-256 of the note", [PY, "-c", HASH_CODE, str(note)], env)]
    rows.append(("notelint cold, without NL5 (this tree)", [PY, *COLD, str(note)], env))
    for tree in args.trees:
        rows.append(
            (
                f"notelint cold, without NL5 ({tree})",
                [PY, *COLD, str(note)],
                dict(env, PYTHONPATH=str(tree.resolve())),
            )
        )

    print(f"note {args.note.name}\n")
    print("| run | instructions (M) | × bare |")
    print("|---|---:|---:|")
    bare = 0
    for label, cmd, cmd_env in rows:
        count = instructions(cmd, cmd_env, work)
        bare = bare or count
        print(f"| {label} | {count / 1e6:,.0f} | {count / bare:.2f} |", flush=True)


if __name__ == "__main__":
    main()
