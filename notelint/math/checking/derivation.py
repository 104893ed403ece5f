r"""Does each derivation step follow from what it cites? (NL506; linting process, no SymPy.)

For a note written to the standard, every relation ``L = R`` of a 4.B step that is not an
identity on its own (those are NL501's) is checked against its *premises*:

* the equations the step references (``(3)``, ``\eqref{…}``, "from (2) and (3)");
* by default, when it references none, the previous step;
* the equations written in its rule (``{Rule: substitution of $r=(I_n-H)y$}``);
* the definitions made before it that it uses: bare names of 4.A, ``H := …`` on any step's
  line (its own included), a new name a step introduces (``\hat y = X\hat w``); function
  definitions (``J(w) = …``) go into the context and are substituted wherever used;
* the assumptions of sections 2–3, under which the symbols are sampled.

A step that assumes its equation (an induction hypothesis) is not checked and is a premise.

A premise whose left side is a gradient or derivative (``\nabla``, ``\partial``) is used as
``R = 0`` when the step's rule or title says it sets it to zero (first-order, stationarity,
optimality). The check itself runs in the CAS worker (:mod:`notelint.math.cas.follows`).

Verdicts: ``follows`` (counted verified), ``fails`` (NL506, with the premise and a
counterexample), ``unknown`` (with the reason). A step that does not follow from what it cites
but does from another earlier equation follows, with ``wrong_citation`` naming that equation.
A bare name that no earlier equation mentions is a new definition, not checked. The boxed
4.E result must follow from the 4.B steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from notelint.math.checking import claims
from notelint.math.checking.analysis import analyze
from notelint.math.checking.cas_shapes import declared_shapes
from notelint.math.checking.note_facts import NoteFacts
from notelint.math.checking.recorded_definitions import relevant_definitions
from notelint.math.checking.verdict_runs import run_cached
from notelint.math.reading.relations import chains_of
from notelint.note import ConfiguredFacet
from notelint.parse.equations import EQUATIONS
from notelint.parse.latex_scan import matching_brace
from notelint.parse.steps import STEPS

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.checking.jobs import FollowsJob, Premise
    from notelint.note import MathSpan, Note
    from notelint.parse.steps import Step

#: the step's rule or title says it sets a derivative to zero
_ZERO_RULE = re.compile(
    r"(?:set|setting|equat\w*|equal\w*)\b[^.;{}]{0,40}?\bto\s+(?:zero|0)\b|stationar|first[- ]order"
    r"|optimality|critical point|vanish"
    r"|\bzero\s+(?:gradient|derivative)",
    re.IGNORECASE,
)
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
    #: the label of its step's equation ("(3)")
    label: str = ""
    #: the 4.D identities the step cites (not used as premises: a failure is then unknown)
    identities: list[str] = field(default_factory=list)
    #: the definitions made before it (4.A, ``name := …``, a new name in a step, its own
    #: step's definitions): substituted wherever the step or its premises use the name
    definitions: list[_Equation] = field(default_factory=list)


def derivation(note: Note, config: Config) -> Derivation:
    """The step verdicts of ``note`` (computed once per note and configuration: the
    :data:`DERIVATION` facet, not a module-global cache that would keep the verdicts of one
    configuration for another)."""
    return note.facet(DERIVATION, config)


def computed_derivation(note: Note) -> Derivation | None:
    """The step verdicts of ``note`` if NL506 already computed them (the language server's
    hover shows them without starting the CAS), else None."""
    return note.built(DERIVATION)


def _clean(latex: str) -> str:
    """The relation without tags and labels, ``\\underbrace{x}_{…}`` read as ``x``."""
    return _without_braces_notes(_TAG.sub(" ", latex))


def _without_braces_notes(latex: str) -> str:
    out: list[str] = []
    i = 0
    for m in _BRACE_NOTE.finditer(latex):
        if m.start() < i:
            continue
        body_end = matching_brace(latex, m.end() - 1)
        if body_end < 0:
            return latex
        out.append(latex[i : m.start()] + " {" + latex[m.end() : body_end] + "} ")
        i = body_end + 1
        script = re.match(r"\s*[_^]\s*", latex[i:])
        if script is not None:
            j = i + script.end()
            if j < len(latex) and latex[j] == "{":
                end = matching_brace(latex, j)
                if end < 0:
                    return latex
                i = end + 1
            else:
                i = j + 1
    out.append(latex[i:])
    return "".join(out)


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


#: how an equation written in a step's rule is named in messages
_RULE_LABEL = "the equation in the rule of"
_RULE_TEXT = re.compile(r"\{?\s*Rule\s*:[^{}]*(?:\{[^{}]*\}[^{}]*)*\}?", re.IGNORECASE)
#: what a step that states a hypothesis says just before its equation
_ASSUMES = re.compile(
    r"(?:(?<!by the )(?<!from the )(?<!using the )(?<!with the )(?<!apply the )\binduction hypothesis\b"
    r"|\b(?:assume|suppose)(?:\s+that)?\s*:?\s*$)",
    re.IGNORECASE,
)


def _is_hypothesis(step: Step) -> bool:
    """Does the step assume its equation ("induction hypothesis", "… assume:") rather than
    derive it?"""
    return bool(_ASSUMES.search(_RULE_TEXT.sub(" ", step.prose).strip()))


def _named_pairs(step: Step, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    r"""(name, expression) of what the step defines: ``H := …`` (``… =: H``) anywhere in it, and
    in 4.A every ``name = …`` whose name is bare (a function definition goes to the context)."""
    out: list[tuple[str, str]] = []
    for math, start, end in _step_math(step):
        try:
            chains = chains_of(math)
        except (ValueError, IndexError, AssertionError):
            continue
        for chain in chains:
            for link in chain.links:
                a, b = math.content_start + link.left.start, math.content_start + link.right.end
                if link.op != ":=" or a < start or b > end:
                    continue
                name, value = _clean(link.left.text).strip(), _clean(link.right.text).strip()
                if link.symbol.startswith("=:"):
                    name, value = value, name
                if _is_name(name) and value:
                    out.append((name, value))
    if step.section == "4.A":
        out.extend(
            (left, right)
            for left, right in pairs
            if _is_name(left) and not claims.mentions(right, claims.full_name(left))
        )
    return out


def _is_name(latex: str) -> bool:
    """A bare name that is not a function's definition (``H``, ``\\hat y``, ``s_j``)."""
    return claims.is_bare(latex) and claims.function_definition(latex) is None


