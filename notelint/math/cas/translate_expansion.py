"""The translator's ``\\sum`` and ``\\prod`` over a concrete range, expanded term by term
(``\\sum_i`` and ``\\sum_{j\\ne i}`` take their range from the arrays they index; a range over
pairs ``\\sum_{i<j}``), or kept as SymPy's ``Sum`` over a symbolic bound. Worker side (imports
SymPy).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import sympy as sp

from notelint.math.cas import translate_sums as sums
from notelint.math.cas.size_variants import Retry
from notelint.math.cas.sympy_values import as_scalar
from notelint.math.cas.token_stream import TokenStream
from notelint.math.cas.translate_arrays import combine, index_value
from notelint.math.checking.guards import Unsupported

#: ``\sum_{t<T}``, ``\prod_{s\le t}`` read from an index of 0, not 1: a bound written as a relation
#: does not say where the index starts (the verdicts try this reading before refuting a relation)
OPEN_SUMS_FROM_ZERO: ContextVar[bool] = ContextVar("OPEN_SUMS_FROM_ZERO", default=False)

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Tok, Translator


#: a sum over a concrete range is expanded up to this many terms
MAX_TERMS = 16


# ---- sums and products ------------------------------------------------------------------------
def sum_or_product(tr: Translator, name: str, p: TokenStream, stop: frozenset[str]) -> Any:
    r"""``\sum``/``\prod`` after its name: a finite expansion over a concrete range, or SymPy's
    ``Sum``/``Product`` over a symbolic one (``\sum_{i=1}^{n} i`` with ``n`` not a size)."""

    sub = p.take_script("_")
    sup = p.take_script("^")
    if sub is None and sup is None:
        raise Unsupported(f"\\{name} without bounds")
    if sub is None:
        sub = []
    sub = _unprimed(sub, p)
    at = [k for k, x in enumerate(sub) if x.kind == "char" and x.value == "="]
    parts = [sub[: at[0]], sub[at[0] + 1 :]] if len(at) == 1 else [sub]
    written = sums.explicit_range(sub) if sup is None else None  # i\in\{1,\dots,n\}, i\in[n]
    member = sums.index_set_member(tr, sub) if sup is None and written is None else None
    if member is not None:
        # i\in\mathcal{I}_k: the subset the set stands for in this run, term by term
        idx_name = tr.name_of(member[0])
        if not sums.is_listed(sub) and _index_as_value(tr, idx_name, p, stop):
            raise Unsupported(f"\\{name} over a set whose members are used as numbers (of what set?)")
        return _expand(tr, name, idx_name, member[1], p, stop)
    tr.sizing.other_sums = True
    if written is not None:
        parts, sup = [[written[0]], written[1]], written[2]
    if len(parts) == 2 and sup is not None:
        if len(parts[0]) != 1 or parts[0][0].kind not in ("letter", "macro"):
            raise Unsupported("summation index")
        idx_name = tr.name_of(parts[0][0])
        lo = _concrete(as_scalar(tr.expr_all(parts[1])))
        hi = _concrete(as_scalar(tr.expr_all(sup)))
        if isinstance(lo, sp.Integer) and isinstance(hi, sp.Integer) and int(hi) - int(lo) < MAX_TERMS:
            return _expand(tr, name, idx_name, range(int(lo), int(hi) + 1), p, stop)
        return _symbolic(tr, name, idx_name, lo, hi, p, stop)
    if sup is not None:
        raise Unsupported(f"\\{name} over an index set")
    # \sum_i, \sum_{j\ne i}, \prod_{s\le t}, \sum_{i<j}: the range from the arrays it indexes
    if len(sub) == 1 and sub[0].kind in ("letter", "macro"):
        idx_name = tr.name_of(sub[0])
        values = range(1, probe(tr, idx_name, p, stop) + 1)
        return _expand(tr, name, idx_name, values, p, stop)
    if len(sub) == 3 and sub[0].kind == sub[2].kind == "letter" and sub[1].value == ",":
        # \sum_{i,j}: both indices over the ranges of what they index
        outer, inner = sub[0].value, sub[2].value
        rows, cols = _probe_all(tr, (outer, inner), p, stop)
        return _expand_pairs(tr, name, (outer, inner), (rows, cols), p, stop)
    if len(sub) == 3 and sub[0].kind == "letter":
        rel = ("\\" if sub[1].kind == "macro" else "") + sub[1].value
        idx_name = tr.name_of(sub[0])
        if sub[2].kind not in ("letter", "num"):
            raise Unsupported(f"\\{name} over an index set")
        bound = index_value(tr, [sub[2]], None, False)
        if (
            rel in ("\\ne", "\\neq")
            and sub[2].kind == "letter"
            and _only_this_sum_uses(tr, sub[2], sub[0].pos)
        ):
            # \sum_{i\ne j} w_{ij} with j used nowhere else: over the ordered pairs i ≠ j
            pair = (idx_name, tr.name_of(sub[2]))
            rows, cols = _probe_all(tr, pair, p, stop)
            return _expand_pairs(tr, name, pair, (rows, cols), p, stop, distinct=True)
        if (
            rel in ("<", "\\le", "\\leq")
            and sub[2].kind == "letter"
            and _only_this_sum_uses(tr, sub[2], sub[0].pos)
        ):
            # \sum_{i<j} a_ia_j with j used nowhere else: over the pairs i < j (i ≤ j)
            pair = (idx_name, tr.name_of(sub[2]))
            rows, cols = _probe_all(tr, pair, p, stop)
            return _expand_pairs(tr, name, pair, (rows, cols), p, stop, order="<" if rel == "<" else "<=")
        if rel in ("\\ne", "\\neq"):
            full = probe(tr, idx_name, p, stop)
            return _expand(tr, name, idx_name, [v for v in range(1, full + 1) if v != bound], p, stop)
        first = 0 if OPEN_SUMS_FROM_ZERO.get() else 1
        if rel in ("\\le", "\\leq"):
            return _expand(tr, name, idx_name, range(first, bound + 1), p, stop)
        if rel == "<":
            return _expand(tr, name, idx_name, range(first, bound), p, stop)
    raise Unsupported(f"\\{name} over an index set")


def _only_this_sum_uses(tr: Translator, letter: Tok, at: int) -> bool:
    r"""Is the index ``letter`` of ``\sum_{i\ne j}`` used nowhere else, neither before the sum
    in its side nor in the relation's other side, except by sums of their own over it? Then
    the sum runs over it too. False when the translator is not reading a relation's side."""
    other = getattr(tr.other_side, "nodes", None)
    here = getattr(tr.src, "nodes", None)
    if not tr.other_side or other is None or here is None or tr.name_of(letter) in tr.bound:
        return False  # (inside a sum over it: \sum_i\sum_{j\ne i})
    return not _free_use(other, letter.value, None) and not _free_use(here, letter.value, at)


