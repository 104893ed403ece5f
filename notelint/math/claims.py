"""Claims, definitions and conditions: which links are checked and which may be reported.

Plain string work (no SymPy), run in the parent process. The policy, from RULES.md (NL5xx):
a definition introduces a symbol and is used, not checked; a condition holds only for some
values and is never refuted; when notelint cannot tell a claim from a condition the verdict
is unknown, never an error. A false alarm on a real note is the worst outcome, so a link is
reported only when it is clearly a claim (see :func:`refutable`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"(?:[A-Za-z]|\\[A-Za-z]+(?:\{[A-Za-z]\})?|\\(?:hat|bar|tilde|mathbf|boldsymbol|vec|mathrm|mathcal|operatorname|text|mathit|bm)\{[^{}]*\})"
_SUB = r"(?:_(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9]|\\[A-Za-z]+))?"
#: ``\sigma^2 = …`` defines a variance: a squared name is still a name
_SQUARE = r"(?:\^(?:2|\{2\}))?"
_SUP = r"(?:\^(?:\{(?:\\star|\*|\\ast|\\prime|\\top|\([^()]*\)|\\dagger|'+)\}|\\star|\*|\\ast|\\prime|\\dagger))?"
_PRIME = r"'*"
_ARG = r"(?:[A-Za-z\\{}\s,*']|\^\{?\\star\}?|_\{?[A-Za-z0-9]+\}?)*"
_ARGS = rf"(?:\s*(?:\\left)?\(\s*{_ARG}\s*(?:\\right)?\))?"
#: function names: an application of one of these is a computation, never a bare name
FUNCTION_MACROS = re.compile(
    r"^\s*\\(?:log|ln|exp|det|sin|cos|tan|sinh|cosh|tanh|max|min|sqrt|frac|dfrac|tfrac|operatorname\{(?:tr|Tr|trace|diag|sigmoid|softmax|ReLU|relu|sign|sgn|rank|Var|Cov|KL)\}|"
    r"mathrm\{(?:tr|Tr|Var|Cov|KL)\}|lim|sum|prod|int|nabla|partial|arg|binom|mathbb)(?![A-Za-z])"
)
BARE = re.compile(rf"^\s*{_NAME}\s*{_SUB}\s*{_SUP}\s*{_SUB}{_PRIME}{_SQUARE}\s*{_ARGS}\s*$")
FUNC_DEF = re.compile(
    rf"^\s*(?P<name>{_NAME})\s*{_SUB}{_PRIME}\s*(?:\\left)?\(\s*(?P<args>[^()]*)\s*(?:\\right)?\)\s*$"
)
#: prose cues before a span that make its equations conditions, not claims
CONDITION_CUES = re.compile(
    r"\b(set(?:ting)?|equat(?:e|ing)|solv(?:e|ing)|such that|s\.t\.|subject to|constraint|condition|assum|suppose|"
    r"let|if|when(?:ever)?|where|satisf|stationar|optimal|optimum|minimi[sz]er|eigen|first-order|"
    r"critical point|zero|requir|impos|given|wlog|choose|pick|for some|there exists?|holds? for|iff)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FunctionDef:
    name: str
    params: tuple[str, ...]


#: a name is short; longer sides are never bare (and the regexes stay linear)
MAX_NAME = 200


def is_bare(text: str) -> bool:
    """A side that just names something: ``J(w)``, ``\\hat{y}``, ``p_i``, ``w^\\star``, ``\\sigma'(z)``."""
    if len(text) > MAX_NAME:
        return False
    return bool(BARE.match(text)) and not FUNCTION_MACROS.match(text)


def is_zero(text: str) -> bool:
    return text.strip() in (
        "0",
        "\\mathbf{0}",
        "\\mathbf 0",
        "\\boldsymbol{0}",
        "0_d",
        "\\vec{0}",
        "\\mathbf{0}_d",
    )


def function_definition(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``\\sigma(z)``, ``J(w)``, ``f(x, y)`` → (name LaTeX, parameter LaTeX names)."""
    if len(text) > MAX_NAME:
        return None
    m = FUNC_DEF.match(text)
    if not m:
        return None
    args = tuple(a.strip() for a in m.group("args").split(",") if a.strip())
    if not args or not all(re.fullmatch(rf"{_NAME}\s*{_SUB}", a) for a in args):
        return None
    head = text[: text.index("(") if "(" in text else len(text)]
    head = re.sub(r"\\left\s*$", "", head).strip()
    return head, args


def head_name(text: str) -> str:
    """The LaTeX name a bare side starts with (``J(w)`` → ``J``, ``\\hat{y}_i`` → ``\\hat{y}``)."""
    m = re.match(rf"\s*({_NAME})", text)
    return m.group(1) if m else text.strip()


def mentions(text: str, name: str) -> bool:
    """Does ``text`` use the symbol ``name`` (``A`` is in ``AB``, ``x`` is not in ``\\exp``)?"""
    if name.startswith("\\"):
        return re.search(re.escape(name) + r"(?![A-Za-z])", text) is not None
    plain = re.sub(r"\\[A-Za-z]+", " ", text)
    if len(name) == 1:
        return name in plain
    return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", plain) is not None


def full_name(text: str) -> str:
    """The whole written name of a bare side, without arguments: ``p_2``, ``w^\\star``, ``J``.

    A primed function (``\\sigma'(z)``) is named by its base, ``\\sigma``: its derivative is
    computed from the base's definition.
    """
    name = re.split(r"\s*(?:\\left)?\(", text.strip(), maxsplit=1)[0].strip()
    if "'" in name:
        return head_name(text)
    return re.sub(r"\^(?:2|\{2\})$", "", name)  # σ^2 names σ's square: σ is the name


def naming_side(left: str, right: str) -> str | None:
    """Which side of an equality introduces a name: ``"left"``, ``"right"`` or None.

    A bare side whose name does not occur on the other side introduces (or re-introduces)
    that name: ``J(w) = …``, ``… = \\bar{x}``. ``\\sigma'(z) = \\sigma(z)(1-\\sigma(z))`` and
    ``\\nabla_x a^\\top x = x`` introduce nothing: they are claims.
    """
    if is_bare(left) and not mentions(right, full_name(left)):
        return "left"
    if is_bare(right) and not mentions(left, full_name(right)):
        return "right"
    return None


def self_referential(left: str, right: str) -> bool:
    """``w = w - \\eta g``: an update or fixed-point equation, never an identity claim."""
    return is_bare(left) and mentions(right, full_name(left)) and "'" not in left.split("(")[0]
