"""The translator's reading of probability notation: ``\\mathbb{E}[…]``, ``\\operatorname{Var}``,
``\\operatorname{Cov}`` through the moment table of the note's stated laws, a law written after
``\\sim``, ``\\mathrm{KL}(p\\,\\|\\,q)``, the Gaussian density ``\\mathcal{N}(x;m,v)``, counts
``\\#(…)`` and indicators ``\\mathbb{1}[…]``. Worker side (imports SymPy); the tables and closed
forms it uses are in :mod:`translate_probability` and :mod:`translate_operators`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.matrices import ImmutableMatrix

from notelint.math.cas import opaque
from notelint.math.cas import translate_operators as operators
from notelint.math.cas import translate_probability as probability
from notelint.math.cas.sympy_values import as_scalar, is_matrix
from notelint.math.cas.token_stream import (
    TokenStream,
    group_word,
    matching,
    plain,
    plain_list,
    script_text,
    tokenize,
)
from notelint.math.cas.translator_vocabulary import INDICATOR_HEADS, LAW_FONTS
from notelint.math.checking.guards import Unsupported
from notelint.math.reading.mathtree import Node as Tok

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Translator


def moment_operator(tr: Translator, kind: str, p: TokenStream) -> Any:
    """``\\mathbb{E}[…]``, ``\\operatorname{Var}[…]``, ``\\operatorname{Cov}(a, b)``."""
    table = moment_table(tr)
    if kind in probability.EXPECTATION_LETTERS or kind == "expectation":
        sub = p.take_script("_")
        if sub is not None:
            over = script_text(sub, tr)
            if over in table.laws:
                table = table.only(over)  # E_ε: the other random symbols are held fixed
            elif not _parameter_of_the_laws(table, over):
                # E_λ[X] with X ~ Exp(λ): the expectation at that parameter, the laws as stated
                raise Unsupported("an expectation under the law named in its subscript")
        if p.at_char("[") or p.at_char("("):
            parenthesis = p.at_char("(")
            start = p.i
            args = bracket_args(tr, p)
            if len(args) != 1:
                raise Unsupported("an expectation of several arguments")
            if parenthesis and p.at_char("^") and p.i - start > 3:
                # "\mathbb{E}(U-V)^2" is E[(U-V)^2] in most texts (the mean squared error), and
                # (E(U-V))^2 in "E(X^2)-E(X+Y)^2": which one, the notation does not say
                # ("\mathbb{E}(X)^2", one symbol, is the square of the mean)
                raise Unsupported("an expectation of a parenthesis raised to a power: E[(…)^k] or (E(…))^k?")
            opaque.refuse_inside("an expectation", args[0])
            return table.expectation(args[0])
        value = tr.factor(p)
        opaque.refuse_inside("an expectation", value)
        return table.expectation(value)
    args = bracket_args(tr, p)
    opaque.refuse_inside(f"the {kind}", *args)
    if kind == "var" and len(args) == 1:
        return table.variance(args[0])
    if kind == "cov" and len(args) in (1, 2):
        return table.covariance(args[0], args[-1])
    raise Unsupported(f"{kind} with {len(args)} arguments")


def _parameter_of_the_laws(table: probability.MomentTable, name: str) -> bool:
    """Is ``name`` a parameter of a stated law (``\\lambda`` of ``X\\sim\\mathcal{N}(\\lambda,1)``), so
    that ``\\mathbb{E}_\\lambda`` names the law's parameter, not another random symbol?"""
    return any(
        law is not None and any(s.name == name for p in law.params for s in getattr(p, "free_symbols", ()))
        for law in table.laws.values()
    )


def moment_table(tr: Translator) -> probability.MomentTable:
    table = probability.MomentTable()
    for name, law in tr.ctx.distributions.items():
        try:
            table.laws[name] = stated_law(tr, name, law) if law else None
        except Unsupported as exc:
            table.laws[name] = None
            table.reasons[name] = str(exc)
    return table


