r"""The premises of a derivation step (NL506): the equations it cites, the definitions made
before it (new names, function definitions applied to their arguments), the shapes of indexed
families, a gradient set to zero by a first-order rule, and the 4.E result's targets.
Linting process, no SymPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from notelint.math.checking import claims
from notelint.math.checking.jobs import Premise
from notelint.math.checking.step_types import StepEquation, StepTarget
from notelint.math.reading.atoms import Atom, plain_text, symbol_ref
from notelint.math.reading.model import MATH_MODEL
from notelint.math.reading.side_names import spelling
from notelint.math.reading.text_facts import (
    differentiation_variables_of,
    subscript_span,
    text_atoms,
)

if TYPE_CHECKING:
    from notelint.note import Note
    from notelint.parse.steps import Step


def with_arguments(latex: str, functions: dict[str, tuple[tuple[str, ...], str]]) -> str:
    r"""``\frac{\partial \ell}{\partial \mu}`` of a defined ``\ell(\mu, \sigma)`` written with its
    arguments, ``\frac{\partial}{\partial \mu} \ell(\mu, \sigma)``, so the derivative of the
    cited definition can be taken. The fractions are found in the text's atoms (a numerator of
    a differential and one name, at any depth) and rewritten at their offsets."""
    atoms = text_atoms(latex)
    if not atoms:
        return latex
    edits: list[tuple[int, int, str]] = []
    _bare_derivatives(atoms, latex, functions, edits)
    for start, end, replacement in sorted(edits, reverse=True):
        latex = latex[:start] + replacement + latex[end:]
    return latex


def _bare_derivatives(
    atoms: list[Atom],
    latex: str,
    functions: dict[str, tuple[tuple[str, ...], str]],
    edits: list[tuple[int, int, str]],
) -> None:
    for a in atoms:
        if a.kind == "macro" and a.text == "frac" and len(a.args) == 2 and a.args[1] and a.sub is None:
            top = a.args[0]
            if len(top) == 2 and _differential(top[0]) and _one_name(top[1]):
                name = latex[top[1].start : top[1].end]
                params = functions.get(name, ((), ""))[0]
                if params:
                    by = latex[a.args[1][0].start : a.args[1][-1].end]
                    d = latex[top[0].start : top[0].end]
                    call = name + "(" + ", ".join(params) + ")"
                    edits.append((a.start, a.head_end, "\\frac{" + d + "}{" + by + "} " + call))
                    continue
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            _bare_derivatives(part, latex, functions, edits)


def _differential(a: Atom) -> bool:
    """``d``, ``\\partial``, ``\\mathrm{d}`` with no script."""
    if a.sub is not None or a.sup is not None or a.primes:
        return False
    if a.kind == "letter":
        return a.text == "d"
    return a.is_macro("partial") or (a.is_macro("mathrm") and bool(a.args) and plain_text(a.args[0]) == "d")


def _one_name(a: Atom) -> bool:
    """One letter or one argument-less macro (``\\ell``), with no script."""
    if a.sub is not None or a.sup is not None or a.primes:
        return False
    return a.kind == "letter" or (a.kind == "macro" and not a.args)


def note_variables(note: Note) -> tuple[str, ...]:
    """The variables the note's derivation differentiates in, as symbol keys without their
    index (``w`` of ``\\nabla_w``, ``\\mu`` of ``\\frac{\\partial \\ell}{\\partial \\mu}``)."""
    found: set[str] = set()
    for math in note.math:
        found |= differentiation_variables_of(math.facet(MATH_MODEL).atoms)
    return tuple(sorted(found))


def solved_variables(variables: tuple[str, ...]) -> tuple[str, ...]:
    """The variables a :class:`~notelint.math.checking.jobs.FollowsJob` solves for first: those
    written as a plain letter or Greek letter (``w``, ``\\theta``). A decorated or bold variable
    (``\\hat x``, ``\\mathbf{w}``) is left out, as the regex reader left it (it read a fragment,
    ``\\hat``, that named nothing): preferring it changes which unknown the worker solves for,
    and on 03-batch-normalisation made a step time out instead of ending unknown at once."""
    return tuple(v for v in variables if len(v) == 1 or (v.startswith("\\") and v[1:].isalpha()))


def _estimated(name: str) -> tuple[str, str] | None:
    """``\\hat w_t`` / ``\\widehat{\\theta}``: the estimated symbol's key (``w``) and the name
    written without the hat (``w_t``); None for a name that is not an estimate."""
    atoms = text_atoms(name)
    if len(atoms) != 1 or not atoms[0].is_macro("hat", "widehat") or len(atoms[0].args) != 1:
        return None
    hat, inner = atoms[0], atoms[0].args[0]
    ref = symbol_ref(inner[0]) if len(inner) == 1 else None
    if ref is None:
        return None
    written = name[inner[0].start : inner[-1].end] + name[hat.head_end : hat.end]
    return ref.key, written


def is_new_name(left: str, right: str, earlier: list[StepEquation], variables: tuple[str, ...]) -> bool:
    """``r = y - \\hat y``: a name no earlier equation mentions, defined here. An estimator
    ``\\hat w`` of a variable the derivation differentiates in (``\\nabla_w``) is not new: it
    names the solution of an earlier equation in ``w`` (``\\hat y`` beside data ``y`` is new)."""
    if not claims.is_bare(left):
        return False
    name = claims.full_name(left)
    if claims.mentions(right, name):
        return False
    estimate = _estimated(name)
    estimator = estimate is not None and estimate[0] in variables
    plain = estimate[1] if estimate is not None else name
    for e in earlier:
        for text in [e.text, *(l + " " + r for l, r in e.pairs)]:
            if claims.mentions(text, name) or (estimator and claims.mentions(text, plain)):
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


def family_shapes(
    shapes: dict[str, tuple[int | str, int | str]], text: str
) -> dict[str, tuple[int | str, int | str]]:
    """``x_t ∈ ℝ^D`` with ``t`` an index declares a family: ``x_{t-1}``, ``x_0``, ``x_T`` in
    ``text`` have its shape (a subscript of two letters, ``X_{ij}``, is an entry, not a member).
    Read from atoms: the member's symbol is the family's and its subscript one letter or digit,
    or two joined by ``+``/``-``; the member is keyed as written, without spaces."""
    # an index is a one-letter scalar that sizes nothing: with d a size, \\mathbf I_d is the
    # identity of size d, not a family whose member \\mathbf I_n would be d x d
    sizes = {d for shape in shapes.values() for d in shape if isinstance(d, str)}
    indices = {
        k for k, v in shapes.items() if v == (1, 1) and len(k) == 1 and "a" <= k <= "z" and k not in sizes
    }
    families: dict[str, tuple[str, tuple[int | str, int | str]]] = {}
    for key, shape in shapes.items():
        atoms = text_atoms(key)
        if shape == (1, 1) or len(atoms) != 1 or atoms[0].sup is not None or atoms[0].primes:
            continue
        sub = _flat(atoms[0].sub or [])
        if len(sub) == 1 and _plain(sub[0]) and sub[0].kind == "letter" and sub[0].text in indices:
            written = key[atoms[0].start : atoms[0].head_end].strip()
            families.setdefault(spelling([_head(atoms[0])]), (written, shape))
    out: dict[str, tuple[int | str, int | str]] = {}
    if families:
        _members(text_atoms(text), families, out)
    return out


def _members(
    atoms: list[Atom],
    families: dict[str, tuple[str, tuple[int | str, int | str]]],
    out: dict[str, tuple[int | str, int | str]],
) -> None:
    for a in atoms:
        family = families.get(spelling([_head(a)])) if a.sub is not None else None
        sub = _flat(a.sub or [])
        if family is not None and _instance(sub):
            written, shape = family
            index = "".join(x.text for x in sub)
            out.setdefault(f"{written}_{index}" if len(sub) == 1 else f"{written}_{{{index}}}", shape)
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            _members(part, families, out)


def _instance(sub: list[Atom]) -> bool:
    """A member's subscript: ``t-1``, ``0``, ``T``, ``t+1`` (not ``ij``: an entry)."""
    if not all(_plain(x) for x in sub):
        return False
    if len(sub) == 1:
        return sub[0].kind in ("letter", "digit") and len(sub[0].text) == 1
    return (
        len(sub) == 3
        and all(x.kind in ("letter", "digit") and len(x.text) == 1 for x in (sub[0], sub[2]))
        and sub[1].is_op("+", "-")
    )


