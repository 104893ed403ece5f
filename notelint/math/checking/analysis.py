"""Check every relation of a note: collect links, send checkable ones to the CAS, classify.

Runs in the linting process and never imports SymPy: translation and verification happen in
the worker pool (``pool``), verdicts are cached on disk (``cache``). The result is computed
once per note and shared by NL501–NL504.

Order of work:
1. walk the math spans in order, split them into links (``relations``), record definitions
   (``J(w) = …``, ``:=``) as they appear, and build one job per checkable link with the
   definitions and shapes it mentions;
2. run the jobs (cache first, then the pool);
3. walk again in order and decide what a failing link is: a refuted claim, or a condition,
   a definition, a substitution — unknown (see :mod:`notelint.math.checking.claims`).

The parts live beside it: :mod:`~notelint.math.checking.link_results` (the result types),
:mod:`~notelint.math.checking.recorded_definitions`, :mod:`~notelint.math.checking.cas_shapes`,
:mod:`~notelint.math.checking.glossary_meanings`, :mod:`~notelint.math.checking.example_columns`
(what a job is built from), :mod:`~notelint.math.checking.verdict_runs` (cache and pool) and
:mod:`~notelint.math.checking.verdict_reasons` (verdict to result).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.math.checking import claims, distributions
from notelint.math.checking.guards import Unsupported, check_input
from notelint.math.checking.note_facts import NoteFacts
from notelint.math.reading.relations import chains_of
from notelint.note import ConfiguredFacet

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.note import Note
from notelint.math.checking.cas_shapes import (
    declared_shapes,
    identity_letter_shapes,
    identity_own_shapes,
)
from notelint.math.checking.example_columns import (
    assembled_columns,
    column_named_matrices,
)
from notelint.math.checking.glossary_meanings import (
    glossary_meanings,
)
from notelint.math.checking.link_results import (
    OPS,
    Analysis,
    LinkResult,
    PendingLink,
    Recipe,
    file_span,
)
from notelint.math.checking.recorded_definitions import (
    RecordedDefinition,
    record_definition,
    relevant_definitions,
    unsubstituted,
)
from notelint.math.checking.verdict_reasons import (
    classify_verdict,
)
from notelint.math.checking.verdict_runs import (
    config_option,
    run_jobs,
)


def analyze(note: Note, config: Config) -> Analysis:
    """The verdicts of every relation of ``note`` (computed once per note and configuration)."""
    return note.facet(ANALYSIS, config)


#: words before a formula's chain that make it a condition of the formula, not a claim
_CONDITION_LEAD = re.compile(
    r"(?:s\.\s*t\.|subject to|such that|if|iff|for|for all|for every|for any|when|whenever|where|"
    r"given|provided(?: that)?|assuming|unless|with)(?![A-Za-z])",
    re.IGNORECASE,
)


def _analyze(note: Note, config: Config) -> Analysis:
    from notelint.math.checking.jobs import Context, Job  # plain data, no SymPy

    facts_of = NoteFacts.read(note)
    laws = distributions.read(note)
    # every symbolic definition of the note, for the reason a failure is not reported (with the
    # arrays the glossary gives a value in math the CAS does not substitute)
    definitions: list[RecordedDefinition] = glossary_meanings(note)
    # matrices the glossary names by their columns ("$X_j\in\mathbb{R}^n$: its $j$-th column")
    column_bases = column_named_matrices(note)
    # the equalities each step's rule citation states (a symmetry, a recalled definition)
    step_values: dict[str, dict[str, str]] = {}
    # definitions of the standard's sections 2–4 hold for the whole note; elsewhere (books,
    # lecture notes) a definition lasts until the next heading: f, g, p are reused freely
    global_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    local_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    # a value (\hat w = …) is substituted only in notes that follow the standard, where a name
    # keeps one meaning; elsewhere names are reused too often
    values: dict[str, str] = {}
    # the numbers a worked example gives its symbols ("$X=\begin{pmatrix}…$", "$n=3$"): they
    # hold until the example ends (the step, or the labelled paragraph or list item)
    example_values: dict[str, str] = {}
    # the values a worked example states for names it then uses ("$w^\star=(0,\tfrac34)^\top$")
    example_stated: dict[str, str] = {}
    example_scope: object = None
    defined: set[str] = set()
    span_shapes: dict[str, tuple[int | str, int | str]] = {}
    floor = float(config_option(config, "math.approx-tolerance", 0.01))
    pending: list[PendingLink | LinkResult] = []
    scope: object = None
    # symbols solved for by the condition of the current step, and that step's label
    step_conditions: dict[str, tuple[set[str], str]] = {}
    for span in note.math:
        section = note.section_at(span.start)
        key = section.key if section else None
        in_standard = key is not None and (key[0] in "234")
        here = "standard" if in_standard else _heading_before(note, span.start)
        if here != scope:
            scope = here
            local_functions = {}
            if not facts_of.standard:
                defined = set()
        # a note that follows the standard keeps one meaning per name: a function its section 1
        # introduces ("$S_\tau(z)=…$") is the one of the derivation
        functions = global_functions if in_standard or facts_of.standard else local_functions
        visible = {**global_functions, **local_functions}
        # the shapes in force here (4.D letters are local to 4.D; without a glossary, the
        # latest declaration of each symbol)
        env = span.environment if span.kind == "environment" else None
        if env in ("cases", "dcases", "array", "tabular"):
            continue
        try:
            chains = chains_of(span)
        except (ValueError, IndexError, AssertionError):
            continue
        if not (key or "").startswith("4") and not any(
            link.op != "other" for chain in chains for link in chain.links
        ):
            # no relation here: only its scope matters (ends a worked example's values), and
            # outside section 4 it has no step; the sentence's facts are not read (a
            # glossary row of 14,000 symbols read them 14,000 times for nothing)
            no_step: tuple[str | None, str | None, int] = (key, None, _item_start(note.text, span.start))
            if no_step != example_scope:
                example_scope = no_step
                example_values, example_stated = {}, {}
            continue
        span_shapes = declared_shapes(note, span)
        own_shapes = identity_own_shapes(note, span) if key == "4.D" else None
        where = facts_of.span_facts(note, span, key)
        scope_here = (key, where.step_key, _item_start(note.text, span.start))
        if scope_here != example_scope:
            example_scope = scope_here
            example_values, example_stated = {}, {}
        for chain in chains:
            for link in chain.links:
                if link.op == "other":
                    continue
                start, end = file_span(span, link)
                if chain.lead is not None and _CONDITION_LEAD.match(chain.lead):
                    # "\max_\alpha g(\alpha)\quad\text{s.t.}\quad \sum_i\alpha_i y_i=0": a constraint
                    pending.append(
                        LinkResult(
                            link,
                            span,
                            "condition",
                            f"a condition its formula states after “{chain.lead}”",
                            start,
                            end,
                        )
                    )
                    continue
                if chain.is_case:
                    # "u>0: &\quad 0=u-z+\tau": the case a row of a case analysis treats
                    pending.append(
                        LinkResult(
                            link, span, "condition", f"the case ${chain.case}$ its row treats", start, end
                        )
                    )
                    continue
                left, right = case_value(link.left.text, "left"), case_value(link.right.text, "right")
                if not left or not right:
                    pending.append(
                        LinkResult(link, span, "unknown", "a side of the relation is missing", start, end)
                    )
                    continue
                constrained, constrained_by = step_conditions.get(where.step_key or "", (set(), ""))
                facts = claims.LinkFacts(
                    op=link.op,
                    left=left,
                    right=right,
                    index=link.index,
                    chain_len=link.chain_len,
                    continued=link.continued,
                    section=key,
                    standard=facts_of.standard,
                    lead=where.lead,
                    hypothesis=where.hypothesis,
                    inline=span.kind == "inline",
                    in_citation=where.in_citation,
                    in_title=where.in_title,
                    in_case_title=where.in_case_title,
                    provenance=where.provenance,
                    step=where.step,
                    step_condition=where.step_condition,
                    constrained=frozenset(constrained),
                    constrained_by=constrained_by,
                    defined=frozenset(defined),
                    conventions=facts_of.conventions,
                    declared=facts_of.declared,
                )
                role = claims.classify(facts)
                if right != link.right.text:
                    # "\bar b=\tfrac32:\ 0": the case a row of values is for, neither a claim nor a value
                    role = claims.Role(
                        "condition", f"the case ${left.strip()}={right.strip()}$ of a row of values"
                    )
                if chain.case is not None and role.kind == "definition":
                    # "u<0: &\quad u=z+\tau": the value in that case, not a definition for the note
                    role = claims.Role(
                        "condition", f"gives the value of ${left.strip()}$ in the case ${chain.case}$"
                    )
                if (
                    role.kind == "definition"
                    and facts_of.standard
                    and where.step_key
                    and {claims.squash(n) for n in role.names} & {claims.squash(c) for c in constrained}
                ):
                    # "He condition: $n v/2=1\iff v=2/n$": the solution of the condition its step
                    # treats holds in that step, not for the note (the next step solves another)
                    if claims.names_in(right):
                        step_values.setdefault(where.step_key, {})[claims.full_name(left)] = right
                    reason = f"solves the condition of {constrained_by} for ${left.strip()}$"
                    pending.append(LinkResult(link, span, "condition", reason, start, end))
                    continue
                if role.kind == "definition":
                    symbolic = bool(claims.names_in(right))
                    if symbolic:
                        definitions.append(
                            RecordedDefinition(role.names or (claims.full_name(left),), left, right, start)
                        )
                    keep_value = facts_of.standard and key in ("4.A", "4.B") and symbolic
                    if facts_of.standard and not symbolic and link.op == "=":
                        if where.example_binding:
                            record_definition(left, right, functions, example_values)
                    else:
                        record_definition(left, right, functions, values if keep_value else None)
                    if symbolic:
                        defined.update(claims.squash(n) for n in role.names or (claims.full_name(left),))
                        # "x_i-\mu = s\hat x_i" in 4.A rewrites, it names no x; "… = x_2" names x_2
                        heads = role.names or ((left,) if claims.is_bare(left) else ())
                        defined.update(claims.squash(claims.head_name(n)) for n in heads)
                    visible = {**global_functions, **local_functions}
                    continue
                if (
                    role.kind == "condition"
                    and facts_of.standard
                    and where.example_binding
                    and link.op == "="
                    and right == link.right.text
                    and claims.is_bare(left)
                    and not claims.names_in(right)
                ):
                    # "the board example with $n=3$": a value of the example as well as its hypothesis
                    record_definition(left, right, functions, example_values)
                if role.kind == "condition" and where.step_key and role.names and where.step:
                    step_conditions[where.step_key] = (set(role.names), where.step)
                if (
                    where.in_citation
                    and where.step_key
                    and link.op == "="
                    and claims.is_bare(left)
                    and "(" not in left
                    and claims.names_in(right)
                    and not claims.mentions(right, claims.full_name(left))
                ):
                    # "{Rule: symmetry (7) giving $h_{ji}=h_{ij}$}": what the step substitutes
                    step_values.setdefault(where.step_key, {})[claims.full_name(left)] = right
                if not role.checked:
                    pending.append(LinkResult(link, span, "condition", role.reason, start, end))
                    continue
                try:
                    check_input(left)
                    check_input(right)
                except Unsupported as exc:
                    pending.append(LinkResult(link, span, "unknown", str(exc), start, end))
                    continue
                assumptions = facts_of.assumptions_for(left + " " + right, where.assumptions)
                log = facts_of.log_base(where.sentence)
                euler = "e" not in facts_of.declared
                # the job is built after the walk: a definition later in the note (``\qquad
                # H := …`` after the equation using H) is substituted too
                link_shapes = span_shapes
                if own_shapes is not None:
                    link_shapes = identity_letter_shapes(left + " " + right, span_shapes, own_shapes)
                recipe = Recipe(
                    dict(visible),
                    {**{k: v for k, v in example_stated.items() if k not in values}, **example_values},
                    link_shapes,
                    log,
                    euler,
                    assumptions,
                    None if where.in_citation else where.step_key,
                    _given_values(where.own_given) if facts_of.standard else (),
                )
                pending.append(
                    PendingLink(
                        link,
                        span,
                        None,
                        key,
                        role,
                        recipe=recipe,
                        given=where.given,
                        case=chain.case,
                        qualifier=where.qualifier,
                        facts=facts,
                        job_left=left,
                        job_right=right,
                    )
                )
                if (
                    facts_of.standard
                    and key == "4.C"
                    and link.op == "="
                    and claims.value_side(facts) == "left"
                    and "(" not in left.split("^")[0]
                    and not claims.names_in(right)
                ):
                    # "$w^\star=(0,\tfrac34)^\top$, $y-Xw^\star=…$": the value a worked example
                    # states (checked itself where notelint can) is what its next checks use,
                    # unless a definition gives it (a wrong stated μ must not feed σ²)
                    record_definition(left, right, functions, example_stated)
    for item in pending:
        if isinstance(item, PendingLink):
            made = item.recipe
            assert made is not None
            left, right = item.job_left, item.job_right
            # the example's own values first: a hypothesis repeats them or names another symbol
            cases = {**dict(made.given_values), **made.example_values}
            cases.update(assembled_columns(cases, column_bases))
            restated = _restated_name(item.facts)
            if restated is not None:
                # "(where $r_t=1$) … after the step $r_t=1.46$": a new value of the example's
                # symbol, not a check of the old one
                cases = {k: v for k, v in cases.items() if _base_key(k) != restated}
            known = {**values, **step_values.get(made.step_key or "", {}), **cases}
            if item.section == "4.D":
                # an identity is general in its letters: the variable it differentiates in
                # (∇_h ½hᵀMh = Mh) is no symbol of the derivation with that symbol's value
                known = {k: v for k, v in known.items() if k not in _gradient_variables(left + " " + right)}
            # in a note that follows the standard a function keeps its one meaning: one defined
            # in 4.A applies in section 1 too
            functions = {**global_functions, **made.functions} if facts_of.standard else made.functions
            relevant = relevant_definitions(left + " " + right, functions, known, made.shapes)
            # the laws of its random symbols, also those reached through a definition it
            # substitutes (Cov[ŵ] with ŵ = (XᵀX)⁻¹Xᵀy: y is random), and what the laws use
            used = [left, right, *relevant[1].values(), *(body for _, body in relevant[0].values())]
            random = distributions.relevant(laws, " ".join(used))
            if random:
                relevant = relevant_definitions(
                    " ".join([left, right, *random.values()]), functions, known, made.shapes
                )
            ctx = Context(*relevant, log=made.log, euler=made.euler, distributions=random)
            # the note's assumptions on symbols a substituted definition brings in (S := XᵀX/(n-1)
            # with X = UΣVᵀ: U's orthonormal columns)
            reached = " ".join([*ctx.values.values(), *(body for _, body in ctx.functions.values())])
            assumed = made.assumptions
            if reached:
                extra = facts_of.assumptions_for(reached, ())
                # a symbol the job gives a value (an example's q = 0.8) is not sampled at all
                held = {a.symbol for a in assumed} | set(ctx.values)
                assumed = (*assumed, *(a for a in extra if a.symbol not in held))
            item.job = Job(item.link.op, left, right, ctx, floor, assumed)
<<<<<<< HEAD
            item.unbound_meaning = unsubstituted(left, right, ctx, definitions, note)
=======
            item.unbound_meaning = _unsubstituted(left, right, ctx, definitions, note)
            if item.section == "4.D":
                # the identity's own variable is not the derivation's symbol of that name
                own = {f"${name}$" for name in _gradient_variables(left + " " + right)}
                item.unbound_meaning = tuple(
                    m for m in item.unbound_meaning if m.split(" (defined")[0] not in own
                )
>>>>>>> coverage5
            item.overrides = tuple(
                f"{name}={body}"
                for name, body in cases.items()
                if name in ctx.values and name in values and claims.names_in(values[name])
            )
    analysis = Analysis()
    run_jobs([p for p in pending if isinstance(p, PendingLink)], config, analysis)
    for item in pending:
        if isinstance(item, LinkResult):
            item.code = OPS.get(item.link.op, "NL501")
            analysis.results.append(item)
            continue
        analysis.results.append(classify_verdict(item))
    return analysis


#: the variable of ``\nabla_h`` / ``\nabla_{h}`` / ``\nabla_{\theta}``
_GRADIENT_VARIABLE = re.compile(r"\\nabla\s*_\s*(?:\{\s*(\\?[A-Za-z]+)\s*\}|(\\[A-Za-z]+|[A-Za-z]))")


def _gradient_variables(text: str) -> set[str]:
    return {m.group(1) or m.group(2) for m in _GRADIENT_VARIABLE.finditer(text)}


def _restated_name(facts: claims.LinkFacts | None) -> str | None:
    """The name a relation's bare side gives a value (``r_t = …``), normalised; or None."""
    named = claims.value_side(facts) if facts is not None else None
    if named is None or facts is None:
        return None
    return claims.squash(claims.full_name(facts.left if named == "left" else facts.right))


