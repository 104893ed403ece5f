r"""Does a derivation step follow from its premises? (NL506; CAS worker side, imports SymPy.)

A step ``L = R`` *follows* from a premise ``L_k = R_k`` when every value of the symbols that
satisfies the premise also satisfies the step. That single test covers the combinations a
derivation cites: rearrangement (``L − R = c·(L_k − R_k)``), collecting terms, multiplying
both sides by a matrix the assumptions make invertible, inverting, substitution (a premise
``name = expr`` is substituted into the others), setting a gradient to zero (a premise
``\nabla J = R`` whose rule says "set to zero" is used as ``R = 0``).

How it is decided, at random rational points sampled under the assumptions and the
glossary's shapes (:mod:`notelint.math.cas.sampling`): every symbol but one *unknown* (a symbol or
a whole vector/matrix the step and the premise share, the step's solved-for side first) gets a
value; the premise is then solved exactly for the unknown (a linear system when the premise is
affine in it, ``sympy.solve`` for one scalar otherwise), and the step is evaluated exactly at
every solution. The step follows when it holds at every solution at every point; it does not
follow when, at two points, a solution of the premise violates it: the message names the
premise and the values (a true counterexample: the premise holds there exactly, the step
does not). Anything else (untranslatable premise, no unknown, a premise with no solution at
the points) is unknown, with the reason.

A step that is an identity on its own follows (NL501 checks identities).
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from notelint.math.cas import numeric, opaque, sampling
from notelint.math.cas.latex_sympy import Translator, canonical_name, is_matrix
from notelint.math.cas.verify import (
    Result,
    _assumptions,
    _canonical,
    _describe,
    _doit,
    _free,
    _scalarise,
    fmt,
    guarded,
)
from notelint.math.cas.verify import _entries_of as _entries
from notelint.math.checking.estimators import unhat  # noqa: F401  (re-exported for tests)
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import FollowsJob, Premise

#: sample points tried; points needed; counterexamples needed to refute
POINTS = 6
NEEDED = 3
REFUTE = 2
#: unknowns tried per premise
MAX_UNKNOWNS = 4

_DERIVATIVE = re.compile(r"\\nabla|\\partial|\\frac\s*\{\s*d|\\mathrm\{d\}")


def check_follows(job: FollowsJob) -> Result:
    """Verdict on one step (never raises for bad input: unknown instead)."""
    first = guarded(_check, job)
    if first.status != "unknown" or not job.context.values:
        return first
    # a definition substituted as it is read may be what cannot be read (ᾱ_t = ∏ α_s): the
    # definitions are premises too, so check again with the names as symbols
    plain = dataclasses.replace(job, context=dataclasses.replace(job.context, values={}))
    second = guarded(_check, plain)
    return second if second.status != "unknown" else first


@dataclass
class _Equation:
    label: str
    #: left − right (a matrix, or a scalar)
    difference: Any
    #: the left side when it is a bare name (its entry symbols), for substitution
    name: Any = None
    value: Any = None
    cited: bool = True


def _difference(left: Any, right: Any) -> Any:
    left, right = _scalarise(_doit(left)), _scalarise(_doit(right))
    # "= 0" with a vector or matrix side: the zero of that shape
    if is_matrix(left) and not is_matrix(right) and right == 0:
        right = sp.ImmutableMatrix(sp.zeros(*left.shape))
    if is_matrix(right) and not is_matrix(left) and left == 0:
        left = sp.ImmutableMatrix(sp.zeros(*right.shape))
    if is_matrix(left) != is_matrix(right):
        raise Unsupported("one side is a matrix, the other a scalar")
    if is_matrix(left):
        if left.shape != right.shape:
            raise Unsupported("the sides have different shapes")
        return sp.ImmutableMatrix(left - right)
    return left - right


def _is_bare_name(latex: str) -> bool:
    t = latex.strip()
    return bool(
        re.fullmatch(
            r"(?:\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?|\\(?:hat|bar|tilde)\s*\{?\\?[A-Za-z]+\}?)"
            r"(?:'|\^\{?\\prime\}?)*",  # w', w^\prime: the next iterate is a name too
            t,
        )
    )


def _check(job: FollowsJob) -> Result:
    """The verdict of :func:`_decide_step`."""
    return _decide_step(job, set())


def _decide_step(job: FollowsJob, atoms: set[sp.Symbol]) -> Result:
    """``atoms`` receives the opaque atoms of the step and its premises."""
    ctx = _canonical(job.context)
    dims: dict[str, int] = {}
    integers: set[str] = set()
    # the step as solved: estimators read as variables (computed by the parent, with trees)
    target_left, target_right = job.target_left, job.target_right
    tl, tr = Translator(ctx, dims), Translator(ctx, dims)
    try:
        solved_for = tl.translate(target_left)
        target = _difference(solved_for, tr.translate(target_right))
    except Unsupported as exc:
        return Result("unknown", f"notelint cannot read the step ({exc})")
    # what the step solves for: its bare left side, else the vectors its left side uses
    solved = (
        [e for e in _entries(_scalarise(solved_for)) if isinstance(e, sp.Symbol)]
        if _is_bare_name(target_left)
        else []
    )
    solved += sorted(_free(solved_for), key=lambda s: s.name)
    # the variables the derivation differentiates in are what its steps solve for
    variable_names = set()
    for v in job.variables:
        try:
            variable_names.add(canonical_name(v))
        except Unsupported:
            continue
    preferred = sorted((s for s in _free(target) if _group_name(s) in variable_names), key=lambda s: s.name)
    integers |= tl.integers | tr.integers
    premises: list[_Equation] = []
    reasons: list[str] = []
    for p in job.premises:
        try:
            premises.append(_premise(p, ctx, dims, integers))
        except Unsupported as exc:
            reasons.append(f"notelint cannot read {p.label} ({exc})")
        except (ValueError, TypeError, AttributeError, NotImplementedError, IndexError, KeyError) as exc:
            reasons.append(f"SymPy could not evaluate {p.label} ({type(exc).__name__})")
    sizes: dict[str, tuple[int, int]] = {}
    for name, (rows, cols) in tl.ctx.shapes.items():
        try:
            sizes[name] = (tl._dim(rows), tl._dim(cols))
        except Unsupported:
            continue
    assumed = _assumptions(job)  # type: ignore[arg-type]
    # substitution: a premise "name = expr" replaces the name in the step and the other premises
    subs: dict[Any, Any] = {}
    for eq in premises:
        if eq.name is None:
            continue
        if any(n in subs for n in eq.name):
            # a second definition of the same name (ŷ = Xŵ beside ŷ = Hy) is an equation
            eq.name = eq.value = None
            continue
        subs.update(eq.value)
    # definitions use each other (r = (I − H)y with H := X(XᵀX)⁻¹Xᵀ): substitute to a fixed point
    for _round in range(len(subs)):
        resolved = {k: _replace(v, subs) for k, v in subs.items()}
        if resolved == subs:
            break
        subs = resolved
    atoms |= opaque.atoms_in(target, *(eq.difference for eq in premises))
    # ℓ(w) = … with ℓ undefined only says what the atom ℓ(w) is: it constrains nothing else
    premises = [eq for eq in premises if not _only_names_an_atom(eq, premises, target)]
    written_target = target
    if subs:
        target = _replace(target, subs)
    rng_seed = hashlib.sha256(f"{job.left}|{job.right}".encode()).hexdigest()
    identity, failing = _identity(target, sizes, integers, assumed, random.Random(int(rng_seed[:16], 16)))
    if identity is True:
        return Result("holds", "an identity on its own", method="identity")
    # premises that hold everywhere (a definition substituted into itself) constrain nothing:
    # then the step must be an identity
    constraining = [
        eq
        for eq in premises
        if eq.name is None
        and _identity(eq.difference, sizes, integers, assumed, random.Random(int(rng_seed[:16], 16)))[0]
        is not True
    ]
    mentioned: set[sp.Symbol] = set()
    for eq in premises:
        mentioned |= _free(eq.difference)
    covered = _free(target) <= mentioned
    # a derivative's equation that holds by the definitions may be meant set to zero (a point
    # where (8) vanishes) in words notelint did not read: then no verdict
    derivatives = [p.label for p in job.premises if not p.zero and _DERIVATIVE.search(p.left)]
    if premises and covered and not constraining and not reasons and len(failing) >= REFUTE:
        labels = [eq.label for eq in premises]
        if atoms and not all(_fails_whatever_atoms(target, {}, [], point, atoms) for point in failing):
            return Result("unknown", _depends(atoms))
        if derivatives:
            return Result(
                "unknown",
                f"it does not hold for every value, and {derivatives[0]} only computes a derivative:"
                " if the step sets it to zero, say so in its rule",
            )
        return Result(
            "fails",
            _counterexample(failing[0], target, [], "")
            + " (what it cites only defines its symbols, so the step must hold for every value)",
            used=labels,
            method="identity",
        )
    failures: list[str] = []
    derivative_labels = set(derivatives)
    for eq in premises:
        diff = eq.difference if eq.name is not None else _replace(eq.difference, subs)
        if eq.name is None and _vacuous(diff):
            # J(w) = its own definition, ∇J = the derivative notelint computes: no constraint
            if eq.label in derivative_labels:
                reasons.insert(
                    0,
                    f"{eq.label} only computes a derivative: if the step sets it to zero, say so in its rule",
                )
            elif eq.cited:
                reasons.append(f"{eq.label} holds by the definitions alone and constrains nothing")
            continue
        try:
            verdict, detail = _entails(
                diff,
                target,
                sizes,
                integers,
                assumed,
                random.Random(int(rng_seed[:16], 16)),
                tl,
                [*preferred, *solved, *(eq.name or [])],
                atoms,
            )
        except (ValueError, TypeError, AttributeError, NotImplementedError, IndexError, KeyError) as exc:
            verdict, detail = "unknown", f"could not be evaluated ({type(exc).__name__})"
        if verdict == "holds":
            return Result("holds", eq.label, used=[eq.label], method="solve")
        if verdict == "fails":
            failures.append(detail if len(premises) == 1 else f"from {eq.label}: {detail}")
        else:
            reasons.append(f"{eq.label} {detail}")
    labels = [eq.label for eq in premises]
    if len(premises) == 1:
        if failures and not reasons:
            return Result("fails", failures[0], used=labels, method="solve")
        return Result("unknown", "; ".join(failures[:1] + reasons[:2]) or "no premise to check against")
    # several premises: the step may need them together; it fails only if it fails under all of
    # them (when one is not translatable, following from the others still counts)
    partial = len(premises) != len(job.premises)
    if not premises:
        return Result("unknown", "; ".join(failures[:1] + reasons[:2]) or "no premise to check against")
    # all premises as one system: first with the named ones substituted (C = K + s^2 I), then
    # with every premise an equation (x = -b/a beside ax + b = 0); a counterexample of either
    # satisfies every premise
    substituted = [
        e
        for eq in premises
        if eq.name is None and not _vacuous(_replace(eq.difference, subs))
        for e in _entries(_replace(eq.difference, subs))
    ]
    written = [e for eq in premises if not _vacuous(eq.difference) for e in _entries(eq.difference)]
    together = " and ".join(dict.fromkeys(labels))
    detail = "no premise to check against"
    for stacked, goal in ((substituted, target), (written, written_target)):
        if not stacked:
            continue
        verdict, detail = _entails(
            sp.ImmutableMatrix(stacked),
            goal,
            sizes,
            integers,
            assumed,
            random.Random(int(rng_seed[:16], 16)),
            tl,
            [*preferred, *solved],
            atoms,
        )
        if verdict == "holds":
            return Result("holds", together, used=labels, method="solve")
        if verdict == "fails" and partial:
            break
        if verdict == "fails":
            lead = f"(all of {together} hold) " if len(set(labels)) > 1 else ""
            return Result("fails", lead + detail, used=labels, method="solve")
    tried = [f"{together} together {detail}"] if substituted or written else []
    return Result("unknown", "; ".join([*failures[:1], *reasons[:2], *tried]))


def _premise(p: Premise, ctx: Any, dims: dict[str, int], integers: set[str]) -> _Equation:
    rt = Translator(ctx, dims)
    right = rt.translate(p.right)
    integers |= rt.integers
    if p.zero:
        r = _scalarise(_doit(right))
        zero = sp.ImmutableMatrix(sp.zeros(*r.shape)) if is_matrix(r) else sp.Integer(0)
        return _Equation(p.label, _difference(r, zero), cited=p.cited)
    lt = Translator(ctx, dims)
    left = lt.translate(p.left)
    integers |= lt.integers
    eq = _Equation(p.label, _difference(left, right), cited=p.cited)
    left_s = _scalarise(left)
    if _is_bare_name(p.left) and not (_free(left_s) & _free(right)):
        names = _entries(left_s)
        values = _entries(_scalarise(right))
        if all(isinstance(n, sp.Symbol) for n in names) and len(names) == len(values):
            eq.name = names
            eq.value = dict(zip(names, values))
    return eq


def _only_names_an_atom(eq: _Equation, premises: list[_Equation], target: Any) -> bool:
    """Does the premise hold for every value of the other symbols once an atom that occurs in
    no other equation takes the right value (``ℓ(w) = …`` with ``ℓ`` undefined)? Then it
    constrains nothing, and solving it for a symbol is wasted work."""
    own = opaque.atoms_in(eq.difference)
    if not own or is_matrix(eq.difference):
        return False
    elsewhere = _free(target).union(*(_free(o.difference) for o in premises if o is not eq))
    for atom in own - elsewhere:
        slope = sp.diff(eq.difference, atom)
        if slope.is_number and slope != 0:
            return True
    return False


def _vacuous(difference: Any) -> bool:
    """Is a premise's left − right zero as written (it holds whatever the values)?"""
    return all(e == 0 for e in _entries(difference))


