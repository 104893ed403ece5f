r"""Macros a note defines, expanded in the math model: ``\newcommand``/``\def``/
``\DeclareMathOperator`` in any of its math spans, and front-matter macros.

Front matter: MyST's ``math:`` mapping (``'\R': '\mathbb{R}'``) and the MathJax 3
configuration shape Jupyter Book and Quarto pass through (``tex: macros:``, anywhere in the
front matter, a body or ``[body, arguments]``). A macro without arguments is expanded where
it is used, before the model reads the span: ``$x\in\R^{d}$`` declares a vector of size
``d``, exactly as ``$x\in\mathbb{R}^{d}$`` does. Expanded tokens take the offsets of the
macro as written, so findings point at ``\R``. Macros with arguments, and bodies that are
fragments (``\left(``, ``#1``), are known but not expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notelint.math.reading.tokens import Tok, tokenize_nodes
from notelint.math.reading.vocabulary import vocabulary

if TYPE_CHECKING:
    from notelint.note import MathScope, MathSpan

#: how deep a body may use other note macros
_MAX_DEPTH = 5
#: in a body, these make it a fragment rather than an expression
_FRAGMENT = ("#", "\\left", "\\right", "\\begin", "\\end", "\\big", "\\Big")


@dataclass(frozen=True)
class Macro:
    """``name`` with its backslash (``\\R``); ``body`` LaTeX; ``arguments`` it takes."""

    name: str
    body: str
    arguments: int = 0

    @property
    def expands(self) -> bool:
        return self.arguments == 0 and bool(self.body.strip()) and not any(f in self.body for f in _FRAGMENT)


def note_macros(span: MathSpan) -> dict[str, Macro]:
    """The macros of the note ``span`` belongs to (front matter first, then its math in order;
    a later definition wins, as in LaTeX)."""
    scope = span.scope
    if scope is None:
        return definitions_in(span)
    if scope.macros is None:
        scope.macros = _collect(scope)
    return scope.macros


def _collect(scope: MathScope) -> dict[str, Macro]:
    table = front_matter_macros(scope.front_matter)
    for span in scope.spans:
        table.update(definitions_in(span))
    return table


def definitions_in(span: MathSpan) -> dict[str, Macro]:
    """The macros one span defines (read from its LaTeX tree)."""
    definers = vocabulary().macro_definers  # their arguments are never expanded
    if not any(f"\\{d}" in span.latex for d in definers):
        return {}  # no definer in the text: no need to read the tree
    from notelint.parse.latex import LATEX_TREE

    out: dict[str, Macro] = {}
    _definitions(tokenize_nodes(span.facet(LATEX_TREE).nodes), span.latex, out)
    return out


def _definitions(toks: list[Tok], latex: str, out: dict[str, Macro]) -> None:
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.kind == "macro" and t.text in vocabulary().macro_definers:
            if len(t.args) >= 2 and t.args[0] and t.args[0][0].kind == "macro":
                name = "\\" + t.args[0][0].text
                arguments = _arity(t.args[1:-1])
                body = _text(t.args[-1], latex)
                if t.text == "DeclareMathOperator":
                    body, arguments = f"\\operatorname{{{body}}}", 0
                out[name] = Macro(name, body, arguments)
            elif k + 2 < len(toks) and toks[k + 1].kind == "macro" and toks[k + 2].kind == "group":
                # \def\bw{…}: the name and the body follow as tokens
                body_toks = toks[k + 2].args[0] if toks[k + 2].args else []
                name = "\\" + toks[k + 1].text
                out[name] = Macro(name, _text(body_toks, latex))
                k += 3
                continue
        else:
            for arg in t.args:
                _definitions(arg, latex, out)
        k += 1


def _arity(optional: list[list[Tok]]) -> int:
    """``\\newcommand{\\f}[1]{…}``: the ``[1]``."""
    for arg in optional:
        digits = "".join(t.text for t in arg if t.kind == "digit")
        if digits:
            return int(digits)
    return 0


def _text(toks: list[Tok], latex: str) -> str:
    return latex[toks[0].start : toks[-1].end] if toks else ""


def front_matter_macros(front_matter: str) -> dict[str, Macro]:
    """Macros of a YAML front matter (``---`` fences included or not); {} when there are
    none or it is not YAML."""
    text = front_matter.strip()
    if not text.startswith("---"):
        return {}
    if "math" not in text and "macros" not in text:
        return {}  # neither MyST's ``math:`` nor a MathJax ``macros:`` key: no YAML to load
    import yaml  # front matter only: most notes have none

    body = text[3:]
    end = body.rfind("\n---")
    if end < 0:
        end = body.rfind("\n...")
    try:
        data = yaml.safe_load(body[:end] if end >= 0 else body)
    except yaml.YAMLError:
        return {}
    out: dict[str, Macro] = {}
    if isinstance(data, dict):
        _mapping(data.get("math"), out)  # MyST
        _mathjax(data, out, 0)
    return out


def _mathjax(data: Any, out: dict[str, Macro], depth: int) -> None:
    """``tex: {macros: {…}}`` anywhere (MathJax 3 configuration under any key)."""
    if depth > 6 or not isinstance(data, dict):
        return
    tex = data.get("tex")
    if isinstance(tex, dict):
        _mapping(tex.get("macros"), out)
    for value in data.values():
        _mathjax(value, out, depth + 1)


def _mapping(macros: Any, out: dict[str, Macro]) -> None:
    if not isinstance(macros, dict):
        return
    for key, value in macros.items():
        if not isinstance(key, str) or not key.strip():
            continue
        name = key.strip() if key.strip().startswith("\\") else "\\" + key.strip()
        if isinstance(value, str):
            out[name] = Macro(name, value)
        elif isinstance(value, list) and value and isinstance(value[0], str):
            arguments = value[1] if len(value) > 1 and isinstance(value[1], int) else 0
            out[name] = Macro(name, value[0], arguments)


#: most tokens the expansions of one span may add (``\\def\\a{\\a\\a}`` doubles at each level)
_BUDGET = 2000


def expand(
    toks: list[Tok], macros: dict[str, Macro], depth: int = 0, budget: list[int] | None = None
) -> list[Tok]:
    """``toks`` with every use of an argument-free note macro replaced by its body's tokens,
    placed at the offsets of the use (at most :data:`_BUDGET` tokens added per span)."""
    if budget is None:
        budget = [_BUDGET]
    out: list[Tok] = []
    keep = 0  # tokens of a definition still to copy as written
    for t in toks:
        if keep:
            keep -= 1
            out.append(t)
            continue
        if t.kind == "macro" and t.text in vocabulary().macro_definers:
            out.append(t)  # the definition itself is not a use
            keep = 0 if t.args else 2  # \def\bw{…}: the name and the body follow
            continue
        macro = macros.get("\\" + t.text) if t.kind == "macro" and not t.args else None
        if macro is not None and macro.expands and depth < _MAX_DEPTH and budget[0] > 0:
            body = expand(_body_tokens(macro.body), macros, depth + 1, budget)
            budget[0] -= len(body)
            out.extend(_placed(x, t.start, t.end) for x in body)
            continue
        if t.args:
            t = Tok(t.kind, t.text, t.start, t.end, [expand(a, macros, depth, budget) for a in t.args])
        out.append(t)
    return out


_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
#: a body that reads as one atom where it stands (``\mathbf{x}``, ``\alpha``, ``x``) needs no
#: braces; any other (``x+y``) is braced so that ``\s^2`` stays the square of the whole body
_ATOM = re.compile(r"\\[A-Za-z]+(?:\{[^{}]*\})*|[A-Za-z0-9]")
#: nor does an operator that takes what follows (``\sumN`` of ``\sum_{n=1}^N``): braced, it
#: would have no operand
_OPERATOR = re.compile(r"\\(?:sum|prod|int|iint|oint|lim|max|min|sup|inf|arg\w*|big\w+)(?![A-Za-z])")


def expandable(macros: dict[str, Macro]) -> tuple[tuple[str, str, int], ...]:
    """The macros of ``macros`` as (name, body, arguments): what a CAS job carries."""
    return tuple((m.name, m.body, m.arguments) for m in macros.values() if m.body.strip())


def expand_text(latex: str, macros: tuple[tuple[str, str, int], ...]) -> str:
    """``latex`` with every use of a note macro replaced by its body, its arguments (braced
    groups or single tokens) put in for ``#1``…``#9``, as text: the CAS reads the LaTeX it is
    sent, where the model expands tokens (keeping offsets) and only macros without arguments.
    A use without all its arguments is left as written."""
    if not macros or "\\" not in latex:
        return latex
    table = {name[1:]: (body.strip(), arguments) for name, body, arguments in macros}
    budget = _BUDGET * 8
    for _ in range(_MAX_DEPTH):
        out: list[str] = []
        at = 0
        for m in _CONTROL_WORD.finditer(latex):
            if m.start() < at:
                continue  # inside an argument already taken
            found = table.get(m[1])
            if found is None or budget <= 0:
                continue
            body, arguments = found
            end, values = _arguments(latex, m.end(), arguments)
            if values is None:
                continue
            for k, value in enumerate(values, 1):
                body = body.replace(f"#{k}", value)
            budget -= len(body)
            fragment = any(f in body for f in _FRAGMENT) or _OPERATOR.match(body)
            out.append(latex[at : m.start()])
            out.append(body if fragment or _ATOM.fullmatch(body) else "{" + body + "}")
            at = end
        if not out:
            break
        latex = "".join(out) + latex[at:]
    return latex


def _arguments(latex: str, at: int, count: int) -> tuple[int, list[str] | None]:
    """The ``count`` arguments that follow offset ``at`` (a braced group without its braces, a
    control word, or one character) and the offset after them; None when one is missing."""
    values: list[str] = []
    for _ in range(count):
        while at < len(latex) and latex[at].isspace():
            at += 1
        if at >= len(latex) or latex[at] in "}^_&":
            return at, None
        if latex[at] == "{":
            depth, k = 0, at
            while k < len(latex):
                if latex[k] == "\\":
                    k += 2
                    continue
                depth += {"{": 1, "}": -1}.get(latex[k], 0)
                if depth == 0:
                    break
                k += 1
            if k >= len(latex):
                return at, None
            values.append(latex[at + 1 : k])
            at = k + 1
        elif latex[at] == "\\":
            word = _CONTROL_WORD.match(latex, at)
            end = word.end() if word else at + 2
            values.append(latex[at:end])
            at = end
        else:
            values.append(latex[at])
            at += 1
    return at, values


def _body_tokens(body: str) -> list[Tok]:
    from notelint.parse.latex import parse_latex

    return tokenize_nodes(parse_latex(body).nodes)


def _placed(t: Tok, start: int, end: int) -> Tok:
    return Tok(t.kind, t.text, start, end, [[_placed(x, start, end) for x in a] for a in t.args])
