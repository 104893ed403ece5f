"""Run the linter over many files, optionally fixing them; results in a deterministic order."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from notelint.config import ConfigResolver
from notelint.engine import LintResult, lint_file, lint_text, rules_for
from notelint.fix import MAX_PASSES, PARSE_ERROR_CODES, apply_edits, select_edits, write_atomically
from notelint.source import Source


@dataclass
class FixOutcome:
    """What ``--fix``/``--diff`` did to one file."""

    path: str
    original: str
    fixed: str
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


@dataclass
class RunOptions:
    fix: bool = False
    diff: bool = False
    stdin_text: str | None = None
    stdin_filename: str = "<stdin>"
    outcomes: list[FixOutcome] = field(default_factory=list)


def fix_text(text: str, path: str, resolver: ConfigResolver) -> tuple[str, LintResult]:
    """Apply fixes until none is left (or MAX_PASSES); never on a file whose parse had errors."""
    config = resolver.for_path(path)
    rules = rules_for(config, path)
    from notelint.plugins import all_rules

    guards = [r for r in all_rules() if r.code in PARSE_ERROR_CODES and r not in rules]
    current = text
    result = lint_text(current, path, config, [*rules, *guards])
    for _ in range(MAX_PASSES):
        if result.internal_error or any(d.code in PARSE_ERROR_CODES for d in result.diagnostics):
            break
        edits = select_edits(result.diagnostics)
        if not edits:
            break
        fixed = apply_edits(Source(current), edits)
        if fixed == current:
            break
        current = fixed
        result = lint_text(current, path, config, [*rules, *guards])
    # Report only what the selected rules say about the final text.
    selected = {r.code for r in rules}
    result.diagnostics = [d for d in result.diagnostics if d.code in selected]
    return current, result


def run(paths: Sequence[str], resolver: ConfigResolver, options: RunOptions) -> Iterator[LintResult]:
    from notelint.discover import discover

    if options.stdin_text is not None:
        yield _one_text(options.stdin_text, options.stdin_filename, resolver, options, write=False)
        return
    root_config = resolver.for_path(None if resolver.isolated else "./x")
    for path in discover(paths, root_config.is_excluded):
        config = resolver.for_path(path)
        if not (options.fix or options.diff):
            yield lint_file(path, config)
            continue
        result = lint_file(path, config)
        if result.text is None or not any(d.fixable for d in result.diagnostics):
            yield result
            continue
        yield _one_text(result.text, path, resolver, options, write=options.fix and not options.diff)


def _one_text(text: str, path: str, resolver: ConfigResolver, options: RunOptions, write: bool) -> LintResult:
    if not (options.fix or options.diff):
        return lint_text(text, path, resolver.for_path(path if path != "<stdin>" else None))
    fixed, result = fix_text(text, path, resolver)
    outcome = FixOutcome(path, text, fixed)
    if write and outcome.changed:
        try:
            write_atomically(path, fixed)
        except OSError as exc:
            outcome.error = f"{path}: cannot write fixes: {exc.strerror or exc}"
    options.outcomes.append(outcome)
    return result
