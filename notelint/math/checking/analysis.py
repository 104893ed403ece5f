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
:mod:`~notelint.math.checking.verdict_reasons` (verdict to result). What stays here is the two ordered walks themselves, which share the note's
running state (definitions recorded so far, the conditions in force, the current step), and the
re-checks of excuses after them. It has grown to about 800 lines: the second walk's job
building (values, laws, assumptions, excuse jobs) is the next piece to move out beside it.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from typing import TYPE_CHECKING, Any

from notelint import data
from notelint.math.checking import claims, distributions
from notelint.math.checking.chain_numbers import refute_through_chains
from notelint.math.checking.cited_conditions import cited_premises, conditions_by_span
from notelint.math.checking.excuse_checks import (
    ALONE,
    AT_DATA,
    BASIS_SIZE,
    FROM_PREMISES,
    NEGATIONS,
    UNLESS_FOLLOWS,
    basis_vector,
    check_continued_chains,
    data_statistics,
    fresh_value_check,
    hypothesis_check,
    identity_hypotheses,
    job_at,
    orders_between,
    range_through_definition,
    sampled_scalars,
    void_excuses,
)
from notelint.math.checking.guards import Unsupported, check_input
from notelint.math.checking.hypotheses import (
    contradicts,
    interval_bound,
    merge,
    opposite_signs,
    orders_in,
    premise_assumptions,
    premise_values,
    text_class_hypotheses,
)
from notelint.math.checking.index_cases import check_kronecker_cases
from notelint.math.checking.note_facts import NOTE_FACTS, NoteFacts, first_link, order_gap
from notelint.math.checking.stated_solutions import check_stated_solutions
from notelint.math.checking.value_tables import table_results
from notelint.math.reading.macros import expand_text
from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.relations import Chain, Link, chains_of
from notelint.math.reading.side_names import indexed_name, is_identity, names_used
from notelint.math.reading.side_values import number_value
from notelint.math.reading.text_facts import is_set_size, text_atoms, text_facts, without_square
from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.glossary import fixed_sizes
from notelint.note import ConfiguredFacet
from notelint.parse.steps import step_at

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.checking.jobs import Assumption
    from notelint.note import MathSpan, Note
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
    basis_vectors,
    declares_anything,
    glossary_meanings,
    in_another_entry,
    named_in_words,
    over_real_spaces,
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
    applied_definitions,
    definitions_behind,
    meaning_name,
    named_by_product,
    record_definition,
    relevant_definitions,
    root_of_square,
    unambiguous,
    unsubstituted,
    value_key,
)
from notelint.math.checking.verdict_reasons import (
    FREE_SAMPLED,
    classify_verdict,
    free_in_values,
)
from notelint.math.checking.verdict_runs import (
    config_option,
    run_jobs,
)


def analyze(note: Note, config: Config) -> Analysis:
    """The verdicts of every relation of ``note`` (computed once per note and configuration)."""
    return note.facet(ANALYSIS, config)


#: the words before a chain that make it the condition of the chain before it in its row
#: (``|\lambda|=\sqrt{q}\quad\text{when } t^2<4q``): that relation holds under it only
_TRAILING_CONDITION = re.compile(
    r"(?:if|when|whenever|provided(?: that)?|unless|only if|for)(?![A-Za-z])", re.IGNORECASE
)
#: words before a formula's chain that make it a condition of the formula, not a claim
_CONDITION_LEAD = re.compile(
    r"(?:s\.\s*t\.|subject to|such that|if|iff|for|for all|for every|for any|when|whenever|where|"
    r"given|provided(?: that)?|assuming|unless|with|"
    # "\text{valid only while } k\eta\lambda_{\max}<2" (read without spaces): the range its row
    # holds in
    r"(?:valid|holds?|true|stable|defined)?\s*(?:only)?\s*(?:while|as\s*long\s*as|if|when|for))(?![A-Za-z])",
    re.IGNORECASE,
)
#: the word joining a condition to the next one ("\text{if } a>b \text{ and } c>d")
_CONJUNCTION = re.compile(r"\s*(?:and|or|,)\s*", re.IGNORECASE)
#: the words before a chain (read without spaces) that make its first side the object of a
#: label in words: "\text{noise covariance per unit of }\tau"
_LABEL_LEAD = re.compile(r"(?:of|per)$", re.IGNORECASE)


