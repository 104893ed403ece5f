"""NL506's search for a reason a step follows: whether a difference is zero at every sample
point, which unknowns the premises can be solved for, solving them at random points and
evaluating the step at every solution (the step is entailed when it holds at each), and the
counterexample a failing step names. Worker side (imports SymPy); :mod:`follows` drives it.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import sympy as sp

from notelint.math.cas import budget, numeric, opaque, sampling
from notelint.math.cas.evaluation import describe_point, entries_of, fmt, free_symbols
from notelint.math.cas.sympy_values import is_matrix

if TYPE_CHECKING:
    from notelint.math.cas.latex_sympy import Translator


#: sample points tried; points needed; counterexamples needed to refute
POINTS = 6


NEEDED = 3


REFUTE = 2


#: unknowns tried per premise
MAX_UNKNOWNS = 4

#: CPU seconds for one call of SymPy's ``solve`` or ``simplify`` (the steps of the standard
#: notes that follow needed 0.15 s at most; the calls that ran to seconds decided nothing)
SOLVE_SECONDS = 0.5


def replace_in(v: Any, subs: dict[Any, Any]) -> Any:
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
    for e in entries_of(v):
        value = e.xreplace(point)
        s = numeric.sign(value)
        if s is None:
            return None, None
        if s != 0:
            worst = value
            return False, worst
    return True, None


def zero_everywhere(
    target: Any,
    sizes: dict[str, tuple[int, int]],
    integers: set[str],
    assumed: dict[str, Any],
    rng: random.Random,
) -> tuple[bool | None, list[dict[sp.Symbol, Any]]]:
    """Is ``target`` zero at every sample point? With the points where it is not."""
    groups = _groups(free_symbols(target), sizes, integers)
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
    shared = free_symbols(premise) & free_symbols(target)
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
    # then what the premise alone uses (r_{k+1} of r_{k+1} = r_k - \alpha A p): solved for, it
    # makes the premise hold whatever the step's own symbols are, so a step that fails there
    # does not follow (an assumed matrix stays data, as above). Only beside a shared unknown:
    # a premise that shares nothing with the step says nothing about it
    if not groups:
        return []
    alone = [
        g
        for g in _groups(free_symbols(premise) - free_symbols(target), sizes, integers)
        if not g.integer and g.name not in assumed
    ]
    alone.sort(key=rank)
    return (groups[:MAX_UNKNOWNS] + alone)[: MAX_UNKNOWNS + 1]


def entails(
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
    step fails there whatever values the atoms take (:func:`fails_whatever_atoms`): a failure at
    random values of ``\partial L/\partial y_i`` may vanish at the note's values."""
    atoms = atoms or set()
    dependent = False
    extra = free_symbols(target) - free_symbols(premise)
    unknowns = _unknowns(premise, target, sizes, integers, name, assumed)
    if not unknowns:
        return "unknown", "shares no symbol with the step"
    all_groups = _groups(free_symbols(premise) | free_symbols(target), sizes, integers)
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
            premise_u, target_u = replace_in(premise, mirror), replace_in(target, mirror)
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
                if atoms and not fails_whatever_atoms(target_u, premise_u, u_syms, params, atoms):
                    dependent = True
                    continue
                counter.append(counterexample(bad, target_u, u_syms, unknown.name))
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
                names = ", ".join(sorted({group_name(s) for s in extra}))
                return "unknown", f"does not mention {names}, which the step uses"
            return "fails", counter[0]
        if valid >= NEEDED and not counter and not dependent:
            return "holds", ""
    if dependent:
        return "unknown", step_depends_message(atoms)
    if len([e for e in entries_of(premise) if e != 0]) > 1:
        # first as one linear system in unknowns each equation is linear in: the roots r_1, r_2
        # of r^2+b_1r+b_0 solved for b_0, b_1 (solved for the roots in turn, each equation has
        # both roots, r_1 = r_2 among the solutions, which no pair of roots is)
        in_turn = _entails_in_turn(premise, target, all_groups, assumed, rng, name, atoms, linear=True)
        if in_turn is None:
            in_turn = _entails_in_turn(premise, target, all_groups, assumed, rng, name, atoms)
        if in_turn is not None:
            return in_turn
    return "unknown", reason


