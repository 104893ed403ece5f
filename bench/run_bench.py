"""Benchmarks: notelint against the floor and a peer, on the shared corpus and a synthetic one.

    python bench/run_bench.py [--count 1000] [--nl5-count 100] [--repeat 3] [--skip-peer]

Prints, per corpus, wall-clock seconds and the ratio to the floor:

(a) floor: markdown-it-py with notelint's plugins parsing every file, plus pylatexenc walking
    every math token, in one process (the work a linter cannot avoid; interpreter start-up
    and imports excluded, so every ratio below is conservative);
(b) notelint cold (no cache), all rules, and without the NL5 (SymPy) rules, -j1 and -jN;
(c) notelint with a warm cache, against bare Python start-up plus hashing every file;
(d) notelint on a single note, start-up included (median of --repeat runs);
(e) PyMarkdown (``pymarkdown scan``) on the same files, if installed;
plus NL5 alone at -j1 and -jN (the CAS work spread over the cores), and the peak memory
(VmHWM) of the parent and of each worker process. Every notelint run is a subprocess of
the installed console script; the math verdict cache is turned off for cold runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PY = sys.executable
NOTELINT = str(Path(sys.executable).parent / "notelint")
PYMARKDOWN = str(Path(sys.executable).parent / "pymarkdown")

FLOOR_CODE = r"""
import sys, time, json
paths = sys.argv[1:]
from notelint.parse.markdown import markdown_parser
from pylatexenc.latexwalker import LatexWalker
import logging; logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
md = markdown_parser()
MATH = {"math_inline", "math_inline_double", "math_block", "math_block_label", "math_block_eqno", "amsmath",
        "math_inline_bracket", "math_block_bracket"}
def walk(tokens):
    n = 0
    for t in tokens:
        if t.type in MATH or t.type.startswith("math"):
            try:
                LatexWalker(t.content, tolerant_parsing=True).get_latex_nodes(pos=0)
            except Exception:
                pass
            n += 1
        if t.children:
            n += walk(t.children)
    return n
start = time.perf_counter()
count = 0
for p in paths:
    with open(p, "rb") as fh:
        text = fh.read().decode("utf-8", "replace")
    count += walk(md.parse(text))
print(json.dumps({"seconds": time.perf_counter() - start, "math": count}))
"""

HASH_CODE = r"""
import hashlib, os, sys
for root in sys.argv[1:]:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                with open(os.path.join(folder, name), "rb") as fh:
                    hashlib.sha256(fh.read()).hexdigest()
