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

import itertools
import re
from functools import partial
from typing import TYPE_CHECKING, Any

from notelint.math.checking import claims
from notelint.math.checking.analysis import analyze
from notelint.math.checking.cas_shapes import declared_shapes
from notelint.math.checking.estimators import solved
from notelint.math.checking.note_facts import NOTE_FACTS, NoteFacts, step_case_title
from notelint.math.checking.recorded_definitions import relevant_definitions
from notelint.math.checking.step_equations import (
    equation_label,
    implication_links,
    is_hypothesis,
    named_pairs,
    relation_pairs,
    rule_pairs,
    step_links,
    step_math,
)
from notelint.math.checking.step_premises import (
    as_premises,
    boxed_targets,
    cited_equations,
    definition_premises,
    family_instances,
    family_shapes,
    is_new_name,
    note_variables,
    premises_with_arguments,
    solved_variables,
    stationarity_premises,
    with_arguments,
)
from notelint.math.checking.step_types import IDENTITY, Derivation, StepEquation, StepTarget, StepVerdict
from notelint.math.checking.verdict_runs import run_cached
from notelint.math.reading.hypothesis_marks import states_a_hypothesis
from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.relations import chains_of, without_notes
from notelint.math.reading.side_names import symbols_used
from notelint.math.reading.text_facts import is_set_size
from notelint.note import ConfiguredFacet
from notelint.parse.equations import EQUATIONS
from notelint.parse.steps import STEPS

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.checking.jobs import FollowsJob
    from notelint.note import MathSpan, Note
    from notelint.parse.steps import Step

#: the step's rule or title says it sets a derivative to zero
_ZERO_RULE = re.compile(
    r"(?:set|setting|equat\w*|equal\w*)\b[^.;{}]{0,40}?\bto\s+(?:zero|0)\b|stationar|first[- ]order"
    r"|optimality|critical point|vanish"
    r"|\bzero\s+(?:gradient|derivative)",
    re.IGNORECASE,
)


def derivation(note: Note, config: Config) -> Derivation:
    """The step verdicts of ``note`` (computed once per note and configuration: the
    :data:`DERIVATION` facet, not a module-global cache that would keep the verdicts of one
    configuration for another)."""
    return note.facet(DERIVATION, config)


def computed_derivation(note: Note) -> Derivation | None:
    """The step verdicts of ``note`` if NL506 already computed them (the language server's
    hover shows them without starting the CAS), else None."""
    return note.built(DERIVATION)


#: how an equation written in a step's rule is named in messages
_RULE_LABEL = "the equation in the rule of"


def _no_target(quoted: bool, cases: dict[MathSpan, tuple[int, int]], math: MathSpan) -> bool:
    """Math whose relations a step does not derive: :func:`_not_a_premise`'s, and a case."""
    return _not_a_premise(quoted, math) or math in cases


def _case_spans(note: Note, facts: NoteFacts, step: Step) -> dict[MathSpan, tuple[int, int]]:
    """The inline spans of a step's prose its sentence states as a case ("if $b=0$ then …",
    "for $z\ne0$"), with the file range the step owns in each."""
    return {
        math: (start, end)
        for math, start, end in step_math(step)
        if math.kind == "inline" and facts.span_facts(note, math, step.section).hypothesis
    }


def _not_a_premise(quoted: bool, math: MathSpan) -> bool:
    """Neither a quoted (LECTURER CLAIM) step nor "n = d ⟹ H = I_n" (true under its hypothesis
    only) is a premise of what follows, or follows from the premises itself."""
    return quoted or states_a_hypothesis(math.facet(MATH_MODEL))


#: a derivative a glossary entry names (``g_0=\nabla f(x_0)``, ``H=\nabla^2 f(x)``): the
#: entries whose meaning a step needs and no formula elsewhere gives (a count ``S=\sum_i B_i``
#: with a law, a tuple ``p=(p_1,p_2,p_3)^\top``, an alias ``q=e^\beta`` stay out: measured on the
#: older bench, they turned correct steps into counterexamples)
_DERIVATIVE_VALUE = re.compile(r"\\nabla|\\partial|\\frac\{d")


