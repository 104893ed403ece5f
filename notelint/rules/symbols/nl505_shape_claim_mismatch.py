from __future__ import annotations

import dataclasses
import itertools
import re

from notelint.math.reading.atoms import Atom, symbol_ref
from notelint.math.reading.model import MATH_MODEL, MathModel
from notelint.math.semantics.domain_shapes import bracketed_set, dims_shape, domain_shape
from notelint.math.semantics.glossary import fixed_sizes, glossary
from notelint.math.semantics.shape_algebra import Shape, ShapeMismatch, matmul, same_shape
from notelint.math.semantics.shape_inference import infer_expression
from notelint.math.semantics.span_symbols import math_atoms
from notelint.note import MathSpan, Note
from notelint.rule import RuleContext, rule
from notelint.rules.symbols._common import lecturer_claims, math_in_section


def _claims(model: MathModel) -> list[tuple[list[Atom], list[Atom]]]:
    """``EXPR \\in SET`` pairs of a math span, from its model's relation links; a list on the
    left (``$X^\\top y, \\hat w \\in \\mathbb{R}^d$``) claims the set for each item."""
    out = []
    for link in model.links:
        if link.relation.written != "\\in":
            continue
        rhs = _top_level_items(link.right.atoms)
        if not rhs or not rhs[0]:
            continue
        for lhs in _top_level_items(link.left.atoms):
            if lhs:
                out.append((lhs, rhs[0]))
    return out


def _top_level_items(atoms: list[Atom]) -> list[list[Atom]]:
    """``a, b`` → ``[a], [b]`` (commas and semicolons outside brackets; a final period dropped)."""
    items: list[list[Atom]] = [[]]
    depth = 0
    for a in atoms:
        if a.is_op("(", "[") or a.is_macro("{", "langle", "lbrace"):
            depth += 1
        elif a.is_op(")", "]") or a.is_macro("}", "rangle", "rbrace"):
            depth -= 1
        if depth <= 0 and a.is_op(",", ";") and a.sub is None and a.sup is None:
            items.append([])
        else:
            items[-1].append(a)
    last = items[-1]
    while last and last[-1].is_op(".") and last[-1].sub is None and last[-1].sup is None:
        last.pop()
    return items


def _range_of_values(atoms: list[Atom]) -> bool:
    r"""``(0,1)``, ``\{0,1\}``, ``[0,\infty)``: a range of values without a power. Written of a
    vector (``\sigma(\eta) \in (0,1)``) it holds entrywise; it states no shape."""
    return bracketed_set(atoms) and atoms[-1].sup is None


#: words that bind the symbol of the membership after them ("For every $r\in\mathbb{R}$"):
#: a new variable over the set, not a claim about the declared symbol
_BINDER = re.compile(
    r"\b(?:for\s+(?:every|all|each|any|some)|let|fix|suppose|there\s+exists?)\s*$", re.IGNORECASE
)
#: "Edge case: … Take $A\in\mathbb{R}^{1\times 2}$, $B\in\mathbb{R}^{2\times 1}$": the shapes of
#: a case the sentence sets up (each membership of the list), no claim about the declared ones
#: (read with the math blanked out: the prose before the span)
_CASE_SETUP = re.compile(r"\b(?:take|consider|assume|for)\b(?:[\s,]|\band\b)*$", re.IGNORECASE)


#: the words before a span that make it a modifier of the noun the claim is about ("the
#: tensor of layer $l$ has shape …")
_MODIFIER = re.compile(r"\bof\s+(?:\w+\s+)?$", re.IGNORECASE)
#: a clause that sets up a case in words before the membership ("; for vector observations (4)
#: and (11) are applied coordinatewise and $v_t\in\mathbb{R}^{d}$"), read with math blanked
#: (not "for every row, $\sigma(r)\in(0,1)^d$": a claim about each row)
_CASE_CLAUSE = re.compile(r"(?:^|[.;:]\s+)for\s+(?!(?:every|each|all|any|some)\b)[^.;:$]*$", re.IGNORECASE)


def _binds(note: Note, m: MathSpan, lhs: list[Atom]) -> bool:
    """Does ``lhs \\in …`` of ``m`` introduce a variable (a quantifier before it, in words or
    as ``\\forall``) rather than state the shape of something declared?"""
    if lhs[0].is_macro("forall", "exists") or m.latex[: lhs[0].start].rstrip().endswith(
        ("\\forall", "\\exists")
    ):
        return True
    if lhs[0].start == 0 and (
        _CASE_SETUP.search(note.without_math(max(0, m.start - 200), m.start)) is not None
        or _CASE_CLAUSE.search(note.without_math(max(0, m.start - 200), m.start), 0) is not None
    ):
        return True
    return lhs[0].start == 0 and _BINDER.search(note.text[max(0, m.start - 40) : m.start]) is not None


