"""Rules declare the facets they read (``@rule(facets=…)``), and read no other.

While a rule runs, every ``note.facet``/``span.facet``/``ctx.facet`` it makes (itself or
through the helpers it calls) is checked against its declaration; a facet's own build reads
what it needs. In the tests (``NOTELINT_STRICT_FACETS=1``, set by conftest) an undeclared read
is an error; a user's run serves it.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import notelint
from notelint.config import Config
from notelint.engine import lint_note
from notelint.note import ConfiguredFacet, Facet, MathFacet, Note, UndeclaredFacetError, reading_facets
from notelint.parse import parse_note
from notelint.plugins import all_rules
from notelint.rule import Rule, RuleContext, rule

ROOT = Path(__file__).resolve().parent.parent
#: whole notes written to the standard, kept in the repository (the suite runs without ../shared)
STANDARD = ROOT / "fixtures" / "notes"
#: subpackages that define no facet and that the linting process never imports (SymPy, pygls)
_NOT_WALKED = ("notelint.math.cas", "notelint.server", "notelint.__main__")
#: rules whose facets are built by the CAS: their reads are checked by the fixtures' runs
_CAS_RULES = ("NL501", "NL502", "NL503", "NL504", "NL506")


def _all_facets() -> dict[str, object]:
    """Every facet defined at module level anywhere in the package, by name."""
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(notelint.__path__, "notelint."):
        if info.name.startswith(_NOT_WALKED):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, (Facet, ConfiguredFacet, MathFacet)):
                other = found.setdefault(value.name, value)
                assert other is value, f"two facets are named {value.name!r}"
    return found


def test_every_built_in_rule_declares_facets_that_exist() -> None:
    facets = _all_facets()
    assert {"equations", "tags", "glossary", "math-model", "analysis"} <= set(facets)
    for r in all_rules():
        if r.origin != "notelint":
            continue
        unknown = set(r.facets) - set(facets)
        assert not unknown, f"{r.code} declares facets that do not exist: {sorted(unknown)}"
        assert list(r.facets) == sorted(set(r.facets)), f"{r.code}: list its facets once, sorted"


def test_every_built_in_rule_reads_only_what_it_declares_and_uses_what_it_declares() -> None:
    """Each rule (but the CAS ones, whose runs the fixtures check) over two standard notes,
    a note of another dialect and its own fixtures: strict, so an undeclared read fails here;
    and every facet a rule declares is read on one of them (a declaration is not a guess)."""
    shared = [
        STANDARD / "standard-logistic.md",
        STANDARD / "standard-gp-regression.md",
        *sorted((ROOT / "fixtures" / "dialects").glob("*.md"))[:1],
    ]
    notes = {path: parse_note(path.read_text(encoding="utf-8"), str(path)) for path in shared}
    for r in all_rules():
        if r.origin != "notelint" or r.code in _CAS_RULES:
            continue
        read: set[str] = set()
        own = sorted((ROOT / "fixtures" / "rules" / r.code).glob("*.md"))
        for path in [*shared, *own]:
            note = notes.get(path) or parse_note(path.read_text(encoding="utf-8"), str(path))
            with reading_facets(f"rule {r.code}", frozenset(r.facets), strict=True) as reader:
                r.check(note, RuleContext(rule=r, config=Config()))
            read |= reader.read
        assert set(r.facets) == read, f"{r.code} declares {r.facets}, reads {sorted(read)}"


def _note() -> Note:
    return parse_note("# T\n\n$$ a = b \\tag{1} $$\n\nBy (1).\n", "n.md")


@rule(code="XT901", name="reads-undeclared", summary="reads a facet it does not declare", facets=("tags",))
def _reads_undeclared(note: Note, ctx: RuleContext) -> None:
    """Test rule."""
    from notelint.facets import EQUATIONS, TAGS

    note.facet(TAGS)
    note.facet(EQUATIONS)


def test_reading_an_undeclared_facet_is_a_clear_error_when_strict() -> None:
    ctx = RuleContext(rule=_reads_undeclared, config=Config())
    with pytest.raises(UndeclaredFacetError) as raised:
        _reads_undeclared.run(_note(), ctx)
    message = str(raised.value)
    assert "rule XT901 [reads-undeclared]" in message and "'equations'" in message
    assert "facets=" in message and "declared: tags" in message


def test_through_the_engine_the_error_names_the_rule_as_nl001() -> None:
    result = lint_note(_note(), Config(), [_reads_undeclared, *[r for r in all_rules() if r.code == "NL001"]])
    (diagnostic,) = result.diagnostics
    assert (
        diagnostic.code == "NL001" and "XT901" in diagnostic.message and "'equations'" in diagnostic.message
    )


def test_a_users_run_serves_an_undeclared_facet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELINT_STRICT_FACETS", "0")
    ctx = RuleContext(rule=_reads_undeclared, config=Config())
    assert _reads_undeclared.run(_note(), ctx) == []


def test_a_declared_facet_is_served_and_its_build_reads_freely() -> None:
    """The glossary's build reads the math model and more: declaring "glossary" is enough."""
    from notelint.math.semantics.glossary import GLOSSARY

    note = parse_note((STANDARD / "standard-gaussian-mle.md").read_text(encoding="utf-8"), "n.md")

    @rule(code="XT902", name="reads-glossary", summary="reads the glossary", facets=("glossary",))
    def reads_glossary(note: Note, ctx: RuleContext) -> None:
        """Test rule."""
        assert ctx.facet(note, GLOSSARY) is note.facet(GLOSSARY)

    reads_glossary.run(note, RuleContext(rule=reads_glossary, config=Config()))
    assert note.math[0]._facets  # the build read the spans' models, unchecked


def test_ctx_facet_builds_a_configured_facet_under_the_runs_configuration() -> None:
    from notelint.math.checking.analysis import ANALYSIS

    seen: list[object] = []

    @rule(code="XT903", name="reads-analysis", summary="reads the analysis", facets=("analysis",))
    def reads_analysis(note: Note, ctx: RuleContext) -> None:
        """Test rule."""
        seen.append(ctx.facet(note, ANALYSIS))

    config = Config(values={"cache": False})
    note = parse_note("# T\n\nNo math.\n", "n.md")
    reads_analysis.run(note, RuleContext(rule=reads_analysis, config=config))
    assert seen == [note.built(ANALYSIS)]


def test_facet_names_are_kebab_case() -> None:
    with pytest.raises(ValueError, match="kebab-case"):
        rule(code="XT904", name="bad", summary="s", facets=("Equations",))


def test_rule_metadata_lists_its_facets() -> None:
    nl201 = next(r for r in all_rules() if r.code == "NL201")
    assert isinstance(nl201, Rule) and nl201.facets == ("equations", "latex-tree", "math-model", "tags")


def test_the_example_plugins_facet_rule_declares_what_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """plugin-example's TD002 reads the numbered equations through ``ctx.facet`` (strict here)."""
    monkeypatch.syspath_prepend(str(ROOT / "plugin-example" / "src"))
    plugin = importlib.import_module("notelint_todo")
    assert plugin.todo_in_equation.facets == ("equations",)
    note = parse_note("# T\n\n$$ w = \\text{TODO} \\tag{3} $$\n\n$$ v = \\text{TODO} $$\n", "n.md")
    result = lint_note(note, Config(), [plugin.todo_in_equation])
    assert [(d.line, d.code, d.message) for d in result.diagnostics] == [
        (3, "TD002", "equation (3) is unfinished: finish it or tag it (GAP)")
    ]
