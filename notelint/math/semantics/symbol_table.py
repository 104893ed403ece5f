"""The symbol table's types: a :class:`Declaration` (one symbol declared once: where, its domain
as written and its kind, shape, description) and the :class:`SymbolTable` of a note (declarations
in order, looked up by key and by base symbol; the declared shapes for inference).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.math.reading.atoms import canonical
from notelint.math.semantics.occurrences import Occurrence
from notelint.math.semantics.shape_algebra import (
    Shape,
    rename_dims,
)
from notelint.math.semantics.shape_env import ShapeEnv
from notelint.note import Span

if TYPE_CHECKING:
    pass

#: Domain kinds.
SET = "set"  # \in S
BOUND = "bound"  # \ge 0, > 0, \succ 0
DISTRIBUTION = "distribution"  # \sim \mathcal{N}(…)
MAP = "map"  # f: A \to B
DEFINITION = "definition"  # = …, := …
WORDS = "words"  # "positive integer" in the description
SHAPE = "shape"  # sizes only: `$X$ ($n \times d$)`


@dataclass(frozen=True)
class Declaration:
    """One symbol declared once."""

    #: canonical spelling (``X``, ``\\hat{w}``, ``\\sigma_{j}``, ``\\mathcal{L}``)
    key: str
    #: the symbol it relates to (``w`` for ``\\hat{w}``, ``\\sigma`` for ``\\sigma_{j}``)
    base: str
    #: file offsets of the symbol where it is declared (go-to-declaration)
    span: Span
    #: the whole glossary entry (line, list item or table row)
    entry: Span
    #: the domain as written (``\\mathbb{R}^{n\\times d}``, ``\\ge 0``, ``\\sim\\mathcal{N}(0,1)``)
    domain: str | None = None
    #: set, bound, distribution, map, definition, words; None when there is none
    domain_kind: str | None = None
    shape: Shape | None = None
    #: "vector"/"matrix"/"tensor" when the note says so but gives no size
    kind_hint: str | None = None
    description: str = ""
    #: "2" for the glossary; "4.A" or another section for declarations made in the text
    section: str = "2"
    #: a size named in another declaration's shape (``n`` of ``\\mathbb{R}^{n\\times d}``)
    implicit: bool = False
    #: written as ``f(x)``: a function given by its application
    function_like: bool = False
    #: that application's argument is a ``\\cdot`` placeholder (``\\pi_\\theta(\\cdot\\mid s)``):
    #: a slice of the function, another object than its value ``\\pi_\\theta(a\\mid s)``
    placeholder: bool = False
    #: a bare symbol inside an entry that begins with prose (``Design matrix $X$ …``)
    in_prose: bool = False
    #: named in passing in section 2 (``rows $x_i^\\top$``), not declared by an entry
    mentioned: bool = False
    #: an array whose powers are entrywise (declared as ``\\sigma^2\\in(0,\\infty)^{K\\times d}``)
    entrywise: bool = False

    def hover(self) -> str:
        """Markdown for an editor hover."""
        parts = [f"**${self.key}$**"]
        if self.domain:
            parts.append(f"domain: ${self.domain}$")
        if self.shape is not None:
            parts.append(f"shape: {self.shape.describe()}")
        if self.description:
            parts.append(self.description)
        return " — ".join(parts)


def spaceless(text: str) -> str:
    """Without spaces, and a one-token script without braces: ``\\mathcal{P}_{K}`` is
    ``\\mathcal{P}_K`` (the glossary's set and the domain that names it)."""
    return re.sub(r"([_^])\{(\\?[A-Za-z0-9]+)\}", r"\1\2", re.sub(r"\s+", "", text))


def unindexed(key: str) -> str:
    """A declared key without its subscript: ``\\mu_{n}^{\\mathrm{LN}}`` is an entry of
    ``\\mu^{\\mathrm{LN}}``, ``s_{n,g}`` of ``s``."""
    return re.sub(r"_\{[^{}]*\}|_\\?[A-Za-z0-9]+", "", key, count=1)


@dataclass
class SymbolTable:
    """Declarations of a note, in order, with lookups by key and base."""

    declarations: list[Declaration] = field(default_factory=list)
    #: the note has a section 2 with at least one declaration
    has_glossary: bool = False
    by_key: dict[str, list[Declaration]] = field(default_factory=dict)
    by_base: dict[str, list[Declaration]] = field(default_factory=dict)
    #: sizes the note says are equal (``$n = d$`` in section 2 or 3): size → representative
    same_sizes: dict[str, str] = field(default_factory=dict)
    #: operators an entry defines with arguments local to it (``$\\langle u,v\\rangle_W=u^\\top Wv$
    #: for $u,v\\in\\mathbb{R}^n$``): the defining left side, spaceless → its arguments' shapes
    #: there (None: no shape), which the note's restatements of that definition use
    operator_arguments: dict[str, dict[str, Shape | None]] = field(default_factory=dict)
    #: the inner products and norms the glossary defines (``\\langle u,u'\\rangle_W=u^\\top Wu'``):
    #: a pattern of the defining left side, spaceless, with one group per argument → the
    #: arguments' keys there; a restatement with other letters (``\\langle u,v\\rangle_W=…``)
    #: binds its letters to those arguments' shapes
    operator_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, decl: Declaration) -> None:
        self.declarations.append(decl)
        self.by_key.setdefault(decl.key, []).append(decl)
        self.by_base.setdefault(canonical(decl.base), []).append(decl)

    @property
    def glossary(self) -> list[Declaration]:
        """The entries of section 2 (not the sizes and mentions they imply)."""
        return [d for d in self.declarations if d.section == "2" and not d.implicit and not d.mentioned]

    def lookup(self, key: str) -> Declaration | None:
        found = self.by_key.get(key)
        return found[0] if found else None

    def resolve(self, key: str, base: str | None = None) -> Declaration | None:
        """The declaration a symbol as written refers to: exact key, else its base symbol."""
        found = self.by_key.get(key) or self.by_key.get(canonical(key))
        if found:
            return found[0]
        for b in (base, key):
            if b is None:
                continue
            found = self.by_base.get(canonical(b))
            if found:
                # prefer the undecorated declaration of the base
                return next((d for d in found if d.key == d.base), found[0])
        return None

    def declares(self, occ: Occurrence) -> bool:
        return self.resolve(occ.key, occ.base) is not None

    def normalize(self, shape: Shape) -> Shape:
        """A shape with the sizes the note says are equal (``$n = d$``) spelled one way."""
        return rename_dims(shape, self.same_sizes) if self.same_sizes else shape

    def restated_arguments(self, latex: str) -> dict[str, Shape | None]:
        """The arguments' shapes of each operator definition ``latex`` restates (its defining
        left side followed by ``=``), e.g. section 1's ``\\langle u,v\\rangle_W=u^\\top Wv``."""
        text = spaceless(latex)
        out: dict[str, Shape | None] = {}
        for left, shapes in self.operator_arguments.items():
            if left + "=" in text:
                out.update(shapes)
        for pattern, keys in self.operator_forms.items():
            for m in re.finditer(pattern, text):
                for written, key in zip(m.groups(), keys, strict=True):
                    declared = self.lookup(key)
                    if written != key and declared is not None and written not in out:
                        out[written] = declared.shape
        return out

    def shape_env(self) -> ShapeEnv:
        """Declared shapes for inference; the first declaration of a key wins."""
        shapes: dict[str, Shape] = {}
        # a bound (`\\alpha \\ge 0`) is an entrywise constraint when a set gives the shape
        ordered = sorted(self.declarations, key=lambda d: d.domain_kind == BOUND)
        for d in ordered:
            if d.shape is None or d.key in shapes:
                continue
            if d.shape.kind in ("vector", "matrix", "tensor") and not d.shape.dims:
                continue
            shapes[d.key] = d.shape
        # x_i declared: x_j has the same shape (when the index is not itself a declared size:
        # an iteration counter k declared as a scalar is no size, so e_0 is an iterate of e_k)
        sizes = {dim for shape in shapes.values() for dim in shape.dims}
        # (the family's letter index first: "$\sigma_i(M)$" is the family whose members
        # \sigma_{i+k}(A) are, not a listed "$\sigma_1\ge\sigma_2$")
        for d in sorted(self.declarations, key=lambda d: not d.key.rstrip("}")[-1:].isalpha()):
            m = re.fullmatch(r"(.+)_\{(.+)\}", d.key)
            if m and d.shape is not None and m.group(2) not in sizes and len(m.group(2)) == 1:
                shapes.setdefault(m.group(1) + "_{}", d.shape)
        if self.same_sizes:
            shapes = {k: rename_dims(v, self.same_sizes) for k, v in shapes.items()}
        entrywise = frozenset(d.key for d in self.declarations if d.entrywise)
        called = frozenset(
            d.key
            for d in self.declarations
            if d.function_like
            and d.section == "2"
            and d.key in shapes
            and shapes[d.key].kind in ("vector", "matrix")
        )
        return ShapeEnv(shapes, entrywise=entrywise, called_entries=called)
