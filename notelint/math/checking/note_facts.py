"""What the claim classifier and the CAS jobs need to know from the note around a relation.

Read once per note (plain string work, no SymPy): whether the note follows the standard, the
sentence, step and provenance tag around each math span, the conventions and symbols of the
glossary, the hypotheses stated in sections 2–3 and in a relation's own sentence (as
:class:`~notelint.math.checking.jobs.Assumption` s to sample under), and what ``\\log`` means.
:func:`notelint.math.checking.claims.classify` gets these as explicit inputs and reads no note itself.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from notelint.math.checking import claims
from notelint.math.checking.jobs import Assumption
from notelint.math.reading.relations import chains_of, split_relations
from notelint.parse.provenance import PROVENANCE
from notelint.parse.steps import STEPS

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note

#: filler for a math span inside the prose of a sentence (same length, keeps offsets)
_MATH = "\x00"
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n|:[ \t]*\n")
#: a sentence that says which base its (or every) bare \log has
_LOG_BASE = re.compile(
    r"(?:\\log|\blog(?:arithm)?s?\b)(?!_)[^.\n]{0,80}?\b(?:base[- ]?(?:2|two|10|ten)\b|in bits\b)"
    r"|\b(?:base[- ]?(?:2|two|10|ten)|in bits)\b[^.\n]{0,80}log",
    re.IGNORECASE,
)
_LOG_EVERYWHERE = re.compile(r"\b(?:all|every|throughout|denotes?|refers? to|we use|means?|always)\b", re.I)
#: matrix classes named in words next to a symbol ("orthogonal $Q$", "$A$ is symmetric")
_MATRIX_WORDS = (
    (re.compile(r"symmetric\s+positive[- ]semi-?definite|positive[- ]semi-?definite|\bPSD\b", re.I), "psd"),
    (re.compile(r"(?:symmetric\s+)?positive[- ]definite|\bSPD\b", re.I), "spd"),
    (re.compile(r"\borthogonal\b|\borthonormal\b", re.I), "orthogonal"),
    (re.compile(r"\bsymmetric\b", re.I), "symmetric"),
    (re.compile(r"\bdiagonal\b", re.I), "diagonal"),
    (re.compile(r"\binvertible\b|\bnon-?singular\b", re.I), "invertible"),
)
#: the class word touching a symbol: right before it (…"orthogonal matrix $Q$") or right after
#: ("$A$ is symmetric"), compiled once (they ran once per span and pattern, 14,000 spans)
_TOUCHING = tuple(
    (
        re.compile(rf"(?:{pattern.pattern})\s*(?:matri(?:x|ces))?\s*$", re.I),
        re.compile(
            rf"\s*(?:is|are|be)?\s*(?:an?\s+)?(?:{pattern.pattern})(?![\w-])(?!\s+(?:to|with)\b)", re.I
        ),
        kind,
    )
    for pattern, kind in _MATRIX_WORDS
)
_SET_KINDS = (
    (re.compile(r"^\\mathbb\{S\}(?:\^\{?[^_]*?\}?)?_\{?\+\+\}?"), "spd"),
    (re.compile(r"^\\mathbb\{S\}(?:\^\{?[^_]*?\}?)?_\{?\+\}?"), "psd"),
    (re.compile(r"^\\mathbb\{R\}_\{?(?:>\s*0|\+\+|\\gt\s*0)\}?"), "positive"),
    (re.compile(r"^\\mathbb\{R\}_\{?(?:\+|\\ge(?:q)?\s*0|\\geqslant\s*0)\}?"), "nonnegative"),
    (re.compile(r"^\\mathbb\{(?:N|Z)\}(?:_\{?(?:>\s*0|\+|\\ge(?:q)?\s*1)\}?)?(?![\^])"), "integer"),
    (re.compile(r"^\\mathcal\{O\}\s*\(\s*\w+\s*\)|^O\s*\(\s*\w+\s*\)"), "orthogonal"),
)
_INTERVAL = re.compile(
    r"^(?:\\left)?\s*(?P<lo_b>[(\[]|\\lbrack|\]|\\\{)\s*(?P<lo>[^,;]+?)\s*[,;]\s*(?P<hi>[^,;]+?)\s*"
    r"(?:\\right)?\s*(?P<hi_b>[)\]]|\\rbrack|\[)\s*$"
)
_IN = re.compile(r"\\in(?![A-Za-z])")
_NUMBER = re.compile(r"^\s*([-+]?\s*\d+(?:\.\d+)?|[-+]?\s*\\[dt]?frac\{\d+\}\{\d+\}|\\infty|-\s*\\infty)\s*$")
_TRANSPOSE = r"\^\s*(?:\{\s*\\top\s*\}|\\top|\{\s*T\s*\}|T|\{\s*\\intercal\s*\}|\\intercal)"


#: how many inline spans on each side of a relation, within its sentence, may state its hypotheses
_NEIGHBOURS = 16
#: characters before a span that decide whether they lead into a hypothesis: the longest
#: word of claims.HYPOTHESIS_LEAD ("provided that", 13) and the one before it, with room
_LEAD_TAIL = 24
#: words of a step title that names the case the step treats
_CASE_WORDS = re.compile(
    r"\b(?:cases?|when|if|for|assum\w*|with|under|given|special|design|where|at|regime|limit)\b", re.I
)


@dataclass(frozen=True)
class SpanFacts:
    """The context of one math span."""

    #: the prose of its sentence before it (math blanked) and the whole sentence (math kept)
    lead: str = ""
    sentence: str = ""
    #: an inline span introduced as its sentence's hypothesis ("for $c>0$")
    hypothesis: bool = False
    provenance: str | None = None
    #: "step 3", an id for the step, and whether the step's title or rule says it states a condition
    step: str | None = None
    step_key: str | None = None
    step_condition: bool = False
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
    #: a restriction in words right after an inline relation ("for an orthonormal design")
    qualifier: str = ""
    #: inline math in the title line of a derivation step ("Step 5 — orthonormal design, $X^\top X=I_d$")
    in_title: bool = False
    #: inline math in the bold title of a paragraph of section 4 that names a case ("**Edge
    #: case $m=1$.**"): the case the paragraph treats, and the values its checks use
    in_case_title: bool = False


@dataclass
class NoteFacts:
    standard: bool = False
    conventions: frozenset[str] = frozenset()
    declared: frozenset[str] = frozenset()
    #: hypotheses of sections 2 and 3: hold for the whole note
    assumptions: tuple[Assumption, ...] = ()
    #: "e" unless the note says its bare \log has another base
    log: str = "e"
    _masked: str = ""
    _math_starts: list[int] = field(default_factory=list)
    _citations: list[tuple[int, int]] = field(default_factory=list)
    #: assumptions_in of each inline span, by start offset: a span is read once, however many
    #: spans share its sentence
    _span_assumptions: dict[int, list[Assumption]] = field(default_factory=dict)
    _given_memo: dict[int, list[str]] = field(default_factory=dict)
    #: _word_assumptions of one span with its words clipped at given bounds: each span is read
    #: by the ~33 relations around it, nearly always with the same bounds
    _word_memo: dict[tuple[int, int, int], list[Assumption]] = field(default_factory=dict)

    @classmethod
    def read(cls, note: Note) -> NoteFacts:
        out = cls()
        out.standard = follows_standard(note)
        out._masked = _masked_text(note)
        out._citations = _citation_spans(note.text)
        out._math_starts = [m.start for m in note.math]
        out.declared = _declared(note)
        conventions: set[str] = set()
        found: list[Assumption] = []
        for m in note.math:
            section = note.section_at(m.start)
            key = section.key if section else None
            if key == "2":
                conventions.update(_conventions(m))
            if key in ("2", "3"):
                found.extend(assumptions_in(m))
        for key in ("2", "3"):
            section = note.sections.get(key)
            if section is not None:
                found.extend(_word_assumptions(note, section.body.start, section.body.end, out._math_starts))
        out.conventions = frozenset(conventions)
        out.assumptions = merge(found)
        for sentence in _sentences_with_log(note.text):
            if _LOG_EVERYWHERE.search(sentence) and "\\log_" not in sentence:
                out.log = "?"
        return out

    # -- per span -------------------------------------------------------------------------
    def span_facts(self, note: Note, span: MathSpan, key: str | None) -> SpanFacts:
        start, end = self._sentence_bounds(span)
        lead = self._masked[start : span.start]
        lead_words = re.sub(f"{_MATH}+", " $ ", lead)
        hypothesis = span.kind == "inline" and bool(claims.HYPOTHESIS_LEAD.search(lead_words.rstrip()))
        local: list[Assumption] = []
        given: list[str] = []
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
            if self._hypothesis_lead(start, other.start):
                found = self._span_assumptions.get(other.start)
                if found is None:
                    found = self._span_assumptions[other.start] = assumptions_in(other)
                local.extend(found)
                if not self._in_citation(other):
                    # "{Rule: (I3) with $m_1=\\mu$}" instantiates the rule, it states no hypothesis
                    given.extend(self._given_by(other))
        trailing, qualifier = self._trailing(note, span, here, end)
        if trailing:
            # "$\min(cx,cy)=c\min(x,y)$ for $c>0$ and … for $c<0$": a hypothesis right after a
            # relation is its own, and wins over the others of the sentence on its symbols
            bound = {a.symbol for a in trailing}
            local = [a for a in local if a.symbol not in bound] + trailing
        own_given = tuple(dict.fromkeys(given))
        given.extend(self._paragraph_given(note, span, start, here))
        # the words around the same neighbours ("orthogonal $Q$"), clipped at the sentence
        for other in note.math[first : here + _NEIGHBOURS + 1]:
            if other.start >= end:
                break
            local.extend(_span_words(note, other, start, end, self._word_memo))
        step, step_key, step_condition, provenance, in_title = _step_facts(note, span, key)
        in_citation = any(a <= span.start and span.end <= b for a, b in self._citations)
        in_case_title = bool(key and key.startswith("4")) and _in_case_title(note.text, span)
        example_binding = span.kind != "inline" or bool(_EXAMPLE_LEAD.search(lead_words)) or in_case_title
        return SpanFacts(
            in_citation=in_citation,
            example_binding=example_binding,
            lead=lead_words,
            sentence=note.text[start:end],
            hypothesis=hypothesis,
            provenance=provenance,
            step=step,
            step_key=step_key,
            step_condition=step_condition,
            assumptions=tuple(local),
            given=tuple(dict.fromkeys(given)),
            own_given=own_given,
            in_title=in_title,
            in_case_title=in_case_title,
            qualifier=qualifier,
        )

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
        phrase = " ".join(between[words.start(1) :].split()[:6]).rstrip(".,;:")
        if "$" in phrase or _UNIVERSAL.match(phrase):
            return [], ""
        return [], phrase

    def _paragraph_given(self, note: Note, span: MathSpan, sentence_start: int, here: int) -> list[str]:
        """Equations stated as hypotheses earlier in the paragraph ("for $Kv=0$, … . All of
        them …, because $v^\top Kv=0$")."""
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
        i = here - 1
        while i >= 0 and note.math[i].start >= lo:
            other = note.math[i]
            i -= 1
            if other.start >= sentence_start or other.kind != "inline":
                continue
            before = re.sub(f"{_MATH}+", " $ ", text[max(lo, other.start - 80) : other.start]).rstrip()
            if claims.HYPOTHESIS_LEAD.search(before) and not self._in_citation(other):
                out.extend(self._given_by(other))
        return out

    def _given_by(self, span: MathSpan) -> list[str]:
        """:func:`_hypothesis_equations` of a span, read once (a paragraph asks for each of its
        spans again at every later relation)."""
        found = self._given_memo.get(span.start)
        if found is None:
            found = self._given_memo[span.start] = _hypothesis_equations(span)
        return found

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
            if a.symbol not in chosen or any(b.kind == a.kind for b in chosen[a.symbol]):
                chosen.setdefault(a.symbol, [])
                if a not in chosen[a.symbol]:
                    chosen[a.symbol].append(a)
        out = [
            a for sym, items in chosen.items() if _uses(text, sym) for a in merge(items) if a.symbol == sym
        ]
        return tuple(sorted(set(out), key=lambda a: (a.symbol, a.kind)))

    def log_base(self, sentence: str) -> str:
        """``"?"`` when the note, or this sentence, says its bare ``\\log`` is not natural."""
        if self.log != "e":
            return self.log
        if _LOG_BASE.search(re.sub(r"\\log_\{?\w+\}?", " ", sentence)):
            return "?"
        return "e"


#: a sentence that gives an example its values: "Take $n=3$, $x=(0,6)^\top$", "with $\lambda=1$"
_EXAMPLE_LEAD = re.compile(
    r"\b(?:take|taking|let|with|set|setting|choose|choosing|for|using|given|suppose|consider|at)\b"
    # "Numerical check: $q=0.8$, $a=2$: …": the values a labelled check runs on
    r"|\b(?:check|example|instance)\s*:",
    re.IGNORECASE,
)
#: words after an inline relation that restrict it: "$…$ for $c<0$", "$…$ for an orthonormal design"
_QUALIFIER = re.compile(
    r"[ \t]*,?[ \t]*((?:for|when|whenever|if|provided(?: that)?|assuming|unless)\b)[ \t]*", re.I
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
_CASE_TITLE = re.compile(r"\bcases?\b", re.IGNORECASE)


def _in_case_title(text: str, span: MathSpan) -> bool:
    """Is the inline ``span`` inside a bold paragraph title that names a case ("**Edge case
    $\\sigma^2=0$ with $m\\ge 2$**")? Its relations state the case, they claim nothing."""
    if span.kind != "inline":
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    m = _BOLD_TITLE.match(text, line_start)
    if m is None or not (m.start("title") <= span.start and span.end <= m.end("title")):
        return False
    words = re.sub(r"\$[^$]*\$", " ", m.group("title"))
    return bool(_CASE_TITLE.search(words))


_RULE_OPEN = re.compile(r"\{\s*(?:\\text\{)?\s*Rule\s*:", re.IGNORECASE)


def _citation_spans(text: str) -> list[tuple[int, int]]:
    """``{Rule: …}`` citations, to their matching brace (they may contain math with braces)."""
    out = []
    for m in _RULE_OPEN.finditer(text):
        depth = 0
        for i in range(m.start(), min(len(text), m.start() + 4000)):
            c = text[i]
            if c == "\\":
                continue
            if c == "{" and (i == 0 or text[i - 1] != "\\"):
                depth += 1
            elif c == "}" and text[i - 1] != "\\":
                depth -= 1
                if depth == 0:
                    out.append((m.start(), i + 1))
                    break
    return out


def follows_standard(note: Note) -> bool:
    """A note written to the standard: a section 2 and the subsections of section 4."""
    keys = set(note.sections)
    return "2" in keys and len({"4.A", "4.B", "4.C", "4.D", "4.E"} & keys) >= 2


def _uses(text: str, symbol: str) -> bool:
    if claims.mentions(text, symbol):
        return True
    inner = re.fullmatch(r"\\(?:mathbf|boldsymbol|bm)\{(.+)\}", symbol)
    return inner is not None and claims.mentions(text, inner.group(1))


def _masked_text(note: Note) -> str:
    chars = list(note.text)
    for m in note.math:
        for i in range(m.start, m.end):
            chars[i] = _MATH
    return "".join(chars)


def _declared(note: Note) -> frozenset[str]:
    try:
        from notelint.math.semantics.glossary import glossary

        table = glossary(note)
    except Exception:  # the glossary is another feature: never let it break the checks
        return frozenset()
    return frozenset(d.key for d in table.declarations if not d.implicit and not d.mentioned)


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


def _step_facts(
    note: Note, span: MathSpan, key: str | None
) -> tuple[str | None, str | None, bool, str | None, bool]:
    """The derivation step around ``span``: its label, id, whether it states a condition, and
    the provenance tag nearest before the span inside it, and whether the span is in the step's
    title line."""
    if key is None or not key.startswith("4"):
        return None, None, False, None, False
    step = None
    try:
        for s in note.facet(STEPS):
            if s.layout != "align-row" and s.span.start <= span.start < s.span.end:
                step = s
    except Exception:  # steps are another feature: never let them break the checks
        step = None
    section = note.section_at(span.start)
    lower = step.span.start if step is not None else (section.body.start if section else 0)
    provenance = None
    try:
        tags = [t for t in note.facet(PROVENANCE).tags if lower <= t.span.start < span.start]
    except Exception:
        tags = []
    if tags:
        provenance = tags[-1].name
    elif step is not None:
        inherited = [t for t in step.inherited_tags if t.span.start < span.start]
        provenance = inherited[-1].name if inherited else None
    if step is None:
        return None, None, False, provenance, False
    line = note.index.position(step.span.start)[0]
    label = f"step {step.number}" if step.number else f"the step at line {line}"
    text = note.text
    first_math = next((m.start for m in step.math), step.span.end)
    line_end = text.find("\n", step.span.start)
    title_end = min(first_math, line_end if line_end >= 0 else step.span.end)
    title = re.sub(r"\$[^$]*\$", " ", text[step.span.start : title_end])
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
    return label, f"{key}@{step.span.start}", condition, provenance, in_title


# ---- hypotheses → assumptions ------------------------------------------------------------------
def _number(text: str) -> str | None:
    m = _NUMBER.match(text)
    if not m:
        return None
    raw = re.sub(r"\s+", "", m.group(1))
    if "infty" in raw:
        return None
    frac = re.fullmatch(r"([-+]?)\\[dt]?frac\{(\d+)\}\{(\d+)\}", raw)
    if frac:
        value = Fraction(int(frac.group(2)), int(frac.group(3)))
        return f"{frac.group(1)}{value.numerator}/{value.denominator}"
    return raw.lstrip("+")


def _symbols(text: str) -> list[str]:
    """``a, b`` / ``\\alpha`` → the bare names of a comma list (empty when one is not bare)."""
    parts = [p.strip() for p in re.split(r",|\\,", text) if p.strip()]
    if not parts or not all(claims.is_bare(p) and "(" not in p for p in parts):
        return []
    return [claims.full_name(p) for p in parts]


def assumptions_in(math: str | MathSpan) -> list[Assumption]:
    r"""The hypotheses one math span (or LaTeX text) states: ``a>0``, ``0<\gamma<1``,
    ``S^\top=S``, ``\Sigma\in\mathbb{S}^d_{++}``, ``Q^\top Q=I``, ``p\in[0,1]``."""
    latex = math if isinstance(math, str) else math.latex
    out: list[Assumption] = []
    for piece in re.split(
        r",\s*(?:\\quad|\\qquad|\\;|\\text\{[^{}]*\})|\\quad|\\qquad|\\text\{[^{}]*\}", latex
    ):
        out.extend(_set_membership(piece))
    try:
        chains = split_relations(latex) if isinstance(math, str) else chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return out
    for chain in chains:
        for link in chain.links:
            out.extend(_from_link(link.op, link.left.text.strip(), link.right.text.strip()))
    return out


#: the start of a list item's line
_LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]")


def _hypothesis_equations(math: str | MathSpan) -> list[str]:
    r"""The equations of a hypothesis span that no :class:`Assumption` can sample (``Kv=0``,
    ``b=0``; ``S^\top=S`` is sampled as a symmetric matrix), and the orders between two
    symbols (``N\le d``)."""
    try:
        chains = split_relations(math) if isinstance(math, str) else chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return []
    out = []
    for chain in chains:
        for link in chain.links:
            left, right = link.left.text.strip(), link.right.text.strip()
            if not left or not right:
                continue
            if link.symbol in _UNSAMPLED_RELATIONS or (
                link.symbol in ("\\in", "\\subset", "\\subseteq")
                and not right.startswith(_NUMBER_SETS)
                and not _set_membership(f"{left}{link.symbol} {right}")
            ):
                # "with $u_\\perp\\perp\\mathcal{M}$", "$u_\\parallel\\in\\mathcal{M}$": a subspace or
                # orthogonality no sample respects
                out.append(f"{left}{link.symbol} {right}")
                continue
            if link.op in ("<", "<=", ">", ">=") and not _from_link(link.op, left, right):
                # "for $N\le d$": an order between two symbols, which no one-symbol sample respects
                if _number(left) is None and _number(right) is None:
                    out.append(f"{left}{link.symbol} {right}")
                continue
            if link.op != "=" or _from_link("=", left, right):
                continue
            out.append(f"{left}={right}")
    return out


#: hypotheses between vectors and subspaces that sampling cannot respect
_UNSAMPLED_RELATIONS = ("\\perp", "\\parallel")
#: index ranges and number sets: memberships that state no hypothesis to sample under
_NUMBER_SETS = ("\\{", "[", "(", "]", "\\mathbb", "\\R", "\\N", "\\Z")


def _from_link(op: str, left: str, right: str) -> list[Assumption]:
    if op == "=":
        for a, b in ((left, right), (right, left)):
            m = re.fullmatch(rf"(.+?)\s*{_TRANSPOSE}", a)
            if m and claims.squash(m.group(1)) == claims.squash(b) and claims.is_bare(b):
                return [Assumption(claims.full_name(b), "symmetric")]
            m = re.fullmatch(rf"(.+?)\s*{_TRANSPOSE}\s*(.+?)", a)
            if (
                m
                and claims.squash(m.group(1)) == claims.squash(m.group(2))
                and re.fullmatch(
                    r"\s*(?:I|\\mathbf\{I\}|\\mathbb\{I\}|\\boldsymbol\{I\})(?:_\{?\w+\}?)?\s*", b
                )
                and claims.is_bare(m.group(1))
            ):
                return [Assumption(claims.full_name(m.group(1)), "orthogonal")]
        return []
    if op not in ("<", "<=", ">", ">=", "!="):
        return []
    flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!="}
    sym_text, num_text = left, right
    if _number(left) is not None:
        sym_text, num_text, op = right, left, flip[op]
    value = _number(num_text)
    names = _symbols(sym_text)
    if value is None or not names:
        return []
    out = []
    for name in names:
        if name == "e":
            continue
        if op == "!=":
            if value == "0":
                out.append(Assumption(name, "nonzero"))
            continue
        if value == "0":
            kind = {">": "positive", ">=": "nonnegative", "<": "negative", "<=": "nonpositive"}[op]
            out.append(Assumption(name, kind))
        elif op in (">", ">="):
            out.append(Assumption(name, "interval", lo=value, lo_open=op == ">"))
        else:
            out.append(Assumption(name, "interval", hi=value, hi_open=op == "<"))
    return out


def _set_membership(piece: str) -> list[Assumption]:
    m = _IN.search(piece)
    if not m:
        return []
    names = _symbols(piece[: m.start()])
    rest = piece[m.end() :].strip().rstrip(".,;")
    if not names:
        return []
    for pattern, kind in _SET_KINDS:
        if pattern.match(rest):
            return [Assumption(n, kind) for n in names]
    iv = _INTERVAL.match(rest)
    if iv:
        lo, hi = _number(iv.group("lo")), _number(iv.group("hi"))
        lo_inf = "infty" in iv.group("lo")
        hi_inf = "infty" in iv.group("hi")
        if (lo is None and not lo_inf) or (hi is None and not hi_inf):
            return []
        lo_open = iv.group("lo_b") in ("(", "]")
        hi_open = iv.group("hi_b") in (")", "[")
        return [Assumption(n, "interval", lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open) for n in names]
    return []


def _word_assumptions(note: Note, start: int, end: int, math_starts: list[int]) -> list[Assumption]:
    """The class words touching the symbols of the inline spans from ``start`` to ``end``."""
    out: list[Assumption] = []
    i = bisect.bisect_left(math_starts, start)
    for m in note.math[i:]:
        if m.start >= end:
            break
        out.extend(_span_words(note, m, start, end))
    return out


def _span_words(
    note: Note,
    m: MathSpan,
    start: int,
    end: int,
    memo: dict[tuple[int, int, int], list[Assumption]] | None = None,
) -> list[Assumption]:
    """ "orthogonal $Q$", "$A$ is symmetric positive definite", "for symmetric positive-definite $A$".

    The class word must touch the symbol (only "matrix", "is", "a" between them), so "the
    diagonal of $A$" and "$x$ orthogonal to $y$" state nothing. The words are read up to 60
    characters around ``m``, within ``start``…``end``.
    """
    if m.kind != "inline":
        return []
    lo, hi = max(start, m.start - 60), min(end, m.end + 60)
    key = (m.start, lo, hi)
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = _touching_words(m.latex, note.text[lo : m.start], note.text[m.end : hi])
        if memo is not None:
            memo[key] = found
    return found


def _touching_words(latex: str, before: str, after: str) -> list[Assumption]:
    names = _symbols(_IN.split(latex, maxsplit=1)[0])
    if not names:
        return []
    for touching_before, touching_after, kind in _TOUCHING:
        if touching_before.search(before) or touching_after.match(after):
            return [Assumption(n, kind) for n in names]
    return []


def merge(items: list[Assumption]) -> tuple[Assumption, ...]:
    """One assumption per symbol and kind; two bounds of one symbol make one interval."""
    out: dict[tuple[str, str], Assumption] = {}
    for a in items:
        k = (a.symbol, a.kind)
        old = out.get(k)
        if old is None or a.kind != "interval":
            out[k] = a if old is None else old
            continue
        out[k] = Assumption(
            a.symbol,
            "interval",
            lo=old.lo if old.lo is not None else a.lo,
            hi=old.hi if old.hi is not None else a.hi,
            lo_open=old.lo_open if old.lo is not None else a.lo_open,
            hi_open=old.hi_open if old.hi is not None else a.hi_open,
        )
    # a sign and an interval of one symbol: one interval (0 < \gamma < 1 is read as two links)
    signs = {
        "positive": ("lo", True),
        "nonnegative": ("lo", False),
        "negative": ("hi", True),
        "nonpositive": ("hi", False),
    }
    for sym, kind in list(out):
        iv = out.get((sym, "interval"))
        if kind not in signs or iv is None:
            continue
        end, is_open = signs[kind]
        if end == "lo" and iv.lo is None:
            out[(sym, "interval")] = Assumption(sym, "interval", "0", iv.hi, is_open, iv.hi_open)
        elif end == "hi" and iv.hi is None:
            out[(sym, "interval")] = Assumption(sym, "interval", iv.lo, "0", iv.lo_open, is_open)
        else:
            continue
        del out[(sym, kind)]
    return tuple(out.values())
