r"""Does each derivation step follow from what it cites? (NL506; linting process, no SymPy.)

For a note written to the standard, every relation ``L = R`` of a 4.B step that is not an
identity on its own (those are NL501's) is checked against its *premises*:

* the equations the step references (``(3)``, ``\eqref{…}``, "from (2) and (3)");
* by default, when it references none, the previous step;
* the bare-name definitions of 4.A (``J(w) = …`` function definitions go into the context
  and are substituted wherever the step uses them);
* the assumptions of sections 2–3, under which the symbols are sampled.

A premise whose left side is a gradient or derivative (``\nabla``, ``\partial``) is used as
``R = 0`` when the step's rule or title says it sets it to zero (first-order, stationarity,
optimality). The check itself runs in the CAS worker (:mod:`notelint.math.follows`).

Verdicts: ``follows`` (counted verified), ``fails`` (NL506, with the premise and a
counterexample), ``unknown`` (with the reason). A step that does not follow from what it cites
but does from another earlier equation follows, with ``wrong_citation`` naming that equation.
A bare name that no earlier equation mentions is a new definition, not checked. The boxed
4.E result must follow from the 4.B steps.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from notelint.math import claims
from notelint.math.analysis import _opt, _relevant, analyze, declared_shapes
from notelint.math.note_facts import NoteFacts
from notelint.math.relations import chains_of
from notelint.parse.equations import EQUATIONS
from notelint.parse.steps import STEPS

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.jobs import FollowsJob, Premise
    from notelint.note import MathSpan, Note
    from notelint.parse.steps import Step

#: the step's rule or title says it sets a derivative to zero
_ZERO_RULE = re.compile(r"zero|stationar|first[- ]order|optimality|critical point|vanish", re.IGNORECASE)
_DERIVATIVE = re.compile(r"\\nabla|\\partial|\\frac\s*\{\s*d|\\mathrm\{d\}|'")
#: the variable of a gradient or derivative: \nabla_w, {\partial \mu} in a denominator, \partial_\theta
_VARIABLE = re.compile(
    r"\\nabla_\{?\s*(\\?[A-Za-z]+)|\}\s*\{\s*(?:\\partial|d|\\mathrm\{d\})\s*\{?\s*(\\?[A-Za-z]+)"
    r"|\\partial_\{?\s*(\\?[A-Za-z]+)"
)
_CONDITIONAL = re.compile(r"\\(?:Longrightarrow|Rightarrow|implies|iff|Leftrightarrow|Longleftrightarrow)\b")
_BARE_DERIVATIVE = re.compile(
    r"\\frac\s*\{\s*(?P<d>\\partial|d|\\mathrm\{d\})\s*(?P<name>\\[A-Za-z]+|[A-Za-z])\s*\}"
    r"\s*\{(?P<by>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
)
_BRACE_NOTE = re.compile(r"\\(?:underbrace|overbrace|underset\s*\{[^{}]*\}|overset\s*\{[^{}]*\})\s*\{")
_TAG = re.compile(r"\\(?:tag\*?|label)\s*\{[^{}]*\}|\\(?:notag|nonumber)\b")


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
class _Equation:
    """An earlier equation usable as a premise."""

    label: str
    start: int
    #: (left, right) of each chain, first member = last member
    pairs: list[tuple[str, str]]
    section: str


@dataclass
class _Target:
    start: int
    end: int
    left: str
    right: str
    section: str
    cited: list[_Equation]
    explicit: bool
    zero: bool
    earlier: list[_Equation]
    verdict: StepVerdict | None = None
    job: Any = None
    #: index of its step in the note's 4.B steps (-1: the 4.E result)
    step: int = -1
    #: the 4.D identities the step cites (not used as premises: a failure is then unknown)
    identities: list[str] = field(default_factory=list)


_CACHE: weakref.WeakKeyDictionary[Any, Derivation] = weakref.WeakKeyDictionary()


def derivation(note: Note, config: Config) -> Derivation:
    """The step verdicts of ``note`` (computed once per note)."""
    cached = _CACHE.get(note)
    if cached is None:
        cached = _CACHE[note] = _derive(note, config)
    return cached


def _clean(latex: str) -> str:
    """The relation without tags and labels, ``\\underbrace{x}_{…}`` read as ``x``."""
    return _without_braces_notes(_TAG.sub(" ", latex))


def _without_braces_notes(latex: str) -> str:
    out: list[str] = []
    i = 0
    for m in _BRACE_NOTE.finditer(latex):
        if m.start() < i:
            continue
        body_end = _group_end(latex, m.end() - 1)
        if body_end < 0:
            return latex
        out.append(latex[i : m.start()] + " {" + latex[m.end() : body_end] + "} ")
        i = body_end + 1
        script = re.match(r"\s*[_^]\s*", latex[i:])
        if script is not None:
            j = i + script.end()
            if j < len(latex) and latex[j] == "{":
                end = _group_end(latex, j)
                if end < 0:
                    return latex
                i = end + 1
            else:
                i = j + 1
    out.append(latex[i:])
    return "".join(out)


def _group_end(latex: str, open_at: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``open_at`` (-1 when unbalanced)."""
    depth = 0
    for k in range(open_at, len(latex)):
        c = latex[k]
        if c == "\\":
            continue
        if c == "{" and latex[k - 1 : k] != "\\":
            depth += 1
        elif c == "}" and latex[k - 1 : k] != "\\":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _label(note: Note, step: Step, fallback: str) -> str:
    index = note.facet(EQUATIONS)
    span = step.equation_span
    for eq in index.equations:
        if eq.numbered and eq.span.start < span.end and span.start < eq.span.end:
            return f"({eq.number})"
    return fallback


