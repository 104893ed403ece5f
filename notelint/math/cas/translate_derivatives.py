"""The translator's calculus operators: ``\\frac{d}{dx}``, ``\\frac{\\partial^2}{\\partial x\\partial y}``,
``\\nabla_x`` of a translated expression, limits and integrals, and derivatives held at a
defined name or taken inline (``\\partial y/\\partial x``, ``\\partial_m``, ``\\nabla f(u)``).
Worker side (imports SymPy).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint.math.cas import opaque
from notelint.math.cas import translate_names as naming
from notelint.math.cas.sympy_values import as_scalar, is_matrix
from notelint.math.cas.token_stream import TokenStream, diff_head, is_d, matching, plain, starts_d, upright_d
from notelint.math.cas.translate_arrays import (
    array_shape,
    indexed_definition,
    named_entry,
    split_entry,
    undefined_name,
)
from notelint.math.cas.translator_vocabulary import DECORATIONS, FONTS
from notelint.math.checking.guards import Unsupported
from notelint.math.reading.mathtree import Node as Tok

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Translator


def limit_target(tr: Translator, toks: list[Tok]) -> tuple[Any, str]:
    dirn = "+-"
    if toks and toks[-1].kind == "char" and toks[-1].value == "^":
        raise Unsupported("one-sided limit")
    if len(toks) == 1 and toks[0].kind == "macro" and toks[0].value == "infty":
        return sp.oo, "-"
    if len(toks) == 2 and toks[0].kind == "char" and toks[0].value == "-" and toks[1].value == "infty":
        return -sp.oo, "+"
    val = as_scalar(tr.expr_all(toks))
    if val.free_symbols:
        raise Unsupported("limit towards a symbol")
    return val, dirn


def derivative_frac(tr: Translator, p: TokenStream) -> tuple[list[tuple[Any, int]], list[Tok]] | None:
    """``\\frac{d}{dx}``, ``\\frac{d^2}{dx^2}``, ``\\frac{\\partial f}{\\partial w_1}`` → vars, numerator rest."""
    save = p.i
    p.next()
    num = p.take_arg()
    den = p.take_arg()
    if num is None or den is None:
        raise Unsupported("\\frac needs two arguments")
    num, den = upright_d(num), upright_d(den)
    if _a_name_d(num, "_") or _a_name_d(den, "_^"):
        # \frac{d_j^2}{d_j^2+\lambda}: a differential is never subscripted, nor squared below
        p.i = save
        return None
    head = diff_head(num) or _defined_numerator(tr, num, den)
    if head is None:
        if den and (is_d(den[0]) and (len(den) > 1 or den[0].kind == "macro")) and num and starts_d(num):
            raise Unsupported("this derivative notation")
        if den and den[0].kind == "macro" and den[0].value == "partial":
            raise Unsupported("this derivative notation")
        p.i = save
        return None
    order, rest = head
    # denominator: (d|∂) var [^k] ...
    variables: list[tuple[Any, int]] = []
    i = 0
    while i < len(den):
        t = den[i]
        if not is_d(t):
            p.i = save
            return None
        i += 1
        j = i
        # variable: one letter/macro/group plus optional subscript
        if j >= len(den):
            raise Unsupported("derivative without a variable")
        j += 2 if den[i].kind == "macro" and den[i].value in FONTS | set(DECORATIONS) else 1
        if j < len(den) and den[j].kind == "char" and den[j].value == "_":
            j += 2
        var_toks = den[i:j]
        k = 1
        if j < len(den) and den[j].kind == "char" and den[j].value == "^":
            e = den[j + 1] if j + 1 < len(den) else None
            k = int(plain(e)) if e is not None and plain(e).isdigit() else 0
            if k == 0:
                raise Unsupported("derivative order")
            j += 2
        variables.append((variable(tr, var_toks), k))
        i = j
    if sum(k for _, k in variables) != order or not variables:
        raise Unsupported("derivative orders do not match")
    return variables, rest


def _a_name_d(toks: list[Tok], after: str) -> bool:
    """Is the letter d that opens ``toks`` a name (``d_j``; ``d^2`` in a denominator)?"""
    return (
        len(toks) > 1
        and toks[0].kind == "letter"
        and toks[0].value == "d"
        and toks[1].kind == "char"
        and toks[1].value in after
    )


def _defined_numerator(tr: Translator, num: list[Tok], den: list[Tok]) -> tuple[int, list[Tok]] | None:
    r"""``\frac{d\ell}{d\lambda}`` of a name the note defines: a function of that one variable
    (``\ell(\lambda) = …``, read as ``\ell(\lambda)``) or a value (``y := x^2``). "dy" of an
    undefined y stays ambiguous (a product d·y)."""
    if len(num) != 2 or len(den) != 2 or not (num[0].kind == "letter" and num[0].value == "d"):
        return None
    if not is_d(den[0]):
        return None
    name_tok, var_tok = num[1], den[1]
    if name_tok.kind not in ("letter", "macro") or var_tok.kind not in ("letter", "macro"):
        return None
    name, var = naming.name_of(tr, name_tok), naming.name_of(tr, var_tok)
    function = tr.ctx.functions.get(name)
    if function is not None:
        if function[0] != (var,):
            return None  # ℓ(λ) differentiated in θ: the chain rule is the note's to state
        opening, closing = (
            Tok("char", "(", var_tok.pos, var_tok.pos),
            Tok("char", ")", var_tok.end, var_tok.end),
        )
        return 1, [name_tok, opening, var_tok, closing]
    if name in tr.ctx.values:
        return 1, [name_tok]
    return None


def applied_to_parameters(tr: Translator, numer: list[Tok], variables: list[tuple[Any, int]]) -> list[Tok]:
    r"""``\frac{\partial f}{\partial z}`` of an ``f(z, y) = …`` the note defines: ``f`` is
    ``f(z, y)``, when each variable is one of its parameters. A variable that is not (``σ`` in
    ``\partial\mathcal{L}/\partial\sigma``, the chain rule through a function of ``z``) leaves
    the numerator as written."""
    if not numer or numer[-1].kind == "char":
        return numer
    try:
        name = naming.name_from(tr, numer)
    except Unsupported:
        return numer
    function = tr.ctx.functions.get(name)
    if function is None or not function[0]:
        return numer
    at = numer[-1].end
    params = [_parameter_token(q.strip(), at) for q in function[0]]
    if any(q is None for q in params):
        return numer
    try:
        names = {str(naming.symbol_from(tr, [q])) for q in params if q is not None}
    except Unsupported:
        return numer
    if not all(str(v) in names for v, _ in variables):
        return numer
    applied = [Tok("char", "(", at, at)]
    for k, q in enumerate(params):
        applied += [Tok("char", ",", at, at)] if k else []
        applied += [q] if q is not None else []
    return [*numer, *applied, Tok("char", ")", at, at)]


def _parameter_token(param: str, at: int) -> Tok | None:
    """The token of a parameter written as one letter or one Greek macro (``z``, ``\\sigma``)."""
    if len(param) == 1 and param.isalpha():
        return Tok("letter", param, at, at)
    if param.startswith("\\") and param[1:].isalpha():
        return Tok("macro", param[1:], at, at)
    return None


def variable(tr: Translator, toks: list[Tok]) -> Any:
    sym = naming.symbol_from(tr, toks, allow_matrix=True)
    return sym


def differentiate(tr: Translator, operand: Any, variables: list[tuple[Any, int]]) -> Any:
    every = not all(depends_on(operand, var) for var, _ in variables)
    if every or opaque.atoms_in(operand):
        # of an undefined quantity (L in ∂L/∂γ), or of one holding an undefined function
        return opaque.derivative(operand, variables, tr.bound, every)
    for var, k in variables:
        for _ in range(k):
            operand = gradient(tr, operand, var, check=False)
    return operand


def gradient(tr: Translator, operand: Any, var: Any, check: bool = True) -> Any:
    every = check and not depends_on(operand, var)
    if every or opaque.atoms_in(operand):
        return opaque.derivative(operand, [(var, 1)], tr.bound, every)
    if is_matrix(var):
        f = as_scalar(operand)
        return ImmutableMatrix(var.shape[0], var.shape[1], [sp.diff(f, v) for v in var])
    if is_matrix(operand):
        return ImmutableMatrix(operand.applyfunc(lambda e: sp.diff(e, var)))
    if not isinstance(var, sp.Symbol):
        raise Unsupported("derivative with respect to an expression")
    return sp.diff(operand, var)


def integral(tr: Translator, p: TokenStream, stop: frozenset[str]) -> Any:
    lo = p.take_script("_")
    hi = p.take_script("^")
    if (lo is None) != (hi is None):
        raise Unsupported("integral bounds")
    # integrand runs to "d<letter>" at this level
    p.toks = p.toks[: p.i] + upright_d(p.toks[p.i :])
    start = p.i
    j = start
    while j < len(p.toks) - 1:
        t = p.toks[j]
        if is_d(t) and t.kind != "macro" and p.toks[j + 1].kind in ("letter", "macro"):
            break
        j += 1
    else:
        raise Unsupported("integral without d<variable>")
    substituted = set(tr.used_defs)
    integrand = tr.expr_all(p.toks[start:j]) if j > start else sp.Integer(1)
    var = naming.symbol_from(tr, [p.toks[j + 1]])
    for name in sorted(n for n in tr.used_defs - substituted if n in tr.ctx.values):
        # \tilde x = \mu + \varepsilon put into \int \mathcal{N}(\tilde x;\mu,\sigma^2)\dots d\mu: its μ is
        # not the variable of the integral, which would capture it (a function's parameter is
        # its own: σ(z) applied inside ∫ … dz is not captured)
        value = naming.definition_value(tr, name)
        if any(
            getattr(s, "name", None) == getattr(var, "name", "") for s in getattr(value, "free_symbols", ())
        ):
            raise Unsupported(f"the definition of {name} uses the variable of the integral")
    p.i = j + 2
    if lo is None:
        raise Unsupported("indefinite integral (constant of integration)")
    if hi is None:
        raise Unsupported("integral without an upper bound")
    a = as_scalar(tr.expr_all(lo))
    b = as_scalar(tr.expr_all(hi))
    opaque.refuse_inside("an integral", integrand)
    return sp.Integral(as_scalar(integrand), (var, a, b))


#: macros that take the name as their argument (latex_sympy's FONTS and DECORATIONS)
_NAME_MACROS = frozenset(
    [
        "hat",
        "bar",
        "tilde",
        "vec",
        "dot",
        "check",
        "widehat",
        "widetilde",
        "overline",
        "mathbf",
        "boldsymbol",
        "bm",
        "mathit",
        "mathsf",
        "mathcal",
        "mathrm",
        "mathscr",
        "mathfrak",
    ]
)


def bracket_then_factors(tr: Translator, p: TokenStream, stop: frozenset[str]) -> bool:
    """Is the operand next a bracket that more factors follow (``(x)\\,\\Phi(x)``)?"""
    if not p.at_char("("):
        return False
    close = matching(p.toks, p.i)
    if close + 1 >= len(p.toks):
        return False
    after = p.toks[close + 1]
    return tr.starts_factor(after, stop) or (after.kind == "macro" and after.value in ("cdot", "times"))


#: the reading of a derivative that holds every other defined name fixed (see :func:`differentiate_holding`)
PARTIALS_HOLD_ARGUMENTS: ContextVar[bool] = ContextVar("PARTIALS_HOLD_ARGUMENTS", default=False)


def differentiate_holding(
    tr: Translator, variables: list[tuple[Any, int]], read_operand: Callable[[], Any]
) -> Any:
    r"""``\frac{\partial\sigma^2}{\partial\mu}``: the operand is read with the variables the note
    defines (μ = mean of x) held as variables, differentiated, then the definitions are put back
    (the derivative is taken at the defined value)."""
    names = [v.name for v, _ in variables if isinstance(v, sp.Symbol) and _defined(tr, v.name)]
    # ∂p_i/∂z_j with z = Wh + b given whole: z is held as its entries (substituted, p_i would
    # show no z_j and its derivative in z_j would read 0), its value put back entry by entry
    wholes = [base for base in dict.fromkeys(_whole_base(tr, n) for n in names) if base is not None]
    names += [b for b in wholes if b not in names]
    if PARTIALS_HOLD_ARGUMENTS.get():
        # the other reading: every other name the note defines held too (∂log p(x)/∂σ with
        # x = μ + σε is the score, x not moved with σ), its definition put back after
        names += [n for n in tr.ctx.values if n not in names and split_entry(n) is None]
    fresh = [n for n in names if n not in tr.sizing.held]
    tr.sizing.held.update(fresh)
    outer, tr.used_defs = tr.used_defs, set()
    try:
        operand = read_operand()
        if wholes and any(_a_number(tr, n) for n in tr.used_defs - set(names)):
            # ∂p_i/∂z_j at the example's z with its S = 6: p_i = e^{z_i}/S no longer shows how
            # S moves with z_j
            raise Unsupported("the derivative of a quantity the note gives as a number here")
        if not getattr(operand, "free_symbols", None) and (tr.used_defs or outer):
            # ∂L/∂ŷ in a worked example that gives L = 2: the derivative of the quantity is
            # not the derivative of its value at the example (0)
            raise Unsupported("the derivative of a quantity the note gives as a number here")
        if _coordinates(tr, operand, variables):
            # x_1 as a function of x_2: both coordinates of declared arrays, the derivative is 0
            for var, k in variables:
                for _ in range(k):
                    operand = gradient(tr, operand, var, check=False)
            value = operand
        else:
            value = differentiate(tr, operand, variables)
    finally:
        tr.sizing.held.difference_update(fresh)
        tr.used_defs |= outer
    if not fresh:
        return value
    mapping: dict[Any, Any] = {}
    for n in fresh:
        if n in wholes:
            entries, given = tr.named(n, allow_matrix=True, substitute=False), tr.definition_value(n)
            if (
                not (isinstance(entries, MatrixBase) and isinstance(given, MatrixBase))
                or entries.shape != given.shape
            ):
                raise Unsupported("derivative with respect to an entry of a defined array")
            mapping.update(zip(entries, given))
        else:
            mapping[_held_symbol(tr, n)] = _held_value(tr, n)
    if any(isinstance(v, MatrixBase) for v in mapping.values()):
        raise Unsupported("derivative with respect to a defined vector")
    return (
        ImmutableMatrix(value.xreplace(mapping)) if isinstance(value, MatrixBase) else value.xreplace(mapping)
    )


def _defined(tr: Translator, name: str) -> bool:
    if name in tr.ctx.values:
        return True
    entry = split_entry(name)
    # (an entry z_j of z = Wh + b too: substituted, p_i = e^{z_i}/S no longer shows its z_j)
    return entry is not None and (indexed_definition(tr, entry[0]) is not None or entry[0] in tr.ctx.values)


def _a_number(tr: Translator, name: str) -> bool:
    """Does the note give ``name`` a value made of numbers only (a worked example's S = 6)?"""
    if name not in tr.ctx.values:
        return False
    try:
        return not getattr(tr.definition_value(name), "free_symbols", None)
    except Unsupported:
        return False


def _whole_base(tr: Translator, name: str) -> str | None:
    """``z`` of the variable ``z_j`` when the note defines z whole (``z = Wh + b``), not by entries."""
    entry = split_entry(name)
    if entry is None or entry[0] not in tr.ctx.values or indexed_definition(tr, entry[0]) is not None:
        return None
    return entry[0]


def _held_symbol(tr: Translator, name: str) -> Any:
    return named_entry(tr, name, False) if split_entry(name) else sp.Symbol(name)


def _held_value(tr: Translator, name: str) -> Any:
    if split_entry(name):
        return named_entry(tr, name, True)
    return tr.definition_value(name)


def _coordinates(tr: Translator, operand: Any, variables: list[tuple[Any, int]]) -> bool:
    """Are the operand's symbols and the variables all entries of declared arrays?"""
    symbols = set().union(
        *(e.free_symbols for e in (operand if isinstance(operand, MatrixBase) else [operand]))
    )
    symbols |= {v for v, _ in variables if isinstance(v, sp.Symbol)}
    if not symbols or any(not isinstance(v, sp.Symbol) for v, _ in variables):
        return False
    for s in symbols:
        entry = split_entry(s.name)
        if entry is None or array_shape(tr, entry[0]) is None:
            return False
    return True


def _name_end(toks: list[Tok], i: int) -> int:
    r"""Where the written name starting at ``toks[i]`` ends (``\hat x_i``, ``\sigma^2``, ``y_i``)."""
    if i >= len(toks):
        raise Unsupported("derivative without a variable")
    t = toks[i]
    j = i + (2 if t.kind == "macro" and t.value in _NAME_MACROS else 1)
    if j < len(toks) and toks[j].kind == "char" and toks[j].value == "_":
        j += 2
    return min(j, len(toks))


def inline_partial(tr: Translator, p: TokenStream, stop: frozenset[str]) -> Any:
    r"""``\partial y_i/\partial\beta`` and ``\partial_m f`` (the derivative of the term after it)."""
    p.next()  # \partial
    sub = p.take_script("_")
    if sub is not None:
        var = variable(tr, sub)
        return differentiate_holding(tr, [(var, 1)], lambda: tr.term(p, stop))
    start = p.i
    slash = start
    while slash < len(p.toks) and not (p.toks[slash].kind == "char" and p.toks[slash].value == "/"):
        slash += 1
    if slash == start or slash + 1 >= len(p.toks):
        raise Unsupported("this derivative form")
    below = p.toks[slash + 1]
    if below.kind != "macro" or below.value != "partial":
        raise Unsupported("this derivative form")
    end = _name_end(p.toks, slash + 2)
    numer, var_toks = p.toks[start:slash], p.toks[slash + 2 : end]
    if _name_end(numer, 0) != len(numer) and not (
        len(numer) >= 3
        and numer[-2].kind == "char"
        and numer[-2].value == "^"
        and _name_end(numer, 0) == len(numer) - 2
    ):
        raise Unsupported("this derivative form")  # ∂ of a written name (or its square) only
    var = variable(tr, var_toks)
    p.i = end
    return differentiate_holding(tr, [(var, 1)], lambda: tr.expr_all(numer))


def gradient_of_function(tr: Translator, order: int, p: TokenStream) -> Any:
    r"""``\nabla f(u)``, ``\nabla^2 f(u)``: the gradient (Hessian) of a function the note defines
    with one parameter, with respect to that parameter, at the argument."""
    t = p.peek()
    if t is None or t.kind not in ("letter", "macro"):
        raise Unsupported("∇ without a variable")
    start = p.i
    p.next()
    name = tr.name_of(t) if t.kind == "macro" else t.value
    name = naming.subscripted(tr, name, p)
    if name not in tr.ctx.functions and p.at_char("(") and undefined_name(tr, name):
        # \nabla f(x_k) of an f the note does not define: opaque atoms of the argument's shape
        return naming.opaque_gradient(tr, name, order, p)
    if name not in tr.ctx.functions or not p.at_char("("):
        p.i = start
        raise Unsupported("∇ without a variable")
    params, body = tr.ctx.functions[name]
    args = naming.call_args(tr, p)
    if len(params) != 1 or len(args) != 1:
        raise Unsupported("∇ of a function of several arguments")
    arg = args[0]
    if tr.depth > 6:
        raise Unsupported("definitions nest too deeply")
    if isinstance(arg, MatrixBase):
        if arg.shape[1] != 1:
            raise Unsupported("∇ with respect to a matrix argument")
        var: Any = ImmutableMatrix(
            arg.shape[0], 1, [sp.Dummy(f"u{k}", real=True) for k in range(arg.shape[0])]
        )
    else:
        var = sp.Dummy("u", real=True)
    sub = type(tr)(tr.ctx, tr.dims, tr.depth + 1, sizing=tr.sizing)
    sub.bound = {params[0]: var}
    value = sub.translate(body)
    tr.used_defs |= sub.used_defs | {name}
    grad = gradient(tr, value, var, check=False)
    if order == 2:
        if not isinstance(var, MatrixBase):
            grad = sp.diff(grad, var)
        else:
            n = var.shape[0]
            grad = ImmutableMatrix(n, n, [sp.diff(grad[i, 0], var[j, 0]) for i in range(n) for j in range(n)])
    if isinstance(var, MatrixBase):
        mapping = {var[k, 0]: arg[k, 0] for k in range(var.shape[0])}
    else:
        mapping = {var: as_scalar(arg)}
    return ImmutableMatrix(grad.xreplace(mapping)) if isinstance(grad, MatrixBase) else grad.xreplace(mapping)


def depends_on(operand: Any, var: Any) -> bool:
    """Does the operand mention the variable (or is it a number, whose derivative is 0)?

    A derivative of something that does not mention the variable is not 0 but an opaque atom:
    ``\\frac{\\partial L}{\\partial w}`` with ``L`` undefined (or ``y^2`` with ``y`` a function
    of ``x``) would otherwise differentiate to 0 and produce a false alarm.
    """
    names = set(var.free_symbols) if hasattr(var, "free_symbols") else set()
    free = operand.free_symbols if hasattr(operand, "free_symbols") else set()
    return not free or bool(names & free)
