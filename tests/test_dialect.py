"""Markdown math dialects: detection, the math spans each dialect reads, and NL210 per dialect.

The expected spans below were written from each dialect's documented rules and checked by
hand against the fixture text (line, column, end line, end column are 1-based; the end is
exclusive). ``fixtures/dialects/nl210-*.md`` carry their expected findings as
``<!-- expect: … -->`` comments; tests/test_rule_fixtures.py checks them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.config import Config, ConfigError, validate
from notelint.engine import lint_text
from notelint.parse import parse_note
from notelint.parse.dialect import choose, detect, dialect_names, get_dialect
from notelint.parse.note import markdown_unescape

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "dialects"
#: Span fixtures: a level below, so the fixture harness (fixtures/<area>/*.md) does not lint them
#: for every rule; test_span_fixtures_are_nl210_clean lints them for NL210.
SPAN_FIXTURES = FIXTURES / "spans"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

Span = tuple[int, int, int, int, str, str, str]


def spans(text: str, path: str = "<stdin>") -> list[Span]:
    note = parse_note(text, path)
    out = []
    for m in note.math:
        line, col = note.index.position(m.start)
        end_line, end_col = note.index.position(m.end)
        out.append((line, col, end_line, end_col, m.kind, m.delimiter, m.latex))
    return out


SPANS: dict[str, tuple[str, list[Span]]] = {
    # R Markdown: a knitr chunk (```{r setup, echo=FALSE}) is no MyST directive; the file is
    # R Markdown's (pandoc Markdown), where "$5 … $10" is no math (a closing $ is not followed by a digit), as
    # `pandoc -f markdown` reads it (two InlineMath: x, 5x). It was read as MyST, with
    # "5 per hour and the TPU costs " as math.
    "rmarkdown-chunks": (
        "rmarkdown",
        [
            (1, 71, 1, 74, "inline", "$", "x"),
            (1, 87, 1, 91, "inline", "$", "5x"),
        ],
    ),
    # A table cell: the table rule unescapes `\|` before the math rule sees the cell, so the
    # math is found under its escaped pipes (it used to be dropped); an unescaped `|` splits
    # the cell, and `$|x|$` is no math in any GFM table renderer.
    "table-escaped-pipes": (
        "commonmark",
        [
            (3, 8, 3, 43, "inline", "$", "\\|w\\|_1 = \\sum_i \\lvert w_i\\rvert"),
            (5, 10, 5, 23, "inline", "$", "p(y \\mid x)"),
        ],
    ),
    # `$$` right after a prose line, wrapping an align: one display block (it used to pair
    # with later `$$` and make the prose "math").
    "trap-dollars-after-prose": (
        "commonmark",
        [
            (2, 1, 7, 3, "display", "$$", "\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n"),
            (8, 5, 8, 8, "inline", "$", "x"),
            (10, 7, 10, 10, "inline", "$", "y"),
            (10, 15, 10, 20, "display", "$$", "z"),
        ],
    ),
    # pandoc-crossref: `$${#eq:…}` closes the display; the label is not math.
    "trap-pandoc-crossref": (
        "pandoc",
        [
            (4, 1, 6, 8, "display", "$$", "\nP(L) = P(L | X) \\times\nP(X)."),
            (8, 1, 8, 12, "display", "$$", " a = b "),
            (10, 6, 10, 9, "inline", "$", "c"),
            (10, 20, 10, 25, "display", "$$", "d"),
            (12, 1, 13, 5, "display", "$$", "P(X) = a \\times\nb."),
            (15, 6, 15, 9, "inline", "$", "e"),
            (17, 1, 17, 10, "display", "$$", "f = g"),
        ],
    ),
    # A tab-indented `$$\begin{bmatrix}` in a list item; the inline math around it stays.
    "trap-tab-list": (
        "commonmark",
        [
            (1, 14, 1, 17, "inline", "$", "A"),
            (2, 2, 5, 17, "display", "$$", "\\begin{bmatrix}\n\t1 & 0 \\\\\n\t0 & 1\n\t\\end{bmatrix}"),
            (6, 7, 6, 10, "inline", "$", "b"),
            (7, 8, 7, 11, "inline", "$", "c"),
        ],
    ),
    # kramdown: several inline `$$…$$` on a line that starts and ends with `$$`; a `$$` alone
    # in a list item is a block; `$5 and $10` is text.
    "trap-kramdown-inline-dollars": (
        "kramdown",
        [
            (5, 3, 5, 15, "inline", "$$", "vol_M(S)"),
            (5, 33, 5, 38, "inline", "$$", "S"),
            (5, 45, 5, 50, "inline", "$$", "M"),
            (6, 3, 6, 8, "display", "$$", "x"),
            (8, 1, 10, 3, "display", "$$", "\n\\begin{aligned} a &= b \\end{aligned}\n"),
            (12, 8, 12, 13, "inline", "$$", "y"),
            (12, 47, 12, 50, "inline", "$", "z"),
        ],
    ),
    # kramdown's escaped delimiters; the content is read after Markdown unescaping, offsets
    # kept (the removed backslashes become spaces): `\left\(` is `\left(`.
    "kramdown-escapes": (
        "kramdown",
        [
            (3, 9, 3, 37, "inline", "\\\\(", " \\left \\{ x \\right \\} "),
            (3, 42, 3, 68, "inline", "\\\\(", " \\left ( a \\right ) "),
            (5, 11, 5, 36, "display", "\\\\[", " \\sum_i x_i   \\\\ y "),
        ],
    ),
    # Math inside HTML: raw (no unescaping), not inside <code>.
    "html-math": (
        "mathjax",
        [
            (3, 6, 3, 15, "display", "$$", "a + b"),
            (6, 1, 6, 12, "inline", "\\\\(", " c^2 "),
            (6, 17, 6, 20, "inline", "$", "d"),
            (9, 12, 9, 21, "inline", "\\\\(", " f "),
        ],
    ),
    "github": (
        "github",
        [
            (1, 8, 1, 15, "inline", "$`", "a^2"),
            (1, 20, 1, 23, "inline", "$", "b"),
            (4, 1, 4, 6, "display", "```math", "c = d"),
            (8, 1, 8, 2, "display", "```math", "e"),
        ],
    ),
    "myst": (
        "myst",
        [
            (6, 1, 6, 12, "display", "$$", " a = b "),
            (10, 1, 10, 6, "display", "{math}", "c = d"),
            (13, 19, 13, 22, "inline", "$", "e"),
            (14, 8, 14, 19, "inline", "{math}`", "a^2"),
        ],
    ),
    # Obsidian: `$$…$$` at the end of a callout line, a `$$` line after prose, `$ 5 $` is text.
    "obsidian": (
        "obsidian",
        [
            (4, 14, 4, 35, "display", "$$", "L = \\sum_i \\ell_i"),
            (6, 1, 6, 16, "display", "$$", "\\min_w L(w)"),
            (7, 19, 7, 22, "inline", "$", "x"),
        ],
    ),
    "remark-math": (
        "remark-math",
        [
            (6, 8, 6, 15, "inline", "$", "a + b"),
            (6, 20, 6, 25, "display", "$$", "c"),
            (8, 1, 10, 3, "display", "$$", "\nd = e\n"),
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(SPANS))
def test_dialect_spans(case: str) -> None:
    dialect, expected = SPANS[case]
    text = (SPAN_FIXTURES / f"{case}.md").read_text(encoding="utf-8")
    choice = parse_note(text, f"{case}.md").dialect
    assert choice is not None and choice.dialect.name == dialect
    assert spans(text, f"{case}.md") == expected


@pytest.mark.parametrize("case", sorted(SPANS))
def test_span_offsets_point_into_the_file(case: str) -> None:
    """``latex[i]`` is the file's character at ``content_start + i`` (or a blanked prefix/escape)."""
    text = (SPAN_FIXTURES / f"{case}.md").read_text(encoding="utf-8")
    note = parse_note(text, f"{case}.md")
    for m in note.math:
        raw = note.text[m.content_start : m.content_end]
        assert len(raw) == len(m.latex)
        for got, want in zip(m.latex, raw, strict=True):
            assert got == want or got == " ", (case, m.latex, raw)


