"""The Note model: a Markdown note parsed once, with exact file offsets for everything.

Rules read this model and never parse text themselves; when a rule needs something the
model lacks, the model grows (a new field or a lazily computed property).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.source import LineIndex, Source

if TYPE_CHECKING:
    from markdown_it.token import Token

    from notelint.math.model import MathModel
    from notelint.parse.latex import LatexTree


@dataclass(frozen=True)
class Span:
    """A half-open range of offsets into ``Note.text``."""

    start: int
    end: int


@dataclass(eq=False)
class MathSpan:
    """One piece of math: ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]`` or an environment.

    ``latex`` is exactly ``note.text[content_start:content_start + len(latex)]`` except
    that Markdown container prefixes (``>`` of a block quote) inside it are blanked to
    spaces, so an offset ``i`` into ``latex`` is the file offset ``content_start + i``.
    """

    start: int
    end: int
    content_start: int
    latex: str
    #: "inline" ($…$, \(…\)), "display" ($$…$$, \[…\], also $$ inside a paragraph) or
    #: "environment" (\begin{align}…\end{align} at block level; latex includes \begin/\end).
    kind: str
    delimiter: str
    environment: str | None = None

    @property
    def display(self) -> bool:
        return self.kind != "inline"

    @property
    def content_end(self) -> int:
        return self.content_start + len(self.latex)

    @functools.cached_property
    def tree(self) -> LatexTree:
        """The pylatexenc parse of ``latex`` (parsed once, on first use)."""
        from notelint.parse.latex import parse_latex

        return parse_latex(self.latex)

    @functools.cached_property
    def model(self) -> MathModel:
        """The math model of this span (``notelint.math.model``), built once on first use."""
        from notelint.math.model import build

        return build(self)


@dataclass(frozen=True)
class Heading:
    level: int
    #: The heading's inline text as written (without the leading ``#`` marks).
    title: str
    span: Span
    #: Offset where the title text starts.
    title_start: int
    line: int


@dataclass
class Section:
    """A numbered section (``"0"``–``"9"``) or subsection (``"4.A"``–``"4.E"``) of the standard."""

    key: str
    heading: Heading
    body: Span

    @property
    def is_subsection(self) -> bool:
        return "." in self.key


@dataclass(frozen=True)
class HtmlComment:
    span: Span
    #: Text between ``<!--`` and ``-->``.
    content: str
    content_start: int


@dataclass(frozen=True)
class Block:
    """A block of prose-bearing inline content (paragraph, heading, list item text, table cell)."""

    kind: str
    span: Span


@dataclass(eq=False)
class Note:
    path: str
    source: Source
    index: LineIndex
    tokens: list[Token]
    front_matter: Span | None
    headings: list[Heading]
    #: Recognised sections and subsections in order of appearance (duplicates kept).
    section_list: list[Section]
    math: list[MathSpan]
    #: Text that language rules read: prose with math, code, HTML and URLs cut out.
    prose: list[Span]
    comments: list[HtmlComment]
    #: Code blocks, fences and code spans.
    code: list[Span]
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.source.text

    @functools.cached_property
    def sections(self) -> dict[str, Section]:
        """First occurrence of each recognised (sub)section, by key."""
        out: dict[str, Section] = {}
        for section in self.section_list:
            out.setdefault(section.key, section)
        return out

    def section_text(self, key: str) -> str | None:
        section = self.sections.get(key)
        if section is None:
            return None
        return self.text[section.body.start : section.body.end]

    def math_in(self, span: Span) -> list[MathSpan]:
        return [m for m in self.math if span.start <= m.start and m.end <= span.end]

    def prose_in(self, span: Span) -> list[Span]:
        return [p for p in self.prose if span.start <= p.start and p.end <= span.end]

    def section_at(self, offset: int) -> Section | None:
        """The innermost recognised (sub)section containing ``offset``."""
        best: Section | None = None
        for section in self.section_list:
            if section.heading.span.start <= offset < section.body.end:
                if best is None or section.heading.span.start >= best.heading.span.start:
                    best = section
        return best

    # -- equations, steps and provenance (parse/equations.py, parse/steps.py) ---------------
    @functools.cached_property
    def equation_index(self):  # type: ignore[no-untyped-def]
        """Numbered display equations, labels and references (``parse/equations.py``)."""
        from notelint.parse.equations import build_equations

        return build_equations(self)

    @property
    def equations(self):  # type: ignore[no-untyped-def]
        return self.equation_index.equations

    @property
    def references(self):  # type: ignore[no-untyped-def]
        return self.equation_index.references

    @functools.cached_property
    def provenance(self):  # type: ignore[no-untyped-def]
        """Provenance tags, timestamps, the Source range and identities (``parse/steps.py``)."""
        from notelint.parse.steps import provenance

        return provenance(self)

    @functools.cached_property
    def steps(self):  # type: ignore[no-untyped-def]
        """The derivation steps of 4.A/4.B (``parse/steps.py``)."""
        from notelint.parse.steps import build_steps

        return build_steps(self)

    @functools.cached_property
    def latex_errors(self):  # type: ignore[no-untyped-def]
        """LaTeX syntax errors at the offending character (``parse/latex_syntax.py``)."""
        from notelint.parse.latex_syntax import latex_errors

        return latex_errors(self)
