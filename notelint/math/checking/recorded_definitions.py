"""The definitions a note makes, as the analysis records them while it walks the note
(:func:`record_definition`: functions ``f(x) = …`` and values ``\\hat w = …``; a name defined
twice differently in one scope is ambiguous), and the ones a link reaches
(:func:`relevant_definitions`, transitively; members ``S_1(3)`` of a family ``S_\\tau(z)``:
:func:`family_instances`); :func:`unsubstituted` names those a job does not carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notelint.math.checking import claims
from notelint.math.reading.text_facts import text_facts

if TYPE_CHECKING:
    from notelint.note import Note
from notelint.math.checking.cas_shapes import (
    bold_inner,
)


@dataclass(frozen=True)
class RecordedDefinition:
    """A relation the note states as a definition: the names it defines, as written."""

    names: tuple[str, ...]
    left: str
    right: str
    start: int


#: body of a function defined twice differently in one scope: the translator refuses it
_AMBIGUOUS = "\\notelintambiguousdefinition"


def _derivative_of_defined(left: str, functions: dict[str, tuple[tuple[str, ...], str]]) -> bool:
    fdef = claims.function_definition(left)
    if fdef is None or "'" not in fdef[0]:
        return False
    return fdef[0].replace("'", "").strip() in functions


def record_definition(
    left: str, right: str, functions: dict[str, tuple[tuple[str, ...], str]], values: dict[str, str] | None
) -> None:
    fdef = claims.function_definition(left)
    if fdef is not None:
        head, params = fdef
        if "'" in head:
            return
        if not any(claims.mentions(right, claims.head_name(p)) for p in params):
            # \rho(X, Y) = 2p - 1: the value in one example, not a definition of the function
            return
        old = functions.get(head)
        if old is not None and (old[0], _plain_body(old[1])) != (params, _plain_body(right)):
            # defined twice in one scope: which one a later link means is a guess
            functions[head] = ((), _AMBIGUOUS)
            return
        functions[head] = (params, right)
        return
    if values is None or not claims.is_bare(left) or "(" in left:
        return
    name = claims.full_name(left)
    if claims.mentions(right, name):
        return
    base = re.sub(r"_.*$", "", claims.squash(name))
    if (base in claims.squash(right)) if len(base) > 1 else (base in claims.names_in(right)):
        return  # \bar\alpha_t = \alpha_t\bar\alpha_{t-1}: a recursion, not a value to substitute
    if _reaches(right, name, values):
        return  # \alpha_t = 1-\beta_t after \beta_t = 1-\alpha_t: a cycle, not a value
    if re.search(r"\^(?:2|\{2\})$", left.strip()):
        name += "^2"  # σ^2 = …: the value of σ's square, not of σ
    earlier = values.get(name)
    values[name] = right if earlier is None or earlier == right else _AMBIGUOUS


#: sizing and spacing that do not change what a definition says
_SIZING = re.compile(r"\\(?:[bB]ig{1,2}[lr]?|left|right|[,;:!]|quad|qquad)(?![A-Za-z])|\s+")


def _plain_body(latex: str) -> str:
    """A definition's body without sizing (``\big(`` is ``(``), to compare two statements of it."""
    return _SIZING.sub("", latex)


def _reaches(body: str, name: str, values: dict[str, str]) -> bool:
    """Does ``body`` mention ``name`` through the values already recorded?"""
    todo, seen = [body], set()
    while todo:
        text = todo.pop()
        for other, value in values.items():
            if other in seen or not claims.mentions(text, other):
                continue
            if claims.squash(other) == claims.squash(name) or claims.mentions(value, name):
                return True
            seen.add(other)
            todo.append(value)
    return False


