"""The shapes a note declares, looked up by the symbol as written (:class:`ShapeEnv`).

A key is a symbol's canonical spelling (``X``, ``\\hat{w}``), an entry family (``x_{i}``, or
``x_{}`` for any subscript), and the identity ``I_d`` and ones vector ``\\mathbf{1}_n`` have the
shape their subscript gives; a decorated symbol (``\\hat w``) has its base's shape.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from notelint.math.reading.atoms import (
    Atom,
    symbol_ref,
)
from notelint.math.semantics.shape_algebra import (
    WILD,
    Shape,
    matrix,
    norm_dim,
    rename_dims,
    transpose,
    vector,
)

# --------------------------------------------------------------------------------------------
# environment: what the note declares


@dataclass
class ShapeEnv:
    """Declared shapes by symbol key (``X``, ``\\hat{w}``, ``x_i``, ``\\sigma_j``)."""

    shapes: Mapping[str, Shape] = field(default_factory=dict)
    #: keys bound locally (sums, maxima): their shapes are unknown here
    local: frozenset[str] = frozenset()
    #: arrays of entries whose powers are entrywise (``\\sigma^2\\in(0,\\infty)^{K\\times d}``)
    entrywise: frozenset[str] = frozenset()
    #: sizes fixed where the math is read (``with $n = 2$``): size → its value
    sizes: Mapping[str, str] = field(default_factory=dict)
    #: arrays whose entries the glossary writes as an application (``\pi\in\Delta^{m-1}`` "with
    #: entries $\pi(x)>0$"): ``\pi(x)`` is an entry, never ``\pi`` times ``(x)``
    called_entries: frozenset[str] = frozenset()

    def with_sizes(self, sizes: Mapping[str, str]) -> ShapeEnv:
        """The same declarations, read where the note has fixed some sizes to numbers."""
        return dataclasses.replace(self, sizes={**self.sizes, **sizes})

    def lookup(self, atom: Atom) -> Shape | None:
        shape = self._lookup(atom)
        if shape is None or not self.sizes:
            return shape
        return rename_dims(shape, self.sizes)

    def own_shape(self, atom: Atom) -> Shape | None:
        """The shape declared for ``atom`` written with its superscript, a symbol of its own
        (``\\mathbf{x}^{+}\\in\\mathbb{R}^{d}``: the next iterate, not a pseudo-inverse of
        ``\\mathbf{x}``); None when only the base is declared."""
        ref = symbol_ref(atom)
        if ref is None or atom.sup is None or ref.key in self.local:
            return None
        key = ref.key if atom.sub is None else f"{ref.key}_{{{script_text(atom.sub)}}}"
        sup = script_text(atom.sup)
        labelled = _TRANSPOSED_MEMBER.fullmatch(sup)
        if labelled is not None:
            # x^{(m)\top}: the member x^{(m)}, transposed
            shape = self._member(key, labelled["label"])
            shape = transpose(shape) if shape is not None else None
        else:
            shape = self._member(key, sup)
        if shape is None or not self.sizes:
            return shape
        return rename_dims(shape, self.sizes)

    def _member(self, key: str, sup: str) -> Shape | None:
        shape = self.shapes.get(f"{key}^{{{sup}}}")
        member = _LAYER_MEMBER.fullmatch(sup)
        if shape is None and member is not None:
            # z^{(l-1)} of the family z^{(l)}\in\mathbb{R}^{n_l}: a vector of size n_{l-1}
            family = self.shapes.get(f"{key}^{{({member['index']})}}")
            if family is not None:
                shape = _shifted(family, member["index"], member["index"] + member["offset"])
        numbered = _NUMBERED_MEMBER.fullmatch(sup)
        if shape is None and numbered is not None:
            # e^{(0)} of the family e^{(k)}\in\mathbb{R}^{2}: the first member, never a power of e
            for name, family in self.shapes.items():
                label = _FAMILY_LABEL.fullmatch(name[len(key) :]) if name.startswith(key) else None
                if label is not None:
                    return _shifted(family, label["index"], numbered["number"])
        return shape

    def is_entrywise(self, atom: Atom) -> bool:
        ref = symbol_ref(atom)
        return ref is not None and (ref.key in self.entrywise or ref.base in self.entrywise)

    def _lookup(self, atom: Atom) -> Shape | None:
        ref = symbol_ref(atom)
        if ref is None:
            return None
        if ref.key in self.local:
            return None
        sub = atom.sub
        if sub is not None:
            sub_key = f"{ref.key}_{{{script_text(sub)}}}"
            if sub_key in self.shapes:
                return self.shapes[sub_key]
            generic = f"{ref.key}_{{}}"
            base = self.shapes.get(ref.key)
            if base is not None and len(base.dims) == 2 and _ENTRY_INDICES.fullmatch(script_text(sub)):
                # W_{jk} of a declared matrix W is its entry, not a member of the family W_0, W_1
                return None
            if generic in self.shapes:
                return self.shapes[generic]
            # identity I_d, ones \mathbf{1}_n
            if ref.key in ("I", "\\mathbf{I}", "\\mathbb{I}") and ref.key not in self.shapes:
                size = script_text(sub)
                return matrix(size, size) if size and len(sub) == 1 else None
            if ref.key == "\\mathbf{1}":
                # \mathbf{1}_{C_c}, the indicator of a set C_c, has no size in its subscript
                size = script_text(sub)
                return vector(size) if _SIZE.fullmatch(size) else None
            return None  # x_i, w_t: an entry or an iterate — unknown
        if ref.key in self.shapes:
            return self.shapes[ref.key]
        if ref.key in ("I", "\\mathbf{I}"):
            return matrix(WILD, WILD)
        if ref.decorated and ref.base in self.shapes:
            return self.shapes[ref.base]  # \hat w, \bar x
        if ref.key.startswith("\\mathbf{") and ref.base in self.shapes:
            return self.shapes[ref.base]
        return None


#: a subscript read as a size: a number, a letter or a macro (``n``, ``10``, ``\\ell``); one with a
#: subscript of its own (``C_c``, ``n_k``) may name a set: no shape
_SIZE = re.compile(r"[A-Za-z0-9]+|\\[A-Za-z]+")
#: two entry indices: ``jk``, ``i,j``, ``ij``
_ENTRY_INDICES = re.compile(r"[a-z]\s*,?\s*[a-z]")
#: a member's label followed by a transpose in one superscript: ``(m)\top``, ``(l-1)T``
_TRANSPOSED_MEMBER = re.compile(r"(?P<label>\(.+\))(?:\\top|T|\\intercal)")
#: a superscript naming a member of a family by its number: ``(0)``, ``(10)``
_NUMBERED_MEMBER = re.compile(r"\((?P<number>\d+)\)")
#: the rest of a family's key after its letter: ``^{(k)}``
_FAMILY_LABEL = re.compile(r"\^\{\((?P<index>[a-z])\)\}")
#: a superscript naming a member of a family by a shifted index: ``(l-1)``, ``(t+1)``
_LAYER_MEMBER = re.compile(r"\((?P<index>[a-z])(?P<offset>[+-]\d+)\)")


def _shifted(shape: Shape, index: str, member: str) -> Shape:
    """``shape`` of the member ``member`` (``l-1``, ``0``) of the family indexed by ``index``:
    each size named by the index (``n_l``, ``n_{l}``) becomes the member's size (``n_{l-1}``)."""
    names = {}
    for d in (
        *shape.dims,
        *(shape.domain.dims if shape.domain else ()),
        *(shape.codomain.dims if shape.codomain else ()),
    ):
        m = re.fullmatch(rf"(.+)_(?:\{{{index}\}}|{index})", d)
        if m is not None:
            names[d] = f"{m[1]}_{member}"  # as script_text spells n_{l-1}
    return rename_dims(shape, names)


def script_text(atoms: list[Atom]) -> str:
    flat = atoms[0].inner if len(atoms) == 1 and atoms[0].kind == "group" else atoms
    parts = []
    for a in flat:
        if a.kind in ("letter", "digit", "op"):
            parts.append(a.text)
        elif a.kind == "macro":
            ref = symbol_ref(a)
            # D_{\mathrm{KL}} and D_{\mathrm{JS}} are two symbols: an upright word keeps its text
            parts.append(
                ref.key if ref else "\\" + a.text + "".join("{" + script_text(arg) + "}" for arg in a.args)
            )
        elif a.kind == "group":
            parts.append(script_text([a]))
        if a.sub is not None:
            parts.append("_" + script_text(a.sub))
        if a.sup is not None:
            parts.append("^" + script_text(a.sup))
    return norm_dim("".join(parts))
