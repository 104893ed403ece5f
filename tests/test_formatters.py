"""Output formats: exact output for a small note, SARIF validated against the official schema,
and a third-party format added through the same pluggy hook."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from notelint import cli, hookimpl
from notelint.formatters.base import Formatter
from notelint.plugins import all_formatters, all_rules, plugin_manager

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
NOTE = "# Note\n\nThe 𝐱 loss basically goes down.\n"
BASICALLY = 'informal phrase \\"basically\\": drop it, or say \\"in essence\\" and state the precise claim'
DOCS = "https://github.com/notelint/notelint/blob/main/docs/rules.md"


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "clean.md").write_text("# Clean\n\nAll good.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def render(fmt: str, *paths: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        [
            "--isolated",
            "--select",
            "NL401,NL402",
            "--output-format",
            fmt,
            *(paths or ("note.md", "clean.md")),
        ],
        stdout=out,
        stderr=err,
    )
    assert err.getvalue() == ""
    return code, out.getvalue()


def test_list_formats() -> None:
    out = io.StringIO()
    assert cli.main(["--list-formats"], stdout=out) == 0
    assert {"github", "gitlab", "json", "json-lines", "junit", "lsp", "sarif", "text"} <= set(
        out.getvalue().split()
    )


def test_json_lines(notes: Path) -> None:
    code, out = render("json-lines")
    assert code == 1
    assert out == (
        '{"path": "note.md", "line": 3, "column": 12, "end_line": 3, "end_column": 21, "code": "NL402", '
        '"name": "informal-phrase", "severity": "warning", "message": "'
        + BASICALLY
        + '", "fixable": false}\n'
        '{"path": "note.md", "line": 3, "column": 22, "end_line": 3, "end_column": 31, "code": "NL401", '
        '"name": "vague-word", "severity": "error", "message": "vague wording \\"goes down\\": \\"decreases\\"", '
        '"fixable": true, "fix": "Replace \\"goes down\\" with \\"decreases\\""}\n'
    )
    # Each line is the `json` format's object.
    _, whole = render("json")
    assert [json.loads(line) for line in out.splitlines()] == json.loads(whole)


def test_github(notes: Path) -> None:
    code, out = render("github")
    assert code == 1
    assert out == (
        "::warning file=note.md,line=3,col=12,endLine=3,endColumn=21,title=NL402::[informal-phrase] informal phrase "
        '"basically": drop it, or say "in essence" and state the precise claim\n'
        "::error file=note.md,line=3,col=22,endLine=3,endColumn=31,title=NL401::[vague-word] vague wording "
        '"goes down": "decreases"\n'
    )


def test_github_escapes_and_info_is_notice() -> None:
    from notelint.diagnostic import Diagnostic, Severity
    from notelint.engine import LintResult
    from notelint.formatters.github import GithubFormatter

    out = io.StringIO()
    f = GithubFormatter(out, {})
    f.handle(
        LintResult(
            "a,b:c.md",
            [
                Diagnostic(
                    "a,b:c.md", 1, 2, 1, 3, "NL504", "unverifiable-equality", Severity.INFO, "100% sure\nnot"
                )
            ],
        )
    )
    assert out.getvalue() == (
        "::notice file=a%2Cb%3Ac.md,line=1,col=2,endLine=1,endColumn=3,title=NL504::"
        "[unverifiable-equality] 100%25 sure%0Anot\n"
    )


def test_gitlab(notes: Path) -> None:
    code, out = render("gitlab")
    assert code == 1
    report = json.loads(out)
    assert report == [
        {
            "description": 'NL402 [informal-phrase] informal phrase "basically": drop it, or say "in essence" and '
            "state the precise claim",
            "check_name": "NL402",
            "fingerprint": "4f08946e04420b085280",
            "severity": "minor",
            "location": {"path": "note.md", "lines": {"begin": 3, "end": 3}},
        },
        {
            "description": 'NL401 [vague-word] vague wording "goes down": "decreases"',
            "check_name": "NL401",
            "fingerprint": "98bbe5213a3ea055d6d4",
            "severity": "major",
            "location": {"path": "note.md", "lines": {"begin": 3, "end": 3}},
        },
    ]


def test_gitlab_fingerprints_unique_for_repeated_findings(notes: Path) -> None:
    (notes / "note.md").write_text("# Note\n\nbasically basically\n", encoding="utf-8")
    _, out = render("gitlab", "note.md")
    prints = [item["fingerprint"] for item in json.loads(out)]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_junit(notes: Path) -> None:
    code, out = render("junit")
    assert code == 1
    assert (
        out
        == """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="notelint" tests="3" failures="2" errors="0">
  <testsuite name="note.md" tests="2" failures="2" errors="0">
    <testcase name="NL402 [informal-phrase] line 3" classname="note.md" file="note.md" line="3">
      <failure message="informal phrase &quot;basically&quot;: drop it, or say &quot;in essence&quot; and state the precise claim" type="warning">note.md:3:12: NL402 [informal-phrase] informal phrase "basically": drop it, or say "in essence" and state the precise claim</failure>
    </testcase>
    <testcase name="NL401 [vague-word] line 3" classname="note.md" file="note.md" line="3">
      <failure message="vague wording &quot;goes down&quot;: &quot;decreases&quot;" type="error">note.md:3:22: NL401 [vague-word] vague wording "goes down": "decreases"</failure>
    </testcase>
  </testsuite>
  <testsuite name="clean.md" tests="1" failures="0" errors="0">
    <testcase name="notelint" classname="clean.md" />
  </testsuite>
