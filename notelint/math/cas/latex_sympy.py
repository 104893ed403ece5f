"""LaTeX → SymPy by a whitelist translator over pylatexenc nodes.

Why a translator of our own (see ``shared/research/latex-to-sympy.md``): the library parsers
evaluate while parsing, run ``eval`` on literals, read ``\\log`` as base 10 or lowercase symbols.
Here every SymPy object is built directly (``Integer(int)``, ``Symbol(name)``, ``Add(…,
evaluate=False)``…); note text never reaches ``eval``/``exec``/``sympify``/``parse_expr``.
Anything outside the whitelist raises :class:`Unsupported`, which is an *unknown* verdict,
never a guess.

This module is the grammar (expression, term, factor, primary, postfix, the dispatch of a
macro) in one recursive-descent class, a little over 600 lines for that reason; what the grammar
reads is in ``translate_*`` (names, arrays, sums, derivatives, functions, expectations),
the arithmetic of its values in :mod:`sympy_values`, its vocabulary in
:mod:`translator_vocabulary`, the token cursor in :mod:`token_stream`. Those modules call back
through a :class:`Translator` (``tr.named``, ``tr.expr``) rather than import each other.

This module imports SymPy at import time: it only ever runs inside the worker processes
(``notelint.math.checking.pool``) or in tests.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

import sympy as sp
from sympy.matrices import ImmutableMatrix

from notelint.math.cas import opaque
from notelint.math.cas import translate_arrays as arrays
from notelint.math.cas import translate_derivatives as derivatives
from notelint.math.cas import translate_expansion as expansion
from notelint.math.cas import translate_expectations as expectations
from notelint.math.cas import translate_functions as named_functions
from notelint.math.cas import translate_indexed as indexed
from notelint.math.cas import translate_names as naming
from notelint.math.cas import translate_operators as operators
from notelint.math.cas import translate_probability as probability
from notelint.math.cas import translate_sums as sums
from notelint.math.cas.sympy_values import (
    ROUNDED_DIGITS,
    add,
    as_scalar,
    decimal_value,
    div,
    extremum,
    hadamard,
    is_matrix,
    mul,
    neg,
    power,
)
from notelint.math.cas.token_stream import (
    TokenStream,
    at_top,
    group_word,
    is_tuple,
    plain,
    plain_list,
    script_word,
    split_at,
    tokenize,
)
from notelint.math.cas.translate_bars import evaluation_bar
from notelint.math.cas.translator_vocabulary import (
    DECORATIONS,
    FONTS,
    GREEK,
    MAX_MATRIX,
    OPERATORNAMES,
    UNARY,
    UNSUPPORTED_REASONS,
)
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import Context
from notelint.math.reading.mathtree import Node as Tok


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


# --------------------------------------------------------------------------------------------
# The translator
# --------------------------------------------------------------------------------------------
#: ``a/bc`` read as ``a/(bc)``: the product written after a slash taken as its denominator, as
#: physics style guides read ``1/2n`` (the verdicts try this reading before refuting a relation)
SLASH_TAKES_PRODUCT: ContextVar[bool] = ContextVar("SLASH_TAKES_PRODUCT", default=False)


def _indexed_by(name: str, variable: str) -> bool:
    """Is the symbol ``name`` (``x_k``, ``e_k+1``, ``x[k]``) a member of a family at an index
    written with ``variable``?"""
    _, sub, index = name.partition("_")
    if not sub:
        _, sub, index = name.partition("[")
    return bool(sub) and variable in re.findall(r"[A-Za-z]+", index)


def _two_limits(p: TokenStream) -> bool:
    """Do a subscript and a superscript follow (``]_0^2``, ``]^{R}_{-R}``)?"""
    toks, i = p.toks, p.i
    marks = set()
    while i < len(toks) and toks[i].kind == "char" and toks[i].value in "_^" and toks[i].value not in marks:
        marks.add(toks[i].value)
        i += 2
    return marks == {"_", "^"}


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
        sizing: arrays.Sizing | None = None,
    ) -> None:
        self.ctx = canonical_context(context or Context())
        #: sizes and indices of this run, shared by both sides and every definition in them
        self.sizing = sizing if sizing is not None else arrays.Sizing()
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
        #: the definitions being expanded around this translation: a name met again inside its
        #: own expansion (x* = A^{-1}b with b = Ax*) stays a symbol, a cycle is no value
        self.expanding: frozenset[str] = frozenset()
        self.src = ""
        #: the relation's other side as written ("" when not translating a relation's side): a
        #: ``\\sum_{i\\ne j}`` whose j no other part uses sums over both (see translate_expansion)
        self.other_side = ""
        #: only reading a name (canonical_name): no context, no substitution
        self.naming_only = False
        #: symbols a law uses as a variance ("positive") or covariance ("spd"): sampled so
        self.law_kinds: dict[str, str] = {}
        #: when set, a decimal of ROUNDED_DIGITS or more significant digits becomes a symbol
        #: here, with its written value and half a unit in its last place (verify's ≈ retry)
        self.rounded: dict[sp.Symbol, tuple[sp.Rational, sp.Rational]] | None = None

    def nested(self) -> Translator:
        """A translator for a definition's body, one level deeper, sharing this run's sizes."""
        sub = Translator(self.ctx, self.dims, self.depth + 1, self.sizing)
        sub.expanding = self.expanding
        return sub

    # ---- names, for the helper modules: they call back through the translator rather than
    # import translate_names, which imports them (no import cycle)
    def name_of(self, t: Tok) -> str:
        return naming.name_of(self, t)

    def named(self, name: str, allow_matrix: bool = True, substitute: bool = True) -> Any:
        return naming.named(self, name, allow_matrix, substitute)

    def dim(self, d: int | str) -> int:
        return naming.dim(self, d)

    def definition_value(self, name: str) -> Any:
        return naming.definition_value(self, name)

    # ---- entry points ----------------------------------------------------------------------
    def translate(self, latex: str) -> Any:
        self.src = latex
        toks = tokenize(latex)
        if not toks:
            raise Unsupported("empty side")
        barred = evaluation_bar(self, toks)  # F|_a^b: F(b) - F(a)
        if barred is not None:
            return barred
        return self.expr_all(toks)

    def expr_all(self, toks: list[Tok]) -> Any:
        p = TokenStream(toks)
        value = self.expr(p)
        if not p.done():
            t = p.current()
            raise Unsupported(f"cannot read {self._show(t)}")
        return value

    def _brace_args(self, p: TokenStream, stop: frozenset[str]) -> list[Any]:
        """The comma-separated arguments between ``\\{`` and ``\\}`` (``\\min\\{1, r\\}``)."""
        p.next()  # \{
        inner = stop | {"}", ","}
        args = [self.expr(p, inner)]
        while p.at_char(","):
            p.next()
            args.append(self.expr(p, inner))
        if not p.at_macro("}"):
            raise Unsupported("unbalanced \\{ \\}")
        p.next()
        return args

    def _show(self, t: Tok) -> str:
        text = self.src[t.pos : t.end] if self.src else t.value
        return f"'{text[:30]}'"

    # ---- grammar -----------------------------------------------------------------------------
    def expr(self, p: TokenStream, stop: frozenset[str] = frozenset()) -> Any:
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

    def term(self, p: TokenStream, stop: frozenset[str] = frozenset()) -> Any:
        value = self.factor(p, stop)
        while not p.done():
            t = p.current()
            if (t.kind == "char" and t.value == "*") or (
                t.kind == "macro" and t.value in ("cdot", "times", "ast")
            ):
                p.next()
                value = self._mul_or_op(value, p, stop)
            elif t.kind == "macro" and t.value in ("odot", "oslash"):
                p.next()
                value = hadamard(value, self.factor(p, stop), divide=t.value == "oslash")
            elif (t.kind == "char" and t.value == "/") or (t.kind == "macro" and t.value == "div"):
                p.next()
                denominator = self.factor(p, stop)
                if t.kind == "char" and SLASH_TAKES_PRODUCT.get():
                    while not p.done() and self.starts_factor(p.current(), stop):
                        denominator = self._mul_or_op(denominator, p, stop)
                value = div(value, denominator)
            elif self.starts_factor(t, stop):
                value = self._mul_or_op(value, p, stop)
            else:
                break
        return value

    def _mul_or_op(self, left: Any, p: TokenStream, stop: frozenset[str]) -> Any:
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
                "odot",
                "oslash",
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

    def factor(self, p: TokenStream, stop: frozenset[str] = frozenset()) -> Any:
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
    def operator(self, p: TokenStream, stop: frozenset[str]) -> Any | None:
        t = p.current()
        name = t.value
        if name in ("frac", "dfrac", "tfrac"):
            deriv = derivatives.derivative_frac(self, p)
            if deriv is None:
                return None
            order_vars, numer = deriv
            numer = derivatives.applied_to_parameters(self, numer, order_vars)
            if not numer and derivatives.bracket_then_factors(self, p, stop):
                # "\frac{d}{dx}\big(x\big)\,\Phi(x)+x\,\Phi'(x)" (a product rule written out):
                # of the bracket, or of the product after it? The readings differ
                raise Unsupported(
                    "a derivative of a bracket followed by more factors (of the bracket or the product?)"
                )
            value = derivatives.differentiate_holding(
                self,
                order_vars,
                lambda: self.expr_all(numer) if numer else self.term(p, stop),
            )
            if numer and p.at_char("("):
                # \frac{d^2g}{dx^2}(x): the derivative evaluated at a point, not a product
                raise Unsupported("a derivative evaluated at a point")
            return value
        if name == "partial":
            return derivatives.inline_partial(self, p, stop)
        if name == "nabla":
            p.next()
            order = 1
            sup = p.take_script("^")
            sub = p.take_script("_")
            if sup is None:
                sup = p.take_script("^")
            if sup is not None:
                if plain_list(sup) != "2":
                    raise Unsupported("this ∇ power")
                order = 2
            if sub is None:
                return derivatives.gradient_of_function(self, order, p)
            var = derivatives.variable(self, sub)
            operand = self.term(p, stop)
            grad = derivatives.gradient(self, operand, var)
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
            return expansion.sum_or_product(self, name, p, stop)
        if name == "lim":
            p.next()
            sub = p.take_script("_")
            if sub is None:
                raise Unsupported("limit without a variable")
            parts = split_at(sub, lambda x: x.kind == "macro" and x.value in ("to", "rightarrow"))
            if len(parts) != 2 or len(parts[0]) != 1:
                raise Unsupported("this limit form")
            var = naming.symbol_from(self, parts[0])
            target = derivatives.limit_target(self, parts[1])
            operand = as_scalar(self.term(p, stop))
            opaque.refuse_inside("a limit", operand)
            if any(_indexed_by(s.name, var.name) for s in operand.free_symbols if s != var):
                # lim_k 1/(2x_k): the terms x_k are no formula in k here, only their limit is
                raise Unsupported(f"a limit in {var.name} of terms not given as functions of {var.name}")
            return sp.Limit(operand, var, target[0], target[1])
        if name == "int":
            p.next()
            return derivatives.integral(self, p, stop)
        return None

    # ---- primaries -----------------------------------------------------------------------------
    def primary(self, p: TokenStream, stop: frozenset[str]) -> Any:
        t = p.next()
        if t.kind == "num":
            value, places = decimal_value(t.value)
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
                if close == "]" and not is_matrix(value) and _two_limits(p):
                    return self._evaluated_between(value, p)  # \left[\frac{x^5}{5}\right]_0^2
                if (
                    is_matrix(value)
                    and value.shape[1] == 1
                    and value.shape[0] > 1
                    and at_top(p)
                    and is_tuple(p.toks[first : p.i])
                ):
                    p.i += 2  # (a,b,c)^\top is how notes write a column: the tuple is its row
                return value
            if t.value == "|":
                size = sums.cardinality(self, p.toks, p.i)
                if size is not None:
                    p.i = size[1]
                    return size[0]  # |\mathcal{I}_k|: the size of an index set
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
            return naming.symbol_or_call(self, t, p)
        if t.kind == "macro":
            return self._macro(t, p, stop)
        raise Unsupported(f"unexpected {self._show(t)}")

    def _paren(self, p: TokenStream, close: str) -> Any:
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
        for row in split_at(t.children, lambda x: x.kind == "macro" and x.value == "\\"):
            if not row:
                continue
            cells = split_at(row, lambda x: x.kind == "char" and x.value == "&")
            if any(_identity_block(c, self.ctx) for c in cells):
                raise Unsupported("a block matrix (an identity block I of unknown size)")
            rows.append([as_scalar(self.expr_all(c)) for c in cells])
        if not rows or any(len(r) != len(rows[0]) for r in rows):
            raise Unsupported("ragged matrix")
        if len(rows) > MAX_MATRIX or len(rows[0]) > MAX_MATRIX:
            raise Unsupported("matrix too large")
        return ImmutableMatrix(rows)

    def postfix(self, base: Any, p: TokenStream) -> Any:
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
                base = arrays.expression_entry(self, base, p)  # (H^2)_{ii}
            elif t.kind == "macro" and t.value == "degree":
                p.next()
                base = self._degrees(base)
            elif t.kind == "macro" and t.value == "%":
                p.next()
                base = as_scalar(base) * sp.Rational(1, 100)  # 42.9\% is 0.429
            else:
                break
        return base

    def _degrees(self, base: Any) -> Any:
        """``62.73^\\circ`` / ``45\\degree``: an angle in degrees, as radians. Only after a
        number: ``A^\\circ`` is an interior, ``f^{\\circ n}`` a power of composition."""
        if is_matrix(base) or as_scalar(base).free_symbols:
            raise Unsupported("^\\circ after a symbol (a degree, an interior or a composition?)")
        return as_scalar(base) * sp.pi / 180

    def _evaluated_between(self, value: Any, p: TokenStream) -> Any:
        """``[F(x)]_a^b = F(b) - F(a)``: the variable is the one symbol of ``F`` the limits do
        not use (x of ``[R^2x - x^3/3]_{-R}^{R}``); none or several is unknown."""
        limits: dict[str, Any] = {}
        while p.at_char("_") or p.at_char("^"):
            mark = p.current().value
            p.next()
            arg = p.take_arg()
            if arg is None or mark in limits:
                raise Unsupported("an evaluation bracket [F]_a^b")
            limits[mark] = as_scalar(self.expr_all(arg))
        low, high = limits["_"], limits["^"]
        f = as_scalar(value)
        variables = f.free_symbols - low.free_symbols - high.free_symbols
        if len(variables) != 1:
            raise Unsupported("an evaluation bracket [F]_a^b whose variable is not one symbol")
        (x,) = variables
        return f.subs(x, high) - f.subs(x, low)

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
        if (
            len(arg) == 2
            and arg[0].kind == "char"
            and arg[0].value == "-"
            and (
                (arg[1].kind == "macro" and arg[1].value in ("top", "intercal"))
                or (arg[1].kind == "letter" and arg[1].value == "T")
            )
        ):
            # A^{-\top}: the transpose of the inverse (the same as the inverse of the transpose)
            if not is_matrix(base):
                raise Unsupported("^{-\\top} of a symbol whose shape is not declared")
            return power(base, sp.Integer(-1)).T
        if len(arg) == 1 and arg[0].kind == "letter" and arg[0].value == "T":
            if is_matrix(base):
                return base.T
            raise Unsupported("^T on a scalar (transpose or power?)")
        if len(arg) == 2 and arg[0].kind == "macro" and arg[0].value == "mathsf":
            return self._transpose(base)
        if len(arg) == 1 and arg[0].kind == "macro" and arg[0].value == "circ":
            return self._degrees(base)
        if len(arg) == 1 and arg[0].kind == "macro" and arg[0].value in ("star", "ast", "prime", "dagger"):
            raise Unsupported("decorated symbol after an expression")
        if len(arg) == 1 and arg[0].kind == "char" and arg[0].value in "*'":
            raise Unsupported("decorated symbol after an expression")
        exponent = self.expr_all(arg)
        return power(base, exponent)

    # ---- macros ----------------------------------------------------------------------------
    def _macro(self, t: Tok, p: TokenStream, stop: frozenset[str]) -> Any:
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
            increment = naming.increment(self, gname, p)
            if increment is not None:
                return increment
            gname = naming.subscripted(self, gname, p)
            gname = naming.star(self, gname, p)
            gname = naming.primes(self, gname, p)
            return naming.maybe_call(self, gname, p)
        if name == "pi":
            if (
                self.ctx.pi_number
                or (not self.ctx.pi and p.at_char("("))
                or p.at_char("_")
                or naming.conditional_call(self, p)
            ):
                # \pi_\theta(a\mid s), \pi(a\mid s): a policy, a name like any Greek letter;
                # the constant never takes a subscript or a conditional argument
                pname = naming.subscripted(self, "π", p)
                pname = naming.star(self, pname, p)
                pname = naming.primes(self, pname, p)
                return naming.maybe_call(self, pname, p)
            return sp.pi
        if name == "infty":
            return sp.oo
        if name in UNARY or name in ("det",):
            return named_functions.builtin_function(self, name, p)
        if name in ("operatorname", "mathrm", "text", "textrm", "mathit", "rm"):
            which = indexed.arg_word(p)  # \operatorname*{arg\,max}_k: not a name times the term
            if which is not None:
                return indexed.arg_extremum(self, which, p, stop)
        if name == "operatorname" or (name == "mathrm" and named_functions.is_opname(self, p)):
            arg = p.take_arg()
            opname = "".join(x.value for x in (arg or []) if x.kind in ("letter", "char"))
            if p.at_char("_"):
                # \operatorname{clip}_c(g), \operatorname{prox}_{\lambda f}(v): a map the note
                # defines with its subscript, applied (the subscript is part of its name)
                here = p.i
                named = naming.subscripted(self, opname, p)
                if named in self.ctx.functions and p.at_char("("):
                    return naming.apply(self, named, naming.call_args(self, p))
                p.i = here
            if opname in probability.OPERATORS:
                return named_functions.multi_operator(self, opname, p)
            function_name = OPERATORNAMES.get(opname)
            if function_name:
                return named_functions.builtin_function(self, function_name, p)
            if opname in self.ctx.functions and p.at_char("("):
                return naming.apply(self, opname, naming.call_args(self, p))
            raise Unsupported(f"operator {opname or '?'} is not known")
        if name == "arg" and (p.at_macro("max") or p.at_macro("min")):
            which = p.next().value
            return indexed.arg_extremum(self, which, p, stop)
        if name in ("argmax", "argmin"):
            return indexed.arg_extremum(self, name[3:], p, stop)
        if name == "langle":
            return named_functions.angle_bracket(self, p, stop)
        if name in ("max", "min"):
            if p.at_char("_"):
                raise Unsupported(f"\\{name} over a set")
            if p.at_macro("{"):
                args = list(self._brace_args(p, stop))  # \min\{1, r\}
            elif not p.at_char("("):
                raise Unsupported(f"\\{name} without arguments")
            else:
                args = list(naming.call_args(self, p))
            return extremum(sp.Max if name == "max" else sp.Min, args)
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
            return operators.norm(inner, operators.norm_kind(None if sub is None else script_word(sub)))
        if name in ("underbrace", "overbrace"):
            # check the body, ignore the label under (over) the brace
            body = p.take_arg()
            if body is None:
                raise Unsupported(f"\\{name} without argument")
            p.take_script("_" if name == "underbrace" else "^")
            return self.expr_all(body)
        if name == "#":
            return expectations.count(self, p)
        if name == "mathcal" and group_word(p.peek()) == "N":
            p.next()
            return expectations.gaussian_density(self, p)
        if name == "Pr" or (name in ("mathbb", "mathrm", "operatorname") and group_word(p.peek()) == "P"):
            # \Pr(X \ge 5), \mathbb{P}[X = 2]: an event of a random symbol with a stated law
            if name != "Pr":
                p.next()
            value = expectations.event_probability(self, p)
            if value is None:
                raise Unsupported(UNSUPPORTED_REASONS["Pr"])
            return value
        if name in ("mathbb", "mathrm") and group_word(p.peek()) in probability.EXPECTATION_LETTERS:
            p.next()
            return expectations.moment_operator(self, "expectation", p)
        if name in ("mathbb", "mathbf", "mathds") and expectations.is_indicator(self, p):
            if plain(p.peek()) == "1" and len(p.toks) > p.i + 2 and p.toks[p.i + 1].value == "_":
                p.i += 2
                return arrays.ones(self, p.take_arg() or [])
            return expectations.indicator(self, p)
        if name in FONTS or name in DECORATIONS:
            arg = p.take_arg()
            if arg is None:
                raise Unsupported(f"\\{name} without argument")
            if name == "mathbb":
                raise Unsupported(UNSUPPORTED_REASONS["mathbb"])
            if name in ("mathrm", "textrm", "text", "operatorname") and plain_list(arg) == "d":
                # \mathrm{d}(PQ) = (\mathrm{d}P)Q + P\,\mathrm{d}Q: a differential, not a size d
                raise Unsupported("a differential (\\mathrm{d}X) outside a derivative or an integral")
            if name in ("mathrm", "textrm", "text", "operatorname") and plain_list(arg) == "i":
                # upright i (ISO style) is the imaginary unit, never a real number to sample
                raise Unsupported("\\mathrm{i} is the imaginary unit: complex values are not checked")
            if len(arg) > 1 and name in ("mathrm", "text", "mathit", "operatorname"):
                full = naming.subscripted(self, "".join(x.value for x in arg if x.kind == "letter"), p)
            else:
                inner = naming.plain_name(self, arg)
                full = naming.subscripted(self, naming.decorated(self, name, inner), p)
                naming.require_bold_shape(self, name, inner, full)
            full = naming.star(self, full, p)
            full = naming.primes(self, full, p)
            return naming.maybe_call(self, full, p)
        if name in ("exp",):
            return named_functions.builtin_function(self, name, p)
        reason = UNSUPPORTED_REASONS.get(name, f"\\{name} is not supported")
        raise Unsupported(reason)


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
    return naming.name_from(tr, toks)


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
        or plain(last) != "2"
    ):
        raise Unsupported(f"{latex} is not a square")
    return _name_of_tokens(toks[:-2], latex)


def canonical_context(ctx: Context) -> Context:
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
    maps: list[str] = []
    for name in ctx.maps:
        try:
            maps.append(canonical_name(name))
        except Unsupported:
            continue
    out.maps = tuple(maps)
    out.log = ctx.log
    out.case_sizes = ctx.case_sizes
    out.index_bounds = ctx.index_bounds
    out.euler = ctx.euler
    out.pi = ctx.pi
    out.pi_number = ctx.pi_number
    out.normal_cdf = ctx.normal_cdf
    out._canonical = True  # type: ignore[attr-defined]
    out._source = ctx  # type: ignore[attr-defined]
    _CANON_CACHE[key] = out
    return out


def translate(
    latex: str, context: Context | None = None, dims: dict[str, int] | None = None
) -> tuple[Any, Translator]:
    """Translate one side of a relation; raises :class:`Unsupported` for anything unknown."""
    tr = Translator(context, dims)
    return tr.translate(latex), tr
