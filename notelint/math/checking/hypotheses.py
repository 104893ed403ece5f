"""Hypotheses as :class:`~notelint.math.checking.jobs.Assumption` s to sample under.

What a math span states about its symbols (``a>0``, ``0<\\gamma<1``, ``S^\\top=S``,
``\\Sigma\\in\\mathbb{S}^d_{++}``, ``Q^\\top Q=I``, ``p\\in[0,1]``), the class words touching a
symbol in prose ("orthogonal $Q$", "$A$ is symmetric"), the equations of a hypothesis no
sample can respect, and how assumptions of one symbol merge. Read by
:class:`~notelint.math.checking.note_facts.NoteFacts` for sections 2–3 and each relation's
own sentence. The class words are prose (regexes over words); the set and interval patterns
read a membership's right side as written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

from notelint import data
from notelint.math.checking import claims
from notelint.math.checking.jobs import Assumption
from notelint.math.checking.recorded_definitions import value_key
from notelint.math.reading.atoms import plain_text
from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.relations import Link, Side, chains_of, split_relations
from notelint.math.reading.side_names import is_identity, transposed
from notelint.math.reading.side_values import interval, number_set, number_value

if TYPE_CHECKING:
    from collections.abc import Sequence

    from notelint.math.reading.atoms import Atom
    from notelint.note import MathSpan, Note

#: matrix classes named in words next to a symbol ("orthogonal $Q$", "$A$ is symmetric")
_MATRIX_WORDS = tuple(
    (re.compile(entry["pattern"], re.I), str(entry["kind"]))
    for entry in data.load("math_prose")["matrix_classes"]
)
#: the class word touching a symbol: right before it (…"orthogonal matrix $Q$") or right after
#: ("$A$ is symmetric"), compiled once (they ran once per span and pattern, 14,000 spans)
_TOUCHING = tuple(
    (
        re.compile(rf"(?:{pattern.pattern})\s*(?:matri(?:x|ces))?\s*$", re.I),
        # "$Q\in\mathbb{R}^{d\times d}$: an orthogonal matrix" (a glossary entry's description),
        # not "$d_j$: diagonal entries of $D$" nor "diagonal matrix of singular values $\sigma_j$"
        # (its entries are named: sampled apart from them, the matrix loses that link)
        re.compile(
            # ("$Q\in\mathbb{R}^{3\times 2}$: matrix with orthonormal columns" too)
            rf"\s*(?::\s*)?(?:is|are|be)?\s*(?:(?:an?|the)\s+)?(?:(?:thin|square|real)\s+)?(?:matri(?:x|ces)\s+with\s+)?"
            rf"(?:{pattern.pattern})(?![\w-])"
            # ("orthogonal matrix with columns $u_1,\dots,u_d$" names its columns, and is orthogonal)
            r"(?!\s+(?:matri(?:x|ces)\s+)?(?:to|with(?!\s+columns\b)|of|entr\w*|elements?|parts?|blocks?)\b)",
            re.I,
        ),
        kind,
    )
    for pattern, kind in _MATRIX_WORDS
)
#: the words between "for" and a symbol when they only name its class ("for a symmetric
#: matrix $M$", "for orthogonal $Q$"): a hypothesis that is sampled, not a restriction in words
_CLASS_ONLY = tuple(
    re.compile(rf"\s*(?:(?:an?|any|every|all)\s+)?(?:{pattern.pattern})\s*(?:matri(?:x|ces))?\s*$", re.I)
    for pattern, _ in _MATRIX_WORDS
)


def names_a_class_only(words: str) -> bool:
    """Do ``words`` (between "for" and a symbol) only name a matrix class the sampler knows?"""
    return any(p.match(words) for p in _CLASS_ONLY)


def _number(side: Side) -> str | None:
    """A side's number literal (``3``, ``-0.5``, ``\\tfrac{3}{4}`` → ``3/4``), from its atoms."""
    return number_value(side.atoms)


