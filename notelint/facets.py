"""The built-in facets: typed views of a note that rules ask for with ``note.facet(…)``.

Each is defined beside the code that builds it and collected here. Each is built once per note, on first use, from the parsed model (never by a rule reading
the raw text); a rule reads only the facets it needs, so a run that selects no equation rule
never numbers equations. Plugins define their own with :class:`notelint.Facet`.

=================  ==========================================  ===========================
facet              value                                       built by
=================  ==========================================  ===========================
``EQUATIONS``      numbered equations, labels, references      ``parse/equations.py``
``TAGS``           every ``\\tag{…}`` a renderer numbers        ``parse/tags.py``
``PROVENANCE``     provenance tags, timestamps, identities     ``parse/steps.py``
``STEPS``          the derivation steps of 4.A/4.B             ``parse/steps.py``
``LATEX_ERRORS``   LaTeX syntax errors at their character      ``parse/latex_syntax.py``
``DIRECTIVES``     ``notelint:`` suppression directives        ``suppress.py``
=================  ==========================================  ===========================
"""

from __future__ import annotations

from notelint.parse.equations import EQUATIONS
from notelint.parse.latex_syntax import LATEX_ERRORS
from notelint.parse.steps import PROVENANCE, STEPS
from notelint.parse.tags import TAGS
from notelint.suppress import DIRECTIVES

__all__ = ["DIRECTIVES", "EQUATIONS", "LATEX_ERRORS", "PROVENANCE", "STEPS", "TAGS"]
