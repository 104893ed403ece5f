"""The plugin manager: built-in rules and formatters register through the same hooks as plugins.

Third-party plugins are modules named by entry points in the ``notelint`` group. Each is
loaded under its entry-point name; a plugin that fails to import, implements a hook wrongly,
raises from a hook or returns an invalid rule stops the run with a message naming it (and how
to disable it), never a traceback. Plugins can be disabled by entry-point or distribution name
(``--disable-plugin``, ``disable-plugins = […]``, or ``NOTELINT_DISABLE_PLUGINS=a,b``): a
disabled plugin is not even imported.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    import pluggy

    from notelint.formatters.base import Formatter
    from notelint.rule import Rule
    from notelint.rules.catalog import CatalogEntry

ENTRY_POINT_GROUP = "notelint"
#: Comma-separated plugin names to skip; also how worker processes learn what was disabled.
DISABLE_ENV = "NOTELINT_DISABLE_PLUGINS"

#: Built-in plugins by the name they register under → their hook module, registered exactly
#: like third-party ones (pytest's default_plugins).
BUILTIN_PLUGINS = {
    "notelint.rules": "notelint.rules.plugin",
    "notelint.formatters.plugin": "notelint.formatters.plugin",
}


class PluginError(Exception):
    """A plugin could not be loaded, or contributed an invalid rule."""


@dataclasses.dataclass(frozen=True)
class PluginInfo:
    """A third-party plugin: its entry-point name and the distribution that installs it."""

    name: str
    value: str
    distribution: str | None
    version: str | None

    @property
    def label(self) -> str:
        dist = f" from {self.distribution} {self.version}" if self.distribution else ""
        return f"{self.name!r} ({self.value}{dist})"


def _entry_points() -> Iterable[EntryPoint]:
    """The ``notelint`` entry points; ``importlib.metadata`` is imported only when some
    distribution may declare one (``fingerprint.entry_points_may_exist``)."""
    from notelint.fingerprint import entry_points_may_exist

    if not entry_points_may_exist(ENTRY_POINT_GROUP):
        return ()
    from importlib import metadata

    return metadata.entry_points(group=ENTRY_POINT_GROUP)


def installed_plugins() -> list[PluginInfo]:
    """Every entry point in the ``notelint`` group, whether disabled or not."""
    out: list[PluginInfo] = []
    for ep in _entry_points():
        dist = ep.dist
        out.append(PluginInfo(ep.name, ep.value, dist.name if dist else None, dist.version if dist else None))
    return sorted(out, key=lambda p: p.name)


def disabled_plugins() -> frozenset[str]:
    return frozenset(n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip())


def disable_plugins(names: Iterable[str]) -> None:
    """Skip these plugins (entry-point or distribution names) in this process and its workers.

    Call before the first rule is looked up; the plugin caches are cleared so a later lookup
    loads the remaining ones. An unknown name is an error (a typo must not go unnoticed).
    """
    wanted = {n.strip() for n in names if n.strip()}
    if not wanted:
        return
    plugins = installed_plugins()
    known = {p.name for p in plugins} | {p.distribution for p in plugins if p.distribution}
    unknown = sorted(wanted - known)
    if unknown:
        names_ = ", ".join(sorted(p.name for p in plugins)) or "none"
        raise PluginError(
            f"cannot disable {', '.join(map(repr, unknown))}: no installed notelint plugin by that name "
            f"(installed: {names_})"
        )
    os.environ[DISABLE_ENV] = ",".join(sorted(wanted | disabled_plugins()))
    plugin_manager.cache_clear()
    _LOADED.clear()
    all_rules.cache_clear()
    rule_catalog.cache_clear()
    all_formatters.cache_clear()


#: Registered plugin name → the distribution (or module) reported as a rule's origin.
_ORIGINS: dict[str, str] = {}
_LOADED: dict[str, PluginInfo] = {}


@functools.lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    # pluggy is imported here: a run without third-party plugins selects and loads the built-in
    # rules from their catalog and never needs a plugin manager.
    import pluggy

    from notelint import hookspecs

    pm = pluggy.PluginManager("notelint")
    pm.add_hookspecs(hookspecs)
    for name, module in BUILTIN_PLUGINS.items():
        pm.register(importlib.import_module(module), name)
    disabled = disabled_plugins()
    for ep in _entry_points():
        dist = ep.dist
        info = PluginInfo(ep.name, ep.value, dist.name if dist else None, dist.version if dist else None)
        if ep.name in disabled or (info.distribution and info.distribution in disabled):
            pm.set_blocked(ep.name)
            continue
        if pm.is_registered(ep.name) or pm.get_plugin(ep.name) is not None:
            continue
        hint = f"; disable it with --disable-plugin {ep.name}"
        try:
            module = ep.load()
        except Exception as exc:  # a broken third-party plugin: say which, never a traceback
            raise PluginError(
                f"failed to load a notelint plugin {info.label}: {type(exc).__name__}: {exc}{hint}"
            ) from exc
        try:
            pm.register(module, name=ep.name)
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"notelint plugin {info.label} implements a hook wrongly: {exc}{hint}") from exc
        _ORIGINS[ep.name] = info.distribution or ep.name
        _LOADED[ep.name] = info
    return pm


def any_plugin_installed() -> bool:
    """Whether some distribution may declare a ``notelint`` entry point (disabled or not).
    Without one, hooks only the built-ins implement need no plugin manager (nor pluggy)."""
    return bool(_entry_points())


def loaded_plugins() -> list[PluginInfo]:
    """The third-party plugins this process loaded (disabled ones are not)."""
    plugin_manager()
    return sorted(_LOADED.values(), key=lambda p: p.name)


def _origin(pm: pluggy.PluginManager, plugin: object) -> str:
    name = pm.get_name(plugin) or "notelint"
    return _ORIGINS.get(name, name)


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule from every plugin, sorted by code; duplicate codes or names are an error."""
    from notelint.rule import CODE_PATTERN, NAME_PATTERN, TAG_PATTERN, Rule

    pm = plugin_manager()
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for impl in pm.hook.notelint_rules.get_hookimpls():
        origin = _origin(pm, impl.plugin)
        try:
            returned: Any = impl.function()
            contributed = list(returned or ())
        except Exception as exc:
            raise PluginError(
                f"plugin {origin!r}: notelint_rules() raised {type(exc).__name__}: {exc}"
            ) from exc
        for rule in contributed:
            if not isinstance(rule, Rule):
                raise PluginError(
                    f"plugin {origin!r}: notelint_rules() returned {rule!r}, not a rule made with @notelint.rule"
                )
            if not CODE_PATTERN.match(rule.code) or not NAME_PATTERN.match(rule.name):
                raise PluginError(f"plugin {origin!r}: invalid rule code or name {rule.code} [{rule.name}]")
            bad_tags = [t for t in rule.tags if not TAG_PATTERN.match(t)]
            if bad_tags:
                raise PluginError(f"plugin {origin!r}: rule {rule.code} has invalid tags {bad_tags}")
            if rule.code in rules or rule.name in names:
                raise PluginError(f"plugin {origin!r}: rule {rule.code} [{rule.name}] is already defined")
            if origin != "notelint.rules":
                rule = dataclasses.replace(rule, origin=origin)
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return tuple(sorted(rules.values(), key=lambda r: r.code))


