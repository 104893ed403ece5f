"""NL1xx: the note's structure (standard: "Output Structure").

One module per rule; ``data/rule_catalog.toml`` lists them, and a module is imported only
when its rule is selected (``notelint/rules/catalog.py``).
"""
