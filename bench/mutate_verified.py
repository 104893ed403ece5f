"""Mutation check of the verifier on notes that lint clean.

Usage: .venv/bin/python bench/mutate_verified.py NOTE.md [NOTE.md ...]

For every relation the analysis verifies, each number in it (up to four, none inside a
subscript or superscript) is changed in its last digit (d → d+3 mod 10, the same length, so
every offset stays put) and the note analysed again. A mutant that is still verified is either
still true (``\\min(3.3, 2.4) = 2.4``) or a soundness hole; a mutant that becomes unknown is
either undecidable or an excuse hiding a real error. Both are printed with the reason for a
person to judge; the counts per note follow. Session 8 found five excuses and two soundness
holes this way on notes written to the standard.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from notelint.config import Config  # noqa: E402
from notelint.math.checking.analysis import analyze  # noqa: E402
from notelint.math.checking.link_results import LinkResult  # noqa: E402
from notelint.parse import parse_note  # noqa: E402
from notelint.parse.dialect import dialect_for  # noqa: E402
from notelint.source import Source  # noqa: E402

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def in_script(relation: str, pos: int) -> bool:
    """Is ``pos`` right after ``^``/``_`` or inside a ``^{…}``/``_{…}`` group?"""
    if pos and relation[pos - 1] in "^_":
        return True
    groups: list[bool] = []
    for i, ch in enumerate(relation[:pos]):
        escaped = i > 0 and relation[i - 1] == "\\"
        if ch == "{" and not escaped:
            groups.append(i > 0 and relation[i - 1] in "^_")
        elif ch == "}" and not escaped and groups:
            groups.pop()
    return any(groups)


def results(text: str, path: str) -> dict[tuple[int, int], LinkResult]:
    config = Config()
    note = parse_note(text, path, config.section_template, dialect_for(Source(text).text, path, config))
    return {(r.start, r.end): r for r in analyze(note, config).results}


def mutate(path: str) -> Counter[str]:
    text = Path(path).read_text(encoding="utf-8")
    counts: Counter[str] = Counter()
    for (start, end), result in sorted(results(text, path).items()):
        if result.verdict != "verified":
            continue
        relation = text[start:end]
        numbers = [m for m in NUMBER.finditer(relation) if not in_script(relation, m.start())]
        for m in numbers[:4]:
            digits = m.group()
            changed = digits[:-1] + str((int(digits[-1]) + 3) % 10)
            mutant = text[: start + m.start()] + changed + text[start + m.end() :]
            again = results(mutant, path).get((start, end))
            verdict = again.verdict if again else "missing"
            counts[verdict] += 1
            if verdict != "refuted":
                line = text.count("\n", 0, start) + 1
                reason = again.message[:120] if again else ""
                print(f"{Path(path).name}:{line} {verdict:9s} {relation[:90]!r} {digits}->{changed} {reason}")
    return counts


def main() -> None:
    for path in sys.argv[1:]:
        print(Path(path).name, dict(mutate(path)), flush=True)


if __name__ == "__main__":
    main()
