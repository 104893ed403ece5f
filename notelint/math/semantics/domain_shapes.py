"""The shape a domain states: ``\\mathbb{R}^{n\\times d}``, ``\\mathbb{R}^{n,d}``, ``\\{0,1\\}^n``,
``[0,1]^d``, ``\\Delta^{K-1}``, ``\\mathbb{S}^d_{++}`` (:func:`domain_shape`), and the shape sizes
alone give (``n \\times d``: :func:`dims_shape`).
"""

from __future__ import annotations

from dataclasses import dataclass

from notelint.math.reading.atoms import (
    Atom,
    symbol_ref,
)
from notelint.math.semantics.shape_algebra import (
    SCALAR,
    Shape,
    matrix,
    tensor,
    vector,
)
from notelint.math.semantics.shape_env import (
    script_text,
)

# --------------------------------------------------------------------------------------------
# domains: the shape a set states (\mathbb{R}^{n\times d}, \{0,1\}^n, \Delta^{K-1}, …)


@dataclass(frozen=True)
class DomainShape:
    """What a domain says about shape: ``shape`` when the sizes are given; ``kind`` (vector,
    matrix) when the set is one of vectors or matrices but no size is written
    (``\\mathbb{S}_{++}``); neither for sets notelint cannot read (``\\mathcal{X}``)."""

    shape: Shape | None
    kind: str | None = None


_NUMBER_SETS = (
    "\\mathbb{R}",
    "\\mathbb{C}",
    "\\mathbb{N}",
    "\\mathbb{Z}",
    "\\mathbb{Q}",
    "\\mathbb{F}",
    "\\mathbb{K}",
)


def _dims_of(sup: list[Atom]) -> list[str] | None:
    flat = sup[0].inner if len(sup) == 1 and sup[0].kind == "group" else sup
    parts: list[list[Atom]] = [[]]
    for a in flat:
        if a.is_macro("times") or a.is_op(","):
            parts.append([])
        else:
            parts[-1].append(a)
    if any(not p for p in parts):
        return None
    if any(len(p) == 1 and p[0].is_macro(*_TRANSPOSES) for p in parts):
        return None  # (a_1,…,a_c)^\top: a transposed tuple, no power of a set (\{0,1\}^T is one)
    return [script_text(p) for p in parts]


#: superscripts that transpose rather than raise a set to a power
_TRANSPOSES = ("top", "intercal", "mathsf")


def _ambient_size(atom: Atom) -> str | None:
    """``K`` of ``\\Delta^{K-1}`` or ``\\mathbb{S}^{K-1}``: a set of dimension K-1 inside R^K."""
    text = script_text(atom.sup) if atom.sup is not None else ""
    return text[:-2] if text.endswith("-1") and len(text) > 2 else None


def domain_shape(atoms: list[Atom]) -> DomainShape:
    """The shape of the elements of a set written as LaTeX atoms."""
    if not atoms:
        return DomainShape(None)
    minus = next((k for k, a in enumerate(atoms) if a.is_macro("setminus", "backslash")), None)
    if minus:
        return domain_shape(atoms[:minus])  # \mathbb{R}^d\setminus\{0\}: vectors of size d
    first = atoms[0]
    ref = symbol_ref(first)
    key = ref.key if ref is not None else None
    if key in _NUMBER_SETS and len(atoms) == 1:
        if first.sup is None:
            return DomainShape(SCALAR)
        dims = _dims_of(first.sup)
        if not dims:
            return DomainShape(None)
        return DomainShape(tensor(*dims))
    if key == "\\mathbb{S}" and len(atoms) == 1:
        ambient = _ambient_size(first) if first.sub is None else None
        if ambient is not None:
            # \mathbb{S}^{d-1}: the unit sphere of R^d (the cone S^n_+ carries no "-1")
            return DomainShape(vector(ambient))
        if first.sup is not None:
            dims = _dims_of(first.sup)
            if dims and len(dims) == 1:
                return DomainShape(matrix(dims[0], dims[0]))
        return DomainShape(None, "matrix")
    if key == "\\Delta" and len(atoms) == 1:
        ambient = _ambient_size(first)
        if ambient is not None:
            return DomainShape(vector(ambient))
        if first.sup is not None:
            text = script_text(first.sup)
            if text.isdigit():
                # \Delta^{1}: the simplex of probability vectors with two entries
                return DomainShape(vector(str(int(text) + 1)))
        if first.sub is not None:
            return DomainShape(vector(script_text(first.sub)))
        return DomainShape(None, "vector")
    # {0,1}^n, [0,1]^d, (0,1): a set of scalars, raised to a power
    closer = atoms[-1]
    if bracketed_set(atoms):
        if closer.sup is None:
            return DomainShape(SCALAR)
        dims = _dims_of(closer.sup)
        return DomainShape(tensor(*dims) if dims else None)
    return DomainShape(None)


def product_shape(atoms: list[Atom]) -> Shape | None:
    """``\\mathbb{R}^{2}\\times(0,\\infty)^{2}``: a product of sets of scalars and of vectors with
    numeric sizes holds vectors of the summed size (4); None for any other product."""
    factors: list[list[Atom]] = [[]]
    depth = 0
    for a in atoms:
        if a.is_op("(", "["):
            depth += 1
        elif a.is_op(")", "]"):
            depth -= 1
        if depth == 0 and a.is_macro("times") and a.sup is None and a.sub is None:
            factors.append([])
        else:
            factors[-1].append(a)
    if len(factors) < 2 or any(not f for f in factors):
        return None
    total = 0
    for f in factors:
        shape = domain_shape(f).shape
        if shape is None or len(shape.dims) > 1 or not all(d.isdigit() for d in shape.dims):
            return None
        total += int(shape.dims[0]) if shape.dims else 1
    return vector(str(total))


def bracketed_set(atoms: list[Atom]) -> bool:
    """``\\{0,1\\}``, ``[0,1]^d``, ``(0,\\infty)``: a set written between brackets (a power on the
    closing one)."""
    first, closer = atoms[0], atoms[-1]
    return (first.is_macro("{", "lbrace") and closer.is_macro("}", "rbrace")) or (
        first.is_op("[", "(") and closer.is_op("]", ")")
    )


def dims_shape(atoms: list[Atom]) -> Shape | None:
    """``d \\times 1``, ``(n \\times d)``, ``d``: a shape written as sizes, else None."""
    if len(atoms) >= 2 and atoms[0].is_op("(") and atoms[-1].is_op(")"):
        atoms = atoms[1:-1]
    if not atoms or len(atoms) > 9:
        return None
    parts: list[list[Atom]] = [[]]
    for a in atoms:
        if a.is_macro("times"):
            parts.append([])
        elif a.kind in ("letter", "digit") or a.is_op("+", "-"):
            parts[-1].append(a)
        else:
            return None
    if any(not p for p in parts) or len(parts) > 4:
        return None
    dims = ["".join(x.text for x in p) + ("_" + script_text(p[-1].sub) if p[-1].sub else "") for p in parts]
    if any(x.sup is not None for p in parts for x in p):
        return None
    return tensor(*dims)
