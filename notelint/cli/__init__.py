"""The command line: ``notelint [PATH …]`` with ruff's conventions.

Exit status: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage, configuration,
plugin or internal error (``--exit-zero`` turns 1 into 0, never 2).

The package by concern: ``arguments`` (the parser and the overrides it makes), ``settings``
(selection, plugins, formats, the options that print and exit), ``lint`` (the lint command),
``output`` (tally, statistics, progress, colour, fixes and diffs), ``watch_command``
(``--watch``); the subcommands (``server``, ``clean``, ``report``, ``new``, ``init``) are
modules of their own, imported only when named.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from notelint.cli.arguments import build_parser
from notelint.cli.lint import lint_command
from notelint.cli.status import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "SUBCOMMANDS", "UsageError", "build_parser", "main"]

#: Subcommands; a folder with one of these names can be linted as ``./server``.
SUBCOMMANDS: dict[str, str] = {
    "server": "notelint.server",
    "clean": "notelint.cache_cli",
    "report": "notelint.report",
    "new": "notelint.template",
    "init": "notelint.init_config",
}


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
        return lint_command(argv, stdin or sys.stdin, stdout, stderr, cache_used)
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