def _glossary_definitions(note: Note) -> list[StepEquation]:
    r"""Section 2's definitions of the symbols it declares: ``n_k = |\mathcal{I}_k|`` (the size
    of an index set the CAS samples) and an entry's derivative ``$g_0=\nabla f(x_0)\in\mathbb{R}^2$:
    the gradient at $x_0$`` (what a step means by $g_0$: without it $g_0$ was free, and a step
    using it "failed" at a $g_0$ no premise ties to $f$). Only an equation whose left side is
    the symbol the entry declares, first in its chain: a case an entry mentions ("for
    $\lambda=0$, $\hat w=X^+y$") declares nothing."""
    out: list[StepEquation] = []
    try:
        from notelint.math.semantics.glossary import glossary

        declared = [d for d in glossary(note).declarations if d.section == "2" and not d.in_prose]
    except Exception:  # the glossary is another feature: never let it break the checks
        declared = []
    for span in note.math:
        section = note.section_at(span.start)
        if section is None or section.key != "2":
            continue
        try:
            chains = chains_of(span)
        except (ValueError, IndexError, AssertionError):
            continue
        keys = {claims.squash(d.key) for d in declared if span.start <= d.span.start < span.end}
        for chain in chains:
            for link in chain.links:
                left, right = link.left.text.strip(), link.right.text.strip()
                if link.op != "=" or not claims.is_bare(left):
                    continue
                if is_set_size(right) or (
                    link.index == 0
                    and claims.squash(claims.full_name(left)) in keys
                    and claims.function_definition(left) is None
                    and claims.names_in(right)
                    and not claims.mentions(right, claims.full_name(left))
                    and not chain.hypothesis_of_implication
                    and _DERIVATIVE_VALUE.search(right) is not None
                ):
                    out.append(StepEquation("section 2", span.start, [(left, right)], "2"))
    return out


