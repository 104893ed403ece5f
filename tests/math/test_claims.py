"""The claim classifier (``claims.classify``): a table in both directions.

Each "must excuse" row has a near-miss "must not excuse" twin: the same relation (or the
same kind of excuse) where the reason to excuse is absent, so an excuse that swallows the
real defect next to it fails here.
"""

from __future__ import annotations

import pytest

from notelint.math.checking.claims import (
    LinkFacts,
    classify,
    free_names_in,
    names_in,
    shape_arithmetic,
    value_side,
)

STD = {"standard": True}


def facts(op: str, left: str, right: str, **kw: object) -> LinkFacts:
    return LinkFacts(op=op, left=left, right=right, **kw)  # type: ignore[arg-type]


# (facts, expected kind, text the reason must contain)
MUST_EXCUSE = [
    # 4.A defines; sections 2–3 state declarations and assumptions
    (facts("=", "J(w)", r"\tfrac12\|Xw-y\|^2", section="4.A", **STD), "definition", "defines $J$"),
    (facts("=", r"S^\top", "S", section="2", **STD), "condition", "section 2"),
    (facts(">", "a", "0", section="3", **STD), "condition", "section 3"),
    # a 4.B step that names a new symbol defines it
    (
        facts("=", r"\hat w", r"(X^\top X)^{-1}X^\top y", section="4.B", step="step 3", **STD),
        "definition",
        r"$\hat w$",
    ),
    # the quoted lecturer's claim is the lecturer's
    (
        facts("=", "H", "I_n", section="4.B", step="step 7", provenance="LECTURER CLAIM", **STD),
        "quoted",
        "LECTURER CLAIM",
    ),
    # the condition of a step (its rule says so) and what it solves for, in that step only
    (
        facts("=", r"X^\top X\hat w", r"X^\top y", section="4.B", step="step 2", step_condition=True, **STD),
        "condition",
        "the condition of step 2",
    ),
    (
        facts(
            "=",
            r"X\hat w",
            r"X(X^\top X)^{-1}X^\top y",
            section="4.B",
            step="step 2",
            constrained=frozenset({"w"}),
            constrained_by="step 2",
            index=1,
            **STD,
        ),
        "condition",
        "the condition of step 2",
    ),
    # a convention the glossary states is a definition
    (
        facts(
            "=", r"\phi'(0)", "0", section="4.B", step="step 1", conventions=frozenset({r"\phi'(0)=0"}), **STD
        ),
        "definition",
        "convention",
    ),
    # a hypothesis of its sentence ("for $c>0$") and a range statement
    (facts(">", "c", "0", section="4.D", hypothesis=True, **STD), "condition", "range of $c$"),
    (facts(">", "d", "n", section="4.C", **STD), "condition", "compares $d$ against $n$"),
    (
        facts(">", r"x^\top A x", "0", section="4.B", hypothesis=True, step="step 1", **STD),
        "condition",
        "hypothesis",
    ),
    # a note that does not follow the standard: its own sentence decides
    (
        facts("=", r"X^\top X w - X^\top y", "0", lead="Setting the gradient to zero gives"),
        "maybe-condition",
        "condition",
    ),
    (facts("=", "w", r"w - \eta g"), "condition", r"update of $w$"),
    # a vector used whole and by its entries, and a right side that substitutes a definition
    (
        facts("=", r"a_j \cdot b_k", r"\sum_{i=0}^{n} a_{j}^{(i)} b_{k}^{(i)}"),
        "maybe-condition",
        "$a_j$ both",
    ),
    (
        facts(
            "=",
            r"\sum_{i=0}^{n} a_{j}^{(i)} b_{k}^{(i)}",
            r"\sum_{i=0}^{n} (q_{a}^{(i)} - z_a) (q_{b}^{(i)} - z_b)",
        ),
        "maybe-condition",
        "brings in",
    ),
    # two sizes section 2 declares, equated: the case a sentence treats, not a definition of m
    (
        facts(
            "=",
            "m",
            "n",
            section="4.B",
            step="step 6",
            declared=frozenset({"m", "n"}),
            sizes=frozenset({"m", "n"}),
            **STD,
        ),
        "condition",
        "equates $m$ and $n$",
    ),
]

