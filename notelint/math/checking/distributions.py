"""The random symbols of a note and their stated laws (linting process: plain strings, no SymPy).

A note states a distribution with ``\\sim`` (``\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2 I_n)``);
the math model gives such links the relation kind ``distribution``. :func:`read` collects them
as ``symbol LaTeX → law LaTeX``. The CAS worker reads the law (``translate_probability``): an
expectation, variance or covariance is decided only when every random symbol in it has a law
whose moments it knows.

A symbol the note defines from a random one (``y = Xw^\\star + \\varepsilon``, ``x_t = …``) is
random too, with no stated law (``""``): an expectation that mentions it stays unknown rather
than treating it as a constant. So is a symbol stated two different ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notelint.math.checking import claims
from notelint.math.checking.jobs import Assumption
from notelint.math.reading.atoms import Atom, symbol_ref
from notelint.math.reading.model import MATH_MODEL, Link, MathModel
from notelint.note import MathSpan, Note, Span

#: relation kinds through which a symbol takes the value of an expression
_VALUE_KINDS = ("equality", "definition")


def _subject(model: MathModel, link: Link) -> tuple[str, str] | None:
    """The left side's LaTeX (``\\varepsilon_t``) and symbol key (``\\varepsilon``) when it is
    one symbol, else None."""
    atoms = link.left.atoms
    ref = symbol_ref(atoms[0]) if len(atoms) == 1 else None
    if ref is None:
        return None
    text = model.text(link.left.start, link.left.end).strip()
    return (text, ref.key) if text else None


def _keys(atoms: list[Atom]) -> set[str]:
    """The keys of every symbol in ``atoms``, scripts and arguments included."""
    out: set[str] = set()
    for atom in atoms:
        ref = symbol_ref(atom)
        if ref is not None:
            out.add(ref.key)
        for part in (atom.inner, atom.sub or [], atom.sup or [], *atom.args):
            out |= _keys(part)
    return out


@dataclass(frozen=True)
class Statement:
    """A law (``kind == "law"``) or a value a symbol is given, where the note writes it."""

    start: int
    kind: str
    name: str
    key: str
    right: str
    uses: frozenset[str]


def statements(note: Note) -> list[Statement]:
    """The laws and values of single symbols the note states, in the order written."""
    out: list[Statement] = []
    entries: dict[str, list[Span]] | None = None  # section 2's own entries, read at the first law
    for span in note.math:
        model = span.facet(MATH_MODEL)
        for link in model.links:
            subject = _subject(model, link)
            if subject is None:
                continue
            name, key = subject
            right = model.text(link.right.start, link.right.end).strip()
            if link.relation.kind == "distribution":
                if entries is None:
                    entries = _own_entries(note)
                if _law_of_an_example(note, span, key, entries):
                    continue
                out.append(Statement(span.start, "law", name, key, right, frozenset()))
            elif link.relation.kind in _VALUE_KINDS and right:
                out.append(
                    Statement(span.start, "value", name, key, right, frozenset(_keys(link.right.atoms)))
                )
    return out


#: the words before an example of a kind of variable: "of a Bernoulli variable $X\\sim…$", "e.g. $X\\sim…$"
_EXAMPLE_BEFORE = re.compile(
    r"(?:\b(?:an?|e\.g\.,?|for\s+example|such\s+as)\s+(?:[\w-]+\s+){0,3})$", re.IGNORECASE
)


def _own_entries(note: Note) -> dict[str, list[Span]]:
    """The entries section 2 declares each symbol in (none when the glossary cannot be read)."""
    try:
        from notelint.math.semantics.glossary import glossary

        table = glossary(note)
    except Exception:  # the glossary is another feature: never let it break the checks
        return {}
    out: dict[str, list[Span]] = {}
    for d in table.declarations:
        if d.section == "2" and not d.implicit and not d.mentioned:
            out.setdefault(d.key, []).append(d.entry)
    return out


def _law_of_an_example(note: Note, span: MathSpan, key: str, entries: dict[str, list[Span]]) -> bool:
    """Is the law ``span`` states for ``key`` an example inside another symbol's entry of
    section 2 ("$p$: success probability of a Bernoulli variable $X\\sim\\operatorname{Bern}(p)$"
    beside "$X:\\Omega\\to\\mathbb{R}$: real random variable"), not that symbol's law?"""
    section = note.section_at(span.start)
    if section is None or section.key != "2" or key not in entries:
        return False
    if all(entry.start <= span.start < entry.end for entry in entries[key]):
        return False  # no entry of its own elsewhere: this states its law
    line_start = note.text.rfind("\n", 0, span.start) + 1
    return _EXAMPLE_BEFORE.search(note.without_math(line_start, span.start)) is not None


