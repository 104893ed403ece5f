"""The re-checks that decide whether an excuse of a failing relation stands
(:func:`void_excuses`, run in one batch after the note's jobs), and the jobs they run: the
relation with other values known (:func:`job_at`), under its hypotheses substituted
(:func:`hypothesis_check`), negated under a hypothesis in other names (:func:`fresh_value_check`),
its hypotheses checked as identities (:func:`identity_hypotheses`),
at a standard basis vector (:func:`basis_vector`), or negated
(:data:`NEGATIONS`, for relations in scalars the job samples: :func:`sampled_scalars`); and an
order continuing a chain of identities run as a general claim (:func:`check_continued_chains`).
"""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from notelint.math.checking import claims
from notelint.math.checking.glossary_meanings import declared_domain, over_real_spaces
from notelint.math.checking.hypotheses import NAME_ORDER, TWO_FACTORS, product_range
from notelint.math.checking.jobs import ONE_SIDED, Assumption, FollowsJob, Job
from notelint.math.checking.link_results import Analysis, PendingLink, Recipe
from notelint.math.checking.recorded_definitions import (
    RecordedDefinition,
    definitions_behind,
    lettered_member,
    meaning_name,
    relevant_definitions,
    uses_name,
    written_as_a_symbol,
)
from notelint.math.checking.verdict_reasons import SAMPLED_AT
from notelint.math.checking.verdict_runs import run_jobs

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.checking.jobs import Context
    from notelint.note import Note


def job_at(
    item: PendingLink,
    ctx: Context,
    floor: Any,
    functions: dict[str, Any],
    known: dict[str, str],
    shapes: Any,
    assumed: tuple[Any, ...],
) -> Job:
    """The link's job with other values known (a re-check of an excuse): the definitions, values
    and shapes those values reach, the rest of the context as it was."""

    left, right = item.job_left, item.job_right
    reach = relevant_definitions(left + " " + right, functions, known, shapes)
    at = dataclasses.replace(ctx, functions=reach[0], values=reach[1], shapes=reach[2])
    return Job(item.link.op, left, right, at, floor, assumed)


def orders_between(orders: tuple[str, ...], relation: str) -> tuple[str, ...]:
    """The note's orders between two names that both appear in ``relation``."""
    if not orders:
        return ()
    names = claims.free_names_in(relation)
    out = []
    seen = set()
    for order in orders:
        m = NAME_ORDER.match(order)
        if m is None or m["a"] not in names or m["b"] not in names:
            continue
        # μ ≤ L of a step's citation restates L ≥ μ of the glossary: one order
        strict = m["op"] in ("<", ">")
        below, above = (m["a"], m["b"]) if m["op"] in ("<", "\\le", "\\leq") else (m["b"], m["a"])
        if (below, above, strict) not in seen:
            seen.add((below, above, strict))
            out.append(order)
    return tuple(out)


