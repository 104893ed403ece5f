"""Lint notes and write the HTML audit report: ``index.html`` and one page per note."""

from __future__ import annotations

import collections
import html
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from notelint import __version__
from notelint.report import mathml
from notelint.report.page import esc, finding_html, math_info, note_macros, render_body, render_inline

if TYPE_CHECKING:
    from notelint.config import Config, ConfigResolver
    from notelint.engine import LintResult
    from notelint.math.checking.link_results import Analysis
    from notelint.math.semantics.symbol_table import SymbolTable
    from notelint.report.macros import Macro

#: No script, no request: styles inline, images only as data: URIs (none are produced).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
VERDICTS = ("verified", "refuted", "unknown", "condition")


@dataclass
class NoteReport:
    path: str
    page: str
    result: LintResult
    #: the path shown in the index: relative to the folder all the notes share
    label: str = ""
    #: the file could be read and parsed (else its findings say why: NL002)
    readable: bool = True
    analysis: Analysis | None = None
    table: SymbolTable | None = None
    #: why verification or the glossary is missing (shown on the page)
    problems: list[str] = field(default_factory=list)

    #: verdict counts, kept for the index after the page is written and the analysis dropped
    counts: dict[str, int] | None = None

    def verdicts(self) -> dict[str, int]:
        if self.counts is None:
            self.counts = dict.fromkeys(VERDICTS, 0)
            for r in self.analysis.results if self.analysis else []:
                if r.verdict in self.counts:
                    self.counts[r.verdict] += 1
        return self.counts

    @property
    def verified(self) -> bool:
        """Whether the note's relations were checked (it has math and the analysis ran)."""
        return self.analysis is not None or self.counts is not None

    def release(self) -> None:
        """Keep only what the index needs (a run over many notes holds one parse at a time)."""
        if self.analysis is not None:
            self.verdicts()
        self.analysis = None
        self.table = None
        self.result.note = None
        self.result.text = None


