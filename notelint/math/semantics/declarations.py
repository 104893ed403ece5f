"""Reading one declaration written in math: the declared symbols and what the rest says of them.

``$X\\in\\mathbb{R}^{n\\times d}$`` (a set and its shape), ``$n, d\\in\\mathbb{N}$`` (several
symbols), ``$f(x)$`` / ``$f:\\mathbb{R}^d\\to\\mathbb{R}$`` (functions and maps),
``$\\lambda \\ge 0$`` (a bound), ``$\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2)$`` (a distribution),
``$\\sigma(z) = 1/(1+e^{-z})$`` (a definition): :func:`parse_declaration` gives the symbols,
the domain as written, its kind and the shape it states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelint.math.reading.atoms import Atom, is_relation, plain_text, symbol_ref
from notelint.math.reading.lexicon import lexicon
from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.domain_shapes import DomainShape, domain_shape, product_shape
from notelint.math.semantics.shape_algebra import (
    SCALAR,
    Shape,
    function,
    vector,
)
from notelint.math.semantics.shape_env import script_text
from notelint.math.semantics.symbol_table import (
    BOUND,
    DEFINITION,
    DISTRIBUTION,
    MAP,
    SET,
    Declaration,
)
from notelint.note import Span

if TYPE_CHECKING:
    from notelint.note import MathSpan

_VOCABULARY = vocabulary()
_BOUND_RELATIONS = _VOCABULARY.names("inequality", "order")
_DEFINE_RELATIONS = _VOCABULARY.names("equality", "definition")
STRONG_DEFINE = frozenset(n for n, r in _VOCABULARY.relations.items() if r.strong)
#: the arrows of a map ``f: A \\to B`` (also read in a table's domain cell)
MAP_ARROWS = _VOCABULARY.names("map")


# --------------------------------------------------------------------------------------------
# parsing one declaration span


@dataclass
class DeclaredSymbol:
    """A symbol one declaration names, at its offsets in the math source."""

    key: str
    base: str
    start: int  # offsets in the math source
    end: int
    function_like: bool = False
    #: an application with a ``\\cdot`` placeholder argument (``\\pi_\\theta(\\cdot\\mid s)``)
    placeholder: bool = False
    entrywise: bool = False
    #: written with a transpose, inverse or power (``X^\\top``): ``X^\\top(y - Xw)`` is a product
    operated: bool = False

    def declaration(
        self,
        m: MathSpan,
        entry: Span,
        section: str,
        domain: str | None,
        domain_kind: str | None,
        shape: Shape | None,
        *,
        kind_hint: str | None = None,
        description: str = "",
        in_prose: bool = False,
        entrywise: bool = False,
    ) -> Declaration:
        """This symbol, written in ``m``, as an entry of the symbol table."""
        return Declaration(
            key=self.key,
            base=self.base,
            span=Span(m.content_start + self.start, m.content_start + self.end),
            entry=entry,
            domain=domain,
            domain_kind=domain_kind,
            shape=shape,
            kind_hint=kind_hint,
            description=description,
            section=section,
            function_like=self.function_like,
            placeholder=self.placeholder,
            in_prose=in_prose,
            entrywise=entrywise,
        )


def _has_placeholder(atoms: list[Atom]) -> bool:
    """Is a ``\\cdot`` among ``atoms`` (an argument list), inside groups and arguments too?"""
    return any(
        a.is_macro("cdot") or _has_placeholder(a.inner) or any(_has_placeholder(arg) for arg in a.args)
        for a in atoms
    )


#: ``\dots`` and its spellings between the first and the last member of a family
_ELLIPSES = frozenset({"dots", "ldots", "cdots", "dotsc"})


def declared_symbols(atoms: list[Atom]) -> list[DeclaredSymbol] | None:
    """``n, d`` or ``f(x)`` or ``\\hat{w}_t``: the declared symbols, or None if not a list of them."""
    out: list[DeclaredSymbol] = []
    i = 0
    expect_symbol = True
    while i < len(atoms):
        a = atoms[i]
        if not expect_symbol:
            if a.is_op(","):
                expect_symbol = True
                i += 1
                continue
            if a.is_op("(") and out and not out[-1].function_like and not out[-1].operated:
                depth = 0
                for k in range(i, len(atoms)):
                    if atoms[k].is_op("("):
                        depth += 1
                    elif atoms[k].is_op(")"):
                        depth -= 1
                        if depth == 0:
                            break
                else:
                    return None
                out[-1].function_like = True
                out[-1].placeholder = _has_placeholder(atoms[i + 1 : k])
                i = k + 1
                continue
            return None
        if out and a.is_macro(*_ELLIPSES) and i + 1 < len(atoms) and atoms[i + 1].is_op(","):
            # ``x_1,\dots,x_n``: the members between the first and the last
            i += 2
            continue
        ref = symbol_ref(a)
        if ref is None or ref.key in lexicon().font_names:
            return None
        key = ref.key
        powered = False
        if a.sub is not None:
            key = f"{ref.key}_{{{script_text(a.sub)}}}"
        if a.sup is not None:
            sup = _named_sup(a.sup) or script_text(a.sup)
            if sup.isdigit():
                # \sigma^2 \in (0,\infty)^{K\times d}: the entrywise square of an array is
                # declared, so its powers are entrywise
                powered = True
            else:
                # w^\star, w^{(k)}, X^{+}, X^{-1}: a symbol of its own, related to its base
                key = f"{key}^{{{sup}}}"
        key += "'" * a.primes
        operated = a.sup is not None and (
            powered or not _is_decoration(_named_sup(a.sup) or script_text(a.sup))
        )
        out.append(DeclaredSymbol(key, ref.base, ref.start, ref.end, entrywise=powered, operated=operated))
        expect_symbol = False
        i += 1
    if expect_symbol:
        return None
    return out


def _is_decoration(sup: str) -> bool:
    """``^\\star``, ``^*``, ``^{(k)}``, ``^{\\mathrm{CLIP}}``: a related symbol, not an operation
    on the base."""
    return (
        sup in ("\\star", "*", "\\ast", "\\prime", "\\dagger", "\\circ")
        or sup.startswith("(")
        or (sup.startswith("\\") and "{" in sup)
    )


def _named_sup(sup: list[Atom]) -> str | None:
    """``\\mathrm{CLIP}`` of ``L^{\\mathrm{CLIP}}``: a name written as text (not ``\\mathrm{T}``)."""
    flat = sup[0].inner if len(sup) == 1 and sup[0].kind == "group" else sup
    if len(flat) != 1 or flat[0].kind != "macro" or not flat[0].args:
        return None
    if flat[0].text not in ("mathrm", "text", "textrm", "mathsf", "operatorname", "textsf", "mathtt"):
        return None
    name = plain_text(flat[0].args[0])
    return None if name in ("T", "") else f"\\{flat[0].text}{{{name}}}"


def applied_shape(p: DeclaredSymbol, shape: Shape | None) -> Shape | None:
    """``J(s)\\in\\mathbb{R}^{m\\times m}``: the set is the shape of the *value* of a function
    written by its application; the symbol itself is a map with that codomain."""
    if p.function_like and shape is not None and shape.kind != "function":
        return function(None, shape)
    return shape


def array_of_entries(domain: list[Atom]) -> bool:
    """``(0,\\infty)^{K\\times d}``, ``[0,1]^d``, ``\\{0,1\\}^n``: a power of a set of numbers is
    an array of entries (its powers and maps are entrywise), not a linear-algebra matrix."""
    if len(domain) < 2 or domain[-1].sup is None:
        return False
    first, last = domain[0], domain[-1]
    return (first.is_op("(", "[") and last.is_op(")", "]")) or (
        first.is_macro("{", "lbrace") and last.is_macro("}", "rbrace")
    )


def _domain_text(source: str, atoms: list[Atom]) -> str:
    if not atoms:
        return ""
    return re.sub(r"\s+", " ", source[atoms[0].start : atoms[-1].end]).strip()


def _distribution_shape(atoms: list[Atom]) -> DomainShape:
    """``\\mathcal{N}(0,\\sigma^2)`` is scalar; ``\\mathcal{N}(0,\\sigma^2 I_n)`` a vector of n."""
    if not atoms:
        return DomainShape(None)
    ref = symbol_ref(atoms[0])
    if ref is None or ref.key != "\\mathcal{N}":
        return DomainShape(None)
    if len(atoms) < 3 or not atoms[1].is_op("("):
        return DomainShape(None)
    inner = atoms[2:-1] if atoms[-1].is_op(")") else atoms[2:]
    for a in inner:
        r = symbol_ref(a)
        if r is not None and r.key in ("I", "\\mathbf{I}") and a.sub is not None:
            return DomainShape(vector(script_text(a.sub)))
        if r is not None and (
            r.key[0].isupper() or r.key in ("\\Sigma", "I", "\\mathbf{I}") or r.key.startswith("\\mathbf")
        ):
            return DomainShape(None, "vector")
    return DomainShape(SCALAR)


@dataclass
class ParsedDeclaration:
    """One declaration's math read: the symbols, their domain and its kind, the shape."""

    parsed: list[DeclaredSymbol]
    domain: str | None
    domain_kind: str | None
    shape: DomainShape
    #: atoms of the domain (to find the sizes it names)
    domain_atoms: list[Atom]


