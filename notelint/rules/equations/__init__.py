"""NL2xx: equations, derivation steps and provenance (standard: "Derivation Protocol", "Strict Formatting").

One module per rule; ``data/rule_catalog.toml`` lists them, and a module is imported only
when its rule is selected (``notelint/rules/catalog.py``).
"""
