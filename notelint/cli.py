"""The command line: ``notelint [PATH …]`` with ruff's conventions.

Exit status: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage, configuration,
plugin or internal error (``--exit-zero`` turns 1 into 0, never 2).
"""

from __future__ import annotations

import argparse
import collections
import collections.abc
import io
import itertools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from notelint import __version__
from notelint.diagnostic import Severity
from notelint.run_options import RunOptions

if TYPE_CHECKING:
    from notelint.baseline import Baseline
    from notelint.config import Config, ConfigResolver
    from notelint.formatters.base import Formatter
    from notelint.result import LintResult
    from notelint.rule import Rule

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


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
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
#: Per-note derivation-step verdicts published by NL506 (follows / fails / unknown).
STEP_STATS = "notelint.steps"


class _Tally:
    """What the run needs once the results are gone: exit status, statistics, coverage."""

    def __init__(self, fail_on: Severity) -> None:
        self.fail_on = fail_on
        self.internal_error = False
        self.failing = False
        self.counts: collections.Counter[tuple[str, str]] = collections.Counter()
        self.fixable: collections.Counter[str] = collections.Counter()
        self.coverage: list[tuple[str, dict[str, int]]] = []
        self.steps: list[tuple[str, dict[str, int]]] = []

    def add(self, result: LintResult) -> None:
        self.internal_error |= result.internal_error
        for d in result.diagnostics:
            self.failing |= d.severity >= self.fail_on
            self.counts[(d.code, d.name)] += 1
            self.fixable[d.code] += d.fixable
        if VERIFICATION_STATS in result.stats:
            self.coverage.append((result.path, result.stats[VERIFICATION_STATS]))
        if STEP_STATS in result.stats:
            self.steps.append((result.path, result.stats[STEP_STATS]))


def _statistics(tally: _Tally, out: TextIO, fmt: str) -> None:
    """Findings per rule, then (when NL5 rules ran) each note's verified/refuted/unknown counts."""
    fixable = tally.fixable
    rows = sorted(tally.counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    coverage = tally.coverage
    if fmt == "json":
        payload: dict[str, object] = {
            "rules": [{"code": c, "name": n, "count": k, "fixable": fixable[c]} for (c, n), k in rows],
            "verification": [{"path": path, **stats} for path, stats in coverage],
        }
        if tally.steps:
            payload["steps"] = [{"path": path, **stats} for path, stats in tally.steps]
        json.dump(payload, out, indent=2)
        out.write("\n")
        return
    for (code, name), count in rows:
        mark = " [*]" if fixable[code] else ""
        out.write(f"{count:>6}\t{code}{mark}\t[{name}]\n")
    if coverage:
        totals: collections.Counter[str] = collections.Counter()
        out.write("\nRelations checked (verified / refuted / unknown):\n")
        for path, stats in coverage:
            totals.update(stats)
            out.write(
                f"{stats.get('verified', 0):>6} {stats.get('refuted', 0):>6} {stats.get('unknown', 0):>6}\t{path}\n"
            )
        out.write(f"{totals['verified']:>6} {totals['refuted']:>6} {totals['unknown']:>6}\ttotal\n")
    if tally.steps:
        step_totals: collections.Counter[str] = collections.Counter()
        out.write("\nDerivation steps (follow / do not follow / unknown):\n")
        for path, stats in tally.steps:
            step_totals.update(stats)
            out.write(
                f"{stats.get('follows', 0):>6} {stats.get('fails', 0):>6} {stats.get('unknown', 0):>6}\t{path}\n"
            )
        out.write(
            f"{step_totals['follows']:>6} {step_totals['fails']:>6} {step_totals['unknown']:>6}\ttotal\n"
        )


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    cache_used: Callable[[str], None] | None = None,
) -> int:
    """Run the command line. ``cache_used`` is told the results cache's folder when a lint ran to
    its end with the cache on and nothing went wrong (the warm start records the run there)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            import importlib

            module = importlib.import_module(SUBCOMMANDS[argv[0]])
            return int(module.main(argv[1:]))
        return _main(argv, stdin or sys.stdin, stdout, stderr, cache_used)
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


def _disable_plugins(args: argparse.Namespace) -> None:
    """--disable-plugin and the run's ``disable-plugins``, applied before any plugin is loaded."""
    from notelint.config import ConfigError, run_disabled_plugins

    try:
        names = [*args.disable_plugin, *run_disabled_plugins(args.config, args.isolated, Path.cwd())]
        if names:
            from notelint.plugins import PluginError, disable_plugins

            try:
                disable_plugins(names)
            except PluginError as exc:
                raise UsageError(str(exc)) from None
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _check_selectors(overrides: dict[str, Any], base: Config) -> None:
    """Unknown rule names on the command line or in the configuration are usage errors."""
    from notelint.plugins import PluginError, all_rules
    from notelint.selection import SelectionError, check_selectors

    try:
        rules = all_rules()
        for key in ("select", "extend-select", "ignore"):
            check_selectors(overrides[key] or [], rules, f"--{key}")
        for key in ("select", "extend-select", "ignore"):
            check_selectors(base.get(key) or [], rules, f"{base.source or 'configuration'}: {key}")
    except (PluginError, SelectionError) as exc:
        raise UsageError(str(exc)) from None


