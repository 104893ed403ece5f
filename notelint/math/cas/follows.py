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

from notelint.math.cas import opaque
from notelint.math.cas import translate_sums as sums
from notelint.math.cas.evaluation import doit, entries_of, free_symbols, scalarise
from notelint.math.cas.latex_sympy import Translator, canonical_name
from notelint.math.cas.premise_solving import (
    REFUTE,
    counterexample,
    entails,
    fails_whatever_atoms,
    group_name,
    replace_in,
    step_depends_message,
    zero_everywhere,
)
from notelint.math.cas.size_variants import Sizing
from notelint.math.cas.sympy_values import is_matrix
from notelint.math.cas.verdicts import Result, guarded
from notelint.math.cas.verify import assumptions_of, cached_context
from notelint.math.checking.guards import Unsupported
from notelint.math.checking.jobs import FollowsJob, Premise

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
    left, right = scalarise(doit(left)), scalarise(doit(right))
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
    """The verdict of :func:`_decide_step`. A step read with an index set as one sampled subset
    (``\\sum_{i\\in\\mathcal{I}_k}``, :mod:`translate_sums`) follows when it follows there;
    its failure is no counterexample (the set's size, a partition, may be what the step uses)."""
    token = sums.SAMPLED_SETS.set(set())
    try:
        result = _with_distinct_indices(job)
        sampled = sums.SAMPLED_SETS.get()
    finally:
        sums.SAMPLED_SETS.reset(token)
    if result.status == "fails" and sampled:
        shown = ", ".join(f"${name}$" for name in sorted(sampled))
        return Result(
            "unknown",
            f"it fails with {shown} as one arbitrary subset, which may not be the note's: {result.message}",
        )
    return result


#: assignments of distinct values tried for the free indices of a step (two or three letters)
_DISTINCT = {2: ((1, 2), (2, 1)), 3: ((1, 2, 3), (3, 1, 2))}


def _with_distinct_indices(job: FollowsJob) -> Result:
    r"""The verdict of :func:`_decide_step`, at distinct values of its free indices when it has
    several: read at one value each (``y_c`` and ``y_k`` both ``y_1``), different letters name
    the same entry, and a step may then follow (or fail) only there (``k\neq c``). It follows
    when it follows at each assignment; it fails when it fails at one."""
    free: dict[str, int] = {}
    first = _decide_step(job, set(), {}, free)
    letters = sorted(free)
    if len(letters) < 2:
        return first
    ranges = [free[x] for x in letters]
    if len(letters) not in _DISTINCT or min(ranges) < len(letters):
        return Result(
            "unknown", f"the indices {', '.join(letters)} of the step may differ: notelint reads them as one"
        )
    results = []
    for values in _DISTINCT[len(letters)]:
        preset = dict(zip(letters, values))
        result = _decide_step(job, set(), preset, {})
        where = ", ".join(f"{x}={v}" for x, v in preset.items())
        if result.status == "fails":
            return Result("fails", f"with {where}: {result.message}", used=result.used, method=result.method)
        results.append(result)
    if all(r.status == "holds" for r in results):
        return results[0]
    return next(r for r in results if r.status != "holds")


def _translator(ctx: Any, dims: dict[str, int], preset: dict[str, int]) -> Translator:
    """A translator whose free indices take the values ``preset`` gives them (others: 1)."""
    return Translator(ctx, dims, sizing=Sizing(free=dict(preset)))


def _free_indices(translators: list[Translator], into: dict[str, int]) -> None:
    """The free index letters the translators met, each with the fewest values it may take."""
    for t in translators:
        for letter in t.sizing.free:
            length = t.sizing.ranges.get(letter, 0) or 1
            into[letter] = min(into.get(letter, length), length)


