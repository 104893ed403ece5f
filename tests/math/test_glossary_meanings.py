"""A glossary entry that gives a vector or matrix a meaning in math (``\\sigma_{k}=\\sqrt{v_k}``)
is read the same in every delimiter a dialect uses: ``$…$`` or ``\\(…\\)`` (mkdocs arithmatex,
MathJax pages). An entry without such math gives no meaning (the near miss)."""

from __future__ import annotations

import pytest

from notelint.math.checking.analysis import _glossary_meanings
from notelint.parse.note import parse_note

ENTRY = (
    "# T\n\n## 2. Notation & Objects\n\n"
    "- {o}v\\in\\mathbb{{R}}^{{K}}{c}: variances; {o}s\\in\\mathbb{{R}}^{{K}}{c}: standard deviations, "
    "{o}s_k=\\sqrt{{v_k}}{c}.\n"
    "- {o}m\\in\\mathbb{{R}}^{{K}}{c}: means, one per class.\n"
)


@pytest.mark.parametrize(("opening", "closing"), [("$", "$"), ("\\(", "\\)")])
def test_entry_meaning_in_any_delimiters(opening: str, closing: str) -> None:
    note = parse_note(ENTRY.format(o=opening, c=closing))
    names = {d.names[0] for d in _glossary_meanings(note)}
    assert "s" in names  # its entry defines it: s_k = sqrt(v_k)
    assert "m" not in names  # near miss: an entry in words only
