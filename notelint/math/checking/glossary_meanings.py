"""Vectors and matrices whose glossary entry gives them a meaning (in math no job substitutes,
or in words through another array): a relation false only for arbitrary values of one of them
is not refuted (:func:`glossary_meanings`).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from notelint import data
from notelint.math.checking import claims
from notelint.math.reading.relations import chains_of
from notelint.math.reading.text_facts import subscript_span, text_atoms, text_facts
from notelint.math.semantics.span_symbols import math_atoms

if TYPE_CHECKING:
    from notelint.math.reading.atoms import Atom
    from notelint.math.semantics.symbol_table import Declaration, SymbolTable
    from notelint.note import MathSpan, Note
from notelint.math.checking.recorded_definitions import (
    RecordedDefinition,
)

#: words that make a declared vector one fixed vector: a value in words
_FIXED_VECTOR = re.compile(
    r"\b(?:standard|canonical|coordinate)\s+(?:basis|unit)\b|\bunit\s+coordinate\b|\ball[- ]ones?\b",
    re.IGNORECASE,
)


def basis_vectors(note: Note) -> dict[str, int]:
    """The vectors section 2 calls standard basis vectors (``$e_1, e_2$: first and second
    standard basis vectors``), by the index their subscript writes (``e_2`` → 2; a family
    ``e_j`` → 0)."""
    from notelint.math.semantics.glossary import glossary

    try:
        table = glossary(note)
    except Exception:  # the glossary is another feature: never let it break the checks
        return {}
    out: dict[str, int] = {}
    for decl in table.declarations:
        if decl.shape is None or decl.shape.kind != "vector":
            continue
        m = re.fullmatch(r"(?:\\mathbf\{e\}|e)_\{?([1-9a-z])\}?", claims.squash(_written(decl.key)))
        if m is not None and _BASIS.search(note.text[decl.span.end : decl.entry.end]):
            # a family "$e_j$: $j$-th standard basis vector" is 0: its numbered members are
            # the basis vectors their subscripts name
            out[_written(decl.key)] = int(m[1]) if m[1].isdigit() else 0
    return out


#: the words right before a symbol its entry names as parts of the entry's array: the columns
#: or singular values of a factor (entries and rows are data or computed; an eigenvalue
#: λ_i of a matrix the note samples is a parameter a relation may be wrong in for every value)
_PARTS_BEFORE = re.compile(r"\b(?:columns?|singular\s+values?)\s*\$*\s*$", re.IGNORECASE)
#: the words of a standard basis vector's entry
_BASIS = re.compile(r"\b(?:standard|canonical|coordinate)\s+(?:basis|unit)\b", re.IGNORECASE)


def glossary_meanings(note: Note) -> list[RecordedDefinition]:
    r"""Vectors and matrices whose glossary entry gives them a meaning in math that no job
    substitutes (``J_{\hat x}``: "Jacobian matrix $\partial\hat x/\partial x$"; ``S``: "diagonal
    matrix with entries $S_{ii}=p_i(1-p_i)$"): the verifier samples them as arbitrary arrays, so
    a relation false only for arbitrary values of one of them is not refuted, and says why."""
    from notelint.math.semantics.glossary import glossary

    try:
        table = glossary(note)
    except Exception:  # the glossary is another feature: never let it break the checks
        return []
    arrays = {
        claims.squash(d.key)
        for d in table.declarations
        if d.shape is not None and d.shape.kind in ("vector", "matrix")
    }
    out: list[RecordedDefinition] = []
    parts: set[tuple[int, str]] = set()  # (entry, base) of the parts of an entry's array
    for decl in table.declarations:
        if decl.shape is None:
            continue
        words_start = max(decl.span.end, decl.entry.start)
        # the words of this declaration: up to the next symbol declared in the same entry
        # past the declaration's own math (the sizes of ``\\mathbb{R}^{p\\times k}`` are declared there too)
        holding = note.math_at(decl.span.start)
        holder = holding.end if holding is not None else words_start
        holder_content = holding.content_start if holding is not None else 0
        words_end = min(
            [d.span.start for d in table.declarations if d.shape is not None and holder <= d.span.start]
            + [decl.entry.end]
        )
        after = [m for m in note.math if words_start <= m.start < decl.entry.end]
        own = [m for m in after if m.start < words_end]
        head = next((d for d in table.declarations if d.entry == decl.entry), None)
        lead = note.text[decl.entry.start : holding.start if holding is not None else decl.span.start]
        family = (decl.entry.start, claims.squash(decl.base))
        if (
            head is not None
            and head is not decl
            and (_PARTS_BEFORE.search(lead) or family in parts)
            and any(d.names == (_written(head.key),) and d.start == decl.entry.start for d in out)
        ):
            # "$U$: left singular vectors, …; columns $u_j\in\mathbb{R}^{n}$": parts of an array
            # the entry gives a meaning no job carries, as arbitrary as it is to the sampler (the
            # rows $x_i$ of a plain data matrix stay data)
            out.append(RecordedDefinition((_written(decl.key),), decl.key, "", decl.entry.start))
            parts.add(family)  # "singular values $\sigma_1\ge\dots$, $\sigma_j\in\mathbb{R}$"
            continue
        whole = _part_of_an_array(note, words_start, own, arrays - {claims.squash(decl.key)})
        if whole is not None:
            # "$V_k$: the first $k$ columns of $V$", "$\\lambda_j$: the $j$-th eigenvalue of $S$": a
            # meaning in words through another array, which no job carries
            array, part = whole
            through = array if part and _plain_array(note, table, array) else ""
            out.append(RecordedDefinition((_written(decl.key),), decl.key, "", decl.entry.start, through))
            continue
        if decl.shape.is_scalar and any(_implicit_definition(m.latex, decl.key) for m in own):
            # "$\theta_k$: angle …, defined by $\cos\theta_k=|u_1^\top x_k|$": an equation that
            # fixes it, which no job substitutes (only ``\theta_k = …`` is one)
            out.append(RecordedDefinition((_written(decl.key),), decl.key, "", decl.entry.start))
            continue
        formula = _formula_in_words(note, own, words_start, words_end)
        if formula is not None:
            # "$\hat\mu_{12}\in[-1,1]$: empirical correlation $\frac1M\sum_r s^{(r)}_1s^{(r)}_2$":
            # the entry's formula in words, no equation: a relation failing for arbitrary values
            # of the name is re-checked with it substituted
            out.append(
                RecordedDefinition((_written(decl.key),), decl.key, formula.latex.strip(), formula.start)
            )
            continue
        if decl.shape.kind not in ("vector", "matrix"):
            continue
        if (
            decl.shape.kind == "matrix"
            and own
            and re.search(r"\bdiagonal\b", note.text[words_start:words_end])
        ):
            # "$\\Sigma$: diagonal matrix of singular values $\\sigma_1\\ge\\dots\\ge\\sigma_r$": its
            # diagonal is named by other symbols, a meaning in words no job carries
            out.append(RecordedDefinition((_written(decl.key),), decl.key, "", decl.entry.start))
            continue
        # its own words: up to the next formula of the entry ("…; $\mathbf{1}_n$: all-ones vector"
        # is another symbol's)
        # ("$e_j$: $j$-th standard basis vector": an index letter is part of its words)
        own_words = note.text[
            words_start : min([m.start for m in after if not _index_letter(m.latex)] + [words_end])
        ]
        if decl.shape.kind == "vector" and _FIXED_VECTOR.search(own_words):
            # "$e_1, e_2$: first and second standard basis vectors": fixed vectors, no sample of
            # which is them (1 - e_1^\top e_1 = 0 holds for these, not for arbitrary ones)
            out.append(RecordedDefinition((_written(decl.key),), decl.key, "", decl.entry.start))
            continue
        applied = next((a for m in own if (a := _APPLICATION.search(m.latex)) is not None), None)
        if applied is not None and _BUILT_FROM.search(note.text[words_start:words_end]):
            # "$\\Phi$: design matrix with rows $\\phi(x_n)^\\top$": built from a function of the
            # data, a meaning no job carries (sampled on its own, Φw is not φ(x_n)ᵀw); it matters
            # only to a relation that also uses the function (a false identity in Φ alone is not
            # excused)
            function = applied.group("name").strip()
            out.append(
                RecordedDefinition(
                    (_written(decl.key),), decl.key, "", decl.entry.start, function, through_function=True
                )
            )
            continue
        # the entry's math after the symbol, in whatever delimiters the dialect uses (``\\(…\\)``):
        # an equation, or a derivative (also in the rest of the symbol's own span)
        # (not the symmetry the symbol has, "$A=A^\top$": a class it is sampled in)
        defines = any("=" in m.latex and not _a_property_of(m.latex, decl.key) for m in after)
        rest = [
            a for a in (math_atoms(holding) if holding else []) if a.start >= decl.span.end - holder_content
        ]
        if defines or _derivative_in(rest) or any(_derivative_in(math_atoms(m)) for m in after):
            out.append(RecordedDefinition((_written(decl.key),), decl.key, "", decl.entry.start))
    return out


def _a_property_of(latex: str, name: str) -> bool:
    """``A=A^\\top`` of the entry of ``A``: the name's symmetry, not a value."""
    left, _, right = latex.partition("=")
    return claims.states_symmetry(left, right) and claims.mentions(left, name)


def _index_letter(latex: str) -> bool:
    """``$j$`` of "the $j$-th standard basis vector": one lower-case letter."""
    return len(latex.strip()) == 1 and latex.strip().islower()


def _implicit_definition(latex: str, key: str) -> bool:
    r"""Is ``latex`` an equation in ``key`` that is not ``key = …`` (``\cos\theta_k = …``)?"""
    if "=" not in latex or not claims.mentions(latex, _written(key)):
        return False
    left, _, right = latex.partition("=")
    return (
        claims.mentions(left, _written(key))
        and claims.full_name(left.strip()) != _written(key)
        and bool(right.strip())
    )


def _formula_in_words(note: Note, own: list[MathSpan], start: int, end: int) -> MathSpan | None:
    """The one formula a declaration's own words end with, right after a noun ("sample mean
    $\\frac1n\\sum_i x_i$."), that is no relation and no bare name; not the argument of a
    preposition ("variance of $x+y$") nor a formula the words go on about."""
    if len(own) != 1 or own[0].kind != "inline":
        return None
    formula = own[0]
    latex = formula.latex.strip()
    if claims.is_bare(latex) or not claims.names_in(latex) or any(c.links for c in chains_of(formula)):
        return None
    before = note.without_math(start, formula.start)
    after = note.text[formula.end : end]
    if _NOT_A_NAME_FOR.search(before) or not _NOUN_BEFORE.search(before) or after.strip(" \t.,;") != "":
        return None
    return formula


#: the words before a formula that make it an argument or an example, not the name's formula
_NOT_A_NAME_FOR = re.compile(
    r"\b(?:of|in|for|with|at|on|from|to|by|over|under|as|and|or|between|than|like|where|is|are|"
    r"e\.g\.|i\.e\.|see|via|using|near|about|after|before)\s*$",
    re.IGNORECASE,
)
#: a description in words right before it (": empirical correlation ")
_NOUN_BEFORE = re.compile(r":\s*[A-Za-z][\w\s'-]*[A-Za-z]\s*$")
#: words that say an array is assembled from other quantities: its rows, columns or entries
_BUILT_FROM = re.compile(r"\b(?:rows?|columns?|entries|stack(?:ed|s)?)\b", re.IGNORECASE)
#: a function applied in LaTeX: ``\phi(x_n)``, ``f(x_i)``
_APPLICATION = re.compile(r"(?P<name>(?:\\[A-Za-z]+|[A-Za-z])(?:_(?:\{[^{}()]*\}|\\?[A-Za-z0-9]))?)\s*\(")

#: a domain that restricts nothing a sampler draws: ℝ, ℝ^d, ℝ^{n×d}
_REAL_SPACE = re.compile(r"\\mathbb\s*\{?R\}?(?:\^\{?[^{}]*\}?)?")
#: the natural numbers, the domain of a count or a size
_COUNTS = re.compile(r"\\mathbb\s*\{?N\}?")
#: an index set: {1, …, n}
_INDEX_SET = re.compile(r"\\\{\s*[01]\s*,\s*\\[lc]?dots")


@functools.cache
def _structure_words() -> re.Pattern[str]:
    words = data.load("claims")["structure"]["words"]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")", re.IGNORECASE)