def _analyze(note: Note, config: Config) -> Analysis:
    from notelint.math.checking.jobs import FollowsJob, Job  # plain data, no SymPy

    facts_of = note.facet(NOTE_FACTS)
    # the laws stated anywhere in a note that follows the standard; elsewhere those stated up
    # to the end of the relation's own heading (a later section's "For $Y\sim…$" is its case)
    stated_laws = distributions.statements(note)
    laws = distributions.read(note, stated=stated_laws)
    laws_until: dict[int, dict[str, str]] = {}
    # every symbolic definition of the note, for the reason a failure is not reported (with the
    # arrays the glossary gives a value in math the CAS does not substitute)
    definitions: list[RecordedDefinition] = glossary_meanings(note)
    #: vectors the glossary calls standard basis vectors, by their index (e_2 → 2)
    basis = basis_vectors(note)
    # the numbers the note gives a bare name anywhere ("$a=1000/21$" in a worked example), for
    # the reason a relation of a number with that name fails where the value is not in scope
    numbers: list[RecordedDefinition] = []
    # matrices the glossary names by their columns ("$X_j\in\mathbb{R}^n$: its $j$-th column")
    column_bases = column_named_matrices(note)
    # the equalities each step's rule citation states (a symmetry, a recalled definition)
    step_values: dict[str, dict[str, str]] = {}
    # definitions of the standard's sections 2–4 hold for the whole note; elsewhere (books,
    # lecture notes) a definition lasts until the next heading: f, g, p are reused freely
    global_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    #: definitions of a map the glossary declares generically, made in one 4.B step (its case)
    step_functions: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {}
    local_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    # functions the glossary of a note that follows the standard defines by a formula
    # ("$\varphi(x)=e^{-x^2/2}/\sqrt{2\pi}$"): used where no other definition of them is, so
    # one a later section restates in another spelling stays one definition, not two
    glossary_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    # a value (\hat w = …) is substituted only in notes that follow the standard, where a name
    # keeps one meaning; elsewhere names are reused too often
    values: dict[str, str] = {}
    #: the names of ``values`` a derivation step gives (``q_i = p_i/\nu`` at its optimum) → where:
    #: they hold from there on, never in the steps before it
    from_steps: dict[str, int] = {}
    # the numbers a worked example gives its symbols ("$X=\begin{pmatrix}…$", "$n=3$"): they
    # hold until the example ends (the step, or the labelled paragraph or list item)
    example_values: dict[str, str] = {}
    #: the names of example_values a list item has from its list's paragraph: its own value wins
    example_inherited: set[str] = set()
    #: the names each equation of sections 2 and 3 relates (π₀+π₁=1): an example's value that
    #: a later paragraph changes ("with $\pi_1=\tfrac13$ instead") leaves the others unknown
    ties: list[set[str]] = []
    glossary_values: dict[str, str] = {}
    # the values a worked example states for names it then uses ("$w^\star=(0,\tfrac34)^\top$")
    example_stated: dict[str, str] = {}
    example_scope: object = None
    # a note without the standard: the numbers its set-up sections give a bare name ("## Setting:
    # … with $n=10$ and $p=0.3$"), under every later display's own
    setup_values: dict[str, str] = {}
    # names an example gives numbers that are parts of a symbol ("$g^{(1)}=(1,2)$" of g), not
    # substituted: a failure at sampled values of that symbol shows nothing
    example_parts: dict[str, str] = {}
    # the values of each labelled paragraph once it ends, by (section, start): the list right
    # after a paragraph that sets up a worked example works that example out item by item
    scope_values: dict[tuple[str | None, int], tuple[dict[str, str], ...]] = {}
    defined: set[str] = set()
    # names the relations of 4.B's steps use so far: a later bound on one of them is that
    # derivation's conclusion (claims._bound_on_symbol)
    derived: set[str] = set()
    span_shapes: dict[str, tuple[int | str, int | str]] = {}
    floor = float(config_option(config, "math.approx-tolerance", 0.01))
    pending: list[PendingLink | LinkResult] = []
    scope: object = None
    # a note without the standard: the scope before its first section (no heading, or only its
    # title), whose functions every later section starts from
    preamble = _preamble_scope(note)
    setups = _setup_scopes(note, preamble)
    preamble_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    preamble_defined: set[str] = set()
    inherited: set[str] = set()  # the functions of local_functions that are the preamble's
    displayed: set[str] = set()  # the functions the preamble defines in a display
    # symbols solved for by the condition of the current step, and that step's label
    step_conditions: dict[str, tuple[set[str], str]] = {}
    # the orders between two names a step's rule citation states ("the AM–GM inequality
    # $G\le A$"): hypotheses of that step, as the glossary's are of the note
    step_orders: dict[str, list[str]] = {}
    for span in note.math:
        section = note.section_at(span.start)
        key = section.key if section else None
        in_standard = key is not None and (key[0] in "234")
        here = "standard" if in_standard else _heading_before(note, span.start)
        if here != scope:
            if scope in setups:
                # "We study $$x_{n+1}=f(x_n),\ f(x)=rx(1-x)$$" before the first section: the
                # note's function in every section after it (a section may still define its own
                # f); one written inline ("using $f(x)=x^2$ as the running example") is not
                # (and so is one a setup section displays: "## The function")
                carried = {k: v for k, v in local_functions.items() if k in displayed}
                preamble_functions = {**preamble_functions, **carried}
                preamble_defined = {claims.squash(k) for k in preamble_functions}
            scope = here
            local_functions = dict(preamble_functions)
            inherited = set(preamble_functions)
            if not facts_of.standard:
                defined = set(preamble_defined)
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
                _keep_example(scope_values, example_scope, example_values, example_stated, example_parts)
                example_scope = no_step
                example_values, example_stated, example_parts = _inherited_example(
                    note.text, scope_values, no_step
                )
                example_inherited = set(example_values)
            continue
        span_shapes = declared_shapes(note, span)
        own_shapes = identity_own_shapes(note, span) if key == "4.D" else None
        where = facts_of.span_facts(note, span, key)
        if where.in_citation and where.step_key:
            step_orders.setdefault(where.step_key, []).extend(orders_in(span))
        scope_here = (key, where.step_key, _item_start(note.text, span.start))
        if scope_here != example_scope:
            _keep_example(scope_values, example_scope, example_values, example_stated, example_parts)
            example_scope = scope_here
            example_values, example_stated, example_parts = _inherited_example(
                note.text, scope_values, scope_here
            )
            example_inherited = set(example_values)
        # a note that does not follow the standard reuses names freely, but a number its display
        # gives a name ("\hat\sigma^2 = 2.06/5 = 0.412,\ \hat\sigma \approx 0.6419") holds
        # for the rest of that display
        display_values: dict[str, str] = {}
        # and so does a formula its display gives a name ("y = x^x \\ … \\ \frac{dy}{dx} =
        # y(\ln x+1) = x^{x-1}(1+\ln x)"): the rows after it are about that y
        display_defined: set[str] = set()
        condition_lead: str | None = None  # the lead of the condition a conjunction continues
        for k, chain in enumerate(chains):
            if chain.lead is not None and _CONDITION_LEAD.match(chain.lead):
                condition_lead = chain.lead
            elif not (
                condition_lead is not None and chain.lead is not None and _CONJUNCTION.fullmatch(chain.lead)
            ):
                condition_lead = None
            conditioned = _conditioned_by_next(
                span.latex, chain, chains[k + 1] if k + 1 < len(chains) else None
            )
            case_number = _alias_chain_number(chains[k + 1]) if conditioned is not None else None
            if case_number is not None:
                # "(r-1)(c-1)=1\quad\text{for } r=c=2": checked at the values the case gives
                for case_link in chains[k + 1].links:
                    display_values[value_key(case_link.left.text)] = case_number
                conditioned = None
            trailing = _trailing_range(span.latex, chains, k)
            # "… < 1\quad(\lambda>0)": the chain's own range of a name; a worked example's
            # value outside it (the step's "at λ = 0") is not this chain's
            row_range = _range_after(span.latex, chain)
            for link in chain.links:
                if link.op == "other":
                    continue
                start, end = file_span(span, link)
                if _contradiction_reached(chains, k, link):
                    reason = "the contradiction the equation before the implication leads to"
                    pending.append(LinkResult(link, span, "condition", reason, start, end))
                    continue
                if trailing is not None:
                    # "P(X=k)=…,\qquad \max(0,n-N+K)\le k\le\min(n,K)", "…,\quad t<\tfrac12":
                    # the values the relation before it is stated for, not a claim
                    reason = f"the range of ${trailing}$ the relation before it is stated for"
                    pending.append(LinkResult(link, span, "condition", reason, start, end))
                    continue
                if conditioned is not None:
                    pending.append(
                        LinkResult(
                            link,
                            span,
                            "condition",
                            f"holds under the condition written after it (“{conditioned}”)",
                            start,
                            end,
                        )
                    )
                    continue
                if condition_lead is not None:
                    # "\max_\alpha g(\alpha)\quad\text{s.t.}\quad \sum_i\alpha_i y_i=0": a constraint;
                    # so is the next one after "and" ("\text{if } |a|>|b| \text{ and } |c|>|d|")
                    pending.append(
                        LinkResult(
                            link,
                            span,
                            "condition",
                            f"a condition its formula states after “{condition_lead}”",
                            start,
                            end,
                        )
                    )
                    continue
                if link.index == 0 and chain.lead is not None and _LABEL_LEAD.search(chain.lead):
                    # "\text{noise covariance per unit of }\tau&=\frac1\eta\cdot\eta^2\frac{\Sigma}{B}":
                    # the first side ends a label in words (the covariance per unit of τ), not τ
                    reason = f"its left side ends the words “{chain.lead.strip()}”"
                    pending.append(LinkResult(link, span, "unknown", reason, start, end))
                    continue
                if chain.is_case:
                    # "u>0: &\quad 0=u-z+\tau": the case a row of a case analysis treats
                    pending.append(
                        LinkResult(
                            link, span, "condition", f"the case ${chain.case}$ its row treats", start, end
                        )
                    )
                    continue
                # the note's macros expanded (\bx of \newcommand{\bx}{\mathbf{x}}): the
                # definitions, shapes and assumptions of the model are in the expanded names
                written = expand_text(link.right.text, facts_of.macros)
                left = case_value(expand_text(link.left.text, facts_of.macros), "left")
                right = case_value(written, "right")
                row_case = right != written  # "\bar b=\tfrac32:\ 0": a row of values
                applied = claims.function_definition(left) if inherited else None
                if applied is not None and applied[0] in inherited and link.op in ("=", ":="):
                    # "for $f(x)=\alpha x^2+\beta x+\gamma$" under a heading: this section's f
                    # (in any role), not the introduction's running example
                    inherited.discard(applied[0])
                    local_functions.pop(applied[0], None)
                    defined.discard(claims.squash(applied[0]))
                number = _alias_chain_number(chain)
                if number is not None:
                    # "Take $\alpha=\beta=2$": each name is given the number (α = β defines no α)
                    right = number
                if not left or not right:
                    pending.append(
                        LinkResult(link, span, "unknown", "a side of the relation is missing", start, end)
                    )
                    continue
                unit = next((n for n in facts_of.nilpotent if claims.mentions(f"{left} {right}", n)), None)
                if unit is not None:
                    # "(a+b\varepsilon)(c+d\varepsilon)=ac+(ad+bc)\varepsilon" with ε²=0: dual-number
                    # arithmetic, which sampling ε among the reals would refute
                    reason = f"${unit}$ squares to zero (a dual unit, not a real number): not checked"
                    pending.append(LinkResult(link, span, "unknown", reason, start, end))
                    continue
                constrained, constrained_by = step_conditions.get(where.step_key or "", (set(), ""))
                facts = claims.LinkFacts(
                    op=link.op,
                    left=left,
                    right=right,
                    index=link.index,
                    chain_len=link.chain_len,
                    continued=link.continued,
                    ends_at_zero=claims.is_zero(chain.links[-1].right.text),
                    ends_at_number=len(chain.links) > 1
                    and bool(chain.links[-1].right.text.strip())
                    and not claims.names_in(chain.links[-1].right.text),
                    starts_at_number=bool(chain.links[0].left.text.strip())
                    and not claims.names_in(chain.links[0].left.text),
                    computes=link.index > 0 and text_facts(chain.links[0].left.text).calculus,
                    section=key,
                    standard=facts_of.standard,
                    lead=where.lead,
                    hypothesis=where.hypothesis,
                    # an inline span with its own \tag is a numbered equation, not a sentence's aside
                    inline=span.kind == "inline" and not span.facet(MATH_MODEL).tags,
                    in_citation=where.in_citation,
                    in_title=where.in_title,
                    in_case_title=where.in_case_title,
                    mistake=where.mistake,
                    example_binding=where.example_binding,
                    provenance=where.provenance,
                    step=where.step,
                    step_condition=where.step_condition,
                    step_definition=where.step_definition,
                    constrained=frozenset(constrained),
                    constrained_by=constrained_by,
                    defined=frozenset(defined),
                    display_defined=frozenset(display_defined),
                    derived=frozenset(derived),
                    conventions=facts_of.conventions,
                    declared=facts_of.declared,
                    sizes=facts_of.sizes,
                    counts=facts_of.counts,
                    unknowns=facts_of.unknowns,
                )
                role = claims.classify(facts)
                if (
                    facts_of.standard
                    and key in ("4.A", "4.B")
                    and link.op == "="
                    and role.kind != "definition"
                ):
                    product = named_by_product(left, right, span_shapes, frozenset(defined | derived))
                    if product is not None:
                        # "… = T z_k" with T declared and met nowhere before: T is that matrix
                        left, right = product
                        role = claims.Role(
                            "definition", f"defines ${left}$ as the matrix of its product", (left,)
                        )
                touches = (
                    link.index == (link.chain_len - 1 if chain.implication_before else 0)
                    # "\Delta\le 0\iff a\le\alpha\lambda\le b": an order chain is one compound
                    # condition, every link of it
                    or all(ln.op in ("<", ">", "<=", ">=") for ln in chain.links)
                    # "P_1=r(d+k)<P_2=dk\iff r<\frac{dk}{d+k}": the order is the condition, the
                    # equations beside it compute its sides
                    or link.op in ("<", ">", "<=", ">=")
                    # "\|a\|_2=\|p\|_2=\|n\|_2=1\implies …": names set equal to one number, every
                    # link (in "D = E = 0 \implies …" the derivative D = E is computed: a claim)
                    or (
                        chain.implication_before
                        and not claims.names_in(chain.links[-1].right.text)
                        and not any(
                            text_facts(ln.left.text + " " + ln.right.text).calculus for ln in chain.links
                        )
                    )
                )
                if chain.hypothesis_of_implication and touches and role.kind == "claim":
                    # "$\rho^k=\tfrac12\iff k=\dots$": a statement an implication joins to another
                    # holds under it only; a failure at free values is no error. Only the link that
                    # touches the sign: in "D = E = 0 \implies c = …" the derivative D = E is a claim
                    role = claims.Role("maybe-condition", "the hypothesis of an implication it is joined by")
                partner = facts_of.equivalence_partner(note, span) if role.kind == "claim" else None
                if partner is not None and partner[1]:
                    # "$N_<-N_>\le n-N_<-N_>$ is $2N_<\le n$": one side of an equivalence in words,
                    # checked with the other (see below)
                    other_side = partner[0].latex.strip()
                    role = claims.Role(
                        "condition", f"one side of the equivalence its sentence states with ${other_side}$"
                    )
                if key == "4.B" and not where.hypothesis:
                    derived.update(claims.squash(n) for n in claims.names_in(left + " " + right))
                if _glossary_definition(facts, role):
                    # "$s\in\{0,\dots,n\}$: number of successes, $s=\sum_{i=1}^{n}x_i$": the glossary
                    # defines $s$, and a relation with $s$ holds for that $s$ only
                    role = claims.Role("definition", f"defines ${left.strip()}$ (section 2)", (left.strip(),))
                if row_case:
                    # "\bar b=\tfrac32:\ 0": the case a row of values is for, neither a claim nor a value
                    role = claims.Role(
                        "condition", f"the case ${left.strip()}={right.strip()}$ of a row of values"
                    )
                if chain.case is not None and role.kind == "definition":
                    # "u<0: &\quad u=z+\tau": the value in that case, not a definition for the note
                    role = claims.Role(
                        "condition", f"gives the value of ${left.strip()}$ in the case ${chain.case}$"
                    )
                if key in ("2", "3") and link.op == "=":
                    ties.append(set(names_used([left, right])))
                    if (
                        key == "2"
                        and facts_of.standard
                        and claims.is_bare(left)
                        and not _has_names(right, facts_of)
                    ):
                        # "$d\in(0,1)$: damping factor, $d=0.85$": the glossary's value of d, at
                        # which a number stated for d is checked (never substituted elsewhere)
                        numbers.append(RecordedDefinition((claims.full_name(left),), left, right, start))
                if (
                    role.kind == "definition"
                    and facts_of.standard
                    and where.step_key
                    and {claims.squash(n) for n in role.names} & {claims.squash(c) for c in constrained}
                ):
                    # "He condition: $n v/2=1\iff v=2/n$": the solution of the condition its step
                    # treats holds in that step, not for the note (the next step solves another)
                    if _has_names(right, facts_of):
                        step_values.setdefault(where.step_key, {})[value_key(left)] = right
                    reason = f"solves the condition of {constrained_by} for ${left.strip()}$"
                    pending.append(LinkResult(link, span, "condition", reason, start, end))
                    # what it is solved for is what the condition constrains: the data it also
                    # uses (a, b of a-(a+b)σ(Δ̂)=0) stay free, a computation with them a claim
                    solved_for = claims.names_in(left)
                    if solved_for and step_conditions.get(where.step_key, (set(), ""))[0] > solved_for:
                        step_conditions[where.step_key] = (solved_for, constrained_by)
                    continue
                if (
                    chain.hypothesis_of_implication
                    and touches
                    and role.kind == "definition"
                    and _solves_its_partner(chains, k, role.names)
                ):
                    # "$\frac{s+1}{n+2}=\frac sn\iff n=2s$": when the equation holds, not what
                    # $n$ is for the rest of the note ("$\phi'(\alpha)=0\iff\alpha_k=…$" names
                    # the solution: a definition)
                    role = claims.Role("condition", "the hypothesis of an implication it is joined by")
                if (
                    chain.hypothesis_of_implication
                    and chain.one_way
                    and role.kind == "definition"
                    and not _has_names(right, facts_of)
                ):
                    # "x_0=2\Rightarrow x_1=0,\ x_0>2\Rightarrow …": the case the implication
                    # starts from, no value of x_0 for what follows
                    role = claims.Role("condition", "the hypothesis of an implication it is joined by")
                if (
                    scope in setups
                    and scope != preamble
                    and not facts_of.standard
                    and role.kind in ("definition", "condition")
                    and link.op == "="
                    and claims.is_bare(left)
                    and not _has_names(right, facts_of)
                    and not row_case
                    # a sentence that sets the note up ("Let …", "Consider …"), not a special case
                    # ("With $\beta=1$ this is the familiar $F_1$")
                    and _SETTING_LEAD.match(where.lead) is not None
                ):
                    # "Let $X\sim\text{Binomial}(n,p)$ with $n=10$" in a set-up section
                    record_definition(left, right, {}, setup_values)
                if (
                    facts_of.standard
                    and where.example_binding
                    and link.op == "="
                    and claims.names_in(left)
                    and not _has_names(right, facts_of)
                ):
                    # "Take $g^{(1)}=(1,2)$": what the example gives a number (a part of $g$ too)
                    example_parts[left.strip()] = right.strip()
                if (
                    facts_of.standard
                    and where.example_binding
                    and role.kind in ("definition", "condition", "maybe-condition")
                    and link.op == "="
                    and key not in ("2", "3", "4.A", "4.B")
                    and claims.is_bare(left)
                    and _has_names(right, facts_of)
                ):
                    # "The lecturer's value … with $W=u_1\sqrt3$ gives $\det C=4$": a case with
                    # another W, where the example's C (numbers, from C = WWᵀ+σ²I) is not known
                    _void_tied(claims.full_name(left), example_values, example_stated, ties, definitions)
                if role.kind == "definition":
                    symbolic = _has_names(right, facts_of)
                    if symbolic or (not facts_of.standard and link.op == "=" and claims.is_bare(left)):
                        # (a note without the standard keeps a number only for its display, but
                        # "$\varphi=\frac{1+\sqrt5}{2}$" is still what the next item's $1-\varphi=
                        # -1/\varphi$ means: a failure at arbitrary φ is re-checked at that value)
                        definitions.append(
                            RecordedDefinition(role.names or (claims.full_name(left),), left, right, start)
                        )
                    # (a step's "H = G\cdot G/A \le G" bounds a name the glossary declares: a
                    # derived equality on the way to the bound, not what H means)
                    keep_value = (
                        facts_of.standard
                        and key in ("4.A", "4.B")
                        and symbolic
                        # "$\sigma^2\le\frac{(b-a)^2}{4}$" in 4.A bounds σ², it gives it no value
                        and link.op not in claims.ORDERS
                        # "in the scalar case with $w=10$, …, so $\pi_{\mathrm{plain}}=2.5^{L}$": that
                        # case's value, not the name's for the note
                        and not where.own_given
                        and not where.names_case
                        # "6. **Case $x>0$**: … \Longrightarrow x=v-t": the case's solution
                        and not where.case_step
                        and not (key == "4.B" and any(ln.op in claims.ORDERS for ln in chain.links))
                        # "D=0\iff q_i=p_i\ \forall i": the case of equality, no point for the note
                        and not (
                            (chain.implication_before or chain.hypothesis_of_implication)
                            and claims.is_bare(right)
                        )
                        # "H_2(p)=\log K\iff p_i=1/K": after an equivalence sign, the case in which
                        # it holds (the uniform law), not p's value for the rest of the note
                        and not (chain.hypothesis_of_implication and not chain.implication_before)
                    )
                    if not facts_of.standard and not symbolic and link.op == "=":
                        record_definition(left, right, {}, display_values)
                    elif (
                        not facts_of.standard
                        and span.kind != "inline"
                        and link.op == "="
                        and claims.function_definition(left) is None
                    ):
                        before = set(display_values)
                        record_definition(left, right, {}, display_values)
                        display_defined.update(
                            claims.squash(claims.full_name(n)) for n in set(display_values) - before
                        )
                    if facts_of.standard and not symbolic and link.op == "=":
                        numbers.append(
                            RecordedDefinition(role.names or (claims.full_name(left),), left, right, start)
                        )
                        if where.example_binding:
                            _own_value(
                                left,
                                right,
                                example_values,
                                example_stated,
                                example_inherited,
                                ties,
                                definitions,
                            )
                            record_definition(left, right, functions, example_values)
                    elif key == "2":
                        # a glossary definition is not substituted: the glossary's domains (x_i in
                        # {0,1}, mu <= L) are not sampled; a failure names the definition instead,
                        # and a hypothesis on the name ("for $\kappa=1$") reaches its symbols
                        if claims.function_definition(left) is not None:
                            record_definition(left, right, glossary_functions, None)
                        else:
                            record_definition(left, right, functions, glossary_values)
                        if facts_of.standard and is_set_size(right):
                            # n_k = |\mathcal{I}_k|: exact, with no domain to sample; the CAS
                            # reads the set's size from the subset it samples for it
                            record_definition(left, right, functions, values)
                    elif (
                        key == "4.B"
                        and where.step_key
                        and (
                            _chosen_in_its_step(note, span, left)
                            or (where.in_heading and claims.free_names_in(right) <= {"I"})
                        )
                    ):
                        # "Glorot and Bengio set $\\sigma_l^2$ to …": a choice that step makes (the
                        # next step makes He's), not the name's value for the note; so is a constant
                        # its heading names ("9. Denoising, $G=I_3$: …", a 4.C check takes another G)
                        step_values.setdefault(where.step_key, {})[value_key(left)] = right
                    elif where.in_heading and _specialises_a_declared_map(
                        left, key, where.step_key, facts_of
                    ):
                        # "Step 8 — after a ReLU, $\phi(z)=\max(z,0)$" with φ a generic activation
                        # of the glossary: that step's φ, not the note's (section 7's "sigmoid:
                        # $\phi'(0)=\tfrac14$" is about another one)
                        record_definition(
                            left, right, step_functions.setdefault(where.step_key or "", {}), None
                        )
                    elif (
                        facts_of.standard
                        and key not in ("2", "3", "4.A", "4.B", "4.D", "4.E")
                        and claims.function_definition(left) is not None
                    ):
                        # "$\operatorname{adj}(A)=8A^{-1}$" in a 4.C check, "Take $y=1$ … $\mathcal{L}(h)=
                        # \tfrac12(h-1)^2$" in the appendix: the map at that example's data, not its
                        # definition for the note (which sections 2 and 4 give); outside section 4
                        # it holds under its heading ("$\kappa(a)=\frac{2a-30}{25}$, which gives
                        # $\kappa(20)=0.4$" in the appendix)
                        if not (key or "").startswith("4"):
                            record_definition(left, right, local_functions, None)
                    else:
                        before = set(values)
                        fdef = claims.function_definition(left)
                        if fdef is not None and scope in setups and span.kind != "inline":
                            displayed.add(fdef[0])
                        record_definition(left, right, functions, values if keep_value else None)
                        if key == "4.B":
                            from_steps.update((name, start) for name in set(values) - before)
                    if symbolic and key != "2" and (not facts_of.standard or (key or "").startswith("4")):
                        # (section 1's "asymptotes $P=c/2$" describes, it defines no P for 4.A)
                        # (a glossary definition names its symbol's meaning; a 4.A line restating
                        # it is still the definition, not a claim to check against it)
                        defined.update(claims.squash(n) for n in role.names or (claims.full_name(left),))
                        # "x_i-\mu = s\hat x_i" in 4.A rewrites, it names no x; "… = x_2" names x_2
                        heads = role.names or ((left,) if claims.is_bare(left) else ())
                        defined.update(claims.squash(claims.head_name(n)) for n in heads)
                    visible = {**global_functions, **local_functions}
                    continue
                if (
                    # "maybe-condition": a worked example's number for a name the derivation
                    # defines symbolically ("$\Sigma=\begin{pmatrix}4&2\\2&3\end{pmatrix}$"
                    # after Σ = LLᵀ): the example's Σ, which its next checks use
                    role.kind in ("condition", "maybe-condition")
                    and facts_of.standard
                    and where.example_binding
                    and link.op == "="
                    and not row_case
                    and claims.is_bare(left)
                    and not _has_names(right, facts_of)
                    # "x_0=2 \Rightarrow x_1=0,\ x_0>2 \Rightarrow …": an implication's premise is
                    # its case, no value for what follows
                    and not (chain.hypothesis_of_implication and chain.one_way)
                ):
                    # "the board example with $n=3$": a value of the example as well as its hypothesis
                    _own_value(
                        left, right, example_values, example_stated, example_inherited, ties, definitions
                    )
                    record_definition(left, right, functions, example_values)
                    _record_aliases(chain.links[: link.index], right, functions, example_values)
                    if role.reason.endswith(claims.EXAMPLE_VALUE):
                        # "Counterexample: $A=\begin{pmatrix}1&2\\2&1\end{pmatrix}$": the value,
                        # which the next relations are checked at (no step to follow)
                        pending.append(LinkResult(link, span, "condition", role.reason, start, end))
                        continue
                if role.kind == "condition" and where.step_key and role.names and where.step:
                    step_conditions[where.step_key] = (set(role.names), where.step)
                if (
                    where.in_citation
                    and where.step_key
                    and link.op == "="
                    and claims.is_bare(left)
                    and "(" not in left
                    and right.strip()
                    and not claims.mentions(right, claims.full_name(left))
                ):
                    # "{Rule: symmetry (7) giving $h_{ji}=h_{ij}$}", "{Rule: (4) with $s_l=1$}": what
                    # the step substitutes (a number too: the case of the general result it takes)
                    step_values.setdefault(where.step_key, {})[value_key(left)] = right
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
                both = opposite_signs(assumptions)
                if both is not None:
                    # "for $x\ge 0$ it is …, and for $x<0$ it is …": each relation holds in its
                    # own case, and the sentence's cases together leave no point to sample
                    reason = f"its sentence treats two cases of ${both}$ (opposite signs): not checked"
                    pending.append(LinkResult(link, span, "unknown", reason, start, end))
                    continue
                log = facts_of.log_base(where.sentence)
                # the job is built after the walk: a definition later in the note (``\qquad
                # H := …`` after the equation using H) is substituted too
                link_shapes = span_shapes
                if own_shapes is not None:
                    link_shapes = identity_letter_shapes(left + " " + right, span_shapes, own_shapes)
                recipe = Recipe(
                    {**visible, **step_functions.get(where.step_key or "", {})},
                    {
                        **unambiguous(setup_values),
                        **{
                            k: v
                            for k, v in example_stated.items()
                            if k not in values
                            or _reaches_unvalued_array(
                                k, values, {**example_stated, **example_values}, link_shapes
                            )
                        },
                        **example_values,
                        **display_values,
                    },
                    link_shapes,
                    log,
                    facts_of.euler,
                    assumptions,
                    None if where.in_citation else where.step_key,
                    _given_values(where.own_given) if facts_of.standard else (),
                    tuple(example_parts),
                    facts_of.pi,
                    facts_of.macros,
                    row_range,
                    facts_of.maps,
                    pi_number=facts_of.pi_number,
                    normal_cdf=facts_of.normal_cdf,
                    case_values=where.case_values if facts_of.standard else (),
                    own_assumptions=where.assumptions,
                )
                # a lone σ beside the display's σ² = 0.412 is its root
                job_left, job_right = root_of_square(left, right, display_values)
                equivalent = ""
                first = first_link(partner[0]) if partner is not None and not partner[1] else None
                if partner is not None and first is not None:
                    # the second side of an equivalence in words: the two orders are equivalent only
                    # if their gaps (larger side minus smaller) never have opposite signs
                    lower, upper = (left, right) if link.op in ("<", "<=") else (right, left)
                    gap = f"\\left({upper}\\right)-\\left({lower}\\right)"
                    gaps = f"\\left({order_gap(first)}\\right)\\left({gap}\\right)"
                    job_left, job_right = ("0", gaps) if link.op in ("<", "<=") else (gaps, "0")
                    equivalent = partner[0].latex.strip()
                pending.append(
                    PendingLink(
                        link,
                        span,
                        None,
                        key,
                        role,
                        recipe=recipe,
                        given=_through_glossary(where.given, glossary_values),
                        sampled_given=tuple(g for g in where.case_given if _given_values((g,)))
                        if facts_of.standard
                        else (),
                        case_given=where.case_given,
                        roots=where.roots,
                        orders=orders_between(
                            (*facts_of.orders, *step_orders.get(where.step_key or "", ())), left + " " + right
                        ),
                        case=chain.case,
                        qualifier=where.qualifier,
                        facts=facts,
                        job_left=job_left,
                        job_right=job_right,
                        equivalent=equivalent,
                    )
                )
                if (
                    facts_of.standard
                    and key == "4.C"
                    and link.op == "="
                    and claims.value_side(facts) == "left"
                    and "(" not in left.split("^")[0]
                    and not _has_names(right, facts_of)
                ):
                    # "$w^\star=(0,\tfrac34)^\top$, $y-Xw^\star=…$": the value a worked example
                    # states (checked itself where notelint can) is what its next checks use,
                    # unless a definition gives it (a wrong stated μ must not feed σ²)
                    record_definition(left, right, functions, example_stated)
    # sizes section 2 declares (d_k, the key size): no family member
    size_keys = frozenset(claims.squash(d) for d in facts_of.sizes)
    conditions = conditions_by_span(pending) if facts_of.standard else {}
    for item in pending:
        if isinstance(item, PendingLink):
            made = item.recipe
            assert made is not None
            left, right = item.job_left, item.job_right
            # the example's own values first: a hypothesis repeats them or names another symbol
            cases = {**dict(made.given_values), **made.example_values, **dict(made.case_values)}
            for name, number in _given_values((item.case,) if item.case else ()):
                # "T=0.5:&\quad f_T(x)\approx 1002.0715" after "… for $T=0.5$ and … for $T=2$":
                # the row's own case, not the sentence's last
                cases[name] = number
            cases.update(assembled_columns(cases, column_bases))
            cases = _one_member_values(cases, left + " " + right, size_keys)
            restated = _restated_name(item.facts)
            if restated is not None:
                # "(where $r_t=1$) … after the step $r_t=1.46$": a new value of the example's
                # symbol, not a check of the old one
                cases = {k: v for k, v in cases.items() if _base_key(k) != restated}
            stated = {claims.squash(k) for k in cases}
            if item.facts is not None and claims.value_side(item.facts) == "left":
                stated.add(claims.squash(left))
            steps_before = _defined_before(values, from_steps, item.span.end)
            if (
                restated is not None
                and item.facts is not None
                and item.facts.example_binding
                and item.span.kind == "inline"
                and not claims.names_in(
                    item.job_right if claims.value_side(item.facts) == "left" else item.job_left
                )
            ):
                # "**Numerical sanity check.** $P=\begin{pmatrix}…\end{pmatrix}$" after a step's
                # counterexample with $P=I_2$: the example's own value, not a check of the step's
                steps_before = {
                    k: v
                    for k, v in steps_before.items()
                    if k not in from_steps or _base_key(k) != restated or not _a_constant(v)
                }
            # "If $x_1=x_2$ then $u=0$": a hypothesis equating names the note gives values
            # elsewhere (the data x_1, x_2) treats another case; only its own values hold
            tied = {
                claims.squash(claims.full_name(side))
                for g in item.given
                if "=" in g and all(claims.is_bare(side) for side in g.split("=", 1))
                for side in g.split("=", 1)
            }
            elsewhere = {
                **_without_entries_of(steps_before, stated, from_steps),
                **step_values.get(made.step_key or "", {}),
            }
            known = _within(
                {
                    **{k: v for k, v in elsewhere.items() if claims.squash(claims.full_name(k)) not in tied},
                    **cases,
                },
                made.own_range,
                made.own_assumptions,
            )
            if item.section == "4.D":
                # an identity is general in its letters: the variable it differentiates in
                # (∇_h ½hᵀMh = Mh) is no symbol of the derivation with that symbol's value
                own_variables = text_facts(left + " " + right).gradient_variables
                known = {k: v for k, v in known.items() if k not in own_variables}
            # in a note that follows the standard a function keeps its one meaning: one defined
            # in 4.A applies in section 1 too
            functions = (
                {**glossary_functions, **global_functions, **made.functions}
                if facts_of.standard
                else made.functions
            )
            if facts_of.argument_named:
                # p(z) = π^z(1-π)^{1-z} is the prior of z, not p(x)
                functions = {k: v for k, v in functions.items() if k not in facts_of.argument_named}
            relevant = relevant_definitions(left + " " + right, functions, known, made.shapes)
            # the laws of its random symbols, also those reached through a definition it
            # substitutes (Cov[ŵ] with ŵ = (XᵀX)⁻¹Xᵀy: y is random), and what the laws use
            used = [left, right, *relevant[1].values(), *(body for _, body in relevant[0].values())]
            in_force = laws
            if not facts_of.standard:
                until = _heading_after(note, item.span.start)
                if until not in laws_until:
                    laws_until[until] = distributions.read(note, until, stated_laws)
                in_force = laws_until[until]
            random = distributions.relevant(in_force, " ".join(used))
            if random:
                relevant = relevant_definitions(
                    " ".join([left, right, *random.values()]), functions, known, made.shapes
                )
            ctx = made.context(*relevant, distributions=random)
            premised = premise_values(item.span, item.link.left.start)
            if premised:
                # "\eta'=k\eta\implies\frac{\eta'}{kB}=\frac{\eta}{B}": the conclusion at the premise
                ctx = dataclasses.replace(ctx, values={**ctx.values, **premised})
            # "two keys ($m=2$)": sizes a case or worked example of the section fixes, where a
            # relation failing at other sizes is checked again (the shape rules use them so)
            ctx.case_sizes = tuple(
                (name, int(size)) for name, size in fixed_sizes(note, item.span).items() if size.isdigit()
            )
            ctx.index_bounds = facts_of.index_bounds
            # the note's assumptions on symbols a substituted definition brings in (S := XᵀX/(n-1)
            # with X = UΣVᵀ: U's orthonormal columns)
            bodies_text = " ".join([*ctx.values.values(), *(body for _, body in ctx.functions.values())])
            # (and those its display's own words give: "\text{for symmetric } A:\quad …")
            assumed = (
                *made.assumptions,
                *text_class_hypotheses(item.span.latex[: item.link.left.start]),
                # "\|u\|_2=\|v\|_2=1\implies\|u-v\|_2^2=2-2u^\top v": unit vectors for the conclusion
                *premise_assumptions(item.span, item.link.left.start),
            )
            if made.own_range is not None:
                # "\Phi_2(m)\le(em/2)^2\qquad(m\ge 2)": sampled in the range its row states
                assumed = merge([*assumed, *_range_assumption(made.own_range)])
            if bodies_text:
                extra = facts_of.assumptions_for(bodies_text, ())
                # a symbol the job gives a value (an example's q = 0.8) is not sampled at all
                held = {a.symbol for a in assumed} | set(ctx.values)
                assumed = (*assumed, *(a for a in extra if a.symbol not in held))
            # a random symbol outside an expectation takes the values its law gives it (Y^2 = Y
            # of a Bernoulli Y is sampled at 0 and 1)
            assumed = distributions.within_supports(assumed, ctx.distributions, ctx.shapes)
            item.job = Job(item.link.op, left, right, ctx, floor, assumed)
            item.unbound_meaning = unsubstituted(
                left, right, ctx, _reaching(item, definitions, note, facts_of), note
            )
            valued_job: Any = None
            valued_meaning: tuple[str, ...] = ()
            left_names = claims.free_names_in(left) | _declared_letters(left, facts_of)
            right_names = claims.free_names_in(right) | _declared_letters(right, facts_of)
            own = {claims.squash(n) for n in left_names | right_names}
            if own and (
                not (left_names and right_names)
                # "$c>0$: logistic scale $c=\ln 10/400$" in section 2: the note's constant, which
                # a relation with names on both sides ("$K/c=400K/\ln 10$") uses too
                or any(
                    {claims.squash(n) for n in d.names} & own and _glossary_constant(note, d) for d in numbers
                )
            ):
                # "the Laplace variance $1/a=0.021$" before the example that gives $a=1000/21$:
                # a number stated for a name the note gives a value out of this relation's
                # scope; also for a name a substituted definition brings in (L^T L = (5 2; 2 4)
                # "in the example", L = (σ₁ 0; ρσ₂ …) by its definition, σ₁ = 2 in the example)
                reached = " ".join(ctx.values.values())
                valued = [
                    d
                    for d in numbers
                    if {claims.squash(n) for n in d.names} & own
                    or (reached and any(claims.mentions(reached, n) for n in d.names))
                ]
                valued_meaning = unsubstituted(left, right, ctx, valued, note)
                item.unbound_meaning += valued_meaning
                if valued_meaning:
                    # with the other values its example gives on the same line (its sizes: m = 4)
                    lines = {note.index.position(d.start)[0] for d in valued}
                    example = [d for d in numbers if note.index.position(d.start)[0] in lines]
                    given = {**ctx.values, **{d.left.strip(): d.right.strip() for d in example}}
                    at_values = dataclasses.replace(ctx, values=given)
                    valued_job = Job(item.link.op, left, right, at_values, floor, assumed)
            if item.section == "4.D":
                # the identity's own variable is not the derivation's symbol of that name
                own = {f"${name}$" for name in text_facts(left + " " + right).gradient_variables}
                item.unbound_meaning = tuple(m for m in item.unbound_meaning if meaning_name(m) not in own)
            checks: list[tuple[tuple[str, ...], Any, str]] = []
            if valued_job is not None:
                checks.append((valued_meaning, valued_job, "fails"))
            negation = NEGATIONS.get(item.link.op)
            if negation is not None and item.role.kind == "maybe-condition" and free_in_values(ctx.values):
                # "|r_0| < 1 ⟺ 0 < λ_0 < 2λ̂" with r_0 = λ_0/λ̂ - 1: a condition is wrong only when
                # it fails whatever the symbols r_0's definition leaves free are
                item.unbound_meaning += (FREE_SAMPLED,)
                checks.append(((FREE_SAMPLED,), dataclasses.replace(item.job, op=negation), "holds"))
            statistics = data_statistics(
                item.unbound_meaning, definitions, note, f"{left} {right} {bodies_text}"
            )
            if statistics is not None:
                # s = Σx_i brought in by a_n = a+s: a statistic of data the relation does not use
                # is as arbitrary as a symbol without meaning, within what the data can give it
                # (a count s ∈ {0,…,n} at 0)
                at_data = job_at(item, ctx, floor, functions, {**known, **statistics}, made.shapes, assumed)
                checks.append((item.unbound_meaning, at_data, AT_DATA))
            if negation is not None and sampled_scalars(
                item.unbound_meaning, definitions, note, made.shapes, left + " " + right
            ):
                # whatever the scalars no job substitutes are, a relation false at every value of
                # them ($\sin^2\theta_k+\cos^2\theta_k=2$, θ_k defined by its cosine) is wrong:
                # its negation holds everywhere
                checks.append((item.unbound_meaning, dataclasses.replace(item.job, op=negation), ALONE))
            fixed = [
                (words, name)
                for words, name, _ in definitions_behind(item.unbound_meaning, definitions, note)
                if name in basis
            ]
            if fixed:
                # "$e_1$: first standard basis vector": the relation failing at e_1 = (1, 0, 0) too
                # is wrong for the note's e_1
                fixed_words = tuple(words for words, _ in fixed)
                at_basis = dict(ctx.values)
                put = False  # a member of the basis put in (none: the excuse stands)
                for _, name in fixed:
                    # a family e_j: the members the relation writes (e_1 of V^T(q - e_1))
                    members = (
                        {name: basis[name]} if basis[name] else _numbered_members(name, left + " " + right)
                    )
                    for member, k in members.items():
                        at_basis[member] = basis_vector(k)
                    index = name.partition("_")[2].strip("{}")
                    if (
                        not basis[name]
                        and len(index) == 1
                        and claims.mentions(left + " " + right, name)
                        and index not in text_facts(left + " " + right).bound
                    ):
                        # the family itself at its index (∇_a a_j = e_j): one member, the index
                        # with it (a_2 beside e_2); not a sum's index (Σ_i X^T e_i …: every member)
                        members[name] = 2
                        at_basis[name], at_basis[index] = basis_vector(2), "2"
                    put = put or bool(members)
                    rows = made.shapes.get(name, (None, None))[0]
                    if isinstance(rows, str):
                        at_basis[rows] = str(BASIS_SIZE)  # the size the literal has
                if put:
                    at = dataclasses.replace(ctx, values=at_basis)
                    checks.append((fixed_words, Job(item.link.op, left, right, at, floor, assumed), "fails"))
            # 𝒩(x;μ,σ²) = … defined in 4.A and used in a 4.D identity: the job reads 𝒩 as the
            # CAS's own density; the definition checked on its own says whether that is the note's
            checks.extend(
                (
                    (words,),
                    Job(
                        "=",
                        d.left,
                        d.right,
                        made.context(shapes=made.shapes),
                        floor,
                        facts_of.assumptions_for(d.left + " " + d.right, ()),
                    ),
                    "holds",
                )
                for words, d in applied_definitions(item.unbound_meaning, definitions, note)
            )
            # "$Q, R$: thin QR factors, $X=QR$": X keeps its own entry's arbitrary value; the
            # relation failing with X = QR substituted too is wrong whatever X is. And "$z_i=x_i^\top
            # w$" in z's own entry, with x_i and w declared over real spaces: the glossary equation
            # substituted loses no domain, and the relation failing with it substituted too is
            # wrong (a sign flipped in X^T(σ(Xw) - y) after Σ(σ(z_i) - y_i)x_i)
            behind = [
                (words, name, d)
                for words, name, d in definitions_behind(item.unbound_meaning, definitions, note)
                if d.right.strip()
            ]
            foreign = [(w, n, d) for w, n, d in behind if in_another_entry(note, n, d.start)]
            plain = [
                (w, n, d)
                for w, n, d in behind
                if (w, n, d) not in foreign
                # a note without the standard's sections: "Put $p=q+\delta$" later in the note
                and (_before_checks(note, d.start) or not facts_of.standard)
                # a function's definition (𝒩(x;μ,σ²) = …) is no value of the name
                and "(" not in d.left
                # C_{ij}=(-1)^{i+j}M_{ij} with "the minor $M_{ij}$ is the determinant of …": M stays
                # as arbitrary as C was
                and not claims.names_in(d.right) & named_in_words(note)
                and (
                    over_real_spaces(
                        note,
                        d.right,
                        frozenset(claims.squash(a.symbol) for a in facts_of.assumptions_for(d.right, ())),
                    )
                    # without a glossary nothing restricts a domain the job would lose
                    or not (facts_of.standard or declares_anything(note))
                )
            ]
            for substituted in (foreign, plain):
                if not substituted:
                    continue
                bodies = {name: d.right.strip() for _, name, d in substituted}
                # sampled under what the glossary says of the symbols the bodies bring in (Q, R;
                # "$Q$ with orthonormal columns" for $P=QQ^\top$), with their shapes
                extra = facts_of.assumptions_for(" ".join(bodies.values()), ())
                held = {a.symbol for a in assumed}
                job = job_at(
                    item,
                    ctx,
                    floor,
                    functions,
                    {**known, **bodies},
                    made.shapes,
                    (*assumed, *(a for a in extra if a.symbol not in held)),
                )
                checks.append((tuple(words for words, _, _ in substituted), job, "fails"))
            # the other way round: the job substituted X = QR from the entry of Q, R and then
            # excuses the failure by Q, R's meaning; X keeps its own entry's arbitrary value, so
            # the relation failing with X left arbitrary is wrong whatever Q and R are
            brought: set[str] = set()
            if item.unbound_meaning:  # only a link with an excuse: the glossary is read per name
                brought = {
                    name
                    for d in definitions
                    for name in d.names
                    if name in ctx.values and d.right.strip() and in_another_entry(note, name, d.start)
                }
            # only the excuses by the meaning of what those bodies bring in (Q, R): another
            # name's excuse (a gain K defined elsewhere) stands, the re-check leaves K arbitrary too
            bodies_in = " ".join(ctx.values[name] for name in brought)
            voided = tuple(
                words
                for words, name, _ in definitions_behind(item.unbound_meaning, definitions, note)
                if claims.mentions(bodies_in, name)
            )
            if brought and voided:
                kept = {k: v for k, v in known.items() if k not in brought}
                job = job_at(item, ctx, floor, functions, kept, made.shapes, made.assumptions)
                checks.append((voided, job, "fails"))
            order = hypothesis_check(item, known, functions, made, floor)
            if order is not None:
                checks.append(order)
            fresh = fresh_value_check(item)
            if fresh is not None:
                checks.append(fresh)
            ranged = range_through_definition(item, ctx, floor, assumed)
            if ranged is not None:
                item.ranges_lost = ranged[0]  # an excuse until the re-check within them fails
                checks.append(ranged)
            checks.extend(identity_hypotheses(item, functions, known, made, floor))
            premises = cited_premises(note, item.span, conditions) if conditions else ()
            if premises and (item.section or "").startswith("4"):
                # "solving \eqref{eq:active}: adding the two equations gives …": it holds where
                # the cited condition holds, once NL506's test shows it follows from it
                item.cited = tuple(dict.fromkeys(p.label for p in premises))
                condition_text = " ".join(p.left + " " + p.right for p in premises)
                held = {a.symbol for a in assumed}
                under = (
                    *assumed,
                    *(a for a in facts_of.assumptions_for(condition_text, ()) if a.symbol not in held),
                )
                follows = FollowsJob(left, right, premises, ctx, under)
                checks.append((item.cited, follows, UNLESS_FOLLOWS))
            if item.roots:
                # "the roots $r_1, r_2$ of $P$ satisfy $r_1+r_2=-b_1$": no free values, it is
                # checked as following from P(r_1) = 0 and P(r_2) = 0
                words = tuple(dict.fromkeys(p.label for p in item.roots))
                checks.append((words, FollowsJob(left, right, item.roots, ctx, assumed), FROM_PREMISES))
            item.excuse_checks = tuple(checks)
            item.overrides = tuple(
                f"{name}={body}"
                for name, body in cases.items()
                if name in ctx.values and name in values and claims.names_in(values[name])
            )
    analysis = Analysis()
    links = [p for p in pending if isinstance(p, PendingLink)]
    run_jobs(links, config, analysis)
    check_kronecker_cases(links, config, analysis)
    check_continued_chains(links, config, analysis)
    void_excuses(links, config, analysis)
    check_stated_solutions(links, note, config, analysis)
    for item in pending:
        if isinstance(item, LinkResult):
            item.code = OPS.get(item.link.op, "NL501")
            analysis.results.append(item)
            continue
        analysis.results.append(classify_verdict(item))
    refute_through_chains(analysis.results)
    # "| $x_i$ | $x_i^2$ |" over rows of numbers: each formula's cell is a claim at its row
    in_tables, cells = table_results(note, facts_of, config)
    if cells:
        # a cell's "$\approx 0.135$" is the table's claim, no relation missing its left side
        analysis.results = [
            r
            for r in analysis.results
            if r.verdict != "unknown" or not any(a <= r.start and r.end <= b for a, b in cells)
        ]
    analysis.results.extend(in_tables)
    return analysis