"""


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _hwm(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command; wall seconds and the peak RSS (KB) of it and of each of its child processes."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in [proc.pid, *_children(proc.pid)]:
                value = _hwm(pid)
                if value:
                    peaks[pid] = max(peaks.get(pid, 0), value)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    parent = peaks.pop(proc.pid, 0)
    return {
        "seconds": seconds,
        "code": proc.returncode,
        "out": out,
        "err": err,
        "parent_kb": parent,
        "worker_kb": sorted(peaks.values(), reverse=True),
    }


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return min(runs, key=lambda r: float(r["seconds"]))


def md_files(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*.md"))


def _spread(files: list[str], count: int) -> list[str]:
    """``count`` files spread evenly over the list (the synthetic notes grow in size with their index)."""
    if count >= len(files):
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def bench_corpus(name: str, root: Path, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    files = md_files(root)
    size = sum(os.path.getsize(f) for f in files)
    cold_cfg = work / "cold.toml"
    cold_cfg.write_text("math.cache = false\n")
    warm_cfg = work / "warm.toml"
    warm_cfg.write_text(f'cache-dir = "{work / "cache"}"\nmath.cache-dir = "{work / "cache" / "math"}"\n')
    jobs = str(os.cpu_count() or 1)
    rows: dict[str, Any] = {"files": len(files), "bytes": size}
    env = {**os.environ}
    env.pop("NOTELINT_NO_CACHE", None)

    floor_runs = []
    for _ in range(args.repeat):
        r = timed([PY, "-c", FLOOR_CODE, *files], work)
        floor_runs.append(json.loads(r["out"])["seconds"])
    rows["floor"] = min(floor_runs)

    def notelint(
        *extra: str, config: Path = cold_cfg, target: list[str] | None = None, repeat: int = args.repeat
    ) -> dict[str, Any]:
        cmd = [NOTELINT, "--config", str(config), *extra, *(target or [str(root)])]
        return best([timed(cmd, work, env) for _ in range(repeat)])

    rows["cold_all_jN"] = notelint("--no-cache", "-j", jobs, repeat=1)
    rows["cold_noNL5_j1"] = notelint("--no-cache", "-j1", "--ignore", "NL5")
    rows["cold_noNL5_jN"] = notelint("--no-cache", "-j", jobs, "--ignore", "NL5")
    # NL5 alone on a subset (the CAS work dominates; the subset keeps the bench under a few minutes).
    subset = _spread(files, args.nl5_count)
    rows["nl5_files"] = len(subset)
    rows["nl5_j1"] = notelint("--no-cache", "-j1", "--select", "NL5", target=subset, repeat=1)
    rows["nl5_jN"] = notelint("--no-cache", "-j", jobs, "--select", "NL5", target=subset, repeat=1)
    # Warm cache: one run to fill it, then the timed runs.
    timed([NOTELINT, "--config", str(warm_cfg), "-j", jobs, str(root)], work, env)
    rows["warm"] = notelint("-j", jobs, config=warm_cfg)
    rows["hash_baseline"] = best([timed([PY, "-c", HASH_CODE, str(root)], work) for _ in range(args.repeat)])
    rows["python_startup"] = best([timed([PY, "-c", "pass"], work) for _ in range(args.repeat)])
    same = rows["warm"]["out"] == notelint("-j", jobs, config=warm_cfg, repeat=1)["out"]
    rows["warm_output_identical"] = same
    if not args.skip_peer and Path(PYMARKDOWN).exists():
        # PyMarkdown is slow: on a large corpus, compare it on a subset against the floor on that subset.
        peer = _spread(files, args.peer_count)
        rows["peer_files"] = len(peer)
        rows["pymarkdown"] = best([timed([PYMARKDOWN, "scan", *peer], work) for _ in range(args.repeat)])
        rows["peer_floor"] = min(
            json.loads(timed([PY, "-c", FLOOR_CODE, *peer], work)["out"])["seconds"]
            for _ in range(args.repeat)
        )
        rows["peer_notelint"] = notelint("--no-cache", "-j1", "--ignore", "NL5", target=peer)
    return rows


def single_note(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    note = str(ROOT / "examples" / "ridge-regression.md")
    cfg = work / "cold.toml"
    runs = {}
    for label, extra in (("noNL5", ["--ignore", "NL5"]), ("all", [])):
        times = [
            timed([NOTELINT, "--config", str(cfg), "--no-cache", *extra, note], work)["seconds"]
            for _ in range(max(5, args.repeat))
        ]
        runs[label] = statistics.median(times)
    imports = subprocess.run(
        [
            PY,
            "-X",
            "importtime",
            "-m",
            "notelint",
            "--no-cache",
            "--config",
            str(cfg),
            "--ignore",
            "NL5",
            note,
        ],
        cwd=work,
        capture_output=True,
        text=True,
    ).stderr
    runs["sympy_imported_without_nl5"] = any(
        line.rstrip().endswith("| sympy") for line in imports.splitlines()
    )
    return runs


def fmt_s(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def report(results: dict[str, dict[str, Any]], single: dict[str, Any], cores: int) -> str:
    lines = [
        f"cores: {cores}   python: {sys.version.split()[0]}   load average at start: "
        f"{os.getloadavg()[0]:.1f}",
        "",
    ]
    for name, rows in results.items():
        floor = rows["floor"]
        assert isinstance(floor, float)
        lines.append(f"## {name}: {rows['files']} files, {rows['bytes'] / 1e6:.1f} MB")
        lines.append(f"{'run':<44}{'seconds':>9}{'x floor':>9}{'parent MB':>11}{'worker MB (peak each)':>26}")
        lines.append(f"{'(a) floor: markdown-it + pylatexenc, 1 process':<44}{floor:>9.2f}{1.0:>9.2f}")
        labels = [
            ("cold_all_jN", f"(b) notelint cold, all rules, -j{cores}"),
            ("cold_noNL5_j1", "(b) notelint cold, without NL5, -j1"),
            ("cold_noNL5_jN", f"(b) notelint cold, without NL5, -j{cores}"),
            ("warm", f"(c) notelint warm cache, -j{cores}"),
        ]
        for key, label in labels:
            run = rows.get(key)
            if not isinstance(run, dict):
                continue
            workers = ", ".join(f"{kb / 1024:.0f}" for kb in run["worker_kb"][:4]) or "-"
            lines.append(
                f"{label:<44}{run['seconds']:>9.2f}{run['seconds'] / floor:>9.2f}"
                f"{run['parent_kb'] / 1024:>11.0f}{workers:>26}"
            )
        if isinstance(rows.get("pymarkdown"), dict):
            pf = rows["peer_floor"]
            for key, label in (
                ("pymarkdown", "(e) PyMarkdown scan (peer)"),
                ("peer_notelint", "    notelint cold, without NL5, -j1, same"),
            ):
                run = rows[key]
                lines.append(
                    f"{label + ' (' + str(rows['peer_files']) + ' files)':<44}{run['seconds']:>9.2f}"
                    f"{run['seconds'] / pf:>9.2f}{run['parent_kb'] / 1024:>11.0f}"
                )
            lines.append(f"{'    floor on those files':<44}{pf:>9.2f}{1.0:>9.2f}")
        base = rows["hash_baseline"]["seconds"]
        warm = rows["warm"]["seconds"]
        lines.append(
            f"{'    bare python start-up + hashing all files':<44}{base:>9.2f}"
            f"    warm / that = {warm / base:.2f} (target <= 1.2)"
        )
        n1, nn = rows["nl5_j1"]["seconds"], rows["nl5_jN"]["seconds"]
        lines.append(
            f"{'NL5 only, ' + str(rows['nl5_files']) + ' files spread over the corpus, -j1':<44}{n1:>9.2f}"
        )
        lines.append(
            f"{'NL5 only, same files, -j' + str(cores):<44}{nn:>9.2f}    speed-up {n1 / nn:.2f}x "
            f"on {cores} cores"
        )
        lines.append(
            f"cold without NL5 / floor: -j1 {rows['cold_noNL5_j1']['seconds'] / floor:.2f}, "
            f"-j{cores} {rows['cold_noNL5_jN']['seconds'] / floor:.2f} (target <= 2)"
        )
        lines.append(f"warm output identical to the cold output: {rows['warm_output_identical']}")
        lines.append("")
    lines.append(
        f"(d) single note end to end (examples/ridge-regression.md, median): without NL5 "
        f"{single['noNL5'] * 1000:.0f} ms (target < 250 ms), all rules {single['all'] * 1000:.0f} ms; "
        f"SymPy imported without NL5: {single['sympy_imported_without_nl5']}"
    )
    return "\n".join(lines)


def memory(count: int, fmt: str = "text") -> None:
    """Peak RSS of the parent and of each worker for COUNT notes: does memory stay flat as COUNT grows?"""
    sys.path.insert(0, str(BENCH))
    from make_corpus import DEFAULT_OUT, make_corpus

    folder = DEFAULT_OUT.with_name(f"{DEFAULT_OUT.name}-{count}")
    make_corpus(folder, count)
    work = Path(tempfile.mkdtemp(prefix="notelint-bench-"))
    jobs = str(os.cpu_count() or 1)
    for label, extra in ((f"{fmt} output", ["--output-format", fmt]),):
        run = timed(
            [NOTELINT, "--no-cache", "-j", jobs, "--select", "NL0,NL1,NL4", *extra, str(folder)], work
        )
        size = sum(p.stat().st_size for p in folder.glob("*.md"))
        print(
            f"{count} notes ({size / 1e6:.0f} MB), -j{jobs}, {label}: {run['seconds']:.0f} s, parent peak "
            f"{run['parent_kb'] / 1024:.0f} MB, worker peaks "
            f"{', '.join(f'{kb / 1024:.0f}' for kb in run['worker_kb'])} MB, "
            f"output {len(run['out']) / 1e6:.1f} MB"
        )


HASH_CODE = "import hashlib, sys; hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest()"


def startup(rounds: int, bytecode: bool) -> str:
    """Side by side, interleaved round by round (so machine load hits all alike), medians of:
    bare ``python`` start-up plus hashing the note; notelint on the unchanged note (the console
    script's warm start replays the recorded run); the full CLI on it (answered from the per-file
    cache before any rule loads); notelint on the unchanged folder (replayed too); notelint on
    the note cold without NL5 (no results cache)."""
    note_src = ROOT / "examples" / "ridge-regression.md"
    work = Path(tempfile.mkdtemp(prefix="notelint-startup-"))
    note = work / "note.md"
    note.write_bytes(note_src.read_bytes())
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    full_cli = [PY, "-c", "import sys; from notelint.cli import main; sys.exit(main())"]
    commands = {
        "bare python + SHA-256 of the note": [PY, "-c", HASH_CODE, str(note)],
        "notelint, unchanged note, warm start (replayed)": [NOTELINT, "--ignore", "NL5", str(note)],
        "notelint.cli, unchanged note, per-file cache": [*full_cli, "--ignore", "NL5", str(note)],
        "notelint, unchanged folder of one note, warm start (replayed)": [NOTELINT, "--ignore", "NL5", "."],
        "notelint, one note cold, without NL5": [NOTELINT, "--no-cache", "--ignore", "NL5", str(note)],
    }
    for cmd in commands.values():  # byte-code written, the cache filled
        subprocess.run(cmd, cwd=work, env=env, capture_output=True)
    import resource

    times: dict[str, list[float]] = {label: [] for label in commands}
    cpu: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, cmd in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, cwd=work, env=env, capture_output=True)
            times[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    load = os.getloadavg()[0]
    bare = statistics.median(times["bare python + SHA-256 of the note"])
    lines = [
        f"{rounds} interleaved rounds, byte-code {'allowed' if bytecode else 'not written'}, "
        f"load average {load:.1f} at the end, note {note_src.name} ({note.stat().st_size} bytes)",
        "",
        "| run | wall median ms | wall min ms | × bare (wall) | CPU median ms | × bare (CPU) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    bare_cpu = statistics.median(cpu["bare python + SHA-256 of the note"])
    for label, values in times.items():
        median = statistics.median(values)
        cpu_median = statistics.median(cpu[label])
        lines.append(
            f"| {label} | {median * 1000:.0f} | {min(values) * 1000:.0f} | {median / bare:.2f} "
            f"| {cpu_median * 1000:.0f} | {cpu_median / bare_cpu:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000, help="synthetic notes")
    parser.add_argument("--nl5-count", type=int, default=100, help="files for the NL5 -j1/-jN comparison")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--peer-count", type=int, default=100, help="files PyMarkdown scans (it is slow)")
    parser.add_argument("--only", choices=["corpus", "synthetic"], help="run one corpus only")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument(
        "--memory",
        type=int,
        metavar="COUNT",
        help="peak memory linting COUNT synthetic notes (cheap rules NL0,NL1,NL4; the parse is whole)",
    )
    parser.add_argument(
        "--startup",
        type=int,
        metavar="ROUNDS",
        help="warm start and single-note cold start against bare python, ROUNDS interleaved rounds "
        "(with --memory: both, in this one run; without either: the whole benchmark)",
    )
    parser.add_argument(
        "--no-bytecode", action="store_true", help="with --startup: keep PYTHONDONTWRITEBYTECODE as it is"
    )
    parser.add_argument("--memory-format", default="text", help="with --memory: the output format")
    args = parser.parse_args()
    if args.startup or args.memory:
        # issue 14's three targets in one run: warm start, one note cold, parent memory
        if args.startup:
            print(startup(args.startup, bytecode=not args.no_bytecode))
        if args.memory:
            print()
            memory(args.memory, args.memory_format)
        return
    sys.path.insert(0, str(BENCH))
    from make_corpus import DEFAULT_OUT, make_corpus

    work = Path(tempfile.mkdtemp(prefix="notelint-bench-"))
    results: dict[str, dict[str, Any]] = {}
    if CORPUS.is_dir() and args.only in (None, "corpus"):
        results["shared corpus"] = bench_corpus("shared corpus", CORPUS, args, work)
    if args.only in (None, "synthetic"):
        synthetic = DEFAULT_OUT.with_name(f"{DEFAULT_OUT.name}-{args.count}")
        make_corpus(synthetic, args.count)
        results[f"synthetic ({args.count} notes)"] = bench_corpus("synthetic", synthetic, args, work)
    single = single_note(args, work)
    text = report(results, single, os.cpu_count() or 1)
    print(text)
    if args.json:
        raw = {
            k: {
                kk: ({x: y for x, y in vv.items() if x not in ("out", "err")} if isinstance(vv, dict) else vv)
                for kk, vv in v.items()
            }
            for k, v in results.items()
        }
        args.json.write_text(json.dumps({"results": raw, "single": single}, indent=2, default=str))


if __name__ == "__main__":
    main()
