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
from notelint.math.reading.atoms import Atom
from notelint.math.reading.side_names import names_used, spelling, text_spelling
from notelint.math.reading.text_facts import subscript_span, text_atoms, text_facts, without_square

if TYPE_CHECKING:
    from collections.abc import Iterable

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
    #: a glossary meaning as a part of another array with no structure of its own ("$x$: one
    #: column of $X$", X a plain data matrix): that array, which the meaning couples to a relation
    #: only when the relation or a definition mentions it
    through: str = ""
    #: ``through`` is a function the array is built from ("rows $\phi(x_n)^\top$"): the meaning
    #: couples to a relation only when the relation (or what its job substitutes) applies it
    through_function: bool = False


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
    base = _unindexed(claims.squash(name))
    if (base in claims.squash(right)) if len(base) > 1 else _member_of(base, right):
        # \bar\alpha_t = \alpha_t\bar\alpha_{t-1}, x_t = x_{t-1} - \eta g: a recursion, not a
        # value to substitute (X_c = X - \mathbf{1}\mu^\top uses X itself, no member of it)
        return
    if _reaches(right, name, values):
        return  # \alpha_t = 1-\beta_t after \beta_t = 1-\alpha_t: a cycle, not a value
    name = value_key(left)
    earlier = values.get(name)
    values[name] = right if earlier is None or earlier == right else _AMBIGUOUS


def unambiguous(values: dict[str, str]) -> dict[str, str]:
    """``values`` without the names given two different values (record_definition's marker)."""
    return {k: v for k, v in values.items() if v != _AMBIGUOUS}


def root_of_square(left: str, right: str, values: dict[str, str]) -> tuple[str, str]:
    r"""``\hat\sigma \approx 0.6419`` where the values give only ``\hat\sigma^2 = 2.06/5``: the
    name is the root of that number whose sign the other side has (a number too); other
    relations are returned as they are (the translator refuses a lone σ beside σ²)."""
    for name, other in ((left, right), (right, left)):
        if not claims.is_bare(name) or claims.free_names_in(other):
            continue
        key = claims.full_name(name)
        square = values.get(key + "^2")
        # (a number only: an ambiguous value's marker is a name too)
        if square is None or key in values or claims.free_names_in(square):
            continue
        sign = "-" if other.strip().startswith("-") else ""
        root = f"{sign}\\sqrt{{{square}}}"
        return (root, right) if name is left else (left, root)
    return left, right


def _member_of(letter: str, latex: str) -> bool:
    """Does ``latex`` write ``letter`` with a subscript (``x_{t-1}``), a member of its family?"""
    return (
        re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?:\^\{{[^{{}}]*\}})?_", claims.squash(latex))
        is not None
    )


def _plain_body(latex: str) -> str:
    """A definition's body spelt canonically, without spaces, spacing or sizing (``\\big(`` is
    ``(``; :func:`~notelint.math.reading.side_names.text_spelling`), to compare two statements."""
    return text_spelling(latex)


def value_key(left: str) -> str:
    """The key a value of the bare side ``left`` is kept under: its name, with ``^2`` when it is
    written squared (σ^2 = …: the value of σ's square, not of σ)."""
    name = claims.full_name(left)
    return name + "^2" if _squared(left) else name


def _squared(latex: str) -> bool:
    """``\\sigma^2`` / ``\\sigma_k^{2}``: a name written squared (its last atom's power is 2)."""
    atoms = text_atoms(latex)
    power = _flat(atoms[-1].sup or []) if atoms else []
    return len(power) == 1 and power[0].kind == "digit" and power[0].text == "2"


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
    # the names the link and the definitions it pulled in use, each text read on its own (it
    # is read anyway, and cached): their concatenation was a new text to parse for every link
    used = names_used([text, *(d[1] for d in fs.values()), *vs.values()])
    sh = {
        n: s
        for n, s in shapes.items()
        if text_spelling(claims.head_name(n)) in used or text_spelling(bold_inner(n)) in used
    }
    # a size its symbols' shapes use and the example fixes ("take $d=1$"): the CAS instantiates
    # the shapes at that size, not at a size of its own choosing
    for size in sorted({d for shape in sh.values() for d in shape if isinstance(d, str)}):
        body = values.get(size, "").strip()
        if size not in vs and body.isdigit():
            vs[size] = body
    return fs, vs, sh


#: a family member named by two index letters and a comma: ``\omega_{t,s}``
_TWO_LETTER_INDEX = re.compile(r"(?P<base>.+?)_\{[A-Za-z]\s*,\s*[A-Za-z]\}")