def hypothesis_check(
    item: PendingLink,
    known: dict[str, str],
    functions: dict[str, tuple[tuple[str, ...], str]],
    made: Recipe,
    floor: Any,
) -> tuple[tuple[str, ...], Any, str] | None:
    r"""The re-check that voids the excuse "holds under …" of a failing relation: its
    hypotheses that a substitution covers exactly, substituted. An order between two names (a
    case's "- $\lambda\le\eta$: …", the glossary's "$L\ge\mu$") becomes ``\lambda =
    \eta-\zeta_{0}^2``; an equation giving a bare name a value ("where $\delta=\mu_1-\mu_0$")
    becomes that value. Failing there too, the relation is wrong under its hypotheses."""

    text = item.job_left + " " + item.job_right
    names = claims.free_names_in(text)
    values = dict(known)
    used: list[str] = []
    integers = {a.symbol for a in made.assumptions if a.kind == "integer"}
    # names sampled above a floor or below a ceiling (G of "A, G, H:(0,1]^2\to(0,1]"): G ≤ A
    # as G = A - ζ² would leave the floor
    floored = {a.symbol for a in made.assumptions if _bounded(a, below=True)}
    ceiled = {a.symbol for a in made.assumptions if _bounded(a, below=False)}
    at_least_zero = {a.symbol for a in made.assumptions if _at_least_zero(a)}
    extra: list[Assumption] = []
    for given in dict.fromkeys((*item.case_given, *item.orders, *item.given)):
        m = NAME_ORDER.match(given)
        if m is None or m["a"] not in names or m["a"] in values or m["b"] in values:
            continue
        gap = f"\\zeta_{{{len(used)}}}"
        if gap in text:
            continue
        sign = "-" if m["op"] in ("<", "\\le", "\\leq") else "+"
        if m["a"] in (floored if sign == "-" else ceiled) and m["a"] not in integers:
            if m["b"] not in (ceiled if sign == "-" else floored):
                # k ≤ t with k ≥ 0: t = k + ζ² keeps k in its range
                values[m["b"]] = f"{m['a']}{'+' if sign == '-' else '-'}{gap}^2"
            elif sign == "-" and m["a"] in at_least_zero and m["b"] in at_least_zero:
                # G ≤ A with both in (0,1]: G = A/(1+ζ²) keeps both in their ranges
                values[m["a"]] = f"\\frac{{{m['b']}}}{{1+{gap}^2}}"
            else:
                continue
            used.append(given)
            continue
        if m["a"] in integers:
            # k <= t over the integers: k = t - zeta_0 with zeta_0 = 0, 1, 2, … (1, 2, … for <)
            strict = m["op"] in ("<", ">")
            values[m["a"]] = f"{m['b']}{sign}{gap}"
            extra.append(Assumption(gap, "integer", lo="1" if strict else "0"))
        else:
            values[m["a"]] = f"{m['b']}{sign}{gap}^2"
        used.append(given)
    for (a, b), (lo, hi, givens) in _product_ranges(item, names, values).items():
        # "with $\mu\eta\in(0,2)$": the first factor solved for, the product sampled in its range
        gap = f"\\zeta_{{{len(used)}}}"
        if gap in text or a in values or b in values:
            continue  # (a factor of another product already solved for)
        signs_kept = a not in at_least_zero or (
            b in at_least_zero and (_at_least(lo, 0) or (lo is None and _at_least(hi, 0, strict=True)))
        )
        if not signs_kept:
            continue  # a positive a = (product)/b would leave its range
        if lo is not None and hi is not None:
            share = f"\\frac{{{gap}^2}}{{1+{gap}^2}}"
            value = f"\\left({lo}+\\left({hi}-\\left({lo}\\right)\\right){share}\\right)"
        elif hi is not None:
            value = f"\\frac{{{hi}}}{{1+{gap}^2}}" if a in at_least_zero else f"\\left({hi}-{gap}^2\\right)"
        else:
            value = f"\\left({lo}+{gap}^2\\right)"
        values[a] = f"\\frac{{{value}}}{{{b}}}"  # the product's value over the other factor
        extra.append(Assumption(gap, "positive"))
        used.extend(givens)
    for given in item.given:
        left, op, right = given.partition("=")
        name = left.strip()
        product = TWO_FACTORS.fullmatch(name)
        if product is not None and claims.names_in(right) and product["a"] in names:
            # "at the boundary $\eta a=2(1+\beta)$": the first factor, solved for
            name, right = product["a"], f"\\frac{{{right.strip()}}}{{{product['b']}}}"
        if (
            not op
            or not right.strip()
            or "(" in name
            or not claims.is_bare(name)
            or not (name in names or _numbered_member(name, text))
            or name in values
            or claims.mentions(right, name)
            # "if $n_k=0$": a number may mean more than the value (an empty cluster's sums)
            or not claims.names_in(right)
        ):
            continue
        values[name] = right.strip()
        used.append(given)
    shapes = dict(made.shapes)
    for given in item.given:
        # "for orthogonal $u,v$" (hypotheses.orthogonal_pairs): v = ζ − (uᵀζ/uᵀu)u, for
        # vectors of one declared shape (4.D's letters have none: left unsampled)
        left, _, right = given.partition("=")
        a, _, b = left.partition("^\\top ")
        a, b = a.strip(), b.strip()
        shape = shapes.get(b)
        if right.strip() != "0" or not a or b not in names or a in values or b in values:
            continue
        if shape is None or shape != shapes.get(a) or shape[1] != 1:
            continue
        gap = f"\\zeta_{{{len(used)}}}"
        values[b] = f"\\left({gap}-\\frac{{{a}^\\top {gap}}}{{{a}^\\top {a}}}{a}\\right)"
        shapes[gap] = shape
        used.append(given)
    if not used:
        return None
    relevant = relevant_definitions(text, functions, values, shapes)
    ctx = made.context(*relevant)
    return (
        tuple(used),
        Job(item.link.op, item.job_left, item.job_right, ctx, floor, (*made.assumptions, *extra)),
        UNDER_HYPOTHESES,
    )