def _pairs(math: MathSpan, start: int, end: int) -> list[tuple[str, str]]:
    """First and last member of every '='-chain in ``math`` between file offsets start/end."""
    out: list[tuple[str, str]] = []
    try:
        chains = chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return out
    for chain in chains:
        links = [
            link
            for link in chain.links
            if start <= math.content_start + link.left.start and math.content_start + link.right.end <= end
        ]
        if not links or any(link.op != "=" for link in links):
            continue
        left, right = _clean(links[0].left.text).strip(), _clean(links[-1].right.text).strip()
        if left and right:
            out.append((left, right))
    return out


def _step_math(step: Step) -> list[tuple[MathSpan, int, int]]:
    if step.row is not None:
        return [(step.row.math, step.row.span.start, step.row.span.end)]
    displays = [(m, m.content_start, m.end) for m in step.math if m.display]
    # an "Equation (k): $…$" line carries its equation inline
    return displays or [(m, m.content_start, m.end) for m in step.math]


def _derive(note: Note, config: Config) -> Derivation:
    from notelint.math.jobs import Context, FollowsJob  # plain data

    facts = NoteFacts.read(note)
    out = Derivation()
    if not facts.standard:
        return out
    steps = [s for s in note.facet(STEPS) if s.section in ("4.A", "4.B")]
    index = note.facet(EQUATIONS)
    checked = {(r.start, r.end): r.verdict for r in analyze(note, config).results}
    shapes = dict(declared_shapes(note))
    for dims in list(shapes.values()):
        for d in dims:
            if isinstance(d, str):
                for name in (f"I_{d}", f"I_{{{d}}}"):
                    shapes.setdefault(name, (d, d))
    functions: dict[str, tuple[tuple[str, ...], str]] = {}
    earlier: list[_Equation] = []
    targets: list[_Target] = []
    per_step: list[list[str]] = []
    previous: _Equation | None = None
    for number, step in enumerate(steps, 1):
        label = _label(note, step, f"step {number}")
        pairs: list[tuple[str, str]] = []
        for math, start, end in _step_math(step):
            pairs.extend(_pairs(math, start, end))
        for left, right in pairs:
            # a function defined in 4.A, or in a step (a Lagrangian), is substituted where used
            fdef = claims.function_definition(left)
            if fdef is not None and "'" not in fdef[0] and fdef[1]:
                functions.setdefault(fdef[0], (fdef[1], right))
        if step.section == "4.A":
            equation = _Equation(label, step.span.start, pairs, step.section)
            earlier.append(equation)
            continue
        cited = _cited(note, step, index, earlier)
        # the lecturer's claim is quoted, not derived (its correction is checked)
        quoted = any("LECTURER" in tag.name.upper() for tag in step.tags)
        own: list[str] = []
        per_step.append(own)
        rule = " ".join(c.rule for c in step.citations) + " " + step.prose
        zero = bool(_ZERO_RULE.search(rule))
        for math, start, end in _step_math(step):
            if quoted or _CONDITIONAL.search(math.latex):
                continue  # "n = d ⟹ H = I_n" holds under its hypothesis, not from the premises
            try:
                chains = chains_of(math)
            except (ValueError, IndexError, AssertionError):
                continue
            for chain in chains:
                for link in chain.links:
                    a = math.content_start + (link.op_start if link.continued else link.left.start)
                    b = math.content_start + link.right.end
                    if link.op != "=" or not start <= a or b > end:
                        continue
                    if checked.get((a, b)) == "verified":
                        own.append("follows")
                        continue  # an identity: NL501's
                    # refuted as an identity: a step may still follow from its premises
                    # (S w = λ w from (3)); NL501 then leaves it to NL506
                    left, right = _clean(link.left.text).strip(), _clean(link.right.text).strip()
                    if not left or not right or _new_name(left, right, earlier):
                        continue
                    fdef = claims.function_definition(left)
                    if fdef is not None and functions.get(fdef[0]) == (fdef[1], right):
                        continue  # this step defines the function
                    # by default the previous step; the first step follows from the definitions
                    definitions = [e for e in earlier if e.section == "4.A"]
                    premises = cited or ([previous] if previous is not None else definitions)
                    target = _Target(
                        a, b, left, right, step.section, premises, bool(cited), zero, list(earlier)
                    )
                    target.step = len(per_step) - 1
                    target.identities = [ref.name for ref in step.identities]
                    targets.append(target)
        equation = _Equation(label, step.span.start, pairs, step.section)
        earlier.append(equation)
        previous = equation
    targets.extend(_boxed(note, earlier))
    variables = _variables(note)
    for t in targets:
        t.left, t.right = _with_arguments(t.left, functions), _with_arguments(t.right, functions)
        text = " ".join([t.left, t.right, *(f"{l} {r}" for e in t.cited for l, r in e.pairs)])
        relevant_functions = _relevant(text, functions, {}, {})[0]
        # every declared shape: the translator takes what it meets (\hat w is declared as \hat{w})
        ctx = Context(relevant_functions, {}, shapes, log=facts.log)
        premise_set = tuple(_premises_with_arguments(_premises(t.cited, t.zero, cited=True), functions))
        if t.zero:
            premise_set += tuple(_stationarity(t.cited, functions, shapes))
        if not premise_set:
            t.verdict = StepVerdict(
                t.start, t.end, "unknown", "no earlier equation to follow from", (), section=t.section
            )
            continue
        t.job = FollowsJob(t.left, t.right, premise_set, ctx, facts.assumptions_for(text, ()), variables)
    first = _run([t.job for t in targets if t.job is not None], config)
    retry: list[tuple[_Target, dict[str, Any]]] = []
    for t, v in zip([t for t in targets if t.job is not None], first):
        labels = tuple(dict.fromkeys(p.label for p in t.job.premises))
        status = v.get("status")
        if status == "holds":
            t.verdict = StepVerdict(t.start, t.end, "follows", "", labels, section=t.section)
        else:
            retry.append((t, v))
    # not from what it cites: from another earlier equation? (then the citation is wrong)
    others: list[FollowsJob | None] = []
    for t, _v in retry:
        rest = [e for e in t.earlier if e not in t.cited]
        # an uncited gradient equation can only serve as its stationarity condition
        other_set = tuple(_premises_with_arguments(_premises(rest, True, cited=False), functions))
        job = FollowsJob(t.left, t.right, other_set, t.job.context, t.job.assumptions, variables)
        others.append(job if other_set else None)
    second = _run([j for j in others if j is not None], config)
    results = iter(second)
    for (t, v), other in zip(retry, others):
        labels = tuple(dict.fromkeys(p.label for p in t.job.premises))
        w = next(results) if other is not None else {"status": "unknown"}
        if w.get("status") == "holds":
            used = (w.get("used") or ["an earlier equation"])[0]
            note_text = (
                f"follows from {used}, not from what it cites ({', '.join(labels)})" if t.explicit else ""
            )
            t.verdict = StepVerdict(
                t.start,
                t.end,
                "follows",
                note_text,
                (used,),
                wrong_citation=used if t.explicit else "",
                section=t.section,
            )
        elif (
            v.get("status") == "fails"
            and t.zero
            and not any(p.zero or p.right == "0" for p in t.job.premises)
        ):
            # "set the gradient of (1) to zero" with (1) the objective: the derivative it
            # equates to zero is not written, so notelint cannot take it as the premise
            reason = f"sets a derivative of {', '.join(labels)} to zero, which notelint does not take"
            t.verdict = StepVerdict(t.start, t.end, "unknown", reason, labels, section=t.section)
        elif t.identities and v.get("status") == "fails":
            names = ", ".join(dict.fromkeys(t.identities))
            reason = f"does not follow from {', '.join(labels)} alone, and it cites {names}, which notelint does not use"
            t.verdict = StepVerdict(t.start, t.end, "unknown", reason, labels, section=t.section)
        elif v.get("status") == "fails" and (t.explicit or other is None or w.get("status") == "fails"):
            # a step that cites nothing is held to the previous step only when no earlier
            # equation could be what it uses
            t.verdict = StepVerdict(t.start, t.end, "fails", v.get("message", ""), labels, section=t.section)
        else:
            t.verdict = StepVerdict(
                t.start, t.end, "unknown", v.get("message") or "could not check", labels, section=t.section
            )
    out.steps = [t.verdict for t in targets if t.verdict is not None]
    for t in targets:
        if t.step >= 0 and t.verdict is not None:
            per_step[t.step].append(t.verdict.verdict)
    for own in per_step:
        if not own:
            continue
        out.per_step.append("fails" if "fails" in own else "unknown" if "unknown" in own else "follows")
    return out


