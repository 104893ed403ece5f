"""``notelint --watch``: lints, re-lints what changed, picks up new notes and configuration
changes, reports every note each round, stops on Ctrl-C.

The behaviour is tested in-process with a scripted ``sleep``: each poll happens after a
filesystem step has completed, so nothing races the filesystem. One subprocess test checks
the real start-up and Ctrl-C.
"""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import notelint_executable

from notelint.config import ConfigResolver
from notelint.formatters.text import TextFormatter
from notelint.watch import watch

TIMEOUT = 120.0


def _run(
    tmp_path: Path, steps: list[Callable[[], None]], overrides: dict | None = None
) -> tuple[list[str], str]:
    """Watch ``notes`` with the given steps between polls; the output of each round, and stderr."""
    out, err = io.StringIO(), io.StringIO()
    rounds: list[str] = []
    pending = list(steps)

    def sleep(_: float) -> None:
        rounds.append(out.getvalue())
        out.seek(0)
        out.truncate()
        pending.pop(0)()

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = watch(
            ["notes"],
            lambda: ConfigResolver({"select": ["NL401", "NL402"]} if overrides is None else overrides),
            lambda stream: TextFormatter(stream, {}),
            out,
            err,
            rounds=len(steps),
            sleep=sleep,
        )
    finally:
        os.chdir(cwd)
    assert code == 0
    rounds.append(out.getvalue())
    return rounds, err.getvalue()


def test_watch_relints_changed_and_new_files(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "a.md"
    note.write_text("# A\n\nThe loss basically stays flat.\n", encoding="utf-8")
    rounds, err = _run(
        tmp_path,
        [
            lambda: note.write_text(
                "# A\n\nThe loss basically stays flat.\n\nThis stuff is new.\n", encoding="utf-8"
            ),
            lambda: (notes / "b.md").write_text("# B\n\nIt is kind of big.\n", encoding="utf-8"),
            lambda: None,  # nothing changed: no round is printed
            lambda: note.unlink(),
        ],
    )
    first, second, third, quiet, fourth = rounds
    assert first.splitlines() == [
        'notes/a.md:3:10: NL402 warning [informal-phrase] informal phrase "basically": '
        'drop it, or say "in essence" and state the precise claim',
        "Found 1 finding in 1 of 1 files.",
    ]
    assert "watching 1 note for changes" in err
    assert "1 changed: notes/a.md" in err
    assert second.splitlines()[1].startswith("notes/a.md:5:6: NL401 error [vague-word]")
    assert second.splitlines()[-1] == "Found 2 findings in 1 of 1 files."
    assert "1 changed: notes/b.md" in err
    # The round after b.md appeared reports both notes: the summary covers every watched note.
    lines = third.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["notes/a.md", "notes/a.md", "notes/b.md"]
    assert "Found 3 findings in 2 of 2 files." in lines
    assert quiet == ""
    assert "1 removed: notes/a.md" in err
    assert fourth.splitlines()[0].startswith("notes/b.md:3:7: NL402")
    assert "Found 1 finding in 1 of 1 files." in fourth.splitlines()


def test_watch_rereads_the_configuration(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# A\n\nThe loss basically goes down.\n", encoding="utf-8")
    config = tmp_path / "notelint.toml"
    config.write_text('select = ["NL401", "NL402"]\n', encoding="utf-8")
    rounds, err = _run(
        tmp_path,
        [
            lambda: config.write_text('select = ["NL401"]\n', encoding="utf-8"),
            lambda: config.write_text('select = ["NL401"]\nbogus-key = 1\n', encoding="utf-8"),
            lambda: config.write_text('select = ["NL402"]\n', encoding="utf-8"),
        ],
        overrides={},
    )
    first, second, broken, fixed = rounds
    assert "Found 2 findings" in first
    assert "configuration changed" in err
    assert [line.split()[1] for line in second.splitlines() if line.startswith("notes/")] == ["NL401"]
    # An invalid configuration is reported once; the previous one stays in force, nothing re-printed.
    assert err.count("unknown option 'bogus-key'") == 1
    assert broken == ""
    assert [line.split()[1] for line in fixed.splitlines() if line.startswith("notes/")] == ["NL402"]


def _pump(stream, lines: queue.Queue[str]) -> None:  # type: ignore[no-untyped-def]
    for line in iter(stream.readline, ""):
        lines.put(line)
    stream.close()


def _wait_for(lines: queue.Queue[str], needle: str) -> list[str]:
    seen: list[str] = []
    while True:
        line = lines.get(timeout=TIMEOUT)  # raises queue.Empty: the test fails instead of hanging
        seen.append(line)
        if needle in line:
            return seen


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_watch_starts_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# A\n\nThe loss basically stays flat.\n", encoding="utf-8")
    proc = subprocess.Popen(
        [notelint_executable(), "--isolated", "--select", "NL401,NL402", "--watch", "notes"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    out: queue.Queue[str] = queue.Queue()
    err: queue.Queue[str] = queue.Queue()
    for stream, lines in ((proc.stdout, out), (proc.stderr, err)):
        threading.Thread(target=_pump, args=(stream, lines), daemon=True).start()
    try:
        first = _wait_for(out, "Found 1 finding")
        assert first[0].startswith("notes/a.md:3:10: NL402 warning [informal-phrase]")
        _wait_for(err, "watching 1 note for changes")
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=TIMEOUT)
    assert code == 0
    _wait_for(err, "stopped watching")
