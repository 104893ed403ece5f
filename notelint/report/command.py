"""``notelint report PATH… --output DIR``: the HTML audit report."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from notelint.subcommand import EXIT_ERROR, EXIT_OK, ArgumentError, Parser


def build_parser() -> Parser:
    p = Parser(
        prog="notelint report",
        description="Write an HTML audit report: DIR/index.html and one page per note, with the "
        "math rendered, each relation's verdict, shapes on hover, the glossary and the findings.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="notes or folders (walked for *.md)")
    p.add_argument(
        "-o", "--output", type=Path, default=Path("notelint-report"), metavar="DIR", help="folder to write"
    )
    p.add_argument("--config", metavar="FILE", type=Path, help="use this configuration file")
    p.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    p.add_argument("--no-cache", action="store_true", help="do not reuse or store verification verdicts")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    return p


def main(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        return _main(list(argv), stdout, stderr)
    except ArgumentError as exc:
        stderr.write(f"notelint report: error: {exc}\n")
        return EXIT_ERROR


def _main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from notelint.config import ConfigError, ConfigResolver
    from notelint.report.build import write_report

    if argv in (["-h"], ["--help"]):
        build_parser().print_help(stdout)
        return EXIT_OK
    args = build_parser().parse_args(argv)
    for path in args.paths:
        if path == "-":
            raise ArgumentError("the report reads notes from files, not stdin ('-')")
        if not Path(path).exists():
            raise ArgumentError(f"{path}: no such file or directory")
    if args.output.exists() and not args.output.is_dir():
        raise ArgumentError(f"{args.output}: exists and is not a folder")
    try:
        if args.config is not None and not args.config.is_file():
            raise ConfigError(f"{args.config}: no such configuration file")
        overrides = {"math.cache": False} if args.no_cache else {}
        resolver = ConfigResolver(overrides, args.config, args.isolated)
    except ConfigError as exc:
        raise ArgumentError(str(exc)) from None

    def progress(path: str) -> None:
        if not args.quiet and stderr.isatty():
            stderr.write(f"\r\033[Kreport: {path}")

    try:
        reports = write_report(args.paths, resolver, args.output, progress)
    except ConfigError as exc:
        raise ArgumentError(str(exc)) from None
    except OSError as exc:
        raise ArgumentError(f"cannot write the report to {args.output}: {exc.strerror or exc}") from None
    if not args.quiet:
        if stderr.isatty():
            stderr.write("\r\033[K")
        n = len(reports)
        stdout.write(f"Wrote {args.output / 'index.html'} ({n} note{'s' if n != 1 else ''}).\n")
    return EXIT_OK