#: solutions of a system solved in turn kept at one point (roots multiply)
MAX_SOLUTIONS = 4


def _entails_in_turn(
    premise: Any,
    target: Any,
    groups: list[sampling.Group],
    assumed: dict[str, Any],
    rng: random.Random,
    name: Any,
    atoms: set[sp.Symbol],
    linear: bool = False,
) -> tuple[str, str] | None:
    r"""Several scalar equations solved one after the other, each for its own unknown
    (``\sqrt{\alpha\mu}=1-\sqrt\beta`` for μ, then ``\sqrt{\alpha L}=1+\sqrt\beta`` for L):
    a system no single unknown solves; ``linear``: all of them solved together, as one linear
    system in an unknown of each that it is linear in. The step holds when every solution
    satisfies it at NEEDED points; it fails when every solution violates it at REFUTE points (several roots:
    the step may name one of them), and not where an opaque atom or a symbol no premise
    mentions is involved. None: no such order of unknowns."""
    equations = [e for e in entries_of(premise) if e != 0]
    order = {s.name: i for i, s in reversed(list(enumerate(name or [])))}
    shared = free_symbols(target)
    scalars = sorted(
        (
            g.entries[(0, 0)]
            for g in groups
            # a scalar with a sign assumption too: its solutions are filtered by the sign
            if (g.rows, g.cols) == (1, 1)
            and not g.integer
            and (g.name not in assumed or assumed[g.name].kind not in sampling.MATRIX_KINDS)
        ),
        key=lambda s: (order.get(s.name, len(order)), s not in shared, s.name),
    )
    chosen: list[sp.Symbol] = []
    for e in equations:
        free = e.free_symbols
        pick = next(
            (s for s in scalars if s in free and s not in chosen and (not linear or _linear_in(e, s))), None
        )
        if pick is None:
            return None
        chosen.append(pick)
    valid, counter = 0, []
    for k in range(POINTS):
        point = sampling.point(rng, k, groups, assumed)
        params = {s: v for s, v in point.items() if s not in chosen}
        if linear:
            # one linear system: a solution only where it is unique
            joint = _solve(sp.Matrix(equations), chosen, params)
            if joint is not None and not joint[1]:
                continue  # singular here (r_1 = r_2 sampled): another point
            solutions = joint[0] if joint is not None else None
        else:
            solutions = _solve_each(equations, chosen, params)
        if solutions is None:
            return None
        kinds = {s: assumed[s.name].kind if s.name in assumed else None for s in chosen}
        solutions = [sol for sol in solutions if all(_allowed({s: sol[s]}, kinds[s]) for s in chosen)]
        verdicts = [_zero_at(target, {**params, **sol})[0] for sol in solutions]
        if not verdicts or any(v is None for v in verdicts):
            continue
        if all(verdicts):
            valid += 1
        elif not any(verdicts):
            counter.append(
                counterexample({**params, **solutions[0]}, target, chosen, ", ".join(s.name for s in chosen))
            )
            if len(counter) >= REFUTE:
                break
        if valid >= NEEDED and not counter:
            return "holds", ""
    if len(counter) < REFUTE:
        return None
    if atoms & (free_symbols(target) | free_symbols(premise)):
        # a failure at random values of what the note leaves undefined (∂L/∂u) may vanish
        # at the note's values
        return "unknown", step_depends_message(atoms)
    extra = free_symbols(target) - free_symbols(premise)
    if extra:
        # β* beside premises in β: the step may name their solution, which no premise says
        names = ", ".join(sorted({group_name(s) for s in extra}))
        return "unknown", f"does not mention {names}, which the step uses"
    return "fails", counter[0]


def _linear_in(equation: Any, unknown: sp.Symbol) -> bool:
    """Is ``equation`` linear in ``unknown`` (its derivative a nonzero expression free of it)?"""
    slope = sp.diff(equation, unknown)
    return bool(slope != 0 and unknown not in slope.free_symbols)


