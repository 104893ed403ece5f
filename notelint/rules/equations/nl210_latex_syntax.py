from __future__ import annotations

from notelint.facets import LATEX_ERRORS
from notelint.note import Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL210",
    name="latex-syntax",
    summary="unbalanced braces, \\left without \\right, \\begin/\\end mismatch, unclosed $, malformed macro",
    facets=("latex-errors",),
)
def latex_syntax(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that the LaTeX of every math span is well formed: braces balance, every
    `\\left` has its `\\right` in the same group, `\\begin{…}` and `\\end{…}` match, no `$`
    opens math that never closes, and no macro is malformed (`\\frac` with one argument,
    `^` or `_` with nothing after it, a double superscript `x^a^b`, a lone `\\` at the end),
    and no `%` right after a number (`85%`: TeX reads a comment and hides the percent sign;
    `\\%` is shown). A `$` written inside braces (`$1 \\text{ if $x > 0$} 0$`) is read as the
    dialect's renderer reads it: MathJax pages step over it, Markdown parsers close the math there.
    The finding is at the offending character in the file, not at the start of the math.
    Unknown macros and user definitions are accepted; what cannot be judged is not reported.

    What is math is decided by the note's Markdown dialect (kramdown, pandoc, R Markdown,
    MyST, GitHub, Obsidian, remark-math, MathJax pages or CommonMark; detected per file, or
    set with `markdown.dialect`): kramdown's `$$` on a line with prose is inline math, pandoc's
    `$$ … $$ {#eq:label}` is closed, `\\\\(…\\\\)` is math where Markdown unescapes it for MathJax,
    the bodies of MyST directives (```` ```{note} ````, `:::{tip}`) and MkDocs admonitions
    (`!!! note`) are Markdown, and Hugo's `{{< katex >}}` shortcode holds math.
    A stray `\\(…\\)` in a dialect that has no such delimiter (pandoc, GitHub, kramdown…;
    R Markdown reads it as math) renders as plain text and is reported too.

    `--fix` never touches a file with an NL210 error: offsets into broken math are not safe
    to edit.

    ## Why is this bad?
    Broken LaTeX renders as an error box (MathJax, KaTeX) or stops a LaTeX build, and
    nothing else in the equation can be checked.

    ## Example
    ```markdown
    $$ \\hat w = \\left(X^\\top X + \\lambda I\\right^{-1} X^\\top y \\tag{4} $$
    ```

    Use instead:
    ```markdown
    $$ \\hat w = \\left(X^\\top X + \\lambda I\\right)^{-1} X^\\top y \\tag{4} $$
    ```
    """
    for error in note.facet(LATEX_ERRORS):
        ctx.report(error.start, error.end, error.message)