_PROSE_CLAIM = re.compile(
    r"^\s*(?P<verb>is|has|:|—|–|-|→|gives|yields)?\s*(?:an?\s+|the\s+)?"
    r"(?P<size>(?:shape|size|dimensions?|dimensionality|length|order)\s*(?:of\s+)?)?\s*$",
    re.IGNORECASE,
)


#: words after a stated shape that make it the shape of a factor: "row times", "multiplied by"
_FACTOR_AFTER = re.compile(r"\s*(?:[A-Za-z-]+\s+){0,2}?(?:times|multiplied)\b", re.IGNORECASE)


class _InnerSizes(Exception):
    """A written product of shapes whose inner sizes differ: (the left factors' columns, the
    next factor's rows)."""


def _written_product(side: list[Atom]) -> tuple[Shape, int] | None:
    """``(d \\times n)(n \\times 1)``: the shape a product of written shapes has, and how many
    factors it has; None when ``side`` is not of this form. Raises :class:`_InnerSizes`."""
    factors: list[list[Atom]] = []
    k = 0
    while k < len(side):
        if side[k].is_op("("):
            close = next((j for j in range(k + 1, len(side)) if side[j].is_op(")")), None)
            if close is None:
                return None
            factors.append(side[k : close + 1])
            k = close + 1
        else:
            factors = [side]
            break
    shape: Shape | None = None
    for factor in factors:
        f = dims_shape(factor)
        if f is None:
            return None
        if shape is None:
            shape = f
            continue
        try:
            shape = matmul(shape, f)
        except ShapeMismatch:
            inner = shape.cols if shape.kind in ("matrix", "vector") else "?"
            rows = f.rows if f.kind in ("matrix", "vector") else "?"
            raise _InnerSizes(inner, rows) from None
        except Exception:
            return None
    return (shape, len(factors)) if shape is not None else None


def _shape_arithmetic(atoms: list[Atom], source: str) -> tuple[int, int, str] | None:
    """``(d \\times n)(n \\times 1) = d \\times 1``: a product of shapes written out; the
    first step that does not hold, or None (also when the math is not of this form)."""
    sides: list[list[Atom]] = [[]]
    for a in atoms:
        if a.is_op("=") or a.is_macro("to", "rightarrow", "Rightarrow", "implies"):
            sides.append([])
        else:
            sides[-1].append(a)
    if len(sides) < 2 or any(not side for side in sides):
        return None
    values: list[tuple[list[Atom], Shape, int]] = []
    for side in sides:
        try:
            written = _written_product(side)
        except _InnerSizes as sizes:
            text = " ".join(source[side[0].start : side[-1].end].split())
            inner, rows = sizes.args
            return (
                side[0].start,
                side[-1].end,
                f"the dimensional check {text} multiplies shapes whose inner sizes {inner} and {rows} differ",
            )
        if written is None:
            return None
        values.append((side, *written))
    if all(count < 2 for _, _, count in values):
        return None  # not a product of shapes (`n \times d = nd` counts entries)
    for (left, left_shape, _), (right, right_shape, _) in itertools.pairwise(values):
        if not same_shape(left_shape, right_shape):
            lt = " ".join(source[left[0].start : left[-1].end].split())
            rt = " ".join(source[right[0].start : right[-1].end].split())
            return (
                left[0].start,
                right[-1].end,
                f"the dimensional check states {lt} = {rt}, but {lt} is {left_shape}",
            )
    return None


def _product_shape(lhs: list[Atom]) -> Shape | None:
    """The shape of a product of two or more written shapes (``(d\\times d)(d\\times 1)``), else
    None (a mismatch inside it is :func:`_shape_arithmetic`'s to report)."""
    try:
        written = _written_product(lhs)
    except _InnerSizes:
        return None
    return written[0] if written is not None and written[1] >= 2 else None


