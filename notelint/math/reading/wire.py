"""The linting process's side of the CAS wire: LaTeX texts become trees before they cross.

:func:`tex` parses one LaTeX text with pylatexenc into the :mod:`notelint.math.reading.mathtree`
serialisation; :func:`to_wire` rebuilds a job (:class:`~notelint.math.checking.jobs.Job`,
:class:`~notelint.math.checking.jobs.FollowsJob`) with every LaTeX text in it — sides, premises,
definitions, function bodies and parameters, shape and assumption names, variables — as a
:class:`~notelint.math.reading.mathtree.Tex`. The worker walks those trees and never parses.

Why a parse of its own here rather than the span's model: the translator reads strictly
(an empty macro database, so every macro is bare and its arguments are the following groups,
and anything malformed is refused) while the model reads tolerantly, and a job's texts are
pieces of spans or texts the linter composed (a definition's body, a premise set to zero).
The offsets in a tree are offsets into its own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any, overload

from notelint.math.checking.guards import Unsupported, check_input
from notelint.math.checking.jobs import Context, FollowsJob, Job
from notelint.math.reading.macros import expand_text
from notelint.math.reading.mathtree import Node, Tex
from notelint.math.reading.sign_choices import sign_variants

#: A number whose dots group its digits two or more times (``1.000.000``, German, Spanish,
#: Italian notes): one integer, having no reading as a decimal. Read as ``1.000`` then ``.000``
#: it was the product 1 × 0, and ``10^6 = 1.000.000`` was refuted.
_DOT_GROUPED_INTEGER = r"[1-9]\d{0,2}(?:\.\d{3}){2,}(?![.\d])"
_CHARS = re.compile(_DOT_GROUPED_INTEGER + r"|\d+(?:\.\d+)?|\.\d+|[A-Za-z]|\s+|.", re.DOTALL)
#: spacing and sizing macros the translator never needs (``\left``/``\right`` are sizing:
#: the delimiter after them is an ordinary character, and ``\left.`` has none)
_SPACING = frozenset(
    {
        ",",
        ";",
        ":",
        ">",  # \> is \: (a medium space), never a relation
        "!",
        " ",
        "quad",
        "qquad",
        "enspace",
        "thinspace",
        "displaystyle",
        "textstyle",
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "limits",
        "nolimits",
        "label",
        "nonumber",
        "notag",
    }
)
#: named bars read as the characters they print: ``\lvert x\rvert`` is ``|x|``, ``\lVert x\rVert``
#: is ``\|x\|``
_DELIMITERS = {
    "lvert": ("char", "|"),
    "rvert": ("char", "|"),
    "vert": ("char", "|"),
    "lVert": ("macro", "|"),
    "rVert": ("macro", "|"),
}
_DOT_AFTER = frozenset({"left", "right", "bigl", "bigr", "Bigl", "Bigr"})


@lru_cache(maxsize=1)
def _context_db() -> Any:
    from pylatexenc import macrospec

    db = macrospec.LatexContextDb()
    db.set_unknown_macro_spec(macrospec.MacroSpec(""))
    db.set_unknown_environment_spec(macrospec.EnvironmentSpec(""))
    db.set_unknown_specials_spec(macrospec.SpecialsSpec(""))
    return db


def parse(latex: str) -> list[Node]:
    """The tree of a LaTeX fragment; raises :class:`Unsupported` when it cannot be read."""
    from pylatexenc import latexwalker as lw

    from notelint.parse.latex import latex_nodes

    check_input(latex)
    # `\\[2pt]`: a row break's length is spacing, not a bracketed product of 2, p and t
    latex = _ROW_LENGTH.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), latex)
    try:
        nodes = latex_nodes(latex, _context_db(), tolerant=False)
    except (lw.LatexWalkerError, RecursionError, IndexError, ValueError) as exc:
        raise Unsupported(f"LaTeX does not parse ({type(exc).__name__})") from None
    return _flatten(nodes)


#: a row break with its optional length (kept in place as spaces: offsets stay the text's)
_ROW_LENGTH = re.compile(r"(\\\\\*?)\s*\[\s*-?\d*\.?\d+\s*(?:pt|em|ex|mm|cm|in|mu|bp|pc|dd|sp)\s*\]")


#: Spaces that group the digits of one number (``1\,000``, ``1 000 000``, ``3.141\,592``: SI
#: style, and the usual way in French and German notes), never a product of two numerals.
_DIGIT_GROUP_SPACES = frozenset({",", " ", "thinspace"})


def _append_number(out: list[Node], number: Node, spaced: bool) -> None:
    """Add ``number``, joined to the number before it when a space only groups their digits:
    a group of exactly three digits after a space, the number before not an exponent or index."""
    before = out[-1] if out else None
    if (
        spaced
        and before is not None
        and before.kind == "num"
        and len(number.value) == 3
        and number.value.isdigit()
        and not (len(out) > 1 and out[-2].kind == "char" and out[-2].value in "^_")
    ):
        out[-1] = Node("num", before.value + number.value, before.pos, number.end)
        return
    out.append(number)


#: three digits that open a run of characters (a digit group after ``{,}``), not a fourth
_THREE_DIGITS = re.compile(r"\d{3}(?![\d.])")


def _comma_group(out: list[Node], node: Any, after: Any) -> bool:
    """``{,}`` between an integer of one to three digits (or one already grouped) and exactly
    three digits, touching both: LaTeX's thousands separator (``65{,}536``), not a list comma.
    A decimal comma after ``0`` (``0{,}125``) or before other than three digits stays a comma;
    :mod:`notelint.math.cas.comma_groups` tries a refuted relation with the decimal reading."""
    from pylatexenc import latexwalker as lw

    if not (isinstance(node, lw.LatexGroupNode) and node.delimiters == ("{", "}")):
        return False
    inner = node.nodelist or []
    if len(inner) != 1 or not isinstance(inner[0], lw.LatexCharsNode) or inner[0].chars != ",":
        return False
    before = out[-1] if out else None
    if before is None or before.kind != "num" or before.end != node.pos or not before.value.isdigit():
        return False
    if before.value.startswith("0"):
        return False
    if len(out) > 1 and out[-2].kind == "char" and out[-2].value in "^_":
        return False
    return (
        isinstance(after, lw.LatexCharsNode)
        and after.pos == node.pos + node.len
        and _THREE_DIGITS.match(after.chars) is not None
    )


def _flatten(nodes: list[Any]) -> list[Node]:
    from pylatexenc import latexwalker as lw

    out: list[Node] = []
    skip_dot = False
    #: only digit-grouping space since the last node (``1\,000``)
    spaced = False
    for k, node in enumerate(nodes):
        if _comma_group(out, node, nodes[k + 1] if k + 1 < len(nodes) else None):
            spaced = True  # `16{,}777{,}216`: the braced comma groups the digits around it
            continue
        if isinstance(node, lw.LatexCommentNode):
            if out and out[-1].kind == "num" and out[-1].end == node.pos:
                # `85%`: the writer's percent sign, which TeX takes for a comment
                raise Unsupported("a % after a number (a percent sign TeX reads as a comment; write \\%)")
            continue
        if isinstance(node, lw.LatexCharsNode):
            base = node.pos
            for m in _CHARS.finditer(node.chars):
                text = m.group(0)
                if text.isspace():
                    spaced = True
                    continue
                if skip_dot:
                    skip_dot = False
                    if text == ".":
                        continue
                kind = (
                    "num"
                    if text[0].isdigit() or (text[0] == "." and len(text) > 1)
                    else ("letter" if text.isalpha() else "char")
                )
                if kind == "num":
                    value = text.replace(".", "") if text.count(".") > 1 else text
                    _append_number(out, Node(kind, value, base + m.start(), base + m.end()), spaced)
                else:
                    out.append(Node(kind, text, base + m.start(), base + m.end()))
                spaced = False
            continue
        skip_dot = False
        spaced = isinstance(node, lw.LatexMacroNode) and node.macroname in _DIGIT_GROUP_SPACES
        if isinstance(node, lw.LatexMacroNode):
            name = node.macroname
            if name in _DOT_AFTER:
                skip_dot = True
            if name in _SPACING:
                continue
            kind, name = _DELIMITERS.get(name, ("macro", name))
            out.append(Node(kind, name, node.pos, node.pos + 1 + len(node.macroname)))
        elif isinstance(node, lw.LatexGroupNode):
            if node.delimiters != ("{", "}"):
                raise Unsupported("unexpected group delimiters")
            out.append(Node("group", "{}", node.pos, node.pos + node.len, _flatten(node.nodelist or [])))
        elif isinstance(node, lw.LatexEnvironmentNode):
            out.append(
                Node(
                    "env", node.environmentname, node.pos, node.pos + node.len, _flatten(node.nodelist or [])
                )
            )
        else:
            raise Unsupported(f"unsupported LaTeX construct ({type(node).__name__})")
    return out


def tex(latex: str) -> Tex:
    """``latex`` with its tree (or, when it cannot be read, the reason the worker will give)."""
    if isinstance(latex, Tex):
        return latex
    return _tex(latex)


@lru_cache(maxsize=16384)
def _tex(latex: str) -> Tex:
    # A note's glossary, definitions and shapes travel with every job of the note, so the
    # same texts are wired hundreds of times; a Tex is never modified once built.
    try:
        return Tex(latex, parse(latex))
    except Unsupported as exc:
        return Tex(latex, None, str(exc))


def wire_all(jobs: list[Any]) -> list[Any]:
    """:func:`to_wire` on each job (anything else unchanged); a context shared by several
    jobs is serialised once."""
    contexts: dict[int, Context] = {}
    out: list[Any] = []
    for job in jobs:
        out.append(to_wire(job, contexts) if isinstance(job, (Job, FollowsJob)) else job)
    return out


@overload
def to_wire(job: Job, contexts: dict[int, Context] | None = None) -> Job: ...
@overload
def to_wire(job: FollowsJob, contexts: dict[int, Context] | None = None) -> FollowsJob: ...
def to_wire(job: Job | FollowsJob, contexts: dict[int, Context] | None = None) -> Job | FollowsJob:
    """``job`` with every LaTeX text in it carrying its tree (see the module docstring), the
    note's macros expanded first (``\\bx`` of ``\\newcommand{\\bx}{\\mathbf{x}}``)."""
    if contexts is None:
        contexts = {}
    context = contexts.get(id(job.context))
    if context is None:
        context = contexts[id(job.context)] = _context(job.context)
    read = _reader(job.context.macros)
    assumptions = tuple(replace(a, symbol=read(a.symbol)) for a in job.assumptions)
    if isinstance(job, Job):
        variants = sign_variants(job.left, job.right)
        signs = None if variants is None else tuple((read(left), read(right)) for left, right in variants)
        return replace(
            job,
            left=read(job.left),
            right=read(job.right),
            context=context,
            assumptions=assumptions,
            signs=signs,  # type: ignore[arg-type]
        )
    wired = replace(
        job,
        left=read(job.left),
        right=read(job.right),
        premises=tuple(replace(p, left=read(p.left), right=read(p.right)) for p in job.premises),
        context=context,
        assumptions=assumptions,
        variables=tuple(read(v) for v in job.variables),
    )
    # the solved targets were computed from the plain texts when the job was built
    object.__setattr__(wired, "target_left", read(job.target_left))
    object.__setattr__(wired, "target_right", read(job.target_right))
    return wired


def _reader(macros: tuple[tuple[str, str, int], ...]) -> Callable[[str], Tex]:
    """:func:`tex` of a text with ``macros`` expanded in it."""
    if not macros:
        return tex
    return lambda latex: latex if isinstance(latex, Tex) else tex(expand_text(latex, macros))


def _context(ctx: Context) -> Context:
    read = _reader(ctx.macros)
    return replace(
        ctx,
        functions={
            read(name): (tuple(read(p) for p in params), read(body))
            for name, (params, body) in ctx.functions.items()
        },
        values={read(name): read(body) for name, body in ctx.values.items()},
        distributions={read(name): read(law) for name, law in ctx.distributions.items()},
        # a dimension named by a symbol ("n" of n×d) is read as a name by the worker too
        shapes={read(name): (_dim(rows), _dim(cols)) for name, (rows, cols) in ctx.shapes.items()},
        macros=(),  # expanded
        maps=tuple(read(name) for name in ctx.maps),
    )


def _dim(d: int | str) -> int | str:
    return tex(d) if isinstance(d, str) else d