def _mentions_value(text: str, name: str) -> bool:
    r"""``text`` uses the defined ``name``; for an entry defined by its index (``\hat x_i = …``)
    a use of the whole vector (``\hat x``) or of another entry (``\hat x_j``) counts."""
    if claims.mentions(text, name):
        return True
    whole = _entry_of(name)
    if whole is not None and claims.mentions(text, whole):
        return True
    # ω_{t,t} of a family ω_{t,s} = … (two index letters with a comma)
    pair = _TWO_LETTER_INDEX.fullmatch(name.strip())
    if pair is not None and re.search(rf"{re.escape(pair['base'])}_\{{[^{{}}]*,[^{{}}]*\}}", text):
        return True
    # x_1 = (0,0)^\top of a worked example, for a text with \sum_{i=1}^{n} x_i: the members
    # the sum runs over (the example's data behind \bar x = \frac1n\sum_i x_i)
    member = _NUMBERED_MEMBER.fullmatch(name.strip())
    return member is not None and any(
        claims.mentions(text, f"{member.group('base')}_{letter}") for letter in _INDEX_LETTERS
    )


#: ``x_1``, ``x_{2}``: a numbered member of a family
_NUMBERED_MEMBER = re.compile(r"(?P<base>[^_]+)_\{?(?P<index>\d+)\}?")
#: the letters a family is indexed by in a sum
_INDEX_LETTERS = ("i", "j", "k", "l", "m", "n", "s", "t")


def _entry_of(name: str) -> str | None:
    r"""``\hat x_i`` / ``x_{ij}`` / ``w^\star_j``: the name of the whole (what is written before
    the index: ``\hat x``, ``w^\star``), for an entry with an index of one or two letters; None
    for any other name."""
    atoms = text_atoms(name)
    if len(atoms) != 1:
        return None
    index = _flat(atoms[0].sub or [])
    if not 1 <= len(index) <= 2 or not all(a.kind == "letter" and _plain(a) for a in index):
        return None
    script = subscript_span(name, atoms[0])
    return name[: script[0]] if script is not None else None


def family_instances(
    text: str, functions: dict[str, tuple[tuple[str, ...], str]]
) -> dict[str, tuple[tuple[str, ...], str]]:
    r"""``S_\tau(z) = …`` or ``\delta_k(x) = …`` defines a family: ``S_1(3)``, ``\delta_2(x)``
    in ``text`` are its members, with the subscript's symbol replaced by the value written
    (only simple values: a number or one symbol). Read from atoms: the family's head is one
    symbol with a one-symbol subscript, a member the same symbol with a subscript, applied
    (a parenthesis right after it); in the body the parameter is replaced where it is a
    subscript (``\mu_k`` → ``\mu_{2}``) and, elsewhere, as a symbol of its own (``{(2)}``)."""
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    atoms: list[Atom] | None = None
    for head, (params, body) in functions.items():
        family = _family_head(head.strip())
        if family is None:
            continue
        base, base_spelling, parameter = family
        atoms = text_atoms(text) if atoms is None else atoms
        for value, braced in _members(atoms, text, base_spelling):
            if value == parameter or not _simple_index(value):
                continue
            inst = _instantiate(body, parameter, value)
            written = f"{base}_{{{value}}}" if braced else f"{base}_{value}"
            out.setdefault(written, (params, inst))
    return out


def _family_head(head: str) -> tuple[str, str, str] | None:
    r"""``S_\tau`` / ``\delta_{k}``: the symbol as written, its spelling and the parameter."""
    atoms = text_atoms(head)
    if len(atoms) != 1 or atoms[0].sup is not None or atoms[0].primes or not _one_symbol(atoms[0]):
        return None
    sub = _flat(atoms[0].sub or [])
    if len(sub) != 1 or sub[0].sub is not None or sub[0].sup is not None or not _one_symbol(sub[0]):
        return None
    a = atoms[0]
    return head[a.start : a.head_end], spelling([_bare(a)]), head[sub[0].start : sub[0].end]


def _one_symbol(a: Atom) -> bool:
    return a.kind == "letter" or (a.kind == "macro" and not a.args)


def _members(atoms: list[Atom], text: str, base: str) -> list[tuple[str, bool]]:
    """The subscripts (as written, and whether braced) of the applied members of ``base``."""
    out: list[tuple[str, bool]] = []
    for k, a in enumerate(atoms):
        if a.sub and a.sup is None and not a.primes and k + 1 < len(atoms) and atoms[k + 1].is_op("("):
            script = subscript_span(text, a) if spelling([_bare(a)]) == base else None
            if script is not None:
                _underscore, start, end, braced = script
                out.append((text[start:end].strip(), braced))
        for part in (a.inner, *a.args, a.sub or [], a.sup or []):
            out.extend(_members(part, text, base))
    return out