def _product_ranges(
    item: PendingLink, names: set[str], values: dict[str, str]
) -> dict[tuple[str, str], tuple[str | None, str | None, list[str]]]:
    r"""The bounds the hypotheses put on a product of two names the relation uses
    (``0<\mu\eta`` and ``\mu\eta<2`` together), by its factors: the factor to solve for first."""
    out: dict[tuple[str, str], tuple[str | None, str | None, list[str]]] = {}
    for given in dict.fromkeys((*item.case_given, *item.given)):
        found = product_range(given)
        if found is None:
            continue
        a, b, lo, hi = found
        if a not in names and b in names:
            a, b = b, a
        if a not in names or a in values or b in values:
            continue
        old_lo, old_hi, givens = out.get((a, b), (None, None, []))
        out[(a, b)] = (_tighter(old_lo, lo, max), _tighter(old_hi, hi, min), [*givens, given])
    return out


def _tighter(old: str | None, new: str | None, pick: Any) -> str | None:
    if old is None or new is None:
        return old if new is None else new
    try:
        return old if pick(Fraction(old), Fraction(new)) == Fraction(old) else new
    except (ValueError, ZeroDivisionError):
        return old


def _at_least(number: str | None, floor: int, strict: bool = False) -> bool:
    """Is ``number`` (a fraction's text) at least ``floor``; None (no end) is not."""
    if number is None:
        return False
    try:
        value = Fraction(number)
    except (ValueError, ZeroDivisionError):
        return False
    return value > floor if strict else value >= floor


def _numbered_member(name: str, text: str) -> bool:
    """Is ``name`` a member of a family at a number (``x_1`` of "If $x_1=x_2$"), written in
    ``text``? (A member at a letter, ``x_{k+1}=\\mathcal{T}x_k``, is a recursion, no value.)"""
    _, bar, index = name.partition("_")
    return bool(bar) and index.strip("{} ").isdigit() and claims.mentions(text, name)


def _at_least_zero(assumption: Assumption) -> bool:
    """Does the assumption keep its symbol at zero or above?"""
    if assumption.kind in ("positive", "nonnegative", "probability"):
        return True
    if assumption.kind != "interval" or assumption.lo is None:
        return False
    try:
        return float(Fraction(assumption.lo)) >= 0
    except (ValueError, ZeroDivisionError):
        return False


def _bounded(assumption: Assumption, below: bool) -> bool:
    """Does the assumption bound its symbol from below (``below``) or from above?"""
    kind = assumption.kind
    if kind == "probability":
        return True
    if kind == "interval":
        return (assumption.lo if below else assumption.hi) is not None
    return kind in (("positive", "nonnegative") if below else ("negative", "nonpositive"))


def range_through_definition(
    item: PendingLink, ctx: Any, floor: Any, assumed: tuple[Assumption, ...]
) -> tuple[tuple[str, ...], Any, str] | None:
    r"""The re-check that voids "holds where $a\in(0,1]$": a name with a bounded range the job
    replaces by its definition (``a=\eta s^2``) loses that range, and a failure at η = 2, s = 1
    shows nothing. Run again with the name left free in its range: failing there too, the
    relation is wrong where the note says it holds."""
    ranged = [
        a
        for a in assumed
        # a formula in other names (a worked example's number keeps the range it states)
        if a.kind in ("interval", "probability") and claims.free_names_in(ctx.values.get(a.symbol, ""))
    ]
    if not ranged or item.job is None:
        return None
    names = {a.symbol for a in ranged}
    kept = {k: v for k, v in ctx.values.items() if k not in names}
    words = tuple(f"{a.symbol}\\in{_range_text(a)}" for a in ranged)
    return (
        words,
        Job(
            item.link.op, item.job_left, item.job_right, dataclasses.replace(ctx, values=kept), floor, assumed
        ),
        UNDER_HYPOTHESES,
    )


def _range_text(a: Assumption) -> str:
    if a.kind == "probability":
        return "[0,1]"
    lo = "-\\infty" if a.lo is None else a.lo
    hi = "\\infty" if a.hi is None else a.hi
    return f"{'(' if a.lo_open or a.lo is None else '['}{lo},{hi}{')' if a.hi_open or a.hi is None else ']'}"


