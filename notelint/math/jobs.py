"""What the linting process sends to a CAS worker: plain data, no SymPy.

The parent builds these from the note (LaTeX strings only); the worker translates and
checks them. They are pickled over a pipe to our own worker and hashed into the cache key.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Context:
    """What a relation may depend on: definitions, function definitions and shapes.

    Keys are LaTeX names as written (``\\sigma``, ``J``, ``\\hat{y}``); the translator turns
    them into its canonical names.
    """

    #: name → (parameter names, body LaTeX)
    functions: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    #: symbol name → LaTeX of its defining expression
    values: dict[str, str] = field(default_factory=dict)
    #: symbol name → (rows, cols); entries are ints or dimension names such as "n", "d"
    shapes: dict[str, tuple[int | str, int | str]] = field(default_factory=dict)
    #: what ``\\log`` without a base means: "e" (the ML convention) or "?" when the note
    #: says it uses another base (then a bare ``\\log`` is not checked)
    log: str = "e"


@dataclass(frozen=True)
class Job:
    op: str  # "=", "approx", "<=", ">=", "<", ">", "!="
    left: str
    right: str
    context: Context = field(default_factory=Context)
    approx_floor: float = 0.01