def _head(a: Atom) -> Atom:
    """The atom without its scripts and primes (its symbol as written)."""
    return Atom(a.tok, a.inner, a.args, end=a.head_end)


def _plain(a: Atom) -> bool:
    return a.sub is None and a.sup is None and not a.primes


def _flat(script: list[Atom]) -> list[Atom]:
    return script[0].inner if len(script) == 1 and script[0].kind == "group" else script


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
            atoms = text_atoms(left)
            # a Hessian (or ∇²f(w)v) set to zero is no first-order condition: "∇²f(w)v = Av"
            # read as Av = 0 made a false step (2εAv = εAv) follow
            derivative = _written_derivative(atoms) and not _higher_derivative(atoms)
            out.append(Premise(e.label, left, right, cited, zero and derivative))
    return out


def _written_derivative(atoms: list[Atom]) -> bool:
    """A premise whose left side is a derivative, as the CAS worker's ``follows`` reads one:
    ``\\nabla``, ``\\partial``, ``\\frac{d…}{…}`` (``\\frac`` only, as there), ``\\mathrm{d}``
    or a prime, anywhere in it."""
    for a in atoms:
        if a.is_macro("nabla", "partial") or a.primes:
            return True
        if (
            a.is_macro("frac")
            and a.args
            and a.args[0]
            and a.args[0][0].kind == "letter"
            and a.args[0][0].text == "d"
        ):
            return True
        if a.is_macro("mathrm") and a.args and plain_text(a.args[0]) == "d":
            return True
        if any(_written_derivative(part) for part in (a.inner, *a.args, a.sub or [], a.sup or [])):
            return True
    return False


