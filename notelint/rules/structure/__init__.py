"""NL1xx: the note's structure (standard: "Output Structure")."""

from notelint.rules.structure.nl101_missing_section import missing_section
from notelint.rules.structure.nl102_section_order import section_order
from notelint.rules.structure.nl103_missing_subsection import missing_subsection
from notelint.rules.structure.nl104_missing_metadata import missing_metadata
from notelint.rules.structure.nl105_concept_bullet_count import concept_bullet_count
from notelint.rules.structure.nl106_recap_not_one_sentence import recap_not_one_sentence
from notelint.rules.structure.nl107_final_result_not_boxed import final_result_not_boxed
from notelint.rules.structure.nl108_empty_section import empty_section

RULES = [
    missing_section,
    section_order,
    missing_subsection,
    missing_metadata,
    concept_bullet_count,
    recap_not_one_sentence,
    final_result_not_boxed,
    empty_section,
]