</testsuites>
"""
    )


def test_lsp(notes: Path) -> None:
    code, out = render("lsp")
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == [
        {
            "uri": (notes / "note.md").as_uri(),
            "path": "note.md",
            "diagnostics": [
                # 𝐱 (U+1D431) is one code point but two UTF-16 code units: column 12 -> character 12.
                {
                    "range": {"start": {"line": 2, "character": 12}, "end": {"line": 2, "character": 21}},
                    "severity": 2,
                    "code": "NL402",
                    "codeDescription": {"href": f"{DOCS}#nl402"},
                    "source": "notelint",
                    "message": '[informal-phrase] informal phrase "basically": drop it, or say "in essence" and state '
                    "the precise claim",
                },
                {
                    "range": {"start": {"line": 2, "character": 22}, "end": {"line": 2, "character": 31}},
                    "severity": 1,
                    "code": "NL401",
                    "codeDescription": {"href": f"{DOCS}#nl401"},
                    "source": "notelint",
                    "message": '[vague-word] vague wording "goes down": "decreases"',
                },
            ],
        },
        {"uri": (notes / "clean.md").as_uri(), "path": "clean.md", "diagnostics": []},
    ]


def test_lsp_diagnostics_structure_into_lsprotocol(notes: Path) -> None:
    pytest.importorskip("lsprotocol")
    from lsprotocol import types
    from lsprotocol.converters import get_converter

    _, out = render("lsp", "note.md")
    params = get_converter().structure(json.loads(out), types.PublishDiagnosticsParams)
    assert [d.severity for d in params.diagnostics] == [
        types.DiagnosticSeverity.Warning,
        types.DiagnosticSeverity.Error,
    ]


def test_sarif_snapshot_and_rule_metadata(notes: Path) -> None:
    from notelint.docs import explain, rule_url

    code, out = render("sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "notelint"
    rules = {r.code: r for r in all_rules()}
    # Rules with findings, in order of first appearance (results stream before the rule list).
    assert [r["id"] for r in driver["rules"]] == ["NL402", "NL401"]
    for meta in driver["rules"]:
        rule = rules[meta["id"]]
        assert meta["name"] == rule.name
        assert meta["shortDescription"]["text"] == rule.summary
        assert meta["fullDescription"]["text"] == rule.doc_section("What it does")
        assert meta["help"]["markdown"] == explain(rule)
        assert meta["helpUri"] == rule_url(rule.code)
    assert driver["rules"][0]["defaultConfiguration"]["level"] == "warning"
    assert driver["rules"][1]["defaultConfiguration"]["level"] == "error"
    assert run["results"] == [
        {
            "ruleId": "NL402",
            "ruleIndex": 0,
            "level": "warning",
            "message": {
                "text": '[informal-phrase] informal phrase "basically": drop it, or say "in essence" and state '
                "the precise claim"
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "note.md"},
                        "region": {"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 21},
                    }
                }
            ],
            "partialFingerprints": {"notelintContentKey/v1": "4f08946e04420b085280"},
        },
        {
            "ruleId": "NL401",
            "ruleIndex": 1,
            "level": "error",
            "message": {"text": '[vague-word] vague wording "goes down": "decreases"'},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "note.md"},
                        "region": {"startLine": 3, "startColumn": 22, "endLine": 3, "endColumn": 31},
                    }
                }
            ],
            "partialFingerprints": {"notelintContentKey/v1": "98bbe5213a3ea055d6d4"},
        },
    ]


def _validate_sarif(log: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"the SARIF schema is read from the shared folder beside the clone ({SCHEMA}): not present")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_validates_against_official_schema(notes: Path) -> None:
    _, out = render("sarif")
    _validate_sarif(json.loads(out))


def test_sarif_schema_catches_a_broken_log(notes: Path) -> None:
    import jsonschema

    _, out = render("sarif")
    log = json.loads(out)
    log["runs"][0]["results"][0]["level"] = "fatal"  # not a SARIF level
    with pytest.raises(jsonschema.ValidationError):
        _validate_sarif(log)


def test_sarif_of_every_example_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    monkeypatch.chdir(examples.parent)
    out = io.StringIO()
    cli.main(["--output-format", "sarif", "examples/"], stdout=out)
    log = json.loads(out.getvalue())
    assert log["runs"][0]["results"], "the draft example has findings"
    _validate_sarif(log)


class _Upper:
    """A third-party plugin object implementing the formatter hook."""

    class Shout(Formatter):
        name = "shout"

        def handle(self, result) -> None:  # type: ignore[no-untyped-def]
            super().handle(result)
            for d in result.diagnostics:
                self.write(f"{d.code}! {d.message.upper()}\n")

        def finish(self) -> None:
            self.write(f"{sum(len(r.diagnostics) for r in self.results)} findings\n")

    @hookimpl
    def notelint_formatters(self) -> dict[str, type[Formatter]]:
        return {"shout": self.Shout}


def test_third_party_formatter_through_the_hook(notes: Path) -> None:
    pm = plugin_manager()
    plugin = _Upper()
    pm.register(plugin, "shout-plugin")
    all_formatters.cache_clear()
    try:
        code, out = render("shout", "note.md")
        assert code == 1
        assert out == (
            'NL402! INFORMAL PHRASE "BASICALLY": DROP IT, OR SAY "IN ESSENCE" AND STATE THE PRECISE CLAIM\n'
            'NL401! VAGUE WORDING "GOES DOWN": "DECREASES"\n2 findings\n'
        )
        listing = io.StringIO()
        cli.main(["--list-formats"], stdout=listing)
        assert "shout" in listing.getvalue().split()
    finally:
        pm.unregister(plugin)
        all_formatters.cache_clear()
    with pytest.raises(AssertionError):
        render("shout", "note.md")  # gone again: a usage error on stderr


@pytest.mark.parametrize("fmt", ["lsp", "gitlab", "sarif"])
def test_cached_and_parallel_runs_render_the_same(notes: Path, fmt: str) -> None:
    """UTF-16 columns and content fingerprints need the note's text: a result answered from the
    cache, or by a worker process, must render exactly like a fresh one."""
    (notes / "second.md").write_text(NOTE.replace("goes down", "goes up"), encoding="utf-8")

    def run(*extra: str) -> str:
        out = io.StringIO()
        cli.main(
            ["--select", "NL401,NL402", "--output-format", fmt, *extra, "note.md", "second.md"], stdout=out
        )
        return out.getvalue()

    fresh = run("--no-cache")
    assert not (notes / ".notelint_cache").exists()
    first = run()
    assert (notes / ".notelint_cache").is_dir()
    assert run() == first == fresh  # the second run is answered from the cache
    assert run("--no-cache", "--jobs", "2") == fresh