def stated_law(tr: Translator, name: str, latex: str) -> probability.Law:
    """The moments of the random symbol ``name`` from its law, shaped like the symbol."""
    law = distribution_of(tr, tokenize(latex))
    if law.family == "categorical":
        raise Unsupported("a categorical law")
    moments = probability.moments(law.family, law.params)
    value = tr.named(name, substitute=False)
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


def distribution_of(tr: Translator, toks: list[Tok]) -> operators.Distribution:
    """A law as written: ``\\mathcal{N}(m, S)``, ``\\mathrm{Bern}(p)``, or a probability vector."""
    family = None
    if len(toks) > 2 and toks[0].kind == "macro" and toks[0].value in LAW_FONTS:
        word = group_word(toks[1]) or ""
        family = probability.FAMILIES.get(word)
        if family is None and word[:1].isupper() and len(word) > 1:
            # a named law notelint has no moments for (Exp, Gamma, …): say so, not "a vector"
            raise Unsupported(f"a law notelint does not know ({word})")
    if family is None:
        return operators.categorical(tr.expr_all(toks))
    p = TokenStream(toks)
    p.i = 2
    args = bracket_args(tr, p)
    if not p.done():
        raise Unsupported("cannot read the law")
    if family in _PARAMETER_KINDS:
        args = [as_scalar(a) for a in args]
        kinds = _PARAMETER_KINDS[family]
        if len(args) != len(kinds):
            raise Unsupported(f"a {family} law with {len(args)} parameters")
        for arg, kind in zip(args, kinds):
            # the parameters of a law are sampled where the law is defined (p in (0, 1), λ > 0)
            if isinstance(arg, sp.Symbol):
                tr.law_kinds.setdefault(arg.name, kind)
    if family == "normal" and len(args) == 2:
        note_covariance(tr, args[1])
    return operators.Distribution(family, tuple(args))


#: the domain of each parameter of a scalar law, as a sampling kind
_PARAMETER_KINDS: dict[str, tuple[str, ...]] = {
    "bernoulli": ("probability",),
    "binomial": ("positive", "probability"),
    "poisson": ("positive",),
    "beta": ("positive", "positive"),
}


def note_covariance(tr: Translator, cov: Any) -> None:
    """A variance written as one symbol is positive, a covariance one symmetric PD matrix."""
    if isinstance(cov, sp.Symbol) and cov.name.startswith("σ"):
        # N(μ, σ): notes write the standard deviation there too; which one is not said
        raise Unsupported("\\mathcal{N}(m, σ): is σ a variance or a standard deviation?")
    if isinstance(cov, sp.Symbol):
        tr.law_kinds.setdefault(cov.name, "positive")
    elif is_matrix(cov) and all(isinstance(v, sp.Symbol) for v in cov):
        bases = {re.sub(r"\[\d+,\d+\]$", "", v.name) for v in cov}
        if len(bases) == 1 and len(set(cov)) == len(cov):
            tr.law_kinds.setdefault(bases.pop(), "spd")


def kl(tr: Translator, p: TokenStream) -> Any:
    """``KL(p ‖ q)`` of two laws in closed form."""
    if tr.ctx.log != "e":
        # the closed forms are in nats; a note in bits states its divergences in bits
        raise Unsupported("the note says its logarithms are not natural: KL in nats does not apply")
    if not p.at_char("("):
        raise Unsupported("KL without (p ‖ q)")
    close = matching(p.toks, p.i)
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
        elif t.kind == "char" and t.value == "|" and k + 1 < len(inner) and plain(inner[k + 1]) == "|":
            parts.append([])
            k += 1
        else:
            parts[-1].append(t)
        k += 1
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise Unsupported("KL needs two laws separated by ‖")
    return operators.kl(distribution_of(tr, parts[0]), distribution_of(tr, parts[1]))


