"""What the claim classifier and the CAS jobs need to know from the note around a relation.

Read once per note (plain string work, no SymPy): whether the note follows the standard, the
sentence, step and provenance tag around each math span, the conventions and symbols of the
glossary, the hypotheses stated in sections 2–3 and in a relation's own sentence (as
:class:`~notelint.math.checking.jobs.Assumption` s to sample under, read by
:mod:`notelint.math.checking.hypotheses`), and what ``\\log`` means.
:func:`notelint.math.checking.claims.classify` gets these as explicit inputs and reads no note itself.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from notelint import data
from notelint.math.checking import claims
from notelint.math.checking.hypotheses import (
    assumptions_in,
    binary_words,
    hypothesis_equations,
    indicator_definitions,
    merge,
    names_a_class_only,
    orders_in,
    orthogonal_pairs,
    span_words,
    word_assumptions,
)
from notelint.math.checking.jobs import Assumption, Context, Premise
from notelint.math.checking.root_hypotheses import root_premises
from notelint.math.reading.atoms import parse_atoms
from notelint.math.reading.macros import expandable, note_macros
from notelint.math.reading.relations import Link, chains_of
from notelint.math.reading.side_names import bold_body
from notelint.math.reading.text_facts import text_facts
from notelint.note import Facet
from notelint.parse.provenance import PROVENANCE
from notelint.parse.rule_citations import citation_spans
from notelint.parse.steps import step_at

if TYPE_CHECKING:
    from notelint.math.semantics.symbol_table import Declaration, SymbolTable
    from notelint.note import MathSpan, Note

#: filler for a math span inside the prose of a sentence (same length, keeps offsets)
_MATH = "\x00"
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n|:[ \t]*\n")
#: a sentence that says which base its (or every) bare \log has; a value in bits ("$\log 8 = 3$
#: bits", an entropy "of 1 bit", a divergence "in bits") is a base-2 logarithm
_LOG_BASE = re.compile(
    r"(?:\\log|\blog(?:arithm)?s?\b)(?!_)[^.\n]{0,80}?(?:\b(?:base[- ]?(?:2|two|10|ten)\b|in bits\b|bits?\b)|比特)"
    r"|(?:\b(?:base[- ]?(?:2|two|10|ten)|in bits|bits?)\b|比特)[^.\n]{0,80}log"
    # "In bits, $D_{\mathrm{KL}}(p\,\|\,q)\approx 0.125815$": the logs of what it measures
    r"|\b(?:in|of)\s+bits\b",
    re.IGNORECASE,
)
#: a sentence that gives the bare \\log one base: "$\\log$ means $\\log_2$", "$\\log \\equiv \\log_2$"
_LOG_IS = re.compile(
    r"\\log\s*\$?\s*(?:means|denotes|is|stands\s+for|=|:=|\\equiv)\s*(?:the\s+)?\$?\s*"
    r"\\log_\{?\s*(?P<base>2|10)\s*\}?(?![\w{])"
)
#: the note says a bare ``\log`` is the natural one: "$\log$: natural logarithm", "$\log$ denotes the natural log"
_LOG_NATURAL = re.compile(
    r"\\log\s*\$?\s*(?::|means|denotes|is|stands\s+for)\s*(?:the\s+)?natural\s+log", re.IGNORECASE
)
_LOG_EVERYWHERE = re.compile(r"\b(?:all|every|throughout|denotes?|refers? to|we use|means?|always)\b", re.I)


#: how many inline spans on each side of a relation, within its sentence, may state its hypotheses
_NEIGHBOURS = 16
#: characters before a span that decide whether they lead into a hypothesis: the longest
#: lead of claims.HYPOTHESIS_LEAD ("a real skew-symmetric matrix", up to three words before the
#: noun), with room
_LEAD_TAIL = 64
#: words of a step title that names the case the step treats
#: prose words of the math readers (``data/math_prose.toml``)
_WORDS = data.load("math_prose")
_CASE_WORDS = re.compile(r"\b(?:" + "|".join(_WORDS["cases"]["title"]) + r")\b", re.I)


@dataclass(frozen=True)
class SpanFacts:
    """The context of one math span."""

    #: the prose of its sentence before it (math blanked) and the whole sentence (math kept)
    lead: str = ""
    sentence: str = ""
    #: an inline span introduced as its sentence's hypothesis ("for $c>0$")
    hypothesis: bool = False
    #: an inline relation its sentence names as a mistake ("Writing $\nabla_X f=BA$ omits the
    #: transpose")
    mistake: bool = False
    provenance: str | None = None
    #: "step 3", an id for the step, and whether the step's title or rule says it states a condition
    step: str | None = None
    step_key: str | None = None
    step_condition: bool = False
    #: the step's rule citation is a bare definition ("{Rule: definition of decoupled weight decay}")
    step_definition: bool = False
    #: hypotheses stated by the other math of its sentence
    assumptions: tuple[Assumption, ...] = ()
    #: inside a ``{Rule: …}`` citation: the statement of the rule applied
    in_citation: bool = False
    #: an inline span whose sentence introduces it as the values of an example ("Take $n=3$")
    example_binding: bool = False
    #: equations its sentence (or an earlier sentence of its paragraph) states as hypotheses
    #: ("for $Kv=0$"): they are not sampled under
    given: tuple[str, ...] = ()
    #: those of them its own sentence states (an earlier sentence's may be another case's)
    own_given: tuple[str, ...] = ()
    #: those the label of its case-naming list item states ("- $\\lambda=0$: …"): the case
    #: of the whole item
    case_given: tuple[str, ...] = ()
    #: a restriction in words right after an inline relation ("for an orthonormal design")
    qualifier: str = ""
    #: the cases its sentence treats: a name set to a number right before "gives" (``\\lambda=0``)
    case_values: tuple[tuple[str, str], ...] = ()
    #: the roots of a polynomial its sentence names and it uses, as premises ``P(r_k) = 0``
    roots: tuple[Premise, ...] = ()
    #: inline math in the title line of a derivation step ("Step 5 — orthonormal design, $X^\top X=I_d$")
    in_title: bool = False
    #: inline math in the first sentence of a marked derivation step ("Step 8 (VERBATIM) — after
    #: a ReLU, $\phi(z)=\max(z,0)$."), whether or not it names a case in words
    in_heading: bool = False
    #: inline math in the bold title of a paragraph of section 4 that names a case ("**Edge
    #: case $m=1$.**"): the case the paragraph treats, and the values its checks use
    in_case_title: bool = False
    #: an inline span that names a case of its own ("Setting $K=n$ in (4) gives", "the $K=n$
    #: case", "{Rule: (3) with $K=n$}", "{Rule: … ($j=i$)}", "for example $A=…$"): a
    #: specialisation or an instance, not the name's value for the note
    names_case: bool = False
    #: in a derivation step whose title names a case ("6. **Case $x>0$**"): what the step
    #: solves for holds in that case, not in the steps after it
    case_step: bool = False


@dataclass
class NoteFacts:
    standard: bool = False
    conventions: frozenset[str] = frozenset()
    declared: frozenset[str] = frozenset()
    #: the declared symbols that are sizes: a size of a declared shape, or a natural number
    sizes: frozenset[str] = frozenset()
    #: the declared symbols that are functions (a policy ``\\pi:\\mathcal{S}\\to\\mathcal{A}``)
    functions: frozenset[str] = frozenset()
    #: maps section 2 declares at two or more different arguments (``p(z)``, ``p(x\mid z)``,
    #: ``p(x)``): a density named by its argument, so one formula of ``p(z)`` is no formula of
    #: ``p(x)``
    argument_named: frozenset[str] = frozenset()
    #: counts the glossary defines in words (``$M\\in\\mathbb{N}$: number of mistakes``), no
    #: size of a declared shape
    counts: frozenset[str] = frozenset()
    #: the symbols section 2 itself declares (``declared`` also holds those 4.A declares)
    glossary_keys: frozenset[str] = frozenset()
    #: names the glossary declares as what an equation solves ("$\\lambda\\in\\mathbb{C}$:
    #: eigenvalue", "$r$: a root of the polynomial"): ``p(\\lambda)=0`` is their equation
    unknowns: frozenset[str] = frozenset()
    #: indices section 2 bounds by a size (``t\\in\\{0,1,\\dots,H-1\\}``): (index, size, offset)
    index_bounds: tuple[tuple[str, str, int], ...] = ()
    #: hypotheses of sections 2 and 3: hold for the whole note
    assumptions: tuple[Assumption, ...] = ()
    #: the orders between two names sections 2 and 3 state (``L\\ge\\mu``): no one-symbol
    #: sample respects them
    orders: tuple[str, ...] = ()
    #: "e" unless the note says its bare \log has another base: that base ("2"), or "?"
    log: str = "e"
    #: the note's macros (name, body, arguments): a job expands them in its texts
    macros: tuple[tuple[str, str, int], ...] = ()
    #: ``\\Phi(…)`` is the standard normal CDF (see ``Context.normal_cdf``)
    normal_cdf: bool = False
    #: names the note makes square to zero (``\\varepsilon^2=0`` of dual numbers): no real
    #: number is one, so a relation with one is not checked over the reals
    nilpotent: frozenset[str] = frozenset()
    _masked: str = ""
    _math_starts: list[int] = field(default_factory=list)
    _maths: list[MathSpan] = field(default_factory=list)
    _citations: list[tuple[int, int]] = field(default_factory=list)
    #: assumptions_in of each inline span, by start offset: a span is read once, however many
    #: spans share its sentence
    _span_assumptions: dict[int, list[Assumption]] = field(default_factory=dict)
    _given_memo: dict[int, list[str]] = field(default_factory=dict)
    _role_memo: dict[tuple[int, int], str] = field(default_factory=dict)
    #: word_assumptions of one span with its words clipped at given bounds: each span is read
    #: by the ~33 relations around it, nearly always with the same bounds
    _word_memo: dict[tuple[int, int, int], list[Assumption]] = field(default_factory=dict)

    @property
    def euler(self) -> bool:
        """``e`` is Euler's number: section 2 declares no symbol ``e`` (``$e^{0}=1$`` in a
        rule citation of 4.A declares none)."""
        return "e" not in self.glossary_keys

    @property
    def pi(self) -> bool:
        """``\\pi(…)`` is the constant times its argument: section 2 declares no function ``\\pi``."""
        return "\\pi" not in self.functions

    @property
    def pi_number(self) -> bool:
        """Section 2 declares ``\\pi`` a number (``$\\pi\\in(0,1)$: prevalence``), not a function."""
        return "\\pi" in self.glossary_keys and "\\pi" not in self.functions

    @property
    def maps(self) -> tuple[str, ...]:
        """The maps section 2 declares, for a job's :attr:`Context.maps` (not Φ when it is the
        standard normal CDF: "$\\Phi(z)$: the standard normal CDF" declares a known function)."""
        return tuple(sorted(f for f in self.functions if not (f == "\\Phi" and self.normal_cdf)))

    @classmethod
    def read(cls, note: Note) -> NoteFacts:
        out = cls()
        out.standard = follows_standard(note)
        out._masked = _masked_text(note)
        out._citations = citation_spans(note.text)
        out._math_starts = [m.start for m in note.math]
        out._maths = list(note.math)
        out.declared, out.sizes, out.functions, out.counts, out.glossary_keys = _declared(note)
        if "e" in out.glossary_keys and _declares_eulers_number(note):
            # "$e\approx 2.718281828$: Euler's number" declares the constant, no symbol e
            out.glossary_keys -= {"e"}
        out.unknowns = _unknowns(note)
        out.index_bounds = _index_bounds(note)
        out.argument_named = _argument_named(note)
        out.normal_cdf = _normal_cdf(note, out._masked, out.glossary_keys)
        if out.euler:
            out.declared -= {"e"}  # Euler's number, whatever a formula of 4.A seemed to declare
        out.macros = expandable(note_macros(note.math[0])) if note.math else ()
        conventions: set[str] = set()
        found: list[Assumption] = []
        orders: list[str] = []
        nilpotent: set[str] = set()
        for m in note.math:
            section = note.section_at(m.start)
            key = section.key if section else None
            if key == "2":
                conventions.update(_conventions(m))
            if key in ("2", "3"):
                found.extend(assumptions_in(m))
                orders.extend(orders_in(m))
            # (an indicator defined anywhere takes the values 0 and 1 wherever it is used)
            found.extend(indicator_definitions(m))
            found.extend(binary_words(note, m))
            if key in ("2", "4.A"):
                nilpotent.update(_squares_to_zero(m))
        for key in ("2", "3"):
            section = note.sections.get(key)
            if section is not None:
                found.extend(word_assumptions(note, section.body.start, section.body.end, out._math_starts))
        out.conventions = frozenset(conventions)
        if nilpotent and _NILPOTENT_WORDS.search(out._masked):
            out.nilpotent = frozenset(nilpotent)
        out.assumptions = merge(found)
        out.orders = tuple(dict.fromkeys(orders))
        for sentence in _sentences_with_log(note.text):
            if _LOG_EVERYWHERE.search(sentence) and "\\log_" not in sentence:
                out.log = "?"
        if _LOG_NATURAL.search(note.text):
            out.log = "e"  # "$\log$: natural logarithm": a sentence on bits elsewhere changes no log
        stated = _LOG_IS.search(note.text)
        if stated is not None:
            out.log = stated["base"]  # "$\\log$ means $\\log_2$": every bare log has that base
        return out

    # -- per span -------------------------------------------------------------------------
    def span_facts(self, note: Note, span: MathSpan, key: str | None) -> SpanFacts:
        start, end = self._sentence_bounds(span)
        lead = self._masked[start : span.start]
        lead_words = re.sub(f"{_MATH}+", " $ ", lead)
        hypothesis = span.kind == "inline" and bool(
            claims.HYPOTHESIS_LEAD.search(lead_words.rstrip())
            or _HYPOTHESIS_CONJUNCT.search(lead_words.rstrip())
            # "with equality for normal matrices ($A^\top A=AA^\top$)": the class, restated
            or _CLASS_IN_PARENTHESES.search(lead_words.rstrip()) is not None
            # "with $\sigma=2$ and $\|\delta\|_2=1$": the second value of the case too
            or (
                _WITH_CONJUNCT.search(lead_words.rstrip()) is not None
                and (_only_orders(span) or _number_set(span))
            )
            # "evaluated at $u=a$, $u'=b$, $v=c$, $v'=d$": a list of substitutions, each one
            or (_AT_LIST.search(lead_words.rstrip()) is not None and _renaming(span))
            # "$u_0(p)=u_0(p')$ implies $p-p'\in 2\pi\mathbb{Z}$": what the sentence assumes
            or self._implies_after(span)
            or self._gives_case(span) is not None
            # "The normal equations $A^\top Ax=A^\top b$ read $\|u\|^2v(v^\top x)=v(u^\top b)$": the
            # same hypothesis rewritten
            or _rewritten_hypothesis(lead_words.rstrip())
            # "equality in Cauchy-Schwarz forces $Y-\mu_2=c(X-\mu_1)$": what a case in words forces,
            # under it only (a conclusion: no hypothesis of the sentence's other relations)
            or _FORCED.search(lead_words.rstrip()) is not None
        )
        local: list[Assumption] = []
        given: list[str] = []
        case_values: list[tuple[str, str]] = []
        # only the math of this sentence: bisect, not a walk over every span (quadratic on
        # notes with thousands of inline spans)
        # and of those, the nearest _NEIGHBOURS on each side: a hypothesis sits next to the
        # relation it qualifies (a glossary row of 14,000 spans is one "sentence")
        here = bisect.bisect_left(self._math_starts, span.start)
        first = max(bisect.bisect_left(self._math_starts, start), here - _NEIGHBOURS)
        for other in note.math[first : here + _NEIGHBOURS + 1]:
            if other.start >= end:
                break
            if other is span or other.kind != "inline":
                continue
            if other.start > span.end and _RELATIVE_CLAUSE.search(self._masked[span.end : other.start]):
                # "$f'(p)=…$, which vanishes exactly at $p=\tfrac12$": the case of what the
                # relative clause says, not of the relation before it
                continue
            case = self._gives_case(other)
            if case is not None:
                case_values.append(case)
            if (
                self._hypothesis_lead(start, other.start)
                or self._implies_after(other)
                or case is not None
                # "Because $X\in\{0,1\}$ we have $X^2=X$": a membership earlier in the sentence
                # is no claim the checker reads, only the range of its symbol
                or (other.start < span.start and _only_memberships(other))
            ):
                local.extend(self._assumptions_of(other))
                if not self._in_citation(other):
                    # "{Rule: (I3) with $m_1=\\mu$}" instantiates the rule, it states no hypothesis
                    given.extend(self._given_by(other))
        if key == "4.D" and span.kind == "inline":
            local.extend(self._identity_declarations(note, span, here))
            # "(I2) … $A^{-1}=V\operatorname{diag}(\nu)^{-1}V^\top$" after "(I1) … $A=V
            # \operatorname{diag}(\nu)V^\top$ with $V$ orthogonal": V and ν are (I1)'s
            for equation, assumed in self._factorisations_before(note, span, here):
                given.append(equation)
                local.extend(assumed)
        case_given: list[str] = []
        if key and key.startswith("4") and span.kind == "inline":
            # "- $n\le d$: $\operatorname{rank}(S)\le n-1<d$" under "**Edge cases.**": the
            # item's case holds in what the item says after its label
            label = _case_label(self._masked, span.start)
            if label is not None and span.start >= label[1]:
                lo = bisect.bisect_left(self._math_starts, label[0])
                for other in note.math[lo:here]:
                    if other.start >= label[1] or other.kind != "inline":
                        continue
                    local.extend(self._assumptions_of(other))
                    case_given.extend(self._given_by(other))
            given.extend(case_given)
        trailing, qualifier = self._trailing(note, span, here, end)
        if not qualifier:
            qualifier = self._opening_condition(note, start, span.start)
        if trailing:
            # "$\min(cx,cy)=c\min(x,y)$ for $c>0$ and … for $c<0$": a hypothesis right after a
            # relation is its own, and wins over the others of the sentence on its symbols
            bound = {a.symbol for a in trailing}
            local = [a for a in local if a.symbol not in bound] + trailing
        own_given = tuple(dict.fromkeys(_unbound(given, trailing)))
        earlier, ranges = self._paragraph_given(note, span, start, here)
        # a range stated earlier in the paragraph, unless this sentence states its own; so for
        # an earlier value ("For $x_0=1$, …. For $x_0<0$, …": another case)
        stated = {a.symbol for a in local}
        given.extend(g for g in earlier if claims.full_name(g.partition("=")[0]) not in stated)
        local.extend(a for a in ranges if a.symbol not in stated)
        # "$a=d$ exactly when $\epsilon=0$, and $a<d$ when $\epsilon>0$": the value another
        # relation's hypothesis gives a symbol is no value where its own hypothesis binds it
        given = _unbound(given, trailing)
        # the words around the same neighbours ("orthogonal $Q$"), clipped at the sentence
        for other in note.math[first : here + _NEIGHBOURS + 1]:
            if other.start >= end:
                break
            local.extend(span_words(note, other, start, end, self._word_memo))
            pairs = orthogonal_pairs(note, other, start, end)
            given.extend(pairs)
            if pairs and "orthogonal" in qualifier:
                qualifier = ""  # "for orthogonal $u,v$": the hypothesis uᵀv = 0, sampled under
        roots: tuple[Premise, ...] = ()
        if span.kind == "inline" and "root" in note.text[start:end]:
            sentence = [
                m
                for m in note.math[first : here + _NEIGHBOURS + 1]
                if m.kind == "inline" and start <= m.start < end
            ]
            roots = tuple(p for name, p in root_premises(note, sentence) if claims.mentions(span.latex, name))
        step, step_key, step_condition, provenance, in_title, step_definition, in_heading, case_step = (
            _step_facts(note, span, key)
        )
        in_citation = any(a <= span.start and span.end <= b for a, b in self._citations)
        in_case_title = bool(key and key.startswith("4")) and _in_case_title(note, span)
        # "- $\mu_1=\mu_0$: only the covariance part remains" under "**Edge cases.**": the
        # item's label names its case (a case, not an example that gives values)
        case_item = bool(key and key.startswith("4")) and _in_case_item(self._masked, span)
        qualifying = _QUALIFYING_FOR.search(lead_words)
        example_binding = (
            span.kind != "inline"
            # "$x_1=x_0(2-x_0)$, which is $0$ for $x_0=2$": the case of what the sentence said
            # before, no value of an example
            or bool(_EXAMPLE_LEAD.search(lead_words[: lead_words.find("$")] if qualifying else lead_words))
            or in_case_title
            or self._after_example_label(start, lead_words, case_item)
        )
        in_case_title = in_case_title or case_item
        names_case = span.kind == "inline" and (
            _names_a_case(note.text, span, lead_words, in_citation)
            # "when $Y$ is diagonal, because then $\sigma_i=|Y_{ii}|$": checked, under that case only
            or _CASE_THEN.search(lead_words.rstrip()) is not None
        )
        mistake = (
            span.kind == "inline"
            and _MENTION_LEAD.search(lead_words) is not None
            and _MISTAKE_AFTER.match(note.text, span.end, min(end, span.end + 80)) is not None
        )
        return SpanFacts(
            mistake=mistake,
            names_case=names_case,
            in_citation=in_citation,
            example_binding=example_binding,
            lead=lead_words,
            sentence=note.text[start:end],
            hypothesis=hypothesis,
            provenance=provenance,
            step=step,
            step_key=step_key,
            case_step=case_step,
            step_condition=step_condition,
            step_definition=step_definition,
            assumptions=tuple(local),
            given=tuple(dict.fromkeys(given)),
            own_given=own_given,
            case_given=tuple(dict.fromkeys(case_given)),
            in_title=in_title,
            in_heading=in_heading,
            in_case_title=in_case_title,
            qualifier=qualifier,
            roots=roots,
            case_values=tuple(case_values),
        )

    def _identity_declarations(self, note: Note, span: MathSpan, here: int) -> list[Assumption]:
        """What a 4.D identity's own entry declares of its letters ("… entries of
        $S\\in\\mathbb{S}^{d}_{++}$: $\\nabla_S\\log\\det S=S^{-1}$"): the identity holds on that
        domain (RULES.md: its letters are local to it), so its relations are sampled there."""
        block = note.block_at(span.start)
        if block is None:
            return []
        out: list[Assumption] = []
        lo = bisect.bisect_left(self._math_starts, block.span.start)
        for other in note.math[lo : here + _NEIGHBOURS + 1]:
            if other.start >= block.span.end:
                break
            if other is span or other.kind != "inline":
                continue
            out.extend(self._assumptions_of(other))
        return out

    def _factorisations_before(
        self, note: Note, span: MathSpan, here: int
    ) -> list[tuple[str, list[Assumption]]]:
        """Equations of the earlier identities of 4.D that give a bare name a value in other
        names (``A=V\\operatorname{diag}(\\nu)V^\\top``) when ``span`` uses that name and one
        of the others, with the class words of their sentence ("$V$ orthogonal")."""
        section = note.section_at(span.start)
        out: list[tuple[str, list[Assumption]]] = []
        for other in note.math[max(0, here - _NEIGHBOURS * 4) : here]:
            if (
                other.kind != "inline"
                or other.start >= span.start
                or note.section_at(other.start) is not section
            ):
                continue
            links = _links(other)
            if len(links) != 1 or links[0].op != "=":
                continue
            name, value = links[0].left.text.strip(), links[0].right.text.strip()
            if claims.free_names_in(name) != {name} or not claims.mentions(span.latex, name):
                continue
            others = claims.free_names_in(value) - claims.free_names_in(name)
            if not others or not others & claims.free_names_in(span.latex):
                continue
            start, end = self._sentence_bounds(other)
            lo, hi = bisect.bisect_left(self._math_starts, start), bisect.bisect_left(self._math_starts, end)
            words = [
                a
                for m in note.math[lo:hi]
                if m.kind == "inline"
                for a in span_words(note, m, start, end, self._word_memo)
            ]
            out.append((f"{name}={value}", words))
        return out

    def _trailing(self, note: Note, span: MathSpan, here: int, end: int) -> tuple[list[Assumption], str]:
        """The hypothesis right after an inline relation (``… for $c<0$``) as assumptions, and
        a restriction in words after it (``… for an orthonormal design``)."""
        if span.kind != "inline":
            return [], ""
        stop = note.math[here + 1].start if here + 1 < len(note.math) else end
        between = note.text[span.end : min(stop, end)]
        words = _QUALIFIER.match(between)
        if words is None:
            return [], ""
        if stop < end and not between[words.end() :].strip():
            return assumptions_in(note.math[here + 1].latex), ""
        if stop < end and names_a_class_only(between[words.end() :]):
            # "$\nabla_h\tfrac12h^\top Mh=Mh$ for symmetric $M$": sampled with M symmetric, so a
            # failure there is a counterexample, not a case the words exclude
            classes = span_words(note, note.math[here + 1], span.start, end)
            if classes:
                return classes, ""
        # up to six words, and not into a parenthesis or the next clause
        phrase = " ".join(re.split(r"[(;,]", between[words.start(1) :])[0].split()[:6]).rstrip(".,;:")
        if "$" in phrase or _UNIVERSAL.match(phrase):
            return [], ""
        return [], phrase

    def _opening_condition(self, note: Note, start: int, stop: int) -> str:
        """The condition in words a sentence opens with ("If $\\mathbf{1}_n$ is a column of $X$,
        …"), before the span at ``stop``: a hypothesis no sample can meet. A condition that is
        math alone ("If $a>0$, …") is read as such, not here."""
        found = _OPENING_CONDITION.match(self._masked, start, stop)
        if found is None or len(re.findall(r"[A-Za-z]{2,}", found[1])) < 3:
            return ""
        words = " ".join(note.text[found.start() : found.end(1)].split())
        return words[:1].lower() + words[1:]

    def _paragraph_given(
        self, note: Note, span: MathSpan, sentence_start: int, here: int
    ) -> tuple[list[str], list[Assumption]]:
        """Equations stated as hypotheses earlier in the paragraph ("for $Kv=0$, … . All of
        them …, because $v^\\top Kv=0$"), and the ranges its memberships state ("so $m\\in
        \\{0,1\\}$. … Because $m^2=m$")."""
        text = self._masked
        cut = text.rfind("\n\n", max(0, sentence_start - 1500), sentence_start)
        lo = cut if cut >= 0 else max(0, sentence_start - 1500)
        # a list item is a paragraph of its own: "- **Edge cases.** for $\sigma^2=0$ …" states no
        # hypothesis of the next item's worked example
        ahead = min(len(text), sentence_start + 8)
        items = [m.start() for m in _LIST_ITEM.finditer(text, lo, ahead) if m.start() <= sentence_start]
        if items:
            lo = max(lo, items[-1])
        out: list[str] = []
        ranges: list[Assumption] = []
        i = here - 1
        while i >= 0 and note.math[i].start >= lo:
            other = note.math[i]
            i -= 1
            if other.start >= sentence_start or other.kind != "inline":
                continue
            role = self._paragraph_role(other, max(lo, other.start - 80))
            if role == "hypothesis":
                out.extend(self._given_by(other))
            elif role == "membership":
                ranges.extend(self._assumptions_of(other))
        return out, ranges

    def _paragraph_role(self, span: MathSpan, lead_start: int) -> str:
        """What an earlier span of the paragraph gives a later relation: ``"hypothesis"`` (the
        words from ``lead_start`` before it state one), ``"membership"`` or ``""``. Memoised:
        every later span of a long paragraph asks again (quadratic regex searches otherwise)."""
        key = (span.start, lead_start)
        role = self._role_memo.get(key)
        if role is None:
            before = re.sub(f"{_MATH}+", " $ ", self._masked[lead_start : span.start]).rstrip()
            lead = claims.HYPOTHESIS_LEAD.search(before) or self._implies_after(span)
            if lead and not self._in_citation(span):
                role = "hypothesis"
            else:
                role = "membership" if _only_memberships(span) else ""
            self._role_memo[key] = role
        return role

    def _assumptions_of(self, span: MathSpan) -> list[Assumption]:
        """:func:`assumptions_in` of a span, read once (a sentence's neighbours ask again)."""
        found = self._span_assumptions.get(span.start)
        if found is None:
            found = self._span_assumptions[span.start] = assumptions_in(span)
        return found

    def _given_by(self, span: MathSpan) -> list[str]:
        """:func:`hypothesis_equations` of a span, read once (a paragraph asks for each of its
        spans again at every later relation)."""
        found = self._given_memo.get(span.start)
        if found is None:
            found = self._given_memo[span.start] = hypothesis_equations(span)
        return found

    def equivalence_partner(self, note: Note, span: MathSpan) -> tuple[MathSpan, bool] | None:
        """The other order of an equivalence its sentence states in words ("$N_<-N_>\\le
        n-N_<-N_>$ is $2N_<\\le n$", "… iff …") and whether ``span`` comes first; None when
        ``span`` is no single order joined so to another."""
        if span.kind != "inline" or not _one_order(span):
            return None
        k = bisect.bisect_left(self._math_starts, span.start)
        if k + 1 < len(note.math):
            after = note.math[k + 1]
            if (
                after.kind == "inline"
                and _EQUIVALENT.fullmatch(note.text, span.end, after.start)
                and _one_order(after)
            ):
                return after, True
        if k > 0:
            before = note.math[k - 1]
            if (
                before.kind == "inline"
                and _EQUIVALENT.fullmatch(note.text, before.end, span.start)
                and _one_order(before)
            ):
                return before, False
        return None

    def _implies_after(self, span: MathSpan) -> bool:
        r"""Is ``span`` the premise of an implication in words ("$u(p)=u(q)$ implies …"), or one
        side of an equivalence with words ("$\nabla\phi(x^\star)=0$ iff $x^\star$ is a global
        minimizer")?"""
        if _IMPLYING.match(self._masked, span.end) is not None:
            return True
        words = _IFF_WORDS.match(self._masked, span.end)
        if words is None:
            return False
        # the spans up to the end of its clause, which hold no relation (an equivalence of two
        # relations is checked as one: equivalence_partner)
        first = bisect.bisect_right(self._math_starts, span.start)
        last = bisect.bisect_left(self._math_starts, words.end())
        return not any(_links(other) for other in self._maths[first:last])

    def _gives_case(self, span: MathSpan) -> tuple[str, str] | None:
        """The name and number of ``span`` when it is the case its sentence treats ("$\\lambda=0$
        gives $(\\hat A_0,\\hat A_1)=(1.4,0.35)$"); its own sentence's only: the next sentence
        may treat another case."""
        if _GIVING.match(self._masked, span.end) is None and not self._labels_its_sentence(span):
            return None
        return _case_value(span)

    def _labels_its_sentence(self, span: MathSpan) -> bool:
        """Does ``span`` open its sentence as a label, a colon after it ("**Edge cases.** $p=1$:
        the sum grows like $\\log T$. $p=\\tfrac12$: …"), as a case-naming list item's label does?"""
        if _LABEL_COLON.match(self._masked, span.end) is None:
            return False
        start, _ = self._sentence_bounds(span)
        lead = self._masked[start : span.start].lstrip("\n")
        title = _BOLD_TITLE.match(lead)  # "**Edge cases.** $p=1$: …"
        return not lead[title.end() if title else 0 :].strip(" \t\n-*+")

    def _in_citation(self, span: MathSpan) -> bool:
        return any(a <= span.start and span.end <= b for a, b in self._citations)

    def _hypothesis_lead(self, start: int, stop: int) -> bool:
        """Do the words from ``start`` to ``stop`` lead into a hypothesis ("for", "where", …)?

        HYPOTHESIS_LEAD is anchored at the end and its longest word is 13 characters, so only
        the last few characters can match: reading a short tail keeps this constant-time (it
        ran on the whole sentence before each of a span's 32 neighbours).
        """
        text = self._masked
        stop = len(text[start:stop].rstrip()) + start
        if stop <= start or text[stop - 1] == _MATH:
            return False  # nothing, or a formula, right before the span
        tail = text[max(start, stop - _LEAD_TAIL) : stop]
        return bool(claims.HYPOTHESIS_LEAD.search(re.sub(f"{_MATH}+", " $ ", tail)))

    def _after_example_label(self, start: int, lead_words: str, case_item: bool) -> bool:
        """``**Worked example** (VERBATIM) [00:36:10]. $d=2$, $\\Sigma=…$``: a list of values
        right after a label that names an example or a check (after its full stop or a dash), in
        the label's paragraph, binds them as "Take $d=2$" does; so do the values a list item
        opens with, unless the item's label names a case of an "Edge cases" list."""
        item = _ITEM_OF_VALUES.match(lead_words)
        if item is not None and not case_item and _BINDING_LIST.fullmatch(lead_words[item.end() :]):
            # "- $I=32$, $K=3$, $D=2$: $K_{\text{eff}}=5$": a list item that opens with the values
            # of its case
            return True
        dashed = _DASHED_LABEL.match(lead_words) or _CLOSED_LABEL.match(lead_words)
        if dashed is not None:
            # "**Numerical sanity check** (VERBATIM) [33:40] — $I=32$, $K=3$": the label in the
            # sentence, a dash after it (or its full stop inside the bold)
            return bool(_BINDING_LIST.fullmatch(lead_words[dashed.end() :]))
        if not _BINDING_LIST.fullmatch(lead_words):
            return False
        return bool(_EXAMPLE_LABEL.search(self._masked[max(0, start - 300) : start]))

    def same_sentence(self, first: MathSpan, second: MathSpan) -> bool:
        """Do the two spans stand in one sentence (the one of ``second``)?"""
        start, end = self._sentence_bounds(second)
        return start <= first.start and first.end <= end

    def _sentence_bounds(self, span: MathSpan) -> tuple[int, int]:
        text = self._masked
        window_start = max(0, span.start - 600)
        start = window_start
        for m in _SENTENCE_END.finditer(text, window_start, span.start):
            if m.end() <= span.start:
                start = m.end()
        if span.display and not text[start : span.start].strip():
            # a display equation after "…gives:" belongs to the sentence that leads into it
            prev = text[window_start:start].rstrip()
            if prev and prev[-1] not in ".!?":
                cut = window_start
                for m in _SENTENCE_END.finditer(text, window_start, window_start + len(prev) - 1):
                    cut = m.end()
                start = cut
        stop = _SENTENCE_END.search(text, span.end, min(len(text), span.end + 600))
        end = stop.start() if stop else min(len(text), span.end + 600)
        # a list item starts a sentence ("- **Near miss.** The rank …" after the previous item)
        items = [m.start() for m in _LIST_ITEM.finditer(text, start, span.start)]
        if items and not span.display:
            start = max(start, items[-1])
        item = _LIST_ITEM.search(text, span.end, end)
        if item is not None:
            end = item.start()
        return start, end

    def assumptions_for(self, text: str, local: tuple[Assumption, ...]) -> tuple[Assumption, ...]:
        """The hypotheses on the symbols ``text`` uses: its sentence's first, then the note's."""
        chosen: dict[str, list[Assumption]] = {}
        for a in local:
            chosen.setdefault(a.symbol, []).append(a)
        for a in self.assumptions:
            # the sentence's own range wins; its "n is an integer" bounds nothing
            mine = chosen.get(a.symbol, [])
            if not mine or any(b.kind == a.kind for b in mine) or all(b.kind == "integer" for b in mine):
                chosen.setdefault(a.symbol, [])
                if a not in chosen[a.symbol]:
                    chosen[a.symbol].append(a)
        out = [
            a for sym, items in chosen.items() if _uses(text, sym) for a in merge(items) if a.symbol == sym
        ]
        return tuple(sorted(set(out), key=lambda a: (a.symbol, a.kind)))

    def cas_context(
        self,
        functions: dict[str, tuple[tuple[str, ...], str]],
        values: dict[str, str],
        shapes: dict[str, Any],
    ) -> Context:
        """A CAS context with what the note says of log, e, π, Φ, its macros and maps (for jobs
        built outside a relation's recipe: NL506's steps, the cells of a table of values)."""
        return Context(
            functions,
            values,
            shapes,
            log=self.log,
            euler=self.euler,
            pi=self.pi,
            pi_number=self.pi_number,
            normal_cdf=self.normal_cdf,
            macros=self.macros,
            maps=self.maps,
        )

    def log_base(self, sentence: str) -> str:
        """``"?"`` when the note, or this sentence, says its bare ``\\log`` is not natural."""
        if self.log != "e":
            return self.log
        if _LOG_BASE.search(re.sub(r"\\log_\{?\w+\}?", " ", sentence)):
            return "?"
        return "e"


#: "Writing $…$", "Using $…$" opening a sentence (or list item): the formula mentioned, not used
_MENTION_LEAD = re.compile(
    r"(?:^|[.:;!?]\s+|^\s*[-*+]\s+)(?:writing|using|assuming|claiming|stating)\s*\$?\s*$", re.I
)
#: what the sentence then says of it: a mistake ("omits the transpose", "is wrong")
_MISTAKE_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?:omit|drop|forget|lose|neglect|ignore|miss)(?:s|es)?\b|[^.;]{0,40}?\b(?:is|was)\s+"
    r"(?:wrong|incorrect|a\s+(?:common\s+)?(?:mistake|error|slip))\b",
    re.I,
)
#: a relative clause between a relation and a later span: "$…$, which vanishes at $…$"
#: (not "which holds when $c>0$": the relation's own hypothesis)
_RELATIVE_CLAUSE = re.compile(
    r"^[^$]*,\s*(?:which|that)\b(?!\s+(?:only\s+)?(?:holds?|is\s+(?:valid|true|exact|defined)|requires?|needs?|assumes?)\b)",
    re.IGNORECASE,
)
#: "$ read" / "$ becomes": the words between a span and its rewriting
_REWRITTEN = re.compile(r"\$\s*(?:then\s+)?(?:reads?|becomes?|is\s+equivalent\s+to)\s*$", re.IGNORECASE)