def _reaches_unvalued_array(
    name: str,
    values: dict[str, str],
    given: dict[str, str],
    shapes: dict[str, tuple[int | str, int | str]],
) -> bool:
    r"""Does the definition of ``name`` reach, through other definitions, a vector or matrix
    with no value (``K=\Phi\Phi^\top`` with Φ given only in words)? Then the value a worked
    example states for it (``K=\begin{pmatrix}4&1&0\\…\end{pmatrix}``) is the example's, which
    its next checks use; a definition the example's values determine still wins (a wrong stated
    μ must not feed σ²)."""
    key = claims.squash(name)
    if any(
        key in {claims.squash(v) for v in text_facts(body).gradient_variables} for body in values.values()
    ):
        # g = ∇_h ℒ(h): a name something is differentiated in keeps its symbol
        return False
    valued = {claims.squash(k) for k in given} - {key}
    defined = {claims.squash(k): (k, body) for k, body in values.items()}
    # written names, longest first: ΔW is one name, not a W (read as letters, names_in splits it)
    written = sorted({*values, *given}, key=len, reverse=True)
    arrays = [
        k
        for k, shape in shapes.items()
        if shape != (1, 1) and claims.squash(k) not in valued and not is_identity(k)
    ]
    seen: set[str] = set()
    todo = [key]
    while todo:
        key = todo.pop()
        if key in seen or key not in defined:
            continue
        seen.add(key)
        rest = defined[key][1]
        for other in written:
            squashed = claims.squash(other)
            if squashed == key or not (other in rest or claims.mentions(rest, other)):
                continue
            if squashed in defined and squashed not in valued:
                todo.append(squashed)
            rest = rest.replace(other, " ")
        if any(claims.squash(a) not in defined and claims.mentions(rest, a) for a in arrays):
            return True
    return False


