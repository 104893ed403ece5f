from __future__ import annotations

import re

from notelint.math.semantics.glossary import fixed_sizes, glossary
from notelint.math.semantics.occurrences import USE, extract_latex
from notelint.math.semantics.shape_algebra import same_shape
from notelint.math.semantics.symbol_table import BOUND, DEFINITION, SET, Declaration, SymbolTable
from notelint.note import Note
from notelint.rule import RuleContext, rule


def _conflict(first: Declaration, second: Declaration, table: SymbolTable) -> str | None:
    if first.entry == second.entry:
        return None  # `$\lambda\in\mathbb{R}$, $\lambda>0$`: one entry, two facts
    if BOUND in (first.domain_kind, second.domain_kind):
        # `$\alpha, \mu \ge 0$` after `$\alpha\in\mathbb{R}^n$`: an entrywise constraint on the
        # declared vector, not a second declaration (two sets still conflict below)
        return None
    a, b = first.shape, second.shape
    if (
        a is not None
        and b is not None
        and a.kind != "function"
        and b.kind != "function"
        and (a.dims or a.is_scalar)
        and (b.dims or b.is_scalar)
        and not same_shape(a, b)
    ):
        return f"shape {b} here but {a} before"
    if (
        first.domain_kind == SET
        and second.domain_kind == SET
        and first.domain
        and second.domain
        and a is not None
        and b is not None  # two sets notelint can read (not \mathcal{X})
    ):
        # imported here: a run whose declarations never give two sets does not load side_names
        from notelint.math.reading.side_names import base_set, is_index_range

        if is_index_range(first.domain) and is_index_range(second.domain):
            # "$t\in\{0,\dots,T\}$" and "input at time $t\in\{1,\dots,T\}$": an index's
            # range where one family lives, not a second meaning of the index
            return None
        if _named_set(first.domain, table) or _named_set(second.domain, table):
            # "$y\in\{0,1\}$" and "$p_\phi(y)$ at $y\in\mathcal{Y}$" with $\mathcal{Y}$ a set the
            # note declares (here $\{0,1\}$): a member of a named set, which may hold both
            return None
        bases = {base_set(first.domain), base_set(second.domain)}
        if (
            len(bases) == 2
            and base_set("\\mathbb{R}") in bases
            and any(_interval(d) for d in (first.domain, second.domain))
        ):
            # "$m\in\mathbb{R}$" and "$F_U(m)=m$, $m\in[0,1]$": a range within the reals, the
            # same symbol restricted where a formula holds
            return None
        if len(bases) == 2 and bases & {base_set("\\mathbb{N}"), base_set("\\mathbb{Z}")}:
            ranges = [d for d in (first.domain, second.domain) if is_index_range(d)]
            if ranges and not ranges[0].lstrip("\\{ ").startswith("-"):
                # "$k\in\mathbb{N}$" and "so $k\in\{1,\dots,n+1\}$": a range within the
                # integers, where that step shows the index lies
                return None
        if len(bases) == 2:
            return f"domain ${second.domain}$ here but ${first.domain}$ before"
    return None


def _named_set(domain: str, table: SymbolTable) -> bool:
    r"""Is ``domain`` a symbol the note declares (``\mathcal{Y}``, or ``\Delta_d`` declared as
    ``\Delta_d\subseteq\mathbb{R}^d``, a set written with its index)?"""
    if table.resolve(domain.strip()):
        return True
    uses = [o for o in extract_latex(domain).occurrences if o.role == USE]
    found = table.resolve(uses[0].key, uses[0].base) if len(uses) == 1 and uses[0].subscripted else None
    if found is None:
        return False
    # "$\Delta_n=\{p\in\mathbb{R}^n_+:\sum_ip_i=1\}$", "$\Delta_n^\circ=\Delta_n\cap\mathbb{R}^n_{++}$":
    # a set the note defines by a formula
    return found.domain_kind == SET or (
        found.domain_kind == DEFINITION and any(m in (found.domain or "") for m in _SET_FORMULA)
    )


#: what makes a definition's formula a set: set-builder braces and set operations
_SET_FORMULA = ("\\{", "\\cap", "\\cup", "\\setminus", "\\times")


def _interval(domain: str) -> bool:
    """Is ``domain`` an interval of reals (``[0,1]``, ``(0,\\infty)``, ``\\left[0,1\\right)``)?"""
    text = "".join(domain.split()).removeprefix("\\left")
    return text[:1] in "[(" and text[-1:] in "])" and text.count(",") == 1


def _number(text: str) -> float | None:
    text = text.replace("\\infty", "inf").replace("+", "")
    try:
        return float(text)
    except ValueError:
        return None


