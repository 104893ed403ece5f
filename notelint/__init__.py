"""notelint: a static-analysis linter for Markdown notes on machine-learning mathematics.

The public API for plugins is what ``__all__`` lists, importable from ``notelint`` itself::

    import notelint
    from notelint import Note, RuleContext, rule

Everything else (``notelint.parse``, ``notelint.math``, ``notelint.engine`` …) is internal and
may change between releases. The names are loaded on first use, so ``import notelint`` stays
cheap (the CAS worker process imports the package too).
"""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.2.0"

# ``typing`` costs as much as the whole warm run (notelint.warm_start) imports; mypy reads the name.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import pluggy

    from notelint.rule import Rule, RuleContext, RuleOption, rule

    hookimpl: pluggy.HookimplMarker
    from notelint.diagnostic import Diagnostic, Edit, Finding, Fix, Severity
    from notelint.engine import LintResult
    from notelint.facets import DIRECTIVES, EQUATIONS, LATEX_ERRORS, PROVENANCE, STEPS, TAGS
    from notelint.formatters.base import Formatter
    from notelint.note import (
        Block,
        ConfiguredFacet,
        Facet,
        Heading,
        HtmlComment,
        MathFacet,
        MathSpan,
        Note,
        Section,
        Span,
        UndeclaredFacetError,
    )

#: Public name → the module that defines it.
_PUBLIC = {
    "rule": "notelint.rule",
    "Rule": "notelint.rule",
    "RuleContext": "notelint.rule",
    "RuleOption": "notelint.rule",
    "Finding": "notelint.diagnostic",
    "Fix": "notelint.diagnostic",
    "Edit": "notelint.diagnostic",
    "Severity": "notelint.diagnostic",
    "Diagnostic": "notelint.diagnostic",
    "Formatter": "notelint.formatters.base",
    "LintResult": "notelint.engine",
    "Note": "notelint.note",
    "Span": "notelint.note",
    "MathSpan": "notelint.note",
    "Heading": "notelint.note",
    "Section": "notelint.note",
    "HtmlComment": "notelint.note",
    "Block": "notelint.note",
    "Facet": "notelint.note",
    "ConfiguredFacet": "notelint.note",
    "MathFacet": "notelint.note",
    "UndeclaredFacetError": "notelint.note",
    "EQUATIONS": "notelint.facets",
    "TAGS": "notelint.facets",
    "PROVENANCE": "notelint.facets",
    "STEPS": "notelint.facets",
    "LATEX_ERRORS": "notelint.facets",
    "DIRECTIVES": "notelint.facets",
}

__all__ = [
    "DIRECTIVES",
    "EQUATIONS",
    "LATEX_ERRORS",
    "PROVENANCE",
    "STEPS",
    "TAGS",
    "Block",
    "ConfiguredFacet",
    "Diagnostic",
    "Edit",
    "Facet",
    "Finding",
    "Fix",
    "Formatter",
    "Heading",
    "HtmlComment",
    "LintResult",
    "MathFacet",
    "MathSpan",
    "Note",
    "Rule",
    "RuleContext",
    "RuleOption",
    "Section",
    "Severity",
    "Span",
    "UndeclaredFacetError",
    "__version__",
    "hookimpl",
    "rule",
]


class _Package(types.ModuleType):
    """The package's module type: importing the submodule ``notelint.rule`` binds it as the
    package's attribute ``rule``, which would hide the public decorator of that name; the
    decorator is loaded on first use (below) instead of at import, to keep ``import notelint``
    as cheap as the warm start needs."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "rule" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name == "hookimpl":
        # Marker for plugin hook implementations: ``@notelint.hookimpl def notelint_rules(): …``.
        # pluggy is imported on first use, so a warm run answered from the cache (which loads
        # no plugin) never pays for it.
        import pluggy

        marker = pluggy.HookimplMarker("notelint")
        globals()["hookimpl"] = marker
        return marker
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'notelint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