def _derive(note: Note, config: Config) -> Derivation:
    from notelint.math.checking.jobs import FollowsJob  # plain data

    facts = note.facet(NOTE_FACTS)
    out = Derivation()
    if not facts.standard:
        out.steps = _implications_in_prose(note, config, facts)
        return out
    steps = [s for s in note.facet(STEPS) if s.section in ("4.A", "4.B")]
    index = note.facet(EQUATIONS)
    link_results = analyze(note, config).results
    checked = {(r.start, r.end): r.verdict for r in link_results}
    # "Counterexample: $A=\begin{pmatrix}1&2\\2&1\end{pmatrix}$": an instance, no step
    instances = {(r.start, r.end) for r in link_results if r.message.endswith(claims.EXAMPLE_VALUE)}
    shapes = dict(declared_shapes(note))
    for dims in list(shapes.values()):
        for d in dims:
            if isinstance(d, str):
                for name in (f"I_{d}", f"I_{{{d}}}"):
                    shapes.setdefault(name, (d, d))
    functions: dict[str, tuple[tuple[str, ...], str]] = {}
    earlier: list[StepEquation] = []
    targets: list[StepTarget] = []
    per_step: list[list[str]] = []
    previous: StepEquation | None = None
    previous_case: str | None = None  # the case the previous step's title names
    variables = note_variables(note)
    #: relations that hold on their own (for the editor's hover)
    identities: list[StepVerdict] = []
    #: every definition made so far (4.A names, ``name := …``, a new name in a step); from
    #: section 2 the sizes of index sets and the derivatives its entries name
    definitions: list[StepEquation] = _glossary_definitions(note)
    for number, step in enumerate(steps, 1):
        label = equation_label(note, step, f"step {number}")
        # the lecturer's claim is quoted, not derived (its correction is checked)
        quoted = any("LECTURER" in tag.name.upper() for tag in step.tags)
        pairs: list[tuple[str, str]] = []
        conditional: list[tuple[str, str]] = []
        step_text = " ".join(math.latex for math, _, _ in step_math(step))
        # "…; if $s^\top z=0$ then $w=z$": the case a step's prose states is neither what the
        # step derives nor a premise of later steps; it is a premise of its sentence's relations
        cases = _case_spans(note, facts, step)
        for math, start, end in step_math(step):
            if math in cases:
                conditional.extend(relation_pairs(math, start, end))
            elif not _not_a_premise(quoted, math):
                pairs.extend(relation_pairs(math, start, end))
            elif not quoted:
                conditional.extend(relation_pairs(math, start, end))
        for left, right in pairs:
            # a function defined in 4.A, or in a step (a Lagrangian), is substituted where used
            fdef = claims.function_definition(left)
            if fdef is not None and "'" not in fdef[0] and fdef[1]:
                functions.setdefault(fdef[0], (fdef[1], right))
        own_definitions = [
            StepEquation(label, step.span.start, [pair], step.section) for pair in named_pairs(step, pairs)
        ]
        if step.section == "4.A":
            earlier.append(StepEquation(label, step.span.start, pairs, step.section, conditional, step_text))
            definitions.extend(own_definitions)
            continue
        cited = cited_equations(note, step, index, earlier)
        # equations written in the step's rule ("{Rule: substitution of $r=(I_n-H)y$}") are
        # premises the step names
        stated = [
            StepEquation(f"{_RULE_LABEL} {label}", step.span.start, written, step.section)
            for written in [rule_pairs(step)]
            if written
        ]
        own: list[str] = []
        per_step.append(own)
        if is_hypothesis(step):
            # "for some t ≥ 2 assume (5)": an induction hypothesis is assumed, not derived; it
            # is a premise of what follows
            definitions.extend(own_definitions)
            equation = StepEquation(label, step.span.start, pairs, step.section, conditional, step_text)
            earlier.append(equation)
            previous = equation
            continue
        rule = " ".join(c.rule for c in step.citations) + " " + step.prose
        zero = bool(_ZERO_RULE.search(rule))
        links: list[tuple[int, int, str, str]] = []
        links_case: list[list[tuple[str, str]]] = []
        for math, start, end, link in step_links(step, skip=partial(_no_target, quoted, cases)):
            a = math.content_start + (link.op_start if link.continued else link.left.start)
            b = math.content_start + link.right.end
            if link.op != "=" or not start <= a or b > end:
                continue
            if (a, b) in instances:
                continue
            if checked.get((a, b)) == "verified":
                own.append("follows")
                identities.append(StepVerdict(a, b, "follows", IDENTITY, (), section=step.section))
                continue  # an identity: NL501's
            # refuted as an identity: a step may still follow from its premises
            # (S w = λ w from (3)); NL501 then leaves it to NL506
            model = math.facet(MATH_MODEL)
            left, right = without_notes(link.left, model).strip(), without_notes(link.right, model).strip()
            if not left or not right:
                continue
            if is_new_name(left, right, earlier, variables):
                # "r = y − ŷ": defined here, substituted in what follows
                own_definitions.append(StepEquation(label, step.span.start, [(left, right)], step.section))
                continue
            fdef = claims.function_definition(left)
            if fdef is not None and functions.get(fdef[0]) == (fdef[1], right):
                continue  # this step defines the function
            links.append((a, b, left, right))
            links_case.append(
                [
                    pair
                    for case, (c_start, c_end) in cases.items()
                    if case.start < math.start and facts.same_sentence(case, math)
                    for pair in relation_pairs(case, c_start, c_end)
                ]
            )
        case = step_case_title(note, step)
        # "5. Envelope on the outer region" after "4. … on the inner region": a step of another
        # case does not follow from the one before it
        after = (
            previous
            if previous is not None and not (case and previous_case and case != previous_case)
            else None
        )
        for n, (a, b, left, right) in enumerate(links):
            # by default the previous step; the first step follows from the definitions
            opening = [e for e in earlier if e.section == "4.A"]
            premises = cited or ([after] if after is not None else opening)
            # "π₁(1−a)+π₂b = π₁ \\ π₂b = π₁a": a line of the step follows from the lines above it
            # (a line that only gives a name its value, "\hat\alpha = (K+\lambda I)^{-1}y, …", is no
            # premise here: substituted into the line after it, it can make that line unreadable)
            above = [
                (left_, right_)
                for _, _, left_, right_ in links[:n]
                if (left_, right_) != (left, right) and claims.naming_side(left_, right_) is None
            ]
            rows = (
                [StepEquation(f"the line above in {label}", step.span.start, above, step.section)]
                if above
                else []
            )
            case_of = (
                [
                    StepEquation(
                        f"the case its sentence states in {label}",
                        step.span.start,
                        links_case[n],
                        step.section,
                    )
                ]
                if links_case[n]
                else []
            )
            target = StepTarget(
                a,
                b,
                left,
                right,
                step.section,
                [*premises, *rows, *stated, *case_of],
                bool(cited),
                zero,
                list(earlier),
            )
            target.step = len(per_step) - 1
            target.label = label
            target.identities = [ref.name for ref in step.identities]
            target.definitions = [*definitions, *own_definitions]
            targets.append(target)
        for math, start, end in step_math(step):
            if quoted or not _not_a_premise(quoted, math):
                continue
            for premise_links, a, b, left, right in implication_links(math, start, end):
                # "e^{2α} = r \iff α = ½ log r": the statement after the sign follows from the one
                # before it alone
                if checked.get((a, b)) == "verified":
                    continue  # an identity on its own: NL501's
                if not symbols_used([left, right]) <= symbols_used(
                    [side for pair in premise_links for side in pair]
                ):
                    # "\phi'(\alpha) = 0 \iff \alpha_k = …": the sign renames or brings in what
                    # the statement beside it leaves free; that is not decidable from it
                    continue
                beside = StepEquation(
                    f"the statement beside it in {label}", step.span.start, premise_links, step.section
                )
                target = StepTarget(a, b, left, right, step.section, [beside], True, zero, list(earlier))
                target.step = len(per_step) - 1
                target.label = label
                target.definitions = [*definitions, *own_definitions]
                targets.append(target)
        if case is None:
            # (a name a case's step gives a value, "M(v) = v^2/(2t)" on the inner region, has
            # it in that case only)
            definitions.extend(own_definitions)
        equation = StepEquation(label, step.span.start, pairs, step.section, conditional, step_text)
        earlier.append(equation)
        previous = equation
        previous_case = case
    for t in boxed_targets(note, earlier):
        t.definitions = list(definitions)
        targets.append(t)
    for t in targets:
        t.left, t.right = with_arguments(t.left, functions), with_arguments(t.right, functions)
        text = " ".join([t.left, t.right, *(f"{l} {r}" for e in t.cited for l, r in e.pairs)])
        relevant_functions = relevant_definitions(text, functions, {}, {})[0]
        # every declared shape: the translator takes what it meets (\hat w is declared as \hat{w})
        all_text = " ".join([text, *(f"{d.left} {d.right}" for d in definition_premises(t, ()))])
        premise_set = tuple(premises_with_arguments(as_premises(t.cited, t.zero, cited=True), functions))
        if t.zero:
            premise_set += tuple(stationarity_premises(t.cited, functions, shapes))
        definition_set = tuple(definition_premises(t, premise_set))
        premise_set += definition_set
        # the definitions are also values the translator substitutes as it reads, so that the
        # derivative of a defined name (∂ℓ/∂v_c with ℓ and s_0 = u_wᵀv_c defined) is taken
        values = {d.left: d.right for d in definition_set}
        # an ansatz z_k = r^k: the family at every index the step uses, substituted as read
        values.update({p.left: p.right for p in family_instances(premise_set, text, _RULE_LABEL)})
        ctx = facts.cas_context(relevant_functions, values, {**family_shapes(shapes, all_text), **shapes})
        if not premise_set:
            t.verdict = StepVerdict(
                t.start, t.end, "unknown", "no earlier equation to follow from", (), section=t.section
            )
            continue
        varying = _varying_in_limit(t.left + " " + t.right, premise_set, functions)
        if varying:
            # lim_{λ→0} df(λ) with df(λ) = tr(H_λ): a premise solved at one λ says nothing of the
            # limit of what it gives at every λ
            reason = f"takes a limit in {varying} of what its premises give at each {varying}"
            t.verdict = StepVerdict(t.start, t.end, "unknown", reason, (), section=t.section)
            continue
        t.job = solved(
            FollowsJob(
                t.left,
                t.right,
                premise_set,
                ctx,
                facts.assumptions_for(text, ()),
                solved_variables(variables),
            )
        )
    first = _run([t.job for t in targets if t.job is not None], config)
    retry: list[tuple[StepTarget, dict[str, Any]]] = []
    for t, v in zip([t for t in targets if t.job is not None], first):
        labels = tuple(dict.fromkeys(p.label for p in t.job.premises))
        status = v.get("status")
        if status == "holds":
            t.verdict = StepVerdict(t.start, t.end, "follows", "", labels, section=t.section)
        else:
            retry.append((t, v))
    # not from what it cites: from another earlier equation? (then the citation is wrong)
    # Not by one refuted as an identity that did not follow from its own premises either: a
    # false equation (w^{t-k} = w^{t-k+1}) pins its names (w = 1) and so rescues any later step
    false = {t.label for t, _v in retry if checked.get((t.start, t.end)) == "refuted"}
    others: list[FollowsJob | None] = []
    for t, v in retry:
        if v.get("transient"):
            # what it cites ran out of time: the larger premise set would too (on standard/ it
            # never decided one of these steps, and cost 2 s each)
            others.append(None)
            continue
        rest = [e for e in t.earlier if e not in t.cited]
        # an uncited gradient equation can only serve as its stationarity condition
        other_set = tuple(premises_with_arguments(as_premises(rest, True, cited=False), functions))
        # with the definitions it was checked under (premises the step does not cite)
        other_set += tuple(p for p in t.job.premises if not p.cited and p not in other_set)
        job = solved(
            FollowsJob(
                t.left, t.right, other_set, t.job.context, t.job.assumptions, solved_variables(variables)
            )
        )
        others.append(job if other_set else None)
    second = _run([j for j in others if j is not None], config)
    results = iter(second)
    for (t, v), other in zip(retry, others):
        labels = tuple(dict.fromkeys(p.label for p in t.job.premises))
        w = next(results) if other is not None else {"status": "unknown"}
        if w.get("status") == "holds" and false.intersection(w.get("used") or ()):
            w = {"status": "fails"}  # only by a false equation: none could be what it uses
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
    _conditional_premises(targets, config)
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