def _replace(v: Any, subs: dict[Any, Any]) -> Any:
    if is_matrix(v):
        return sp.ImmutableMatrix(v.xreplace(subs))
    return v.xreplace(subs)


def _groups(
    syms: set[sp.Symbol], sizes: dict[str, tuple[int, int]], integers: set[str]
) -> list[sampling.Group]:
    return sampling.groups_of(syms, sizes, integers)


def _zero_at(v: Any, point: dict[sp.Symbol, Any]) -> tuple[bool | None, Any]:
    """Is ``v`` exactly zero at ``point``? (None: not a finite real value there.)"""
    worst = None
    for e in _entries(v):
        value = e.xreplace(point)
        s = numeric.sign(value)
        if s is None:
            return None, None
        if s != 0:
            worst = value
            return False, worst
    return True, None


def _identity(
    target: Any,
    sizes: dict[str, tuple[int, int]],
    integers: set[str],
    assumed: dict[str, Any],
    rng: random.Random,
) -> tuple[bool | None, list[dict[sp.Symbol, Any]]]:
    """Is ``target`` zero at every sample point? With the points where it is not."""
    groups = _groups(_free(target), sizes, integers)
    valid = 0
    failing: list[dict[sp.Symbol, Any]] = []
    for k in range(POINTS):
        point = sampling.point(rng, k, groups, assumed)
        ok, _ = _zero_at(target, point)
        if ok is None:
            continue
        if not ok:
            failing.append(point)
            if len(failing) >= REFUTE:
                return False, failing
            continue
        valid += 1
    if failing:
        return False, failing
    return (True if valid >= NEEDED else None), failing


