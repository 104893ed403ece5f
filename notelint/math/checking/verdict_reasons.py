"""From a CAS verdict to a link's result (:func:`classify_verdict`): a claim is verified or
refuted; a link that may be a condition is never refuted; a claim that fails only for arbitrary
values of symbols whose meaning the job could not carry is unknown, with that reason in words
(:func:`_not_reported`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from notelint import data
from notelint.math.checking import claims
from notelint.math.checking.link_results import (
    OPS,
    LinkResult,
    PendingLink,
    file_span,
)
from notelint.math.checking.recorded_definitions import meaning_name, valued_names
from notelint.math.reading.side_names import is_identity, symbols_used
from notelint.math.reading.text_facts import without_square

#: a subscript: the index it holds is no name a hypothesis constrains
_SUBSCRIPT = re.compile(r"_(?:\{[^{}]*\}|[A-Za-z0-9])")


# ---- classification ---------------------------------------------------------------------------
def _chosen_sizes_written(item: PendingLink, message: str) -> bool:
    """Does the relation write a size whose value the checker chose ("with the sizes V=2: …")?"""
    m = _CHOSEN_SIZES.match(message)
    if m is None:
        return False
    names = [part.split("=")[0].strip() for part in m["sizes"].split(",")]
    text = item.job_left + " " + item.job_right
    return any(name and claims.mentions(text, name) for name in names)


#: the prefix of a failure at sizes the checker instantiated
_CHOSEN_SIZES = re.compile(r"with the sizes (?P<sizes>[^:]*):")


def classify_verdict(item: PendingLink) -> LinkResult:
    result = _classify_verdict(item)
    if item.equivalent and result.verdict == "refuted":
        # the pair's product was checked: say which equivalence fails, and where
        point = _POINT.search(result.message)
        where = f"{point.group('at')}, " if point is not None else ""
        result.message = (
            f"the equivalence with ${item.equivalent}$ its sentence states fails: {where}one holds "
            "and the other does not"
        )
    return result


#: the point of a counterexample in a verdict's message ("with the sizes n=3: at x=1, y=2 the …")
_POINT = re.compile(r"(?P<at>(?:with the sizes [^:]*: )?at .*?) the (?:left|two) side")


def _classify_verdict(item: PendingLink) -> LinkResult:
    """The verdict of a checked link: a claim is verified or refuted; a link that may be a
    condition (in a note that does not follow the standard) is never refuted."""
    link = item.link
    start, end = file_span(item.span, link)
    v = item.verdict or {"status": "unknown", "message": "not checked"}
    status = v.get("status", "unknown")
    code = OPS.get(link.op, "NL501")
    if status == "holds":
        return LinkResult(link, item.span, "verified", "", start, end, code)
    if status != "fails":
        message = v.get("message") or "could not check"
        free = [s for s in v.get("symbols", []) if s not in _used(v)]
        if item.section == "4.C" and free and message.startswith(_VALUE_WANTED):
            # "t_- ≈ -2.2218" in a worked example: what is missing is the value, say so
            named = claims.value_side(item.facts) if item.facts is not None else None
            if named is not None:
                name = claims.full_name(item.job_left if named == "left" else item.job_right)
                message = f"states the example's value of ${name}$; what it is computed from is not read"
            else:
                message = f"a check of a worked example that gives no value for {', '.join(free[:4])} here"
        return LinkResult(link, item.span, "unknown", message, start, end, code)
    numeric = bool(v.get("numeric"))  # no free symbol: no value makes it a condition
    if item.solved_at:
        reason = f"the equation its sentence solves: it holds at {item.solved_at}"
        return LinkResult(link, item.span, "condition", reason, start, end, code)
    if item.cited:
        # "solving \eqref{eq:active}: adding the two equations gives …", shown to follow from it
        reason = f"follows from {', '.join(item.cited)}, the condition its step cites"
        return LinkResult(link, item.span, "condition", reason, start, end, code)
    changed = _case_changing_the_example(item)
    if changed is not None:
        # "$\lambda=0$ gives $(\hat A_0,\hat A_1)=(1.4,0.35)$" beside an example at λ = 0.8: the
        # example's numbers (Â₀ = 1.9112) were computed at its own λ, not at the case's
        reason = f"treats the case ${changed}$, where the worked example's values do not hold"
        return LinkResult(link, item.span, "unknown", reason, start, end, code)
    if v.get("from_premises") and item.role.kind in ("claim", "maybe-condition"):
        # failing where its premises hold (the roots of the polynomial it names): no free value
        # is left for an excuse to be about
        return LinkResult(link, item.span, "refuted", v.get("message", ""), start, end, code)
    # every symbol has a value the note gives (a definition, the example's numbers): a
    # restatement "for a case" is then that case, checked
    determined = (
        bool(v.get("symbols"))
        and not set(v.get("symbols", [])) - _used(v)
        # "with the sizes V=2" for T_2+V = 9+6: a size the checker chose, written in the relation
        and not _chosen_sizes_written(item, v.get("message", ""))
        # |det L| = 4 with L = (σ₁ 0; ρσ₂ …) by its definition and σ₁ = 2 in the example: a
        # failure at sampled σ₁, σ₂, ρ, where the relation holds at the example's numbers
        and not (SAMPLED_AT.search(v.get("message", "")) and _holds_at_example(item))
        # |r_0| < 1 ⟺ …, r_0 = λ_0/λ̂ - 1: false at some values of what the definition leaves
        # free, and not at every one (its negation does not hold everywhere)
        and FREE_SAMPLED not in item.unbound_meaning
        # a = ηs² with a ∈ (0,1]: the definition's samples left the range (re-checked within it);
        # a failure at no sampled point (s = min(1, c/‖g‖) = 0.2 with the example's g, c) left none
        and not (item.ranges_lost and SAMPLED_AT.search(v.get("message", "")))
        # K_y = K + σ²I with K's entries k(x_i, x_j) not carried: K was sampled
        and not _meaning_left_free(item)
        # g(w) := λw - (1/n)Σ 1[…] y_i x_i substituted: the data x_i its body brought in were sampled
        and not _function_data_sampled(item, v)
    )
    # "{Rule: quadratic formula applied to $p(x)=0$}": the equation a rule solves, never refuted
    # by a value of the example that reaches it
    solved = (
        item.facts is not None
        and item.facts.in_citation
        and (claims.is_zero(item.job_left) or claims.is_zero(item.job_right))
    )
    stated = _example_value_stated(item, v)
    if stated is not None:
        # "$H=-0.6\log_2 0.6-0.4\log_2 0.4\approx 0.9710$" with p = 0.6 in words: the example's
        # value of a defined name, false only at sampled values of what the definition uses
        message = f"states the example's value of ${stated}$; what it is computed from is not read"
        return LinkResult(link, item.span, "unknown", message, start, end, code)
    if (
        determined
        and not numeric
        and item.facts is not None
        and _AFTER_UPDATE.search(item.facts.lead)
        and _names_a_value(item.job_left, item.job_right)
    ):
        # "One gradient-descent step with $\eta=0.01$ gives $(z_1)_2=1.38$": the example's values
        # are from before the update its sentence describes (the arithmetic beside it is checked,
        # and so is an expression of the example's values: "Gauss–Newton step: (JᵀJ)⁻¹ = …")
        reason = "a value after the update its sentence describes; the example's values are from before it"
        return LinkResult(link, item.span, "unknown", reason, start, end, code)
    if (
        item.role.kind == "maybe-condition"
        and item.facts is not None
        and _COUNTERFACTUAL.search(item.facts.lead)
    ):
        # "The lecturer's constant would give $\eta=\tfrac67$": the value under a hypothesis
        # the note rejects, with the note's own values substituted it shows nothing
        reason = "a value under the hypothetical its sentence describes (“would”)"
        return LinkResult(link, item.span, "unknown", reason, start, end, code)
    if item.role.kind == "maybe-condition" and determined and not solved:
        # a failure at no sampled value ("the left side is 0 but the right side is 3", with x̄ = 0
        # given by the hypothesis) leaves nothing for the hypothesis to constrain
        sampled = SAMPLED_AT.search(v.get("message", "")) is not None
        hypothesis = _hypothesis_on_free_symbols(item) if sampled else None
        if hypothesis is not None:
            # "For $\kappa=1$, (5) gives $\beta=0$" with β = (√L-√μ)²/(√L+√μ)² and κ = L/μ: the
            # case constrains the L and μ that β's definition leaves free
            reason = f"holds under ${hypothesis}$, a hypothesis of its sentence that is not sampled"
            return LinkResult(link, item.span, "unknown", reason, start, end, code)
        return LinkResult(link, item.span, "refuted", v.get("message", ""), start, end, code)
    if item.role.kind != "claim" and not numeric:
        reason = f"{item.role.reason}: not checked as a claim"
        return LinkResult(link, item.span, "unknown", reason, start, end, code)
    if (
        (
            item.section == "4.C"
            # "L=E_1^{-1}E_2^{-1}=\begin{pmatrix}…\end{pmatrix}\begin{pmatrix}…\end{pmatrix}=…" in a
            # step worked by hand: the chain ends at numbers, the values of its names
            # (a chain ending at 0 is an equation its unknown solves, not values)
            or (
                item.section == "4.B"
                and item.facts is not None
                and item.facts.ends_at_number
                and not item.facts.ends_at_zero
            )
            or _EXAMPLE_WORDS.search(item.facts.lead if item.facts else "")
            # "\boxed{… \qquad \text{example: } w^\star=…,\ F(w^\star)=\tfrac12}": the label in the math
            or _EXAMPLE_IN_MATH.search(item.span.latex[: item.link.left.start])
        )
        and link.op == "="
        and not numeric
        and (
            _numeric_text(item.job_left)
            or _numeric_text(item.job_right)
            or (item.facts is not None and item.facts.ends_at_number)
        )
        and SAMPLED_AT.search(v.get("message", ""))
    ):
        # "$\operatorname{tr}(\mathbf{H})=14/15$" in a check whose example gave X in words: a
        # value of the example, never an identity in its symbols; failing at sampled values of
        # them shows nothing (a wrong value the example's own numbers reach is still refuted)
        free = [s for s in v.get("symbols", []) if s not in _used(v)] or list(v.get("symbols", []))
        reason = (
            f"a check of a worked example that gives no value for {', '.join(free[:4]) or 'its symbols'} here"
        )
        return LinkResult(link, item.span, "unknown", reason, start, end, code)
    case_label = _row_case_label(item) if item.section == "4.C" and not numeric else None
    if case_label is not None:
        # "\text{He (fan-in):}\quad \sigma_l^2=\frac{2}{256}" beside a "\text{Xavier:}" row:
        # the value in the case the row names, which may follow another of the note's formulas
        reason = f"a value in the case its row names (“{case_label}”)"
        return LinkResult(link, item.span, "unknown", reason, start, end, code)
    reason = "" if numeric or determined else _not_reported(item, v)
    if reason:
        return LinkResult(link, item.span, "unknown", reason, start, end, code)
    return LinkResult(link, item.span, "refuted", v.get("message", ""), start, end, code)


def _case_changing_the_example(item: PendingLink) -> str | None:
    """The case its sentence treats (``\\lambda=0`` before "gives") when it sets a symbol the
    relation does not write to another number than the worked example's: the example's values
    the relation uses (stated at the example's λ) may depend on that symbol. None otherwise."""
    if item.recipe is None or not item.recipe.example_values:
        return None
    own = {claims.squash(n) for n in claims.free_names_in(item.job_left + " " + item.job_right)}
    for name, number in item.recipe.case_values:
        example = item.recipe.example_values.get(name)
        if (
            example is not None
            and claims.squash(example) != claims.squash(number)
            and claims.squash(name) not in own
        ):
            return f"{name}={number}"
    return None


def _declared_in_words_only(
    item: PendingLink, left: str, right: str, substituted: set[str]
) -> tuple[str, ...] | None:
    r"""The symbols a side of a failing ``=`` in a derivation of the standard is made of, when
    none has a formula anywhere in the note (its glossary line says what it is in words) and
    none is a count (``\operatorname{tr}(I_d) = d`` is still a claim about the size ``d``): a
    bare side, a symbol's entries (``\hat\theta_1-\hat\theta_2``), or several maps of other
    symbols written as values (``A-H`` of "$A, G, H:(0,1]^2\to(0,1]$: arithmetic, geometric and
    harmonic means of $(P,R)$") that the other side writes in those symbols."""
    facts = item.facts
    if (
        facts is None
        or not facts.standard
        or facts.section not in ("4.B", "4.C", "4.E")
        or item.job.op != "="
    ):
        return None
    left, right = _without_shared_term(left, right)
    side = claims.naming_side(left, right)
    if side is not None:
        names: tuple[str, ...] = (claims.full_name(left if side == "left" else right),)
    else:
        entries = _entries_side(left, right) or _entries_side(right, left)
        maps = item.recipe.maps if item.recipe is not None else ()
        names = (entries,) if entries else _maps_side(left, right, maps) or _maps_side(right, left, maps)
    declared = {claims.squash(d) for d in facts.declared}
    counts = {claims.squash(a.symbol) for a in item.job.assumptions if a.kind == "integer"}
    # "J_{ij} = \partial p_i/\partial z_j" in 4.A: J has a formula, entry by entry
    families = {
        claims.squash(m["base"]) for k in item.job.context.values if (m := _FAMILY_KEY.fullmatch(k.strip()))
    }
    for name in names:
        key = claims.squash(name)
        if key not in declared or key in substituted or key in families or key in counts or is_identity(name):
            # (``P^\top P=I_3``: the identity matrix has no formula to give, whatever its line says)
            return None
        if any(meaning.startswith(f"${name}$ ") for meaning in item.unbound_meaning):
            return None  # it has a definition, which this job did not substitute: that excuse speaks
    return names or None


#: the key of a definition by entries with letter indices: ``J_{ij}``, ``p_i``
_FAMILY_KEY = re.compile(r"(?P<base>.+?)_(?:\{[a-z]+\}|[a-z])")


def _maps_side(side: str, other: str, maps: tuple[str, ...]) -> tuple[str, ...]:
    """The symbols ``side`` writes bare, when there are two or more, each one section 2 declares
    as a map of other symbols (``A, G, H:(0,1]^2\\to(0,1]``, used as the values ``A-H``), and
    ``other`` writes them in other symbols (none of them, not a number alone)."""
    names = tuple(sorted(symbols_used([side])))
    declared_maps = {claims.squash(m) for m in maps}
    if (
        len(names) < 2
        or not claims.names_in(other)
        or any(claims.squash(n) not in declared_maps or claims.mentions(other, n) for n in names)
    ):
        return ()
    return names


def _entries_side(side: str, other: str) -> str:
    r"""The symbol ``side`` is made of alone, by its entries (``\hat\theta_1-\hat\theta_2``),
    when ``other`` does not use it; "" otherwise."""
    names = claims.free_names_in(side)
    if len(names) != 1 or names & claims.free_names_in(other):
        return ""
    head = claims.head_name(side)
    written = re.findall(re.escape(head) + r"(_(?:\{[^{}]*\}|[A-Za-z0-9]))?", side)
    # entries, two at least, and the symbol never whole (b/b = 2 is a claim about b)
    if len(set(written)) < 2 or "" in written:
        return ""
    return head


def _without_shared_term(left: str, right: str) -> tuple[str, str]:
    r"""The sides without a trailing term both end with (``\sum_l\gamma^l r_{t+l}-V(s_t)=G_t-V(s_t)``
    names ``G_t`` as a bare side would); the sides themselves when they share none."""
    a, b = "".join(left.split()), "".join(right.split())
    for cut in range(1, min(len(a), len(b))):
        if a[-cut] != b[-cut]:
            break
        if a[-cut] in "+-" and cut < len(a) and cut < len(b) and _balanced(a[-cut:]):
            return a[:-cut], b[:-cut]
    return left, right


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("{") == text.count("}")


def _meaning_left_free(item: PendingLink) -> bool:
    """Did the failure sample a symbol the substituted definitions leave free whose meaning the
    job did not carry (``K`` of ``K_y=K+\\sigma_n^2 I_n``, whose entries are ``k(x_i,x_j)``)?"""
    if item.job is None or not item.unbound_meaning or item.verdict is None:
        return False
    sampled = {_plain_name(n) for n in _SAMPLED_NAME.findall(item.verdict.get("message", ""))}
    free = {_plain_name(n) for n in free_in_values(item.job.context.values)} & sampled
    return any(
        {_plain_name(n) for n in claims.free_names_in(meaning_name(m).strip("$"))} & free
        for m in item.unbound_meaning
    )


#: a name a failure sampled: ``K`` of "at K[1,1]=0.89, …", ``σ_f`` of ", σ_f=0.3"
_SAMPLED_NAME = re.compile(r"(?:\bat |, )([^\s=,\[(]+)(?:\[[^\]]*\])?=")


def _hypothesis_on_free_symbols(item: PendingLink) -> str | None:
    """A hypothesis of the link's sentence (or what it says through a glossary definition)
    on a symbol the substituted definitions leave free; None when there is none."""
    if item.job is None:
        return None
    free = {claims.squash(n) for n in free_in_values(item.job.context.values)}
    relation = claims.squash(item.job_left + "=" + item.job_right)
    for given in item.given:
        if claims.squash(given) == relation:
            continue
        if {claims.squash(n) for n in claims.free_names_in(given)} & free:
            return given.strip()
    return None


def _example_value_stated(item: PendingLink, verdict: dict[str, Any]) -> str | None:
    """The name a 4.C relation ``name = <number>`` gives its value in a worked example, when it
    failed only at sampled values of the symbols its definition uses (the example gives them in
    words); None otherwise. A failure with every value given is still an error."""
    if item.section != "4.C" or item.facts is None:
        return None
    named = claims.value_side(item.facts)
    if named is None:
        return None
    number = item.job_right if named == "left" else item.job_left
    if not _numeric_text(number) or not SAMPLED_AT.search(verdict.get("message", "")):
        return None
    if item.job is not None:
        # "for $m=1$, $\sigma^2=3$": a value the note gives was used, so the failure at the other
        # (sampled) symbols holds for every value of them, an error
        used = {_plain_name(u) for u in verdict.get("used", [])}
        given = {_plain_name(k) for k, body in item.job.context.values.items() if _numeric_text(body)}
        if used & given and not _given_by_parts(item):
            return None
    return claims.full_name(item.job_left if named == "left" else item.job_right)


def _given_by_parts(item: PendingLink) -> bool:
    """The example gives a symbol the substituted definitions leave free by its parts only
    ("Take $g^{(1)}=(1,2)$, $g^{(2)}=(2)$" for the concatenation $g$): its value is in the
    example, in a form not read as that symbol's value, so a failure at sampled values of it
    shows nothing."""
    if item.job is None or item.recipe is None:
        return False
    free = {claims.squash(n) for n in free_in_values(item.job.context.values)}
    for name in item.recipe.example_parts:
        key = claims.squash(name)
        if key in free:
            continue
        if any(claims.squash(base) in free for base in claims.names_in(name)):
            return True
    return False


def _bare_functions(item: PendingLink, verdict: dict[str, Any]) -> list[str]:
    """The functions the job defines (with parameters) written bare, which the failure sampled as
    a number: one whole side of the relation ("Z=2e^J+2e^{-J}" with Z(θ) defined: the value at
    the note's θ), or beside symbols their value depends on; a bare name alone in a side
    (``1-c^2=1+c^2``) is still a number."""
    sampled = set(verdict.get("symbols", [])) - set(_used(verdict))
    sides = {claims.squash(side) for side in (item.job_left, item.job_right) if claims.is_bare(side)}
    # the symbols the relation reaches, through the values the job substitutes too
    reached = sampled | {
        _worker_name(n) for body in item.job.context.values.values() for n in claims.free_names_in(body)
    }
    out: list[str] = []
    for name, (params, body) in item.job.context.functions.items():
        if not params or _worker_name(name) not in sampled:
            continue
        # "\operatorname{sign}\eta=\operatorname{sign}a" with η(x) defined through σ₀, σ₁ and
        # a = 1/(2σ₀²) - 1/(2σ₁²): η was sampled apart from the σ₀, σ₁ its value depends on; with
        # no such symbol beside it (``1-c^2=1+c^2``) the failure holds at every value of c
        body_names = {_worker_name(n) for n in claims.free_names_in(body)}
        if claims.squash(name) in sides or (reached & body_names) - {_worker_name(name)}:
            out.append(name)
    return out


def _worker_name(name: str) -> str:
    """A name as the worker writes it in a verdict's symbols (``\\mu_k`` → ``μ_k``)."""
    squashed = claims.squash(name)
    base = re.sub(r"[_^].*$", "", squashed)
    return _plain_name(base) + squashed[len(base) :].replace("{", "").replace("}", "")


def _plain_name(name: str) -> str:
    """A name without subscript or square, Greek as the worker writes it (``\\mu_k`` → μ)."""
    base = re.sub(r"[_^].*$", "", claims.squash(name))
    if base.startswith("\\"):
        word = base[1:]
        case = "CAPITAL" if word[:1].isupper() else "SMALL"
        try:
            return unicodedata.lookup(f"GREEK {case} LETTER {word.upper()}")
        except KeyError:
            return word
    return base


#: a sentence's words before a value that holds only in a case it imagines ("the lecturer's
#: constant would give", "would have been")
_COUNTERFACTUAL = re.compile(r"\bwould(?:\s+\w+){0,2}\s*$", re.IGNORECASE)

#: a failure at sampled values ("at p_[1]=0.95, p_[2]=0.53 the left side is …")
SAMPLED_AT = re.compile(r"(?:^|: )at \S+=")


#: a sentence outside 4.C that returns to a worked example ("For the board example with …: …")
_AFTER_UPDATE = re.compile(
    r"\b(?:" + "|".join(data.load("math_prose")["examples"]["after_update"]) + r")\b", re.IGNORECASE
)
_EXAMPLE_WORDS = re.compile(r"\b(?:worked|board|numerical|numeric|toy|running)\s+example\b", re.IGNORECASE)


#: a worked example's label inside the math, before the relation (``\text{example: }``)
_EXAMPLE_IN_MATH = re.compile(r"\\text\{[^{}]*\bexamples?\b", re.IGNORECASE)


def _row_case_label(item: PendingLink) -> str | None:
    """The words a row of a display opens with to name its case (``\\text{He (fan-in):}``),
    when the link is in that row; None otherwise."""
    before = item.span.latex[: item.link.left.start]
    row = before[before.rfind("\\\\") + 2 :] if "\\\\" in before else before
    m = _ROW_LABEL.match(row)
    return m["label"].strip() if m is not None else None


#: a row's opening label: ``\text{Xavier:}``, ``\text{He (fan-in):}``, ``\textbf{Case 1}:``
_ROW_LABEL = re.compile(
    r"\s*\\(?:text|textbf|textit|mathrm)\{(?P<label>[A-Za-z][^{}:]*?)\s*(?::\s*\}|\}\s*:)"
)


def _names_a_value(left: str, right: str) -> bool:
    """One side a number, the other a bare name or an entry of one (``z = 1.9``,
    ``(z_1)_2 = 1.38``)."""
    if _numeric_text(right):
        return _bare_or_entry(left)
    return _numeric_text(left) and _bare_or_entry(right)


#: an entry of a named vector written with brackets: ``(z_1)_2``
_ENTRY_OF_NAME = re.compile(r"\s*\((?P<name>[^()]+)\)_\{?[A-Za-z0-9]+\}?\s*")


def _bare_or_entry(text: str) -> bool:
    m = _ENTRY_OF_NAME.fullmatch(text)
    return claims.is_bare(m["name"] if m is not None else text)


def _numeric_text(text: str) -> bool:
    return not claims.names_in(text) and bool(text.strip())


#: the excuse of a condition that fails at sampled values of the symbols its substituted
#: definitions leave free (voided when its negation holds at every value of them)
FREE_SAMPLED = "the symbols its substituted definitions leave free"


def _holds_at_example(item: PendingLink) -> bool:
    """Did the re-check at the numbers a worked example gives the relation's names leave its
    excuse standing (the relation holds there, or could not be run)?"""
    return any(
        voiding == "fails" and set(words) & set(item.unbound_meaning)
        for words, _, voiding in item.excuse_checks
    )


def free_in_values(values: dict[str, str]) -> set[str]:
    """The names the substituted definitions use that no definition of the job gives a value."""
    given = {claims.squash(name) for name in values}
    return {n for n in claims.free_names_in(" ".join(values.values())) if claims.squash(n) not in given}


#: the sampled values a failure names: "at x_1[1]=0.1, x_1[2]=0.6, … the left side …"
_SAMPLED_LIST = re.compile(r"(?:^|: )at (.*?)(?: the | entry |$)")
_SAMPLED_ENTRY = re.compile(r"([^\s,=]+\[[^\]=]*\])=")


def _sampled_entries(message: str) -> list[str]:
    """The entries of arrays a failure sampled (``x_1[1]``), from its message."""
    found = _SAMPLED_LIST.search(message)
    return _SAMPLED_ENTRY.findall(found[1]) if found else []


def _function_data_sampled(item: PendingLink, verdict: dict[str, Any]) -> bool:
    """Did the failure sample entries of data that a substituted function's body uses beside
    its parameters (x_i of ``g(w) := λw - (1/n)Σ 1[…] y_i x_i``), with no value for them?"""
    if item.job is None:
        return False
    sampled = {e.split("[")[0] for e in _sampled_entries(verdict.get("message", ""))} - _used(verdict)
    if not sampled:
        return False
    data: set[str] = set()
    for params, body in item.job.context.functions.values():
        # by family, the worker's spelling and the note's alike (x of x_1 and of x_i, σ of \sigma_l)
        data |= {_plain_name(n) for n in claims.names_in(body)} - {_plain_name(p) for p in params}
    return any(_plain_name(s) in data for s in sampled)


def _used(verdict: dict[str, Any]) -> set[str]:
    """The symbols whose definition the worker substituted; the value of ``σ^2`` gives σ one."""
    used = set(verdict.get("used", []))
    used |= {base for u in used if (base := without_square(u)) is not None}
    if SAMPLED_AT.search(verdict.get("message", "")):
        # it failed at sampled values: some entry had none (k_1 of k_l with k = 3 given; H[1,1]
        # of H := X(XᵀX)⁻¹Xᵀ at sampled X)
        return used
    # an entry the worker read a name as (``n[1]`` for n_L, L a size; λ[4] of a sequence defined
    # per index, λ_n = … with the example's n = 4), of a name whose value it used, in a failure
    # that sampled nothing, has the value its base's definition gives
    return used | {s for s in verdict.get("symbols", []) if "[" in s and s.split("[", 1)[0] in used}


#: the worker's reasons for a symbol compared with a number: the symbol needs a value
_VALUE_WANTED = ("one side is a number", "approximation by a constant")


def _not_reported(item: PendingLink, verdict: dict[str, Any]) -> str:
    """Why a claim that fails for arbitrary values of its symbols is still not an error: its
    symbols have a meaning the job could not carry, said in words a writer understands; ""
    when it is an error."""
    job = item.job
    left, right = item.job_left, item.job_right
    # σ^2 = … gives σ its value; so does a hypothesis the relation failed under
    substituted = valued_names([*job.context.values, *job.context.functions, *verdict.get("valued", [])])
    named = claims.value_side(item.facts) if item.facts is not None else None
    if named is not None:
        name = claims.full_name(left if named == "left" else right)
        if claims.squash(name) not in substituted:
            # u = κ₁/κ₂, \hat\alpha = (K+λI)^{-1}y: the value of a symbol, never an identity in it
            return f"gives the value of ${name}$ (a solution or a definition), not an identity in ${name}$"
    words_only = _declared_in_words_only(item, left, right, substituted)
    if words_only is not None:
        # "\hat\mu = \frac1N\sum_i x^{(i)} = \bar x" with "$\bar x$: sample mean" in section 2:
        # the relation is what gives the name its formula
        shown = ", ".join(f"${n}$" for n in words_only)
        formula = "formula" if len(words_only) == 1 else "formulas"
        return f"names {shown}, which the note defines in words only: this relation gives its {formula}"
    bare = _bare_functions(item, verdict)
    if bare:
        # "h=0: Z=2e^J+2e^{-J}" with Z(θ) defined by a sum: the failure sampled Z as a number
        return f"uses ${bare[0]}$ without its arguments (a function the note defines): its value there is not read"
    if item.overrides:
        # σ² = 0 replaces σ² = (1/m)Σ(x_i-μ)²: the x_i are constrained too, and not solved for
        return f"uses the case ${item.overrides[0]}$, which also constrains the symbols of its definition (not solved for)"
    text = left + " " + right
    for given in item.given:
        if given in item.sampled_given:
            continue  # "- $\\lambda=0$: …": the job ran at that value
        # an index of the hypothesis (the k of x_{k+1} = Tx_k) is no name it constrains
        shared = claims.free_names_in(_SUBSCRIPT.sub("", given)) & claims.free_names_in(text)
        if shared:
            return f"holds under ${given.strip()}$, a hypothesis of its sentence that is not sampled"
    for lost in item.ranges_lost:
        if claims.free_names_in(_SUBSCRIPT.sub("", lost)) & claims.free_names_in(text):
            # a range the job lost by substituting the name's definition (a = ηs², a ∈ (0,1])
            return f"holds where ${lost}$, the range the note states, which its definition's samples leave"
    if item.roots:
        return f"holds where {item.roots[0].label}, which notelint could not show"
    if item.orders:
        # "$L\\ge\\mu$" in section 2: a failure at L < μ shows nothing; the re-check with
        # L = μ + ζ² failing too would have voided this
        return f"holds under ${item.orders[0].strip()}$, which the note states and no sample respects"
    if item.case is not None and claims.free_names_in(item.case) & claims.free_names_in(text):
        return f"holds in the case ${item.case}$ its row treats, which is not sampled"
    if item.qualifier:
        return f"holds {item.qualifier}, as its sentence says: a hypothesis in words that is not sampled"
    example = item.recipe is not None and bool(item.recipe.example_values)
    if item.section == "4.C" and example:
        # a worked example gives some values; a symbolic check in 4.C without one is a claim
        # a random symbol with a stated law that the failure did not sample (m ~ Bernoulli(q)
        # under Var[·]: averaged) needs no value from the example
        random = {_plain_name(name) for name in item.job.context.distributions} if item.job else set()
        message = verdict.get("message", "")
        # a name its own sentence bounds ("For $x_0<0$, …") is sampled in that case: no value wanted
        bounded = {_worker_name(a.symbol) for a in item.recipe.own_assumptions} if item.recipe else set()
        free = [
            s
            for s in verdict.get("symbols", [])
            if s not in _used(verdict)
            and (_plain_name(s.split("[")[0]) not in random or f"{s}=" in message)
            and s not in bounded
        ]
        if free:
            names = ", ".join(free[:4])
            return f"a check of a worked example that gives no value for {names} here"
    if item.unbound_meaning:
        names = ", ".join(item.unbound_meaning[:3])
        return f"fails for arbitrary values of {names}, a definition not substituted here"
    return ""