#: a one-letter symbol (with a plain subscript) declared an independent copy of another:
#: "$V\in[0,1]$ an independent copy of $U$", "$X'$: an i.i.d. copy of $X$"
_NAME = r"([A-Za-z](?:'|_\{?\w+\}?)?)"
_INDEPENDENT_COPY = re.compile(
    r"\$\s*" + _NAME + r"\s*(?:\\in[^$]*)?\$\s*[:,]?\s*(?:an?\s+)?(?:independent|i\.i\.d\.?)\s+"
    r"cop(?:y|ies)\s+of\s+\$\s*" + _NAME + r"\s*\$"
)


def _independent_copies(note: Note, until: int | None) -> list[tuple[str, str]]:
    """(copy, original) for each symbol section 2 declares an independent copy of another."""
    out = []
    for found in _INDEPENDENT_COPY.finditer(note.text, 0, len(note.text) if until is None else until):
        section = note.section_at(found.start())
        if section is not None and section.key == "2":
            out.append((found[1], found[2]))
    return out


def read(note: Note, until: int | None = None, stated: list[Statement] | None = None) -> dict[str, str]:
    r"""Every random symbol of ``note`` → the LaTeX of its law (``""`` when not stated); with
    ``until``, only what the note states before that offset (a law a later section states for
    its own case, "For $Y\sim\mathrm{Binomial}(4,1/2)$", is not the law of an earlier $Y$)."""
    laws: dict[str, str] = {}
    random_keys: set[str] = set()
    valued: list[Statement] = []
    for st in statements(note) if stated is None else stated:
        if until is not None and st.start >= until:
            break
        if st.kind == "law":
            known = laws.get(st.name)
            laws[st.name] = st.right if known is None or known == st.right else ""
            random_keys.add(st.key)
        else:
            valued.append(st)
    # "$V\in[0,1]$ an independent copy of $U$": V has U's law, no constant (the worker does
    # not know the two are independent: an expectation of both stays unknown)
    for copy, original in _independent_copies(note, until):
        if copy not in laws and laws.get(original):
            laws[copy] = laws[original]
            random_keys.add(copy)
    # symbols defined from random ones are random (to a fixed point: y from ε, r from y)
    changed = True
    while changed:
        changed = False
        for st in valued:
            if st.name not in laws and st.uses & random_keys:
                laws[st.name] = ""
                random_keys.add(st.key)
                changed = True
    return laws


def within_supports(
    assumed: tuple[Assumption, ...], laws: dict[str, str], shapes: dict[str, tuple[int | str, int | str]]
) -> tuple[Assumption, ...]:
    """``assumed`` with each scalar random symbol sampled in its law's support: added when
    nothing else bounds it, in place of a bare "integer" (a count's ``Y\\in\\mathbb{Z}``) it
    narrows. (A declared vector keeps its samples: "$y_i\\mid x_i\\sim$ …" is no law of x_i.)"""
    out = list(assumed)
    for name, law in laws.items():
        if tuple(shapes.get(name, (1, 1))) != (1, 1):
            continue
        own = support(name, law)
        if own is None:
            continue
        held = [a for a in out if a.symbol == name]
        broader = all(a.kind == "integer" and a.lo is None and a.hi is None for a in held)
        if held and not (broader and own.kind == "integer"):
            continue
        out = [a for a in out if a.symbol != name] + [own]
    return tuple(out)


def support(name: str, law: str) -> Assumption | None:
    """The values a random symbol takes under its law, as the sampler's assumption (``Y`` of
    ``Y\\sim\\operatorname{Bernoulli}(\\pi)`` is 0 or 1: ``Y^2=Y`` holds there, not at 2); None for a
    law without a narrower support than the reals, or one not named."""
    head = _LAW_NAME.match(law.strip())
    if head is None:
        return None
    family = head["name"].lower()
    for names, kind, lo, hi in _SUPPORTS:
        if family in names:
            return Assumption(name, kind, lo=lo, hi=hi)
    return None


#: the family a law names (``\operatorname{Bernoulli}(p)``, ``\mathrm{Pois}(\lambda)``, ``\text{Beta}``)
_LAW_NAME = re.compile(r"(?:\\(?:operatorname|mathrm|text|textrm|mathsf)\s*\{)?\s*(?P<name>[A-Za-z]+)")
#: families and their supports: (names, assumption kind, low end, high end)
_SUPPORTS: tuple[tuple[frozenset[str], str, str | None, str | None], ...] = (
    (frozenset({"bernoulli", "bern", "ber"}), "integer", "0", "1"),
    (frozenset({"poisson", "pois", "binomial", "bin", "geometric", "geom"}), "integer", "0", None),
    (frozenset({"exponential", "exp", "expo", "gamma"}), "positive", None, None),
    (frozenset({"beta"}), "interval", "0", "1"),
)


def relevant(laws: dict[str, str], text: str) -> dict[str, str]:
    """The laws of the random symbols ``text`` mentions."""
    return {name: law for name, law in laws.items() if claims.mentions(text, name)}