def _unknowns(
    premise: Any,
    target: Any,
    sizes: dict[str, tuple[int, int]],
    integers: set[str],
    name: Any,
    assumed: dict[str, Any],
) -> list[sampling.Group]:
    shared = _free(premise) & _free(target)
    # a matrix assumed symmetric / positive-definite / orthogonal is data: solving for it
    # entrywise would leave the assumption
    groups = [
        g
        for g in _groups(shared, sizes, integers)
        if not g.integer
        and not (g.name in assumed and assumed[g.name].kind in sampling.MATRIX_KINDS - {"symmetric"})
    ]
    order = {s.name: i for i, s in reversed(list(enumerate(name or [])))}

    def rank(g: sampling.Group) -> tuple[int, bool, int, str]:
        # the step's solved-for side first, vectors before matrices before scalars
        first = min((order.get(s.name, len(order)) for s in g.entries.values()), default=len(order))
        vector = g.rows == 1 or g.cols == 1
        return (first, not (vector and len(g.entries) > 1), -len(g.entries), g.name)

    groups.sort(key=rank)
    return groups[:MAX_UNKNOWNS]


def _entails(
    premise: Any,
    target: Any,
    sizes: dict[str, tuple[int, int]],
    integers: set[str],
    assumed: dict[str, Any],
    rng: random.Random,
    tl: Translator,
    name: Any,
    atoms: set[sp.Symbol] | None = None,
) -> tuple[str, str]:
    r"""("holds" | "fails" | "unknown", detail) for "premise = 0 implies target = 0".

    With opaque ``atoms`` (what the note uses undefined), a counterexample counts only when the
    step fails there whatever values the atoms take (:func:`_fails_whatever_atoms`): a failure at
    random values of ``\partial L/\partial y_i`` may vanish at the note's values."""
    atoms = atoms or set()
    dependent = False
    extra = _free(target) - _free(premise)
    unknowns = _unknowns(premise, target, sizes, integers, name, assumed)
    if not unknowns:
        return "unknown", "shares no symbol with the step"
    all_groups = _groups(_free(premise) | _free(target), sizes, integers)
    reason = "has no solution at the sampled values"
    for unknown in unknowns:
        u_syms = [unknown.entries[key] for key in sorted(unknown.entries)]
        premise_u, target_u = premise, target
        if unknown.name in assumed and assumed[unknown.name].kind == "symmetric":
            # solve over symmetric matrices: the entry below the diagonal is the one above
            mirror = {
                sym: unknown.entries[(j, i)]
                for (i, j), sym in unknown.entries.items()
                if i > j and (j, i) in unknown.entries
            }
            premise_u, target_u = _replace(premise, mirror), _replace(target, mirror)
            u_syms = [s for s in u_syms if s not in mirror]
        group_entries = set(unknown.entries.values())
        valid = 0
        counter: list[str] = []
        nonlinear = False
        for k in range(POINTS):
            point = sampling.point(rng, k, all_groups, assumed)
            params = {s: v for s, v in point.items() if s not in group_entries}
            solved = _solve(premise_u, u_syms, params)
            if solved is not None and solved[0] and not solved[1] and _all_free(premise_u, u_syms, params):
                # the premise holds for every value of the unknown: the step must too
                solved = ([{s: point[s] for s in u_syms}], True)
            if solved is None:
                nonlinear = True
                break
            solutions, unique = solved
            kind = assumed[unknown.name].kind if unknown.name in assumed else None
            solutions = [sol for sol in solutions if _allowed(sol, kind)]
            if not solutions:
                continue
            verdicts = [_zero_at(target_u, {**params, **sol})[0] for sol in solutions]
            if all(v is None for v in verdicts):
                continue
            if (
                unique
                and all(v == 0 for v in solutions[0].values())
                and _zero_at(premise_u, params | {s: sp.Integer(0) for s in u_syms})[0]
            ):
                continue  # only the trivial solution of a homogeneous system: says nothing
            if unique:
                holds = verdicts[0] is True
            else:
                # several solutions (a singular system, ± roots): the step holds at all of them,
                # or it names one of them
                holds = all(v is not False for v in verdicts) or _picks_a_solution(
                    target_u, premise_u, u_syms, params
                )
            if not holds:
                bad = {**params, **solutions[0]}
                if atoms and not _fails_whatever_atoms(target_u, premise_u, u_syms, params, atoms):
                    dependent = True
                    continue
                counter.append(_counterexample(bad, target_u, u_syms, unknown.name))
                if len(counter) >= REFUTE:
                    break
                continue
            valid += 1
            if valid >= NEEDED and not counter:
                break
        if nonlinear:
            reason = f"cannot be solved for {unknown.name} by notelint"
            continue
        if len(counter) >= REFUTE:
            if extra:
                names = ", ".join(sorted({_group_name(s) for s in extra}))
                return "unknown", f"does not mention {names}, which the step uses"
            return "fails", counter[0]
        if valid >= NEEDED and not counter and not dependent:
            return "holds", ""
    if dependent:
        return "unknown", _depends(atoms)
    return "unknown", reason


