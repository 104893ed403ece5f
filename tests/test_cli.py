"""The installed console script: output, selection, formats, exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import EXAMPLES

VAGUE = "# T\n\nThe loss goes up.\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(stdout: str) -> list[str]:
    """The finding lines of text output (not the summary lines after them)."""
    return [line for line in stdout.splitlines() if re.match(r"^\S.*:\d+:\d+: ", line)]


def test_clean_example_note_is_clean(run_cli) -> None:
    proc = run_cli(str(EXAMPLES / "ridge-regression.md"))
    assert proc.stdout == "All checks passed!\n" and proc.stderr == ""
    assert proc.returncode == 0


def test_defective_example_reports_and_exits_1(run_cli) -> None:
    proc = run_cli(str(EXAMPLES / "logistic-regression-draft.md"), "--select", "NL1,NL4")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    path = str(EXAMPLES / "logistic-regression-draft.md")
    assert (
        f'{path}:10:26: NL402 warning [informal-phrase] informal phrase "basically": drop it, or say "in essence" and state the precise claim'
        in lines
    )
    assert (
        f"{path}:36:1: NL107 error [final-result-not-boxed] the final result has no \\boxed{{…}} expression"
        in lines
    )
    assert lines[-2:] == ["Found 12 findings in 1 of 1 files.", "[*] 1 fixable with --fix."]


def test_folder_is_walked_in_sorted_order_and_paths_are_relative(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "notes/b.md", VAGUE)
    write(tmp_path, "notes/a.md", VAGUE)
    write(tmp_path, "notes/sub/c.markdown", VAGUE)
    for dialect in ("d.mdx", "e.qmd", "f.Rmd"):
        write(tmp_path, f"notes/sub/{dialect}", VAGUE)
    write(tmp_path, "notes/skip.txt", VAGUE)
    write(tmp_path, "notes/.hidden/d.md", VAGUE)
    proc = run_cli("--select", "NL401", "notes")
    assert proc.returncode == 1
    assert [l.split(":")[0] for l in findings(proc.stdout)] == [
        "notes/a.md",
        "notes/b.md",
        "notes/sub/c.markdown",
        "notes/sub/d.mdx",
        "notes/sub/e.qmd",
        "notes/sub/f.Rmd",
    ]


def test_select_and_ignore_by_code_prefix_and_name(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", "# T\n\nIt is basically done and the loss goes up.\n")
    by_prefix = run_cli("--select", "NL4", "n.md")
    assert {l.split()[1] for l in findings(by_prefix.stdout)} == {"NL401", "NL402"}
    by_name = run_cli("--select", "informal-phrase", "n.md")
    assert {l.split()[1] for l in findings(by_name.stdout)} == {"NL402"}
    # The more specific selector wins: ignore a prefix, select one code inside it.
    # On a tie (NL4 selected and ignored) ignore wins.
    specific = run_cli("--ignore", "NL4", "--extend-select", "NL401", "--select", "NL4", "n.md")
    assert {l.split()[1] for l in findings(specific.stdout)} == {"NL401"}
    ignored = run_cli("--select", "NL4", "--ignore", "vague-word", "n.md")
    assert {l.split()[1] for l in findings(ignored.stdout)} == {"NL402"}


def test_json_output_contract(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", "# T\n\nThe é loss goes up.\n")
    proc = run_cli("--select", "NL401", "--output-format", "json", "n.md")
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == [
        {
            "path": "n.md",
            "line": 3,
            "column": 12,
            "end_line": 3,
            "end_column": 19,
            "code": "NL401",
            "name": "vague-word",
            "severity": "error",
            "message": 'vague wording "goes up": "increases"',
            "fixable": True,
            "fix": 'Replace "goes up" with "increases"',
        }
    ]


def test_statistics(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", "# T\n\nThe thing goes up; basically.\n\nMore stuff here.\n")
    proc = run_cli("--select", "NL4", "--statistics", "n.md")
    assert proc.stdout.splitlines() == ["     3\tNL401 [*]\t[vague-word]", "     1\tNL402\t[informal-phrase]"]
    as_json = run_cli("--select", "NL4", "--statistics", "--output-format", "json", "n.md")
    assert json.loads(as_json.stdout) == {
        "rules": [
            {"code": "NL401", "name": "vague-word", "count": 3, "fixable": 1},
            {"code": "NL402", "name": "informal-phrase", "count": 1, "fixable": 0},
        ],
        "verification": [],
    }


def test_statistics_report_verification_coverage_per_note(run_cli, tmp_path: Path) -> None:
    # KL written through entropies: a claim the CAS cannot decide (unknown, NL504).
    write(
        tmp_path,
        "a.md",
        "# T\n\nWe have $2 + 2 = 4$ and $3 \\cdot 3 = 10$ and $\\operatorname{KL}(p \\| q) = H(p, q) - H(p)$.\n",
    )
    write(tmp_path, "b.md", "# T\n\nNo math here.\n")
    proc = run_cli("--select", "NL5", "--statistics", "--no-cache", "a.md", "b.md")
    assert proc.stdout.splitlines() == [
        "     1\tNL501\t[false-equality]",
        "     1\tNL504\t[unverifiable-equality]",
        "",
        "Relations checked (verified / refuted / unknown):",
        "     1      1      1\ta.md",
        "     1      1      1\ttotal",
    ]
    as_json = json.loads(
        run_cli("--select", "NL5", "--statistics", "--no-cache", "--output-format", "json", "a.md").stdout
    )
    assert as_json["verification"] == [{"path": "a.md", "verified": 1, "refuted": 1, "unknown": 1}]


def test_fail_on_and_exit_zero(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", "# T\n\nIt is basically done.\n")  # NL402 is a warning
    assert run_cli("--select", "NL402", "n.md").returncode == 1
    assert run_cli("--select", "NL402", "--fail-on", "error", "n.md").returncode == 0
    assert run_cli("--select", "NL401", "--extend-select", "NL402", "--exit-zero", "n.md").returncode == 0
    assert run_cli("--select", "NL401", "n.md").returncode == 0


def test_stdin_with_filename(run_cli, tmp_path: Path) -> None:
    proc = run_cli("--select", "NL401", "--stdin-filename", "notes/x.md", "-", input=VAGUE)
    assert (
        proc.stdout.splitlines()[0]
        == 'notes/x.md:3:10: NL401 [*] error [vague-word] vague wording "goes up": "increases"'
    )
    assert proc.returncode == 1


def test_explain_and_list_rules(run_cli) -> None:
    explain = run_cli("--explain", "NL105")
    assert explain.returncode == 0
    assert explain.stdout.startswith("# NL105 concept-bullet-count\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
        assert section in explain.stdout
    assert run_cli("--explain", "concept-bullet-count").stdout == explain.stdout
    listed = run_cli("--list-rules").stdout.splitlines()
    assert any(l.startswith("NL101  missing-section") for l in listed)
    unknown = run_cli("--explain", "NL999")
    assert unknown.returncode == 2 and "unknown rule 'NL999'" in unknown.stderr


def test_usage_errors_exit_2_with_a_message(run_cli, tmp_path: Path) -> None:
    for args, message in [
        (["--select", "NL9"], "unknown rule selector 'NL9'"),
        (["--output-format", "xml", "."], "unknown output format 'xml'"),
        (["missing.md"], "missing.md: no such file or directory"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ]:
        proc = run_cli(*args)
        assert proc.returncode == 2, args
        assert message in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_config_errors_name_file_and_key(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", VAGUE)
    write(tmp_path, "pyproject.toml", "[tool.notelint]\nselekt = ['NL4']\n")
    proc = run_cli("n.md")
    assert proc.returncode == 2
    assert "pyproject.toml: unknown option 'selekt'" in proc.stderr
    write(tmp_path, "pyproject.toml", "[tool.notelint]\nfail-on = 'fatal'\n")
    proc = run_cli("n.md")
    assert proc.returncode == 2 and "invalid value for 'fail-on'" in proc.stderr
    write(tmp_path, "pyproject.toml", "[tool.notelint\n")
    proc = run_cli("n.md")
    assert proc.returncode == 2 and "pyproject.toml: invalid TOML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_sympy_import_on_the_plain_path(tmp_path: Path) -> None:
    import subprocess
    import sys

    note = EXAMPLES / "ridge-regression.md"
    code = (
        "import sys; from notelint.cli import main; rc = main(['--select', 'NL1,NL4', "
        f"{str(note)!r}]); print(sorted(m for m in sys.modules if m.split('.')[0] in ('sympy', 'mpmath', 'pygls')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]")


def test_a_cold_run_without_plugins_builds_no_plugin_manager(tmp_path: Path) -> None:
    """Without a third-party plugin the rules come from their catalog and no hook is called: a
    cold run never imports pluggy (test_plugins.py runs the installed plugin's hooks)."""
    import subprocess
    import sys

    note = EXAMPLES / "ridge-regression.md"
    code = (
        "import sys; from notelint.cli import main; "
        f"rc = main(['--no-cache', '--ignore', 'NL5', {str(note)!r}]); "
        "print(rc, sorted(m for m in sys.modules if m.startswith(('pluggy', 'notelint.hookspecs'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("0 []")


def test_a_closed_output_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    import subprocess

    from conftest import notelint_executable

    write(tmp_path, "n.md", "The thing goes up.\n\n" * 4000)
    proc = subprocess.Popen(
        [notelint_executable(), "--select", "NL401", "n.md"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `notelint … | head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=60) in (0, 1)
    assert "Traceback" not in err


def test_defective_example_shows_the_shape_error(run_cli) -> None:
    path = str(EXAMPLES / "logistic-regression-draft.md")
    proc = run_cli("--select", "NL305", "--no-cache", path)
    assert findings(proc.stdout) == [
        f"{path}:30:91: NL305 error [shape-mismatch] X^\\top (d×n) times w (d): inner sizes n and d differ",
    ]
    assert proc.returncode == 1


def test_defective_example_shows_the_false_derivative(run_cli) -> None:
    path = str(EXAMPLES / "logistic-regression-draft.md")
    proc = run_cli("--select", "NL501", "--no-cache", path)
    assert findings(proc.stdout)[:1] == [
        f"{path}:30:35: NL501 error [false-equality] false equality: at z=0.4 the left side is 0.240261 "
        "and the right side 0.957115",
    ]


# ---- issue 14: the rough edges -----------------------------------------------------------------

BROKEN_LATEX = "# T\n\nThe loss goes up and $\\frac{a$ is bad.\n"


def test_fix_marks_only_what_it_will_fix_and_says_why(run_cli, tmp_path: Path) -> None:
    """A file with a LaTeX syntax error (NL210) is never fixed: no [*], and the summary says why;
    even when NL210 itself is not selected. Its twin without the error is marked and fixed."""
    write(tmp_path, "broken.md", BROKEN_LATEX)
    write(tmp_path, "fine.md", VAGUE)
    proc = run_cli("--select", "NL401", "broken.md")
    assert findings(proc.stdout) == [
        'broken.md:3:10: NL401 error [vague-word] vague wording "goes up": "increases"'
    ]
    assert "[*]" not in proc.stdout
    assert "LaTeX syntax errors (NL210)" in proc.stdout
    as_json = json.loads(run_cli("--select", "NL401", "--output-format", "json", "broken.md").stdout)
    assert [d["fixable"] for d in as_json] == [False]
    fixed = run_cli("--select", "NL401", "--fix", "broken.md")
    assert (tmp_path / "broken.md").read_text(encoding="utf-8") == BROKEN_LATEX
    assert "Fixed" not in fixed.stdout

    twin = run_cli("--select", "NL401", "fine.md")
    assert findings(twin.stdout) == [
        'fine.md:3:10: NL401 [*] error [vague-word] vague wording "goes up": "increases"'
    ]
    assert "[*] 1 fixable with --fix." in twin.stdout
    assert "NL210" not in twin.stdout


def test_fix_says_how_many_it_fixed(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "a.md", "# T\n\nThe loss goes up, then goes down.\n\nThe thing went up.\n")
    write(tmp_path, "b.md", VAGUE)
    proc = run_cli("--select", "NL401", "--fix", "a.md", "b.md")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (
        "# T\n\nThe loss increases, then decreases.\n\nThe thing increased.\n"
    )
    lines = proc.stdout.splitlines()
    assert "Fixed 4 findings in 2 files." in lines
    assert "Found 1 finding in 1 of 2 files." in lines  # "thing" has no single replacement
    assert proc.returncode == 1
    again = run_cli("--select", "NL401", "--fix", "a.md", "b.md")
    assert "Fixed" not in again.stdout


def test_fix_with_json_output_says_how_many_on_stderr(run_cli, tmp_path: Path) -> None:
    """A structured report owns stdout: the "fixed N findings" line goes to stderr."""
    write(tmp_path, "a.md", "# T\n\nThe loss goes up, then goes down.\n\nThe thing went up.\n")
    write(tmp_path, "b.md", VAGUE)
    proc = run_cli("--select", "NL401", "--fix", "--output-format", "json", "a.md", "b.md")
    remaining = json.loads(proc.stdout)  # nothing but the report on stdout
    assert [(d["path"], d["line"], d["fixable"]) for d in remaining] == [("a.md", 5, False)]
    assert proc.stderr == "notelint: fixed 4 findings\n"
    assert proc.returncode == 1
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "# T\n\nThe loss increases.\n"
    write(tmp_path, "b.md", VAGUE)
    one = run_cli("--select", "NL401", "--fix", "--output-format", "json", "b.md")
    assert json.loads(one.stdout) == [] and one.stderr == "notelint: fixed 1 finding\n"
    write(tmp_path, "b.md", VAGUE)
    quiet = run_cli("-q", "--select", "NL401", "--fix", "--output-format", "json", "b.md")
    assert json.loads(quiet.stdout) == [] and quiet.stderr == ""
    again = run_cli("--select", "NL401", "--fix", "--output-format", "json", "b.md")
    assert json.loads(again.stdout) == [] and again.stderr == ""  # nothing left to fix


def test_diff_with_json_output_keeps_stdout_valid_json(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", VAGUE)
    proc = run_cli("--select", "NL401", "--diff", "--output-format", "json", "n.md")
    assert json.loads(proc.stdout) == []  # nothing is left once the fix is made
    assert "-The loss goes up.\n+The loss increases.\n" in proc.stderr
    assert "would fix 1 finding" in proc.stderr
    assert proc.returncode == 1
    assert (tmp_path / "n.md").read_text(encoding="utf-8") == VAGUE
    text = run_cli("--select", "NL401", "--diff", "n.md")
    assert "-The loss goes up.\n+The loss increases.\n" in text.stdout


def test_quiet_output_file_and_color(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", VAGUE)
    write(tmp_path, "clean.md", "# T\n\nFine.\n")
    quiet = run_cli("-q", "--select", "NL401", "n.md", "clean.md")
    assert quiet.stdout.splitlines() == [
        'n.md:3:10: NL401 [*] error [vague-word] vague wording "goes up": "increases"'
    ]
    assert run_cli("-q", "--select", "NL401", "clean.md").stdout == ""
    to_file = run_cli("--select", "NL401", "--output-file", "report.txt", "n.md")
    assert to_file.stdout == "" and to_file.returncode == 1
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("n.md:3:10: NL401 [*] error")
    colored = run_cli("--color", "always", "--select", "NL401", "n.md").stdout
    assert "\033[1mn.md:3:10:\033[0m \033[1;31mNL401\033[0m" in colored
    assert "\033[31merror\033[0m" in colored
    assert "\033[" not in run_cli("--select", "NL401", "n.md").stdout  # auto: not a terminal
    assert "\033[" not in run_cli("--color", "never", "--select", "NL401", "n.md").stdout


def test_full_format_shows_the_line_and_carets(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", "# T\n\nThe 𝐱\tloss goes up, 漢字 things.\n")
    proc = run_cli("--select", "NL401", "--output-format", "full", "n.md")
    assert proc.stdout.split("\n")[:11] == [
        'n.md:3:12: NL401 [*] error [vague-word] vague wording "goes up": "increases"',
        "  |",
        "3 | The 𝐱\tloss goes up, 漢字 things.",
        # "The 𝐱" is 5 columns; the tab is kept, so the carets line up whatever the tab width
        "  | " + " " * 5 + "\t" + " " * len("loss ") + "^" * len("goes up") + " NL401",
        "  |",
        "",
        'n.md:3:24: NL401 error [vague-word] vague wording "things": name the objects: "terms", '
        '"quantities", "entries" or "parameters"',
        "  |",
        "3 | The 𝐱\tloss goes up, 漢字 things.",
        # 漢字 take two columns each
        "  | "
        + " " * 5
        + "\t"
        + " " * len("loss goes up, ")
        + " " * 4
        + " "
        + "^" * len("things")
        + " NL401",
        "  |",
    ]


def test_gitignore_markdown_suffix_and_show_files(run_cli, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # a repository root: .gitignore files up to here apply
    write(tmp_path, ".gitignore", "build/\n*.draft.md\n")
    write(tmp_path, "notes/.gitignore", "!keep.draft.md\n")
    for name in ("notes/a.md", "notes/b.markdown", "notes/x.draft.md", "notes/keep.draft.md", "build/c.md"):
        write(tmp_path, name, VAGUE)
    proc = run_cli("--show-files", ".")
    assert proc.stdout.splitlines() == ["./notes/a.md", "./notes/b.markdown", "./notes/keep.draft.md"]
    assert proc.returncode == 0
    # Named explicitly, an ignored file or folder is linted (ruff's rule) ...
    assert run_cli("--show-files", "build/c.md").stdout == "build/c.md\n"
    assert run_cli("--show-files", "build").stdout == "build/c.md\n"
    # ... unless --force-exclude, which pre-commit passes.
    assert run_cli("--show-files", "--force-exclude", "build/c.md", "notes/a.md").stdout == "notes/a.md\n"
    assert run_cli("--show-files", "--force-exclude", "build", "notes/a.md").stdout == "notes/a.md\n"
    write(tmp_path, "notelint.toml", "respect-gitignore = false\n")
    assert "./build/c.md" in run_cli("--show-files", ".").stdout.splitlines()


def test_force_exclude_applies_the_exclude_setting_to_named_files(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.notelint]\nexclude = ["drafts/"]\n')
    write(tmp_path, "drafts/d.md", VAGUE)
    write(tmp_path, "n.md", VAGUE)
    named = run_cli("--select", "NL401", "drafts/d.md", "n.md")
    assert [l.split(":")[0] for l in findings(named.stdout)] == ["drafts/d.md", "n.md"]
    forced = run_cli("--select", "NL401", "--force-exclude", "drafts/d.md", "n.md")
    assert [l.split(":")[0] for l in findings(forced.stdout)] == ["n.md"]
    only_excluded = run_cli("--select", "NL401", "--force-exclude", "drafts/d.md")
    assert only_excluded.returncode == 0
    # stdin named as an excluded file: passed through untouched with --fix, no findings
    piped = run_cli("--force-exclude", "--fix", "--stdin-filename", "drafts/d.md", "-", input=VAGUE)
    assert piped.stdout == VAGUE and piped.returncode == 0


def test_show_settings(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "notelint.toml", 'ignore = ["NL106"]\n')
    write(tmp_path, "n.md", VAGUE)
    proc = run_cli("--show-settings", "n.md")
    lines = proc.stdout.splitlines()
    assert lines[0] == "Settings for: n.md"
    assert lines[1] == f"Configuration file: {tmp_path / 'notelint.toml'}"
    assert lines[3] == "Markdown dialect: commonmark (default (no dialect signal found))"
    assert 'ignore = ["NL106"]' in lines
    assert 'fail-on = "warning"  (default)' in lines
    write(tmp_path, "kram.md", "<!-- notelint-dialect: kramdown -->\n" + VAGUE)
    assert (
        "Markdown dialect: kramdown (set in the file (notelint-dialect))"
        in run_cli("--show-settings", "kram.md").stdout.splitlines()
    )
    assert proc.returncode == 0


def test_progress_only_on_a_terminal() -> None:
    import io

    from notelint.cli.output import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    progress = Progress(err, enabled=err.isatty())
    progress.tick()
    progress.clear()
    assert err.getvalue() == "\r\033[Knotelint: 1 file linted…\r\033[K"
    plain = io.StringIO()
    silent = Progress(plain, enabled=plain.isatty())
    silent.tick()
    silent.clear()
    assert plain.getvalue() == ""


def run_on_terminal(
    *args: str, cwd: Path, terminal: str = "stdout", env: dict[str, str] | None = None
) -> tuple[str, str, int]:
    """Run the console script with ``terminal`` ("stdout" or "stderr") on a pseudo-terminal and
    the other stream on a pipe: (what the terminal showed, what the pipe got, exit status).
    The terminal's newlines come back as "\\n" (a terminal writes "\\r\\n")."""
    import os
    import pty
    import select
    import subprocess
    import time

    from conftest import notelint_executable

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [notelint_executable(), *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
            stdout=slave if terminal == "stdout" else subprocess.PIPE,
            stderr=slave if terminal == "stderr" else subprocess.PIPE,
        )
    finally:
        os.close(slave)  # the child holds the terminal now: reading ends when it closes it
    shown = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                shown += data
            elif proc.poll() is not None and not select.select([master], [], [], 0)[0]:
                break  # exited, and nothing is left to read
        piped_out, piped_err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    piped = piped_err if terminal == "stdout" else piped_out
    return shown.decode("utf-8").replace("\r\n", "\n"), piped.decode("utf-8"), proc.returncode


PROGRESS = re.compile(r"notelint: \d+ files? linted…")


def test_progress_shows_on_a_terminal_stderr_unless_quiet(tmp_path: Path) -> None:
    """The wiring in the lint command: progress on stderr only when it is a terminal and not -q."""
    for name in ("a", "b", "c", "d"):
        write(tmp_path, f"notes/{name}.md", "# T\n\nFine.\n")
    shown, stdout, status = run_on_terminal("--select", "NL401", "notes", cwd=tmp_path, terminal="stderr")
    assert status == 0 and stdout == "All checks passed!\n"
    assert PROGRESS.search(shown), repr(shown)
    assert shown.endswith("\r\033[K")  # the line is erased before the run ends
    quiet, stdout, status = run_on_terminal(
        "-q", "--select", "NL401", "notes", cwd=tmp_path, terminal="stderr"
    )
    assert status == 0 and quiet == "" and stdout == ""
    # stderr on a pipe (stdout on the terminal): no progress either
    _, piped, status = run_on_terminal("--select", "NL401", "notes", cwd=tmp_path, terminal="stdout")
    assert status == 0 and piped == ""


def test_color_auto_on_a_terminal_and_no_color(tmp_path: Path) -> None:
    """--color auto (the default) colours a terminal's output, unless NO_COLOR is set to a
    non-empty value (https://no-color.org: an empty NO_COLOR is not set); --color always wins."""
    write(tmp_path, "n.md", VAGUE)
    painted = "\033[1mn.md:3:10:\033[0m \033[1;31mNL401\033[0m"
    no_color = {"NO_COLOR": "1"}
    shown, _, status = run_on_terminal("--select", "NL401", "n.md", cwd=tmp_path)
    assert status == 1 and painted in shown
    shown, _, _ = run_on_terminal("--color", "auto", "--select", "NL401", "n.md", cwd=tmp_path, env=no_color)
    assert "n.md:3:10: NL401" in shown and "\033[" not in shown
    shown, _, _ = run_on_terminal("--select", "NL401", "n.md", cwd=tmp_path, env={"NO_COLOR": ""})
    assert painted in shown
    shown, _, _ = run_on_terminal(
        "--color", "always", "--select", "NL401", "n.md", cwd=tmp_path, env=no_color
    )
    assert painted in shown
    shown, _, _ = run_on_terminal("--color", "never", "--select", "NL401", "n.md", cwd=tmp_path)
    assert "n.md:3:10: NL401" in shown and "\033[" not in shown


WARM_PROBE = """
import io, sys
from notelint import cli
out = io.StringIO()
code = cli.main(sys.argv[1:], stdout=out)
heavy = sorted(m for m in sys.modules if m.startswith(("notelint.plugins", "notelint.rules", "notelint.engine",
                                                      "pluggy", "markdown_it", "pylatexenc")))
print(code, heavy)
print(out.getvalue(), end="")
"""


def test_warm_run_answers_from_the_cache_without_loading_rules(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    write(tmp_path, "a.md", VAGUE)
    write(tmp_path, "b.md", "# T\n\nFine.\n")

    def probe(*args: str) -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-c", WARM_PROBE, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONUTF8": "1"},
            timeout=300,
        )
        assert proc.stderr == ""
        return proc.stdout.splitlines()

    cold = probe("--select", "NL401", "-j", "1", "a.md", "b.md")
    assert cold[0].startswith("1 [") and "notelint.rules" in cold[0]
    warm = probe("--select", "NL401", "-j", "1", "a.md", "b.md")
    assert warm[0] == "1 []", "a fully cached run loads no plugin, rule or parser"
    assert warm[1:] == cold[1:]
    # A changed file, or another selection, is a miss: the rules load and the result is fresh.
    write(tmp_path, "b.md", "# T\n\nIt goes down.\n")
    changed = probe("--select", "NL401", "-j", "1", "a.md", "b.md")
    assert "notelint.rules" in changed[0]
    assert any(line.startswith("b.md:3:4: NL401") for line in changed)
    other = probe("--select", "NL402", "-j", "1", "a.md", "b.md")
    assert "notelint.rules" in other[0] and other[1:] == ["All checks passed!"]
    # An unknown rule is still an error when every file is cached.
    bad = subprocess.run(
        [sys.executable, "-m", "notelint", "--select", "NL9", "a.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "unknown rule selector 'NL9'" in bad.stderr


def test_statistics_count_derivation_steps(run_cli, tmp_path: Path) -> None:
    """NL506's per-step verdicts: the broken ridge chain has one step that does not follow."""
    source = Path(__file__).resolve().parent.parent / "fixtures" / "steps" / "ridge-broken.md"
    write(tmp_path, "ridge.md", source.read_text(encoding="utf-8"))
    proc = run_cli("--select", "NL501,NL506", "--statistics", "--no-cache", "ridge.md")
    lines = proc.stdout.splitlines()
    assert "Derivation steps (follow / do not follow / unknown):" in lines
    assert "     3      1      0\tridge.md" in lines
    as_json = json.loads(
        run_cli(
            "--select", "NL501,NL506", "--statistics", "--no-cache", "--output-format", "json", "ridge.md"
        ).stdout
    )
    assert as_json["steps"] == [{"path": "ridge.md", "follows": 3, "fails": 1, "unknown": 0}]