def _simple_index(value: str) -> bool:
    r"""A subscript value simple enough to stand for the parameter: 1, -2, 0.5, ``\lambda``, c."""
    atoms = text_atoms(value)
    if atoms and atoms[0].is_op("-") and len(atoms) == 2 and atoms[1].kind == "digit":
        atoms = atoms[1:]
    if len(atoms) != 1 or atoms[0].sub is not None or atoms[0].sup is not None or atoms[0].primes:
        return False
    a = atoms[0]
    return (
        a.kind == "letter" or (a.kind == "macro" and not a.args) or (a.kind == "digit" and _decimal(a.text))
    )


def _decimal(text: str) -> bool:
    whole, point, fraction = text.partition(".")
    return whole.isdigit() and (not point or fraction.isdigit())


def _instantiate(body: str, parameter: str, value: str) -> str:
    """``body`` with ``parameter`` replaced by ``value``: ``_{value}`` where it is a whole
    subscript, ``{(value)}`` where it stands as a symbol of its own."""
    edits: list[tuple[int, int, str]] = []
    _parameter_uses(text_atoms(body), body, parameter, value, edits)
    for start, end, replacement in sorted(edits, reverse=True):
        body = body[:start] + replacement + body[end:]
    return body


def _parameter_uses(
    atoms: list[Atom],
    body: str,
    parameter: str,
    value: str,
    edits: list[tuple[int, int, str]],
    in_script: bool = False,
) -> None:
    """Edits replacing ``parameter`` by ``value``: a whole subscript becomes ``_{value}``, a
    letter inside a subscript the value as it is (``\\mu_{kj}`` → ``\\mu_{2j}``), and the
    parameter elsewhere ``{(value)}``."""
    for a in atoms:
        if _is_parameter(a, body, parameter):
            edits.append((a.start, a.head_end, value if in_script else "{(" + value + ")}"))
        sub = _flat(a.sub or [])
        script = subscript_span(body, a) if len(sub) == 1 else None
        if script is not None and _is_parameter(sub[0], body, parameter) and sub[0].sub is None:
            underscore, _start, end, braced = script
            edits.append((underscore, end + 1 if braced else end, "_{" + value + "}"))
        else:
            _parameter_uses(a.sub or [], body, parameter, value, edits, True)
        for part in (a.inner, *a.args):
            _parameter_uses(part, body, parameter, value, edits, in_script)
        _parameter_uses(a.sup or [], body, parameter, value, edits, True)


def _is_parameter(a: Atom, body: str, parameter: str) -> bool:
    return _one_symbol(a) and body[a.start : a.head_end] == parameter


def _plain(a: Atom) -> bool:
    return a.sub is None and a.sup is None and not a.primes


def _flat(script: list[Atom]) -> list[Atom]:
    return script[0].inner if len(script) == 1 and script[0].kind == "group" else script


def _bare(a: Atom) -> Atom:
    """The atom without its scripts and primes."""
    return Atom(a.tok, a.inner, a.args, end=a.head_end)


def uses_name(text: str, name: str, members: bool = True) -> bool:
    """Does ``text`` use ``name`` in any of the bold spellings the glossary reads as one
    (``\\mathbf{\\Sigma}``, ``\\boldsymbol{\\Sigma}``, ``\\bm{\\Sigma}``), or, with ``members``, a
    member of its family at a computed index (``\\eta_{W+u}`` of ``\\eta_t``)?"""
    if claims.mentions(text, name):
        return True
    if members and _member_at_expression(text, name):
        return True
    if not name.startswith("\\mathbf{"):
        return False
    rest = name[len("\\mathbf{") :]
    return any(claims.mentions(text, f"\\{bold}{{{rest}") for bold in ("boldsymbol", "bm"))


def _numbered_member(text: str, name: str) -> bool:
    """Does ``text`` use a numbered member (``e_1``, ``e_{2}``) of the family ``name`` (``e_j``)?"""
    whole = _entry_of(name)
    return (
        whole is not None and re.search(rf"(?<![A-Za-z\\]){re.escape(whole)}_\{{?\d+\}}?", text) is not None
    )


#: a list's bound member, ``\lambda_1`` or ``\lambda_D`` of "$\lambda_1,\dots,\lambda_D$"
_LIST_BOUND = re.compile(r"(?P<whole>\\?[A-Za-z]+)_\{?(?:\d+|[A-Z])\}?")


