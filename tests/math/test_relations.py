"""Splitting math into relation chains and links, with exact offsets."""

from __future__ import annotations

from notelint.math.reading.relations import links, split_relations


def sides(latex: str) -> list[tuple[str, str, str]]:
    return [(link.left.text, link.symbol, link.right.text) for link in links(latex)]


def test_chain_links_and_offsets() -> None:
    latex = r"\det(A)=\prod_i\lambda_i = 1\cdot 2\cdot 4 = 8"
    got = links(latex)
    assert [(l.left.text, l.right.text) for l in got] == [
        (r"\det(A)", r"\prod_i\lambda_i"),
        (r"\prod_i\lambda_i", r"1\cdot 2\cdot 4"),
        (r"1\cdot 2\cdot 4", "8"),
    ]
    last = got[-1]
    assert latex[last.left.start : last.left.end] == r"1\cdot 2\cdot 4"
    assert latex[last.op_start : last.op_end] == "="
    assert latex[last.right.start : last.right.end] == "8"
    assert [l.index for l in got] == [0, 1, 2] and all(l.chain_len == 3 for l in got)


def test_relation_symbols_inside_groups_do_not_split() -> None:
    assert sides(r"\sum_{i=1}^{4} i^2 = 30") == [(r"\sum_{i=1}^{4} i^2", "=", "30")]
    assert sides(r"\mathbb{1}[0.7>0.5] = 1") == [(r"\mathbb{1}[0.7>0.5]", "=", "1")]


def test_all_relation_kinds() -> None:
    got = sides(r"a \approx b \le c \ge d < e > f \ne g \leq h \geq i \neq j")
    assert [s for _, s, _ in got] == ["\\approx", "\\le", "\\ge", "<", ">", "\\ne", "\\leq", "\\geq", "\\neq"]
    assert [l.op for l in links(r"a \approx b \le c")] == ["approx", "<="]


def test_quad_text_and_commas_separate_statements() -> None:
    got = sides(r"\kappa = \frac{4}{1} = 4 \quad\text{(condition number)}, \quad x \le 2 \text{ and } y = 3.")
    assert got == [
        (r"\kappa", "=", r"\frac{4}{1}"),
        (r"\frac{4}{1}", "=", "4"),
        ("x", "\\le", "2"),
        ("y", "=", "3"),
    ]


def test_text_naming_a_function_is_part_of_the_expression() -> None:
    assert sides(r"\textrm{Var}[X] = E[X^2]") == [(r"\textrm{Var}[X]", "=", "E[X^2]")]


def test_tuples_keep_their_commas() -> None:
    assert sides(r"(1,1) - 0.1(2,8) = (0.8, 0.2)") == [("(1,1) - 0.1(2,8)", "=", "(0.8, 0.2)")]


def test_align_continues_the_previous_left_side() -> None:
    latex = "\\begin{align}\n(a+b)^2 &= (a+b)(a+b) \\\\\n&= a^2 + 2ab + b^2 \\tag{1}\n\\end{align}"
    got = links(latex)
    assert [(l.left.text, l.right.text, l.continued) for l in got] == [
        ("(a+b)^2", "(a+b)(a+b)", False),
        ("(a+b)(a+b)", "a^2 + 2ab + b^2", True),
    ]
    second = got[1]
    assert latex[second.op_start : second.op_end] == "="
    assert latex.count("\n", 0, second.op_start) == 2  # the finding points at the second line


def test_display_wrapping_an_aligned_environment() -> None:
    latex = "\\begin{aligned} x &= 1 + 1 \\\\ &= 2 \\end{aligned}"
    assert sides(latex) == [("x", "=", "1 + 1"), ("1 + 1", "=", "2")]


def test_expression_continued_on_the_next_line() -> None:
    latex = "\\begin{aligned} (x+1)^3 &= x^3 + 3x^2 \\\\ &\\quad + 3x + 1 \\end{aligned}"
    got = links(latex)
    assert len(got) == 1 and got[0].right.text == "x^3 + 3x^2 + 3x + 1"


def test_definitions_and_other_relations() -> None:
    assert [l.op for l in links(r"J(w) := \frac12 w^2, \quad x \in \mathbb{R}^d, \quad p \propto q")] == [
        ":=",
        "other",
        "other",
    ]


def test_cases_and_pmatrix_rows_are_not_relations() -> None:
    assert split_relations(r"\begin{cases} 1 & x = 0 \\ 0 & x \ne 0 \end{cases}") == []
    assert sides(r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} = M") == [
        (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", "=", "M")
    ]


def test_a_boxed_result_is_split_like_any_relation() -> None:
    from notelint.math.reading.relations import split_relations

    latex = r"\boxed{\hat w=(X^\top X)^{-1}X^\top y} \tag{9}"
    (chain,) = split_relations(latex)
    (link,) = chain.links
    assert (link.left.text.strip(), link.op, link.right.text.strip()) == (
        r"\hat w",
        "=",
        r"(X^\top X)^{-1}X^\top y",
    )
    assert latex[link.right.start : link.right.end].strip() == r"(X^\top X)^{-1}X^\top y"


