"""Relation benchmark: coverage and accuracy of the checker on bench/relations.json.

Usage: .venv/bin/python bench/run_relations.py [--verbose] [--labelled-only]

Two tables. ``relations_labelled.json`` (written by ``label_relations.py``, labels computed
independently of notelint from a hand-written Python twin of every relation) is scored as:
false relations verified (must be 0), true relations refuted (must be 0), recall of the false
ones (refuted / all false), and the share decided. ``relations.json`` (the older hand-labelled
chains) follows, scored as before.

Each case is one math span (one or more chains). Its verdict is "false" when a checked link
fails, "true" when none fails and at least one holds, "unknown" otherwise. A case is correct
when true/approx cases get "true", false cases "false", unsupported cases "unknown".
Coverage is the share of cases with a true/false verdict. Links whose left side just names
something (a definition) are not checked, as in the linter.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from notelint.math.cas.verify import Job, check  # noqa: E402
from notelint.math.checking.claims import naming_side, self_referential  # noqa: E402
from notelint.math.checking.jobs import Assumption, Context  # noqa: E402
from notelint.math.reading.relations import links  # noqa: E402
from notelint.math.reading.wire import to_wire  # noqa: E402


def case_context(case: dict) -> Context:
    ctx = Context()
    for d in case.get("defs", []):
        name = d["name"]
        ctx.functions["\\" + name if len(name) > 1 and name.isalpha() else name] = (
            tuple(d["args"]),
            d["body"],
        )
    for name, shape in case.get("shapes", {}).items():
        ctx.shapes[name] = (shape[0], shape[1])
    ctx.distributions = dict(case.get("laws", {}))
    ctx.values.update(case.get("values", {}))
    return ctx


def run_case(case: dict) -> tuple[str, list[tuple[str, str, str]]]:
    ctx = case_context(case)
    outcomes = []
    for link in links(case["latex"]):
        if link.op in ("other", ":="):
            continue
        naming = naming_side(link.left.text, link.right.text) if link.op == "=" else None
        res = check(to_wire(Job(link.op, link.left.text, link.right.text, ctx)))
        status = res.status
        if status == "fails" and (naming or self_referential(link.left.text, link.right.text)):
            status = "unknown"  # a definition (or redefinition) is used, never refuted
        outcomes.append((status, f"{link.left.text} {link.symbol} {link.right.text}", res.message))
    statuses = [o[0] for o in outcomes]
    if "fails" in statuses:
        return "false", outcomes
    if "holds" in statuses:
        return "true", outcomes
    return "unknown", outcomes


OPS = {
    "=": "=",
    "<=": "<=",
    ">=": ">=",
    "\\le": "<=",
    "\\ge": ">=",
    "<": "<",
    ">": ">",
    "\\ne": "!=",
    "\\approx": "approx",
}


def labelled_job(case: dict) -> Job:
    ctx = case_context(case)
    assumptions = tuple(
        Assumption(
            a["symbol"], a["kind"], a.get("lo"), a.get("hi"), a.get("lo_open", False), a.get("hi_open", False)
        )
        for a in case.get("assume", [])
    )
    return Job(OPS[case["op"]], case["left"], case["right"], ctx, assumptions=assumptions)


def run_labelled(verbose: bool) -> dict[str, int]:
    cases = json.loads((ROOT / "bench" / "relations_labelled.json").read_text())
    counts: Counter = Counter()
    by_group: dict[str, Counter] = defaultdict(Counter)
    bad = []
    t0 = time.perf_counter()
    for case in cases:
        res = check(to_wire(labelled_job(case)))
        got = {"holds": "true", "fails": "false"}.get(res.status, "unknown")
        counts[(case["label"], got)] += 1
        g = by_group[case["group"]]
        g["cases"] += 1
        g["decided"] += got != "unknown"
        g["right"] += got == case["label"]
        g["false"] += case["label"] == "false"
        g["caught"] += case["label"] == "false" and got == "false"
        if got != "unknown" and got != case["label"]:
            bad.append((case, res))
        elif verbose and got == "unknown":
            print(f"  unknown #{case['id']} [{case['group']}] {case['latex']}: {res.message}")
    elapsed = time.perf_counter() - t0
    print(f"labelled table: {len(cases)} relations (labels computed without notelint), {elapsed:.1f} s")
    print(f"{'group':18} {'cases':>5} {'decided':>8} {'right':>6} {'false':>6} {'caught':>7}")
    for group, g in sorted(by_group.items()):
        print(
            f"{group:18} {g['cases']:5d} {g['decided']:8d} {g['right']:6d} {g['false']:6d} {g['caught']:7d}"
        )
    false_total = sum(n for (label, _), n in counts.items() if label == "false")
    result = {
        "relations": len(cases),
        "false_verified": counts[("false", "true")],
        "true_refuted": counts[("true", "false")],
        "false_caught": counts[("false", "false")],
        "false_total": false_total,
        "decided": sum(n for (_, got), n in counts.items() if got != "unknown"),
    }
    print(
        f"false relations verified: {result['false_verified']}   true relations refuted: {result['true_refuted']}"
        f"   recall of false: {result['false_caught']}/{false_total} = {result['false_caught'] / false_total:.3f}"
        f"   decided: {result['decided']}/{len(cases)}"
    )
    for case, res in bad:
        print(
            f"  WRONG #{case['id']} [{case['group']}] label {case['label']}: {case['latex']} -> {res.status} {res.message}"
        )
    return result


def main() -> int:
    verbose = "--verbose" in sys.argv
    run_labelled(verbose)
    if "--labelled-only" in sys.argv:
        return 0
    print()
    cases = json.loads((ROOT / "bench" / "relations.json").read_text())
    by_group: dict[str, Counter] = defaultdict(Counter)
    verdicts: Counter = Counter()
    wrong = []
    t0 = time.perf_counter()
    for case in cases:
        got, outcomes = run_case(case)
        want = {"true": "true", "approx": "true", "false": "false", "unsupported": "unknown"}[case["expect"]]
        g = by_group[case["group"]]
        g["cases"] += 1
        g["covered"] += got != "unknown"
        g["correct"] += got == want
        verdicts[(case["expect"], got)] += 1
        if got != want:
            wrong.append((case, got, outcomes))
    elapsed = time.perf_counter() - t0
    total = Counter()
    print(f"{'group':10} {'cases':>5} {'coverage':>9} {'accuracy':>9}")
    for group, g in sorted(by_group.items()):
        total.update(g)
        print(f"{group:10} {g['cases']:5d} {g['covered'] / g['cases']:9.1%} {g['correct'] / g['cases']:9.1%}")
    print(
        f"{'all':10} {total['cases']:5d} {total['covered'] / total['cases']:9.1%} {total['correct'] / total['cases']:9.1%}"
    )
    print("\nverdict counts (expected → got):")
    for (want, got), n in sorted(verdicts.items()):
        print(f"  {want:12} → {got:8} {n}")
    wrong_true = sum(n for (w, g), n in verdicts.items() if w == "false" and g == "true")
    false_alarms = sum(
        n for (w, g), n in verdicts.items() if w in ("true", "approx", "unsupported") and g == "false"
    )
    print(
        f"\nwrong 'true' on false claims: {wrong_true}   false alarms: {false_alarms}   time: {elapsed:.1f} s"
    )
    if verbose or "--wrong" in sys.argv:
        for case, got, outcomes in wrong:
            print(f"\n#{case['id']} [{case['group']}] expect {case['expect']} got {got}: {case['latex']}")
            for o in outcomes:
                print("   ", o)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
