"""Bad environments: a clear message, the other files still linted, nothing lost or half-written."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES

from notelint.cli import main

DRAFT = (EXAMPLES / "logistic-regression-draft.md").read_text(encoding="utf-8")
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def notes(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        path = folder / name
        path.write_text(DRAFT, encoding="utf-8")
        out.append(path)
    return out


def lint(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def linted(output: str) -> set[str]:
    return {
        line.split(":", 1)[0] for line in output.splitlines() if ":" in line and not line.startswith("Found")
    }


@pytest.mark.skipif(ROOT_USER, reason="chmod 000 does not stop root from reading; see the simulated variant")
def test_unreadable_file(run_cli, tmp_path: Path) -> None:
    _a, b, _c = notes(tmp_path / "n", "a.md", "b.md", "c.md")
    b.chmod(0)
    try:
        proc = run_cli("n", "-j2")
    finally:
        b.chmod(0o644)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "n/b.md:1:1: NL002 error [unreadable-file] permission denied" in proc.stdout
    assert linted(proc.stdout) == {"n/a.md", "n/b.md", "n/c.md"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unreadable_file_simulated(tmp_path: Path, monkeypatch, jobs: str) -> None:
    monkeypatch.chdir(tmp_path)
    notes(tmp_path / "n", "a.md", "b.md", "c.md")
    real_read, real_open = Path.read_bytes, open

    def read_bytes(self: Path) -> bytes:
        if self.name == "b.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def guarded_open(file, *args, **kwargs):  # the cache's hashing pass opens the file itself
        if str(file).endswith("b.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr("builtins.open", guarded_open)
    code, out, err = lint("-j", jobs, "n")
    assert code == 1 and err == ""
    assert "n/b.md:1:1: NL002 error [unreadable-file] permission denied" in out
    assert linted(out) == {"n/a.md", "n/b.md", "n/c.md"}


def test_directory_symlink_loop(run_cli, tmp_path: Path) -> None:
    notes(tmp_path / "n", "a.md")
    notes(tmp_path / "n" / "sub", "b.md")
    (tmp_path / "n" / "sub" / "loop").symlink_to(tmp_path / "n", target_is_directory=True)
    (tmp_path / "n" / "self").symlink_to(".", target_is_directory=True)
    (tmp_path / "n" / "x.md").symlink_to("y.md")
    (tmp_path / "n" / "y.md").symlink_to("x.md")  # a file symlink loop
    for jobs in ("1", "2"):
        proc = run_cli("n", "-j", jobs)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert linted(proc.stdout) == {"n/a.md", "n/sub/b.md", "n/x.md", "n/y.md"}
        assert (
            "n/x.md:1:1: NL002 error [unreadable-file] cannot read file: Too many levels of symbolic links"
            in proc.stdout
        )
    # A looping symlink named explicitly is walked once, not forever.
    proc = run_cli("n/sub/loop", "-j1")
    assert proc.returncode == 1 and "n/sub/loop/a.md:" in proc.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_file_deleted_mid_run(tmp_path: Path, monkeypatch, jobs: str) -> None:
    monkeypatch.chdir(tmp_path)
    _a, b, _c = notes(tmp_path / "n", "a.md", "b.md", "c.md")
    import notelint.discover

    real = notelint.discover.discover

    def discover_then_delete(paths, excluded, *args):
        for path in real(paths, excluded, *args):
            yield path
            if path.endswith("a.md"):
                b.unlink()  # after discovery found it, before it is read

    monkeypatch.setattr(notelint.discover, "discover", discover_then_delete)
    code, out, err = lint("-j", jobs, "n")
    assert code == 1 and err == ""
    assert "n/b.md:1:1: NL002 error [unreadable-file] file vanished before it could be read" in out
    assert linted(out) == {"n/a.md", "n/b.md", "n/c.md"}


def test_read_only_file_under_fix(tmp_path: Path, monkeypatch) -> None:
    import notelint.fix
    import notelint.plugins
    from notelint.diagnostic import Edit, Fix
    from notelint.rule import rule

    @rule(code="XX952", name="drop-goes-down", summary="x", severity="warning", fixable=True)
    def drop(note, ctx):
        """## What it does\nx"""
        at = note.text.find(" goes down")
        if at >= 0:
            ctx.report(at, at + 10, "drop", Fix((Edit(at, at + 10, ""),)))

    rules = (*notelint.plugins.all_rules(), drop)
    monkeypatch.setattr(notelint.plugins, "all_rules", lambda: rules)
    monkeypatch.setattr(notelint.plugins, "rule_catalog", lambda: rules)  # what selection reads
    monkeypatch.chdir(tmp_path)
    a, b, c = notes(tmp_path / "n", "a.md", "b.md", "c.md")
    b.chmod(0o444)
    if ROOT_USER:  # root may write anything: make the permission check say what it says for users
        real_access = os.access
        monkeypatch.setattr(
            notelint.fix.os,
            "access",
            lambda p, mode, **kw: False if str(p).endswith("b.md") else real_access(p, mode, **kw),
        )
    for jobs in ("1", "2"):
        code, _out, err = lint("--fix", "-j", jobs, "n")
        assert code == 2
        assert (
            "notelint: error: n/b.md: cannot write fixes: n/b.md is read-only" in err
            and "Traceback" not in err
        )
        assert b.read_text(encoding="utf-8") == DRAFT  # untouched
        assert " goes down" not in a.read_text(encoding="utf-8") and " goes down" not in c.read_text(
            encoding="utf-8"
        )
        assert not list((tmp_path / "n").glob(".notelint-*"))  # no temporary file left behind
        a.write_text(DRAFT, encoding="utf-8")
        c.write_text(DRAFT, encoding="utf-8")
    b.chmod(0o644)


def test_config_file_with_a_syntax_error(run_cli, tmp_path: Path) -> None:
    notes(tmp_path / "n", "a.md")
    (tmp_path / "notelint.toml").write_text('select = ["NL1"\n')
    proc = run_cli("n")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"notelint: error: {tmp_path / 'notelint.toml'}: invalid TOML")
    assert "Traceback" not in proc.stderr
    # A broken config found while walking a folder is also exit 2, naming it.
    (tmp_path / "notelint.toml").unlink()
    notes(tmp_path / "n" / "deep", "b.md")
    (tmp_path / "n" / "deep" / "pyproject.toml").write_text("[tool.notelint\n")
    for jobs in ("1", "2"):
        proc = run_cli("n", "-j", jobs)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert f"{tmp_path / 'n' / 'deep' / 'pyproject.toml'}: invalid TOML" in proc.stderr


@pytest.mark.parametrize("cache_dir", ["/proc/notelint-cache", "blocker/cache"])
def test_cache_that_cannot_be_written(run_cli, tmp_path: Path, cache_dir: str) -> None:
    notes(tmp_path / "n", "a.md", "b.md", "c.md")
    (tmp_path / "blocker").write_text("a file, not a folder")
    expected = run_cli("n", "--no-cache", "-j1")
    (tmp_path / "notelint.toml").write_text(f'cache-dir = "{cache_dir}"\n')
    for jobs in ("1", "2"):
        proc = run_cli("n", "-j", jobs)
        assert (proc.returncode, proc.stdout) == (expected.returncode, expected.stdout)
        assert proc.stderr.count("\n") == 1
        assert proc.stderr.startswith("notelint: warning: cannot write the cache in ")
    assert (tmp_path / "blocker").read_text() == "a file, not a folder"
