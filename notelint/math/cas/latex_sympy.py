"""LaTeX → SymPy by a whitelist translator over pylatexenc nodes.

Why a translator of our own (see ``shared/research/latex-to-sympy.md``): the library parsers
evaluate while parsing, run ``eval`` on literals, read ``\\log`` as base 10 or lowercase symbols.
Here every SymPy object is built directly (``Integer(int)``, ``Symbol(name)``, ``Add(…,
evaluate=False)``…); note text never reaches ``eval``/``exec``/``sympify``/``parse_expr``.
Anything outside the whitelist raises :class:`Unsupported`, which is an *unknown* verdict,
never a guess.

This module imports SymPy at import time: it only ever runs inside the worker processes
(``notelint.math.checking.pool``) or in tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint.math.cas import opaque
from notelint.math.cas import translate_calculus as calculus
from notelint.math.cas import translate_indexed as indexed
from notelint.math.cas import translate_operators as operators
from notelint.math.cas import translate_probability as probability
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import Context
from notelint.math.reading.mathtree import Node as Tok
from notelint.math.reading.mathtree import Tex

# --------------------------------------------------------------------------------------------
# Tokens: the tree the linting process built (``notelint.math.reading.wire``) and sent with the text.
# The worker never parses LaTeX.
# --------------------------------------------------------------------------------------------
#: Tests only: how a plain string (no tree) is read when a test translates it in-process.
#: Never set in the worker, where a text without its tree is refused.
test_parser: Callable[[str], list[Tok]] | None = None


def tokenize(latex: str) -> list[Tok]:
    """The tokens of ``latex`` from the tree it carries; positions are offsets into ``latex``."""
    if isinstance(latex, Tex):
        if latex.nodes is None:
            raise Unsupported(latex.error or "LaTeX does not parse")
        return _copy(latex.nodes)  # a fresh list per reading, as a parse gave
    if test_parser is not None:
        return test_parser(latex)
    raise Unsupported("LaTeX without its tree (the linting process did not serialise it)")


def _identity_block(cell: list[Tok], ctx: Context) -> bool:
    """Is a matrix cell ``I``, ``I_n`` or ``\\mathbf{I}`` with ``I`` undeclared: an identity
    block, not a number (``\\begin{bmatrix} I & 0\\\\ E & I\\end{bmatrix}``)?"""
    head = cell[0] if cell else None
    if head is not None and head.kind == "macro" and head.value in ("mathbf", "mathrm", "mathbb"):
        head = cell[1].children[0] if len(cell) > 1 and cell[1].kind == "group" and cell[1].children else None
        cell = cell[1:]
    if head is None or head.kind != "letter" or head.value != "I" or "I" in ctx.shapes or "I" in ctx.values:
        return False
    return len(cell) == 1 or (cell[1].kind == "char" and cell[1].value == "_" and len(cell) == 3)


def _copy(nodes: list[Tok]) -> list[Tok]:
    return [Tok(t.kind, t.value, t.pos, t.end, _copy(t.children)) for t in nodes]


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------
GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "vartheta": "ϑ",
    "iota": "ι",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "rho": "ρ",
    "varrho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "upsilon": "υ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
    "ell": "ℓ",
}
#: One-argument functions: ``\name x`` or ``\name(x)``.
UNARY = {
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "arctan": sp.atan,
    "arcsin": sp.asin,
    "arccos": sp.acos,
}
OPERATORNAMES = {
    "tr": "tr",
    "Tr": "tr",
    "trace": "tr",
    "sigmoid": "sigmoid",
    "ReLU": "relu",
    "relu": "relu",
    "softplus": "softplus",
    "det": "det",
    "sign": "sign",
    "sgn": "sign",
    "diag": None,
}
DECORATIONS = {
    "hat": "\u0302",
    "bar": "\u0304",
    "tilde": "\u0303",
    "vec": "\u20d7",
    "dot": "\u0307",
    "check": "\u030c",
    "widehat": "\u0302",
    "widetilde": "\u0303",
    "overline": "\u0304",
}
FONTS = {"mathbf", "boldsymbol", "bm", "mathit", "mathsf", "mathcal", "mathrm", "mathscr", "mathfrak"}
#: fonts that make a symbol bold: a vector or a matrix, whose shape the note must declare
BOLD = frozenset({"mathbf", "boldsymbol", "bm"})
UNSUPPORTED_REASONS = {
    "mathbb": "number sets and expectations (\\mathbb) need probabilistic or set semantics",
    "Pr": "probabilities need probabilistic semantics",
    "int": "this integral form",
    "oint": "contour integrals",
    "partial": "this derivative form",
    "in": "set membership",
    "subset": "set relations",
    "mid": "conditional notation",
    "sim": "distributional statements",
    "to": "arrows",
    "rightarrow": "arrows",
    "arg": "\\arg other than \\arg\\max or \\arg\\min",
    "text": "text inside an expression",
    "mathbb{E}": "expectations",
}
INDICATOR_HEADS = {"1", "I"}
#: ``D_{\\mathrm{KL}}`` as the translator names it
KL_NAMES = frozenset({"D_KL", "D_mathrmKL", "D_textKL", "D_operatornameKL", "D_textrmKL"})
#: fonts a law's family name is written in (``\\mathcal{N}``, ``\\mathrm{Bern}``)
LAW_FONTS = frozenset({"mathcal", "mathrm", "operatorname", "text", "textrm", "mathsf"})
MAX_MATRIX = 6
#: sizes that count samples or steps, instantiated larger than feature sizes
SAMPLE_COUNTS = frozenset({"n", "N", "m", "T"})
SAMPLE_COUNT_SIZE = 3


def is_matrix(v: Any) -> bool:
    return isinstance(v, MatrixBase)


def as_scalar(v: Any) -> Any:
    if is_matrix(v):
        if v.shape == (1, 1):
            return v[0, 0]
        raise Unsupported(f"a {v.shape[0]}×{v.shape[1]} matrix where a scalar is expected")
    return v


def add(a: Any, b: Any) -> Any:
    if is_matrix(a) or is_matrix(b):
        if is_matrix(a) and is_matrix(b):
            if a.shape != b.shape:
                if a.shape == (1, 1) or b.shape == (1, 1):
                    return add(
                        as_scalar(a) if a.shape == (1, 1) else a, as_scalar(b) if b.shape == (1, 1) else b
                    )
                raise Unsupported(f"adding a {a.shape} and a {b.shape} matrix")
            return ImmutableMatrix(a + b)
        if (is_matrix(a) and a.shape == (1, 1)) or (is_matrix(b) and b.shape == (1, 1)):
            return add(as_scalar(a), as_scalar(b))  # x^T A x + c: a 1×1 product is a number
        raise Unsupported("adding a scalar to a matrix")
    return sp.Add(a, b, evaluate=False)


def mul(a: Any, b: Any) -> Any:
    if is_matrix(a) and is_matrix(b):
        if a.shape == (1, 1) and b.shape != (1, 1):
            return ImmutableMatrix(b * a[0, 0])
        if b.shape == (1, 1) and a.shape != (1, 1):
            return ImmutableMatrix(a * b[0, 0])
        if a.shape[1] != b.shape[0]:
            raise Unsupported(
                f"multiplying a {a.shape[0]}×{a.shape[1]} by a {b.shape[0]}×{b.shape[1]} matrix"
            )
        return ImmutableMatrix(a * b)
    if is_matrix(a):
        return ImmutableMatrix(a * b)
    if is_matrix(b):
        return ImmutableMatrix(b * a)
    return sp.Mul(a, b, evaluate=False)


def neg(a: Any) -> Any:
    if is_matrix(a):
        return ImmutableMatrix(-a)
    return sp.Mul(sp.Integer(-1), a, evaluate=False)


def div(a: Any, b: Any) -> Any:
    b = as_scalar(b)
    if is_matrix(a):
        return ImmutableMatrix(a / b)
    return sp.Mul(a, sp.Pow(b, sp.Integer(-1), evaluate=False), evaluate=False)


def power(a: Any, b: Any) -> Any:
    if is_matrix(b):
        b = as_scalar(b)
    if is_matrix(a):
        if a.shape == (1, 1):
            return sp.Pow(a[0, 0], b, evaluate=False)
        if a.shape[0] != a.shape[1]:
            raise Unsupported("power of a non-square matrix")
        if not b.free_symbols:
            b = b.doit()
        if b == -1:
            if a.shape[0] > 4:
                raise Unsupported("inverse of a matrix larger than 4×4")
            # adjugate / determinant, unsimplified: ADJ inversion simplifies and is 500× slower
            det = a.det(method="berkowitz")
            if det == 0:
                raise Unsupported("inverse of a singular matrix")
            return ImmutableMatrix(a.adjugate(method="berkowitz") / det)
        if isinstance(b, sp.Integer) and 1 <= int(b) <= 4:
            out = a
            for _ in range(int(b) - 1):
                out = ImmutableMatrix(out * a)
            return out
        raise Unsupported("this matrix power")
    return sp.Pow(a, b, evaluate=False)


def logistic(z: Any) -> Any:
    z = as_scalar(z)
    return sp.Pow(
        sp.Add(
            sp.Integer(1), sp.exp(sp.Mul(sp.Integer(-1), z, evaluate=False), evaluate=False), evaluate=False
        ),
        sp.Integer(-1),
        evaluate=False,
    )


#: significant digits from which a decimal inside an expression may be a rounded value
ROUNDED_DIGITS = 4


def _decimal(text: str) -> tuple[sp.Expr, int]:
    if "." in text:
        whole, frac = text.split(".", 1)
        return sp.Rational(int((whole or "0") + frac), 10 ** len(frac)), len(frac)
    return sp.Integer(int(text)), 0


# --------------------------------------------------------------------------------------------
# The translator
# --------------------------------------------------------------------------------------------
class Translator:
    """Recursive descent over the token tree, one instance per side of a relation.

    ``dims`` fixes the concrete size of every symbolic dimension (``n`` → 3) so declared
    matrices become explicit matrices of entry symbols: matrix identities are then checked
    entry by entry at random values (numeric instantiation at a concrete size).
    """

    def __init__(
        self,
        context: Context | None = None,
        dims: dict[str, int] | None = None,
        _depth: int = 0,
        sizing: calculus.Sizing | None = None,
    ) -> None:
        self.ctx = _canonical_context(context or Context())
        #: sizes and indices of this run, shared by both sides and every definition in them
        self.sizing = sizing if sizing is not None else calculus.Sizing()
        self.dims = dims if dims is not None else self.sizing.dims
        self.depth = _depth
        self.bound: dict[str, sp.Symbol] = {}
        #: decimal places of each decimal literal met (for rounding tolerances)
        self.decimals: list[int] = []
        #: symbols that must be positive integers at random points (sum bounds, n in n!)
        self.integers: set[str] = set()
        #: symbol names as written (before definitions are substituted)
        self.written: set[str] = set()
        self.used_defs: set[str] = set()
        self.src = ""
        #: only reading a name (canonical_name): no context, no substitution
        self.naming_only = False
        #: symbols a law uses as a variance ("positive") or covariance ("spd"): sampled so
        self.law_kinds: dict[str, str] = {}
        #: when set, a decimal of ROUNDED_DIGITS or more significant digits becomes a symbol
        #: here, with its written value and half a unit in its last place (verify's ≈ retry)
        self.rounded: dict[sp.Symbol, tuple[sp.Rational, sp.Rational]] | None = None

    # ---- entry points ----------------------------------------------------------------------
    def translate(self, latex: str) -> Any:
        self.src = latex
        toks = tokenize(latex)
        if not toks:
            raise Unsupported("empty side")
        value = self.expr_all(toks)
        return value

    def expr_all(self, toks: list[Tok]) -> Any:
        p = _Stream(toks)
        value = self.expr(p)
        if not p.done():
            t = p.current()
            raise Unsupported(f"cannot read {self._show(t)}")
        return value

    def _show(self, t: Tok) -> str:
        text = self.src[t.pos : t.end] if self.src else t.value
        return f"'{text[:30]}'"

    # ---- grammar -----------------------------------------------------------------------------
    def expr(self, p: _Stream, stop: frozenset[str] = frozenset()) -> Any:
        if p.at_char("+"):
            p.next()
        if p.at_char("-"):
            p.next()
            value = neg(self.term(p, stop))
        else:
            value = self.term(p, stop)
        while not p.done():
            t = p.current()
            if t.kind == "char" and t.value in "+-" and t.value not in stop:
                p.next()
                rhs = self.term(p, stop)
                value = add(value, rhs if t.value == "+" else neg(rhs))
            elif t.kind == "macro" and t.value == "pm":
                raise Unsupported("± is not a single value")
            else:
                break
        return value

    def term(self, p: _Stream, stop: frozenset[str] = frozenset()) -> Any:
        value = self.factor(p, stop)
        while not p.done():
            t = p.current()
            if (t.kind == "char" and t.value == "*") or (
                t.kind == "macro" and t.value in ("cdot", "times", "ast")
            ):
                p.next()
                value = self._mul_or_op(value, p, stop)
            elif (t.kind == "char" and t.value == "/") or (t.kind == "macro" and t.value == "div"):
                p.next()
                value = div(value, self.factor(p, stop))
            elif self.starts_factor(t, stop):
                value = self._mul_or_op(value, p, stop)
            else:
                break
        return value

    def _mul_or_op(self, left: Any, p: _Stream, stop: frozenset[str]) -> Any:
        return mul(left, self.factor(p, stop))

    def starts_factor(self, t: Tok, stop: frozenset[str]) -> bool:
        if t.kind in ("num", "letter", "group", "env"):
            return True
        if t.kind == "char":
            return (t.value in "([" and t.value not in stop) or (t.value == "|" and "|" not in stop)
        if t.kind == "macro":
            if t.value in stop:
                return False
            return t.value not in (
                "cdot",
                "times",
                "ast",
                "div",
                "pm",
                "mp",
                "\\",
                "quad",
                "qquad",
                "le",
                "leq",
                "ge",
                "geq",
                "ne",
                "neq",
                "approx",
                "to",
                "in",
                "mid",
                "rangle",
                "rceil",
                "rfloor",
                "}",
                "rbrace",
                "coloneqq",
                "triangleq",
                "equiv",
                "sim",
                "propto",
            )
        return False

    def factor(self, p: _Stream, stop: frozenset[str] = frozenset()) -> Any:
        if p.done():
            raise Unsupported("expression ends too early")
        t = p.current()
        if t.kind == "char" and t.value == "-":
            p.next()
            return neg(self.factor(p, stop))
        if t.kind == "macro":
            op = self.operator(p, stop)
            if op is not None:
                return op
        base = self.primary(p, stop)
        return self.postfix(base, p)

    # operators that take the rest of the term as operand: d/dx, ∂, ∇, Σ, Π, lim, ∫
    def operator(self, p: _Stream, stop: frozenset[str]) -> Any | None:
        t = p.current()
        name = t.value
        if name in ("frac", "dfrac", "tfrac"):
            deriv = self._derivative_frac(p)
            if deriv is None:
                return None
            order_vars, numer = deriv
            value = calculus.differentiate_holding(
                self,
                order_vars,
                lambda: self.expr_all(numer) if numer else self.term(p, stop),
            )
            if numer and p.at_char("("):
                # \frac{d^2g}{dx^2}(x): the derivative evaluated at a point, not a product
                raise Unsupported("a derivative evaluated at a point")
            return value
        if name == "partial":
            return calculus.inline_partial(self, p, stop)
        if name == "nabla":
            p.next()
            order = 1
            sup = p.take_script("^")
            sub = p.take_script("_")
            if sup is None:
                sup = p.take_script("^")
            if sup is not None:
                if _plain_list(sup) != "2":
                    raise Unsupported("this ∇ power")
                order = 2
            if sub is None:
                return calculus.gradient_of_function(self, order, p)
            var = self._variable(sub)
            operand = self.term(p, stop)
            grad = self._gradient(operand, var)
            if order == 2 and opaque.atoms_in(grad):
                raise Unsupported("second derivative of an undefined quantity")
            if order == 2:
                # the Hessian: Jacobian of the gradient, (∇²f)_ij = ∂²f/∂w_i∂w_j
                if not is_matrix(var):
                    return sp.diff(grad, var)
                if var.shape[1] != 1:
                    raise Unsupported("Hessian with respect to a matrix")
                entries = [
                    sp.diff(grad[i, 0], var[j, 0]) for i in range(var.shape[0]) for j in range(var.shape[0])
                ]
                return ImmutableMatrix(var.shape[0], var.shape[0], entries)
            return grad
        if name in ("sum", "prod"):
            p.next()
            return calculus.sum_or_product(self, name, p, stop)
        if name == "lim":
            p.next()
            sub = p.take_script("_")
            if sub is None:
                raise Unsupported("limit without a variable")
            parts = _split_at(sub, lambda x: x.kind == "macro" and x.value in ("to", "rightarrow"))
            if len(parts) != 2 or len(parts[0]) != 1:
                raise Unsupported("this limit form")
            var = self.symbol_from(parts[0])
            target = self._limit_target(parts[1])
            operand = as_scalar(self.term(p, stop))
            opaque.refuse_inside("a limit", operand)
            return sp.Limit(operand, var, target[0], target[1])
        if name == "int":
            p.next()
            return self._integral(p, stop)
        return None

    def _limit_target(self, toks: list[Tok]) -> tuple[Any, str]:
        dirn = "+-"
        if toks and toks[-1].kind == "char" and toks[-1].value == "^":
            raise Unsupported("one-sided limit")
        if len(toks) == 1 and toks[0].kind == "macro" and toks[0].value == "infty":
            return sp.oo, "-"
        if len(toks) == 2 and toks[0].kind == "char" and toks[0].value == "-" and toks[1].value == "infty":
            return -sp.oo, "+"
        val = as_scalar(self.expr_all(toks))
        if val.free_symbols:
            raise Unsupported("limit towards a symbol")
        return val, dirn

    def _derivative_frac(self, p: _Stream) -> tuple[list[tuple[Any, int]], list[Tok]] | None:
        """``\\frac{d}{dx}``, ``\\frac{d^2}{dx^2}``, ``\\frac{\\partial f}{\\partial w_1}`` → vars, numerator rest."""
        save = p.i
        p.next()
        num = p.take_arg()
        den = p.take_arg()
        if num is None or den is None:
            raise Unsupported("\\frac needs two arguments")
        num, den = _upright_d(num), _upright_d(den)
        head = _diff_head(num)
        if head is None:
            if (
                den
                and (_is_d(den[0]) and (len(den) > 1 or den[0].kind == "macro"))
                and num
                and _starts_d(num)
            ):
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
            if not _is_d(t):
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
                k = int(_plain(e)) if e is not None and _plain(e).isdigit() else 0
                if k == 0:
                    raise Unsupported("derivative order")
                j += 2
            variables.append((self._variable(var_toks), k))
            i = j
        if sum(k for _, k in variables) != order or not variables:
            raise Unsupported("derivative orders do not match")
        return variables, rest

    def _variable(self, toks: list[Tok]) -> Any:
        sym = self.symbol_from(toks, allow_matrix=True)
        return sym

    def _differentiate(self, operand: Any, variables: list[tuple[Any, int]]) -> Any:
        every = not all(_depends(operand, var) for var, _ in variables)
        if every or opaque.atoms_in(operand):
            # of an undefined quantity (L in ∂L/∂γ), or of one holding an undefined function
            return opaque.derivative(operand, variables, self.bound, every)
        for var, k in variables:
            for _ in range(k):
                operand = self._gradient(operand, var, check=False)
        return operand

    def _gradient(self, operand: Any, var: Any, check: bool = True) -> Any:
        every = check and not _depends(operand, var)
        if every or opaque.atoms_in(operand):
            return opaque.derivative(operand, [(var, 1)], self.bound, every)
        if is_matrix(var):
            f = as_scalar(operand)
            return ImmutableMatrix(var.shape[0], var.shape[1], [sp.diff(f, v) for v in var])
        if is_matrix(operand):
            return ImmutableMatrix(operand.applyfunc(lambda e: sp.diff(e, var)))
        if not isinstance(var, sp.Symbol):
            raise Unsupported("derivative with respect to an expression")
        return sp.diff(operand, var)

    def _integral(self, p: _Stream, stop: frozenset[str]) -> Any:
        lo = p.take_script("_")
        hi = p.take_script("^")
        if (lo is None) != (hi is None):
            raise Unsupported("integral bounds")
        # integrand runs to "d<letter>" at this level
        p.toks = p.toks[: p.i] + _upright_d(p.toks[p.i :])
        start = p.i
        j = start
        while j < len(p.toks) - 1:
            t = p.toks[j]
            if _is_d(t) and t.kind != "macro" and p.toks[j + 1].kind in ("letter", "macro"):
                break
            j += 1
        else:
            raise Unsupported("integral without d<variable>")
        integrand = self.expr_all(p.toks[start:j]) if j > start else sp.Integer(1)
        var = self.symbol_from([p.toks[j + 1]])
        p.i = j + 2
        if lo is None:
            raise Unsupported("indefinite integral (constant of integration)")
        if hi is None:
            raise Unsupported("integral without an upper bound")
        a = as_scalar(self.expr_all(lo))
        b = as_scalar(self.expr_all(hi))
        opaque.refuse_inside("an integral", integrand)
        return sp.Integral(as_scalar(integrand), (var, a, b))

    # ---- primaries -----------------------------------------------------------------------------
    def primary(self, p: _Stream, stop: frozenset[str]) -> Any:
        t = p.next()
        if t.kind == "num":
            value, places = _decimal(t.value)
            if places:
                self.decimals.append(places)
                if self.rounded is not None and len(t.value.replace(".", "").lstrip("0")) >= ROUNDED_DIGITS:
                    symbol = sp.Dummy(f"r{len(self.rounded)}")
                    self.rounded[symbol] = (value, sp.Rational(1, 2 * 10**places))
                    return symbol
            return value
        if t.kind == "group":
            return self.expr_all(t.children)
        if t.kind == "char":
            if t.value in "([":
                close = ")" if t.value == "(" else "]"
                first = p.i
                value = self._paren(p, close)
                if (
                    is_matrix(value)
                    and value.shape[1] == 1
                    and value.shape[0] > 1
                    and _at_top(p)
                    and _is_tuple(p.toks[first : p.i])
                ):
                    p.i += 2  # (a,b,c)^\top is how notes write a column: the tuple is its row
                return value
            if t.value == "|":
                inner = self.expr(p, stop | {"|"})
                if not p.at_char("|"):
                    raise Unsupported("unbalanced |")
                p.next()
                if is_matrix(inner):
                    # |x^T y| is a number, but notes write it in optimality conditions (KKT
                    # rows "if w_j = 0", sides of an ⟺) that the classifier does not yet tell
                    # from claims: kept unknown until it does
                    raise Unsupported("|·| of a matrix (entrywise or a norm?)")
                return sp.Abs(inner, evaluate=False)
            raise Unsupported(f"unexpected {self._show(t)}")
        if t.kind == "env":
            return self._matrix_env(t)
        if t.kind == "letter":
            return self._symbol_or_call(t, p)
        if t.kind == "macro":
            return self._macro(t, p, stop)
        raise Unsupported(f"unexpected {self._show(t)}")

    def _paren(self, p: _Stream, close: str) -> Any:
        items = [self.expr(p, frozenset({close, ","}))]
        while p.at_char(","):
            p.next()
            items.append(self.expr(p, frozenset({close, ","})))
        if not p.at_char(close):
            raise Unsupported("unbalanced brackets")
        p.next()
        if len(items) == 1:
            return items[0]
        if any(is_matrix(x) for x in items):
            raise Unsupported("tuple of matrices")
        return ImmutableMatrix(len(items), 1, items)

    def _matrix_env(self, t: Tok) -> Any:
        if t.value not in ("pmatrix", "bmatrix", "matrix", "Bmatrix"):
            raise Unsupported(f"environment {t.value}")
        rows: list[list[Any]] = []
        for row in _split_at(t.children, lambda x: x.kind == "macro" and x.value == "\\"):
            if not row:
                continue
            cells = _split_at(row, lambda x: x.kind == "char" and x.value == "&")
            if any(_identity_block(c, self.ctx) for c in cells):
                raise Unsupported("a block matrix (an identity block I of unknown size)")
            rows.append([as_scalar(self.expr_all(c)) for c in cells])
        if not rows or any(len(r) != len(rows[0]) for r in rows):
            raise Unsupported("ragged matrix")
        if len(rows) > MAX_MATRIX or len(rows[0]) > MAX_MATRIX:
            raise Unsupported("matrix too large")
        return ImmutableMatrix(rows)

    def _name_of(self, t: Tok) -> str:
        if t.kind == "letter":
            return t.value
        if t.kind == "macro" and t.value in GREEK:
            return GREEK[t.value]
        raise Unsupported(f"cannot use {self._show(t)} as a name")

    def symbol_from(self, toks: list[Tok], allow_matrix: bool = False) -> Any:
        return self._named(self.name_from(toks), allow_matrix=allow_matrix, substitute=False)

    def name_from(self, toks: list[Tok]) -> str:
        """The canonical name of a written symbol (``\\hat{y}_i`` → ``ŷ_i``)."""
        p = _Stream(toks)
        t = p.next()
        if t.kind == "group" and len(t.children) >= 1 and len(toks) == 1:
            return self.name_from(t.children)
        if t.kind == "macro" and t.value in FONTS | set(DECORATIONS):
            arg = p.take_arg()
            if arg is None:
                raise Unsupported("decoration without argument")
            inner = self._plain_name(arg)
            name = self._decorated(t.value, inner)
            name = self._subscripted(name, p)
            self._require_bold_shape(t.value, inner, name)
        else:
            name = self._name_of(t)
            name = self._subscripted(name, p)
        name = self._primes(name, p)
        name = self._star(name, p)
        if not p.done():
            raise Unsupported(f"not a plain name: {_plain_list(toks)[:30]}")
        return name

    def _plain_name(self, toks: list[Tok]) -> str:
        if len(toks) == 1:
            return self._name_of(toks[0])
        if all(t.kind == "letter" for t in toks):
            return "".join(t.value for t in toks)
        raise Unsupported("decorated expression")

    def _decorated(self, deco: str, inner: str) -> str:
        if deco in DECORATIONS:
            return inner + DECORATIONS[deco]
        if deco in BOLD:
            return inner  # bold x and x name the same object in notes (shape: _require_bold_shape)
        if deco == "mathrm" and len(inner) == 1:
            return inner
        return f"{deco}({inner})"

    def _require_bold_shape(self, deco: str, inner: str, name: str) -> None:
        """Bold means a vector or matrix, so an undeclared bold symbol is refused rather than
        read as a scalar; ``name`` is the symbol with its subscript (``\\boldsymbol{\\Sigma}_1``
        is declared as Σ_1, not as Σ)."""
        if deco not in BOLD or self.naming_only or inner.isdigit():
            return
        if inner not in self.ctx.shapes and name not in self.ctx.shapes:
            raise Unsupported(f"the shape of bold {inner} is not declared")

    def _subscripted(self, name: str, p: _Stream) -> str:
        calculus.subscript_before_power(p)  # \sigma^2_{kj} is (\sigma_{kj})^2
        sub = p.take_script("_", peek_only_plain=True)
        if sub is None:
            return name
        entry = calculus.subscript_entry(self, name, sub)
        if entry is not None:
            return entry
        text = _script_text(sub, self)
        for idx in self.bound:
            if re.search(rf"(?<![A-Za-z]){re.escape(idx)}(?![A-Za-z])", text):
                raise Unsupported(f"{name}_{text} is indexed by a bound variable")
        return f"{name}_{text}"

    def _named(self, name: str, allow_matrix: bool = True, substitute: bool = True) -> Any:
        if name in self.bound:
            return self.bound[name]
        entry = calculus.named_entry(self, name, substitute)
        if entry is not None:
            self.written.add(name)
            return entry
        size = calculus.size_value(self, name)
        if size is not None:
            return size
        self.written.add(name)
        if substitute and name in self.ctx.values and name not in self.sizing.held:
            return self._definition_value(name)
        if substitute and allow_matrix:
            whole = calculus.whole_from_entries(self, name)
            if whole is not None:
                return whole
        shape = self.ctx.shapes.get(name)
        if shape is None:
            shape = calculus.family_shape(self, name)  # x_{k+1} of the iterates x_k ∈ R^d
        if shape is not None and shape != (1, 1):
            if not allow_matrix:
                raise Unsupported(f"{name} is a matrix here")
            rows, cols = (self._dim(shape[0]), self._dim(shape[1]))
            if rows > MAX_MATRIX or cols > MAX_MATRIX:
                raise Unsupported("declared matrix too large to instantiate")
            if re.fullmatch(r"I(?:_.+)?", name) and rows == cols:
                return ImmutableMatrix(sp.eye(rows))  # the identity matrix I, I_d, \mathbf{I}
            if cols == 1:
                return ImmutableMatrix(
                    rows, 1, [sp.Symbol(f"{name}[{i + 1}]", real=True) for i in range(rows)]
                )
            return ImmutableMatrix(
                rows,
                cols,
                [sp.Symbol(f"{name}[{i + 1},{j + 1}]", real=True) for i in range(rows) for j in range(cols)],
            )
        if name == "e" and name not in self.ctx.values and self.ctx.euler:
            return sp.E
        return sp.Symbol(name)

    def _dim(self, d: int | str) -> int:
        if isinstance(d, int):
            return d
        if d not in self.dims:
            # a count of samples (n, m, N, T) is 3 and the first other size 2, so that a tall
            # design matrix X ∈ R^{n×d} has an invertible Gram matrix (notes assume n ≥ d);
            # further sizes alternate 3, 2, …
            others = sum(1 for k in self.dims if k not in SAMPLE_COUNTS)
            self.dims[d] = calculus.concrete_size(self, d, others, d in SAMPLE_COUNTS)
        return self.dims[d]

    def _definition_value(self, name: str) -> Any:
        if self.depth > 6:
            raise Unsupported("definitions nest too deeply")
        self.used_defs.add(name)
        sub = Translator(self.ctx, self.dims, self.depth + 1, self.sizing)
        sub.bound = dict(self.bound)
        value = sub.translate(self.ctx.values[name])
        self.integers |= sub.integers
        self.used_defs |= sub.used_defs
        return value

    def _symbol_or_call(self, t: Tok, p: _Stream) -> Any:
        name = t.value
        if name == "d" and p.peek_kind() == "letter" and False:
            pass
        name = self._subscripted(name, p)
        name = self._star(name, p)
        name = self._primes(name, p)
        return self._maybe_call(name, p, letter_base=t.value)

    def _star(self, name: str, p: _Stream) -> str:
        """``w^\\star``, ``w^*``, ``x^{(i)}``: part of the name, not a power."""
        if p.at_char("^") and len(p.toks) > p.i + 1:
            mark = _plain_list([p.toks[p.i + 1]])
            if mark in ("\\star", "*", "\\ast", "\\prime", "\\dagger", "'"):
                p.i += 2
                name += "'" if mark in ("\\prime", "'") else "*"
            elif mark.startswith("(") and mark.endswith(")"):
                label = indexed.sample_label(self, name, p.toks[p.i + 1], mark)  # x^{(i)} at i = 2: x^{(2)}
                shape = self.ctx.shapes.get(f"{name}^{mark}")
                if label != mark and shape is not None:
                    self.ctx.shapes.setdefault(f"{name}^{label}", shape)  # each sample as declared
                name += "^" + label
                p.i += 2
        return name

    def _primes(self, name: str, p: _Stream) -> str:
        while p.at_char("'"):
            p.next()
            name += "'"
        return name

    def _maybe_call(self, name: str, p: _Stream, letter_base: str | None = None) -> Any:
        if name in KL_NAMES and p.at_char("("):
            return self._kl(p)  # D_{\\mathrm{KL}}(p ‖ q)
        square = calculus.defined_square(self, name, p)
        if square is not None:
            return square
        if p.at_char("["):
            raise Unsupported(f"{name}[…] (an expectation, probability or index)")
        base_name = name.rstrip("'")
        primes = len(name) - len(base_name)
        if p.at_char("(") and (
            base_name in self.ctx.functions or (base_name == "σ" and base_name not in self.ctx.values)
        ):
            args = self._call_args(p)
            return self._apply(base_name, args, primes)
        if primes and (base_name in self.ctx.functions or base_name == "σ"):
            raise Unsupported(f"{name} without argument")
        if (
            p.at_char("(")
            and name not in self.bound
            and name not in self.ctx.shapes
            and calculus.split_entry(name) is None  # an entry times a bracket: x_k(x_k-μ)
            and not calculus.is_row_name(name)  # a row of X times a bracket: x_i(x_i w-y_i)
            and name not in self.sizing.counts  # a count times a bracket: M(\bar\xi-c)^2
        ):
            # letter followed by "(": multiplication when the letter recurs inside
            # (n(n+1), p(1-p)); otherwise an undefined function f(x): unknown.
            close = _matching(p.toks, p.i)
            inner_names = _names_in(p.toks[p.i + 1 : close], self)
            if name not in inner_names:
                if close >= len(p.toks):
                    raise Unsupported("unbalanced brackets")
                # an undefined function: its application is an opaque atom (an unknown number)
                start, p.i = p.i, close + 1
                written = self.src[p.toks[start].pos : p.toks[close].end] if self.src else ""
                args = p.toks[start + 1 : close]
                return opaque.application(name, args, name + written, self.bound, inner_names)
        return self._named(name)

    def _conditional_call(self, p: _Stream) -> bool:
        r"""``(a\mid s)`` follows: the brackets hold a conditional argument (``\mid`` or ``|``)."""
        if not p.at_char("("):
            return False
        close = _matching(p.toks, p.i)
        return any(
            (t.kind == "macro" and t.value == "mid") or (t.kind == "char" and t.value == "|")
            for t in p.toks[p.i + 1 : close]
        )

    def opaque_gradient(self, name: str, order: int, p: _Stream) -> Any:
        r"""``\nabla f(x_k)`` (``order`` 1) or ``\nabla^2 f(x_k)`` (2) of an undefined ``f``."""
        close = _matching(p.toks, p.i)
        if close >= len(p.toks):
            raise Unsupported("unbalanced brackets")
        tokens = p.toks[p.i + 1 : close]
        names = _names_in(tokens, self)
        written = self.src[p.toks[p.i].pos : p.toks[close].end] if self.src else ""
        args = self._call_args(p)
        if len(args) != 1:
            raise Unsupported("∇ of a function of several arguments")
        return opaque.gradient_application(name, order, args[0], tokens, written, self.bound, names)

    def _call_args(self, p: _Stream) -> list[Any]:
        p.next()  # (
        args = [self.expr(p, frozenset({")", ","}))]
        while p.at_char(","):
            p.next()
            args.append(self.expr(p, frozenset({")", ","})))
        if not p.at_char(")"):
            raise Unsupported("unbalanced brackets")
        p.next()
        return args

    def _apply(self, name: str, args: list[Any], primes: int = 0) -> Any:
        if name in self.ctx.functions:
            params, body = self.ctx.functions[name]
            if len(params) != len(args):
                raise Unsupported(f"{name} takes {len(params)} arguments")
            if self.depth > 6:
                raise Unsupported("definitions nest too deeply")
            self.used_defs.add(name)
            # a 1×1 argument (x ∈ R^d with the example's d = 1) is the scalar it holds
            args = [as_scalar(a) if is_matrix(a) and a.shape == (1, 1) else a for a in args]
            # a parameter applied to itself (J(w) with w a declared vector) keeps its value;
            # scalar parameters are replaced by the arguments
            same = [
                prm
                for prm, a in zip(params, args)
                if is_matrix(a) and _same(self._named(prm, substitute=False), a)
            ]
            if any(is_matrix(a) for prm, a in zip(params, args) if prm not in same):
                raise Unsupported("a function applied to a matrix argument other than its parameter")
            sub = Translator(self.ctx, self.dims, self.depth + 1, self.sizing)
            dummies = {prm: sp.Dummy(prm) for prm in params if prm not in same}
            sub.bound = dict(dummies)
            try:
                value = sub.translate(body)
            except Unsupported as exc:
                # r_t(\theta) at θ itself, its body's π_θ(a\mid s) subscripted by the parameter:
                # the body with θ as written is the application (the same holds for any scalar
                # parameter applied to its own symbol)
                itself = [
                    prm
                    for prm, a in zip(params, args)
                    if prm in dummies and isinstance(a, sp.Symbol) and a == self._named(prm, substitute=False)
                ]
                if primes or not itself or "bound variable" not in str(exc):
                    raise
                dummies = {prm: d for prm, d in dummies.items() if prm not in itself}
                sub = Translator(self.ctx, self.dims, self.depth + 1, self.sizing)
                sub.bound = dict(dummies)
                value = sub.translate(body)
            self.used_defs |= sub.used_defs
            self.integers |= sub.integers
            if primes:
                opaque.refuse_inside("a derivative", value)
                if len(params) != 1 or params[0] not in dummies:
                    raise Unsupported("prime on a function of several or matrix variables")
                for _ in range(primes):
                    value = sp.diff(value, dummies[params[0]])
            mapping = {dummies[prm]: as_scalar(a) for prm, a in zip(params, args) if prm in dummies}
            return (
                value.xreplace(mapping) if not is_matrix(value) else ImmutableMatrix(value.xreplace(mapping))
            )
        if name == "σ":
            if len(args) != 1:
                raise Unsupported("σ takes one argument")
            z = sp.Dummy("z")
            value = logistic(z)
            for _ in range(primes):
                value = sp.diff(value, z)
            return value.xreplace({z: as_scalar(args[0])})
        raise Unsupported(f"{name}(…) is an undefined function")

    def postfix(self, base: Any, p: _Stream) -> Any:
        while not p.done():
            t = p.current()
            if t.kind == "char" and t.value == "^":
                p.next()
                arg = p.take_arg()
                if arg is None:
                    raise Unsupported("^ without exponent")
                base = self._superscript(base, arg)
            elif t.kind == "char" and t.value == "!":
                p.next()
                base = as_scalar(base)
                if base.free_symbols:
                    for s in base.free_symbols:
                        self.integers.add(s.name)
                base = sp.factorial(base, evaluate=False)
            elif t.kind == "char" and t.value == "_":
                base = calculus.expression_entry(self, base, p)  # (H^2)_{ii}
            else:
                break
        return base

    def _transpose(self, base: Any) -> Any:
        if is_matrix(base):
            return base.T
        if getattr(base, "free_symbols", None) and not all(
            self.ctx.shapes.get(sym.name) == (1, 1) for sym in base.free_symbols
        ):
            # x^\top of an undeclared x: reading it as a scalar would make AB = BA
            raise Unsupported("transpose of a symbol whose shape is not declared")
        return base

    def _superscript(self, base: Any, arg: list[Tok]) -> Any:
        if len(arg) == 1 and arg[0].kind == "macro" and arg[0].value in ("top", "intercal", "T", "mathsf"):
            return self._transpose(base)
        if len(arg) == 1 and arg[0].kind == "letter" and arg[0].value == "T":
            if is_matrix(base):
                return base.T
            raise Unsupported("^T on a scalar (transpose or power?)")
        if len(arg) == 2 and arg[0].kind == "macro" and arg[0].value == "mathsf":
            return self._transpose(base)
        if len(arg) == 1 and arg[0].kind == "macro" and arg[0].value in ("star", "ast", "prime", "dagger"):
            raise Unsupported("decorated symbol after an expression")
        if len(arg) == 1 and arg[0].kind == "char" and arg[0].value in "*'":
            raise Unsupported("decorated symbol after an expression")
        exponent = self.expr_all(arg)
        return power(base, exponent)

    # ---- macros ----------------------------------------------------------------------------
    def _macro(self, t: Tok, p: _Stream, stop: frozenset[str]) -> Any:
        name = t.value
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            num = p.take_arg()
            den = p.take_arg()
            if num is None or den is None:
                raise Unsupported("\\frac needs two arguments")
            return div(self.expr_all(num), self.expr_all(den))
        if name == "sqrt":
            index = None
            if p.at_char("["):
                p.next()
                j = p.i
                while j < len(p.toks) and not (p.toks[j].kind == "char" and p.toks[j].value == "]"):
                    j += 1
                index = self.expr_all(p.toks[p.i : j])
                p.i = j + 1
            arg = p.take_arg()
            if arg is None:
                raise Unsupported("\\sqrt needs an argument")
            inner = as_scalar(self.expr_all(arg))
            exp = sp.Pow(index, -1, evaluate=False) if index is not None else sp.Rational(1, 2)
            return sp.Pow(inner, exp, evaluate=False)
        if name == "binom":
            a, b = p.take_arg(), p.take_arg()
            if a is None or b is None:
                raise Unsupported("\\binom needs two arguments")
            n, k = as_scalar(self.expr_all(a)), as_scalar(self.expr_all(b))
            for s in n.free_symbols | k.free_symbols:
                self.integers.add(s.name)
            return sp.binomial(n, k, evaluate=False)
        if name in GREEK:
            gname = GREEK[name]
            gname = self._subscripted(gname, p)
            gname = self._star(gname, p)
            gname = self._primes(gname, p)
            return self._maybe_call(gname, p)
        if name == "pi":
            if p.at_char("_") or self._conditional_call(p):
                # \pi_\theta(a\mid s), \pi(a\mid s): a policy, a name like any Greek letter;
                # the constant never takes a subscript or a conditional argument
                pname = self._subscripted("π", p)
                pname = self._star(pname, p)
                pname = self._primes(pname, p)
                return self._maybe_call(pname, p)
            return sp.pi
        if name == "infty":
            return sp.oo
        if name in UNARY or name in ("det",):
            return self._function(name, p)
        if name in ("operatorname", "mathrm", "text", "textrm", "mathit", "rm"):
            which = indexed.arg_word(p)  # \operatorname*{arg\,max}_k: not a name times the term
            if which is not None:
                return indexed.arg_extremum(self, which, p, stop)
        if name == "operatorname" or (name == "mathrm" and self._is_opname(p)):
            arg = p.take_arg()
            opname = "".join(x.value for x in (arg or []) if x.kind in ("letter", "char"))
            if opname in probability.OPERATORS:
                return self._multi_operator(opname, p)
            function_name = OPERATORNAMES.get(opname)
            if function_name:
                return self._function(function_name, p)
            if opname in self.ctx.functions and p.at_char("("):
                return self._apply(opname, self._call_args(p))
            raise Unsupported(f"operator {opname or '?'} is not known")
        if name == "arg" and (p.at_macro("max") or p.at_macro("min")):
            which = p.next().value
            return indexed.arg_extremum(self, which, p, stop)
        if name in ("argmax", "argmin"):
            return indexed.arg_extremum(self, name[3:], p, stop)
        if name == "langle":
            return self._inner_product(p, stop)
        if name in ("max", "min"):
            if p.at_char("_"):
                raise Unsupported(f"\\{name} over a set")
            if not p.at_char("("):
                raise Unsupported(f"\\{name} without arguments")
            args = [as_scalar(a) for a in self._call_args(p)]
            return (sp.Max if name == "max" else sp.Min)(*args, evaluate=False)
        if name in ("lceil", "lfloor"):
            close = "rceil" if name == "lceil" else "rfloor"
            inner = as_scalar(self.expr(p, stop | {close}))
            if not p.at_macro(close):
                raise Unsupported("unbalanced ceiling/floor")
            p.next()
            return (sp.ceiling if name == "lceil" else sp.floor)(inner, evaluate=False)
        if name == "|" or name == "Vert":
            inner = self.expr(p, stop | {"|", "Vert"})
            if not (p.at_macro("|") or p.at_macro("Vert")):
                raise Unsupported("unbalanced norm")
            p.next()
            sub = p.take_script("_", peek_only_plain=True)
            return operators.norm(inner, operators.norm_kind(None if sub is None else _script_word(sub)))
        if name in ("underbrace", "overbrace"):
            # check the body, ignore the label under (over) the brace
            body = p.take_arg()
            if body is None:
                raise Unsupported(f"\\{name} without argument")
            p.take_script("_" if name == "underbrace" else "^")
            return self.expr_all(body)
        if name == "#":
            return self._count(p)
        if name == "mathcal" and _group_word(p.peek()) == "N":
            p.next()
            return self._gaussian_density(p)
        if name in ("mathbb", "mathrm") and _group_word(p.peek()) in probability.EXPECTATION_LETTERS:
            p.next()
            return self._probability("expectation", p)
        if name in ("mathbb", "mathbf", "mathds") and self._is_indicator(p):
            if _plain(p.peek()) == "1" and len(p.toks) > p.i + 2 and p.toks[p.i + 1].value == "_":
                p.i += 2
                return calculus.ones(self, p.take_arg() or [])
            return self._indicator(p)
        if name in FONTS or name in DECORATIONS:
            arg = p.take_arg()
            if arg is None:
                raise Unsupported(f"\\{name} without argument")
            if name == "mathbb":
                raise Unsupported(UNSUPPORTED_REASONS["mathbb"])
            if len(arg) > 1 and name in ("mathrm", "text", "mathit", "operatorname"):
                full = self._subscripted("".join(x.value for x in arg if x.kind == "letter"), p)
            else:
                inner = self._plain_name(arg)
                full = self._subscripted(self._decorated(name, inner), p)
                self._require_bold_shape(name, inner, full)
            full = self._primes(full, p)
            return self._maybe_call(full, p)
        if name in ("exp",):
            return self._function(name, p)
        reason = UNSUPPORTED_REASONS.get(name, f"\\{name} is not supported")
        raise Unsupported(reason)

    def _inner_product(self, p: _Stream, stop: frozenset[str]) -> Any:
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
        first = self.expr(p, stop | {",", "rangle"})
        if not p.at_char(","):
            raise Unsupported("\\langle … \\rangle without two arguments")
        p.next()
        second = self.expr(p, stop | {"rangle"})
        if not p.at_macro("rangle"):
            raise Unsupported("\\langle … \\rangle without two arguments")
        p.next()
        return operators.inner_product(first, second)

    def _is_opname(self, p: _Stream) -> bool:
        t = p.peek()
        if t is None or t.kind != "group":
            return False
        word = "".join(x.value for x in t.children if x.kind == "letter")
        return word in OPERATORNAMES or word in probability.OPERATORS

    # ---- operators of several arguments, laws, expectations (translate_operators/_probability)
    def _bracket_args(self, p: _Stream) -> list[Any]:
        """``(a, b, …)`` or ``[a, …]`` after an operator name."""
        if p.at_char("("):
            close = ")"
        elif p.at_char("["):
            close = "]"
        else:
            raise Unsupported("an operator without (…) or […] arguments")
        p.next()
        stop = frozenset({close, ","})
        args = [self.expr(p, stop)]
        while p.at_char(","):
            p.next()
            args.append(self.expr(p, stop))
        if not p.at_char(close):
            raise Unsupported("unbalanced brackets")
        p.next()
        return args

    def _multi_operator(self, opname: str, p: _Stream) -> Any:
        kind = probability.OPERATORS[opname]
        if kind in ("var", "cov", "expectation"):
            return self._probability(kind, p)
        if kind == "kl":
            return self._kl(p)
        if kind in ("lse", "softmax", "rank", "diag") and not (p.at_char("(") or p.at_char("[")):
            args = [self.factor(p)]  # \operatorname{rank} A, \operatorname{diag}\begin{pmatrix}…
        else:
            args = self._bracket_args(p)
        if kind == "clip":
            return operators.clip(args)
        if kind == "diag":
            return operators.diag(args)
        if len(args) != 1:
            raise Unsupported(f"{opname} takes one argument")
        one = {"lse": operators.log_sum_exp, "softmax": operators.softmax, "rank": operators.rank}
        return one[kind](args[0])

    def _probability(self, kind: str, p: _Stream) -> Any:
        """``\\mathbb{E}[…]``, ``\\operatorname{Var}[…]``, ``\\operatorname{Cov}(a, b)``."""
        table = self._moment_table()
        if kind in probability.EXPECTATION_LETTERS or kind == "expectation":
            sub = p.take_script("_")
            if sub is not None:
                over = _script_text(sub, self)
                if over not in table.laws:
                    raise Unsupported("an expectation under the law named in its subscript")
                table = table.only(over)  # E_ε: the other random symbols are held fixed
            if p.at_char("[") or p.at_char("("):
                args = self._bracket_args(p)
                if len(args) != 1:
                    raise Unsupported("an expectation of several arguments")
                opaque.refuse_inside("an expectation", args[0])
                return table.expectation(args[0])
            value = self.factor(p)
            opaque.refuse_inside("an expectation", value)
            return table.expectation(value)
        args = self._bracket_args(p)
        opaque.refuse_inside(f"the {kind}", *args)
        if kind == "var" and len(args) == 1:
            return table.variance(args[0])
        if kind == "cov" and len(args) in (1, 2):
            return table.covariance(args[0], args[-1])
        raise Unsupported(f"{kind} with {len(args)} arguments")

    def _moment_table(self) -> probability.MomentTable:
        table = probability.MomentTable()
        for name, law in self.ctx.distributions.items():
            try:
                table.laws[name] = self._law(name, law) if law else None
            except Unsupported as exc:
                table.laws[name] = None
                table.reasons[name] = str(exc)
        return table

    def _law(self, name: str, latex: str) -> probability.Law:
        """The moments of the random symbol ``name`` from its law, shaped like the symbol."""
        law = self._distribution_of(tokenize(latex))
        if law.family == "categorical":
            raise Unsupported("a categorical law")
        moments = probability.moments(law.family, law.params)
        value = self._named(name, substitute=False)
        if not is_matrix(value):
            params = tuple(as_scalar(x) for x in moments.params)
            return probability.Law(as_scalar(moments.mean), as_scalar(moments.cov), moments.family, params)
        k = value.shape[0]
        if value.shape[1] != 1 or not is_matrix(moments.cov) or moments.cov.shape != (k, k):
            raise Unsupported(f"the law of {name} does not match its shape")
        mean = moments.mean
        if not is_matrix(mean) and mean == 0:
            mean = ImmutableMatrix.zeros(k, 1)
        if not is_matrix(mean) or mean.shape != (k, 1):
            raise Unsupported(f"the mean of {name} does not match its shape")
        return probability.Law(mean, moments.cov)

    def _distribution_of(self, toks: list[Tok]) -> operators.Distribution:
        """A law as written: ``\\mathcal{N}(m, S)``, ``\\mathrm{Bern}(p)``, or a probability vector."""
        family = None
        if len(toks) > 2 and toks[0].kind == "macro" and toks[0].value in LAW_FONTS:
            family = probability.FAMILIES.get(_group_word(toks[1]) or "")
        if family is None:
            return operators.categorical(self.expr_all(toks))
        p = _Stream(toks)
        p.i = 2
        args = self._bracket_args(p)
        if not p.done():
            raise Unsupported("cannot read the law")
        if family == "bernoulli":
            args = [as_scalar(a) for a in args]
        if family == "normal" and len(args) == 2:
            self._note_covariance(args[1])
        return operators.Distribution(family, tuple(args))

    def _note_covariance(self, cov: Any) -> None:
        """A variance written as one symbol is positive, a covariance one symmetric PD matrix."""
        if isinstance(cov, sp.Symbol) and cov.name.startswith("σ"):
            # N(μ, σ): notes write the standard deviation there too; which one is not said
            raise Unsupported("\\mathcal{N}(m, σ): is σ a variance or a standard deviation?")
        if isinstance(cov, sp.Symbol):
            self.law_kinds.setdefault(cov.name, "positive")
        elif is_matrix(cov) and all(isinstance(v, sp.Symbol) for v in cov):
            bases = {re.sub(r"\[\d+,\d+\]$", "", v.name) for v in cov}
            if len(bases) == 1 and len(set(cov)) == len(cov):
                self.law_kinds.setdefault(bases.pop(), "spd")

    def _kl(self, p: _Stream) -> Any:
        """``KL(p ‖ q)`` of two laws in closed form."""
        if not p.at_char("("):
            raise Unsupported("KL without (p ‖ q)")
        close = _matching(p.toks, p.i)
        if close >= len(p.toks):
            raise Unsupported("unbalanced brackets")
        inner = p.toks[p.i + 1 : close]
        p.i = close + 1
        parts: list[list[Tok]] = [[]]
        k = 0
        while k < len(inner):
            t = inner[k]
            if t.kind == "macro" and t.value in ("|", "Vert", "parallel"):
                parts.append([])
            elif t.kind == "char" and t.value == "|" and k + 1 < len(inner) and _plain(inner[k + 1]) == "|":
                parts.append([])
                k += 1
            else:
                parts[-1].append(t)
            k += 1
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise Unsupported("KL needs two laws separated by ‖")
        return operators.kl(self._distribution_of(parts[0]), self._distribution_of(parts[1]))

    def _gaussian_density(self, p: _Stream) -> Any:
        """``\\mathcal{N}(x; m, v)``: the density at x (``\\mathcal{N}(m, v)`` alone is a law)."""
        if not p.at_char("("):
            raise Unsupported("a law \\mathcal{N} used as a number")
        p.next()
        first = self.expr(p, frozenset({";", "mid", "|", ",", ")"}))
        if not (p.at_char(";") or p.at_macro("mid") or p.at_char("|")):
            raise Unsupported(
                "a law \\mathcal{N}(m, v) used as a number (its density is \\mathcal{N}(x; m, v))"
            )
        p.next()
        rest = [self.expr(p, frozenset({",", ")"}))]
        while p.at_char(","):
            p.next()
            rest.append(self.expr(p, frozenset({",", ")"})))
        if not p.at_char(")") or len(rest) != 2:
            raise Unsupported("a Gaussian density is \\mathcal{N}(x; mean, variance)")
        p.next()
        self._note_covariance(rest[1])
        return operators.gaussian_density(first, rest[0], rest[1])

    def _count(self, p: _Stream) -> Any:
        """``\\#(w,c)``: a count, one opaque positive integer per argument text."""
        if not p.at_char("("):
            raise Unsupported("\\# without (…)")
        close = _matching(p.toks, p.i)
        if close >= len(p.toks):
            raise Unsupported("unbalanced brackets")
        name = "#(" + _plain_list(p.toks[p.i + 1 : close]) + ")"
        p.i = close + 1
        self.written.add(name)
        self.integers.add(name)
        return sp.Symbol(name)

    def _is_indicator(self, p: _Stream) -> bool:
        t = p.peek()
        if t is None or t.kind != "group" or len(t.children) != 1:
            return False
        return t.children[0].value in INDICATOR_HEADS

    def _indicator(self, p: _Stream) -> Any:
        p.next()
        sub = None
        if p.at_char("["):
            close = "]"
        elif p.at_macro("{"):
            close = "}"
        else:
            raise Unsupported("indicator without condition")
        p.next()
        j = p.i
        depth = 0
        while j < len(p.toks):
            x = p.toks[j]
            if (x.kind == "char" and x.value == close and depth == 0) or (
                close == "}" and x.kind == "macro" and x.value == "}"
            ):
                break
            if x.kind == "char" and x.value in "([":
                depth += 1
            if x.kind == "char" and x.value in ")]":
                depth -= 1
            j += 1
        inner = p.toks[p.i : j]
        p.i = j + 1
        del sub
        rel_at = [
            k
            for k, x in enumerate(inner)
            if (x.kind == "char" and x.value in "<>")
            or (x.kind == "macro" and x.value in ("le", "leq", "ge", "geq"))
        ]
        if len(rel_at) != 1:
            raise Unsupported("indicator condition")
        k = rel_at[0]
        a = as_scalar(self.expr_all(inner[:k]))
        b = as_scalar(self.expr_all(inner[k + 1 :]))
        op = inner[k].value
        cond = {
            "<": sp.StrictLessThan,
            ">": sp.StrictGreaterThan,
            "le": sp.LessThan,
            "leq": sp.LessThan,
            "ge": sp.GreaterThan,
            "geq": sp.GreaterThan,
        }[op](a, b)
        return sp.Piecewise((sp.Integer(1), cond), (sp.Integer(0), True))

    def _function(self, name: str, p: _Stream) -> Any:
        power_after = None
        base = None
        if name in ("log", "ln") and p.at_char("_"):
            p.next()
            arg = p.take_arg()
            if arg is None:
                raise Unsupported("log base")
            base = as_scalar(self.expr_all(arg))
        elif name == "log" and self.ctx.log != "e":
            raise Unsupported("the note says \\log is not the natural logarithm")
        if p.at_char("^"):
            # \tanh^2(z), \cosh^2 x: power of the function value (^{-1} would be the inverse)
            p.next()
            arg = p.take_arg()
            if arg is None or _plain_list(arg) in ("-1",):
                raise Unsupported("inverse function notation")
            power_after = self.expr_all(arg)
        if p.at_char("("):
            p.next()
            inner = self.expr(p, frozenset({")"}))
            if not p.at_char(")"):
                raise Unsupported("unbalanced brackets")
            p.next()
            # \log(x)^2: power binds to the function value, handled by postfix of caller
        else:
            if p.done():
                raise Unsupported(f"\\{name} without argument")
            inner = self.factor(p)
            if not p.done() and p.current().kind in ("letter", "num") and name not in ("det", "tr"):
                raise Unsupported(f"ambiguous argument of \\{name}")
        value = self._call_builtin(name, inner, base)
        if power_after is not None:
            value = power(value, power_after)
        return value

    def _call_builtin(self, name: str, inner: Any, base: Any) -> Any:
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


