"""The plugin manager: built-in rules and formatters register through the same hooks as plugins."""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

import pluggy

from notelint import hookspecs

if TYPE_CHECKING:
    from notelint.formatters.base import Formatter
    from notelint.rule import Rule

ENTRY_POINT_GROUP = "notelint"

#: Built-in plugin modules, registered exactly like third-party ones (pytest's default_plugins).
BUILTIN_PLUGINS = (
    "notelint.rules",
    "notelint.formatters.plugin",
)


class PluginError(Exception):
    """A plugin could not be loaded, or contributed an invalid rule."""


@functools.lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("notelint")
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name)
    try:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    except Exception as exc:  # a broken third-party plugin: say which, never a traceback
        raise PluginError(f"failed to load a notelint plugin: {type(exc).__name__}: {exc}") from exc
    pm.check_pending()
    return pm


def _origin(pm: pluggy.PluginManager, plugin: object) -> str:
    for loaded, dist in pm.list_plugin_distinfo():
        if loaded is plugin:
            return dist.project_name
    return pm.get_name(plugin) or "notelint"


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule from every plugin, sorted by code; duplicate codes or names are an error."""
    import dataclasses

    from notelint.rule import CODE_PATTERN, NAME_PATTERN

    pm = plugin_manager()
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for impl in pm.hook.notelint_rules.get_hookimpls():
        origin = _origin(pm, impl.plugin)
        for rule in impl.function() or ():
            if not CODE_PATTERN.match(rule.code) or not NAME_PATTERN.match(rule.name):
                raise PluginError(f"plugin {origin!r}: invalid rule code or name {rule.code} [{rule.name}]")
            if rule.code in rules or rule.name in names:
                raise PluginError(f"plugin {origin!r}: rule {rule.code} [{rule.name}] is already defined")
            if origin != "notelint.rules":
                rule = dataclasses.replace(rule, origin=origin)
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return tuple(sorted(rules.values(), key=lambda r: r.code))


@functools.lru_cache(maxsize=1)
def all_formatters() -> dict[str, type[Formatter]]:
    out: dict[str, type[Formatter]] = {}
    for mapping in plugin_manager().hook.notelint_formatters():
        for name, cls in (mapping or {}).items():
            out.setdefault(name, cls)
    return out
