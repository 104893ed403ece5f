"""Compiled regular expressions kept between runs (``notelint.regex_cache``): a pattern rebuilt from
its stored program is the pattern ``re`` compiles, in a fresh interpreter each time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROBE = r"""
import json, os, re, sys
from notelint import regex_cache
regex_cache._FOLDER = sys.argv[1]
regex_cache.install()
patterns = [
    (r"(?P<num>\d+)(?:\.(?P<frac>\d*))?", 0),
    (r"^\s*section\s+(\d)\b", re.IGNORECASE | re.MULTILINE),
    (r"(?<![\w'-])(?:goes\s+up|went\s+down)(?![\w'-])", 0),
    (r"\\(?:begin|end)\{([^}]*)\}", 0),
    (r"(?x) a  # spaced\n b", 0),
]
patterns += [(extra, 0) for extra in sys.argv[2:]]
out = []
for text, flags in patterns:
    p = re.compile(text, flags)
    out.append([p.pattern, p.flags, p.groups, p.groupindex.copy(), [m.group(0) for m in p.finditer(
        "Section 2 12.5 goes up \\begin{align} went down ab")]])
try:
    re.compile("(unclosed")
    out.append("no error")
except re.error:
    out.append("re.error")
stored = len(regex_cache._stored)
print(json.dumps({"out": out, "stored": stored, "wrapped": regex_cache._original is not None,
                  "added": regex_cache._added}))
"""


def _probe(folder: Path, *env_off: str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for name in env_off:
        env[name] = "1"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _plain(folder: Path) -> dict[str, Any]:
    return _probe(folder, "NOTELINT_NO_REGEX_CACHE")


def test_patterns_from_stored_programs_are_the_patterns_re_compiles(tmp_path: Path) -> None:
    expected = _plain(tmp_path)
    assert expected["wrapped"] is False and not list(tmp_path.iterdir())  # off: re as it is
    first = _probe(tmp_path)  # compiles, checks and stores at exit
    assert first["wrapped"] is True and first["out"] == expected["out"]
    stored = list(tmp_path.glob("regex.*.marshal"))
    assert len(stored) == 1
    second = _probe(tmp_path)  # rebuilt from the stored programs
    assert first["added"] is True and second["added"] is False  # every pattern from the store
    assert second["out"] == expected["out"]
    assert second["out"][-1] == "re.error"  # a bad pattern still fails as re fails


def test_a_damaged_store_is_ignored(tmp_path: Path) -> None:
    expected = _plain(tmp_path)
    _probe(tmp_path)
    for stored in tmp_path.glob("regex.*.marshal"):
        stored.write_bytes(b"\x00garbage")
    assert _probe(tmp_path)["out"] == expected["out"]


def test_nothing_is_written_when_byte_code_is_not(tmp_path: Path) -> None:
    _probe(tmp_path, "PYTHONDONTWRITEBYTECODE")
    assert not list(tmp_path.glob("regex.*"))


def test_the_store_keeps_only_what_the_last_writing_run_used(tmp_path: Path) -> None:
    """Patterns of older code or built once from a note's text do not accumulate: a run that
    compiles something new writes the patterns it used, not everything ever stored."""
    import marshal

    _probe(tmp_path, extra=("one-off (pattern)",))
    (stored,) = tmp_path.glob("regex.*.marshal")
    assert ("one-off (pattern)", 0) in marshal.loads(stored.read_bytes())
    _probe(tmp_path, extra=("another (pattern)",))
    kept = marshal.loads(stored.read_bytes())
    assert ("another (pattern)", 0) in kept and ("one-off (pattern)", 0) not in kept
    assert (r"\\(?:begin|end)\{([^}]*)\}", 0) in kept  # what both runs used stays
