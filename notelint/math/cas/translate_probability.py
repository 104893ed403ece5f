"""Expectations, variances and covariances from a moment table (CAS worker side: SymPy).

Semantics (sound before complete):

* The random symbols are those the note gives a law with ``\\sim`` (``Context.distributions``).
  Their first two moments come from the law: ``N(m, S)`` (mean ``m``, variance or covariance
  ``S``), ``Bernoulli(p)`` (``p``, ``p(1-p)``), ``Uniform(a, b)`` (``(a+b)/2``, ``(b-a)^2/12``),
  ``Binomial(n, p)`` (``np``, ``np(1-p)``), ``Poisson(λ)`` (``λ``, ``λ``), ``Beta(α, β)``
  (``α/(α+β)``, ``αβ/((α+β)^2(α+β+1))``); raw moments of any order from the family's closed form.
* ``E[f]`` is computed when ``f`` (entrywise) is a polynomial of degree ≤ 2 in the entries of
  random symbols: a degree-2 term needs ``E[z_i z_j] = S_ij + m_i m_j`` of one random symbol.
  Everything else is unknown, with the reason: a random symbol whose law is not stated (or that
  is defined from a random one), no random symbol at all (what does it average over?), two
  random symbols in one product (their joint law is not stated), a non-polynomial function of
  a random symbol, a moment of order 3.
* Other symbols inside ``E`` are constants. ``Var[f] = E[f^2] - E[f]^2`` for a scalar,
  ``Cov[f] = E[f f^T] - E[f] E[f]^T`` for a vector, ``Cov(f, g) = E[f g^T] - E[f] E[g]^T``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.functions.combinatorial.numbers import stirling
from sympy.matrices import ImmutableMatrix, MatrixBase

from notelint import data
from notelint.math.cas.numeric import evaluated
from notelint.math.checking.guards import Unsupported

FAMILIES: dict[str, str] = dict(data.load("probability")["families"])
OPERATORS: dict[str, str] = dict(data.load("probability")["operators"])
EXPECTATION_LETTERS: frozenset[str] = frozenset(data.load("probability")["expectation"]["letters"])

_ENTRY = re.compile(r"(?P<name>.+)\[(?P<i>\d+)\]")


def _is_matrix(v: Any) -> bool:
    return isinstance(v, MatrixBase)


@dataclass(frozen=True)
class Law:
    """The first two moments of one random symbol: scalars, or a k×1 mean and k×k covariance."""

    mean: Any
    cov: Any
    family: str = ""
    params: tuple[Any, ...] = ()

    def raw_moment(self, k: int) -> Any:
        """``E[x^k]`` of a scalar law, any order (closed forms of the family)."""
        if self.family == "normal":
            m, v = self.params
            # E[(m + s Z)^k] = Σ_j C(k, j) m^(k-j) v^(j/2) E[Z^j], E[Z^j] = (j-1)!! for even j
            return sp.Add(
                *[
                    sp.binomial(k, j) * m ** (k - j) * v ** (j // 2) * sp.factorial2(j - 1)
                    for j in range(0, k + 1, 2)
                ]
            )
        if self.family == "bernoulli":
            return self.params[0]  # x^k = x on {0, 1}
        if self.family == "uniform":
            a, b = self.params
            return (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a))
        if self.family in ("binomial", "poisson"):
            # E[X^k] = Σ_j S(k, j) E[X … (X-j+1)]: factorial moments n^(j) p^j and λ^j
            def factorial_moment(j: int) -> Any:
                if self.family == "poisson":
                    return self.params[0] ** j
                n, p = self.params
                return sp.ff(n, j) * p**j

            return sp.Add(*[stirling(k, j) * factorial_moment(j) for j in range(k + 1)])
        if self.family == "beta":
            a, b = self.params
            return sp.Mul(*[(a + r) / (a + b + r) for r in range(k)])
        raise Unsupported("an expectation needing moments of order 3 or more")


#: highest order of a moment computed in closed form (E[x^4] for a kurtosis; more is rare)
MAX_ORDER = 6


def moments(family: str, params: tuple[Any, ...]) -> Law:
    """The mean and (co)variance of a law written ``family(params)``."""
    if family == "normal" and len(params) == 2:
        return Law(params[0], params[1], family, params)
    if family == "bernoulli" and len(params) == 1:
        p = params[0]
        return Law(p, p * (1 - p), family, params)
    if family == "uniform" and len(params) == 2:
        a, b = params
        return Law((a + b) / 2, (b - a) ** 2 / 12, family, params)
    if family == "binomial" and len(params) == 2:
        n, p = params
        return Law(n * p, n * p * (1 - p), family, params)
    if family == "poisson" and len(params) == 1:
        return Law(params[0], params[0], family, params)
    if family == "beta" and len(params) == 2:
        a, b = params
        return Law(a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1)), family, params)
    raise Unsupported(f"the moments of this {family} law")


@dataclass
class MomentTable:
    """Random symbols by canonical name: their law (None when not stated)."""

    laws: dict[str, Law | None] = field(default_factory=dict)
    #: why a law the note states could not be read (its moments are then unknown)
    reasons: dict[str, str] = field(default_factory=dict)

    def only(self, name: str) -> MomentTable:
        """The table of ``E_name``: the other random symbols are not averaged over (unknown)."""
        out = MomentTable({k: (v if k == name else None) for k, v in self.laws.items()})
        out.reasons = {k: f"the expectation is over {name} only" for k in self.laws if k != name}
        return out

    def _owner(self, s: sp.Symbol) -> tuple[str, int] | None:
        """The random symbol an entry symbol belongs to, and its index (0 for a scalar)."""
        if s.name in self.laws:
            return s.name, 0
        m = _ENTRY.fullmatch(s.name)
        if m and m.group("name") in self.laws:
            return m.group("name"), int(m.group("i")) - 1
        return None

    def _law(self, name: str) -> Law:
        law = self.laws[name]
        if law is None:
            if name in self.reasons:
                raise Unsupported(f"the law of {name} is not usable: {self.reasons[name]}")
            raise Unsupported(f"the law of the random symbol {name} is not stated")
        return law

    def mean(self, s: sp.Symbol) -> Any:
        name, i = self._owner(s) or ("", 0)
        law = self._law(name)
        return law.mean[i, 0] if _is_matrix(law.mean) else law.mean

    def second(self, a: sp.Symbol, b: sp.Symbol) -> Any:
        (na, i), (nb, j) = self._owner(a) or ("", 0), self._owner(b) or ("", 0)
        if na != nb:
            raise Unsupported(f"the joint law of {na} and {nb} is not stated")
        law = self._law(na)
        cov = law.cov[i, j] if _is_matrix(law.cov) else law.cov
        return cov + self.mean(a) * self.mean(b)

    def higher(self, factors: list[sp.Symbol]) -> Any:
        """``E[x^k]``, k ≥ 3, of one scalar random symbol (a product of several needs their
        joint law; an entry of a random vector needs more than its two moments)."""
        if len(set(factors)) != 1 or len(factors) > MAX_ORDER:
            raise Unsupported("an expectation needing moments of order 3 or more")
        name, _ = self._owner(factors[0]) or ("", 0)
        law = self._law(name)
        if _is_matrix(law.mean) or _is_matrix(law.cov):
            raise Unsupported("an expectation needing moments of order 3 or more")
        return law.raw_moment(len(factors))

    def expectation(self, value: Any) -> Any:
        """``E[value]``, entrywise for a matrix."""
        found = [False]

        def one(e: Any) -> Any:
            e = evaluated(sp.sympify(e, strict=True))  # (\sqrt{s})^2 built unevaluated is s
            randoms = []
            for s in e.free_symbols:
                owner = self._owner(s)
                if owner is None:
                    continue
                self._law(owner[0])  # a random symbol without a law: unknown
                randoms.append(s)
            if not randoms:
                return e
            found[0] = True
            randoms.sort(key=lambda s: s.name)
            try:
                poly = sp.Poly(sp.expand(e), *randoms)
            except sp.PolynomialError:
                raise Unsupported("an expectation of a non-polynomial function of a random symbol") from None
            total: list[Any] = []
            for powers, coeff in poly.terms():
                factors = list(
                    itertools.chain.from_iterable([s] * k for s, k in zip(randoms, powers, strict=True))
                )
                if len(factors) == 0:
                    total.append(coeff)
                elif len(factors) == 1:
                    total.append(coeff * self.mean(factors[0]))
                elif len(factors) == 2:
                    total.append(coeff * self.second(factors[0], factors[1]))
                else:
                    total.append(coeff * self.higher(factors))
            return sp.Add(*total)

        out = ImmutableMatrix(value.applyfunc(one)) if _is_matrix(value) else one(value)
        if not found[0]:
            raise Unsupported(
                "no random symbol with a stated law inside the expectation (what does it average over?)"
            )
        return out

    def variance(self, value: Any) -> Any:
        """``Var[value]``: a number for a scalar, the covariance matrix for a vector."""
        if _is_matrix(value) and value.shape != (1, 1):
            return self.covariance(value, value)
        if _is_matrix(value):
            value = value[0, 0]
        mean = self.expectation(value)
        return self.expectation(sp.expand(value * value)) - mean**2

    def covariance(self, a: Any, b: Any) -> Any:
        """``Cov(a, b) = E[a b^T] - E[a] E[b]^T`` of two vectors (or scalars)."""
        a = a if _is_matrix(a) else ImmutableMatrix([[a]])
        b = b if _is_matrix(b) else ImmutableMatrix([[b]])
        if a.shape[1] != 1 or b.shape[1] != 1:
            raise Unsupported("the covariance of a matrix (not a vector)")
        outer = ImmutableMatrix(a * b.T)
        value = ImmutableMatrix(self.expectation(outer) - self.expectation(a) * self.expectation(b).T)
        return value[0, 0] if value.shape == (1, 1) else value
