"""Sizes the note fixes: ``$n = d$`` in section 2 or 3 makes two sizes one (:func:`equal_sizes`),
and a worked example's ``with $n = 2$`` sets a size to a number from there to the end of its
section (:func:`sizes_fixed_before`, through :func:`notelint.math.semantics.glossary.fixed_sizes`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.math.reading.atoms import Atom, symbol_ref
from notelint.math.reading.vocabulary import vocabulary
from notelint.note import Facet, MathSpan, Span
from notelint.parse.equations import EQUATIONS

if TYPE_CHECKING:
    from notelint.note import Note
from notelint.math.semantics.shape_env import ShapeEnv
from notelint.math.semantics.shape_inference import infer_expression
from notelint.math.semantics.span_symbols import (
    math_atoms,
    span_lines,
)
from notelint.math.semantics.symbol_table import (
    SymbolTable,
)


def _size_keys(table: SymbolTable) -> set[str]:
    return {d.key for d in table.declarations if d.implicit or (d.shape is not None and d.shape.is_scalar)}


def _size_assignments(m: MathSpan, sizes: set[str]) -> dict[str, str]:
    """``$n = 2$``, ``$n=2, d=1$``, ``$n=d=2$``: sizes set to whole numbers by this span, else
    nothing."""
    out: dict[str, str] = {}
    for chunk in span_lines(m):
        while chunk and chunk[-1].is_op(".", ","):
            chunk = chunk[:-1]
        if len(chunk) < 3 or len(chunk) % 2 == 0 or chunk[-1].kind != "digit":
            return {}
        if not all(a.is_op("=") for a in chunk[1::2]):
            return {}
        number = chunk[-1]
        if number.sub is not None or number.sup is not None or not number.text.isdigit():
            return {}
        for name in chunk[:-1:2]:
            ref = symbol_ref(name)
            if ref is None or name.sub is not None or name.sup is not None or ref.key not in sizes:
                return {}
            out[ref.key] = number.text
    return out


def _value_sizes(m: MathSpan, sizes: set[str], env: ShapeEnv) -> dict[str, str]:
    """``$A=I_2$``: a worked example that gives a declared array a value whose shape has
    numbers for sizes fixes the sizes of the array's declared shape (``A \\in \\mathbb{R}^{d \\times
    d}`` gives ``d = 2``), as ``$d = 2$`` would; a vector given to a matrix is one column
    (``X = \\mathbf{1}_n`` gives ``d = 1``); a value of unknown or wild shape fixes nothing."""
    out: dict[str, str] = {}
    for chunk in span_lines(m):
        while chunk and chunk[-1].is_op(".", ","):
            chunk = chunk[:-1]
        if len(chunk) < 3 or not chunk[1].is_op("=") or chunk[0].sub is not None or chunk[0].sup is not None:
            continue
        declared = env.lookup(chunk[0])
        if declared is None or declared.kind not in ("vector", "matrix"):
            continue
        value, errors = infer_expression(chunk[2:], m.latex, env)
        if value is None or errors:
            continue
        dims = _literal_size(chunk[2:], env) or value.dims
        if declared.kind == "matrix" and value.kind == "vector" and len(declared.dims) == 2:
            # ``$X=\mathbf{1}_n$`` for ``X \in \mathbb{R}^{n\times d}``: a column, so d = 1 (when
            # its rows are the declared ones: ``B = k_*`` for a q×q block is a mismatch)
            dims = (*value.dims, "1")
            if not (dims[0].isdigit() or dims[0] == declared.dims[0]) or declared.dims[1] == declared.dims[0]:
                continue
        elif value.kind != declared.kind:
            continue
        if len(dims) != len(declared.dims):
            continue
        for size, number in zip(declared.dims, dims, strict=True):
            if size in sizes and number.isdigit() and out.get(size, number) == number:
                out[size] = number
    return out


def _literal_size(atoms: list[Atom], env: ShapeEnv) -> tuple[str, str] | None:
    """Rows and columns of a matrix written out (``\\begin{pmatrix}3&0\\\\4&5\\end{pmatrix}``
    is 2×2): shape inference leaves a matrix of numbers any size, a worked example's value
    says which. Not for a matrix of blocks (``\\tfrac12H_4`` over ``0^\\top``): its cells
    are arrays, and counting them says nothing of its size."""
    if len(atoms) != 1 or atoms[0].kind != "env" or atoms[0].text not in vocabulary().matrix_environments:
        return None
    if atoms[0].sub is not None or atoms[0].sup is not None:
        return None
    for x in atoms[0].inner:
        if x.sup is not None and any(a.is_macro("top", "intercal") or a.text == "T" for a in x.sup):
            return None
        shape = env.lookup(x) if x.kind in ("letter", "macro") else None
        if shape is not None and not shape.is_scalar:
            return None
    rows: list[int] = [1]
    for x in atoms[0].inner:
        if x.is_macro("\\"):
            rows.append(1)
        elif x.is_op("&"):
            rows[-1] += 1
    if len(rows) > 1 and atoms[0].inner and atoms[0].inner[-1].is_macro("\\"):
        rows.pop()  # a trailing \\ ends the last row, it opens none
    if len(set(rows)) != 1:
        return None
    return str(len(rows)), str(rows[0])


def sizes_fixed_before(note: Note, table: SymbolTable, m: MathSpan) -> dict[str, str]:
    """Sizes a worked example fixes in its text before ``m`` (``Take $m=4$, …``, ``with $n = 2$``):
    they hold from there to the end of the innermost (sub)section, the last value winning.
    Shapes are then compared with the numbers substituted, so a real mismatch of the example
    (a ``3\\times 3`` matrix plus ``I_2``) is still found."""
    section = note.section_at(m.start)
    if section is None or not table.has_glossary:
        return {}
    # the sizes each span of the section fixes, accumulated once per section (a section of k
    # spans asked k times would read k² spans)
    memo = note.facet(_FIXED_SIZES)
    key = section.body.start
    if key not in memo:
        sizes = _size_keys(table)
        env = table.shape_env()
        assignments: list[tuple[int, int, dict[str, str]]] = []
        for other in note.math_in(section.body):
            fixed = _size_assignments(other, sizes) or _value_sizes(other, sizes, env)
            if fixed:
                assignments.append((other.start, _scope_end(note, other, section.body.end), fixed))
        memo[key] = assignments
    out: dict[str, str] = {}
    for start, end, fixed in memo[key]:
        if start > m.start:
            break  # the span that fixes a size (`$A=I_2$`) is read with it
        if m.start < end:
            out = {**out, **fixed}
    return {**_cited_example_sizes(note, table, m, section.body.start), **out}


def _cited_example_sizes(note: Note, table: SymbolTable, m: MathSpan, section_start: int) -> dict[str, str]:
    r"""``Inverse in (8): $\det(I_2-\gamma P)$`` in a later section: a paragraph that cites an
    equation of a worked example of 4.C, before ``m``, reads ``m`` with the sizes that example
    fixed."""
    paragraph = note.text.rfind("\n\n", 0, m.start) + 1
    index = note.facet(EQUATIONS)
    out: dict[str, str] = {}
    for ref in index.references:
        if not paragraph <= ref.span.start < m.start:
            continue
        if ref.kind == "number":
            targets = index.by_number(ref.target)
        else:
            targets = [eq for _, eq in index.labels.get(ref.target, [])]
        for eq in targets:
            cited = note.section_at(eq.math.start)
            # only a worked example's equation (4.C): a derivation step cited after a scalar
            # check of 4.B ("with $d = 1$") keeps the declared sizes
            if eq.math.start < section_start and cited is not None and cited.key == "4.C":
                out.update(sizes_fixed_before(note, table, eq.math))
    return out


#: ``for $d=1$``, ``if $n = 1$``, "Edge case: $K=2$", "scalar check": a size set for a special
#: case, which holds in its own paragraph or list item only, not in the rest of the section
_SPECIAL_CASE = re.compile(
    r"\b(?:edge|special|limiting|degenerate|corner|boundary)\s+cases?\b|\bscalar\s+(?:check|case|version)\b"
    r"|\b(?:for|if|when|whenever)(?:[\s,]|\band\b)*$|\bcase\s*$",
    re.I,
)


def _scope_end(note: Note, m: MathSpan, section_end: int) -> int:
    """Where the sizes ``m`` sets stop holding: the end of the section, or of the paragraph or
    list item when its text before ``m`` says the sizes are a special case (``Scalar check: for
    $d=1$, …`` in 4.B must not make every later step one-dimensional)."""
    block = _block_of(note, m)
    if block is None:
        return section_end
    before = note.without_math(block.start, m.start)
    # "- $n=1$: …": a list item opened by the size it sets is one case of a list of cases
    labelled = not before.strip(" \t-*+>.)0123456789") and note.text[m.end : m.end + 3].lstrip().startswith(
        ":"
    )
    if labelled:
        return block.end
    if _SPECIAL_CASE.search(before):
        # "For $n=1$, X is a column … . For skew-symmetric A …": that sentence's case only
        stop = _SENTENCE_END.search(note.text, m.end, block.end)
        return stop.end() if stop is not None else block.end
    if _EXAMPLE_LABEL.match(note.text, block.start):
        # "**Numerical check.** Take $d=2$ …" then "**Tightness example.** In $\mathbb{R}^3$ …":
        # the next labelled example of the section is another example, with its own sizes
        return _next_example(note, block.end, section_end)
    return section_end


#: the end of a sentence: a full stop before the next one's capital
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")
#: a paragraph or list item opened by a bold label naming an example or a check
_EXAMPLE_LABEL = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)[^*_\n]*\b(?:example|check|instance)s?\b[^*_\n]*(?:\*\*|__)", re.I
)


def _next_example(note: Note, start: int, end: int) -> int:
    """Where the next block opened by an example's label starts, between ``start`` and ``end``."""
    for block in note.blocks:
        if start <= block.span.start < end and _EXAMPLE_LABEL.match(note.text, block.span.start):
            return block.span.start
    return end


