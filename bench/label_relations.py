"""The labelled relation table: each relation written twice (LaTeX and Python), labelled from Python.

    .venv/bin/python bench/label_relations.py      # writes bench/relations_labelled.json

Every case is one relation ``left op right`` in LaTeX (what notelint reads) and the same
mathematics written by hand as Python (what this script evaluates). The label (true/false)
is computed here, **without notelint**: numbers with mpmath at 80 digits (and quadrature or
series sums where the case needs them), identities with free symbols at 24 random points
(mpmath, 50 digits) drawn under the case's domain, matrix identities with numpy random
matrices (symmetric positive-definite, orthogonal, … as the case assumes). The semantics
are those documented in ``notelint/math/cas/verify.py``, implemented here independently:

* ``<``, ``≤``, ``>``, ``≥``: exact (no slack);
* ``=`` with a written decimal side: the other side rounds to it (|v − w| ≤ unit/2), or
  truncates to it when it has ≥ 3 significant digits; other ``=``: exact; ``≠``: not ``=``;
* ``≈`` with a written number: as ``=``; with a bare power of ten: nearest power of ten;
  between expressions: relative difference ≤ 1 %.

The Python twins are this file's own code, never note text.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import mpmath as mp
import numpy as np

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "relations_labelled.json"
mp.mp.dps = 80

Case = dict[str, Any]
CASES: list[Case] = []

# ---- the labeller's semantics --------------------------------------------------------------------


def _unit(written: str, approx: bool = False) -> Decimal:
    d = Decimal(written)
    if approx and "." not in written and written.strip("-+0"):
        # after ≈ an integer's trailing zeros are not significant: 150 is 1.5·10²
        zeros = len(written) - len(written.rstrip("0"))
        return Decimal(10) ** zeros
    return Decimal(1).scaleb(d.as_tuple().exponent)  # type: ignore[arg-type]


def _significant(written: str) -> int:
    digits = written.lstrip("-+").replace(".", "").lstrip("0")
    return len(digits)


def matches_written(value: Any, written: str, approx: bool = False) -> bool:
    w = mp.mpf(written)
    unit = mp.mpf(str(_unit(written, approx)))
    if abs(value - w) <= unit / 2:
        return True
    if _significant(written.rstrip("0") if approx and "." not in written else written) < 3:
        return False
    if w >= 0 and w <= value < w + unit:
        return True
    return bool(w <= 0 and w - unit < value <= w)


def equal(a: Any, b: Any) -> bool:
    if a != 0 and b != 0:
        # relative: 2^{-1000} and 10^{-300} differ though both are below any absolute tolerance
        return bool(abs(a - b) <= mp.mpf(10) ** -60 * max(abs(a), abs(b)))
    return bool(abs(a - b) <= mp.mpf(10) ** -60)


def label_numbers(op: str, a: Any, b: Any, written: str | None, order: int | None) -> bool:
    if op in ("<", "<=", ">", ">="):
        if equal(a, b):
            return op in ("<=", ">=")
        return {"<": a < b, "<=": a < b, ">": a > b, ">=": a > b}[op]
    if op == "approx" and order is not None:
        return round(float(mp.log10(abs(a)))) == order if abs(a) > 0 else False
    if written is not None:
        eq = matches_written(a, written, op == "approx")
    elif op == "approx":
        eq = abs(a - b) <= mp.mpf("0.01") * max(abs(a), abs(b))
    else:
        eq = equal(a, b)
    return (not eq) if op == "!=" else eq


# ---- numeric cases ----------------------------------------------------------------------------
NS: dict[str, Any] = {
    name: getattr(mp, name)
    for name in (
        "mpf",
        "exp",
        "log",
        "sqrt",
        "pi",
        "e",
        "sin",
        "cos",
        "tan",
        "quad",
        "inf",
        "nsum",
        "fac",
        "binomial",
    )
}
NS.update({"R": lambda p, q=1: mp.mpf(p) / q, "log2": lambda x: mp.log(x, 2), "log10": lambda x: mp.log10(x)})
NS["sigma"] = lambda z: 1 / (1 + mp.exp(-z))
NS["min"], NS["max"] = min, max
NS["log1p"] = mp.log1p
NS.update(
    floor=mp.floor, ceil=mp.ceil, Gamma=mp.gamma, cosh=mp.cosh, sinh=mp.sinh, atan=mp.atan, asin=mp.asin
)
NS["J"] = mp.mpc(0, 1)  # the imaginary unit


def _npdf(x: Any, m: Any, v: Any) -> Any:
    return mp.exp(-((x - m) ** 2) / (2 * v)) / mp.sqrt(2 * mp.pi * v)


def _kl_normal(m1: Any, v1: Any, m2: Any, v2: Any) -> Any:
    """KL(N(m1, v1) ‖ N(m2, v2)) by quadrature of p log(p/q): the definition, no closed form."""
    with mp.workdps(30):
        s1 = mp.sqrt(v1)
        return mp.quad(
            lambda x: _npdf(x, m1, v1) * (mp.log(_npdf(x, m1, v1)) - mp.log(_npdf(x, m2, v2))),
            [m1 - 40 * s1, m1 - 5 * s1, m1, m1 + 5 * s1, m1 + 40 * s1],
        )


NS["NPDF"], NS["KLN"] = _npdf, _kl_normal


def _eigenvalues(rows: list[list[int]]) -> list[Any]:
    """The eigenvalues of a symmetric matrix of integers: a 2×2 one by the quadratic formula
    (exact when the discriminant is a perfect square: mpmath's square root of one is exact),
    a larger one by mpmath's symmetric eigensolver (used only against ≤, ≥ and ≈)."""
    if len(rows) == 2:
        (a, b), (_, d) = rows
        root = mp.sqrt(mp.mpf((a - d) ** 2 + 4 * b * b))
        return [(a + d - root) / 2, (a + d + root) / 2]
    with mp.workdps(40):
        values, _ = mp.eigsy(mp.matrix(rows))
        return sorted(values[i] for i in range(len(rows)))


NS["eigmin"] = lambda rows: _eigenvalues(rows)[0]
NS["eigmax"] = lambda rows: _eigenvalues(rows)[-1]


def num(
    group: str, latex_l: str, op: str, latex_r: str, py_l: str, py_r: str | None = None, **kw: Any
) -> None:
    """A numeric relation; ``py_r`` defaults to the written right side (a decimal string)."""
    written = kw.get("written")
    CASES.append(
        {
            "group": group,
            "kind": "numbers",
            "left": latex_l,
            "op": op,
            "right": latex_r,
            "py_left": py_l,
            "py_right": py_r if py_r is not None else f"mpf('{written or latex_r}')",
            "written": written,
            "order": kw.get("order"),
            "defs": kw.get("defs", []),
        }
    )


SIGMA_DEF = [{"name": "sigma", "args": ["z"], "body": "\\frac{1}{1+e^{-z}}"}]


def numeric_cases() -> None:
    rng = random.Random(7)
    # the issue's named cases, both directions
    num("inequality", "0.37", "<=", "0.3", "R(37,100)", "R(3,10)")
    num("inequality", "0.27", "<=", "0.3", "R(27,100)", "R(3,10)")
    num("inequality", "\\frac{1}{3}", "<=", "0.3", "R(1,3)", "R(3,10)")
    num("inequality", "\\frac{1}{3}", "<=", "0.34", "R(1,3)", "R(34,100)")
    num("inequality", "e^{-1}", "<=", "0.3", "exp(-1)", "R(3,10)")
    num("inequality", "e^{-1}", "<=", "0.37", "exp(-1)", "R(37,100)")
    num("inequality", "e^{-1}", "<=", "0.368", "exp(-1)", "R(368,1000)")
    num("inequality", "\\frac14", ">=", "0.3", "R(1,4)", "R(3,10)")
    num("inequality", "\\frac14", ">=", "0.25", "R(1,4)", "R(1,4)")
    num("inequality", "\\frac14", ">", "0.25", "R(1,4)", "R(1,4)")
    num("inequality", "2e^{-2\\cdot 100\\cdot 0.01}", "\\le", "0.2", "2*exp(-2)", "R(2,10)")
    num("inequality", "2e^{-2\\cdot 100\\cdot 0.01}", "\\le", "0.28", "2*exp(-2)", "R(28,100)")
    num("inequality", "2\\exp(-2\\cdot 1000\\cdot 0.0001)", "\\le", "0.05", "2*exp(-R(2,10))", "R(5,100)")
    num("inequality", "2\\exp(-2\\cdot 20000\\cdot 0.0001)", "\\le", "0.05", "2*exp(-4)", "R(5,100)")
    num("inequality", "e", "\\le", "2", "e", "mpf(2)")
    num("inequality", "e^{-1}", "\\ge", "0.5", "exp(-1)", "R(1,2)")
    num("inequality", "e^{-1}", "\\ge", "0.36", "exp(-1)", "R(36,100)")
    num("inequality", "\\pi", "<", "\\frac{22}{7}", "pi", "R(22,7)")
    num("inequality", "\\pi", ">", "\\frac{22}{7}", "pi", "R(22,7)")
    num("inequality", "\\sqrt{2}", "<", "1.4142", "sqrt(2)", "R(14142,10000)")
    num("inequality", "\\sqrt{2}", ">", "1.4142", "sqrt(2)", "R(14142,10000)")
    num("inequality", "\\log 2", "<", "0.69", "log(2)", "R(69,100)")
    num("inequality", "\\log 2", ">", "0.69", "log(2)", "R(69,100)")
    num("inequality", "2^{10}", "\\ge", "1000", "mpf(2)**10", "mpf(1000)")
    num("inequality", "2^{10}", "<", "1000", "mpf(2)**10", "mpf(1000)")
    # generated: a fraction against decimals just below and above it, both operators
    for _ in range(14):
        p, q = rng.randint(1, 30), rng.randint(2, 31)
        if math.gcd(p, q) != 1 or q in (2, 4, 5, 8, 10, 16, 20, 25):
            continue
        v = Decimal(p) / Decimal(q)
        down = str(v.quantize(Decimal("0.01"), rounding="ROUND_FLOOR"))
        up = str(v.quantize(Decimal("0.01"), rounding="ROUND_CEILING"))
        for w in (down, up):
            for op in ("\\le", "\\ge", "<"):
                num("inequality", f"\\frac{{{p}}}{{{q}}}", op, w, f"R({p},{q})", f"mpf('{w}')")
    # decimals: = with a written side rounds (or truncates, three digits)
    num("decimal", "\\frac23", "=", "0.6", "R(2,3)", written="0.6")
    num("decimal", "\\frac23", "=", "0.7", "R(2,3)", written="0.7")
    num("decimal", "\\frac23", "=", "0.67", "R(2,3)", written="0.67")
    num("decimal", "\\frac23", "=", "0.666", "R(2,3)", written="0.666")
    num("decimal", "\\frac23", "=", "0.66", "R(2,3)", written="0.66")
    num("decimal", "0.333+0.333+0.333", "=", "1", "R(999,1000)", "mpf(1)")
    num("decimal", "0.333+0.333+0.334", "=", "1", "R(1000,1000)", "mpf(1)")
    num("decimal", "0.333\\cdot 3", "=", "1.0", "R(999,1000)", written="1.0")
    num("decimal", "e", "=", "2.71", "e", written="2.71")
    num("decimal", "e", "=", "2.72", "e", written="2.72")
    num("decimal", "e", "=", "2.73", "e", written="2.73")
    num("decimal", "\\pi", "=", "3.14", "pi", written="3.14")
    num("decimal", "\\pi", "=", "3.15", "pi", written="3.15")
    num("decimal", "\\frac{1}{1+e^{-2}}", "=", "0.12", "1/(1+exp(-2))", written="0.12")
    num("decimal", "\\frac{1}{1+e^{-2}}", "=", "0.88", "1/(1+exp(-2))", written="0.88")
    num("decimal", "\\sigma(0)", "=", "0.5", "sigma(0)", written="0.5", defs=SIGMA_DEF)
    num("decimal", "\\sigma(2)", "=", "0.12", "sigma(2)", written="0.12", defs=SIGMA_DEF)
    num("decimal", "\\sigma(2)", "=", "0.881", "sigma(2)", written="0.881", defs=SIGMA_DEF)
    num("decimal", "\\frac{18}{20}", "=", "0.90", "R(18,20)", written="0.90")
    num("decimal", "\\frac{18}{20}", "=", "0.85", "R(18,20)", written="0.85")
    num("decimal", "1 - 0.9^{3}", "=", "0.271", "1-R(9,10)**3", written="0.271")
    num("decimal", "1 - 0.9^{3}", "=", "0.27", "1-R(9,10)**3", written="0.27")
    num("decimal", "1 - 0.9^{3}", "=", "0.28", "1-R(9,10)**3", written="0.28")
    num("decimal", "3.2\\times 10^{-5}", "=", "0.000032", "R(32,10**6)", written="0.000032")
    num(
        "decimal",
        "\\frac{1}{3}\\cdot 10^{-4}",
        "=",
        "3.3\\times 10^{-5}",
        "R(1,3)/10**4",
        "R(33,10**6)",
        written="0.000033",
    )
    num(
        "decimal",
        "\\frac{1}{3}\\cdot 10^{-4}",
        "=",
        "3.4\\times 10^{-5}",
        "R(1,3)/10**4",
        "R(34,10**6)",
        written="0.000034",
    )
    num("decimal", "-\\frac{2}{3}", "=", "-0.67", "-R(2,3)", written="-0.67")
    num("decimal", "-\\frac{2}{3}", "=", "-0.6", "-R(2,3)", written="-0.6")
    num("decimal", "\\frac{2}{3}", "\\ne", "0.67", "R(2,3)", written="0.67")
    num("decimal", "\\frac{2}{3}", "\\ne", "0.6", "R(2,3)", written="0.6")
    for _ in range(30):
        p, q = rng.randint(1, 99), rng.randint(3, 97)
        if math.gcd(p, q) != 1:
            continue
        places = rng.choice([1, 2, 3, 4])
        v = Decimal(p) / Decimal(q)
        exact = str(v.quantize(Decimal(1).scaleb(-places)))
        wrong = str(Decimal(exact) + Decimal(rng.choice([-2, -1, 1, 2])).scaleb(-places))
        for w in (exact, wrong):
            num("decimal", f"\\frac{{{p}}}{{{q}}}", "=", w, f"R({p},{q})", written=w)
    for x in (1, 2, 3):
        for places in (2, 3):
            w = str(Decimal(float(mp.exp(-x))).quantize(Decimal(1).scaleb(-places)))
            num("e-log", f"e^{{-{x}}}", "=", w, f"exp(-{x})", written=w)
            w2 = str(Decimal(w) + Decimal(1).scaleb(-places + 1))
            num("e-log", f"e^{{-{x}}}", "=", w2, f"exp(-{x})", written=w2)
    for n in (2, 3, 5, 10, 20):
        w = str(Decimal(float(mp.log(n))).quantize(Decimal("0.001")))
        num("e-log", f"\\log {n}", "=", w, f"log({n})", written=w)
        num("e-log", f"\\log_{{10}} {n}", "=", w, f"log10({n})", written=w)
        num("e-log", f"\\log_2 {n}", "\\ge", f"{n // 2}", f"log2({n})", f"mpf({n // 2})")
    num("e-log", "\\log(e^3)", "=", "3", "mpf(3)", "mpf(3)")
    num("e-log", "\\log(e^3)", "=", "e^3", "mpf(3)", "exp(3)")
    num("e-log", "e^{\\log 5}", "=", "5", "mpf(5)", "mpf(5)")
    num("e-log", "\\log 6", "=", "\\log 2+\\log 3", "log(6)", "log(2)+log(3)")
    num("e-log", "\\log 6", "=", "\\log 2\\cdot\\log 3", "log(6)", "log(2)*log(3)")
    num("e-log", "\\log_2 8", "=", "3", "log2(8)", "mpf(3)")
    num("e-log", "\\log_2 8", "=", "4", "log2(8)", "mpf(4)")
    # approx: written precision and orders of magnitude
    num("approx", "2^{100}", "\\approx", "10^{30}", "mpf(2)**100", "mpf(10)**30", order=30)
    num("approx", "2^{100}", "\\approx", "10^{31}", "mpf(2)**100", "mpf(10)**31", order=31)
    num("approx", "2^{64}", "\\approx", "10^{19}", "mpf(2)**64", "mpf(10)**19", order=19)
    num("approx", "2^{64}", "\\approx", "10^{20}", "mpf(2)**64", "mpf(10)**20", order=20)
    num("approx", "e^{-20}", "\\approx", "10^{-9}", "exp(-20)", "mpf(10)**-9", order=-9)
    num("approx", "e^{-20}", "\\approx", "10^{-8}", "exp(-20)", "mpf(10)**-8", order=-8)
    num("approx", "e^{5}", "\\approx", "148", "exp(5)", written="148")
    num("approx", "e^{5}", "\\approx", "150", "exp(5)", written="150")
    num("approx", "e^{5}", "\\approx", "140", "exp(5)", written="140")
    num("approx", "\\sqrt{2}", "\\approx", "1.41", "sqrt(2)", written="1.41")
    num("approx", "\\sqrt{2}", "\\approx", "1.42", "sqrt(2)", written="1.42")
    num("approx", "\\log(1.05)", "\\approx", "0.049", "log(R(105,100))", written="0.049")
    num("approx", "\\log(1.05)", "\\approx", "0.5", "log(R(105,100))", written="0.5")
    num("approx", "0.9^{10}", "\\approx", "0.349", "R(9,10)**10", written="0.349")
    num("approx", "0.9^{10}", "\\approx", "0.39", "R(9,10)**10", written="0.39")
    num("approx", "\\log(1.05)", "\\approx", "0.05 - 0.00125", "log(R(105,100))", "R(5,100)-R(125,100000)")
    num("approx", "\\log(1.05)", "\\approx", "0.05 + 0.00125", "log(R(105,100))", "R(5,100)+R(125,100000)")
    num(
        "approx",
        "\\sqrt{\\log(2/0.05)/(2\\cdot 1000)}",
        "\\approx",
        "0.043",
        "sqrt(log(40)/2000)",
        written="0.043",
    )
    num(
        "approx",
        "\\sqrt{\\log(2/0.05)/(2\\cdot 1000)}",
        "\\approx",
        "0.43",
        "sqrt(log(40)/2000)",
        written="0.43",
    )
    num("approx", "(1-\\frac{1}{100})^{100}", "\\approx", "e^{-1}", "(1-R(1,100))**100", "exp(-1)")
    num("approx", "(1-\\frac{1}{10})^{10}", "\\approx", "e^{-1}", "(1-R(1,10))**10", "exp(-1)")
    for _ in range(12):
        a, b = rng.randint(2, 9), rng.randint(3, 40)
        v = mp.mpf(a) ** b
        order = int(mp.nint(mp.log10(v)))
        num(
            "approx",
            f"{a}^{{{b}}}",
            "\\approx",
            f"10^{{{order}}}",
            f"mpf({a})**{b}",
            f"mpf(10)**{order}",
            order=order,
        )
        num(
            "approx",
            f"{a}^{{{b}}}",
            "\\approx",
            f"10^{{{order + 1}}}",
            f"mpf({a})**{b}",
            f"mpf(10)**{order + 1}",
            order=order + 1,
        )
    # floating point: exact comparisons at any magnitude
    for k in (8, 16, 17, 20, 30):
        num("float", f"10^{{{k}}}+1", "=", f"10^{{{k}}}", f"mpf(10)**{k}+1", f"mpf(10)**{k}")
        num("float", f"10^{{{k}}}+1", "\\ne", f"10^{{{k}}}", f"mpf(10)**{k}+1", f"mpf(10)**{k}")
        num("float", f"10^{{{k}}}+1", ">", f"10^{{{k}}}", f"mpf(10)**{k}+1", f"mpf(10)**{k}")
    num("float", "0.1+0.2", "=", "0.3", "R(1,10)+R(2,10)", "R(3,10)")
    num("float", "0.1+0.2", "\\ne", "0.3", "R(1,10)+R(2,10)", "R(3,10)")
    num("float", "2^{53}+1", "=", "2^{53}", "mpf(2)**53+1", "mpf(2)**53")
    num("float", "(1+10^{-20})^{2}", ">", "1", "(1+mpf(10)**-20)**2", "mpf(1)")
    num("float", "(1+10^{-20})^{2}", "=", "1+2\\cdot 10^{-20}", "(1+mpf(10)**-20)**2", "1+2*mpf(10)**-20")
    num("float", "e^{40}+1", "=", "e^{40}", "exp(40)+1", "exp(40)")
    # the logarithm of a number that rounds to 1 at working precision (SymPy's evalf gives 0);
    # this labeller tells numbers apart only to 60 digits (``equal``), so no smaller gap
    for k in (20, 40):
        num("float", f"\\log(1+10^{{-{k}}})", ">", "0", f"log1p(mpf(10)**-{k})", "mpf(0)")
        num("float", f"\\log(1+10^{{-{k}}})", "=", "0", f"log1p(mpf(10)**-{k})", "mpf(0)")
    num("float", "\\log(1+10^{-20})", "\\le", "10^{-20}", "log1p(mpf(10)**-20)", "mpf(10)**-20")
    num("float", "\\log(1+10^{-20})", "\\ge", "10^{-20}", "log1p(mpf(10)**-20)", "mpf(10)**-20")
    # integrals and series, closed forms
    num(
        "integral",
        "\\int_{-\\infty}^{\\infty}\\sigma(z)(1-\\sigma(z))\\,dz",
        "=",
        "1",
        "quad(lambda z: sigma(z)*(1-sigma(z)), [-inf, inf])",
        "mpf(1)",
        defs=SIGMA_DEF,
    )
    num(
        "integral",
        "\\int_{-\\infty}^{\\infty}\\sigma(z)(1-\\sigma(z))\\,dz",
        "=",
        "\\frac12",
        "quad(lambda z: sigma(z)*(1-sigma(z)), [-inf, inf])",
        "R(1,2)",
        defs=SIGMA_DEF,
    )
    num(
        "integral",
        "\\int_{-\\infty}^{\\infty} e^{-x^2}\\,dx",
        "=",
        "\\sqrt{\\pi}",
        "quad(lambda x: exp(-x**2), [-inf, inf])",
        "sqrt(pi)",
    )
    num(
        "integral",
        "\\int_{-\\infty}^{\\infty} e^{-x^2}\\,dx",
        "=",
        "\\frac{\\sqrt{\\pi}}{2}",
        "quad(lambda x: exp(-x**2), [-inf, inf])",
        "sqrt(pi)/2",
    )
    num(
        "integral",
        "\\int_{-\\infty}^{\\infty} e^{-x^2/2}\\,dx",
        "=",
        "\\sqrt{2\\pi}",
        "quad(lambda x: exp(-x**2/2), [-inf, inf])",
        "sqrt(2*pi)",
    )
    num(
        "integral",
        "\\int_{-\\infty}^{\\infty} e^{-x^2/2}\\,dx",
        "=",
        "\\sqrt{\\pi}",
        "quad(lambda x: exp(-x**2/2), [-inf, inf])",
        "sqrt(pi)",
    )
    num("integral", "\\int_0^{\\infty} e^{-x}\\,dx", "=", "1", "quad(lambda x: exp(-x), [0, inf])", "mpf(1)")
    num(
        "integral",
        "\\int_0^{\\infty} e^{-2x}\\,dx",
        "=",
        "1",
        "quad(lambda x: exp(-2*x), [0, inf])",
        "mpf(1)",
    )
    num(
        "integral",
        "\\int_0^{\\infty} x e^{-x}\\,dx",
        "=",
        "1",
        "quad(lambda x: x*exp(-x), [0, inf])",
        "mpf(1)",
    )
    num("integral", "\\int_0^1 x^2\\,dx", "=", "\\frac13", "quad(lambda x: x**2, [0, 1])", "R(1,3)")
    num("integral", "\\int_0^1 x^2\\,dx", "=", "\\frac12", "quad(lambda x: x**2, [0, 1])", "R(1,2)")
    num("integral", "\\int_0^{\\pi} \\sin x\\,dx", "=", "2", "quad(sin, [0, pi])", "mpf(2)")
    num("integral", "\\int_0^{\\pi} \\sin x\\,dx", "=", "0", "quad(sin, [0, pi])", "mpf(0)")
    num("integral", "\\int_1^{e} \\frac{1}{x}\\,dx", "=", "1", "quad(lambda x: 1/x, [1, e])", "mpf(1)")
    num("integral", "\\int_{-1}^{1} x^3\\,dx", "=", "0", "quad(lambda x: x**3, [-1, 1])", "mpf(0)")
    num("integral", "\\int_{-1}^{1} x^2\\,dx", "=", "0", "quad(lambda x: x**2, [-1, 1])", "mpf(0)")
    num(
        "integral", "\\sum_{k=0}^{\\infty} 2^{-k}", "=", "2", "nsum(lambda k: mpf(2)**-k, [0, inf])", "mpf(2)"
    )
    num(
        "integral", "\\sum_{k=0}^{\\infty} 2^{-k}", "=", "1", "nsum(lambda k: mpf(2)**-k, [0, inf])", "mpf(1)"
    )
    num(
        "integral",
        "\\sum_{k=1}^{\\infty} \\frac{1}{k^2}",
        "=",
        "\\frac{\\pi^2}{6}",
        "nsum(lambda k: 1/k**2, [1, inf])",
        "pi**2/6",
    )
    num(
        "integral",
        "\\sum_{k=1}^{\\infty} \\frac{1}{k^2}",
        "=",
        "\\frac{\\pi^2}{8}",
        "nsum(lambda k: 1/k**2, [1, inf])",
        "pi**2/8",
    )
    num("integral", "\\sum_{k=1}^{10} k", "=", "55", "mpf(55)", "mpf(55)")
    num("integral", "\\sum_{k=1}^{10} k", "=", "50", "mpf(55)", "mpf(50)")
    num("integral", "\\sum_{k=0}^{3} 2^k", "=", "15", "mpf(15)", "mpf(15)")
    num("integral", "\\prod_{k=1}^{5} k", "=", "120", "fac(5)", "mpf(120)")
    num("integral", "\\prod_{k=1}^{5} k", "=", "24", "fac(5)", "mpf(24)")
    num("integral", "\\binom{5}{2}", "=", "10", "binomial(5,2)", "mpf(10)")
    num("integral", "\\binom{5}{2}", "=", "20", "binomial(5,2)", "mpf(20)")
    # plain arithmetic, generated both ways
    for _ in range(20):
        a, b, c, d = (rng.randint(1, 12) for _ in range(4))
        s = mp.mpf(a) / b + mp.mpf(c) / d
        fr = (a * d + c * b, b * d)
        g = math.gcd(*fr)
        p, q = fr[0] // g, fr[1] // g
        num(
            "arithmetic",
            f"\\frac{{{a}}}{{{b}}}+\\frac{{{c}}}{{{d}}}",
            "=",
            f"\\frac{{{p}}}{{{q}}}",
            repr_mp(s),
            f"R({p},{q})",
        )
        num(
            "arithmetic",
            f"\\frac{{{a}}}{{{b}}}+\\frac{{{c}}}{{{d}}}",
            "=",
            f"\\frac{{{p + 1}}}{{{q}}}",
            repr_mp(s),
            f"R({p + 1},{q})",
        )


def repr_mp(x: Any) -> str:
    return f"mpf('{mp.nstr(x, 70)}')"


# ---- identities with free symbols --------------------------------------------------------------
def sym(
    group: str,
    left: str,
    op: str,
    right: str,
    py_l: str,
    py_r: str,
    domain: dict[str, str] | None = None,
    **kw: Any,
) -> None:
    """An identity in scalar symbols; ``domain`` maps a variable to positive/interval/… (an
    assumption notelint is told as well); variables without one are sampled positive (the
    labeller's reading of the ML convention) and must hold there."""
    CASES.append(
        {
            "group": group,
            "kind": "symbols",
            "left": left,
            "op": op,
            "right": right,
            "py_left": py_l,
            "py_right": py_r,
            "domain": domain or {},
            "assume": kw.get("assume", []),
            "defs": kw.get("defs", []),
        }
    )


def symbolic_cases() -> None:
    pairs = [
        ("(a+b)^2", "a^2+2ab+b^2", "a^2+b^2", "(a+b)**2", "a**2+2*a*b+b**2", "a**2+b**2"),
        ("(a-b)^2", "a^2-2ab+b^2", "a^2-b^2", "(a-b)**2", "a**2-2*a*b+b**2", "a**2-b**2"),
        ("(a-b)(a+b)", "a^2-b^2", "a^2+b^2", "(a-b)*(a+b)", "a**2-b**2", "a**2+b**2"),
        ("\\log(ab)", "\\log a+\\log b", "\\log a\\log b", "log(a*b)", "log(a)+log(b)", "log(a)*log(b)"),
        (
            "\\log\\frac{a}{b}",
            "\\log a-\\log b",
            "\\frac{\\log a}{\\log b}",
            "log(a/b)",
            "log(a)-log(b)",
            "log(a)/log(b)",
        ),
        ("e^{a+b}", "e^a e^b", "e^a+e^b", "exp(a+b)", "exp(a)*exp(b)", "exp(a)+exp(b)"),
        (
            "\\sqrt{ab}",
            "\\sqrt a\\sqrt b",
            "\\sqrt a+\\sqrt b",
            "sqrt(a*b)",
            "sqrt(a)*sqrt(b)",
            "sqrt(a)+sqrt(b)",
        ),
        (
            "\\frac{1}{a}+\\frac{1}{b}",
            "\\frac{a+b}{ab}",
            "\\frac{2}{a+b}",
            "1/a+1/b",
            "(a+b)/(a*b)",
            "2/(a+b)",
        ),
        (
            "\\frac{a^3-b^3}{a-b}",
            "a^2+ab+b^2",
            "a^2-ab+b^2",
            "(a**3-b**3)/(a-b)",
            "a**2+a*b+b**2",
            "a**2-a*b+b**2",
        ),
        ("\\sin^2 x+\\cos^2 x", "1", "2", "sin(x)**2+cos(x)**2", "mpf(1)", "mpf(2)"),
        ("\\sin(2x)", "2\\sin x\\cos x", "2\\sin x", "sin(2*x)", "2*sin(x)*cos(x)", "2*sin(x)"),
        ("\\cos(2x)", "1-2\\sin^2 x", "1-\\sin^2 x", "cos(2*x)", "1-2*sin(x)**2", "1-sin(x)**2"),
        ("\\frac{d}{dx} x^3", "3x^2", "x^2", "3*x**2", "3*x**2", "x**2"),
        ("\\frac{d}{dx} e^{2x}", "2e^{2x}", "e^{2x}", "2*exp(2*x)", "2*exp(2*x)", "exp(2*x)"),
        ("\\frac{d}{dx}\\log x", "\\frac{1}{x}", "\\log x", "1/x", "1/x", "log(x)"),
        ("\\frac{d}{dx}\\sin x", "\\cos x", "-\\cos x", "cos(x)", "cos(x)", "-cos(x)"),
        ("\\frac{d}{dx} x e^{x}", "(1+x)e^{x}", "x e^{x}", "(1+x)*exp(x)", "(1+x)*exp(x)", "x*exp(x)"),
        ("\\frac{d}{dx}\\frac{1}{x}", "-\\frac{1}{x^2}", "\\frac{1}{x^2}", "-1/x**2", "-1/x**2", "1/x**2"),
        ("\\frac{\\partial}{\\partial x} x^2 y", "2xy", "x^2", "2*x*y", "2*x*y", "x**2"),
        (
            "\\frac{\\partial}{\\partial y} x^2 y^3",
            "3x^2y^2",
            "2xy^3",
            "3*x**2*y**2",
            "3*x**2*y**2",
            "2*x*y**3",
        ),
        ("\\int_0^a x\\,dx", "\\frac{a^2}{2}", "a^2", "a**2/2", "a**2/2", "a**2"),
        ("\\int_0^a e^{x}\\,dx", "e^a-1", "e^a", "exp(a)-1", "exp(a)-1", "exp(a)"),
        ("\\sum_{i=1}^{n} i", "\\frac{n(n+1)}{2}", "\\frac{n^2}{2}", "n*(n+1)/2", "n*(n+1)/2", "n**2/2"),
        (
            "\\sum_{i=1}^{n} i^2",
            "\\frac{n(n+1)(2n+1)}{6}",
            "\\frac{n^3}{3}",
            "n*(n+1)*(2*n+1)/6",
            "n*(n+1)*(2*n+1)/6",
            "n**3/3",
        ),
        (
            "\\sum_{k=0}^{n-1} r^k",
            "\\frac{1-r^n}{1-r}",
            "\\frac{1}{1-r}",
            "(1-r**n)/(1-r)",
            "(1-r**n)/(1-r)",
            "1/(1-r)",
        ),
        (
            "\\frac{a}{b}\\cdot\\frac{c}{d}",
            "\\frac{ac}{bd}",
            "\\frac{a+c}{b+d}",
            "a*c/(b*d)",
            "a*c/(b*d)",
            "(a+c)/(b+d)",
        ),
        ("(ab)^2", "a^2b^2", "a^2b", "(a*b)**2", "a**2*b**2", "a**2*b"),
        ("a^{2}a^{3}", "a^{5}", "a^{6}", "a**5", "a**5", "a**6"),
        ("(a^2)^3", "a^6", "a^5", "a**6", "a**6", "a**5"),
        ("\\frac{x^2-1}{x-1}", "x+1", "x-1", "(x**2-1)/(x-1)", "x+1", "x-1"),
        ("\\log(x^2)", "2\\log x", "\\log(2x)", "2*log(x)", "2*log(x)", "log(2*x)"),
        (
            "\\tanh x",
            "\\frac{e^x-e^{-x}}{e^x+e^{-x}}",
            "\\frac{e^x+e^{-x}}{e^x-e^{-x}}",
            "tanh(x)",
            "(exp(x)-exp(-x))/(exp(x)+exp(-x))",
            "(exp(x)+exp(-x))/(exp(x)-exp(-x))",
        ),
        ("1-\\sigma(z)", "\\sigma(-z)", "\\sigma(z)", "1-sigma(z)", "sigma(-z)", "sigma(z)"),
        (
            "\\sigma'(z)",
            "\\sigma(z)(1-\\sigma(z))",
            "\\sigma(z)(1+\\sigma(z))",
            "sigma(z)*(1-sigma(z))",
            "sigma(z)*(1-sigma(z))",
            "sigma(z)*(1+sigma(z))",
        ),
        (
            "\\frac{d}{dz}\\log\\sigma(z)",
            "1-\\sigma(z)",
            "\\sigma(z)",
            "1-sigma(z)",
            "1-sigma(z)",
            "sigma(z)",
        ),
        (
            "\\log\\frac{p}{1-p}",
            "\\log p-\\log(1-p)",
            "\\log p+\\log(1-p)",
            "log(p/(1-p))",
            "log(p)-log(1-p)",
            "log(p)+log(1-p)",
        ),
    ]
    for left, good, bad, py_l, py_good, py_bad in pairs:
        defs = SIGMA_DEF if "sigma" in left + good else []
        domain = {"p": "interval:0:1"} if "p" in py_l else {}
        if "r**" in py_l:
            domain = {"r": "interval:0:1", "n": "integer"}
        if "n*(" in py_l or "n**" in py_l:
            domain = {**domain, "n": "integer"}
        assume = (
            [{"symbol": "p", "kind": "interval", "lo": "0", "hi": "1", "lo_open": True, "hi_open": True}]
            if "p" in domain
            else []
        )
        sym("identity", left, "=", good, py_l, py_good, domain, defs=defs, assume=assume)
        sym("identity", left, "=", bad, py_l, py_bad, domain, defs=defs, assume=assume)
    # symbolic inequalities (universal), both ways
    ineq = [
        ("a^2+b^2", "\\ge", "2ab", "a**2+b**2", "2*a*b"),
        ("a^2+b^2", "<", "2ab", "a**2+b**2", "2*a*b"),
        ("\\frac{a+b}{2}", "\\ge", "\\sqrt{ab}", "(a+b)/2", "sqrt(a*b)"),
        ("\\frac{a+b}{2}", "\\le", "\\sqrt{ab}", "(a+b)/2", "sqrt(a*b)"),
        ("e^{x}", "\\ge", "1+x", "exp(x)", "1+x"),
        ("e^{x}", "<", "1+x", "exp(x)", "1+x"),
        ("\\log x", "\\le", "x-1", "log(x)", "x-1"),
        ("\\log x", ">", "x-1", "log(x)", "x-1"),
        ("\\sigma(z)", "<", "1", "sigma(z)", "mpf(1)"),
        ("\\sigma(z)", "\\ge", "1", "sigma(z)", "mpf(1)"),
        ("x^2", "\\ge", "x", "x**2", "x"),
        ("(a+b)^2", "\\le", "2a^2+2b^2", "(a+b)**2", "2*a**2+2*b**2"),
        ("(a+b)^2", ">", "2a^2+2b^2", "(a+b)**2", "2*a**2+2*b**2"),
        # failing only between the points a sampler tries (a valley, a narrow bump, a peak)
        ("x^2+0.26", "\\ge", "x", "x**2+mpf('0.26')", "x"),
        ("x^2+0.24", "\\ge", "x", "x**2+mpf('0.24')", "x"),
        ("x^4+1", "\\ge", "2x^2", "x**4+1", "2*x**2"),
        ("x^4+0.99", "\\ge", "2x^2", "x**4+mpf('0.99')", "2*x**2"),
        ("\\frac{1}{1+(10x-3)^2}", "\\le", "1+x", "1/(1+(10*x-3)**2)", "1+x"),
        ("\\frac{1}{1+(10x-3)^2}", "\\le", "1-\\frac{x}{1000}", "1/(1+(10*x-3)**2)", "1-x/1000"),
        ("\\log x", "\\le", "x-1.01", "log(x)", "x-mpf('1.01')"),
        ("\\sin(10x)", "\\le", "1+x^2", "sin(10*x)", "1+x**2"),
        ("\\sin(10x)", "\\le", "0.999+\\frac{x^2}{1000}", "sin(10*x)", "mpf('0.999')+x**2/1000"),
        ("x e^{-x}", "\\le", "e^{-1}", "x*exp(-x)", "exp(-1)"),
        ("x e^{-x}", "<", "e^{-1}", "x*exp(-x)", "exp(-1)"),
    ]
    for left, op, right, py_l, py_r in ineq:
        defs = SIGMA_DEF if "sigma" in left else []
        sym("inequality-sym", left, op, right, py_l, py_r, defs=defs)
    # hypotheses: true under the stated assumption, false without it (or a false twin under it)
    gamma = {"symbol": "\\gamma", "kind": "interval", "lo": "0", "hi": "1", "lo_open": True, "hi_open": True}
    pos_a = {"symbol": "a", "kind": "positive"}
    neg_a = {"symbol": "a", "kind": "negative"}
    hyp = [
        ("\\gamma^2", "<", "\\gamma", "gamma**2", "gamma", [gamma], {"gamma": "interval:0:1"}),
        ("\\gamma^2", "\\ge", "\\gamma", "gamma**2", "gamma", [gamma], {"gamma": "interval:0:1"}),
        (
            "\\sum_{k=0}^{\\infty}\\gamma^k",
            "=",
            "\\frac{1}{1-\\gamma}",
            "1/(1-gamma)",
            "1/(1-gamma)",
            [gamma],
            {"gamma": "interval:0:1"},
        ),
        (
            "\\sum_{k=0}^{\\infty}\\gamma^k",
            "=",
            "\\frac{1}{1+\\gamma}",
            "1/(1-gamma)",
            "1/(1+gamma)",
            [gamma],
            {"gamma": "interval:0:1"},
        ),
        ("\\sqrt{a^2}", "=", "a", "abs(a)", "a", [pos_a], {"a": "positive"}),
        ("\\sqrt{a^2}", "=", "-a", "abs(a)", "-a", [pos_a], {"a": "positive"}),
        ("\\sqrt{a^2}", "=", "-a", "abs(a)", "-a", [neg_a], {"a": "negative"}),
        ("\\sqrt{a^2}", "=", "a", "abs(a)", "a", [neg_a], {"a": "negative"}),
        ("|a|", "=", "a", "abs(a)", "a", [pos_a], {"a": "positive"}),
        ("\\log(1+\\gamma)", "<", "\\gamma", "log(1+gamma)", "gamma", [gamma], {"gamma": "interval:0:1"}),
        ("\\log(1+\\gamma)", ">", "\\gamma", "log(1+gamma)", "gamma", [gamma], {"gamma": "interval:0:1"}),
        ("1-\\gamma", ">", "0", "1-gamma", "mpf(0)", [gamma], {"gamma": "interval:0:1"}),
        ("1-\\gamma", "<", "0", "1-gamma", "mpf(0)", [gamma], {"gamma": "interval:0:1"}),
    ]
    for left, op, right, py_l, py_r, assume, domain in hyp:
        sym("hypothesis", left, op, right, py_l, py_r, domain, assume=assume)


# ---- matrices ----------------------------------------------------------------------------------
def mat(
    group: str,
    left: str,
    op: str,
    right: str,
    py_l: str,
    py_r: str,
    shapes: dict[str, tuple[int, int]],
    assume: list[dict[str, Any]] | None = None,
) -> None:
    CASES.append(
        {
            "group": group,
            "kind": "matrices",
            "left": left,
            "op": op,
            "right": right,
            "py_left": py_l,
            "py_right": py_r,
            "shapes": {k: list(v) for k, v in shapes.items()},
            "assume": assume or [],
        }
    )


SH = {
    "A": (3, 3),
    "B": (3, 3),
    "C": (3, 3),
    "X": (5, 3),
    "w": (3, 1),
    "y": (5, 1),
    "x": (3, 1),
    "a": (3, 1),
    "Q": (3, 3),
    "S": (3, 3),
    "u": (3, 1),
    "I": (3, 3),
}


def matrix_cases() -> None:
    ident = [
        ("(AB)^\\top", "B^\\top A^\\top", "A^\\top B^\\top", "(A@B).T", "B.T@A.T", "A.T@B.T"),
        ("(AB)^{-1}", "B^{-1}A^{-1}", "A^{-1}B^{-1}", "inv(A@B)", "inv(B)@inv(A)", "inv(A)@inv(B)"),
        (
            "\\operatorname{tr}(AB)",
            "\\operatorname{tr}(BA)",
            "\\operatorname{tr}(A)\\operatorname{tr}(B)",
            "np.trace(A@B)",
            "np.trace(B@A)",
            "np.trace(A)*np.trace(B)",
        ),
        (
            "\\operatorname{tr}(ABC)",
            "\\operatorname{tr}(CAB)",
            "\\operatorname{tr}(ACB)",
            "np.trace(A@B@C)",
            "np.trace(C@A@B)",
            "np.trace(A@C@B)",
        ),
        ("\\det(AB)", "\\det(A)\\det(B)", "\\det(A)+\\det(B)", "det(A@B)", "det(A)*det(B)", "det(A)+det(B)"),
        ("\\det(2A)", "8\\det(A)", "2\\det(A)", "det(2*A)", "8*det(A)", "2*det(A)"),
        ("\\det(A^\\top)", "\\det(A)", "-\\det(A)", "det(A.T)", "det(A)", "-det(A)"),
        ("A(B+C)", "AB+AC", "BA+CA", "A@(B+C)", "A@B+A@C", "B@A+C@A"),
        ("(A+B)^2", "A^2+AB+BA+B^2", "A^2+2AB+B^2", "(A+B)@(A+B)", "A@A+A@B+B@A+B@B", "A@A+2*A@B+B@B"),
        (
            "\\nabla_w \\tfrac12\\|Xw-y\\|_2^2",
            "X^\\top(Xw-y)",
            "X^\\top X w",
            "X.T@(X@w-y)",
            "X.T@(X@w-y)",
            "X.T@X@w",
        ),
        ("\\nabla_x x^\\top A x", "(A+A^\\top)x", "2Ax", "(A+A.T)@x", "(A+A.T)@x", "2*A@x"),
        ("\\nabla_x a^\\top x", "a", "x", "a", "a", "x"),
        ("\\nabla_x \\|x-a\\|_2^2", "2(x-a)", "x-a", "2*(x-a)", "2*(x-a)", "x-a"),
        (
            "\\|Xw\\|_2^2",
            "w^\\top X^\\top X w",
            "w^\\top X X^\\top w" if False else "w^\\top w",
            "(X@w).T@(X@w)",
            "w.T@X.T@X@w",
            "w.T@w",
        ),
        ("x^\\top A x", "x^\\top A^\\top x", "x^\\top A^2 x", "x.T@A@x", "x.T@A.T@x", "x.T@A@A@x"),
        ("(A^\\top)^{-1}", "(A^{-1})^\\top", "A^{-1}", "inv(A.T)", "inv(A).T", "inv(A)"),
        ("AB", "BA", "BA", "A@B", "B@A", "B@A"),
    ]
    for left, good, bad, py_l, py_good, py_bad in ident:
        mat("matrix", left, "=", good, py_l, py_good, SH)
        if bad != good:
            mat("matrix", left, "=", bad, py_l, py_bad, SH)
    spd = [{"symbol": "S", "kind": "spd"}]
    orth = [{"symbol": "Q", "kind": "orthogonal"}]
    symm = [{"symbol": "S", "kind": "symmetric"}]
    hyp = [
        ("\\nabla_S \\log\\det S", "S^{-1}", "grad_logdet(S)", "inv(S)", spd),
        ("\\nabla_S \\log\\det S", "S", "grad_logdet(S)", "S", spd),
        ("\\nabla_S \\log\\det S", "S^{-\\top}", "grad_logdet(S)", "inv(S).T", spd),
        ("\\nabla_x x^\\top S x", "2Sx", "(S+S.T)@x", "2*S@x", symm),
        ("\\nabla_x x^\\top S x", "Sx", "(S+S.T)@x", "S@x", symm),
        ("S^\\top", "S", "S.T", "S", symm),
        ("S^\\top", "S", "S.T", "S", spd),
        ("S^\\top", "-S", "S.T", "-S", spd),
        ("Q^\\top Q", "I", "Q.T@Q", "np.eye(3)", orth),
        ("Q^\\top Q", "2I", "Q.T@Q", "2*np.eye(3)", orth),
        ("QQ^\\top", "I", "Q@Q.T", "np.eye(3)", orth),
        ("Q^{-1}", "Q^\\top", "inv(Q)", "Q.T", orth),
        ("Q^{-1}", "Q", "inv(Q)", "Q", orth),
        ("\\|Qx\\|_2", "\\|x\\|_2", "norm(Q@x)", "norm(x)", orth),
        ("\\|Qx\\|_2", "2\\|x\\|_2", "norm(Q@x)", "2*norm(x)", orth),
        ("\\det(Q)^2", "1", "det(Q)**2", "1.0", orth),
        ("\\det(Q)^2", "2", "det(Q)**2", "2.0", orth),
        ("(S^{-1})^\\top", "S^{-1}", "inv(S).T", "inv(S)", spd),
        ("x^\\top S x", "x^\\top S^\\top x", "x.T@S@x", "x.T@S.T@x", symm),
    ]
    for left, right, py_l, py_r, assume in hyp:
        mat("hypothesis-matrix", left, "=", right, py_l, py_r, SH, assume)
    mat("hypothesis-matrix", "x^\\top S x", ">", "0", "x.T@S@x", "0.0", SH, spd)
    mat("hypothesis-matrix", "x^\\top S x", "\\le", "0", "x.T@S@x", "0.0", SH, spd)
    # without the hypothesis the same identities are false for a general matrix
    mat("matrix", "\\nabla_S \\log\\det S", "=", "S^{-1}", "grad_logdet(S)", "inv(S)", SH)
    mat("matrix", "\\nabla_x x^\\top S x", "=", "2Sx", "(S+S.T)@x", "2*S@x", SH)
    mat("matrix", "Q^\\top Q", "=", "I", "Q.T@Q", "np.eye(3)", SH)
    # numeric matrices
    mat(
        "matrix-numbers",
        "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}\\begin{pmatrix}1\\\\1\\end{pmatrix}",
        "=",
        "\\begin{pmatrix}3\\\\7\\end{pmatrix}",
        "np.array([[1,2],[3,4]])@np.array([[1],[1]])",
        "np.array([[3],[7]])",
        {},
    )
    mat(
        "matrix-numbers",
        "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}\\begin{pmatrix}1\\\\1\\end{pmatrix}",
        "=",
        "\\begin{pmatrix}3\\\\6\\end{pmatrix}",
        "np.array([[1,2],[3,4]])@np.array([[1],[1]])",
        "np.array([[3],[6]])",
        {},
    )
    mat(
        "matrix-numbers",
        "\\det\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}",
        "=",
        "-2",
        "det(np.array([[1,2],[3,4]]))",
        "-2.0",
        {},
    )
    mat(
        "matrix-numbers",
        "\\det\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}",
        "=",
        "2",
        "det(np.array([[1,2],[3,4]]))",
        "2.0",
        {},
    )


# ---- expectations and probabilities (written with numbers: what a note computes) --------------
def probability_cases() -> None:
    num("probability", "\\frac{1+2+3+4+5+6}{6}", "=", "3.5", "mpf(21)/6", written="3.5")
    num("probability", "\\frac{1+2+3+4+5+6}{6}", "=", "3", "mpf(21)/6", "mpf(3)")
    num(
        "probability",
        "0.2\\cdot 0.9 + 0.8\\cdot 0.1",
        "=",
        "0.26",
        "R(2,10)*R(9,10)+R(8,10)*R(1,10)",
        written="0.26",
    )
    num(
        "probability",
        "0.2\\cdot 0.9 + 0.8\\cdot 0.1",
        "=",
        "0.18",
        "R(2,10)*R(9,10)+R(8,10)*R(1,10)",
        written="0.18",
    )
    num("probability", "\\frac{0.2\\cdot 0.9}{0.26}", "=", "0.69", "R(18,100)/R(26,100)", written="0.69")
    num("probability", "\\frac{0.2\\cdot 0.9}{0.26}", "=", "0.9", "R(18,100)/R(26,100)", written="0.9")
    num("probability", "1-(1-0.01)^{100}", "\\approx", "0.634", "1-R(99,100)**100", written="0.634")
    num("probability", "1-(1-0.01)^{100}", "\\approx", "0.99", "1-R(99,100)**100", written="0.99")
    num("probability", "\\binom{10}{3}0.5^{10}", "=", "0.117", "binomial(10,3)*R(1,2)**10", written="0.117")
    num("probability", "\\binom{10}{3}0.5^{10}", "=", "0.12", "binomial(10,3)*R(1,2)**10", written="0.12")
    num("probability", "\\binom{10}{3}0.5^{10}", "=", "0.125", "binomial(10,3)*R(1,2)**10", written="0.125")
    num("probability", "-0.5\\log 0.5-0.5\\log 0.5", "=", "\\log 2", "-log(R(1,2))", "log(2)")
    num("probability", "-0.5\\log 0.5-0.5\\log 0.5", "=", "1", "-log(R(1,2))", "mpf(1)")
    num("probability", "-0.5\\log_2 0.5-0.5\\log_2 0.5", "=", "1", "mpf(1)", "mpf(1)")
    num(
        "probability",
        "\\frac12\\left(\\frac{1}{4}+\\frac{1}{4}-1-\\log\\frac14\\right)",
        "\\approx",
        "0.443",
        "R(1,2)*(R(1,2)-1-log(R(1,4)))",
        written="0.443",
    )
    num(
        "probability",
        "\\frac12\\left(\\frac{1}{4}+\\frac{1}{4}-1-\\log\\frac14\\right)",
        "\\approx",
        "0.5",
        "R(1,2)*(R(1,2)-1-log(R(1,4)))",
        written="0.5",
    )


# ---- moments, laws, KL, operators (issue 10: probability) -------------------------------------
def expect(
    group: str,
    left: str,
    op: str,
    right: str,
    py_l: str,
    py_r: str,
    laws: dict[str, str],
    random: dict[str, tuple[str, ...]],
    shapes: dict[str, tuple[int, int]] | None = None,
    domain: dict[str, str] | None = None,
    assume: list[dict[str, Any]] | None = None,
) -> None:
    """A relation about random symbols. ``laws`` is what the note states (LaTeX, what notelint
    reads); ``random`` the same laws for this labeller (family, then Python expressions of the
    parameters), which computes ``E(f)`` by quadrature (Gauss–Hermite for a Gaussian, exact for
    polynomials of degree ≤ 15), never from a moment formula."""
    CASES.append(
        {
            "group": group,
            "kind": "expect",
            "left": left,
            "op": op,
            "right": right,
            "py_left": py_l,
            "py_right": py_r,
            "laws": laws,
            "random": {k: list(v) for k, v in random.items()},
            "shapes": {k: list(v) for k, v in (shapes or {}).items()},
            "domain": domain or {},
            "assume": assume or [],
        }
    )


def probability_law_cases() -> None:
    u = {"u": "\\mathcal{N}(m,s^2)"}
    ru = {"u": ("normal", "m", "s**2")}
    for left, right, py_l, py_r in [
        ("\\mathbb{E}[au+b]", "am+b", "E(lambda u: a*u+b)", "a*m+b"),
        ("\\mathbb{E}[au+b]", "am", "E(lambda u: a*u+b)", "a*m"),
        ("\\operatorname{Var}[au+b]", "a^2s^2", "Var(lambda u: a*u+b)", "a**2*s**2"),
        ("\\operatorname{Var}[au+b]", "as^2", "Var(lambda u: a*u+b)", "a*s**2"),
        ("\\operatorname{Var}[au+b]", "a^2s^2+b", "Var(lambda u: a*u+b)", "a**2*s**2+b"),
        ("\\mathbb{E}[u^2]", "s^2+m^2", "E(lambda u: u**2)", "s**2+m**2"),
        ("\\mathbb{E}[u^2]", "s^2", "E(lambda u: u**2)", "s**2"),
        ("\\mathbb{E}\\big[(u-m)^2\\big]", "s^2", "E(lambda u: (u-m)**2)", "s**2"),
        ("\\mathbb{E}\\big[(u-m)^2\\big]", "s", "E(lambda u: (u-m)**2)", "s"),
        (
            "\\operatorname{Var}[u]",
            "\\mathbb{E}[u^2]-\\mathbb{E}[u]^2",
            "Var(lambda u: u)",
            "E(lambda u: u**2)-E(lambda u: u)**2",
        ),
        (
            "\\operatorname{Var}[u]",
            "\\mathbb{E}[u^2]-\\mathbb{E}[u]",
            "Var(lambda u: u)",
            "E(lambda u: u**2)-E(lambda u: u)",
        ),
        ("\\operatorname{Cov}(u,au)", "as^2", "E(lambda u: u*a*u)-E(lambda u: u)*E(lambda u: a*u)", "a*s**2"),
        ("\\operatorname{Cov}(u,au)", "s^2", "E(lambda u: u*a*u)-E(lambda u: u)*E(lambda u: a*u)", "s**2"),
        (
            "\\mathbb{E}[(u+a)^2]",
            "\\mathbb{E}[u^2]+2am+a^2",
            "E(lambda u: (u+a)**2)",
            "E(lambda u: u**2)+2*a*m+a**2",
        ),
        ("\\mathbb{E}[(u+a)^2]", "\\mathbb{E}[u^2]+a^2", "E(lambda u: (u+a)**2)", "E(lambda u: u**2)+a**2"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, u, ru)
    for left, right, py_l, py_r in [
        ("\\mathbb{E}[(u-m)^4]", "3s^4", "E(lambda u: (u-m)**4)", "3*s**4"),
        ("\\mathbb{E}[(u-m)^4]", "s^4", "E(lambda u: (u-m)**4)", "s**4"),
        ("\\mathbb{E}[u^3]", "m^3+3ms^2", "E(lambda u: u**3)", "m**3+3*m*s**2"),
        ("\\mathbb{E}[u^3]", "m^3+ms^2", "E(lambda u: u**3)", "m**3+m*s**2"),
        ("\\operatorname{Var}[u^2]", "2s^4+4m^2s^2", "Var(lambda u: u**2)", "2*s**4+4*m**2*s**2"),
        ("\\operatorname{Var}[u^2]", "2s^4", "Var(lambda u: u**2)", "2*s**4"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, u, ru)
    b = {"b": "\\mathrm{Bern}(p)"}
    rb = {"b": ("bernoulli", "p")}
    dom = {"p": "interval:0:1"}
    for left, right, py_l, py_r in [
        ("\\mathbb{E}[b]", "p", "E(lambda b: b)", "p"),
        ("\\mathbb{E}[b]", "1-p", "E(lambda b: b)", "1-p"),
        ("\\operatorname{Var}[b]", "p(1-p)", "Var(lambda b: b)", "p*(1-p)"),
        ("\\operatorname{Var}[b]", "p^2", "Var(lambda b: b)", "p**2"),
        ("\\mathbb{E}[b^2]", "p", "E(lambda b: b**2)", "p"),
        ("\\mathbb{E}[b^2]", "p^2", "E(lambda b: b**2)", "p**2"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, b, rb, domain=dom)
    x = {"x": "\\mathcal{U}(0,c)"}
    rx = {"x": ("uniform", "0", "c")}
    for left, right, py_l, py_r in [
        ("\\mathbb{E}[x]", "\\frac{c}{2}", "E(lambda x: x)", "c/2"),
        ("\\mathbb{E}[x]", "c", "E(lambda x: x)", "c"),
        ("\\operatorname{Var}[x]", "\\frac{c^2}{12}", "Var(lambda x: x)", "c**2/12"),
        ("\\operatorname{Var}[x]", "\\frac{c^2}{4}", "Var(lambda x: x)", "c**2/4"),
        ("\\mathbb{E}[x^3]", "\\frac{c^3}{4}", "E(lambda x: x**3)", "c**3/4"),
        ("\\mathbb{E}[x^3]", "\\frac{c^3}{3}", "E(lambda x: x**3)", "c**3/3"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, x, rx)
    # binomial, Poisson and beta laws: the labeller sums the mass function or integrates the density
    k = {"k": "\\mathrm{Bin}(10,p)"}
    rk = {"k": ("binomial", "10", "p")}
    for left, right, py_l, py_r in [
        ("\\mathbb{E}[k]", "10p", "E(lambda k: k)", "10*p"),
        ("\\mathbb{E}[k]", "p", "E(lambda k: k)", "p"),
        ("\\operatorname{Var}[k]", "10p(1-p)", "Var(lambda k: k)", "10*p*(1-p)"),
        ("\\operatorname{Var}[k]", "10p", "Var(lambda k: k)", "10*p"),
        ("\\mathbb{E}[k^2]", "10p(1-p)+100p^2", "E(lambda k: k**2)", "10*p*(1-p)+100*p**2"),
        ("\\mathbb{E}[k^2]", "10p+100p^2", "E(lambda k: k**2)", "10*p+100*p**2"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, k, rk, domain=dom)
    x = {"q": "\\mathrm{Poisson}(c)"}
    rx = {"q": ("poisson", "c")}
    for left, right, py_l, py_r in [
        ("\\mathbb{E}[q]", "c", "E(lambda q: q)", "c"),
        ("\\mathbb{E}[q]", "c^2", "E(lambda q: q)", "c**2"),
        ("\\operatorname{Var}[q]", "c", "Var(lambda q: q)", "c"),
        ("\\operatorname{Var}[q]", "c^2", "Var(lambda q: q)", "c**2"),
        ("\\mathbb{E}[q^3]", "c^3+3c^2+c", "E(lambda q: q**3)", "c**3+3*c**2+c"),
        ("\\mathbb{E}[q^3]", "c^3+2c^2+c", "E(lambda q: q**3)", "c**3+2*c**2+c"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, x, rx)
    y = {"y": "\\mathrm{Beta}(a,b)"}
    ry = {"y": ("beta", "a", "b")}
    for left, right, py_l, py_r in [
        ("\\mathbb{E}[y]", "\\frac{a}{a+b}", "E(lambda y: y)", "a/(a+b)"),
        ("\\mathbb{E}[y]", "\\frac{a}{b}", "E(lambda y: y)", "a/b"),
        (
            "\\operatorname{Var}[y]",
            "\\frac{ab}{(a+b)^2(a+b+1)}",
            "Var(lambda y: y)",
            "a*b/((a+b)**2*(a+b+1))",
        ),
        ("\\operatorname{Var}[y]", "\\frac{ab}{(a+b)^2}", "Var(lambda y: y)", "a*b/(a+b)**2"),
        ("\\mathbb{E}[y^2]", "\\frac{a(a+1)}{(a+b)(a+b+1)}", "E(lambda y: y**2)", "a*(a+1)/((a+b)*(a+b+1))"),
        ("\\mathbb{E}[y^2]", "\\frac{a^2}{(a+b)^2}", "E(lambda y: y**2)", "a**2/(a+b)**2"),
    ]:
        # α, β ≥ 1 for the labeller's quadrature (a bounded density); the formulas hold for all > 0
        expect(
            "moments", left, "=", right, py_l, py_r, y, ry, domain={"a": "interval:1:4", "b": "interval:1:4"}
        )
    # a random vector z ~ N(μ, Σ) in R^3
    z = {"z": "\\mathcal{N}(\\mu,\\Sigma)"}
    rz = {"z": ("normal", "mu", "Sigma")}
    vsh = {"z": (3, 1), "\\mu": (3, 1), "\\Sigma": (3, 3), "A": (3, 3), "c": (3, 1)}
    spd = [{"symbol": "\\Sigma", "kind": "spd"}]
    for left, right, py_l, py_r in [
        (
            "\\mathbb{E}[z^\\top Az]",
            "\\operatorname{tr}(A\\Sigma)+\\mu^\\top A\\mu",
            "E(lambda z: z@A@z)",
            "np.trace(A@Sigma)+mu@A@mu",
        ),
        (
            "\\mathbb{E}[z^\\top Az]",
            "\\operatorname{tr}(A\\Sigma)",
            "E(lambda z: z@A@z)",
            "np.trace(A@Sigma)",
        ),
        ("\\mathbb{E}[z^\\top Az]", "\\mu^\\top A\\mu", "E(lambda z: z@A@z)", "mu@A@mu"),
        ("\\mathbb{E}[Az+c]", "A\\mu+c", "E(lambda z: A@z+c)", "A@mu+c"),
        ("\\mathbb{E}[Az+c]", "A\\mu", "E(lambda z: A@z+c)", "A@mu"),
        ("\\operatorname{Cov}[Az+c]", "A\\Sigma A^\\top", "Cov(lambda z: A@z+c)", "A@Sigma@A.T"),
        ("\\operatorname{Cov}[Az+c]", "A^\\top\\Sigma A", "Cov(lambda z: A@z+c)", "A.T@Sigma@A"),
        ("\\operatorname{Cov}[Az+c]", "A\\Sigma", "Cov(lambda z: A@z+c)", "A@Sigma"),
        (
            "\\operatorname{Cov}[z]",
            "\\mathbb{E}[zz^\\top]-\\mu\\mu^\\top",
            "Cov(lambda z: z)",
            "E(lambda z: np.outer(z,z))-np.outer(mu,mu)",
        ),
        ("\\operatorname{Cov}[z]", "\\mathbb{E}[zz^\\top]", "Cov(lambda z: z)", "E(lambda z: np.outer(z,z))"),
        (
            "\\mathbb{E}\\|z\\|_2^2",
            "\\operatorname{tr}(\\Sigma)+\\|\\mu\\|_2^2",
            "E(lambda z: z@z)",
            "np.trace(Sigma)+mu@mu",
        ),
        ("\\mathbb{E}\\|z\\|_2^2", "\\|\\mu\\|_2^2", "E(lambda z: z@z)", "mu@mu"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, z, rz, shapes=vsh, assume=spd)
    # isotropic noise ε ~ N(0, σ² I)
    e = {"\\varepsilon": "\\mathcal{N}(0,\\sigma^2 I)"}
    re_ = {"\\varepsilon": ("normal", "np.zeros(3)", "sigma**2*np.eye(3)")}
    esh = {"\\varepsilon": (3, 1), "I": (3, 3), "A": (3, 3)}
    for left, right, py_l, py_r in [
        (
            "\\mathbb{E}[\\varepsilon^\\top A\\varepsilon]",
            "\\sigma^2\\operatorname{tr}(A)",
            "E(lambda e: e@A@e)",
            "sigma**2*np.trace(A)",
        ),
        (
            "\\mathbb{E}[\\varepsilon^\\top A\\varepsilon]",
            "\\sigma\\operatorname{tr}(A)",
            "E(lambda e: e@A@e)",
            "sigma*np.trace(A)",
        ),
        ("\\mathbb{E}[\\varepsilon]", "0", "E(lambda e: e)", "np.zeros(3)"),
        ("\\operatorname{Cov}[A\\varepsilon]", "\\sigma^2AA^\\top", "Cov(lambda e: A@e)", "sigma**2*A@A.T"),
        ("\\operatorname{Cov}[A\\varepsilon]", "\\sigma^2A^\\top A", "Cov(lambda e: A@e)", "sigma**2*A.T@A"),
    ]:
        expect("moments", left, "=", right, py_l, py_r, e, re_, shapes=esh)
    # KL between laws, Gaussian densities (labels by quadrature of p log p/q, or of the density)
    kl_n = "\\operatorname{KL}\\big(\\mathcal{N}(m_1,v_1)\\,\\|\\,\\mathcal{N}(m_2,v_2)\\big)"
    for right, py_r in [
        (
            "\\tfrac12\\Big(\\log\\frac{v_2}{v_1}+\\frac{v_1+(m_1-m_2)^2}{v_2}-1\\Big)",
            "R(1,2)*(log(v2/v1)+(v1+(m1-m2)**2)/v2-1)",
        ),
        ("\\log\\frac{v_2}{v_1}+\\frac{v_1+(m_1-m_2)^2}{v_2}-1", "log(v2/v1)+(v1+(m1-m2)**2)/v2-1"),
        (
            "\\tfrac12\\Big(\\log\\frac{v_1}{v_2}+\\frac{v_1+(m_1-m_2)^2}{v_2}-1\\Big)",
            "R(1,2)*(log(v1/v2)+(v1+(m1-m2)**2)/v2-1)",
        ),
        (
            "\\tfrac12\\Big(\\log\\frac{v_2}{v_1}+\\frac{v_2+(m_1-m_2)^2}{v_1}-1\\Big)",
            "R(1,2)*(log(v2/v1)+(v2+(m1-m2)**2)/v1-1)",
        ),
    ]:
        sym("kl", kl_n, "=", right, "KLN(m1,v1,m2,v2)", py_r, {"m1": "interval:-2:2", "m2": "interval:-2:2"})
    kl_s = "\\mathrm{KL}\\big(\\mathcal{N}(\\mu,\\sigma^2)\\,\\|\\,\\mathcal{N}(0,1)\\big)"
    sym(
        "kl",
        kl_s,
        "=",
        "\\tfrac12\\big(\\sigma^2+\\mu^2-1-\\log\\sigma^2\\big)",
        "KLN(mu,sd**2,0,1)",
        "R(1,2)*(sd**2+mu**2-1-log(sd**2))",
    )
    sym(
        "kl",
        kl_s,
        "=",
        "\\tfrac12\\big(\\sigma^2+\\mu^2-1-\\log\\sigma\\big)",
        "KLN(mu,sd**2,0,1)",
        "R(1,2)*(sd**2+mu**2-1-log(sd))",
    )
    sym("kl", kl_s, ">=", "0", "KLN(mu,sd**2,0,1)", "mpf(0)")
    sym("kl", kl_s, "<=", "\\tfrac12\\mu^2", "KLN(mu,sd**2,0,1)", "R(1,2)*mu**2")
    dens = "\\mathcal{N}(x;m,v)"
    sym(
        "kl",
        dens,
        "=",
        "\\frac{1}{\\sqrt{2\\pi v}}e^{-\\frac{(x-m)^2}{2v}}",
        "NPDF(x,m,v)",
        "exp(-(x-m)**2/(2*v))/sqrt(2*pi*v)",
    )
    sym(
        "kl",
        dens,
        "=",
        "\\frac{1}{\\sqrt{\\pi v}}e^{-\\frac{(x-m)^2}{2v}}",
        "NPDF(x,m,v)",
        "exp(-(x-m)**2/(2*v))/sqrt(pi*v)",
    )
    sym(
        "kl",
        "\\log" + dens,
        "=",
        "-\\tfrac12\\log(2\\pi v)-\\frac{(x-m)^2}{2v}",
        "log(NPDF(x,m,v))",
        "-log(2*pi*v)/2-(x-m)**2/(2*v)",
    )
    sym(
        "kl",
        "\\log" + dens,
        "=",
        "-\\tfrac12\\log(2\\pi v)-\\frac{(x-m)^2}{v}",
        "log(NPDF(x,m,v))",
        "-log(2*pi*v)/2-(x-m)**2/v",
    )
    # Bernoulli and categorical KL with numbers (the definition summed by hand)
    num(
        "kl",
        "\\mathrm{KL}(\\mathrm{Bern}(0.3)\\|\\mathrm{Bern}(0.5))",
        "=",
        "0.3\\log 0.6+0.7\\log 1.4",
        "R(3,10)*log(R(3,10)/R(5,10))+R(7,10)*log(R(7,10)/R(5,10))",
        "R(3,10)*log(R(6,10))+R(7,10)*log(R(14,10))",
    )
    num(
        "kl",
        "\\mathrm{KL}(\\mathrm{Bern}(0.3)\\|\\mathrm{Bern}(0.5))",
        "=",
        "0.3\\log 0.6+0.7\\log 0.7",
        "R(3,10)*log(R(3,10)/R(5,10))+R(7,10)*log(R(7,10)/R(5,10))",
        "R(3,10)*log(R(6,10))+R(7,10)*log(R(7,10))",
    )
    num(
        "kl",
        "\\operatorname{KL}\\big((0.5,0.5)^\\top\\,\\|\\,(0.25,0.75)^\\top\\big)",
        "\\approx",
        "0.1438",
        "R(1,2)*log(2)+R(1,2)*log(R(2,3))",
        written="0.1438",
    )
    num(
        "kl",
        "\\operatorname{KL}\\big((0.5,0.5)^\\top\\,\\|\\,(0.25,0.75)^\\top\\big)",
        "\\approx",
        "0.2",
        "R(1,2)*log(2)+R(1,2)*log(R(2,3))",
        written="0.2",
    )
    num(
        "kl",
        "\\operatorname{KL}\\big((0.5,0.5)^\\top\\,\\|\\,(0.25,0.75)^\\top\\big)",
        ">=",
        "0",
        "R(1,2)*log(2)+R(1,2)*log(R(2,3))",
        "mpf(0)",
    )
    num(
        "kl",
        "\\operatorname{KL}\\big((0.25,0.75)^\\top\\,\\|\\,(0.5,0.5)^\\top\\big)",
        "=",
        "0.5\\log 2+0.5\\log\\frac23",
        "R(1,4)*log(R(1,2))+R(3,4)*log(R(3,2))",
        "R(1,2)*log(2)+R(1,2)*log(R(2,3))",
    )
    # multivariate Gaussian KL (closed form written here by hand, in NumPy)
    mk = "\\operatorname{KL}\\big(\\mathcal{N}(\\mu,\\Sigma)\\,\\|\\,\\mathcal{N}(0,I)\\big)"
    msh = {"\\mu": (3, 1), "\\Sigma": (3, 3), "I": (3, 3)}
    mspd = [{"symbol": "\\Sigma", "kind": "spd"}]
    mat(
        "kl",
        mk,
        "=",
        "\\tfrac12\\big(\\operatorname{tr}\\Sigma+\\mu^\\top\\mu-3-\\log\\det\\Sigma\\big)",
        "KLMV(mu,Sigma,np.zeros(3),np.eye(3))",
        "0.5*(np.trace(Sigma)+(mu.T@mu).item()-3-np.log(det(Sigma)))",
        msh,
        mspd,
    )
    mat(
        "kl",
        mk,
        "=",
        "\\tfrac12\\big(\\operatorname{tr}\\Sigma+\\mu^\\top\\mu-\\log\\det\\Sigma\\big)",
        "KLMV(mu,Sigma,np.zeros(3),np.eye(3))",
        "0.5*(np.trace(Sigma)+(mu.T@mu).item()-np.log(det(Sigma)))",
        msh,
        mspd,
    )
    mat(
        "kl",
        "\\operatorname{KL}\\big(\\mathcal{N}(\\mu,I)\\,\\|\\,\\mathcal{N}(0,I)\\big)",
        "=",
        "\\tfrac12\\mu^\\top\\mu",
        "KLMV(mu,np.eye(3),np.zeros(3),np.eye(3))",
        "0.5*(mu.T@mu).item()",
        {"\\mu": (3, 1), "I": (3, 3)},
    )
    mat(
        "kl",
        "\\operatorname{KL}\\big(\\mathcal{N}(\\mu,I)\\,\\|\\,\\mathcal{N}(0,I)\\big)",
        "=",
        "\\mu^\\top\\mu",
        "KLMV(mu,np.eye(3),np.zeros(3),np.eye(3))",
        "(mu.T@mu).item()",
        {"\\mu": (3, 1), "I": (3, 3)},
    )


def sized_eye(
    group: str, left: str, op: str, right: str, py_l: str, py_r: str, shapes: dict[str, tuple[str, str]]
) -> None:
    """A relation about matrices of symbolic size ``n``: labelled at every n = 1 … 6."""
    CASES.append(
        {
            "group": group,
            "kind": "sized-eye",
            "left": left,
            "op": op,
            "right": right,
            "py_left": py_l,
            "py_right": py_r,
            "shapes": {k: list(v) for k, v in shapes.items()},
        }
    )


def label_sized_eye(case: Case) -> bool:
    for n in range(1, 7):
        env = {"np": np, "n": n}
        a = eval(case["py_left"], {"__builtins__": {}, **env})  # our own strings
        b = eval(case["py_right"], {"__builtins__": {}, **env})
        if not np.allclose(a, b):
            return False
    return True


def eigenvalue_cases() -> None:
    """``\\lambda_{\\min}``/``\\lambda_{\\max}`` of symmetric matrices of numbers, labelled by
    mpmath's symmetric eigensolver (both directions; ≤/≥ and ≈ at written precision)."""
    two = "\\begin{pmatrix}2&1\\\\1&2\\end{pmatrix}"  # eigenvalues 1, 3
    neg = "\\begin{pmatrix}1&2\\\\2&1\\end{pmatrix}"  # -1, 3
    three = "\\begin{pmatrix}2&1&0\\\\1&3&1\\\\0&1&4\\end{pmatrix}"  # 3-sqrt3, 3, 3+sqrt3
    diag = "\\begin{pmatrix}4&0\\\\0&1\\end{pmatrix}"
    r_two, r_neg = "[[2,1],[1,2]]", "[[1,2],[2,1]]"
    r_three, r_diag = "[[2,1,0],[1,3,1],[0,1,4]]", "[[4,0],[0,1]]"
    for which, mat_, rows, op, right, written in [
        ("min", two, r_two, "=", "1", None),
        ("min", two, r_two, "=", "2", None),
        ("max", two, r_two, "=", "3", None),
        ("max", two, r_two, "\\le", "2.9", None),
        ("min", neg, r_neg, "=", "-1", None),
        ("min", neg, r_neg, "\\ge", "0", None),
        ("max", three, r_three, "\\le", "5", None),
        ("max", three, r_three, "\\le", "4.7", None),
        ("max", three, r_three, "\\ge", "4.7", None),
        ("max", three, r_three, "\\ge", "4.8", None),
        ("min", three, r_three, "\\approx", "1.27", "1.27"),
        ("min", three, r_three, "\\approx", "1.25", "1.25"),
        ("max", diag, r_diag, "=", "4", None),
        ("min", diag, r_diag, "=", "4", None),
    ]:
        macro = "\\lambda_{\\min}" if which == "min" else "\\lambda_{\\max}"
        kw: dict[str, Any] = {"written": written} if written else {}
        num("eigenvalues", f"{macro}({mat_})", op, right, f"eig{which}({rows})", **kw)


def operator_cases() -> None:
    eye = {"I_n": ("n", "n")}
    sized_eye("operators", "\\operatorname{tr}(I_n)", "=", "n", "np.trace(np.eye(n))", "n", eye)
    sized_eye("operators", "\\operatorname{tr}(I_n)", "=", "3", "np.trace(np.eye(n))", "3", eye)
    sized_eye("operators", "\\operatorname{tr}(2I_n)", "=", "2n", "np.trace(2*np.eye(n))", "2*n", eye)
    sized_eye("operators", "\\operatorname{tr}(2I_n)", "=", "6", "np.trace(2*np.eye(n))", "6", eye)
    sized_eye("operators", "\\det(2I_n)", "=", "2^n", "np.linalg.det(2*np.eye(n))", "2**n", eye)
    sized_eye("operators", "\\det(2I_n)", "=", "8", "np.linalg.det(2*np.eye(n))", "8", eye)
    vec = {"x": (3, 1), "y": (3, 1), "A": (3, 3)}
    for left, op, right, py_l, py_r in [
        ("\\|x\\|_1", ">=", "\\|x\\|_2", "np.abs(x).sum()", "norm(x)"),
        ("\\|x\\|_1", "<=", "\\|x\\|_2", "np.abs(x).sum()", "norm(x)"),
        ("\\|x\\|_\\infty", "<=", "\\|x\\|_2", "np.abs(x).max()", "norm(x)"),
        ("\\|x\\|_\\infty", ">=", "\\|x\\|_2", "np.abs(x).max()", "norm(x)"),
        ("\\|x\\|_1", "<=", "3\\|x\\|_\\infty", "np.abs(x).sum()", "3*np.abs(x).max()"),
        ("\\|x\\|_1", "<=", "\\|x\\|_\\infty", "np.abs(x).sum()", "np.abs(x).max()"),
        ("\\|A\\|_F^2", "=", "\\operatorname{tr}(A^\\top A)", "(A**2).sum()", "np.trace(A.T@A)"),
        ("\\|A\\|_{\\mathrm{F}}^2", "=", "\\operatorname{tr}(A^2)", "(A**2).sum()", "np.trace(A@A)"),
        ("\\|Ax\\|_2", "<=", "\\|A\\|_F\\,\\|x\\|_2", "norm(A@x)", "np.sqrt((A**2).sum())*norm(x)"),
        ("\\|Ax\\|_2", ">=", "\\|A\\|_F\\,\\|x\\|_2", "norm(A@x)", "np.sqrt((A**2).sum())*norm(x)"),
        ("|x^\\top y|", "<=", "\\|x\\|_2\\|y\\|_2", "np.abs(x.T@y)", "norm(x)*norm(y)"),
        ("|x^\\top y|", ">=", "\\|x\\|_2\\|y\\|_2", "np.abs(x.T@y)", "norm(x)*norm(y)"),
        (
            "y^\\top\\operatorname{diag}(x)y",
            "=",
            "x^\\top\\operatorname{diag}(y)y",
            "(y.T@np.diag(x.ravel())@y).item()",
            "(x.ravel()*y.ravel()*y.ravel()).sum()",
        ),
        (
            "y^\\top\\operatorname{diag}(x)y",
            "=",
            "x^\\top y",
            "(y.T@np.diag(x.ravel())@y).item()",
            "(x.T@y).item()",
        ),
        (
            "\\operatorname{LSE}(x)",
            "<=",
            "\\|x\\|_\\infty+\\log 3",
            "np.log(np.exp(x).sum())",
            "np.abs(x).max()+np.log(3)",
        ),
        ("\\operatorname{LSE}(x)", "<=", "\\|x\\|_\\infty", "np.log(np.exp(x).sum())", "np.abs(x).max()"),
        (
            "x^\\top\\operatorname{softmax}(x)",
            "<=",
            "\\operatorname{LSE}(x)",
            "x.T@(np.exp(x)/np.exp(x).sum())",
            "np.log(np.exp(x).sum())",
        ),
        (
            "x^\\top\\operatorname{softmax}(x)",
            ">=",
            "\\operatorname{LSE}(x)",
            "x.T@(np.exp(x)/np.exp(x).sum())",
            "np.log(np.exp(x).sum())",
        ),
        (
            "\\operatorname{softmax}(x)",
            "=",
            "\\operatorname{softmax}(2x)",
            "np.exp(x)/np.exp(x).sum()",
            "np.exp(2*x)/np.exp(2*x).sum()",
        ),
    ]:
        shapes = dict(vec)
        mat("operators", left, op, right, py_l, py_r, shapes)
    mat(
        "operators",
        "\\operatorname{softmax}\\big((0,\\log 3)^\\top\\big)",
        "=",
        "(0.25,0.75)^\\top",
        "np.array([1,3])/4",
        "np.array([0.25,0.75])",
        {},
    )
    mat(
        "operators",
        "\\operatorname{softmax}\\big((0,\\log 3)^\\top\\big)",
        "=",
        "(0.75,0.25)^\\top",
        "np.array([1,3])/4",
        "np.array([0.75,0.25])",
        {},
    )
    num("operators", "\\operatorname{LSE}\\big((0,\\log 3)^\\top\\big)", "=", "\\log 4", "log(1+3)", "log(4)")
    num("operators", "\\operatorname{LSE}\\big((0,\\log 3)^\\top\\big)", "=", "\\log 3", "log(1+3)", "log(3)")
    num(
        "operators",
        "\\operatorname{rank}\\begin{pmatrix}1&2\\\\2&4\\end{pmatrix}",
        "=",
        "1",
        "mpf(1)",
        "mpf(1)",
    )
    num(
        "operators",
        "\\operatorname{rank}\\begin{pmatrix}1&2\\\\2&4\\end{pmatrix}",
        "=",
        "2",
        "mpf(1)",
        "mpf(2)",
    )
    num(
        "operators",
        "\\left\\|\\begin{pmatrix}3&0\\\\4&5\\end{pmatrix}\\right\\|_2",
        "=",
        "\\sqrt{45}",
        "sqrt(45)",
        "sqrt(45)",
    )
    num(
        "operators",
        "\\left\\|\\begin{pmatrix}3&0\\\\4&5\\end{pmatrix}\\right\\|_2",
        "=",
        "5",
        "sqrt(45)",
        "mpf(5)",
    )
    num(
        "operators",
        "\\left\\|\\begin{pmatrix}3&0\\\\4&5\\end{pmatrix}\\right\\|_F",
        "=",
        "\\sqrt{50}",
        "sqrt(9+16+25)",
        "sqrt(50)",
    )
    num(
        "operators",
        "\\left\\|\\begin{pmatrix}3&0\\\\4&5\\end{pmatrix}\\right\\|_F",
        "=",
        "\\sqrt{45}",
        "sqrt(9+16+25)",
        "sqrt(45)",
    )
    num("operators", "\\operatorname{clip}(1.3,0.8,1.2)", "=", "1.2", "mpf('1.2')", "mpf('1.2')")
    num("operators", "\\operatorname{clip}(1.3,0.8,1.2)", "=", "1.3", "mpf('1.2')", "mpf('1.3')")
    clip_dom = {"r": "interval:0.9:1.1", "eps": "interval:0.2:0.3"}
    clip_assume = [
        {"symbol": "r", "kind": "interval", "lo": "0.9", "hi": "1.1"},
        {"symbol": "\\epsilon", "kind": "interval", "lo": "0.2", "hi": "0.3"},
    ]
    clip = "\\operatorname{clip}(r,1-\\epsilon,1+\\epsilon)"
    sym("operators", clip, "=", "r", "min(max(r,1-eps),1+eps)", "r", clip_dom, assume=clip_assume)
    sym(
        "operators",
        clip,
        "=",
        "1+\\epsilon",
        "min(max(r,1-eps),1+eps)",
        "1+eps",
        clip_dom,
        assume=clip_assume,
    )
    pos = {"r": "positive", "eps": "positive"}
    pos_assume = [{"symbol": "r", "kind": "positive"}, {"symbol": "\\epsilon", "kind": "positive"}]
    sym(
        "operators",
        "\\min(r," + clip + ")",
        "=",
        "\\min(r,1+\\epsilon)",
        "min(r,min(max(r,1-eps),1+eps))",
        "min(r,1+eps)",
        pos,
        assume=pos_assume,
    )
    sym(
        "operators",
        "\\max(r," + clip + ")",
        "=",
        "\\max(r,1-\\epsilon)",
        "max(r,min(max(r,1-eps),1+eps))",
        "max(r,1-eps)",
        pos,
        assume=pos_assume,
    )
    sym(
        "operators",
        "\\max(r," + clip + ")",
        "=",
        "\\max(r,1+\\epsilon)",
        "max(r,min(max(r,1-eps),1+eps))",
        "max(r,1+eps)",
        pos,
        assume=pos_assume,
    )
    sym(
        "operators",
        "\\min(r," + clip + ")",
        "=",
        "r",
        "min(r,min(max(r,1-eps),1+eps))",
        "r",
        pos,
        assume=pos_assume,
    )
    # counts \#(·) are opaque positive integers; \underbrace is checked through its body
    sigma_twin = "{} * sigma(-x) - k * {} * sigma(x)"
    sym(
        "operators",
        "\\#(w,c)\\,\\sigma(-x)-k\\,\\#(w)\\,\\sigma(x)",
        "=",
        "\\#(w,c)-\\big(\\#(w,c)+k\\,\\#(w)\\big)\\sigma(x)",
        sigma_twin.format("nwc", "nw"),
        "nwc-(nwc+k*nw)*sigma(x)",
        {"x": "interval:-3:3"},
        defs=SIGMA_DEF,
    )
    sym(
        "operators",
        "\\#(w,c)\\,\\sigma(-x)-k\\,\\#(w)\\,\\sigma(x)",
        "=",
        "\\#(w,c)-\\big(\\#(w,c)-k\\,\\#(w)\\big)\\sigma(x)",
        sigma_twin.format("nwc", "nw"),
        "nwc-(nwc-k*nw)*sigma(x)",
        {"x": "interval:-3:3"},
        defs=SIGMA_DEF,
    )
    sym(
        "operators",
        "\\underbrace{(a+b)^2}_{\\text{square}}",
        "=",
        "a^2+2ab+b^2",
        "(a+b)**2",
        "a**2+2*a*b+b**2",
    )
    sym("operators", "\\underbrace{(a+b)^2}_{\\text{square}}", "=", "a^2+b^2", "(a+b)**2", "a**2+b**2")


# ---- sizes written as numbers, definitions substituted (``tr(I_d) = d``, ``tr(H) = d``) --------
def sized(left: str, op: str, right: str, py_l: str, py_r: str, values: dict[str, str] | None = None) -> None:
    """A relation over the design matrix X (n×d, n > d) and identities of symbolic size; the
    Python twin is labelled at every size 1 ≤ d < n ≤ 6 with a random X."""
    CASES.append(
        {
            "group": "sizes",
            "kind": "sizes",
            "left": left,
            "op": op,
            "right": right,
            "py_left": py_l,
            "py_right": py_r,
            "shapes": {"X": ["n", "d"], "I_d": ["d", "d"], "I_n": ["n", "n"], "n": [1, 1], "d": [1, 1]},
            "values": values or {},
            "assume": [],
        }
    )


HAT = {"H": "X(X^\\top X)^{-1}X^\\top"}
HAT_PY = "X@inv(X.T@X)@X.T"


def size_cases() -> None:
    sized("\\operatorname{tr}(I_d)", "=", "d", "np.trace(np.eye(d))", "d")
    sized("\\operatorname{tr}(I_d)", "=", "d+1", "np.trace(np.eye(d))", "d+1")
    sized("\\operatorname{tr}(I_n)", "=", "n", "np.trace(np.eye(n))", "n")
    sized("\\operatorname{tr}(I_n)", "=", "3", "np.trace(np.eye(n))", "3")
    sized("\\operatorname{tr}(I_n)", "=", "2n", "np.trace(np.eye(n))", "2*n")
    sized("\\operatorname{tr}(H)", "=", "d", f"np.trace({HAT_PY})", "d", HAT)
    sized("\\operatorname{tr}(H)", "=", "n", f"np.trace({HAT_PY})", "n", HAT)
    sized("\\operatorname{tr}(I_n-H)", "=", "n-d", f"np.trace(np.eye(n)-{HAT_PY})", "n-d", HAT)
    sized("\\operatorname{tr}(I_n-H)", "=", "d-n", f"np.trace(np.eye(n)-{HAT_PY})", "d-n", HAT)
    sized("\\operatorname{tr}(X^\\top X(X^\\top X)^{-1})", "=", "d", "np.trace(np.eye(d))", "d")
    sized("\\operatorname{tr}(X^\\top X(X^\\top X)^{-1})", "=", "n", "np.trace(np.eye(d))", "n")
    sized("HX", "=", "X", f"{HAT_PY}@X", "X", HAT)
    sized("HX", "=", "2X", f"{HAT_PY}@X", "2*X", HAT)
    # a written 0 against a matrix is the zero matrix of its shape
    sized("(I_n-H)X", "=", "0", f"(np.eye(n)-{HAT_PY})@X", "np.zeros((n,d))", HAT)
    sized("(I_n-H)H", "=", "0", f"(np.eye(n)-{HAT_PY})@{HAT_PY}", "np.zeros((n,n))", HAT)
    sized("X^\\top X", "=", "0", "X.T@X", "np.zeros((d,d))")
    sized("(I_n-H)X", "=", "X", f"(np.eye(n)-{HAT_PY})@X", "X", HAT)


def substituted_cases() -> None:
    """Definitions and function families the note states, substituted into the relation (the
    Python twin writes the definition out by hand)."""

    def sub(left: str, right: str, py_l: str, py_r: str, values: dict[str, str], defs: Any = None) -> None:
        sym("substituted", left, "=", right, py_l, py_r, defs=defs or [])
        CASES[-1]["values"] = values

    s_def = {"s": "a+b"}
    sub("s", "b+a", "a+b", "b+a", s_def)
    sub("s", "a-b", "a+b", "a-b", s_def)
    sub("2s-b", "2a+b", "2*(a+b)-b", "2*a+b", s_def)
    sub("2s-b", "2a-b", "2*(a+b)-b", "2*a-b", s_def)
    # a family: S_1 is S_τ with τ = 1 (the instance the linting process writes for S_1(3))
    soft = [{"name": "S_1", "args": ["z"], "body": "\\operatorname{sign}(z)\\max(|z|-{(1)},0)"}]
    sub("S_1(3)", "2", "mpf(2)", "mpf(2)", {}, soft)
    sub("S_1(0.4)", "0", "mpf(0)", "mpf(0)", {}, soft)
    sub("S_1(0.4)", "0.4", "mpf(0)", "R(4,10)", {}, soft)
    sub("S_1(-2.5)", "-1.5", "-R(3,2)", "-R(3,2)", {}, soft)
    sub("S_1(-2.5)", "-2.5", "-R(3,2)", "-R(5,2)", {}, soft)


def worked_example_cases() -> None:
    """A worked example's stated values against the note's definitions (mean, variance and
    standardised entries of a column x with x = (0,6,6,8)^T, m = 4; a square σ² defined, not σ);
    the Python twin computes them from the list by hand."""

    col = {
        "m": "4",
        "x": "(0,6,6,8)^\\top",
        "g": "(1,0,0,-1)^\\top",
        "\\mu": "\\frac{1}{m}\\sum_{i=1}^{m}x_i",
        "\\sigma^2": "\\frac{1}{m}\\sum_{i=1}^{m}(x_i-\\mu)^2",
        "\\hat x_i": "\\frac{x_i-\\mu}{\\sqrt{\\sigma^2}}",
    }
    shapes = {"m": [1, 1], "x": ["m", 1], "g": ["m", 1], "\\hat x": ["m", 1], "\\mu": [1, 1]}
    xs = [0, 6, 6, 8]
    mean = "((" + "+".join(f"R({v})" for v in xs) + f")/{len(xs)})"
    var = "((" + "+".join(f"(R({v})-{mean})**2" for v in xs) + f")/{len(xs)})"
    xhat_g = f"((R(0)-{mean})/sqrt({var}) - (R(8)-{mean})/sqrt({var}))"

    def ex(left: str, right: str, py_l: str, py_r: str, values: dict[str, str], sh: Any) -> None:
        sym("worked-example", left, "=", right, py_l, py_r)
        CASES[-1]["values"] = values
        CASES[-1]["shapes"] = sh

    ex("\\mu+1", "6", f"{mean}+1", "R(6)", col, shapes)
    ex("\\mu+1", "5", f"{mean}+1", "R(5)", col, shapes)
    ex("2\\sigma^2", "18", f"2*{var}", "R(18)", col, shapes)
    ex("2\\sigma^2", "\\tfrac{35}{2}", f"2*{var}", "R(35,2)", col, shapes)
    ex("\\hat x^\\top g", "-\\tfrac83", xhat_g, "-R(8,3)", col, shapes)
    ex("\\hat x^\\top g", "-3", xhat_g, "-R(3)", col, shapes)
    # one entry (m = 1): the variance is 0 whatever the entry, a number against a number
    one = {"m": "1", "\\mu": col["\\mu"], "\\sigma^2": col["\\sigma^2"]}
    ex("\\sigma^2+1", "1", "(x1-x1)**2+1", "R(1)", one, {"m": [1, 1], "x": ["m", 1]})
    ex("\\sigma^2+1", "2", "(x1-x1)**2+1", "R(2)", one, {"m": [1, 1], "x": ["m", 1]})
    # the case σ² = 0 substituted into s = sqrt(σ² + ε)
    zero = {"\\sigma^2": "0", "s": "\\sqrt{\\sigma^2+\\epsilon}"}
    ex("2s", "2\\sqrt{\\epsilon}", "2*sqrt(0+eps)", "2*sqrt(eps)", zero, {})
    ex("2s", "2\\sqrt{2\\epsilon}", "2*sqrt(0+eps)", "2*sqrt(2*eps)", zero, {})


def example_size_cases() -> None:
    """A size the worked example fixes (``d = 1``) for a symbol declared in ``R^d``: the
    symbol is a number there, and a function of one variable applies to it."""
    phi = [{"name": "\\varphi", "args": ["x"], "body": "e^{x}-2x"}]
    for left, right, py_l, py_r in [
        ("\\varphi'(x)", "e^{x}-2", "exp(x)-2", "exp(x)-2"),
        ("\\varphi'(x)", "e^{x}-1", "exp(x)-2", "exp(x)-1"),
        ("\\varphi''(x)", "e^{x}", "exp(x)", "exp(x)"),
        ("\\varphi''(x)", "\\varphi'(x)", "exp(x)", "exp(x)-2"),
        ("x^\\top x", "x^2", "x*x", "x**2"),
        ("x^\\top x", "2x^2", "x*x", "2*x**2"),
    ]:
        sym("example-size", left, "=", right, py_l, py_r, defs=phi)
        CASES[-1]["values"] = {"d": "1"}
        CASES[-1]["shapes"] = {"x": ["d", 1], "d": [1, 1]}


def label_sizes(case: Case) -> bool:
    gen = np.random.default_rng(abs(hash(case["left"] + case["right"])) % 2**32)
    ns: dict[str, Any] = {"np": np, "inv": np.linalg.inv}
    for n in range(2, 7):
        for d in range(1, n):
            env = dict(ns, n=n, d=d, X=gen.standard_normal((n, d)))
            a = np.asarray(eval(case["py_left"], {"__builtins__": {}, **env}), dtype=float)
            b = np.asarray(eval(case["py_right"], {"__builtins__": {}, **env}), dtype=float)
            if a.shape != b.shape or not np.allclose(a, b, rtol=1e-9, atol=1e-9):
                return False
    return True


# ---- sums over index sets and indexed entries (sizes named by the glossary) ---------------------
def idx(
    group: str,
    left: str,
    op: str,
    right: str,
    py_l: str,
    py_r: str,
    shapes: dict[str, tuple[str | int, str | int]],
    free: tuple[str, ...] = (),
) -> None:
    """A relation over declared vectors/matrices whose sizes are names (``x\\in\\mathbb{R}^n``):
    the Python twin is evaluated with numpy at several sizes and every value of the free indices
    (1-based, as written), on random arrays; sequences (``beta``) are random vectors of length 12."""
    CASES.append(
        {
            "group": group,
            "kind": "indexed",
            "left": left,
            "op": op,
            "right": right,
            "py_left": py_l,
            "py_right": py_r,
            "shapes": {k: list(v) for k, v in shapes.items()},
            "free": list(free),
        }
    )


def index_cases() -> None:
    v = {"x": ("n", 1), "y": ("n", 1)}
    m = {"A": ("n", "n"), "x": ("n", 1)}
    pairs = [
        # (left, right true, right false, python left, python true, python false, shapes, free)
        ("\\sum_{i=1}^{n} x_i", "\\mathbf{1}_n^\\top x", "x^\\top x", "x.sum()", "x.sum()", "x@x", v, ()),
        ("\\sum_{i=1}^{n} x_i y_i", "x^\\top y", "x^\\top x", "(x*y).sum()", "x@y", "x@x", v, ()),
        (
            "\\sum_{i=1}^{n-1} x_i y_i",
            "x^\\top y-x_n y_n",
            "x^\\top y",
            "(x[:-1]*y[:-1]).sum()",
            "x@y-x[-1]*y[-1]",
            "x@y",
            v,
            (),
        ),
        (
            "\\sum_i x_i^2",
            "\\|x\\|_2^2",
            "\\|x\\|_2",
            "(x**2).sum()",
            "(x**2).sum()",
            "np.sqrt((x**2).sum())",
            v,
            (),
        ),
        (
            "\\sum_{i=1}^{n}\\big(x_i-\\tfrac1n\\mathbf{1}_n^\\top x\\big)",
            "0",
            "\\mathbf{1}_n^\\top x",
            "(x-x.mean()).sum()",
            "0.0",
            "x.sum()",
            v,
            (),
        ),
        (
            "\\sum_{i=1}^{n} a_{ii}",
            "\\operatorname{tr}(A)",
            "\\operatorname{tr}(A^2)",
            "np.trace(A)",
            "np.trace(A)",
            "np.trace(A@A)",
            m,
            (),
        ),
        (
            "\\sum_{k=1}^{n}\\sum_{j=1}^{n} a_{kj}",
            "\\mathbf{1}_n^\\top A\\mathbf{1}_n",
            "\\operatorname{tr}(A)",
            "A.sum()",
            "A.sum()",
            "np.trace(A)",
            m,
            (),
        ),
        (
            "\\sum_{j=1}^{n} a_{ij}x_j",
            "\\sum_{j=1}^{n} x_j a_{ij}",
            "\\sum_{j=1}^{n} a_{ji}x_j",
            "(A@x)[i-1]",
            "(A@x)[i-1]",
            "(A.T@x)[i-1]",
            m,
            ("i",),
        ),
        (
            "\\sum_{j\\ne i} x_j",
            "\\mathbf{1}_n^\\top x-x_i",
            "\\mathbf{1}_n^\\top x",
            "x.sum()-x[i-1]",
            "x.sum()-x[i-1]",
            "x.sum()",
            v,
            ("i",),
        ),
        ("x_i y_i", "y_i x_i", "x_i^2", "x[i-1]*y[i-1]", "x[i-1]*y[i-1]", "x[i-1]**2", v, ("i",)),
        (
            "\\prod_{i=1}^{n} e^{x_i}",
            "e^{\\mathbf{1}_n^\\top x}",
            "e^{x^\\top x}",
            "np.prod(np.exp(x))",
            "np.exp(x.sum())",
            "np.exp(x@x)",
            v,
            (),
        ),
        ("\\sum_{i=1}^{n} 1", "n", "n+1", "float(n)", "float(n)", "float(n+1)", v, ()),
        (
            "\\operatorname{tr}(I_n)",
            "n",
            "n^2",
            "float(n)",
            "float(n)",
            "float(n*n)",
            {"I_n": ("n", "n")},
            (),
        ),
        (
            "\\sum_{s=1}^{3}\\beta_s",
            "\\beta_1+\\beta_2+\\beta_3",
            "\\beta_1+\\beta_2",
            "beta[:3].sum()",
            "beta[0]+beta[1]+beta[2]",
            "beta[0]+beta[1]",
            {},
            (),
        ),
        (
            "\\log\\prod_{s=1}^{4}\\beta_s",
            "\\sum_{s=1}^{4}\\log\\beta_s",
            "\\sum_{s=1}^{3}\\log\\beta_s",
            "np.log(np.prod(beta[:4]))",
            "np.log(beta[:4]).sum()",
            "np.log(beta[:3]).sum()",
            {},
            (),
        ),
        (
            "\\sum_{i=1}^{n}(x_i+y_i)^2",
            "\\|x\\|_2^2+2x^\\top y+\\|y\\|_2^2",
            "\\|x\\|_2^2+\\|y\\|_2^2",
            "((x+y)**2).sum()",
            "x@x+2*x@y+y@y",
            "x@x+y@y",
            v,
            (),
        ),
        (
            "\\frac1n\\sum_{i=1}^{n}(x_i-\\tfrac1n\\mathbf{1}_n^\\top x)^2",
            "\\frac1n x^\\top x-\\big(\\tfrac1n\\mathbf{1}_n^\\top x\\big)^2",
            "\\frac1n x^\\top x-\\tfrac1n\\big(\\tfrac1n\\mathbf{1}_n^\\top x\\big)^2",
            "((x-x.mean())**2).mean()",
            "x@x/n-x.mean()**2",
            "x@x/n-x.mean()**2/n",
            v,
            (),
        ),
    ]
    for left, good, bad, py_l, py_good, py_bad, shapes, free in pairs:
        idx("indexed", left, "=", good, py_l, py_good, shapes, free)
        idx("indexed", left, "=", bad, py_l, py_bad, shapes, free)
    # derivatives of sums over entries, by coordinates (labelled by central differences)
    deriv = [
        (
            "\\frac{\\partial}{\\partial x_j}\\sum_{i=1}^{n}x_i^2",
            "2x_j",
            "2x_j^2",
            "numgrad(lambda v: (v**2).sum(), x)[j-1]",
            "2*x[j-1]",
            "2*x[j-1]**2",
        ),
        (
            "\\frac{\\partial}{\\partial x_j}\\frac1n\\sum_{i=1}^{n}x_i",
            "\\frac1n",
            "1",
            "numgrad(lambda v: v.mean(), x)[j-1]",
            "1/n",
            "1.0",
        ),
        ("\\partial x_i/\\partial x_j", "\\delta_{ij}", "1", "float(i==j)", "float(i==j)", "1.0"),
        (
            "\\frac{\\partial}{\\partial x_j}\\sum_{i=1}^{n}x_i y_i",
            "y_j",
            "x_j",
            "numgrad(lambda v: (v*y).sum(), x)[j-1]",
            "y[j-1]",
            "x[j-1]",
        ),
        (
            "\\partial_{x_j}\\prod_{i=1}^{n}e^{x_i y_i}",
            "y_j e^{x^\\top y}",
            "e^{x^\\top y}",
            "numgrad(lambda v: np.prod(np.exp(v*y)), x)[j-1]",
            "y[j-1]*np.exp(x@y)",
            "np.exp(x@y)",
        ),
    ]
    for left, good, bad, py_l, py_good, py_bad in deriv:
        free = ("i", "j") if "x_i/" in left else ("j",)
        idx("indexed-derivative", left, "=", good, py_l, py_good, v, free)
        idx("indexed-derivative", left, "=", bad, py_l, py_bad, v, free)
    # entries of a matrix expression, rows of a declared X (x_i beside X), a column tuple
    idx(
        "indexed",
        "(A^2)_{ij}",
        "=",
        "\\sum_{k=1}^{n} a_{ik}a_{kj}",
        "(A@A)[i-1,j-1]",
        "sum(A[i-1,k]*A[k,j-1] for k in range(n))",
        m,
        ("i", "j"),
    )
    idx(
        "indexed",
        "(A^2)_{ij}",
        "=",
        "\\sum_{k=1}^{n} a_{ik}a_{jk}",
        "(A@A)[i-1,j-1]",
        "sum(A[i-1,k]*A[j-1,k] for k in range(n))",
        m,
        ("i", "j"),
    )
    rows = {"X": ("n", "d"), "x_i": ("d", 1), "y": ("n", 1), "w": ("d", 1)}
    left = "\\sum_{i=1}^{n}\\left(x_i^\\top w-y_i\\right)^2"
    idx("indexed", left, "=", "\\|Xw-y\\|_2^2", "((X@w-y)**2).sum()", "((X@w-y)**2).sum()", rows)
    idx("indexed", left, "=", "\\|Xw\\|_2^2-\\|y\\|_2^2", "((X@w-y)**2).sum()", "(X@w)@(X@w)-y@y", rows)
    # a row x_i of a one-column X times a bracket is a product, not an undefined function
    rows1 = {"X": ("n", 1), "x_i": (1, 1), "y": ("n", 1), "w": (1, 1)}
    prod = "\\sum_{i=1}^{n}x_i(x_i w-y_i)"
    twin = "sum(X[i]*(X[i]*w[0]-y[i]) for i in range(n))"
    idx(
        "indexed",
        prod,
        "=",
        "\\sum_{i=1}^{n}(x_i^2w-x_iy_i)",
        twin,
        "sum(X[i]**2*w[0]-X[i]*y[i] for i in range(n))",
        rows1,
    )
    idx(
        "indexed",
        prod,
        "=",
        "\\sum_{i=1}^{n}(x_i^2w+x_iy_i)",
        twin,
        "sum(X[i]**2*w[0]+X[i]*y[i] for i in range(n))",
        rows1,
    )
    idx("indexed", "(x_1,x_2)^\\top", "=", "(x_1,x_2)^\\top", "x[0]", "x[0]", v)
    idx("indexed", "\\sum_i x_i^2", "\\ge", "0", "(x**2).sum()", "0.0", v)
    idx("indexed", "\\sum_i x_i^2", "<", "0", "(x**2).sum()", "0.0", v)
    # sums whose bound is a count the note declares as a number (n ∈ ℕ, no array's size), over
    # a sequence: expanded at concrete counts (translate_sums); the false twins drop a factor,
    # shift the range or index the wrong term
    c = {"c": (1, 1), "n": (1, 1)}
    counted = [
        (
            "\\sum_{s=1}^{n}\\beta_s",
            "\\beta_n+\\sum_{s=1}^{n-1}\\beta_s",
            "\\beta_1+\\sum_{s=1}^{n-1}\\beta_s",
            "beta[:n].sum()",
            "beta[n-1]+beta[:n-1].sum()",
            "beta[0]+beta[:n-1].sum()",
            {"n": (1, 1)},
        ),
        (
            "\\prod_{s=1}^{n}(1-\\beta_s)",
            "(1-\\beta_n)\\prod_{s=1}^{n-1}(1-\\beta_s)",
            "(1-\\beta_n)\\prod_{s=1}^{n}(1-\\beta_s)",
            "np.prod(1-beta[:n])",
            "(1-beta[n-1])*np.prod(1-beta[:n-1])",
            "(1-beta[n-1])*np.prod(1-beta[:n])",
            {"n": (1, 1)},
        ),
        (
            "\\sum_{m=1}^{n}(\\beta_m-c)^2",
            "\\sum_{m=1}^{n}\\beta_m^2-2c\\sum_{m=1}^{n}\\beta_m+nc^2",
            "\\sum_{m=1}^{n}\\beta_m^2-2c\\sum_{m=1}^{n}\\beta_m+c^2",
            "((beta[:n]-c[0])**2).sum()",
            "(beta[:n]**2).sum()-2*c[0]*beta[:n].sum()+n*c[0]**2",
            "(beta[:n]**2).sum()-2*c[0]*beta[:n].sum()+c[0]**2",
            c,
        ),
        (
            "\\sum_{t=0}^{n-1}\\beta_{t+1}",
            "\\sum_{t=1}^{n}\\beta_t",
            "\\sum_{t=1}^{n-1}\\beta_t",
            "beta[:n].sum()",
            "beta[:n].sum()",
            "beta[:n-1].sum()",
            {"n": (1, 1)},
        ),
        (
            "\\sum_{j=1}^{n}c\\,\\beta_j",
            "c\\sum_{j=1}^{n}\\beta_j",
            "-c\\sum_{j=1}^{n}\\beta_j",
            "(c[0]*beta[:n]).sum()",
            "c[0]*beta[:n].sum()",
            "-c[0]*beta[:n].sum()",
            c,
        ),
    ]
    for left, good, bad, py_l, py_good, py_bad, shapes in counted:
        idx("counted", left, "=", good, py_l, py_good, shapes)
        idx("counted", left, "=", bad, py_l, py_bad, shapes)
    count = {"n": (1, 1)}
    idx("counted", "\\sum_{s=1}^{n}\\beta_s^2", "\\ge", "0", "(beta[:n]**2).sum()", "0.0", count)
    idx("counted", "\\sum_{s=1}^{n}\\beta_s", "\\le", "n\\beta_1", "beta[:n].sum()", "n*beta[0]", count)
    # a count no note declares is ours to choose: verified where it holds, a failure not reported
    idx(
        "counted",
        "\\sum_{s=1}^{n}\\beta_s",
        "=",
        "\\sum_{s=2}^{n}\\beta_s+\\beta_1",
        "beta[:n].sum()",
        "beta[:n].sum()",
        {},
    )
    # ranges written as sets (i\in\{1,\dots,n\}, i\in[n]), inner products of declared vectors
    # and matrices (⟨x,y⟩ = x^⊤y, ⟨A,B⟩ = tr(A^⊤B)), arg max over a finite index (1-based,
    # the first on a tie): true ones and near misses (a wrong range, a missing transpose, a min)
    ab = {"A": ("n", "n"), "x": ("n", 1), "y": ("n", 1)}
    written = [
        ("\\sum_{i\\in\\{1,\\dots,n\\}} x_i y_i", "x^\\top y", "x^\\top x", "x@y", "x@y", "x@x", v),
        ("\\sum_{i\\in[n]} x_i^2", "\\|x\\|_2^2", "\\mathbf{1}_n^\\top x", "x@x", "x@x", "x.sum()", v),
        (
            "\\sum_{i\\in\\{2,\\dots,n\\}} x_i",
            "\\mathbf{1}_n^\\top x-x_1",
            "\\mathbf{1}_n^\\top x",
            "x[1:].sum()",
            "x.sum()-x[0]",
            "x.sum()",
            v,
        ),
        ("\\langle x, y\\rangle", "x^\\top y", "x^\\top x", "x@y", "x@y", "x@x", v),
        (
            "\\langle Ax, y\\rangle",
            "\\langle x, A^\\top y\\rangle",
            "\\langle x, A y\\rangle",
            "(A@x)@y",
            "x@(A.T@y)",
            "x@(A@y)",
            ab,
        ),
        (
            "\\langle A, A\\rangle",
            "\\operatorname{tr}(A^\\top A)",
            "\\operatorname{tr}(A^2)",
            "(A*A).sum()",
            "np.trace(A.T@A)",
            "np.trace(A@A)",
            ab,
        ),
        (
            "\\arg\\max_i x_i",
            "\\arg\\max_i e^{x_i}",
            "\\arg\\min_i x_i",
            "float(np.argmax(x)+1)",
            "float(np.argmax(np.exp(x))+1)",
            "float(np.argmin(x)+1)",
            v,
        ),
        (
            "\\arg\\max_{i\\in\\{1,\\dots,n\\}} (x_i+y_1)",
            "\\arg\\max_i x_i",
            "\\arg\\max_i (x_i+y_i)",
            "float(np.argmax(x+y[0])+1)",
            "float(np.argmax(x)+1)",
            "float(np.argmax(x+y)+1)",
            v,
        ),
    ]
    written.append(
        (
            "\\operatorname{argmax}_i x_i",
            "\\operatorname*{arg\\,max}_i e^{x_i}",
            "\\mathrm{argmin}_i x_i",
            "float(np.argmax(x)+1)",
            "float(np.argmax(np.exp(x))+1)",
            "float(np.argmin(x)+1)",
            v,
        )
    )
    for left, good, bad, py_l, py_good, py_bad, shapes in written:
        idx("written-range", left, "=", good, py_l, py_good, shapes)
        idx("written-range", left, "=", bad, py_l, py_bad, shapes)
    # samples y^{(i)} indexed by a sum's index (independent scalars: the sequence beta here),
    # the count n declared; false twins: a repeated sample, the wrong last sample
    samples = [
        (
            "\\sum_{i=1}^{n} y^{(i)}",
            "y^{(n)}+\\sum_{i=1}^{n-1} y^{(i)}",
            "y^{(1)}+\\sum_{i=1}^{n-1} y^{(i)}",
            "beta[:n].sum()",
            "beta[n-1]+beta[:n-1].sum()",
            "beta[0]+beta[:n-1].sum()",
        ),
        (
            "\\sum_{i=1}^{3} y^{(i)}",
            "y^{(1)}+y^{(2)}+y^{(3)}",
            "y^{(1)}+y^{(2)}+y^{(2)}",
            "beta[:3].sum()",
            "beta[0]+beta[1]+beta[2]",
            "beta[0]+beta[1]+beta[1]",
        ),
        (
            "\\sum_{i=1}^{n} \\big(y^{(i)}\\big)^2",
            "\\sum_{i=1}^{n-1} \\big(y^{(i+1)}\\big)^2+\\big(y^{(1)}\\big)^2",
            "\\sum_{i=1}^{n-1} \\big(y^{(i)}\\big)^2+\\big(y^{(1)}\\big)^2",
            "(beta[:n]**2).sum()",
            "(beta[1:n]**2).sum()+beta[0]**2",
            "(beta[:n-1]**2).sum()+beta[0]**2",
        ),
    ]
    for left, good, bad, py_l, py_good, py_bad in samples:
        idx("samples", left, "=", good, py_l, py_good, {"n": (1, 1)})
        idx("samples", left, "=", bad, py_l, py_bad, {"n": (1, 1)})
    # entries x^{(i)}_j of samples x^{(i)} ∈ R^n: the twin reads sample i as row i of X
    rows = {"x^{(i)}": ("n", 1), "X": ("n", "n"), "n": (1, 1)}
    idx(
        "samples",
        "\\sum_{i=1}^{n} x^{(i)}_j",
        "=",
        "\\Big(\\sum_{i=1}^{n} x^{(i)}\\Big)_j",
        "X[:, j-1].sum()",
        "X[:, j-1].sum()",
        rows,
        ("j",),
    )
    idx(
        "samples",
        "\\sum_{i=1}^{n} x^{(i)}_j",
        "=",
        "\\Big(\\sum_{i=2}^{n} x^{(i)}\\Big)_j",
        "X[:, j-1].sum()",
        "X[1:, j-1].sum()",
        rows,
        ("j",),
    )
    pair = "\\sum_{i=1}^{2} x^{(i)}_j x^{(i)}_k"
    py_pair = "(X[:2, j-1]*X[:2, k-1]).sum()"
    good = "x^{(1)}_j x^{(1)}_k+x^{(2)}_j x^{(2)}_k"
    bad = "x^{(1)}_j x^{(2)}_k+x^{(2)}_j x^{(1)}_k"
    idx("samples", pair, "=", good, py_pair, py_pair, rows, ("j", "k"))
    idx("samples", pair, "=", bad, py_pair, "X[0,j-1]*X[1,k-1]+X[1,j-1]*X[0,k-1]", rows, ("j", "k"))


def _numgrad(f: Any, v: np.ndarray) -> np.ndarray:
    """Central differences (step 1e-6), independent of any formula."""
    out = np.zeros_like(v)
    for k in range(len(v)):
        e = np.zeros_like(v)
        e[k] = 1e-6
        out[k] = (f(v + e) - f(v - e)) / 2e-6
    return out


def label_indexed(case: Case) -> bool:
    """At sizes 2..6 and every value of the free indices, on random arrays (numpy, not notelint)."""
    gen = np.random.default_rng(
        abs(hash(case["latex"] if "latex" in case else case["left"] + case["right"])) % 2**32
    )
    op = case["op"].replace("\\ge", ">=").replace("\\le", "<=")
    for n in (2, 3, 4, 5, 6):
        for _ in range(3):
            env: dict[str, Any] = {"np": np, "n": n, "beta": gen.uniform(0.1, 0.9, 12), "numgrad": _numgrad}
            for name, (rows, cols) in case["shapes"].items():
                if name == "n":
                    continue  # n declared as a count (n ∈ ℕ): the size itself, not an array
                r = n if isinstance(rows, str) else rows
                c = n if isinstance(cols, str) else cols
                a = gen.standard_normal((r, c))
                env[name] = a[:, 0] if c == 1 else a
            for values in itertools.product(range(1, n + 1), repeat=len(case["free"])):
                env.update(zip(case["free"], values))
                a = float(eval(case["py_left"], {**env}))
                b = float(eval(case["py_right"], {**env}))
                tol = 1e-6 if "numgrad" in case["py_left"] else 1e-9
                tie = abs(a - b) <= tol * max(1.0, abs(a), abs(b))
                if op == "=":
                    ok = tie
                elif op in (">=", "<="):
                    ok = tie or (a > b if op == ">=" else a < b)
                else:
                    ok = (not tie) and (a < b if op == "<" else a > b)
                if not ok:
                    return False
    return True


# ---- sums over a named index set (session 9: \sum_{i\in\mathcal{I}_k}, |\mathcal{I}_k|) -----------
def iset(
    left: str,
    op: str,
    right: str,
    py_l: str,
    py_r: str,
    values: dict[str, str] | None = None,
    min_n: int = 1,
    positive: bool = False,
) -> None:
    """A relation over ``x, y \\in \\mathbb{R}^n`` and index sets the note never lists: the
    Python twin is evaluated with numpy on random nonempty subsets ``S`` (and ``T``) of
    ``range(n)`` (0-based) at several ``n``; true only if it holds for every subset drawn."""
    CASES.append(
        {
            "group": "index-set",
            "kind": "index-set",
            "left": left,
            "op": op,
            "right": right,
            "py_left": py_l,
            "py_right": py_r,
            "shapes": {"x": ["n", 1], "y": ["n", 1]},
            "values": dict(values or {}),
            "min_n": min_n,
            "positive": positive,
        }
    )


def index_set_cases() -> None:
    i_set = "\\mathcal{I}"
    xbar = {"\\bar x": f"\\frac{{1}}{{|{i_set}|}}\\sum_{{j\\in{i_set}}}x_j"}
    pairs: list[tuple[Any, ...]] = [
        # (left, right true, right false, python left, python true, python false, values, min_n, positive)
        (
            f"\\sum_{{i\\in{i_set}}} x_i",
            f"\\sum_{{j\\in{i_set}}} x_j",
            f"\\sum_{{j\\in{i_set}}} y_j",
            "x[S].sum()",
            "x[S].sum()",
            "y[S].sum()",
            None,
            1,
            False,
        ),
        (
            f"\\sum_{{i\\in{i_set}}}(x_i-c)",
            f"\\sum_{{i\\in{i_set}}}x_i-|{i_set}|c",
            f"\\sum_{{i\\in{i_set}}}x_i-c",
            "(x[S]-c).sum()",
            "x[S].sum()-len(S)*c",
            "x[S].sum()-c",
            None,
            1,
            False,
        ),
        (
            f"\\sum_{{i\\in{i_set}}}(x_i-c)^2",
            f"\\sum_{{i\\in{i_set}}}x_i^2-2c\\sum_{{i\\in{i_set}}}x_i+|{i_set}|c^2",
            f"\\sum_{{i\\in{i_set}}}x_i^2-2c\\sum_{{i\\in{i_set}}}x_i+c^2",
            "((x[S]-c)**2).sum()",
            "(x[S]**2).sum()-2*c*x[S].sum()+len(S)*c**2",
            "(x[S]**2).sum()-2*c*x[S].sum()+c**2",
            None,
            1,
            False,
        ),
        (
            f"\\sum_{{i\\in{i_set}}} x_i y_i",
            f"\\sum_{{i\\in{i_set}}} y_i x_i",
            f"\\Big(\\sum_{{i\\in{i_set}}}x_i\\Big)\\Big(\\sum_{{j\\in{i_set}}}y_j\\Big)",
            "(x[S]*y[S]).sum()",
            "(x[S]*y[S]).sum()",
            "x[S].sum()*y[S].sum()",
            None,
            1,
            False,
        ),
        (
            "\\sum_{a\\in\\mathcal{A}} 2x_a",
            "2\\sum_{a\\in\\mathcal{A}} x_a",
            "\\sum_{a\\in\\mathcal{A}} x_a+2",
            "2*x[S].sum()",
            "2*x[S].sum()",
            "x[S].sum()+2",
            None,
            1,
            False,
        ),
        (
            "\\prod_{i\\in S} e^{x_i}",
            "\\exp\\Big(\\sum_{i\\in S} x_i\\Big)",
            "\\exp\\Big(-\\sum_{i\\in S} x_i\\Big)",
            "np.exp(x[S]).prod()",
            "np.exp(x[S].sum())",
            "np.exp(-x[S].sum())",
            None,
            1,
            False,
        ),
        (
            f"\\sum_{{i\\in{i_set}}} 1",
            f"|{i_set}|",
            f"|{i_set}|+1",
            "float(len(S))",
            "float(len(S))",
            "len(S)+1.0",
            None,
            1,
            False,
        ),
        (
            f"\\sum_{{i\\in{i_set}}}(x_i-\\bar x)^2",
            f"\\sum_{{i\\in{i_set}}}x_i^2-|{i_set}|\\bar x^2",
            f"\\sum_{{i\\in{i_set}}}x_i^2-\\bar x^2",
            "((x[S]-x[S].mean())**2).sum()",
            "(x[S]**2).sum()-len(S)*x[S].mean()**2",
            "(x[S]**2).sum()-x[S].mean()**2",
            xbar,
            1,
            False,
        ),
        (
            "\\sum_{i\\in\\{1,3\\}} x_i",
            "x_1+x_3",
            "x_1+x_2",
            "x[0]+x[2]",
            "x[0]+x[2]",
            "x[0]+x[1]",
            None,
            3,
            False,
        ),
        (
            "\\sum_{i\\in\\{2,4,5\\}} x_i^2",
            "x_2^2+x_4^2+x_5^2",
            "x_2^2+x_3^2+x_5^2",
            "x[1]**2+x[3]**2+x[4]**2",
            "x[1]**2+x[3]**2+x[4]**2",
            "x[1]**2+x[2]**2+x[4]**2",
            None,
            5,
            False,
        ),
        (
            "\\log\\prod_{i\\in S} x_i",
            "\\sum_{i\\in S}\\log x_i",
            "\\sum_{i\\in S}\\log x_i+\\log|S|",
            "np.log(x[S].prod())",
            "np.log(x[S]).sum()",
            "np.log(x[S]).sum()+np.log(len(S))",
            None,
            1,
            True,
        ),
        (
            f"\\frac{{1}}{{|{i_set}|}}\\sum_{{i\\in{i_set}}}(x_i+c)",
            "\\bar x+c",
            f"\\bar x+\\frac{{c}}{{|{i_set}|}}",
            "(x[S]+c).mean()",
            "x[S].mean()+c",
            "x[S].mean()+c/len(S)",
            xbar,
            1,
            False,
        ),
    ]
    for left, true, false, py_l, py_t, py_f, values, min_n, positive in pairs:
        iset(left, "=", true, py_l, py_t, values, min_n, positive)
        iset(left, "=", false, py_l, py_f, values, min_n, positive)
    # inequalities: exact, in both directions
    iset(f"\\sum_{{i\\in{i_set}}} x_i^2", "\\ge", "0", "(x[S]**2).sum()", "0.0")
    cauchy = f"\\Big(\\sum_{{i\\in{i_set}}} x_i\\Big)^2"
    iset(f"|{i_set}|\\sum_{{i\\in{i_set}}} x_i^2", "\\ge", cauchy, "len(S)*(x[S]**2).sum()", "x[S].sum()**2")
    iset(f"\\sum_{{i\\in{i_set}}} x_i^2", "\\ge", cauchy, "(x[S]**2).sum()", "x[S].sum()**2")
    # primed summation indices (k', t'): one name, read like any index
    v = {"x": ("n", 1), "y": ("n", 1)}
    soft = "\\frac{e^{x_k}}{\\sum_{k'=1}^{n} e^{x_{k'}}}"
    primed = [
        ("\\sum_{k'=1}^{n} x_{k'}", "\\mathbf{1}_n^\\top x", "x^\\top x", "x.sum()", "x.sum()", "x@x", ()),
        (
            soft,
            "\\frac{e^{x_k-y_1}}{\\sum_{k'=1}^{n} e^{x_{k'}-y_1}}",
            "\\frac{e^{x_k-y_1}}{\\sum_{k'=1}^{n} e^{x_{k'}}}",
            "np.exp(x[k-1])/np.exp(x).sum()",
            "np.exp(x[k-1]-y[0])/np.exp(x-y[0]).sum()",
            "np.exp(x[k-1]-y[0])/np.exp(x).sum()",
            ("k",),
        ),
        (
            "\\sum_{t'=t}^{n} x_{t'}",
            "x_t+\\sum_{t'=t+1}^{n} x_{t'}",
            "2x_t+\\sum_{t'=t+1}^{n} x_{t'}",
            "x[t-1:].sum()",
            "x[t-1]+x[t:].sum()",
            "2*x[t-1]+x[t:].sum()",
            ("t",),
        ),
    ]
    for left, true, false, py_l, py_t, py_f, free in primed:
        idx("index-set", left, "=", true, py_l, py_t, v, free)
        idx("index-set", left, "=", false, py_l, py_f, v, free)
    # a wrong index set: the sum over all of 1..n is not the sum over a subset
    iset(f"\\sum_{{i\\in{i_set}}} x_i", "=", "\\sum_{i=1}^{n} x_i", "x[S].sum()", "x.sum()")


def label_index_set(case: Case) -> bool:
    """For n in min_n..6, random nonempty subsets S, T of range(n) and random x, y, c (numpy)."""
    gen = np.random.default_rng(abs(hash(case["left"] + case["op"] + case["right"])) % 2**32)
    op = case["op"].replace("\\ge", ">=").replace("\\le", "<=")
    for n in range(max(case["min_n"], 1), 7):
        for _ in range(6):
            size = int(gen.integers(1, n + 1))
            subset = np.sort(gen.choice(n, size=size, replace=False))
            lo, hi = (0.1, 2.0) if case["positive"] else (-2.0, 2.0)
            env: dict[str, Any] = {
                "np": np,
                "S": subset,
                "x": gen.uniform(lo, hi, n),
                "y": gen.uniform(lo, hi, n),
                "c": float(gen.uniform(-2.0, 2.0)),
            }
            a = float(eval(case["py_left"], env))
            b = float(eval(case["py_right"], env))
            tie = abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
            ok = tie if op == "=" else (tie or (a > b if op == ">=" else a < b))
            if not ok:
                return False
    return True


# ---- labelling -----------------------------------------------------------------------------------
def _eval_numbers(src: str) -> Any:
    return eval(src, {"__builtins__": {}, **NS})  # our own strings above, never note text


def _sample(domain: str, rng: random.Random) -> Any:
    if domain == "positive":
        return mp.mpf(rng.randint(1, 400)) / 100
    if domain == "negative":
        return -mp.mpf(rng.randint(1, 400)) / 100
    if domain == "integer":
        return mp.mpf(rng.randint(1, 9))
    if domain.startswith("integer:"):  # integer:1:200, counts beyond the first few
        _, lo, hi = domain.split(":")
        return mp.mpf(rng.randint(int(lo), int(hi)))
    if domain.startswith(("interval:", "closed:")):
        _, lo, hi = domain.split(":")
        return mp.mpf(lo) + (mp.mpf(hi) - mp.mpf(lo)) * mp.mpf(rng.randint(1, 99)) / 100
    raise ValueError(domain)


def _ends(domain: str) -> list[Any]:
    """The values of a closed range that random points never take (``closed:0:1``: 0 and 1)."""
    if domain.startswith("closed:"):
        _, lo, hi = domain.split(":")
        return [mp.mpf(lo), mp.mpf(hi)]
    return []


def _variables(src: str) -> list[str]:
    import ast

    names = {n.id for n in ast.walk(ast.parse(src, mode="eval")) if isinstance(n, ast.Name)}
    return sorted(names - set(NS) - {"abs", "tanh"})


def label_symbols(case: Case) -> bool:
    rng = random.Random(case["left"] + case["right"])
    ns = dict(NS, abs=abs, tanh=mp.tanh)
    names = sorted(set(_variables(case["py_left"])) | set(_variables(case["py_right"])))
    ends = [(n, v) for n in names for v in _ends(case["domain"].get(n, "positive"))]
    with mp.workdps(50):
        for k in range(24 + len(ends)):
            env = dict(ns)
            for n in names:
                env[n] = _sample(case["domain"].get(n, "positive"), rng)
            if k >= 24:  # each variable of a closed range at each of its ends
                name, value = ends[k - 24]
                env[name] = value
            try:
                a = eval(case["py_left"], {"__builtins__": {}, **env})
                b = eval(case["py_right"], {"__builtins__": {}, **env})
            except ZeroDivisionError:
                continue
            op = case["op"].replace("\\le", "<=").replace("\\ge", ">=").replace("\\ne", "!=")
            # quadrature (KLN) is good to ~25 digits, exact formulas to the working 50
            tol = mp.mpf(10) ** -(20 if "KLN" in case["py_left"] + case["py_right"] else 40)
            if op in ("<", "<=", ">", ">="):
                tie = abs(a - b) <= tol * max(1, abs(a), abs(b))
                ok = (op in ("<=", ">=")) if tie else {"<": a < b, "<=": a < b, ">": a > b, ">=": a > b}[op]
            else:
                ok = abs(a - b) <= tol * max(1, abs(a), abs(b))
            if not ok:
                return False
        if case["op"] in ("<", ">", "\\le", "\\ge", "<=", ">=") and len(names) == 1:
            # an inequality can fail between random points (x^2+0.24 ≥ x only near 1/2): scan a grid
            for point in _grid(names, case["domain"]):
                env = dict(ns, **point)
                try:
                    a = eval(case["py_left"], {"__builtins__": {}, **env})
                    b = eval(case["py_right"], {"__builtins__": {}, **env})
                except (ZeroDivisionError, ValueError):
                    continue
                if isinstance(a, mp.mpc) or isinstance(b, mp.mpc):
                    continue
                op = case["op"].replace("\\le", "<=").replace("\\ge", ">=")
                tie = abs(a - b) <= mp.mpf(10) ** -40 * max(1, abs(a), abs(b))
                ok = (op in ("<=", ">=")) if tie else {"<": a < b, "<=": a < b, ">": a > b, ">=": a > b}[op]
                if not ok:
                    return False
    return True


def _grid(names: list[str], domain: dict[str, str]) -> list[dict[str, Any]]:
    """Grid points over each variable's domain (positive: (0, 4]; an interval: its inside),
    400 per variable."""
    steps = 400
    axes = []
    for n in names:
        d = domain.get(n, "positive")
        if d == "positive":
            axes.append([mp.mpf(4) * k / steps for k in range(1, steps + 1)])
        elif d.startswith(("interval:", "closed:")):
            _, lo, hi = d.split(":")
            axes.append(
                [mp.mpf(lo) + (mp.mpf(hi) - mp.mpf(lo)) * k / (steps + 1) for k in range(1, steps + 1)]
            )
        else:
            return []
    return [dict(zip(names, values)) for values in itertools.product(*axes)]


def _random_matrix(kind: str | None, n: int, m: int, gen: np.random.Generator) -> np.ndarray:
    a = gen.standard_normal((n, m))
    if kind == "spd":
        return a @ a.T + 0.5 * np.eye(n)
    if kind == "symmetric":
        return (a + a.T) / 2
    if kind == "orthogonal":
        q, r = np.linalg.qr(a)
        return q * np.sign(np.diag(r))
    return a


def _grad_logdet(s: np.ndarray) -> np.ndarray:
    """∇_S log det S entry by entry (central differences), independent of any formula."""
    h = 1e-6
    out = np.zeros_like(s)
    for i in range(s.shape[0]):
        for j in range(s.shape[1]):
            e = np.zeros_like(s)
            e[i, j] = h
            out[i, j] = (np.log(abs(np.linalg.det(s + e))) - np.log(abs(np.linalg.det(s - e)))) / (2 * h)
    return out


def _kl_gaussians(m1: np.ndarray, s1: np.ndarray, m2: np.ndarray, s2: np.ndarray) -> float:
    """KL(N(m1, S1) ‖ N(m2, S2)), the textbook closed form written out here in NumPy."""
    m1, m2 = np.ravel(m1), np.ravel(m2)
    inv2 = np.linalg.inv(s2)
    d = m2 - m1
    k = len(m1)
    return float(
        0.5 * (np.trace(inv2 @ s1) + d @ inv2 @ d - k + np.log(np.linalg.det(s2) / np.linalg.det(s1)))
    )


def label_matrices(case: Case) -> bool:
    gen = np.random.default_rng(abs(hash(case["left"] + case["right"])) % 2**32)
    kinds = {a["symbol"]: a["kind"] for a in case["assume"]}
    ns: dict[str, Any] = {
        "np": np,
        "inv": np.linalg.inv,
        "det": np.linalg.det,
        "norm": np.linalg.norm,
        "grad_logdet": _grad_logdet,
        "KLMV": _kl_gaussians,
    }
    op = case["op"].replace("\\le", "<=")
    for _ in range(8):
        env = dict(ns)
        for name, (n, m) in case["shapes"].items():
            env[name] = env[name.lstrip("\\")] = _random_matrix(kinds.get(name), n, m, gen)
        a = np.asarray(eval(case["py_left"], {"__builtins__": {}, **env}), dtype=float)
        b = np.asarray(eval(case["py_right"], {"__builtins__": {}, **env}), dtype=float)
        if op == ">":
            ok = bool(np.all(a > b))
        elif op == ">=":
            ok = bool(np.all(a >= b))
        elif op == "<=":
            ok = bool(np.all(a <= b))
        else:
            ok = a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-6))
        if not ok:
            return False
    return True


def _expectation(spec: list[str], env: dict[str, Any]) -> Any:
    """``E(f)`` for one random symbol of law ``spec`` by quadrature (no moment formula)."""
    family, *params = spec
    values = [eval(p, {"__builtins__": {}, **env}) for p in params]  # our own strings
    if family == "normal":
        mean, cov = (
            np.atleast_1d(np.asarray(values[0], dtype=float)).ravel(),
            np.asarray(values[1], dtype=float),
        )
        vector = cov.ndim == 2
        cov = np.atleast_2d(cov)
        k = cov.shape[0]
        if mean.size == 1 and k > 1:
            mean = np.full(k, float(mean[0]))
        nodes, weights = np.polynomial.hermite.hermgauss(8)
        root = np.linalg.cholesky(cov)

        def e_normal(f: Any) -> Any:
            total: Any = 0.0
            for idx in itertools.product(range(len(nodes)), repeat=k):
                point = mean + np.sqrt(2.0) * root @ nodes[list(idx)]
                total = total + np.prod(weights[list(idx)]) * np.asarray(f(point if vector else point[0]))
            return total / np.pi ** (k / 2)

        return e_normal
    if family == "bernoulli":
        p = float(values[0])
        return lambda f: p * np.asarray(f(1.0)) + (1 - p) * np.asarray(f(0.0))
    if family == "uniform":
        a, b = float(values[0]), float(values[1])
        nodes, weights = np.polynomial.legendre.leggauss(12)

        def e_uniform(f: Any) -> Any:
            xs = (b - a) / 2 * nodes + (a + b) / 2
            return sum(w * np.asarray(f(x)) for x, w in zip(xs, weights)) / 2

        return e_uniform
    if family == "binomial":
        n, p = int(values[0]), float(values[1])
        return lambda f: sum(
            math.comb(n, k) * p**k * (1 - p) ** (n - k) * np.asarray(f(float(k))) for k in range(n + 1)
        )
    if family == "poisson":
        rate = float(values[0])
        # terms beyond 120 are below 1e-150 for the rates sampled here (< 3)
        return lambda f: sum(
            float(mp.exp(-rate) * mp.mpf(rate) ** k / mp.factorial(k)) * np.asarray(f(float(k)))
            for k in range(120)
        )
    if family == "beta":
        a, b = mp.mpf(values[0]), mp.mpf(values[1])
        # tanh-sinh quadrature copes with the density's endpoint singularities (a or b < 1)
        return lambda f: float(
            mp.quad(lambda t: t ** (a - 1) * (1 - t) ** (b - 1) * f(t), [0, 1]) / mp.beta(a, b)
        )
    raise ValueError(family)


def label_expect(case: Case) -> bool:
    rng = random.Random(case["left"] + case["right"])
    gen = np.random.default_rng(rng.randint(0, 2**31))
    kinds = {a["symbol"]: a["kind"] for a in case["assume"]}
    (spec,) = case["random"].values()
    py_names = {"\\mu": "mu", "\\Sigma": "Sigma", "\\sigma": "sigma", "\\varepsilon": "e"}
    for _ in range(8):
        env: dict[str, Any] = {"np": np}
        for name in ("a", "b", "c", "m", "s", "p", "sigma"):
            env[name] = float(_sample(case["domain"].get(name, "positive"), rng))
        for name, (n, m) in case["shapes"].items():
            env[py_names.get(name, name)] = (
                _random_matrix(kinds.get(name), n, m, gen).ravel()
                if m == 1
                else _random_matrix(kinds.get(name), n, m, gen)
            )
        e = _expectation(spec, env)
        env["E"] = e
        env["Var"] = lambda f, e=e: e(lambda v: f(v) ** 2) - e(f) ** 2
        env["Cov"] = lambda f, e=e: e(lambda v: np.outer(f(v), f(v))) - np.outer(e(f), e(f))
        a = np.asarray(eval(case["py_left"], {"__builtins__": {}, **env}), dtype=float)
        b = np.asarray(eval(case["py_right"], {"__builtins__": {}, **env}), dtype=float)
        if a.shape != b.shape and a.size != b.size:
            return False
        if not np.allclose(a.ravel(), b.ravel(), rtol=1e-8, atol=1e-9):
            return False
    return True


def label(case: Case) -> bool:
    if case["kind"] == "expect":
        return label_expect(case)
    if case["kind"] == "sized-eye":
        return label_sized_eye(case)
    if case["kind"] == "numbers":
        op = (
            case["op"]
            .replace("\\le", "<=")
            .replace("\\ge", ">=")
            .replace("\\ne", "!=")
            .replace("\\approx", "approx")
        )
        if case.get("decimals"):
            return label_rounded_approx(case)
        a, b = _eval_numbers(case["py_left"]), _eval_numbers(case["py_right"])
        return label_numbers(op, a, b, case["written"], case["order"])
    if case["kind"] == "symbols":
        return label_symbols(case)
    if case["kind"] == "indexed":
        return label_indexed(case)
    if case["kind"] == "index-set":
        return label_index_set(case)
    if case["kind"] == "sizes":
        return label_sizes(case)
    return label_matrices(case)


def _decimal_ends(written: str) -> tuple[Any, Any]:
    """What a decimal written in a worked example may stand for: rounded (±½ unit) or truncated (+1 unit)."""
    unit = mp.mpf(10) ** -len(written.split(".")[1])
    w = mp.mpf(written)
    return w - unit / 2, w + unit


def label_rounded_approx(case: Case) -> bool:
    """``exact \\approx f(d_1, …)`` with decimals d_i: within 1 % and inside the range f takes
    when each d_i runs over what it may stand for (every corner of that box)."""
    exact = _eval_numbers(case["py_left"])
    decimals = case["decimals"]
    center = _eval_numbers(case["py_right"].format(*decimals))
    if abs(exact - center) > mp.mpf("0.01") * max(abs(exact), abs(center)):
        return False
    values = [
        _eval_numbers(case["py_right"].format(*map(str, corner)))
        for corner in itertools.product(*(_decimal_ends(d) for d in decimals))
    ]
    return bool(min(values) <= exact <= max(values))


def rounded_approx_cases() -> None:
    """Approximations whose right side computes with the rounded values of a worked example: a
    digit copied wrong is within 1 % and must still be caught; correct roundings and truncations
    hold. The twin's right side is a template over the decimals as written."""
    rows = [
        (
            "-\\log\\sigma(0.5)-\\log\\sigma(1)",
            "-log(sigma(R(1,2)))-log(sigma(1))",
            "{}+{}",
            ["0.47408", "0.31326"],
        ),
        (
            "-\\log\\sigma(0.5)-\\log\\sigma(1)",
            "-log(sigma(R(1,2)))-log(sigma(1))",
            "{}+{}",
            ["0.47401", "0.31326"],
        ),
        (
            "-\\log\\sigma(0.5)-\\log\\sigma(1)",
            "-log(sigma(R(1,2)))-log(sigma(1))",
            "{}+{}",
            ["0.4741", "0.3133"],
        ),
        ("\\sqrt{2}\\cdot\\sqrt{3}", "sqrt(2)*sqrt(3)", "{}*{}", ["1.414", "1.732"]),
        ("\\sqrt{2}\\cdot\\sqrt{3}", "sqrt(2)*sqrt(3)", "{}*{}", ["1.414", "1.723"]),
        ("\\frac{e}{e+e^2}", "e/(e+e**2)", "{}/({}+{})", ["2.718", "2.718", "7.389"]),
        ("\\frac{e}{e+e^2}", "e/(e+e**2)", "{}/({}+{})", ["2.718", "2.718", "7.398"]),
        ("\\pi e", "pi*e", "{}*{}", ["3.14", "2.72"]),
        ("\\pi e", "pi*e", "{}*{}", ["3.14", "2.27"]),
        ("\\frac{1}{3}+\\frac{1}{7}", "R(1,3)+R(1,7)", "{}+{}", ["0.333", "0.143"]),
        ("\\frac{1}{3}+\\frac{1}{7}", "R(1,3)+R(1,7)", "{}+{}", ["0.333", "0.142"]),
        ("\\log 2+\\log 3", "log(2)+log(3)", "{}+{}", ["0.6931", "1.0986"]),
        ("\\log 2+\\log 3", "log(2)+log(3)", "{}+{}", ["0.6931", "1.0968"]),
        ("e^{-1}+e^{-2}", "exp(-1)+exp(-2)", "{}+{}", ["0.3679", "0.1353"]),
        ("e^{-1}+e^{-2}", "exp(-1)+exp(-2)", "{}+{}", ["0.3679", "0.1335"]),
        ("\\sigma(1)\\,\\sigma(-1)", "sigma(1)*sigma(-1)", "{}*{}", ["0.7311", "0.2689"]),
        ("\\sigma(1)\\,\\sigma(-1)", "sigma(1)*sigma(-1)", "{}*{}", ["0.7311", "0.2698"]),
        ("\\log(1.05)", "log(R(105,100))", "{}-{}", ["0.05", "0.00125"]),
        ("\\log(1.05)", "log(R(105,100))", "{}+{}", ["0.05", "0.00125"]),
        ("e^{0.5}", "exp(R(1,2))", "1+{}+{}+{}", ["0.5", "0.125", "0.0208"]),
    ]
    for left, py_left, template, decimals in rows:
        right = template.replace("*", "\\cdot ").format(*decimals)
        right = right.replace("/", "}{").join(("\\frac{", "}")) if "/" in template else right
        CASES.append(
            {
                "group": "approx-rounded",
                "kind": "numbers",
                "left": left,
                "op": "\\approx",
                "right": right,
                "py_left": py_left,
                "py_right": template,
                "decimals": decimals,
                "written": None,
                "order": None,
                "defs": SIGMA_DEF if "sigma" in py_left else [],
            }
        )


def opaque_cases() -> None:
    """Undefined functions and derivatives of undefined quantities (opaque atoms): each atom is
    an unknown number, written in the twin as a variable of its own (``Px`` for ``p(x)``, ``D``
    for ``\\nabla_\\theta p_\\theta``). True: holds for every value of them (notelint may verify
    it); false: fails for some (notelint must not verify it; it reports unknown, the note's own
    law may still make it true)."""
    pairs = [
        ("p(x)+p(x)", "=", "2p(x)", "Px+Px", "2*Px"),
        ("p(x)+p(y)", "=", "2p(x)", "Px+Py", "2*Px"),
        ("\\log\\frac{p(x,y)}{p(y)}", "=", "\\log p(x,y)-\\log p(y)", "log(Pxy/Py)", "log(Pxy)-log(Py)"),
        ("\\log\\frac{p(x,y)}{p(y)}", "=", "\\log p(x,y)+\\log p(y)", "log(Pxy/Py)", "log(Pxy)+log(Py)"),
        ("\\sum_{i=1}^{3} p(x_i)", "=", "p(x_1)+p(x_2)+p(x_3)", "P1+P2+P3", "P1+P2+P3"),
        ("\\sum_{i=1}^{3} p(x_i)", "=", "3p(x_1)", "P1+P2+P3", "3*P1"),
        ("\\nabla_\\theta p_\\theta", "=", "p_\\theta\\nabla_\\theta\\log p_\\theta", "D", "P*(D/P)"),
        ("\\nabla_\\theta\\log p_\\theta", "=", "p_\\theta\\nabla_\\theta p_\\theta", "D/P", "P*D"),
        (
            "\\frac{\\partial L}{\\partial\\gamma}\\,\\frac{\\partial L}{\\partial\\beta}",
            "=",
            "\\frac{\\partial L}{\\partial\\beta}\\,\\frac{\\partial L}{\\partial\\gamma}",
            "G*B",
            "B*G",
        ),
        ("\\frac{\\partial L}{\\partial\\gamma}", "=", "\\frac{\\partial L}{\\partial\\beta}", "G", "B"),
        ("\\frac{d}{dx}p(x)", "=", "0", "D", "0"),
        ("\\frac{d}{dx}\\big(x+p(x)\\big)", "=", "1+\\frac{d}{dx}p(x)", "1+D", "1+D"),
        ("\\frac{d}{dx}\\big(x+p(x)\\big)", "=", "1", "1+D", "1"),
        ("k(x,x')^2", "\\ge", "0", "K**2", "0"),
        ("\\lambda_{\\min}(H)+1", ">", "\\lambda_{\\min}(H)", "Lm+1", "Lm"),
        ("\\lambda_{\\min}(H)", ">", "\\lambda_{\\min}(H)+1", "Lm", "Lm+1"),
    ]
    # a policy \pi_\theta(a\mid s), \pi(a\mid s): an undefined function with a subscript or a
    # conditional argument, not the constant π (which stays the constant)
    pairs += [
        ("\\pi_\\theta(a\\mid s)+\\pi_\\theta(a\\mid s)", "=", "2\\pi_\\theta(a\\mid s)", "P+P", "2*P"),
        ("\\pi_\\theta(a\\mid s)+\\pi_{\\theta'}(a\\mid s)", "=", "2\\pi_\\theta(a\\mid s)", "P+Q", "2*P"),
        ("\\pi(a\\mid s)\\,\\pi(b\\mid s)", "=", "\\pi(b\\mid s)\\,\\pi(a\\mid s)", "P*Q", "Q*P"),
        ("\\pi(a\\mid s)", "=", "\\pi(b\\mid s)", "P", "Q"),
        ("\\pi_\\theta(a\\mid s)+1", ">", "\\pi_\\theta(a\\mid s)", "P+1", "P"),
        ("\\pi_\\theta(a\\mid s)", ">", "\\pi_\\theta(a\\mid s)+1", "P", "P+1"),
        ("\\pi(\\pi-1)", "=", "\\pi^2-\\pi", "pi*(pi-1)", "pi**2-pi"),
        ("\\pi(\\pi-1)", "=", "\\pi^2-1", "pi*(pi-1)", "pi**2-1"),
    ]
    for left, op, right, py_l, py_r in pairs:
        sym("opaque", left, op, right, py_l, py_r)
    # a function of θ applied at θ itself: its body's \pi_\theta keeps its subscript
    ratio = [
        {
            "name": "r",
            "args": ["\\theta"],
            "body": "\\frac{\\pi_\\theta(a\\mid s)}{\\pi_{\\theta_{\\text{old}}}(a\\mid s)}",
        }
    ]
    old_pi = "\\pi_{\\theta_{\\text{old}}}(a\\mid s)"
    sym("opaque", f"r(\\theta)\\,{old_pi}", "=", "\\pi_\\theta(a\\mid s)", "P/Q*Q", "P", defs=ratio)
    sym("opaque", f"r(\\theta)\\,{old_pi}", "=", old_pi, "P/Q*Q", "Q", defs=ratio)
    two_pi = "\\pi_\\theta(a\\mid s)+\\pi_\\theta(a\\mid s)"
    sym("opaque", f"2r(\\theta)\\,{old_pi}", "=", two_pi, "2*P/Q*Q", "2*P", defs=ratio)
    sym("opaque", f"2r(\\theta)\\,{old_pi}", "=", f"{two_pi}+1", "2*P/Q*Q", "2*P+1", defs=ratio)


def gradient_atom_cases() -> None:
    """``\\nabla f(x)``, ``\\nabla^2 f(x)`` of an undefined f: unknown vectors (matrices) of the
    argument's shape; the twin draws them as random vectors ``G``, ``F`` (matrix ``W``) of their
    own. True: holds for every value; false: fails for some (refuted only when the failure does
    not involve them; ``\\nabla f(x)+\\nabla f(y)=2\\nabla f(x)`` stays unknown by design)."""
    pairs = [
        ("\\nabla f(x)+\\nabla f(x)", "=", "2\\nabla f(x)", "G+G", "2*G"),
        ("\\nabla f(x)+\\nabla f(y)", "=", "2\\nabla f(x)", "G+F", "2*G"),
        ("\\nabla f(x)+1", "=", "\\nabla f(x)+2", "G+1", "G+2"),
        ("\\nabla f(x)\\cdot 0", "=", "1", "G*0", "1"),
    ]
    for left, op, right, py_l, py_r in pairs:
        sym("gradient-atoms", left, op, right, py_l, py_r)
    vec = {"x": (3, 1), "H": (3, 3), "G": (3, 1), "F": (3, 1), "W": (3, 3)}
    inv = [{"symbol": "H", "kind": "invertible"}]
    hess_x = "\\nabla^2 f(x)\\,x"
    mat(
        "gradient-atoms",
        "H^{-1}\\big(H\\nabla f(x)\\big)",
        "=",
        "\\nabla f(x)",
        "inv(H)@(H@G)",
        "G",
        vec,
        inv,
    )
    mat("gradient-atoms", "\\nabla f(x)+x", "=", "x+\\nabla f(x)", "G+x", "x+G", vec)
    mat("gradient-atoms", "\\nabla f(x)+x", "=", "\\nabla f(x)+2x", "G+x", "G+2*x", vec)
    mat("gradient-atoms", "2\\nabla f(x)+x", "=", "2\\nabla f(x)", "2*G+x", "2*G", vec)
    mat("gradient-atoms", f"{hess_x}+\\nabla f(x)", "=", f"\\nabla f(x)+{hess_x}", "W@x+G", "G+W@x", vec)
    mat("gradient-atoms", f"{hess_x}-x", "=", f"{hess_x}+x", "W@x-x", "W@x+x", vec)


def family_cases() -> None:
    """Members of a family the note declares by one index (``x_k \\in R^3``): ``x_{k+1}`` and
    ``x_0`` have its shape. The twin draws them as vectors ``xk1`` and ``x0`` of their own."""
    fam = {"x_k": (3, 1), "xk1": (3, 1), "x0": (3, 1)}
    step = "x_{k+1}-x_k"
    mat("family", step, "=", "-(x_k-x_{k+1})", "xk1-x_k", "-(x_k-xk1)", fam)
    mat("family", step, "=", "x_k-x_{k+1}", "xk1-x_k", "x_k-xk1", fam)
    mat(
        "family",
        f"({step})^\\top({step})",
        "=",
        f"\\|{step}\\|_2^2",
        "np.sum((xk1-x_k) ** 2)",
        "norm(xk1-x_k)**2",
        fam,
    )
    mat("family", "x_{k+1}^\\top x_k", "=", "x_k^\\top x_{k+1}", "xk1.T@x_k", "x_k.T@xk1", fam)
    mat("family", "x_{k+1}^\\top x_k", "=", "x_k^\\top x_k", "xk1.T@x_k", "x_k.T@x_k", fam)
    mat("family", "x_0+x_k", "=", "x_k+x_0", "x0+x_k", "x_k+x0", fam)
    mat("family", "x_0+x_k", "=", "2x_k", "x0+x_k", "2*x_k", fam)


# ---- adversarial families (session 8): ranges, kinks, counts, magnitudes, readings ---------------
def _interval(symbol: str, lo: str, hi: str, closed: bool = False) -> dict[str, Any]:
    return {
        "symbol": symbol,
        "kind": "interval",
        "lo": lo,
        "hi": hi,
        "lo_open": not closed,
        "hi_open": not closed,
    }


def range_cases() -> None:
    """Inequalities under stated ranges: the open ones true inside, the closed ones failing at an
    end random points never take (``p^2 < p`` on [0, 1]), strict ones whose sides meet inside."""
    pos = {"symbol": "a", "kind": "positive"}
    p01 = _interval("p", "0", "1")
    count = {"symbol": "n", "kind": "integer", "lo": "1", "hi": None}
    rows = [
        ("\\frac{a}{1+a}", "<", "1", "a/(1+a)", "mpf(1)", {"a": "positive"}, [pos]),
        ("\\frac{a}{1+a}", "<", "a", "a/(1+a)", "a", {"a": "positive"}, [pos]),
        ("\\frac{a}{1+a}", "\\le", "\\frac12", "a/(1+a)", "mpf(1)/2", {"a": "positive"}, [pos]),
        ("p(1-p)", "\\le", "\\frac14", "p*(1-p)", "mpf(1)/4", {"p": "interval:0:1"}, [p01]),
        ("p(1-p)", "\\le", "\\frac15", "p*(1-p)", "mpf(1)/5", {"p": "interval:0:1"}, [p01]),
        ("-p\\log p", "\\le", "e^{-1}", "-p*log(p)", "exp(-1)", {"p": "interval:0:1"}, [p01]),
        ("-p\\log p", "\\le", "0.36", "-p*log(p)", "mpf('0.36')", {"p": "interval:0:1"}, [p01]),
        ("\\log p", "\\le", "p-1", "log(p)", "p-1", {"p": "interval:0:1"}, [p01]),
        ("\\log p", "\\le", "1-\\frac{1}{p}", "log(p)", "1-1/p", {"p": "interval:0:1"}, [p01]),
        (
            "(1-p)^n",
            "\\le",
            "e^{-pn}",
            "(1-p)**n",
            "exp(-p*n)",
            {"p": "interval:0:1", "n": "integer"},
            [p01, count],
        ),
        (
            "(1-p)^n",
            "\\ge",
            "e^{-pn}",
            "(1-p)**n",
            "exp(-p*n)",
            {"p": "interval:0:1", "n": "integer"},
            [p01, count],
        ),
        ("(1-p)^n", "\\le", "1-pn", "(1-p)**n", "1-p*n", {"p": "interval:0:1", "n": "integer"}, [p01, count]),
        ("2^n", ">", "n+1", "mpf(2)**n", "n+1", {"n": "integer"}, [count]),
        ("n!", "\\ge", "2^{n-1}", "fac(n)", "mpf(2)**(n-1)", {"n": "integer"}, [count]),
        ("\\log(1+a)", "\\ge", "\\frac{a}{1+a}", "log(1+a)", "a/(1+a)", {"a": "positive"}, [pos]),
        ("\\log(1+a)", "\\le", "\\frac{a}{1+a}", "log(1+a)", "a/(1+a)", {"a": "positive"}, [pos]),
        ("e^{-a}", "\\le", "1-a+\\frac{a^2}{2}", "exp(-a)", "1-a+a**2/2", {"a": "positive"}, [pos]),
        ("e^{-a}", "\\ge", "1-a+\\frac{a^2}{2}", "exp(-a)", "1-a+a**2/2", {"a": "positive"}, [pos]),
        ("\\sin a", "\\ge", "a-\\frac{a^3}{6}", "sin(a)", "a-a**3/6", {"a": "positive"}, [pos]),
        ("\\sin a", "\\le", "a-\\frac{a^3}{6}", "sin(a)", "a-a**3/6", {"a": "positive"}, [pos]),
        # closed ranges: the ends decide
        ("p^2", "<", "p", "p**2", "p", {"p": "closed:0:1"}, [_interval("p", "0", "1", True)]),
        ("p^2", "\\le", "p", "p**2", "p", {"p": "closed:0:1"}, [_interval("p", "0", "1", True)]),
        ("p^2", "<", "p", "p**2", "p", {"p": "interval:0:1"}, [p01]),
        ("p(1-p)", ">", "0", "p*(1-p)", "mpf(0)", {"p": "closed:0:1"}, [_interval("p", "0", "1", True)]),
        (
            "\\gamma^2",
            "<",
            "1",
            "g**2",
            "mpf(1)",
            {"g": "closed:0:1"},
            [_interval("\\gamma", "0", "1", True)],
        ),
        (
            "\\gamma^2",
            "\\le",
            "1",
            "g**2",
            "mpf(1)",
            {"g": "closed:0:1"},
            [_interval("\\gamma", "0", "1", True)],
        ),
        ("e^{-x}", "<", "1", "exp(-x)", "mpf(1)", {"x": "closed:0:5"}, [_interval("x", "0", "5", True)]),
        ("e^{-x}", "\\le", "1", "exp(-x)", "mpf(1)", {"x": "closed:0:5"}, [_interval("x", "0", "5", True)]),
        # strict relations whose sides meet inside the range (at 1.01, 0.37, 0)
        (
            "x^2-2.02x+1.0201",
            ">",
            "0",
            "x**2-mpf('2.02')*x+mpf('1.0201')",
            "mpf(0)",
            {"x": "closed:1.01:5"},
            [_interval("x", "1.01", "5", True)],
        ),
        (
            "x^2-2.02x+1.0202",
            ">",
            "0",
            "x**2-mpf('2.02')*x+mpf('1.0202')",
            "mpf(0)",
            {"x": "interval:-5:5"},
            [_interval("x", "-5", "5")],
        ),
        (
            "\\cosh(x-0.37)",
            ">",
            "1",
            "cosh(x-mpf('0.37'))",
            "mpf(1)",
            {"x": "closed:0.37:4"},
            [_interval("x", "0.37", "4", True)],
        ),
        (
            "\\cosh(x-0.37)",
            "\\ge",
            "1",
            "cosh(x-mpf('0.37'))",
            "mpf(1)",
            {"x": "interval:-4:4"},
            [_interval("x", "-4", "4")],
        ),
        ("\\cosh x", ">", "1", "cosh(x)", "mpf(1)", {"x": "closed:0:4"}, [_interval("x", "0", "4", True)]),
        ("\\cosh x", ">", "1", "cosh(x)", "mpf(1)", {"x": "positive"}, [{"symbol": "x", "kind": "positive"}]),
    ]
    for left, op, right, py_l, py_r, domain, assume in rows:
        sym("range", left, op, right, py_l, py_r, domain, assume=assume)


def kink_cases() -> None:
    """Branches that switch beyond small values (``\\min(x, 20) = x``), roots that are |·| in
    disguise, principal inverses, and counts beyond the first few; the range is stated, wide."""
    wide = {"x": "interval:0:100"}  # the labeller's points are 1, 2, …, 99
    assume = [_interval("x", "0", "100")]
    rows = [
        ("\\min(x, 20)", "=", "x", "min(x, 20)", "x"),
        ("\\max(x, 20)+\\min(x, 20)", "=", "x+20", "max(x, 20)+min(x, 20)", "x+20"),
        ("|x-20|", "=", "20-x", "abs(x-20)", "20-x"),
        ("|x-20|", "=", "\\max(x-20, 20-x)", "abs(x-20)", "max(x-20, 20-x)"),
        ("\\min(x, 20)", "\\ge", "x", "min(x, 20)", "x"),
        ("\\min(x, 20)", "\\le", "x", "min(x, 20)", "x"),
        ("\\max(0, x-8)-\\max(0, 8-x)", "=", "x-8", "max(0, x-8)-max(0, 8-x)", "x-8"),
        ("\\max(0, x-50)+\\max(0, 50-x)", "=", "x-50", "max(0, x-50)+max(0, 50-x)", "x-50"),
        ("\\min(1, e^{x-10})", "=", "e^{x-10}", "min(1, exp(x-10))", "exp(x-10)"),
        ("\\min(1, e^{x-10})", "\\le", "e^{x-10}", "min(1, exp(x-10))", "exp(x-10)"),
        ("\\sqrt{(x-3)^2}", "=", "3-x", "sqrt((x-3)**2)", "3-x"),
        ("\\sqrt{(x-3)^2}", "=", "|x-3|", "sqrt((x-3)**2)", "abs(x-3)"),
        ("\\sqrt{x^2-20x+100}", "=", "10-x", "sqrt(x**2-20*x+100)", "10-x"),
        ("\\sqrt{(x-30)^2}", "\\le", "30", "sqrt((x-30)**2)", "mpf(30)"),
        ("\\sqrt{(x-30)^2}", "\\le", "x+30", "sqrt((x-30)**2)", "x+30"),
    ]
    for left, op, right, py_l, py_r in rows:
        sym("kinks", left, op, right, py_l, py_r, wide, assume=assume)
    around = {"x": "interval:-1:1"}
    sym(
        "kinks",
        "\\arcsin(\\sin x)",
        "=",
        "x",
        "asin(sin(x))",
        "x",
        around,
        assume=[_interval("x", "-1", "1")],
    )
    sym("kinks", "\\arcsin(\\sin x)", "=", "x", "asin(sin(x))", "x", wide, assume=assume)
    counts = {"n": "integer:1:200"}
    n_assume = [{"symbol": "n", "kind": "integer", "lo": "1", "hi": "200"}]
    for left, op, right, py_l, py_r in [
        ("\\sum_{k=1}^{n} k", "\\le", "10n", "n*(n+1)/2", "10*n"),
        ("\\sum_{k=1}^{n} k", "\\le", "n^2", "n*(n+1)/2", "n**2"),
        ("\\sum_{k=1}^{n} \\frac{1}{k^2}", "<", "2", "nsum(lambda k: 1/k**2, [1, n])", "mpf(2)"),
        ("\\sum_{k=1}^{n} \\frac{1}{k}", "\\le", "1+\\log n", "nsum(lambda k: 1/k, [1, n])", "1+log(n)"),
        ("\\sum_{k=1}^{n} \\frac{1}{k}", "\\le", "\\log n", "nsum(lambda k: 1/k, [1, n])", "log(n)"),
        ("n!", "\\le", "n^{n}", "fac(n)", "n**n"),
        ("n!", "\\le", "10^{n}", "fac(n)", "mpf(10)**n"),
        ("2^{n}", "\\ge", "n^{2}", "mpf(2)**n", "n**2"),
        ("2^{n}", "\\ge", "n", "mpf(2)**n", "n"),
        ("n^{3}", "\\le", "3^{n}", "n**3", "mpf(3)**n"),
    ]:
        sym("counts", left, op, right, py_l, py_r, counts, assume=n_assume)


def parametric_integral_cases() -> None:
    """Integrals with parameters, computed by quadrature at sampled parameters."""
    pos = [{"symbol": "a", "kind": "positive"}]
    pos_b = [*pos, {"symbol": "b", "kind": "positive"}]
    da, db = {"a": "positive"}, {"a": "positive", "b": "positive"}
    q = "quad(lambda x: {}, [{}, {}])"
    rows = [
        ("\\int_0^{\\infty} e^{-ax}\\,dx", "\\frac1a", q.format("exp(-a*x)", 0, "inf"), "1/a", da, pos),
        ("\\int_0^{\\infty} e^{-ax}\\,dx", "a", q.format("exp(-a*x)", 0, "inf"), "a", da, pos),
        (
            "\\int_0^{\\infty} x e^{-ax}\\,dx",
            "\\frac{1}{a^2}",
            q.format("x*exp(-a*x)", 0, "inf"),
            "1/a**2",
            da,
            pos,
        ),
        (
            "\\int_0^{\\infty} x e^{-ax}\\,dx",
            "\\frac{1}{a}",
            q.format("x*exp(-a*x)", 0, "inf"),
            "1/a",
            da,
            pos,
        ),
        (
            "\\int_0^{\\infty} x^2 a e^{-ax}\\,dx",
            "\\frac{2}{a^2}",
            q.format("x**2*a*exp(-a*x)", 0, "inf"),
            "2/a**2",
            da,
            pos,
        ),
        (
            "\\int_0^{\\infty} x^2 a e^{-ax}\\,dx",
            "\\frac{1}{a^2}",
            q.format("x**2*a*exp(-a*x)", 0, "inf"),
            "1/a**2",
            da,
            pos,
        ),
        (
            "\\int_0^{b} a e^{-ax}\\,dx",
            "1-e^{-ab}",
            q.format("a*exp(-a*x)", 0, "b"),
            "1-exp(-a*b)",
            db,
            pos_b,
        ),
        ("\\int_0^{b} a e^{-ax}\\,dx", "e^{-ab}", q.format("a*exp(-a*x)", 0, "b"), "exp(-a*b)", db, pos_b),
        (
            "\\int_{-\\infty}^{\\infty} e^{-ax^2}\\,dx",
            "\\sqrt{\\frac{\\pi}{a}}",
            q.format("exp(-a*x**2)", "-inf", "inf"),
            "sqrt(pi/a)",
            da,
            pos,
        ),
        (
            "\\int_{-\\infty}^{\\infty} e^{-ax^2}\\,dx",
            "\\sqrt{\\frac{2\\pi}{a}}",
            q.format("exp(-a*x**2)", "-inf", "inf"),
            "sqrt(2*pi/a)",
            da,
            pos,
        ),
        ("\\int_1^2 x^{a-1}\\,dx", "\\frac{2^a-1}{a}", q.format("x**(a-1)", 1, 2), "(2**a-1)/a", da, pos),
        ("\\int_1^2 x^{a-1}\\,dx", "\\frac{2^a}{a}", q.format("x**(a-1)", 1, 2), "2**a/a", da, pos),
        ("\\int_0^{1} e^{ax}\\,dx", "\\frac{e^a-1}{a}", q.format("exp(a*x)", 0, 1), "(exp(a)-1)/a", da, pos),
        ("\\int_0^{1} e^{ax}\\,dx", "\\frac{e^a}{a}", q.format("exp(a*x)", 0, 1), "exp(a)/a", da, pos),
    ]
    for left, right, py_l, py_r, domain, assume in rows:
        sym("integral-parameter", left, "=", right, py_l, py_r, domain, assume=assume)
    neg = [{"symbol": "a", "kind": "negative"}]
    sym(
        "integral-parameter",
        "\\int_0^{\\infty} e^{ax}\\,dx",
        "=",
        "-\\frac1a",
        q.format("exp(a*x)", 0, "inf"),
        "-1/a",
        {"a": "negative"},
        assume=neg,
    )
    sym(
        "integral-parameter",
        "\\int_0^{\\infty} e^{ax}\\,dx",
        "=",
        "\\frac1a",
        q.format("exp(a*x)", 0, "inf"),
        "1/a",
        {"a": "negative"},
        assume=neg,
    )


def magnitude_cases() -> None:
    """Tiny and huge numbers compared exactly, binomial coefficients, logarithms in other bases,
    percentages at their written precision."""
    for left, op, right, py_l, py_r in [
        ("2^{-1000}", "<", "10^{-300}", "mpf(2)**-1000", "mpf(10)**-300"),
        ("2^{-1000}", ">", "10^{-300}", "mpf(2)**-1000", "mpf(10)**-300"),
        ("e^{-700}", ">", "10^{-305}", "exp(-700)", "mpf(10)**-305"),
        ("e^{-700}", ">", "10^{-304}", "exp(-700)", "mpf(10)**-304"),
        ("10^{-300}\\cdot 10^{-300}", "=", "10^{-600}", "mpf(10)**-600", "mpf(10)**-600"),
        ("10^{-300}\\cdot 10^{-300}", ">", "10^{-601}", "mpf(10)**-600", "mpf(10)**-601"),
        ("10^{-300}\\cdot 10^{-300}", "<", "10^{-601}", "mpf(10)**-600", "mpf(10)**-601"),
        ("2^{1000}", ">", "10^{301}", "mpf(2)**1000", "mpf(10)**301"),
        ("2^{1000}", ">", "10^{302}", "mpf(2)**1000", "mpf(10)**302"),
        ("100!", ">", "10^{157}", "fac(100)", "mpf(10)**157"),
        ("100!", ">", "10^{158}", "fac(100)", "mpf(10)**158"),
        ("\\binom{52}{5}", "=", "2598960", "binomial(52,5)", "mpf(2598960)"),
        ("\\binom{52}{5}", "=", "2598961", "binomial(52,5)", "mpf(2598961)"),
        ("\\binom{100}{50}", "<", "2^{100}", "binomial(100,50)", "mpf(2)**100"),
        ("\\binom{100}{50}", ">", "2^{100}", "binomial(100,50)", "mpf(2)**100"),
        ("\\log_3 81", "=", "4", "log(81)/log(3)", "mpf(4)"),
        ("\\log_3 81", "=", "3", "log(81)/log(3)", "mpf(3)"),
        ("\\log_{1/2} 8", "=", "-3", "log(8)/log(R(1,2))", "mpf(-3)"),
        ("\\log_{1/2} 8", "=", "3", "log(8)/log(R(1,2))", "mpf(3)"),
        ("\\log_2 3", "<", "1.585", "log2(3)", "mpf('1.585')"),
        ("\\log_2 3", ">", "1.585", "log2(3)", "mpf('1.585')"),
    ]:
        num("magnitude", left, op, right, py_l, py_r)
    for left, op, right, py_l, written in [
        ("\\frac{3}{7}", "=", "42.9\\%", "R(3,7)", "0.429"),
        ("\\frac{3}{7}", "=", "43.9\\%", "R(3,7)", "0.439"),
        ("\\frac{3}{7}", "=", "43\\%", "R(3,7)", "0.43"),
        ("\\frac{3}{7}", "=", "44\\%", "R(3,7)", "0.44"),
        ("\\frac{3}{7}", "\\approx", "53\\%", "R(3,7)", "0.53"),
        ("1-0.95^{10}", "=", "40.1\\%", "1-R(95,100)**10", "0.401"),
        ("1-0.95^{10}", "=", "41.1\\%", "1-R(95,100)**10", "0.411"),
        ("0.25", "=", "25\\%", "R(1,4)", "0.25"),
        ("0.25", "=", "2.5\\%", "R(1,4)", "0.025"),
        ("50\\%\\cdot 50\\%", "=", "0.25", "R(1,4)", "0.25"),
        ("50\\%\\cdot 50\\%", "=", "0.5", "R(1,4)", "0.5"),
        ("\\log_2 1000", "\\approx", "9.97", "log2(1000)", "9.97"),
        ("\\log_2 1000", "\\approx", "9.96", "log2(1000)", "9.96"),
        (
            "-0.9\\log_2 0.9-0.1\\log_2 0.1",
            "=",
            "0.469",
            "-R(9,10)*log2(R(9,10))-R(1,10)*log2(R(1,10))",
            "0.469",
        ),
        (
            "-0.9\\log_2 0.9-0.1\\log_2 0.1",
            "=",
            "0.47",
            "-R(9,10)*log2(R(9,10))-R(1,10)*log2(R(1,10))",
            "0.47",
        ),
        (
            "-0.9\\log_2 0.9-0.1\\log_2 0.1",
            "=",
            "0.46",
            "-R(9,10)*log2(R(9,10))-R(1,10)*log2(R(1,10))",
            "0.46",
        ),
    ]:
        num("magnitude", left, op, right, py_l, f"mpf('{written}')", written=written)


def reading_cases() -> None:
    """What the author means where the strict reading differs: the imaginary unit, an index
    after the sign that ends its sum, the mean of a declared vector. True by the author's
    meaning; notelint must not refute them."""
    around = {"x": "interval:-4:4"}
    x_assume = [_interval("x", "-4", "4")]
    sym("reading", "e^{ix}", "=", "\\cos x+i\\sin x", "exp(J*x)", "cos(x)+J*sin(x)", around, assume=x_assume)
    sym("reading", "e^{ix}", "=", "\\cos x-i\\sin x", "exp(J*x)", "cos(x)-J*sin(x)", around, assume=x_assume)
    v = {"x": ("n", 1)}
    idx("reading", "\\sum_{i=1}^{n}(x_i-\\bar x)", "=", "0", "(x-x.mean()).sum()", "0.0", v)
    idx("reading", "\\sum_{i=1}^{n}(x_i-\\bar x)^2", "\\ge", "0", "((x-x.mean())**2).sum()", "0.0", v)
    idx("reading", "\\sum_{i=1}^{n}x_i+x_i", "=", "2\\sum_{i=1}^{n}x_i", "2*x.sum()", "2*x.sum()", v)
    sym("reading", "\\sum_{k=1}^{n} k + k", "=", "n(n+1)", "n*(n+1)", "n*(n+1)", {"n": "integer"}, assume=[])
    sym(
        "reading",
        "\\sum_{k=1}^{n} k + 1",
        "=",
        "\\frac{n(n+1)}{2}+1",
        "n*(n+1)/2+1",
        "n*(n+1)/2+1",
        {"n": "integer"},
    )
    sym(
        "reading",
        "\\sum_{k=1}^{n} k + 1",
        "=",
        "\\frac{n(n+1)}{2}+2",
        "n*(n+1)/2+1",
        "n*(n+1)/2+2",
        {"n": "integer"},
    )


def matrix_power_cases() -> None:
    """Integer powers of square matrices, negative ones through the inverse (``A^{-2}``)."""
    for left, good, bad, py_l, py_good, py_bad in [
        ("(A^2)^{-1}", "A^{-2}", "A^{-1}", "inv(A@A)", "inv(A)@inv(A)", "inv(A)"),
        (
            "(AB)^{-2}",
            "(B^{-1}A^{-1})^2",
            "A^{-2}B^{-2}",
            "inv(A@B)@inv(A@B)",
            "inv(B)@inv(A)@inv(B)@inv(A)",
            "inv(A)@inv(A)@inv(B)@inv(B)",
        ),
        ("A^{-2}A^{3}", "A", "A^{-1}", "inv(A)@inv(A)@A@A@A", "A", "inv(A)"),
        (
            "(A^\\top A)^{-2}",
            "(A^{-1}A^{-\\top})^{2}",
            "(A^\\top A)^{-1}",
            "inv(A.T@A)@inv(A.T@A)",
            "inv(A)@inv(A.T)@inv(A)@inv(A.T)",
            "inv(A.T@A)",
        ),
    ]:
        mat("matrix-power", left, "=", good, py_l, py_good, SH)
        mat("matrix-power", left, "=", bad, py_l, py_bad, SH)


def main() -> None:
    numeric_cases()
    symbolic_cases()
    matrix_cases()
    probability_cases()
    probability_law_cases()
    operator_cases()
    eigenvalue_cases()
    index_cases()
    size_cases()
    substituted_cases()
    worked_example_cases()
    opaque_cases()
    rounded_approx_cases()
    example_size_cases()
    gradient_atom_cases()
    family_cases()
    range_cases()
    kink_cases()
    parametric_integral_cases()
    magnitude_cases()
    reading_cases()
    index_set_cases()
    matrix_power_cases()
    seen: set[tuple[str, str, str]] = set()
    out = []
    for case in CASES:
        key = (case["left"], case["op"], case["right"])
        if key in seen:
            continue
        seen.add(key)
        case["label"] = "true" if label(case) else "false"
        case["latex"] = f"{case['left']} {case['op']} {case['right']}"
        case["id"] = len(out)
        out.append(case)
    OUT.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    from collections import Counter

    print(len(out), "relations;", Counter((c["group"], c["label"]) for c in out))


if __name__ == "__main__":
    main()