def _rewritten_hypothesis(lead: str) -> bool:
    """Is the span after ``lead`` a rewriting ("… read $…$") of a span its sentence introduced
    as a hypothesis ("The normal equations $…$")?"""
    found = _REWRITTEN.search(lead)
    return found is not None and claims.HYPOTHESIS_LEAD.search(lead[: found.start()].rstrip()) is not None


#: "…, which is $ for", "$ and negative for": "for" right after math of its sentence (two words at
#: most between), qualifying what came before (not "… fine-tuning (for $d=4096$, …)")
_QUALIFYING_FOR = re.compile(r"\$(?:\s+[\w-]+){0,2}\s+for\s*$", re.IGNORECASE)
#: a sentence that gives an example its values: "Take $n=3$, $x=(0,6)^\top$", "with $\lambda=1$"
_EXAMPLE_LEAD = re.compile(
    r"\b(?:" + "|".join(_WORDS["examples"]["lead"]) + r")\b"
    # "Numerical check: $q=0.8$, $a=2$: …": the values a labelled check runs on
    r"|\b(?:" + "|".join(_WORDS["examples"]["label"]) + r")\s*:",
    re.IGNORECASE,
)
#: a paragraph's bold label naming a worked example or check, with its tags and timestamp,
#: ending the sentence just before ("**Worked example** (VERBATIM) [00:36:10]. ")
#: "**No-boundary case** (RECONSTRUCTED). $\mu_0=0$, …": one case worked out with numbers (not
#: "**Edge cases.**" nor "**Edge case.**", which name cases a list or paragraph goes through)
_ONE_CASE = r"(?<!edge )(?<!special )(?<!limiting )(?<!corner )(?<!degenerate )case(?!s)"
_LABEL = (
    rf"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)[^*_\n]*\b(?:(?:example|check|instance|numbers)s?|{_ONE_CASE})\b[^*_\n]*"
    r"(?:\*\*|__)[ \t]*(?:\([A-Z /]+\)[ \t]*|\[[\d:–-]+\][ \t]*)*"
)
_EXAMPLE_LABEL = re.compile(rf"(?:^|\n){_LABEL}[.:]?\s*$", re.IGNORECASE)
#: the label without bold, opening its paragraph: "Numerical sanity check 1 (VERBATIM) [00:42:30] — "
_PLAIN_LABEL = (
    r"[ \t]*(?:[-*+][ \t]+)?(?-i:[A-Z])[\w -]{0,60}?\b(?:example|check|instance)s?\b(?:[ \t]+\d+)?[ \t]*"
    r"(?:\([A-Z /]+\)[ \t]*|\[[\d:–-]+\][ \t]*)*"
)
#: the same label at the start of a sentence, a dash after it: "**Numerical check** (VERBATIM) — "
_DASHED_LABEL = re.compile(rf"(?:{_LABEL}|{_PLAIN_LABEL})(?:[—–]|--?(?=\s))", re.IGNORECASE)
#: the same label with its full stop or colon inside the bold: "- **Worked example.** $n=6$"
_CLOSED_LABEL = re.compile(
    rf"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)[^*_\n]*\b(?:(?:example|check|instance|numbers)s?|{_ONE_CASE})\b[^*_\n]*[.:]"
    r"(?:\*\*|__)[ \t]*(?:\([A-Z /]+\)[ \t]*|\[[\d:–-]+\][ \t]*)*",
    re.IGNORECASE,
)
#: a list item's marker, where its words start
_ITEM_OF_VALUES = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])[ \t]+")
#: the words before a value in a list of values: other values, commas, "and"
_BINDING_LIST = re.compile(r"(?:\s|\$|,|;|\band\b)*")
#: words after an inline relation that restrict it: "$…$ for $c<0$", "$…$ for an orthonormal design"
_QUALIFIER = re.compile(
    # "$\|e_k\|\le\varepsilon$ holds as soon as $\rho^k\le\varepsilon$": the conclusion of a conditional
    r"[ \t]*,?[ \t]*(?:(?:holds|is (?:true|satisfied|guaranteed))[ \t]+)?"
    r"((?:for|when|whenever|if|as soon as|provided(?: that)?|assuming|unless)\b)[ \t]*",
    re.I,
)
#: a "for …" that restricts nothing: all values, or the type of the symbols ("for real numbers")
_UNIVERSAL = re.compile(
    r"\w+\s+(?:(?:all|every|any|each|arbitrary|general|generic)\b|"
    r"(?:real|complex|scalars?|vectors?|matri(?:x|ces)|numbers?|integers?|reals)\b)",
    re.I,
)
#: a paragraph's bold title at the start of its line (or list item): "**Edge case $m=1$.**"
_BOLD_TITLE = re.compile(r"[ \t]*(?:[-*+][ \t]+)?\*\*(?P<title>[^\n]*?)\*\*")
#: title words that name the case a paragraph treats
_CASE_TITLE = re.compile(r"\b(?:cases?|regions?|regimes?)\b", re.IGNORECASE)


