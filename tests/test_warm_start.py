"""The warm start (``notelint/warm_start.py``): an unchanged run is replayed from its record before
anything but the standard library is imported, byte for byte as the full CLI prints it, and any
change to what decides the result misses."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notelint import warm_start
from notelint.fingerprint import code_fingerprint, path_stamp
from notelint.warm_start import WarmStart, parse, run_key

VAGUE = "# T\n\nThe loss goes up.\n"
ARGS = ["--select", "NL401", "-j", "1", "a.md"]

PROBE = """
import sys
from notelint.warm_start import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.startswith("notelint.") or m in ("json", "argparse", "dataclasses"))
print(code, ",".join(loaded), file=open("probe.txt", "w"))
"""


def _probe(folder: Path, *args: str) -> tuple[str, str, str]:
    """One subprocess run through the entry point: stdout, stderr, and "status loaded,modules"."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=folder,
        capture_output=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=300,
    )
    return proc.stdout.decode(), proc.stderr.decode(), (folder / "probe.txt").read_text().strip()


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--output-format", "json"],
        ["--output-format", "full"],
        ["--statistics"],
        ["--output-format", "sarif"],
    ],
)
def test_replayed_run_is_byte_identical_and_loads_nothing(tmp_path: Path, extra: list[str]) -> None:
    (tmp_path / "a.md").write_text(VAGUE, encoding="utf-8")
    (tmp_path / "b.md").write_text("# T\n\nFine.\n", encoding="utf-8")
    args = ["--select", "NL401", "-j", "1", *extra, "a.md", "b.md"]
    cold = _probe(tmp_path, *args)
    assert "notelint.cli" in cold[2], "the first run goes the full way"
    warm = _probe(tmp_path, *args)
    # The replay imports nothing of notelint but its fingerprints, and no heavy standard module.
    assert warm[2] == cold[2].split()[0] + " json,notelint.fingerprint,notelint.warm_start"
    assert warm[:2] == cold[:2]
    assert "NL401" in cold[0]
    # The full CLI itself (its own per-file cache path) prints the same bytes.
    full = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from notelint.cli import main; sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=300,
    )
    assert (full.stdout.decode(), full.stderr.decode()) == warm[:2]
    assert str(full.returncode) == warm[2].split()[0]