def _with_arguments(latex: str, functions: dict[str, tuple[tuple[str, ...], str]]) -> str:
    r"""``\frac{\partial \ell}{\partial \mu}`` of a defined ``\ell(\mu, \sigma)`` written with its
    arguments, so the derivative of the cited definition can be taken."""

    def add(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in functions or not functions[name][0]:
            return m.group(0)
        call = name + "(" + ", ".join(functions[name][0]) + ")"
        return "\\frac{" + m.group("d") + "}{" + m.group("by") + "} " + call

    return _BARE_DERIVATIVE.sub(add, latex)


def _variables(note: Note) -> tuple[str, ...]:
    """The variables the note's derivation differentiates in."""
    found: set[str] = set()
    for math in note.math:
        for m in _VARIABLE.finditer(math.latex):
            found.add(m.group(1) or m.group(2) or m.group(3))
    return tuple(sorted(found))


def _new_name(left: str, right: str, earlier: list[_Equation]) -> bool:
    """``r = y - \\hat y``: a name no earlier equation mentions, defined here."""
    if not claims.is_bare(left):
        return False
    name = claims.full_name(left)
    if claims.mentions(right, name):
        return False
    plain = re.sub(r"\\(?:hat|widehat)\s*\{?(\\?[A-Za-z]+)\}?", r"\1", name)
    for e in earlier:
        for l, r in e.pairs:
            if claims.mentions(l + " " + r, name) or claims.mentions(l + " " + r, plain):
                return False
    return True


def _cited(note: Note, step: Step, index: Any, earlier: list[_Equation]) -> list[_Equation]:
    """The earlier equations the step references by number or label."""
    by_label = {e.label: e for e in earlier}
    out: list[_Equation] = []
    for ref in step.references:
        found: list[Any] = []
        if ref.kind == "number":
            found = index.by_number(ref.target)
        else:
            found = [eq for _label, eq in index.labels.get(ref.target, [])]
        for eq in found:
            if eq.number is not None and f"({eq.number})" in by_label:
                e = by_label[f"({eq.number})"]
                if e not in out and e.start < step.span.start:
                    out.append(e)
    return out


def _premises(equations: list[_Equation], zero: bool, cited: bool) -> list[Premise]:
    from notelint.math.jobs import Premise

    out: list[Premise] = []
    for e in equations:
        for left, right in e.pairs:
            derivative = bool(_DERIVATIVE.search(left))
            out.append(Premise(e.label, left, right, cited, zero and derivative))
    return out


def _stationarity(
    equations: list[_Equation],
    functions: dict[str, tuple[tuple[str, ...], str]],
    shapes: dict[str, tuple[int | str, int | str]],
) -> list[Premise]:
    r""" "Set the gradient of (1) to zero" with (1) defining ``J(w)``: the premise ``\nabla_w J(w) = 0``
    (``\partial J/\partial x = 0`` for a scalar parameter), one per parameter."""
    from notelint.math.jobs import Premise

    out: list[Premise] = []
    for e in equations:
        for left, _right in e.pairs:
            fdef = claims.function_definition(left)
            if fdef is None or fdef[0] not in functions:
                continue
            head, params = fdef
            call = head + "(" + ", ".join(params) + ")"
            for param in params:
                rows, cols = shapes.get(param, (1, 1))
                if cols == 1 and rows != 1:
                    derivative = f"\\nabla_{{{param}}} {call}"
                else:
                    derivative = f"\\frac{{\\partial}}{{\\partial {param}}} {call}"
                out.append(Premise(e.label, derivative, "0"))
    return out


def _premises_with_arguments(
    premises: list[Premise], functions: dict[str, tuple[tuple[str, ...], str]]
) -> list[Premise]:
    from notelint.math.jobs import Premise

    out: list[Premise] = []
    for p in premises:
        left, right = _with_arguments(p.left, functions), _with_arguments(p.right, functions)
        out.append(Premise(p.label, left, right, p.cited, p.zero))
    return out


def _boxed(note: Note, earlier: list[_Equation]) -> list[_Target]:
    """The 4.E result: each boxed relation must follow from the 4.B steps."""
    section = note.sections.get("4.E")
    steps = [e for e in earlier if e.section == "4.B"]
    if section is None or not steps:
        return []
    out: list[_Target] = []
    for math in note.math_in(section.body):
        for m in re.finditer(r"\\boxed\s*\{", math.latex):
            depth, i = 1, m.end()
            while i < len(math.latex) and depth:
                depth += {"{": 1, "}": -1}.get(math.latex[i], 0)
                i += 1
            inner = math.latex[m.end() : i - 1]
            parts = inner.split("=")
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                continue
            start = math.content_start + m.end()
            end = math.content_start + i - 1
            left, right = parts[0].strip(), parts[1].strip()
            # a result that repeats a step follows from it (a wrong step is reported there)
            out.append(_Target(start, end, left, right, "4.E", steps, False, False, list(earlier)))
    return out


def _run(jobs: list[FollowsJob], config: Config) -> list[dict[str, Any]]:
    if not jobs:
        return []
    from notelint.math.pool import shared_pool

    pool = shared_pool(
        int(_opt(config, "math.jobs", 1)),
        float(_opt(config, "math.timeout", 5.0)),
        int(_opt(config, "math.memory-mb", 1024)),
    )
    return pool.run(list(jobs))
