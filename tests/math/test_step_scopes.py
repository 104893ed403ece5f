"""What a derivation step defines holds from there on (checking.analysis)."""

from __future__ import annotations

import pytest

from notelint.config import Config
from notelint.math.checking.analysis import analyze
from notelint.parse.note import parse_note

NOTE = r"""# A value a later step gives is not substituted into the steps before it

## Section 0 — Metadata

- Lecture Title: a fixture.

## Section 1 — Concept & Intuition

- The divergence of two distributions vanishes at its minimiser.

## Section 2 — Notation & Objects (Complete Glossary)

- $K\in\mathbb{N}$: number of categories.
- $p, q\in(0,1)^{K}$: two vectors of positive weights with entries $p_i, q_i$.

## Section 3 — Assumptions, Constraints & Conditions

- None beyond the glossary.

## Section 4 — Derivation Protocol (Line-by-Line)

### 4.B — Step-by-Step Derivation

Step 1 (RECONSTRUCTED) — a slip: the sum is claimed to vanish for every $q$. {Rule: none; this is the error}

$$\sum_{i=1}^{K}p_i\log\frac{q_i}{p_i}=0 \tag{1}$$

Step 2 (RECONSTRUCTED) — the minimiser. {Rule: stationarity of the Lagrangian}

$$q_i=p_i \tag{2}$$

Step 3 (RECONSTRUCTED) — at the minimiser the sum does vanish. {Rule: substitute (2) into (1)}

$$\sum_{i=1}^{K}p_i\log\frac{q_i}{p_i}=\sum_{i=1}^{K}p_i\log 1=0 \tag{3}$$

### 4.E — Final Result

$$\boxed{\sum_{i=1}^{K}p_i\log\frac{p_i}{p_i}=0} \tag{4}$$

## Section 5 — Geometric / Graphical Intuition

- None.

## Section 6 — Implementation Insights

- None.

## Section 7 — Key Insights / Common Mistakes

- None.

## Section 8 — One-Line Recap

- The divergence vanishes at its minimiser.
"""


@pytest.fixture(autouse=True)
def _no_verdict_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELINT_NO_CACHE", "1")


def _verdicts(text: str) -> dict[int, list[str]]:
    analysis = analyze(parse_note(text, "n.md"), Config())
    out: dict[int, list[str]] = {}
    for r in analysis.results:
        out.setdefault(text.count("\n", 0, r.start) + 1, []).append(r.verdict)
    return out


def test_a_point_a_later_step_sets_is_not_substituted_before_it() -> None:
    """Step 2's optimum q_i = p_i substituted into Step 1 made its false claim 'verified'
    (a reversed Jensen bound was verified so in a held-out note); after Step 2 it holds."""
    verdicts = _verdicts(NOTE)
    lines = NOTE.splitlines()
    step1 = next(k for k, line in enumerate(lines, 1) if line.endswith("\\tag{1}$$"))
    step3 = next(k for k, line in enumerate(lines, 1) if line.endswith("\\tag{3}$$"))
    assert "verified" not in verdicts[step1]
    assert verdicts[step3] == ["verified", "verified"]
