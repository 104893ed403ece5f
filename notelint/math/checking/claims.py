"""Claims, definitions and conditions: which links are checked and which may be reported.

Plain string work (no SymPy), run in the parent process. The policy, from RULES.md (NL5xx):
a definition introduces a symbol and is used, not checked; a condition holds only for some
values and is never refuted; when notelint cannot tell a claim from a condition the verdict
is unknown, never an error. A false alarm on a real note is the worst outcome, so a link is
reported only when it is clearly a claim (see :func:`refutable`).

What a side's LaTeX says structurally — a number, calculus, the names it uses and binds, a
letter used whole and by entries, written shapes — is read from its atoms
(:mod:`notelint.math.reading.text_facts`), and so are the names it gives and uses — a bare
name, a function applied to its parameters, whether another text uses a name, a canonical
spelling to compare names by (:mod:`notelint.math.reading.side_names`). The patterns left here
read *prose* (``CONDITION_CUES``, ``STEP_CONDITION``, ``HYPOTHESIS_LEAD``: words of a sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notelint import data
from notelint.math.reading.lexicon import lexicon
from notelint.math.reading.side_names import is_identity, side_reading, text_spelling, uses_name
from notelint.math.reading.text_facts import text_facts

#: prose cues before a span that make its equations conditions, not claims (reads words)
CONDITION_CUES = re.compile(
    r"\b(set(?:ting)?|equat(?:e|ing)|solv(?:e|ing)|such that|s\.t\.|subject to|constraint|condition|assum|suppose|"
    r"let|if|when(?:ever)?|where|satisf|stationar|optimal|optimum|minimi[sz]er|eigen|first-order|"
    r"critical point|zero|requir|impos|given|wlog|choose|pick|for some|there exists?|holds? for|iff)\b",
    re.IGNORECASE,
)


def shape_arithmetic(left: str, right: str) -> bool:
    r"""``(h\times B)(B\times c) = h\times c``: a product of shapes written out in a dimensional
    check, about shapes and not numbers (NL505 checks it); the result may be one size (``= n``).
    ``n\times d = nd``, which counts entries, is not of this form (read from the atoms:
    :attr:`TextFacts.shape_form`)."""
    forms = (text_facts(left).shape_form, text_facts(right).shape_form)
    return None not in forms and "product" in forms


def is_bare(text: str) -> bool:
    """A side that just names something: ``J(w)``, ``\\hat{y}``, ``p_i``, ``w^\\star``, ``\\sigma'(z)``
    (:attr:`SideReading.bare`, read from the atoms)."""
    return side_reading(text).bare is not None


def is_zero(text: str) -> bool:
    return text.strip() in (
        "0",
        "\\mathbf{0}",
        "\\mathbf 0",
        "\\boldsymbol{0}",
        "0_d",
        "\\vec{0}",
        "\\mathbf{0}_d",
    )


def function_definition(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``\\sigma(z)``, ``J(w)``, ``f(x, y)`` → (name LaTeX, parameter LaTeX names)
    (:attr:`SideReading.function`)."""
    return side_reading(text).function


def head_name(text: str) -> str:
    """The LaTeX name a side starts with (``J(w)`` → ``J``, ``\\hat{y}_i`` → ``\\hat{y}``)."""
    return side_reading(text).head


def mentions(text: str, name: str) -> bool:
    """Does ``text`` use the symbol ``name`` (``A`` is in ``AB``, ``x`` is not in ``\\exp``)?
    Names are compared by their spelling (:func:`~notelint.math.reading.side_names.uses_name`)."""
    return uses_name(text, name)


def full_name(text: str) -> str:
    """The whole written name of a bare side, without arguments: ``p_2``, ``w^\\star``, ``J``.

    A primed function (``\\sigma'(z)``) is named by its base, ``\\sigma``: its derivative is
    computed from the base's definition; ``\\sigma^2`` names ``\\sigma``.
    """
    return side_reading(text).name


def naming_side(left: str, right: str) -> str | None:
    """Which side of an equality introduces a name: ``"left"``, ``"right"`` or None.

    A bare side whose name does not occur on the other side introduces (or re-introduces)
    that name: ``J(w) = …``, ``… = \\bar{x}``. ``\\sigma'(z) = \\sigma(z)(1-\\sigma(z))`` and
    ``\\nabla_x a^\\top x = x`` introduce nothing: they are claims.
    """
    if is_bare(left) and not mentions(right, full_name(left)):
        return "left"
    if is_bare(right) and not mentions(left, full_name(right)):
        return "right"
    return None


#: how notes write a transpose as a superscript (``A^\top``, ``A^{T}``, ``A^\intercal``), squashed
_TRANSPOSES = ("^\\top", "^T", "^\\intercal", "^{\\mathsfT}", "^{\\mathrmT}", "^\\mathsf{T}")


def states_symmetry(left: str, right: str) -> bool:
    """``A=A^\\top``: a class a matrix is sampled in (symmetric), no value of it."""
    a, b = squash(left), squash(right)
    return any(b == a + t or a == b + t for t in _TRANSPOSES) and is_bare(a if b.startswith(a) else b)


def self_referential(left: str, right: str) -> bool:
    """``w = w - \\eta g``: an update or fixed-point equation, never an identity claim."""
    reading = side_reading(left)
    if reading.bare is not None and "^" in reading.spelling and "^" not in reading.bare.name:
        return False  # P^2 = 2P: a power of the name, not a new value of it
    return reading.bare is not None and mentions(right, full_name(left)) and "'" not in left.split("(")[0]