def _solve_each(
    equations: list[Any], chosen: list[sp.Symbol], params: dict[sp.Symbol, Any]
) -> list[dict[sp.Symbol, Any]] | None:
    """The solutions of ``equations`` at ``params``, the i-th solved for ``chosen[i]`` with the
    earlier solutions substituted (None: one cannot be solved)."""
    partial: list[dict[sp.Symbol, Any]] = [{}]
    for equation, unknown in zip(equations, chosen):
        grown: list[dict[sp.Symbol, Any]] = []
        for sol in partial:
            here = equation.xreplace({**params, **sol})
            if here.free_symbols - {unknown}:
                return None
            solved = _solve(here, [unknown], {})
            if solved is None:
                return None
            grown.extend({**sol, **root} for root in solved[0])
        partial = grown[:MAX_SOLUTIONS]
        if not partial:
            return []
    return partial


def step_depends_message(atoms: set[sp.Symbol]) -> str:
    return opaque.depends_message(atoms).replace("the relation", "the step")


def fails_whatever_atoms(
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
    for e in entries_of(target):
        # logarithms of the atoms are of positive values wherever the step is real
        expr = sp.expand_log(e.xreplace({**fixed, **solution}), force=True)
        probed = _probe(expr)
        if probed == "zero":
            continue
        if probed == "varies":
            # not a number whatever the symbols: simplify could not make it one
            if opaque.atoms_in(expr):
                continue
            return False
        finished, residual = budget.attempt(SOLVE_SECONDS, sp.simplify, expr)
        if not finished:
            return False  # no proof that it fails whatever the atoms
        if residual.free_symbols:
            if opaque.atoms_in(residual):
                continue  # this entry depends on the atoms
            return False
        if residual != 0:
            return True
    return False


#: points :func:`_probe` evaluates at
PROBES = 3


def _probe(expr: Any) -> str | None:
    """What ``expr`` evaluates to at a few random positive values of its symbols (mpmath, 50
    digits): "zero", "constant" (one nonzero value), "varies", or None when the fast evaluator
    cannot tell (a node it does not know, a point where it is undefined). It spares SymPy's
    ``simplify`` the residuals whose answer a number already gives: one that varies cannot
    simplify to a number, one that is 0 at every point is 0."""
    seen = numeric.sampled_values(expr, PROBES)
    if seen is None:
        return None
    if any(not numeric.close(v, seen[0]) for v in seen[1:]):
        return "varies"
    return "zero" if numeric.close(seen[0], 0) else "constant"


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


def group_name(s: sp.Symbol) -> str:
    m = sampling._ENTRY.fullmatch(s.name)
    return m.group("base") if m else s.name


def _all_free(premise: Any, u_syms: list[sp.Symbol], params: dict[sp.Symbol, Any]) -> bool:
    """Does the premise, at ``params``, hold whatever the unknown (no equation left)?"""
    return all(sp.expand(e.xreplace(params)) == 0 for e in entries_of(premise))


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
    raw = [e.xreplace(params) for e in entries_of(premise)]
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
        finished, roots = budget.attempt(SOLVE_SECONDS, sp.solve, pairs[0][1], u_syms[0], dict=False)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not finished:
        return None  # SymPy's solver ran away (a high-degree polynomial in exp(u))
    out = []
    for r in roots:
        if isinstance(r, sp.Basic) and not r.free_symbols and r.is_real is not False:
            out.append({u_syms[0]: r})
    return out, len(out) == 1


def counterexample(point: dict[sp.Symbol, Any], target: Any, u_syms: list[sp.Symbol], unknown: str) -> str:
    """Words for one counterexample: the values, the unknown solved for, what the step gives."""
    residual = [e.xreplace(point) for e in entries_of(target)]
    idx = next((i for i, e in enumerate(residual) if numeric.sign(e) != 0), 0)
    given = {s: _plain(v) for s, v in point.items() if s not in u_syms}
    solved = {s: _plain(point[s]) for s in u_syms}
    where = f"entry {idx + 1} of " if len(residual) > 1 else ""
    step = f"{where}left − right of the step is {fmt(_plain(residual[idx]))}"
    at = f"at {describe_point(given)} " if given else ""  # the premise may fix every symbol
    if not u_syms:
        return opaque.readable(f"{at}{step}")
    return opaque.readable(f"{at}the premise holds with {describe_point(solved)}, but {step}")


def _plain(v: Any) -> Any:
    """A number ``fmt`` can print: rationals as they are, anything else evaluated."""
    if isinstance(v, sp.Rational):
        return v
    return sp.Float(sp.N(v, 20), 20)
