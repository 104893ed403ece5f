"""``notelint report``: the HTML audit report, unit by unit and in a real headless browser."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from notelint.cli import main
from notelint.report import mathml

DEMO = r"""# Demo note

## 2) Notation & Objects

- $X\in\mathbb{R}^{n\times d}$: design matrix.
- $w\in\mathbb{R}^{d}$: weights.
- $x\in\mathbb{R}$: a real number.

## 4) Derivation Protocol

### 4.B Step-by-Step Derivation

The square expands as

$$
\begin{aligned}
(x+1)^2 &= x^2 + 2x + 1 \\
&= (x+1)(x+1)
\end{aligned}
\tag{1}
$$

and a wrong expansion is

$$
(x-1)^2 = x^2 - 2x + 1 = x^2 + 1 \tag{2}
$$

and a relation between values of a function the note never defines is

$$
\Gamma(x+1) = x\,\Gamma(x) \tag{3}
$$

The predictions are $Xw$ and the loss basically goes down.

Broken LaTeX: $\frac{1}{$ and $\badmacro{x}$.

<script>document.title = "pwned"</script>

Inline <img src="x" onerror="document.title='pwned'"> and ![remote](https://example.com/a.png).
"""


SLOW_MACHINE_CONFIG = "[math]\ntimeout = 60.0\n"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    from notelint.report.command import main as report_main

    code = report_main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


# the module fixture below is built once, on one worker (pytest-xdist: see pyproject's addopts)
pytestmark = pytest.mark.xdist_group("report")


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One report over the demo note and a second note of the same name in another folder."""
    root = tmp_path_factory.mktemp("notes")
    (root / "a").mkdir()
    (root / "b").mkdir()
    (root / "a" / "demo.md").write_text(DEMO, encoding="utf-8")
    (root / "b" / "demo.md").write_text("# Plain\n\nNo math here, only prose.\n", encoding="utf-8")
    # verdicts must not turn "unknown" on a loaded machine: a generous CAS time limit
    (root / "notelint.toml").write_text(SLOW_MACHINE_CONFIG, encoding="utf-8")
    out = root / "report"
    code, stdout, stderr = run([str(root / "a"), str(root / "b"), "--output", str(out), "--no-cache"])
    assert code == 0, stderr
    assert "2 notes" in stdout
    return out


def demo_page(report_dir: Path) -> str:
    pages = [p for p in report_dir.glob("*.html") if p.name != "index.html"]
    return next(p for p in pages if "Demo note" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8")


# -- LaTeX → MathML ------------------------------------------------------------------------------
def markup(html: str) -> str:
    """MathML without its alttext (the LaTeX source, escaped, kept for screen readers)."""
    return re.sub(r' alttext="[^"<>]*"', "", html)


def test_mathml_renders_valid_latex_and_keeps_the_tag() -> None:
    r = mathml.render(r"\nabla_w J(w) = X^\top (Xw - y) \tag{2}\label{eq:grad}", display=True)
    assert r.ok and r.tag == "2"
    assert r.html.startswith('<math alttext="\\nabla_w J(w) = X^\\top (Xw - y) \\tag{2}\\label{eq:grad}"')
    assert markup(r.html).startswith('<math display="block">') and "<msup>" in r.html
    assert "label" not in markup(r.html) and "eq:grad" not in markup(r.html)


def test_mathml_aligned_becomes_a_table_not_literal_ampersands() -> None:
    r = mathml.render(r"\begin{aligned} a &= b \\ &= c \end{aligned}", display=True)
    assert r.ok and "<mtable" in r.html and "&amp;" not in markup(r.html)
    bare = mathml.render(r"a &= b \\ &= c", display=True)  # no environment, as MathJax allows
    assert bare.ok and "<mtable" in bare.html


@pytest.mark.parametrize(
    ("latex", "reason"),
    [
        (r"\frac{1}{", "not valid LaTeX"),
        (r"\badmacro{x} + 1", r"\badmacro is not supported"),
        ("x" * (mathml.MAX_LATEX + 1), "too long"),
        ("{" * 3000 + "x" + "}" * 3000, ""),
    ],
)
def test_mathml_bad_latex_degrades_to_escaped_source(latex: str, reason: str) -> None:
    r = mathml.render(latex, display=False)
    if latex.startswith("{"):
        return  # deep nesting: rendered or shown as source, but never an exception
    assert not r.ok and reason in r.reason
    assert r.html.startswith('<code class="tex-source">')


def test_mathml_output_is_whitelisted_and_escaped() -> None:
    for latex in [r"\text{<script>alert(1)</script>}", r"\href{javascript:alert(1)}{x}", "<b onclick=x>"]:
        r = mathml.render(latex, display=False)
        html = markup(r.html)
        assert "<script" not in html and "href" not in html and "onclick=" not in html.replace("&", "")
        assert not re.search(r"<(?!/?(math|mrow|mi|mn|mo|mtext|mspace|code)\b)", html), html


# -- the note page -------------------------------------------------------------------------------
def test_page_is_self_contained_and_escapes_note_html(report_dir: Path) -> None:
    page = demo_page(report_dir)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;document.title" in page
    assert "onerror=&quot;" in page  # the inline <img> is shown as text
    assert 'href="https://example.com/a.png"' in page  # the image is a link, never fetched
    assert "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//[^"']*\.(?:css|js|woff2?)""", page)


def test_page_has_verdict_badges_with_the_counterexample(report_dir: Path) -> None:
    page = demo_page(report_dir)
    badges = re.findall(r'<span class="badge badge-(\w+)" title="([^"]*)">', page)
    by_title = {title: css for css, title in badges}
    assert by_title.get("NL501 verified: (x+1)^2 = x^2 + 2x + 1") == "ok"
    assert by_title.get("NL501 step follows: x^2 + 2x + 1 = (x+1)(x+1)") == "ok"
    refuted = [t for t, css in by_title.items() if css == "bad"]
    assert len(refuted) == 1
    assert refuted[0].startswith("NL501 refuted: x^2 - 2x + 1 = x^2 + 1 — at x=")
    assert "the left side is" in refuted[0]
    # the equation's first link holds: it is not refuted with its neighbour
    assert by_title.get("NL501 verified: (x-1)^2 = x^2 - 2x + 1") == "ok"


def test_page_has_an_unknown_badge_with_the_reason(report_dir: Path) -> None:
    """Γ is never defined: the checker cannot decide the relation and says why, on the page."""
    page = demo_page(report_dir)
    reason = (
        "depends on what $Γ(x)$, $Γ(x+1)$ are: the note does not define them, "
        "and the relation does not hold for every value of them"
    )
    relation = r"\Gamma(x+1) = x\,\Gamma(x)"
    badges = re.findall(r'<span class="badge badge-(\w+)" title="([^"]*)">([^<]*)</span>', page)
    assert [
        (css, shown) for css, title, shown in badges if title == f"NL501 unknown: {relation} — {reason}"
    ] == [("unknown", f"? unknown: {reason}")]
    assert [title for css, title, _ in badges if css == "unknown"] == [
        f"NL501 unknown: {relation} — {reason}"
    ]


def test_page_shows_inferred_shapes_on_hover(report_dir: Path) -> None:
    page = demo_page(report_dir)
    assert 'title="shapes: Xw : vector of size n; X declared n×d matrix; w declared vector of size d"' in page


def test_page_bad_latex_is_escaped_source(report_dir: Path) -> None:
    page = demo_page(report_dir)
    assert '<code class="tex-source">\\frac{1}{</code>' in page
    assert '<code class="tex-source">\\badmacro{x}</code>' in page


def test_page_findings_sit_after_the_block_of_their_line(report_dir: Path) -> None:
    page = demo_page(report_dir)
    sentence = page.index("The predictions are")
    finding = page.index("[informal-phrase]")
    next_block = page.index("Broken LaTeX")
    assert sentence < finding < next_block
    assert re.search(r'<span class="pos">\d+:\d+</span> <span class="sev">warning</span>', page)
    line = DEMO.splitlines().index(next(s for s in DEMO.splitlines() if "basically" in s)) + 1
    column = DEMO.splitlines()[line - 1].index("basically") + 1
    assert f'<span class="pos">{line}:{column}</span>' in page


def test_page_glossary_table(report_dir: Path) -> None:
    page = demo_page(report_dir)
    table = page[page.index('<table class="glossary">') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr>") == 4  # header + X, w, x
    assert "n×d matrix" in table and "vector of size d" in table and "design matrix." in table


def test_index_lists_every_note_with_findings_and_coverage(report_dir: Path) -> None:
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in report_dir.glob("*.html") if p.name != "index.html")
    assert len(pages) == 2 and len(set(pages)) == 2  # two demo.md in different folders
    for name in pages:
        assert f'href="{name}"' in index
    row = next(r for r in index.split("<tr>") if "a/demo.md" in r or "a__demo" in r)
    cells = re.findall(r'<td class="num">(\d+)</td>', row)
    assert cells[:3] == ["3", "1", "1"]  # verified, refuted, unknown
    assert "NL402×1" in row
    assert "no math" in next(r for r in index.split("<tr>") if "b/demo.md" in r)


# -- command line --------------------------------------------------------------------------------
def test_report_bad_arguments_exit_2_with_a_message(tmp_path: Path) -> None:
    code, _, err = run([])
    assert code == 2 and "notelint report: error:" in err
    code, _, err = run(["-"])
    assert code == 2 and "not stdin" in err
    code, _, err = run([str(tmp_path / "missing.md"), "-o", str(tmp_path / "r")])
    assert code == 2 and "no such file or directory" in err
    note = tmp_path / "n.md"
    note.write_text("# x\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run([str(note), "-o", str(blocker)])
    assert code == 2 and "not a folder" in err
    code, _, err = run([str(note), "--config", str(tmp_path / "nope.toml")])
    assert code == 2 and "no such configuration file" in err


def test_report_subcommand_through_the_main_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "n.md"
    note.write_text("# Title\n\nSome text with $a+b$.\n", encoding="utf-8")
    assert main(["report", str(note), "-o", str(tmp_path / "r"), "--isolated", "--no-cache"]) == 0
    assert (tmp_path / "r" / "index.html").is_file()
    assert main(["report", str(note), "--bogus"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_report_never_crashes_on_hostile_notes(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "nul.md").write_bytes(b"# a\x00b\n")
    (notes / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (notes / "deep.md").write_text("$$" + r"\frac{" * 40 + "$$\n\n$" + "{" * 500 + "$\n", encoding="utf-8")
    (notes / "html.md").write_text(
        '<div onclick="x()">\n\n$<svg onload=alert(1)>$\n\n</div>\n\n```{math}\n:label: e\nx = 1\n```\n'
        "\n[click](javascript:alert(1)) and <a href='javascript:alert(2)'>here</a>\n",
        encoding="utf-8",
    )
    code, _, err = run([str(notes), "-o", str(tmp_path / "r"), "--isolated", "--no-cache"])
    assert code == 0, err
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert index.count("not read (see its findings)") == 2  # the NUL and Latin-1 files
    latin1 = next(p for p in (tmp_path / "r").glob("*latin1*")).read_text(encoding="utf-8")
    assert "NL002" in latin1 and "not valid UTF-8" in latin1
    for page in (tmp_path / "r").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<svg" not in text and "<script" not in text and 'onclick="' not in text
        assert 'href="javascript' not in text and "href='javascript" not in text


# -- in a real browser ----------------------------------------------------------------------------
def test_report_in_headless_chromium(report_dir: Path, tmp_path: Path) -> None:
    from cdp_client import Browser, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("no chromium installed (apt-get install chromium; .ci/run installs it)")
    with Browser(executable) as browser:
        for page in sorted(report_dir.glob("*.html")):
            load = browser.load(page.as_uri())
            assert load.console_errors == [], f"{page.name}: {load.console_errors}"
            assert load.requests == [page.as_uri()], f"{page.name} made requests: {load.requests}"
            assert browser.evaluate("document.scripts.length") == 0
            assert browser.evaluate("document.title") != "pwned"
            sizes = browser.evaluate(
                "Array.from(document.querySelectorAll('math')).map(m => {"
                "const r = m.getBoundingClientRect(); return [r.width, r.height]; })"
            )
            if "Demo note" in page.read_text(encoding="utf-8"):
                assert len(sizes) >= 10
                assert browser.evaluate("document.querySelectorAll('.badge.badge-bad').length") == 1
                # MathML is laid out by the browser (a <math> it did not know would be an
                # inline box of text height, not a fraction taller than a line)
                heights = browser.evaluate(
                    "Array.from(document.querySelectorAll('.equation math')).map(m => "
                    "m.getBoundingClientRect().height)"
                )
                assert max(heights) > 30
                # NOTELINT_SCREENSHOTS=DIR keeps the screenshot (e.g. as a CI artifact)
                shot = Path(os.environ.get("NOTELINT_SCREENSHOTS") or tmp_path) / "report-demo.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                browser.screenshot(str(shot))
                data = shot.read_bytes()
                assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
            assert all(w > 0 and h > 0 for w, h in sizes), f"{page.name}: zero-size math {sizes}"


# -- macros the note defines ---------------------------------------------------------------------
def test_macros_a_note_defines_are_expanded() -> None:
    from notelint.report.macros import collect, expand

    block = (
        r"\newcommand{\bx}{\mathbf{x}} \newcommand\norm[1]{\left\| #1 \right\|}"
        r" \DeclareMathOperator*{\argmin}{arg\,min} \def\E{\mathbb{E}}"
    )
    macros = collect([block, r"x = 1"])
    assert set(macros) == {"bx", "norm", "argmin", "E"}
    assert expand(r"\argmin_{\bx} \norm{\bx - y}^2 + \E[\bx]", macros) == (
        r"\mathrm{arg\,min}_{\mathbf{x}} \left\| \mathbf{x} - y \right\|^2 + \mathbb{E}[\mathbf{x}]"
    )
    assert expand(r"\bxy", macros) == r"\bxy"  # another name, not \bx followed by y
    r = mathml.render(r"\norm{\bx}", display=False, macros=macros)
    assert r.ok and "𝐱" in r.html and "‖" in r.html
    defs = mathml.render(block, display=True)
    assert defs.ok and defs.html.startswith('<details class="macros">') and "<math" not in defs.html
    # near miss: without the note's definitions the same math is shown as source
    assert not mathml.render(r"\norm{\bx}", display=False).ok


def test_recursive_macros_stop_and_degrade_to_source() -> None:
    from notelint.report.macros import collect, expand

    macros = collect([r"\newcommand{\a}{\a\a\a\a\a\a\a\a\a\a} \newcommand{\b}{x}"])
    expanded = expand(r"\a + \b", macros)
    assert len(expanded) < 200_000
    r = mathml.render(r"\a + \b", display=False, macros=macros)
    assert not r.ok and r.html.startswith('<code class="tex-source">')


def test_thin_space_after_a_function_name_but_not_before_a_delimiter() -> None:
    assert "<mi>log</mi><mspace" in mathml.render(r"\log p(x)", display=False).html
    assert "<mi>log</mi><mo" in mathml.render(r"\log(x)", display=False).html
    assert '<mi>exp</mi><mspace width="negativethinmathspace">' in mathml.render(
        r"\exp\!\left(-x\right)", display=False
    ).html.replace("</mspace>", "")


def test_verdicts_stay_on_their_equation_after_math_in_image_alt_text(tmp_path: Path) -> None:
    alt = " ".join(f"${chr(97 + i)}$" for i in range(12))
    note = tmp_path / "alt.md"
    note.write_text(
        f"# Figures\n\n![{alt}](plot.png)\n\n$$\n(x-1)^2 = x^2 - 2x + 1 = x^2 + 1\n$$\n", encoding="utf-8"
    )
    (tmp_path / "notelint.toml").write_text(SLOW_MACHINE_CONFIG, encoding="utf-8")
    code, _, err = run([str(note), "-o", str(tmp_path / "r"), "--no-cache"])
    assert code == 0, err
    page = next(p for p in (tmp_path / "r").glob("*.html") if p.name != "index.html").read_text("utf-8")
    equation = page[page.index('<div class="equation') :]
    assert '<span class="badge badge-bad"' in equation
    assert "[image: $a$ $b$" in page
