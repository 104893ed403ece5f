"""Fixture testing for rule authors (built-in rules and plugins alike).

A fixture is a note ``fixtures/rules/<CODE>/<case>.md`` linted with only ``<CODE>`` selected (or
with the rules named in a first-line comment ``<!-- fixture: select NL101,NL102 -->``). Its
expectations are written inside it, on the line they concern, as HTML comments::

    <!-- expect: NL205 -->            a finding NL205 on this line
    <!-- expect: NL205@12 -->         ... starting at column 12 (1-based)
    <!-- expect: NL205@12-20 -->      ... from column 12 to end column 20 on the same line
    <!-- expect: NL501 "4/27" -->     ... whose message contains the text 4/27 (\" for a quote)
    <!-- expect: NL401, NL402 -->     two findings on this line
    <!-- expect(-2): NL210 -->        a finding two lines above the comment (inside math or code)

Every finding must be expected and every expectation met. The rules never see the expectation
comments: each is cut out of its line before linting (a line holding only expectations becomes an
empty line), so every other character keeps its line and column; an expectation must therefore
end its line. A fixture with a hand-written ``<case>.fixed.md`` beside it is also fixed (the
selected rules' fixes, applied until nothing changes, as ``notelint --fix`` does) and the result
must equal that file, expectation comments aside. A ``.fixed.md`` is itself a fixture: what is
left in it must be expected there (a copy of the fixture says that no fix is offered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from notelint.config import Config
from notelint.diagnostic import Diagnostic, Edit
from notelint.engine import lint_text
from notelint.fix import MAX_PASSES, PARSE_ERROR_CODES, select_edits
from notelint.parse import parse_note
from notelint.source import LineIndex

_SELECT = re.compile(r"^<!--\s*fixture:\s*select\s+([^>]*?)\s*-->")
_EXPECT_COMMENT = re.compile(r"<!--\s*expect\s*(?:\(\s*(?P<offset>[+-]?\d+)\s*\))?\s*:(?P<body>[^\n]*?)-->")
_EXPECT_LINE = _EXPECT_COMMENT
_ITEM = re.compile(
    r"\s*(?P<code>[A-Za-z]+[0-9]+)(?:@(?P<column>\d+)(?:-(?P<end_column>\d+))?)?"
    r'(?:\s+"(?P<text>(?:[^"\\]|\\.)*)")?\s*(?:,|$)'
)
FIXED_SUFFIX = ".fixed.md"


class FixtureError(Exception):
    """A fixture that cannot be read as written (a malformed expectation, a bad selection)."""


@dataclass(frozen=True)
class Expectation:
    """One ``<!-- expect: … -->`` item: a finding the fixture must produce."""

    line: int
    code: str
    column: int | None = None
    end_column: int | None = None
    text: str | None = None

    def matches(self, d: Diagnostic) -> bool:
        if d.line != self.line or d.code != self.code:
            return False
        if self.column is not None and d.column != self.column:
            return False
        if self.end_column is not None and (d.end_line != d.line or d.end_column != self.end_column):
            return False
        return self.text is None or self.text in d.message

    def render(self) -> str:
        where = "" if self.column is None else f"@{self.column}"
        where += "" if self.end_column is None else f"-{self.end_column}"
        text = "" if self.text is None else f' "{self.text}"'
        return f"{self.line}: {self.code}{where}{text}"


@dataclass(frozen=True)
class Fixture:
    """A fixture read: the text the rules see, the selection and the expectations."""

    path: Path
    original: str
    text: str
    select: list[str]
    expectations: list[Expectation]


def _parse_items(body: str, comment_line: int, line: int, where: str) -> list[Expectation]:
    items: list[Expectation] = []
    pos = 0
    body = body.rstrip()
    while pos < len(body):
        m = _ITEM.match(body, pos)
        if m is None or m.end() == pos:
            raise FixtureError(
                f"{where}:{comment_line}: cannot read expectation {body.strip()!r} at {body[pos:]!r}"
            )
        column = int(m["column"]) if m["column"] else None
        end_column = int(m["end_column"]) if m["end_column"] else None
        text = re.sub(r'\\(["\\])', r"\1", m["text"]) if m["text"] is not None else None
        items.append(Expectation(line, m["code"].upper(), column, end_column, text))
        pos = m.end()
    if not items:
        raise FixtureError(f"{where}:{comment_line}: an expect comment names no rule")
    return items


def read_fixture(path: Path, default_select: list[str], text: str | None = None) -> Fixture:
    """Read a fixture (or ``text``, a version of it): cut out its expectation comments and collect them."""
    original = path.read_text(encoding="utf-8") if text is None else text
    m = _SELECT.match(original)
    select = [s.strip() for s in m.group(1).split(",") if s.strip()] if m else default_select
    if not select:
        raise FixtureError(f"{path}: the fixture selects no rule")
    # The parser says where code, math and front matter are: an expect comment there is text.
    # (Comments are found by scanning, not from the parser: a table drops a cell past its width.)
    note = parse_note(original, str(path))
    index = note.index
    opaque = [(c.start, c.end) for c in note.code] + [(m.start, m.end) for m in note.math]
    if note.front_matter is not None:
        opaque.append((note.front_matter.start, note.front_matter.end))
    cuts: list[tuple[int, int]] = []
    expectations: list[Expectation] = []
    for found in _EXPECT_COMMENT.finditer(original):
        if any(start <= found.start() < end for start, end in opaque):
            continue
        line, _ = index.position(found.start())
        line_end = index.line_start(line - 1) + len(index.line_text(line))
        if not _only_expectations(original[found.end() : line_end]):
            raise FixtureError(f"{path}:{line}: an expect comment must sit alone at the end of its line")
        offset = found["offset"]
        target = line + int(offset or 0)
        if not 1 <= target <= index.line_count:
            raise FixtureError(f"{path}:{line}: expect({offset}) points outside the file")
        expectations.extend(_parse_items(found["body"], line, target, str(path)))
        # Cut the comment and the blanks before it, so the line reads as if it had never been there.
        start = found.start()
        line_start = index.line_start(line - 1)
        while start > line_start and original[start - 1] in " \t":
            start -= 1
        cuts.append((start, found.end()))
    text = _cut(original, cuts)
    return Fixture(path, original, text, select, expectations)


def _only_expectations(rest: str) -> bool:
    return not _EXPECT_LINE.sub("", rest).strip()


def _cut(text: str, cuts: list[tuple[int, int]]) -> str:
    out: list[str] = []
    cursor = 0
    for start, end in sorted(cuts):
        start = max(start, cursor)
        out.append(text[cursor:start])
        cursor = max(cursor, end)
    out.append(text[cursor:])
    return "".join(out)


def without_expectations(text: str) -> str:
    """``text`` with expectation comments removed and the lines that held only them dropped."""
    lines = []
    for line in text.splitlines(keepends=True):
        if _EXPECT_LINE.search(line):
            kept = _EXPECT_LINE.sub("", line).rstrip(" \t\r\n")
            if not kept.strip():
                continue
            line = kept + ("\n" if line.endswith("\n") else "")
        lines.append(line)
    return "".join(lines)


def lint_fixture_text(fixture: Fixture, text: str | None = None) -> list[Diagnostic]:
    config = Config({"select": fixture.select})
    return lint_text(fixture.text if text is None else text, fixture.path.name, config).diagnostics


def lint_fixture(note: Path, code: str) -> list[Diagnostic]:
    """The diagnostics of a fixture, linted as the rules see it (expectations cut out)."""
    return lint_fixture_text(read_fixture(note, [code]))


def render(diagnostics: list[Diagnostic]) -> str:
    return "".join(
        f"{d.line}:{d.column}-{d.end_line}:{d.end_column}: {d.code} {d.message}\n" for d in diagnostics
    )


def unmatched(
    expectations: list[Expectation], diagnostics: list[Diagnostic]
) -> tuple[list[Expectation], list[Diagnostic]]:
    """Expectations no finding meets and findings no expectation names (a maximum matching)."""
    owner: dict[int, int] = {}  # diagnostic index -> expectation index

    def assign(e: int, seen: set[int]) -> bool:
        for d, diagnostic in enumerate(diagnostics):
            if d in seen or not expectations[e].matches(diagnostic):
                continue
            seen.add(d)
            if d not in owner or assign(owner[d], seen):
                owner[d] = e
                return True
        return False

    met = {e for e in range(len(expectations)) if assign(e, set())}
    missing = [x for i, x in enumerate(expectations) if i not in met]
    extra = [d for i, d in enumerate(diagnostics) if i not in owner]
    return missing, extra


def check_fixture(note: Path, code: str) -> list[str]:
    """Every way the fixture fails: missed expectations, unexpected findings, a wrong fix."""
    fixture = read_fixture(note, [code])
    diagnostics = lint_fixture_text(fixture)
    missing, extra = unmatched(fixture.expectations, diagnostics)
    problems = [f"expected but not reported: {e.render()}" for e in missing]
    problems += [f"reported but not expected: {render([d]).strip()}" for d in extra]
    fixed_file = note.with_name(note.name[: -len(".md")] + FIXED_SUFFIX)
    if not note.name.endswith(FIXED_SUFFIX) and fixed_file.exists():
        want = without_expectations(fixed_file.read_text(encoding="utf-8"))
        got = without_expectations(fix_fixture(fixture))
        if got != want:
            problems.append(f"the fixed text differs from {fixed_file.name}:\n{_diff(want, got)}")
    return problems


def fix_fixture(fixture: Fixture) -> str:
    """The fixture's original text (expectations kept) with the selected rules' fixes applied."""
    current = fixture.original
    for _ in range(MAX_PASSES):
        cut = read_fixture(fixture.path, fixture.select, current).text
        diagnostics = lint_fixture_text(fixture, cut)
        if any(d.code in PARSE_ERROR_CODES for d in diagnostics):
            break
        edits = select_edits(diagnostics)
        if not edits:
            break
        # Map every edit through (line, column): cutting the comments moved no other character.
        cut_index, index = LineIndex(cut), LineIndex(current)
        moved = [
            Edit(
                index.offset(*cut_index.position(e.start)),
                index.offset(*cut_index.position(e.end)),
                e.replacement,
            )
            for e in edits
        ]
        fixed = _apply(current, moved)
        if fixed == current:
            break
        current = fixed
    return current


def _apply(text: str, edits: list[Edit]) -> str:
    out: list[str] = []
    cursor = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[cursor : e.start])
        out.append(e.replacement)
        cursor = e.end
    out.append(text[cursor:])
    return "".join(out)


def _diff(want: str, got: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            want.splitlines(keepends=True), got.splitlines(keepends=True), "expected", "fixed", lineterm="\n"
        )
    )
