"""The command line: ``notelint [PATH …]`` with ruff's conventions.

Exit status: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage, configuration,
plugin or internal error (``--exit-zero`` turns 1 into 0, never 2).
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from notelint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: Subcommands; a folder with one of these names can be linted as ``./server``.
SUBCOMMANDS: dict[str, str] = {
    "server": "notelint.server",
    "clean": "notelint.cache_cli",
    "report": "notelint.report",
    "new": "notelint.template",
    "init": "notelint.init_config",
}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="notelint",
        description="Lint Markdown notes on machine-learning mathematics.",
        epilog="subcommands: `notelint server` runs the language server over stdio; "
        "`notelint clean` removes the cache. Exit status: 0 clean, 1 findings, 2 error.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to lint (folders are walked for *.md); - reads stdin",
    )
    p.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="rules to enable (codes, prefixes like NL1, or names), replacing the default set",
    )
    p.add_argument("--extend-select", action="append", metavar="RULES", help="rules to enable in addition")
    p.add_argument("--ignore", action="append", metavar="RULES", help="rules to disable")
    p.add_argument(
        "--output-format",
        default=None,
        metavar="FORMAT",
        help="output format (text, json, …; see --list-formats)",
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


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    from notelint.config import parse_selectors

    return {
        "select": parse_selectors(args.select),
        "extend-select": parse_selectors(args.extend_select),
        "ignore": parse_selectors(args.ignore),
        "fail-on": args.fail_on,
        # --no-cache also turns off the verdict cache of the NL5 rules.
        "math.cache": False if getattr(args, "no_cache", False) else None,
    }


def _list_rules(out: TextIO) -> None:
    from notelint.plugins import all_rules

    for rule in all_rules():
        flags = ("fix " if rule.fixable else "    ") + ("" if rule.default_enabled else "(off by default) ")
        out.write(f"{rule.code}  {rule.name:<32} {rule.severity.label:<8} {flags}{rule.summary}\n")


def _explain(selector: str, out: TextIO) -> int:
    from notelint.docs import explain
    from notelint.plugins import all_rules

    for rule in all_rules():
        if selector in (rule.code, rule.name) or selector.upper() == rule.code:
            out.write(explain(rule))
            return EXIT_OK
    raise UsageError(f"unknown rule {selector!r} (see --list-rules)")


#: Per-note statistics a rule may publish in ``LintResult.stats`` (the NL5 verification coverage).
VERIFICATION_STATS = "notelint.math"


def _statistics(results: list, out: TextIO, fmt: str) -> None:
    """Findings per rule, then (when NL5 rules ran) each note's verified/refuted/unknown counts."""
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    fixable: collections.Counter[str] = collections.Counter()
    for result in results:
        for d in result.diagnostics:
            counts[(d.code, d.name)] += 1
            fixable[d.code] += d.fixable
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    coverage = [(r.path, r.stats[VERIFICATION_STATS]) for r in results if VERIFICATION_STATS in r.stats]
    if fmt == "json":
        json.dump(
            {
                "rules": [{"code": c, "name": n, "count": k, "fixable": fixable[c]} for (c, n), k in rows],
                "verification": [{"path": path, **stats} for path, stats in coverage],
            },
            out,
            indent=2,
        )
        out.write("\n")
        return
    for (code, name), count in rows:
        mark = " [*]" if fixable[code] else ""
        out.write(f"{count:>6}\t{code}{mark}\t[{name}]\n")
    if coverage:
        totals = collections.Counter()
        out.write("\nRelations checked (verified / refuted / unknown):\n")
        for path, stats in coverage:
            totals.update(stats)
            out.write(
                f"{stats.get('verified', 0):>6} {stats.get('refuted', 0):>6} {stats.get('unknown', 0):>6}\t{path}\n"
            )
        out.write(f"{totals['verified']:>6} {totals['refuted']:>6} {totals['unknown']:>6}\ttotal\n")


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            import importlib

            module = importlib.import_module(SUBCOMMANDS[argv[0]])
            return int(module.main(argv[1:]))
        return _main(argv, stdin or sys.stdin, stdout, stderr)
    except UsageError as exc:
        stderr.write(f"notelint: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        stderr.write("notelint: interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:
        # `notelint … | head`: the reader left; exit quietly like other Unix tools.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS


def _main(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from notelint.config import ConfigError, ConfigResolver
    from notelint.diagnostic import Severity
    from notelint.plugins import PluginError, all_formatters, all_rules
    from notelint.runner import RunOptions, run
    from notelint.selection import SelectionError, check_selectors

    args = build_parser().parse_args(argv)
    try:
        from notelint.config import run_disabled_plugins
        from notelint.plugins import disable_plugins

        disable_plugins([*args.disable_plugin, *run_disabled_plugins(args.config, args.isolated, Path.cwd())])
        rules = all_rules()
        formatters = all_formatters()
    except (PluginError, ConfigError) as exc:
        raise UsageError(str(exc)) from None
    if args.list_rules:
        _list_rules(stdout)
        return EXIT_OK
    if args.list_formats:
        stdout.write("\n".join(sorted(formatters)) + "\n")
        return EXIT_OK
    if args.explain:
        return _explain(args.explain, stdout)

    overrides = _overrides(args)
    try:
        for key in ("select", "extend-select", "ignore"):
            check_selectors(overrides[key] or [], rules, f"--{key}")
        if args.config is not None and not args.config.is_file():
            raise ConfigError(f"{args.config}: no such configuration file")
        resolver = ConfigResolver(overrides, args.config, args.isolated)
        base = resolver.for_path(None if args.isolated else str(Path.cwd() / "x"))
        for key in ("select", "extend-select", "ignore"):
            check_selectors(base.get(key) or [], rules, f"{base.source or 'configuration'}: {key}")
    except (ConfigError, SelectionError) as exc:
        raise UsageError(str(exc)) from None

    fmt = args.output_format or "text"
    if fmt not in formatters:
        raise UsageError(f"unknown output format {fmt!r} (choose from {', '.join(sorted(formatters))})")
    paths = args.paths or ["."]
    options = RunOptions(
        fix=args.fix,
        diff=args.diff,
        stdin_filename=args.stdin_filename or "<stdin>",
        jobs=args.jobs,
        no_cache=args.no_cache,
    )
    if paths == ["-"]:
        options.stdin_text = stdin.read()
    elif "-" in paths:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    for path in paths:
        if path != "-" and not Path(path).exists():
            raise UsageError(f"{path}: no such file or directory")

    if args.update_baseline and args.baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE")
    baseline = None
    if args.baseline is not None and not args.update_baseline:
        from notelint.baseline import Baseline, BaselineError

        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
    if args.watch:
        if options.stdin_text is not None or args.fix or args.diff or args.update_baseline:
            raise UsageError("--watch cannot be combined with stdin, --fix, --diff or --update-baseline")
        from notelint.watch import watch

        return watch(
            paths,
            resolver,
            lambda out: formatters[fmt](out, {r.code: r for r in rules}),
            stdout,
            stderr,
            baseline=baseline,
        )

    reading_stdin_fix = options.stdin_text is not None and args.fix and not args.diff
    # With `--fix -`, the fixed note goes to stdout (as ruff does) and findings to stderr.
    report_out = stderr if reading_stdin_fix else stdout
    buffer = io.StringIO() if args.statistics else report_out
    formatter = formatters[fmt](buffer, {r.code: r for r in rules})
    results = []
    try:
        for result in run(paths, resolver, options):
            if baseline is not None:
                baseline.filter(result)
            results.append(result)
            if not args.update_baseline:
                formatter.handle(result)
    except ConfigError as exc:  # a nested config file found while walking
        raise UsageError(str(exc)) from None
    if args.update_baseline:
        from notelint.baseline import Baseline

        count = Baseline.write(args.baseline, results)
        stderr.write(f"notelint: recorded {count} finding{'s' if count != 1 else ''} in {args.baseline}\n")
        return EXIT_ERROR if any(r.internal_error for r in results) else EXIT_OK
    if args.statistics:
        _statistics(results, report_out, fmt)
    else:
        formatter.finish()

    for warning in options.warnings:
        stderr.write(f"notelint: warning: {warning}\n")
    for outcome in options.outcomes:
        if outcome.error:
            stderr.write(f"notelint: error: {outcome.error}\n")
        if args.diff and outcome.changed:
            stdout.write(outcome.diff())
    if reading_stdin_fix and options.outcomes:
        stdout.write(options.outcomes[0].fixed)

    if any(r.internal_error for r in results) or any(o.error for o in options.outcomes):
        return EXIT_ERROR
    fail_on = Severity.parse(base.get("fail-on"))
    failing = any(d.severity >= fail_on for r in results for d in r.diagnostics)
    if args.diff and any(o.changed for o in options.outcomes):
        failing = True
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK
