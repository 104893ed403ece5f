"""Equation numbering, labels and references, with file offsets.

Numbers come from every source writers use:

* ``\\tag{7}`` / ``\\tag*{7}`` in any display math;
* auto-numbered rows of ``equation``, ``align``, ``gather``, ``multline``, ``flalign``,
  ``alignat`` and ``eqnarray`` (not the starred forms), minus rows with ``\\notag`` or
  ``\\nonumber``, whether the environment stands alone or sits inside ``$$ … $$``;
* labelled math that a documentation tool numbers: MyST ``$$ … $$ (label)``, a ``{math}``
  fence with ``:label:``, d2l's ``:eqlabel:`name``` after a display block;
* an ``Equation (k):`` line (the standard's own layout) that introduces equation *k*.

References are ``\\eqref{…}``/``\\ref{…}``, the roles ``:eqref:`…``` (d2l) and ``{eq}`…```
(MyST), and plain-text numbers in prose: ``(7)``, ``Eq. (7)``, ``Eqs. (7) and (8)``,
``Equation (7)``, ranges ``(7)–(9)``. Numbers in prose that are not references
(``(n−1)``, ``(0, 1)``, ``(2020)``, ``f(7)``, an enumeration ``(1) … (2) …``) are not taken.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.note import Facet, MathSpan, Span
from notelint.parse.latex_scan import matching_brace

if TYPE_CHECKING:
    from notelint.note import Note

#: Environments whose rows LaTeX numbers automatically; value: one row per ``\\``?
NUMBERED_ENVIRONMENTS = {
    "equation": False,
    "multline": False,
    "align": True,
    "gather": True,
    "flalign": True,
    "alignat": True,
    "eqnarray": True,
}

_BEGIN_END = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")
_TAG = re.compile(r"\\tag(\*?)\s*\{")
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_NOTAG = re.compile(r"\\(?:notag|nonumber)(?![A-Za-z])")
_EQLABEL = re.compile(r"[ \t]*\n?[ \t]*:eqlabel:`([^`]+)`")
_MYST_LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.MULTILINE)
#: pandoc-crossref's ``$$ … $$ {#eq:name}`` and Quarto's ``$$ … $$ {#eq-name}``: both number it.
_CROSSREF_LABEL = re.compile(r"[ \t]*\{#(eq[:-][^\s{}]+)[^{}\n]*\}")
#: bookdown's label inside the math (``x = 1 (\#eq:name)``): the row is numbered. The parser
#: blanks it in ``MathSpan.latex``; it is read from the file.
_BOOKDOWN_LABEL = re.compile(r"\(\\#(eq:[\w:/.-]+)\)")
#: What may stand between an ``Equation (k):`` line and its math: blank lines and the opening of
#: a math fence (```` ```math ````, ``~~~math``, MyST ```` ```{math} ```` with ``:label:`` options),
#: each line behind the blockquote markers of a quote or callout (``> [!note]``) holding them.
#: The step's ``{Rule: …}`` line may come first ("Equation (1): … \n{Rule: definition}\n\n$$").
_MATH_OPENING = re.compile(
    r"(?:[\s>]*[ \t]*(?:\*\*|__|\*|_)?[{(]?[ \t]*Rule[ \t]*:[^\n]*\n)?"
    r"[\s>]*(?:(?:`{3,}|~{3,})[ \t]*\{?math\}?[^\n]*\n(?:[ \t>]*:[\w-]+:[^\n]*\n)*)?[ \t>]*",
    re.IGNORECASE,
)
#: ``Equation (k):`` (or ``Eq. (k):``) at the start of a line or list item introduces equation k.
_EQUATION_HEAD = re.compile(
    # ("Equation (3) (RECONSTRUCTED):", "Equation (4) (VERBATIM, 00:14:30):": the tags between)
    r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?(?:Equation|Eqn?\.?)[ \t]*\((\d+)\)(?:\*\*|__)?"
    r"(?:[ \t]*\([^()\n]*\))*[ \t]*:",
    re.MULTILINE | re.IGNORECASE,
)

#: a LaTeX command, and a letter left when they are gone (math of numbers only has none)
_COMMAND = re.compile(r"\\[A-Za-z]+")
_LETTER = re.compile(r"[A-Za-z]")
#: an environment of rows inside a display (no number of its own)
_INNER_ROWS = re.compile(r"\\begin\{(aligned|alignedat|gathered|split)\}(?:\{[^{}]*\})?")
#: a number written by hand at the end of a row: ``&&\text{(5)}``, ``\qquad\text{(5)}``
_TEXT_NUMBER = re.compile(
    r"(?:&|\\q?quad)\s*\\(?:text|textrm|mathrm)\s*\{\s*\(\s*(\d{1,3}[a-z]?)\s*\)\s*\}\s*(?:\\\\\s*)?$"
)

_LATEX_REF = re.compile(r"\\(eqref|ref|autoref|cref|Cref)\s*\{([^{}]*)\}")
_ROLE_REF = re.compile(r"(?::eqref:|\{eq\})`([^`]+)`")
_PAREN_NUMBER = re.compile(r"\((\d{1,3}[a-z]?)\)")
_BARE_REF = re.compile(r"\(([1-9]\d{0,2})\)")  # (0) is a value ("closed (0) to open (1)"), never an equation


@functools.lru_cache(maxsize=1)
def _reference_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(keyword reference, not-an-equation word) patterns, from ``data/equations.toml``."""
    from notelint import data

    table = data.load("equations")["references"]
    keywords = "|".join(re.escape(k) for k in sorted(table["keywords"], key=len, reverse=True))
    # A keyword then one or more parenthesised numbers: ``Eq. (7)``, ``Eqs. (7)–(9) and (12)``.
    keyword = re.compile(
        rf"\b(?:{keywords})\.?[ \t\u00a0]*"
        r"(\(\d{1,3}[a-z]?\)(?:[ \t\u00a0]*(?:,|and|or|to|&|-|–|—|through)?[ \t\u00a0]*\(\d{1,3}[a-z]?\))*)",
        re.IGNORECASE,
    )
    words = "|".join(re.escape(w) for w in sorted(table["not_equation_words"], key=len, reverse=True))
    not_equation = re.compile(rf"\b(?:{words})\.?[ \t\u00a0]*$", re.IGNORECASE)
    return keyword, not_equation


@dataclass(frozen=True)
class Label:
    """A label given to an equation, in one of the dialects' syntaxes."""

    name: str
    span: Span
    #: "latex" (``\\label``), "myst" (``$$ … $$ (name)``, ``:label:``), "d2l" (``:eqlabel:``),
    #: "pandoc" (pandoc-crossref ``{#eq:name}``, Quarto ``{#eq-name}``).
    source: str = "latex"


@dataclass(eq=False)
class Equation:
    """One numbered (or numberable) display equation: a display span or one row of it."""

    math: MathSpan
    #: File offsets of the row (the whole math content for a one-row span).
    span: Span
    #: The number as written (``"7"``, ``"7a"``) or the auto number; None when unnumbered.
    number: str | None = None
    #: File offsets of the written number (inside ``\\tag{…}`` or ``Equation (…)``).
    number_span: Span | None = None
    #: "tag", "tag*", "auto" (numbering environment), "label" (MyST/d2l/``{math}`` label),
    #: "heading" (an ``Equation (k):`` line), "notag" (``\\notag`` row) or "none".
    numbering: str = "none"
    labels: list[Label] = field(default_factory=list)

    @property
    def numbered(self) -> bool:
        return self.numbering not in ("none", "notag")

    @property
    def int_number(self) -> int | None:
        if self.number is not None and self.number.isdigit():
            return int(self.number)
        return None


@dataclass(frozen=True)
class Reference:
    """A reference to an equation: by number (``(7)``) or by label (``\\eqref{eq:x}``)."""

    span: Span
    #: File offsets of the number or label name itself (what a renumbering rewrites).
    target_span: Span
    target: str
    #: "number" or "label".
    kind: str
    #: "eqref", "ref", "role" (``:eqref:``/``{eq}``: may point into another document),
    #: "keyword" (``Eq. (7)``), "bare" (``(7)``).
    form: str