def _decide_step(
    job: FollowsJob, atoms: set[sp.Symbol], preset: dict[str, int], free: dict[str, int]
) -> Result:
    """``atoms`` receives the opaque atoms of the step and its premises, ``free`` the free
    indices read (their values are ``preset``'s, else 1)."""
    ctx = cached_context(job.context)
    dims: dict[str, int] = {}
    integers: set[str] = set()
    # the step as solved: estimators read as variables (computed by the parent, with trees)
    target_left, target_right = job.target_left, job.target_right
    tl, tr = _translator(ctx, dims, preset), _translator(ctx, dims, preset)
    try:
        solved_for = tl.translate(target_left)
        target = _difference(solved_for, tr.translate(target_right))
    except Unsupported as exc:
        return Result("unknown", f"notelint cannot read the step ({exc})")
    translators = [tl, tr]
    # what the step solves for: its bare left side, else the vectors its left side uses
    solved = (
        [e for e in entries_of(scalarise(solved_for)) if isinstance(e, sp.Symbol)]
        if _is_bare_name(target_left)
        else []
    )
    solved += sorted(free_symbols(solved_for), key=lambda s: s.name)
    # the variables the derivation differentiates in are what its steps solve for
    variable_names = set()
    for v in job.variables:
        try:
            variable_names.add(canonical_name(v))
        except Unsupported:
            continue
    preferred = sorted(
        (s for s in free_symbols(target) if group_name(s) in variable_names), key=lambda s: s.name
    )
    integers |= tl.integers | tr.integers
    premises: list[_Equation] = []
    reasons: list[str] = []
    for p in job.premises:
        try:
            premises.append(_premise(p, ctx, dims, integers, preset, translators))
        except Unsupported as exc:
            reasons.append(f"notelint cannot read {p.label} ({exc})")
        except (ValueError, TypeError, AttributeError, NotImplementedError, IndexError, KeyError) as exc:
            reasons.append(f"SymPy could not evaluate {p.label} ({type(exc).__name__})")
    _free_indices(translators, free)
    sizes: dict[str, tuple[int, int]] = {}
    for name, (rows, cols) in tl.ctx.shapes.items():
        try:
            sizes[name] = (tl.dim(rows), tl.dim(cols))
        except Unsupported:
            continue
    assumed = assumptions_of(job)  # type: ignore[arg-type]
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
        resolved = {k: replace_in(v, subs) for k, v in subs.items()}
        if resolved == subs:
            break
        subs = resolved
    atoms |= opaque.atoms_in(target, *(eq.difference for eq in premises))
    # ℓ(w) = … with ℓ undefined only says what the atom ℓ(w) is: it constrains nothing else
    premises = [eq for eq in premises if not _only_names_an_atom(eq, premises, target)]
    written_target = target
    if subs:
        target = replace_in(target, subs)
    rng_seed = hashlib.sha256(f"{job.left}|{job.right}".encode()).hexdigest()
    identity, failing = zero_everywhere(
        target, sizes, integers, assumed, random.Random(int(rng_seed[:16], 16))
    )
    if identity is True:
        return Result("holds", "an identity on its own", method="identity")
    # premises that hold everywhere (a definition substituted into itself) constrain nothing:
    # then the step must be an identity
    constraining = [
        eq
        for eq in premises
        if eq.name is None
        and zero_everywhere(eq.difference, sizes, integers, assumed, random.Random(int(rng_seed[:16], 16)))[0]
        is not True
    ]
    mentioned: set[sp.Symbol] = set()
    for eq in premises:
        mentioned |= free_symbols(eq.difference)
    covered = free_symbols(target) <= mentioned
    # a derivative's equation that holds by the definitions may be meant set to zero (a point
    # where (8) vanishes) in words notelint did not read: then no verdict
    derivatives = [p.label for p in job.premises if not p.zero and _DERIVATIVE.search(p.left)]
    if premises and covered and not constraining and not reasons and len(failing) >= REFUTE:
        labels = [eq.label for eq in premises]
        if atoms and not all(fails_whatever_atoms(target, {}, [], point, atoms) for point in failing):
            return Result("unknown", step_depends_message(atoms))
        if derivatives:
            return Result(
                "unknown",
                f"it does not hold for every value, and {derivatives[0]} only computes a derivative:"
                " if the step sets it to zero, say so in its rule",
            )
        return Result(
            "fails",
            counterexample(failing[0], target, [], "")
            + " (what it cites only defines its symbols, so the step must hold for every value)",
            used=labels,
            method="identity",
        )
    failures: list[str] = []
    derivative_labels = set(derivatives)
    for eq in premises:
        diff = eq.difference if eq.name is not None else replace_in(eq.difference, subs)
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
            verdict, detail = entails(
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
        if eq.name is None and not _vacuous(replace_in(eq.difference, subs))
        for e in entries_of(replace_in(eq.difference, subs))
    ]
    written = [e for eq in premises if not _vacuous(eq.difference) for e in entries_of(eq.difference)]
    together = " and ".join(dict.fromkeys(labels))
    detail = "no premise to check against"
    for stacked, goal in ((substituted, target), (written, written_target)):
        if not stacked:
            continue
        verdict, detail = entails(
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


def _premise(
    p: Premise,
    ctx: Any,
    dims: dict[str, int],
    integers: set[str],
    preset: dict[str, int],
    translators: list[Translator],
) -> _Equation:
    rt = _translator(ctx, dims, preset)
    translators.append(rt)
    right = rt.translate(p.right)
    integers |= rt.integers
    if p.zero:
        r = scalarise(doit(right))
        zero = sp.ImmutableMatrix(sp.zeros(*r.shape)) if is_matrix(r) else sp.Integer(0)
        return _Equation(p.label, _difference(r, zero), cited=p.cited)
    lt = _translator(ctx, dims, preset)
    translators.append(lt)
    left = lt.translate(p.left)
    integers |= lt.integers
    eq = _Equation(p.label, _difference(left, right), cited=p.cited)
    left_s = scalarise(left)
    if _is_bare_name(p.left) and not (free_symbols(left_s) & free_symbols(right)):
        names = entries_of(left_s)
        values = entries_of(scalarise(right))
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
    elsewhere = free_symbols(target).union(*(free_symbols(o.difference) for o in premises if o is not eq))
    for atom in own - elsewhere:
        slope = sp.diff(eq.difference, atom)
        if slope.is_number and slope != 0:
            return True
    return False


def _vacuous(difference: Any) -> bool:
    """Is a premise's left − right zero as written (it holds whatever the values)?"""
    return all(e == 0 for e in entries_of(difference))