#: the variable of a limit: ``\lim_{\lambda\to 0^+}``
_LIMIT_VARIABLE = re.compile(r"\\lim_\{?\s*(\\?[A-Za-z]+)\s*\\(?:to|rightarrow)")


def _varying_in_limit(step: str, premises: tuple[Any, ...], functions: dict[str, Any]) -> str:
    r"""The variable of a limit the step takes that a name carries as its index in a premise about
    the step's names or in a function the step uses
    (``\operatorname{df}(\lambda)=\operatorname{tr}(H_\lambda)``), or ""."""
    variables = _LIMIT_VARIABLE.findall(step)
    if not variables:
        return ""  # (most steps: no premise or function is read)
    names = claims.free_names_in(step)
    texts = [f"{p.left} {p.right}" for p in premises if claims.free_names_in(p.left) & names]
    texts += [body for _, body in relevant_definitions(step, functions, {}, {})[0].values()]
    for variable in variables:
        indexed = re.compile(rf"_\{{?\s*{re.escape(variable)}(?![A-Za-z])")
        if any(indexed.search(text) for text in texts):
            return variable
    return ""


def _conditional_premises(targets: list[StepTarget], config: Config) -> None:
    """A step that does not follow from what it cites, when a cited display gives a name its
    value under a condition ("… = 0 \\iff \\alpha_k = …", left out of the premises): checked
    again with that value as a premise. A step that follows then may use the value, and is
    unknown (the value holds only under its condition); one that still fails, or that the
    worker cannot decide with the extra premise, stays reported."""
    from notelint.math.checking.jobs import FollowsJob, Premise  # plain data

    failing: list[tuple[StepTarget, list[tuple[str, str, str]]]] = []
    for t in targets:
        if t.verdict is None or t.verdict.verdict != "fails" or t.job is None:
            continue
        named = [
            (e.label, left, right)
            for e in t.cited
            for left, right in e.conditional
            # a name, not a function's value or derivative ("\\phi'(\\alpha) = 0")
            if claims.naming_side(left, right) == "left" and claims.function_definition(left) is None
        ]
        if named:
            failing.append((t, named))
    jobs = [
        FollowsJob(
            t.left,
            t.right,
            (*t.job.premises, *(Premise(label, l, r) for label, l, r in named)),
            t.job.context,
            t.job.assumptions,
            t.job.variables,
        )
        for t, named in failing
    ]
    for (t, _named), v in zip(failing, _run(jobs, config)):
        if v.get("status") == "holds":
            assert t.verdict is not None
            under = ", ".join(e.label for e in t.cited if e.conditional)
            reason = (
                f"does not follow from {', '.join(t.verdict.premises)} alone; "
                f"it may use the value {under} gives under a condition"
            )
            t.verdict = StepVerdict(t.start, t.end, "unknown", reason, t.verdict.premises, section=t.section)


