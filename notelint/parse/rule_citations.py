"""The note's ``{Rule: …}`` citations wherever they stand (:func:`citation_spans`): in a
derivation step or in a paragraph of their own (a correction's). Plain text, no model."""

from __future__ import annotations

import re

_RULE_OPEN = re.compile(r"\{\s*(?:\\text\{)?\s*Rule\s*:", re.IGNORECASE)


def citation_spans(text: str) -> list[tuple[int, int]]:
    """``{Rule: …}`` citations, to their matching brace (they may contain math with braces)."""
    out = []
    for m in _RULE_OPEN.finditer(text):
        depth = 0
        for i in range(m.start(), min(len(text), m.start() + 4000)):
            c = text[i]
            if c == "\\":
                continue
            if c == "{" and (i == 0 or text[i - 1] != "\\"):
                depth += 1
            elif c == "}" and text[i - 1] != "\\":
                depth -= 1
                if depth == 0:
                    out.append((m.start(), i + 1))
                    break
    return out
