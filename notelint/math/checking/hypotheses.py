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
from fractions import Fraction
from typing import TYPE_CHECKING

from notelint.math.checking import claims
from notelint.math.checking.jobs import Assumption
from notelint.math.reading.relations import chains_of, split_relations
from notelint.math.reading.side_names import is_identity, transposed

if TYPE_CHECKING:
    from notelint.note import MathSpan, Note

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


def word_assumptions(note: Note, start: int, end: int, math_starts: list[int]) -> list[Assumption]:
    """The class words touching the symbols of the inline spans from ``start`` to ``end``."""
    out: list[Assumption] = []
    i = bisect.bisect_left(math_starts, start)
    for m in note.math[i:]:
        if m.start >= end:
            break
        out.extend(span_words(note, m, start, end))
    return out


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