def _ends(domain: str) -> tuple[float, bool, float, bool] | None:
    """(low, closed, high, closed) of an interval with numbers at its ends (``(0,1]``)."""
    text = "".join(domain.split()).removeprefix("\\left").replace("\\right", "")
    if not _interval(text):
        return None
    lo, hi = (_number(part) for part in text[1:-1].split(","))
    if lo is None or hi is None:
        return None
    return lo, text[0] == "[", hi, text[-1] == "]"


def _members(domain: str) -> list[float] | None:
    """The numbers of a finite set written out (``\\{0,1\\}``)."""
    text = "".join(domain.split())
    if not (text.startswith("\\{") and text.endswith("\\}")):
        return None
    values = [_number(part) for part in text[2:-2].split(",")]
    return None if None in values else [v for v in values if v is not None]


def _restriction(note: Note, first: Declaration, second: Declaration) -> bool:
    r"""``$\ell(p)=…$, $p\in(0,1)$`` in 4.A, or "a given $p\in(0,1)$" inside another symbol's
    entry, after ``$p\in[0,1]$``: the symbol restricted where a formula holds, or its values at
    the ends (``$p\in\{0,1\}$``), not declared again. A glossary entry of its own that narrows
    it (``$D_{\mathrm{KL}}\in[0,1]$`` after ``[0,\infty]``), or any widening, still conflicts."""
    if not (first.domain and second.domain and _within(second.domain, first.domain)):
        return False
    if second.section == "4.A":
        return True
    spans = note.math_in(second.entry)
    return bool(spans) and spans[0].content_start != second.span.start


def _within(inner: str, outer: str) -> bool:
    """Is ``inner`` (an interval or a finite set of numbers) a part of the interval ``outer``?"""
    ends = _ends(outer)
    if ends is None:
        return False
    lo, lo_closed, hi, hi_closed = ends
    members = _members(inner)
    if members is not None:
        return all(
            (x > lo or (x == lo and lo_closed)) and (x < hi or (x == hi and hi_closed)) for x in members
        )
    part = _ends(inner)
    if part is None:
        return False
    a, a_closed, b, b_closed = part
    return (a > lo or (a == lo and (lo_closed or not a_closed))) and (
        b < hi or (b == hi and (hi_closed or not b_closed))
    )


def _slice_and_value(first: Declaration, second: Declaration) -> bool:
    r"""``\pi_\theta(a\mid s)\in[0,1]`` and ``\pi_\theta(\cdot\mid s)\in\mathbb{R}^{|\mathcal{A}|}``:
    a function's value and its slice over a placeholder argument are two objects, not one
    symbol declared twice."""
    return first.function_like and second.function_like and first.placeholder != second.placeholder


