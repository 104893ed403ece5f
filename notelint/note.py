"""The Note model: a Markdown note parsed once, with exact file offsets for everything.

Rules read this model and never parse text themselves; when a rule needs something the
model lacks, the model grows: a new field, or a new :class:`Facet` (a typed view built once
per note on first use; the built-in ones are in ``notelint.facets``). This module imports
nothing from ``notelint.parse``: the parsers depend on the model, never the reverse.
"""

from __future__ import annotations

import bisect
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from notelint.source import LineIndex, Source

if TYPE_CHECKING:
    from markdown_it.token import Token

    from notelint.config import Config
    from notelint.parse.dialect import DialectChoice

T = TypeVar("T")
#: sorts after every end offset (``bisect`` on ``(start, end)`` pairs)
_LAST = sys.maxsize


class UndeclaredFacetError(RuntimeError):
    """A rule read a facet it did not declare in ``@rule(facets=…)``."""


@dataclass
class FacetReader:
    """A rule reading the note: the facets it declared, and those it has read so far.

    While a rule runs (``Rule.run``), every ``note.facet(…)`` and ``span.facet(…)`` it makes,
    itself or through the helpers it calls, is checked against what it declared. A facet's
    own build reads whatever it needs: that is the facet's business, not the rule's. A
    ``strict`` reader (the test suite's: ``NOTELINT_STRICT_FACETS=1``) raises
    :class:`UndeclaredFacetError` on an undeclared facet; otherwise the facet is served and
    noted in ``undeclared``, so a declaration a rule forgot never costs a user a lint.
    """

    owner: str
    declared: frozenset[str]
    strict: bool = False
    read: set[str] = field(default_factory=set)
    undeclared: set[str] = field(default_factory=set)

    def check(self, name: str) -> None:
        if name in self.declared:
            self.read.add(name)
            return
        if self.strict:
            declared = ", ".join(sorted(self.declared)) or "none"
            raise UndeclaredFacetError(
                f"{self.owner} reads the facet {name!r} without declaring it "
                f"(declared: {declared}); add {name!r} to facets=(…) in its @rule(…)"
            )
        self.undeclared.add(name)


#: The rule reading facets in this thread now (None outside a rule: the engine, the server).
_READER: ContextVar[FacetReader | None] = ContextVar("notelint_facet_reader", default=None)


def strict_facets() -> bool:
    """Is reading an undeclared facet an error (``NOTELINT_STRICT_FACETS=1``: tests, plugin CI)?"""
    return os.environ.get("NOTELINT_STRICT_FACETS", "") not in ("", "0")


@contextmanager
def reading_facets(owner: str, declared: frozenset[str], strict: bool | None = None) -> Iterator[FacetReader]:
    """Check the facets read inside the block against ``declared`` (see :class:`FacetReader`);
    ``strict`` defaults to :func:`strict_facets`."""
    reader = FacetReader(owner, declared, strict_facets() if strict is None else strict)
    token = _READER.set(reader)
    try:
        yield reader
    finally:
        _READER.reset(token)


@contextmanager
def outside_the_note() -> Iterator[None]:
    """Facets read inside the block belong to a span made from a text on its own (a relation's
    side, a step's row read again), not to the note: no rule's declaration covers them."""
    token = _READER.set(None)
    try:
        yield
    finally:
        _READER.reset(token)


def _build_unchecked(build: Callable[..., T], *args: Any) -> T:
    """Build a facet with the reader suspended: what a facet's build reads is not the rule's."""
    token = _READER.set(None)
    try:
        return build(*args)
    finally:
        _READER.reset(token)


class Facet(Generic[T]):
    """A typed part of the model derived from a parsed :class:`Note`: ``note.facet(FACET)``.

    ``build`` computes the value from the note; :meth:`Note.facet` calls it at most once per
    note. Facets are compared by identity, so define each one once, at module level::

        TODOS: Facet[list[Span]] = Facet("todos", find_todos, "TODO markers in prose")
    """

    __slots__ = ("build", "doc", "name")

    def __init__(self, name: str, build: Callable[[Note], T], doc: str = "") -> None:
        self.name = name
        self.build = build
        self.doc = doc

    def __repr__(self) -> str:
        return f"Facet({self.name!r})"