def _in_case_title(note: Note, span: MathSpan) -> bool:
    """Is the inline ``span`` inside a bold paragraph title that names a case ("**Edge case
    $\\sigma^2=0$ with $m\\ge 2$**")? Its relations state the case, they claim nothing."""
    if span.kind != "inline":
        return False
    text = note.text
    line_start = text.rfind("\n", 0, span.start) + 1
    m = _BOLD_TITLE.match(text, line_start)
    if m is None or not (m.start("title") <= span.start and span.end <= m.end("title")):
        return False
    words = note.without_math(m.start("title"), m.end("title"))
    return bool(_CASE_TITLE.search(words))


#: a list item's marker at the start of its line
_ITEM_MARK = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
#: the longest label (in words, math left out) an item names its case with
_CASE_LABEL_WORDS = 60


def _in_case_item(masked: str, span: MathSpan) -> bool:
    """Is the inline ``span`` in the label of a list item that names a case: the item's text
    before its first colon outside math ("- $\\mu_1=\\mu_0$: …", "- $\\eta\\lambda\\ge 1$: …"),
    short, in a list introduced by a line that names cases ("**Edge cases.**") or a label
    that says "case" itself? Its relations state the case the item treats."""
    if span.kind != "inline":
        return False
    label = _case_label(masked, span.start)
    return label is not None and label[0] <= span.start < label[1]


