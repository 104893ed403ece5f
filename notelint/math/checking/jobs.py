"""What the linting process sends to a CAS worker: plain data, no SymPy.

The parent builds these from the note with LaTeX strings; before they cross the pipe,
:func:`notelint.math.reading.wire.to_wire` replaces every LaTeX string with a
:class:`~notelint.math.reading.mathtree.Tex` (the same text carrying its parsed tree), so the worker
translates trees and never parses LaTeX. They are pickled over a pipe to our own worker and
their texts are hashed into the cache key.

Assumptions (:class:`Assumption`) are what the note states about a symbol (section 2's
``a > 0``, ``0<\\gamma<1``, ``\\Sigma\\in\\mathbb{S}^d_{++}``, "for orthogonal $Q$"): the
verifier samples only values that satisfy them, so a relation true under its hypotheses is
verified and one false under them is still refuted. An assumption is never a reason to
give up on a relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The kinds of :class:`Assumption`, with what the verifier samples for each.
#: Scalar kinds apply entrywise to a declared vector or matrix.
ASSUMPTION_KINDS: dict[str, str] = {
    "positive": "a real number > 0",
    "nonnegative": "a real number >= 0",
    "negative": "a real number < 0",
    "nonpositive": "a real number <= 0",
    "nonzero": "a real number != 0",
    "integer": "an integer (within lo..hi when given, else 1..7)",
    "interval": "a real number between lo and hi (open or closed ends as given)",
    "probability": "a number in [0, 1]; for a vector, entries >= 0 summing to 1",
    "symmetric": "a square matrix equal to its transpose",
    "spd": "a symmetric positive-definite matrix",
    "psd": "a symmetric positive-semidefinite matrix",
    "orthogonal": "a square matrix Q with Q^T Q = I",
    "diagonal": "a square matrix with zeros off the diagonal",
    "invertible": "a square matrix with nonzero determinant (sampled well-conditioned)",
    "unit": "a vector of Euclidean norm 1",
}


@dataclass(frozen=True)
class Assumption:
    """A stated hypothesis on one symbol, sampled under by the verifier.

    ``symbol`` is the LaTeX name as written, like the keys of :attr:`Context.shapes`
    (``a``, ``\\gamma``, ``\\Sigma``, ``\\mathbf{w}``). ``kind`` is a key of
    :data:`ASSUMPTION_KINDS`. ``lo``/``hi`` are exact decimal or fraction strings (``"0"``,
    ``"1"``, ``"0.5"``, ``"1/3"``) or None for an unbounded side; they are used by
    ``interval`` and ``integer``. ``lo_open``/``hi_open`` say whether an end is excluded
    (``0 < \\gamma < 1`` is open at both ends).
    """

    symbol: str
    kind: str
    lo: str | None = None
    hi: str | None = None
    lo_open: bool = False
    hi_open: bool = False

    def __post_init__(self) -> None:
        if self.kind not in ASSUMPTION_KINDS:
            raise ValueError(f"unknown assumption kind {self.kind!r}")

    def describe(self) -> str:
        """Short words for messages ("assuming γ in (0, 1)")."""
        if self.kind == "interval":
            left = "(" if self.lo_open else "["
            right = ")" if self.hi_open else "]"
            return f"{self.symbol} in {left}{self.lo or '-inf'}, {self.hi or 'inf'}{right}"
        return f"{self.symbol} {self.kind}"


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
    #: what ``\\log`` without a base means: "e" (the ML convention), the base the note states
    #: ("2" of "$\\log$ means $\\log_2$"), or "?" when the note says it uses another base
    #: without saying it so (then a bare ``\\log`` is not checked)
    log: str = "e"
    #: ``e`` is Euler's number unless section 2 declares a symbol ``e`` (then False)
    euler: bool = True
    #: ``\\pi(…)`` is the constant times its argument unless section 2 declares a function
    #: ``\\pi`` (a policy ``\\pi:\\mathcal{S}\\to\\mathcal{A}``: then ``\\pi(1)`` is its value at 1)
    pi: bool = True
    #: section 2 declares ``\\pi`` a number (a prevalence, a mixing weight), not a function: then
    #: ``\\pi`` is that symbol, never the constant
    pi_number: bool = False
    #: ``\\Phi(…)`` is the standard normal CDF: the note's words name it and section 2 declares
    #: no other ``\\Phi`` (:attr:`NoteFacts.normal_cdf`)
    normal_cdf: bool = False
    #: random symbol → the LaTeX of its law as the note states it with ``\\sim``
    #: (``\\varepsilon`` → ``\\mathcal{N}(0,\\sigma^2 I_n)``); ``""`` for a random symbol whose
    #: law is not stated (defined from a random symbol, or stated two ways)
    distributions: dict[str, str] = field(default_factory=dict)
    #: the note's macros (``\\bx``, ``\\mathbf{x}``, 0 arguments): expanded in every text
    #: of the job before it is read
    macros: tuple[tuple[str, str, int], ...] = ()
    #: names section 2 declares as maps (``s_j:[0,\\infty)\\to[0,1]``) that the job does not
    #: define: applied to an argument, an unknown value, never a product
    maps: tuple[str, ...] = ()
    #: sizes a case or worked example of the relation's section fixes (``m=2`` of "two keys
    #: ($m=2$)"): a relation failing at other sizes but holding there is not refuted
    case_sizes: tuple[tuple[str, int], ...] = ()
    #: an index the glossary bounds by a size (``t\\in\\{0,\\dots,H-1\\}``: ``("t", "H", -1)``): a run
    #: never gives it a value past that size's (at H = 2, t is at most 1)
    index_bounds: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True)
class Job:
    """One relation ``left op right`` to decide, with its context and assumptions.

    ``op`` is one of "=", "approx", "<=", ">=", "<", ">", "!=". ``assumptions`` restrict
    the values sampled for the symbols they name (see :class:`Assumption`); symbols
    without one are sampled over the reals.
    """

    op: str
    left: str
    right: str
    context: Context = field(default_factory=Context)
    approx_floor: float = 0.01
    assumptions: tuple[Assumption, ...] = ()
    #: ``\\pm``/``\\mp`` on both sides: (left, right) with the upper signs and with the lower
    #: (filled when the job is wired, see :mod:`~notelint.math.cas.sign_choices`)
    signs: tuple[tuple[str, str], tuple[str, str]] | None = None
    #: claimed for every value of its symbols, even with a number on one side: it continues
    #: a chain of identities (``… = -\\sigma(x)(1-\\sigma(x)) < 0``), see
    #: :func:`~notelint.math.checking.excuse_checks.check_continued_chains`
    general: bool = False
    #: CPU seconds for this job when fewer than the worker's timeout (0: the timeout): the
    #: re-checks of an excuse (:data:`~notelint.math.checking.excuse_checks.RECHECK_SECONDS`)
    seconds: float = 0.0


#: the worker's reason for leaving a failing ``f(x) = 5`` or ``|e_1| < 0.35`` unknown: a
#: substitution of values given elsewhere, or a condition (not for a :attr:`Job.general` job)
ONE_SIDED = "one side is a number: a substitution of values cannot be checked"

#: the worker's reason for a Kronecker delta over an index without a range (``δ_{ij}`` with
#: ``i, j`` declared as numbers), which :mod:`~notelint.math.checking.index_cases` runs again
UNRANGED_DELTA = "of δ indexes no array here: its range is not known"


@dataclass(frozen=True)
class Premise:
    """One equation a derivation step may follow from (plain LaTeX, no SymPy).

    ``label`` names it in messages (``(3)``, ``the previous step``); ``cited`` says the step
    names it; ``zero`` says the step's rule sets it to zero (a gradient or derivative: the
    premise ``\\nabla J = R`` is used as ``R = 0``).
    """

    label: str
    left: str
    right: str
    cited: bool = True
    zero: bool = False


@dataclass(frozen=True)
class FollowsJob:
    """Does ``left = right`` follow from ``premises`` (NL506)? Decided by ``notelint.math.cas.follows``."""

    left: str
    right: str
    premises: tuple[Premise, ...]
    context: Context = field(default_factory=Context)
    assumptions: tuple[Assumption, ...] = ()
    #: the variables the derivation differentiates in (``w`` of ``\\nabla_w``): a step's
    #: ``\\hat w`` / ``w^\\star`` names the solution for such a variable
    variables: tuple[str, ...] = ()
    #: the step's sides as solved, with those estimators read as the variables (given by
    #: :func:`notelint.math.checking.estimators.solved`, in the linting process, so the worker
    #: gets them with their trees); empty: the sides as written
    target_left: str = ""
    target_right: str = ""
    #: CPU seconds for this step when not the worker's ``STEP_SECONDS`` (0: those): a step
    #: whose holding keeps an excuse (``excuse_checks.RECHECK_SECONDS``)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if not self.target_left:
            object.__setattr__(self, "target_left", self.left)
        if not self.target_right:
            object.__setattr__(self, "target_right", self.right)
