"""The translator's named functions and operators: ``\\log_b``, ``\\tanh^2``, ``\\tr``, ``\\det``,
the logistic family, ``\\langle a, b\\rangle``, and ``\\operatorname{…}`` operators of several
arguments (expectations, KL, clip, LSE, softmax, diag, rank). Worker side (imports SymPy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy as sp

from notelint.math.cas import translate_expectations as expectations
from notelint.math.cas import translate_operators as operators
from notelint.math.cas import translate_probability as probability
from notelint.math.cas.sympy_values import as_scalar, div, is_matrix, logistic, power
from notelint.math.cas.token_stream import TokenStream, plain_list
from notelint.math.cas.translator_vocabulary import GREEK, OPERATORNAMES, UNARY
from notelint.math.checking.guards import Unsupported

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Translator


def angle_bracket(tr: Translator, p: TokenStream, stop: frozenset[str]) -> Any:
    r"""``\langle x, y\rangle`` after its ``\langle``: of declared vectors or matrices of one
    shape (``x^\top y``, ``\operatorname{tr}(A^\top B)``); one with a subscript
    (``\langle f,g\rangle_{\mathcal{H}}``) is in a space notelint does not model."""
    depth, k = 1, p.i
    while k < len(p.toks) and depth:
        t = p.toks[k]
        if t.kind == "macro" and t.value in ("langle", "rangle"):
            depth += 1 if t.value == "langle" else -1
        k += 1
    if depth:
        raise Unsupported("unbalanced \\langle")
    if k < len(p.toks) and p.toks[k].kind == "char" and p.toks[k].value == "_":
        raise Unsupported("an inner product in the space its subscript names (not modelled)")
    first = tr.expr(p, stop | {",", "rangle"})
    if not p.at_char(","):
        raise Unsupported("\\langle … \\rangle without two arguments")
    p.next()
    second = tr.expr(p, stop | {"rangle"})
    if not p.at_macro("rangle"):
        raise Unsupported("\\langle … \\rangle without two arguments")
    p.next()
    return operators.inner_product(first, second)


def is_opname(tr: Translator, p: TokenStream) -> bool:
    t = p.peek()
    if t is None or t.kind != "group":
        return False
    word = "".join(x.value for x in t.children if x.kind == "letter")
    return word in OPERATORNAMES or word in probability.OPERATORS


def multi_operator(tr: Translator, opname: str, p: TokenStream) -> Any:
    kind = probability.OPERATORS[opname]
    if kind in ("var", "cov", "expectation"):
        return expectations.moment_operator(tr, kind, p)
    if kind == "kl":
        return expectations.kl(tr, p)
    if kind in ("lse", "softmax", "rank", "diag") and not (p.at_char("(") or p.at_char("[")):
        args = [tr.factor(p)]  # \operatorname{rank} A, \operatorname{diag}\begin{pmatrix}…
    else:
        args = expectations.bracket_args(tr, p)
    if kind == "clip":
        return operators.clip(args)
    if kind == "diag":
        return operators.diag(args)
    if len(args) != 1:
        raise Unsupported(f"{opname} takes one argument")
    one = {"lse": operators.log_sum_exp, "softmax": operators.softmax, "rank": operators.rank}
    return one[kind](args[0])


def builtin_function(tr: Translator, name: str, p: TokenStream) -> Any:
    power_after = None
    base = None
    if name in ("log", "ln") and p.at_char("_"):
        p.next()
        arg = p.take_arg()
        if arg is None:
            raise Unsupported("log base")
        base = as_scalar(tr.expr_all(arg))
    elif name == "log" and tr.ctx.log.isdigit():
        base = sp.Integer(int(tr.ctx.log))  # "$\\log$ means $\\log_2$": the base the note states
    elif name == "log" and tr.ctx.log != "e":
        raise Unsupported("the note says \\log is not the natural logarithm")
    primes = 0
    while p.at_char("'"):
        p.next()  # \tanh'(2): the derivative of the function, at its argument
        primes += 1
    if primes and name not in UNARY and name not in ("sigmoid", "softplus"):
        # ReLU'(0), sign'(0): a value at a kink is a convention the note states, no derivative
        raise Unsupported(f"a derivative of {name} written with a prime")
    if p.at_char("^"):
        # \tanh^2(z), \cosh^2 x: power of the function value (^{-1} would be the inverse)
        p.next()
        arg = p.take_arg()
        if arg is None or plain_list(arg) in ("-1",):
            raise Unsupported("inverse function notation")
        power_after = tr.expr_all(arg)
    if p.at_char("("):
        p.next()
        inner = tr.expr(p, frozenset({")"}))
        if not p.at_char(")"):
            raise Unsupported("unbalanced brackets")
        p.next()
        # \log(x)^2: power binds to the function value, handled by postfix of caller
    else:
        if p.done():
            raise Unsupported(f"\\{name} without argument")
        inner = tr.factor(p)
        if inner.is_number and not p.done() and (p.at_macro("pi") or (name in _TRIG and _symbol_next(p))):
            # "\\log 2\\pi", "\\log 2\\pi\\sigma^2", "\\cos 2\\alpha": a number and the symbols
            # written with it are one argument, as every table of the Gaussian's entropy and of
            # double angles reads them
            while not p.done() and (
                p.at_macro("pi")
                or p.current().kind == "letter"
                or (p.current().kind == "macro" and p.current().value in GREEK)
            ):
                before = p.i
                try:
                    inner = inner * tr.factor(p)
                except Unsupported:
                    p.i = before
                    break
                if p.i == before:
                    break
        if (
            not p.done()
            and (p.current().kind in ("letter", "num") or _symbol_next(p))
            and name not in ("det", "tr")
        ):
            # \log 2x, \log 2\alpha: log(2)·x or log(2x)?
            raise Unsupported(f"ambiguous argument of \\{name}")
    if primes:
        at = sp.Dummy("t")
        value = sp.diff(call_builtin(tr, name, at, base), at, primes).subs(at, inner)
    else:
        value = call_builtin(tr, name, inner, base)
    if power_after is not None:
        value = power(value, power_after)
    return value


def call_builtin(tr: Translator, name: str, inner: Any, base: Any) -> Any:
    if name == "tr":
        if not is_matrix(inner) or inner.shape[0] != inner.shape[1]:
            raise Unsupported("trace of a non-square or undeclared matrix")
        return sp.Add(*[inner[i, i] for i in range(inner.shape[0])], evaluate=False)
    if name == "det":
        if not is_matrix(inner) or inner.shape[0] != inner.shape[1]:
            raise Unsupported("determinant of a non-square or undeclared matrix")
        if inner.shape[0] > 4:
            raise Unsupported("determinant of a large matrix")
        return inner.det(method="berkowitz")
    inner = as_scalar(inner)
    if name == "sigmoid":
        return logistic(inner)
    if name == "relu":
        return sp.Max(0, inner, evaluate=False)
    if name == "softplus":
        return sp.log(sp.Add(1, sp.exp(inner, evaluate=False), evaluate=False), evaluate=False)
    if name == "sign":
        return sp.sign(inner, evaluate=False)
    fn = UNARY[name]
    if name in ("log", "ln") and base is not None:
        return div(sp.log(inner, evaluate=False), sp.log(base, evaluate=False))
    return fn(inner, evaluate=False)


#: functions whose argument a number and the symbols after it make together (\\sin 2x = sin(2x))
_TRIG = frozenset({"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh"})


def _symbol_next(p: TokenStream) -> bool:
    """Is the next token π, a letter or a Greek letter (the rest of ``\\cos 2\\alpha``'s argument)?"""
    t = p.current()
    return p.at_macro("pi") or t.kind == "letter" or (t.kind == "macro" and t.value in GREEK)