def page_name(path: str, taken: set[str]) -> str:
    """A file name for a note's page, unique within the report."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("\\", "/").strip("./").replace("/", "__")) or "note"
    name, n = f"{stem}.html", 1
    while name.lower() in taken or name.lower() == "index.html":
        n += 1
        name = f"{stem}-{n}.html"
    taken.add(name.lower())
    return name


def collect(path: str, config: Config, page: str) -> NoteReport:
    """Lint one note, and run its verification and glossary for the page."""
    from notelint.engine import lint_file

    report = NoteReport(path, page, lint_file(path, config))
    note = report.result.note
    if note is None:
        report.readable = False
        return report
    if note.math:
        try:
            from notelint.math.checking.analysis import analyze

            report.analysis = analyze(note, config)
        except Exception as exc:  # the page still shows the note and its findings
            report.problems.append(f"verification failed: {type(exc).__name__}: {exc}")
    try:
        from notelint.math.semantics.glossary import glossary

        report.table = glossary(note)
    except Exception as exc:
        report.problems.append(f"glossary failed: {type(exc).__name__}: {exc}")
    return report


def _stylesheet() -> str:
    return resources.files("notelint.data").joinpath("report.css").read_text(encoding="utf-8")


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_stylesheet()}</style>\n</head>\n<body>\n{body}\n"
        f"<footer>notelint {esc(__version__)}</footer>\n</body>\n</html>\n"
    )


def _severity_counts(result: LintResult) -> collections.Counter[str]:
    return collections.Counter(d.severity.label for d in result.diagnostics)


def _chips(report: NoteReport) -> str:
    sev = _severity_counts(report.result)
    chips = [
        f'<span class="chip sev-{level}">{sev[level]} {level}{"s" if sev[level] != 1 else ""}</span>'
        for level in ("error", "warning", "info")
        if sev[level]
    ] or ['<span class="chip clean">no findings</span>']
    if report.verified:
        v = report.verdicts()
        chips.append(
            f'<span class="chip badge-ok">{v["verified"]} verified</span>'
            f'<span class="chip badge-bad">{v["refuted"]} refuted</span>'
            f'<span class="chip badge-unknown">{v["unknown"]} unknown</span>'
            f'<span class="chip badge-cond">{v["condition"]} conditions</span>'
        )
    return '<p class="chips">' + "".join(chips) + "</p>"


def _glossary_html(table: SymbolTable | None, macros: dict[str, Macro]) -> str:
    if table is None or not table.glossary:
        return ""
    rows = []
    for d in table.glossary:
        symbol = mathml.render(d.key, display=False, macros=macros).html
        if d.domain and d.domain_kind != "words":
            domain = mathml.render(d.domain, display=False, macros=macros).html
        else:
            domain = esc(d.domain or "")
        shape = esc(d.shape.describe()) if d.shape is not None else esc(d.kind_hint or "")
        rows.append(
            f"<tr><td>{symbol}</td><td>{domain}</td><td>{shape}</td>"
            f"<td>{render_inline(d.description, macros)}</td></tr>"
        )
    return (
        '<section id="glossary"><h2>Glossary</h2>\n<table class="glossary"><thead><tr><th>Symbol</th>'
        "<th>Domain</th><th>Shape</th><th>Description</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></section>"
    )


def note_page(report: NoteReport) -> str:
    """The HTML page of one note."""
    result = report.result
    parts = [
        '<nav><a href="index.html">← all notes</a></nav>',
        f"<header><h1>{esc(report.path)}</h1>{_chips(report)}</header>",
    ]
    for problem in report.problems:
        parts.append(f'<p class="problem">{esc(problem)}</p>')
    note = result.note
    if note is None:
        parts.append('<div class="findings">')
        parts.extend(finding_html(d, n) for n, d in enumerate(result.diagnostics, 1))
        parts.append("</div>")
        return _document(report.path, "\n".join(parts))
    if result.diagnostics:
        items = "".join(
            f'<li><a href="#f{n}">{d.line}:{d.column} {esc(d.code)}</a> {esc(d.message)}</li>'
            for n, d in enumerate(result.diagnostics, 1)
        )
        parts.append(f'<details class="summary"><summary>Findings ({len(result.diagnostics)})</summary>')
        parts.append(f"<ol>{items}</ol></details>")
    if report.table is not None and report.table.glossary:
        parts.append('<p><a href="#glossary">Glossary</a></p>')
    results = report.analysis.results if report.analysis else []
    info = math_info(note, results, report.table)
    parts.append(f'<article class="note">\n{render_body(note, result.diagnostics, info)}\n</article>')
    parts.append(_glossary_html(report.table, note_macros(note)))
    return _document(report.path, "\n".join(parts))


def shared_folder(files: Sequence[str]) -> str:
    """The folder every note is in (empty when they share none, or for a single note)."""
    if len(files) < 2:
        return ""
    try:
        return os.path.commonpath([os.path.dirname(f) or "." for f in files])
    except ValueError:  # absolute and relative paths mixed
        return ""


def index_page(reports: Sequence[NoteReport], folder: str = "") -> str:
    """Every note with its findings by rule and its verification coverage."""
    by_rule: collections.Counter[tuple[str, str]] = collections.Counter()
    notes_with: collections.Counter[str] = collections.Counter()
    totals: collections.Counter[str] = collections.Counter()
    rows = []
    for r in reports:
        per_rule = collections.Counter((d.code, d.name) for d in r.result.diagnostics)
        by_rule.update(per_rule)
        notes_with.update(code for code, _ in per_rule)
        sev = _severity_counts(r.result)
        totals.update(sev)
        rules = " ".join(
            f'<span class="rulecount" title="{esc(name)}">{esc(code)}×{count}</span>'
            for (code, name), count in sorted(per_rule.items())
        )
        if r.verified:
            v = r.verdicts()
            totals.update({k: v[k] for k in VERDICTS})
            coverage = "".join(f'<td class="num">{v[k]}</td>' for k in VERDICTS)
        elif r.problems:
            coverage = f'<td colspan="4">{esc("; ".join(r.problems))}</td>'
        else:
            why = "no math" if r.readable else "not read (see its findings)"
            coverage = f'<td class="num" colspan="4">{why}</td>'
        rows.append(
            f'<tr><td><a href="{html.escape(r.page)}">{esc(r.label or r.path)}</a></td>'
            + "".join(
                f'<td class="num sev-{lvl}">{sev[lvl] or ""}</td>' for lvl in ("error", "warning", "info")
            )
            + f"<td>{rules}</td>{coverage}</tr>"
        )
    rule_rows = "".join(
        f'<tr><td class="code">{esc(code)}</td><td>{esc(name)}</td><td class="num">{count}</td>'
        f'<td class="num">{notes_with[code]}</td></tr>'
        for (code, name), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0][0]))
    )
    n = len(reports)
    body = [
        "<header><h1>notelint audit report</h1>",
        f'<p class="folder">notes in <code>{esc(folder)}</code></p>' if folder else "",
        f'<p class="chips"><span class="chip">{n} note{"s" if n != 1 else ""}</span>'
        + "".join(
            f'<span class="chip sev-{lvl}">{totals[lvl]} {lvl}{"s" if totals[lvl] != 1 else ""}</span>'
            for lvl in ("error", "warning", "info")
        )
        + f'<span class="chip badge-ok">{totals["verified"]} verified</span>'
        f'<span class="chip badge-bad">{totals["refuted"]} refuted</span>'
        f'<span class="chip badge-unknown">{totals["unknown"]} unknown</span></p></header>',
        '<table class="notes"><thead><tr><th>Note</th><th>Errors</th><th>Warnings</th><th>Info</th>'
        "<th>Findings by rule</th><th>Verified</th><th>Refuted</th><th>Unknown</th><th>Conditions</th>"
        "</tr></thead><tbody>",
        *rows,
        "</tbody></table>",
    ]
    if rule_rows:
        body.append(
            '<h2>Findings by rule</h2><table class="rules"><thead><tr><th>Code</th><th>Rule</th>'
            f"<th>Findings</th><th>Notes</th></tr></thead><tbody>{rule_rows}</tbody></table>"
        )
    return _document("notelint audit report", "\n".join(body))


def write_report(
    paths: Sequence[str],
    resolver: ConfigResolver,
    output: Path,
    progress: Callable[[str], None] | None = None,
) -> list[NoteReport]:
    """Lint ``paths`` and write ``output/index.html`` and a page per note."""
    from notelint.discover import discover

    base = resolver.for_path(str(Path.cwd() / "x"))
    files = list(discover(paths, base.is_excluded))
    output.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    reports = []
    common = shared_folder(files)
    for path in files:
        if progress is not None:
            progress(path)
        label = os.path.relpath(path, common) if common else path
        report = collect(path, resolver.for_path(path), page_name(label, taken))
        report.label = label
        (output / report.page).write_text(note_page(report), encoding="utf-8")
        report.release()
        reports.append(report)
    (output / "index.html").write_text(index_page(reports, common), encoding="utf-8")
    return reports
