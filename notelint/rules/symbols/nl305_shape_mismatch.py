from __future__ import annotations

import dataclasses
import re

from notelint import data
from notelint.math.reading.atoms import Atom, symbol_ref
from notelint.math.reading.relations import chains_of
from notelint.math.semantics.glossary import fixed_sizes, glossary
from notelint.math.semantics.shape_algebra import Shape
from notelint.math.semantics.shape_env import ShapeEnv, script_text
from notelint.math.semantics.shape_inference import check, infer_expression
from notelint.math.semantics.shape_parser import ShapeError
from notelint.math.semantics.span_symbols import math_atoms
from notelint.note import MathSpan, Note
from notelint.parse.provenance import Citation, find_citations
from notelint.rule import RuleContext, rule
from notelint.rules.symbols._common import checked_math


@rule(
    code="NL305",
    name="shape-mismatch",
    summary="an expression whose shapes cannot agree under the declared shapes",
    facets=("equations", "fixed-sizes", "glossary", "latex-tree", "lecturer-passages", "math-model"),
)
def shape_mismatch(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Infers the shape of every expression from the shapes section 2 declares and reports
    those that cannot agree: a product with different inner sizes (`Xw` with
    `X\in\mathbb{R}^{n\times d}`, `w\in\mathbb{R}^n`), a sum of different shapes (a vector
    plus a vector of another size, a matrix plus a vector that matches none of its
    columns), the inverse, power, determinant or trace of a non-square matrix, an inner
    product of vectors of different sizes, and a declared map applied to an argument of the
    wrong shape; and the two sides of `=` or `\approx` when both shapes are known and
    neither is a scalar (`\hat w = (X^\top X)^{-1} X^\top` with the `y` missing; a scalar
    side is allowed, as in a one-dimensional check `X^\top X = 4`). The message names both
    shapes, e.g.
    `X (n×d) times (Xw-y) (n): inner sizes d and n differ`.

    Sizes are symbolic: `n` and `d` are different sizes unless the note says otherwise with
    an equation between sizes in section 2 or 3 (`$n = d$`), or in a sentence: an inline
    `$m = n$` holds for the rest of its sentence and for the span right before it ("if $H$ is
    invertible ($m=n$), then $H^{-1}z$ …", "$\hat w = X^{-1}y$ only when $n=d$"). A worked example that fixes a
    size to a number (`Take $m=4$`, `with $n = 2$`, or a value of numeric shape such as
    `$A=I_2$` for `A\in\mathbb{R}^{d\times d}`) fixes it from there to the end of its
    (sub)section: shapes are compared with the number substituted, so `K+I_2` after
    `$n = 2$` agrees and after `$n = 3$` is reported. Transposes, inverses, powers, norms
    (scalars), inner and outer products, `\nabla_w f` (the shape of `w`),
    `\frac{\partial L}{\partial W}` (the shape of `W`), `\operatorname{diag}`, `I_d` (and
    `I` of any size), elementwise functions and scalar broadcasting are understood; a
    vector added to a matrix with as many columns is a bias broadcast over rows and is
    accepted. A symbol declared by its value (`$J(s)\in\mathbb{R}^{m\times m}$`) is a map
    with that codomain, and written bare before a bracket that uses it again
    (`J(J^\top J)^{-1}J^\top`) its value times that bracket; a map `\mathbb{R}\to\mathbb{R}` applied to a vector is applied
    entrywise; powers of an array declared as `\sigma^2\in(0,\infty)^{K\times d}` are
    entrywise; `w^{\mathrm{OLS}}` is a variant of `w` (only `^\top`, `^T`, `^{\mathrm{T}}` are
    transposes). A declared map given a value at its arguments (`\phi(s,a)=e_a`, "in the
    tabular case") sets its sizes, as `$n = d$` would, unless the kinds or two numbers differ.
    An operator an entry defines with arguments local to it (`$\langle u,v\rangle_W=u^\top Wv$
    for $u,v\in\mathbb{R}^n$`) gives them those shapes wherever the note restates that
    definition, even where another entry declares a `u` of its own.
    Anything else — undeclared symbols, entries `x_i`, iterates `w_t`, integrals,
    `\cdot` placeholders — has an unknown shape, which never produces a finding. The
    schematic identities of 4.D, the glossary itself and the passage quoting a
    `(LECTURER CLAIM)` (its paragraph, and the display right after it) are not checked,
    nor an inline mention of an ill-shaped expression in a sentence that says it is not
    defined (`$X^{-1}$ does not exist`; the words are in `data/symbols.toml`). A note
    without a glossary declares no shapes, so nothing is reported.

    ## Why is this bad?
    A product or sum whose shapes cannot agree is a wrong formula: a missing transpose, a
    swapped factor or a confused size. The standard asks for dimensional checks precisely
    to catch these.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$: design matrix.
    - $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$: targets and weights.

    ### 4) Derivation Protocol
    #### 4.B Step-by-Step Derivation
    $$\nabla_w J(w) = X (Xw - y) \tag{2}$$
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$: design matrix.
    - $y \in \mathbb{R}^n$, $w \in \mathbb{R}^d$: targets and weights.

    ### 4) Derivation Protocol
    #### 4.B Step-by-Step Derivation
    $$\nabla_w J(w) = X^\top (Xw - y) \tag{2}$$
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    env = table.shape_env()
    sizes = {d.key for d in table.declarations if d.implicit or (d.shape is not None and d.shape.is_scalar)}
    for m in checked_math(note, quoted_claims=False):
        atoms = math_atoms(m)
        fixed = {**_sentence_equal_sizes(note, m, sizes), **fixed_sizes(note, m)}
        span_env = _with_operator_arguments(env, table.restated_arguments(m.latex))
        renamed = _substitution_sizes(note, m, atoms, span_env.with_sizes(fixed))
        if renamed:  # read on top of the sizes already fixed: one renaming of the declared sizes
            fixed = {
                size: renamed.get(fixed.get(size, size), fixed.get(size, size)) for size in {*fixed, *renamed}
            }
        for err in check(atoms, m.latex, span_env.with_sizes(fixed)):
            if _named_as_undefined(note, m, atoms, err):
                continue
            ctx.report(m.content_start + err.start, m.content_start + err.end, err.message)


def _with_operator_arguments(env: ShapeEnv, arguments: dict[str, Shape | None]) -> ShapeEnv:
    r"""Where a span restates an operator's definition (``\langle u,v\rangle_W=u^\top Wv``), its
    arguments have the shapes the defining entry gives them, not another entry's ``u``."""
    if not arguments:
        return env
    shapes = {**env.shapes, **{k: s for k, s in arguments.items() if s is not None}}
    local = env.local | {k for k, s in arguments.items() if s is None}
    return dataclasses.replace(env, shapes=shapes, local=local)


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t>]*\n")
#: how far a sentence is looked for around a span
_SENTENCE_REACH = 400


def _sentence_start(text: str, lower: int, at: int) -> int:
    """Where the sentence holding offset ``at`` starts, looking back no further than ``lower``."""
    starts = [x.end() for x in _SENTENCE_END.finditer(text, lower, at)]
    return starts[-1] if starts else lower


def _sentence_around(text: str, m: MathSpan) -> tuple[int, int]:
    """The sentence holding ``m``, within :data:`_SENTENCE_REACH` characters of it (the end may
    pass the text's end)."""
    start = _sentence_start(text, max(0, m.start - _SENTENCE_REACH), m.start)
    stop = _SENTENCE_END.search(text, m.end, m.end + _SENTENCE_REACH)
    return start, stop.start() if stop else m.end + _SENTENCE_REACH


#: words right before an equation that quote it rather than state it
_QUOTED = re.compile(r"\b(?:writing|to write|one writes|writes)\s*$", re.IGNORECASE)


def _refutation_words() -> re.Pattern[str]:
    words = data.load("symbols")["refutation"]["words"]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def _named_as_undefined(note: Note, m: MathSpan, atoms: list[Atom], err: ShapeError) -> bool:
    """``$X^{-1}$ does not exist since $X$ is not square``: an inline span that is nothing but
    the ill-shaped expression (or an expression holding it, no relation), in a sentence that
    says it is not defined, names the object the note rules out (``$X^{-1}y = b$`` or a
    sentence without a negation is still reported)."""
    if m.kind != "inline" or not atoms:
        return False
    start, end = _sentence_around(note.text, m)
    if any(chain.links for chain in chains_of(m)) and not _QUOTED.search(note.without_math(start, m.start)):
        # an equation: the note's own formula, not an expression it names, unless the sentence
        # quotes it ("Writing $\hat w = (K+\lambda I)^{-1}\Phi^\top y$ is a dimension error")
        return False
    words = note.without_math(start, min(len(note.text), end))
    return bool(_refutation_words().search(words))


def _substitution_sizes(note: Note, m: MathSpan, atoms: list[Atom], env: ShapeEnv) -> dict[str, str]:
    r"""``{Rule: substitution of the blocks of (4) into (7): $B=K_{**}$}``: a declared symbol
    given a value inside a rule citation instantiates a general formula, so the value's sizes
    are the symbol's there (``q`` → ``m`` for ``B\in\mathbb{R}^{q\times q}``), as ``$q = m$``
    would say. Only named sizes are renamed; a value of another kind or rank, or of other
    numbers, is still a mismatch."""
    if m.kind != "inline" or len(atoms) < 3 or not atoms[1].is_op("="):
        return {}
    if atoms[0].sup is not None and script_text(atoms[0].sup) not in _SAME_SIZES:
        return {}
    declared = env.lookup(atoms[0])
    if declared is None or declared.kind not in ("vector", "matrix", "tensor"):
        return {}
    in_citation = any(c.span.start <= m.start and m.end <= c.span.end for c in _citations_around(note, m))
    if not in_citation and not _after_substitution_words(note, m):
        return {}
    value, errors = infer_expression(atoms[2:], m.latex, env)
    if value is None or errors or value.kind != declared.kind or len(value.dims) != len(declared.dims):
        return {}
    return {
        size: other
        for size, other in zip(declared.dims, value.dims, strict=True)
        if size != other and not size.isdigit()
    }


#: ``A^{-1}``, ``A^\top``: a declared square matrix's inverse or transpose keeps its sizes
_SAME_SIZES = frozenset({"-1", "\\top", "T", "\\intercal"})
#: "with $A=\lambda I_d$, $U=X^\top$ …", "taking $B=…$": values put into a general formula
_SUBSTITUTION_WORDS = re.compile(r"\b(?:with|taking|setting|substituting|putting)\b[^.;:!?]*$", re.IGNORECASE)


def _after_substitution_words(note: Note, m: MathSpan) -> bool:
    r"""Is ``m`` one of the values a sentence puts into a formula ("with $A=\lambda I_d$,
    $U=X^\top$")?"""
    block = note.block_at(m.start)
    lower = block.span.start if block is not None else max(0, m.start - 300)
    before = note.without_math(_sentence_start(note.text, lower, m.start), m.start)
    return bool(_SUBSTITUTION_WORDS.search(before))


def _citations_around(note: Note, m: MathSpan) -> list[Citation]:
    """The rule citations of the paragraph or list item that holds ``m``."""
    block = note.block_at(m.start)
    return find_citations(note.text, block.span.start, block.span.end) if block is not None else []


#: the words between the last span of a list and an equation of sizes that closes it
_WITH_CLAUSE = re.compile(r"[\s,]*(?:with|where|and)\s*", re.IGNORECASE)


def _sentence_equal_sizes(note: Note, m: MathSpan, sizes: set[str]) -> dict[str, str]:
    r"""``If $H$ is invertible ($m=n$), then $K\to H^{-1}$``, ``$\hat w = X^{-1}y$ only when
    $n = d$``: an equation between declared sizes, an inline span of its own, holds for the rest
    of its sentence and for the span right before it, and for every span before it when it
    closes the sentence as a with-clause (``$K=XW_K$ and $V=XW_V$ with $m=n$``): size → the
    size it equals."""
    if m.kind != "inline":
        return {}
    text = note.text
    start, end = _sentence_around(text, m)
    spans = [o for o in note.math if o.kind == "inline" and o.start >= start and o.end <= end]
    out: dict[str, str] = {}
    for i, other in enumerate(spans):
        before_m = other.end <= m.start
        right_after_m = i > 0 and spans[i - 1] is m
        # "$Q=XW_Q$, $K=XW_K$ and $V=XW_V$ with $m=n$": a with-clause closing the sentence's
        # list of spans holds for all of them ("…, and $\hat w=X^{-1}y$ only when $n = d$" for
        # the one before it)
        closing_with = (
            i > 0
            and m.end <= other.start
            and _WITH_CLAUSE.fullmatch(note.without_math(spans[i - 1].end, other.start)) is not None
        )
        if other is m or not (before_m or right_after_m or closing_with):
            continue
        atoms = [a for a in math_atoms(other) if not a.is_op(".", ",")]
        if len(atoms) < 3 or len(atoms) % 2 == 0 or not all(a.is_op("=") for a in atoms[1::2]):
            continue
        names = atoms[0::2]
        refs = [symbol_ref(a) for a in names]
        keys = [
            r.key
            for r, a in zip(refs, names, strict=True)
            if r is not None and a.sub is None and a.sup is None
        ]
        if len(keys) == len(names) and all(k in sizes for k in keys):
            out.update({k: keys[0] for k in keys[1:]})
    return out