def _case_label(masked: str, pos: int) -> tuple[int, int] | None:
    """The label of the case-naming list item whose first line holds ``pos`` (see
    :func:`_in_case_item`): the offsets from the item's marker to its first colon outside
    math, in ``masked`` (the note's text with its math masked); None when there is none."""
    line_start = masked.rfind("\n", 0, pos) + 1
    mark = _ITEM_MARK.match(masked, line_start)
    if mark is None:
        return None
    line_end = masked.find("\n", pos)
    line_end = len(masked) if line_end < 0 else line_end
    colon = masked.find(":", mark.end(), line_end)
    if colon < 0:
        return None
    words = re.sub(f"{_MATH}+", " ", masked[mark.end() : colon])
    if len(words) > _CASE_LABEL_WORDS:
        return None
    if not (_CASE_TITLE.search(words) or _list_names_cases(masked, line_start)):
        return None
    return mark.end(), colon


def _list_names_cases(text: str, item: int) -> bool:
    """Does the line the list around the item at ``item`` follows name cases ("**Edge
    cases.**", "Edge cases:", "#### Special cases")?"""
    pos = item
    while pos > 0:
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev_start : pos - 1]
        if line.strip() and not _ITEM_MARK.match(line) and line[:1] not in (" ", "\t"):
            return bool(_CASE_TITLE.search(line)) and len(line) < 120
        pos = prev_start
    return False


