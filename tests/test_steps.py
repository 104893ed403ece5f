"""Derivation steps: every layout, with tags, timestamps, citations, references and identities."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.facets import PROVENANCE, STEPS
from notelint.parse import parse_note

ROOT = Path(__file__).resolve().parent.parent

STEP_LAYOUT = """### 4.B Step-by-Step Derivation

**Step 1.** (RECONSTRUCTED) Differentiate (1). {Rule: gradient of a quadratic form, (I1)}

$$
\\nabla J = X^\\top (Xw - y) \\tag{2}
$$

**Step 2.** (VERBATIM) [00:18:40] Set (2) to zero.
Rule: first-order stationarity

$$
X^\\top X w = X^\\top y \\tag{3}
$$
"""


def test_bold_step_layout() -> None:
    text = "$$ J = 0 \\tag{1} $$\n\n" + STEP_LAYOUT
    steps = parse_note(text).facet(STEPS)
    assert [(s.layout, s.number) for s in steps] == [("step", "1"), ("step", "2")]
    one, two = steps
    assert [t.name for t in one.tags] == ["RECONSTRUCTED"]
    assert one.cited_rule is not None and one.cited_rule.rule.startswith("gradient of a quadratic form")
    assert [i.name for i in one.identities] == ["I1"]
    assert [r.target for r in one.references] == ["1"]
    assert [t.seconds for t in two.timestamps] == [18 * 60 + 40]
    assert two.cited_rule is not None and two.cited_rule.rule == "first-order stationarity"
    assert two.has_relation and not two.is_definition
    assert one.marker is not None
    assert text[one.marker.start : one.marker.end].startswith("**Step 1.**")


def test_equation_layout() -> None:
    text = (
        "### 4.B Step-by-Step Derivation\n\nEquation (1): $a = b$\n{Rule: chain rule}\n"
        "(VERBATIM) [01:02] Justification.\n\nEquation (2): $c = d$\nOne-line justification.\n"
    )
    steps = parse_note(text).facet(STEPS)
    assert [(s.layout, s.number) for s in steps] == [("equation", "1"), ("equation", "2")]
    assert steps[0].cited_rule is not None and steps[1].cited_rule is None
    assert steps[0].timestamps[0].seconds == 62


def test_numbered_list_layout() -> None:
    text = (
        "### 4.B Step-by-Step Derivation\n\n1. (RECONSTRUCTED) Expand. {Rule: expansion}\n"
        "   $$ a = b \\tag{1} $$\n2. (GAP) Skip.\n   $$ c = d \\tag{2} $$\n"
    )
    steps = parse_note(text).facet(STEPS)
    assert [(s.layout, s.number) for s in steps] == [("list", "1"), ("list", "2")]
    assert [t.name for t in steps[1].tags] == ["GAP"]


def test_paragraph_layout_with_citation_after_the_equation() -> None:
    text = (
        "### 4.B Step-by-Step Derivation\n\n(RECONSTRUCTED) First.\n\n$$ a = b \\tag{1} $$\n"
        "{Rule: first rule}\n\n(VERBATIM) [00:01] Second.\n\n$$ c = d \\tag{2} $$\n"
    )
    steps = parse_note(text).facet(STEPS)
    assert [s.layout for s in steps] == ["paragraph", "paragraph"]
    assert steps[0].cited_rule is not None and steps[0].cited_rule.rule == "first rule"
    assert steps[1].cited_rule is None
    assert [t.name for t in steps[1].tags] == ["VERBATIM"]


def test_align_block_one_step_per_row() -> None:
    text = (
        "### 4.B Step-by-Step Derivation\n\n(RECONSTRUCTED) The chain:\n\n\\begin{align}\n"
        "f &= g && \\text{Rule: definition} \\\\\n  &= h && \\text{\\{Rule: chain rule\\}} \\\\\n"
        "  &= k && \\text{(simplify)}\n\\end{align}\n"
    )
    steps = parse_note(text).facet(STEPS)
    assert [s.layout for s in steps] == ["intro", "align-row", "align-row", "align-row"]
    rows = steps[1:]
    assert [s.cited_rule.rule if s.cited_rule else None for s in rows] == ["definition", "chain rule", None]
    assert all("RECONSTRUCTED" in [t.name for t in s.all_tags] for s in rows)


def test_definitions_are_recognised() -> None:
    text = (
        "### 4.B Step-by-Step Derivation\n\n**Step 1.** (RECONSTRUCTED) Define the residual.\n\n"
        "$$ r = y - Xw \\tag{1} $$\n\n**Step 2.** (RECONSTRUCTED) Name it.\n\n$$ G := X^\\top X \\tag{2} $$\n\n"
        "**Step 3.** (RECONSTRUCTED) A sum.\n\n$$ \\sum_{i=1}^n r_i \\tag{3} $$\n"
    )
    steps = parse_note(text).facet(STEPS)
    assert [s.is_definition for s in steps] == [True, True, False]
    assert [s.has_relation for s in steps] == [True, False, False]  # := defines, it claims nothing


def test_preamble_tag_covers_every_step() -> None:
    text = (
        "### 4.B Step-by-Step Derivation\n\nAll steps are (RECONSTRUCTED).\n\n"
        "**Step 1.** Expand.\n\n$$ a = b \\tag{1} $$\n"
    )
    (step,) = parse_note(text).facet(STEPS)
    assert step.tags == [] and [t.name for t in step.all_tags] == ["RECONSTRUCTED"]


def test_provenance_tags_timestamps_source_range_and_identities() -> None:
    note = parse_note((ROOT / "examples" / "ridge-regression.md").read_text(encoding="utf-8"))
    prov = note.facet(PROVENANCE)
    assert prov.source_range == (3 * 60 + 10, 41 * 60 + 55)
    assert prov.identities == {"I1", "I2"}
    assert [i.name for i in prov.identity_refs] == ["I1", "I2"]
    assert all(t.known for t in prov.tags)
    assert [t.text for t in prov.timestamps if t.span.start > note.sections["4"].heading.span.start] == [
        "00:05:20",
        "00:18:40",
    ]
    assert [s.section for s in note.facet(STEPS)] == ["4.A", "4.B", "4.B", "4.B"]


def test_acronyms_are_not_tags_but_lookalikes_are() -> None:
    text = (
        "(MLE) and (KKT) and (ELBO) and (I1).\n\n(DERIVED) step.\n\nSee (RECONSTRUCT).\n\n(Optional) prose.\n"
    )
    tags = parse_note(text).facet(PROVENANCE).tags
    assert [(t.name, t.known) for t in tags] == [("DERIVED", False), ("RECONSTRUCT", False)]


def test_step_jobs_go_through_the_verdict_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second run over the same steps asks the CAS pool nothing: NL506's jobs are cached like
    the relation jobs (a changed premise is a new key)."""
    from notelint.config import Config
    from notelint.math.checking.jobs import Assumption, Context, FollowsJob, Premise
    from notelint.math.checking.verdict_runs import run_cached

    monkeypatch.delenv("NOTELINT_NO_CACHE", raising=False)
    config = Config(values={"math.cache-dir": str(tmp_path / "math")})
    ctx = Context(shapes={"a": (1, 1), "b": (1, 1), "x": (1, 1)})
    premise = Premise("(1)", "a x", "b")
    job = FollowsJob("x", r"\frac{b}{a}", (premise,), ctx, (Assumption("a", "positive"),), ())
    first, hits = run_cached([job], config)
    assert first[0]["status"] == "holds" and hits == 0
    again, hits = run_cached([job], config)
    assert again == first and hits == 1
    other = FollowsJob("x", r"\frac{b}{a}", (Premise("(1)", "a x", "2b"),), ctx, job.assumptions, ())
    changed, hits = run_cached([other], config)
    assert changed[0]["status"] == "fails" and hits == 0