def fresh_value_check(item: PendingLink) -> tuple[tuple[str, ...], Any, str] | None:
    r"""The re-check that voids "holds under $z=w^\top x$": a hypothesis that gives a name of
    the relation a value in names the relation does not use leaves that name free over the
    values those names reach (an interval, the value being no constant). A relation whose
    negation holds at every sampled value of its symbols is false under it too
    (``\frac{-\sigma(z)(1-\sigma(z))}{1-\sigma(z)}=\sigma(z)``); one that holds on a range
    (``\sqrt{z^2}=z`` with ``z=\lVert u\rVert^2``) does not have its negation hold, and its
    excuse stands."""
    negation = NEGATIONS.get(item.link.op)
    if negation is None or item.job is None:
        return None
    names = claims.free_names_in(item.job_left + " " + item.job_right)
    words = []
    for given in item.given:
        left, op, right = given.partition("=")
        name = left.strip()
        fresh = claims.free_names_in(right)
        if op and "(" not in name and claims.is_bare(name) and name in names and fresh and not fresh & names:
            words.append(given)
    if not words:
        return None
    return tuple(words), dataclasses.replace(item.job, op=negation), "holds"


def identity_hypotheses(
    item: PendingLink,
    functions: dict[str, tuple[tuple[str, ...], str]],
    known: dict[str, str],
    made: Recipe,
    floor: Any,
) -> list[tuple[tuple[str, ...], Any, str]]:
    r"""The re-checks that void "holds under $\frac{d}{dx}\sinh x=\cosh x$": a hypothesis that
    holds at every value of its symbols (a rule the sentence quotes, "with $\sigma'(z)=
    \sigma(z)(1-\sigma(z))$") constrains nothing, and a relation failing beside it is wrong.
    An equation that gives a name a value (``z=w^\top x``, ``x=2``) fails as an identity, and
    its excuse stands."""
    out: list[tuple[tuple[str, ...], Any, str]] = []
    for given in item.given:
        left, op, right = given.partition("=")
        if not op or left[-1:] in "<>!\\" or "=" in right or not claims.names_in(given):
            continue
        ctx = made.context(*relevant_definitions(given, functions, known, made.shapes))
        out.append(((given,), Job("=", left.strip(), right.strip(), ctx, floor, made.assumptions), "holds"))
    return out


def sampled_scalars(
    meanings: tuple[str, ...],
    definitions: list[RecordedDefinition],
    note: Note,
    shapes: dict[str, Any],
    relation: str,
) -> bool:
    """Are ``meanings`` (an excuse's words) all about scalars the job samples freely? Not an
    array (a random Q is no orthogonal one) nor a function the job reads as the CAS's own (the
    note's 𝒩 may differ): for those, a relation false everywhere may hold for the note's."""
    if not meanings:
        return False
    behind = definitions_behind(meanings, definitions, note)
    if {words for words, _, _ in behind} != set(meanings):
        return False
    for _, name, d in behind:
        # (λ_k of the list "λ_1, …, λ_D" too)
        if "(" in d.left or not (uses_name(relation, name) or lettered_member(relation, name)):
            return False
    # an array the relation writes as a symbol: not the q of \sigma_q, a subscript naming a scalar
    return not any(
        shape != (1, 1)
        and claims.mentions(relation, name)
        and written_as_a_symbol(relation, claims.head_name(name))
        for name, shape in shapes.items()
    )


#: the size a sum runs to (``n`` of ``\sum_{i=1}^{n}x_i``)
_SUM_SIZE = re.compile(r"\\sum_\{[^{}]*\}\^\{?\s*(?P<size>[A-Za-z])\b")


def data_statistics(
    meanings: tuple[str, ...], definitions: list[RecordedDefinition], note: Note, relation: str
) -> dict[str, str] | None:
    r"""When ``meanings`` (an excuse's words) are all about statistics of data the relation does
    not otherwise use (``s = \sum_{i=1}^{n}x_i`` beside ``a_n = a+s``), in a relation with symbols
    of its own (``a``, ``b``): values the data can give them, where the relation failing is wrong.
    Such a value cannot tie itself to those symbols; a statistic over a real space takes any value
    (none fixed), a count ``s\in\{0,\dots,n\}`` is put at 0 (a sum's size, ``n``, may be shared)."""
    behind = definitions_behind(meanings, definitions, note)
    if not behind or {words for words, _, _ in behind} != set(meanings):
        return None
    written = claims.free_names_in(relation)
    own = set(written)
    at: dict[str, str] = {}
    for _, name, d in behind:
        sizes = {m.group("size") for m in _SUM_SIZE.finditer(d.right)}
        ingredients = claims.free_names_in(d.right) - sizes
        if not ingredients or ingredients & written:
            return None
        domain = declared_domain(note, name)
        if _COUNT.match(domain):
            at[name] = "0"
        elif not over_real_spaces(note, name):
            return None
        own -= {claims.squash(name), *sizes}
    return at if own else None