def _at_top(p: _Stream) -> bool:
    """``^\top`` (or ``^T``, ``^{\top}``) next in the stream."""
    if not p.at_char("^") or len(p.toks) <= p.i + 1:
        return False
    mark = p.toks[p.i + 1]
    inner = mark.children if mark.kind == "group" else [mark]
    return len(inner) == 1 and inner[0].value in ("top", "intercal", "T", "mathsf")


def _same(a: Any, b: Any) -> bool:
    if is_matrix(a) != is_matrix(b):
        return False
    if is_matrix(a):
        return a.shape == b.shape and a == b
    return a == b


def _depends(operand: Any, var: Any) -> bool:
    """Does the operand mention the variable (or is it a number, whose derivative is 0)?

    A derivative of something that does not mention the variable is not 0 but an opaque atom:
    ``\\frac{\\partial L}{\\partial w}`` with ``L`` undefined (or ``y^2`` with ``y`` a function
    of ``x``) would otherwise differentiate to 0 and produce a false alarm.
    """
    names = set(var.free_symbols) if hasattr(var, "free_symbols") else set()
    free = operand.free_symbols if hasattr(operand, "free_symbols") else set()
    return not free or bool(names & free)


def _starts_d(toks: list[Tok]) -> bool:
    t = toks[0]
    return (t.kind == "letter" and t.value == "d") or (t.kind == "macro" and t.value in ("partial", "mathrm"))


