"""The built-in rules, contributed through the same hook a third-party plugin implements.

Each rule lives in its own module (one rule per unit, as markdownlint does), grouped by
category package; ``data/rule_catalog.toml`` is the single place that says which rules exist
(``catalog.py`` reads it, so a run imports only the rules it selects; their hook is in
``plugin.py``). Each rule is tagged with its family and the cross-cutting tags of
``data/rule_tags.toml`` (``tag:<name>`` selectors).
"""