def _free_use(nodes: list[Tok], letter: str, before: int | None) -> bool:
    """Does ``letter`` occur in ``nodes`` (those starting before ``before``) other than in a
    side a sum over it binds (a ``\\sum_{j…}`` anywhere in them: its uses are taken as bound)?"""
    return _uses(nodes, letter, before) == "used"


def _uses(nodes: list[Tok], letter: str, before: int | None) -> str:
    """ "bound" (a sum over ``letter`` among ``nodes``), "used" or "" (neither)."""
    found = ""
    for i, n in enumerate(nodes):
        if before is not None and n.pos >= before:
            break
        if (
            n.kind == "macro"
            and n.value in ("sum", "prod")
            and i + 2 < len(nodes)
            and nodes[i + 1].value == "_"
        ):
            script = nodes[i + 2]
            index = script.children[0] if script.kind == "group" and script.children else script
            if index.kind == "letter" and index.value == letter:
                return "bound"
        if n.kind == "letter" and n.value == letter:
            found = "used"
        inner = _uses(n.children, letter, before)
        if inner == "bound":
            return "bound"
        found = found or inner
    return found


def _unprimed(sub: list[Tok], p: TokenStream) -> list[Tok]:
    r"""``\sum_{k'=1}^{K}\phi_{k'}``: a primed index (``k'``, ``t''``) is one name. Its letter and
    primes become one letter token ``k′``, in the subscript and in the rest of the stream (the
    term's ``\phi_{k'}``, ``p(x\mid y=k')``), so the index reads like any other."""
    if len(sub) < 2 or sub[0].kind != "letter" or not _is_prime(sub[1]):
        return sub
    letter = sub[0].value
    primes = 1
    while primes + 1 < len(sub) and _is_prime(sub[primes + 1]):
        primes += 1
    name = letter + "′" * primes
    merged = type(sub[0])("letter", name, sub[0].pos, sub[primes].end)
    p.toks[p.i :] = _merge_primes(p.toks[p.i :], letter, primes, name)
    return [merged, *sub[primes + 1 :]]