@rule(
    code="NL306",
    name="conflicting-declaration",
    summary="a symbol declared twice with different domains or shapes",
    facets=("equations", "fixed-sizes", "glossary", "math-model"),
)
def conflicting_declaration(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Reports a symbol declared twice with different shapes (`w\in\mathbb{R}^d` and
    `w\in\mathbb{R}^n`) or different sets (`y\in\{0,1\}^n` and `y\in\mathbb{R}^n`), in
    section 2 or in a declaration of 4.A that contradicts section 2. The finding is at the
    second declaration and names the line of the first. Two facts in one entry
    (`$\lambda \in \mathbb{R}$, $\lambda > 0$`, `$y\in\mathbb{R}^n$ or $\{0,1\}^n$`) do
    not conflict; spellings of the same set (`\mathbb{R}^d`, `\mathbb{R}^{d}`;
    `\mathbb{R}^{n\times d}`, `\mathbb{R}^{n,d}`) are the same shape. A bound on a declared
    vector (`$\alpha, \mu \ge 0$`, "multipliers of $\xi\ge 0$") is an entrywise constraint,
    not a second declaration; a declared `X^{+}` or `X^{-1}` is a symbol of its own; two
    ranges of an index (`$t\in\{0,\dots,T\}$`, "input at time $t\in\{1,\dots,T\}$") say
    where a family lives, not what the index is, and neither does a range of integers after
    `$k\in\mathbb{N}$` (`so $k\in\{1,\dots,n+1\}$`). An upright subscript is part of the name:
    `D_{\mathrm{KL}}` and `D_{\mathrm{JS}}`, `\theta_{\text{old}}` and `\theta_{\text{new}}` are
    different symbols, and so are a function of one argument and one of two (`H(X)\in[0,\log 2]`,
    `H(X,Y)\in[0,\log 4]`). The arguments of an operator an entry defines
    (`$\langle u,v\rangle_W=u^\top Wv$ for $u,v\in\mathbb{R}^n$`) are local to that entry, and so
    is a letter an entry quantifies over (`for $A\in\{W,D\}$, $A_{UU}\in\mathbb{R}^{u\times u}$`)
    or the argument it describes ("$\arg z\in(-\pi,\pi]$: argument of $z\in\mathbb{C}\setminus\{0\}$").
    A symbol restricted to part of its declared interval, in 4.A or inside another symbol's entry
    (`$\ell(p)=…$, $p\in(0,1)$` or the endpoints `$p\in\{0,1\}$` after `$p\in[0,1]$`), is not
    declared again; a wider set, or an entry of its own that narrows it, still conflicts. A
    declaration for a case whose sizes are fixed where it is written ("in the one-dimensional
    example ($d=1$), … $w\in\mathbb{R}$" after $w\in\mathbb{R}^{d}$) is the same shape there.

    ## Why is this bad?
    A symbol with two meanings makes every step that uses it ambiguous; usually one of the
    declarations is a leftover or a typo in a size.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $w \in \mathbb{R}^d$: weight vector.
    - $w \in \mathbb{R}^n$: dual weights.
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $w \in \mathbb{R}^d$: weight vector.
    - $\alpha \in \mathbb{R}^n$: dual weights.
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    first: dict[str, Declaration] = {}
    for d in table.declarations:
        if d.implicit or d.section not in ("2", "4.A") or _quantified(note, d):
            continue
        prev = first.get(d.key)
        if prev is None:
            if d.section == "2":
                first[d.key] = d
            continue
        if _slice_and_value(prev, d):
            continue
        if prev.function_like and d.function_like and _arity(note, prev) != _arity(note, d):
            continue  # H(X) ∈ [0, log 2] and H(X,Y) ∈ [0, log 4]: another function of more arguments
        reason = _conflict(prev, d, table)
        if reason is not None and (_restriction(note, prev, d) or _same_at_fixed_sizes(note, prev, d)):
            continue
        if reason is not None:
            line = note.index.position(prev.span.start)[0]
            ctx.report(
                d.span.start,
                d.span.end,
                f"`{d.key}` is declared again with a different {reason} (line {line})",
            )


def _same_at_fixed_sizes(note: Note, first: Declaration, second: Declaration) -> bool:
    r""" "in the one-dimensional example ($d=1$), … $x_i, w\in\mathbb{R}$" after
    $w\in\mathbb{R}^{d}$: the same shape at the sizes fixed where the second is written."""
    a, b = first.shape, second.shape
    span = next((m for m in note.math if m.content_start <= second.span.start < m.content_end), None)
    if a is None or b is None or span is None:
        return False
    sizes = fixed_sizes(note, span)
    if not sizes:
        return False
    dims = [sizes.get(x, x) for x in a.dims]
    if b.is_scalar:
        return all(x == "1" for x in dims)
    return len(dims) == len(b.dims) and all(x == sizes.get(y, y) for x, y in zip(dims, b.dims, strict=True))


#: the words right before a declaration's math that make its symbol a dummy of its entry
_FOR = re.compile(r"\bfor(?:\s+(?:each|every|all|any))?\s*$", re.IGNORECASE)
#: "argument of $z\in\mathbb{C}\setminus\{0\}$" after the entry's own symbol: the argument its
#: function takes, described, not declared again
_OF = re.compile(r"\bof\s*$", re.IGNORECASE)


def _quantified(note: Note, d: Declaration) -> bool:
    r"""Is ``d`` a letter its entry quantifies over ("Block notation: for $A\in\{W,D,\Delta\}$,
    $A_{UU}\in…$") or the argument it describes ("$\arg z\in(-\pi,\pi]$: argument of
    $z\in\mathbb{C}\setminus\{0\}$"), local to that entry (the glossary may declare an $A$ or a
    $z$ of its own elsewhere)?"""
    # (only a symbol that opens its formula: "for $A\in…$", not the $B$ of "$A, B\in…$")
    spans = note.math_in(d.entry)
    span = next((m for m in spans if m.content_start == d.span.start), None)
    if span is None:
        return False
    before = note.text[max(d.entry.start, span.start - 20) : span.start]
    return bool(_FOR.search(before)) or (span is not spans[0] and bool(_OF.search(before)))


def _arity(note: Note, d: Declaration) -> int:
    """How many arguments a declared function is written with: 2 for ``H(X,Y)``, ``I(X;Y)`` and
    ``\\pi(a\\mid s)``; 0 when no argument list follows its name."""
    text = note.text
    at = d.span.end
    if at >= len(text) or text[at] != "(":
        return 0
    depth, count = 0, 1
    for k in range(at, min(len(text), at + 200)):
        ch = text[k]
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return count
        if depth == 1 and (ch in ",;|" or text.startswith("\\mid", k)):
            count += 1
    return 0
