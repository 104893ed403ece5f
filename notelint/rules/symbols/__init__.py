"""NL3xx and NL505: symbols, domains and shapes (standard: "All symbols must have domain and shape").

One module per rule; ``data/rule_catalog.toml`` lists them, and a module is imported only
when its rule is selected (``notelint/rules/catalog.py``).
"""
