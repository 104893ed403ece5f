"""Rules read LaTeX from the math model, never with regular expressions (issue 15), read
statically with ``ast`` as ``test_import_graph.py`` reads imports.

A rule may use :mod:`re` for words and Markdown layout (a sentence's end, a list marker, the
words of a data file's word list — Vale does the same), but the mathematics comes from the
model (``span.facet(MATH_MODEL)``, the glossary, the analysis). Three checks:

- every rule module that calls ``re`` is in :data:`ALLOWED` with what its patterns read, and
  every module listed there still does (the list stays true and short);
- no pattern written in a rule matches LaTeX: a literal backslash, dollar, brace or caret
  (``\\\\``, ``\\$``, ``\\{``, ``\\}``, ``\\^``), except the pairs in :data:`LATEX_SIGNS`;
- no ``re`` call in a rule is handed a span's LaTeX (an expression reading ``.latex``).
"""

from __future__ import annotations

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "notelint" / "rules"

#: the functions of ``re`` that read text or compile a pattern that will
_RE_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
)

#: rule modules that use ``re``, and what their patterns read (none reads LaTeX)
ALLOWED: dict[str, str] = {
    "equations/nl201_unnumbered_equation.py": "the list marker before a display and the punctuation after it",
    "equations/nl203_undefined_equation_reference.py": "the prefix of a \\ref label (fig:, sec:) the EQUATIONS facet gives",
    "equations/nl207_uncorrected_lecturer_claim.py": "the words referring back to and correcting a claim (data file)",
    "equations/nl209_equation_number_sequence.py": "the words joining a range of equation numbers ('(3) to (5)')",
    "equations/nl211_missing_timestamp.py": "the predicate before a provenance tag",
    "language/_wordlist.py": "prose word patterns built from data/words.toml",
    "language/nl401_vague_word.py": "a quoted replacement in the word list",
    "structure/_helpers.py": "HTML comments",
    "structure/nl104_missing_metadata.py": "metadata labels, links and time ranges of the header",
    "structure/nl106_recap_not_one_sentence.py": "sentence ends, list markers and comments of the recap",
    "symbols/_common.py": "the words around a one-letter span that make it part of a name ('Student-', '-value', 'space')",
    "symbols/nl301_undeclared_symbol.py": "a keyword argument ('alpha=') in the code spans of a paragraph",
    "symbols/nl305_shape_mismatch.py": "sentence ends and the refutation words of data/symbols.toml",
    "symbols/nl306_conflicting_declaration.py": "the word 'for' in the prose before a declaration's formula",
    "symbols/nl505_shape_claim_mismatch.py": "the words of a shape claim in prose ('has shape')",
}

#: patterns that match a LaTeX sign, with the reason (module, a piece of the pattern)
LATEX_SIGNS: dict[tuple[str, str], str] = {
    # the next sentence of a recap may start with math: a `$` or `\(` after the full stop is a
    # sentence start, which the splitter must accept; it reads no LaTeX
    ("structure/nl106_recap_not_one_sentence.py", "[A-Z"): "a sentence may start with math",
}

#: what a pattern that matches LaTeX contains: an escaped backslash, dollar, brace or caret
_SIGNS = ("\\\\", "\\$", "\\{", "\\}", "\\^")


def _modules() -> dict[str, ast.Module]:
    return {
        path.relative_to(RULES).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(RULES.rglob("*.py"))
    }


def _re_calls(tree: ast.Module) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        and node.func.attr in _RE_FUNCTIONS
    ]


def _pattern_literals(call: ast.Call) -> list[str]:
    """The string pieces written in a call's pattern argument (literals, f-string parts,
    concatenations)."""
    if not call.args:
        return []
    return [
        node.value
        for node in ast.walk(call.args[0])
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _reads_latex(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "latex" for n in ast.walk(node))


def test_rule_modules_using_re_are_listed_with_what_they_read() -> None:
    using = {name for name, tree in _modules().items() if _re_calls(tree)}
    assert using - ALLOWED.keys() == set(), "a rule uses re: read LaTeX from the model, or list what it reads"
    assert ALLOWED.keys() - using == set(), "listed in ALLOWED but no longer uses re: drop it"


def test_no_rule_pattern_matches_latex() -> None:
    found: set[tuple[str, str]] = set()
    for name, tree in _modules().items():
        for call in _re_calls(tree):
            for literal in _pattern_literals(call):
                if any(sign in literal for sign in _SIGNS):
                    allowed = [key for key in LATEX_SIGNS if key[0] == name and key[1] in literal]
                    found |= set(allowed) if allowed else {(name, literal)}
    assert found == set(LATEX_SIGNS), "a rule's pattern matches LaTeX: ask the math model instead"


#: methods of a compiled pattern that read a text (``split`` is also a ``str`` method)
_PATTERN_READS = frozenset({"search", "match", "fullmatch", "sub", "subn", "findall", "finditer"})


def _hands_latex(call: ast.Call) -> bool:
    """``re.sub(p, r, m.latex)``, ``_PATTERN.search(m.latex[i:j])``: a regex over a span's LaTeX."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if isinstance(func.value, ast.Name) and func.value.id == "re":
        return func.attr in _RE_FUNCTIONS and any(_reads_latex(arg) for arg in call.args[1:])
    return func.attr in _PATTERN_READS and any(_reads_latex(arg) for arg in call.args)


def test_no_rule_hands_latex_to_re() -> None:
    offenders = [
        f"{name}:{call.lineno}"
        for name, tree in _modules().items()
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and _hands_latex(call)
    ]
    assert offenders == []


def test_the_checks_can_fail() -> None:
    # a rule written the old way is caught by each check
    tree = ast.parse(
        'import re\nTAG = re.compile(r"\\\\tag\\{([^}]*)\\}")\nx = re.sub(r"\\s+", " ", m.latex)\n'
    )
    calls = _re_calls(tree)
    assert len(calls) == 2
    assert any(sign in lit for sign in _SIGNS for lit in _pattern_literals(calls[0]))
    assert _hands_latex(calls[1])
    method = ast.parse("_TAG.finditer(span.latex)").body[0]
    assert isinstance(method, ast.Expr) and isinstance(method.value, ast.Call) and _hands_latex(method.value)
    # joining a span's words for a message is no regex
    joined = ast.parse('" ".join(m.latex.split())').body[0]
    assert isinstance(joined, ast.Expr) and isinstance(joined.value, ast.Call)
    assert not any(isinstance(c, ast.Call) and _hands_latex(c) for c in ast.walk(joined.value))