def _depends(atoms: set[sp.Symbol]) -> str:
    return opaque.depends_message(atoms).replace("the relation", "the step")


def _fails_whatever_atoms(
    target: Any, premise: Any, u_syms: list[sp.Symbol], params: dict[sp.Symbol, Any], atoms: set[sp.Symbol]
) -> bool:
    """Does the step fail at ``params`` for *every* value of the opaque atoms? The atoms are
    left as symbols, the premise is solved for the unknown in terms of them (when there is a
    premise), and the step's left − right must then be a nonzero number: it does not depend on
    what the note leaves undefined."""
    fixed = {s: v for s, v in params.items() if s not in atoms}
    if any(s in atoms for s in u_syms):
        # the premise pins an atom down, and a law the note does not write may pin it elsewhere
        # (∂L/∂u = 0, where w = w' and the step agrees): only a failure at every value of every
        # symbol counts
        fixed = {}
    solution: dict[sp.Symbol, Any] = {}
    if u_syms:
        solved = _solve(premise, u_syms, fixed)
        if solved is None or not solved[1] or not solved[0]:
            return False
        solution = solved[0][0]
    for e in _entries(target):
        # logarithms of the atoms are of positive values wherever the step is real
        residual = sp.simplify(sp.expand_log(e.xreplace({**fixed, **solution}), force=True))
        if residual.free_symbols:
            if opaque.atoms_in(residual):
                continue  # this entry depends on the atoms
            return False
        if residual != 0:
            return True
    return False