def _symbols(latex: str, atoms: Sequence[Atom], offset: int, written: bool = False) -> list[str]:
    """``a, b`` / ``\\alpha`` → the bare names of a comma list (empty when one is not bare), or
    with ``written`` the symbols as written (``U'`` keeps its prime). ``atoms`` are those of
    ``latex``, their offsets ``offset`` past its start."""
    parts: list[str] = []
    start: int | None = None
    end = 0
    for a in [*atoms, None]:
        if a is None or (a.kind == "op" and a.text == "," and a.sub is None and a.sup is None):
            if start is not None:
                parts.append(latex[start - offset : end - offset].strip())
            start = None
            continue
        start = a.start if start is None else start
        end = a.end
    if not parts or not all(claims.is_bare(p) and "(" not in p for p in parts):
        return []
    return parts if written else [claims.full_name(p) for p in parts]


def _side_symbols(side: Side) -> list[str]:
    if not side.atoms or len(side.text) != side.end - side.start:
        return []  # a side written over two rows: its text is not at its atoms' offsets
    return _symbols(side.text, side.atoms, side.start)


def assumptions_in(math: str | MathSpan) -> list[Assumption]:
    r"""The hypotheses one math span (or LaTeX text) states: ``a>0``, ``0<\gamma<1``,
    ``S^\top=S``, ``\Sigma\in\mathbb{S}^d_{++}``, ``Q^\top Q=I``, ``p\in[0,1]``."""
    out: list[Assumption] = []
    try:
        chains = split_relations(math) if isinstance(math, str) else chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return out
    for chain in chains:
        for link in chain.links:
            if link.symbol == "\\in":
                out.extend(_set_membership(link.left, link.right))
            elif link.symbol == "\\to":
                out.extend(_codomain(link.left, link.right))
            elif link.symbol in _DEFINITENESS:
                out.extend(_definite(link.symbol, link.left, link.right))
            else:
                out.extend(_from_link(link.op, link.left, link.right))
    return out


#: ``A \succ 0`` / ``A \succeq 0``: the class of matrix each order against zero states
_DEFINITENESS = {"\\succ": "spd", "\\succeq": "psd", "\\succcurlyeq": "psd"}


def _definite(symbol: str, left: Side, right: Side) -> list[Assumption]:
    r"""``\Sigma\succ0``, ``A^\top\succeq 0`` (the end of ``A=A^\top\succ0``): a positive
    (semi)definite matrix, sampled as one; a side that is not one bare name says nothing."""
    if _number(right) != "0":
        return []
    text = left.text.strip()
    written = transposed(text)
    if written is not None and not written[1]:
        text = written[0]
    if not claims.is_bare(text) or "(" in text:
        return []
    return [Assumption(claims.full_name(text), _DEFINITENESS[symbol])]


def indicator_definitions(math: MathSpan) -> list[Assumption]:
    r"""The names a span defines as indicators, ``I_i = \mathbf{1}\{\sigma(i)=i\}``: their values
    are 0 and 1 wherever the note uses them (``I_i^2 = I_i`` holds there, not at 0.9)."""
    try:
        chains = chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return []
    out: list[Assumption] = []
    for chain in chains:
        for link in chain.links:
            if link.op == "=" and _indicator(link.right.atoms):
                out.extend(Assumption(n, "integer", lo="0", hi="1") for n in _side_symbols(link.left))
    return out


def _indicator(atoms: Sequence[Atom]) -> bool:
    r"""``\mathbf{1}\{…\}``, ``\mathbb{1}[…]``, ``\mathbb{1}_{A}``: an indicator, alone on its side."""
    if not atoms or not atoms[0].is_macro("mathbf", "mathbb", "mathds", "mathbbm") or atoms[0].sup:
        return False
    if plain_text(atoms[0].args[0] if atoms[0].args else []) != "1":
        return False
    rest = list(atoms[1:])
    if not rest:
        return atoms[0].sub is not None
    # one bracket from the indicator to the end of the side (``\mathbf{1}\{x>0\}+1`` is no indicator)
    depth = 0
    for k, a in enumerate(rest):
        if a.is_macro("{", "lbrace") or (a.kind == "op" and a.text in ("(", "[")):
            depth += 1
        elif a.is_macro("}", "rbrace") or (a.kind == "op" and a.text in (")", "]")):
            depth -= 1
            if depth == 0:
                return k == len(rest) - 1
        elif depth == 0:
            return False
    return False


