"""The installed console script: output, selection, formats, exit status."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES

VAGUE = "# T\n\nThe loss goes up.\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_example_note_is_clean(run_cli) -> None:
    proc = run_cli(str(EXAMPLES / "ridge-regression.md"))
    assert proc.stdout == "" and proc.stderr == ""
    assert proc.returncode == 0


def test_defective_example_reports_and_exits_1(run_cli) -> None:
    proc = run_cli(str(EXAMPLES / "logistic-regression-draft.md"), "--select", "NL1,NL4")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    path = str(EXAMPLES / "logistic-regression-draft.md")
    assert (
        f'{path}:10:26: NL402 [informal-phrase] informal phrase "basically": drop it, or say "in essence" and state the precise claim'
        in lines
    )
    assert (
        f"{path}:36:1: NL107 [final-result-not-boxed] the final result has no \\boxed{{…}} expression"
        in lines
    )
    assert lines[-1].startswith("Found ")


def test_folder_is_walked_in_sorted_order_and_paths_are_relative(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "notes/b.md", VAGUE)
    write(tmp_path, "notes/a.md", VAGUE)
    write(tmp_path, "notes/sub/c.markdown", VAGUE)
    write(tmp_path, "notes/skip.txt", VAGUE)
    write(tmp_path, "notes/.hidden/d.md", VAGUE)
    proc = run_cli("--select", "NL401", "notes")
    assert proc.returncode == 1
    assert [l.split(":")[0] for l in proc.stdout.splitlines()[:-1]] == [
        "notes/a.md",
        "notes/b.md",
        "notes/sub/c.markdown",
    ]


def test_select_and_ignore_by_code_prefix_and_name(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", "# T\n\nIt is basically done and the loss goes up.\n")
    by_prefix = run_cli("--select", "NL4", "n.md")
    assert {l.split()[1] for l in by_prefix.stdout.splitlines()[:-1]} == {"NL401", "NL402"}
    by_name = run_cli("--select", "informal-phrase", "n.md")
    assert {l.split()[1] for l in by_name.stdout.splitlines()[:-1]} == {"NL402"}
    # The more specific selector wins: ignore a prefix, select one code inside it.
    # On a tie (NL4 selected and ignored) ignore wins.
    specific = run_cli("--ignore", "NL4", "--extend-select", "NL401", "--select", "NL4", "n.md")
    assert {l.split()[1] for l in specific.stdout.splitlines()[:-1]} == {"NL401"}
    ignored = run_cli("--select", "NL4", "--ignore", "vague-word", "n.md")
    assert {l.split()[1] for l in ignored.stdout.splitlines()[:-1]} == {"NL402"}


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
            "fixable": False,
        }
    ]


def test_statistics(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "n.md", "# T\n\nThe thing goes up; basically.\n\nMore stuff here.\n")
    proc = run_cli("--select", "NL4", "--statistics", "n.md")
    assert proc.stdout.splitlines() == ["     3\tNL401\t[vague-word]", "     1\tNL402\t[informal-phrase]"]
    as_json = run_cli("--select", "NL4", "--statistics", "--output-format", "json", "n.md")
    assert json.loads(as_json.stdout) == {
        "rules": [
            {"code": "NL401", "name": "vague-word", "count": 3, "fixable": 0},
            {"code": "NL402", "name": "informal-phrase", "count": 1, "fixable": 0},
        ],
        "verification": [],
    }


def test_statistics_report_verification_coverage_per_note(run_cli, tmp_path: Path) -> None:
    write(tmp_path, "a.md", "# T\n\nWe have $2 + 2 = 4$ and $3 \\cdot 3 = 10$ and $\\mathbb{E}[X] = \\mu$.\n")
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
        == 'notes/x.md:3:10: NL401 [vague-word] vague wording "goes up": "increases"'
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


def test_defective_example_shows_the_math_and_shape_errors(run_cli) -> None:
    path = str(EXAMPLES / "logistic-regression-draft.md")
    proc = run_cli("--select", "NL305,NL501", "--no-cache", path)
    assert proc.stdout.splitlines()[:2] == [
        f"{path}:30:35: NL501 [false-equality] false equality: at z=0.3 the left side is 0.244458 and the right side 0.904427",
        f"{path}:30:91: NL305 [shape-mismatch] X^\\top (d×n) times w (d): inner sizes n and d differ",
    ]
    assert proc.returncode == 1