@pytest.mark.parametrize("case", sorted(SPANS))
def test_span_fixtures_are_nl210_clean(case: str) -> None:
    """Every dialect form in the span fixtures is valid math to its renderer: NL210 is silent."""
    text = (SPAN_FIXTURES / f"{case}.md").read_text(encoding="utf-8")
    assert lint_text(text, f"{case}.md", Config({"select": ["NL210"]})).diagnostics == []


def test_old_traps_stay_fixed_in_other_dialects() -> None:
    """The `$$`-after-prose trap reads the same extent in every dollar dialect."""
    text = (SPAN_FIXTURES / "trap-dollars-after-prose.md").read_text(encoding="utf-8")
    for name in ("pandoc", "kramdown", "obsidian", "remark-math", "myst", "github", "mathjax"):
        found = spans(f"<!-- notelint-dialect: {name} -->\n\n{text}")
        display = [s for s in found if "align" in s[6]]
        assert [(s[0], s[1], s[2], s[3]) for s in display] == [(4, 1, 9, 3)], name


def test_stray_bracket_needs_to_be_stray() -> None:
    """A pandoc note written in ``\\(`` throughout is not told that each one is stray."""
    many = "<!-- notelint-dialect: pandoc -->\n\n" + "\n\n".join(
        f"Term \\( x_{i} + y \\) here." for i in range(5)
    )
    assert lint_text(many, "a.md", Config({"select": ["NL210"]})).diagnostics == []
    few = (
        "<!-- notelint-dialect: pandoc -->\n\n"
        + " ".join(f"$x_{i}$" for i in range(20))
        + "\n\nA \\( n \\to \\infty \\)."
    )
    found = lint_text(few, "a.md", Config({"select": ["NL210"]})).diagnostics
    assert [(d.line, d.column) for d in found] == [(5, 3)]
    # The same text in the commonmark dialect: \( is math there.
    assert lint_text(few.split("\n", 2)[2], "a.md", Config({"select": ["NL210"]})).diagnostics == []