def _higher_derivative(atoms: list[Atom]) -> bool:
    """A derivative of order two or more anywhere in ``atoms``: ``\\nabla^2``, ``\\partial^2``,
    ``\\frac{d^2 …}{…}``, two primes."""
    for a in atoms:
        if a.is_macro("nabla", "partial") and a.sup:
            return True
        if a.primes >= 2 or (a.kind == "letter" and a.text == "d" and a.sup):
            return True
        if any(_higher_derivative(part) for part in (a.inner, *a.args, a.sub or [], a.sup or [])):
            return True
    return False


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
        for box in _boxes(math.facet(MATH_MODEL).atoms):
            relation = _one_equals(box.args[0])
            opening = math.latex.find("{", box.start, box.head_end)
            closing = box.head_end - 1
            if relation is None or opening < 0 or math.latex[closing] != "}":
                continue
            left = math.latex[opening + 1 : relation.start].strip()
            right = math.latex[relation.end : closing].strip()
            if not left or not right:
                continue
            start, end = math.content_start + opening + 1, math.content_start + closing
            # a result that repeats a step follows from it (a wrong step is reported there)
            out.append(StepTarget(start, end, left, right, "4.E", steps, False, False, list(earlier)))
    return out


def _boxes(atoms: list[Atom]) -> list[Atom]:
    """The ``\\boxed{…}`` atoms, at any depth, in order."""
    out: list[Atom] = []
    for a in atoms:
        if a.is_macro("boxed") and a.args:
            out.append(a)
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            out.extend(_boxes(part))
    return out


def _one_equals(atoms: list[Atom]) -> Atom | None:
    """The ``=`` of a box that states one equation: the only ``=`` in it, at its top level
    (a box with ``\\sum_{i=1}`` or two equations is not a result to derive)."""
    top = [a for a in atoms if a.is_op("=")]
    if len(top) != 1 or _equals_count(atoms) != 1:
        return None
    return top[0]