#: how the premise of an implication in a note without the standard is named in messages
_BEFORE_THE_SIGN = "the equation before the implication sign"


def _implications_in_prose(note: Note, config: Config, facts: NoteFacts) -> list[StepVerdict]:
    r"""A note that does not follow the standard has no steps, but its implication signs join
    statements that must follow from the one before them (``r^2=r+1 \implies r^2-r-1=0``):
    each is checked against that statement alone, with nothing else of the note (its names
    reused freely), and only a failure whatever its unknowns are is one."""
    from notelint.math.checking.jobs import FollowsJob, Premise  # plain data

    checked = {(r.start, r.end): r.verdict for r in analyze(note, config).results}
    targets: list[tuple[int, int, FollowsJob]] = []
    for math in note.math:
        if not _not_a_premise(False, math):
            continue  # no implication sign in it
        for premise_links, a, b, left, right in implication_links(math, math.content_start, math.end):
            if checked.get((a, b)) in ("verified", "refuted"):
                continue  # decided on its own: NL501's
            if "\\\\" in note.text[math.content_start : a]:
                # "x_1+x_2=2 \\ x_1+1.0001x_2=2.0002 \Longrightarrow …": the rows above may be
                # premises too (a system), and which ones is not written
                continue
            if not symbols_used([left, right]) <= symbols_used(
                [side for pair in premise_links for side in pair]
            ):
                continue  # the sign brings in a name from elsewhere
            premises = tuple(Premise(_BEFORE_THE_SIGN, l, r, True, False) for l, r in premise_links)
            ctx = facts.cas_context({}, {}, {})
            text = " ".join([left, right, *(f"{l} {r}" for l, r in premise_links)])
            job = solved(FollowsJob(left, right, premises, ctx, facts.assumptions_for(text, ()), ()))
            targets.append((a, b, job))
    targets.extend(_rearrangements(note, facts, checked))
    out: list[StepVerdict] = []
    for (a, b, checked_job), v in zip(targets, _run([job for _, _, job in targets], config)):
        status = v.get("status")
        verdict = "follows" if status == "holds" else "fails" if status == "fails" else "unknown"
        message = "" if verdict == "follows" else v.get("message") or "could not check"
        # the implication's premise, or the display a rearrangement solves
        premise = checked_job.premises[0].label if checked_job.premises else _BEFORE_THE_SIGN
        out.append(StepVerdict(a, b, verdict, message, (premise,), section=""))
    return sorted(out, key=lambda v: (v.start, v.end))


