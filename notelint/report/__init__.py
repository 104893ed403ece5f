"""The HTML audit report (``notelint report``): rendering, verdicts, shapes, findings.

``command`` parses the command line, ``build`` lints and writes the pages, ``page`` renders one
note, ``mathml`` turns LaTeX into sanitised MathML.
"""

from notelint.report.command import main

__all__ = ["main"]
