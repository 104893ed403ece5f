"""The lint command: options checked, configuration resolved, then every file's result
(from the results cache when warm, else from the runner) handed to the formatter."""

from __future__ import annotations

import argparse
import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from notelint.cli.arguments import build_parser, command_line_overrides
from notelint.cli.output import LazyRules, Progress, Tally, report_fixes, use_color, write_statistics
from notelint.cli.settings import (
    apply_disabled_plugins,
    check_rule_selectors,
    formatter_class_for,
    information,
    show_settings,
)
from notelint.cli.status import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from notelint.diagnostic import Severity
from notelint.run_options import RunOptions

if TYPE_CHECKING:
    from notelint.baseline import Baseline
    from notelint.config import Config, ConfigResolver
    from notelint.formatters.base import Formatter
    from notelint.result import LintResult


def lint_command(
    argv: list[str],
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    cache_used: Callable[[str], None] | None = None,
) -> int:
    from notelint.config import ConfigError, ConfigResolver

    args = build_parser().parse_args(argv)
    apply_disabled_plugins(args)
    if args.list_rules or args.list_formats or args.explain:
        return information(args, stdout)

    overrides = command_line_overrides(args)
    try:
        if args.config is not None and not args.config.is_file():
            raise ConfigError(f"{args.config}: no such configuration file")
        resolver = ConfigResolver(overrides, args.config, args.isolated)
        base = resolver.for_path(None if args.isolated else str(Path.cwd() / "x"))
    except ConfigError as exc:
        raise UsageError(str(exc)) from None

    fmt = args.output_format or "text"
    formatter_class = formatter_class_for(fmt)
    paths = args.paths or ["."]
    if "-" in paths and paths != ["-"]:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    for path in paths:
        if path != "-" and not Path(path).exists():
            raise UsageError(f"{path}: no such file or directory")
    if args.show_settings:
        check_rule_selectors(overrides, base)
        show_settings(paths, resolver, stdout)
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
        from notelint.cli.watch_command import watch_command

        return watch_command(
            args, paths, overrides, base, options, baseline, formatter_class, report_file, stdout, stderr
        )

    reading_stdin_fix = options.stdin_text is not None and args.fix and not args.diff
    # With `--fix -`, the fixed note goes to stdout (as ruff does) and findings to stderr.
    report_out = report_file or (stderr if reading_stdin_fix else stdout)
    structured = formatter_class.name not in ("text", "full")
    buffer = io.StringIO() if args.statistics else report_out
    formatter = formatter_class(buffer, LazyRules())
    formatter.color = use_color(args.color, report_out)
    fail_on = Severity.parse(base.get("fail-on"))
    tally = Tally(fail_on)
    recorder = None
    if args.update_baseline:
        from notelint.baseline import BaselineRecorder

        recorder = BaselineRecorder()
    progress = Progress(stderr, not args.quiet and bool(getattr(stderr, "isatty", None) and stderr.isatty()))
    # A warm run needs nothing but the cache; fixing, stdin and baselines go the full way.
    # A plugin disabled on the command line is not in the cache key: go the full way then too.
    warm = not (
        options.stdin_text is not None or args.fix or args.diff or args.no_cache or args.disable_plugin
    )

    for result in _results(paths, resolver, options, warm, lambda: check_rule_selectors(overrides, base)):
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
        write_statistics(
            tally, report_out, formatter_class.name if formatter_class.name == "json" else "text"
        )
    else:
        formatter.finish()
    report_out.flush()

    for warning in options.warnings:
        stderr.write(f"notelint: warning: {warning}\n")
    # (With --force-exclude, e.g. from pre-commit, every named file may rightly be excluded.)
    if not progress.count and not args.quiet and options.stdin_text is None and not args.force_exclude:
        stderr.write(f"notelint: warning: no Markdown notes found in {', '.join(paths)}\n")
    report_fixes(args, options, structured, report_file, reading_stdin_fix, formatter.fixed, stdout, stderr)

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