@functools.lru_cache(maxsize=1)
def rule_catalog() -> tuple[Rule | CatalogEntry, ...]:
    """Every rule as selection sees it (code, name, tags, on by default), sorted by code.

    Without third-party plugins these are the built-in catalog's entries and no rule module is
    imported (``load_rules`` imports the chosen ones); a plugin may contribute rules or clash
    with a built-in code, so with any plugin installed this is ``all_rules()`` itself.
    """
    if not _entry_points():
        from notelint.rules.catalog import entries

        return entries()
    return all_rules()


def load_rules(chosen: Iterable[Rule | CatalogEntry]) -> list[Rule]:
    """The rules of ``rule_catalog()`` entries, importing only their modules."""
    from notelint.rule import Rule
    from notelint.rules.catalog import builtin_rule

    return [r if isinstance(r, Rule) else builtin_rule(r.code) for r in chosen]


@functools.lru_cache(maxsize=1)
def all_formatters() -> dict[str, type[Formatter]]:
    pm = plugin_manager()
    out: dict[str, type[Formatter]] = {}
    for impl in reversed(pm.hook.notelint_formatters.get_hookimpls()):  # as a hook call: plugins first
        try:
            returned: Any = impl.function()
            mapping = returned or {}
        except Exception as exc:
            origin = _origin(pm, impl.plugin)
            raise PluginError(
                f"plugin {origin!r}: notelint_formatters() raised {type(exc).__name__}: {exc}"
            ) from exc
        for name, cls in mapping.items():
            out.setdefault(name, cls)
    return out