_CANON_CACHE: dict[int, Context] = {}


def canonical_name(latex: str) -> str:
    """Canonical symbol name of a LaTeX name (``\\sigma`` → ``σ``, ``w^\\star`` → ``w*``)."""
    return _name_of_tokens(tokenize(latex), latex)


def _name_of_tokens(toks: list[Tok], src: str) -> str:
    tr = Translator.__new__(Translator)
    tr.bound = {}
    tr.src = src
    tr.ctx = Context()
    tr.naming_only = True
    return tr.name_from(toks)


def _square_base_name(latex: str) -> str:
    """The canonical name of ``X`` in a value key ``X^2`` (``\\sigma^2 = …``), read from the
    key's own tree: the worker has no tree for a piece of it."""
    toks = tokenize(latex)
    last = toks[-1] if toks else None
    if (
        len(toks) < 3
        or toks[-2].kind != "char"
        or toks[-2].value != "^"
        or last is None
        or _plain(last) != "2"
    ):
        raise Unsupported(f"{latex} is not a square")
    return _name_of_tokens(toks[:-2], latex)


def _canonical_context(ctx: Context) -> Context:
    """The context with LaTeX keys (as the parent found them) turned into canonical names."""
    if getattr(ctx, "_canonical", False):
        return ctx
    key = id(ctx)
    cached = _CANON_CACHE.get(key)
    if cached is not None and cached.__dict__.get("_source") is ctx:
        return cached
    out = Context()
    for name, (params, body) in ctx.functions.items():
        try:
            out.functions[canonical_name(name)] = (tuple(canonical_name(p) for p in params), body)
        except Unsupported:
            continue
    for name, body in ctx.values.items():
        square = re.fullmatch(r"(.+?)\^(?:2|\{2\})", name)
        try:
            if square:  # σ^2 = …: the value of σ's square
                out.values[_square_base_name(name) + "^2"] = body
            else:
                out.values[canonical_name(name)] = body
        except Unsupported:
            continue
    for name, shape in ctx.shapes.items():
        try:
            out.shapes[canonical_name(name)] = shape
        except Unsupported:
            continue
    for name, law in ctx.distributions.items():
        try:
            out.distributions[canonical_name(name)] = law
        except Unsupported:
            continue
    out.log = ctx.log
    out.euler = ctx.euler
    out._canonical = True  # type: ignore[attr-defined]
    out._source = ctx  # type: ignore[attr-defined]
    _CANON_CACHE[key] = out
    return out


