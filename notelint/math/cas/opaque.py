r"""Opaque atoms: what a note uses without defining it, read as an unknown number.

An application of a function the note does not define (``p(y=k\mid x)``, ``k(x,x')``,
``\lambda_{\min}(H)``) and a derivative of a quantity that does not mention the variable
(``\partial L/\partial\gamma`` with ``L`` undefined, ``\nabla_x L``) become *opaque atoms*:
SymPy symbols whose value is unknown. The same atom is the same unknown wherever it occurs in
one check (the two sides of a relation, a step and its premises):

* an application is keyed by the function's name and its arguments *as written* (the token
  tree, spacing and sizing dropped), with the value of every bound index they mention
  (``p(x_i)`` in a sum expanded at ``i = 2`` is another atom than at ``i = 1``);
* a derivative is keyed by the translated operand and the translated variables, so
  ``\partial L/\partial y_i`` at ``i = 2`` and entry 2 of ``\nabla_y L`` are the same atom.

What this allows is sound in both directions (the callers, :mod:`notelint.math.cas.verify`
and :mod:`notelint.math.cas.follows`, apply it): a relation that holds for *every* value of its
atoms holds for the note's values too, so it may be verified; one that fails at random values
of them may still hold for the values the note has in mind (the chain rule, the law of the
note), so it is unknown, never refuted. Atoms are scalars; a derivative with respect to a
vector is the vector of atoms of its entries.

Nothing may treat an atom as a constant when it may depend on a variable: a derivative of an
expression holding an atom is itself an atom, and an integral, limit, expectation or
symbolic sum over one is refused (:func:`refuse_inside`).
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint.math.checking.guards import Unsupported
from notelint.math.reading.mathtree import Node

OPEN, CLOSE = "⟦", "⟧"
#: atom name → how the message shows it (the text as written, or ∂L/∂γ)
_SHOWN: dict[str, str] = {}


def start_job() -> None:
    """Forget how earlier jobs wrote their atoms: a message shows each atom as the job itself
    first wrote it (``P(D_1 = 1)`` or ``P(D_1=1)``), whatever the worker checked before."""
    _SHOWN.clear()


def _atom(key: str, shown: str) -> sp.Symbol:
    name = f"{OPEN}{key}{CLOSE}"
    _SHOWN.setdefault(name, shown)
    return sp.Symbol(name)


def is_atom(s: Any) -> bool:
    return isinstance(s, sp.Symbol) and s.name.startswith(OPEN) and s.name.endswith(CLOSE)


def atoms_in(*values: Any) -> set[sp.Symbol]:
    """The opaque atoms in scalars or matrices."""
    out: set[sp.Symbol] = set()
    for v in values:
        free: set[Any] = getattr(v, "free_symbols", set())
        out |= {s for s in free if is_atom(s)}
    return out


def shown(atoms: set[sp.Symbol], limit: int = 2) -> str:
    """``$p(y=k\\mid x)$ and $∂L/∂γ$``: the atoms as a message names them."""
    names = sorted(_SHOWN.get(s.name, s.name[1:-1]) for s in atoms)
    more = len(names) - limit
    text = ", ".join(f"${n}$" for n in names[:limit])
    return text + (f" and {more} more" if more > 0 else "")


def readable(text: str) -> str:
    """A message with each atom's name (``⟦p(y)⟧``) replaced by how it is shown (``p(y)``)."""
    return re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", lambda m: _SHOWN.get(m.group(0), m.group(0)[1:-1]), text)


def depends_message(atoms: set[sp.Symbol]) -> str:
    if len(atoms) == 1:
        return (
            f"depends on what {shown(atoms)} is: the note does not define it, and the relation"
            " does not hold for every value of it"
        )
    return (
        f"depends on what {shown(atoms)} are: the note does not define them, and the relation"
        " does not hold for every value of them"
    )


