"""What the small subcommands share (``notelint new``, ``notelint init``, ``notelint report``):
an argparse parser that raises instead of exiting, and the one-line error and exit status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

EXIT_OK, EXIT_ERROR = 0, 2


class ArgumentError(Exception):
    """A bad command line: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so callers print one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ArgumentError(message)


def run(
    build_parser: Callable[[], Parser],
    body: Callable[[argparse.Namespace, TextIO], int],
    argv: Sequence[str],
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Parse ``argv`` and run ``body(args, stdout)``: ``-h`` prints the help to ``stdout``, and an
    ArgumentError (from the parser or the body) is ``<prog>: error: …`` on stderr, exit status 2."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        if list(argv) in (["-h"], ["--help"]):
            parser.print_help(stdout)
            return EXIT_OK
        return body(parser.parse_args(list(argv)), stdout)
    except ArgumentError as exc:
        stderr.write(f"{parser.prog}: error: {exc}\n")
        return EXIT_ERROR