def gaussian_density(tr: Translator, p: TokenStream) -> Any:
    """``\\mathcal{N}(x; m, v)``: the density at x (``\\mathcal{N}(m, v)`` alone is a law)."""
    if not p.at_char("("):
        raise Unsupported("a law \\mathcal{N} used as a number")
    p.next()
    first = tr.expr(p, frozenset({";", "mid", "|", ",", ")"}))
    if not (p.at_char(";") or p.at_macro("mid") or p.at_char("|")):
        raise Unsupported("a law \\mathcal{N}(m, v) used as a number (its density is \\mathcal{N}(x; m, v))")
    p.next()
    rest = [tr.expr(p, frozenset({",", ")"}))]
    while p.at_char(","):
        p.next()
        rest.append(tr.expr(p, frozenset({",", ")"})))
    if not p.at_char(")") or len(rest) != 2:
        raise Unsupported("a Gaussian density is \\mathcal{N}(x; mean, variance)")
    p.next()
    note_covariance(tr, rest[1])
    return operators.gaussian_density(first, rest[0], rest[1])


def count(tr: Translator, p: TokenStream) -> Any:
    """``\\#(w,c)``: a count, one opaque positive integer per argument text."""
    if not p.at_char("("):
        raise Unsupported("\\# without (…)")
    close = matching(p.toks, p.i)
    if close >= len(p.toks):
        raise Unsupported("unbalanced brackets")
    name = "#(" + plain_list(p.toks[p.i + 1 : close]) + ")"
    p.i = close + 1
    tr.written.add(name)
    tr.integers.add(name)
    return sp.Symbol(name)


def is_indicator(tr: Translator, p: TokenStream) -> bool:
    t = p.peek()
    if t is None or t.kind != "group" or len(t.children) != 1:
        return False
    return t.children[0].value in INDICATOR_HEADS


def indicator(tr: Translator, p: TokenStream) -> Any:
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
    a = as_scalar(tr.expr_all(inner[:k]))
    b = as_scalar(tr.expr_all(inner[k + 1 :]))
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


# ---- operators of several arguments, laws, expectations (translate_operators/_probability)
def bracket_args(tr: Translator, p: TokenStream) -> list[Any]:
    """``(a, b, …)`` or ``[a, …]`` after an operator name."""
    if p.at_char("("):
        close = ")"
    elif p.at_char("["):
        close = "]"
    else:
        raise Unsupported("an operator without (…) or […] arguments")
    p.next()
    stop = frozenset({close, ","})
    args = [tr.expr(p, stop)]
    while p.at_char(","):
        p.next()
        args.append(tr.expr(p, stop))
    if not p.at_char(close):
        raise Unsupported("unbalanced brackets")
    p.next()
    return args


# ---- probabilities of events of one random symbol with a stated law ---------------------------
#: the relations an event ``X \le 4`` is written with, as (is it a lower bound, is it strict)
_EVENT_OPS: dict[str, str] = {
    "<": "<",
    ">": ">",
    "=": "=",
    "lt": "<",
    "gt": ">",
    "le": "<=",
    "leq": "<=",
    "leqslant": "<=",
    "ge": ">=",
    "geq": ">=",
    "geqslant": ">=",
}

#: the most terms a discrete probability is summed over
_MAX_TERMS = 2000


