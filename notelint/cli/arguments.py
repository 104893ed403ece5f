"""The command line's options: the parser, and the configuration overrides they make."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from notelint import __version__
from notelint.cli.status import UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized without ``shutil`` (which argparse imports for every parser
    built, pulling in bz2 and lzma: a few per cent of a cold run); same width rule as
    ``shutil.get_terminal_size``."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24) -> None:
        import os

        try:
            columns = int(os.environ.get("COLUMNS", "0"))
        except ValueError:
            columns = 0
        if columns <= 0:
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                columns = 0
        super().__init__(prog, indent_increment, max_help_position, width=(columns or 80) - 2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="notelint",
        formatter_class=_HelpFormatter,
        description="Lint Markdown notes on machine-learning mathematics.",
        epilog="subcommands: `notelint server` runs the language server over stdio; "
        "`notelint clean` removes the cache; `notelint report PATH… -o DIR` writes an HTML audit "
        "report; `notelint new TITLE` writes a note skeleton; `notelint init` writes a commented "
        "configuration. Exit status: 0 clean, 1 findings, 2 error.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to lint (folders are walked for *.md and *.markdown); - reads stdin",
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="rules to enable (codes, prefixes like NL1, or names), replacing the default set",
    )
    p.add_argument("--extend-select", action="append", metavar="RULES", help="rules to enable in addition")
    p.add_argument(
        "--profile",
        choices=_profile_names(),
        help='starting selection when no --select is given: "standard" (default rules) or '
        '"existing-notes" (notes not written to the standard: LaTeX, language, mathematics)',
    )
    p.add_argument("--ignore", action="append", metavar="RULES", help="rules to disable")
    p.add_argument(
        "--output-format",
        default=None,
        metavar="FORMAT",
        help="output format (text, full, json, …; see --list-formats)",
    )
    p.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings per rule instead of each finding",
    )
    p.add_argument("--explain", metavar="RULE", help="print the documentation of a rule and exit")
    p.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    p.add_argument("--list-formats", action="store_true", help="list output formats and exit")
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="lowest severity that fails the run (default: warning)",
    )
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings (errors still exit 2)"
    )
    p.add_argument("--fix", action="store_true", help="apply the available fixes in place")
    p.add_argument("--diff", action="store_true", help="print the fixes as a diff instead of writing them")
    p.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of the note read from stdin (for config and messages)",
    )
    p.add_argument(
        "--config", metavar="FILE", type=Path, help="use this configuration file instead of searching for one"
    )
    p.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    p.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="do not load this plugin (entry-point or distribution name); repeatable",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="worker processes (default: the jobs setting, else one per core)",
    )
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the results cache")
    p.add_argument(
        "--baseline",
        metavar="FILE",
        type=Path,
        help="report only findings not recorded in this baseline file",
    )
    p.add_argument(
        "--update-baseline",
        action="store_true",
        help="with --baseline: record the current findings in FILE and exit 0",
    )
    p.add_argument(
        "--watch", action="store_true", help="lint, then re-lint files as they change (Ctrl-C stops)"
    )
    p.add_argument(
        "--force-exclude",
        action="store_true",
        help="skip files named on the command line that exclude or .gitignore would skip in a folder "
        "walk (for pre-commit, which names every staged file)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings only: no summary, progress or notes"
    )
    p.add_argument("-o", "--output-file", metavar="FILE", type=Path, help="write the report to FILE")
    p.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text output (auto: when writing to a terminal and NO_COLOR is unset)",
    )
    p.add_argument("--show-files", action="store_true", help="print the files that would be linted and exit")
    p.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings that apply to the first file (or the current folder) and exit",
    )
    p.add_argument("--version", action="version", version=f"notelint {__version__}")
    return p


def _jobs(value: str) -> int:
    try:
        jobs = 0 if value == "auto" else int(value)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected a number of processes or 'auto', got {value!r}")
    return jobs


def _profile_names() -> list[str]:
    from notelint import data

    return sorted(data.load("profiles")["profile"])


def command_line_overrides(args: argparse.Namespace) -> dict[str, Any]:
    from notelint.config import parse_selectors

    return {
        "select": parse_selectors(args.select),
        "extend-select": parse_selectors(args.extend_select),
        "ignore": parse_selectors(args.ignore),
        "fail-on": args.fail_on,
        "profile": args.profile,
        # --no-cache also turns off the verdict cache of the NL5 rules.
        "math.cache": False if getattr(args, "no_cache", False) else None,
    }