#: the words between two displays that say the second solves the first for a name ("The
#: inverse map solves for $x_i$:", "Rearranging gives", "solving this for $w$ yields") (reads
#: words, inline math blanked to "$")
_SOLVED_FOR = re.compile(
    r"(?:\bsolv(?:e|es|ing)\s+(?:it\s+|this\s+|that\s+|the\s+equation\s+)?for\s+\$|\brearrang(?:e|es|ed|ing)\b)"
    r"[^.;:!?$]{0,30}[:,]?\s*$",
    re.IGNORECASE,
)
#: how the premise of a rearrangement is named in messages
_THE_DISPLAY_BEFORE = "the display before it, which it solves"


def _rearrangements(
    note: Note, facts: NoteFacts, checked: dict[tuple[int, int], str]
) -> list[tuple[int, int, FollowsJob]]:
    r"""A display the words before it say solves the display before it for a name ("$$z_i =
    \frac{x_i-\mu}{\sigma}.$$ The inverse map solves for $x_i$: $$x_i = \mu + \sigma z_i.$$"):
    each of its equations must follow from that display's equations alone. Only one '='-chain,
    between two displays with nothing but a sentence's words between them, and no name the
    earlier display lacks."""
    from notelint.math.checking.jobs import FollowsJob, Premise  # plain data

    out: list[tuple[int, int, FollowsJob]] = []
    displays = [m for m in note.math if m.display]
    for before, after in itertools.pairwise(displays):
        gap = note.text[before.end : after.start]
        if len(gap) > 300 or "\n\n\n" in gap:
            continue
        words = re.sub(r"\$[^$\n]*\$|\\\(.*?\\\)", "$", gap)
        if not _SOLVED_FOR.search(words.rstrip()):
            continue
        given = relation_pairs(before, before.content_start, before.end)
        wanted = relation_pairs(after, after.content_start, after.end)
        if (
            len(given) != 1
            or len(wanted) != 1
            or _not_a_premise(False, before)
            or _not_a_premise(False, after)
        ):
            continue
        try:
            chains = chains_of(after)
        except (ValueError, IndexError, AssertionError):
            continue
        # the '='-chain relation_pairs gave (a membership chain may come first)
        chain = next((c for c in chains if c.links and all(x.op == "=" for x in c.links)), None)
        if chain is None:
            continue
        a = after.content_start + chain.links[0].left.start
        b = after.content_start + chain.links[-1].right.end
        if checked.get((a, b)) in ("verified", "refuted"):
            continue  # decided on its own: NL501's
        (left, right), (g_left, g_right) = wanted[0], given[0]
        constants = {"e"} if facts.euler else set()
        if not symbols_used([left, right]) - constants <= symbols_used([g_left, g_right]):
            continue
        premises = (Premise(_THE_DISPLAY_BEFORE, g_left, g_right, True, False),)
        text = " ".join([left, right, g_left, g_right])
        ctx = facts.cas_context({}, {}, {})
        out.append(
            (a, b, solved(FollowsJob(left, right, premises, ctx, facts.assumptions_for(text, ()), ())))
        )
    return out


def _run(jobs: list[FollowsJob], config: Config) -> list[dict[str, Any]]:
    """Verdicts through the same on-disk cache and CAS pool as the relation jobs."""
    return run_cached(list(jobs), config)[0] if jobs else []


DERIVATION: ConfiguredFacet[Derivation] = ConfiguredFacet(
    "derivation", _derive, "NL506: the premises and verdict of each 4.B step, under one configuration."
)