def hypothesis_equations(math: str | MathSpan) -> list[str]:
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
                and not _is_number_set(link.right.atoms)
                and not (link.symbol == "\\in" and _set_membership(link.left, link.right))
            ):
                # "with $u_\\perp\\perp\\mathcal{M}$", "$u_\\parallel\\in\\mathcal{M}$": a subspace or
                # orthogonality no sample respects
                out.append(f"{left}{link.symbol} {right}")
                continue
            bound = _product_bound(link)
            if bound is not None:
                # "for a constant step with $\mu\eta\in(0,2)$": a product no one-symbol sample
                # respects (re-checked with one factor solved for: see excuse_checks)
                out.append(bound)
                continue
            if link.op in ("<", "<=", ">", ">=") and not _from_link(link.op, link.left, link.right):
                # "for $N\le d$": an order between two symbols, which no one-symbol sample respects
                if _number(link.left) is None and _number(link.right) is None:
                    out.append(f"{left}{link.symbol} {right}")
                continue
            if link.op != "=" or _from_link("=", link.left, link.right):
                continue
            out.append(f"{left}={right}")
    return out


def _product_bound(link: Link) -> str | None:
    r"""``\mu\eta\in(0,2)``, ``\eta L<2``, ``0<\mu\eta``: a product of two names bounded by
    numbers, written product first (``\mu\eta>0``); :func:`product_range` reads it back."""
    if link.symbol == "\\in":
        left = link.left.text.strip()
        if interval(link.right.atoms) is None or TWO_FACTORS.fullmatch(left) is None:
            return None
        return f"{left}\\in {link.right.text.strip()}"
    if link.op not in ("<", "<=", ">", ">="):
        return None
    op, product, bound = link.op, link.left, link.right
    if _number(link.left) is not None:
        op, product, bound = _FLIPPED[op], link.right, link.left
    if _number(bound) is None or TWO_FACTORS.fullmatch(product.text.strip()) is None:
        return None
    return f"{product.text.strip()}{_ORDER_LATEX[op]}{bound.text.strip()}"


def product_range(given: str) -> tuple[str, str, str | None, str | None] | None:
    r"""The two factors and the ends (numbers, None for no end) of a product bound written by
    :func:`hypothesis_equations`: ``\mu\eta\in (0,2)`` → ``("\mu", "\eta", "0", "2")``."""
    product = TWO_FACTORS.match(given.strip())
    if product is None:
        return None
    try:
        links = [link for chain in split_relations(given) for link in chain.links]
    except (ValueError, IndexError, AssertionError):
        return None
    if len(links) != 1 or TWO_FACTORS.fullmatch(links[0].left.text.strip()) is None:
        return None
    link = links[0]
    if link.symbol == "\\in":
        iv = interval(link.right.atoms)
        return None if iv is None else (product["a"], product["b"], iv.lo, iv.hi)
    end = _number(link.right)
    if end is None or link.op not in ("<", "<=", ">", ">="):
        return None
    return (product["a"], product["b"], *((None, end) if link.op in ("<", "<=") else (end, None)))


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_ORDER_LATEX = {"<": "<", "<=": "\\le ", ">": ">", ">=": "\\ge "}
#: one factor of a product of two names: a letter or a whole macro name (``\\alpha`` is no
#: ``\\alph`` times ``a``), with an optional subscript
_FACTOR = r"(?:\\[A-Za-z]+(?![A-Za-z])|[A-Za-z])(?:_(?:\{[^{}]*\}|\\?[A-Za-z0-9]))?"
#: a product of two names (``\\eta a``, a hypothesis's left side)
TWO_FACTORS = re.compile(rf"(?P<a>{_FACTOR})\s*(?P<b>{_FACTOR})")