def _skip_comment(latex: str, i: int) -> int:
    end = latex.find("\n", i)
    return len(latex) if end < 0 else end


def split_rows(latex: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rows of ``latex[start:end]`` split at ``\\\\`` outside braces and nested environments."""
    rows: list[tuple[int, int]] = []
    depth = 0
    env_depth = 0
    row_start = start
    i = start
    while i < end:
        c = latex[i]
        if c == "%":
            i = _skip_comment(latex, i)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "\\":
            m = _BEGIN_END.match(latex, i)
            if m:
                env_depth += 1 if m.group(1) == "begin" else -1
                i = m.end()
                continue
            if latex.startswith("\\\\", i) and depth == 0 and env_depth == 0:
                rows.append((row_start, i))
                i += 2
                # an optional spacing argument: \\[4pt]
                m2 = re.compile(r"\s*\[[^\]]*\]").match(latex, i)
                if m2 and re.match(r"\s*\[\s*[-\d.]+\s*[a-z]{2}\s*\]", latex[i : m2.end()]):
                    i = m2.end()
                row_start = i
                continue
            i += 2
            continue
        i += 1
    rows.append((row_start, end))
    return rows


def _numbering_env(latex: str) -> tuple[str, int, int] | None:
    """The outermost numbering environment of a display source: (name, body start, body end)."""
    depth = 0
    for m in _BEGIN_END.finditer(latex):
        name = m.group(2).strip()
        if m.group(1) == "begin":
            if depth == 0 and name.rstrip("*") in NUMBERED_ENVIRONMENTS:
                # find its matching \end
                inner = 0
                for m2 in _BEGIN_END.finditer(latex, m.end()):
                    if m2.group(1) == "begin":
                        inner += 1
                    elif inner == 0:
                        return name, m.end(), m2.start()
                    else:
                        inner -= 1
                return name, m.end(), len(latex)
            depth += 1
        else:
            depth = max(0, depth - 1)
    return None


def _row_equation(math: MathSpan, latex: str, start: int, end: int, auto: bool) -> Equation | None:
    text = latex[start:end]
    if not text.strip() or not re.sub(r"\\label\s*\{[^{}]*\}|%[^\n]*", "", text).strip():
        return None
    base = math.content_start
    lstrip = len(text) - len(text.lstrip())
    rstrip = len(text.rstrip())
    eq = Equation(math, Span(base + start + lstrip, base + start + rstrip))
    for m in _LABEL.finditer(latex, start, end):
        eq.labels.append(Label(m.group(1).strip(), Span(base + m.start(1), base + m.end(1))))
    tag = _TAG.search(latex, start, end)
    written = None if tag else _TEXT_NUMBER.search(latex, start, end)
    if written is not None:
        # "… &&\text{(5)}\\": a number written at the end of a row, where \tag is not allowed
        eq.number = written.group(1)
        eq.number_span = Span(base + written.start(1), base + written.end(1))
        eq.numbering = "tag"
        return eq
    if tag:
        close = matching_brace(latex, tag.end() - 1)
        if close > 0:
            raw = latex[tag.end() : close]
            number = raw.strip()
            offset = tag.end() + (len(raw) - len(raw.lstrip()))
            eq.number = number
            eq.number_span = Span(base + offset, base + offset + len(number))
            eq.numbering = "tag*" if tag.group(1) else "tag"
            return eq
    if _NOTAG.search(text):
        eq.numbering = "notag"
    elif auto:
        eq.numbering = "auto"
    return eq


def _span_equations(math: MathSpan) -> list[Equation]:
    latex = math.latex
    env = _numbering_env(latex)
    if env is not None:
        name, body_start, body_end = env
        auto = not name.endswith("*")
        if NUMBERED_ENVIRONMENTS[name.rstrip("*")]:
            rows = split_rows(latex, body_start, body_end)
        else:
            rows = [(body_start, body_end)]
        out = [eq for a, b in rows if (eq := _row_equation(math, latex, a, b, auto)) is not None]
        # text before/after the environment inside $$ … $$ holds tags too, rarely; ignore.
        return out
    tags = list(_TAG.finditer(latex))
    inner = _INNER_ROWS.search(latex) if not tags else None
    if inner is not None:
        close = latex.rfind(f"\\end{{{inner.group(1)}}}")
        rows = split_rows(latex, inner.end(), close if close > inner.end() else len(latex))
        if any(_TEXT_NUMBER.search(latex, a, b) for a, b in rows):
            # "\begin{aligned} … &&\text{(3)}\\ … &&\text{(4)}": rows numbered by hand
            return [eq for a, b in rows if (eq := _row_equation(math, latex, a, b, False)) is not None]
    if len(tags) > 1:
        # several \tag in one display (invalid LaTeX, but writers do it): one equation each.
        cuts = [0] + [t.end() for t in tags[:-1]] + [len(latex)]
        out = []
        for a, b in itertools.pairwise(cuts):
            eq = _row_equation(math, latex, a, b, False)
            if eq is not None:
                out.append(eq)
        return out
    eq = _row_equation(math, latex, 0, len(latex), False)
    return [eq] if eq is not None else []


@dataclass
class EquationIndex:
    """A note's numbered equations, references to them and labels (the ``EQUATIONS`` facet)."""

    equations: list[Equation]
    references: list[Reference]
    #: Label name → its definitions (several when duplicated).
    labels: dict[str, list[tuple[Label, Equation]]]

    def by_number(self, number: str) -> list[Equation]:
        return [e for e in self.equations if e.numbered and e.number == number]

    @property
    def numbered(self) -> list[Equation]:
        return [e for e in self.equations if e.numbered]

    @property
    def uses_written_numbers(self) -> bool:
        """The writer numbers equations by hand (``\\tag``, ``Equation (k):``)."""
        return any(e.numbering in ("tag", "heading") for e in self.equations)


def _external_labels(note: Note, math: MathSpan) -> list[Label]:
    """Labels a documentation tool attaches outside the LaTeX: MyST, ``{math}`` fences, d2l,
    pandoc-crossref and Quarto."""
    text = note.text
    out: list[Label] = []
    if math.delimiter in ("$$", "\\["):
        m = re.compile(r"[ \t]*\(([^()\s]+)\)[ \t]*$", re.MULTILINE).match(text, math.end)
        if m and (m.end() == len(text) or text[m.end()] == "\n"):
            out.append(Label(m.group(1), Span(m.start(1), m.end(1)), "myst"))
        m = _EQLABEL.match(text, math.end)
        if m:
            out.append(Label(m.group(1), Span(m.start(1), m.end(1)), "d2l"))
        m = _CROSSREF_LABEL.match(text, math.end)
        if m:
            out.append(Label(m.group(1), Span(m.start(1), m.end(1)), "pandoc"))
    elif math.delimiter == "{math}":
        # the option lines sit between the fence line and the math itself
        fence = text.rfind("```", 0, math.start)
        if fence < 0:
            fence = text.rfind("~~~", 0, math.start)
        if fence >= 0:
            for m in _MYST_LABEL.finditer(text, fence, math.start):
                out.append(Label(m.group(1), Span(m.start(1), m.end(1)), "myst"))
    return out


def _bookdown_labels(text: str, math: MathSpan, found: list[Equation]) -> None:
    """Number each row holding a bookdown label ``(\\#eq:name)``, as bookdown does."""
    for m in _BOOKDOWN_LABEL.finditer(text, math.content_start, math.content_end):
        # the row it stands in: the last that starts before it (a row's span ends at its last
        # non-blank character, and the blanked label is blank)
        row = next((e for e in reversed(found) if e.span.start <= m.start()), found[0])
        row.labels.append(Label(m.group(1), Span(m.start(1), m.end(1)), "bookdown"))
        if row.numbering == "none":
            row.numbering = "label"


def _prose_excluded(note: Note) -> list[Span]:
    spans = [*note.code, *(c.span for c in note.comments)]
    if note.front_matter is not None:
        spans.append(note.front_matter)
    return sorted(spans, key=lambda s: s.start)


def _inside(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


def build_equations(note: Note) -> EquationIndex:
    text = note.text
    equations: list[Equation] = []
    counter = 0
    for math in note.math:
        if not math.display:
            continue
        found = _span_equations(math)
        if found and "(\\#eq:" in text[math.content_start : math.content_end]:
            _bookdown_labels(text, math, found)
        external = _external_labels(note, math)
        if external and found:
            found[-1].labels.extend(external)
            if found[-1].numbering == "none":
                found[-1].numbering = "label"
        elif external and not found:
            continue
        equations.extend(found)
    excluded = _prose_excluded(note)
    # ``Equation (k):`` lines introduce equation k in the standard's layout.
    for m in _EQUATION_HEAD.finditer(text):
        if _inside(excluded, m.start(1), m.end(1)) or any(x.start <= m.start(1) < x.end for x in note.math):
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        # The equation is the math of the next block (only blank lines between), as the
        # standard's layout puts it; failing that, the math on the line itself.
        following = [
            x for x in note.math if x.start >= line_end and _MATH_OPENING.fullmatch(text, line_end, x.start)
        ]
        math_on_line = [x for x in note.math if m.end() <= x.start < line_end]
        if (
            not following
            and math_on_line
            and not _LETTER.search(_COMMAND.sub("", math_on_line[0].latex))
            and any(
                e.number == m.group(1) and e.numbering in ("tag", "tag*") and e.span.end <= m.start()
                for e in equations
            )
        ):
            # "- Eq. (11): $2\cdot\tfrac14\cdots=\tfrac13$" in a check, after \tag{11}: numbers
            # only, the equation it evaluates, cited (with a name in it, a new equation (11))
            continue
        host = following[0] if following else (math_on_line[0] if math_on_line else None)
        # a host that numbers itself (\tag, numbering environment, label) keeps its own number
        if host is not None and any(e.math is host and e.numbering != "none" for e in equations):
            continue
        if host is not None:
            for e in list(equations):
                if e.math is host:
                    equations.remove(e)
            eq = Equation(host, Span(host.start, host.end))
        else:
            eq = Equation(
                MathSpan(m.start(), line_end, m.start(), "", "inline", ""), Span(m.start(), line_end)
            )
        eq.number = m.group(1)
        eq.number_span = Span(m.start(1), m.end(1))
        eq.numbering = "heading"
        equations.append(eq)
    equations.sort(key=lambda e: e.span.start)
    for eq in equations:
        if eq.numbering in ("auto", "label"):
            counter += 1
            eq.number = str(counter)

    labels: dict[str, list[tuple[Label, Equation]]] = {}
    for eq in equations:
        for label in eq.labels:
            labels.setdefault(label.name, []).append((label, eq))

    references = _references(note, excluded, equations)
    return EquationIndex(equations, references, labels)


def _references(note: Note, excluded: list[Span], equations: list[Equation]) -> list[Reference]:
    text = note.text
    refs: list[Reference] = []
    # \eqref / \ref: in math and in prose alike, never in code or comments.
    for m in _LATEX_REF.finditer(text):
        if _inside(excluded, m.start(), m.end()):
            continue
        command, name = m.group(1), m.group(2).strip()
        if not name:
            continue
        form = "eqref" if command == "eqref" else "ref"
        start = m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip()))
        refs.append(Reference(Span(m.start(), m.end()), Span(start, start + len(name)), name, "label", form))
    # roles: the role's text is a code span to markdown, so search the raw text.
    for m in _ROLE_REF.finditer(text):
        if any(c.span.start <= m.start() < c.span.end for c in note.comments):
            continue
        name = m.group(1).strip()
        refs.append(Reference(Span(m.start(), m.end()), Span(m.start(1), m.end(1)), name, "label", "role"))
    # plain-text numbers, in prose only.
    heads = {
        (e.number_span.start, e.number_span.end)
        for e in equations
        if e.numbering == "heading" and e.number_span is not None
    }
    written = any(e.numbering in ("tag", "heading") for e in equations)
    current_block, enumeration = -1, False
    keyword_ref, not_equation = _reference_patterns()
    blocks = sorted((b.span for b in note.blocks), key=lambda b: b.start)
    block_starts = [b.start for b in blocks]
    for prose in note.prose:
        chunk = text[prose.start : prose.end]
        taken: set[int] = set()
        for m in keyword_ref.finditer(chunk):
            if _EXTERNAL_SOURCE.search(_open_parenthetical(text, prose.start + m.start())):
                # "(Petersen & Pedersen, *The Matrix Cookbook*, eq. (318))": another work's equation
                continue
            group_start = m.start(1)
            numbers = list(_PAREN_NUMBER.finditer(m.group(1)))
            for n in numbers:
                s = prose.start + group_start + n.start()
                ts, te = s + 1, s + 1 + len(n.group(1))
                taken.add(ts)
                if (ts, te) in heads:
                    continue
                refs.append(
                    Reference(Span(s, s + len(n.group(0))), Span(ts, te), n.group(1), "number", "keyword")
                )
        if not written:
            continue
        i = bisect.bisect_right(block_starts, prose.start) - 1
        block = block_starts[i] if i >= 0 and prose.start < blocks[i].end else prose.start
        if block != current_block:
            current_block, enumeration = block, False
        for m in _BARE_REF.finditer(chunk):
            ts = prose.start + m.start(1)
            if ts in taken or (ts, ts + len(m.group(1))) in heads:
                continue
            before = chunk[: m.start()]
            after = chunk[m.end() : m.end() + 2]
            # f(7), x_(1), [3](7), (7)(8): not a reference to an equation.
            if before and (before[-1].isalnum() or before[-1] in "_^)]}'\\/"):
                continue
            if after[:1].isalnum() or after[:1] in "(=":
                continue
            if not_equation.search(before[-30:]):
                continue
            if _EXTERNAL_SOURCE.search(_open_parenthetical(text, prose.start + m.start())):
                continue  # "(Petersen & Pedersen, *The Matrix Cookbook*, eq. (318))"
            number = int(m.group(1))
            at = prose.start + m.start()
            # an enumeration: "(1) …" at the start of a line or after ":"/";", and what follows it
            if _line_start(text, at) or (
                number == 1 and re.search(r"[:;][ \t]*$", text[max(0, at - 5) : at])
            ):
                enumeration = enumeration or number == 1
                continue
            if enumeration:
                continue
            refs.append(
                Reference(
                    Span(at, prose.start + m.end()),
                    Span(ts, ts + len(m.group(1))),
                    m.group(1),
                    "number",
                    "bare",
                )
            )
    refs.sort(key=lambda r: r.span.start)
    return refs


