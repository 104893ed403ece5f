"""``notelint new "Title" [--output PATH] [--force]``: a note skeleton of the standard.

Every section and subsection of ``data/sections.toml`` in order, each with a placeholder from
``data/template.toml`` that says what belongs there. The skeleton passes the structure rules
(NL1xx): a new note starts clean, and the placeholders are what is left to write.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from notelint.subcommand import EXIT_OK, ArgumentError, Parser, run


def skeleton(title: str) -> str:
    """The Markdown of a new note titled ``title``."""
    from notelint import data

    sections = data.load("sections")
    placeholders: dict[str, str] = data.load("template")["placeholders"]
    subsections = sections.get("subsection", [])
    parts = [f"# {title}\n"]
    for section in sections["section"]:
        key = section["id"]
        optional = "" if section.get("required", True) else " (Optional)"
        parts.append(f"## {key}) {section['title']}{optional}\n")
        parts.append(_fill(placeholders.get(key, "TODO"), title))
        for sub in subsections:
            if sub["id"].split(".")[0] == key:
                parts.append(f"### {sub['id']} {sub['title']}\n")
                parts.append(_fill(placeholders.get(sub["id"], "TODO"), title))
    return "\n".join(parts)


def _fill(text: str, title: str) -> str:
    return text.strip("\n").replace("{title}", title) + "\n"


def default_path(title: str) -> Path:
    """``Gradient Descent: Rates`` → ``gradient-descent-rates.md``."""
    slug = re.sub(r"[^\w]+", "-", title.lower()).strip("-")
    return Path(f"{slug or 'note'}.md")


def build_parser() -> Parser:
    p = Parser(
        prog="notelint new",
        description="Write a note skeleton with every section of the standard and placeholders "
        "saying what belongs in each.",
    )
    p.add_argument("title", help="the note's title (also the Lecture Title in section 0)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="file to write (default: the title as a file name)"
    )
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    return p


def main(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    return run(build_parser, _write, argv, stdout, stderr)


def _write(args: argparse.Namespace, stdout: TextIO) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise ArgumentError("the title is empty")
    if title.startswith("#"):
        raise ArgumentError("give the title without the leading '#'")
    path: Path = args.output or default_path(title)
    if path.is_dir():
        raise ArgumentError(f"{path} is a folder; give a file name with --output")
    if path.exists() and not args.force:
        raise ArgumentError(f"{path} exists; use --force to overwrite it")
    try:
        path.write_text(skeleton(title), encoding="utf-8")
    except OSError as exc:
        raise ArgumentError(f"cannot write {path}: {exc.strerror or exc}") from None
    stdout.write(f"Wrote {path}.\n")
    return EXIT_OK
