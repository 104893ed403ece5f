"""Rules: metadata plus a check over the Note model, with their docs in the docstring."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, overload

from notelint.diagnostic import Finding, Fix, Severity
from notelint.note import ConfiguredFacet, Facet, reading_facets

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.note import Note, Span

T = TypeVar("T")

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
TAG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
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

    @overload
    def facet(self, note: Note, facet: Facet[T]) -> T: ...

    @overload
    def facet(self, note: Note, facet: ConfiguredFacet[T]) -> T: ...

    def facet(self, note: Note, facet: Facet[T] | ConfiguredFacet[T]) -> T:
        """A facet the rule declared (``@rule(facets=…)``), a configured one under the run's
        configuration; an undeclared one raises ``UndeclaredFacetError``."""
        if isinstance(facet, ConfiguredFacet):
            return note.facet(facet, self.config)
        return note.facet(facet)

    def options(self) -> dict[str, Any]:
        """Every option the rule declares: the configured value, else the declared default."""
        configured = self.config.rule_options(self.rule)
        return {o.name: configured.get(o.name, o.default) for o in self.rule.options}

    def option(self, name: str) -> Any:
        """One declared option's value (``[tool.notelint.rules.<CODE>] <name> = …``, else its default)."""
        declared = next((o for o in self.rule.options if o.name == name), None)
        if declared is None:
            raise KeyError(f"rule {self.rule.code} declares no option {name!r}")
        return self.config.rule_options(self.rule).get(name, declared.default)


@dataclass(frozen=True)
class RuleOption:
    """An option a rule declares, set in ``[tool.notelint.rules.<CODE or name>]``.

    The value's type is the default's (``bool``, ``int``, ``float``, ``str`` or a list of
    strings) unless ``value_type`` says otherwise; ``choices`` limits it to a few values. The
    configuration is validated against these declarations when it is read, so a misspelt
    option or a wrong type stops the run with a message naming the file and key.
    """

    name: str
    default: Any
    help: str
    choices: tuple[Any, ...] = ()
    value_type: type | None = None

    def __post_init__(self) -> None:
        if not NAME_PATTERN.match(self.name):
            raise ValueError(f"option name {self.name!r} is not kebab-case")
        if self.value_type is None and self.default is None:
            raise ValueError(f"option {self.name!r}: a default of None needs an explicit type")

    @property
    def kind(self) -> type:
        return self.value_type or type(self.default)

    def parse(self, value: Any) -> Any:
        """The value if it fits the option; ValueError saying what was expected otherwise."""
        kind = self.kind
        if kind is bool:
            ok = isinstance(value, bool)
        elif kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            value = float(value) if ok else value
        elif kind is list:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, kind)
        if not ok:
            what = "a list of strings" if kind is list else f"a {kind.__name__}"
            raise ValueError(f"expected {what}")
        if self.choices and value not in self.choices:
            raise ValueError(f"expected one of {', '.join(map(repr, self.choices))}")
        return value


CheckFunction = Callable[["Note", RuleContext], Iterable[Finding] | None]


@dataclass(frozen=True, eq=False)
class Rule:
    """A rule as ``@rule`` makes it: metadata, options, declared facets and its check function."""

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
    #: Options the rule reads with ``ctx.option(name)``, validated when the configuration is read.
    options: tuple[RuleOption, ...] = ()
    #: The names of the facets the rule reads (``note.facet``, ``span.facet``, ``ctx.facet``),
    #: itself or through the helpers it calls; reading any other one while it runs is an error.
    facets: tuple[str, ...] = ()

    def run(self, note: Note, ctx: RuleContext) -> list[Finding]:
        with reading_facets(f"rule {self.code} [{self.name}]", frozenset(self.facets)):
            result = self.check(note, ctx)
            if result is not None:  # a generator reads its facets while it is consumed
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
    options: Iterable[RuleOption] = (),
    facets: Iterable[str] = (),
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule: ``@rule(code=…, name=…, summary=…)`` on a check whose docstring is its docs.

    The check takes ``(note, ctx)`` and either yields findings or calls ``ctx.report``.
    ``severity`` is "error", "warning" or "info" (info rules run only when selected);
    ``tags`` are selectable as ``tag:<name>``; ``options`` are the rule's settings;
    ``facets`` names every facet of the note the check reads (``"equations"``, ``"math-model"``…,
    the ``name`` of each :class:`~notelint.Facet`): reading one it did not declare is an error.
    """
    declared = tuple(facets)
    for facet_name in declared:
        if not NAME_PATTERN.match(facet_name):
            raise ValueError(f"rule {code}: facet name {facet_name!r} is not kebab-case")

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
            options=tuple(options),
            facets=declared,
            default_enabled=(level is not Severity.INFO) if default_enabled is None else default_enabled,
        )

    return decorate