def _base_key(key: str) -> str:
    """A value's key without the square of ``σ^2 = …``, normalised like :func:`_restated_name`."""
    return claims.squash(re.sub(r"\^(?:2|\{2\})\s*$", "", key.strip()))


def _given_values(given: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    r"""The hypotheses of a sentence that give a bare name a number (``n_k=0`` of "if $n_k=0$,
    then …"): the relation is checked at that value. A failure is still not reported while
    other symbols stay free (the hypothesis is named as the reason); only one with every symbol
    given a value is."""
    out: list[tuple[str, str]] = []
    for equation in given:
        left, _, right = equation.partition("=")
        if "^" in left and not re.search(r"\^(?:2|\{2\})\s*$", left):
            continue  # \hat\sigma^2_{kj}: only a plain square names a value the worker reads
        if claims.is_bare(left) and "(" not in left and right.strip() and not claims.names_in(right):
            out.append((left.strip(), right.strip()))
    return tuple(out)


#: spacing after a case label's colon ("\\bar b=0:\\ \\tfrac{27}{32}")
_LABEL_COLON = re.compile(r":(?!=)\s*(?:\\[ ,;:]|\\quad|\\qquad|~)?")


def case_value(side: str, which: str) -> str:
    r"""A table of cases written in one line (``\bar b=0:\ \tfrac{27}{32}=0.84375``): of a left
    side ``0:\ \tfrac{27}{32}`` the value after the case's colon, of a right side ``\tfrac52:\
    \tfrac38`` the case before it. A colon inside braces, or of ``:=``, is left alone."""
    depth = 0
    for i, ch in enumerate(side):
        if ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth -= 1
        elif ch == ":" and depth == 0 and (i == 0 or side[i - 1] != "\\"):
            m = _LABEL_COLON.match(side, i)
            if m is None or not side[:i].strip() or not side[m.end() :].strip():
                return side
            return side[m.end() :] if which == "left" else side[:i]
    return side


def _heading_before(note: Note, offset: int) -> int:
    best = -1
    for h in note.headings:
        if h.span.start <= offset:
            best = h.span.start
    return best


<<<<<<< HEAD
=======
def _file_span(span: MathSpan, link: Link) -> tuple[int, int]:
    base = span.content_start
    if link.continued:
        return base + link.op_start, base + link.right.end
    return base + link.left.start, base + link.right.end


#: body of a function defined twice differently in one scope: the translator refuses it
_AMBIGUOUS = "\\notelintambiguousdefinition"


def _derivative_of_defined(left: str, functions: dict[str, tuple[tuple[str, ...], str]]) -> bool:
    fdef = claims.function_definition(left)
    if fdef is None or "'" not in fdef[0]:
        return False
    return fdef[0].replace("'", "").strip() in functions


def _record_definition(
    left: str, right: str, functions: dict[str, tuple[tuple[str, ...], str]], values: dict[str, str] | None
) -> None:
    fdef = claims.function_definition(left)
    if fdef is not None:
        head, params = fdef
        if "'" in head:
            return
        if not any(claims.mentions(right, claims.head_name(p)) for p in params):
            # \rho(X, Y) = 2p - 1: the value in one example, not a definition of the function
            return
        old = functions.get(head)
        if old is not None and (old[0], _plain_body(old[1])) != (params, _plain_body(right)):
            # defined twice in one scope: which one a later link means is a guess
            functions[head] = ((), _AMBIGUOUS)
            return
        functions[head] = (params, right)
        return
    if values is None or not claims.is_bare(left) or "(" in left:
        return
    name = claims.full_name(left)
    if claims.mentions(right, name):
        return
    base = re.sub(r"_.*$", "", claims.squash(name))
    if (base in claims.squash(right)) if len(base) > 1 else (base in claims.names_in(right)):
        return  # \bar\alpha_t = \alpha_t\bar\alpha_{t-1}: a recursion, not a value to substitute
    if _reaches(right, name, values):
        return  # \alpha_t = 1-\beta_t after \beta_t = 1-\alpha_t: a cycle, not a value
    if re.search(r"\^(?:2|\{2\})$", left.strip()):
        name += "^2"  # σ^2 = …: the value of σ's square, not of σ
    earlier = values.get(name)
    values[name] = right if earlier is None or earlier == right else _AMBIGUOUS


#: sizing and spacing that do not change what a definition says
_SIZING = re.compile(r"\\(?:[bB]ig{1,2}[lr]?|left|right|[,;:!]|quad|qquad)(?![A-Za-z])|\s+")


def _plain_body(latex: str) -> str:
    """A definition's body without sizing (``\big(`` is ``(``), to compare two statements of it."""
    return _SIZING.sub("", latex)


def _reaches(body: str, name: str, values: dict[str, str]) -> bool:
    """Does ``body`` mention ``name`` through the values already recorded?"""
    todo, seen = [body], set()
    while todo:
        text = todo.pop()
        for other, value in values.items():
            if other in seen or not claims.mentions(text, other):
                continue
            if claims.squash(other) == claims.squash(name) or claims.mentions(value, name):
                return True
            seen.add(other)
            todo.append(value)
    return False


def _relevant(
    text: str,
    functions: dict[str, tuple[tuple[str, ...], str]],
    values: dict[str, str],
    shapes: dict[str, tuple[int | str, int | str]],
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The definitions a link mentions, transitively, and the shapes of its symbols."""
    fs: dict[str, tuple[tuple[str, ...], str]] = {}
    vs: dict[str, str] = {}
    functions = dict(functions)
    todo = [text]
    seen: set[str] = set()
    while todo:
        t = todo.pop()
        for name, d in family_instances(t, functions).items():
            functions.setdefault(name, d)
        for name, d in functions.items():
            if name not in fs and claims.mentions(t, name):
                fs[name] = d
                todo.append(d[1])
        for name, body in values.items():
            if name not in vs and name not in seen and _mentions_value(t, name):
                vs[name] = body
                seen.add(name)
                todo.append(body)
        if len(fs) + len(vs) > 40:
            break
    all_text = text + " " + " ".join(d[1] for d in fs.values()) + " " + " ".join(vs.values())
    sh = {
        n: s
        for n, s in shapes.items()
        if claims.mentions(all_text, claims.head_name(n)) or claims.mentions(all_text, _bold_inner(n))
    }
    # a size its symbols' shapes use and the example fixes ("take $d=1$"): the CAS instantiates
    # the shapes at that size, not at a size of its own choosing
    for size in sorted({d for shape in sh.values() for d in shape if isinstance(d, str)}):
        body = values.get(size, "").strip()
        if size not in vs and body.isdigit():
            vs[size] = body
    return fs, vs, sh


def _mentions_value(text: str, name: str) -> bool:
    r"""``text`` uses the defined ``name``; for an entry defined by its index (``\hat x_i = …``)
    a use of the whole vector (``\hat x``) or of another entry (``\hat x_j``) counts."""
    if claims.mentions(text, name):
        return True
    indexed = re.fullmatch(r"(.+?)_\{?[A-Za-z]{1,2}\}?", name)
    return indexed is not None and claims.mentions(text, indexed.group(1))


#: a function head with a one-symbol subscript: S_\tau, \delta_k, \delta_{k}
_FAMILY_HEAD = re.compile(
    r"(?P<base>\\[A-Za-z]+|[A-Za-z])_(?:\{\s*(?P<b>\\[A-Za-z]+|[A-Za-z])\s*\}|(?P<s>\\[A-Za-z]+|[A-Za-z]))"
)
#: a subscript value simple enough to stand for the parameter: 1, 0.5, 2, \lambda, c
_SIMPLE_INDEX = re.compile(r"-?\d+(?:\.\d+)?|\\[A-Za-z]+|[A-Za-z]")


def family_instances(
    text: str, functions: dict[str, tuple[tuple[str, ...], str]]
) -> dict[str, tuple[tuple[str, ...], str]]:
    r"""``S_\tau(z) = …`` or ``\delta_k(x) = …`` defines a family: ``S_1(3)``, ``\delta_2(x)``
    in ``text`` are its members, with the subscript's symbol replaced by the value written
    (only simple values: a number or one symbol)."""
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    for head, (params, body) in functions.items():
        m = _FAMILY_HEAD.fullmatch(head.strip())
        if m is None:
            continue
        base, sub = m.group("base"), m.group("b") or m.group("s")
        use = re.compile(
            re.escape(base)
            + r"(?![A-Za-z])\s*_\s*(?:\{\s*([^{}]+?)\s*\}|(\\[A-Za-z]+|[A-Za-z0-9]))\s*(?:\\left\s*)?\("
        )
        for u in use.finditer(text):
            value = (u.group(1) or u.group(2)).strip()
            if value == sub or not _SIMPLE_INDEX.fullmatch(value):
                continue
            if sub.startswith("\\"):
                symbol = re.escape(sub) + r"(?![A-Za-z])"
            else:
                symbol = r"(?<![\\A-Za-z])" + re.escape(sub) + r"(?![A-Za-z])"
            # in a subscript the value stands as it is (\mu_k → \mu_{2}); elsewhere in braces
            literal = value.replace("\\", "\\\\")  # a replacement template
            inst = re.sub(r"_\s*\{\s*" + symbol + r"\s*\}|_\s*" + symbol, "_{" + literal + "}", body)
            inst = re.sub(symbol, "{(" + literal + ")}", inst)
            written = f"{base}_{{{value}}}" if u.group(1) else f"{base}_{value}"
            out.setdefault(written, (params, inst))
    return out


def _bold_inner(name: str) -> str:
    m = re.fullmatch(r"\\(?:mathbf|boldsymbol)\{(.)\}", name)
    return m.group(1) if m else name


def declared_shapes(note: Note, span: MathSpan | None = None) -> dict[str, tuple[int | str, int | str]]:
    """Shapes for the CAS, from the note's one symbol table (:func:`glossary.shape_table`),
    plus, for math in a 4.D identity (``span``), the letters the identities declare (its own
    first):
    ``(rows, cols)`` with sizes as numbers or as the size names the note writes (``n``,
    ``d_k``), which the translator instantiates with small concrete sizes. A symbol declared
    with two different shapes is left out (unknown beats wrong)."""
    from notelint.math.semantics.glossary import glossary, identity_table, shape_table

    table = shape_table(note)
    if span is not None and not glossary(note).has_glossary:
        table = _in_force_at(table, span.start)
        shapes = _cas_shapes(table)
    else:
        # the same for every span: computed once per note, not once per span (a glossary of
        # 14,000 entries made this quadratic)
        in_glossary: dict[str, tuple[int | str, int | str]] = note.facet(_GLOSSARY_SHAPES)
        shapes = dict(in_glossary)
    if span is not None:
        # an identity's own letters first, then those the other identities declare
        shapes.update(_cas_shapes(identity_table(note, span, own=False)))
        shapes.update(_cas_shapes(identity_table(note, span)))
    return shapes


def _identity_own_shapes(note: Note, span: MathSpan) -> dict[str, tuple[int | str, int | str]]:
    from notelint.math.semantics.glossary import identity_table

    return _cas_shapes(identity_table(note, span))


#: the size of the square matrices a 4.D identity uses without declaring them (never written)
IDENTITY_SIZE = "%4D"
#: a macro with its argument (not letters of the identity), and what marks letters as matrices:
#: an inverse, a transpose, a determinant or a trace
_MACRO = re.compile(r"\\[A-Za-z]+(?:\{[^{}]*\})?")
_MATRIX_USE = re.compile(
    r"\^\s*\{?\s*(?:-1|\\top|T)\b|\\(?:det|operatorname\{tr\}|mathrm\{tr\}|top)(?![A-Za-z])"
)
_TRANSPOSED_LOWER = re.compile(r"(?<![\\A-Za-z])([a-z])\s*\^\s*\{?\s*\\top")


def identity_letter_shapes(
    text: str,
    shapes: dict[str, tuple[int | str, int | str]],
    own: dict[str, tuple[int | str, int | str]],
) -> dict[str, tuple[int | str, int | str]]:
    r"""The shapes of a 4.D identity's letters (RULES.md: local to 4.D), inferred from use when
    its own entry declares none: in ``(A^{-1})^\top = (A^\top)^{-1}`` or ``(AB)^{-1} =
    B^{-1}A^{-1}`` the capitals are square matrices of one size (an inverse or a determinant
    needs one; another identity's ``A\in\mathbb{R}^{p\times q}`` does not reach here), ``I`` is
    their identity and a transposed lower-case letter a vector of that size. Letters the entry
    declares keep their shape; a text with no matrix use is left as it is."""
    if not _MATRIX_USE.search(text):
        return shapes
    out = dict(shapes)
    letters = _MACRO.sub(" ", text)  # AB is two letters; \Sigma and \operatorname{tr} are none
    capitals = sorted(set(re.findall(r"[A-Z]", letters)) - set(own))
    lowers = sorted(set(re.findall(r"[a-z]", letters)) - set(own))
    # the one size of the identity: its entry's own square matrix, else a square matrix or a
    # vector among its letters that the note sizes (A ∈ R^{3×3}, h ∈ R^d), else a size of its own
    held_squares = [out[c][0] for c in capitals if c in out and out[c][0] == out[c][1] and out[c] != (1, 1)]
    held_vectors = [out[v][0] for v in lowers if v in out and out[v][1] == 1 and out[v][0] != 1]
    size: int | str = next(
        (rows for name, (rows, cols) in own.items() if rows == cols and rows != 1),
        next(iter([*held_squares, *held_vectors]), IDENTITY_SIZE),
    )
    for letter in capitals:
        held = out.get(letter)
        if letter == "I" or held is None or held[0] != held[1] or held == (1, 1):
            out[letter] = (size, size)
    for m in _TRANSPOSED_LOWER.finditer(text):
        if m.group(1) not in own:
            out[m.group(1)] = (size, 1)
    for letter in lowers:
        held = out.get(letter)
        if held is not None and held[1] == 1 and held[0] not in (1, size):
            # a vector letter the glossary sizes (h ∈ R^d) beside the identity's matrices: in
            # ∇_h g^T h = g every vector has the identity's one size
            out[letter] = (size, 1)
    return out


def _glossary_shapes(note: Note) -> dict[str, tuple[int | str, int | str]]:
    from notelint.math.semantics.glossary import shape_table

    return _cas_shapes(shape_table(note))


_GLOSSARY_SHAPES: Facet[dict[str, tuple[int | str, int | str]]] = Facet(
    "glossary-shapes", _glossary_shapes, "CAS shapes of the note's symbol table, for every span alike."
)


def _in_force_at(table: SymbolTable, offset: int) -> SymbolTable:
    """In a note without a glossary a name is often declared again in a later section with
    another size (``\\mathbf{x}\\in\\mathbb{R}^n``, later ``\\mathbb{R}^d``): at ``offset`` the
    latest declaration before it holds, or the first one when all come after."""
    from notelint.math.semantics.glossary import SymbolTable

    chosen: dict[str, Declaration] = {}
    for decl in table.declarations:  # in the order of the note
        held = chosen.get(decl.key)
        if held is None or decl.span.start < offset:
            chosen[decl.key] = decl
    out = SymbolTable()
    for decl in chosen.values():
        out.add(decl)
    return out


def _cas_shapes(table: SymbolTable) -> dict[str, tuple[int | str, int | str]]:
    seen: dict[str, tuple[int | str, int | str] | None] = {}
    for decl in table.declarations:
        shape = decl.shape
        if shape is None:
            continue
        if table.same_sizes:
            shape = table.normalize(shape)
        value: tuple[int | str, int | str] | None
        dims = [int(d) if str(d).isdigit() else str(d) for d in shape.dims]
        if shape.kind == "scalar":
            value = (1, 1)
        elif shape.kind == "vector" and len(dims) == 1:
            value = (dims[0], 1)
        elif shape.kind == "matrix" and len(dims) == 2:
            value = (dims[0], dims[1])
        else:
            value = None
        if value is not None and not all(isinstance(d, int) or _SIZE_NAME.fullmatch(d) for d in value):
            value = None  # a size written as an expression (n+1, K-1): no concrete instance
        for key in _spellings(decl.key):
            if key in seen and seen[key] != value:
                seen[key] = None  # declared twice with different shapes
            else:
                seen[key] = value
    return {key: value for key, value in seen.items() if value is not None}


def _spellings(key: str) -> set[str]:
    """The glossary's key and the names the translator may give the same symbol
    (``\\mathbf{X}`` → ``X``; ``I_{n}`` → ``I_n``)."""
    out = {key, _bold_inner(key)}
    sub = re.fullmatch(r"(.+)_\{([^{}]+)\}", key)
    if sub:
        out.add(f"{sub.group(1)}_{sub.group(2)}")
    # \hat{x} is written \hat x as often (the same symbol for the translator)
    out |= {re.sub(r"^(\\[A-Za-z]+)\{(\\?[A-Za-z]+)\}", r"\1 \2", k) for k in out}
    return out


#: a size the translator can instantiate: a letter, with a subscript (d_k, d_{k}) or a Greek name
_SIZE_NAME = re.compile(r"(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?")


>>>>>>> coverage5
_ITEM_START = re.compile(r"\n[ \t]*(?:\*\*|__|[-*+][ \t]|\d+[.)][ \t]|#)")


def _item_start(text: str, offset: int) -> int:
    """Where the labelled paragraph, list item or heading around ``offset`` starts."""
    best = 0
    for m in _ITEM_START.finditer(text, max(0, offset - 3000), offset):
        best = m.start()
    return best


ANALYSIS: ConfiguredFacet[Analysis] = ConfiguredFacet(
    "analysis", _analyze, "Every relation of the note with its verdict, under one configuration."
)