def event_probability(tr: Translator, p: TokenStream) -> Any | None:
    """``P(X \\ge 5)``, ``\\Pr[X = k]``, ``P(1 \\le X \\le 3)`` for a random symbol the note gives
    a law (binomial, Poisson, Bernoulli, normal, uniform): the probability in closed form. None
    (nothing read) when the bracket holds anything else: a conditional, an event of several
    random symbols, an undefined function's argument."""
    if not (p.at_char("(") or p.at_char("[")):
        return None
    close = matching(p.toks, p.i)
    if close >= len(p.toks):
        return None
    inner = p.toks[p.i + 1 : close]
    at = [k for k, t in enumerate(inner) if t.kind in ("char", "macro") and t.value in _EVENT_OPS]
    if (
        not at
        or len(at) > 2
        or any((t.kind == "macro" and t.value in ("mid", "vert")) or t.value == "|" for t in inner)
    ):
        return None
    parts = [inner[: at[0]], *(inner[a + 1 : b] for a, b in zip(at, [*at[1:], len(inner)]))]
    ops = [_EVENT_OPS[inner[k].value] for k in at]
    names = [_random_name(tr, part) for part in parts]
    if names.count(None) != len(parts) - 1:
        return None
    where = next(k for k, n in enumerate(names) if n is not None)
    name = names[where]
    assert name is not None
    if len(parts) == 3 and where != 1:
        return None
    law = distribution_of(tr, tokenize(tr.ctx.distributions[name]))
    p.i = close + 1
    total: Any = sp.Integer(1)
    for k, op in enumerate(ops):
        bound = as_scalar(tr.expr_all(parts[k + 1] if k >= where else parts[k]))
        if k < where:
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "="}[op]  # 1 \le X: X \ge 1
        if len(ops) == 1:
            return _event(law, op, bound)
        if op == "=":
            raise Unsupported("an event with two equalities")
        # a \le X \le b: P(X \le b) - P(X < a)
        total -= _event(law, {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[op], bound)
    return total


def _random_name(tr: Translator, toks: list[Tok]) -> str | None:
    """The random symbol the tokens write alone (``X``, ``X_1``), if the note gives it a law."""
    if not toks:
        return None
    text = plain_list(toks).strip()
    for name in tr.ctx.distributions:
        if name == text and tr.ctx.distributions[name]:
            return name
    return None


def _event(law: operators.Distribution, op: str, c: Any) -> Any:
    """``P(X op c)`` under ``law``."""
    if op in (">", ">="):
        return 1 - _event(law, "<=" if op == ">" else "<", c)
    family, params = law.family, law.params
    if family in ("binomial", "poisson", "bernoulli"):
        return _discrete(family, params, op, c)
    if family == "normal" and len(params) == 2 and not is_matrix(params[1]):
        mean, var = params
        if op == "=":
            return sp.Integer(0)
        return (1 + sp.erf((c - mean) / sp.sqrt(2 * var))) / 2
    if family == "uniform" and len(params) == 2:
        a, b = params
        if op == "=":
            return sp.Integer(0)
        return sp.Min(1, sp.Max(0, (c - a) / (b - a)))
    raise Unsupported(f"a probability under this {family} law")


def _discrete(family: str, params: tuple[Any, ...], op: str, c: Any) -> Any:
    """``P(X op c)`` for ``op`` in ``=``, ``<``, ``<=`` of a law on the integers from 0."""
    if family == "binomial":
        n, q = params
        if not (n.is_Integer and n >= 0):
            raise Unsupported("a binomial probability with a symbolic number of trials")

        def pmf(k: Any) -> Any:
            return sp.binomial(n, k) * q**k * (1 - q) ** (n - k)

        top: Any = n
    elif family == "poisson":
        (rate,) = params

        def pmf(k: Any) -> Any:
            return sp.exp(-rate) * rate**k / sp.factorial(k)

        top = None
    else:
        (q,) = params

        def pmf(k: Any) -> Any:
            return q if k == 1 else 1 - q

        top = sp.Integer(1)
    if op == "=":
        if c.is_number and not c.is_Integer:
            return sp.Integer(0)
        if family == "bernoulli" and not c.is_Integer:
            raise Unsupported("a Bernoulli probability at a symbolic value")
        if c.is_Integer and (c < 0 or (top is not None and c > top)):
            return sp.Integer(0)
        return pmf(c)
    if not c.is_number:
        raise Unsupported("a cumulative probability at a symbolic value")
    last = sp.floor(c) if op == "<=" else sp.ceiling(c) - 1
    if top is not None:
        last = sp.Min(last, top)
    if last < 0:
        return sp.Integer(0)
    if last > _MAX_TERMS:
        raise Unsupported("a cumulative probability of too many terms")
    return sp.Add(*[pmf(sp.Integer(k)) for k in range(int(last) + 1)])