def _is_prime(t: Tok) -> bool:
    return t.kind == "char" and t.value == "'"


def _merge_primes(toks: list[Tok], letter: str, primes: int, name: str) -> list[Tok]:
    out: list[Tok] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        run = toks[k + 1 : k + 1 + primes]
        if (
            t.kind == "letter"
            and t.value == letter
            and len(run) == primes
            and all(_is_prime(x) for x in run)
            and not (k + 1 + primes < len(toks) and _is_prime(toks[k + 1 + primes]))
            and not (out and out[-1].kind == "char" and out[-1].value == "_")  # x_k': (x_k)'
        ):
            out.append(type(t)("letter", name, t.pos, run[-1].end))
            k += 1 + primes
            continue
        if t.children:
            t = type(t)(t.kind, t.value, t.pos, t.end, _merge_primes(t.children, letter, primes, name))
        out.append(t)
        k += 1
    return out


def _index_as_value(tr: Translator, idx: str, p: TokenStream, stop: frozenset[str]) -> bool:
    r"""Does the term use its index as a number (``\sum_{x\in S} x^2``), not only to pick
    entries (``x_i``, ``x^{(i)}``)? Then the set's members are unknown numbers, not the
    positions a sampled subset gives."""
    start, saved = p.i, tr.bound.get(idx)
    member = sp.Symbol(f"{idx}∈set")
    tr.bound[idx] = member
    try:
        term = tr.term(p, stop)
    except Retry:
        raise  # what the reading learnt (a sequence, a size) needs the relation read again
    except Unsupported:
        return False  # it indexes something (x_i at a symbolic i is refused): positions
    finally:
        p.i = start
        if saved is None:
            tr.bound.pop(idx, None)
        else:
            tr.bound[idx] = saved
    return member in getattr(term, "free_symbols", set())


def _expand_pairs(
    tr: Translator,
    name: str,
    idx: tuple[str, str],
    sizes: tuple[int, int],
    p: TokenStream,
    stop: frozenset[str],
    distinct: bool = False,
    order: str = "",
) -> Any:
    """The sum or product over every pair of values of two indices (``distinct``: unequal;
    ``order`` "<" or "<=": the first index below the second, or not above it)."""
    if sizes[0] * sizes[1] > MAX_TERMS:
        raise Unsupported(f"\\{name} with too many terms")
    saved = {k: tr.bound.get(k) for k in idx}
    start, end = p.i, None
    total: Any = None
    try:
        for a in range(1, sizes[0] + 1):
            for b in range(1, sizes[1] + 1):
                if (distinct and a == b) or (order == "<" and a >= b) or (order == "<=" and a > b):
                    continue
                p.i = start
                tr.bound[idx[0]], tr.bound[idx[1]] = sp.Integer(a), sp.Integer(b)
                term = tr.term(p, stop)
                if end is not None and p.i != end:
                    raise Unsupported(f"the term of \\{name} does not read the same way twice")
                end = p.i
                total = term if total is None else combine(name, total, term)
        _ended_at_sign(tr, p, idx)
    finally:
        for k, v in saved.items():
            if v is None:
                tr.bound.pop(k, None)
            else:
                tr.bound[k] = v
    return total


def _ended_at_sign(tr: Translator, p: TokenStream, letters: tuple[str, ...]) -> None:
    r"""``\sum_i \sigma(x_i) + \sigma(-x_i)``: the sum's term ends at the sign, so the index
    used after it is free, though the author may mean it inside; the caller refuses a relation
    that uses such an index outside its sum (``Sizing.ended_at_sign``)."""
    if p.at_char("+") or p.at_char("-"):
        tr.sizing.ended_at_sign.update(letters)


def _concrete(v: Any) -> Any:
    """``n-1`` at a concrete ``n`` is the integer it evaluates to."""
    if isinstance(v, sp.Basic) and not v.free_symbols and not isinstance(v, sp.Integer):
        done = v.doit()
        if isinstance(done, sp.Integer):
            return done
    return v