# session 3 (issue 10): reasons read from structure, each with its twin in MUST_NOT_EXCUSE
MUST_EXCUSE += [
    # a shorthand of section 2 defines nothing (r_t(θ) is defined in 4.A, not by "r_t ≡ r_t(θ)")
    (facts(":=", "r_t", r"r_t(\theta)", section="2", **STD), "condition", "abbreviates"),
    # inline math in a step's title states the case the step treats
    (
        facts(
            "=",
            r"X^\top X",
            "I_d",
            section="4.B",
            step="step 5",
            in_title=True,
            inline=True,
            declared=frozenset({"I_d"}),
            **STD,
        ),
        "condition",
        "title",
    ),
    # a step whose title says it is a case analysis states conditions
    (
        facts("=", "0", r"u-z+\tau", section="4.B", step="step 3", step_condition=True, **STD),
        "condition",
        "condition of step 3",
    ),
]

MUST_EXCUSE += [
    # an inline restatement of a defined name for a case its sentence describes
    (
        facts(
            "=",
            r"\hat y",
            "y",
            section="4.B",
            step="step 7",
            inline=True,
            defined=frozenset({r"\haty"}),
            **STD,
        ),
        "maybe-condition",
        "for a case its sentence describes",
    ),
    # what a rule citation recalls or applies: checked, a failure not reported
    (
        facts("=", "h_{ji}", "h_{ij}", section="4.B", step="step 9", in_citation=True, **STD),
        "maybe-condition",
        "rule citation",
    ),
]

# session 4 (issue 10): the case a paragraph's bold title names ("**Edge case $m=1$.**")
MUST_EXCUSE += [
    (
        facts("=", r"\sigma^2", "0", section="4.C", inline=True, in_case_title=True, **STD),
        "condition",
        "the case its paragraph treats",
    ),
]

# the other end of an interval a chain opens with a number: "the basin $0<\lambda_0<2\hat\lambda$"
MUST_EXCUSE += [
    (
        facts(
            "<",
            r"\lambda_0",
            r"2\hat\lambda",
            index=1,
            chain_len=2,
            starts_at_number=True,
            section="4.B",
            **STD,
        ),
        "condition",
        "states the range of $\\lambda_0$",
    ),
]