def parse_declaration(atoms: list[Atom], source: str) -> ParsedDeclaration | None:
    """One declaration span: ``LHS`` [relation ``RHS``]; None if it does not declare."""
    # strip trailing punctuation
    while atoms and atoms[-1].is_op(".", ",", ";") and atoms[-1].sub is None and atoms[-1].sup is None:
        atoms = atoms[:-1]
    if not atoms:
        return None
    # a map f: A \to B
    colon = next((k for k, a in enumerate(atoms) if a.is_op(":") or a.is_macro("colon")), None)
    if colon is not None and colon > 0:
        lhs = declared_symbols(atoms[:colon])
        rhs = atoms[colon + 1 :]
        arrow = next((k for k, a in enumerate(rhs) if a.is_macro(*MAP_ARROWS)), None)
        if lhs is not None and arrow is not None:
            dom = domain_shape(rhs[:arrow])
            cod = domain_shape(_until_separator(rhs[arrow + 1 :]))
            shape = function(dom.shape, cod.shape)
            return ParsedDeclaration(lhs, _domain_text(source, rhs), MAP, DomainShape(shape), rhs)
    rel = next(
        (
            k
            for k, a in enumerate(atoms)
            if (is_relation(a) or (a.is_op(":") and a is not atoms[0])) and _depth_before(atoms, k) == 0
        ),
        None,
    )
    if rel is None:
        lhs = declared_symbols(atoms)
        if lhs is None:
            return None
        return ParsedDeclaration(lhs, None, None, DomainShape(None), [])
    lhs = declared_symbols(atoms[:rel])
    if lhs is None:
        return None
    r = atoms[rel]
    name = r.text
    after = rel + 1
    if r.is_op(":") and after < len(atoms) and atoms[after].is_op("="):
        after += 1  # :=
    rhs = _until_separator(atoms[after:])
    text = _domain_text(source, atoms[rel : after + len(rhs)])
    if name in ("in",):
        return _member_of(source, lhs, rhs, atoms[after + len(rhs) :])
    if name in ("subset", "subseteq"):
        return ParsedDeclaration(lhs, text, SET, DomainShape(None), rhs)
    if name in _BOUND_RELATIONS:
        bound_shape = DomainShape(SCALAR)
        if name in ("succ", "succeq", "prec", "preceq"):
            bound_shape = DomainShape(None, "matrix")
        return ParsedDeclaration(lhs, text, BOUND, bound_shape, rhs)
    if name == "sim":
        return ParsedDeclaration(lhs, text, DISTRIBUTION, _distribution_shape(rhs), rhs)
    if name in _DEFINE_RELATIONS or (
        r.kind == "op" and name == ":" and rel + 1 < len(atoms) and atoms[rel + 1].is_op("=")
    ):
        # C = \frac{1}{n} X^\top X \in \mathbb{S}^d_{+}: the set after the definition
        rest = atoms[after + len(rhs) :]
        if rest and rest[0].is_macro("in"):
            after_set = _until_separator(rest[1:])
            renamed = declared_symbols(rhs) if len(rhs) == 1 else None
            if renamed is not None and len(renamed) == 1 and not renamed[0].function_like:
                lhs = [*lhs, *renamed]  # "$m=1$: $W=w\in\mathbb{R}^{d}$": both names are declared
            if after_set:
                return _member_of(source, lhs, after_set, rest[1 + len(after_set) :])
        return ParsedDeclaration(lhs, text, DEFINITION, DomainShape(None), rhs)
    return ParsedDeclaration(lhs, text, None, DomainShape(None), rhs)