def _member_at_letter(text: str, name: str) -> bool:
    r"""Does ``text`` use a member at another one-letter index (``u_A``, ``e_k``) of the family
    whose entry ``name`` is (``u_j``: "$j$-th standard basis vector")?"""
    whole = _entry_of(name)
    if whole is None or len(whole) != 1:
        return False
    return re.search(rf"(?<![A-Za-z\\]){re.escape(whole)}_\{{?[A-Za-z]\}}?(?![A-Za-z])", text) is not None


def lettered_member(text: str, name: str) -> bool:
    r"""Does ``text`` use a member at a letter (``\lambda_k``) of the list whose first or last
    member is ``name`` ("$\lambda_1,\dots,\lambda_D$: eigenvalues of $\Sigma$")?"""
    bound = _LIST_BOUND.fullmatch(name.strip())
    if bound is None:
        return False
    whole = re.escape(bound["whole"])
    before = "" if bound["whole"].startswith("\\") else r"(?<![A-Za-z\\])"  # (\log\lambda_k)
    return re.search(rf"{before}{whole}_\{{?[a-z]\}}?(?![A-Za-z])", text) is not None


#: a subscript that is arithmetic on letters and numbers (``_{W+u}``, ``_{(W+T)/2}``, ``_{t-1}``)
_ARITHMETIC_INDEX = re.compile(r"_\{(?P<index>[A-Za-z0-9\s()]*[-+/][A-Za-z0-9\s()+\-/]*)\}")


def _member_at_expression(text: str, name: str) -> bool:
    r"""``\eta_{W+u}`` for the family ``\eta_t = …``: a member at an index the relation computes
    is the definition's body at that index, which the job does not carry."""
    whole = _entry_of(name)
    if whole is None:
        return False
    at = 0
    while (at := text.find(whole, at)) >= 0:
        at += len(whole)
        if _ARITHMETIC_INDEX.match(text, at) and not text[at - len(whole) - 1 : at - len(whole)].isalpha():
            return True
    return False


def unsubstituted(
    left: str, right: str, ctx: Any, definitions: list[RecordedDefinition], note: Note
) -> tuple[str, ...]:
    """The definitions of the note that the relation uses, directly or through the definitions
    substituted into it, and that the job does not substitute (a symbol defined twice, a
    definition in a scope that does not reach the relation), as words for the reason."""
    # σ² = (1/m)Σ(x_i-μ)² is recorded under σ and substituted as the value of σ²: σ is substituted
    substituted = valued_names([*ctx.values, *ctx.functions])
    # the variable of a derivative is free by design (``\partial/\partial z_k`` after ``z = Wx+b``)
    variables = differentiation_variables(left + " " + right)
    text = left + " " + right + " " + " ".join(ctx.values.values())
    text += " " + " ".join(body for _, body in ctx.functions.values())
    out: dict[str, str] = {}
    for d in definitions:
        if d.through and d.through_function and not uses_name(text, d.through):
            continue  # Φ built from φ, in a relation without φ: an arbitrary matrix
        if d.through and not d.through_function and not _coupled(d.through, text, definitions):
            continue  # an arbitrary column of an arbitrary matrix is an arbitrary vector
        for name in d.names:
            if claims.squash(name) in substituted or name in out:
                continue
            if not uses_name(text, name) and not (
                not d.right
                and (
                    _numbered_member(text, name)
                    or lettered_member(text, name)
                    # (written in the relation: a member a substituted definition brings in, z =
                    # u_A - u_B, leaves a slip in z's coefficient a slip whatever u_A is)
                    or _member_at_letter(left + " " + right, name)
                )
            ):
                # (a meaning in words, "$e_j$: $j$-th standard basis vector", is its members' too)
                continue
            if _member_at_expression(d.right, name) and not uses_name(text, name, members=False):
                continue  # θ_{t-1} beside θ_t = θ_{t-1} - η∇J: a recurrence leaves every member free
            if _head_key(name) in variables:
                continue
            out[name] = meaning_words(name, d, note)
    return tuple(out.values())


def meaning_words(name: str, definition: RecordedDefinition, note: Note) -> str:
    """How a reason names a definition the job does not carry: ``$\\mu$ (defined at line 12)``."""
    return f"${name}$ (defined at line {note.index.position(definition.start)[0]})"


def meaning_name(words: str) -> str:
    """The name in the words of :func:`meaning_words`: ``$\\mu$`` of ``$\\mu$ (defined at line 12)``."""
    return words.split(" (defined at line", 1)[0]