def test_relations_are_the_one_vocabulary() -> None:
    """relations.py and the math model read data/latex.toml: `\\doteq` defines (as in the
    model), `\\lt` is checked, and `\\cap` is an operator, not a relation: `A \\cap B = \\emptyset`
    is one equation, not the claim `B = \\emptyset`."""
    assert sides(r"A \cap B = \emptyset") == [(r"A \cap B", "=", r"\emptyset")]
    assert [l.op for l in links(r"f \doteq g, \quad a \lt b, \quad p \asymp q")] == [":=", "<", "other"]


def test_links_come_from_the_parsed_tree() -> None:
    # an unbraced argument is what follows the macro: pylatexenc reads \r as a text accent
    assert sides(r"\l a + b \r = c") == [(r"\l a + b \r", "=", "c")]
    # a % comment is not mathematics
    assert sides("J(w) = w^2 % a comment = with a relation\n") == [("J(w)", "=", "w^2")]
    # \textcolor colours math; \text is text and ends a statement
    assert sides(r"\textcolor{blue}{\delta} = 0.5") == [(r"\textcolor{blue}{\delta}", "=", "0.5")]
    assert sides(r"a = 1 \text{ and } b = 2") == [("a", "=", "1"), ("b", "=", "2")]
    # a macro definition is not a relation, whatever its body holds
    assert sides(r"\newcommand{\embed}{\stackrel{\phi}{\Rightarrow}} x = 1") == [("x", "=", "1")]
    # a `$` switching math mode inside math: the delimiters went wrong, nothing is a formula
    assert sides("a = b$. Then key = random.key(seed)") == []


def test_a_near_miss_next_to_each_reading_still_splits() -> None:
    """The twins: a braced accent, a relation after a comment line, text that names a function."""
    assert sides(r"\hat{w} = w") == [(r"\hat{w}", "=", "w")]
    assert sides("% note\nx = 2") == [("x", "=", "2")]
    assert sides(r"\text{Var}(X) = 1") == [(r"\text{Var}(X)", "=", "1")]


def test_the_verifier_reads_the_models_chains() -> None:
    """One splitting: relations.py is a view of the math model's chains (issue 15)."""
    from notelint.math.reading.model import MATH_MODEL
    from notelint.math.reading.relations import chains_of
    from notelint.note import MathSpan

    latex = r"\hat A_t>0\ \Longrightarrow\ \ell_t(\theta)=\hat A_t\,\min\big(r_t(\theta),1+\epsilon\big)"
    span = MathSpan(0, len(latex), 0, latex, "display", "$$")
    model_links = [(l.relation.start, l.left.start, l.right.end) for l in span.facet(MATH_MODEL).links]
    view_links = [(l.op_start, l.left.start, l.right.end) for c in chains_of(span) for l in c.links]
    assert model_links == view_links
    # an implication joins two statements: the `=` after it is the first link of its own chain
    assert sides(latex) == [
        (r"\hat A_t", ">", "0"),
        (r"\ell_t(\theta)", "=", r"\hat A_t\,\min\big(r_t(\theta),1+\epsilon\big)"),
    ]


def test_sides_keep_their_sizing_and_drop_spacing() -> None:
    # `\big(` belongs to the side; `\ ` around a relation does not
    assert sides(r"z=\big(\tfrac12,-\tfrac12\big)^\top,\qquad a\ \ge\ b") == [
        ("z", "=", r"\big(\tfrac12,-\tfrac12\big)^\top"),
        ("a", "\\ge", "b"),
    ]
    # a superscript \perp is a decoration, not a relation
    assert sides(r"\mathbf{1}_m^\perp = V") == [(r"\mathbf{1}_m^\perp", "=", "V")]
    # two characters written for one relation
    assert [l.op for l in links("a <= b")] == ["<="]


def test_commas_end_a_statement_only_after_a_relation() -> None:
    # a list before the relation is its left side; after a relation a comma ends the statement
    assert sides(r"a, b \in \mathbb{R}^{d}") == [("a, b", "\\in", r"\mathbb{R}^{d}")]
    assert sides(r"\mu = 5, \sigma^2 = 9") == [(r"\mu", "=", "5"), (r"\sigma^2", "=", "9")]


def test_a_case_label_scopes_its_row() -> None:
    latex = (
        "\\begin{align}\nu>0: &\\quad 0=u-z+\\tau\\ \\Rightarrow\\ u=z-\\tau \\\\\n"
        "u<0: &\\quad u=z+\\tau\n\\end{align}"
    )
    got = [(c.case, c.is_case, c.links[0].left.text, c.links[0].right.text) for c in split_relations(latex)]
    assert got == [
        ("u>0", True, "u", "0"),
        ("u>0", False, "0", r"u-z+\tau"),
        ("u>0", False, "u", r"z-\tau"),
        ("u<0", True, "u", "0"),
        ("u<0", False, "u", r"z+\tau"),
    ]
    # a colon that ends the only chain labels nothing (`f: A \to B` is not a case)
    assert all(c.case is None for c in split_relations(r"f: \mathbb{R}\to\mathbb{R}"))