def test_unknown_steps_and_wrong_citations_are_worded_by_nl504() -> None:
    """NL504 carries NL506's reason for an unknown step and names the equation a step follows
    from when it cites another; NL506 itself stays silent on both."""
    from notelint.config import Config
    from notelint.engine import lint_text

    note = (ROOT / "fixtures" / "steps" / "wrong-citation.md").read_text(encoding="utf-8")
    note = note.replace(
        "{Rule: divide (2) by $a$, valid since $a > 0$}",
        "{Rule: divide (2) by $a$, valid since $a > 0$}\n\n**Step 4** (VERBATIM) — an expectation:\n\n"
        "$$\n\\mathbb{E}[x] = \\frac{b}{a} \\tag{4}\n$$\n",
    )
    result = lint_text(
        note, "wrong-citation.md", Config(values={"select": ["NL504", "NL506"], "cache": False})
    )
    messages = {(d.line, d.code): d.message for d in result.diagnostics}
    assert messages[(32, "NL504")].startswith("this step follows from (1), not from (2), which it cites")
    unknown = messages[(41, "NL504")]  # the E[x] of step 4
    assert unknown.startswith("could not check this step against (3): notelint cannot read the step ("), (
        unknown
    )
    assert all(code == "NL504" for _line, code in messages)


def test_a_step_whose_citation_ran_out_of_time_is_not_tried_against_every_earlier_equation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The 'follows from another equation' round asks more of the CAS than the first: after a
    timeout it would time out too (2 s a step on standard/), so it is not sent; the step is
    unknown with the timeout as its reason. Without the timeout the round runs (and names (1))."""
    from notelint.config import Config
    from notelint.engine import lint_text
    from notelint.math.checking import derivation

    note = (ROOT / "fixtures" / "steps" / "wrong-citation.md").read_text(encoding="utf-8")
    real = derivation._run
    batches: list[int] = []

    def first_round_times_out(jobs, config):  # type: ignore[no-untyped-def]
        batches.append(len(jobs))
        if len(batches) == 1:
            return [
                {"status": "unknown", "message": "timed out after 1.5 s", "transient": True} for _ in jobs
            ]
        return real(jobs, config)

    config = Config(values={"select": ["NL504", "NL506"], "cache": False})
    monkeypatch.setattr(derivation, "_run", first_round_times_out)
    timed_out = lint_text(note, "wrong-citation.md", config)
    assert [n for n in batches if n] == [2], batches  # the first round only
    messages = {(d.line, d.code): d.message for d in timed_out.diagnostics}
    assert "timed out after 1.5 s" in messages[(32, "NL504")]
    monkeypatch.setattr(derivation, "_run", real)
    followed = lint_text(note, "wrong-citation.md", config)
    assert {(d.line, d.code): d.message for d in followed.diagnostics}[(32, "NL504")].startswith(
        "this step follows from (1), not from (2)"
    )