#: the words after a lone name that give it a meaning in prose: "$M_{ij}$ is the determinant of …"
_MEANING_AFTER = re.compile(r"\s+(?:is|denotes|stands\s+for)\s+(?:the|a|an)\s+(?!same\b)\w", re.IGNORECASE)


def named_in_words(note: Note) -> frozenset[str]:
    r"""Names a sentence gives a meaning in words ("the minor $M_{ij}$ is the determinant of the
    matrix left after deleting row $i$"): no job carries that meaning, so a definition through
    them (``C_{ij}=(-1)^{i+j}M_{ij}``) substituted into a relation still leaves them arbitrary."""
    out: set[str] = set()
    for m in note.math:
        if m.kind == "inline" and claims.is_bare(m.latex) and _MEANING_AFTER.match(note.text, m.end):
            out.add(claims.head_name(m.latex))
    return frozenset(out)


def declares_anything(note: Note) -> bool:
    """Does the note declare any symbol (a glossary, or declarations the glossary reader finds)?"""
    from notelint.math.semantics.glossary import glossary

    try:
        return bool(glossary(note).declarations)
    except Exception:  # the glossary is another feature: never let it break the checks
        return True


def over_real_spaces(note: Note, text: str, sampled: frozenset[str] = frozenset()) -> bool:
    r"""Is every symbol of ``text`` declared in section 2 over a plain real space (``x_i\in\mathbb{R}^{d}``,
    ``w\in\mathbb{R}^{d}``; an index ``i\in\{1,\dots,n\}`` aside)? Then sampling them as
    arbitrary reals is what the glossary says, and a glossary equation in them (``z_i=x_i^\top w``)
    can be substituted without losing a domain (``x_i\in\{0,1\}`` would be lost). A symbol in
    ``sampled`` (the squashed names the job samples under a stated assumption: symmetric
    positive-definite, orthogonal, an interval) keeps its domain too."""
    from notelint.math.semantics.glossary import glossary

    try:
        table = glossary(note)
    except Exception:  # the glossary is another feature: never let it break the checks
        return False
    # (a sum's index is no symbol to declare: \frac1n\sum_{i=1}^{n}x_i)
    names = claims.names_in(text) - text_facts(text).bound
    if not names:
        return False
    covered: set[str] = set()
    for d in table.declarations:
        if d.section != "2" or d.implicit or d.mentioned or not claims.mentions(text, _written(d.key)):
            continue
        covered |= {d.base, claims.squash(d.key)}
        domain = (d.domain or "").strip()
        if _INDEX_SET.match(domain) or _COUNTS.fullmatch(domain) or d.domain_kind == "map" or d.function_like:
            continue  # an index or a count (n ∈ ℕ, sampled as one), a function (σ: ℝ → (0,1))
        if _structure_words().search(d.description):
            return False  # a domain the words restrict ("orthogonal", "diagonal")
        if not _REAL_SPACE.fullmatch(domain) and claims.squash(d.key) not in sampled:
            return False  # a restricted domain the job does not sample (P^- in S^n_{++} it does)
    return names <= covered


