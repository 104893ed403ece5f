"""The NL201/NL209 fixes: properties (hypothesis) and the CLI's --fix / --diff on real files."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.config import Config, ConfigResolver
from notelint.engine import lint_text
from notelint.facets import EQUATIONS
from notelint.fix import select_edits
from notelint.parse import parse_note
from notelint.rules.equations.nl209_equation_number_sequence import is_range
from notelint.runner import fix_text

SELECT = ["NL201", "NL209"]
RESOLVER = ConfigResolver({"select": SELECT}, isolated=True)
_TAG = re.compile(r"\\tag\{(\d+)\}")


@st.composite
def notes(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A note of display equations (tagged out of order, or not at all) and references to them.

    Returns the text and, for each written number, the content of the equation it names.
    """
    count = draw(st.integers(1, 6))
    numbers = draw(st.permutations(range(1, 10)))[:count]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    delimiters = draw(st.lists(st.sampled_from(["$$", "\\["]), min_size=count, max_size=count))
    tagged = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    tagged[draw(st.integers(0, count - 1))] = True
    forms = ["({})", "Eq. ({})", "Equation ({})", "equations ({}) and ({})", "({})–({})"]
    lines = ["# A note", "", "Some prose with (n-1), (0, 1) and f(3); (2020) too.", ""]
    names: dict[str, str] = {}
    written = [str(n) for n, t in zip(numbers, tagged, strict=True) if t]
    for i, (number, delimiter, has_tag) in enumerate(zip(numbers, delimiters, tagged, strict=True)):
        content = f"e_{{{i}}} = x^{{{i}}} + {i}"
        closer = "$$" if delimiter == "$$" else "\\]"
        tag = f" \\tag{{{number}}}" if has_tag else ""
        if has_tag:
            names[str(number)] = content
        lines += [delimiter, content + tag, closer, ""]
        if written:
            form = draw(st.sampled_from(forms))
            picks = [draw(st.sampled_from(written)) for _ in range(form.count("{}"))]
            if "–" in form:
                picks.sort(key=int)  # a range is written low to high: "(2)–(5)"
            lines += [f"By {form.format(*picks)}, the step follows.", ""]
    return newline.join(lines), names


def mask(text: str) -> str:
    """The text with every tag removed and every number masked: what no fix may change."""
    return re.sub(r"\d+", "#", re.sub(r" ?\\tag\{\d+\}", "", text))


def resolve(text: str) -> list[str]:
    """The content each reference of the note names, in order; for a range "(1)–(3)", the
    contents of every equation it covers (a range names a run of equations, not two ends)."""
    note = parse_note(text)
    content = {
        e.number: re.sub(r" ?\\tag\{\d+\}", "", note.text[e.span.start : e.span.end])
        for e in note.facet(EQUATIONS).equations
        if e.number
    }
    refs = note.facet(EQUATIONS).references
    out: list[str] = []
    i = 0
    while i < len(refs):
        if i + 1 < len(refs) and is_range(note.text, refs[i], refs[i + 1]):
            low, high = int(refs[i].target), int(refs[i + 1].target)
            out.append(
                " | ".join(sorted(c for n, c in content.items() if n.isdigit() and low <= int(n) <= high))
            )
            i += 2
            continue
        out.append(content.get(refs[i].target, "?"))
        i += 1
    return out


