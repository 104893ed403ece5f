"""What the analysis of a note's relations produces and carries: a link's :class:`LinkResult`
(verdict, message, file offsets, rule code), the note's :class:`Analysis`, and, while jobs run,
a :class:`PendingLink` with the :class:`Recipe` its job is built from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from notelint.math.checking import claims
from notelint.math.reading.relations import Link

if TYPE_CHECKING:
    from notelint.math.checking.jobs import Premise
    from notelint.note import MathSpan

OPS = {
    "=": "NL501",
    "approx": "NL502",
    "<=": "NL503",
    ">=": "NL503",
    "<": "NL503",
    ">": "NL503",
    "!=": "NL503",
}


@dataclass
class LinkResult:
    link: Link
    span: MathSpan
    #: verified | refuted | unknown | definition
    verdict: str
    message: str
    start: int  # file offsets of the relation
    end: int
    code: str = ""


@dataclass
class Analysis:
    results: list[LinkResult] = field(default_factory=list)
    cas_jobs: int = 0
    cache_hits: int = 0

    def counts(self) -> dict[str, int]:
        out = {"verified": 0, "refuted": 0, "unknown": 0}
        for r in self.results:
            if r.verdict in out:
                out[r.verdict] += 1
        return out


@dataclass(frozen=True)
class Recipe:
    """What a job is built from once every definition of the note is known."""

    functions: dict[str, tuple[tuple[str, ...], str]]
    example_values: dict[str, str]
    shapes: dict[str, tuple[int | str, int | str]]
    log: str
    euler: bool
    assumptions: tuple[Any, ...]
    #: the derivation step it belongs to (its rule citation's substitutions apply)
    step_key: str | None = None
    #: numbers its sentence's hypotheses give bare names ("if $n_k=0$, then …"): substituted
    given_values: tuple[tuple[str, str], ...] = ()
    #: names its worked example gives numbers that are parts of a symbol (``g^{(1)}`` of ``g``)
    example_parts: tuple[str, ...] = ()
    #: ``\\pi(…)`` is the constant times its argument (section 2 declares no function ``\\pi``)
    pi: bool = True
    #: the note's macros (name, body, arguments), expanded in the job's texts
    macros: tuple[tuple[str, str, int], ...] = ()
    #: the range its chain states for one name (``… < 1\\quad(\\lambda>0)``): name, op, bound
    own_range: tuple[str, str, float] | None = None
    #: the names section 2 declares as maps (see ``Context.maps``)
    maps: tuple[str, ...] = ()
    #: section 2 declares a number ``\\pi`` (see ``Context.pi_number``)
    pi_number: bool = False
    #: the numbers the cases of its sentence set ("$\\lambda=0$ gives …"): they win over the
    #: worked example's values of those names
    case_values: tuple[tuple[str, str], ...] = ()
    #: ``\\Phi(…)`` is the standard normal CDF (see ``Context.normal_cdf``)
    normal_cdf: bool = False
    #: the hypotheses of its own sentence ("For $x_0<0$ …"): a number given the name elsewhere
    #: that contradicts one is another case, not this relation's value
    own_assumptions: tuple[Any, ...] = ()

    def context(
        self,
        functions: dict[str, tuple[tuple[str, ...], str]] | None = None,
        values: dict[str, str] | None = None,
        shapes: dict[str, tuple[int | str, int | str]] | None = None,
        distributions: dict[str, str] | None = None,
    ) -> Any:
        """The job's :class:`~notelint.math.checking.jobs.Context`: what it substitutes, and the
        note's conventions this recipe carries."""
        from notelint.math.checking.jobs import Context  # plain data, no SymPy

        return Context(
            functions or {},
            values or {},
            shapes or {},
            log=self.log,
            euler=self.euler,
            pi=self.pi,
            pi_number=self.pi_number,
            normal_cdf=self.normal_cdf,
            distributions=distributions or {},
            macros=self.macros,
            maps=self.maps,
        )


@dataclass
class PendingLink:
    link: Link
    span: MathSpan
    job: Any
    section: str | None
    role: claims.Role
    #: definitions of the note the relation uses that the job does not substitute (words)
    unbound_meaning: tuple[str, ...] = ()
    verdict: dict[str, Any] | None = None
    #: the order its sentence says it is equivalent to ("$a\\le b$ is $c\\le d$"): the job checks
    #: the pair, and a failure names it
    equivalent: str = ""
    recipe: Recipe | None = None
    #: equations its sentence states as hypotheses ("for $Kv=0$"): not sampled under
    given: tuple[str, ...] = ()
    #: those of them that give a bare name a number and that the job substituted, from the
    #: label of a case-naming list item ("- $\\lambda=0$: …"): the case was sampled, so they
    #: excuse no failure
    sampled_given: tuple[str, ...] = ()
    #: all the hypotheses of that label (an order ``n\\le d`` is re-checked: see analysis)
    case_given: tuple[str, ...] = ()
    #: the orders sections 2 and 3 state between two of its names (``L\\ge\\mu``): an excuse
    #: of a failure, until the re-check under them fails too
    orders: tuple[str, ...] = ()
    #: the conditions its derivation step cites (``\eqref{eq:active}``), as written: it holds
    #: under them, an excuse of a failure only once it is shown to follow from them
    cited: tuple[str, ...] = ()
    #: its names are roots its sentence names ("the roots $r_1, r_2$ of $P$"): ``P(r_k) = 0``,
    #: the premises it is checked to follow from (see :mod:`~notelint.math.checking.root_hypotheses`)
    roots: tuple[Premise, ...] = ()
    #: ranges of names the job replaced by their definitions (``a\\in(0,1]`` of ``a=\\eta s^2``):
    #: an excuse of a failure until the re-check within them fails
    ranges_lost: tuple[str, ...] = ()
    #: the solution its sentence states (``$\\eta^\\star=0.25$``) when it holds there: the
    #: equation that solution solves, a condition (see
    #: :mod:`~notelint.math.checking.stated_solutions`)
    solved_at: str = ""
    #: the case the relation's row treats (``u>0: &\quad …``): it holds only there
    case: str | None = None
    #: a restriction in words right after it ("for an orthonormal design")
    qualifier: str = ""
    facts: claims.LinkFacts | None = None
    #: example values that replace a symbolic definition ("**Edge case $\\sigma^2=0$**"
    #: with σ² defined from x): the case constrains that definition's symbols too
    overrides: tuple[str, ...] = ()
    #: the sides as checked (a case label "\\bar b=0:" left out)
    job_left: str = ""
    job_right: str = ""
    #: the re-checks that may void an excuse of a failure: (the excuse's words, a job, the status
    #: of that job that voids them). Numbers the note gives its names out of this relation's
    #: scope (an example's a = 1000/21 for "the variance $1/a=0.021$" before it): the relation
    #: with those numbers failing too (Σ(x_i-μ) = 3 is false at every x). A function the job did
    #: not substitute (``\\mathcal{N}(x;\\mu,\\sigma^2) = …``): its definition holding against the
    #: CAS's own meaning of it. A glossary equation in another symbol's entry (``X=QR`` in the
    #: entry of the QR factors): the relation with it substituted failing too
    excuse_checks: tuple[tuple[tuple[str, ...], Any, str], ...] = ()


def file_span(span: MathSpan, link: Link) -> tuple[int, int]:
    base = span.content_start
    if link.continued:
        return base + link.op_start, base + link.right.end
    return base + link.left.start, base + link.right.end