def test_gitbook_prose_parentheses_are_no_stray_brackets() -> None:
    """GitBook's editor writes prose parentheses escaped (``a \\(row\\) vector``): in a GitBook
    note a ``\\(`` holding math-like text is that, never a stray delimiter; in kramdown it is."""
    body = " ".join(f"$$x_{i}$$" for i in range(20)) + "\n\nThe loss \\(summed over x_i\\) falls."
    gitbook = lint_text(
        f"<!-- notelint-dialect: gitbook -->\n\n{body}", "a.md", Config({"select": ["NL210"]})
    )
    assert gitbook.diagnostics == []
    kramdown = lint_text(
        f"<!-- notelint-dialect: kramdown -->\n\n{body}", "a.md", Config({"select": ["NL210"]})
    )
    assert [(d.line, d.column) for d in kramdown.diagnostics] == [(5, 10)]


# -- markdown unescaping -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "read"),
    [
        ("\\left\\(", "\\left ("),
        ("a \\\\\\\\ b", "a   \\\\ b"),
        ("\\{x\\}", " {x }"),
        ("\\\\{x\\\\}", " \\{x \\}"),
        ("\\alpha", "\\alpha"),
        ("\\\\\\alpha", " \\\\alpha"),
        ("x_1", "x_1"),
        ("V^\\*", "V^ *"),
        # a lone spacing command is the space the author meant, not the comma the page shows
        ("0.9\\,\\big(a\\;b\\:c\\!d", "0.9\\,\\big(a\\;b\\:c\\!d"),
        ("a\\\\,b", "a \\,b"),
    ],
)
def test_markdown_unescape(source: str, read: str) -> None:
    assert markdown_unescape(source) == read
    assert len(markdown_unescape(source)) == len(source)