#: a count's domain: {0, 1, …, n}
_COUNT = re.compile(r"\\\{\s*0\s*,")


#: the status that voids an excuse when the negation of a relation in one symbol holds: the
#: relation is false at every value of it
ALONE = "holds, in one symbol"
#: the status that voids an excuse by the conditions a step cites: anything but a proof that the
#: relation follows from them (:mod:`~notelint.math.checking.cited_conditions`)
UNLESS_FOLLOWS = "fails or unknown"
#: a re-check (NL506's) of a relation whose names its premises constrain (roots of a
#: polynomial): following from them, it holds; failing, it is wrong; else unknown
FROM_PREMISES = "holds or fails, from its premises"
#: the status that voids "holds under …" when the relation fails with its hypotheses
#: substituted (:func:`hypothesis_check`): its failure there is the one reported
UNDER_HYPOTHESES = "fails, under its hypotheses"
#: the status that voids an excuse by statistics of data (:func:`data_statistics`) when the
#: relation fails with them at a value the data can give: that failure is the one reported
AT_DATA = "fails, at values of its data"
#: the relation that holds exactly where one fails (≈ has none)
NEGATIONS = {"=": "!=", "!=": "=", "<=": ">", ">": "<=", ">=": "<", "<": ">="}


def void_excuses(items: list[PendingLink], config: Config, analysis: Analysis) -> None:
    """Excuses of a failing relation are checked again, in one batch, before they stand
    (:attr:`PendingLink.excuse_checks`):
    - the note gives one of its names a number elsewhere: the relation is run with those
      numbers, and when it fails there too it is wrong whatever the scope
      (``\\sum_i(x_i-\\mu)=3`` with the example's x);
    - it uses a function the note defines (``\\mathcal{N}``) that the job does not substitute:
      when that definition holds as an identity with the CAS's own meaning of the function, the
      job did use the note's function, and the failure is real;
    - a glossary equation in another symbol's entry gives a name its value (``X=QR`` in the
      entry of the QR factors): the relation run with it substituted fails too, or, when the job
      had substituted it, the relation run with the name left arbitrary fails too;
    - a relation in one scalar no job substitutes (θ_k defined by its cosine): when its negation
      holds, the relation is false at every value of it (``\\sin^2\\theta_k+\\cos^2\\theta_k=2``).
    A re-check that cannot run or is unknown leaves the excuse standing."""
    # (item, the excuse's words, the job that may void them, the status that voids them)
    checks: list[tuple[PendingLink, tuple[str, ...], Any, str]] = []
    for item in items:
        if item.verdict is None or item.verdict.get("status") != "fails":
            continue
        checks.extend((item, words, job, voiding) for words, job, voiding in item.excuse_checks)
    if not checks:
        return
    runs = [
        PendingLink(item.link, item.span, _budgeted(job), item.section, item.role)
        for item, _, job, _ in checks
    ]
    run_jobs(runs, config, analysis)
    for (item, words, _, voiding), run in zip(checks, runs):
        if voiding == ALONE:
            if len((item.verdict or {}).get("symbols", ())) != 1:
                # the sides may meet on a curve of several symbols that no sample or search
                # finds (\sqrt{\beta^\star} = (\sqrt L-\sqrt\mu)/(\sqrt L+\sqrt\mu))
                continue
            voiding = "holds"
        status = run.verdict.get("status") if run.verdict is not None else None
        if voiding == UNDER_HYPOTHESES:
            voiding = "fails"
            if status == "fails" and run.verdict is not None and item.verdict is not None:
                # the counterexample that meets the hypotheses (η a = 2(1+β)) is the one shown; the
                # verdict's other facts stay the first run's (what it leaves free decides the rest)
                under = ", ".join(f"${w}$" for w in words)
                item.verdict = {
                    **item.verdict,
                    "message": f"under {under}: {run.verdict.get('message', '')}",
                    # the names those hypotheses give a value: no excuse by their meaning is left
                    "valued": [w.partition("=")[0].strip() for w in words if "=" in w],
                }
        if voiding == AT_DATA:
            voiding = "fails"
            if status == "fails" and run.verdict is not None and item.verdict is not None:
                item.verdict = {**item.verdict, "message": run.verdict.get("message", "")}
        if voiding == FROM_PREMISES:
            if status == "holds" and run.verdict is not None:
                item.verdict = {**run.verdict, "message": f"follows from {run.verdict.get('message', '')}"}
            elif status == "fails" and run.verdict is not None and item.verdict is not None:
                item.roots = ()
                # NL506's words for a step, said of a relation
                found = run.verdict.get("message", "").replace(" of the step is ", " is ")
                message = f"where {words[0]}: " + found.replace("the premise holds", "the premises hold")
                item.verdict = {**item.verdict, "message": message, "from_premises": True}
            continue
        if voiding == UNLESS_FOLLOWS:
            if status != "holds":
                item.cited = tuple(c for c in item.cited if c not in words)
            continue
        if status == voiding:
            # the check was about these names, whichever definition the words cite: σ₁ = 2 of
            # the example voids "σ₁ (defined at line 23)" of the glossary too
            # (a failure at sampled values of other symbols says nothing about the note's)
            sampled = voiding == "fails" and SAMPLED_AT.search((run.verdict or {}).get("message", ""))
            names = {meaning_name(w) for w in words} if not sampled else set()
            item.unbound_meaning = tuple(
                m for m in item.unbound_meaning if m not in words and meaning_name(m) not in names
            )
            item.given = tuple(g for g in item.given if g not in words)
            item.ranges_lost = tuple(g for g in item.ranges_lost if g not in words)
            item.orders = tuple(g for g in item.orders if g not in words)


