"""Shapes for the CAS: the note's symbol table as ``(rows, cols)`` per symbol
(:func:`declared_shapes`, the sizes as the note writes them), the latest declaration in force
in a note without a glossary, and the letters of a 4.D identity, local to it
(:func:`identity_letter_shapes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.math.reading.text_facts import subscript_span, text_atoms, text_facts
from notelint.note import Facet

if TYPE_CHECKING:
    from notelint.math.reading.atoms import Atom
    from notelint.math.semantics.symbol_table import Declaration, SymbolTable
    from notelint.note import MathSpan, Note


def bold_inner(name: str) -> str:
    """``\\mathbf{X}`` → ``X``, ``\\mathbf{\\Sigma}_{1}`` → ``\\Sigma_{1}``: a bold symbol (one
    letter, digit or macro in bold, with at most an index and whatever follows it) as the
    translator names it. Like :func:`_spellings` it reads a symbol table key (the canonical
    spelling :func:`notelint.math.reading.atoms.symbol_ref` gives), at its atoms."""
    atoms = text_atoms(name)
    if len(atoms) != 1 or not atoms[0].is_macro(*_BOLD) or len(atoms[0].args) != 1:
        return name
    bold, (inner,) = atoms[0], atoms[0].args
    if (
        len(inner) != 1
        or not _plain(inner[0])
        or (bold.sub is None and (bold.sup is not None or bold.primes))
    ):
        return name  # \mathbf{xy}, \mathbf{x_i}; \mathbf{X}^\top is an operation on X
    return name[inner[0].start : inner[0].end] + name[bold.head_end :].strip()


#: bold fonts the translator reads as the symbol itself
_BOLD = ("mathbf", "boldsymbol", "bm")


def _plain(a: Atom) -> bool:
    """One letter, digit or macro without arguments, scripts or primes."""
    bare = a.sub is None and a.sup is None and not a.primes
    return bare and (a.kind in ("letter", "digit") or (a.kind == "macro" and not a.args))


def declared_shapes(note: Note, span: MathSpan | None = None) -> dict[str, tuple[int | str, int | str]]:
    """Shapes for the CAS, from the note's one symbol table (:func:`glossary.shape_table`),
    plus, for math in a 4.D identity (``span``), the letters the identities declare (its own
    first):
    ``(rows, cols)`` with sizes as numbers or as the size names the note writes (``n``,
    ``d_k``), which the translator instantiates with small concrete sizes. A symbol declared
    with two different shapes is left out (unknown beats wrong)."""
    from notelint.math.semantics.glossary import glossary, identity_table, shape_table

    table = shape_table(note)
    if span is not None and not glossary(note).has_glossary:
        table = _in_force_at(table, span.start)
        shapes = _cas_shapes(table)
    else:
        # the same for every span: computed once per note, not once per span (a glossary of
        # 14,000 entries made this quadratic)
        in_glossary: dict[str, tuple[int | str, int | str]] = note.facet(_GLOSSARY_SHAPES)
        shapes = dict(in_glossary)
    if span is not None:
        # an identity's own letters first, then those the other identities declare
        shapes.update(_cas_shapes(identity_table(note, span, own=False)))
        shapes.update(_cas_shapes(identity_table(note, span)))
    return shapes


def identity_own_shapes(note: Note, span: MathSpan) -> dict[str, tuple[int | str, int | str]]:
    from notelint.math.semantics.glossary import identity_table

    return _cas_shapes(identity_table(note, span))


#: the size of the square matrices a 4.D identity uses without declaring them (never written)
IDENTITY_SIZE = "%4D"


def identity_letter_shapes(
    text: str,
    shapes: dict[str, tuple[int | str, int | str]],
    own: dict[str, tuple[int | str, int | str]],
) -> dict[str, tuple[int | str, int | str]]:
    r"""The shapes of a 4.D identity's letters (RULES.md: local to 4.D), inferred from use when
    its own entry declares none: in ``(A^{-1})^\top = (A^\top)^{-1}`` or ``(AB)^{-1} =
    B^{-1}A^{-1}`` the capitals are square matrices of one size (an inverse or a determinant
    needs one; another identity's ``A\in\mathbb{R}^{p\times q}`` does not reach here), ``I`` is
    their identity and a transposed lower-case letter a vector of that size. Letters the entry
    declares keep their shape; a text with no matrix use is left as it is."""
    facts = text_facts(text)  # read from the atoms: AB is two letters; \Sigma, \mathbf{A} none
    if not facts.matrix_use:
        return shapes
    out = dict(shapes)
    capitals = sorted(facts.capitals - set(own))
    lowers = sorted(facts.lowers - set(own))
    # the one size of the identity: its entry's own square matrix, else a square matrix or a
    # vector among its letters that the note sizes (A ∈ R^{3×3}, h ∈ R^d), else a size of its own
    held_squares = [out[c][0] for c in capitals if c in out and out[c][0] == out[c][1] and out[c] != (1, 1)]
    # X^\top X = I_d: the identity's written size is the one size (I_d is d×d in the glossary)
    held_identities = [out[i][0] for i in _sized_identities(text) if i in out and out[i][0] == out[i][1]]
    held_vectors = [out[v][0] for v in lowers if v in out and out[v][1] == 1 and out[v][0] != 1]
    size: int | str = next(
        (rows for name, (rows, cols) in own.items() if rows == cols and rows != 1),
        next(iter([*held_identities, *held_squares, *held_vectors]), IDENTITY_SIZE),
    )
    for letter in capitals:
        held = out.get(letter)
        if letter == "I" or held is None or held[0] != held[1] or held == (1, 1):
            out[letter] = (size, size)
    for letter in sorted(facts.transposed_lower - set(own)):
        out[letter] = (size, 1)
    for letter in lowers:
        held = out.get(letter)
        if held is not None and held[1] == 1 and held[0] not in (1, size):
            # a vector letter the glossary sizes (h ∈ R^d) beside the identity's matrices: in
            # ∇_h g^T h = g every vector has the identity's one size
            out[letter] = (size, 1)
    return out


def _sized_identities(text: str) -> list[str]:
    """The names ``I_d`` / ``I_{d}`` of the identities with a one-letter size subscript in ``text``."""
    out: list[str] = []
    for atom in text_atoms(text):
        if atom.text == "I" and atom.sub is not None and len(atom.sub) == 1:
            size = atom.sub[0].text
            out += [f"I_{size}", f"I_{{{size}}}"]
    return out


def _glossary_shapes(note: Note) -> dict[str, tuple[int | str, int | str]]:
    from notelint.math.semantics.glossary import shape_table

    return _cas_shapes(shape_table(note))


_GLOSSARY_SHAPES: Facet[dict[str, tuple[int | str, int | str]]] = Facet(
    "glossary-shapes", _glossary_shapes, "CAS shapes of the note's symbol table, for every span alike."
)


def _in_force_at(table: SymbolTable, offset: int) -> SymbolTable:
    """In a note without a glossary a name is often declared again in a later section with
    another size (``\\mathbf{x}\\in\\mathbb{R}^n``, later ``\\mathbb{R}^d``): at ``offset`` the
    latest declaration before it holds, or the first one when all come after."""
    from notelint.math.semantics.symbol_table import SymbolTable

    chosen: dict[str, Declaration] = {}
    for decl in table.declarations:  # in the order of the note
        held = chosen.get(decl.key)
        if held is None or decl.span.start < offset:
            chosen[decl.key] = decl
    out = SymbolTable()
    for decl in chosen.values():
        out.add(decl)
    return out


def _cas_shapes(table: SymbolTable) -> dict[str, tuple[int | str, int | str]]:
    #: the shapes each key is declared with anywhere, and those section 2 declares
    declared: dict[str, set[tuple[int | str, int | str] | None]] = {}
    in_glossary: dict[str, set[tuple[int | str, int | str] | None]] = {}
    #: those of the sections that declare (2, 3 and 4.A), not a remark's case elsewhere
    in_core: dict[str, set[tuple[int | str, int | str] | None]] = {}
    euler = table.lookup("e") is None
    for decl in table.declarations:
        shape = decl.shape
        if shape is None:
            continue
        if euler and decl.key.startswith("e^"):
            continue  # "multiply by $e^{z}>0$": a power of Euler's number, no symbol e^{z}
        if table.same_sizes:
            shape = table.normalize(shape)
        value: tuple[int | str, int | str] | None
        dims = [int(d) if str(d).isdigit() else str(d) for d in shape.dims]
        if shape.kind == "scalar":
            value = (1, 1)
        elif shape.kind == "vector" and len(dims) == 1:
            value = (dims[0], 1)
        elif shape.kind == "matrix" and len(dims) == 2:
            value = (dims[0], dims[1])
        else:
            value = None
        if value is not None and not all(isinstance(d, int) or _size_name(d) for d in value):
            value = None  # a size written as an expression (n+1, K-1): no concrete instance
        for key in _spellings(decl.key):
            declared.setdefault(key, set()).add(value)
            if decl.section == "2":
                in_glossary.setdefault(key, set()).add(value)
            if decl.section in ("2", "3", "4.A"):
                in_core.setdefault(key, set()).add(value)
    out: dict[str, tuple[int | str, int | str]] = {}
    for key, shapes in declared.items():
        kept = in_glossary.get(key, set())
        if len(shapes) == 1:
            (only,) = shapes
            if only is not None:
                out[key] = only
        elif len(kept) == 1 and (stated := next(iter(kept))) is not None:
            # declared twice with different shapes: left out (unknown beats wrong), unless
            # "$A\in\mathbb{S}^{2}_{++}$" in the glossary, "the derivation holds in
            # $\mathbb{R}^n$ with $A\in\mathbb{S}^{n}_{++}$" in a remark: the glossary's shape,
            # which the other only generalises (a size name where it has a number)
            # ("for $A\in\mathbb{R}^{p\times m}$ … the same steps give" in an edge case of
            # 4.C: another case the remark treats, not the derivation's A)
            # (an example's numbers, x_i in R^2 of a 4.C check beside x_i in R^d, still leave
            # it out: the check's own x_1 is not the derivation's)
            core = in_core.get(key, set())
            if all(
                other is not None
                and (
                    _generalises(other, stated)
                    or (other not in core and all(isinstance(d, str) for d in other))
                )
                for other in shapes - kept
            ):
                out[key] = stated
    return out


def _generalises(other: tuple[int | str, int | str], shape: tuple[int | str, int | str]) -> bool:
    """Is ``other`` ``shape`` with some sizes written as size names (``n×n`` of ``2×2``; not
    ``n×1`` of a scalar, another kind of object)?"""
    return all(
        a == b or (isinstance(a, str) and isinstance(b, int) and b > 1)
        for a, b in zip(other, shape, strict=True)
    )


def _spellings(key: str) -> set[str]:
    """The glossary's key and the names the translator may give the same symbol
    (``\\mathbf{X}`` → ``X``; ``I_{n}`` → ``I_n``)."""
    out = {key, _unbraced_index(key)}
    out |= {bold_inner(k) for k in out}  # \\mathbf{k}_{x} is k_x too
    # \hat{x} is written \hat x as often (the same symbol for the translator)
    out |= {_unbraced_argument(k) for k in out}
    return out


def _unbraced_index(key: str) -> str:
    """``I_{n}`` → ``I_n``, ``W_{12}`` → ``W_12``: a braced index at the end of the key, without
    its braces (read at the key's last atom); the key otherwise."""
    atoms = text_atoms(key)
    where = subscript_span(key, atoms[-1]) if atoms else None
    if (
        where is None
        or not where[3]
        or key.rstrip()[-1:] != "}"
        or key.index("}", where[2]) != len(key.rstrip()) - 1
    ):
        return key
    mark, start, end, _ = where
    index = key[start:end]
    if "{" in index or "}" in index:
        return key
    return key[:mark] + "_" + index


def _unbraced_argument(key: str) -> str:
    """``\\hat{x}`` → ``\\hat x``, ``\\bar{\\mu}_k`` → ``\\bar \\mu_k``: the first macro's braced
    argument, when it is letters or one macro, written after a space; the key otherwise."""
    atoms = text_atoms(key)
    if not atoms or atoms[0].kind != "macro" or atoms[0].start != 0 or not atoms[0].args:
        return key
    inner = atoms[0].args[0]
    opening = len(atoms[0].text) + 1  # after the backslash and the name
    if not inner or key[opening : opening + 1] != "{" or inner[0].start != opening + 1:
        return key
    closing = inner[-1].end
    letters = all(a.kind == "letter" and _plain(a) for a in inner)
    if key[closing : closing + 1] != "}" or not (
        letters or (len(inner) == 1 and _plain(inner[0]) and inner[0].kind == "macro")
    ):
        return key
    return key[:opening] + " " + key[opening + 1 : closing] + key[closing + 1 :]


def _size_name(size: str) -> bool:
    """A size the translator can instantiate: a letter or a Greek name, with at most an index
    of letters and digits (``d_k``, ``d_{k}``, ``\\ell``; not ``n+1``, ``2d``, ``d^2``)."""
    atoms = text_atoms(size)
    if len(atoms) != 1 or atoms[0].end != len(size):
        return False
    a = atoms[0]
    named = a.kind == "letter" or (a.kind == "macro" and not a.args and a.text.isalpha())
    index = all(b.kind in ("letter", "digit") and _plain(b) for b in a.sub or [])
    return named and a.sup is None and not a.primes and index and a.sub != []