def _solves_its_partner(chains: list[Chain], k: int, names: tuple[str, ...]) -> bool:
    r"""Does the statement an implication joins to chain ``k`` use the very names it defines?
    Not when ``k`` stands before an equivalence: ``\hat x=\arg\min_x\|Ax-b\|_2^2\iff R\hat x=
    Q^\top b`` defines, and then restates what it defines."""
    if chains[k].implication_before and not chains[k].one_way:
        return False
    j = k + 1 if chains[k].implication_before else k - 1
    if not 0 <= j < len(chains):
        return False
    return any(
        claims.mentions(ln.left.text + " " + ln.right.text, claims.full_name(name))
        for ln in chains[j].links
        for name in names
    )


#: the word before a glossary entry's equation that names a value ("…, with $m=\\sum_i x_i$")
_NAMING_WITH = re.compile(r"\bwith\W*$", re.IGNORECASE)


#: the words of a step that choose a name's value: "set $\\sigma_l^2$ to", "we choose $\\eta$ as"
_CHOOSES = re.compile(
    r"\b(?:sets?|setting|choos(?:e|es|ing)|chose|picks?|takes?)\s+\$([^$]{1,60})\$\s+(?:to|as|equal\s+to)\b"
)


def _chosen_in_its_step(note: Note, span: MathSpan, left: str) -> bool:
    """Do the words of ``span``'s derivation step, before it, choose the value of ``left``?"""
    try:
        step = step_at(note, span.start)
    except Exception:  # steps are another feature: never let them break the checks
        return False
    if step is None:
        return False
    name = claims.squash(claims.full_name(left))
    return any(
        claims.squash(claims.full_name(m[1])) == name
        for m in _CHOOSES.finditer(note.text, step.span.start, span.start)
    )