def _own_entries(note: Note, name: str) -> tuple[SymbolTable, list[Declaration]] | None:
    """The glossary and its section 2 declarations of ``name`` itself (not a mention, not an
    implicit size), or None when the glossary cannot be read."""
    from notelint.math.semantics.glossary import glossary

    try:
        table = glossary(note)
    except Exception:  # the glossary is another feature: never let it break the checks
        return None
    key = claims.squash(name)
    own = [
        d
        for d in table.declarations
        if d.section == "2" and not d.mentioned and not d.implicit and claims.squash(d.key) == key
    ]
    return table, own


def declared_domain(note: Note, name: str) -> str:
    r"""The domain section 2 declares for ``name`` (``\{0,\dots,n\}`` of "$s\in\{0,\dots,n\}$"), or ""."""
    read = _own_entries(note, name)
    return (read[1][0].domain or "").strip() if read and read[1] else ""


def in_another_entry(note: Note, name: str, offset: int) -> bool:
    r"""Is the glossary equation at ``offset`` for ``name`` written in the entry of other symbols
    while ``name`` has an entry of its own (``$Q, R$: thin QR factors, $X=QR$`` with ``$X$``
    declared above; ``$w^\star$: … in the model $y=Xw^\star+\varepsilon$``)? Then it says what the
    entry's symbols are, and ``name`` stays the arbitrary value its own entry declares."""
    read = _own_entries(note, name)
    if read is None:
        return False
    table, own = read
    # the equation sits in a glossary entry, and not in the name's own one
    entries = [d for d in table.declarations if d.section == "2" and d.entry.start <= offset < d.entry.end]
    return bool(own) and bool(entries) and not any(d.entry.start <= offset < d.entry.end for d in own)