def _rule_pairs(step: Step) -> list[tuple[str, str]]:
    """The equations written inline in the step's rule (``{Rule: substitution of $r=(I_n-H)y$}``)."""
    out: list[tuple[str, str]] = []
    for math in step.math:
        if math.display:
            continue
        # (a citation's span may stop at a brace inside its math: the math starts within it)
        if any(c.span.start <= math.start < c.span.end for c in step.citations):
            out.extend(_pairs(math, math.content_start, math.content_end))
    return out


def _derive(note: Note, config: Config) -> Derivation:
    from notelint.math.checking.jobs import Context, FollowsJob  # plain data

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
    variables = _variables(note)
    #: relations that hold on their own (for the editor's hover)
    identities: list[StepVerdict] = []
    #: every definition made so far (4.A names, ``name := …``, a new name in a step)
    definitions: list[_Equation] = []
    for number, step in enumerate(steps, 1):
        label = _label(note, step, f"step {number}")
        # the lecturer's claim is quoted, not derived (its correction is checked)
        quoted = any("LECTURER" in tag.name.upper() for tag in step.tags)
        pairs: list[tuple[str, str]] = []
        for math, start, end in _step_math(step):
            # neither a quoted claim nor "n = d ⟹ H = I_n" (true under its hypothesis only) is
            # a premise of what follows
            if not quoted and not _CONDITIONAL.search(math.latex):
                pairs.extend(_pairs(math, start, end))
        for left, right in pairs:
            # a function defined in 4.A, or in a step (a Lagrangian), is substituted where used
            fdef = claims.function_definition(left)
            if fdef is not None and "'" not in fdef[0] and fdef[1]:
                functions.setdefault(fdef[0], (fdef[1], right))
        own_definitions = [
            _Equation(label, step.span.start, [pair], step.section) for pair in _named_pairs(step, pairs)
        ]
        if step.section == "4.A":
            earlier.append(_Equation(label, step.span.start, pairs, step.section))
            definitions.extend(own_definitions)
            continue
        cited = _cited(note, step, index, earlier)
        # equations written in the step's rule ("{Rule: substitution of $r=(I_n-H)y$}") are
        # premises the step names
        stated = [
            _Equation(f"{_RULE_LABEL} {label}", step.span.start, rule_pairs, step.section)
            for rule_pairs in [_rule_pairs(step)]
            if rule_pairs
        ]
        own: list[str] = []
        per_step.append(own)
        if _is_hypothesis(step):
            # "for some t ≥ 2 assume (5)": an induction hypothesis is assumed, not derived; it
            # is a premise of what follows
            definitions.extend(own_definitions)
            equation = _Equation(label, step.span.start, pairs, step.section)
            earlier.append(equation)
            previous = equation
            continue
        rule = " ".join(c.rule for c in step.citations) + " " + step.prose
        zero = bool(_ZERO_RULE.search(rule))
        links: list[tuple[int, int, str, str]] = []
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
                        identities.append(StepVerdict(a, b, "follows", IDENTITY, (), section=step.section))
                        continue  # an identity: NL501's
                    # refuted as an identity: a step may still follow from its premises
                    # (S w = λ w from (3)); NL501 then leaves it to NL506
                    left, right = _clean(link.left.text).strip(), _clean(link.right.text).strip()
                    if not left or not right:
                        continue
                    if _new_name(left, right, earlier, variables):
                        # "r = y − ŷ": defined here, substituted in what follows
                        own_definitions.append(
                            _Equation(label, step.span.start, [(left, right)], step.section)
                        )
                        continue
                    fdef = claims.function_definition(left)
                    if fdef is not None and functions.get(fdef[0]) == (fdef[1], right):
                        continue  # this step defines the function
                    links.append((a, b, left, right))
        for a, b, left, right in links:
            # by default the previous step; the first step follows from the definitions
            opening = [e for e in earlier if e.section == "4.A"]
            premises = cited or ([previous] if previous is not None else opening)
            target = _Target(
                a, b, left, right, step.section, [*premises, *stated], bool(cited), zero, list(earlier)
            )
            target.step = len(per_step) - 1
            target.label = label
            target.identities = [ref.name for ref in step.identities]
            target.definitions = [*definitions, *own_definitions]
            targets.append(target)
        definitions.extend(own_definitions)
        equation = _Equation(label, step.span.start, pairs, step.section)
        earlier.append(equation)
        previous = equation
    for t in _boxed(note, earlier):
        t.definitions = list(definitions)
        targets.append(t)
    for t in targets:
        t.left, t.right = _with_arguments(t.left, functions), _with_arguments(t.right, functions)
        text = " ".join([t.left, t.right, *(f"{l} {r}" for e in t.cited for l, r in e.pairs)])
        relevant_functions = relevant_definitions(text, functions, {}, {})[0]
        # every declared shape: the translator takes what it meets (\hat w is declared as \hat{w})
        all_text = " ".join([text, *(f"{d.left} {d.right}" for d in _definition_premises(t, ()))])
        premise_set = tuple(_premises_with_arguments(_premises(t.cited, t.zero, cited=True), functions))
        if t.zero:
            premise_set += tuple(_stationarity(t.cited, functions, shapes))
        definition_set = tuple(_definition_premises(t, premise_set))
        premise_set += definition_set
        # the definitions are also values the translator substitutes as it reads, so that the
        # derivative of a defined name (∂ℓ/∂v_c with ℓ and s_0 = u_wᵀv_c defined) is taken
        values = {d.left: d.right for d in definition_set}
        ctx = Context(
            relevant_functions, values, {**_family_shapes(shapes, all_text), **shapes}, log=facts.log
        )
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
        # with the definitions it was checked under (premises the step does not cite)
        other_set += tuple(p for p in t.job.premises if not p.cited and p not in other_set)
        job = FollowsJob(t.left, t.right, other_set, t.job.context, t.job.assumptions, variables)
        others.append(job if other_set else None)
    second = _run([j for j in others if j is not None], config)
    results = iter(second)
    for (t, v), other in zip(retry, others):
        labels = tuple(dict.fromkeys(p.label for p in t.job.premises))
        w = next(results) if other is not None else {"status": "unknown"}
        if w.get("status") == "holds":
            # the citation is wrong when one equation the step does not cite is what it follows from
            found = w.get("used") or []
            cites = ", ".join(e.label for e in t.cited if not e.label.startswith(_RULE_LABEL))
            used = found[0] if len(found) == 1 and found[0] not in cites.split(", ") else ""
            wrong = used if t.explicit and used else ""
            t.verdict = StepVerdict(
                t.start,
                t.end,
                "follows",
                f"follows from {wrong}, not from what it cites ({cites})" if wrong else "",
                tuple(found) or labels,
                wrong_citation=wrong,
                section=t.section,
                cites=cites,
            )
        elif (
            v.get("status") == "fails"
            and t.zero
            and not any(p.zero or p.right == "0" for p in t.job.premises)
            and any(claims.function_definition(l) for e in t.cited for l, _r in e.pairs)
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
    # a cited step that does not follow itself is the error, not the citation
    broken = {t.label for t in targets if t.verdict is not None and t.verdict.verdict == "fails"}
    for t in targets:
        given = t.verdict
        if given is not None and given.wrong_citation and any(e.label in broken for e in t.cited):
            given.wrong_citation, given.message = "", ""
    out.steps = sorted(
        [*identities, *(t.verdict for t in targets if t.verdict is not None)], key=lambda v: (v.start, v.end)
    )
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


def _new_name(left: str, right: str, earlier: list[_Equation], variables: tuple[str, ...]) -> bool:
    """``r = y - \\hat y``: a name no earlier equation mentions, defined here. An estimator
    ``\\hat w`` of a variable the derivation differentiates in (``\\nabla_w``) is not new: it
    names the solution of an earlier equation in ``w`` (``\\hat y`` beside data ``y`` is new)."""
    if not claims.is_bare(left):
        return False
    name = claims.full_name(left)
    if claims.mentions(right, name):
        return False
    plain = re.sub(r"\\(?:hat|widehat)\s*\{?(\\?[A-Za-z]+)\}?", r"\1", name)
    base = re.match(r"\\?[A-Za-z]+", plain)
    estimator = plain != name and base is not None and base.group(0) in variables
    for e in earlier:
        for l, r in e.pairs:
            if claims.mentions(l + " " + r, name) or (estimator and claims.mentions(l + " " + r, plain)):
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


_FAMILY = re.compile(r"^(?P<base>.+?)_\{?(?P<index>[A-Za-z])\}?$")
_ONE_TOKEN = re.compile(r"\{\s*(\\[A-Za-z]+|[A-Za-z0-9])\s*\}")
#: an instance's subscript: t-1, 0, T, t+1 (not ij: an entry)
_INSTANCE = r"_(?:\{\s*[A-Za-z0-9](?:\s*[+-]\s*[A-Za-z0-9])?\s*\}|[A-Za-z0-9])(?![A-Za-z0-9])"


def _family_shapes(
    shapes: dict[str, tuple[int | str, int | str]], text: str
) -> dict[str, tuple[int | str, int | str]]:
    """``x_t ∈ ℝ^D`` with ``t`` an index declares a family: ``x_{t-1}``, ``x_0``, ``x_T`` in
    ``text`` have its shape (a subscript of two letters, ``X_{ij}``, is an entry, not a member)."""
    indices = {k for k, v in shapes.items() if v == (1, 1) and re.fullmatch(r"[a-z]", k)}
    compact = _ONE_TOKEN.sub(r"\1", text)
    out: dict[str, tuple[int | str, int | str]] = {}
    for key, shape in shapes.items():
        m = _FAMILY.match(_ONE_TOKEN.sub(r"\1", key))
        if m is None or m.group("index") not in indices or shape == (1, 1):
            continue
        base = r"(?<![A-Za-z\\])" + re.escape(m.group("base")) + r"(?![A-Za-z])\s*"
        for hit in re.finditer(base + _INSTANCE, compact):
            out.setdefault(re.sub(r"\s+", "", hit.group(0)), shape)
    return out


def _definition_premises(t: _Target, premises: tuple[Premise, ...]) -> list[Premise]:
    """The definitions made before the step whose names the step or its premises use (and
    those the used definitions use), the latest definition of each name, as premises
    ``name = value`` (the worker substitutes them)."""
    from notelint.math.checking.jobs import Premise

    latest: dict[str, tuple[str, str, str]] = {}
    for e in t.definitions:
        for name, value in e.pairs:
            latest[claims.full_name(name)] = (e.label, name, value)
    text = " ".join([t.left, t.right, *(f"{p.left} {p.right}" for p in premises)])
    given = {(p.left, p.right) for p in premises}
    chosen: dict[str, Premise] = {}
    for _round in range(3):
        for key, (label, name, value) in latest.items():
            if key not in chosen and claims.mentions(text, key) and (name, value) not in given:
                chosen[key] = Premise(label, name, value, cited=False)
                text += f" {value}"
    return list(chosen.values())


def _premises(equations: list[_Equation], zero: bool, cited: bool) -> list[Premise]:
    from notelint.math.checking.jobs import Premise

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
    from notelint.math.checking.jobs import Premise

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
    from notelint.math.checking.jobs import Premise

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
    """Verdicts through the same on-disk cache and CAS pool as the relation jobs."""
    return run_cached(list(jobs), config)[0] if jobs else []


DERIVATION: ConfiguredFacet[Derivation] = ConfiguredFacet(
    "derivation", _derive, "NL506: the premises and verdict of each 4.B step, under one configuration."
)
