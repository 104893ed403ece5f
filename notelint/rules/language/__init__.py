"""NL4xx: language (standard: "use precise mathematical and technical terminology").

One module per rule; ``data/rule_catalog.toml`` lists them, and a module is imported only
when its rule is selected (``notelint/rules/catalog.py``).
"""