def _written(key: str) -> str:
    """A glossary key as notes write it: ``\\mathbf{V}_{k}`` → ``\\mathbf{V}_k`` (a one-character
    index loses its braces; read at the key's atoms)."""
    atoms = text_atoms(key)
    where = subscript_span(key, atoms[-1]) if atoms else None
    if where is None or not where[3]:
        return key
    mark, start, end, _ = where
    index = key[start:end].strip()
    if len(index) != 1 or index in "{}\\":
        return key
    return key[:mark] + "_" + index + key[key.index("}", end) + 1 :]


def _derivative_in(atoms: list[Atom]) -> bool:
    """Does the math take a derivative with ``\\partial`` or ``\\nabla`` (anywhere inside)?"""
    return any(
        a.is_macro("partial", "nabla")
        or any(_derivative_in(part) for part in (a.inner, *a.args, a.sub or [], a.sup or []))
        for a in atoms
    )


#: "columns of", "the eigenvalue of", "a block of": a part or a property of what follows
_PART_OF = re.compile(
    r"\b(" + "|".join(data.load("math_prose")["part_of"]["words"]) + r")\s+of\s*$", re.IGNORECASE
)
#: the words of _PART_OF that name a part of the array, not a property of it
_PARTS = frozenset(data.load("math_prose")["part_of"]["parts"])


