"""``notelint --watch``: lints, re-lints a note when it changes, picks up new notes, stops on Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from pathlib import Path

from conftest import notelint_executable

TIMEOUT = 30.0


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


def test_watch_relints_changed_and_new_files(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "a.md"
    note.write_text("# A\n\nThe loss basically stays flat.\n", encoding="utf-8")
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
    threads = [
        threading.Thread(target=_pump, args=(proc.stdout, out), daemon=True),
        threading.Thread(target=_pump, args=(proc.stderr, err), daemon=True),
    ]
    for t in threads:
        t.start()
    try:
        first = _wait_for(out, "Found 1 finding")
        assert first[0].startswith("notes/a.md:3:10: NL402 [informal-phrase]")
        _wait_for(err, "watching 1 note for changes")

        note.write_text("# A\n\nThe loss basically stays flat.\n\nThis stuff is new.\n", encoding="utf-8")
        _wait_for(err, "1 changed: notes/a.md")
        second = _wait_for(out, "Found 2 findings")
        assert any(line.startswith("notes/a.md:5:6: NL401 [vague-word]") for line in second)

        (notes / "b.md").write_text("# B\n\nIt is kind of big.\n", encoding="utf-8")
        _wait_for(err, "1 changed: notes/b.md")
        third = _wait_for(out, "Found 1 finding")
        assert third[0].startswith("notes/b.md:3:7: NL402 [informal-phrase]")
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=TIMEOUT)
    assert code == 0
    _wait_for(err, "stopped watching")