#: the words between two orders a sentence says are equivalent: "$a\le b$ is $c\le d$"
_EQUIVALENT = re.compile(
    r"\s*,?\s*(?:is|iff|if\s+and\s+only\s+if|is\s+equivalent\s+to|which\s+is|i\.e\.,?)\s*", re.IGNORECASE
)
#: the words right before a conclusion a case in words forces ("equality … forces $Y=…$")
_FORCED = re.compile(r"\b(?:forces|force|would\s+force|forcing)$", re.IGNORECASE)
#: "when $Y$ is diagonal, because then $\sigma_i=|Y_{ii}|$": what holds in the case the sentence
#: opened, under it only (no value of the name for the note)
_CASE_THEN = re.compile(r"\b(?:when|whenever|if)\b[^.;]*\bthen$", re.IGNORECASE)
#: words right after an inline formula that make it the premise of an implication in words
#: (also "$A$ and $B$ imply $C$": both premises)
_IMPLYING = re.compile(
    rf"\s*(?:,\s*)?(?:and\s+{_MATH}+\s*)?(?:implies|imply|would imply|forces|force|entails|entail"
    r"|is\s+equivalent\s+to)\b",
    re.IGNORECASE,
)


#: "… iff …" after a span, to the end of its clause
_IFF_WORDS = re.compile(r"\s*,?\s*(?:iff|if\s+and\s+only\s+if)\s[^.;]*", re.IGNORECASE)