def _glossary_definition(facts: claims.LinkFacts, role: claims.Role) -> bool:
    """A section-2 equation of a note that follows the standard giving a bare name a value the
    CAS can compute (no derivative: "$g=\\nabla_y L$" names a gradient the CAS cannot take)."""
    return (
        facts.standard
        and facts.section == "2"
        # "$1$ if $k=y$" is a case; "the data set, with $m=\\sum_i x_i$" names m's value
        and (not facts.hypothesis or _NAMING_WITH.search(facts.lead) is not None)
        and not claims.is_bare(facts.right)
        and role.kind == "condition"
        and facts.op == "="
        and facts.index == 0
        and not facts.continued
        and claims.value_side(facts) == "left"
        and bool(claims.names_in(facts.right))
        and not claims.mentions(facts.right, claims.full_name(facts.left))
        and not text_facts(facts.right).differentiation_variables
        and not text_facts(facts.right).gradient_variables
    )


def _through_glossary(given: tuple[str, ...], glossary_values: dict[str, str]) -> tuple[str, ...]:
    """The hypotheses of a sentence and the glossary definitions of the names they constrain
    ("for $\\kappa=1$" with "$\\kappa=L/\\mu$" in section 2 constrains $L$ and $\\mu$)."""
    out = list(given)
    for equation in given:
        for name in claims.names_in(equation):
            body = glossary_values.get(name)
            if body is not None and claims.names_in(body):  # a value, not the ambiguity marker
                out.append(f"{name}={body}")
    return tuple(out)