_SIGNS = {
    "positive": (1,),
    "nonnegative": (0, 1),
    "negative": (-1,),
    "nonpositive": (-1, 0),
    "nonzero": (-1, 1),
}


def _allowed(solution: dict[sp.Symbol, Any], kind: str | None) -> bool:
    """Does a solved value respect the sign its symbol is assumed to have?"""
    if kind not in _SIGNS:
        return True
    return all(numeric.sign(v) in _SIGNS[kind] for v in solution.values())


def _group_name(s: sp.Symbol) -> str:
    m = sampling._ENTRY.fullmatch(s.name)
    return m.group("base") if m else s.name


def _all_free(premise: Any, u_syms: list[sp.Symbol], params: dict[sp.Symbol, Any]) -> bool:
    """Does the premise, at ``params``, hold whatever the unknown (no equation left)?"""
    return all(sp.expand(e.xreplace(params)) == 0 for e in _entries(premise))


def _picks_a_solution(
    target: Any, premise: Any, u_syms: list[sp.Symbol], params: dict[sp.Symbol, Any]
) -> bool:
    """Does the step name one of the premise's solutions (its own solution satisfies the premise)?"""
    solved = _solve(target, u_syms, params)
    if solved is None:
        return False
    solutions, unique = solved
    return unique and _zero_at(premise, {**params, **solutions[0]})[0] is True


