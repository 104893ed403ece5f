"""The LaTeX vocabulary (``notelint/data/latex.toml``): what each relation means, which macros
take arguments pylatexenc does not know, which commands define macros. One reading for the math model, symbol extraction,
the glossary and shape inference."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from notelint import data


@dataclass(frozen=True)
class RelationKind:
    """What a relation symbol means."""

    #: the character or macro name (``=``, ``le``, ``coloneqq``)
    name: str
    #: equality, definition, approximation, inequality, order, membership, distribution,
    #: proportional, map, implication, assignment or other
    kind: str
    #: the operator the CAS checks (``=``, ``approx``, ``<=``, …, ``:=``), None if never checked
    op: str | None = None
    #: always a definition (``\\coloneqq``), not only where the text defines
    strong: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """The LaTeX vocabulary of ``data/latex.toml`` the model reads, read once."""

    relations: dict[str, RelationKind]
    decorated: frozenset[str]
    definition_labels: frozenset[str]
    arguments: dict[str, int]
    #: environments whose cells are the entries (or blocks) of a matrix
    matrix_environments: frozenset[str] = frozenset()
    #: macros that end a statement of a math row (a relation chain ends there)
    statement_separators: frozenset[str] = frozenset()
    #: units a ``\\text{…}`` right after a number holds (part of the number's side, not a separator)
    units: frozenset[str] = frozenset()
    #: words a ``\\text{…}`` starts with when it states a hypothesis (``\\text{if }``, ``when``)
    hypotheses: tuple[str, ...] = ()
    #: commands that define a macro from a name and a body (``newcommand``, ``def``, …)
    macro_definers: frozenset[str] = frozenset()
    #: every defining command: ``macro_definers`` and those that define something else
    #: (``let``, ``newenvironment``), skipped and never read; what follows is not mathematics
    definers: frozenset[str] = frozenset()

    def relation(self, name: str) -> RelationKind | None:
        return self.relations.get(name)

    def names(self, *kinds: str) -> frozenset[str]:
        """The relation names of the given kinds (all relations when none is given)."""
        return frozenset(n for n, r in self.relations.items() if not kinds or r.kind in kinds)


@functools.cache
def vocabulary() -> Vocabulary:
    raw = data.load("latex")
    relations = {
        name: RelationKind(name, spec["kind"], spec.get("op"), bool(spec.get("strong", False)))
        for name, spec in raw["relations"].items()
    }
    return Vocabulary(
        relations=relations,
        decorated=frozenset(raw["decorated"]["macros"]),
        definition_labels=frozenset(raw["decorated"]["definition_labels"]),
        arguments={name: int(n) for name, n in raw["arguments"].items()},
        matrix_environments=frozenset(raw["matrices"]["environments"]),
        statement_separators=frozenset(raw["statements"]["separators"]),
        units=frozenset(raw["statements"]["units"]),
        hypotheses=tuple(raw["statements"]["hypotheses"]),
        macro_definers=frozenset(raw["definitions"]["macros"]),
        definers=frozenset(raw["definitions"]["macros"]) | frozenset(raw["definitions"]["others"]),
    )
