r"""The premises of a derivation step (NL506): the equations it cites, the definitions made
before it (new names, function definitions applied to their arguments), the shapes of indexed
families, a gradient set to zero by a first-order rule, and the 4.E result's targets.
Linting process, no SymPy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from notelint.math.checking import claims
from notelint.math.checking.jobs import Premise
from notelint.math.checking.step_types import StepEquation, StepTarget

if TYPE_CHECKING:
    from notelint.note import Note
    from notelint.parse.steps import Step


_DERIVATIVE = re.compile(r"\\nabla|\\partial|\\frac\s*\{\s*d|\\mathrm\{d\}|'")


#: the variable of a gradient or derivative: \nabla_w, {\partial \mu} in a denominator, \partial_\theta
_VARIABLE = re.compile(
    r"\\nabla_\{?\s*(\\?[A-Za-z]+)|\}\s*\{\s*(?:\\partial|d|\\mathrm\{d\})\s*\{?\s*(\\?[A-Za-z]+)"
    r"|\\partial_\{?\s*(\\?[A-Za-z]+)"
)


_BARE_DERIVATIVE = re.compile(
    r"\\frac\s*\{\s*(?P<d>\\partial|d|\\mathrm\{d\})\s*(?P<name>\\[A-Za-z]+|[A-Za-z])\s*\}"
    r"\s*\{(?P<by>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
)


def with_arguments(latex: str, functions: dict[str, tuple[tuple[str, ...], str]]) -> str:
    r"""``\frac{\partial \ell}{\partial \mu}`` of a defined ``\ell(\mu, \sigma)`` written with its
    arguments, so the derivative of the cited definition can be taken."""

    def add(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in functions or not functions[name][0]:
            return m.group(0)
        call = name + "(" + ", ".join(functions[name][0]) + ")"
        return "\\frac{" + m.group("d") + "}{" + m.group("by") + "} " + call

    return _BARE_DERIVATIVE.sub(add, latex)


def note_variables(note: Note) -> tuple[str, ...]:
    """The variables the note's derivation differentiates in."""
    found: set[str] = set()
    for math in note.math:
        for m in _VARIABLE.finditer(math.latex):
            found.add(m.group(1) or m.group(2) or m.group(3))
    return tuple(sorted(found))


def is_new_name(left: str, right: str, earlier: list[StepEquation], variables: tuple[str, ...]) -> bool:
    """``r = y - \\hat y``: a name no earlier equation mentions, defined here. An estimator
    ``\\hat w`` of a variable the derivation differentiates in (``\\nabla_w``) is not new: it
    names the solution of an earlier equation in ``w`` (``\\hat y`` beside data ``y`` is new)."""
    if not claims.is_bare(left):
        return False
    name = claims.full_name(left)
    if claims.mentions(right, name):
        return False
    plain = re.sub(r"\\(?:hat|widehat)\s*\{?(\\?[A-Za-z]+)\}?", r"\1", name)
    base = re.match(r"\\?[A-Za-z]+", plain)
    estimator = plain != name and base is not None and base.group(0) in variables
    for e in earlier:
        for l, r in e.pairs:
            if claims.mentions(l + " " + r, name) or (estimator and claims.mentions(l + " " + r, plain)):
                return False
    return True


def cited_equations(note: Note, step: Step, index: Any, earlier: list[StepEquation]) -> list[StepEquation]:
    """The earlier equations the step references by number or label."""
    by_label = {e.label: e for e in earlier}
    out: list[StepEquation] = []
    for ref in step.references:
        found: list[Any] = []
        if ref.kind == "number":
            found = index.by_number(ref.target)
        else:
            found = [eq for _name, eq in index.labels.get(ref.target, [])]
        for eq in found:
            if eq.number is not None and f"({eq.number})" in by_label:
                e = by_label[f"({eq.number})"]
                if e not in out and e.start < step.span.start:
                    out.append(e)
    return out


_FAMILY = re.compile(r"^(?P<base>.+?)_\{?(?P<index>[A-Za-z])\}?$")


_ONE_TOKEN = re.compile(r"\{\s*(\\[A-Za-z]+|[A-Za-z0-9])\s*\}")


#: an instance's subscript: t-1, 0, T, t+1 (not ij: an entry)
_INSTANCE = r"_(?:\{\s*[A-Za-z0-9](?:\s*[+-]\s*[A-Za-z0-9])?\s*\}|[A-Za-z0-9])(?![A-Za-z0-9])"


def family_shapes(
    shapes: dict[str, tuple[int | str, int | str]], text: str
) -> dict[str, tuple[int | str, int | str]]:
    """``x_t ∈ ℝ^D`` with ``t`` an index declares a family: ``x_{t-1}``, ``x_0``, ``x_T`` in
    ``text`` have its shape (a subscript of two letters, ``X_{ij}``, is an entry, not a member)."""
    indices = {k for k, v in shapes.items() if v == (1, 1) and re.fullmatch(r"[a-z]", k)}
    compact = _ONE_TOKEN.sub(r"\1", text)
    out: dict[str, tuple[int | str, int | str]] = {}
    for key, shape in shapes.items():
        m = _FAMILY.match(_ONE_TOKEN.sub(r"\1", key))
        if m is None or m.group("index") not in indices or shape == (1, 1):
            continue
        base = r"(?<![A-Za-z\\])" + re.escape(m.group("base")) + r"(?![A-Za-z])\s*"
        for hit in re.finditer(base + _INSTANCE, compact):
            out.setdefault(re.sub(r"\s+", "", hit.group(0)), shape)
    return out


