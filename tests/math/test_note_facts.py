"""Hypotheses read from the note become assumptions to sample under; the bare \\log's base."""

from __future__ import annotations

import pytest

from notelint.math.checking.hypotheses import assumptions_in, merge
from notelint.math.checking.jobs import Assumption
from notelint.math.checking.note_facts import NoteFacts
from notelint.parse.note import parse_note


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("a>0", [Assumption("a", "positive")]),
        (r"\lambda \ge 0", [Assumption(r"\lambda", "nonnegative")]),
        (r"S^\top = S", [Assumption("S", "symmetric")]),
        (r"Q^\top Q = I", [Assumption("Q", "orthogonal")]),
        (r"\Sigma\in\mathbb{S}^d_{++}", [Assumption(r"\Sigma", "spd")]),
        (r"p \in [0, 1]", [Assumption("p", "interval", lo="0", hi="1")]),
        (r"n \in \mathbb{N}", [Assumption("n", "integer")]),
    ],
)
def test_hypotheses_of_a_span(latex: str, expected: list[Assumption]) -> None:
    assert assumptions_in(latex) == expected


def test_two_bounds_make_one_interval() -> None:
    assert merge(assumptions_in(r"0<\gamma<1")) == (
        Assumption(r"\gamma", "interval", lo="0", hi="1", lo_open=True, hi_open=True),
    )


@pytest.mark.parametrize("latex", [r"x^\top A x > 0", r"a > b", r"S^\top S = S", r"e > 2"])
def test_no_hypothesis_on_one_symbol(latex: str) -> None:
    """Near misses: a bound on an expression, between two symbols, or on Euler's number."""
    assert assumptions_in(latex) == []


NOTE = """# T

## 2. Notation & Objects
- $Q \\in \\mathbb{R}^{d\\times d}$ orthogonal; the diagonal of $A$ is positive.
- $0<\\gamma<1$: the discount.
- $U\\in\\mathbb{R}^{d\\times d}$: an orthogonal matrix; $d_j$: diagonal entries of $D$.

## 4. Derivation
### 4.A Definitions
$$f(x) = x$$
### 4.B Step-by-Step Derivation
**Step 1** — We use $\\min(cx,cy)=c\\max(x,y)$ for $c<0$ here.

Entropy in bits: $H = -\\sum_i p_i \\log p_i$ with $\\log_2$ written out elsewhere.
"""


def test_section_2_and_same_sentence_hypotheses() -> None:
    note = parse_note(NOTE)
    facts = NoteFacts.read(note)
    assert Assumption("Q", "orthogonal") in facts.assumptions
    assert not any(a.symbol == "A" for a in facts.assumptions)  # "the diagonal of $A$" states nothing
    # a glossary entry's description after the colon names the class; "diagonal entries of" does not
    assert Assumption("U", "orthogonal") in facts.assumptions
    assert not any(a.symbol.startswith("d") for a in facts.assumptions)
    span = next(m for m in note.math if m.latex.startswith(r"\min"))
    local = facts.span_facts(note, span, "4.B").assumptions
    assert local == (Assumption("c", "negative"),)
    assert facts.assumptions_for(r"\min(cx,cy) c\max(x,y)", local) == (Assumption("c", "negative"),)
    assert facts.assumptions_for(r"\gamma^2", ()) == (
        Assumption(r"\gamma", "interval", lo="0", hi="1", lo_open=True, hi_open=True),
    )


def test_one_log_2_does_not_disable_every_log() -> None:
    facts = NoteFacts.read(parse_note(NOTE))
    assert facts.log == "e"
    assert facts.log_base("Entropy in bits: $H = -\\sum_i p_i \\log p_i$") == "?"
    assert facts.log_base("The loss is $-\\log p$ and $\\log_2 8 = 3$.") == "e"
    said = NoteFacts.read(parse_note("# T\n\nThroughout, $\\log$ denotes the base-2 logarithm.\n"))
    assert said.log == "?"


def test_a_function_family_is_instantiated_at_the_subscripts_written() -> None:
    from notelint.math.checking.recorded_definitions import family_instances

    funcs = {r"S_\tau": (("z",), r"\operatorname{sign}(z)\max(|z|-\tau,0)")}
    got = family_instances(r"S_1(3)=2,\ S_{0.5}(x)", funcs)
    assert got == {
        "S_1": (("z",), r"\operatorname{sign}(z)\max(|z|-{(1)},0)"),
        "S_{0.5}": (("z",), r"\operatorname{sign}(z)\max(|z|-{(0.5)},0)"),
    }
    # a subscript that is an expression is left alone (no instance, the link stays unknown)
    assert family_instances(r"S_{\tau/a}(z/a)", funcs) == {}
    # the subscript in its subscript position stays a subscript
    deltas = {r"\delta_k": (("x",), r"x\mu_k+\log\phi_{k}")}
    assert family_instances(r"\delta_2(x)", deltas) == {r"\delta_2": (("x",), r"x\mu_{2}+\log\phi_{2}")}


