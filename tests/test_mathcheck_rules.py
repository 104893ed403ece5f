"""NL501–NL504 through the engine and the CLI: positions, messages, coverage, selection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notelint.config import Config
from notelint.engine import lint_text

NOTE = """# Derivation

$$
\\begin{aligned}
(a+b)^2 &= (a+b)(a+b) \\\\
&= a^2 + b^2
\\end{aligned}
$$

Numbers: $2^{10} = 1024$ and $0.9^{10} \\approx 0.39$; a bound $2\\exp(-0.2) \\le 0.05$.

$$\\mathbb{E}[X^2] = \\mathbb{E}[X]^2$$
"""


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the verdict cache lives under the cwd


def lines(select: list[str], text: str = NOTE) -> list[str]:
    result = lint_text(text, "note.md", Config({"select": select}))
    return [f"{d.line}:{d.column}: {d.code} {d.message}" for d in result.diagnostics]


def test_each_rule_reports_its_relations_at_the_exact_position() -> None:
    assert lines(["NL501"]) == [
        "6:2: NL501 false equality: at a=0.5, b=0.6 the left side is 1.21 and the right side 0.61"
    ]
    assert lines(["NL502"]) == [
        "10:31: NL502 inexact approximation: the left side is 0.3486784401, which neither rounds nor "
        "truncates to 0.39"
    ]
    assert lines(["NL503"]) == [
        "10:64: NL503 false inequality: the left side is 1.63746 and the right side 0.05, so ≤ does not hold"
    ]
    assert lines(["NL504"]) == [
        "12:3: NL504 could not check this relation: no random symbol with a stated law inside the "
        "expectation (what does it average over?)"
    ]


def test_the_finding_spans_the_relation() -> None:
    result = lint_text(NOTE, "note.md", Config({"select": ["NL501"]}))
    (d,) = result.diagnostics
    assert NOTE[d.start : d.end] == "= a^2 + b^2"


def test_coverage_statistics_per_note() -> None:
    result = lint_text(NOTE, "note.md", Config({"select": ["NL5"]}))
    assert result.stats["notelint.math"] == {"verified": 2, "refuted": 3, "unknown": 1}
    d = next(d for d in result.diagnostics if d.code == "NL501")
    assert d.data == {"verdict": "refuted", "relation": "=", "verified": 2, "refuted": 3, "unknown": 1}


def test_nl504_is_off_by_default_and_the_others_on() -> None:
    from notelint.plugins import all_rules

    rules = {r.code: r for r in all_rules()}
    assert not rules["NL504"].default_enabled
    assert all(rules[c].default_enabled for c in ("NL501", "NL502", "NL503"))
    codes = {line.split()[1] for line in lines(["NL5"])}
    assert codes == {"NL501", "NL502", "NL503", "NL504"}


def test_notes_without_math_do_no_cas_work() -> None:
    from notelint.math.checking import pool

    before = pool.calls
    assert lines(["NL5"], "# Prose only\n\nNothing to check here, $x \\in \\mathbb{R}$.\n") == []
    assert pool.calls == before


def test_cli_json_reports_the_verdicts(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    out = run_cli("--select", "NL501,NL502,NL503", "--output-format", "json", "note.md")
    items = json.loads(out.stdout)
    assert [(i["line"], i["code"]) for i in items] == [(6, "NL501"), (10, "NL502"), (10, "NL503")]
    assert items[0]["data"]["verdict"] == "refuted"
    assert out.returncode == 1


@pytest.mark.parametrize("code", ["NL501", "NL502", "NL503", "NL504"])
def test_doc_examples_bad_fires_good_is_silent(code: str) -> None:
    import re

    from notelint.plugins import all_rules

    rule = next(r for r in all_rules() if r.code == code)
    bad, good = re.findall(r"```markdown\n(.*?)```", rule.doc.split("## Example", 1)[1], re.DOTALL)[:2]
    assert [line.split()[1] for line in lines([code], bad)] == [code]
    assert lines([code], good) == []


def test_clean_example_notes_have_no_false_alarm_and_verify_their_checkable_links() -> None:
    root = Path(__file__).resolve().parent.parent / "examples"
    note = (root / "ridge-regression.md").read_text(encoding="utf-8")
    result = lint_text(note, "ridge-regression.md", Config({"select": ["NL501", "NL502", "NL503"]}))
    assert result.diagnostics == []
    assert result.stats["notelint.math"]["verified"] >= 4
    assert result.stats["notelint.math"]["refuted"] == 0


def test_domain_statements_and_assumptions_are_conditions_not_unknowns(tmp_path) -> None:
    # "$\lambda > 0$" states a condition: it is neither checked nor counted as unknown (NL504).
    from notelint.config import Config
    from notelint.engine import lint_text

    text = (
        "## 2) Notation & Objects\n- $\\lambda \\in \\mathbb{R}$, $\\lambda > 0$: penalty.\n\n"
        "## 3) Assumptions\n- $n \\ge 2$ and $0 \\le p \\le 1$.\n\n"
        "## 4) Derivation Protocol\nFor $\\lambda > 0$ we have $2 + 2 = 4$.\n"
    )
    config = Config({"select": ["NL5"], "math.cache": False})
    result = lint_text(text, "n.md", config)
    assert [d.code for d in result.diagnostics] == []
    assert result.stats["notelint.math"] == {"verified": 1, "refuted": 0, "unknown": 0}


def test_verdict_cache_lives_beside_the_config_file(tmp_path, monkeypatch) -> None:
    # The language server may start anywhere: the cache follows the project, not the cwd.
    from notelint.config import Config
    from notelint.engine import lint_text

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("NOTELINT_NO_CACHE", raising=False)
    config = Config({"select": ["NL5"]}, root=tmp_path / "project")
    lint_text("We have $2 + 3 = 5$.\n", str(tmp_path / "project" / "a.md"), config)
    assert list((tmp_path / "project" / ".notelint_cache" / "math").rglob("*.json"))
    assert not (elsewhere / ".notelint_cache").exists()


DENSITY_NOTE = """# Gaussian log-density