def _aside(note: Note, m: MathSpan) -> bool:
    """Is ``m`` inside parentheses of its paragraph or list item, or after words that make it a
    special case (``for``, ``if``, "edge case")?"""
    block = _block_of(note, m)
    if block is None:
        return False
    before = note.without_math(block.start, m.start)
    return before.count("(") > before.count(")") or bool(_SPECIAL_CASE.search(before))


def _block_of(note: Note, m: MathSpan) -> Span | None:
    block = note.block_at(m.start)
    return block.span if block is not None else None


#: per note, by section body start: (span start, end of its scope, the sizes that span fixes)
_FIXED_SIZES: Facet[dict[int, list[tuple[int, int, dict[str, str]]]]] = Facet(
    "fixed-sizes", lambda note: {}, "Sizes worked examples fix, accumulated per section."
)


def equal_sizes(note: Note, table: SymbolTable) -> dict[str, str]:
    """``$n = d$`` (or ``n = d = k``) in section 2 or 3, between sizes: one size from then on.
    Numbers are not taken (``$d = 1$`` is a special case, not the note's setting)."""
    sizes = _size_keys(table)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for key in ("2", "3"):
        section = note.sections.get(key)
        if section is None:
            continue
        for m in note.math_in(section.body):
            atoms = [a for a in math_atoms(m) if not a.is_op(".", ",")]
            if len(atoms) < 3 or len(atoms) % 2 == 0:
                continue
            names = atoms[0::2]
            if not all(a.is_op("=") for a in atoms[1::2]):
                continue
            refs = [symbol_ref(a) for a in names]
            if any(
                r is None or a.sub is not None or a.sup is not None for r, a in zip(refs, names, strict=True)
            ):
                continue
            keys = [r.key for r in refs if r is not None]
            if not all(k in sizes for k in keys):
                continue
            # last: reading the words before the span costs its whole paragraph
            if _aside(note, m):
                continue  # "(self-attention with $m=n$, Section 6)": a case, not the note's setting
            for other in keys[1:]:
                parent[find(other)] = find(keys[0])
    return {k: find(k) for k in parent}