#: an order between two bare names (``n\\le d``, ``L\\ge \\mu``) as :func:`hypothesis_equations`
#: writes it
NAME_ORDER = re.compile(
    r"^\s*(?P<a>\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]\}?)?)\s*(?P<op><|>|\\leq?|\\geq?)\s*"
    r"(?P<b>\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]\}?)?)\s*$"
)


def orders_in(math: str | MathSpan) -> list[str]:
    """The orders between two bare names that a hypothesis span states (``L\\ge\\mu``)."""
    return [g for g in hypothesis_equations(math) if NAME_ORDER.match(g)]


#: hypotheses between vectors and subspaces that sampling cannot respect
_UNSAMPLED_RELATIONS = ("\\perp", "\\parallel")
#: index ranges and number sets, by their first atom: memberships that state no hypothesis
#: to sample under (``i \in \{1,…,n\}``, ``t \in [0, T]``, ``x \in \mathbb{R}^d``), and the
#: reals, naturals and integers as notes' own macros name them (``\R``, ``\Re``, ``\RR``,
#: ``\Rset``, ``\N``, ``\ZZ``: a macro whose name starts with R, N or Z)
_NUMBER_SET_MACROS = frozenset({"{", "mathbb"})
_NUMBER_SET_INITIALS = ("R", "N", "Z")
_NUMBER_SET_BRACKETS = frozenset({"[", "(", "]"})


def _is_number_set(atoms: Sequence[Atom]) -> bool:
    if not atoms:
        return False
    first = atoms[0]
    if first.kind == "macro":
        return first.text in _NUMBER_SET_MACROS or first.text.startswith(_NUMBER_SET_INITIALS)
    return first.kind == "op" and first.text in _NUMBER_SET_BRACKETS


def contradicts(value: str, assumption: Assumption) -> bool:
    """Is ``value``, a number's text (``1``, ``-0.5``, ``3/4``), outside the range ``assumption``
    states (a sign or an interval)? False for anything else."""
    try:
        number = Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        return False
    kind = assumption.kind
    sign = {
        "positive": number > 0,
        "negative": number < 0,
        "nonnegative": number >= 0,
        "nonpositive": number <= 0,
    }
    if kind in sign:
        return not sign[kind]
    if kind != "interval":
        return False
    try:
        lo = None if assumption.lo is None else Fraction(assumption.lo)
        hi = None if assumption.hi is None else Fraction(assumption.hi)
    except (ValueError, ZeroDivisionError):
        return False
    below = lo is not None and (number <= lo if assumption.lo_open else number < lo)
    above = hi is not None and (number >= hi if assumption.hi_open else number > hi)
    return below or above


def premise_assumptions(span: MathSpan, before: int) -> list[Assumption]:
    r"""What the premises of an implication written before ``before`` in ``span`` state
    (``\|a\|_2=\|p\|_2=1\implies …``: unit vectors), for the conclusion after the sign."""
    try:
        chains = chains_of(span)
    except (ValueError, IndexError, AssertionError):
        return []
    out: list[Assumption] = []
    for chain in chains:
        if not (chain.hypothesis_of_implication and chain.implication_before):
            continue
        links = chain.links
        if not links or links[-1].right.end > before:
            continue
        # a chain of norms ending at 1 makes every norm in it 1
        ends_at_one = _number(links[-1].right) == "1"
        for link in links:
            out.extend(_from_link(link.op, link.left, link.right))
            if ends_at_one and link.op == "=":
                out.extend(
                    Assumption(n, "unit") for side in (link.left, link.right) if (n := _unit_norm(side))
                )
    return out