#: the words after a span that make it a case: "the $K=n$ case", "setting $K=n$ in (4)"
_CASE_AFTER = re.compile(r"\$*\s*(?:\(?special\)?\s+)?case\b", re.IGNORECASE)
_SPECIALISED_AFTER = re.compile(r"\$*\s+in\s+(?:\(|\\eqref|\\ref|eq)", re.IGNORECASE)
_SPECIALISING_BEFORE = re.compile(
    r"\b(?:setting|putting|substituting|plugging\s+in|letting|taking)\s*$", re.IGNORECASE
)
#: the words before a span in a rule citation that instantiate the rule ("(I3) with $m=\mu$")
_INSTANTIATING_BEFORE = re.compile(r"\b(?:with|for|at)\s*$", re.IGNORECASE)
#: the words that make what follows an instance: "for example for the reflection $A=…$"
_INSTANCE_BEFORE = re.compile(
    r"\b(?:for\s+example|for\s+instance|e\.g\.|such\s+as)\b[^.;:$]{0,40}$", re.IGNORECASE
)


def _names_a_case(text: str, span: MathSpan, lead: str, in_citation: bool) -> bool:
    """Does ``span`` name a case of its own (see :attr:`SpanFacts.names_case`)?"""
    after = text[span.end : span.end + 40]
    if _CASE_AFTER.match(after) or _INSTANCE_BEFORE.search(lead):
        return True
    if _SPECIALISING_BEFORE.search(lead) and _SPECIALISED_AFTER.match(after):
        return True
    # "{Rule: … the term $\ell=0$ ($j=i$) …}": a case restated in parentheses
    parenthesised = text[span.start - 1 : span.start] == "(" and text[span.end : span.end + 1] == ")"
    return in_citation and (parenthesised or bool(_INSTANTIATING_BEFORE.search(lead)))


#: the colon after a case that opens its sentence ("$p=1$: …"), not a definition's ``:=``
_LABEL_COLON = re.compile(r"[ \t]*:(?!=)")
#: "$\\lambda=0$ gives …": a case when what comes before is one name set to a number
_GIVING = re.compile(r"\s*(?:,\s*)?(?:gives|yields|turns it into|reduces it to)\b", re.IGNORECASE)


#: the second hypothesis of a conjunction ("whenever $g\ne 0$ and $\eta s<2/L$", "for $x>0$,
#: $y>0$ or $z>0$"): the words before the first one lead both (math is blanked to "$")
_HYPOTHESIS_CONJUNCT = re.compile(
    r"\b(?:for|for all|for every|for any|whenever|if|iff|when|assuming|provided(?: that)?|given|unless|"
    # "subject to $H=H^\top$, $Hy_k=s_k$": a list of constraints
    r"subject to|s\.t\.)"
    # "if and only if $a=0$, or $b>0$ and $c<1$": the spans of one condition, the last joined by
    # "and"/"or" or a comma alone (", and $…$" after a condition starts the main clause)
    r"\s+\$(?:\s*(?:,\s*)?(?:\b(?:and|or)\b)?\s*\$)*\s*(?:,|\band\b|\bor\b"
    # "for $q<0$ ($\eta h>1$)": the same hypothesis restated in parentheses
    r"|\()$",
    re.IGNORECASE,
)
#: a sentence opening on a condition up to its comma ("If $\\mathbf{1}_n$ is a column of $X$, …")
_OPENING_CONDITION = re.compile(r"\s*(?:if|when|whenever)\b([^,;.:!?]*),", re.I)
#: a hypothesis naming a class, then a parenthesis opening on the formula that defines it
_CLASS_IN_PARENTHESES = re.compile(r"\b(?:for|if|when|whenever)\s+(?:(?:[A-Za-z-]+|\$)\s+){0,6}\($", re.I)
#: "at $u=a$, $u'=b$, $v=c$," before a span: the third or later of a list of substitutions
#: ("At $x=0$, $y=1$": the second may be the sentence's claim)
_AT_LIST = re.compile(r"\bat\s+\$\s*,\s*\$(?:\s*,\s*\$)*\s*,(?:\s*and)?$", re.I)
#: "a sample with $\hat A_t>0$ and $r_t<1-\epsilon$": an order joined to a "with" condition
#: (an equation there is a value the sentence computes: "with $T_1+1=3$ and $T+V=14$")
_WITH_CONJUNCT = re.compile(r"\bwith\s+\$(?:\s*(?:,\s*)?(?:\b(?:and|or)\b)?\s*\$)*\s*\b(?:and|or)$", re.I)


def _unbound(given: list[str], trailing: list[Assumption]) -> list[str]:
    """The hypothesis equations of a sentence without those on a symbol the relation's own
    trailing hypothesis bounds (its ``$\\epsilon>0$`` wins over the sentence's ``$\\epsilon=0$``)."""
    if not trailing:
        return given
    bound: set[str] = set()
    for a in trailing:
        bound |= claims.names_in(a.symbol)
    return [g for g in given if not (claims.names_in(g.partition("=")[0]) & bound)]


def _declares_eulers_number(note: Note) -> bool:
    """Does section 2's entry of ``e`` name Euler's number (in words, or by its value 2.718…)?"""
    from notelint.math.semantics.glossary import glossary

    try:
        entries = [d for d in glossary(note).by_key.get("e", []) if d.section == "2"]
    except Exception:  # the glossary is another feature: never let it break the checks
        return False
    return bool(entries) and all(
        _EULER_WORDS.search(d.description) or _EULER_VALUE.match(d.domain or "") for d in entries
    )


