from __future__ import annotations

import re
from typing import Any

from notelint import data
from notelint.math.reading.atoms import canonical, is_relation
from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.relations import Link, chains_of
from notelint.math.semantics.glossary import glossary
from notelint.math.semantics.occurrences import USE
from notelint.math.semantics.span_symbols import extraction
from notelint.note import MathSpan, Note
from notelint.parse.rule_citations import citation_spans
from notelint.parse.steps import STEPS
from notelint.rule import RuleContext, rule
from notelint.rules.symbols._common import (
    bound_in_words,
    checked_math,
    counted_in_passing,
    index_letters,
    math_in_section,
    named_as_entries,
    named_in_parentheses,
    names_a_compound,
)


@rule(
    code="NL301",
    name="undeclared-symbol",
    summary="a symbol used in math that section 2 does not declare",
    facets=("glossary", "latex-tree", "math-model", "steps"),
)
def undeclared_symbol(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Reports a symbol used in the note's math that section 2, Notation & Objects, does not
    declare. Each undeclared symbol is reported once, at its first use.

    Symbols follow mathematical convention. `x_i`, `\hat{w}`, `\bar x`, `w^\star`, `w^*`,
    `w^{(k)}`, `w'`, `w_t` and `\mathbf{w}` are forms of `w` and are declared when `w` is;
    `\epsilon` and `\varepsilon` are the same symbol. Not symbols at all: bound variables
    (`\sum_{i=1}^n`, `\prod_k`, `\max_u`, `\arg\min_w`, `\int … dx`,
    `\mathbb{E}_{x\sim p}`, the variable of a set `\{v : \mathbf{1}^\top v = 0\}`) and letters
    used as an index anywhere in the note (`i` of `x_i`),
    standard functions and operators (`\log`, `\exp`, `\operatorname{tr}`, `\nabla`, `\det`,
    `softmax`), number sets and distributions (`\mathbb{R}`, `\mathbb{E}`, `\mathcal{N}`),
    constants (`e`, `\pi`) and `\sigma` (the logistic function), `P` applied to an event (a
    bracket holding a relation or a conditioning bar, `P(T\ge t\mid T\ge s)`), norm names (`\ell_2`),
    function spaces written with their order (`f \in L^2([0,1])`, `\rho \in C^1`, `$C^\infty$`),
    TeX lengths (`\\[2pt]`, `\kern2pt`), one letter joined by a hyphen to a word as part
    of a name (`Student-$t$`, `$p$-value`, `$\chi^2$-test`: the words are in `data/symbols.toml`),
    complexity (`O(nd^2)`), a note set over a relation (`\overset{d}{=}`, `\overset{p}{\to}`),
    text (`\text{…}`, `\mathrm{…}`), units after a number and the
    sizes named in a declared shape (`n` and `d` of `X\in\mathbb{R}^{n\times d}`). Symbols
    of 4.D, Identities Used, are schematic and local to their identity: what an identity
    declares (`for $A\in\mathbb{R}^{p\times q}$`) declares nothing outside 4.D. A rule
    citation that quotes an identity (`{Rule: $\operatorname{Var}(cX)=c^2\operatorname{Var}(X)$}`)
    uses the identity's letters: in the math of a `{Rule: …}` citation, the letters the 4.D
    identities use are not reported, nor a letter on both sides of the identity it quotes
    (`{Rule: $\|a-b\|^2=\|a\|^2+\|b\|^2-2a^\top b$}`: general in `a` and `b`); a letter on one
    side only (`{Rule: (4) with $s_l=1$}`) is the note's, and reported; anywhere else they are,
    except where a sentence names the identity and gives its letters values ("an instance of
    (I5) with $p=\delta_2$").
    A citation may name what it puts into the identity it quotes, or abbreviate an expression,
    in spans of their own: `{Rule: quotient rule $\nabla(a/b)=…$ with $a=u^\top v$, $b=\|u\|\|v\|$}`
    and `{Rule: chain rule for $\sqrt{s}$ with $s=u^\top u$}` declare `a`, `b` and `s` for that
    citation (a letter given a number is still the note's). The lower-case letter of a
    declared random variable names its values (`x` of `$X$: a random category`). The `d` of
    `\frac{d}{dx}` is the derivative operator (`\frac{d}{2x}` is a use of `d`), and so is the `d` of
    `dL/d\ell` and `d^2L/d\ell^2`. A symbol defined in
    4.A (`J(w) = …`, `z \in \mathbb{R}^K`) or anywhere by `:=`, `\coloneqq` or `\triangleq`
    counts as declared, and so does a symbol declared with a domain in the text
    (`$Z = XW \in \mathbb{R}^{n\times k}$`) or named in passing in section 2
    (`rows $x_i^\top$`). A symbol whose name a code span of its paragraph sets as a keyword
    (`$\tfrac{\alpha}{2}\|w\|^2$` beside `` `PoissonRegressor(alpha=1.0)` ``) is that library's
    parameter, and so is a letter a code span of its paragraph names in a shape tuple (`$N$`
    beside `` `(N, K)` ``); in sections 5–8 a keyword an earlier code span sets counts too
    ("confusing $C$ with $\lambda$" after `` `LogisticRegression(C=1.0)` ``). The word lists are in `notelint/data/symbols.toml`; the option
    `symbols.known` (a list of LaTeX symbols, e.g. `["c", "\delta"]`) adds project-wide
    known symbols.

    A letter that a phrase names as a count, a position or a matrix with its property in
    passing outside section 4 ("a layer with $d$ features", "in $p$ dimensions the step costs
    $O(p^3)$", "row $i$", "in dimension $d$", "every direction $v$ with …", "with $H$ symmetric
    positive definite") is declared for its own
    paragraph or list item; so is, in any section, a letter a phrase binds ("over matrices $M$
    of rank at most $r$", "for every $u$", "every linear combination $v=Ku$"). Outside section
    4, a symbol a phrase names in parentheses ("the Pareto-smoothed diagnostic ($\hat k$)") is
    not reported there, nor are the entries a span names when it writes out a declared vector
    ("with $W=(w_1,w_2)^\top$", for its paragraph). A use anywhere else is still reported.

    A note without a glossary is not checked: NL101 and NL108 already report a missing or
    empty section 2, and flagging every symbol of such a note would bury that one finding in
    noise. A note has a glossary when its section 2 declares at least one symbol and is the
    standard's section 2 — its heading is numbered (`## 2) Notation & Objects`, `2.`,
    `Section 2`) or the note has at least three other sections of the standard — so the
    "Notation" heading of a textbook chapter is not taken for one. The same applies to
    NL302–NL306 and NL505. Macro definitions (`\newcommand`, `\def`) are not math.

    ## Why is this bad?
    The standard requires every symbol to be defined with its domain and shape. An
    undeclared symbol leaves the reader to guess what it is, and the shape checks (NL305)
    cannot use it.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $w \in \mathbb{R}^d$: weight vector.

    ### 4) Derivation Protocol
    #### 4.A Definitions
    $$J(w) = \tfrac{1}{2}\|Xw - y\|_2^2 \tag{1}$$
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$: design matrix.
    - $y \in \mathbb{R}^n$: target vector.
    - $w \in \mathbb{R}^d$: weight vector.

    ### 4) Derivation Protocol
    #### 4.A Definitions
    $$J(w) = \tfrac{1}{2}\|Xw - y\|_2^2 \tag{1}$$
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    indices = index_letters(note)
    known = {canonical(k.strip()) for k in ctx.config.get("symbols.known")}
    reported: set[str] = set()
    identity_letters = {
        occ.key for m in math_in_section(note, "4.D") for occ in extraction(m).occurrences if occ.role == USE
    }
    # every {Rule: …}, in a step or in a paragraph of its own (a correction's)
    citations = [(c.span.start, c.span.end) for step in note.facet(STEPS) for c in step.citations]
    citations += citation_spans(note.text)
    spans = list(checked_math(note))
    # the citation each span stands in, if any
    cited_in = {id(m): _enclosing(m, citations) for m in spans}
    local = _citation_letters(spans, cited_in)
    for m in spans:
        if names_a_compound(note, m):
            continue  # "Student-$t$", "$p$-value": a name, not a symbol
        if _totals_label(note, m):
            continue  # "| $\Sigma$ | 25 | 155 |": the label of a table's row of sums
        ex = extraction(m)
        citation = cited_in[id(m)]
        for occ in ex.occurrences:
            if occ.role != USE or occ.key in ex.bound or occ.key in indices:
                continue
            if citation is not None and (occ.key in identity_letters or occ.key in local.get(citation, ())):
                continue
            if occ.key in identity_letters and _instantiates_identity(note, m, occ.key):
                continue  # "B2 is an instance of (I5) with $p=\delta_2$": (I5)'s letter p
            if table.declares(occ) or canonical(occ.key) in known or canonical(occ.base) in known:
                continue
            if _value_of_a_random_variable(table, occ.base):
                continue
            if _named_by_code(note, m, occ.base):
                continue
            if occ.key == "P" and _probability_of_an_event(m, occ.end):
                continue  # "$P\big(T=t_j\mid T\ge t_j\big)$": the probability of an event
            if occ.key == occ.base and occ.key in counted_in_passing(note, m):
                continue  # "in $p$ dimensions the step costs $O(p^3)$"
            if occ.key == occ.base and occ.key in bound_in_words(note, m):
                continue  # "minimises $\|K-M\|$ over matrices $M$ of rank at most $r$"
            if named_in_parentheses(note, m):
                continue  # "the Pareto-smoothed diagnostic ($\hat k$)", outside section 4
            if occ.base in named_as_entries(note, m):
                continue  # "with $W=(w_1,w_2)^\top$: $\operatorname{tr}(W^\top AW)=w_1w_2$"
            key, base = canonical(occ.key), canonical(occ.base)
            if key in reported or base in reported:
                continue
            reported.update((key, base))
            what = f"`{occ.key}`"
            if occ.key != occ.base:
                what += f" (a form of `{occ.base}`)"
            ctx.report(
                m.content_start + occ.start,
                m.content_start + occ.end,
                f"{what} is used but not declared in section 2 (Notation & Objects)",
            )


#: sizing macros written before a bracket (``P\big(…\big)``)
_SIZING = frozenset({"left", "big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl", "Biggl"})


#: a lone math label of a table's row of sums (``data/math_prose.toml`` ``[tables]``)
_TOTAL_MARKS = frozenset(data.load("math_prose")["tables"]["total_marks"])


def _totals_label(note: Note, m: MathSpan) -> bool:
    r"""Is ``m`` a lone ``\Sigma`` (or ``\sum``) opening a table row, the label of its sums?"""
    if m.latex.strip() not in _TOTAL_MARKS:
        return False
    line_start = note.text.rfind("\n", 0, m.start) + 1
    return note.text[line_start : m.start].strip() == "|" and note.text[m.end :].lstrip(" \t$").startswith(
        "|"
    )


def _probability_of_an_event(m: MathSpan, end: int) -> bool:
    """Is the letter ending at ``end`` (an offset into ``m``) applied to an event: does the
    bracket after it hold a relation or a conditioning bar, as ``P`` of ``P(T\\ge t)`` does?"""
    atoms = m.facet(MATH_MODEL).atoms
    k = next((i for i, a in enumerate(atoms) if a.head_end == end), None)
    if k is None:
        return False
    j = k + 1
    while j < len(atoms) and atoms[j].kind == "macro" and atoms[j].text in _SIZING:
        j += 1
    if j >= len(atoms) or not atoms[j].is_op("("):
        return False
    depth = 0
    for a in atoms[j:]:
        depth += 1 if a.is_op("(") else -1 if a.is_op(")") else 0
        if depth == 0:
            return False
        if is_relation(a) or a.is_macro("mid", "in") or a.is_op("|"):
            return True
    return False


def _value_of_a_random_variable(table: Any, base: str) -> bool:
    """``y_j`` beside ``$Y$: likelihood-ratio random variable``: the lower-case letter of a
    declared random variable names its values (the convention X, x)."""
    if len(base) != 1 or not base.islower():
        return False
    upper = table.lookup(base.upper())
    return upper is not None and "random" in upper.description.lower()


#: an identity of 4.D named in a sentence: "(I5)"
_IDENTITY_LABEL = re.compile(r"\(I\d+\)")


def _instantiates_identity(note: Note, m: MathSpan, letter: str) -> bool:
    """Is ``m`` a value for ``letter`` (``$p=\\delta_2$``) in a sentence that names a 4.D
    identity ("instances of (I5) with …")?"""
    if not m.latex.lstrip().startswith(letter) or "=" not in m.latex:
        return False
    line_start = note.text.rfind("\n", 0, m.start) + 1
    return _IDENTITY_LABEL.search(note.text, line_start, m.start) is not None


def _enclosing(m: MathSpan, citations: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((start, end) for start, end in citations if start <= m.start and m.end <= end), None)


def _citation_letters(
    spans: list[MathSpan], cited_in: dict[int, tuple[int, int] | None]
) -> dict[tuple[int, int], set[str]]:
    """Per ``{Rule: …}`` citation, the letters local to it, in any of its spans: those of an
    identity it quotes (general in them) and those it defines by an expression
    (``{Rule: quotient rule $\\nabla(a/b)=…$ with $a=u^\\top v$, $b=\\|u\\|\\|v\\|$}``,
    ``chain rule for $\\sqrt{s}$ with $s=u^\\top u$``). A letter given a number
    (``{Rule: (4) with $s_l=1$}``) is the note's."""
    out: dict[tuple[int, int], set[str]] = {}
    for m in spans:
        citation = cited_in[id(m)]
        if citation is None:
            continue
        ex = extraction(m)
        out.setdefault(citation, set()).update(_general_letters(m, ex) | _defined_letters(m, ex))
    return out


def _defined_letters(m: MathSpan, ex: Any) -> set[str]:
    """The bare letter ``s`` of ``s = u^\\top u``: one symbol on the left, an expression in
    symbols (not a number) on the right."""
    out: set[str] = set()
    for chain in chains_of(m):
        if len(chain.links) != 1 or chain.links[0].op != "=":
            continue
        link = chain.links[0]
        left, right = _sides(ex, link)
        written = m.latex[link.left.start : link.left.end].strip()
        if len(left) == 1 and right and written == m.latex[left[0].start : left[0].end]:
            out.add(left[0].key)
    return out


def _general_letters(m: MathSpan, ex: Any) -> set[str]:
    """The letters used on both sides of an equation of ``m`` (an identity a citation quotes)."""
    out: set[str] = set()
    for chain in chains_of(m):
        for link in chain.links:
            if link.op != "=":
                continue
            left, right = _sides(ex, link)
            out |= {o.key for o in left} & {o.key for o in right}
    return out


def _sides(ex: Any, link: Link) -> tuple[list[Any], list[Any]]:
    """The symbol occurrences on the left and on the right of ``link``."""
    left = [o for o in ex.occurrences if link.left.start <= o.start < link.left.end]
    right = [o for o in ex.occurrences if link.right.start <= o.start < link.right.end]
    return left, right


#: the sections after the derivation (5–8): a library's parameter named there is discussed there
_AFTER_DERIVATION = frozenset("5678")


def _named_by_code(note: Note, m: MathSpan, base: str) -> bool:
    r"""``$\tfrac{\alpha}{2}\|w\|_2^2$`` beside ```PoissonRegressor(alpha=1.0)``` in the same
    paragraph: the symbol is the library's parameter, which the code span names and sets; so is
    a size a code span of the paragraph names in a shape tuple (``$N$`` beside ```(N, K)```), and, in
    the sections after the derivation, a parameter an earlier code span sets ("confusing $C$ with
    $\lambda$" after ```LogisticRegression(C=1.0)```)."""
    name = base.lstrip("\\")
    if not name.isalpha():
        return False
    text = note.text
    start = text.rfind("\n\n", 0, m.start) + 1
    end = text.find("\n\n", m.end)
    end = len(text) if end < 0 else end
    keyword = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}\s*=(?!=)")
    # a size in a shape tuple, ``(N, K)``
    named = re.compile(rf"[(,]\s*{re.escape(name)}\s*[,)]") if len(name) == 1 else keyword
    if any(
        start <= c.start
        and c.end <= end
        and (keyword.search(text, c.start, c.end) or named.search(text, c.start, c.end))
        for c in note.code
    ):
        return True
    section = note.section_at(m.start)
    if section is None or section.key not in _AFTER_DERIVATION:
        return False
    return any(c.end <= m.start and keyword.search(text, c.start, c.end) for c in note.code)
