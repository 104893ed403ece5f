"""Selection and settings: disabled plugins, rule selectors, the output format, and the
options that print information and exit (``--list-rules``, ``--explain``, ``--show-settings``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from notelint.cli.status import EXIT_OK, UsageError

if TYPE_CHECKING:
    from notelint.config import Config, ConfigResolver
    from notelint.formatters.base import Formatter


def apply_disabled_plugins(args: argparse.Namespace) -> None:
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


def check_rule_selectors(overrides: dict[str, Any], base: Config) -> None:
    """Unknown rule names on the command line or in the configuration are usage errors."""
    from notelint.plugins import PluginError, rule_catalog
    from notelint.selection import SelectionError, check_selectors

    try:
        rules = rule_catalog()
        for key in ("select", "extend-select", "ignore"):
            check_selectors(overrides[key] or [], rules, f"--{key}")
        for key in ("select", "extend-select", "ignore"):
            check_selectors(base.get(key) or [], rules, f"{base.source or 'configuration'}: {key}")
    except (PluginError, SelectionError) as exc:
        raise UsageError(str(exc)) from None


def formatter_class_for(fmt: str) -> type[Formatter]:
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


def information(args: argparse.Namespace, stdout: TextIO) -> int:
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


def show_settings(paths: list[str], resolver: ConfigResolver, out: TextIO) -> None:
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
    import json

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