## 2. Notation and Objects (Complete Glossary)

- $x, \\xi \\in \\mathbb{R}$: an observation.
- $m, \\mu \\in \\mathbb{R}$: a mean.
- $v, \\sigma^2 > 0$: a variance.

## 4. Derivation Protocol (Line-by-Line)

### 4.A Definitions (VERBATIM/RECONSTRUCTED)

$$
\\mathcal{N}(x;\\mu,\\sigma^2)=\\frac{1}{\\sqrt{2\\pi\\sigma^2}}\\exp\\!\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right) \\tag{1}
$$

### 4.D Identities Used (with References)

- (I1) $\\log\\mathcal{N}(\\xi;m,v)=-\\tfrac12\\log(2\\pi v)-\\frac{(\\xi-m)^2}{2v}$ (Gaussian log-density).
"""


def test_a_defined_density_the_cas_knows_does_not_excuse_a_wrong_identity() -> None:
    # the note's 𝒩 is the CAS's own density: a right identity in it is verified, a wrong
    # constant refuted (it was excused as "𝒩 defined at line 14, not substituted")
    assert lines(["NL5"], DENSITY_NOTE) == []
    wrong = DENSITY_NOTE.replace("\\log(2\\pi v)", "\\log(\\pi v)")
    assert [line.split(" false")[0] for line in lines(["NL5"], wrong)] == ["19:9: NL501"]
    # a note whose own 𝒩 differs from the CAS's: the identity true by the note's definition
    # is not refuted with the CAS's density; it stays unknown, naming the definition
    own = wrong.replace("\\sqrt{2\\pi\\sigma^2}", "\\sqrt{\\pi\\sigma^2}")
    assert lines(["NL5"], own) == [
        "19:9: NL504 could not check this relation: fails for arbitrary values of $\\mathcal{N}$ "
        "(defined at line 14), a definition not substituted here"
    ]


GLOSSARY_FUNCTION_NOTE = """# Gaussian density

## 2. Notation and Objects (Complete Glossary)

- $x\\in\\mathbb{R}$: an input; $\\varphi:\\mathbb{R}\\to(0,\\infty)$: standard normal density, $\\varphi(x)=e^{-x^2/2}/\\sqrt{2\\pi}$.

## 4. Derivation Protocol (Line-by-Line)

### 4.B Step-by-Step Derivation (Numbered)

**Step 1** (RECONSTRUCTED) — the second derivative. {Rule: product rule}

$$
\\varphi''(x) = -\\varphi(x)+x^2\\varphi(x) = \\varphi(x)\\,(x^2-1) \\tag{1}
$$

### 4.D Identities Used (with References)

