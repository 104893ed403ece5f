"""Configuration: defaults ⟵ ``[tool.notelint]`` in pyproject.toml or notelint.toml ⟵ command line.

Every key is declared once in ``OPTIONS`` with its type, default and help, so unknown keys
and bad values are reported with the file and key instead of surfacing as tracebacks.
Nested TOML tables map to dotted keys: ``[tool.notelint.words] vague-remove = [...]`` is the
key ``words.vague-remove``.
"""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notelint.diagnostic import Severity

if TYPE_CHECKING:
    from notelint.parse.sections import SectionTemplate
    from notelint.rule import Rule

CONFIG_FILES = ("notelint.toml", ".notelint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file or option is invalid; the message names the file and key."""


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError("expected a list of strings")


def _str_map(value: Any) -> dict[str, str]:
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise ValueError("expected a table of strings")


def _list_map(value: Any) -> dict[str, list[str]]:
    if isinstance(value, dict):
        return {k: _str_list(v) for k, v in value.items()}
    raise ValueError("expected a table of string lists")


def _severity_map(value: Any) -> dict[str, str]:
    out = _str_map(value)
    for level in out.values():
        Severity.parse(level)
    return out


def _severity(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    Severity.parse(value)
    return value.lower()


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError("expected a non-negative number")
    return float(value)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("expected a non-negative integer")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _profile(value: Any) -> str:
    from notelint import data

    names = sorted(data.load("profiles")["profile"])
    if value not in names:
        raise ValueError(f"unknown profile {value!r} (expected one of {', '.join(names)})")
    return str(value)


def profile_select(name: str) -> list[str] | None:
    """The selection a profile starts from (None: the default set of rules)."""
    from notelint import data

    select = data.load("profiles")["profile"][name].get("select")
    return None if select is None else list(select)


def profile_options(name: str) -> dict[str, Any]:
    """Option defaults a profile brings (validated like a config file's)."""
    from notelint import data

    raw = data.load("profiles")["profile"][name].get("options", {})
    return validate(raw, f"profile {name!r}") if raw else {}


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def _dialect(value: Any) -> str:
    from notelint.parse.dialect import validate_dialect_name

    return validate_dialect_name(value)


def _dialect_map(value: Any) -> dict[str, str]:
    from notelint.parse.dialect import validate_dialect_map

    return validate_dialect_map(value)


@dataclass(frozen=True)
class Option:
    """One ``[tool.notelint]`` key: its parser, default and help text."""

    key: str
    parse: Callable[[Any], Any]
    default: Any
    help: str


def _options(*options: Option) -> dict[str, Option]:
    return {o.key: o for o in options}


#: Every configuration key. Plugins and new features add theirs here.
OPTIONS: dict[str, Option] = _options(
    Option(
        "select", _str_list, None, "Rules to enable, by code, prefix (NL1) or name; replaces the default set."
    ),
    Option(
        "profile",
        _profile,
        "standard",
        'Starting selection when `select` is not given: "standard" (the default rules) or '
        '"existing-notes" (notes not written to the standard: LaTeX, language, mathematics).',
    ),
    Option("extend-select", _str_list, [], "Rules to enable in addition to the default or selected set."),
    Option("ignore", _str_list, [], "Rules to disable, by code, prefix or name."),
    Option(
        "per-file-ignores",
        _list_map,
        {},
        "Glob (relative to the config file) → rules ignored in matching files.",
    ),
    Option("severity", _severity_map, {}, "Rule code or name → severity (error, warning, info)."),
    Option("fail-on", _severity, "warning", "Lowest severity that makes the exit status 1."),
    Option(
        "exclude",
        _str_list,
        [],
        "Globs of paths (relative to the config file) never linted when walking folders.",
    ),
    Option(
        "disable-plugins",
        _str_list,
        [],
        "Plugins (entry-point or distribution names) not to load. Read from the run's configuration "
        "file only (the current folder's, or --config): plugins load once per run.",
    ),
    Option(
        "respect-gitignore",
        _boolean,
        True,
        "Skip files ignored by .gitignore files when walking folders (and with --force-exclude).",
    ),
    Option("max-file-size", _integer, 2_000_000, "Files larger than this many bytes are not linted (NL002)."),
    Option("jobs", _integer, 0, "Worker processes for a run (0: one per core); --jobs overrides it."),
    Option(
        "cache", _boolean, True, "Keep per-file results in cache-dir and reuse them when nothing changed."
    ),
    Option(
        "cache-dir", _string, ".notelint_cache", "Folder of the results cache (relative to the config file)."
    ),
    Option("words.vague-add", _str_map, {}, "Extra vague words or phrases (NL401) → suggested replacement."),
    Option("words.vague-remove", _str_list, [], "Vague words or phrases (NL401) not to flag."),
    Option("words.informal-add", _str_map, {}, "Extra informal phrases (NL402) → suggested replacement."),
    Option("words.informal-remove", _str_list, [], "Informal phrases (NL402) not to flag."),
    Option("sections.required", _str_list, None, "Section ids that must be present (default: 0–8)."),
    Option("sections.titles", _list_map, {}, 'Section id ("2", "4.A") → extra titles that name it.'),
    Option("concepts.min-bullets", _integer, 3, "Fewest bullets section 1 may have (NL105)."),
    Option("concepts.max-bullets", _integer, 6, "Most bullets section 1 may have (NL105)."),
    Option(
        "symbols.known",
        _str_list,
        [],
        'Symbols never reported as undeclared (NL301), as LaTeX: ["c", "\\\\delta"].',
    ),
    Option(
        "math.timeout",
        _number,
        3.0,
        "CPU seconds of CAS work allowed per relation (NL5xx), and at most four times that in wall-clock time on a busy machine; a timeout is an unknown verdict.",
    ),
    Option(
        "math.memory-mb", _integer, 1024, "Address-space limit of each CAS worker process, in MB (NL5xx)."
    ),
    Option(
        "math.approx-tolerance",
        _number,
        0.01,
        "Relative tolerance floor of \\approx (NL502); the written digits may allow more.",
    ),
    Option("math.cache", _boolean, True, "Keep relation verdicts in math.cache-dir and reuse them (NL5xx)."),
    Option(
        "math.cache-dir",
        _string,
        ".notelint_cache/math",
        "Folder of the verdict cache (relative to the config file).",
    ),
    Option("math.jobs", _integer, 1, "CAS worker processes per linting process (NL5xx)."),
    Option(
        "markdown.dialect",
        _dialect,
        "auto",
        "Markdown math dialect: auto (detected per file), commonmark, kramdown, gitbook, pandoc, rmarkdown, "
        "myst, github, obsidian, remark-math or mathjax.",
    ),
    Option(
        "markdown.per-file-dialect",
        _dialect_map,
        {},
        "Glob → Markdown math dialect for matching files (wins over markdown.dialect).",
    ),
)

#: Keys whose TOML value is itself a table (kept whole, not flattened).
_TABLE_KEYS = {k for k, o in OPTIONS.items() if o.parse in (_str_map, _list_map, _severity_map, _dialect_map)}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and dotted not in _TABLE_KEYS:
            out.update(_flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


#: Rule options live under ``[tool.notelint.rules.<CODE or name>]``; the rule declares them.
RULE_OPTIONS_TABLE = "rules"


def validate(raw: dict[str, Any], origin: str) -> dict[str, Any]:
    """Check every key and value; raise ConfigError naming ``origin`` and the key.

    Rule options (``rules.<rule>.<option>``) are only checked for their shape here; which
    rules and options exist is known once the plugins are loaded (``check_rule_options``).
    """
    values: dict[str, Any] = {}
    for key, value in _flatten(raw).items():
        if key.split(".")[0] == RULE_OPTIONS_TABLE:
            if key.count(".") != 2:
                raise ConfigError(
                    f"{origin}: {key!r}: rule options go in a table per rule, "
                    f"[{RULE_OPTIONS_TABLE}.<code or name>] <option> = value"
                )
            values[key] = value
            continue
        option = OPTIONS.get(key)
        if option is None:
            close = [k for k in OPTIONS if k.split(".")[-1] == key.split(".")[-1]]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{origin}: unknown option {key!r}{hint}")
        try:
            values[key] = option.parse(value)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{origin}: invalid value for {key!r}: {exc}") from None
    return values


def check_rule_options(values: dict[str, Any], rules: Sequence[Rule], origin: str) -> dict[str, Any]:
    """``values`` with every rule option checked against its rule's declaration, keyed by code.

    ``[rules.concept-bullet-count] max-bullets = 6`` and ``[rules.NL105] max-bullets = 6`` are
    the same key; an unknown rule or option, or a value of the wrong type, is a ConfigError.
    """
    by_selector = {s: r for r in rules for s in (r.code, r.name)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key.split(".")[0] != RULE_OPTIONS_TABLE:
            out[key] = value
            continue
        _, selector, name = key.split(".")
        rule = by_selector.get(selector)
        if rule is None:
            raise ConfigError(f"{origin}: {key!r}: no rule {selector!r} (a rule code or name)")
        declared = next((o for o in rule.options if o.name == name), None)
        if declared is None:
            known = ", ".join(o.name for o in rule.options) or "none"
            raise ConfigError(
                f"{origin}: {key!r}: rule {rule.code} [{rule.name}] has no option {name!r} (its options: {known})"
            )
        try:
            out[f"{RULE_OPTIONS_TABLE}.{rule.code}.{name}"] = declared.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{origin}: invalid value for {key!r}: {exc}") from None
    return out


def run_disabled_plugins(config_file: Path | None, isolated: bool, folder: Path) -> list[str]:
    """``disable-plugins`` of the run's configuration file, read before any plugin is loaded."""
    if isolated:
        return []
    path = config_file if config_file is not None else find_config_file(folder.resolve())
    if path is None or not path.is_file():
        return []
    value = (read_config_file(path) or {}).get("disable-plugins", [])
    try:
        return list(OPTIONS["disable-plugins"].parse(value))
    except ValueError as exc:
        raise ConfigError(f"{path}: invalid value for 'disable-plugins': {exc}") from None


def read_config_file(path: Path) -> dict[str, Any] | None:
    """The notelint table of a config file, or None when a pyproject.toml has none."""
    import tomllib  # only when a config file exists (a few per cent of a cold run otherwise)

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("notelint")
        return None if table is None else table
    # notelint.toml: top-level keys, or a [tool.notelint] table, like ruff.toml.
    return data.get("tool", {}).get("notelint", data) if "tool" in data else data


@functools.lru_cache(maxsize=256)
def find_config_file(directory: Path, *, unreadable: bool = False) -> Path | None:
    """The nearest config file from ``directory`` upward (a pyproject.toml counts only with
    [tool.notelint]; with ``unreadable``, one that cannot be read counts too instead of raising:
    the file a failing run blames)."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml":
                    try:
                        if read_config_file(candidate) is None:
                            continue
                    except ConfigError:
                        if not unreadable:
                            raise
                return candidate
    return None


@dataclass
class Config:
    """The effective configuration for one file."""

    values: dict[str, Any] = field(default_factory=dict)
    #: The folder globs in the file are relative to (the config file's folder, else cwd).
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    def get(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        if key == "select":
            return profile_select(self.get("profile"))
        if key != "profile":
            brought = profile_options(self.get("profile"))
            if key in brought:
                return brought[key]
        return OPTIONS[key].default

    def merged(self, overrides: dict[str, Any]) -> Config:
        values = dict(self.values)
        if overrides.get("profile") is not None and overrides.get("select") is None:
            values.pop("select", None)  # a profile asked for on the command line replaces the file's select
        for key, value in overrides.items():
            if key in ("ignore", "extend-select") and value is not None:
                values[key] = [*self.get(key), *value]
            elif value is not None:
                values[key] = value
        return Config(values, self.root, self.source)

    def rule_options(self, rule: Rule) -> dict[str, Any]:
        """The options configured for ``rule`` (by its code or its name), without defaults."""
        out: dict[str, Any] = {}
        for selector in (rule.name, rule.code):  # the code wins when both are given
            prefix = f"{RULE_OPTIONS_TABLE}.{selector}."
            out.update({k[len(prefix) :]: v for k, v in self.values.items() if k.startswith(prefix)})
        return out

    def severity_of(self, rule: Rule) -> Severity:
        overrides = self.get("severity")
        level = overrides.get(rule.code) or overrides.get(rule.name)
        return Severity.parse(level) if level else rule.severity

    @functools.cached_property
    def section_template(self) -> SectionTemplate:
        from notelint import data
        from notelint.parse.sections import SectionTemplate

        return SectionTemplate.from_data(
            data.load("sections"), self.get("sections.titles"), self.get("sections.required")
        )

    def ignored_for(self, path: str) -> list[str]:
        """Selectors that per-file-ignores applies to ``path``."""
        patterns = self.get("per-file-ignores")
        if not patterns:
            return []
        rel = _relative(path, self.root)
        out: list[str] = []
        for pattern, selectors in patterns.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern):
                out.extend(selectors)
        return out

    def is_excluded(self, path: str) -> bool:
        if not self.get("exclude"):
            return False  # the common case; _relative resolves paths, which is slow per file
        rel = _relative(path, self.root)
        parts = rel.split("/")
        for pattern in self.get("exclude"):
            pattern = pattern.rstrip("/")
            if fnmatch.fnmatch(rel, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
                return True
            if rel.startswith(pattern + "/"):
                return True
        return False


def _relative(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


class ConfigResolver:
    """Finds and caches the configuration that applies to each linted file."""

    def __init__(
        self, overrides: dict[str, Any] | None = None, config_file: Path | None = None, isolated: bool = False
    ) -> None:
        self.overrides = overrides or {}
        self.config_file = config_file
        self.isolated = isolated
        self._by_file: dict[Path, Config] = {}
        if config_file is not None:
            self._explicit = self._load(config_file)

    def _load(self, path: Path) -> Config:
        if path in self._by_file:
            return self._by_file[path]
        from notelint.plugins import all_rules

        table = read_config_file(path)
        values = validate(table or {}, str(path))
        if any(k.startswith(RULE_OPTIONS_TABLE + ".") for k in values):
            values = check_rule_options(values, all_rules(), str(path))
        if values.get("disable-plugins"):
            from notelint.plugins import disabled_plugins

            extra = set(values["disable-plugins"]) - disabled_plugins()
            if extra:
                raise ConfigError(
                    f"{path}: disable-plugins {sorted(extra)} cannot take effect here: plugins are loaded "
                    "once per run, so set it in the run's configuration file (or use --disable-plugin)"
                )
        config = Config(values, path.parent.resolve(), path).merged(self.overrides)
        self._by_file[path] = config
        return config

    def for_path(self, path: str | None) -> Config:
        if self.config_file is not None:
            return self._explicit
        if self.isolated or path is None:
            return Config().merged(self.overrides)
        directory = Path(os.path.abspath(path)).parent
        found = find_config_file(directory)
        if found is None:
            return Config().merged(self.overrides)
        return self._load(found)


def parse_selectors(values: Iterable[str] | None) -> list[str] | None:
    """Split ``--select NL1,NL4 --select missing-section`` into selectors."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