#: the words that name Euler's number, or its value in them ("the constants $3.14159\ldots$ and
#: $2.71828\ldots$")
_EULER_WORDS = re.compile(r"\bEuler'?s?\b|base of the natural log|(?<![\d.])2\.718", re.IGNORECASE)
#: its value as a domain (``\approx 2.718``)
_EULER_VALUE = re.compile(r"\s*(?:\\approx|=)\s*2\.718")


def follows_standard(note: Note) -> bool:
    """A note written to the standard: a section 2 and the subsections of section 4."""
    keys = set(note.sections)
    return "2" in keys and len({"4.A", "4.B", "4.C", "4.D", "4.E"} & keys) >= 2


def _uses(text: str, symbol: str) -> bool:
    if claims.mentions(text, symbol):
        return True
    inner = bold_body(symbol)  # an assumption on \mathbf{x} holds for the x a relation writes
    return inner is not None and claims.mentions(text, inner)


def _masked_text(note: Note) -> str:
    chars = list(note.text)
    for m in note.math:
        for i in range(m.start, m.end):
            chars[i] = _MATH
    return "".join(chars)


def _glossary_of(note: Note) -> SymbolTable | None:
    """The note's glossary, or None when reading it failed (the glossary is another feature:
    it never breaks the checks)."""
    try:
        from notelint.math.semantics.glossary import glossary

        return glossary(note)
    except Exception:
        return None


def _declared(
    note: Note,
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The symbols the note declares, which of them are sizes, which are functions
    (``\\pi:\\mathcal{S}\\to\\mathcal{A}``), which are counts defined in words, and which
    section 2 itself declares."""
    table = _glossary_of(note)
    if table is None:
        return frozenset(), frozenset(), frozenset(), frozenset(), frozenset()
    own = [d for d in table.declarations if not d.implicit and not d.mentioned]
    declared = frozenset(d.key for d in own)
    dims = {dim for d in table.declarations if d.shape is not None for dim in d.shape.dims}
    naturals = {d.key for d in table.declarations if d.domain and _NATURALS.search(d.domain)}
    # σ is the logistic function every job knows, unless the note declares a σ of its own: a
    # softmax, a map into a simplex ("$\sigma:\mathbb{R}^n\to\Delta^{n-1}$: softmax map"), a
    # map its words do not call logistic into other values than (0,1)
    own_sigma = any(d.key == "\\sigma" and _own_sigma(d) for d in own)
    functions = frozenset(
        d.key
        for d in own
        if (d.function_like or d.domain_kind == "map") and (d.key != "\\sigma" or own_sigma)
    )
    counts = frozenset(
        d.key
        for d in own
        if d.key in naturals and d.key not in dims and _COUNT_WORDS.match(d.description.strip())
    )
    sizes = frozenset(k for k in declared if k in dims or k in naturals)
    return declared, sizes, functions, counts, frozenset(d.key for d in own if d.section == "2")


#: the first words of an unknown's entry: "eigenvalue", "an eigenvalue of $A$", "a root of …"
_UNKNOWN_WORDS = re.compile(
    r"(?:an?\s+|the\s+|any\s+)?(?:generic\s+)?(?:eigenvalues?|roots?|zeros?\s+of)\b", re.IGNORECASE
)


def _index_bounds(note: Note) -> tuple[tuple[str, str, int], ...]:
    """(index, size, offset) for each index section 2 declares in a range up to a size:
    ``t\\in\\{0,1,\\dots,H-1\\}`` gives ("t", "H", -1), ``i\\in\\{1,\\dots,n\\}`` ("i", "n", 0)."""
    table = _glossary_of(note)
    if table is None:
        return ()
    out = []
    for d in table.declarations:
        if d.section != "2" or not d.domain or len(d.key) != 1 or not d.key.isalpha():
            continue
        atoms = parse_atoms(d.domain)
        if len(atoms) < 5 or not atoms[0].is_macro("{") or not atoms[-1].is_macro("}"):
            continue
        if not any(a.is_macro("dots", "ldots", "cdots") for a in atoms):
            continue
        last = atoms[-2]
        offset = 0
        if last.kind == "digit" and len(atoms) >= 4 and atoms[-3].is_op("-", "+"):
            offset = int(last.text) * (-1 if atoms[-3].is_op("-") else 1)
            last = atoms[-4]
        if last.kind == "letter" and last.sub is None and last.sup is None and last.text != d.key:
            out.append((d.key, last.text, offset))
    return tuple(out)


def _unknowns(note: Note) -> frozenset[str]:
    """Names section 2 declares as an eigenvalue or a root, with no value of their own."""
    table = _glossary_of(note)
    if table is None:
        return frozenset()
    out = set()
    for d in table.declarations:
        if d.section != "2" or d.domain_kind == "definition":
            continue
        # the words after the symbol's own span: "$\lambda$: eigenvalue; $t$: a number" declares t no root
        span = note.math_at(d.span.start)
        if span is not None and _UNKNOWN_WORDS.match(note.text[span.end : span.end + 80].lstrip(" :-–—")):
            out.add(d.key)
    return frozenset(out)


#: the argument list of an application where a declaration names a map: ``(x\mid z)`` of ``p(x\mid z)``
_ARGUMENTS = re.compile(r"[^(\s$]*\(([^()$]*)\)")


def _argument_named(note: Note) -> frozenset[str]:
    """The maps section 2 declares applied to different arguments (see
    :attr:`NoteFacts.argument_named`)."""
    table = _glossary_of(note)
    if table is None:
        return frozenset()
    arguments: dict[str, set[str]] = {}
    for d in table.declarations:
        if d.section == "2" and d.function_like and not d.placeholder:
            m = _ARGUMENTS.match(note.text, d.span.start)
            if m is not None:
                arguments.setdefault(d.key, set()).add("".join(m[1].split()))
    return frozenset(key for key, args in arguments.items() if len(args) > 1)


_NORMAL_CDF_WORDS = re.compile(data.load("symbols")["known"]["normal_cdf_words"])


_NILPOTENT_WORDS = re.compile(data.load("symbols")["known"]["nilpotent_words"])


def _squares_to_zero(m: MathSpan) -> set[str]:
    """The names ``m`` sets to square to zero: ``\\varepsilon`` of ``\\varepsilon^2=0``."""
    out: set[str] = set()
    for link in _links(m):
        left = link.left.text.strip()
        if link.op != "=" or link.right.text.strip() != "0" or not claims.is_bare(left):
            continue
        name = claims.full_name(left)
        if claims.squash(left) in (claims.squash(name + square) for square in ("^2", "^{2}")):
            out.add(name)
    return out


def _normal_cdf(note: Note, words: str, glossary_keys: frozenset[str]) -> bool:
    """Is ``\\Phi`` the standard normal CDF: the note's ``words`` name it, and section 2
    declares no ``\\Phi`` or declares it in those words (a design matrix Φ is not)?"""
    if not _NORMAL_CDF_WORDS.search(words):
        return False
    if "\\Phi" not in glossary_keys:
        return True
    table = _glossary_of(note)
    entry = table.lookup("\\Phi") if table is not None else None
    return entry is not None and bool(_NORMAL_CDF_WORDS.search(entry.description or ""))


#: the words that make a declared σ a softmax, not the logistic function
_SOFTMAX = re.compile(r"\bsoftmax", re.IGNORECASE)
_LOGISTIC_WORDS = re.compile(data.load("symbols")["known"]["logistic_words"])
#: the codomain of the logistic function, as a map's declaration writes it
_INTO_UNIT_INTERVAL = re.compile(r"\\to\s*[(\[]\s*0\s*,\s*1\s*[)\]]")


def _own_sigma(d: Declaration) -> bool:
    """``d`` (of ``\\sigma``) declares a map of the note's own, not the logistic function."""
    domain, words = d.domain or "", d.description or ""
    if "\\Delta" in domain or _SOFTMAX.search(words):
        return True
    if d.section != "2" or not (d.function_like or d.domain_kind == "map"):
        return False  # a formula of 4.A defines σ itself
    if _LOGISTIC_WORDS.search(words):
        return False
    return not _INTO_UNIT_INTERVAL.search(domain)


#: the words of a count's entry: "number of mistakes", "total number of updates", "count of …"
_COUNT_WORDS = re.compile(r"(?:the\s+)?(?:total\s+)?(?:number|count)\s+of\b", re.IGNORECASE)


#: a domain of counts and sizes: ℕ, ℤ_{>0}, {1, 2, …}
_NATURALS = re.compile(r"\\mathbb\s*\{?\s*[NZ]\b|\\\{\s*1\s*,\s*2\s*,")


def _conventions(span: MathSpan) -> set[str]:
    r"""Equations the glossary states (``\phi'(0)=0`` for ReLU): restated later, they define."""
    out: set[str] = set()
    try:
        chains = chains_of(span)
    except (ValueError, IndexError, AssertionError):
        return out
    for chain in chains:
        for link in chain.links:
            if link.op == "=" and link.left.text and link.right.text:
                out.add(claims.squash(f"{link.left.text}={link.right.text}"))
    return out


def _sentences_with_log(text: str) -> list[str]:
    # split first: a pattern starting with [^.\n]* backtracks quadratically on a long line
    # without "log" (a 200,000-character line took 74 s)
    return [s for s in re.split(r"[.\n]", text) if ("log" in s or "Log" in s) and _LOG_BASE.search(s)]


_HEADING_END = re.compile(r"[.!?](?=\s)|\{Rule")


def _step_facts(
    note: Note, span: MathSpan, key: str | None
) -> tuple[str | None, str | None, bool, str | None, bool, bool, bool, bool]:
    """The derivation step around ``span``: its label, id, whether it states a condition, and
    the provenance tag nearest before the span inside it, whether the span is in the step's
    title line, and whether its rule citation is a bare definition."""
    if key is None or not key.startswith("4"):
        return None, None, False, None, False, False, False, False
    try:
        step = step_at(note, span.start)
    except Exception:  # steps are another feature: never let them break the checks
        step = None
    section = note.section_at(span.start)
    lower = step.span.start if step is not None else (section.body.start if section else 0)
    if step is None and key == "4.C":
        # a check's tag holds in its own paragraph or list item, not in every later check of 4.C
        lower = max(lower, _paragraph_start(note.text, span.start))
    provenance = None
    try:
        tags = [
            t
            for t in note.facet(PROVENANCE).tags
            if lower <= t.span.start < span.start and not _names_corrected(note.text, t.span.start)
        ]
    except Exception:
        tags = []
    if tags:
        provenance = tags[-1].name
    elif step is not None:
        inherited = [t for t in step.inherited_tags if t.span.start < span.start]
        provenance = inherited[-1].name if inherited else None
    if step is None:
        return None, None, False, provenance, False, False, False, False
    line = note.index.position(step.span.start)[0]
    label = f"step {step.number}" if step.number else f"the step at line {line}"
    text = note.text
    first_math = next((m.start for m in step.math), step.span.end)
    line_end = text.find("\n", step.span.start)
    title_end = min(first_math, line_end if line_end >= 0 else step.span.end)
    title = note.without_math(step.span.start, title_end)
    rules = " ".join(c.rule for c in step.citations)
    condition = bool(claims.STEP_CONDITION.search(title) or claims.STEP_CONDITION.search(rules))
    title_line_end = line_end if line_end >= 0 else step.span.end
    # only a marked step's title ("Step 5 — orthonormal design, $X^\top X=I_d$") that names a
    # case in words: the first line of an unmarked paragraph is prose whose relations are claims
    in_title = (
        span.kind == "inline"
        and step.marker is not None
        and step.span.start <= span.start < title_line_end
        and bool(_CASE_WORDS.search(title))
    )
    defines = bool(step.citations) and all(_BARE_DEFINITION.match(c.rule) for c in step.citations)
    # the step's heading: its first sentence ("Step 8 (VERBATIM) — after a ReLU, $\phi(z)=…$.")
    heading_end = title_line_end
    maths = iter(step.math)  # in order: walked once beside the matches (a long title is quadratic otherwise)
    inside = next(maths, None)
    # (after a numbered step's marker: the full stop of "9. Denoising, $G=I_3$: …" ends nothing)
    item = _ITEM_MARK.match(text, step.span.start)
    for m in _HEADING_END.finditer(text, item.end() if item else step.span.start, title_line_end):
        while inside is not None and inside.end <= m.start():
            inside = next(maths, None)
        if inside is None or m.start() < inside.start:
            heading_end = m.start()
            break
    in_heading = span.kind == "inline" and step.marker is not None and span.start < heading_end
    return (
        label,
        f"{key}@{step.span.start}",
        condition,
        provenance,
        in_title,
        defines,
        in_heading,
        # "6. **Case $x>0$**": the title names the case the step treats
        step_case_title(note, step) is not None,
    )


def step_case_title(note: Note, step: Any) -> str | None:
    """The title line of a derivation step that names the case or region it treats ("6. **Case
    $x>0$**", "Envelope on the outer region $|v|>t$"), math included; None for any other."""
    end = note.text.find("\n", step.span.start)
    end = step.span.end if end < 0 else min(end, step.span.end)
    if not _CASE_TITLE.search(note.without_math(step.span.start, end)):
        return None
    return " ".join(note.text[step.span.start : end].split())


#: a rule citation that is a definition and nothing else ("definition", "definition of
#: decoupled weight decay"; not "definition (2) substituted", "chain rule on the definition")
_BARE_DEFINITION = re.compile(r"\s*(?:re)?definition(?:\s+of\s+[A-Za-z][A-Za-z \-]*)?[\s.]*$", re.IGNORECASE)


def _paragraph_start(text: str, offset: int) -> int:
    """Where the paragraph or list item holding ``offset`` starts."""
    start = text.rfind("\n\n", 0, offset) + 1
    items = [m.start() for m in _LIST_ITEM.finditer(text, start, offset)]
    return max([start, *items])


def _names_corrected(text: str, offset: int) -> bool:
    """A tag after "see the corrected": it names a claim corrected earlier and tags
    nothing here (``data/provenance.toml`` ``[recall] names-corrected``)."""
    return re.search(_NAMES_CORRECTED, text[max(0, offset - 40) : offset], re.IGNORECASE) is not None


_NAMES_CORRECTED: str = data.load("provenance")["recall"]["names-corrected"]


#: the start of a list item's line
_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]")


