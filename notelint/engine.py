"""Lint one note: parse once, run the selected rules, resolve positions, apply suppressions.

``lint_text`` is the single core API the CLI, the language server and the tests share.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["LintResult", "lint_file", "lint_note", "lint_text", "rules_for"]

from notelint.config import Config
from notelint.diagnostic import Diagnostic, Finding, Severity
from notelint.note import Note
from notelint.result import LintResult
from notelint.rule import Rule, RuleContext
from notelint.selection import selected_rules
from notelint.source import LineIndex


def rules_for(config: Config, path: str | None = None) -> list[Rule]:
    """The rules that run on ``path``; only their modules are imported (``plugins.rule_catalog``)."""
    from notelint.plugins import load_rules, rule_catalog
    from notelint.selection import specificity

    chosen = selected_rules(
        rule_catalog(), config.get("select"), config.get("extend-select"), config.get("ignore")
    )
    # per-file-ignores always win over the selection (as in ruff), whatever their specificity.
    per_file = config.ignored_for(path) if path else []
    return load_rules(
        r
        for r in chosen
        if not any(specificity(s, r) for s in per_file)
        or (r.code in ("NL001", "NL002") and not any(s in (r.code, r.name) for s in per_file))
    )


def _rule(code: str) -> Rule:
    from notelint.plugins import all_rules

    return next(r for r in all_rules() if r.code == code)


def make_diagnostic(
    path: str, index: LineIndex, rule: Rule, finding: Finding, severity: Severity
) -> Diagnostic:
    line, column = index.position(finding.start)
    end_line, end_column = index.position(max(finding.end, finding.start))
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=finding.message,
        fix=finding.fix,
        start=finding.start,
        end=finding.end,
        data=finding.data,
    )


def file_diagnostic(path: str, code: str, message: str, config: Config) -> Diagnostic:
    rule = _rule(code)
    return Diagnostic(path, 1, 1, 1, 1, rule.code, rule.name, config.severity_of(rule), message)


def lint_note(note: Note, config: Config, rules: Sequence[Rule] | None = None) -> LintResult:
    rules = list(rules if rules is not None else rules_for(config, note.path))
    diagnostics: list[Diagnostic] = []
    internal_error = False
    stats: dict[str, Any] = {}
    for rule in rules:
        ctx = RuleContext(rule=rule, config=config, stats=stats)
        try:
            findings = rule.run(note, ctx)
        except Exception as exc:  # a broken rule must not take the run down: NL001, go on
            internal_error = True
            message = f"rule {rule.code} [{rule.name}] from {rule.origin} raised {type(exc).__name__}: {exc}"
            diagnostics.append(file_diagnostic(note.path, "NL001", message, config))
            continue
        severity = config.severity_of(rule)
        for finding in findings:
            diagnostics.append(make_diagnostic(note.path, note.index, rule, finding, severity))

    diagnostics = _suppress(note, config, rules, diagnostics)
    diagnostics.sort(key=Diagnostic.sort_key)
    return LintResult(note.path, diagnostics, note.source.original, note, internal_error, stats)


def _suppress(
    note: Note, config: Config, rules: Sequence[Rule], diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    """Drop what the note's directives suppress; report bad or useless directives as NL003."""
    from notelint.plugins import all_rules
    from notelint.suppress import DIRECTIVES, apply_suppressions

    directives = note.facet(DIRECTIVES)
    if not directives:
        return diagnostics
    known = all_rules()
    by_code = {r.code: r for r in known}
    kept, used = apply_suppressions(diagnostics, directives, by_code)
    nl003 = by_code["NL003"]
    if nl003 not in rules:
        return kept
    for i, d in enumerate(directives):
        span = d.comment.span
        message = None
        unknown = d.unknown(known)
        if d.malformed:
            message = (
                "malformed notelint directive: expected disable, enable, "
                "disable-line, disable-next-line or disable-file"
            )
        elif unknown:
            message = f"suppression names unknown rule(s): {', '.join(unknown)}"
        elif d.action != "enable" and i not in used and any(d.names(r) for r in rules):
            what = ", ".join(d.selectors) if d.selectors else "all rules"
            message = f"suppression of {what} suppresses nothing"
        if message is not None:
            finding = Finding(span.start, span.end, message)
            kept.append(make_diagnostic(note.path, note.index, nl003, finding, config.severity_of(nl003)))
    return kept


def lint_text(
    text: str, path: str = "<stdin>", config: Config | None = None, rules: Sequence[Rule] | None = None
) -> LintResult:
    """Lint a note's text; ``path`` is only used to name it and to apply per-file settings."""
    from notelint.parse import parse_note
    from notelint.parse.dialect import dialect_for
    from notelint.source import Source

    config = config or Config()
    dialect = dialect_for(Source(text).text, path, config)
    note = parse_note(text, path, config.section_template, dialect)
    return lint_note(note, config, rules)


def read_text(path: str, config: Config) -> tuple[str | None, Diagnostic | None]:
    """The file's text, or an NL002 diagnostic saying why it cannot be linted."""

    def fail(message: str) -> tuple[None, Diagnostic]:
        return None, file_diagnostic(path, "NL002", message, config)

    try:
        size = os.path.getsize(path)
        limit = config.get("max-file-size")
        if limit and size > limit:
            return fail(f"file is {size} bytes, over the max-file-size limit of {limit} bytes")
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return fail("file vanished before it could be read")
    except IsADirectoryError:
        return fail("is a directory, not a file")
    except PermissionError:
        return fail("permission denied")
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    if b"\0" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("binary file (contains NUL bytes), not a Markdown note")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return fail(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); save the file as UTF-8")


def lint_file(path: str, config: Config, rules: Sequence[Rule] | None = None) -> LintResult:
    text, problem = read_text(path, config)
    if problem is not None:
        return LintResult(path, [problem] if _reported(problem, config, path) else [], None)
    assert text is not None
    return lint_text(text, path, config, rules)


def _reported(diagnostic: Diagnostic, config: Config, path: str) -> bool:
    return any(r.code == diagnostic.code for r in rules_for(config, path))
