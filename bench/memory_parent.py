"""Peak memory of the CLI's parent process over many notes, with the linting itself taken out.

    python bench/memory_parent.py [--count 10000] [--format text] [--keep]

The workers' memory is flat (they keep no note); what grew with the run was the parent:
the CLI and the formatters kept every result (diagnostics and the note's text). This runs
the real CLI (`notelint.cli.main`: formatter, tally, baseline, statistics) in a fresh
process, with `cli.lint._results` replaced by a generator that yields, for each of COUNT notes,
a fresh copy of the real result of linting `examples/logistic-regression-draft.md`
(its diagnostics, with the path changed, and its own copy of the text), and reports the
process's peak RSS. `--keep` makes every formatter keep its results (the old behaviour),
for comparison. On a shared machine this finishes in seconds, where linting 10,000 notes
takes the better part of an hour.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import dataclasses, resource, sys
from notelint import cli
from notelint.config import Config
from notelint.engine import lint_file
from notelint.formatters.base import Formatter

count, keep, args = int(sys.argv[1]), sys.argv[2] == "keep", sys.argv[3:]
template = lint_file(sys.argv[0] if False else "EXAMPLE", Config({"ignore": ["NL5"]}))
text = template.text
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if keep:
    from notelint.formatters import BUILTIN, builtin

    for name in BUILTIN:
        builtin(name).keep_results = True

def fake_results(paths, resolver, options, warm, before_linting):
    for i in range(count):
        path = f"notes/note-{i:05d}.md"
        diagnostics = [dataclasses.replace(d, path=path) for d in template.diagnostics]
        yield type(template)(path, diagnostics, "".join([text[:1], text[1:]]), None, False, dict(template.stats))

cli.lint._results = fake_results
code = cli.main([*args, "."])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{before / 1024:.0f} {after / 1024:.0f} {len(template.diagnostics)} {code}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument(
        "--keep", action="store_true", help="every formatter keeps its results (old behaviour)"
    )
    parser.add_argument("extra", nargs="*", help="CLI arguments, e.g. --output-format sarif")
    args = parser.parse_args()
    code = CHILD.replace("EXAMPLE", str(ROOT / "examples" / "logistic-regression-draft.md"))
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            str(args.count),
            "keep" if args.keep else "stream",
            "--output-file",
            "/dev/null",
            *args.extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.exit(proc.stderr)
    before, after, per_note, exit_code = proc.stdout.split()
    label = " ".join(args.extra) or "text"
    print(
        f"{args.count} notes x {per_note} findings, {label}{' (keep results)' if args.keep else ''}: "
        f"peak RSS {after} MB (after imports and the one real lint: {before} MB), exit {exit_code}"
    )


if __name__ == "__main__":
    main()