def _formatter_class(fmt: str) -> type[Formatter]:
    """A built-in format without loading any plugin (the warm path); others from the plugins."""
    from notelint.formatters import BUILTIN, builtin

    if fmt in BUILTIN:
        return builtin(fmt)
    from notelint.plugins import PluginError, all_formatters

    try:
        formatters = all_formatters()
    except PluginError as exc:
        raise UsageError(str(exc)) from None
    if fmt not in formatters:
        raise UsageError(f"unknown output format {fmt!r} (choose from {', '.join(sorted(formatters))})")
    return formatters[fmt]


class _LazyRules(collections.abc.Mapping[str, "Rule"]):
    """Rule code -> Rule, loaded on first use: a warm run whose format never asks loads none."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] | None = None

    def _load(self) -> dict[str, Rule]:
        if self._rules is None:
            from notelint.plugins import all_rules

            self._rules = {r.code: r for r in all_rules()}
        return self._rules

    def __getitem__(self, code: str) -> Rule:
        return self._load()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def _use_color(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    import os

    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(out, "isatty", None) and out.isatty())


class _Progress:
    """``notelint: 120 files…`` on stderr, redrawn at most ten times a second (terminals only)."""

    def __init__(self, err: TextIO, enabled: bool) -> None:
        self.err = err
        self.enabled = enabled
        self.count = 0
        self.last = 0.0
        self.shown = False

    def tick(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        import time

        now = time.monotonic()
        if now - self.last >= 0.1:
            self.last = now
            self.err.write(f"\r\033[Knotelint: {self.count} file{'s' if self.count != 1 else ''} linted…")
            self.err.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.err.write("\r\033[K")
            self.err.flush()
            self.shown = False


def _show_settings(paths: list[str], resolver: ConfigResolver, out: TextIO) -> None:
    from notelint.config import OPTIONS
    from notelint.discover import files_for

    first = next(iter(files_for(paths, resolver)), None) if paths != ["-"] else None
    config = resolver.for_path(first if first is not None else (None if resolver.isolated else "./x"))
    out.write(f"Settings for: {first or 'the current folder'}\n")
    out.write(f"Configuration file: {config.source or '(none: defaults)'}\n")
    out.write(f"Relative paths from: {config.root}\n")
    if first is not None:
        dialect = _dialect_of(first, config)
        if dialect is not None:
            out.write(f"Markdown dialect: {dialect}\n")
    out.write("\n")
    for key in sorted(OPTIONS):
        value = config.get(key)
        origin = "" if key in config.values else "  (default)"
        out.write(f"{key} = {json.dumps(value, ensure_ascii=False, default=str)}{origin}\n")


def _dialect_of(path: str, config: Config) -> str | None:
    """The Markdown dialect ``path`` is read in, and why (``parse/dialect.py``)."""
    from notelint.parse.dialect import dialect_for
    from notelint.source import Source

    try:
        with open(path, encoding="utf-8") as fh:
            text = Source(fh.read()).text
    except (OSError, UnicodeDecodeError):
        return None
    choice = dialect_for(text, path, config)
    return f"{choice.dialect.name} ({choice.reason})"


def _main(
    argv: list[str],
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    cache_used: Callable[[str], None] | None = None,
) -> int:
    from notelint.config import ConfigError, ConfigResolver

    args = build_parser().parse_args(argv)
    _disable_plugins(args)
    if args.list_rules or args.list_formats or args.explain:
        return _information(args, stdout)

    overrides = _overrides(args)
    try:
        if args.config is not None and not args.config.is_file():
            raise ConfigError(f"{args.config}: no such configuration file")
        resolver = ConfigResolver(overrides, args.config, args.isolated)
        base = resolver.for_path(None if args.isolated else str(Path.cwd() / "x"))
    except ConfigError as exc:
        raise UsageError(str(exc)) from None

    fmt = args.output_format or "text"
    formatter_class = _formatter_class(fmt)
    paths = args.paths or ["."]
    if "-" in paths and paths != ["-"]:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    for path in paths:
        if path != "-" and not Path(path).exists():
            raise UsageError(f"{path}: no such file or directory")
    if args.show_settings:
        _check_selectors(overrides, base)
        _show_settings(paths, resolver, stdout)
        return EXIT_OK
    if args.show_files:
        from notelint.discover import files_for

        if paths != ["-"]:
            for path in files_for(paths, resolver, args.force_exclude):
                stdout.write(path + "\n")
        return EXIT_OK

    options = RunOptions(
        fix=args.fix,
        diff=args.diff,
        stdin_filename=args.stdin_filename or "<stdin>",
        jobs=args.jobs,
        no_cache=args.no_cache,
        force_exclude=args.force_exclude,
    )
    if paths == ["-"]:
        if args.force_exclude and args.stdin_filename:
            from notelint.discover import excluded_file

            if excluded_file(args.stdin_filename, resolver.for_path(args.stdin_filename)):
                if args.fix and not args.diff:
                    stdout.write(stdin.read())  # pass the note through unchanged
                return EXIT_OK
        options.stdin_text = stdin.read()

    if args.update_baseline and args.baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE")
    baseline = None
    if args.baseline is not None and not args.update_baseline:
        from notelint.baseline import Baseline, BaselineError

        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None

    report_file = None
    if args.output_file is not None:
        try:
            report_file = open(args.output_file, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise UsageError(f"{args.output_file}: cannot write: {exc.strerror or exc}") from None
    try:
        return _lint(
            args,
            paths,
            resolver,
            base,
            overrides,
            options,
            baseline,
            formatter_class,
            report_file,
            stdout,
            stderr,
            cache_used,
        )
    except ConfigError as exc:  # a nested config file found while walking
        raise UsageError(str(exc)) from None
    finally:
        if report_file is not None:
            report_file.close()


def _information(args: argparse.Namespace, stdout: TextIO) -> int:
    from notelint.plugins import PluginError, all_formatters, all_rules

    try:
        all_rules()
        formatters = all_formatters()
    except PluginError as exc:
        raise UsageError(str(exc)) from None
    if args.list_rules:
        _list_rules(stdout)
    elif args.list_formats:
        stdout.write("\n".join(sorted(formatters)) + "\n")
    else:
        return _explain(args.explain, stdout)
    return EXIT_OK


def _results(
    paths: list[str],
    resolver: ConfigResolver,
    options: RunOptions,
    warm: bool,
    before_linting: Callable[[], None],
) -> Iterator[LintResult]:
    """Each file's result in order. A warm run answers from the cache without loading any plugin
    or rule; the first file the cache cannot answer hands it and the rest to the runner."""
    from notelint.discover import files_for

    files: Iterator[str] | None = None
    if warm:
        from notelint.cache import cache_for

        files = iter(files_for(paths, resolver, options.force_exclude))
        root = resolver.for_path(None if resolver.isolated else "./x")
        cache = cache_for(root, options.no_cache)
        if cache is None:
            warm = False
        else:
            served = False
            for path in files:
                hit, _ = cache.lookup(path, resolver.for_path(path))
                if hit is None:
                    files = itertools.chain([path], files)
                    break
                served = True
                yield hit
            else:
                if not served:
                    before_linting()  # no note at all: the selection is still checked
                return
    before_linting()
    from notelint.runner import run

    yield from run(paths, resolver, options, files=files)


def _lint(
    args: argparse.Namespace,
    paths: list[str],
    resolver: ConfigResolver,
    base: Config,
    overrides: dict[str, Any],
    options: RunOptions,
    baseline: Baseline | None,
    formatter_class: type[Formatter],
    report_file: TextIO | None,
    stdout: TextIO,
    stderr: TextIO,
    cache_used: Callable[[str], None] | None = None,
) -> int:
    if args.watch:
        if options.stdin_text is not None or args.fix or args.diff or args.update_baseline:
            raise UsageError("--watch cannot be combined with stdin, --fix, --diff or --update-baseline")
        _check_selectors(overrides, base)
        from notelint.watch import watch

        out = report_file or stdout
        color = _use_color(args.color, out)

        def make_formatter(stream: TextIO) -> Formatter:
            formatter = formatter_class(stream, _LazyRules())
            formatter.color = color
            formatter.quiet = args.quiet
            return formatter

        def make_resolver() -> ConfigResolver:
            from notelint.config import ConfigResolver

            return ConfigResolver(overrides, args.config, args.isolated)

        return watch(
            paths,
            make_resolver,
            make_formatter,
            out,
            stderr,
            baseline=baseline,
            force_exclude=args.force_exclude,
            config_file=args.config,
        )

    reading_stdin_fix = options.stdin_text is not None and args.fix and not args.diff
    # With `--fix -`, the fixed note goes to stdout (as ruff does) and findings to stderr.
    report_out = report_file or (stderr if reading_stdin_fix else stdout)
    structured = formatter_class.name not in ("text", "full")
    buffer = io.StringIO() if args.statistics else report_out
    formatter = formatter_class(buffer, _LazyRules())
    formatter.color = _use_color(args.color, report_out)
    fail_on = Severity.parse(base.get("fail-on"))
    tally = _Tally(fail_on)
    recorder = None
    if args.update_baseline:
        from notelint.baseline import BaselineRecorder

        recorder = BaselineRecorder()
    progress = _Progress(stderr, not args.quiet and bool(getattr(stderr, "isatty", None) and stderr.isatty()))
    # A warm run needs nothing but the cache; fixing, stdin and baselines go the full way.
    # A plugin disabled on the command line is not in the cache key: go the full way then too.
    warm = not (
        options.stdin_text is not None or args.fix or args.diff or args.no_cache or args.disable_plugin
    )

    for result in _results(paths, resolver, options, warm, lambda: _check_selectors(overrides, base)):
        progress.tick()
        if baseline is not None:
            baseline.filter(result)
        tally.add(result)
        if recorder is not None:
            recorder.add(result)
        elif args.statistics:
            formatter.files += 1  # the statistics replace the report: nothing to format
        else:
            if result.diagnostics:
                progress.clear()
            formatter.handle(result)
        result.text = None  # nothing keeps the note's text once it is reported
        result.note = None
    progress.clear()
    if recorder is not None:
        count = recorder.save(args.baseline)
        stderr.write(f"notelint: recorded {count} finding{'s' if count != 1 else ''} in {args.baseline}\n")
        return EXIT_ERROR if tally.internal_error else EXIT_OK

    fixed = [o for o in options.outcomes if o.changed and not o.error]
    formatter.fixed = sum(o.fixed_count for o in fixed) if args.fix and not args.diff else 0
    formatter.fixed_files = len(fixed) if formatter.fixed else 0
    formatter.quiet = args.quiet
    if args.statistics:
        _statistics(tally, report_out, formatter_class.name if formatter_class.name == "json" else "text")
    else:
        formatter.finish()
    report_out.flush()

    for warning in options.warnings:
        stderr.write(f"notelint: warning: {warning}\n")
    # (With --force-exclude, e.g. from pre-commit, every named file may rightly be excluded.)
    if not progress.count and not args.quiet and options.stdin_text is None and not args.force_exclude:
        stderr.write(f"notelint: warning: no Markdown notes found in {', '.join(paths)}\n")
    for outcome in options.outcomes:
        if outcome.error:
            stderr.write(f"notelint: error: {outcome.error}\n")
        if args.diff and outcome.changed:
            # A structured report owns stdout (it must stay valid JSON, SARIF, …): the diff goes to stderr.
            (stderr if structured and report_file is None else stdout).write(outcome.diff())
    if args.diff and not args.quiet:
        would = sum(o.fixed_count for o in options.outcomes if o.changed)
        if would:
            stderr.write(
                f"notelint: would fix {would} finding{'s' if would != 1 else ''} "
                f"in {sum(o.changed for o in options.outcomes)} file(s); run with --fix to apply\n"
            )
    if args.fix and not args.diff and structured and formatter.fixed and not args.quiet:
        stderr.write(f"notelint: fixed {formatter.fixed} finding{'s' if formatter.fixed != 1 else ''}\n")
    if reading_stdin_fix and options.outcomes:
        stdout.write(options.outcomes[0].fixed)

    if tally.internal_error or any(o.error for o in options.outcomes):
        return EXIT_ERROR
    if cache_used is not None and not options.warnings:
        from notelint.cache import cache_for

        cache = cache_for(resolver.for_path(None if resolver.isolated else "./x"), options.no_cache)
        if cache is not None:
            cache_used(str(cache.directory))
    failing = tally.failing
    if args.diff and any(o.changed for o in options.outcomes):
        failing = True
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK
