"""NL5xx: the mathematics, checked by SymPy in worker processes (SymPy is never imported here).

One module per rule; ``data/rule_catalog.toml`` lists them, and a module is imported only
when its rule is selected (``notelint/rules/catalog.py``).
"""
