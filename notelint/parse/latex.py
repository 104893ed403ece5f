"""LaTeX parsing with pylatexenc: node trees whose positions are offsets into the math source."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notelint.note import MathFacet

if TYPE_CHECKING:
    from notelint.note import MathSpan

#: pylatexenc logs every tolerant-parsing recovery; notelint reports problems itself (NL210).
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)


@dataclass
class LatexTree:
    """A parsed math source: pylatexenc nodes (``pos`` are offsets into ``latex``)."""

    latex: str
    nodes: list[Any]
    #: Set when even tolerant parsing gave up; the message says why.
    error: str | None = None


#: Longest math source handed to pylatexenc. Its reader grows a string one character at a
#: time (quadratic): a 1.6 MB equation took 150 s. Real equations are a few KB at most.
MAX_LATEX = 100_000


#: Deeper brace nesting than this is not parsed (no real formula needs it; pylatexenc recurses).
MAX_DEPTH = 100
#: More macros with an unclosed ``[`` than this are not parsed.
MAX_UNCLOSED_OPTIONAL = 4
_OPTIONAL_ARGUMENT = re.compile(r"\\(?!(?:left|right|[bB]igg?[lr]?)\b)[A-Za-z]+\*?\s*\[")


def brace_problem(latex: str) -> str | None:
    """Why ``latex`` should not reach pylatexenc, or None.

    pylatexenc's tolerant mode backtracks exponentially on unclosed groups (``\\frac{`` twenty
    times takes minutes), so unbalanced or absurdly deep braces are refused up front; NL210
    reports them from its own linear scanner.
    """
    from notelint.parse.latex_scan import braces

    depth = deepest = 0
    for _, c in braces(latex):
        depth += 1 if c == "{" else -1
        deepest = max(deepest, depth)
        if depth < 0:
            return "unbalanced braces"
    if depth:
        return "unbalanced braces"
    if deepest > MAX_DEPTH:
        return f"braces nested deeper than {MAX_DEPTH}"
    # The same backtracking happens on nested unclosed optional arguments (``\\sqrt[``).
    optional = {m.end() - 1 for m in _OPTIONAL_ARGUMENT.finditer(latex)}
    if len(optional) > MAX_UNCLOSED_OPTIONAL:
        stack: list[int] = []
        for m in re.finditer(r"\\.|[\[\]]", latex):
            if m.group() == "[":
                stack.append(m.start())
            elif m.group() == "]" and stack:
                stack.pop()
        if sum(1 for at in stack if at in optional) > MAX_UNCLOSED_OPTIONAL:
            return "unclosed optional arguments"
    return None


_DEFAULT_DB: Any = None


def _default_db() -> Any:
    """pylatexenc's default macro database, built once: a LatexWalker without ``latex_context``
    builds a fresh one each time (a third of the parse time of a note with thousands of spans)."""
    global _DEFAULT_DB
    if _DEFAULT_DB is None:
        from pylatexenc.latexwalker import get_default_latex_context_db

        _DEFAULT_DB = get_default_latex_context_db()  # only read by the walkers
    return _DEFAULT_DB


#: a text is parsed once whoever asks: a span, then its sides (text_facts and side_reading each
#: read them), then NL505's claims — 12,016 parses of 5,206 distinct texts on the real/ corpus.
#: The trees are shared, so no reader may change them.
@functools.lru_cache(maxsize=4096)
def parse_latex(latex: str) -> LatexTree:
    from pylatexenc.latexwalker import LatexWalkerError

    if len(latex) > MAX_LATEX:
        return LatexTree(
            latex, [], error=f"math too long to parse ({len(latex)} characters; the limit is {MAX_LATEX})"
        )
    problem = brace_problem(latex)
    if problem is not None:
        return LatexTree(latex, [], error=problem)

    try:
        nodes = latex_nodes(latex, _default_db(), tolerant=True)
    except (LatexWalkerError, RecursionError, IndexError, ValueError) as exc:
        return LatexTree(latex, [], error=str(exc) or type(exc).__name__)
    return LatexTree(latex, nodes)


def latex_nodes(latex: str, context: Any, tolerant: bool) -> list[Any]:
    """pylatexenc's nodes for the whole of ``latex`` read with the macro database ``context``;
    raises what pylatexenc raises. Every pylatexenc parse goes through here (see ``_walker_class``)."""
    walker = _walker_class()(latex, latex_context=context, tolerant_parsing=tolerant)
    try:
        nodes, _, _ = walker.get_latex_nodes(pos=0)
    finally:
        walker.forget_ends()
    return list(nodes or [])


@functools.cache
def _walker_class() -> type:
    """A LatexWalker that lets go of its end-of-stream exceptions once a parse is done.

    pylatexenc signals the end of the source by raising LatexWalkerEndOfStream and keeps the
    exception in a local of the frame that called the one it was raised in: a reference cycle
    (exception → traceback → frame → exception) that holds every frame of the caller's stack,
    their locals included, until the cyclic garbage collector finds it. Collecting those was
    40 % of the linting processes' time on the corpus. Dropping each such exception's traceback
    after the parse breaks the cycle, so reference counting frees the frames at once.
    """
    from pylatexenc.latexwalker import LatexWalker, LatexWalkerEndOfStream

    class Walker(LatexWalker):
        def get_token(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().get_token(*args, **kwargs)
            except LatexWalkerEndOfStream as end:
                self.__dict__.setdefault("_ends", []).append(end)
                raise

        def forget_ends(self) -> None:
            for end in self.__dict__.pop("_ends", ()):
                end.__traceback__ = None

    return Walker


def _tree_of(math: MathSpan) -> LatexTree:
    return parse_latex(math.latex)


LATEX_TREE: MathFacet[LatexTree] = MathFacet(
    "latex-tree", _tree_of, "The pylatexenc parse of the span's LaTeX."
)