def premise_values(span: MathSpan, before: int) -> dict[str, str]:
    r"""The names the premise of a one-way implication written before ``before`` in ``span``
    sets equal to something (``\eta'=k\eta\implies\frac{\eta'}{kB}=\frac{\eta}{B}``:
    ``\eta'`` is ``k\eta`` for the conclusion), keyed as values are; nothing for an
    equivalence, whose other direction the substitution would not check."""
    try:
        chains = chains_of(span)
    except (ValueError, IndexError, AssertionError):
        return {}
    out: dict[str, str] = {}
    # the premise is the statement right before the conclusion's (not one of another row:
    # "a=x_j \implies …" then "a=b=x_m+1 \implies …")
    conclusion = next(
        (
            k
            for k, c in enumerate(chains)
            if c.links and c.links[0].left.start <= before <= c.links[-1].right.end
        ),
        None,
    )
    premise = (conclusion or 0) - 1
    while premise >= 0 and not chains[premise].links:
        premise -= 1  # a fragment of words and symbols between (``\text{ for batch } kB``)
    if conclusion is None or premise < 0:
        return {}
    chain = chains[premise]
    if chain.one_way and chain.implication_before and chain.links and chain.links[-1].right.end <= before:
        for link in chain.links:
            left, right = link.left.text.strip(), link.right.text.strip()
            if link.op != "=" or not claims.is_bare(left) or "(" in left or not right:
                continue
            if left.endswith("'"):
                # a primed symbol (η' beside η) is a name of its own, not a derivative
                if left not in right:
                    out[left] = right
            elif not claims.mentions(right, claims.full_name(left)):
                out[value_key(left)] = right
    return out


#: the delimiters of a norm ``\|x\|``, ``\lVert x\rVert``
_NORM_OPEN = ("|", "lVert", "Vert")
_NORM_CLOSE = ("|", "rVert", "Vert")


def _unit_norm(side: Side) -> str | None:
    r"""``x`` of the side ``\|x\|_2`` (or ``\|x\|``): the Euclidean norm of one name, else None."""
    atoms = side.atoms
    if len(atoms) != 3 or len(side.text) != side.end - side.start:
        return None
    first, inner, last = atoms
    if (
        not (first.is_macro(*_NORM_OPEN) and last.is_macro(*_NORM_CLOSE))
        or first.sub
        or first.sup
        or last.sup
    ):
        return None
    if last.sub is not None and not (len(last.sub) == 1 and last.sub[0].text == "2"):
        return None
    names = _symbols(side.text, [inner], side.start)
    return names[0] if len(names) == 1 else None


def _from_link(op: str, left_side: Side, right_side: Side) -> list[Assumption]:
    left, right = left_side.text.strip(), right_side.text.strip()
    if op == "=":
        for unit_side, number_side in ((left_side, right_side), (right_side, left_side)):
            name = _unit_norm(unit_side)
            if name is not None and _number(number_side) == "1":
                return [Assumption(name, "unit")]  # \|u\|_2 = 1
        for a, b in ((left, right), (right, left)):
            written = transposed(a)
            if written is None:
                continue
            name, after = written
            if not after and claims.squash(name) == claims.squash(b) and claims.is_bare(b):
                return [Assumption(claims.full_name(b), "symmetric")]  # S^\top = S
            if (
                after
                and claims.squash(name) == claims.squash(after)
                and is_identity(b)
                and claims.is_bare(name)
            ):
                return [Assumption(claims.full_name(name), "orthogonal")]  # Q^\top Q = I
        return []
    if op not in ("<", "<=", ">", ">=", "!="):
        return []
    flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!="}
    symbol_side, number_side = left_side, right_side
    if _number(left_side) is not None:
        symbol_side, number_side, op = right_side, left_side, flip[op]
    value = _number(number_side)
    names = _side_symbols(symbol_side)
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
        bound = interval_bound(name, op, value)
        if value == "0":
            kind = {">": "positive", ">=": "nonnegative", "<": "negative", "<=": "nonpositive"}[op]
            out.append(Assumption(name, kind))
        elif bound is not None:
            out.append(bound)
    return out


def interval_bound(name: str, op: str, value: str) -> Assumption | None:
    """``name op value`` as an interval (``m\\ge 2``: [2, ∞)); None for ``!=``."""
    if op in (">", ">="):
        return Assumption(name, "interval", lo=value, lo_open=op == ">")
    if op in ("<", "<="):
        return Assumption(name, "interval", hi=value, hi_open=op == "<")
    return None


