r"""Tables of values: a Markdown table whose header cells are formulas in the names of other
columns (``| $x_i$ | $y_i$ | $x_i^2$ | $x_i y_i$ |``) states, in each row, the value of every
formula at that row's values. Each such cell is a claim: ``x_i^2 = 6`` at ``x_i = 3`` is false.

Only what the table itself says is used. A column is checked when its header is one formula
(no relation in it) whose every symbol names another column of the table; a row is checked
when those columns give exact data (integers, fractions, decimals of at most two significant
digits: an input written ``0.333`` stands for a rounded number, and its row is left alone).
The cell is a written number (``9``, ``0.135``, ``$\tfrac14$``, ``**14**``), judged as ``=``
against a decimal is (it must round or truncate to it at its written precision); a cell
written ``$\approx 0.135$`` is an approximation.

A row of totals (its first cell "Total", "Sum" or "Σ", or every number of the row in bold) is
the sum of the plain numbers above it, within what their rounding allows: half a unit of each
decimal's last digit and one unit of the total's (integers are exact). A column whose own
cells are wrong is reported at those cells, not again at its total.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from notelint import data
from notelint.math.checking import claims
from notelint.math.checking.jobs import Job
from notelint.math.checking.link_results import LinkResult
from notelint.math.checking.recorded_definitions import value_key
from notelint.math.reading.relations import Link, Side
from notelint.math.semantics.span_symbols import occurrences

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.checking.note_facts import NoteFacts
    from notelint.note import MathSpan, Note

#: a plain-text cell that is a number: ``3``, ``-0.25``, ``−1.5`` (a Unicode minus), ``1/4``,
#: in bold or not
_NUMBER = re.compile(r"[-−+]?\d+(?:\.\d+)?(?:/\d+)?")
_DECIMAL = re.compile(r"[-+]?\d+(?:\.\d+)?")
#: relation signs: a header that states a relation (``$\eta=0.1$``) names no column's formula
_RELATIONS = ("=", "<", ">", "\\le", "\\ge", "\\approx", "\\ne", "\\sim", "\\in", "\\to", "\\mid", "|")


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    #: the cell's LaTeX: its one math span's content, else its plain text
    latex: str
    #: the cell's one math span, when the cell is one
    math: MathSpan | None


@dataclass(frozen=True)
class _Check:
    """One cell to check: by a CAS job (a formula at its row's values), or decided here (a
    total against the sum of its column)."""

    header: _Cell
    cell: _Cell
    #: the row's values the formula uses, as words (``$x_i=3$``); empty for a total
    at: str
    job: Job | None = None
    #: a total: whether it is the sum of its column, and that sum
    holds: bool = True
    total: str = ""


def table_results(
    note: Note, facts: NoteFacts, config: Config
) -> tuple[list[LinkResult], list[tuple[int, int]]]:
    r"""The verdicts on the note's tables of values (``NL501``/``NL502`` claims), and the file
    spans of the cells checked (a cell's ``\approx 0.135`` is no relation missing a side)."""
    from notelint.math.checking.verdict_runs import run_cached

    checks = list(_checks(note, facts))
    jobs = [c.job for c in checks if c.job is not None]
    verdicts = iter(run_cached(jobs, config)[0] if jobs else [])
    decided: list[tuple[_Check, str, str]] = []
    for c in checks:
        verdict = next(verdicts) if c.job is not None else {"status": "holds" if c.holds else "fails"}
        decided.append((c, str(verdict.get("status")), str(verdict.get("message", ""))))
    # a column with a wrong cell has a wrong total too: the cell is the finding
    wrong = {id(c.header) for c, status, _ in decided if c.at and status == "fails"}
    out: list[LinkResult] = []
    for c, status, said in decided:
        if status not in ("holds", "fails") or (not c.at and id(c.header) in wrong):
            continue
        op = c.job.op if c.job is not None else "="
        right = c.job.right if c.job is not None else c.cell.latex
        link = Link(op, "=" if op == "=" else "\\approx", Side(0, 0, c.header.latex), Side(0, 0, right), 0, 0)
        code = "NL502" if op == "approx" else "NL501"
        assert c.header.math is not None
        if status == "holds":
            out.append(LinkResult(link, c.header.math, "verified", "", c.cell.start, c.cell.end, code))
            continue
        written = _unbold(c.cell.latex).removeprefix("\\approx").strip()
        head = f"${c.header.latex.strip()}$"
        message = (
            f"the column {head} at {c.at} is {_value_words(said)}, not {written}"
            if c.at
            else f"the numbers of the column {head} sum to {c.total}, not {written}"
        )
        out.append(LinkResult(link, c.header.math, "refuted", message, c.cell.start, c.cell.end, code))
    return out, [(c.cell.start, c.cell.end) for c in checks]


def _value_words(message: str) -> str:
    """The formula's value from a verdict's message ("the left side is 9 but …")."""
    found = re.search(r"the left side is (\S+?)[,]? (?:but|and|which)", message)
    if found is None:
        return "another number"
    try:
        return f"{float(found.group(1).replace('−', '-')):.6g}"
    except ValueError:
        return found.group(1)


def _checks(note: Note, facts: NoteFacts) -> Iterator[_Check]:
    for header, rows in _tables(note):
        symbols = [_symbols(c, facts) or set() for c in header]
        names = {k: c for k, c in enumerate(header) if _bare(c) and len(symbols[k]) == 1}
        columns = {key for k in names for key in symbols[k]}
        formulas = {
            k: c
            for k, c in enumerate(header)
            if k not in names
            and not any(r in c.latex for r in _RELATIONS)
            and symbols[k]
            and symbols[k] <= columns
        }
        for row in rows:
            if len(row) != len(header):
                continue
            if _totals(row):
                yield from _sums(header, rows, row)
                continue
            values: dict[str, str] = {}
            given: set[str] = set()
            for k, column in names.items():
                number = _number(row[k].latex)
                if number is not None:
                    values[value_key(column.latex)] = number
                    given |= symbols[k]
            if not all(_exact(v) for v in values.values()):
                continue  # inputs written rounded: the row's formulas are at numbers not shown
            context = facts.cas_context({}, values, {})
            for k, formula in formulas.items():
                cell = row[k]
                op, written = "=", cell.latex.strip()
                if written.startswith("\\approx"):
                    op, written = "approx", written.removeprefix("\\approx").strip()
                number = _number(written)
                if number is None or not symbols[k] <= given:
                    continue
                at = ", ".join(
                    f"${name}={v}$" for name, v in values.items() if claims.mentions(formula.latex, name)
                )
                yield _Check(formula, cell, at, Job(op, formula.latex.strip(), number, context))


#: the label of a row of totals: "Σ", "Sum", "Total"
_TOTAL_LABEL = re.compile(r"\W*(?:σ|∑|sums?|totals?)\W*", re.IGNORECASE)
#: the same label written in math (``$\sum$``, ``$\Sigma$``; NL301 reads it so too)
_TOTAL_MARKS = frozenset(data.load("math_prose")["tables"]["total_marks"])


def _totals(row: list[_Cell]) -> bool:
    """A row of totals: labelled so in its first cell (``$\\sum$``, ``$\\Sigma$`` too), or every
    number in it in bold."""
    first = row[0].latex.strip()
    if _TOTAL_LABEL.fullmatch(first) or (row[0].math is not None and first in _TOTAL_MARKS):
        return True
    numbers = [c for c in row if _number(c.latex) is not None]
    return bool(numbers) and all(_bold(c.latex) or not c.latex.strip() for c in row)


def _bold(text: str) -> bool:
    text = text.strip()
    return len(text) > 4 and (text[:2], text[-2:]) in (("**", "**"), ("__", "__"))


def _sums(header: list[_Cell], rows: list[list[_Cell]], totals: list[_Cell]) -> Iterator[_Check]:
    """A row of totals: each column's total is the sum of the plain numbers above it, within
    what their rounding allows (half a unit of each one's last digit, one of the total's);
    only for the first row of totals of a table."""
    above = rows[: rows.index(totals)]
    if not above or any(_totals(r) or _grouped(r) for r in above):
        return
    for k, head in enumerate(header):
        total = _decimal(totals[k].latex)
        cells = [_decimal(r[k].latex) if len(r) == len(header) else None for r in above]
        if total is None or head.math is None:
            continue
        numbers = [c for c in cells if c is not None]
        if len(numbers) != len(cells):
            continue
        summed = sum((n for n, _ in numbers), Decimal(0))
        # (integers are exact counts; a total of decimals may be rounded or truncated)
        slack = sum((u / 2 for _, u in numbers), Decimal(0))
        if slack or total[1]:
            slack += total[1] if total[1] else Decimal("0.5")
        yield _Check(
            head, totals[k], "", holds=abs(summed - total[0]) <= slack, total=f"{summed.normalize():f}"
        )


def _grouped(row: list[_Cell]) -> bool:
    """A row standing for several ("1–5 (each)", "faces 2, 3"): a label with a number in it."""
    return any(_number(c.latex) is None and any(ch.isdigit() for ch in c.latex) for c in row)


def _decimal(text: str) -> tuple[Decimal, Decimal] | None:
    """A cell written as a plain decimal number, and the unit of its last digit."""
    plain = _unbold(text).replace("−", "-")
    if not _DECIMAL.fullmatch(plain):
        return None
    value = Decimal(plain)
    if "." not in plain:
        return value, Decimal(0)
    exponent = value.as_tuple().exponent
    return value, Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def _symbols(cell: _Cell, facts: NoteFacts) -> set[str] | None:
    """The symbols a header formula uses (``x`` and ``y`` of ``x_iy_i``; indices are not
    symbols); None for a header that is no formula or uses a function it does not define
    (``\\sigma(z)``: the logistic function, or a standard deviation times z?)."""
    if cell.math is None:
        return None
    out: set[str] = set()
    for occurrence in occurrences(cell.math):
        if occurrence.role == "use":
            out.add(occurrence.key)
        elif occurrence.role != "index" and not (occurrence.key == "e" and facts.euler):
            return None
    return out


def _bare(cell: _Cell) -> bool:
    """A header that names its column's symbol: ``$x_i$``, ``$n$`` (not ``$x_i^2$``)."""
    return claims.is_bare(cell.latex) and "^" not in cell.latex and "'" not in cell.latex


def _number(text: str) -> str | None:
    """A cell's number as LaTeX, else None."""
    plain = _unbold(text)
    if _NUMBER.fullmatch(plain):
        return plain.replace("−", "-")
    if plain and not claims.names_in(plain) and any(ch.isdigit() for ch in plain):
        if any(r in plain for r in _RELATIONS) or "\\pm" in plain or "," in plain:
            return None
        return plain
    return None


def _unbold(text: str) -> str:
    """A cell's text without its bold or italic marks (``**14**``)."""
    return text.strip().strip("*_").strip()


def _exact(number: str) -> bool:
    """Data exact as written: no decimal of three or more significant digits."""
    for part in re.findall(r"\d+\.\d+", number):
        digits = part.replace(".", "").lstrip("0")
        if len(digits) > 2:
            return False
    return True


def _tables(note: Note) -> Iterator[tuple[list[_Cell], list[list[_Cell]]]]:
    """Each table of the note: its header cells and its body rows' cells."""
    tokens = note.tokens
    k = 0
    while k < len(tokens):
        if tokens[k].type != "table_open":
            k += 1
            continue
        header: list[_Cell] = []
        rows: list[list[_Cell]] = []
        in_head = False
        while k < len(tokens) and tokens[k].type != "table_close":
            token = tokens[k]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open" and token.map is not None:
                cells = _row_cells(note, token.map[0])
                if in_head:
                    header = cells
                else:
                    rows.append(cells)
            k += 1
        if header and rows:
            yield header, rows


def _row_cells(note: Note, line: int) -> list[_Cell]:
    """The cells of the table row on ``line`` (0-based), split at its unescaped pipes outside
    math."""
    start = note.index.line_start(line)
    end = note.text.find("\n", start)
    end = len(note.text) if end < 0 else end
    spans = [m for m in note.math if start <= m.start < end]
    bounds: list[int] = []
    at = start
    while at < end:
        inside = next((m for m in spans if m.start <= at < m.end), None)
        if inside is not None:
            at = inside.end
            continue
        if note.text[at] == "|" and note.text[at - 1] != "\\":
            bounds.append(at)
        at += 1
    if not bounds:
        return []
    pieces = list(itertools.pairwise(bounds))
    prefix = note.text[start : bounds[0]]
    if prefix.strip(" \t>"):
        # a row without its leading pipe ("x | y"), after a blockquote's "> " if any
        first = start + len(prefix) - len(prefix.lstrip(" \t>"))
        pieces.insert(0, (first - 1, bounds[0]))
    tail = note.text[bounds[-1] + 1 : end].strip()
    if tail:
        pieces.append((bounds[-1], end))
    out: list[_Cell] = []
    for a, b in pieces:
        lo, hi = a + 1, b
        while lo < hi and note.text[lo] in " \t":
            lo += 1
        while hi > lo and note.text[hi - 1] in " \t":
            hi -= 1
        inner = [m for m in spans if lo <= m.start and m.end <= hi]
        if len(inner) == 1 and inner[0].start == lo and inner[0].end == hi:
            out.append(_Cell(lo, hi, inner[0].latex, inner[0]))
        else:
            out.append(_Cell(lo, hi, note.text[lo:hi], None))
    return out