MUST_NOT_EXCUSE = [
    # twins of the interval: the same link after a chain that opens with a name, and a bound
    # on an expression, not a bare symbol, are claims
    facts("<", r"\lambda_0", r"2\hat\lambda", index=1, chain_len=2, section="4.B", step="step 6", **STD),
    facts(
        "<",
        r"\lambda_0+1",
        r"2\hat\lambda",
        index=1,
        chain_len=2,
        starts_at_number=True,
        section="4.B",
        **STD,
    ),
    # twin of "the condition of step 2": in a step whose rule sets a gradient to zero, the
    # gradient computed on a row of its own (the condition is the next row) is a claim
    facts(
        "=",
        r"\nabla_w\mathcal{L}(w,\lambda)",
        r"2\Sigma w-2\lambda w",
        section="4.B",
        step="step 3",
        step_condition=True,
        **STD,
    ),
    # twins of the case title: the same relation in the paragraph's body, and in a title of a
    # note that does not follow the standard (no structure to read the title by)
    facts("=", r"(a+b)^2", "a^2+b^2", section="4.C", inline=True, **STD),
    facts("=", r"(a+b)^2", "a^2+b^2", inline=True, in_case_title=True),
    # the twin of "a vector used whole and by its entries": declared, its entries are read as such
    facts("=", r"\sum_i x_i^2", r"\|x\|_2", declared=frozenset({"x"})),
    # the same restatement displayed, and the same relation outside the citation: claims
    facts("=", r"\hat y", "y", section="4.B", step="step 7", defined=frozenset({r"\haty"}), **STD),
    facts("=", "h_{ji}x", "h_{ij}x", section="4.B", step="step 9", **STD),
    # twin of "update of $w$": a power of the name on the left is a claim about it (P^2 = 2P)
    facts("=", "P^2", "2P", section="4.B", step="step 1", **STD),
    # twins of the session-3 excuses: a real definition by :=, the same relation outside the
    # title, a relation of a step that is no case analysis, a declared size on the right
    facts(
        "=", r"X^\top X", "I_d", section="4.B", step="step 5", inline=True, declared=frozenset({"I_d"}), **STD
    ),
    facts("=", "0", r"u-z+\tau", section="4.B", step="step 3", **STD),
    facts(
        "=",
        r"\operatorname{tr}(H)",
        "n",
        section="4.B",
        step="step 7",
        declared=frozenset({"n", "H"}),
        **STD,
    ),
    # every relation of a 4.B step, a 4.D identity, a 4.E result is a claim
    facts("=", "(a-b)^2", "a^2-b^2", section="4.B", step="step 1", **STD),
    facts("=", r"(AB)^\top", r"A^\top B^\top", section="4.B", step="step 2", **STD),
    facts("=", r"\frac{1}{1+e^{-2}}", "0.12", section="4.C", **STD),
    facts("=", r"\nabla_x x^\top A x", "2Ax", section="4.D", **STD),
    # 4.A: the second link of a definition chain is a claim about the defined thing
    facts(
        "=",
        r"\tfrac12\|Xw-y\|^2",
        r"\tfrac12\sum_i (x_i^\top w-y_i)^2",
        section="4.A",
        index=1,
        chain_len=2,
        **STD,
    ),
    # the 4.E result restating a defined name must agree with its definition
    facts("=", r"\hat w", r"(X^\top X)^{-1}X^\top y", section="4.E", defined=frozenset({r"\hatw"}), **STD),
    # a condition of *another* step, or one that solves for other symbols, excuses nothing
    facts("=", r"(a+b)^2", "a^2+b^2", section="4.B", step="step 3", **STD),
    facts(
        "=",
        r"(a+b)^2",
        "a^2+b^2",
        section="4.B",
        step="step 2",
        constrained=frozenset({"w"}),
        constrained_by="step 2",
        **STD,
    ),
    # prose cues do not decide in a note that follows the standard
    facts(
        "=", r"(a-b)^2", "a^2-b^2", section="4.B", step="step 1", lead="Setting the gradient to zero", **STD
    ),
    # the lecturer's claim corrected (RECONSTRUCTED) is the note's own
    facts(
        "=",
        "H",
        "I_n",
        section="4.B",
        step="step 7",
        provenance="RECONSTRUCTED",
        defined=frozenset({"H"}),
        **STD,
    ),
    # e is Euler's number unless section 2 declares a symbol e
    facts("<=", "e", "2", section="4.C", **STD),
    facts(">=", "e^{-1}", "0.5", section="4.C", **STD),
    # an order between expressions (not two bare symbols) is a claim
    facts("<=", r"\min(x,y)", "x", section="4.D", **STD),
    # a derivative of a defined function is a computation
    facts("=", "f'(x)", "2x-4", defined=frozenset({"f"})),
    # a note without the standard: no cue in its own sentence, same symbols on both sides
    facts("=", "(a-b)^2", "a^2-b^2"),
    facts("=", r"\frac{1}{1+e^{-2}}", "0.12"),
    facts("=", r"\int_0^1 x^2\,dx", r"\frac12"),
    facts("<=", r"2\exp(-0.2)", "0.05", lead="Setting the bound"),
    # a derivative of a defined function brings in the symbols of its definition
    facts("=", r"\frac{d}{dw} J(w)", r"(wx - y)x + 2\lambda w", defined=frozenset({"J"})),
    # sums over an index with nothing used whole: claims
    facts("=", r"\sum_{i=1}^{n} i", r"\frac{n^2}{2}"),
    facts("=", r"\sum_{i=1}^{n} a_i b_i", r"\sum_{i=1}^{n} b_i a_i + 1"),
    facts("=", r"\frac{2}{3} \cdot \frac{2}{3} \cdot \frac{1}{3}", r"\frac{4}{9}"),
]


def test_two_sizes_twins_still_define() -> None:
    # twins of "two sizes equated": an estimator equal to a statistic, both declared, defines
    # the estimator; a size equated to a symbol that is not a size is no case either
    role = classify(
        facts(
            "=",
            r"\hat\lambda",
            r"\bar x",
            section="4.B",
            step="step 2",
            declared=frozenset({r"\hat\lambda", r"\bar x"}),
            **STD,
        )
    )
    assert role.kind == "definition" and role.names == (r"\hat\lambda",)
    role = classify(
        facts(
            "=",
            "m",
            "k",
            section="4.B",
            step="step 2",
            declared=frozenset({"m", "k"}),
            sizes=frozenset({"m"}),
            **STD,
        )
    )
    assert role.kind == "definition"


def test_a_real_definition_by_colon_equals_defines() -> None:
    role = classify(facts(":=", "s", "a+b", section="4.A", **STD))
    assert role.kind == "definition" and role.names == ("s",)


def test_a_declared_size_on_the_right_is_named_only_outside_derivations() -> None:
    # in 4.A "… = n" still names n (a definition is written there); in 4.B it is a claim
    f = facts("=", r"\operatorname{tr}(H)", "n", section="4.A", declared=frozenset({"n"}), **STD)
    assert classify(f).kind == "definition"