def definitions_behind(
    meanings: tuple[str, ...], definitions: list[RecordedDefinition], note: Note
) -> list[tuple[str, str, RecordedDefinition]]:
    """The name and definition behind each of ``meanings`` (words of :func:`unsubstituted`)."""
    out = []
    for d in definitions:
        for name in d.names:
            words = meaning_words(name, d, note)
            if words in meanings:
                out.append((words, name, d))
    return out


def applied_definitions(
    meanings: tuple[str, ...], definitions: list[RecordedDefinition], note: Note
) -> list[tuple[str, RecordedDefinition]]:
    """The definitions behind ``meanings`` (words of :func:`unsubstituted`) that define a function
    applied to its arguments (``\\mathcal{N}(x;\\mu,\\sigma^2) = …``): the CAS may know that
    function itself, and the definition, checked on its own, says whether it means the same."""
    return [(words, d) for words, _, d in definitions_behind(meanings, definitions, note) if "(" in d.left]


def _coupled(array: str, text: str, definitions: list[RecordedDefinition]) -> bool:
    r"""Does the relation (``text``, with what the job substitutes) or a definition of the note
    mention ``array``, so that a part of it is not an arbitrary value there? (The ``q`` of
    ``\sigma_q``, the subscript of a scalar named after it, is no mention.)"""
    if uses_name(text, array) and written_as_a_symbol(text, array):
        return True
    # (a definition the relation uses, by a name it writes: S = QK^\top/\sqrt{d_k} ties nothing
    # to a relation in \sigma_q alone)
    return any(
        not d.through
        and (uses_name(d.right, array) or any(uses_name(n, array) for n in d.names))
        and any(uses_name(text, n) and written_as_a_symbol(text, n) for n in d.names)
        for d in definitions
    )


def written_as_a_symbol(text: str, name: str) -> bool:
    """A one-letter ``name`` written as a letter of ``text`` itself, not only in a script (the
    ``q`` of ``\\sigma_q`` names a scalar after q); a longer name always is."""
    if len(name) != 1:
        return True
    facts = text_facts(text)
    return name in facts.lowers or name in facts.capitals


def differentiation_variables(text: str) -> set[str]:
    """The names, normalised and without index, ``text`` differentiates with respect to."""
    return {claims.squash(v) for v in text_facts(text).differentiation_variables}


def _head_key(name: str) -> str:
    """A value's or a variable's name without its index or square, to compare the two."""
    return _unindexed(claims.squash(without_square(name) or name.strip()))


def _unindexed(spelling: str) -> str:
    """A canonical spelling (``claims.squash``) without its index: what precedes its first ``_``."""
    return spelling.partition("_")[0]


def valued_names(names: Iterable[str]) -> set[str]:
    """The names a job's values give a value, canonically spelt (``claims.squash``): each name,
    and for a squared one its base (``σ^2 = …`` is recorded as the value of σ's square and
    gives σ its value). The one reading of that square the definition tables and the reasons
    a failure is unknown (``verdict_reasons``) share."""
    out: set[str] = set()
    for name in names:
        out.add(claims.squash(name))
        base = without_square(name)
        if base is not None:
            out.add(claims.squash(base))
    return out


def named_by_product(
    left: str,
    right: str,
    shapes: dict[str, tuple[int | str, int | str]],
    known: frozenset[str],
) -> tuple[str, str] | None:
    r"""``\begin{pmatrix}a&b\\1&0\end{pmatrix}\begin{pmatrix}u_k\\u_{k-1}\end{pmatrix}=T z_k``
    with ``T`` a matrix section 2 declares and nothing before defines or uses (``known``,
    canonical spellings): the equation names ``T`` as the matrix of the product, (T, matrix).
    Either side may hold the name (``T_i`` too, declared with its subscript); the other side is
    that matrix written out times one vector (the state it maps)."""
    for named, other in ((right, left), (left, right)):
        atoms = text_atoms(named)
        if len(atoms) != 2 or atoms[0].sup is not None or atoms[0].primes:
            continue
        name = named[atoms[0].start : atoms[0].end].strip()
        shape = shapes.get(name)
        if shape is None or 1 in shape or claims.squash(name) in known or not claims.is_bare(name):
            continue
        factors = text_atoms(other)
        if len(factors) < 2 or claims.mentions(other, name):
            continue
        # the matrix written out (an environment): "Ax = 2x" names no A, it claims something of it
        if len(factors) != 2 or factors[0].kind != "env":
            continue
        return name, other[factors[0].start : factors[0].end].strip()
    return None