def _alias_chain_number(chain: Chain) -> str | None:
    r"""``\alpha=\beta=2``, ``n=m=1``: a chain of equal bare names ending in a number gives each
    name that number; the number, else None."""
    if len(chain.links) < 2 or chain.continued or any(link.op != "=" for link in chain.links):
        return None
    number = chain.links[-1].right.text.strip()
    if not number or claims.names_in(number):
        return None
    if all(claims.is_bare(link.left.text.strip()) and "(" not in link.left.text for link in chain.links):
        return number
    return None


def _numbered_members(family: str, text: str) -> dict[str, int]:
    """``e_1``, ``e_{2}`` of the family ``e_j`` in ``text``, by their index (at most the size of
    the basis the re-check builds)."""
    base = re.escape(family.split("_", 1)[0])
    return {
        m[0]: int(m[1])
        for m in re.finditer(rf"(?<![A-Za-z\\]){base}_\{{?([1-9])\}}?", text)
        if int(m[1]) <= BASIS_SIZE
    }


def _contradiction_reached(chains: list[Chain], k: int, link: Link) -> bool:
    r"""``\frac{2\cdot30\,b}{30+b}=60\implies 60b=1800+60b\implies 0=1800``: two different
    numbers set equal right after an implication whose premise is an equation in a name are
    what that equation leads to (it has no solution), not a claim."""
    if link.op != "=" or k == 0 or not (chains[k - 1].implication_before and chains[k - 1].one_way):
        return False
    if number_value(link.left.atoms) is None or number_value(link.right.atoms) is None:
        return False
    premise = chains[k - 1].links
    return any(p.op == "=" and claims.free_names_in(p.left.text + " " + p.right.text) for p in premise)


