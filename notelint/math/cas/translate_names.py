"""The translator's names: a symbol as written (font, decoration, subscript, star, primes) to
its canonical name, a name to its value (a declared matrix at the run's sizes, a definition, a
bound variable, an opaque atom), and applications ``f(x)`` of functions the note defines, of
opaque ones and of gradients at a point. Worker side (imports SymPy).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.matrices import ImmutableMatrix

from notelint.math.cas import opaque
from notelint.math.cas import translate_arrays as arrays
from notelint.math.cas import translate_expectations as expectations
from notelint.math.cas import translate_indexed as indexed
from notelint.math.cas import translate_operators as operators
from notelint.math.cas.size_variants import Retry
from notelint.math.cas.sympy_values import as_scalar, is_matrix, logistic
from notelint.math.cas.token_stream import TokenStream, matching, names_in, plain_list, script_text
from notelint.math.cas.translator_vocabulary import (
    AMBIGUOUS,
    BOLD,
    DECORATIONS,
    EXTREME_EIGENVALUES,
    FONTS,
    GREEK,
    KL_NAMES,
    MAX_MATRIX,
    SAMPLE_COUNTS,
    UNSUPPORTED_REASONS,
)
from notelint.math.checking.guards import Unsupported
from notelint.math.reading.mathtree import Node as Tok

if TYPE_CHECKING:
    from collections.abc import Callable

    from notelint.math.cas.latex_sympy import Translator


def name_of(tr: Translator, t: Tok) -> str:
    if t.kind == "letter":
        return t.value
    if t.kind == "macro" and t.value in GREEK:
        return GREEK[t.value]
    raise Unsupported(f"cannot use {tr._show(t)} as a name")


def symbol_from(tr: Translator, toks: list[Tok], allow_matrix: bool = False) -> Any:
    return named(tr, name_from(tr, toks), allow_matrix=allow_matrix, substitute=False)


def name_from(tr: Translator, toks: list[Tok]) -> str:
    """The canonical name of a written symbol (``\\hat{y}_i`` → ``ŷ_i``)."""
    p = TokenStream(toks)
    t = p.next()
    if t.kind == "group" and len(t.children) >= 1 and len(toks) == 1:
        return name_from(tr, t.children)
    if t.kind == "macro" and t.value in FONTS | set(DECORATIONS):
        arg = p.take_arg()
        if arg is None:
            raise Unsupported("decoration without argument")
        inner = plain_name(tr, arg)
        name = subscripted(tr, decorated(tr, t.value, inner), p)
        require_bold_shape(tr, t.value, inner, name)
    elif t.kind == "macro" and t.value == "operatorname" and tr.naming_only:
        # a context's key \operatorname{clip}_c: the map the note defines, named by its word
        # and subscript as the expression grammar reads its application
        arg = p.take_arg()
        word = "".join(x.value for x in (arg or []) if x.kind in ("letter", "char"))
        if not word.isalpha():
            raise Unsupported("operator name without letters")
        name = subscripted(tr, word, p)
    elif t.kind == "macro" and t.value == "pi" and (p.at_char("_") or tr.naming_only):
        # \pi_1, \pi_\theta: a probability or a policy, named like any Greek letter (as the
        # expression grammar reads it); the constant never takes a subscript. A context's key
        # \pi (π ∈ Δ^{m-1}) is that symbol: the note declares it, so its π is no constant
        name = subscripted(tr, "π", p)
    elif t.kind == "macro" and t.value in _INCREMENTS and p.peek_kind() == "letter":
        # \Delta x_k, \delta w: one name, the increment of x_k (a context's key)
        name = subscripted(tr, GREEK[t.value] + p.next().value, p)
    else:
        name = subscripted(tr, name_of(tr, t), p)
    name = primes(tr, name, p)
    name = star(tr, name, p)
    if not p.done():
        raise Unsupported(f"not a plain name: {plain_list(toks)[:30]}")
    return name


#: Greek letters written before a letter to name its increment (``\Delta x_k``)
_INCREMENTS = frozenset({"Delta", "delta"})


def increment(tr: Translator, greek: str, p: TokenStream) -> Any | None:
    """``\\Delta x_k`` read as the one name the note defines or declares (``Δx_k``), when it
    does; None (nothing read) when Δ is a symbol of its own (then Δ times x_k); else not read:
    the increment of x_k is no product."""
    if greek not in ("Δ", "δ") or p.peek_kind() != "letter":
        return None
    start = p.i
    name = subscripted(tr, greek + p.next().value, p)
    if name in tr.ctx.values or name in tr.ctx.shapes:
        return maybe_call(tr, primes(tr, star(tr, name, p), p), p)
    p.i = start
    if greek in tr.ctx.values or greek in tr.ctx.shapes:
        return None
    raise Unsupported(f"{name}: an increment the note does not define")


def plain_name(tr: Translator, toks: list[Tok]) -> str:
    if len(toks) == 1:
        if toks[0].kind == "macro" and toks[0].value == "pi":
            return "π"  # \boldsymbol{\pi}, \hat\pi: a vector or an estimate, never the constant
        return name_of(tr, toks[0])
    if all(t.kind == "letter" for t in toks):
        return "".join(t.value for t in toks)
    raise Unsupported("decorated expression")


def decorated(tr: Translator, deco: str, inner: str) -> str:
    if deco in DECORATIONS:
        return inner + DECORATIONS[deco]
    if deco in BOLD:
        return inner  # bold x and x name the same object in notes (shape: require_bold_shape)
    if deco == "mathrm" and len(inner) == 1:
        return inner
    return f"{deco}({inner})"


def require_bold_shape(tr: Translator, deco: str, inner: str, name: str) -> None:
    """Bold means a vector or matrix, so an undeclared bold symbol is refused rather than
    read as a scalar; ``name`` is the symbol with its subscript (``\\boldsymbol{\\Sigma}_1``
    is declared as Σ_1, not as Σ)."""
    if deco not in BOLD or tr.naming_only or inner.isdigit():
        return
    if inner not in tr.ctx.shapes and name not in tr.ctx.shapes:
        raise Unsupported(f"the shape of bold {inner} is not declared")


def subscripted(tr: Translator, name: str, p: TokenStream) -> str:
    arrays.subscript_before_power(p)  # \sigma^2_{kj} is (\sigma_{kj})^2
    sub = p.take_script("_", peek_only_plain=True)
    if sub is None:
        return name
    entry = arrays.subscript_entry(tr, name, sub)
    if entry is not None:
        return entry
    text = script_text(sub, tr)
    for idx in tr.bound:
        if re.search(rf"(?<![A-Za-z]){re.escape(idx)}(?![A-Za-z])", text):
            raise Unsupported(f"{name}_{text} is indexed by a bound variable")
    return f"{name}_{text}"


def named(tr: Translator, name: str, allow_matrix: bool = True, substitute: bool = True) -> Any:
    if name in tr.bound:
        return tr.bound[name]
    entry = arrays.named_entry(tr, name, substitute)
    if entry is not None:
        if not isinstance(entry, sp.Basic) or entry.free_symbols:
            tr.written.add(name)  # a member given a number (α_2 = 1) is no symbol left free
        return entry
    size = arrays.size_value(tr, name)
    if size is not None:
        return size
    tr.written.add(name)
    if substitute and name in tr.ctx.values and name not in tr.sizing.held:
        return definition_value(tr, name)
    if substitute and allow_matrix:
        whole = arrays.whole_from_entries(tr, name)
        if whole is not None:
            return whole
    shape = tr.ctx.shapes.get(name)
    if substitute and shape is not None and tuple(shape) != (1, 1) and name not in tr.sizing.held:
        # P_0 of a family defined as P_j = X_j(X_j^\top X_j)^{-1}X_j^\top: that member
        member = arrays.member_of_family(tr, name)
        if member is not None:
            return member
    sized_identity = re.fullmatch(r"I_(\d)", name)
    if shape is None and sized_identity is not None:
        shape = (int(sized_identity.group(1)),) * 2  # I_2 is 2×2 whatever size I_n has
    if shape is None:
        shape = arrays.family_shape(tr, name)  # x_{k+1} of the iterates x_k ∈ R^d
    if shape is not None and shape != (1, 1):
        if not allow_matrix:
            raise Unsupported(f"{name} is a matrix here")
        rows, cols = (dim(tr, shape[0]), dim(tr, shape[1]))
        if rows > MAX_MATRIX or cols > MAX_MATRIX:
            raise Unsupported("declared matrix too large to instantiate")
        if re.fullmatch(r"I(?:_.+)?", name) and rows == cols:
            return ImmutableMatrix(sp.eye(rows))  # the identity matrix I, I_d, \mathbf{I}
        if cols == 1:
            return ImmutableMatrix(rows, 1, [sp.Symbol(f"{name}[{i + 1}]", real=True) for i in range(rows)])
        return ImmutableMatrix(
            rows,
            cols,
            [sp.Symbol(f"{name}[{i + 1},{j + 1}]", real=True) for i in range(rows) for j in range(cols)],
        )
    if name == "e" and name not in tr.ctx.values and tr.ctx.euler:
        return sp.E
    if name == "I" and shape is None and any(re.fullmatch(r"I_.+", k) for k in tr.ctx.shapes):
        # "(I-\alpha M)v" in a 4.D identity of a note whose glossary declares I_2: the identity
        # of the letters' own algebra (1, as they are sampled as numbers)
        return sp.Integer(1)
    if _statistic_of_an_array(tr, name):
        return opaque.quantity(name)
    return sp.Symbol(name)


#: the marks of a quantity computed from data: x̄ (a mean), x̂ (an estimate), x̃
_STATISTIC_MARKS = ("\u0304", "\u0302", "\u0303")


def _statistic_of_an_array(tr: Translator, name: str) -> bool:
    r"""``\bar x`` undefined beside a declared vector ``x``: the mean of its entries, or an
    estimate from them, which the note computes elsewhere; an unknown number (an opaque atom,
    never refuted by a value of it), not any number (``\sum_i (x_i - \bar x) = 0``)."""
    base = name.rstrip("".join(_STATISTIC_MARKS))
    if base == name or not base or name in tr.ctx.shapes:
        return False
    shape = tr.ctx.shapes.get(base)
    return shape is not None and tuple(shape) != (1, 1)


def dim(tr: Translator, d: int | str) -> int:
    if isinstance(d, int):
        return d
    if d not in tr.dims:
        # a count of samples (n, m, N, T) is 3 and the first other size 2, so that a tall
        # design matrix X ∈ R^{n×d} has an invertible Gram matrix (notes assume n ≥ d);
        # further sizes alternate 3, 2, …
        others = sum(1 for k in tr.dims if k not in SAMPLE_COUNTS)
        tr.dims[d] = arrays.concrete_size(tr, d, others, d in SAMPLE_COUNTS)
    return tr.dims[d]


def definition_value(tr: Translator, name: str) -> Any:
    if name in tr.expanding:
        # met again inside its own definition's expansion: the symbol, not the cycle
        return tr.named(name, substitute=False)
    if tr.depth > 6:
        raise Unsupported("definitions nest too deeply")
    tr.used_defs.add(name)
    sub = tr.nested()
    sub.expanding = tr.expanding | {name}
    sub.bound = dict(tr.bound)
    value = sub.translate(tr.ctx.values[name])
    tr.integers |= sub.integers
    tr.used_defs |= sub.used_defs
    return value


def symbol_or_call(tr: Translator, t: Tok, p: TokenStream) -> Any:
    name = subscripted(tr, t.value, p)
    name = star(tr, name, p)
    name = primes(tr, name, p)
    return maybe_call(tr, name, p, letter_base=t.value)


#: ``{\star\top}`` and its spellings: a starred name, transposed
_STAR_TRANSPOSED = frozenset(
    f"{mark}{top}" for mark in ("\\star", "*", "\\ast") for top in ("\\top", "\\intercal", "T")
)


def star(tr: Translator, name: str, p: TokenStream) -> str:
    """``w^\\star``, ``w^*``, ``x^{(i)}``: part of the name, not a power."""
    if p.at_char("^") and len(p.toks) > p.i + 1:
        mark = plain_list([p.toks[p.i + 1]])
        group = p.toks[p.i + 1]
        if mark in ("\\star", "*", "\\ast", "\\prime", "\\dagger", "'"):
            p.i += 2
            name += "'" if mark in ("\\prime", "'") else "*"
        elif group.kind == "group" and len(group.children) == 2 and mark in _STAR_TRANSPOSED:
            # \mu^{\star\top}: the transpose of μ*; the ^ stays, now over the \top alone
            # (a new list: the stream's tokens may be read again, on a retry)
            p.toks = [*p.toks[: p.i + 1], replace(group, children=group.children[1:]), *p.toks[p.i + 2 :]]
            name += "*"
        elif (label := _label(tr, name, group)) is not None:
            p.i += 2
            name += "^" + label
        elif mark.startswith("(") and mark.endswith(")"):
            label = indexed.sample_label(tr, name, p.toks[p.i + 1], mark)  # x^{(i)} at i = 2: x^{(2)}
            shape = tr.ctx.shapes.get(f"{name}^{mark}")
            if label != mark and shape is not None:
                tr.ctx.shapes.setdefault(f"{name}^{label}", shape)  # each sample as declared
            name += "^" + label
            p.i += 2
    return name


def _label(tr: Translator, name: str, script: Tok) -> str | None:
    """The label a superscript adds to a name, or None when it is a power: ``P^-``, ``\\hat
    x^{+}`` (a prior and a posterior: a sign is never an exponent), and ``V^\\pi``, ``P^{\\pi}``
    when the note declares the labelled symbol (``\\gamma^t`` stays a power)."""
    inner = script.children if script.kind == "group" else [script]
    if len(inner) != 1:
        return None
    tok = inner[0]
    if tok.kind == "char" and tok.value in ("-", "+"):
        return tok.value
    if tok.kind == "macro" and tok.value == "pi":
        label = "π"  # a policy's label, never the constant here
    elif tok.kind == "letter" or (tok.kind == "macro" and tok.value in GREEK):
        label = name_of(tr, tok)
    else:
        return None
    labelled = f"{name}^{label}"
    if tr.naming_only or labelled in tr.ctx.shapes or labelled in tr.ctx.values:
        return label
    return None


def primes(tr: Translator, name: str, p: TokenStream) -> str:
    while p.at_char("'"):
        p.next()
        name += "'"
    return name


def maybe_call(tr: Translator, name: str, p: TokenStream, letter_base: str | None = None) -> Any:
    if name in KL_NAMES and p.at_char("("):
        return expectations.kl(tr, p)  # D_{\\mathrm{KL}}(p ‖ q)
    square = arrays.defined_square(tr, name, p)
    if square is not None:
        return square
    if name == "P" and tr.ctx.distributions and name not in tr.ctx.functions and name not in tr.ctx.values:
        # P(X \ge 5) with X ~ Binomial(10, 0.3): the probability of an event of a random symbol
        value = expectations.event_probability(tr, p)
        if value is not None:
            return value
    if p.at_char("["):
        if _grouping_bracket(tr, name, p):
            # "6n\left[\tfrac{5}{3600}+\tfrac{1}{144}\right]": a sized bracket of numbers after a
            # number's name groups a factor
            return named(tr, name)
        raise Unsupported(f"{name}[…] (an expectation, probability or index)")
    base_name = name.rstrip("'")
    primes = len(name) - len(base_name)
    if _inverse_call(p) and not primes and _normal_cdf(tr, base_name):
        # \Phi^{-1}(u): the standard normal quantile (probit), \sqrt2\,\operatorname{erf}^{-1}(2u-1)
        p.i += 2  # ^ and the superscript -1
        args = call_args(tr, p)
        if len(args) != 1 or (is_matrix(args[0]) and args[0].shape != (1, 1)):
            raise Unsupported("Φ^{-1}, the standard normal quantile, takes one number")
        return sp.sqrt(2) * sp.erfinv(2 * as_scalar(args[0]) - 1)
    if _inverse_call(p) and (base_name in tr.ctx.functions or _declared_map(tr, base_name)):
        # F^{-1}(u) of a function the note defines or declares: its inverse applied, which is
        # not computed (read as F^{-1} times u it refuted the inverse-transform sampler)
        raise Unsupported(f"the inverse of the function {base_name}")
    if name in EXTREME_EIGENVALUES and p.at_char("(") and not defined_here(tr, name):
        value = extreme_eigenvalue_call(tr, name, p)
        if value is not None:
            return value
    if p.at_char("(") and (
        base_name in tr.ctx.functions
        # σ is the logistic function unless the note defines it or declares a σ of its own
        # ("$\sigma:\mathbb{R}^n\to\Delta^{n-1}$: softmax map")
        or (base_name == "σ" and base_name not in tr.ctx.values and not _declared_map(tr, base_name))
    ):
        if base_name in tr.ctx.functions and not primes:
            _record_application(tr, base_name, p)
        args = call_args(tr, p)
        return apply(tr, base_name, args, primes)
    if p.at_char("(") and _normal_cdf(tr, base_name):
        return apply(tr, base_name, call_args(tr, p), primes)
    if primes and (base_name in tr.ctx.functions or base_name == "σ"):
        raise Unsupported(f"{name} without argument")
    if (
        base_name in tr.ctx.functions
        and tr.ctx.functions[base_name][1] == "\\" + AMBIGUOUS
        and name not in tr.bound
        and name not in tr.ctx.values
    ):
        # η written bare where the note defines η(x) twice: a function, not a number to sample
        raise Unsupported(UNSUPPORTED_REASONS[AMBIGUOUS])
    if base_name in tr.ctx.functions and tr.ctx.functions[base_name][0] and name not in tr.bound:
        if name in tr.sizing.applied:
            # "c" beside "\nabla_u c(u,v)" with c(u,v) = uᵀv/(‖u‖‖v‖): the function's value
            # at the arguments the relation applies it to (sampled as a free number, it
            # refuted ‖∇_u c‖² = (1-c²)/‖u‖²); applied to several, an unknown value
            arguments = tr.sizing.applied[name]
            if arguments is None:
                return opaque.application(name, [], name, tr.bound, set())
            return apply(tr, name, call_args(tr, TokenStream(list(arguments))))
        tr.sizing.bare.add(name)  # a number of its own, unless the relation also applies it
    if p.at_char("(") and name not in tr.bound and _declared_map(tr, base_name):
        # s_j(\lambda) of a map the glossary declares (s_j:[0,\infty)\to[0,1]) and the job does
        # not define: its value, unknown; read as s_j times λ it refuted true relations
        close = matching(p.toks, p.i)
        if close >= len(p.toks):
            raise Unsupported("unbalanced brackets")
        start, p.i = p.i, close + 1
        written = tr.src[p.toks[start].pos : p.toks[close].end] if tr.src else ""
        args = p.toks[start + 1 : close]
        return opaque.application(name, args, name + written, tr.bound, names_in(args, tr))
    if (
        p.at_char("(")
        and name not in tr.bound
        and name not in tr.ctx.shapes
        and arrays.split_entry(name) is None  # an entry times a bracket: x_k(x_k-μ)
        and not arrays.is_row_name(name)  # a row of X times a bracket: x_i(x_i w-y_i)
        and name not in tr.sizing.counts  # a count times a bracket: M(\bar\xi-c)^2
        and not _spaced_from_bracket(tr, p)  # \mu\,(1-\beta_1): a product, set apart
        # \lambda(s+t) beside a bare \lambda s: the relation uses λ as a number
        and name not in tr.sizing.numbers
    ):
        # letter followed by "(": multiplication when the letter recurs inside
        # (n(n+1), p(1-p)); otherwise an undefined function f(x): unknown.
        close = matching(p.toks, p.i)
        inner_names = names_in(p.toks[p.i + 1 : close], tr)
        if not _recurs(name, inner_names):
            if close >= len(p.toks):
                raise Unsupported("unbalanced brackets")
            # an undefined function: its application is an opaque atom (an unknown number)
            start, p.i = p.i, close + 1
            written = tr.src[p.toks[start].pos : p.toks[close].end] if tr.src else ""
            args = p.toks[start + 1 : close]
            tr.sizing.called.add(name)
            return opaque.application(name, args, name + written, tr.bound, inner_names)
    if (
        name not in tr.sizing.numbers
        and name not in tr.bound
        and name not in tr.ctx.functions  # (a function the note defines, read bare, stays one)
        and len(name.partition("_")[0]) == 1  # one letter (λ), not a name as a word (PPL)
        and not (p.at_char("^") or p.at_char("("))
    ):
        # (a bare use: g^2(x) is g's square applied, and says nothing of a bare g)
        tr.sizing.numbers.add(name)
        if name in tr.sizing.called:
            # e^{-\lambda(s+t)-\lambda s}: λ was read as a function before its bare use
            raise Retry(f"{name} is also a number")
    return named(tr, name)


#: a space command written between a letter and its bracket (``\\mu\\,(1-\\beta_1)``)
_SPACE = re.compile(r"\\(?:[,;: ]|quad\b|qquad\b)")


def _spaced_from_bracket(tr: Translator, p: TokenStream) -> bool:
    r"""Is a space command written right before the ``(`` next? Then the letter before it is a
    factor (``\mu\,(1-\beta_1)``), not a function applied to the bracket."""
    return bool(_SPACE.search(_written_before(tr, p)))


#: a sizing command written right before a bracket (``n\\left[``, ``x\\bigl[``)
_SIZED = re.compile(r"\\(?:left|bigl?|Bigl?|biggl?|Biggl?)\s*$")


def _written_before(tr: Translator, p: TokenStream) -> str:
    """The source between the token before the next one and it: the spacing and sizing
    commands the tree drops (``\\,``, ``\\left``)."""
    if not tr.src or p.i == 0:
        return ""
    return tr.src[p.toks[p.i - 1].end : p.toks[p.i].pos]


def _grouping_bracket(tr: Translator, name: str, p: TokenStream) -> bool:
    """Is the ``[`` next a sized bracket of numbers only (``n\\left[\\tfrac{5}{3600}+…\\right]``)
    after a name that is no expectation, probability or map? Then it groups a factor; with a
    name inside it could be ``E\\left[X\\right]`` or an index, and stays unread."""
    plain = name.rstrip("'")
    if plain in ("E", "P") or plain in tr.ctx.functions or _declared_map(tr, plain):
        return False
    if not _SIZED.search(_written_before(tr, p)):
        return False
    close = matching(p.toks, p.i)
    return close < len(p.toks) and not names_in(p.toks[p.i + 1 : close], tr)


def _inverse_call(p: TokenStream) -> bool:
    """Is ``^{-1}(`` next: an inverse applied to an argument?"""
    return (
        p.at_char("^")
        and len(p.toks) > p.i + 2
        and plain_list([p.toks[p.i + 1]]) == "-1"
        and p.toks[p.i + 2].kind == "char"
        and p.toks[p.i + 2].value == "("
    )


def _recurs(name: str, inner: set[str]) -> bool:
    """Does ``name`` occur among the letters of a bracket (``n`` in ``n(n+1)``; ``a_n`` in
    ``a_n(a_n+1)``, its letter and its subscript's letters both)?"""
    if name in inner:
        return True
    base, _, sub = name.partition("_")
    return bool(sub) and base in inner and all(ch in inner for ch in re.findall(r"[A-Za-z]", sub))


def _declared_map(tr: Translator, name: str) -> bool:
    """Is ``name`` a map the glossary declares (``s_j``), or a member of one (``s_[2]`` of a
    sum's ``s_j``), that the job does not define?"""
    if not tr.ctx.maps or name in tr.ctx.functions or name in tr.ctx.values or name in tr.ctx.shapes:
        return False
    if name in tr.ctx.maps:
        return True
    entry = arrays.split_entry(name)
    if entry is None:
        return False
    base = entry[0].rstrip("_")  # a member: the family s_j's base s
    return any(m == base or ("_" in m and m.split("_", 1)[0] == base) for m in tr.ctx.maps)


def conditional_call(tr: Translator, p: TokenStream) -> bool:
    r"""``(a\mid s)`` follows: the brackets hold a conditional argument (``\mid`` or ``|``)."""
    if not p.at_char("("):
        return False
    close = matching(p.toks, p.i)
    return any(
        (t.kind == "macro" and t.value == "mid") or (t.kind == "char" and t.value == "|")
        for t in p.toks[p.i + 1 : close]
    )


def opaque_gradient(tr: Translator, name: str, order: int, p: TokenStream) -> Any:
    r"""``\nabla f(x_k)`` (``order`` 1) or ``\nabla^2 f(x_k)`` (2) of an undefined ``f``."""
    close = matching(p.toks, p.i)
    if close >= len(p.toks):
        raise Unsupported("unbalanced brackets")
    tokens = p.toks[p.i + 1 : close]
    names = names_in(tokens, tr)
    written = tr.src[p.toks[p.i].pos : p.toks[close].end] if tr.src else ""
    args = call_args(tr, p)
    if len(args) != 1:
        raise Unsupported("∇ of a function of several arguments")
    return opaque.gradient_application(name, order, args[0], tokens, written, tr.bound, names)


def _record_application(tr: Translator, name: str, p: TokenStream) -> None:
    """Remember the arguments ``name`` is applied to here, for a bare ``name`` in the same
    relation (read again when one was already read as a number)."""
    close = matching(p.toks, p.i)
    written = tuple(p.toks[p.i : close + 1])
    applied = tr.sizing.applied
    if name not in applied:
        applied[name] = written
        if name in tr.sizing.bare:
            raise Retry(f"{name} is also applied")
    elif (earlier := applied[name]) is not None and plain_list(list(earlier)) != plain_list(list(written)):
        applied[name] = None  # c(u,v) and c(v,u): which one a bare c means is not known
        if name in tr.sizing.bare:
            raise Retry(f"{name} is applied to several arguments")


def call_args(tr: Translator, p: TokenStream) -> list[Any]:
    p.next()  # (
    args = [tr.expr(p, frozenset({")", ","}))]
    while p.at_char(","):
        p.next()
        args.append(tr.expr(p, frozenset({")", ","})))
    if not p.at_char(")"):
        raise Unsupported("unbalanced brackets")
    p.next()
    return args


def apply(tr: Translator, name: str, args: list[Any], primes: int = 0) -> Any:
    if name in tr.ctx.functions:
        params, body = tr.ctx.functions[name]
        if len(params) != len(args):
            raise Unsupported(f"{name} takes {len(params)} arguments")
        if tr.depth > 6:
            raise Unsupported("definitions nest too deeply")
        tr.used_defs.add(name)
        # a 1×1 argument (x ∈ R^d with the example's d = 1) is the scalar it holds
        args = [as_scalar(a) if is_matrix(a) and a.shape == (1, 1) else a for a in args]
        # a parameter applied to itself (J(w) with w a declared vector) keeps its value;
        # scalar parameters are replaced by the arguments
        same = [
            prm
            for prm, a in zip(params, args)
            # (not a parameter of the function being applied around this call: f(x) = log Z(x)
            # applied at x+t1 binds x there, and Z(x) in its body is Z at that argument)
            if is_matrix(a) and prm not in tr.bound and same_value(named(tr, prm, substitute=False), a)
        ]
        if (
            len(params) == 1
            and not same
            and is_matrix(args[0])
            and tuple(tr.ctx.shapes.get(params[0], (1, 1))) == (1, 1)
        ):
            # σ(Xw) with σ(a) = 1/(1+e^{-a}) of a scalar a: applied to each entry, as ML notes
            # apply a scalar function to a vector (ReLU, the logistic function, exp, log)
            return _entrywise(args[0], lambda entry: apply(tr, name, [entry], primes))
        sub = tr.nested()
        dummies = {prm: sp.Dummy(prm) for prm in params if prm not in same}
        sub.bound = dict(dummies)
        # f(x_k+αp_k) with f(x) = ½xᵀAx - bᵀx: a vector parameter is bound to a vector of
        # dummies of the argument's shape, entry by entry
        arrays: dict[str, Any] = {}
        for prm, a in zip(params, args):
            if prm in dummies and is_matrix(a):
                if tuple(tr.ctx.shapes.get(prm, (1, 1))) == (1, 1):
                    raise Unsupported("a function applied to a matrix argument other than its parameter")
                arrays[prm] = ImmutableMatrix(
                    a.shape[0], a.shape[1], [sp.Dummy(f"{prm}{k}") for k in range(a.shape[0] * a.shape[1])]
                )
                sub.bound[prm] = arrays[prm]
        try:
            value = sub.translate(body)
        except Unsupported as exc:
            # r_t(\theta) at θ itself, its body's π_θ(a\mid s) subscripted by the parameter:
            # the body with θ as written is the application (the same holds for any scalar
            # parameter applied to its own symbol)
            itself = [
                prm
                for prm, a in zip(params, args)
                if prm in dummies and isinstance(a, sp.Symbol) and a == named(tr, prm, substitute=False)
            ]
            if primes or not itself or "bound variable" not in str(exc):
                raise
            dummies = {prm: d for prm, d in dummies.items() if prm not in itself}
            sub = tr.nested()
            sub.bound = dict(dummies)
            value = sub.translate(body)
        tr.used_defs |= sub.used_defs
        tr.integers |= sub.integers
        if primes:
            opaque.refuse_inside("a derivative", value)
            if len(params) != 1 or params[0] not in dummies:
                raise Unsupported("prime on a function of several or matrix variables")
            for _ in range(primes):
                value = sp.diff(value, dummies[params[0]])
        mapping = {
            dummies[prm]: as_scalar(a) for prm, a in zip(params, args) if prm in dummies and prm not in arrays
        }
        for prm, a in zip(params, args):
            if prm in arrays:
                mapping.update(zip(arrays[prm], a, strict=True))
        return value.xreplace(mapping) if not is_matrix(value) else ImmutableMatrix(value.xreplace(mapping))
    if name == "σ":
        if len(args) != 1:
            raise Unsupported("σ takes one argument")
        z = sp.Dummy("z")
        value = logistic(z)
        for _ in range(primes):
            value = sp.diff(value, z)
        if is_matrix(args[0]) and args[0].shape != (1, 1):
            return _entrywise(args[0], lambda entry: value.xreplace({z: entry}))  # σ(Xw)
        return value.xreplace({z: as_scalar(args[0])})
    if name == "Φ" and _normal_cdf(tr, name):
        if len(args) != 1 or (is_matrix(args[0]) and args[0].shape != (1, 1)):
            raise Unsupported("Φ, the standard normal CDF, takes one number")
        z = sp.Dummy("z")
        value = (1 + sp.erf(z / sp.sqrt(2))) / 2
        for _ in range(primes):
            value = sp.diff(value, z)
        return value.xreplace({z: as_scalar(args[0])})
    raise Unsupported(f"{name}(…) is an undefined function")


def _normal_cdf(tr: Translator, name: str) -> bool:
    """Is ``name`` Φ, the standard normal CDF: the note's words name it, and neither the job
    nor section 2 gives a Φ of its own (see ``Context.normal_cdf``)?"""
    return (
        name == "Φ"
        and tr.ctx.normal_cdf
        and name not in tr.ctx.values
        and name not in tr.ctx.functions
        and not _declared_map(tr, name)
    )


def _entrywise(whole: Any, f: Callable[[Any], Any]) -> Any:
    """A scalar function ``f`` applied to each entry of the matrix ``whole``."""
    return ImmutableMatrix(whole.shape[0], whole.shape[1], [f(entry) for entry in whole])


def same_value(a: Any, b: Any) -> bool:
    if is_matrix(a) != is_matrix(b):
        return False
    if is_matrix(a):
        return a.shape == b.shape and a == b
    return a == b


def defined_here(tr: Translator, name: str) -> bool:
    """Does the note give ``name`` a meaning of its own (a function, a value, a shape)?"""
    return name in tr.ctx.functions or name in tr.ctx.values or name in tr.ctx.shapes or name in tr.bound


def extreme_eigenvalue_call(tr: Translator, name: str, p: TokenStream) -> Any | None:
    r"""``\lambda_{\min}(A)`` of a square matrix of numbers: its least eigenvalue (greatest for
    ``\lambda_{\max}``). None, with the stream where it was, when the argument is anything else
    (``\lambda_{\min}(H_k)`` of a matrix with symbols stays an opaque atom)."""
    start = p.i
    try:
        args = call_args(tr, p)
    except Unsupported:
        p.i = start
        return None
    if len(args) != 1 or not operators.is_numeric_square(args[0]):
        p.i = start
        return None
    return operators.extreme_eigenvalue(args[0], EXTREME_EIGENVALUES[name])