def serialise(nodes: list[Node], indices: dict[str, int] | None = None) -> str:
    """The written tokens as one canonical string (spacing and sizing are already dropped; a
    group of one token is that token, so ``x_{1}`` is ``x_1``), with each index in ``indices``
    replaced by its value (``x_i`` at ``i = 1`` is ``x_1``)."""
    indices = indices or {}
    out: list[str] = []
    i = 0
    while i < len(nodes):
        t = nodes[i]
        if t.kind == "letter" and indices:
            primed = i + 1 < len(nodes) and nodes[i + 1].kind == "char" and nodes[i + 1].value == "'"
            if primed and t.value + "'" in indices:
                out.append(str(indices[t.value + "'"]))
                i += 2
                continue
            if t.value in indices:
                out.append(str(indices[t.value]))
                i += 1
                continue
        if t.kind == "macro":
            out.append(f"\\{t.value} ")
        elif t.kind == "group":
            inner = serialise(t.children, indices)
            one = len(t.children) == 1 and t.children[0].kind in ("letter", "num", "char")
            out.append(inner if one and len(inner) == 1 else "{" + inner + "}")
        elif t.kind == "env":
            out.append(f"\\begin{{{t.value}}}" + serialise(t.children, indices) + f"\\end{{{t.value}}}")
        else:
            out.append(t.value)
        i += 1
    return "".join(out).strip()


def application(name: str, args: list[Node], written: str, bound: dict[str, Any], names: set[str]) -> Any:
    r"""The atom of ``name(args)``: ``names`` are the letters the arguments use, ``bound`` the
    translator's bound variables (a concrete index takes its value: ``p(x_i)`` at ``i = 2`` is
    ``p(x_2)``; a variable bound to a symbol, an integration or function variable, cannot be
    part of a key: refused)."""
    indices: dict[str, int] = {}
    for var, value in bound.items():
        if var.rstrip("'") not in names:
            continue
        if not isinstance(value, sp.Integer):
            raise Unsupported(f"{name}(…) is an undefined function of the bound variable {var}")
        indices[var] = int(value)
    key = f"{name}({serialise(args, indices)})"
    return _atom(key, key if indices else written)


def quantity(name: str) -> Any:
    """The atom of a named quantity the note computes without saying how (``x̄`` of data ``x``)."""
    return _atom(name, name)


def gradient_application(
    name: str, order: int, value: Any, args: list[Node], written: str, bound: dict[str, Any], names: set[str]
) -> Any:
    r"""``\nabla f(x_k)``, ``\nabla^2 f(x^\star)`` of a function the note does not define: the
    gradient is a vector of atoms of the argument's shape (the Hessian a square matrix of them),
    keyed like :func:`application` by the written argument, so ``\nabla f(x_k)`` is the same
    unknown wherever it is written. Nothing ties them to ``f(x_k)`` or to each other (a Hessian
    is not even taken as symmetric): verified only when it holds for every value."""
    head = "∇" if order == 1 else "∇²"
    whole = application(f"{head}{name}", args, f"{head}{name}{written}", bound, names)
    key = whole.name[len(OPEN) : -len(CLOSE)]
    if not isinstance(value, MatrixBase):
        return whole
    rows, cols = value.shape
    if cols != 1:
        raise Unsupported("the gradient of an undefined function of a matrix")
    shown = _SHOWN.get(whole.name, key)
    if order == 1:
        return ImmutableMatrix(rows, 1, [_atom(f"{key}[{i + 1}]", f"{shown}_{i + 1}") for i in range(rows)])
    return ImmutableMatrix(
        rows,
        rows,
        [
            _atom(f"{key}[{i + 1},{j + 1}]", f"{shown}_{i + 1}{j + 1}")
            for i in range(rows)
            for j in range(rows)
        ],
    )


