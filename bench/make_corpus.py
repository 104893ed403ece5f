"""Generate a synthetic corpus of notes in the standard's format (modelled on examples/ridge-regression.md).

``python bench/make_corpus.py [--count 1000] [--out DIR] [--seed 0]`` writes COUNT notes of
2–50 KB (sizes spread evenly) into DIR (default: a folder under the system temp dir, never
committed). The same seed gives byte-identical notes. Each note has every section, a
glossary, numbered display equations with {Rule: …} citations (true algebraic identities,
so the CAS rules have real work), prose with some vague words, code spans and links.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

DEFAULT_OUT = Path(tempfile.gettempdir()) / "notelint-bench-corpus"

SYMBOLS = ["a", "b", "c", "x", "y", "z", "u", "v", "t", "s", "p", "q", "r", "k", "m"]
GREEK = ["\\alpha", "\\beta", "\\gamma", "\\lambda", "\\mu", "\\sigma", "\\eta", "\\theta"]
IDENTITIES = [
    ("{a}({b} + {c})", "{a} {b} + {a} {c}", "distributivity of multiplication over addition"),
    ("({a} + {b})^2", "{a}^2 + 2 {a} {b} + {b}^2", "square of a sum"),
    ("({a} - {b})({a} + {b})", "{a}^2 - {b}^2", "difference of squares"),
    ("\\frac{{{a} {b}}}{{{b}}}", "{a}", "cancellation of a nonzero factor"),
    ("{a}^{{2}} {a}^{{3}}", "{a}^{{5}}", "product of powers"),
    ("\\frac{{d}}{{d{a}}} {a}^{{3}}", "3 {a}^{{2}}", "power rule"),
    ("\\sum_{{i=1}}^{{n}} ({a} + {b})", "n ({a} + {b})", "sum of a constant"),
    ("\\log({a} {b})", "\\log {a} + \\log {b}", "logarithm of a product"),
    ("\\exp({a}) \\exp({b})", "\\exp({a} + {b})", "exponential of a sum"),
    (
        "{g} ({a} + {b}) + {g} {c}",
        "{g} {a} + {g} {b} + {g} {c}",
        "distributivity of multiplication over addition",
    ),
]
PROSE = [
    "The objective trades the data-fit term against the penalty, and the trade-off is set by {g}.",
    "This step only rearranges terms, so nothing about the minimiser changes.",
    "The loss goes down as {g} grows, which is very important for the rate.",
    "Each coordinate is shrunk by the same factor, so the ordering of the weights is kept.",
    "See <https://example.org/notes/{n}> for the lecture slides and `numpy.linalg.solve` for a solver.",
    "A common mistake is to penalise the intercept; centre the data first.",
    "The bound is tight: equality holds when the residual is orthogonal to the features.",
    "Basically, the estimator is biased but its variance is lower.",
]
TITLES = [
    "Ridge Regression",
    "Logistic Loss",
    "Gradient Descent",
    "Softmax Cross-Entropy",
    "PCA",
    "Kernel Trick",
    "Bias-Variance Decomposition",
    "Naive Bayes",
    "Backpropagation",
    "Batch Normalization",
]


def _identity(rng: random.Random, number: int) -> str:
    lhs, rhs, rule = rng.choice(IDENTITIES)
    a, b, c = rng.sample(SYMBOLS, 3)
    values = {"a": a, "b": b, "c": c, "g": rng.choice(GREEK)}
    return (
        f"**Step {number}.** (RECONSTRUCTED) Rewrite the expression using the rule below.\n"
        f"{{Rule: {rule}}}\n\n$$\n{lhs.format(**values)} = {rhs.format(**values)} \\tag{{{number}}}\n$$\n\n"
    )


def _prose(rng: random.Random, n: int) -> str:
    return " ".join(
        rng.choice(PROSE).format(g=f"${rng.choice(GREEK)}$", n=n) for _ in range(rng.randint(2, 5))
    )


def make_note(rng: random.Random, index: int, target: int) -> str:
    title = rng.choice(TITLES)
    symbols = rng.sample(SYMBOLS, 6)
    head = [
        f'---\ntitle: "{title} {index}"\n---\n\n# {title}: note {index}\n\n## 0) Metadata\n\n'
        f"- **Lecture Title:** {title}\n- **Source:** <https://example.org/lectures/{index}>, 00:03:10–00:41:55\n"
        f"- **Topic Tags:** linear models, optimization\n\n## 1) Concept & Intuition\n\n",
        "".join(f"- {_prose(rng, index)}\n" for _ in range(rng.randint(3, 6))),
        "\n## 2) Notation & Objects\n\n",
        "".join(f"- ${s} \\in \\mathbb{{R}}$: a scalar quantity used in the derivation.\n" for s in symbols),
        "".join(f"- ${g} \\in \\mathbb{{R}}$, ${g} > 0$: a positive coefficient.\n" for g in GREEK[:3]),
        "- $n \\in \\mathbb{N}$: the number of samples.\n",
        "\n## 3) Assumptions, Constraints & Conditions\n\n- (ASSUMPTION) Every coefficient is strictly positive.\n",
        "\n## 4) Derivation Protocol\n\n### 4.A Definitions\n\n(VERBATIM) [00:05:20] The objective is\n\n"
        f"$$\nJ({symbols[0]}) = \\tfrac{{1}}{{2}} {symbols[0]}^2 + \\lambda {symbols[1]} \\tag{{1}}\n$$\n\n"
        "### 4.B Step-by-Step Derivation\n\n",
    ]
    tail = [
        "### 4.C Intermediate Checks\n\n- Scalar check: with $a = 2$ and $b = 3$, $a(b + 1) = 8$.\n\n",
        "### 4.D Identities Used\n\n- (I1) $a(b + c) = ab + ac$\n\n",
        "### 4.E Final Result\n\n$$\n\\boxed{J = \\tfrac{1}{2} x^2} \\tag{999}\n$$\n\n",
        f"## 5) Geometric / Graphical Intuition\n\n{_prose(rng, index)}\n\n",
        f"## 6) Implementation Insights\n\n- {_prose(rng, index)}\n- Use `scipy.linalg.cho_solve` for the system.\n\n",
        f"## 7) Key Insights / Common Mistakes\n\n- {_prose(rng, index)}\n\n",
        f"## 8) One-Line Recap\n\nThe {title.lower()} minimiser has a closed form.\n",
    ]
    body: list[str] = []
    size = sum(map(len, head)) + sum(map(len, tail))
    step = 2
    while size < target:
        piece = _identity(rng, step) if rng.random() < 0.6 else _prose(rng, index) + "\n\n"
        if piece.startswith("**Step"):
            step += 1
        body.append(piece)
        size += len(piece.encode())
    return "".join(head + body + tail)


def make_corpus(
    out: Path, count: int = 1000, seed: int = 0, low: int = 2_000, high: int = 50_000
) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        target = low + (high - low) * i // max(1, count - 1)
        text = make_note(rng, i, target)
        path = out / f"note-{i:05d}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = make_corpus(args.out, args.count, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} notes, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