def _member_of(
    source: str, lhs: list[DeclaredSymbol], members: list[Atom], rest: list[Atom]
) -> ParsedDeclaration:
    """``x \\in S``, and the shape of the set ``S`` lies in when ``S`` gives none
    (``\\theta \\in \\Theta \\subseteq \\mathbb{R}^d``, ``\\theta = (\\theta_1,\\theta_2)^\\top \\in
    \\mathbb{R}\\times(0,\\infty) \\subset \\mathbb{R}^p``: its elements have that set's shape)."""
    elements = domain_shape(members)
    if elements.shape is None and (product := product_shape(members)) is not None:
        elements = DomainShape(product)
    if elements.shape is None and rest and rest[0].is_macro("subset", "subseteq"):
        outer = _until_separator(rest[1:])
        if domain_shape(outer).shape is not None:
            return ParsedDeclaration(lhs, _domain_text(source, members), SET, domain_shape(outer), outer)
    return ParsedDeclaration(lhs, _domain_text(source, members), SET, elements, members)


def _depth_before(atoms: list[Atom], k: int) -> int:
    """The bracket depth at ``atoms[k]``: the ``\\mid`` of ``P(s'\\mid s,a)`` is inside the
    application, not the relation of the declaration."""
    depth = 0
    for a in atoms[:k]:
        if a.is_op("(", "["):
            depth += 1
        elif a.is_op(")", "]"):
            depth -= 1
    return depth


def _until_separator(atoms: list[Atom]) -> list[Atom]:
    out = []
    depth = 0
    for a in atoms:
        if a.is_op("(", "[") or a.is_macro("{", "lbrace", "langle"):
            depth += 1
        elif a.is_op(")", "]") or a.is_macro("}", "rbrace", "rangle"):
            depth -= 1
        if depth <= 0 and (
            a.is_op(",", ";") or is_relation(a) or a.is_macro("quad", "qquad", "text", "textrm", "mbox")
        ):
            if not (a.is_op(")", "]") or a.is_macro("}", "rbrace")):
                break
        out.append(a)
    return out