@pytest.mark.parametrize(("f", "kind", "reason"), MUST_EXCUSE)
def test_must_excuse(f: LinkFacts, kind: str, reason: str) -> None:
    role = classify(f)
    assert role.kind == kind, role
    assert reason in role.reason


@pytest.mark.parametrize("f", MUST_NOT_EXCUSE)
def test_must_not_excuse(f: LinkFacts) -> None:
    role = classify(f)
    assert role.kind == "claim", role


def test_e_declared_in_section_2_is_a_symbol_with_a_range() -> None:
    role = classify(facts("<=", "e", "2", section="4.C", declared=frozenset({"e"}), **STD))
    assert role.kind == "condition"


def test_names_in_reads_words_as_one_name() -> None:
    assert names_in(r"\text{loss} + s") == {"loss", "s"}
    assert names_in(r"\operatorname{softmax}(z)_j") == {"softmax", "z", "j"}
    assert names_in(r"\hat{w} + \alpha") == {"w", r"\alpha"}
    assert names_in(r"|e_1| + e^{x} + dx") == {"e", "x"}  # e_1 is a symbol, e^x Euler's


def test_free_names_leave_out_bound_variables() -> None:
    assert free_names_in(r"\int_0^1 x^2\,dx") == set()
    assert free_names_in(r"\sum_{i=1}^{n} i") == {"n"}


def test_mentions_reads_a_letter_with_a_macro_subscript_as_written() -> None:
    from notelint.math.checking.claims import mentions

    assert mentions(r"S_\tau(z)=\max(|z|-\tau,0)", r"S_\tau")
    assert not mentions(r"S_\lambda(z)", r"S_\tau")
    assert not mentions(r"\S_\tau", r"S_\tau")  # part of a macro, not the symbol


def test_the_same_function_at_two_arguments_is_no_update() -> None:
    role = classify(facts("=", r"S_\lambda(c_j)", r"S_\lambda(w_j)", section="4.B", step="step 5", **STD))
    assert role.kind == "maybe-condition" and "two arguments" in role.reason
    # the near miss: a plain name updated from itself is still an update
    assert classify(facts("=", "w", r"w-\eta g")).kind == "condition"


@pytest.mark.parametrize(
    ("left", "right", "shapes"),
    [
        (r"(h\times B)(B\times c)", r"h\times c", True),
        (r"\left(d \times n\right)\,\left(n\times 1\right)", r"(d\times 1)", True),
        (r"(n\times d)(d\times 1)", "n", True),
        # near misses: arithmetic, checked as numbers
        (r"n\times d", "nd", False),
        (r"(2\times 3)+(3\times 4)", "18", False),
        (r"(a)(b)", "ab", False),
        (r"(h\times B)", r"h\times B", False),
    ],
)
def test_shape_arithmetic(left: str, right: str, shapes: bool) -> None:
    """A product of written shapes in a dimensional check is about shapes (NL505), not numbers."""
    assert shape_arithmetic(left, right) is shapes
    role = classify(LinkFacts(op="=", left=left, right=right, section="4.C", standard=True))
    assert (role.kind == "condition") is shapes


def test_another_sample_is_not_the_vector_whole() -> None:
    from notelint.math.checking.claims import whole_and_entries

    # x^{(2)} beside \sum_i x^{(i)} names one more sample: the relation is a claim
    assert whole_and_entries("\\sum_{i=1}^{n} x^{(i)} = x^{(2)}+\\sum_{i=2}^{n} x^{(i)}") is None
    # near miss: x used whole (x^\top x) beside its samples stays excused
    assert whole_and_entries("x^\\top x = \\sum_i x^{(i)}") == "x"


@pytest.mark.parametrize("section", ["4.B", "4.C", "4.D", "4.E"])
def test_a_declared_symbol_on_the_right_of_a_claim_gets_no_value(section: str) -> None:
    r"""``\mathbb{E}[c^2] = \lambda^2`` in 4.D, with ``\lambda`` declared: an identity that can be
    false, never "gives the value of λ"; the same relation naming an undeclared symbol does."""
    declared = facts(
        "=", r"\mathbb{E}[c^2]", r"\lambda^2", section=section, declared=frozenset({r"\lambda"}), **STD
    )
    assert value_side(declared) is None
    undeclared = facts("=", r"\mathbb{E}[c^2]", r"\lambda^2", section=section, **STD)
    assert value_side(undeclared) == "right"
