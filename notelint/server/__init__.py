"""``notelint server``: the language server (LSP over stdio).

This module stays import-light: pygls is imported only when the server starts, so the
CLI and the ``lsp`` output format (``notelint.server.convert``) never pay for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="notelint server", description="Run the notelint language server over stdio."
    )
    parser.add_argument(
        "--debounce",
        type=float,
        default=0.3,
        metavar="SECONDS",
        help="wait this long after the last change before linting (default: 0.3)",
    )
    parser.add_argument("--log-file", metavar="FILE", help="write the server's log to FILE")
    args = parser.parse_args(list(argv or []))
    try:
        from notelint.server.app import build_server, exit_status
    except ImportError as exc:  # pygls missing
        import sys

        sys.stderr.write(f"notelint server needs pygls: pip install 'notelint[server]' ({exc})\n")
        return 2
    if args.log_file:
        import logging

        logging.basicConfig(filename=args.log_file, level=logging.DEBUG)
    server = build_server(debounce=args.debounce)
    server.start_io()
    return exit_status(server)
