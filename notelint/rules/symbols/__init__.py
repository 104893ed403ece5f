"""NL3xx and NL505: symbols, domains and shapes (standard: "All symbols must have domain and shape")."""

from notelint.rules.symbols.nl301_undeclared_symbol import undeclared_symbol
from notelint.rules.symbols.nl302_missing_domain import missing_domain
from notelint.rules.symbols.nl303_missing_shape import missing_shape
from notelint.rules.symbols.nl304_unused_symbol import unused_symbol
from notelint.rules.symbols.nl305_shape_mismatch import shape_mismatch
from notelint.rules.symbols.nl306_conflicting_declaration import conflicting_declaration
from notelint.rules.symbols.nl505_shape_claim_mismatch import shape_claim_mismatch

RULES = [
    undeclared_symbol,
    missing_domain,
    missing_shape,
    unused_symbol,
    shape_mismatch,
    conflicting_declaration,
    shape_claim_mismatch,
]