def _check_free(values: list[Any], bound: dict[str, Any]) -> None:
    symbols: set[Any] = set()
    for v in values:
        symbols |= getattr(v, "free_symbols", set())
    if any(isinstance(s, sp.Dummy) for s in symbols):
        raise Unsupported("derivative of an undefined quantity inside a function definition")
    held = {v for v in bound.values() if isinstance(v, sp.Symbol)}
    if symbols & held:
        raise Unsupported("derivative of an undefined quantity under a symbolic sum")


def _text(v: Any) -> str:
    return str(v) if isinstance(v, (sp.Symbol, sp.Integer)) else f"({v})"


def _key(operand: str, spec: list[tuple[Any, int]]) -> str:
    order = sum(k for _, k in spec)
    top = "∂" if order == 1 else f"∂^{order}"
    below = "".join(f"∂{v}" + (f"^{k}" if k > 1 else "") for v, k in spec)
    return f"{top}{operand}/{below}"


def _shown_key(key: str) -> str:
    """``∂L/∂y[2]`` as ``∂L/∂y_2``, atoms inside without their brackets."""
    key = key.replace(OPEN, "").replace(CLOSE, "")
    return re.sub(r"\[(\d+)(?:,(\d+))?\]", lambda m: "_" + (m.group(1) + (m.group(2) or "")), key)


def derivative(operand: Any, variables: list[tuple[Any, int]], bound: dict[str, Any], every: bool) -> Any:
    r"""A derivative notelint cannot compute from definitions: of an operand that does not
        mention the variable (``every``: then each of its symbols may depend on it), or that holds
        an atom (then the atoms may). Each such symbol is read as an unknown function of the
        variables and SymPy differentiates (chain rule, product rule); what is left, the derivative
        of one symbol (``\partial L/\partial\gamma``), is an atom. A vector variable gives the vector
        of its entries' derivatives (``
    abla_x L``), a vector operand the vector of its entries'."""
    parts = [operand, *(v for v, _ in variables)]
    _check_free(parts, bound)
    if len(variables) == 1 and isinstance(variables[0][0], MatrixBase):
        var, order = variables[0]
        if order != 1 or isinstance(operand, MatrixBase):
            raise Unsupported("this derivative of an undefined quantity")
        return ImmutableMatrix(var.shape[0], var.shape[1], [_one(operand, [(v, 1)], every) for v in var])
    if any(not isinstance(v, sp.Symbol) for v, _ in variables):
        raise Unsupported("this derivative of an undefined quantity")
    if isinstance(operand, MatrixBase):
        return ImmutableMatrix(operand.applyfunc(lambda e: _one(e, variables, every)))
    return _one(operand, variables, every)


def _one(operand: Any, variables: list[tuple[Any, int]], every: bool) -> Any:
    free: set[Any] = getattr(operand, "free_symbols", set())
    if not free:
        return sp.Integer(0)  # a number: its derivative is 0 whatever the variable
    names = [v for v, _ in variables]
    dependent = sorted((free - set(names)) if every else atoms_in(operand), key=lambda s: s.name)
    functions = {s: sp.Function(f"_opaque{k}")(*names) for k, s in enumerate(dependent)}
    symbol_of = {f.func: s for s, f in functions.items()}
    value = sp.diff(operand.xreplace(functions), *variables)
    atoms: dict[Any, Any] = {}
    for node in value.atoms(sp.Derivative):
        symbol = symbol_of.get(getattr(node.expr, "func", None))
        if symbol is None:
            raise Unsupported("this derivative of an undefined quantity")
        key = _key(_text(symbol), [(v, int(k)) for v, k in node.variable_count])
        atoms[node] = _atom(key, _shown_key(key))
    value = value.xreplace(atoms).xreplace({f: s for s, f in functions.items()})
    if value.atoms(AppliedUndef) or value.has(sp.Derivative, sp.Subs):
        raise Unsupported("this derivative of an undefined quantity")
    return value


def refuse_inside(what: str, *values: Any) -> None:
    """An integral, limit, expectation or symbolic sum cannot treat an atom as a constant."""
    if atoms_in(*values):
        raise Unsupported(f"{what} of an undefined function or derivative")