def _set_membership(left: Side, right: Side) -> list[Assumption]:
    """``a, b \\in \\mathbb{R}_{>0}``, ``\\Sigma \\in \\mathbb{S}^d_{++}``, ``p \\in [0, 1]``."""
    names = _side_symbols(left)
    if not names:
        return []
    kind = number_set(right.atoms)
    if kind is not None:
        return [Assumption(n, kind) for n in names]
    if _binary(right.atoms):
        # X \in \{0,1\}: an indicator, sampled at 0 and 1 (X^2 = X holds there)
        return [Assumption(n, "integer", lo="0", hi="1") for n in names]
    iv = interval(right.atoms)
    if iv is None:
        return []
    return [
        Assumption(n, "interval", lo=iv.lo, hi=iv.hi, lo_open=iv.lo_open, hi_open=iv.hi_open) for n in names
    ]


def _codomain(left: Side, right: Side) -> list[Assumption]:
    """``A, G, H:(0,1]^2\\to(0,1]``: maps into an interval, whose values (the names written
    bare, as the means A, G, H of P and R are) lie in it."""
    colon = next((k for k, a in enumerate(left.atoms) if a.kind == "op" and a.text == ":"), None)
    iv = interval(right.atoms)
    if colon is None or iv is None or not left.atoms or len(left.text) != left.end - left.start:
        return []
    names = _symbols(left.text, left.atoms[:colon], left.start)
    return [
        Assumption(n, "interval", lo=iv.lo, hi=iv.hi, lo_open=iv.lo_open, hi_open=iv.hi_open) for n in names
    ]


def _binary(atoms: Sequence[Atom]) -> bool:
    """``\\{0,1\\}`` (or ``\\lbrace 0, 1\\rbrace``) without a power: the set of an indicator."""
    inner = [a for a in atoms if not a.is_macro(",", ";", "!", " ", "quad")]
    return (
        len(inner) == 5
        and inner[0].is_macro("{", "lbrace")
        and inner[4].is_macro("}", "rbrace")
        and inner[4].sup is None
        and [a.text for a in inner[1:4]] == ["0", ",", "1"]
    )


def word_assumptions(note: Note, start: int, end: int, math_starts: list[int]) -> list[Assumption]:
    """The class words touching the symbols of the inline spans from ``start`` to ``end``
    (the note's assumptions: not a class after "if", "iff", "when", the case a statement of
    sections 2–3 names: "… holds if and only if $A$ is symmetric")."""
    out: list[Assumption] = []
    i = bisect.bisect_left(math_starts, start)
    for m in note.math[i:]:
        if m.start >= end:
            break
        if _CONDITIONAL_BEFORE.search(note.text[max(start, m.start - 30) : m.start]):
            continue
        out.extend(span_words(note, m, start, end))
    return out


#: the words of a condition right before a span: "if", "if and only if", "iff", "when", "unless"
_CONDITIONAL_BEFORE = re.compile(r"\b(?:if|iff|when|whenever|unless)\s*$", re.IGNORECASE)


