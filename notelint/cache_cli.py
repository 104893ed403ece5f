"""``notelint clean``: remove the results cache (``cache-dir`` of the configuration in effect)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str]) -> int:
    from notelint.cache import clear
    from notelint.config import ConfigError, ConfigResolver

    parser = argparse.ArgumentParser(prog="notelint clean", description="Remove notelint's results cache.")
    parser.add_argument("--config", metavar="FILE", type=Path, help="use this configuration file")
    parser.add_argument("--cache-dir", metavar="DIR", type=Path, help="remove this cache folder instead")
    args = parser.parse_args(list(argv))
    if args.cache_dir is not None:
        directory = args.cache_dir
    else:
        try:
            if args.config is not None and not args.config.is_file():
                raise ConfigError(f"{args.config}: no such configuration file")
            config = ConfigResolver({}, args.config).for_path(str(Path.cwd() / "x"))
        except ConfigError as exc:
            sys.stderr.write(f"notelint: error: {exc}\n")
            return 2
        directory = Path(config.get("cache-dir"))
        if not directory.is_absolute():
            directory = config.root / directory
    if not directory.exists():
        sys.stdout.write(f"No cache at {directory}.\n")
        return 0
    try:
        removed = clear(directory)
    except OSError as exc:
        sys.stderr.write(f"notelint: error: cannot remove {directory}: {exc.strerror or exc}\n")
        return 2
    if not removed:
        sys.stderr.write(
            f"notelint: error: {directory} is not a notelint cache (no CACHEDIR.TAG); not removed\n"
        )
        return 2
    sys.stdout.write(f"Removed {directory}.\n")
    return 0
