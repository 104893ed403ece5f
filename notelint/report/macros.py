"""LaTeX macros a note defines (``\\newcommand``, ``\\renewcommand``, ``\\def``,
``\\DeclareMathOperator``), expanded before rendering.

Books and course notes often define their shorthands in a math block (``\\newcommand{\\bx}
{\\mathbf{x}}``); without them most of their equations could only be shown as source.
Expansion is bounded (passes and length), so a recursive definition cannot hang the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from notelint.parse.latex_scan import group_end

#: expansion stops after this many passes or this much text (recursive definitions)
MAX_PASSES = 8
MAX_LENGTH = 40_000

_DEFINITION = re.compile(
    r"\\(?:re)?newcommand\*?\s*(?:\{\s*\\(?P<name>[A-Za-z]+)\s*\}|\\(?P<bare>[A-Za-z]+))"
    r"\s*(?:\[(?P<params>\d)\])?\s*(?:\[[^\]]*\])?\s*\{"
    r"|\\DeclareMathOperator\*?\s*(?:\{\s*\\(?P<op>[A-Za-z]+)\s*\}|\\(?P<opbare>[A-Za-z]+))\s*\{"
    r"|\\def\s*\\(?P<defname>[A-Za-z]+)(?P<defparams>(?:#\d)*)\s*\{"
)
_USE = re.compile(r"\\([A-Za-z]+)")


@dataclass(frozen=True)
class Macro:
    params: int
    body: str


def definitions(latex: str) -> tuple[dict[str, Macro], str]:
    """The macros ``latex`` defines, and ``latex`` without the definitions."""
    found: dict[str, Macro] = {}
    rest: list[str] = []
    cursor = 0
    for m in _DEFINITION.finditer(latex):
        if m.start() < cursor:
            continue
        end = group_end(latex, m.end() - 1)
        if end is None:
            break
        body = latex[m.end() : end - 1]
        if m.group("op") or m.group("opbare"):
            name = m.group("op") or m.group("opbare")
            macro = Macro(0, r"\mathrm{" + body + "}")
        elif m.group("defname"):
            name = m.group("defname")
            macro = Macro(len(m.group("defparams")) // 2, body)
        else:
            name = m.group("name") or m.group("bare")
            macro = Macro(int(m.group("params") or 0), body)
        found[name] = macro
        rest.append(latex[cursor : m.start()])
        cursor = end
    rest.append(latex[cursor:])
    return found, "".join(rest)


def collect(sources: Iterable[str]) -> dict[str, Macro]:
    """Every macro defined in a note's math, later definitions winning."""
    macros: dict[str, Macro] = {}
    for latex in sources:
        if "\\newcommand" in latex or "\\renewcommand" in latex or "\\def" in latex or "\\Declare" in latex:
            macros.update(definitions(latex)[0])
    return macros


def _argument(text: str, at: int) -> tuple[str, int] | None:
    """One macro argument at ``at``: a brace group or a single token."""
    while at < len(text) and text[at] in " \t\n":
        at += 1
    if at >= len(text):
        return None
    if text[at] == "{":
        end = group_end(text, at)
        return None if end is None else (text[at + 1 : end - 1], end)
    if text[at] == "\\":
        m = _USE.match(text, at)
        end = m.end() if m else at + 2
        return text[at:end], end
    return text[at], at + 1


def expand(latex: str, macros: dict[str, Macro]) -> str:
    """``latex`` with the note's macros expanded (bounded; what cannot expand is left)."""
    if not macros:
        return latex
    for _ in range(MAX_PASSES):
        out: list[str] = []
        cursor = 0
        changed = False
        size = 0
        for m in _USE.finditer(latex):
            if m.start() < cursor:
                continue
            macro = macros.get(m.group(1))
            if macro is None:
                continue
            body, end = macro.body, m.end()
            for k in range(1, macro.params + 1):
                arg = _argument(latex, end)
                if arg is None:
                    break
                body = body.replace(f"#{k}", arg[0])
                end = arg[1]
            out.append(latex[cursor : m.start()])
            out.append(body)  # textual, as TeX expands: \ab^2 with \ab = a+b is a+b^2
            size += m.start() - cursor + len(body)
            if size > MAX_LENGTH:
                return latex  # expands without bound: left as written (shown as source)
            cursor = end
            changed = True
        out.append(latex[cursor:])
        latex = "".join(out)
        if not changed or len(latex) > MAX_LENGTH:
            break
    return latex
