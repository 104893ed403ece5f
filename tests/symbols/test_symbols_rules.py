"""The symbol rules end to end: the clean example stays clean, the corpus stays quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.config import Config
from notelint.engine import lint_text
from notelint.math.semantics.glossary import glossary
from notelint.parse import parse_note

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
MINE = ["NL301", "NL302", "NL303", "NL304", "NL305", "NL306", "NL505"]


def lint(text: str, select: list[str]) -> list[str]:
    result = lint_text(text, "note.md", Config({"select": select}))
    return [f"{d.line}:{d.column}: {d.code} {d.message}" for d in result.diagnostics]


def test_clean_example_stays_clean() -> None:
    text = (ROOT / "examples" / "ridge-regression.md").read_text(encoding="utf-8")
    assert lint(text, MINE) == []


def test_clean_example_glossary() -> None:
    note = parse_note((ROOT / "examples" / "ridge-regression.md").read_text(encoding="utf-8"))
    table = glossary(note)
    assert table.has_glossary
    assert [d.key for d in table.glossary] == [
        "n",
        "d",
        "X",
        "y",
        "w",
        "\\hat{w}",
        "\\lambda",
        "\\lambda",
        "I_{d}",
        "J",
        "\\sigma_{j}",
    ]
    assert str(table.lookup("J").shape) == "d → scalar"


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_corpus_is_quiet_and_never_crashes() -> None:
    notes = sorted(CORPUS.rglob("*.md"))
    assert notes
    found = []
    for path in notes:
        text = path.read_text(encoding="utf-8", errors="replace")
        for d in lint(text, ["NL001", *MINE]):
            found.append(f"{path.name}:{d}")
    assert found == []


def test_headings_decide_whether_a_note_has_a_glossary() -> None:
    body = "- $w \\in \\mathbb{R}^d$: weights.\n\n## 3) Assumptions\n\nThen $\\mu$ appears.\n"
    assert lint(f"# N\n\n## 2) Notation & Objects\n\n{body}", ["NL301"]) == [
        "9:7: NL301 `\\mu` is used but not declared in section 2 (Notation & Objects)"
    ]
    assert lint(f"# N\n\n## Notation\n\n{body}", ["NL301"]) == []
    # unnumbered, the full title names section 2 (a short one like "Notation" needs its number)
    sections = (
        "## Concept & Intuition\n\nx\n\n## Notation & Objects\n\n"
        + body
        + "\n## Assumptions\n\nx\n\n## Derivation Protocol\n\nx\n"
    )
    assert lint(f"# N\n\n{sections}", ["NL301"]) == [
        "13:7: NL301 `\\mu` is used but not declared in section 2 (Notation & Objects)"
    ]


def test_each_undeclared_symbol_once_and_related_forms_together() -> None:
    text = (
        "# N\n\n## 2) Notation & Objects\n\n- $w \\in \\mathbb{R}^d$: weights.\n\n"
        "## 3) Assumptions\n\nUses: $\\mu + \\mu$, $\\hat\\mu$, $\\hat w + w^\\star + w_t + \\mathbf{w}$, $\\epsilon$, $\\varepsilon$.\n"
    )
    assert lint(text, ["NL301"]) == [
        "9:8: NL301 `\\mu` is used but not declared in section 2 (Notation & Objects)",
        "9:71: NL301 `\\epsilon` is used but not declared in section 2 (Notation & Objects)",
    ]


def test_option_symbols_known() -> None:
    text = (
        "# N\n\n## 2) Notation & Objects\n\n- $w \\in \\mathbb{R}^d$: weights.\n\n"
        "## 3) Assumptions\n\nUses $c\\,w + \\delta$.\n"
    )
    assert lint(text, ["NL301"]) == [
        "9:7: NL301 `c` is used but not declared in section 2 (Notation & Objects)",
        "9:14: NL301 `\\delta` is used but not declared in section 2 (Notation & Objects)",
    ]
    result = lint_text(text, "note.md", Config({"select": ["NL301"], "symbols.known": ["c", "\\delta"]}))
    assert result.diagnostics == []


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_extraction_and_inference_never_raise_on_real_math() -> None:
    """Every 4th corpus note: symbols and shapes of each math span, under a made-up glossary."""
    from notelint.math.semantics.shape_algebra import matrix, vector
    from notelint.math.semantics.shape_env import ShapeEnv
    from notelint.math.semantics.shape_inference import check
    from notelint.math.semantics.span_symbols import extraction, math_atoms

    env = ShapeEnv(
        {
            "X": matrix("n", "d"),
            "W": matrix("d", "k"),
            "w": vector("d"),
            "y": vector("n"),
            "x": vector("d"),
            "A": matrix("n", "n"),
            "\\theta": vector("p"),
        }
    )
    spans = 0
    for path in sorted(CORPUS.rglob("*.md"))[::4]:
        note = parse_note(path.read_text(encoding="utf-8", errors="replace"))
        for m in note.math:
            extraction(m)
            for err in check(math_atoms(m), m.latex, env):
                assert 0 <= err.start < err.end <= len(m.latex) and err.message
            spans += 1
    assert spans > 500


@pytest.mark.parametrize("code", MINE)
def test_doc_examples_fire_and_the_fix_is_silent(code: str) -> None:
    import re

    from notelint.docs import builtin_rules

    rule = next(r for r in builtin_rules() if r.code == code)
    example = rule.doc.split("## Example", 1)[1]
    bad, good = re.findall(r"```markdown\n(.*?)```", example, re.DOTALL)[:2]
    assert any(f" {code} " in d for d in lint(bad, [code])), bad
    assert lint(good, [code]) == []
