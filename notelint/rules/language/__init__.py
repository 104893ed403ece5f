"""NL4xx: language (standard: "use precise mathematical and technical terminology")."""

from notelint.rules.language.nl401_vague_word import vague_word
from notelint.rules.language.nl402_informal_phrase import informal_phrase

RULES = [vague_word, informal_phrase]
