"""The word lists of ``notelint/data/symbols.toml`` (Greek letters, spelling variants, known
symbols and functions, fonts, decorations, words and units), loaded once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from notelint import data

# --------------------------------------------------------------------------------------------
# word lists


@dataclass(frozen=True)
class Lexicon:
    """The symbol word lists of ``data/symbols.toml``, read once."""

    greek: frozenset[str]
    variants: dict[str, str]
    known_symbols: frozenset[str]
    elementwise: frozenset[str]
    operators: frozenset[str]
    binders: frozenset[str]
    letterlike: frozenset[str]
    font_same: frozenset[str]
    font_distinct: frozenset[str]
    decorations: frozenset[str]
    font_names: frozenset[str]
    text_macros: frozenset[str]
    ignored: frozenset[str]
    words: frozenset[str]
    units: frozenset[str]
    big_o: frozenset[str]
    length_macros: frozenset[str]
    function_spaces: frozenset[str]
    length_units: frozenset[str]


@functools.cache
def lexicon() -> Lexicon:
    raw = data.load("symbols")
    known = raw["known"]
    variants = dict(raw.get("variants", {}))
    return Lexicon(
        greek=frozenset(raw["greek"]),
        variants=variants,
        known_symbols=frozenset(known["symbols"]),
        elementwise=frozenset(known["elementwise_functions"]),
        operators=frozenset(known["operators"]),
        binders=frozenset(known["binders"]),
        letterlike=frozenset(known["letterlike"]),
        font_same=frozenset(known["font_same"]),
        font_distinct=frozenset(known["font_distinct"]),
        decorations=frozenset(known["decorations"]),
        font_names=frozenset(known["font_names"]),
        text_macros=frozenset(known["text_macros"]),
        ignored=frozenset(known["ignored"]),
        words=frozenset(known["words"]),
        units=frozenset(known["units"]),
        big_o=frozenset(known["big_o"]),
        length_macros=frozenset(known["length_macros"]),
        function_spaces=frozenset(known["function_spaces"]),
        length_units=frozenset(known["length_units"]),
    )
