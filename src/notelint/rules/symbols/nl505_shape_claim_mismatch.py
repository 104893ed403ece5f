from __future__ import annotations

import re

from notelint.math import shapes
from notelint.math.glossary import glossary, math_atoms
from notelint.math.symbols import Atom, is_relation
from notelint.note import Note
from notelint.rule import RuleContext, rule
from notelint.rules.symbols._common import math_in_section

_SEPARATORS = ("quad", "qquad", "text", "textrm", "mbox", "\\", "tag", "label", "implies", "Rightarrow")


def _claims(atoms: list[Atom]) -> list[tuple[list[Atom], list[Atom]]]:
    """``EXPR \\in SET`` pairs of a math span (chains and lists split)."""
    flat: list[Atom] = []
    for a in atoms:
        if a.kind == "env":
            flat.extend(a.inner)
            flat.append(Atom(a.tok.__class__("macro", "\\", a.end, a.end)))
        elif not a.is_op("&"):
            flat.append(a)
    out = []
    depth = 0
    start = 0
    for k, a in enumerate(flat):
        if a.is_op("(", "[") or a.is_macro("{", "langle"):
            depth += 1
        elif a.is_op(")", "]") or a.is_macro("}", "rangle"):
            depth -= 1
        if depth > 0:
            continue
        if a.is_macro("in"):
            lhs = flat[start:k]
            rhs = []
            d = 0
            for b in flat[k + 1 :]:
                if b.is_op("(", "[") or b.is_macro("{"):
                    d += 1
                elif b.is_op(")", "]") or b.is_macro("}"):
                    d -= 1
                if d <= 0 and (b.is_op(",", ";", ".") or is_relation(b) or b.is_macro(*_SEPARATORS)) and not b.is_op(")", "]") and not b.is_macro("}"):
                    break
                rhs.append(b)
            if lhs and rhs:
                out.append((lhs, rhs))
            start = k + 1
        elif is_relation(a) or a.is_op(",", ";") or a.is_macro(*_SEPARATORS):
            start = k + 1
    return out


@rule(code="NL505", name="shape-claim-mismatch", summary="a dimensional check (4.C) states a shape that the inferred shape contradicts")
def shape_claim_mismatch(note: Note, ctx: RuleContext) -> None:
    r"""
    ## What it does
    Reads the dimensional checks of 4.C, Intermediate Checks — statements such as
    `$X^\top y \in \mathbb{R}^{d}$` or `$\hat{w} \in \mathbb{R}^d$` — infers the shape of the
    expression from the declared shapes (as NL305 does) and reports a claim that the
    inferred shape contradicts. `\mathbb{R}^{d}`, `\mathbb{R}^{d\times 1}` and a vector of
    size `d` are the same shape; a 1×1 result is a scalar. When the shape cannot be inferred
    (an undeclared symbol, an entry `x_i`), nothing is reported.

    ## Why is this bad?
    A dimensional check that states the wrong shape is worse than none: it certifies a
    formula that has not been checked, or hides a missing transpose.

    ## Example
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$: data and targets.

    ### 4) Derivation Protocol
    #### 4.C Intermediate Checks
    - Dimensional check: $X^\top y \in \mathbb{R}^{n}$.
    ```

    Use instead:
    ```markdown
    ### 2) Notation & Objects
    - $X \in \mathbb{R}^{n \times d}$, $y \in \mathbb{R}^n$: data and targets.

    ### 4) Derivation Protocol
    #### 4.C Intermediate Checks
    - Dimensional check: $X^\top y \in \mathbb{R}^{d}$.
    ```
    """
    table = glossary(note)
    if not table.has_glossary:
        return
    env = table.shape_env()
    for m in math_in_section(note, "4.C"):
        for lhs, rhs in _claims(math_atoms(m)):
            claimed = shapes.domain_shape(rhs).shape
            if claimed is None:
                continue
            inferred, errors = shapes.infer_expression(lhs, m.latex, env)
            if inferred is None or errors or inferred.kind == "function":
                continue
            if shapes.same_shape(inferred, claimed):
                continue
            expr = re.sub(r"\s+", " ", m.latex[lhs[0].start : lhs[-1].end]).strip()
            where = re.sub(r"\s+", " ", m.latex[rhs[0].start : rhs[-1].end]).strip()
            ctx.report(m.content_start + lhs[0].start, m.content_start + rhs[-1].end,
                       f"the dimensional check states {expr} \\in {where} ({claimed}), "
                       f"but its inferred shape is {inferred}")