def span_words(
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
        found = _touching_words(m, note.text[lo : m.start], note.text[m.end : hi])
        if memo is not None:
            memo[key] = found
    return found


#: "every integer $m\neq 0$", "for integers $k$": the class word right before a span
_INTEGER_BEFORE = re.compile(r"\b(?:integers?|whole\s+numbers?)\s*$", re.IGNORECASE)


#: "$I_j$ is a Bernoulli($p$) indicator", "indicator variables $I_1,\dots,I_n$", "binary $z$":
#: names that take the values 0 and 1 only
_BINARY_AFTER = re.compile(
    r"\s*(?:is|are)\s+(?:an?\s+)?(?:(?:independent|iid|i\.i\.d\.)\s+)?(?:indicators?|bernoulli|binary)\b",
    re.IGNORECASE,
)
_BINARY_BEFORE = re.compile(
    r"\b(?:indicators?|binary|bernoulli)(?:\s+random)?(?:\s+variables?)?\s*$", re.IGNORECASE
)


def binary_words(note: Note, m: MathSpan) -> list[Assumption]:
    r"""The names an inline span writes that its words call indicators ("$I_j$ is a Bernoulli($p$)
    indicator"): they take the values 0 and 1 wherever the note uses them, as an indicator it
    defines by ``\mathbf{1}\{…\}`` does (sampled there, where ``I_j^2 = I_j`` holds)."""
    if m.kind != "inline":
        return []
    before, after = note.text[max(0, m.start - 40) : m.start], note.text[m.end : m.end + 40]
    if not (_BINARY_AFTER.match(after) or _BINARY_BEFORE.search(before)):
        return []
    atoms = m.facet(MATH_MODEL).atoms
    if any(a.is_macro("in") or (a.kind == "op" and a.text == "=") for a in atoms):
        return []  # "indicator $I_j = \mathbf{1}\{…\}$" (indicator_definitions), "$X\in\{0,1\}$"
    return [Assumption(n, "integer", lo="0", hi="1") for n in _symbols(m.latex, atoms, 0)]


def _touching_words(m: MathSpan, before: str, after: str) -> list[Assumption]:
    """The class words before or after the names an inline span writes (``$A$``, ``$Q, R$``,
    or the names before its first ``\\in``: ``$A \\in \\mathbb{R}^{n\\times n}$``)."""
    model = m.facet(MATH_MODEL)
    atoms = model.atoms
    if _INTEGER_BEFORE.search(before) and atoms and atoms[0].kind == "letter":
        # "for every integer $m\neq 0$": the name the span opens with is an integer
        head = _symbols(m.latex, atoms[:1], 0)
        if head:
            return [Assumption(head[0], "integer")]
    membership = next((a for a in atoms if a.is_macro("in")), None)
    if membership is not None:
        atoms = [a for a in atoms if a.end <= membership.start]
    names = _symbols(m.latex, atoms, 0)
    if not names:
        return []
    for touching_before, touching_after, kind in _TOUCHING:
        if touching_before.search(before) or touching_after.match(after):
            if _orthogonal_vectors(names, kind, before, after):
                return []  # a relation between them (orthogonal_pairs), no class of each
            return [Assumption(n, kind) for n in names]
    if _ORTHONORMAL_COLUMNS.match(after):
        return [Assumption(n, "orthogonal") for n in names]  # sampled with orthonormal columns
    return []


def _orthogonal_vectors(names: list[str], kind: str, before: str, after: str) -> bool:
    """ "for orthogonal $U,U'$ in an inner-product space": two or more names called orthogonal,
    not matrices, are vectors orthogonal to each other."""
    return (
        kind == "orthogonal"
        and len(names) > 1
        and not re.search(r"matri(?:x|ces)", before[-40:] + after[:40], re.I)
    )


#: the class word "orthogonal" right before a span (the first pattern of its _TOUCHING entry)
_ORTHOGONAL_BEFORE = next(before for before, _, kind in _TOUCHING if kind == "orthogonal")


def orthogonal_pairs(note: Note, m: MathSpan, start: int, end: int) -> list[str]:
    r"""``U^\top U'=0`` for "orthogonal $U,U'$": the hypotheses the words state between the
    vectors the span names (a relation under them holds where they hold)."""
    before = note.text[max(start, m.start - 60) : m.start]
    if m.kind != "inline" or "orthogonal" not in before.lower() or not _ORTHOGONAL_BEFORE.search(before):
        return []
    after = note.text[m.end : min(end, m.end + 60)]
    names = _symbols(m.latex, list(m.facet(MATH_MODEL).atoms), 0, written=True)
    if not _orthogonal_vectors(names, "orthogonal", before, after):
        return []
    return [f"{a}^\\top {b}=0" for i, a in enumerate(names) for b in names[i + 1 :]]


#: "\text{and for symmetric } A:" inside a display: a class its words give the symbol after them
_CLASS_IN_TEXT = re.compile(
    r"\\text(?:rm)?\{(?P<words>[^{}]*)\}\s*(?P<name>\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*(?::|,|\\colon)"
)


def text_class_hypotheses(latex: str) -> list[Assumption]:
    r"""The classes a display's own words give a symbol before a relation
    (``\text{and for symmetric } A:\quad \frac{\partial\log\det A}{\partial A} = A^{-1}``):
    ``latex`` is the display up to that relation."""
    out: list[Assumption] = []
    for m in _CLASS_IN_TEXT.finditer(latex):
        for touching_before, _, kind in _TOUCHING:
            if touching_before.search(m["words"]):
                out.append(Assumption(m["name"], kind))
                break
    return out


#: "$W\in\mathbb{R}^{m\times p}$ has orthonormal columns": a class stated with "has"
_ORTHONORMAL_COLUMNS = re.compile(r"\s*(?:has|have|with)\s+orthonormal\s+columns\b", re.IGNORECASE)


def _tighter(
    old: str | None, old_open: bool, new: str | None, new_open: bool, pick: Callable[[float, float], float]
) -> tuple[str | None, bool]:
    """The bound of two (``pick`` is ``max`` for lower bounds, ``min`` for upper) when both
    are numbers; else the first one written, or the only one."""
    if old is None:
        return new, new_open
    if new is None:
        return old, old_open
    if not (_numeric_text(old) and _numeric_text(new)):
        return old, old_open
    a, b = float(old), float(new)
    if a == b:
        return old, old_open or new_open
    return (old, old_open) if pick(a, b) == a else (new, new_open)


#: sign assumptions no number satisfies together
_OPPOSITE = (
    {"positive", "negative"},
    {"positive", "nonpositive"},
    {"negative", "nonnegative"},
)


def opposite_signs(items: tuple[Assumption, ...]) -> str | None:
    """A symbol ``items`` give opposite signs (``x<0`` and ``x\\ge 0``: two cases of one
    sentence), else None."""
    kinds: dict[str, set[str]] = {}
    for a in items:
        kinds.setdefault(a.symbol, set()).add(a.kind)
    for symbol, held in kinds.items():
        if any(pair <= held for pair in _OPPOSITE):
            return symbol
    return None


def merge(items: list[Assumption]) -> tuple[Assumption, ...]:
    """One assumption per symbol and kind; two bounds of one symbol make one interval."""
    out: dict[tuple[str, str], Assumption] = {}
    for a in items:
        k = (a.symbol, a.kind)
        old = out.get(k)
        if old is None or a.kind != "interval":
            out[k] = a if old is None else old
            continue
        # both bounds hold: the tighter one of two numbers ("$n\\ge 1$" in section 2, "need
        # $n\\ge 3$" in section 3), else the first written
        lo, lo_open = _tighter(old.lo, old.lo_open, a.lo, a.lo_open, max)
        hi, hi_open = _tighter(old.hi, old.hi_open, a.hi, a.hi_open, min)
        out[k] = Assumption(a.symbol, "interval", lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open)
    # a positive (semi)definite matrix is symmetric: "$A=A^\top\succ0$" samples it definite
    for sym, kind in list(out):
        if kind == "symmetric" and ((sym, "spd") in out or (sym, "psd") in out):
            del out[(sym, kind)]
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
    # an integer with a numeric range ("$n\\in\\mathbb{N}$", "$n\\ge 3$"): one integer range, so
    # that a sample is both (n = 3.5 is no sample size)
    for (sym, kind), iv in list(out.items()):
        whole = out.get((sym, "integer"))
        if kind != "interval" or whole is None or whole.lo is not None or whole.hi is not None:
            continue
        if not all(_numeric_text(end) for end in (iv.lo, iv.hi) if end is not None):
            continue
        out[(sym, "integer")] = Assumption(sym, "integer", iv.lo, iv.hi, iv.lo_open, iv.hi_open)
        del out[(sym, "interval")]
    return tuple(out.values())


def _numeric_text(end: object) -> bool:
    """Is a bound a number written as text (not a name)?"""
    if not isinstance(end, str):
        return False
    try:
        float(end)
    except ValueError:
        return False
    return True