# -- detection and settings ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        ("---\nlayout: post\n---\n\n$$x$$\n", "kramdown"),
        ("---\nformat: html\n---\n\n$x$\n", "pandoc"),
        ("---\ntitle: a\noutput: html_document\n---\n\n$x$\n", "rmarkdown"),
        (
            "---\noutput:\n  html_document:\n    pandoc_args: [--from, markdown+tex_math_single_backslash]\n---\n",
            "rmarkdown",
        ),
        ("---\nformat: html\noutput: html_document\n---\n\n$x$\n", "pandoc"),
        # pandoc front matter and math in single-backslash brackets: read with the extension the
        # command line gave (tex_math_single_backslash); escaped brackets in prose are no signal
        ("---\nbibliography: a.bib\n---\n\nA \\(x_1\\) and \\(\\beta\\).\n", "rmarkdown"),
        ("---\nbibliography: a.bib\n---\n\nText\n\\[\nx=1\n\\]\n", "rmarkdown"),
        ("---\nbibliography: a.bib\n---\n\nEscapes \\( and \\) in prose, \\(x_1\\).\n", "pandoc"),
        ("```{r setup, echo=FALSE}\nx <- 1\n```\n", "rmarkdown"),
        ("```{r}\n#| echo: false\nx <- 1\n```\n", "pandoc"),
        ("```{python}\nx = 1\n```\n", "pandoc"),
        ("---\njupytext:\n  formats: md:myst\n---\n", "myst"),
        ("---\nslug: /a\n---\n\n$x$\n", "remark-math"),
        ("---\ntitle: a\ndraft: false\n---\n\n$x$\n", "mathjax"),
        ("---\nlayout: post\nmathjax: true\n---\n\n$x$\n", "kramdown"),
        ('+++\ntitle = "a"\n+++\n\n$x$\n', "mathjax"),
        ("$$a$$ {#eq:one}\n", "pandoc"),
        ("$$a$$ {#eq-one}\n", "pandoc"),
        ("A $`x`$ and $`y`$.\n", "github"),
        ("```math\nx\n```\n", "github"),
        ("```{math}\nx\n```\n", "myst"),
        ("See {eq}`one`.\n", "myst"),
        ("![[fig.png|300]]\n", "obsidian"),
        ("> [!note] Title\n> text\n", "obsidian"),
        ("{{< math >}}$$x$${{< /math >}}\n", "mathjax"),
        ("{% include x.html %}\n", "kramdown"),
        ('{% hint style="info" %}\nA hint.\n{% endhint %}\n', "gitbook"),
        ("![A plot](../.gitbook/assets/plot.png)\n", "gitbook"),
        # Hexo's {% codeblock %}, Jekyll's {% highlight %}: Liquid, not GitBook
        ("{% codeblock lang:python %}\nx = 1\n{% endcodeblock %}\n", "kramdown"),
        ("The word \\\\(w_t\\\\) here.\n", "mathjax"),
        # MultiMarkdown / mdBook notes: \\[ … \\] displays with $…$ inline and no \\( at all
        ("Energy:\n\n\\\\[\n\\min_x E(x).\n\\\\]\n\nwith $x$.\n", "mathjax"),
        ("Inline \\\\[ x = 1 \\\\] here.\n", "mathjax"),
        ("Plain $x$ and $$y$$.\n", "commonmark"),
        ('!!! note "Title"\n    Body with $x$.\n', "mathjax"),
        ("??? tip\n\n    Body with $x$.\n", "mathjax"),
        ("!!! Warning !!!\n\nNot an admonition.\n", "commonmark"),
        # near misses: quoted in code or a comment, GitHub alerts, a link with brackets
        ("`$$a$$ {#eq:one}` is pandoc syntax.\n", "commonmark"),
        ("<!-- change `\\\\(` to `$` -->\n$x$\n", "commonmark"),
        ("> [!NOTE]\n> GitHub alert\n", "commonmark"),
        ("[[Kingma and Welling, 2014]](https://arxiv.org)\n", "commonmark"),
        ("One $`x`$ quoted.\n", "commonmark"),
        ("Write `\\\\[` for a bracket; $x$.\n", "commonmark"),
        ("An escaped \\\\[ never closed, $x$.\n", "commonmark"),
    ],
)
def test_detect_from_content(text: str, dialect: str) -> None:
    assert detect(text).dialect.name == dialect