def splits_a_range(text: str) -> bool:
    """Renumbering would split a range of references, so NL209 offers no fix."""
    result = lint_text(text, "note.md", Config({"select": ["NL209"]}))
    return any(d.code == "NL209" and d.fix is None for d in result.diagnostics)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_fix_is_idempotent_and_changes_only_numbers(case: tuple[str, dict[str, str]]) -> None:
    text, _names = case
    fixed, result = fix_text(text, "note.md", RESOLVER)
    again, _ = fix_text(fixed, "note.md", RESOLVER)
    assert again == fixed
    assert mask(fixed) == mask(text)
    assert ("\r\n" in text) == ("\r\n" in fixed)
    if splits_a_range(fixed):
        return  # NL209 stays, unfixed: renumbering would change what a range "(1)–(3)" covers
    assert not [d for d in result.diagnostics if d.code == "NL209"]
    assert not [d for d in result.diagnostics if d.code == "NL201" and d.fixable]
    numbers = [int(n) for n in _TAG.findall(fixed.replace("\r\n", "\n"))]
    assert numbers == list(range(1, len(numbers) + 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_every_edit_touches_only_a_number_or_inserts_a_tag(case: tuple[str, dict[str, str]]) -> None:
    text, _names = case
    result = lint_text(text, "note.md", Config({"select": SELECT}))
    assert result.note is not None
    normalized = result.note.text
    for edit in select_edits(result.diagnostics):
        if edit.start == edit.end:
            assert re.fullmatch(r" \\tag\{\d+\}", edit.replacement)
        else:
            assert normalized[edit.start : edit.end].isdigit() and edit.replacement.isdigit()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_renumbering_keeps_every_reference_on_its_equation(case: tuple[str, dict[str, str]]) -> None:
    text, _names = case
    before = resolve(text)
    fixed, _ = fix_text(text, "note.md", ConfigResolver({"select": ["NL209"]}, isolated=True))
    assert resolve(fixed) == before


def test_a_file_with_a_latex_error_is_never_fixed() -> None:
    text = "$$\na = b \\tag{3}\n$$\n\n$$\nc = \\frac{1}{2\n$$\n"
    fixed, result = fix_text(text, "note.md", RESOLVER)
    assert fixed == text
    assert {"NL201", "NL209"} <= {d.code for d in result.diagnostics}


# -- the installed CLI ------------------------------------------------------------------------
OUT_OF_ORDER = (
    "# Note\n\n$$\nJ(w) = \\|Xw - y\\|^2 \\tag{1}\n$$\n\nDifferentiating (1):\n\n"
    "$$\n\\nabla J = 2X^\\top (Xw - y) \\tag{3}\n$$\n\nSetting Eq. (3) to zero:\n\n"
    "$$\nX^\\top X w = X^\\top y\n$$\n\nSo (3) holds.\n"
)
FIXED = (
    OUT_OF_ORDER.replace("\\tag{3}", "\\tag{2}")
    .replace("Eq. (3)", "Eq. (2)")
    .replace("So (3)", "So (2)")
    .replace("X^\\top y\n$$", "X^\\top y \\tag{3}\n$$")
)


def test_cli_fix_writes_atomically_and_keeps_permissions(run_cli, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(OUT_OF_ORDER, encoding="utf-8")
    os.chmod(note, 0o640)
    inode = note.stat().st_ino
    proc = run_cli("--select", "NL201,NL209", "--fix", "--no-cache", "note.md")
    assert note.read_text(encoding="utf-8") == FIXED, proc.stdout + proc.stderr
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert note.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".notelint-")]
    proc = run_cli("--select", "NL201,NL209", "--fix", "--no-cache", "note.md")
    assert proc.returncode == 0 and note.read_text(encoding="utf-8") == FIXED


def test_cli_diff_shows_the_fix_and_writes_nothing(run_cli, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(OUT_OF_ORDER, encoding="utf-8")
    proc = run_cli("--select", "NL201,NL209", "--diff", "--no-cache", "note.md")
    assert note.read_text(encoding="utf-8") == OUT_OF_ORDER
    assert "-\\nabla J = 2X^\\top (Xw - y) \\tag{3}" in proc.stdout
    assert "+\\nabla J = 2X^\\top (Xw - y) \\tag{2}" in proc.stdout
    assert "+X^\\top X w = X^\\top y \\tag{3}" in proc.stdout


def test_cli_fix_keeps_crlf(run_cli, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_bytes(OUT_OF_ORDER.replace("\n", "\r\n").encode("utf-8"))
    run_cli("--select", "NL201,NL209", "--fix", "--no-cache", "note.md")
    assert note.read_bytes() == FIXED.replace("\n", "\r\n").encode("utf-8")


def test_cli_never_fixes_a_file_with_a_latex_error(run_cli, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    broken = OUT_OF_ORDER + "\n$$\nx = \\left( y \\tag{4}\n$$\n"
    note.write_text(broken, encoding="utf-8")
    proc = run_cli("--select", "NL201,NL209", "--fix", "--no-cache", "note.md")
    assert note.read_text(encoding="utf-8") == broken
    assert "NL209" in proc.stdout


def test_fixable_findings_say_so_in_json(run_cli, tmp_path: Path) -> None:
    import json

    note = tmp_path / "note.md"
    note.write_text(OUT_OF_ORDER, encoding="utf-8")
    proc = run_cli("--select", "NL201,NL209", "--output-format", "json", "--no-cache", "note.md")
    data = json.loads(proc.stdout)
    items = data if isinstance(data, list) else data.get("diagnostics", data)
    fixable = {d["code"]: d["fixable"] for d in items}
    assert fixable == {"NL201": True, "NL209": True}