#: CPU seconds for one re-check of an excuse (below the relation timeout): of 1,298 re-checks
#: on the 151 broken notes of bench/standard-extra all but one that decided took under 1 s, and
#: the 22 that ran to 3 s decided nothing (bench/RESULTS.md, session 23). A step re-checked
#: here (``UNLESS_FOLLOWS``) gets these seconds too: its holding is what keeps the excuse
RECHECK_SECONDS = 1.5


def _budgeted(job: Job | FollowsJob) -> Job | FollowsJob:
    return dataclasses.replace(job, seconds=RECHECK_SECONDS)


def check_continued_chains(items: list[PendingLink], config: Config, analysis: Analysis) -> None:
    """An order with a number on one side that continues a chain of identities
    (``\\frac{d^2}{dx^2}\\log\\sigma(x) = -\\sigma(x)(1-\\sigma(x)) > 0``) is claimed for every
    value, like the identities before it: the worker's excuse for a failing ``f(x) < 0.35`` (a
    value substituted from elsewhere, a condition) does not apply, and it is run again as a
    :attr:`Job.general` claim. Only after the link before it holds as an identity (in symbols,
    not numbers): ``w^\\top x = 0.7 > 0.5`` with ``w`` an example's vector keeps its excuse."""
    before = {(id(item.span), item.link.chain_id, item.link.index): item for item in items}
    again: list[PendingLink] = []
    for item in items:
        verdict = item.verdict or {}
        if (
            item.link.op not in claims.ORDERS  # the worker leaves these unknown (ONE_SIDED)
            or verdict.get("status") != "unknown"
            or verdict.get("message") != ONE_SIDED
        ):
            continue
        previous = before.get((id(item.span), item.link.chain_id, item.link.index - 1))
        if previous is None or not isinstance(previous.job, Job) or previous.verdict is None:
            continue
        if previous.verdict.get("status") != "holds" or previous.verdict.get("numeric"):
            continue
        again.append(dataclasses.replace(item, job=dataclasses.replace(item.job, general=True), verdict=None))
    run_jobs(again, config, analysis)
    for run in again:
        if run.verdict is not None and run.verdict.get("status") == "fails":
            before[(id(run.span), run.link.chain_id, run.link.index)].verdict = run.verdict


#: the size at which a standard basis vector is put into a re-check
BASIS_SIZE = 3


def basis_vector(k: int) -> str:
    """``e_k`` of the standard basis of a space of :data:`BASIS_SIZE` dimensions, as LaTeX."""
    return (
        "\\begin{pmatrix}"
        + "\\\\".join("1" if i == k else "0" for i in range(1, BASIS_SIZE + 1))
        + "\\end{pmatrix}"
    )