@pytest.mark.parametrize(
    ("front", "dialect"),
    [
        ("---\ntitle: a\nformat: html\n---\n", "pandoc"),
        # Quarto reads \( … \) as math only when told to (quarto-cli issue 12263): then it is
        # read as R Markdown's pandoc Markdown, and a stray-bracket NL210 would be false.
        ("---\ntitle: a\nfrom: markdown+tex_math_single_backslash\nformat: html\n---\n", "rmarkdown"),
        # the extension named outside the front matter is no setting
        ("---\ntitle: a\n---\n\nUse `from: markdown+tex_math_single_backslash`.\n", "pandoc"),
    ],
)
def test_quarto_file_reader_extensions(front: str, dialect: str) -> None:
    assert detect(front + "\nInline \\(\\frac{a}{b}\\).\n", "notes/ridge.qmd").dialect.name == dialect


@pytest.mark.parametrize(
    ("marker", "dialect"),
    [
        ("_config.yml", "kramdown"),
        ("_quarto.yml", "pandoc"),
        ("_bookdown.yml", "rmarkdown"),
        ("myst.yml", "myst"),
        (".obsidian/", "obsidian"),
        (".gitbook/", "gitbook"),
        (".gitbook.yaml", "gitbook"),
        ("docusaurus.config.js", "remark-math"),
        ("hugo.toml", "mathjax"),
    ],
)
def test_detect_from_repository_files(tmp_path: Path, marker: str, dialect: str) -> None:
    (tmp_path / ".git").mkdir()
    if marker.endswith("/"):
        (tmp_path / marker).mkdir()
    else:
        (tmp_path / marker).write_text("x: 1\n", encoding="utf-8")
    note = tmp_path / "docs" / "notes" / "a.md"
    note.parent.mkdir(parents=True)
    note.write_text("Plain $x$.\n", encoding="utf-8")
    choice = detect("Plain $x$.\n", str(note))
    assert choice.dialect.name == dialect
    assert marker.rstrip("/") in choice.reason


