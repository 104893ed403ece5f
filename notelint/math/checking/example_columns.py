"""Matrices a worked example gives by their columns: the glossary names a column ``X_j`` of a
matrix ``X`` (:func:`column_named_matrices`), and the example's ``X_1=(1,0,1)^\\top``, ``X_2=…`` assemble
the matrix (:func:`assembled_columns`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.math.reading.side_names import indexed_name
from notelint.math.reading.text_facts import text_facts

if TYPE_CHECKING:
    from notelint.note import Note


_COLUMN_WORDS = re.compile(r"\bcolumns?\b", re.IGNORECASE)


def column_named_matrices(note: Note) -> frozenset[str]:
    r"""Matrices whose glossary entry names a column ``X_j``: "$X_j\in\mathbb{R}^{n}$: its
    $j$-th column" (the base must be declared a matrix too)."""
    from notelint.math.semantics.glossary import glossary

    try:
        table = glossary(note)
    except Exception:  # the glossary is another feature: never let it break the checks
        return frozenset()
    matrices = {d.key for d in table.declarations if d.shape is not None and d.shape.kind == "matrix"}
    out: set[str] = set()
    for decl in table.declarations:
        # a key naming a column by a one-letter index: X_j, X_{j}, \mathbf{x}_{k}
        indexed = indexed_name(decl.key)
        if indexed is None or not indexed[1].isalpha() or indexed[0] not in matrices:
            continue
        # the words after its own math, up to the next entry of the same line
        prose = note.without_math(decl.span.end, decl.entry.end).split(";")[0][:160]
        if _COLUMN_WORDS.search(prose):
            out.add(indexed[0])
    return frozenset(out)


def _number_column(text: str) -> list[str] | None:
    """The entries of ``(1,0,1)^\\top`` as written (:attr:`TextFacts.number_column`, read from
    the atoms), or None."""
    entries = text_facts(text).number_column
    return list(entries) if entries is not None else None


def _numbered_column(key: str, base: str) -> bool:
    """``X_1``, ``X_{2}``: a column of ``base`` by number (read from the atoms)."""
    indexed = indexed_name(key)
    return indexed is not None and indexed[0] == base and indexed[1].isdigit()


def assembled_columns(cases: dict[str, str], bases: frozenset[str]) -> dict[str, str]:
    r"""A worked example that gives a matrix by its columns (``X_1=(1,0,1)^\top``,
    ``X_2=(1,1,0)^\top``) gives the matrix: its columns in order, when every column from the
    first is given as numbers of one length, none is missing, and a size ``d`` the example gives
    agrees. A matrix the example gives itself is left as it is."""
    out: dict[str, str] = {}
    for base in bases:
        if base in cases:
            continue
        columns: list[list[str]] = []
        while True:
            k = len(columns) + 1
            written = cases.get(f"{base}_{k}", cases.get(f"{base}_{{{k}}}"))
            entries = _number_column(written) if written is not None else None
            if entries is None:
                break
            columns.append(entries)
        if not columns or len({len(c) for c in columns}) != 1:
            continue
        given_keys = [k for k in cases if _numbered_column(k, base)]
        if any(_number_column(cases[key]) is None for key in given_keys):
            continue  # a column given in another form: not read
        if len(given_keys) != len(columns) or cases.get("d", str(len(columns))).strip() != str(len(columns)):
            continue  # a column skipped (X_1 and X_3), or d says otherwise
        rows = ["&".join(c[i] for c in columns) for i in range(len(columns[0]))]
        out[base] = "\\begin{pmatrix}" + "\\\\".join(rows) + "\\end{pmatrix}"
    return out