def _record_aliases(
    earlier_links: list[Link],
    number: str,
    functions: dict[str, tuple[tuple[str, ...], str]],
    example_values: dict[str, str],
) -> None:
    """ "$n=m=1$", "Take $\\alpha=\\beta=2$": every name of a chain of bare names ending in the
    number an example gives is a value of the example too (the links before the number's, last
    first)."""
    for earlier in reversed(earlier_links):
        named, alias = earlier.left.text.strip(), earlier.right.text.strip()
        if earlier.op != "=" or not claims.is_bare(named) or not claims.is_bare(alias):
            break
        record_definition(named, number, functions, example_values)


def _restated_name(facts: claims.LinkFacts | None) -> str | None:
    """The name a relation's bare side gives a value (``r_t = …``, or a rounded one after
    another step, ``w \\approx -0.4195``), normalised; or None."""
    if facts is None:
        return None
    if (
        facts.op == "approx"
        and claims.is_bare(facts.left)
        and "(" not in facts.left
        and facts.right.strip()
        and not claims.names_in(facts.right)
    ):
        return claims.squash(claims.full_name(facts.left))
    named = claims.value_side(facts)
    if named is None:
        return None
    return claims.squash(claims.full_name(facts.left if named == "left" else facts.right))


#: an entry of a family written with its index: ``q_i``, ``q_{i}``, ``\\pi_k``
_ENTRY_KEY = re.compile(r"(?P<base>.+?)_(?:\{[^{}]*\}|[A-Za-z0-9])")


def _defined_before(values: dict[str, str], from_steps: dict[str, int], offset: int) -> dict[str, str]:
    """``values`` without the points a derivation step sets after ``offset`` (the end of the
    relation's span): one name set equal to another (Step 7's optimum ``q_i = p_i``) holds there,
    not in the steps before it; substituted into Step 5's Jensen bound it made a reversed
    inequality hold. A formula a later step defines (``r_k = b - Ax_k``) is the name's meaning
    throughout."""
    return {
        k: v for k, v in values.items() if from_steps.get(k, -1) <= offset or not claims.is_bare(v.strip())
    }


def _without_entries_of(
    values: dict[str, str], stated: set[str], from_steps: dict[str, int]
) -> dict[str, str]:
    """``values`` without what a derivation step gives the entries of a name the example
    states whole: ``q = u_3`` in a check gives every entry of q, and Step 7's ``q_i = p_i`` at
    its optimum is not the example's q (a definition of 4.A, ``q_i = p_i^2``, still is)."""
    if not stated:
        return values
    return {
        k: v
        for k, v in values.items()
        if k not in from_steps
        or (m := _ENTRY_KEY.fullmatch(k.strip())) is None
        or claims.squash(m["base"]) not in stated
        or claims.squash(k) in stated
    }


def _a_constant(value: str) -> bool:
    """Is ``value`` numbers or an identity (``I_2``, ``\\tfrac12 I_2``): another example's value,
    not a formula in the note's symbols?"""
    return claims.free_names_in(value) <= {"I"}


def _base_key(key: str) -> str:
    """A value's key without the square of ``σ^2 = …``, normalised like :func:`_restated_name`."""
    return claims.squash(without_square(key) or key.strip())