@rule(
    code="NL505",
    name="shape-claim-mismatch",
    summary="a dimensional check (4.C) states a shape that the inferred shape contradicts",
    facets=("equations", "fixed-sizes", "glossary", "lecturer-passages", "math-model"),
)
def shape_claim_mismatch(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Reads the dimensional checks of 4.C, Intermediate Checks — statements such as
    `$X^\top y \in \mathbb{R}^{d}$`, `$\hat{w} \in \mathbb{R}^d$`, `$X^\top X$ is $d \times d$`
    or `$\nabla_w J$ has shape $d \times 1$` — infers the shape of the
    expression from the declared shapes (as NL305 does) and reports a claim that the
    inferred shape contradicts. `\mathbb{R}^{d}`, `\mathbb{R}^{d\times 1}` and a vector of
    size `d` are the same shape; a 1×1 result is a scalar. When the shape cannot be inferred
    (an undeclared symbol, an entry `x_i`), nothing is reported. A product of shapes written
    out, `$(d \times n)(n \times 1) = d \times 1$`, is checked step by step. Sizes a worked
    example fixes (`Take $n = 2$`, `For $A = I_2$`) hold from there to the end of its
    (sub)section, as for NL305. A range of values without a power (`\sigma(\eta) \in (0,1)`,
    `\in \{0,1\}`) holds entrywise and states no shape, and a membership a quantifier binds
    (`for every $r \in \mathbb{R}$`, `\forall r \in \mathbb{R}`) is a new variable, not a claim.
    A case set up before the membership (`for $A\in\mathbb{R}^{p\times m}$ and
    $B\in\mathbb{R}^{n\times p}$ …`, "for vector observations … $v_t\in\mathbb{R}^d$") states
    no claim either; its shapes hold for the rest of that paragraph or list item, where
    `$A^\top B^\top\in\mathbb{R}^{m\times n}$` is checked with them. A shape said in words of
    a noun the symbol only qualifies ("the tensor of layer $l$ has shape …") is not $l$'s.

    ## Why is this bad?
    A dimensional check that states the wrong shape is worse than none: it certifies a
    formula that has not been checked, or hides a missing transpose.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$: data and targets.

    ### 4) Derivation Protocol
    #### 4.C Intermediate Checks
    - Dimensional check: $X^\top y \in \mathbb{R}^{n}$.
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$: data and targets.

    ### 4) Derivation Protocol
    #### 4.C Intermediate Checks
    - Dimensional check: $X^\top y \in \mathbb{R}^{d}$.
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    env = table.shape_env()
    claims = lecturer_claims(note)
    spans = [m for m in math_in_section(note, "4.C") if not any(c.start <= m.start < c.end for c in claims)]
    shapes = env
    # the shapes a case sets up ("for $A\in\mathbb{R}^{p\times m}$ and $B\in…$ the same steps
    # give …"), in force to the end of its paragraph or list item
    case_shapes: dict[str, Shape] = {}
    case_end = -1
    for k, m in enumerate(spans):
        if m.start >= case_end:
            case_shapes = {}
        # a worked example's sizes (`Take $m=4$`, `$A=I_2$`) hold in the rest of its section
        env = shapes.with_sizes(fixed_sizes(note, m))
        if case_shapes:
            env = dataclasses.replace(env, shapes={**env.shapes, **case_shapes})
        # `$X^\top X$ is $d \times d$`, `$\nabla_w J$ has shape $d \times 1$`
        if k + 1 < len(spans):
            nxt = spans[k + 1]
            between = note.text[m.end : nxt.start]
            claimed = dims_shape(math_atoms(nxt))
            claimed = table.normalize(claimed) if claimed is not None else None
            word = _PROSE_CLAIM.match(between)
            if word and not word.group("verb") and re.search(r"\bof\s*$", between):
                # "matching the $2\times 1$ shape of $W$": W's shape, said the other way round
                word = None
            if word and _MODIFIER.search(note.without_math(max(0, m.start - 40), m.start)):
                # "the activation tensor of layer $l$ has shape …": the tensor's shape, not l's
                word = None
            # "$u^\top v$ is a $1\times d$ row times a $d\times 1$ column": a factor's shape
            factor = _FACTOR_AFTER.match(note.text, nxt.end)
            if claimed is not None and word and not factor and (len(claimed.dims) != 1 or word.group("size")):
                inferred, errors = infer_expression(math_atoms(m), m.latex, env)
                if (
                    inferred is not None
                    and not errors
                    and inferred.kind != "function"
                    and not same_shape(inferred, claimed)
                ):
                    expr = " ".join(m.latex.split())
                    where = " ".join(nxt.latex.split())
                    ctx.report(
                        m.start,
                        nxt.end,
                        f"the dimensional check states that {expr} is {where} "
                        f"({claimed}), but its inferred shape is {inferred}",
                    )
        arithmetic = _shape_arithmetic(math_atoms(m), m.latex)
        if arithmetic is not None:
            start, end, message = arithmetic
            ctx.report(m.content_start + start, m.content_start + end, message)
            continue
        for lhs, rhs in _claims(m.facet(MATH_MODEL)):
            claimed = domain_shape(rhs).shape
            if claimed is None or _range_of_values(rhs):
                continue
            if _binds(note, m, lhs):
                ref = symbol_ref(lhs[0]) if len(lhs) == 1 else None
                block = note.block_at(m.start)
                if ref is not None and block is not None:
                    case_shapes[ref.key] = table.normalize(claimed)
                    case_end = block.span.end
                continue
            claimed = table.normalize(claimed)
            # `$(d\times d)(d\times 1)\in\mathbb{R}^{d}$`: the product of the shapes written out
            written = _product_shape(lhs)
            inferred, errors = (written, []) if written is not None else infer_expression(lhs, m.latex, env)
            if inferred is None or errors or inferred.kind == "function":
                continue
            if same_shape(inferred, claimed):
                continue
            expr = " ".join(m.latex[lhs[0].start : lhs[-1].end].split())
            where = " ".join(m.latex[rhs[0].start : rhs[-1].end].split())
            ctx.report(
                m.content_start + lhs[0].start,
                m.content_start + rhs[-1].end,
                f"the dimensional check states {expr} \\in {where} ({claimed}), "
                f"but its inferred shape is {inferred}",
            )