def _equals_count(atoms: list[Atom]) -> int:
    return sum(
        a.is_op("=") + sum(_equals_count(part) for part in (a.inner, *a.args, a.sub or [], a.sup or []))
        for a in atoms
    )


def family_instances(premises: tuple[Premise, ...], text: str, rule_label: str) -> list[Premise]:
    r"""The ansatz ``z_k = r^k`` a step's rule states (a closed form of a family in its index;
    its premise label starts with ``rule_label``), with the members the step uses at shifted
    indices, ``z_{k+1} = r^{k+1}`` and ``z_{k-1} = r^{k-1}``; a recursion
    (``a_t = \gamma a_{t-1}``) gives nothing. Read from atoms: the member ``z_k`` is one
    symbol with a one-letter subscript, the shifts are the braced subscripts of that symbol
    in the step, and the index is replaced where it stands as a letter of its own."""
    out: list[Premise] = []
    used = " ".join([text, *(f"{p.left} {p.right}" for p in premises)])
    for p in premises:
        member = _member(p.left) if p.label.startswith(rule_label) else None
        if member is None:
            continue
        name, head, index = member
        right = text_atoms(p.right)
        if not _letter_at(right, index) or claims.mentions(p.right, name):
            continue
        out.append(p)
        shifts: set[str] = set()
        _shifts(text_atoms(used), used, head, shifts)
        for shift in sorted(shifts):
            if shift.strip() != index and _letter_at(text_atoms(shift), index):
                value = _replace_letter(p.right, right, index, "{(" + shift + ")}")
                out.append(Premise(p.label, f"{name}_{{{shift}}}", value, p.cited, p.zero))
    return out


def _member(latex: str) -> tuple[str, str, str] | None:
    """``z_k`` / ``\\alpha_{t}``: the symbol as written, its spelling and the index letter."""
    atoms = text_atoms(latex)
    if len(atoms) != 1 or atoms[0].sup is not None or atoms[0].primes:
        return None
    a = atoms[0]
    if not (a.kind == "letter" or (a.kind == "macro" and not a.args)):
        return None
    sub = _flat(a.sub or [])
    if len(sub) != 1 or not _plain(sub[0]) or sub[0].kind != "letter":
        return None
    return latex[a.start : a.head_end], spelling([_head(a)]), sub[0].text


def _standalone_letters(atoms: list[Atom], letter: str) -> list[Atom]:
    """The atoms that are ``letter`` written as a letter of its own (not inside a run ``kr``)."""
    out: list[Atom] = []
    for k, a in enumerate(atoms):
        if a.kind == "letter" and a.text == letter:
            before = atoms[k - 1] if k else None
            after = atoms[k + 1] if k + 1 < len(atoms) else None
            joined = (
                before is not None
                and before.kind == "letter"
                and before.end == a.start
                and not before.sub
                and not before.sup
            ) or (
                after is not None
                and after.kind == "letter"
                and after.start == a.end
                and not a.sub
                and not a.sup
            )
            if not joined:
                out.append(a)
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            out.extend(_standalone_letters(part, letter))
    return out


def _letter_at(atoms: list[Atom], letter: str) -> bool:
    return bool(_standalone_letters(atoms, letter))


def _replace_letter(latex: str, atoms: list[Atom], letter: str, replacement: str) -> str:
    for a in sorted(_standalone_letters(atoms, letter), key=lambda x: x.start, reverse=True):
        latex = latex[: a.start] + replacement + latex[a.head_end :]
    return latex


def _shifts(atoms: list[Atom], text: str, head: str, out: set[str]) -> None:
    """The braced subscripts ``z_{k+1}`` of the symbol spelt ``head`` in ``atoms``, as written."""
    for a in atoms:
        script = subscript_span(text, a) if a.sub and spelling([_head(a)]) == head else None
        if script is not None and script[3]:
            out.add(text[script[1] : script[2]])
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            _shifts(part, text, head, out)
