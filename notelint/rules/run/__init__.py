"""NL0xx: rules about the run itself. The engine reports them; these carry their metadata and docs.

One module per rule; ``data/rule_catalog.toml`` lists them, and a module is imported only
when its rule is selected (``notelint/rules/catalog.py``).
"""
