"""Binders of a math span: ``\\sum_{i=1}^n``, ``\\max_u``, ``\\arg\\min_w``, ``\\int … dx``,
``\\frac{d}{dx}`` with the variables they bind and the offsets they scope over (part of the math
model; the scope runs to the end of the relation side, an over-approximation for a sum's term).
"""

from __future__ import annotations

from dataclasses import dataclass

from notelint.math.reading.atoms import Atom, macro_name, plain_text, symbol_ref
from notelint.math.reading.chains import relation_at
from notelint.math.reading.lexicon import lexicon


@dataclass(frozen=True)
class Binder:
    """``\\sum_{i=1}^n``, ``\\max_u``, ``\\int … dx``, ``\\frac{d}{dx}``: the variables it binds
    and the offsets (``scope_start``–``scope_end``) they are bound over."""

    kind: str
    variables: tuple[str, ...]
    start: int
    end: int
    scope_start: int
    scope_end: int


def collect_binders(atoms: list[Atom], scope_end: int, out: list[Binder]) -> None:
    """Binding constructs of a side: their bound variables are bound to the side's end."""
    lex = lexicon()
    has_integral = any(a.is_macro("int", "iint", "iiint", "oint") for a in atoms)
    for k, a in enumerate(atoms):
        name = macro_name(a) if a.kind == "macro" else None
        if name is not None and (a.text in lex.binders or name.replace(" ", "") in ("argmin", "argmax")):
            names = _bound_names(a.sub)
            if names:
                out.append(Binder(name.replace(" ", ""), names, a.start, a.end, a.start, scope_end))
        elif a.is_macro("frac", "tfrac", "dfrac") and len(a.args) == 2:
            den = a.args[1]
            if len(den) >= 2 and (
                (den[0].kind == "letter" and den[0].text == "d") or den[0].is_macro("partial")
            ):
                ref = symbol_ref(den[1])
                if ref is not None:
                    out.append(Binder("derivative", (ref.key,), a.start, a.end, a.start, scope_end))
        elif has_integral and _is_differential(a) and k + 1 < len(atoms):
            ref = symbol_ref(atoms[k + 1])
            if ref is not None and atoms[k + 1].start == a.end:
                start = next(x.start for x in atoms if x.is_macro("int", "iint", "iiint", "oint"))
                out.append(Binder("integral", (ref.key,), start, atoms[k + 1].end, start, atoms[k + 1].end))
        for inner in (a.inner, *a.args):
            if inner:
                collect_binders(inner, scope_end, out)


def _is_differential(a: Atom) -> bool:
    """The ``d`` of an integral's ``dx``: a letter, or upright (``\\mathrm{d}x``)."""
    if a.kind == "letter":
        return a.text == "d"
    return a.is_macro("mathrm", "operatorname") and bool(a.args) and plain_text(a.args[0]) == "d"


def _bound_names(sub: list[Atom] | None) -> tuple[str, ...]:
    if not sub:
        return ()
    flat = sub[0].inner if len(sub) == 1 and sub[0].kind == "group" else sub
    names: list[str] = []
    for x in flat:
        if relation_at([x], 0)[0] is not None or x.is_op(":", "|") or x.is_macro("mid", "colon"):
            break
        ref = symbol_ref(x)
        if ref is not None:
            names.append(ref.key)
    return tuple(names)