class ConfiguredFacet(Generic[T]):
    """A facet whose value depends on the configuration too: ``note.facet(FACET, config)``.

    Built once per note *and* configuration object: asked again with another configuration,
    it is rebuilt, so a value never outlives the settings it was computed under (a cache
    keyed by the note alone would).
    """

    __slots__ = ("build", "doc", "name")

    def __init__(self, name: str, build: Callable[[Note, Config], T], doc: str = "") -> None:
        self.name = name
        self.build = build
        self.doc = doc

    def __repr__(self) -> str:
        return f"ConfiguredFacet({self.name!r})"


class MathFacet(Generic[T]):
    """A typed part of the model derived from one :class:`MathSpan`: ``span.facet(FACET)``.

    The per-span counterpart of :class:`Facet` (e.g. ``parse.latex.LATEX_TREE``, the
    pylatexenc parse of the span): built at most once per span, kept with it.
    """

    __slots__ = ("build", "doc", "name")

    def __init__(self, name: str, build: Callable[[MathSpan], T], doc: str = "") -> None:
        self.name = name
        self.build = build
        self.doc = doc

    def __repr__(self) -> str:
        return f"MathFacet({self.name!r})"


@dataclass(frozen=True)
class Span:
    """A half-open range of offsets into ``Note.text``."""

    start: int
    end: int


@dataclass(eq=False)
class MathScope:
    """What every math span of one note shares: the note's front matter (its YAML text, for
    the macros it defines) and all its spans (for the ``\\newcommand``s they hold). The math
    model reads the note-defined macros from here (``notelint.math.reading.macros``), built once."""

    front_matter: str = ""
    spans: list[MathSpan] = field(default_factory=list)
    #: note-defined macros by name (``\\R``), filled by ``notelint.math.reading.macros`` on first use
    macros: dict[str, Any] | None = None


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
    #: the note's shared math scope (set by the parser; None for a span read on its own)
    scope: MathScope | None = field(default=None, compare=False, repr=False)
    _facets: dict[MathFacet[Any], object] = field(default_factory=dict, init=False, repr=False)

    @property
    def display(self) -> bool:
        return self.kind != "inline"

    @property
    def content_end(self) -> int:
        return self.content_start + len(self.latex)

    def facet(self, facet: MathFacet[T]) -> T:
        """The value of ``facet`` for this span (its LaTeX tree, its math model…), built once."""
        reader = _READER.get()
        if reader is not None:
            reader.check(facet.name)
        if facet in self._facets:
            return cast("T", self._facets[facet])
        # built outside any ``except`` block: an exception raised while building would
        # otherwise chain a KeyError whose traceback keeps this frame alive
        value = self._facets[facet] = (
            facet.build(self) if reader is None else _build_unchecked(facet.build, self)
        )
        return value