def definition_premises(t: StepTarget, premises: tuple[Premise, ...]) -> list[Premise]:
    """The definitions made before the step whose names the step or its premises use (and
    those the used definitions use), the latest definition of each name, as premises
    ``name = value`` (the worker substitutes them)."""
    from notelint.math.checking.jobs import Premise

    latest: dict[str, tuple[str, str, str]] = {}
    for e in t.definitions:
        for name, value in e.pairs:
            latest[claims.full_name(name)] = (e.label, name, value)
    text = " ".join([t.left, t.right, *(f"{p.left} {p.right}" for p in premises)])
    given = {(p.left, p.right) for p in premises}
    chosen: dict[str, Premise] = {}
    for _round in range(3):
        for key, (label, name, value) in latest.items():
            if key not in chosen and claims.mentions(text, key) and (name, value) not in given:
                chosen[key] = Premise(label, name, value, cited=False)
                text += f" {value}"
    return list(chosen.values())


def as_premises(equations: list[StepEquation], zero: bool, cited: bool) -> list[Premise]:
    from notelint.math.checking.jobs import Premise

    out: list[Premise] = []
    for e in equations:
        for left, right in e.pairs:
            derivative = bool(_DERIVATIVE.search(left))
            out.append(Premise(e.label, left, right, cited, zero and derivative))
    return out


def stationarity_premises(
    equations: list[StepEquation],
    functions: dict[str, tuple[tuple[str, ...], str]],
    shapes: dict[str, tuple[int | str, int | str]],
) -> list[Premise]:
    r""" "Set the gradient of (1) to zero" with (1) defining ``J(w)``: the premise ``\nabla_w J(w) = 0``
    (``\partial J/\partial x = 0`` for a scalar parameter), one per parameter."""
    from notelint.math.checking.jobs import Premise

    out: list[Premise] = []
    for e in equations:
        for left, _right in e.pairs:
            fdef = claims.function_definition(left)
            if fdef is None or fdef[0] not in functions:
                continue
            head, params = fdef
            call = head + "(" + ", ".join(params) + ")"
            for param in params:
                rows, cols = shapes.get(param, (1, 1))
                if cols == 1 and rows != 1:
                    derivative = f"\\nabla_{{{param}}} {call}"
                else:
                    derivative = f"\\frac{{\\partial}}{{\\partial {param}}} {call}"
                out.append(Premise(e.label, derivative, "0"))
    return out


def premises_with_arguments(
    premises: list[Premise], functions: dict[str, tuple[tuple[str, ...], str]]
) -> list[Premise]:
    from notelint.math.checking.jobs import Premise

    out: list[Premise] = []
    for p in premises:
        left, right = with_arguments(p.left, functions), with_arguments(p.right, functions)
        out.append(Premise(p.label, left, right, p.cited, p.zero))
    return out


def boxed_targets(note: Note, earlier: list[StepEquation]) -> list[StepTarget]:
    """The 4.E result: each boxed relation must follow from the 4.B steps."""
    section = note.sections.get("4.E")
    steps = [e for e in earlier if e.section == "4.B"]
    if section is None or not steps:
        return []
    out: list[StepTarget] = []
    for math in note.math_in(section.body):
        for m in re.finditer(r"\\boxed\s*\{", math.latex):
            depth, i = 1, m.end()
            while i < len(math.latex) and depth:
                depth += {"{": 1, "}": -1}.get(math.latex[i], 0)
                i += 1
            inner = math.latex[m.end() : i - 1]
            parts = inner.split("=")
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                continue
            start = math.content_start + m.end()
            end = math.content_start + i - 1
            left, right = parts[0].strip(), parts[1].strip()
            # a result that repeats a step follows from it (a wrong step is reported there)
            out.append(StepTarget(start, end, left, right, "4.E", steps, False, False, list(earlier)))
    return out


#: a member of an indexed family, ``z_k`` or ``z_{k}``: the family's name and its index letter
_MEMBER = re.compile(r"(\\?[A-Za-z]+)_\{?([A-Za-z])\}?")


def family_instances(premises: tuple[Premise, ...], text: str, rule_label: str) -> list[Premise]:
    r"""The ansatz ``z_k = r^k`` a step's rule states (a closed form of a family in its index;
    its premise label starts with ``rule_label``), with the members the step uses at shifted
    indices, ``z_{k+1} = r^{k+1}`` and ``z_{k-1} = r^{k-1}``; a recursion
    (``a_t = \gamma a_{t-1}``) gives nothing."""
    out: list[Premise] = []
    used = " ".join([text, *(f"{p.left} {p.right}" for p in premises)])
    for p in premises:
        m = _MEMBER.fullmatch(p.left.strip())
        if m is None or not p.label.startswith(rule_label):
            continue
        name, index = m.groups()
        letter = re.compile(rf"(?<![A-Za-z\\]){index}(?![A-Za-z])")
        if not letter.search(p.right) or claims.mentions(p.right, name):
            continue
        out.append(p)
        shifts = set(re.findall(rf"{re.escape(name)}_\{{([^{{}}]+)\}}", used))
        for shift in sorted(shifts):
            if shift.strip() != index and letter.search(shift):
                value = letter.sub("{(" + shift.replace("\\", "\\\\") + ")}", p.right)
                out.append(Premise(p.label, f"{name}_{{{shift}}}", value, p.cited, p.zero))
    return out
