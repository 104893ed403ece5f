"""Inline suppressions: ``<!-- notelint: disable NL401 -- reason -->`` and friends.

Directives: ``disable [RULES]`` … ``enable [RULES]``, ``disable-line``, ``disable-next-line``
and ``disable-file``. RULES are codes, prefixes or names separated by commas or spaces; none
means every rule. Text after `` -- `` is the reason. An unknown rule, or a directive that
suppresses nothing among the rules that ran, is NL003.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from notelint.diagnostic import Diagnostic
from notelint.note import HtmlComment, Note
from notelint.rule import Rule
from notelint.selection import specificity

_DIRECTIVE = re.compile(
    r"^\s*notelint\s*:\s*(?P<action>disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?P<rules>.*?)(?:\s--\s*(?P<reason>.*?))?\s*$",
    re.DOTALL,
)
_DIRECTIVE_START = re.compile(r"^\s*notelint\s*:", re.IGNORECASE)


@dataclass
class Directive:
    comment: HtmlComment
    action: str
    selectors: list[str]
    #: Offsets of the text the directive covers.
    start: int = 0
    end: int = 0
    used: bool = False
    unknown: list[str] = field(default_factory=list)
    malformed: bool = False

    def covers(self, diagnostic: Diagnostic, rules: dict[str, Rule]) -> bool:
        if not (self.start <= diagnostic.start < self.end):
            return False
        if not self.selectors:
            return True
        rule = rules.get(diagnostic.code)
        return rule is not None and any(specificity(s, rule) for s in self.selectors)


def parse_directives(note: Note, rules: Sequence[Rule]) -> list[Directive]:
    """Read every ``notelint:`` comment and work out the range each one covers."""
    directives: list[Directive] = []
    open_disables: list[Directive] = []
    text_end = len(note.text)
    for comment in note.comments:
        if not _DIRECTIVE_START.match(comment.content):
            continue
        m = _DIRECTIVE.match(comment.content)
        if m is None:
            d = Directive(comment, "invalid", [], malformed=True)
            directives.append(d)
            continue
        selectors = [s for s in re.split(r"[,\s]+", m.group("rules").strip()) if s]
        d = Directive(comment, m.group("action"), selectors)
        d.unknown = [s for s in selectors if not any(specificity(s, r) for r in rules)]
        line, _ = note.index.position(comment.span.start)
        if d.action == "disable-file":
            d.start, d.end = 0, text_end
        elif d.action == "disable-line":
            d.start, d.end = _line_range(note, line)
        elif d.action == "disable-next-line":
            end_line, _ = note.index.position(comment.span.end)
            d.start, d.end = _line_range(note, end_line + 1)
        elif d.action == "disable":
            d.start, d.end = comment.span.end, text_end
            open_disables.append(d)
        elif d.action == "enable":
            # Close the disables this enable names (all open ones when it names none).
            for open_d in list(open_disables):
                if not selectors or set(open_d.selectors) & set(selectors) or not open_d.selectors:
                    open_d.end = comment.span.start
                    open_disables.remove(open_d)
        directives.append(d)
    return directives


def _line_range(note: Note, line: int) -> tuple[int, int]:
    start = note.index.line_start(line - 1)
    end = note.index.line_start(line)
    return start, max(end, start + 1) if start < len(note.text) else start


def apply_suppressions(
    diagnostics: list[Diagnostic], directives: list[Directive], rules: dict[str, Rule]
) -> list[Diagnostic]:
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        suppressed = False
        for d in directives:
            if d.action != "enable" and not d.malformed and d.covers(diagnostic, rules):
                d.used = True
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    return kept
