r"""Indices the translator computes or names: ``\\arg\\max_k``/``\\arg\\min_k`` over a finite index,
and sample labels ``x^{(i)}`` inside sums.

Worker side (imports SymPy). Split from :mod:`notelint.math.cas.translate_sums` so that the sums
module, which :mod:`notelint.math.cas.translate_arrays` reads, does not import it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy as sp

from notelint.math.cas import translate_expansion as expansion
from notelint.math.cas.translate_sums import explicit_range, is_tok
from notelint.math.checking.guards import Unsupported

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Tok, TokenStream, Translator


# ---- arg max / arg min over a finite index ------------------------------------------------------
def arg_extremum(tr: Translator, which: str, p: TokenStream, stop: frozenset[str]) -> Any:
    r"""``\arg\max_k z_k``: over a finite index (its range read from the arrays the term indexes,
    or written ``k\in\{1,\dots,K\}``) the index of the largest term (the first one on a tie),
    an integer-valued expression; over a variable that indexes no declared array
    (``\arg\min_u``, ``\arg\max_k p(y=k)``) the optimiser is not computed."""
    from notelint.math.cas import translate_arrays as arrays

    sub = p.take_script("_")
    if sub is None:
        raise Unsupported(f"an arg {which} without the variable it ranges over")
    written = explicit_range(sub)
    if written is not None:
        idx_name = tr.name_of(written[0])
        lo = arrays.as_scalar(tr.expr_all(written[1]))
        hi = arrays.as_scalar(tr.expr_all(written[2]))
        if not (isinstance(lo, sp.Integer) and isinstance(hi, sp.Integer)):
            raise Unsupported(f"an arg {which} over a range that is not concrete")
        values = list(range(int(lo), int(hi) + 1))
    elif len(sub) == 1 and sub[0].kind in ("letter", "macro"):
        idx_name = tr.name_of(sub[0])
        try:
            values = list(range(1, expansion.probe(tr, idx_name, p, stop) + 1))
        except arrays.Retry:
            raise
        except Unsupported as exc:
            if _subscripts(p.toks[p.i :], written_name(sub[0])):
                if str(exc).startswith("a sum over an index set whose range is not declared"):
                    raise Unsupported(
                        f"an arg {which} over {idx_name}, whose range is not declared"
                    ) from None
                raise  # an index (z_k) in a term notelint cannot read: that term's reason
            raise Unsupported(
                f"an arg {which} over {idx_name}, which indexes no declared array: the "
                f"{which}imiser (of a function of a variable, or over a set not given) is not computed"
            ) from None
    else:
        raise Unsupported(f"an arg {which} over a set notelint does not read")
    if not values or len(values) > expansion.MAX_TERMS:
        raise Unsupported(f"an arg {which} over too many or no values")
    terms = _terms(tr, idx_name, values, p, stop)
    better = sp.StrictGreaterThan if which == "max" else sp.StrictLessThan
    pieces = []
    for k, (v, term) in enumerate(zip(values, terms)):
        # the first extremal index wins: strictly better than those before, no worse after
        conds = [better(term, t) for t in terms[:k]] + [sp.Not(better(t, term)) for t in terms[k + 1 :]]
        pieces.append((sp.Integer(v), sp.And(*conds)))
    pieces[-1] = (pieces[-1][0], sp.true)
    return sp.Piecewise(*pieces)


def _terms(tr: Translator, idx: str, values: list[int], p: TokenStream, stop: frozenset[str]) -> list[Any]:
    """The term after the operator, read once per value of ``idx`` (as a sum expands it)."""
    from notelint.math.cas import translate_arrays as arrays

    tr.sizing.sized = True
    start, saved = p.i, tr.bound.get(idx)
    end: int | None = None
    out: list[Any] = []
    try:
        for v in values:
            p.i = start
            tr.bound[idx] = sp.Integer(v)
            out.append(arrays.as_scalar(tr.term(p, stop)))
            if end is not None and p.i != end:
                raise Unsupported("the term does not read the same way for every index")
            end = p.i
    finally:
        if saved is None:
            tr.bound.pop(idx, None)
        else:
            tr.bound[idx] = saved
    return out


def written_name(t: Tok) -> str:
    """A letter or macro as written (``k``, ``alpha``)."""
    return t.value


def _subscripts(toks: list[Tok], name: str) -> bool:
    """Is ``name`` written in a subscript among ``toks`` (``z_k``, ``x_{ik}``)?"""
    for k, t in enumerate(toks):
        if t.kind == "char" and t.value == "_" and k + 1 < len(toks) and _mentions(toks[k + 1], name):
            return True
        if t.children and _subscripts(t.children, name):
            return True
    return False


def _mentions(t: Tok, name: str) -> bool:
    return t.value == name or any(_mentions(c, name) for c in t.children or [])


# ---- x^{(i)}: the i-th sample, indexed by a sum's index ------------------------------------------
def sample_label(tr: Translator, base: str, mark: Tok, written: str) -> str:
    r"""The ``(…)`` of ``x^{(i)}`` as it names a sample in this reading: ``(2)`` when ``i`` is
    bound to 2 by ``\sum_{i=1}^{3}`` (or is a size or count, 2 in this run), as written
    otherwise (a free ``i`` is any one sample). A base read both ways in one relation
    (``y^{(i)}`` beside ``\sum_{j} y^{(j)}``) or a bound index notelint cannot evaluate is
    refused, never ignored: ``\sum_i y^{(i)}`` is not ``n`` times one ``y^{(i)}``."""
    from notelint.math.cas import translate_arrays as arrays

    if getattr(tr, "naming_only", False) or getattr(tr, "sizing", None) is None:
        return written  # reading a name only (the context's keys): as written
    kids = mark.children or []
    inner = (
        kids[1:-1] if len(kids) > 2 and is_tok(kids[0], "char", "(") and is_tok(kids[-1], "char", ")") else []
    )
    letters = {t.value for t in inner if t.kind == "letter"}
    if not letters:
        return written  # x^{(1)}: the first sample, as a sum at i = 1 names it
    concrete = all(x in tr.bound or _is_count(tr, x) for x in letters)
    seen = tr.sizing.samples.setdefault(base, concrete)
    if seen != concrete:
        raise Unsupported(f"{base}^{written} is one sample here and the samples of a sum there")
    if not concrete:
        if any(x in tr.bound for x in letters):
            raise Unsupported(f"the sample {base}^{written} is indexed by a bound variable")
        return written
    parts = arrays.index_parts(inner)
    if parts is None or len(parts) != 1:
        raise Unsupported(f"the sample {base}^{written} is indexed by a bound variable")
    added = letters - set(tr.bound)
    for x in added:  # a size or count: its value in this run, bound while the label is read
        tr.bound[x] = sp.Integer(tr.dim(x))
    tr.sizing.sized = tr.sizing.sized or bool(added)
    try:
        return f"({arrays.index_value(tr, parts[0], None, False)})"
    finally:
        for x in added:
            tr.bound.pop(x, None)


def _is_count(tr: Translator, name: str) -> bool:
    """A size the glossary declares or a count of a sum's bound, not read as an index."""
    from notelint.math.cas import translate_arrays as arrays

    if name in tr.sizing.index_letters or name in tr.sizing.free:
        return False
    return name in tr.sizing.counts or (name in arrays.size_names(tr) and name not in tr.ctx.values)


def arg_word(p: TokenStream) -> str | None:
    r"""``\operatorname{argmax}``, ``\operatorname*{arg\,max}``, ``\mathrm{argmin}`` after their
    font macro: "max" or "min", the tokens consumed; None (nothing consumed) otherwise. Read as a
    name, ``\mathrm{argmax}_k`` would be a symbol times the term."""
    k = p.i
    if k < len(p.toks) and is_tok(p.toks[k], "char", "*"):
        k += 1
    if k >= len(p.toks) or p.toks[k].kind != "group":
        return None
    word = "".join(t.value for t in p.toks[k].children or [] if t.kind in ("letter", "macro"))
    which = {"argmax": "max", "argmin": "min"}.get(word)
    if which is None:
        return None
    p.i = k + 1
    return which