def test_a_row_of_cases_reads_the_value_after_each_label() -> None:
    from notelint.math.checking.analysis import case_value

    assert case_value(r"0:\ \tfrac{27}{32}", "left") == r"\tfrac{27}{32}"
    assert case_value(r"\tfrac52:\ \tfrac38", "right") == r"\tfrac52"
    # a colon inside braces, a definition's :=, or a side with nothing before the colon stay
    assert case_value(r"\{x: x>0\}", "left") == r"\{x: x>0\}"
    assert case_value(r"f:\mathbb{R}\to\mathbb{R}", "right") == r"f"
    assert case_value(r"a:=b", "left") == r"a:=b"
    assert case_value(r":\ b", "left") == r":\ b"
    # read from the atoms: a ratio stays, spacing after the colon is skipped, and a colon inside
    # an environment is no label (was: a row of a bmatrix was cut at its first colon)
    assert case_value(r"1:2", "left") == r"1:2"
    assert case_value(r"m=1:\quad \tfrac12", "left") == r"\tfrac12"
    matrix = "\\begin{bmatrix} M^{(1)}:(G-1)\\times p \\\\ M^{(2)}: p \\end{bmatrix}"
    assert case_value(matrix, "left") == matrix


def test_one_member_values_drop_a_member_at_a_letter_index_only() -> None:
    from notelint.math.checking.analysis import _one_member_values

    cases = {"p_k": "1", "n_{k}": "0", "p_1": "1", "\\pi_j": "0", "G": "0"}
    # "a pure node ($p_k=1$ for one $k$) has $G=0$": the members at a letter index the
    # relation does not write are dropped; a member at a number, or one it writes, stays
    none: frozenset[str] = frozenset()
    assert _one_member_values(cases, "G = 1 - \\sum_j p_j^2", none) == {"p_1": "1", "G": "0"}
    assert _one_member_values(cases, "p_k = 1", none) == {"p_k": "1", "p_1": "1", "G": "0"}
    # a name section 2 declares itself (d_k, the key size of a worked example) is no member
    sizes = {"d_k": "4", "p_k": "1"}
    assert _one_member_values(sizes, "s = (1,0,-1)^\\top", frozenset({"d_k"})) == {"d_k": "4"}


CASE_NOTE = """# T

## 2. Notation & Objects
- $m\\in\\mathbb{N}$, $\\mu\\in\\mathbb{R}$.

### 4.C — Intermediate Checks

**Edge case $m=1$.** Then $\\mu=x_1$.

**Numerical sanity check** (VERBATIM). Take $m=4$.

**Edge case.** Then $m=2$.
"""


def test_a_bold_title_naming_a_case_states_the_case_and_nothing_else() -> None:
    """Only math inside a bold title that says "case" is the paragraph's case: not the
    paragraph's body, not a title without the word, not math after a title that names none."""
    note = parse_note(CASE_NOTE)
    facts = NoteFacts.read(note)
    seen = {m.latex: facts.span_facts(note, m, "4.C") for m in note.math if m.latex != r"\mu\in\mathbb{R}"}
    assert seen["m=1"].in_case_title and seen["m=1"].example_binding
    assert not seen[r"\mu=x_1"].in_case_title
    assert not seen["m=4"].in_case_title
    assert not seen["m=2"].in_case_title


def test_if_moreover_leads_a_hypothesis_and_then_does_not() -> None:
    note = parse_note(
        "# T\n\nIf $P^2=P$, its eigenvalues are $0$ or $1$; if moreover $P=P^\\top$, then $Q=Q^\\top$.\n"
    )
    facts = NoteFacts.read(note)
    seen = {m.latex: facts.span_facts(note, m, None) for m in note.math}
    assert seen["P^2=P"].hypothesis and seen["P=P^\\top"].hypothesis
    assert not seen["Q=Q^\\top"].hypothesis  # the conclusion: a claim


def test_what_a_proof_needs_is_a_hypothesis_and_a_cited_identity_is_not() -> None:
    # "a proof would need at least a step size $\eta<2/L$": a condition, not a claim that η < 2/L
    # (a bandit note's GAP step); "we need the identity $…$" still states the identity
    note = parse_note(
        "# T\n\nA proof would need at least a step size $\\eta<2/L$. "
        "This requires the condition $\\eta L<1$. We need the identity $(AB)^\\top=B^\\top A^\\top$.\n"
    )
    facts = NoteFacts.read(note)
    seen = {m.latex: facts.span_facts(note, m, None) for m in note.math}
    assert seen["\\eta<2/L"].hypothesis and seen["\\eta L<1"].hypothesis
    assert not seen["(AB)^\\top=B^\\top A^\\top"].hypothesis
