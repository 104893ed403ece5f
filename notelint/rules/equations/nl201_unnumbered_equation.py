from __future__ import annotations

import re

from notelint.diagnostic import Edit, Fix
from notelint.facets import EQUATIONS, MATH_MODEL, TAGS
from notelint.math.reading.model import only_defines_macros
from notelint.math.reading.relations import chains_of
from notelint.math.reading.side_names import side_reading, symbols_used
from notelint.note import MathSpan, Note
from notelint.rule import RuleContext, rule


@rule(
    code="NL201",
    name="unnumbered-equation",
    fixable=True,
    summary="a display equation has neither \\tag{…} nor a numbering environment",
    facets=("equations", "latex-tree", "math-model", "tags"),
)
def unnumbered_equation(note: Note, ctx: RuleContext) -> None:
    """
    ## What it does
    Checks that every display equation carries a number: a `\\tag{…}`, a row of a numbering
    environment (`equation`, `align`, `gather`, … without `\\notag`/`\\nonumber`), a MyST or
    d2l label (`$$ … $$ (label)`, `:eqlabel:`), an `Equation (k):` line (`Equation (k)
    (RECONSTRUCTED):` too), or a number written at the end of each row of an `aligned` block
    (`&&\\text{(k)}`, where `\\tag` is not allowed). Rows marked
    `\\notag` are left alone: the writer chose not to number them, as are the other rows of
    an `align*` block in which one row has a `\\tag`. The finding is at the opening
    delimiter (`$$`, `\\[` or `\\begin`), once per block. `$$…$$` in the middle of a
    sentence is not judged: Jekyll's kramdown writes inline math that way, and neither is a
    display that only defines macros (`$$\\newcommand{\\bX}{\\mathbf{X}}$$`, a preamble for
    the renderer), nor, outside 4.A–4.B, a display that only gives names numbers (a worked
    example's data: `$$X=\\begin{pmatrix}1&2\\\\-1&1\\end{pmatrix},\\ y=…$$`), which no step cites.

    The fix adds `\\tag{n}` before the closing delimiter of a `$$ … $$` or `\\[ … \\]`
    equation, with `n` after the highest number in use; NL209's fix then puts the numbers
    in order.

    ## Why is this bad?
    The standard says "Number equations and reference them": a derivation step cites the
    equations it transforms, which needs numbers.

    ## Example
    ```markdown
    $$
    \\nabla_w J(w) = X^\\top (Xw - y) + \\lambda w
    $$
    ```

    Use instead:
    ```markdown
    $$
    \\nabla_w J(w) = X^\\top (Xw - y) + \\lambda w \\tag{2}
    $$
    ```
    """
    numbers = [
        e.int_number for e in note.facet(EQUATIONS).equations if e.numbered and e.int_number is not None
    ]
    # tags notelint does not model as equations (inside a MyST directive fence) are taken too
    numbers += [t.int_number for t in note.facet(TAGS) if t.int_number is not None]
    next_number = max(numbers, default=0) + 1
    # LaTeX's counter numbers auto rows; a hand-written tag could collide with a later one.
    can_fix = not any(e.numbering in ("auto", "label") for e in note.facet(EQUATIONS).equations)
    reported: set[int] = set()
    rows_of: dict[int, list] = {}
    for eq in note.facet(EQUATIONS).equations:
        rows_of.setdefault(id(eq.math), []).append(eq)
    for eq in note.facet(EQUATIONS).equations:
        if eq.numbering != "none" or id(eq.math) in reported:
            continue
        math = eq.math
        if any(o.numbering != "none" for o in rows_of[id(math)]):
            continue  # some rows numbered, the others deliberately not (align* with one \tag)
        reported.add(id(math))
        if only_defines_macros(math.facet(MATH_MODEL)):
            continue  # `$$\newcommand{\bX}{\mathbf{X}} …$$`: a preamble for the renderer, no equation
        if _example_data(note, math):
            continue  # "Take $$X=\begin{pmatrix}…\end{pmatrix},\ y=…$$": an example's data, no equation
        if _embedded(note.text, math.start, math.end):
            continue  # $$x$$ inside a sentence is inline math to kramdown (Jekyll): cannot decide
        latex = math.latex
        fix = None
        last_line = latex.rstrip().rsplit("\n", 1)[-1]
        if (
            can_fix
            and math.delimiter in ("$$", "\\[")
            and latex.strip()
            and "%" not in last_line
            and not any(s in latex for s in ("\\begin", "\\\\", "\\tag"))
        ):
            at = math.content_start + len(latex.rstrip())
            fix = Fix((Edit(at, at, f" \\tag{{{next_number}}}"),), title=f"add \\tag{{{next_number}}}")
            next_number += 1
        start, end = math.start, math.end
        ctx.report(
            start, end, "display equation has no number: add \\tag{…} or use a numbering environment", fix
        )


def _embedded(text: str, start: int, end: int) -> bool:
    """Math with words before it on its first line or after it on its last line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = re.sub(r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?", "", text[line_start:start])
    after = text[end:line_end]
    return bool(before.strip()) or bool(re.search(r"[^\s.,;:!?)\]]", after) and not re.match(r"\s*\(", after))


def _example_data(note: Note, math: MathSpan) -> bool:
    r"""A display outside 4.A–4.B that only gives names numbers: every chain starts at a bare
    name and ends, through ``=`` (and a set it lies in, ``\in\mathbb{R}^{3\times2}``), at numbers
    or an array of numbers (``X=\begin{pmatrix}1&2\\-1&1\end{pmatrix},\ y=…``): the data of a
    worked example, which no step cites."""
    section = note.section_at(math.start)
    if section is None or section.key in ("4.A", "4.B"):
        return False
    try:
        chains = chains_of(math)
    except (ValueError, IndexError, AssertionError):
        return False
    if not chains:
        return False
    for chain in chains:
        if not chain.links:
            return False
        if not side_reading(chain.links[0].left.text).bare:
            return False
        valued = False
        for link in chain.links:
            if link.op == "=":
                text = link.right.text.replace("\\operatorname{diag}", "")
                valued = not (symbols_used([text]) - {"\\top"})
            elif link.symbol != "\\in":
                return False
        if not valued:
            return False
    return True
