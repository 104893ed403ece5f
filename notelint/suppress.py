"""Inline suppressions: ``<!-- notelint: disable NL401 -- reason -->`` and friends.

Directives: ``disable [RULES]`` … ``enable [RULES]``, ``disable-line``, ``disable-next-line``
and ``disable-file``. RULES are codes, prefixes or names separated by commas or spaces; none
means every rule. Text after `` -- `` is the reason. An unknown rule, or a directive that
suppresses nothing among the rules that ran, is NL003.

One grammar, :func:`parse_directive`, serves the linter (the ``DIRECTIVES`` facet, built by
:func:`find_directives`) and the language server (its "disable for this line" action).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from notelint.diagnostic import Diagnostic
from notelint.note import Facet, HtmlComment, Note
from notelint.rule import Rule
from notelint.selection import specificity

ACTIONS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_DIRECTIVE = re.compile(
    r"^\s*notelint\s*:\s*(?P<action>disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?P<rules>.*?)(?:\s--\s*(?P<reason>.*?))?\s*$",
    re.DOTALL,
)
_DIRECTIVE_START = re.compile(r"^\s*notelint\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class DirectiveSyntax:
    """What a ``notelint:`` comment says, before it is placed in a note."""

    #: One of ``ACTIONS``; "" when the comment starts with ``notelint:`` but is malformed.
    action: str
    selectors: tuple[str, ...] = ()
    reason: str | None = None
    #: Offset in the comment text just after the last selector (or after the action).
    selectors_end: int = 0

    @property
    def malformed(self) -> bool:
        return not self.action


def parse_directive(content: str) -> DirectiveSyntax | None:
    """Parse the text between ``<!--`` and ``-->``; None when it is not a notelint directive."""
    if not _DIRECTIVE_START.match(content):
        return None
    m = _DIRECTIVE.match(content)
    if m is None:
        return DirectiveSyntax("")
    rules = m.group("rules")
    selectors = tuple(s for s in re.split(r"[,\s]+", rules.strip()) if s)
    end = m.start("rules") + len(rules.rstrip()) if selectors else m.end("action")
    return DirectiveSyntax(m.group("action"), selectors, m.group("reason"), end)


@dataclass(frozen=True)
class Directive:
    """A suppression directive of a note and the offsets of the text it covers."""

    comment: HtmlComment
    syntax: DirectiveSyntax
    #: Offsets of the text the directive covers (empty for ``enable`` and malformed ones).
    start: int = 0
    end: int = 0

    @property
    def action(self) -> str:
        return self.syntax.action

    @property
    def selectors(self) -> tuple[str, ...]:
        return self.syntax.selectors

    @property
    def malformed(self) -> bool:
        return self.syntax.malformed

    def names(self, rule: Rule) -> bool:
        return not self.selectors or any(specificity(s, rule) for s in self.selectors)

    def covers(self, diagnostic: Diagnostic, rules: Mapping[str, Rule]) -> bool:
        if self.malformed or self.action == "enable" or not (self.start <= diagnostic.start < self.end):
            return False
        rule = rules.get(diagnostic.code)
        return rule is not None and self.names(rule)

    def unknown(self, rules: Sequence[Rule]) -> list[str]:
        """Selectors that name no rule among ``rules``."""
        return [s for s in self.selectors if not any(specificity(s, r) for r in rules)]


def find_directives(note: Note) -> list[Directive]:
    """Read every ``notelint:`` comment of the note and work out the range each one covers."""
    found: list[tuple[HtmlComment, DirectiveSyntax]] = []
    for comment in note.comments:
        syntax = parse_directive(comment.content)
        if syntax is not None:
            found.append((comment, syntax))
    text_end = len(note.text)
    # ``disable`` runs to the ``enable`` that closes it, or to the end of the file.
    closed_at: dict[int, int] = {}
    open_disables: list[int] = []
    for i, (comment, syntax) in enumerate(found):
        if syntax.action == "disable":
            open_disables.append(i)
        elif syntax.action == "enable":
            # Close the disables this enable names (all open ones when it names none).
            for j in list(open_disables):
                opened = found[j][1].selectors
                if not syntax.selectors or not opened or set(opened) & set(syntax.selectors):
                    closed_at[j] = comment.span.start
                    open_disables.remove(j)
    directives: list[Directive] = []
    for i, (comment, syntax) in enumerate(found):
        start = end = 0
        if syntax.action == "disable-file":
            start, end = 0, text_end
        elif syntax.action == "disable-line":
            line, _ = note.index.position(comment.span.start)
            start, end = _line_range(note, line)
        elif syntax.action == "disable-next-line":
            end_line, _ = note.index.position(comment.span.end)
            start, end = _line_range(note, end_line + 1)
        elif syntax.action == "disable":
            start, end = comment.span.end, closed_at.get(i, text_end)
        directives.append(Directive(comment, syntax, start, end))
    return directives


DIRECTIVES: Facet[list[Directive]] = Facet(
    "directives", find_directives, "Suppression directives with the text each one covers."
)


def _line_range(note: Note, line: int) -> tuple[int, int]:
    start = note.index.line_start(line - 1)
    end = note.index.line_start(line)
    return start, max(end, start + 1) if start < len(note.text) else start


def apply_suppressions(
    diagnostics: list[Diagnostic], directives: Sequence[Directive], rules: Mapping[str, Rule]
) -> tuple[list[Diagnostic], set[int]]:
    """The diagnostics no directive covers, and the indices of the directives that covered one."""
    kept: list[Diagnostic] = []
    used: set[int] = set()
    for diagnostic in diagnostics:
        covering = {i for i, d in enumerate(directives) if d.covers(diagnostic, rules)}
        used |= covering
        if not covering:
            kept.append(diagnostic)
    return kept, used