def test_repository_files_stop_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("x: 1\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    note = repo / "a.md"
    assert detect("Plain $x$.\n", str(note)).dialect.name == "commonmark"


def test_settings_precedence() -> None:
    text = "---\nlayout: post\n---\n\n$x$\n"
    assert choose(text, "a.md").dialect.name == "kramdown"
    assert choose(text, "a.md", option="pandoc").dialect.name == "pandoc"
    assert choose(text, "notes/a.md", "pandoc", {"notes/*.md": "github"}).dialect.name == "github"
    in_file = "<!-- notelint-dialect: myst -->\n" + text
    assert choose(in_file, "notes/a.md", "pandoc", {"notes/*.md": "github"}).dialect.name == "myst"
    # an unknown name in a file falls back to detection rather than stopping the run
    assert choose(text + "<!-- notelint-dialect: nope -->\n", "a.md").dialect.name == "kramdown"


def test_the_option_is_checked() -> None:
    assert validate({"markdown": {"dialect": "pandoc"}}, "pyproject.toml")["markdown.dialect"] == "pandoc"
    with pytest.raises(ConfigError, match="unknown Markdown dialect 'pandco'"):
        validate({"markdown": {"dialect": "pandco"}}, "pyproject.toml")
    with pytest.raises(ConfigError):
        validate({"markdown": {"per-file-dialect": {"*.md": "nope"}}}, "pyproject.toml")


def test_the_option_reaches_the_parser() -> None:
    text = "A price $5 and $x$ here.\n"
    kramdown = lint_text(text, "a.md", Config({"markdown.dialect": "kramdown", "select": ["NL210"]}))
    assert kramdown.note is not None and kramdown.note.dialect is not None
    assert kramdown.note.dialect.dialect.name == "kramdown"


def test_every_dialect_builds_a_parser() -> None:
    from notelint.parse.markdown import markdown_parser

    for name in dialect_names():
        assert get_dialect(name).name == name
        assert markdown_parser(name).parse("$x$ and $$y$$\n")


# -- the renderers' own counts (measured once; see docs/dialects.md) -------------------------------
#: file → (dialect, math spans the reference renderer produced, spans notelint extracts).
#: pandoc 2.17 ``-f markdown -t json`` (Math elements); remark-math 6 (inlineMath + math nodes).
RENDERER_COUNTS = {
    # pandoc: equal, and equal in order (math in figure captions included).
    "real2/FrancisBanville__ms_interpreting_probabilities__README.md": ("pandoc", 233, 233),
    "real2/HannesDiemerling__IV-Implementation__iv_in_python.md": ("pandoc", 31, 31),
    # pandoc keeps raw LaTeX environments (algorithm, itemize, table) as RawBlock; the 34
    # spans inside them are math in the paper's LaTeX build, and notelint reads them.
    "real2/pablodecm__paper-inferno__paper_paper.md": ("pandoc", 186, 220),
    # remark-math: equal at the same (line, column) for every span.
    "real2/facebookresearch__beanmachine__docs_framework_topics_mcmc_inference_newtonian_monte_carlo.md": (
        "remark-math",
        71,
        71,
    ),
    "real2/pytorch__botorch__docs_acquisition.md": ("commonmark", 45, 45),
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
@pytest.mark.parametrize("name", sorted(RENDERER_COUNTS))
def test_counts_against_the_renderers(name: str) -> None:
    dialect, _renderer, ours = RENDERER_COUNTS[name]
    path = CORPUS / name
    note = parse_note(path.read_text(encoding="utf-8"), str(path))
    assert note.dialect is not None and note.dialect.dialect.name == dialect
    assert len(note.math) == ours


def test_show_settings_names_the_dialect_and_why(tmp_path: Path) -> None:
    import io

    from notelint.cli.lint import lint_command

    note = tmp_path / "a.md"
    note.write_text("---\nlayout: post\n---\n\n$$x$$\n", encoding="utf-8")
    (tmp_path / "notelint.toml").write_text('[markdown]\nper-file-dialect = { "a.md" = "pandoc" }\n', "utf-8")
    out = io.StringIO()
    lint_command(["--show-settings", str(note)], io.StringIO(), out, io.StringIO())
    assert "Markdown dialect: pandoc (markdown.per-file-dialect 'a.md')" in out.getvalue()
    (tmp_path / "notelint.toml").write_text("", "utf-8")
    out = io.StringIO()
    lint_command(["--show-settings", str(note)], io.StringIO(), out, io.StringIO())
    assert "Markdown dialect: kramdown (detected: Jekyll front matter (layout/permalink))" in out.getvalue()


def test_per_file_dialect_globs_are_relative_to_the_config(tmp_path: Path) -> None:
    from notelint.config import ConfigResolver

    (tmp_path / "notelint.toml").write_text(
        '[markdown]\nper-file-dialect = { "posts/*.md" = "kramdown" }\n', "utf-8"
    )
    post = tmp_path / "posts" / "a.md"
    post.parent.mkdir()
    post.write_text("Plain $x$.\n", encoding="utf-8")
    other = tmp_path / "notes" / "a.md"
    other.parent.mkdir()
    other.write_text("Plain $x$.\n", encoding="utf-8")
    resolver = ConfigResolver()

    def dialect_of(path: Path) -> str:
        note = lint_text("Plain $x$.\n", str(path), resolver.for_path(str(path))).note
        assert note is not None and note.dialect is not None
        return note.dialect.dialect.name

    assert dialect_of(post) == "kramdown"
    assert dialect_of(other) == "commonmark"


def test_several_double_dollar_spans_on_one_line_in_every_dialect() -> None:
    """A line starting and ending with `$$` but holding three spans is never one display block."""
    line = "- $$vol_M(S)$$ is the volume of $$S$$ under $$M$$\n- text\n"
    for name in dialect_names():
        found = spans(f"<!-- notelint-dialect: {name} -->\n\n{line}")
        assert [(s[0], s[1], s[3], s[6]) for s in found] == [
            (3, 3, 15, "vol_M(S)"),
            (3, 33, 38, "S"),
            (3, 45, 50, "M"),
        ], name


#: file → spans per (delimiter, kind) by the dialect's documented rules, counted independently
#: with a regular expression over the file (code fences and comments cut out): kramdown's
#: /\$\$(.*?)\$\$/m pairs (a block when alone between blank lines) plus tight `$x$` for the
#: page's MathJax; GitHub's $`…`$ and ```math fences.
DOCUMENTED_COUNTS = {
    "real2/bentyeh__bentyeh.github.io___posts_2020-05-02-gene-expression-analysis.md": {
        ("$$", "inline"): 351,
        ("$$", "display"): 43,
    },
    "real2/sailinglab__pgm-spring-2019___posts_2019-01-30-lecture-05.md": {
        ("$$", "inline"): 177,
        ("$$", "display"): 63,
        ("$", "inline"): 22,
    },
    "real2/Artificial-Intelligence-HSBI-TDU__KI-Vorlesung__lecture_naivebayes_nb1-probability.md": {
        ("$`", "inline"): 115,
        ("```math", "display"): 10,
    },
    "real2/MuViSU__biplotEZ__docs_articles_Class_separation.md": {
        ("$`", "inline"): 91,
        ("```math", "display"): 35,
    },
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
@pytest.mark.parametrize("name", sorted(DOCUMENTED_COUNTS))
def test_counts_by_the_documented_rules(name: str) -> None:
    from collections import Counter

    path = CORPUS / name
    note = parse_note(path.read_text(encoding="utf-8"), str(path))
    assert dict(Counter((m.delimiter, m.kind) for m in note.math)) == DOCUMENTED_COUNTS[name]


# -- container bodies (parse/containers.py) ------------------------------------------------------
def test_unwrapped_containers_keep_every_offset() -> None:
    """The parse reads admonition and directive bodies as Markdown; the text it reads has the
    same length and differs only in blanked fence/option lines and ``>`` in indentation."""
    from notelint.parse.containers import unwrap_directives, unwrap_indented_blocks
    from notelint.parse.markdown import markdown_parser

    mkdocs = '!!! note "T"\n    Body $x$.\n\n    More $y$.\n\nAfter.\n'
    out = unwrap_indented_blocks(mkdocs)
    assert len(out) == len(mkdocs)
    assert out == '!!! note "T"\n>   Body $x$.\n\n>   More $y$.\n\nAfter.\n'
    myst = "```{note}\n:class: tip\nBody $x$.\n```\n\n```{code-cell}\n$y$\n```\n"
    text, _ = unwrap_directives(myst, markdown_parser("myst").parse)
    assert len(text) == len(myst)
    assert text == "         \n           \nBody $x$.\n   \n\n```{code-cell}\n$y$\n```\n"


def test_directives_of_extensions_that_run_code_stay_code() -> None:
    """```{runblock} pycon (sphinx-autorun), any directive whose argument names a language or
    whose body opens with a prompt: code, whose ``$`` and ``\\tag`` are text; an unknown
    directive with prose stays Markdown."""
    text = "```{runblock} pycon\n>>> s = '$a$'\n```\n\n```{exercise-run}\n>>> t = '$b$'\n```\n\n"
    text += "```{anything} python\nu = '$c$'\n```\n\n```{exercise}\nShow $d$.\n```\n"
    assert [s[6] for s in spans("<!-- notelint-dialect: myst -->\n\n" + text)] == ["d"]


def test_colon_fences_hold_markdown_unless_code_or_math() -> None:
    """``::: tip`` (no braces), ``:::{note}`` and ``::: {.callout}`` hold Markdown; ``:::{math}``
    is math; ``:::{code-block}`` is code."""
    text = "::: tip\n$a$\n:::\n\n:::{note}\n$b$\n:::\n\n::: {.callout}\n$c$\n:::\n\n:::{math}\nd\n:::\n\n"
    text += ":::{code-block} python\ns = '$e$'\n:::\n"
    assert [s[6] for s in spans("<!-- notelint-dialect: myst -->\n\n" + text)] == ["a", "b", "c", "d"]


def test_container_bodies_are_read_only_in_their_dialect() -> None:
    """An indented block after ``!!! note`` is code to GitHub: no math is read from it there
    (without the blank line it would continue the paragraph, math and all)."""
    text = "!!! note\n\n    Body $x$.\n"
    assert [s[6] for s in spans("<!-- notelint-dialect: mathjax -->\n\n" + text)] == ["x"]
    assert spans("<!-- notelint-dialect: github -->\n\n" + text) == []


def test_mdx_comments_and_esm_are_hidden_only_in_mdx() -> None:
    """``{/* … */}`` and ``import … from '…'`` are MDX syntax, hidden from the page; in other
    dialects they are text a reader sees, and its wording is the note's."""
    text = "import Tabs from '@theme/Tabs';\n\n{/* this stuff */}\n"
    config = Config({"select": ["NL401"]})
    assert lint_text("<!-- notelint-dialect: remark-math -->\n\n" + text, "a.md", config).diagnostics == []
    found = lint_text("<!-- notelint-dialect: commonmark -->\n\n" + text, "a.md", config).diagnostics
    assert [(d.line, d.column) for d in found] == [(5, 10)]
    assert detect(text).dialect.name == "remark-math"
    assert detect("Some prose.\n", "notes/a.mdx").dialect.name == "remark-math"


def test_detection_and_prose_stay_linear_on_long_lines() -> None:
    """Many openers with no closer on one long line ({{ …, \\\\( …, {% …): detection and the
    prose scan were quadratic (5 s at 64 kB, minutes at 160 kB); now they are bounded."""
    import time

    for text in ("word {{ " * 20000, "a \\\\( b " * 20000, "a {% b " * 20000):
        start = time.perf_counter()
        detect(text)
        parse_note(text, "a.md").prose  # noqa: B018
        assert time.perf_counter() - start < 20


@pytest.mark.parametrize(
    ("text", "front"),
    [
        ("+++\ntitle = 'x'\n+++\n\nBody $x$.\n", "+++\ntitle = 'x'\n+++\n"),
        ("Title: Ridge\nDate: 2021-01-01\nSummary: a long\n    summary\n\nBody $x$.\n", None),
        ("title: Ridge\ndescription: MkDocs meta\n\nBody $x$.\n", None),
    ],
)
def test_toml_and_key_value_headers_are_front_matter(text: str, front: str | None) -> None:
    note = parse_note(text)
    assert note.front_matter is not None
    header = note.text[note.front_matter.start : note.front_matter.end]
    assert header.startswith(front or text[: text.index("\n\n") + 1]) and "Body" not in header
    assert [note.text[m.start : m.end] for m in note.math] == ["$x$"]


@pytest.mark.parametrize(
    "text",
    [
        "Note: one key line alone is a first paragraph.\n\nBody.\n",  # not a metadata key
        "Title: Ridge\n\nBody.\n",  # one key line
        "Title: Ridge\nand a line that is no key line\n\nBody.\n",
        "\nTitle: Ridge\nDate: 2021-01-01\n\nBody.\n",  # not at the top
        "+++\ntitle = 'never closed'\n\nBody.\n",
    ],
)
def test_paragraphs_like_headers_stay_prose(text: str) -> None:
    assert parse_note(text).front_matter is None


def test_slidev_line_highlighting_is_not_math() -> None:
    """Slidev's ``$$ {1|3|all}`` (and ``{at:1}`` after it) steps through the display's lines:
    the spec is not part of the formula; a real error in the display is still reported, and a
    braced group that is no highlighting spec stays math."""
    text = "Block\n$$ {1|3|all} {at:2}\nx = \\frac{1}{2\n$$\n\n$$ {2}\ny\n$$\n"
    found = spans(text)
    assert found[0][6] == " " * len(" {1|3|all} {at:2}") + "\nx = \\frac{1}{2\n"
    assert found[1][6] == " {2}\ny\n"
    codes = [(d.code, d.line) for d in lint_text(text, "s.md", Config({"select": ["NL210"]})).diagnostics]
    assert codes == [("NL210", 3)]


def test_logseq_heading_block_holds_its_tab_indented_children() -> None:
    """A Logseq page whose top block is a bare ``# Title`` (maybe ``key:: value`` properties):
    its tab-indented child blocks are Markdown, not indented code, so their math is read and a
    real error in it is reported where it stands; tab-indented text that is no bullet stays code."""
    text = (
        "# Math\n\t- inline $E = mc^2$\n\t\t- $$\n\t\t  \\frac{1}{2\n\t\t  $$\n\n# Code\n\n\tx = $not math$\n"
    )
    found = spans(text)
    assert [(line, col, latex) for line, col, _el, _ec, _k, _d, latex in found] == [
        (2, 11, "E = mc^2"),
        (3, 5, "\n\t\t  \\frac{1}{2\n\t\t  "),
    ]
    found_errors = lint_text(text, "p.md", Config({"select": ["NL210"]})).diagnostics
    assert [(d.code, d.line, d.column) for d in found_errors] == [("NL210", 4, 13)]