def _run(argv: list[str]) -> tuple[int, str, str]:
    """The entry point in this process (a fresh process would not remember config lookups)."""
    from notelint.config import find_config_file
    from notelint.discover import forget_gitignores

    find_config_file.cache_clear()
    forget_gitignores()
    out, err = io.StringIO(), io.StringIO()
    code = warm_start.main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _record_hit(argv: list[str]) -> bool:
    invocation = parse(argv)
    assert invocation is not None
    cwd = os.getcwd()
    warm = WarmStart(invocation, cwd, run_key(invocation, cwd, (io.StringIO(), io.StringIO())))
    return warm.lookup() is not None


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a notelint.toml, a note in a subfolder, and the run recorded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTELINT_NO_CACHE", raising=False)
    (tmp_path / "notelint.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(VAGUE, encoding="utf-8")
    first = _run(ARGS)
    assert first[0] == 1 and "NL401" in first[1]
    assert _record_hit(ARGS), "the run was recorded"
    assert _run(ARGS) == first, "and replays the same output and status"
    return tmp_path


def test_unchanged_inputs_hit(recorded: Path) -> None:
    assert _record_hit(ARGS)


def test_changed_note_misses(recorded: Path) -> None:
    (recorded / "a.md").write_text(VAGUE + "\nIt goes down.\n", encoding="utf-8")
    assert not _record_hit(ARGS)
    out = _run(ARGS)[1]
    assert "a.md:5:4: NL401" in out, "the full path lints the new text"
    assert _record_hit(ARGS), "and records it over the old record"


def test_changed_config_misses(recorded: Path) -> None:
    (recorded / "notelint.toml").write_text('severity = { NL401 = "info" }\n', encoding="utf-8")
    assert not _record_hit(ARGS)
    code, out, _ = _run(ARGS)
    assert code == 0 and " info [vague-word]" in out, "an info finding does not fail the run"


def test_new_config_file_above_or_beside_misses(recorded: Path) -> None:
    (recorded / "sub").mkdir()
    (recorded / "sub" / "b.md").write_text(VAGUE, encoding="utf-8")
    argv = ["--select", "NL401", "-j", "1", "sub/b.md"]
    _run(argv)
    assert _record_hit(argv)
    (recorded / "sub" / "pyproject.toml").write_text(
        "[tool.notelint]\nignore = ['NL401']\n", encoding="utf-8"
    )
    assert not _record_hit(argv)
    assert _run(argv)[0] == 0


def test_explicit_config_file_change_misses(recorded: Path) -> None:
    other = recorded / "other.toml"
    other.write_text('fail-on = "warning"\n', encoding="utf-8")
    argv = ["--config", "other.toml", *ARGS]
    _run(argv)
    assert _record_hit(argv)
    other.write_text('fail-on = "error"\n', encoding="utf-8")
    assert not _record_hit(argv)


def test_other_selection_or_environment_misses(recorded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _record_hit(["--select", "NL402", "-j", "1", "a.md"])
    monkeypatch.setenv("NOTELINT_DISABLE_PLUGINS", "someplugin")
    assert not _record_hit(ARGS)
    monkeypatch.delenv("NOTELINT_DISABLE_PLUGINS")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _record_hit(ARGS)


def test_code_version_or_installed_distributions_change_the_key(
    recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invocation = parse(ARGS)
    assert invocation is not None
    streams = (io.StringIO(), io.StringIO())
    key = run_key(invocation, str(recorded), streams)
    assert key == run_key(invocation, str(recorded), streams)
    # notelint's code, its version (in __init__.py) and the math checker's code are in the fingerprint.
    assert run_key(invocation, str(recorded), streams, code="other") != key
    # Installed distributions (plugins and libraries): the import path's folder stamps.
    assert run_key(invocation, str(recorded), streams, stamp=[["/x", 1]]) != key
    # The stream's kind (a terminal gets colour and progress).
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    assert run_key(invocation, str(recorded), (tty, io.StringIO())) != key


def test_code_fingerprint_sees_any_module_or_data_file(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "math" / "cas").mkdir(parents=True)
    (package / "data").mkdir()
    version = package / "__init__.py"
    version.write_text('__version__ = "1.0"\n')
    translator = package / "math" / "cas" / "translate.py"
    translator.write_text("A = 1\n")
    vocabulary = package / "data" / "latex.toml"
    vocabulary.write_text("a = 1\n")
    before = code_fingerprint(str(package))
    assert code_fingerprint(str(package)) == before
    for path, text in (
        (version, '__version__ = "1.1"\n'),
        (translator, "A = 22\n"),
        (vocabulary, "a = 22\n"),
    ):
        path.write_text(text)
        after = code_fingerprint(str(package))
        assert after != before, path
        before = after


def test_path_stamp_sees_a_new_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(sys, "path", ["", str(site)])
    os.utime(site, ns=(1, 1))
    before = path_stamp()
    (site / "notelint_plugin-1.0.dist-info").mkdir()
    assert path_stamp() != before


def test_gitignore_is_an_input_with_force_exclude(recorded: Path) -> None:
    argv = ["--force-exclude", *ARGS]
    _run(argv)
    assert _record_hit(argv)
    (recorded / ".gitignore").write_text("a.md\n", encoding="utf-8")
    assert not _record_hit(argv)
    assert _run(argv) == (0, "", ""), "the full path now skips the ignored note"
    assert _record_hit(argv)


def test_damaged_record_is_a_miss(recorded: Path) -> None:
    for record in (recorded / ".notelint_cache" / "v1" / "runs").rglob("*.json"):
        record.write_text("{not json", encoding="utf-8")
    assert not _record_hit(ARGS)
    code, out, _ = _run(ARGS)
    assert code == 1 and "NL401" in out
    assert _record_hit(ARGS)


def test_failed_run_is_not_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(VAGUE, encoding="utf-8")
    argv = ["--select", "NL999", "a.md"]
    assert _run(argv)[0] == 2
    assert not (tmp_path / ".notelint_cache" / "v1" / "runs").exists()


def test_custom_cache_dir_is_not_recorded_and_still_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notelint.toml").write_text('cache-dir = "elsewhere"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(VAGUE, encoding="utf-8")
    first = _run(ARGS)
    assert not list(tmp_path.rglob("runs"))
    assert _run(ARGS) == first


@pytest.mark.parametrize(
    ("argv", "replayable"),
    [
        (["a.md"], True),
        (["--select=NL1", "-j2", "--output-format", "json", "a.md"], True),
        (["-q", "--statistics", "--exit-zero", "--", "a.md"], True),
        (["--stat", "a.md"], False),  # an abbreviation: argparse's business
        (["--fix", "a.md"], False),
        (["--diff", "a.md"], False),
        (["--watch", "a.md"], False),
        (["--baseline", "b.json", "a.md"], False),
        (["-o", "report.txt", "a.md"], False),
        (["--no-cache", "a.md"], False),
        (["--output-format", "plugin-format", "a.md"], False),
        (["-"], False),
        (["."], True),  # a folder: the names in every folder it walks are inputs
        ([], True),  # the current folder
        (["missing.md"], False),
        (["--select"], False),
        (["-qj2", "a.md"], False),
        (["report", "a.md"], False),  # a subcommand name is not a note
    ],
)
def test_which_command_lines_are_replayable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], replayable: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(VAGUE, encoding="utf-8")
    (tmp_path / "report").write_text(VAGUE, encoding="utf-8")
    assert (parse(argv) is not None) is replayable


def test_constants_mirror_the_full_cli() -> None:
    """warm_start imports nothing of notelint, so it repeats a few names: they must agree."""
    from notelint import cache, cli, config, formatters

    assert set(warm_start.SUBCOMMANDS) == set(cli.SUBCOMMANDS)
    assert set(warm_start.BUILTIN_FORMATS) == set(formatters.BUILTIN)
    assert warm_start.CONFIG_FILES == config.CONFIG_FILES
    assert (warm_start.DEFAULT_CACHE_DIR, warm_start.CACHE_FORMAT) == (
        cache.DEFAULT_DIR,
        cache.FORMAT_VERSION,
    )
    assert config.OPTIONS["cache-dir"].default == warm_start.DEFAULT_CACHE_DIR
    options = {a for action in cli.build_parser()._actions for a in action.option_strings}
    assert options >= warm_start.FLAGS | warm_start.VALUED


def test_entry_point_scan_finds_a_declared_group_and_doubts_what_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notelint.fingerprint import entry_points_may_exist

    site = tmp_path / "site"
    other = site / "other-1.0.dist-info"
    other.mkdir(parents=True)
    (other / "entry_points.txt").write_text("[console_scripts]\nnotelint = x:y\n")
    monkeypatch.setattr(sys, "path", ["", str(site), str(tmp_path / "missing")])
    monkeypatch.chdir(tmp_path)
    assert not entry_points_may_exist("notelint"), "a script named notelint is not the group"
    plugin = site / "notelint_extra-1.0.dist-info"
    plugin.mkdir()
    (plugin / "entry_points.txt").write_text("[notelint]\nextra = notelint_extra\n")
    assert entry_points_may_exist("notelint")
    (plugin / "entry_points.txt").unlink()
    assert not entry_points_may_exist("notelint")
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK")
    monkeypatch.setattr(sys, "path", ["", str(site), str(archive)])
    assert entry_points_may_exist("notelint"), "a zip on the path: ask importlib.metadata"


def test_a_renderer_file_near_the_note_misses_and_another_file_does_not(recorded: Path) -> None:
    """Dialect detection reads the folders around a note (mkdocs.yml → MathJax): an input."""
    (recorded / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    assert _record_hit(ARGS), "a file detection does not look at changes nothing"
    (recorded / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert not _record_hit(ARGS)
    _run(ARGS)
    assert _record_hit(ARGS)
    (recorded / "conf.py").write_text("extensions = []\n", encoding="utf-8")
    _run(ARGS)
    assert _record_hit(ARGS)
    (recorded / "conf.py").write_text("extensions = ['myst_parser']\n", encoding="utf-8")
    assert not _record_hit(ARGS), "a Sphinx conf.py counts by its text"


def test_the_per_file_cache_key_sees_renderer_files_too(tmp_path: Path) -> None:
    from notelint.cache import Cache
    from notelint.config import Config

    note = tmp_path / "a.md"
    note.write_text(VAGUE, encoding="utf-8")
    before = Cache(tmp_path / "cache").entry_path(str(note), Config())
    assert Cache(tmp_path / "cache").entry_path(str(note), Config()) == before
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    assert Cache(tmp_path / "cache").entry_path(str(note), Config()) != before


def test_renderer_files_mirror_dialect_detection() -> None:
    from notelint import fingerprint
    from notelint.parse import dialect

    assert tuple(pattern for pattern, _ in dialect._CONFIG_FILES) == fingerprint.RENDERER_FILES
    assert fingerprint.REPOSITORY_ROOT == dialect._REPOSITORY_ROOT


def test_a_report_too_large_to_record_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(VAGUE, encoding="utf-8")
    first = _run(ARGS)
    assert _record_hit(ARGS)
    (tmp_path / "a.md").write_text(VAGUE + "\n", encoding="utf-8")
    monkeypatch.setattr(warm_start, "RECORD_LIMIT", len(first[1]) // 2)
    assert _run(ARGS)[1] == first[1], "the output itself is whole"
    assert not _record_hit(ARGS), "but it was not recorded"


FOLDER_ARGS = ["--select", "NL401", "-j", "1", "notes"]


@pytest.fixture
def folder_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notes folder with a note in a subfolder, its run recorded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTELINT_NO_CACHE", raising=False)
    (tmp_path / "notes" / "sub").mkdir(parents=True)
    (tmp_path / "notes" / "a.md").write_text(VAGUE, encoding="utf-8")
    (tmp_path / "notes" / "sub" / "b.md").write_text("# B\n\nFine.\n", encoding="utf-8")
    first = _run(FOLDER_ARGS)
    assert first[0] == 1 and "notes/a.md:3:10: NL401" in first[1]
    assert _record_hit(FOLDER_ARGS)
    assert _run(FOLDER_ARGS) == first
    return tmp_path


def test_folder_run_replays_byte_identical_and_loads_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes" / "sub").mkdir(parents=True)
    (tmp_path / "notes" / "a.md").write_text(VAGUE, encoding="utf-8")
    (tmp_path / "notes" / "sub" / "b.markdown").write_text("# B\n\nIt goes down.\n", encoding="utf-8")
    for args in (FOLDER_ARGS, ["--select", "NL401", "-j", "1"]):  # no path: the current folder
        cold = _probe(tmp_path, *args)
        assert "notelint.cli" in cold[2]
        warm = _probe(tmp_path, *args)
        assert warm[2] == cold[2].split()[0] + " json,notelint.fingerprint,notelint.warm_start"
        assert warm[:2] == cold[:2]
        assert "sub/b.markdown:3:4: NL401" in cold[0]


def test_a_new_note_in_a_subfolder_misses_and_an_unrelated_file_does_not(folder_recorded: Path) -> None:
    (folder_recorded / "notes" / "sub" / "figure.png").write_bytes(b"\x89PNG")
    (folder_recorded / "notes" / "node_modules").mkdir()
    (folder_recorded / "notes" / "node_modules" / "x.md").write_text(VAGUE, encoding="utf-8")
    (folder_recorded / "notes" / ".hidden").mkdir()
    (folder_recorded / "notes" / ".hidden" / "y.md").write_text(VAGUE, encoding="utf-8")
    assert _record_hit(FOLDER_ARGS), "files and folders the walk never takes change nothing"
    (folder_recorded / "notes" / "sub" / "c.md").write_text(VAGUE, encoding="utf-8")
    assert not _record_hit(FOLDER_ARGS)
    assert "notes/sub/c.md:3:10: NL401" in _run(FOLDER_ARGS)[1]
    assert _record_hit(FOLDER_ARGS)
    (folder_recorded / "notes" / "deeper" / "still").mkdir(parents=True)
    (folder_recorded / "notes" / "deeper" / "still" / "d.md").write_text(VAGUE, encoding="utf-8")
    assert not _record_hit(FOLDER_ARGS)


def test_an_edited_note_in_a_subfolder_misses(folder_recorded: Path) -> None:
    (folder_recorded / "notes" / "sub" / "b.md").write_text("# B\n\nIt goes down.\n", encoding="utf-8")
    assert not _record_hit(FOLDER_ARGS)
    assert "notes/sub/b.md:3:4: NL401" in _run(FOLDER_ARGS)[1]


def test_a_gitignore_or_nested_config_in_a_walked_folder_misses(folder_recorded: Path) -> None:
    (folder_recorded / "notes" / ".gitignore").write_text("a.md\n", encoding="utf-8")
    assert not _record_hit(FOLDER_ARGS)
    code, out, _ = _run(FOLDER_ARGS)
    assert (code, "a.md" in out) == (0, False), "the walk now skips the ignored note"
    assert _record_hit(FOLDER_ARGS)
    (folder_recorded / "notes" / ".gitignore").write_text("other.md\n", encoding="utf-8")
    assert not _record_hit(FOLDER_ARGS), "a .gitignore counts by its text"
    assert _run(FOLDER_ARGS)[0] == 1
    (folder_recorded / "notes" / "notelint.toml").write_text("ignore = ['NL401']\n", encoding="utf-8")
    assert not _record_hit(FOLDER_ARGS)
    assert _run(FOLDER_ARGS)[0] == 0


def test_walk_mirrors_discover() -> None:
    from notelint import discover

    assert discover.SKIP_DIRS == warm_start.SKIP_DIRS
    assert discover.MARKDOWN_SUFFIXES == warm_start.MARKDOWN_SUFFIXES
