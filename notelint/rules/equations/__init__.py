"""NL2xx: equations, derivation steps and provenance (standard: "Derivation Protocol", "Strict Formatting")."""

from notelint.rules.equations.nl201_unnumbered_equation import unnumbered_equation
from notelint.rules.equations.nl202_duplicate_equation_number import duplicate_equation_number
from notelint.rules.equations.nl203_undefined_equation_reference import undefined_equation_reference
from notelint.rules.equations.nl204_missing_rule_citation import missing_rule_citation
from notelint.rules.equations.nl205_missing_provenance import missing_provenance
from notelint.rules.equations.nl206_unknown_provenance_tag import unknown_provenance_tag
from notelint.rules.equations.nl207_uncorrected_lecturer_claim import uncorrected_lecturer_claim
from notelint.rules.equations.nl208_undefined_identity_reference import undefined_identity_reference
from notelint.rules.equations.nl209_equation_number_sequence import equation_number_sequence
from notelint.rules.equations.nl210_latex_syntax import latex_syntax
from notelint.rules.equations.nl211_missing_timestamp import missing_timestamp

RULES = [
    unnumbered_equation,
    duplicate_equation_number,
    undefined_equation_reference,
    missing_rule_citation,
    missing_provenance,
    unknown_provenance_tag,
    uncorrected_lecturer_claim,
    undefined_identity_reference,
    equation_number_sequence,
    latex_syntax,
    missing_timestamp,
]