def _raise(reason: str) -> Any:
    raise Unsupported(reason)


def _is_tuple(toks: list[Tok]) -> bool:
    """Do the tokens of a parenthesis hold a comma at their own depth (``(a,b,c)``, not ``(Av)``)?"""
    depth = 0
    for t in toks:
        if t.kind == "char" and t.value in "([":
            depth += 1
        elif t.kind == "char" and t.value in ")]":
            depth -= 1
        elif t.kind == "char" and t.value == "," and depth == 0:
            return True
    return False


class _Stream:
    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.i = 0

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def current(self) -> Tok:
        """The next token, which the caller knows is there (after ``not done()``)."""
        if self.i >= len(self.toks):
            raise Unsupported("expression ends too early")
        return self.toks[self.i]

    def peek_kind(self) -> str | None:
        t = self.peek()
        return t.kind if t else None

    def next(self) -> Tok:
        if self.i >= len(self.toks):
            raise Unsupported("expression ends too early")
        t = self.toks[self.i]
        self.i += 1
        return t

    def at_char(self, c: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == "char" and t.value == c

    def at_macro(self, name: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == "macro" and t.value == name

    def take_arg(self) -> list[Tok] | None:
        """One macro argument: a group's tokens, or a single token (one digit of a number)."""
        t = self.peek()
        if t is None:
            return None
        self.i += 1
        if t.kind == "group":
            return t.children
        if t.kind == "num" and len(t.value) > 1:
            # \frac12: the argument is one digit; the rest stays in the stream
            first = Tok("num", t.value[0], t.pos, t.pos + 1)
            rest = Tok("num" if t.value[1].isdigit() else "char", t.value[1:], t.pos + 1, t.end)
            if rest.kind == "char":
                raise Unsupported("digit argument followed by a decimal point")
            self.i -= 1
            self.toks = [*self.toks[: self.i], first, rest, *self.toks[self.i + 1 :]]
            self.i += 1
            return [first]
        if t.kind == "macro" and t.value in FONTS | set(DECORATIONS) | {"mathbb", "operatorname"}:
            arg = self.take_arg()
            return [t, Tok("group", "{}", t.pos, t.end, arg or [])]
        return [t]

    def take_script(self, mark: str, peek_only_plain: bool = False) -> list[Tok] | None:
        if not self.at_char(mark):
            return None
        self.next()
        arg = self.take_arg()
        if arg is None:
            raise Unsupported(f"{mark} without argument")
        return arg


def _group_word(t: Tok | None) -> str | None:
    """The letters of a one-word group (``{N}``, ``{Var}``) or a lone letter, else None."""
    if t is None:
        return None
    if t.kind == "letter":
        return t.value
    if t.kind == "group" and t.children and all(x.kind == "letter" for x in t.children):
        return "".join(x.value for x in t.children)
    return None


def _script_word(toks: list[Tok]) -> str:
    """A subscript's text without font macros (``_{\\mathrm{F}}`` → ``F``, ``_\\infty`` → ``\\infty``)."""
    out = []
    for t in toks:
        if t.kind == "group":
            out.append(_script_word(t.children))
        elif t.kind == "macro":
            if t.value not in FONTS and t.value not in ("text", "textrm", "rm", "operatorname"):
                out.append("\\" + t.value)
        else:
            out.append(t.value)
    return "".join(out)


def _split_at(toks: list[Tok], pred: Any) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    for t in toks:
        if pred(t):
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def _plain(t: Tok | None) -> str:
    if t is None:
        return ""
    if t.kind == "group":
        return _plain_list(t.children)
    return t.value


def _plain_list(toks: list[Tok]) -> str:
    return "".join(_plain(t) if t.kind != "macro" else "\\" + t.value for t in toks)


def _script_text(toks: list[Tok], tr: Translator) -> str:
    out = []
    for t in toks:
        if t.kind == "macro":
            out.append(GREEK.get(t.value, t.value))
        elif t.kind == "group":
            out.append(_script_text(t.children, tr))
        else:
            out.append(t.value)
    return "".join(out)


def _upright_d(toks: list[Tok]) -> list[Tok]:
    """``\\mathrm{d}``, ``\\textrm{d}``, ``\\text{d}`` → the letter d of a differential."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.kind == "macro"
            and t.value in ("mathrm", "textrm", "text", "operatorname")
            and i + 1 < len(toks)
            and toks[i + 1].kind == "group"
            and _plain_list(toks[i + 1].children) == "d"
        ):
            out.append(Tok("letter", "d", t.pos, toks[i + 1].end))
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def _is_d(t: Tok) -> bool:
    return (t.kind == "letter" and t.value == "d") or (t.kind == "macro" and t.value in ("partial", "mathrm"))


def _diff_head(num: list[Tok]) -> tuple[int, list[Tok]] | None:
    """``d``, ``d^2``, ``\\partial``, ``\\partial^2 f`` at the start of a numerator."""
    if not num:
        return None
    t = num[0]
    rest = num[1:]
    if t.kind == "macro" and t.value == "mathrm":
        return None
    if not ((t.kind == "letter" and t.value == "d") or (t.kind == "macro" and t.value == "partial")):
        return None
    if t.kind == "letter" and rest and not (rest[0].kind == "char" and rest[0].value == "^"):
        # "dy" in a numerator: d followed by a letter is ambiguous (dy/dx of an undefined y)
        if len(num) > 1:
            return None
    order = 1
    if rest and rest[0].kind == "char" and rest[0].value == "^":
        if len(rest) < 2 or not _plain(rest[1]).isdigit():
            return None
        order = int(_plain(rest[1]))
        rest = rest[2:]
    return order, rest


def _matching(toks: list[Tok], i: int) -> int:
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "char" and t.value == "(":
            depth += 1
        elif t.kind == "char" and t.value == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(toks)


def _names_in(toks: list[Tok], tr: Translator) -> set[str]:
    out: set[str] = set()
    for t in toks:
        if t.kind == "letter":
            out.add(t.value)
        elif t.kind == "macro" and t.value in GREEK:
            out.add(GREEK[t.value])
        elif t.kind in ("group", "env"):
            out |= _names_in(t.children, tr)
    return out


def translate(
    latex: str, context: Context | None = None, dims: dict[str, int] | None = None
) -> tuple[Any, Translator]:
    """Translate one side of a relation; raises :class:`Unsupported` for anything unknown."""
    tr = Translator(context, dims)
    return tr.translate(latex), tr
