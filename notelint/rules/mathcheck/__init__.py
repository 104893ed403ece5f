"""NL5xx: the mathematics, checked by SymPy in worker processes (SymPy is never imported here)."""

from notelint.rules.mathcheck.nl501_false_equality import false_equality
from notelint.rules.mathcheck.nl502_inexact_approximation import inexact_approximation
from notelint.rules.mathcheck.nl503_false_inequality import false_inequality
from notelint.rules.mathcheck.nl504_unverifiable_equality import unverifiable_equality
from notelint.rules.mathcheck.nl506_step_does_not_follow import step_does_not_follow

RULES = [false_equality, inexact_approximation, false_inequality, unverifiable_equality, step_does_not_follow]
