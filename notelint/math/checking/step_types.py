"""NL506's types: the verdict on one relation of a derivation step (:class:`StepVerdict`), a
note's derivation (:class:`Derivation`), and while it is built, an earlier equation usable as a
premise (:class:`StepEquation`) and a relation to check with what it may use (:class:`StepTarget`).
Linting process, no SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: the message of a step relation that is an identity on its own
IDENTITY = "an identity on its own"


@dataclass
class StepVerdict:
    """The verdict on one relation of a derivation step."""

    start: int  # file offsets of the relation
    end: int
    #: follows | fails | unknown
    verdict: str
    message: str
    #: labels of the premises it was checked against (or follows from)
    premises: tuple[str, ...] = ()
    #: the earlier equation it follows from, when that is not what the step cites
    wrong_citation: str = ""
    section: str = "4.B"
    #: what the step cites, when it follows from something else
    cites: str = ""


@dataclass
class Derivation:
    steps: list[StepVerdict] = field(default_factory=list)
    #: one verdict per 4.B step with an equation: follows when each of its relations is a
    #: verified identity or follows, fails when one does not follow (or is refuted), else unknown
    per_step: list[str] = field(default_factory=list)

    def step_counts(self) -> dict[str, int]:
        out = {"follows": 0, "fails": 0, "unknown": 0}
        for v in self.per_step:
            out[v] += 1
        return out

    def counts(self) -> dict[str, int]:
        out = {"follows": 0, "fails": 0, "unknown": 0}
        for s in self.steps:
            out[s.verdict] = out.get(s.verdict, 0) + 1
        return out


@dataclass
class StepEquation:
    """An earlier equation usable as a premise."""

    label: str
    start: int
    #: (left, right) of each chain, first member = last member
    pairs: list[tuple[str, str]]
    section: str
    #: the relations of its displays that hold only under the condition they state ("… = 0
    #: \iff \alpha_k = …", "n = d \implies H = I_n"): no premise, but a step citing it may
    #: use them
    conditional: list[tuple[str, str]] = field(default_factory=list)
    #: all of its math as written (``\pi\mathbf{1}_2=\pi_1+\pi_2=1`` whose pair is only
    #: (π1₂, 1); an ``\iff`` display with none): the names it mentions
    text: str = ""


@dataclass
class StepTarget:
    start: int
    end: int
    left: str
    right: str
    section: str
    cited: list[StepEquation]
    explicit: bool
    zero: bool
    earlier: list[StepEquation]
    verdict: StepVerdict | None = None
    job: Any = None
    #: index of its step in the note's 4.B steps (-1: the 4.E result)
    step: int = -1
    #: the label of its step's equation ("(3)")
    label: str = ""
    #: the 4.D identities the step cites (not used as premises: a failure is then unknown)
    identities: list[str] = field(default_factory=list)
    #: the definitions made before it (4.A, ``name := …``, a new name in a step, its own
    #: step's definitions): substituted wherever the step or its premises use the name
    definitions: list[StepEquation] = field(default_factory=list)
