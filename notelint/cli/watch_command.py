"""``notelint --watch``: lint, then lint again the files that change (``notelint/watch.py``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from notelint.cli.output import LazyRules, use_color
from notelint.cli.settings import check_rule_selectors
from notelint.cli.status import UsageError

if TYPE_CHECKING:
    from notelint.baseline import Baseline
    from notelint.config import Config, ConfigResolver
    from notelint.formatters.base import Formatter
    from notelint.run_options import RunOptions


def watch_command(
    args: argparse.Namespace,
    paths: list[str],
    overrides: dict[str, Any],
    base: Config,
    options: RunOptions,
    baseline: Baseline | None,
    formatter_class: type[Formatter],
    report_file: TextIO | None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    if options.stdin_text is not None or args.fix or args.diff or args.update_baseline:
        raise UsageError("--watch cannot be combined with stdin, --fix, --diff or --update-baseline")
    check_rule_selectors(overrides, base)
    from notelint.watch import watch

    out = report_file or stdout
    color = use_color(args.color, out)

    def make_formatter(stream: TextIO) -> Formatter:
        formatter = formatter_class(stream, LazyRules())
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
