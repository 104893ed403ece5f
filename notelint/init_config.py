"""``notelint init [DIR]``: write a commented ``[tool.notelint]`` section.

Generated from the option registry (``config.OPTIONS``), so it lists every key with its help
and default and cannot drift from what the configuration accepts. Into ``DIR/pyproject.toml``
when there is one (appended: the bytes already there are kept as they are), else into a new
``DIR/notelint.toml``. An existing section or file is never overwritten.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from notelint.subcommand import EXIT_OK, ArgumentError, Parser, run


def toml_value(value: Any) -> str:
    """A TOML literal for a default value (strings, numbers, booleans, lists and tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


#: Keys with no default value (None): an example to uncomment, and what applies meanwhile.
_NO_DEFAULT_EXAMPLES: dict[str, tuple[Any, str]] = {
    "select": (["NL"], "every rule that is on by default"),
    "sections.required": (["0", "1", "2", "3", "4", "8"], "sections 0 to 8"),
}


def section_text(prefix: str) -> str:
    """Every option, commented out with its help and default, under ``[prefix]`` tables.

    ``prefix`` is ``tool.notelint`` for pyproject.toml and empty for notelint.toml."""
    from notelint.config import OPTIONS

    groups: dict[str, list[str]] = {}
    for key, option in OPTIONS.items():
        table, _, name = key.rpartition(".")
        lines = groups.setdefault(table, [])
        lines.append(f"# {option.help}")
        if option.default is None:
            example, meaning = _NO_DEFAULT_EXAMPLES.get(key, ("", "unset"))
            lines.append(f"# {name} = {toml_value(example)}   (default: {meaning})")
        else:
            lines.append(f"# {name} = {toml_value(option.default)}")
        lines.append("")
    out = [
        "# notelint configuration: every key with its default, commented out.",
        "# Uncomment and edit a line to change it; keys are described in docs/configuration.md.",
        "",
    ]
    for table in sorted(groups, key=lambda t: (t != "", t)):
        header = ".".join(part for part in (prefix, table) if part)
        if header:
            out.append(f"[{header}]")
        out.extend(groups[table])
    return "\n".join(out).rstrip("\n") + "\n"


def build_parser() -> Parser:
    p = Parser(
        prog="notelint init",
        description="Write a commented [tool.notelint] section into DIR/pyproject.toml, or a "
        "notelint.toml when there is no pyproject.toml.",
    )
    p.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR", help="default: .")
    return p


def main(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    return run(build_parser, _write, argv, stdout, stderr)


def _write(args: argparse.Namespace, stdout: TextIO) -> int:
    directory: Path = args.directory
    if not directory.is_dir():
        raise ArgumentError(f"{directory}: no such folder")
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        target = pyproject
        try:
            original = pyproject.read_bytes()
            existing = tomllib.loads(original.decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ArgumentError(f"{pyproject}: cannot read it as TOML ({exc}); nothing written") from None
        if "notelint" in existing.get("tool", {}):
            raise ArgumentError(f"{pyproject} already has a [tool.notelint] section; nothing written")
        newline = "\r\n" if b"\r\n" in original else "\n"
        text = section_text("tool.notelint").replace("\n", newline)
        separator = b"" if not original or original.endswith(b"\n") else newline.encode()
        content = original + separator + (newline.encode() if original else b"") + text.encode("utf-8")
    else:
        target = directory / "notelint.toml"
        if target.exists():
            raise ArgumentError(f"{target} already exists; nothing written")
        content = section_text("").encode("utf-8")
    _check(content, target)
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise ArgumentError(f"cannot write {target}: {exc.strerror or exc}") from None
    stdout.write(f"Wrote the notelint configuration to {target}.\n")
    return EXIT_OK


def _check(content: bytes, target: Path) -> None:
    """The file as it will be written still parses, and its notelint table validates."""
    from notelint.config import ConfigError, validate

    try:
        data = tomllib.loads(content.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:  # e.g. `tool = {…}` as an inline table cannot be extended
        raise ArgumentError(
            f"{target}: appending a [tool.notelint] table would make it invalid TOML ({exc}); nothing written"
        ) from None
    table = data.get("tool", {}).get("notelint", {}) if target.name == "pyproject.toml" else data
    try:
        validate(table, str(target))
    except ConfigError as exc:  # a bug in the generator, not in the user's file
        raise ArgumentError(f"internal error, nothing written: {exc}") from None