#: the words right before an inline relation that reject it: ", not $k\le R/\gamma$" (reads
#: words; "instead of $\sqrt{1-\bar\alpha_t}=…$" names the right term, and its identity is a claim)
DENIED = re.compile(r"(?:\bnot|\bnever)\s*$", re.IGNORECASE)


# ---- the classifier ---------------------------------------------------------------------------
#: a sentence that makes its equations conditions (used only for notes that do not follow
#: the standard, and only within the link's own sentence)
#: what a derivation step's own title or rule line says when its equation is a condition
#: (reads words)
STEP_CONDITION = re.compile(
    r"\b(?:condition|stationar\w*|first-order|optimality|set(?:ting)?\b[^.]{0,60}\bto zero|"
    r"solv(?:e|es|ed|ing)\b[^.]{0,40}\b(?:for|on|separately)\b|equat(?:e|ing)\b[^.]{0,40}\bto zero|KKT|"
    # "{Rule: set $f(k^\star)=\varepsilon$ …, take $\ln$ and solve}": solved for the design value
    r"constraint|case analysis|\band\s+solve\b(?=\s*(?:[;,.}]|$)))",
    re.IGNORECASE,
)
#: words right before an inline span that make it the sentence's hypothesis ("for $c>0$")
#: (reads words)
HYPOTHESIS_LEAD = re.compile(
    r"(?:\b(?:for|for all|for every|for any|whenever|if|iff|when|as soon as|at|assuming|provided(?: that)?|given|"
    r"(?:if|when)\s+(?:moreover|also|further(?:more)?|in addition|additionally)|"
    r"such that|so that|where|with|unless|under|s\.t\.|subject to|(?:would|must|to)\s+(?:have\s+to\s+)?satisfy|"
    # "(15) requires $k\ge 72.1$": what a bound needs, a condition on k
    r"requires|require|needs|"
    # "Centring means $X^\top\mathbf{1}_n=0$": what a word opening its sentence means, the case
    # it names (not "this means $x=3$", "which for the range … means $s=0.02$": conclusions)
    r"(?:^|(?<=^\s)|(?<=[.;:!?]\s))(?!(?:this|that|which|it|so)\b)(?:[\w-]+\s+){0,2}[\w-]+\s+means|"
    # "a proof would need at least a step size $\eta<2/L$": what it needs, a few words on
    r"(?:requires?|needs?|needed|required)(?:\s+(?:at\s+least|at\s+most|only|also|an?|the|some))*\s+"
    r"(?:step(?:\s+size)?|(?:learning\s+)?rate|condition|bound|constraint|margin|threshold|sample\s+size)s?|"
    # "splitting off the term $t=k$", "only the term $k=t$ survives": an index value, a case
    r"term|terms|summand|"
    # "the iterates $x_{k+1}=\mathcal{T}x_k$ satisfy …": the sequence a conclusion is about
    r"iterates|"
    # "the level set $x^\top Ax=1$", "the ellipse $x^\top Ax=1$", "the hyperplane $w^\top x=0$":
    # the set an equation cuts out, not a claim that it holds
    r"(?:(?:level|sub-?level|super-?level|feasible|constraint)\s+)?sets?|ellips(?:e|es|oid|oids)|hyperplanes?|circles?|spheres?|"
    r"contours?|regions?|"
    # "…: on $|v|\le t$ the left inequality is …; on $|v|>t$ both are immediate": the region a
    # clause opening with "on" treats
    r"(?:(?<=[,:;(]\s)|(?<=^))on|"
    # "The normal equations $A^\top Ax=A^\top b$": an equation named as one, not an identity
    r"equations?|"
    # "the unique minimiser solves $X^\top Xw=X^\top y$", "solving $Ax=b$ gives": an equation
    # its unknown satisfies, not an identity
    r"solves|solving|"
    # "(I3) The roots of $Aq^2+Bq+C=0$ are …": the equation whose solutions it is about
    r"(?:roots?|solutions?|zeros|zeroes)\s+of(?:\s+the)?(?:\s+(?:equation|quadratic|polynomial|system))?|"
    # "At the boundary $\eta a=2(1+\beta)$, …", "in the case $m=n$": the case a conclusion is at
    r"(?:at|on)\s+the\s+(?:boundary|edge|point|line|curve)|in\s+the\s+(?:special\s+)?(?:case|regime)|"
    # "(I2) A recurrence $s_{k+1}=a s_k+b s_{k-1}$ is equivalent to …", "a real skew-symmetric
    # matrix $S=-S^\top$": any such object
    r"\ban?\s+(?:[\w-]+\s+){0,3}?(?:recurrence|sequence|matrix|vector))"
    r"\s*(?:some\s+|all\s+|every\s+|any\s+)?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LinkFacts:
    """Everything :func:`classify` may look at, for one link ``left op right``.

    Plain data read from the note by the analysis; the classifier itself reads no note.
    """

    op: str
    left: str
    right: str
    #: position in its chain (``a = b = c``: 0 and 1), the chain's number of links, and
    #: whether the left side was carried from the previous align line
    index: int = 0
    chain_len: int = 1
    continued: bool = False
    #: the chain's last side is zero (``\frac{d}{dc}J = 2c - 1 = 0``): its last link is the
    #: stationarity condition, the links before it computations
    ends_at_zero: bool = False
    #: the chain's last side is a number (``(q_1^\\top e_0)^2=(q_2^\\top e_0)^2=\\tfrac12``): in a
    #: worked example, every link before it is a value of the example too
    ends_at_number: bool = False
    #: the chain's first side is a number (``0<\lambda_0<2\hat\lambda``): with a bare symbol
    #: in the middle, the chain states that symbol's interval
    starts_at_number: bool = False
    #: a later link of a chain whose first side computes something (a derivative, sum,
    #: integral or limit): ``\\frac{d^2}{dx^2}\\log\\sigma(x) = -\\sigma(x)(1-\\sigma(x)) < 0``
    #: states a property of the result, as an order with calculus in it does
    computes: bool = False
    #: the (sub)section key of the standard ("2", "3", "4.A"…"4.E") or None
    section: str | None = None
    #: the note follows the standard: its structure, not prose cues, decides
    standard: bool = False
    #: the prose of the link's own sentence before the math, math blanked out (lower-case
    #: not required)
    lead: str = ""
    #: its sentence names it as a mistake ("Writing $…$ omits the transpose")
    mistake: bool = False
    #: the span is inline and the words right before it make it a hypothesis ("for $c>0$")
    hypothesis: bool = False
    #: the relation is inline math, part of a sentence
    inline: bool = False
    #: inside a ``{Rule: …}`` citation (the statement of the rule applied)
    in_citation: bool = False
    #: the provenance tag nearest before the link inside its step ("LECTURER CLAIM",
    #: "RECONSTRUCTED", "VERBATIM", …) or None
    provenance: str | None = None
    #: the step's label ("step 3") and whether its title or rule line says it states a
    #: condition ("first-order stationarity", "setting (3) to zero")
    step: str | None = None
    step_condition: bool = False
    #: the step's rule citation is a bare definition ("{Rule: definition of …}")
    step_definition: bool = False
    #: inline math in the title line of its step (the step's subject or hypothesis)
    in_title: bool = False
    #: inline math in a paragraph's bold title that names a case ("**Edge case $m=1$.**")
    in_case_title: bool = False
    #: math its sentence introduces as the values of a worked example ("Take $n=3$")
    example_binding: bool = False
    #: symbols a condition of this same step solves for, with that condition's label
    constrained: frozenset[str] = frozenset()
    constrained_by: str = ""
    #: names (and functions) given a symbolic definition so far, normalised by :func:`squash`:
    #: ``f'(x) = …`` with ``f`` defined is a computation, and a 4.E result restating a
    #: defined name must agree with its definition
    defined: frozenset[str] = frozenset()
    #: in a note without the standard, the names its own display defined in rows before this
    #: link (``y = x^x`` then ``dy/dx = y(\ln x+1)``), normalised by :func:`squash`
    display_defined: frozenset[str] = frozenset()
    #: names used by the relations of 4.B's steps before this link, normalised by
    #: :func:`squash` (a bound on one of them is where that derivation leads)
    derived: frozenset[str] = frozenset()
    #: relations the glossary states as conventions (normalised by :func:`squash`)
    conventions: frozenset[str] = frozenset()
    #: symbols section 2 declares (``e`` declared there is a symbol, else Euler's number)
    declared: frozenset[str] = frozenset()
    #: the declared symbols that are sizes (``n`` of ``X\in\mathbb{R}^{n\times d}``, ``m\in\mathbb{N}``)
    sizes: frozenset[str] = frozenset()
    #: counts the glossary defines in words (``M``: "number of mistakes"), no size of a shape
    counts: frozenset[str] = frozenset()
    #: names the glossary declares as an eigenvalue or a root: ``p(\lambda)=0`` is their equation
    unknowns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Role:
    """What a link is. ``kind``: "claim" (checked and reported), "definition" (recorded, not
    checked), "condition" (neither checked for errors nor counted), "quoted" (the lecturer's
    claim, quoted), "maybe-condition" (checked; a failure is unknown, not an error)."""

    kind: str
    #: why it is not a claim, in words for the writer ("defines $\\hat w$")
    reason: str = ""
    #: the name a definition defines / the symbols a condition solves for
    names: tuple[str, ...] = ()

    @property
    def checked(self) -> bool:
        return self.kind in ("claim", "maybe-condition")


def squash(latex: str) -> str:
    """The canonical spelling of a LaTeX text, for comparing a relation with a convention and
    names with names (:func:`~notelint.math.reading.side_names.text_spelling`: no spaces,
    spacing or sizing; ``\\hat{y}`` and ``\\hat y`` alike)."""
    return text_spelling(latex)


#: the reason of a defined name's value in an example a derivation step works (no step)
EXAMPLE_VALUE = "the value of the example its sentence introduces"
#: words that introduce an example in a derivation ("Counterexample:", "for instance")
_EXAMPLE_LEAD = re.compile(r"\bcounter-?examples?\b|\bfor (?:example|instance)\b", re.IGNORECASE)


#: "Example: $…$", "e.g. $…$": the words right before an example's data
_EXAMPLE_DATA_LEAD = re.compile(
    r"(?:\bexample\s*:|\be\.g\.,?|\bfor (?:example|instance),?)\s*$", re.IGNORECASE
)


def _example_data(facts: LinkFacts) -> str | None:
    r"""The expression an inline equation right after "Example:" gives a number or a matrix of
    numbers (``X^\top X`` of "Example: $X^\top X=…$"), or None; an application (``\sigma(0)=
    \tfrac12``) is a computation, not data."""
    if not facts.inline or facts.op != "=" or facts.index != 0 or not _EXAMPLE_DATA_LEAD.search(facts.lead):
        return None
    left, right = facts.left.strip(), facts.right.strip()
    if not free_names_in(left) or free_names_in(right) or "(" in left or is_bare(left):
        return None  # (a bare name's value is the example's, read as one elsewhere)
    return left


def _numeric(text: str) -> bool:
    """A number written out (``3``, ``-(1+2)/4``, ``-\\frac{3}{4}``), read from its atoms."""
    return text_facts(text).numeric


def _bare_symbol(text: str, declared: frozenset[str]) -> bool:
    """A bare name; ``e`` counts only when section 2 declares a symbol ``e``."""
    if not is_bare(text):
        return False
    return not (full_name(text) == "e" and "e" not in declared)


def _domain_statement(facts: LinkFacts) -> str | None:
    r"""``\lambda > 0``, ``p \le 1``: a bare symbol bounded by a number states its range."""
    if facts.op not in ("<=", ">=", "<", ">", "!="):
        return None
    for sym, num in ((facts.left, facts.right), (facts.right, facts.left)):
        if _bare_symbol(sym, facts.declared) and _numeric(num):
            return full_name(sym)
    if (
        facts.index == 1
        and facts.chain_len == 2
        and facts.starts_at_number
        and facts.op in ("<=", "<", ">=", ">")
        and _bare_symbol(facts.left, facts.declared)
    ):
        # "the basin $0<\lambda_0<2\hat\lambda$": the other end of the interval its first link opens
        return full_name(facts.left)
    if _bare_symbol(facts.left, facts.declared) and _bare_symbol(facts.right, facts.declared):
        # "$d>n$", "$t'<t$": an order between two symbols states a case, it derives nothing
        return f"{full_name(facts.left)}$ against ${full_name(facts.right)}$ (a case)"
    return None


def _bound_on_symbol(facts: LinkFacts) -> str | None:
    r"""``k \le R^2/\gamma^2``: an order between a bare symbol the note does not define, on the
    left, which the derivation's earlier steps already use, and an expression without it; the
    symbol's name, else None. A bound on a symbol no step has used yet, or an expression
    compared with a size ("the rank is at most $N-1<d$"), is a claim about free values, and
    checked."""
    if facts.op not in ("<=", ">=", "<", ">"):
        return None
    # the bounded quantity on the left, as results are written ("$k\le\dots$", "$n\ge\dots$")
    sym, other = facts.left, facts.right
    if _numeric(other):
        return None
    bare = _bare_symbol(sym, facts.declared)
    if bare:
        name = full_name(sym)
    else:
        # "$\sqrt{k}\le R/\gamma$": a function of the one count it bounds
        names = free_names_in(sym)
        if len(names) != 1 or not free_names_in(other) or text_facts(sym).calculus:
            return None
        name = next(iter(names))
    key = squash(name)
    # (t_k, the step the iteration accepts, after steps that derive the condition on t)
    used = key in facts.derived or squash(head_name(name)) in facts.derived
    # ("$M\le(R/\gamma)^2$" with M "the total number of mistakes": a count the words fix)
    counted = any(squash(c) == key for c in facts.counts)
    if key not in facts.defined and ((bare and used) or counted) and not mentions(other, name):
        return name
    return None


def _relates_counts(facts: LinkFacts) -> bool:
    """Are both sides made of counts the glossary defines in words, and nothing else (a sum's
    upper limit aside)? ``\\operatorname{tr}(I_d)=N`` is not: ``d`` is a dimension."""
    if not facts.counts:
        return False
    sides = []
    used: list[set[str]] = []
    for side in (facts.left, facts.right):
        rest = _SUM_LIMIT.sub(r"\1", side)
        found: set[str] = set()
        for count in facts.counts:
            pattern = _count_pattern(count)
            if pattern.search(rest):
                found.add(count)
            rest = pattern.sub(" ", rest)
        sides.append(bool(found) and not free_names_in(rest))
        used.append(found)
    # (the same counts on both sides, "1-1/n = n/(n+1)", make an identity in them: a claim)
    return all(sides) and used[0] != used[1]


#: a sum's or product's upper limit (``^{n}`` of ``\sum_{i=1}^{n}``): how many terms, no value
_SUM_LIMIT = re.compile(r"(\\(?:sum|prod)\s*_(?:\{[^{}]*\}|\\?\w))\s*\^\s*(?:\{[^{}]*\}|\\?\w+)")


def _count_pattern(count: str) -> re.Pattern[str]:
    """A count as written, a family's member with any subscript (``\\alpha_{i}`` as ``\\alpha_j``)."""
    base, _, sub = count.partition("_")
    tail = r"_(?:\{[^{}]*\}|\\?[A-Za-z0-9])" if sub else r"(?![A-Za-z_])"
    return re.compile(r"(?<![A-Za-z\\])" + re.escape(base) + tail)


def _as_a_function(left: str, right: str) -> bool:
    """``\\lambda=\\lambda(\\theta)`` (or the other way round): a name written as a function of
    its arguments, the same name on both sides."""
    for bare, applied in ((left, right), (right, left)):
        signature = function_definition(applied)
        if signature is not None and is_bare(bare) and "(" not in bare and signature[0] == bare.strip():
            return True
    return False


def _where(facts: LinkFacts) -> str:
    if facts.section in ("2", "3"):
        return {"2": "section 2", "3": "section 3"}[facts.section]
    return f"section {facts.section}" if facts.section else "the text"


def classify(facts: LinkFacts) -> Role:
    """Claim, definition, condition or the lecturer's quoted claim: one decision per link.

    In a note that follows the standard the structure decides (every relation in a 4.B step,
    a 4.C check, a 4.D identity and the 4.E result is a claim; 4.A defines; sections 2–3 state
    conditions and assumptions; a (LECTURER CLAIM) is quoted). Prose cues decide only in other
    notes, and only within the link's own sentence.
    """
    op = facts.op
    left, right = facts.left, facts.right
    if op == "=" and shape_arithmetic(left, right):
        return Role("condition", "a product of shapes written out (NL505 checks it)")
    if op == ":=":
        if is_bare(left) and mentions(right, full_name(left)):
            # "$r_t\equiv r_t(\theta)$ when $\theta$ is clear": a shorthand, it defines nothing
            return Role("condition", f"abbreviates ${right.strip()}$ as ${left.strip()}$")
        return Role("definition", f"defines ${left.strip()}$", (left.strip(),))
    if facts.inline and facts.mistake:
        # "Writing $\nabla_X\operatorname{tr}(AXB)=BA$ omits the transpose": the mistake named
        return Role("condition", "its sentence names it as a mistake")
    if facts.inline and DENIED.search(facts.lead):
        # "the argument yields $\sqrt{k}\le R/\gamma$, not $k\le R/\gamma$": the form the sentence rejects
        return Role("condition", 'its sentence says it does not hold ("not …")')
    if op == "=" and _as_a_function(left, right):
        # "for a smooth bijection $\\lambda=\\lambda(\\theta)$": notation, no claim
        return Role("condition", f"writes ${left.strip()}$ as a function of its arguments")
    if facts.section == "2":
        return Role("condition", "a declaration of section 2")
    if facts.section == "3":
        return Role("condition", "an assumption of section 3")
    if facts.conventions and squash(f"{left}{'=' if op == '=' else op}{right}") in facts.conventions:
        if op == "=" and states_symmetry(left, right):
            # "$A=A^\top$" restated: the class section 2 gives $A$, no value that leaves it unknown
            return Role("condition", "a property stated in section 2")
        return Role("definition", "a convention stated in section 2")
    if facts.provenance is not None and "LECTURER CLAIM" in facts.provenance.upper():
        if "RECONSTRUCTED" not in facts.provenance.upper():
            return Role("quoted", "the lecturer's claim, quoted (LECTURER CLAIM)")
    domain = _domain_statement(facts)
    if domain is not None:
        reason = f"compares ${domain}" if "against" in domain else f"states the range of ${domain}$"
        return Role("condition", reason)  # constrains no later relation
    if facts.hypothesis:
        return Role("condition", "a hypothesis of its sentence")
    if (
        facts.standard
        and facts.in_title
        and facts.step is not None
        and facts.section == "4.B"
        and not facts.in_citation
    ):
        # "Step 8 — one-dimensional special case $\mu_1=m_1$": the case the step treats, before
        # any reading of a bare name as a definition (that value holds in the step, not after it)
        return _title_case(facts)
    if facts.standard and facts.in_case_title:
        # "**Edge case $\sigma^2=0$ with $m\ge 2$**": the case the paragraph treats
        return Role("condition", "the case its paragraph treats (in its title)")
    if facts.standard and facts.in_citation and free_names_in(left + " " + right):
        # "{Rule: quadratic formula applied to $p(x)=0$}", "$\beta_t=1-\alpha_t$ from (3)": what
        # the rule is applied to or recalls; it neither defines nor is the step's claim
        return Role("maybe-condition", "stated in a rule citation")
    if facts.standard and _two_sizes(facts):
        # "setting the test inputs to the training inputs ($m=n$)": two sizes section 2
        # declares are equal in the case the sentence treats; neither is defined (an estimator
        # equal to a statistic, $\hat\lambda=\bar x$, still defines)
        return Role(
            "condition", f"equates ${left.strip()}$ and ${right.strip()}$ for the case its sentence treats"
        )
    data = _example_data(facts)
    if data is not None:
        # "Example: $X^\top X=\begin{pmatrix}2&2\\2&5\end{pmatrix}$": the data of an example, a
        # value of an expression in the note's symbols, no identity in them
        return Role("condition", f"gives the value of ${data}$ in an example")
    point = _named_point(facts)
    if point is not None:
        # "$(W_1,W_2)=(0,0)$ is always a stationary point": the point a sentence names, no
        # identity in its coordinates
        return Role("condition", f"names the point ${point}$")
    compared = _compared_sizes(facts) if facts.standard else ()
    if compared:
        # "when $\hat\Sigma$ is estimated from $n-2<d$ samples": an order between two sizes
        # section 2 declares says which case the sentence treats; it holds for some sizes and
        # not others (an order in one size, $n-1<n-2$, is still checked)
        names = ", ".join(f"${n}$" for n in compared)
        return Role("condition", f"compares the sizes {names} for the case its sentence treats")
    naming = value_side(facts)
    named = full_name(left if naming == "left" else right) if naming else ""
    if naming == "left" and "'" in left.split("(")[0] and squash(head_name(left)) in facts.defined:
        naming = None  # f'(x) = 2x - 4 with f defined: a computation, checked
    if naming == "left" and facts.index > 0 and facts.section != "4.D" and _new_function(facts):
        # "argmin φ(u) = S_τ(z) = sign(z)max(|z|-τ, 0)": the chain introduces S_τ
        return Role("definition", f"defines ${named}$", (named,))
    if naming is not None and facts.index == 0 and facts.section != "4.D":
        if (
            facts.standard
            and facts.section in ("4.A", "4.B", "4.C", "4.E")
            and squash(named) in facts.defined
        ):
            if facts.inline:
                # "interpolation, $\hat y = y$, is the degenerate case": a special case its
                # sentence describes
                return Role("maybe-condition", f"restates ${named}$ for a case its sentence describes")
            if facts.step_definition and facts.section == "4.B":
                # "{Rule: definition of decoupled weight decay}": the step gives the name a new
                # value (another variant of the method); a later use of it is ambiguous
                return Role(
                    "definition", f"defines ${named}$ again (its step's rule is a definition)", (named,)
                )
            other = right if naming == "left" else left
            if _EXAMPLE_LEAD.search(facts.lead) and other.strip() and not free_names_in(other):
                # "Counterexample: $A=\begin{pmatrix}1&2\\2&1\end{pmatrix}$" for A = D+L+U: the
                # example's value of the name, which its next relations use
                return Role("maybe-condition", f"gives ${named}$ {EXAMPLE_VALUE}")
            return Role("claim")  # a displayed restatement of a defined name must agree
        return Role("definition", f"defines ${named}$", (named,))
    if _new_state(facts) and facts.section != "4.D":
        # "$x'=x+\sigma\varepsilon$" with "$x,x'\in\mathcal{X}$" declared: the prime names the next
        # (proposed) state, and the relation is the rule that produces it, not a derivative
        return Role(
            "condition", f"the rule that gives ${left.strip()}$ from ${full_name(left)}$", (left.strip(),)
        )
    if self_referential(left, right) and facts.section != "4.D":
        if function_definition(left) is not None:
            # S_λ(c_j) = S_λ(w_j): the same function at two arguments the note equates elsewhere
            return Role("maybe-condition", f"relates ${full_name(left)}$ at two arguments")
        return Role("condition", f"an update of ${full_name(left)}$", (full_name(left),))
    if facts.standard and facts.section is not None and facts.section.startswith("4"):
        return _standard_role(facts)
    return _prose_role(facts)


def _two_sizes(facts: LinkFacts) -> bool:
    """``m = n``: an equality between two different sizes section 2 declares."""
    if facts.op != "=" or not (is_bare(facts.left) and is_bare(facts.right)):
        return False
    names = {squash(full_name(facts.left)), squash(full_name(facts.right))}
    return len(names) == 2 and names <= {squash(s) for s in facts.sizes}


def _named_point(facts: LinkFacts) -> str | None:
    """``(W_1,W_2)=(0,0)``: a tuple of bare names equal to a tuple of numbers, the point it
    names (as written), else None."""
    if facts.op != "=":
        return None
    names, numbers = _tuple_items(facts.left), _tuple_items(facts.right)
    if names is None or numbers is None or len(names) != len(numbers) or len(names) < 2:
        return None
    if all(is_bare(n) for n in names) and all(_numeric(x) for x in numbers):
        return facts.left.strip()
    return None


def _tuple_items(text: str) -> list[str] | None:
    """The items of ``(a, b, c)`` split at its top-level commas; None when not one bracket."""
    inner = text.strip()
    for opening, closing in (("\\left(", "\\right)"), ("(", ")")):
        if inner.startswith(opening) and inner.endswith(closing):
            inner = inner[len(opening) : -len(closing)]
            break
    else:
        return None
    items, depth, start = [], 0, 0
    for k, ch in enumerate(inner):
        depth += ch in "({["
        depth -= ch in ")}]"
        if depth < 0:
            return None  # (a)(b): two brackets, not one
        if ch == "," and depth == 0:
            items.append(inner[start:k])
            start = k + 1
    items.append(inner[start:])
    return [i.strip() for i in items] if all(i.strip() for i in items) else None


#: a case its sentence treats, earlier in the sentence than the order that describes it
#: ("this arises when $\hat\Sigma$ is estimated from $n-2<d$ samples")
_CASE_CUE = re.compile(r"\b(?:when|whenever|if|unless|in case)\b", re.IGNORECASE)
#: the order relations (a comparison of sizes is written with one)
ORDERS = frozenset({"<", "<=", ">", ">="})


def _compared_sizes(facts: LinkFacts) -> tuple[str, ...]:
    """``n-2<d`` after "when" in its sentence: the sizes and counts an order between two or
    more of them compares, and nothing else but integers; empty otherwise."""
    if facts.op not in ORDERS or not _CASE_CUE.search(facts.lead):
        return ()  # "the rank is at most $N-1<d$" claims the order
    # a bare side by its name: ``d`` alone reads as no name (the letter of a differential)
    names = {full_name(x) if is_bare(x) else "" for x in (facts.left, facts.right)} - {""}
    names |= free_names_in(facts.left) | free_names_in(facts.right)
    sizes = {squash(s) for s in facts.sizes | facts.counts}
    if len(names) < 2 or not all(squash(n) in sizes for n in names):
        return ()
    return tuple(sorted(names))


def _new_state(facts: LinkFacts) -> bool:
    """A bare primed name without argument that section 2 declares itself (``x'``), given by a
    formula in its unprimed name: the next or proposed state (``s'``, ``x'``)."""
    left = facts.left.strip()
    if facts.op != "=" or "(" in left or "'" not in left or not is_bare(left):
        return False
    if squash(left) not in {squash(d) for d in facts.declared}:
        return False
    return mentions(facts.right, full_name(left))


def _new_function(facts: LinkFacts) -> bool:
    """``S_\\tau(z) = …`` whose parameters the right side uses, for a function not yet defined."""
    fdef = function_definition(facts.left)
    if fdef is None or "'" in fdef[0] or squash(fdef[0]) in facts.defined:
        return False
    return all(mentions(facts.right, head_name(p)) for p in fdef[1])


def value_side(facts: LinkFacts) -> str | None:
    r"""The side of an equality that gives a symbol its value (:func:`naming_side`), read
    with the note's structure: ``e`` is Euler's number unless declared, and in a derivation of
    the standard ``\operatorname{tr}(H) = d`` names no new ``d`` (a definition of the standard
    names its symbol on the left, or in 4.A)."""
    if facts.op != "=":
        return None
    naming = naming_side(facts.left, facts.right)
    if naming == "right" and not _bare_symbol(facts.right, facts.declared):
        return None
    if naming == "left" and not _bare_symbol(facts.left, facts.declared):
        return None
    if naming == "right" and facts.standard and facts.section in ("4.B", "4.C", "4.D", "4.E"):
        named = squash(full_name(facts.right))
        if any(squash(d) == named for d in facts.declared):
            return None
    side = facts.left if naming == "left" else facts.right
    if naming is not None and is_identity(side) and (side.strip() != "I" or "I" not in facts.declared):
        # Q^\top Q = I_3: an identity matrix is never what a relation defines (a bare I the
        # glossary declares, an input length, may be)
        return None
    if naming is not None and "'" in side.split("(")[0] and _known_base(head_name(side), facts.defined):
        # \sigma'(z) = … with \sigma the logistic function (a known symbol): the derivative
        # of a function with a meaning is computed, and the relation gives \sigma no value
        return None
    if (
        naming == "right"
        and not facts.standard
        and "'" in facts.left.split("(")[0]
        and squash(head_name(facts.left)) in facts.defined
    ):
        # "$f'(x^*_0)=r$" with $f(x)=rx(1-x)$ defined: the derivative's value at a point,
        # computed, not a definition of the parameter r
        return None
    return naming


def _title_case(facts: LinkFacts) -> Role:
    """ "Step 5 — orthonormal design, $X^\\top X=I_d$": the case the step treats; it constrains
    the symbols it names within that step, as a condition does."""
    symbols = names_in(facts.left + " " + facts.right)
    if facts.op == "=" and is_bare(facts.left):
        # "$\mu_1=m_1$": the case fixes \mu_1; the m_1 it is written in stays free for the step
        symbols = {full_name(facts.left)}
    return Role("condition", f"the case {facts.step} treats (in its title)", tuple(sorted(symbols)))


def _standard_role(facts: LinkFacts) -> Role:
    """A relation in section 4 of a note that follows the standard."""
    if facts.in_title and facts.step is not None:
        return _title_case(facts)
    if facts.section == "4.A":
        if facts.index == 0 and not facts.continued:
            return Role("definition", "a definition of 4.A")
        return Role("claim")
    if facts.op == "=" and facts.section != "4.C" and _relates_counts(facts):
        # "$\sum_i\alpha_i=M$" with α_i "number of updates triggered by example i" and M "number
        # of mistakes": what the words count, no value a job can sample (a check of 4.C gives
        # them numbers, and is checked)
        return Role("maybe-condition", "relates counts its glossary defines in words")
    bounded = _bound_on_symbol(facts)
    if bounded is not None and facts.section in ("4.B", "4.C", "4.E"):
        # "$k\le R^2/\gamma^2$" (the number of updates), "$n\ge\ln(2/\delta)/(2\varepsilon^2)$":
        # a bound on a quantity the setting fixes holds by the steps before it, never for
        # every value of a free symbol; a failure at sampled values is no error
        return Role("maybe-condition", f"bounds ${bounded}$, a quantity its derivation fixes")
    solved = _solved_unknowns(facts)
    if solved:
        # "\det(\lambda I-T)=\lambda^2-c=0": the characteristic equation the eigenvalue solves (the
        # determinant's expansion before it stays a claim)
        return Role("condition", f"the equation ${solved[0]}$ solves", tuple(solved))
    if facts.section in ("4.B", "4.C", "4.E", "4") and facts.step is not None:
        symbols = names_in(facts.left + " " + facts.right)
        if facts.constrained and symbols & facts.constrained:
            return Role("condition", f"uses the condition of {facts.constrained_by}")
        if facts.step_condition and facts.op == "=" and not facts.continued:
            # "∂J/∂c = −2(1−c)μ² + 2cσ²/n = 0": the derivative is computed (a claim), the
            # condition is the link that sets it to zero; a chain not ending at 0 states its
            # condition first ("∇L = 0 ⟹ …")
            last = facts.index == facts.chain_len - 1
            # "\nabla_w\mathcal{L} = 2\Sigma w - 2\lambda w" on its own row, the condition
            # "\Sigma w = \lambda w" on the next: a derivative equated to a formula is computed
            computed = (
                facts.chain_len == 1
                and text_facts(facts.left).calculus
                and not text_facts(facts.right).calculus
                and not is_zero(facts.right)
            )
            if not computed and (
                (facts.index == 0 and not (facts.ends_at_zero and facts.chain_len > 1))
                or (facts.ends_at_zero and last and facts.index > 0)
            ):
                return Role("condition", f"the condition of {facts.step}", tuple(sorted(symbols)))
    return Role("claim")


def _solved_unknowns(facts: LinkFacts) -> list[str]:
    """The eigenvalues and roots the last link ``… = 0`` of a chain equates to zero, with no
    definition of their own; empty for any other link."""
    if facts.op != "=" or not is_zero(facts.right) or facts.index != facts.chain_len - 1:
        return []
    return sorted(n for n in names_in(facts.left) & facts.unknowns if squash(n) not in facts.defined)


def _value_at_numbers(side: str, defined: frozenset[str]) -> bool:
    """``f(2)``, ``f'(1)``: a function the note defines (or its derivative) applied to numbers."""
    text = side.strip()
    head = head_name(text)
    if not head or squash(head) not in defined or not text.startswith(head):
        return False
    items = _tuple_items(text[len(head) :].lstrip("'"))
    return items is not None and all(_numeric(item) for item in items)


def _known_base(head: str, defined: frozenset[str]) -> bool:
    """The function a primed name differentiates has a meaning: the note defines it, or it is
    a known symbol (``\\sigma``, the logistic function; ``data/symbols.toml``)."""
    return squash(head) in defined or squash(head) in {squash(k) for k in lexicon().known_symbols}


#: a density written with its argument and parameters, ``\mathcal{N}(x;\mu,\sigma^2)``: the
#: family's name is no symbol of the note (the CAS reads the density)
_DENSITY = re.compile(r"\\mathcal\{(?P<name>[A-Za-z]+)\}\s*\((?=[^()]*;)")


def _densities(text: str) -> set[str]:
    families = data.load("probability")["families"]
    return {m["name"] for m in _DENSITY.finditer(text) if m["name"] in families}


#: a universal quantifier over a symbol right before a relation ("for every $n\ge 1$,"): it is
#: stated to hold for every value of it ("for any residual vector" quantifies no symbol: the
#: quantities it bounds may be defined elsewhere)
_UNIVERSAL = re.compile(r"\bfor (?:every|all|any|each)\s+(?:[a-z]+\s+){0,2}\$|\\forall", re.IGNORECASE)


def _prose_role(facts: LinkFacts) -> Role:
    """A relation in a note that does not follow the standard: its own sentence decides."""
    left, right = facts.left, facts.right
    if not free_names_in(left + " " + right):
        return Role("claim")  # numbers only: no value makes it a condition
    if facts.lead and CONDITION_CUES.search(facts.lead):
        return Role("maybe-condition", "its sentence introduces a condition")
    if facts.constrained and names_in(left + " " + right) & facts.constrained:
        return Role("maybe-condition", f"uses the condition {facts.constrained_by}")
    if facts.op in ("<=", ">=", "<", ">", "!=") and not (_numeric(left) and _numeric(right)):
        if not _has_calculus(left, right) and not facts.computes and not _UNIVERSAL.search(facts.lead):
            # ("Therefore, for every $n\ge 1$, $(1+1/n)^n<e$": stated for all n, a claim)
            return Role("maybe-condition", "a symbolic inequality may state a condition")
    if facts.op == "=" and (is_zero(left) or is_zero(right)):
        return Role("maybe-condition", "an equation with a zero side may be a condition")
    if (
        facts.op == "="
        and not facts.standard  # (sections 5–7 of a standard note speak of its worked example)
        and any(
            _numeric(a) and _value_at_numbers(b, facts.defined) for a, b in ((left, right), (right, left))
        )
    ):
        return Role("claim")  # "$f'(1)=3$" with f defined: a value of the note's map, computed
    if facts.op == "=" and (_numeric(left) != _numeric(right)) and free_names_in(left + " " + right):
        return Role("maybe-condition", "an equation between an expression and a number may be a condition")
    if (
        facts.op == "="
        and not _has_calculus(left, right)
        and names_in(left) - _densities(left) != names_in(right) - _densities(right)
        # "y = x^x \\ … \\ y(\ln x+1) = x^x(1+\ln x)": a name its display defined is that
        # display's, substituted; the sides then use the same symbols
        and not {squash(n) for n in names_in(left) ^ names_in(right)} <= facts.display_defined
    ):
        return Role("maybe-condition", "its sides use different symbols (a definition given elsewhere?)")
    if facts.op == "=" and free_names_in(left) and free_names_in(right):
        if (
            not free_names_in(left) & free_names_in(right)
            and not _numeric(left)
            and not _numeric(right)
            and not {squash(n) for n in free_names_in(left + " " + right)} & facts.display_defined
        ):
            # "the midpoint error formula $A-M_n=\tfrac{(b-a)h^2}{24}g''(\xi)$": a theorem on
            # quantities the note computes elsewhere (A, M_n), whose sides share no symbol; a
            # calculus identity shares its variable (\frac{d}{dx}x^2 = 2x)
            return Role(
                "maybe-condition", "its sides share no symbol (a formula on quantities defined elsewhere?)"
            )
    whole = whole_and_entries(left + " " + right)
    if whole and whole not in facts.declared:  # a declared vector's entries are read as entries
        return Role("maybe-condition", f"uses ${whole}$ both as a whole and by its entries (a vector?)")
    uses_defined = any(mentions(left + " " + right, d) for d in facts.defined)
    if facts.op == "=" and free_names_in(right) - free_names_in(left) and not uses_defined:
        new = sorted(free_names_in(right) - free_names_in(left))
        return Role("maybe-condition", f"its right side brings in ${new[0]}$ (a definition given elsewhere?)")
    return Role("claim")


def whole_and_entries(text: str) -> str | None:
    r"""A letter used whole and by entries over a bound index (``a_j \cdot b_k = \sum_i
    a_j^{(i)} b_k^{(i)}``, ``x^\top x = \sum_i x_i^2``): a vector the translator would read
    as a number. Returns the letter (:attr:`TextFacts.whole_and_entries`, read from atoms)."""
    return text_facts(text).whole_and_entries


def _has_calculus(*texts: str) -> bool:
    """A derivative, sum, product, integral or limit in any of the texts (read from atoms)."""
    return any(text_facts(text).calculus for text in texts)


def names_in(text: str) -> set[str]:
    """The symbol names a LaTeX text uses (:attr:`TextFacts.names`, read from its atoms):
    letters, Greek and other macros, and multi-letter words written upright (``\\text{loss}``
    is one name, never the letters l, o, s)."""
    return set(text_facts(text).names)


def free_names_in(text: str) -> set[str]:
    """:func:`names_in` without the variables sums, products, limits, maxima and integrals bind."""
    facts = text_facts(text)
    return set(facts.names - facts.bound)