@dataclass(frozen=True)
class Heading:
    """A Markdown heading: its level, title as written and where the title starts."""

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
    """An HTML comment (``<!-- … -->``) and its content."""

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
    """A parsed note: its text, line index, Markdown tokens and the spans rules read.

    Everything is in offsets of ``text`` (the normalized source); ``index`` turns an offset
    into a 1-based line and column of the original file. Derived views (equations, tags,
    provenance, directives…) are facets: ``note.facet(notelint.facets.EQUATIONS)``.
    """

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
    #: The Markdown math dialect the note was read in, and why (``parse/dialect.py``).
    dialect: DialectChoice | None = None
    _facets: dict[Facet[Any], object] = field(default_factory=dict, init=False, repr=False)
    _configured: dict[ConfiguredFacet[Any], tuple[Config, object]] = field(
        default_factory=dict, init=False, repr=False
    )

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

    def without_math(self, start: int, end: int, mark: str = " ") -> str:
        """The note's text in ``[start, end)`` with every math span the note's dialect reads
        (``$…$``, ``$$…$$``, ``\\(…\\)``, environments, …, delimiters included) replaced by
        ``mark``: the words around the math, for readers of prose. A span cut by ``start`` or
        ``end`` is replaced for the part inside; a ``$`` that is not math (a price) stays."""
        out: list[str] = []
        cursor = start
        bounds = self._math_bounds
        k = bisect.bisect_right(bounds, (start, _LAST)) - 1
        for m_start, m_end in bounds[max(k, 0) :]:
            if m_start >= end:
                break
            if m_end <= cursor:
                continue
            out.append(self.text[cursor : max(cursor, m_start)])
            out.append(mark)
            cursor = min(m_end, end)
        out.append(self.text[cursor:end])
        return "".join(out)

    def math_at(self, offset: int) -> MathSpan | None:
        """The first math span (by start) holding ``offset``: the outer one of nested spans."""
        bounds = self._math_bounds
        k = bisect.bisect_right(bounds, (offset, _LAST)) - 1
        if k < 0 or not bounds[k][0] <= offset < bounds[k][1]:
            return None
        i = bisect.bisect_left(self._math_starts, bounds[k][0])
        while i < len(self.math) and self.math[i].start <= offset:
            if offset < self.math[i].end:
                return self.math[i]
            i += 1
        return None

    @functools.cached_property
    def _math_starts(self) -> list[int]:
        return [m.start for m in self.math]

    def block_at(self, offset: int) -> Block | None:
        """The innermost block (paragraph, heading, list item text, table cell) holding ``offset``."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        while i >= 0:
            block = self.blocks[i]
            if block.span.start <= offset < block.span.end:
                return block
            i -= 1
        return None

    @functools.cached_property
    def _block_starts(self) -> list[int]:
        return [b.span.start for b in self.blocks]  # blocks are in document order

    @functools.cached_property
    def _math_bounds(self) -> list[tuple[int, int]]:
        """The math spans' ``(start, end)``, sorted, nested spans merged into the outer one."""
        merged: list[tuple[int, int]] = []
        for m_start, m_end in sorted((m.start, m.end) for m in self.math):
            if merged and m_start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], m_end))
            else:
                merged.append((m_start, m_end))
        return merged

    def section_at(self, offset: int) -> Section | None:
        """The innermost recognised (sub)section containing ``offset``."""
        best: Section | None = None
        for section in self.section_list:
            if section.heading.span.start <= offset < section.body.end:
                if best is None or section.heading.span.start >= best.heading.span.start:
                    best = section
        return best

    @overload
    def facet(self, facet: Facet[T]) -> T: ...

    @overload
    def facet(self, facet: ConfiguredFacet[T], config: Config) -> T: ...

    def facet(self, facet: Facet[T] | ConfiguredFacet[T], config: Config | None = None) -> T:
        """The value of ``facet`` for this note, built on first use and kept for the note's lifetime.

        Facets are typed views derived from the parsed note (equations, tags, provenance,
        suppression directives…; ``notelint.facets`` lists the built-in ones). A rule asks for
        the facets it needs instead of parsing text itself, and each is computed once per note
        however many rules read it. A :class:`ConfiguredFacet` is kept with the configuration
        it was built under and rebuilt for another one.

        Inside a rule, only the facets the rule declares (``@rule(facets=…)``) may be read;
        any other raises :class:`UndeclaredFacetError`.
        """
        reader = _READER.get()
        if reader is not None:
            reader.check(facet.name)
        if isinstance(facet, ConfiguredFacet):
            if config is None:
                raise TypeError(f"{facet!r} depends on the configuration: note.facet(facet, config)")
            held = self._configured.get(facet)
            if held is None or held[0] is not config:
                value = (
                    facet.build(self, config)
                    if reader is None
                    else _build_unchecked(facet.build, self, config)
                )
                held = self._configured[facet] = (config, value)
            return cast("T", held[1])
        if facet in self._facets:
            return cast("T", self._facets[facet])
        # built outside any ``except`` block: an exception raised while building would
        # otherwise chain a KeyError whose traceback keeps this frame alive
        value = self._facets[facet] = (
            facet.build(self) if reader is None else _build_unchecked(facet.build, self)
        )
        return value

    def built(self, facet: ConfiguredFacet[T]) -> T | None:
        """The value of ``facet`` as last built for this note, under whichever configuration,
        or None when nothing built it yet (never builds: the language server shows what a
        lint already computed)."""
        reader = _READER.get()
        if reader is not None:
            reader.check(facet.name)
        held = self._configured.get(facet)
        return None if held is None else cast("T", held[1])