- (I1) $\\varphi'(x)=-x\\,\\varphi(x)$ (derivative of the Gaussian density).
"""


def test_a_function_the_glossary_defines_by_a_formula_is_used() -> None:
    # φ defined in section 2: the identity and the step are checked with it (they were unknown,
    # "depends on what φ(x) is", and a wrong factor went unreported)
    assert lines(["NL501"], GLOSSARY_FUNCTION_NOTE) == []
    wrong = GLOSSARY_FUNCTION_NOTE.replace("(x^2-1)", "(x^2+1)")
    assert [x.split(" false")[0] for x in lines(["NL501"], wrong)] == ["14:16: NL501"]
    wrong = GLOSSARY_FUNCTION_NOTE.replace("=-x\\,\\varphi(x)", "=x\\,\\varphi(x)")
    assert [x.split(" false")[0] for x in lines(["NL501"], wrong)] == ["19:9: NL501"]
    # restated in 4.A in another spelling, the note's own definition there is the one used
    restated = GLOSSARY_FUNCTION_NOTE.replace(
        "### 4.B",
        "### 4.A Definitions (VERBATIM/RECONSTRUCTED)\n\n"
        "$$\n\\varphi(x)=\\frac{1}{\\sqrt{2\\pi}}\\exp(-x^2/2) \\tag{0}\n$$\n\n### 4.B",
    )
    assert lines(["NL501"], restated) == []


CLASS_WORDS_NOTE = """# Quadratic forms

## 2. Notation and Objects (Complete Glossary)

- $h\\in\\mathbb{R}^{d}$: a vector; $M, Q\\in\\mathbb{R}^{d\\times d}$: matrices; $X\\in\\mathbb{R}^{n\\times d}$: a design;
  $I_d\\in\\mathbb{R}^{d\\times d}$: the identity.

## 4. Derivation Protocol (Line-by-Line)

### 4.D Identities Used (with References)

- (I1) $\\nabla_h\\,\\tfrac12h^\\top Mh=Mh$ for symmetric $M$ (gradient of a quadratic form).
- (I2) $Q^\\top Q=I_d$ for an orthogonal matrix $Q$ (definition).
- (I3) $(X^\\top X)^2=X^\\top X$ for an orthonormal design (columns of unit length).

### 4.E Final Result (Boxed)

None: the identities above are the result.
"""


def test_a_matrix_class_in_words_after_an_identity_is_sampled_not_an_excuse() -> None:
    # "for symmetric $M$" names a class the sampler draws: the right identities hold under
    # it, and a wrong one is refuted there (it was "holds for symmetric, as its sentence says")
    assert lines(["NL501", "NL504"], CLASS_WORDS_NOTE) == [
        "14:9: NL504 could not check this relation: holds for an orthonormal design, as its "
        "sentence says: a hypothesis in words that is not sampled"
    ]
    wrong = CLASS_WORDS_NOTE.replace("Mh=Mh", "Mh=2Mh")
    assert [x.split(" false")[0] for x in lines(["NL501"], wrong)] == ["12:9: NL501"]
    wrong = CLASS_WORDS_NOTE.replace("Q^\\top Q=I_d", "Q^\\top Q=2I_d")
    assert [x.split(" false")[0] for x in lines(["NL501"], wrong)] == ["13:9: NL501"]


def test_the_re_checks_of_an_excuse_run_on_their_own_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """The relation jobs that re-check an excuse carry ``RECHECK_SECONDS`` (a re-check that runs
    out of time only leaves the excuse standing); the note's own relation jobs carry none."""
    import inspect

    from notelint.math.checking import excuse_checks, verdict_runs
    from notelint.math.checking.analysis import analyze
    from notelint.math.checking.jobs import Job
    from notelint.parse.note import parse_note

    budgets: dict[str, set[float]] = {"note": set(), "re-checks": set()}
    real = verdict_runs.run_jobs

    def spy(items, config, analysis):  # type: ignore[no-untyped-def]
        phase = "re-checks" if any(f.function == "void_excuses" for f in inspect.stack()) else "note"
        budgets[phase] |= {item.job.seconds for item in items if isinstance(item.job, Job)}
        return real(items, config, analysis)

    monkeypatch.setattr(excuse_checks, "run_jobs", spy)
    monkeypatch.setattr("notelint.math.checking.analysis.run_jobs", spy)
    path = Path(__file__).parent.parent / "fixtures" / "math" / "statistic-brought-in-by-a-definition.md"
    analyze(parse_note(path.read_text(encoding="utf-8"), str(path)), Config())
    assert budgets == {"note": {0.0}, "re-checks": {excuse_checks.RECHECK_SECONDS}}