def _solve(
    premise: Any, u_syms: list[sp.Symbol], params: dict[sp.Symbol, Any]
) -> tuple[list[dict[sp.Symbol, Any]], bool] | None:
    """Solutions of ``premise = 0`` for ``u_syms`` at ``params``, and whether the solution is
    unique (None: cannot solve). A linear system with free parameters gives three of its
    solutions."""
    raw = [e.xreplace(params) for e in _entries(premise)]
    expanded = [
        sp.expand(e) if not e.has(sp.exp, sp.log, sp.Pow) or e.is_polynomial(*u_syms) else e for e in raw
    ]
    pairs = [(e, r) for e, r in zip(expanded, raw) if e != 0]
    equations = [e for e, _ in pairs]
    if not equations:
        return [{s: sp.Integer(k) for s in u_syms} for k in (0, 1, 2)], False
    try:
        matrix, rhs = sp.linear_eq_to_matrix(equations, u_syms)
        linear = True
    except (sp.PolynomialError, ValueError, NotImplementedError):
        linear = False
    if linear:
        try:
            particular, free_params = sp.Matrix(matrix).gauss_jordan_solve(sp.Matrix(rhs))
        except ValueError:
            return [], False  # inconsistent at this point
        taus = list(free_params)
        out = []
        for choice in ([0] * len(taus), [1] * len(taus), list(range(2, 2 + len(taus)))):
            sol = particular.xreplace({t: sp.Integer(c) for t, c in zip(taus, choice)})
            out.append(dict(zip(u_syms, list(sol))))
            if not taus:
                break
        return out, not taus
    if len(u_syms) != 1 or len(equations) != 1:
        return None
    try:
        roots = sp.solve(pairs[0][1], u_syms[0], dict=False)
    except (NotImplementedError, ValueError, TypeError):
        return None
    out = []
    for r in roots:
        if isinstance(r, sp.Basic) and not r.free_symbols and r.is_real is not False:
            out.append({u_syms[0]: r})
    return out, len(out) == 1


def _counterexample(point: dict[sp.Symbol, Any], target: Any, u_syms: list[sp.Symbol], unknown: str) -> str:
    """Words for one counterexample: the values, the unknown solved for, what the step gives."""
    residual = [e.xreplace(point) for e in _entries(target)]
    idx = next((i for i, e in enumerate(residual) if numeric.sign(e) != 0), 0)
    given = {s: _plain(v) for s, v in point.items() if s not in u_syms}
    solved = {s: _plain(point[s]) for s in u_syms}
    where = f"entry {idx + 1} of " if len(residual) > 1 else ""
    step = f"{where}left − right of the step is {fmt(_plain(residual[idx]))}"
    if not u_syms:
        return opaque.readable(f"at {_describe(given)} {step}")
    return opaque.readable(f"at {_describe(given)} the premise holds with {_describe(solved)}, but {step}")


def _plain(v: Any) -> Any:
    """A number ``fmt`` can print: rationals as they are, anything else evaluated."""
    if isinstance(v, sp.Rational):
        return v
    return sp.Float(sp.N(v, 20), 20)