#: what a citation of another work writes before its equation number: an emphasised title, "et
#: al.", a year, a section sign
_EXTERNAL_SOURCE = re.compile(r"\*[^*\n]+\*|(?<![\w\\])_[^_\n]+_(?!\w)|\bet al\b|\b(?:1[89]|20)\d\d\b|§")


def _open_parenthetical(text: str, at: int) -> str:
    """The text from the innermost parenthesis still open at ``at`` (within 200 characters, on
    its line) to ``at``; "" when none is open."""
    depth = 0
    lo = max(0, at - 200, text.rfind("\n", 0, at) + 1)
    for i in range(at - 1, lo - 1, -1):
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return text[i:at]
            depth -= 1
    return ""


def _line_start(text: str, offset: int) -> bool:
    """``offset`` is the first thing on its line, after indentation, ``>`` and a list marker."""
    line_start = text.rfind("\n", 0, offset) + 1
    return (
        re.fullmatch(r"[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|__)?", text[line_start:offset]) is not None
    )


def renumbering(index: EquationIndex) -> dict[str, str] | None:
    """Old → new numbers putting hand-written numbers in order 1, 2, 3…; None if unsafe."""
    written = [e for e in index.equations if e.numbering in ("tag", "heading")]
    if not written or any(e.numbering in ("auto", "label") for e in index.equations):
        return None
    if any(e.int_number is None for e in written):
        return None
    numbers = [e.number for e in written]
    if len(set(numbers)) != len(numbers):
        return None
    return {old: str(i) for i, old in enumerate(numbers, start=1) if old is not None}


EQUATIONS: Facet[EquationIndex] = Facet(
    "equations",
    build_equations,
    "Numbered display equations (a span or one row of it), labels by name, and references.",
)