def _part_of_an_array(
    note: Note, words_start: int, after: list[MathSpan], arrays: set[str]
) -> tuple[str, bool] | None:
    """The other declared array the entry calls its symbol a part or property of ("the first
    $k$ columns of $\\mathbf V$"), and whether it is a part (columns, rows, entries, blocks)
    rather than a property (eigenvalues, singular values, diagonal); None when there is none.
    Only the words right before that array's math count."""
    for m in after:
        if claims.squash(m.latex.strip()) not in arrays:
            continue
        lead = note.text[max(words_start, m.start - 40) : m.start]
        found = _PART_OF.search(lead)
        if found:
            return m.latex.strip(), found.group(1).lower() in _PARTS
    return None


def _plain_array(note: Note, table: SymbolTable, array: str) -> bool:
    """Is ``array`` declared with nothing that structures it: no special domain, and no word of
    structure ("orthogonal", "covariance", …) in its glossary entry? A part of such an array is
    an arbitrary value."""
    key = claims.squash(array)
    for decl in table.declarations:
        if claims.squash(decl.key) != key:
            continue
        entry = note.text[decl.entry.start : decl.entry.end].lower()
        if any(word in entry for word in data.load("symbols")["structure"]["words"]):
            return False
        domain = decl.domain or ""
        if domain and not domain.replace(" ", "").startswith("\\mathbb{R}"):
            return False
    return True