def _only_memberships(span: MathSpan) -> bool:
    """Is every relation of ``span`` a membership (``X \\in \\{0,1\\}``, ``p \\in (0,1)``)?"""
    links = _links(span)
    return bool(links) and all(link.symbol == "\\in" for link in links)


def _renaming(span: MathSpan) -> bool:
    """Is ``span`` one equation of a plain name with a plain name or a number (``v'=d``)?"""
    links = _links(span)
    if len(links) != 1 or links[0].op != "=":
        return False
    left, right = (side.text.strip() for side in (links[0].left, links[0].right))

    def plain(t: str) -> bool:
        return claims.is_bare(t) and "(" not in t

    return plain(left) and (plain(right) or _set_to_number(span) is not None)


def _one_order(span: MathSpan) -> bool:
    """Is ``span`` one order between two sides (``2N_<\\le n``)?"""
    links = _links(span)
    return len(links) == 1 and links[0].op in ("<", "<=", ">", ">=")


def order_gap(link: Link) -> str:
    """The side minus the other that an order says is at least zero (``b-a`` of ``a\\le b``)."""
    small, large = (
        (link.left.text, link.right.text) if link.op in ("<", "<=") else (link.right.text, link.left.text)
    )
    return f"\\left({large}\\right)-\\left({small}\\right)"


def first_link(span: MathSpan) -> Link | None:
    """The first link of ``span``'s chains, if it has one."""
    links = _links(span)
    return links[0] if links else None


def _only_orders(span: MathSpan) -> bool:
    """Is every relation of ``span`` an order (``r_t<1-\\epsilon``, ``\\hat A_t>0``)?"""
    links = _links(span)
    return bool(links) and all(link.op in ("<", "<=", ">", ">=") for link in links)


def _number_set(span: MathSpan) -> bool:
    """Is ``span`` one equation setting an expression to a number (``\\|\\delta\\|_2=1``)?"""
    return _set_to_number(span) is not None


def _case_value(span: MathSpan) -> tuple[str, str] | None:
    """(name, number) when ``span`` is one name set to a number (``\\lambda=0``)."""
    pair = _set_to_number(span)
    return pair if pair is not None and claims.is_bare(pair[0]) else None


def _set_to_number(span: MathSpan) -> tuple[str, str] | None:
    """(left, number) when ``span`` is one equation whose right side is a number."""
    links = _links(span)
    if len(links) != 1 or links[0].op != "=":
        return None
    left, right = links[0].left.text.strip(), links[0].right.text.strip()
    return (left, right) if text_facts(right).numeric else None


def _links(span: MathSpan) -> list[Link]:
    """Every link of ``span``'s chains (none when its math cannot be read)."""
    try:
        return [link for chain in chains_of(span) for link in chain.links]
    except (ValueError, IndexError, AssertionError):
        return []


#: the note's facts, read once: the relation analysis and NL506's derivation both ask (each
#: read them again before: two full reads of the glossary, laws and sentences per note)
NOTE_FACTS: Facet[NoteFacts] = Facet(
    "note-facts", NoteFacts.read, "What the prose and section 2 say about the note's symbols."
)
