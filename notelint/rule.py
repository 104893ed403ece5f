"""Rules: metadata plus a check over the Note model, with their docs in the docstring."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from notelint.diagnostic import Finding, Fix, Severity

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.note import Note, Span

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
#: Sections every rule's docstring must have (ruff's rule-doc layout); ``--explain`` and
#: ``docs/rules.md`` are built from them.
DOC_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "Use instead:")


@dataclass
class RuleContext:
    """What a check receives besides the note: its configuration and a way to report."""

    rule: Rule
    config: Config
    findings: list[Finding] = field(default_factory=list)
    #: Per-file statistics shared by all rules (e.g. verification coverage).
    stats: dict[str, Any] = field(default_factory=dict)

    def report(
        self,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        data: dict[str, object] | None = None,
    ) -> Finding:
        finding = Finding(start, end, message, fix, data)
        self.findings.append(finding)
        return finding

    def report_span(self, span: Span, message: str, fix: Fix | None = None) -> Finding:
        return self.report(span.start, span.end, message, fix)

    def options(self) -> dict[str, Any]:
        return self.config.rule_options(self.rule)


CheckFunction = Callable[["Note", RuleContext], Iterable[Finding] | None]


@dataclass(frozen=True, eq=False)
class Rule:
    code: str
    name: str
    summary: str
    severity: Severity
    check: CheckFunction
    doc: str
    fixable: bool = False
    tags: tuple[str, ...] = ()
    #: Default-off rules (info rules) run only when selected explicitly.
    default_enabled: bool = True
    #: The plugin (distribution or module) that contributed the rule, filled in on load.
    origin: str = "notelint"

    def run(self, note: Note, ctx: RuleContext) -> list[Finding]:
        result = self.check(note, ctx)
        if result is not None:
            for finding in result:
                if finding not in ctx.findings:
                    ctx.findings.append(finding)
        return ctx.findings

    def doc_section(self, heading: str) -> str:
        """The text under one ``## heading`` of the rule's docstring."""
        pattern = re.compile(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
        m = pattern.search(self.doc)
        return m.group(1).strip() if m else ""


def rule(
    *,
    code: str,
    name: str,
    summary: str,
    severity: str = "error",
    fixable: bool = False,
    tags: Iterable[str] = (),
    default_enabled: bool | None = None,
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule: ``@rule(code=…, name=…, summary=…)`` on a check whose docstring is its docs.

    The check takes ``(note, ctx)`` and either yields findings or calls ``ctx.report``.
    """

    def decorate(check: CheckFunction) -> Rule:
        level = Severity.parse(severity)
        return Rule(
            code=code,
            name=name,
            summary=summary,
            severity=level,
            check=check,
            doc=inspect.cleandoc(check.__doc__ or ""),
            fixable=fixable,
            tags=tuple(tags),
            default_enabled=(level is not Severity.INFO) if default_enabled is None else default_enabled,
        )

    return decorate