def probe(tr: Translator, idx: str, p: TokenStream, stop: frozenset[str]) -> int:
    """How many values ``idx`` takes in the term that follows: the length of what it indexes."""
    return _probe_all(tr, (idx,), p, stop)[0]


def _probe_all(tr: Translator, letters: tuple[str, ...], p: TokenStream, stop: frozenset[str]) -> list[int]:
    """The lengths of several indices of one term (``\\sum_{i,j}``), probed together."""
    sizing = tr.sizing
    start = p.i
    saved_bound = {x: tr.bound.pop(x, None) for x in letters}
    saved_range = {x: sizing.ranges.pop(x, None) for x in letters}
    sizing.probing.update(letters)
    try:
        tr.term(p, stop)
        lengths = [sizing.ranges.get(x) for x in letters]
    finally:
        sizing.probing.difference_update(letters)
        for x in letters:
            sizing.ranges.pop(x, None)
            if saved_range[x] is not None:
                sizing.ranges[x] = saved_range[x]  # type: ignore[assignment]
            if saved_bound[x] is not None:
                tr.bound[x] = saved_bound[x]
        p.i = start
    out: list[int] = []
    for x, length in zip(letters, lengths):
        if length is None:
            raise Unsupported(f"a sum over an index set whose range is not declared ({x})")
        if x not in sizing.from_arrays:
            # \\log\\prod_m u_m = \\sum_m \\log u_m: an identity for every length, checked at a
            # few; a failure may be the note's own length (n, M) missing: never reported (decide)
            sizing.guessed = True
        out.append(length)
    sizing.sized = True
    return out


def _expand(tr: Translator, name: str, idx: str, values: Any, p: TokenStream, stop: frozenset[str]) -> Any:

    values = list(values)
    if len(values) > MAX_TERMS:
        raise Unsupported(f"\\{name} with too many terms")
    tr.sizing.sized = True
    tr.sizing.empty_sum = tr.sizing.empty_sum or not values
    start, saved = p.i, tr.bound.get(idx)
    end: int | None = None
    total: Any = None
    outer = idx in tr.sizing.summing
    tr.sizing.summing.add(idx)
    try:
        for v in values or [None]:
            p.i = start
            tr.bound[idx] = sp.Integer(v if v is not None else 1)
            try:
                term = tr.term(p, stop)
            except Retry:
                raise
            except Unsupported:
                if v is None:
                    raise Unsupported(f"empty \\{name} over an undeclared term") from None
                raise
            if end is not None and p.i != end:
                raise Unsupported(f"the term of \\{name} does not read the same way twice")
            end = p.i
            if v is None:
                break
            total = term if total is None else combine(name, total, term)
        _ended_at_sign(tr, p, (idx,))
    finally:
        if not outer:
            tr.sizing.summing.discard(idx)
        if saved is None:
            tr.bound.pop(idx, None)
        else:
            tr.bound[idx] = saved
    if total is None:
        return sp.Integer(0 if name == "sum" else 1)
    return total


def _symbolic(
    tr: Translator, name: str, idx_name: str, lo: Any, hi: Any, p: TokenStream, stop: frozenset[str]
) -> Any:

    for s in hi.free_symbols | lo.free_symbols:
        tr.integers.add(s.name)
    idx = sp.Symbol(idx_name, integer=True)
    saved = tr.bound.get(idx_name)
    tr.bound[idx_name] = idx
    try:
        body = as_scalar(tr.term(p, stop))
        _ended_at_sign(tr, p, (idx_name,))
    except Unsupported as exc:
        if isinstance(exc, Retry) or not sums.needs_concrete_range(exc, idx_name):
            raise
        counts = sums.bounds_as_counts(tr, lo, hi)
        if counts is None:
            raise
        # s_j, \xi_m indexed by the bound index: read the bounds as counts and expand
        tr.sizing.counts |= counts
        for name in counts:  # a count of 1 makes a sum one term: too degenerate to decide by
            tr.sizing.minimum[name] = max(tr.sizing.minimum.get(name, 0), 2)
        raise Retry(
            f"the sum over {idx_name} runs to the count {', '.join(sorted(counts))}, "
            "read only at concrete counts in a single relation"
        ) from None
    finally:
        if saved is None:
            tr.bound.pop(idx_name, None)
        else:
            tr.bound[idx_name] = saved
    cls = sp.Sum if name == "sum" else sp.Product
    return cls(body, (idx, lo, hi))
