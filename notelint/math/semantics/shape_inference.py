"""Shape inference over math atoms: the entry points of the shape rules (NL305, NL505).

:func:`infer` gives the shape of each piece of a math source, :func:`check` every shape
mismatch in it (inside each expression, and between the two sides of ``=`` or ``\\approx``),
:func:`infer_expression` the shape of one expression. They read the atoms of
:mod:`notelint.math.reading.atoms` with :class:`notelint.math.semantics.shape_parser.ShapeParser`
against the declared shapes of a :class:`notelint.math.semantics.shape_env.ShapeEnv`.
"""

from __future__ import annotations

from notelint.math.reading.atoms import (
    Atom,
    matching_bracket,
)
from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.shape_algebra import (
    Shape,
    same_dim,
    same_shape,
)
from notelint.math.semantics.shape_env import (
    ShapeEnv,
)
from notelint.math.semantics.shape_parser import (
    ShapeError,
    ShapeParser,
)


def infer(atoms: list[Atom], source: str, env: ShapeEnv) -> list[tuple[list[Atom], Shape | None]]:
    """Shapes of each piece (split at relations, commas, text) of a math source."""
    parser = ShapeParser(source, env)
    return [(p, parser.piece(p)) for p in parser.pieces(_flatten_envs(atoms))]


def check(atoms: list[Atom], source: str, env: ShapeEnv) -> list[ShapeError]:
    """Every shape mismatch in a math source, in order: inside each expression, and between
    the two sides of ``=`` or ``\\approx`` when both shapes are known and neither is a scalar
    (a scalar side is a broadcast or a 1-D check such as ``X^\\top X = 4`` with ``d = 1``)."""
    parser = ShapeParser(source, env)
    previous: tuple[list[Atom], Shape | None, Atom | None] | None = None
    for p, end in parser.pieces_with_separators(_flatten_envs(atoms)):
        errors_before = len(parser.errors)
        shape = parser.piece(p)
        if (
            previous is not None
            and previous[2] is not None
            and _is_equality(previous[2])
            and len(parser.errors) == errors_before
        ):
            left, left_shape, _ = previous
            if (
                left_shape is not None
                and shape is not None
                and not left_shape.is_scalar
                and not shape.is_scalar
                and left_shape.kind != "function"
                and shape.kind != "function"
                and not same_shape(left_shape, shape)
                and not _specialises_map(left, left_shape, shape, env)
            ):
                lt = parser.text(left[0].start, left[-1].end)
                rt = parser.text(p[0].start, p[-1].end)
                parser.error(
                    left[0].start,
                    p[-1].end,
                    f"the two sides of = have different shapes: {lt} ({left_shape}) and {rt} ({shape})",
                )
        previous = (p, shape, end)
    seen: set[tuple[int, int, str]] = set()
    out = []
    for e in parser.errors:
        if (e.start, e.end, e.message) not in seen:
            seen.add((e.start, e.end, e.message))
            out.append(e)
    return out


def _specialises_map(left: list[Atom], left_shape: Shape, right_shape: Shape, env: ShapeEnv) -> bool:
    """``\\phi(s,a) = e_a`` ("in the tabular case"): a declared map given a value at its
    arguments sets its sizes to the value's (``p = |\\mathcal{A}|``), as ``$n = d$`` would. Only
    different *names* of sizes are taken so; a different kind of object or two different
    numbers is still a mismatch."""
    if len(left) < 3 or not left[1].is_op("(") or matching_bracket(left, 1) != len(left) - 1:
        return False
    declared = env.lookup(left[0])
    if declared is None or declared.kind != "function" or left[0].sup is not None:
        return False
    if left_shape.kind != right_shape.kind or len(left_shape.dims) != len(right_shape.dims):
        return False
    return all(
        same_dim(a, b) or not (_is_number(a) and _is_number(b))
        for a, b in zip(left_shape.dims, right_shape.dims, strict=True)
    )


def _is_number(dim: str) -> bool:
    return dim.isdigit()


def _is_equality(a: Atom) -> bool:
    """``=``, ``\\approx``, a definition: both sides have one shape."""
    if a.kind not in ("op", "macro"):
        return False
    relation = vocabulary().relation(a.text)
    return relation is not None and relation.kind in ("equality", "definition", "approximation")


def infer_expression(atoms: list[Atom], source: str, env: ShapeEnv) -> tuple[Shape | None, list[ShapeError]]:
    """The shape of one expression (no relations in it) and its mismatches."""
    parser = ShapeParser(source, env)
    pieces = parser.pieces(atoms)
    if len(pieces) != 1:
        return None, []
    shape = parser.piece(pieces[0])
    return shape, parser.errors


def _flatten_envs(atoms: list[Atom]) -> list[Atom]:
    """Display environments (align, equation, gathered) contribute their bodies."""
    out: list[Atom] = []
    for a in atoms:
        if a.kind == "env" and a.text.rstrip("*") in (
            "align",
            "equation",
            "gather",
            "multline",
            "aligned",
            "gathered",
            "split",
            "alignat",
            "flalign",
            "eqnarray",
        ):
            out.extend(_flatten_envs(a.inner))
            out.append(Atom(a.tok.__class__("macro", "\\", a.end, a.end)))
        else:
            out.append(a)
    return out