def relevant_definitions(
    text: str,
    functions: dict[str, tuple[tuple[str, ...], str]],
    values: dict[str, str],
    shapes: dict[str, tuple[int | str, int | str]],
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    r"""The definitions a link mentions, transitively, and the shapes of its symbols. A symbol
    the link differentiates with respect to keeps no value: in ``\partial/\partial z_k`` after
    ``z = Wx+b`` the variable is ``z`` itself, not the expression it names."""
    fs: dict[str, tuple[tuple[str, ...], str]] = {}
    vs: dict[str, str] = {}
    functions = dict(functions)
    todo = [text]
    variables = differentiation_variables(text)
    seen: set[str] = {name for name in values if _head_key(name) in variables}
    while todo:
        t = todo.pop()
        for name, d in family_instances(t, functions).items():
            functions.setdefault(name, d)
        for name, d in functions.items():
            if name not in fs and claims.mentions(t, name):
                fs[name] = d
                todo.append(d[1])
        for name, body in values.items():
            if name not in vs and name not in seen and _mentions_value(t, name):
                vs[name] = body
                seen.add(name)
                todo.append(body)
        if len(fs) + len(vs) > 40:
            break
    all_text = text + " " + " ".join(d[1] for d in fs.values()) + " " + " ".join(vs.values())
    sh = {
        n: s
        for n, s in shapes.items()
        if claims.mentions(all_text, claims.head_name(n)) or claims.mentions(all_text, bold_inner(n))
    }
    # a size its symbols' shapes use and the example fixes ("take $d=1$"): the CAS instantiates
    # the shapes at that size, not at a size of its own choosing
    for size in sorted({d for shape in sh.values() for d in shape if isinstance(d, str)}):
        body = values.get(size, "").strip()
        if size not in vs and body.isdigit():
            vs[size] = body
    return fs, vs, sh


def _mentions_value(text: str, name: str) -> bool:
    r"""``text`` uses the defined ``name``; for an entry defined by its index (``\hat x_i = …``)
    a use of the whole vector (``\hat x``) or of another entry (``\hat x_j``) counts."""
    if claims.mentions(text, name):
        return True
    indexed = re.fullmatch(r"(.+?)_\{?[A-Za-z]{1,2}\}?", name)
    return indexed is not None and claims.mentions(text, indexed.group(1))


#: a function head with a one-symbol subscript: S_\tau, \delta_k, \delta_{k}
_FAMILY_HEAD = re.compile(
    r"(?P<base>\\[A-Za-z]+|[A-Za-z])_(?:\{\s*(?P<b>\\[A-Za-z]+|[A-Za-z])\s*\}|(?P<s>\\[A-Za-z]+|[A-Za-z]))"
)
#: a subscript value simple enough to stand for the parameter: 1, 0.5, 2, \lambda, c
_SIMPLE_INDEX = re.compile(r"-?\d+(?:\.\d+)?|\\[A-Za-z]+|[A-Za-z]")


def family_instances(
    text: str, functions: dict[str, tuple[tuple[str, ...], str]]
) -> dict[str, tuple[tuple[str, ...], str]]:
    r"""``S_\tau(z) = …`` or ``\delta_k(x) = …`` defines a family: ``S_1(3)``, ``\delta_2(x)``
    in ``text`` are its members, with the subscript's symbol replaced by the value written
    (only simple values: a number or one symbol)."""
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    for head, (params, body) in functions.items():
        m = _FAMILY_HEAD.fullmatch(head.strip())
        if m is None:
            continue
        base, sub = m.group("base"), m.group("b") or m.group("s")
        use = re.compile(
            re.escape(base)
            + r"(?![A-Za-z])\s*_\s*(?:\{\s*([^{}]+?)\s*\}|(\\[A-Za-z]+|[A-Za-z0-9]))\s*(?:\\left\s*)?\("
        )
        for u in use.finditer(text):
            value = (u.group(1) or u.group(2)).strip()
            if value == sub or not _SIMPLE_INDEX.fullmatch(value):
                continue
            if sub.startswith("\\"):
                symbol = re.escape(sub) + r"(?![A-Za-z])"
            else:
                symbol = r"(?<![\\A-Za-z])" + re.escape(sub) + r"(?![A-Za-z])"
            # in a subscript the value stands as it is (\mu_k → \mu_{2}); elsewhere in braces
            literal = value.replace("\\", "\\\\")  # a replacement template
            inst = re.sub(r"_\s*\{\s*" + symbol + r"\s*\}|_\s*" + symbol, "_{" + literal + "}", body)
            inst = re.sub(symbol, "{(" + literal + ")}", inst)
            written = f"{base}_{{{value}}}" if u.group(1) else f"{base}_{value}"
            out.setdefault(written, (params, inst))
    return out


def _mentioned(text: str, name: str) -> bool:
    """Does ``text`` use ``name`` in any of the bold spellings the glossary reads as one
    (``\\mathbf{\\Sigma}``, ``\\boldsymbol{\\Sigma}``, ``\\bm{\\Sigma}``)?"""
    if claims.mentions(text, name):
        return True
    if not name.startswith("\\mathbf{"):
        return False
    rest = name[len("\\mathbf{") :]
    return any(claims.mentions(text, f"\\{bold}{{{rest}") for bold in ("boldsymbol", "bm"))


def unsubstituted(
    left: str, right: str, ctx: Any, definitions: list[RecordedDefinition], note: Note
) -> tuple[str, ...]:
    """The definitions of the note that the relation uses, directly or through the definitions
    substituted into it, and that the job does not substitute (a symbol defined twice, a
    definition in a scope that does not reach the relation), as words for the reason."""
    substituted = {claims.squash(n) for n in [*ctx.values, *ctx.functions]}
    # the variable of a derivative is free by design (``\partial/\partial z_k`` after ``z = Wx+b``)
    variables = differentiation_variables(left + " " + right)
    text = left + " " + right + " " + " ".join(ctx.values.values())
    text += " " + " ".join(body for _, body in ctx.functions.values())
    out: dict[str, str] = {}
    for d in definitions:
        for name in d.names:
            if claims.squash(name) in substituted or name in out or not _mentioned(text, name):
                continue
            if _head_key(name) in variables:
                continue
            line = note.index.position(d.start)[0]
            out[name] = f"${name}$ (defined at line {line})"
    return tuple(out.values())


def differentiation_variables(text: str) -> set[str]:
    """The names, normalised and without index, ``text`` differentiates with respect to."""
    return {claims.squash(v) for v in text_facts(text).differentiation_variables}


def _head_key(name: str) -> str:
    """A value's or a variable's name without its index or square, to compare the two."""
    return re.sub(r"_.*$", "", claims.squash(re.sub(r"\^(?:2|\{2\})\s*$", "", name.strip())))
