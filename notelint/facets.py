"""The built-in facets: typed views of a note that rules ask for with ``note.facet(…)``.

Each is defined beside the code that builds it and collected here. Each is built once per
note, on first use, from the parsed model (never by a rule reading the raw text); a rule
reads only the facets it needs, so a run that selects no equation rule never numbers
equations. Plugins define their own with :class:`notelint.Facet`.

=================  ==========================================  ===========================
facet              value                                       built by
=================  ==========================================  ===========================
``EQUATIONS``      numbered equations, labels, references      ``parse/equations.py``
``TAGS``           every ``\\tag{…}`` a renderer numbers        ``parse/tags.py``
``LABEL_TARGETS``  names a ``\\ref`` may point at outside       ``parse/label_targets.py``
                   numbered displays (not in code)
``PROVENANCE``     provenance tags, timestamps, identities     ``parse/provenance.py``
``STEPS``          the derivation steps of 4.A/4.B             ``parse/steps.py``
``LATEX_ERRORS``   LaTeX syntax errors at their character      ``parse/latex_syntax.py``
``DIRECTIVES``     ``notelint:`` suppression directives        ``suppress.py``
``MATH_MODEL``     per span (``span.facet``): atoms, rows,     ``math/reading/model.py``
                   relation chains, binders, tags, macros
=================  ==========================================  ===========================

Facets of the mathematics, internal to notelint (their types belong to the math model, which
is not yet a public API), are defined the same way: ``LECTURER_PASSAGES``
(``parse/passages.py``), ``DIMENSION_CLAIMS`` (the shapes 4.C states,
``math/semantics/dimension_claims.py``), ``GLOSSARY`` (``math/semantics/glossary.py``), ``ANALYSIS`` (relation
verdicts under one configuration, a ``ConfiguredFacet``, ``math/checking/analysis.py``) and, per math
span, ``LATEX_TREE`` (``parse/latex.py``).
"""

from __future__ import annotations

from notelint.math.reading.model import MATH_MODEL
from notelint.parse.equations import EQUATIONS
from notelint.parse.label_targets import LABEL_TARGETS
from notelint.parse.latex_syntax import LATEX_ERRORS
from notelint.parse.provenance import PROVENANCE
from notelint.parse.steps import STEPS
from notelint.parse.tags import TAGS
from notelint.suppress import DIRECTIVES

__all__ = [
    "DIRECTIVES",
    "EQUATIONS",
    "LABEL_TARGETS",
    "LATEX_ERRORS",
    "MATH_MODEL",
    "PROVENANCE",
    "STEPS",
    "TAGS",
]
