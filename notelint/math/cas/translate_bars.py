r"""Evaluation bars: ``\left. -e^{-x}\right|_0^\infty``, ``x^2\big|_{x=0}^{x=1}``,
``\left[\frac{x^3}{3}\right]_0^1`` — the difference ``F(b) - F(a)``.

Worker side (imports SymPy). Read only when the bar closes the whole side: ``F`` is everything
before it (a side opening with ``\left.``, or with no sum at its top level: in ``a + x\big|_0^1``
the bar's reach is not written) and nothing follows the limits. The variable is the one the
limits name (``_{x=0}``), else the one free symbol of ``F``; an infinite limit is a limit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.matrices import MatrixBase

from notelint.math.checking.guards import Unsupported

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Translator
    from notelint.math.reading.mathtree import Node as Tok

_OPENED_BY_LEFT_DOT = re.compile(r"^\s*\\left\s*\.")


def evaluation_bar(tr: Translator, toks: list[Tok]) -> Any | None:
    """``F(b) - F(a)`` when ``toks`` is one evaluated expression, else None (read as usual)."""
    found = _split(toks)
    if found is None:
        return None
    body, scripts, bracketed = found
    if not body:
        raise Unsupported("an evaluation bar without an expression")
    if not bracketed and not _OPENED_BY_LEFT_DOT.match(tr.src or "") and _has_top_level_sum(body):
        raise Unsupported("an evaluation bar whose reach is not written (\\left. … \\right|)")
    lower, upper = _limits(scripts)
    var_lo, lo = _bound(tr, lower)
    var_hi, hi = _bound(tr, upper)
    value = tr.expr_all(body)
    var = var_lo or var_hi
    if var_lo is not None and var_hi is not None and var_lo != var_hi:
        raise Unsupported("an evaluation bar with two different variables")
    if var is None:
        free = _free(value)
        if len(free) != 1:
            raise Unsupported("an evaluation bar in several variables (write |_{x=a}^{x=b})")
        (var,) = free
    return _at(value, var, hi) - _at(value, var, lo)


def _split(toks: list[Tok]) -> tuple[list[Tok], list[Tok], bool] | None:
    """(F, the script tokens after the bar, whether F was in brackets) of ``F|_a^b`` or
    ``[F]_a^b`` at the top level of ``toks``."""
    bars = 0
    for i, t in enumerate(toks):
        if t.kind != "char" or i + 1 >= len(toks):
            continue
        after = toks[i + 1]
        scripted = after.kind == "char" and after.value in "_^"
        if t.value == "|":
            if scripted and bars % 2 == 0:
                return toks[:i], toks[i + 1 :], False
            bars += 1
        elif t.value == "]" and scripted and toks[0].kind == "char" and toks[0].value == "[":
            inner = toks[1:i]
            if not any(x.kind == "char" and x.value in "[]" for x in inner):
                return inner, toks[i + 1 :], True
    return None


def _has_top_level_sum(toks: list[Tok]) -> bool:
    return any(t.kind == "char" and t.value in "+-" for t in toks[1:])


def _limits(scripts: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    got: dict[str, list[Tok]] = {}
    i = 0
    while i < len(scripts):
        mark = scripts[i]
        if mark.kind != "char" or mark.value not in "_^" or mark.value in got or i + 1 >= len(scripts):
            raise Unsupported("an evaluation bar followed by more than its limits")
        arg = scripts[i + 1]
        got[mark.value] = list(arg.children) if arg.kind == "group" else [arg]
        i += 2
    if set(got) != {"_", "^"}:
        raise Unsupported("an evaluation bar needs a lower and an upper limit")
    return got["_"], got["^"]


def _bound(tr: Translator, toks: list[Tok]) -> tuple[Any | None, Any]:
    """(the variable it names or None, its value) of ``0``, ``x=0``, ``\\infty``."""
    eq = next((k for k, t in enumerate(toks) if t.kind == "char" and t.value == "="), None)
    var = None
    if eq is not None:
        var = tr.expr_all(toks[:eq])
        if not isinstance(var, sp.Symbol):
            raise Unsupported("an evaluation bar's limit names no variable")
        toks = toks[eq + 1 :]
    if len(toks) == 1 and toks[0].kind == "macro" and toks[0].value == "infty":
        return var, sp.oo
    if len(toks) == 2 and toks[0].kind == "char" and toks[0].value in "+-" and toks[1].value == "infty":
        return var, sp.oo if toks[0].value == "+" else -sp.oo
    value = tr.expr_all(toks)
    if isinstance(value, MatrixBase):
        raise Unsupported("an evaluation bar at a matrix")
    return var, value


def _free(value: Any) -> set[Any]:
    return set(value.free_symbols) if hasattr(value, "free_symbols") else set()


def _at(value: Any, var: Any, point: Any) -> Any:
    if isinstance(value, MatrixBase):
        return value.applyfunc(lambda e: _at(e, var, point))
    if point.is_infinite:
        return sp.limit(value, var, point)
    at = value.subs(var, point)
    if at.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return sp.limit(value, var, point)
    return at