def _given_values(given: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    r"""The hypotheses of a sentence that give a bare name a number (``n_k=0`` of "if $n_k=0$,
    then …"): the relation is checked at that value. A failure is still not reported while
    other symbols stay free (the hypothesis is named as the reason); only one with every symbol
    given a value is."""
    out: list[tuple[str, str]] = []
    for equation in given:
        left, _, right = equation.partition("=")
        if "^" in left and without_square(left) is None:
            continue  # \hat\sigma^2_{kj}: only a plain square names a value the worker reads
        if claims.is_bare(left) and "(" not in left and right.strip() and not claims.names_in(right):
            out.append((left.strip(), right.strip()))
    return tuple(out)


#: the sections whose definitions hold for the whole derivation: the intuition, the glossary
#: and the derivation itself (4.C on checks cases and examples)
_GENERAL_SECTIONS = ("1", "2", "4.A", "4.B")


def _before_checks(note: Note, offset: int) -> bool:
    section = note.section_at(offset)
    return section is not None and section.key in _GENERAL_SECTIONS


#: what a scalar's value never holds: an array or a tuple (``e_1=(1,0)^\top``, an example's
#: ``Q=\begin{pmatrix}…\end{pmatrix}``: the data of one case, not the note's constant)
_NOT_A_SCALAR = re.compile(r"\\begin|,|\^\s*\{?\s*(?:\\top|T)\b")


def _glossary_constant(note: Note, d: RecordedDefinition) -> bool:
    r"""Is ``d`` a scalar constant section 2 gives (``$c=\ln 10/400$``)? A whole number is not
    one: section 2's ``$s=1$ if $x_1=0$`` and "the example ($n=3$, $d=2$)" are a case's values
    (re-checked at them, correct steps failed: householder, OLS via QR, older bench)."""
    section = note.section_at(d.start)
    return (
        section is not None
        and section.key == "2"
        and not _NOT_A_SCALAR.search(d.right)
        and not d.right.strip().lstrip("-").isdigit()
    )


def _reaching(
    item: PendingLink, definitions: list[RecordedDefinition], note: Note, facts_of: NoteFacts
) -> list[RecordedDefinition]:
    r"""The definitions that may give a relation's names a meaning the job lacks. In a note that
    follows the standard, a general step (4.A, 4.B) is about the symbols section 2 declares:
    "its unique stationary point is $\mu_1=\mu_0$" in 4.C is a point of a check, no definition
    of the declared $\mu_1$ for the steps before it (a later formula is kept: its excuse is
    still checked by substitution)."""
    if not facts_of.standard:
        # a number a note without the standard gives a name holds from there on ("$\varphi=
        # \frac{1+\sqrt5}{2}$" for the next item), not for a general derivation before it
        # (a later example's $n=23$ is no meaning of the birthday bound's $n$)
        return [d for d in definitions if d.start < item.span.start or _has_names(d.right, facts_of)]
    if item.section not in ("4.A", "4.B"):
        return definitions
    declared = {claims.squash(n) for n in facts_of.declared}
    return [
        d
        for d in definitions
        if d.start < item.span.start
        or _before_checks(note, d.start)
        or not all(claims.squash(n) in declared for n in d.names)
        # a formula stated later (the optimum w = S_W^{-1}δ) may still be what the job lacks;
        # one declared name set equal to another is a point, never a definition
        or not claims.is_bare(d.right.strip())
    ]


def _one_member_values(cases: dict[str, str], relation: str, sizes: frozenset[str]) -> dict[str, str]:
    """The values of a case without those of one family member at a letter index the relation
    does not write ("a pure node ($p_k=1$ for one $k$) has $G=0$": $p_k$ is one member, not the
    value of the family the definition of $G$ sums over). A size section 2 declares (``d_k``,
    the key size; ``sizes``) is no member."""
    return {
        name: value
        for name, value in cases.items()
        if not (
            _member_at_letter(name)
            and not claims.mentions(relation, name.strip())
            and claims.squash(name.strip()) not in sizes
        )
    }


def _member_at_letter(name: str) -> bool:
    """A family member at a letter index (``p_k``, ``n_{k}``, ``\\pi_k``), not at a number
    (``p_1``), read from its atoms; a decorated name (``\\hat p_k``) is kept as before."""
    indexed = indexed_name(name.strip())
    if indexed is None or not indexed[1].isalpha():
        return False
    head = text_atoms(indexed[0])
    return len(head) == 1 and (head[0].kind == "letter" or (head[0].kind == "macro" and not head[0].args))


def case_value(side: str, which: str) -> str:
    r"""A table of cases written in one line (``\bar b=0:\ \tfrac{27}{32}=0.84375``): of a left
    side ``0:\ \tfrac{27}{32}`` the value after the case's colon, of a right side ``\tfrac52:\
    \tfrac38`` the case before it. A colon inside brackets or braces, or of ``:=``, or between
    two digits (a ratio, ``1:2 = 0.5``), is left alone. Read from the side's atoms (spacing
    after the colon is no atom; ``\quad`` is skipped)."""
    atoms = text_atoms(side)
    depth = 0
    for i, a in enumerate(atoms):
        if a.is_op("(", "[") or a.is_macro("{"):
            depth += 1
        elif a.is_op(")", "]") or a.is_macro("}"):
            depth -= 1
        elif a.is_op(":") and depth == 0:
            before, after = atoms[i - 1] if i else None, atoms[i + 1] if i + 1 < len(atoms) else None
            if before is None or after is None or after.is_op("="):
                return side
            if before.kind == after.kind == "digit" and before.end == a.start and after.start == a.end:
                return side  # a ratio of numbers (``1:2``, ``80:20``), not a case's colon
            rest = atoms[i + 1 :]
            while rest and rest[0].is_macro("quad", "qquad"):
                rest = rest[1:]
            if not rest:
                return side
            return side[rest[0].start :] if which == "left" else side[: a.start]
    return side


def _heading_after(note: Note, offset: int) -> int:
    """Where the heading after ``offset`` starts (the note's end when none follows)."""
    return next((h.span.start for h in note.headings if h.span.start > offset), len(note.text))


def _preamble_scope(note: Note) -> int:
    """The :func:`_heading_before` of the text before a note's first section: -1, or its title
    when the note opens with one level-1 heading."""
    if note.headings and note.headings[0].level == 1 and not any(h.level == 1 for h in note.headings[1:]):
        return note.headings[0].span.start
    return -1


#: the opening words of a sentence that sets a note up ("Let $X\sim\ldots$ with $n=10$")
_SETTING_LEAD = re.compile(
    r"\s*(?:[-*+]\s+)?(?:let|suppose|assume|consider|take|fix|throughout)\b", re.IGNORECASE
)

#: the title of a section that sets up the note ("The function", "Setup"), numbering aside
_SETUP_TITLE = re.compile(
    r"(?:\d+(?:\.\d+)*[.)]?\s+)?(?:" + "|".join(data.load("math_prose")["setup"]["titles"]) + r")[.:]?",
    re.IGNORECASE,
)


def _setup_scopes(note: Note, preamble: int) -> set[int]:
    """The scopes whose displayed functions later sections start from: the text before the
    first section (``preamble``, :func:`_preamble_scope`) and sections titled as a set-up
    (``_SETUP_TITLE``)."""
    titled = {h.span.start for h in note.headings if _SETUP_TITLE.fullmatch(h.title.strip())}
    return {preamble, *titled}


def _heading_before(note: Note, offset: int) -> int:
    best = -1
    for h in note.headings:
        if h.span.start <= offset:
            best = h.span.start
    return best


_ITEM_START = re.compile(r"\n[ \t]*(?:\*\*|__|[-*+][ \t]|\d+[.)][ \t]|#)")


def _keep_example(
    kept: dict[tuple[str | None, int], tuple[dict[str, str], ...]],
    scope: object,
    *values: dict[str, str],
) -> None:
    """Remember the values of the example scope that ends (for a list that follows it)."""
    if isinstance(scope, tuple) and any(values):
        kept[(scope[0], scope[2])] = values


def _inherited_example(
    text: str,
    kept: dict[tuple[str | None, int], tuple[dict[str, str], ...]],
    scope: tuple[str | None, str | None, int],
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The values a list item starts with: those of the paragraph that introduces its list
    ("Take $C=3$, $T=2$ …" followed by "- $q\\approx(…)$"), copied, so that an item's own
    values never reach its sibling items; nothing for any other scope."""
    intro = _list_intro(text, scope[2])
    values, stated, parts = kept.get((scope[0], intro), ({}, {}, {})) if intro is not None else ({}, {}, {})
    return dict(values), dict(stated), dict(parts)


def _has_names(text: str, facts_of: NoteFacts) -> bool:
    """Does ``text`` use a symbol (``6d`` does when section 2 declares ``d``)?"""
    return bool(claims.names_in(text) or _declared_letters(text, facts_of))


def _declared_letters(text: str, facts_of: NoteFacts) -> set[str]:
    """The bare ``d`` of ``text`` when section 2 declares it (a damping factor, a width): a name,
    though a bare d reads as the differential elsewhere (a declared ``e`` is left to the
    worker, which reads it as a symbol then)."""
    letters = text_facts(text).lowers
    return {"d"} if "d" in letters and "d" in facts_of.glossary_keys else set()


def _own_value(
    left: str,
    right: str,
    values: dict[str, str],
    stated: dict[str, str],
    inherited: set[str],
    ties: list[set[str]],
    definitions: list[RecordedDefinition],
) -> None:
    r"""A list item's own value of a name replaces the one its list's paragraph gave ("… $D=1$.
    Further cases:" then "- $D=2$: …"): no ambiguity, the item's case is another. A value that
    changes the example's ("with $\pi_1=\tfrac13$ instead") also voids the values the example
    computed from the old one: those it stated, those of names defined by a formula in it
    (``r`` of ``r=\log(\pi_1/\pi_0)``, and so on), and those of the names a glossary equation
    relates to it (π₀ of π₀+π₁=1)."""
    name = claims.full_name(left)
    earlier = values.get(name, stated.get(name))
    if name in inherited:
        inherited.discard(name)
        values.pop(name, None)
    if earlier is None or claims.squash(earlier) == claims.squash(right):
        return
    _void_tied(name, values, stated, ties, definitions)


def _void_tied(
    name: str,
    values: dict[str, str],
    stated: dict[str, str],
    ties: list[set[str]],
    definitions: list[RecordedDefinition],
) -> None:
    """``name`` takes another value in the example: the values computed from its old one go
    (those the example stated, those of names defined from it or tied to it in sections 2–3)."""
    stated.clear()
    stale = {name} | {n for tie in ties if name in tie for n in tie}
    grown = True
    while grown:
        grown = False
        for d in definitions:
            if not stale.issuperset(d.names) and any(claims.mentions(d.right, n) for n in stale):
                stale.update(d.names)
                grown = True
    for other in [n for n in values if n != name and n in stale]:
        values.pop(other)


#: a top-level list item's first line
_LIST_LINE = re.compile(r"(?:[-*+]|\d{1,3}[.)])[ \t]")


def _list_intro(text: str, item: int) -> int | None:
    """Where the paragraph that a top-level list directly follows starts (the item at offset
    ``item``, the newline before it, belongs to that list), or None: the item is no top-level
    list item, or the list follows a heading, another list's end, a paragraph that belongs to an
    earlier item or nothing."""
    line_start = item + 1 if text[item : item + 1] == "\n" else item
    if not _LIST_LINE.match(text, line_start):
        return None
    pos = line_start
    blank = 0
    while pos > 0:
        prev_end = pos - 1  # the newline ending the previous line
        prev_start = text.rfind("\n", 0, prev_end) + 1
        line = text[prev_start:prev_end]
        if not line.strip():
            blank += 1
            if blank > 1:
                return None
        elif _LIST_LINE.match(line) or (line[:1] in (" ", "\t") and blank == 0):
            blank = 0  # an earlier item of the same list, or a continuation line of one
        else:
            if line.lstrip().startswith("#"):
                return None
            intro = _item_start(text, prev_end)
            # a paragraph that closes an earlier item's example ("The means are $\bar x=…$"
            # after a table) belongs to that item: the next item is its sibling, not its case
            intro_line = intro + 1 if text[intro : intro + 1] == "\n" else intro
            return None if _LIST_LINE.match(text, intro_line) else intro
        pos = prev_start
    return None


def _item_start(text: str, offset: int) -> int:
    """Where the labelled paragraph, list item or heading around ``offset`` starts."""
    best = 0
    for m in _ITEM_START.finditer(text, max(0, offset - 3000), offset):
        best = m.start()
    return best


ANALYSIS: ConfiguredFacet[Analysis] = ConfiguredFacet(
    "analysis", _analyze, "Every relation of the note with its verdict, under one configuration."
)


def _specialises_a_declared_map(left: str, key: str | None, step: str | None, facts_of: NoteFacts) -> bool:
    """Does ``left`` (``\\phi(z)``) define, in a 4.B step of a note that follows the standard, a
    map section 2 declares without a formula (``\\phi:\\mathbb{R}\\to\\mathbb{R}``: an activation)?
    In the step's title it names the step's case (a Lagrangian defined in a step's display is
    the note's)."""
    if not facts_of.standard or key != "4.B" or step is None:
        return False
    fdef = claims.function_definition(left)
    return fdef is not None and claims.squash(fdef[0]) in {claims.squash(f) for f in facts_of.functions}


def _range_after(latex: str, chain: Chain) -> tuple[str, str, float] | None:
    """``(\\lambda, >, 0)`` when a parenthesised range of one name follows the chain in its row
    (``… < 1\\quad(\\lambda>0)``; the model reads no relation inside such a remark)."""
    if not chain.parts:
        return None
    m = _RANGE_REMARK.match(latex, chain.parts[-1].end)
    if m is None or not claims.is_bare(m["name"]):
        return None
    relation = vocabulary().relation(m["op"].lstrip("\\"))
    if relation is None or relation.op not in _ORDER_TEST:
        return None
    return m["name"], relation.op, float(m["bound"])


def _range_assumption(own_range: tuple[str, str, float]) -> list[Assumption]:
    """The interval of the range a row states for one name (``(m\\ge 2)``); none for ``\ne``."""
    name, op, bound = own_range
    interval = interval_bound(name, op, f"{bound:g}")
    return [interval] if interval is not None else []


_RANGE_REMARK = re.compile(
    r"\s*(?:\\q?quad|\\[,;:!]|~|\\text\{\s*\})*\s*\(\s*(?P<name>\\?[A-Za-z]+(?:_\{?\w\}?)?)\s*"
    r"(?P<op><|>|\\leq?|\\geq?|\\neq?)\s*(?P<bound>-?\d+(?:\.\d+)?)\s*\)"
)
#: the comparison of each canonical order (``data/latex.toml`` relations)
_ORDER_TEST = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge, "!=": operator.ne}


def _within(
    values: dict[str, str], row_range: tuple[str, str, float] | None, own: tuple[Assumption, ...] = ()
) -> dict[str, str]:
    """``values`` without a number its chain's own range excludes, nor one its sentence's
    hypotheses exclude ("For $x_0<0$, … $-x_0>0$" after an example's $x_0=1$)."""
    values = {k: v for k, v in values.items() if not any(a.symbol == k and contradicts(v, a) for a in own)}
    if row_range is None:
        return values
    name, op, bound = row_range
    try:
        value = float(values[name])
    except (KeyError, ValueError):
        return values
    return values if _ORDER_TEST[op](value, bound) else {k: v for k, v in values.items() if k != name}


#: what may separate a relation from the range written after it in its row: a comma and spacing
_RANGE_SEPARATOR = re.compile(r"\s*(?:\\q?quad|\\[,;:! ]|~|\s)*,(?:\\q?quad|\\[,;:! ]|~|\s)*")


def _trailing_range(latex: str, chains: list[Chain], k: int) -> str | None:
    r"""The name whose range chain ``k`` states for the relation before it in the same row
    (``\frac{d}{dt}(1-2t)^a=-2a(1-2t)^{a-1},\qquad t<\tfrac12``): only a comma and spacing
    between them, every link an order with a bare name on one side, that name used by the
    relation before; else None. A bound on a name the relation before does not use ("$x_1=0.5$,
    $x_2\le 0.3$") is a claim of its own."""
    if k == 0 or chains[k].lead is not None:
        return None
    chain, before = chains[k], chains[k - 1]
    if not chain.parts or not before.parts or not chain.links:
        return None
    if not _RANGE_SEPARATOR.fullmatch(latex[before.parts[-1].end : chain.parts[0].start]):
        return None
    names: list[str] = []
    for link in chain.links:
        if link.op not in _ORDER_TEST or link.op == "!=":
            return None
        sides = [s.text.strip() for s in (link.left, link.right)]
        bare = [t for t in sides if claims.is_bare(t) and claims.names_in(t)]
        if not bare:
            return None
        names.extend(bare)
    earlier = " ".join(f"{p.left.text} {p.right.text}" for p in before.links)
    used = [n for n in dict.fromkeys(names) if claims.mentions(earlier, claims.full_name(n))]
    return used[0] if used else None


def _conditioned_by_next(latex: str, chain: Chain, after: Chain | None) -> str | None:
    """The condition word when the next chain of the same row is a condition on this one
    (``… \\qquad\\text{when } a^2<b``; a row break between them ends the row)."""
    if after is None or after.lead is None or not _TRAILING_CONDITION.match(after.lead.strip()):
        return None
    if not chain.parts or not after.parts or "\\\\" in latex[chain.parts[-1].end : after.parts[0].start]:
        return None
    return after.lead.strip()
