"""The LaTeX the translator reads by name: Greek letters, functions of one argument,
``\\operatorname`` words, decorations and fonts of a symbol, the reasons for notation it refuses,
indicator and KL spellings, and the limits on matrix and sample sizes it builds.

Worker side (imports SymPy: the functions are SymPy's).
"""

from __future__ import annotations

import sympy as sp

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
    "sec": sp.sec,
    "csc": sp.csc,
    "cot": sp.cot,
    "coth": sp.coth,
    "sech": sp.sech,  # \operatorname{sech}: no LaTeX macro, named through OPERATORNAMES
    "csch": sp.csch,
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
    "sech": "sech",
    "csch": "csch",
    "coth": "coth",
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


#: recorded_definitions._AMBIGUOUS without its backslash: the body of a name or function
#: defined twice differently
AMBIGUOUS = "notelintambiguousdefinition"

UNSUPPORTED_REASONS = {
    AMBIGUOUS: "a name it uses has two different definitions in the note",
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


#: the extreme eigenvalues of a symmetric matrix of numbers, as the names are read
#: (``\lambda_{\min}(A)``, ``\lambda_{\mathrm{max}}(A)``) → which end of the spectrum
EXTREME_EIGENVALUES = {
    "λ_min": "min",
    "λ_max": "max",
    "λ_mathrmmin": "min",
    "λ_mathrmmax": "max",
    "λ_textmin": "min",
    "λ_textmax": "max",
}
