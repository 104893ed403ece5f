"""Atoms: a primary token with its subscript, superscript and primes attached, and symbol identity.

:func:`build_atoms` groups tokens (:mod:`notelint.math.reading.tokens`) into :class:`Atom`\\ s, which
the math model, the symbol extraction (:mod:`notelint.math.semantics.occurrences`) and the shape
inference read. :func:`symbol_ref` gives the canonical key of a symbol as written and the base
symbol it relates to: decorated forms (``\\hat{w}``, ``\\bar w``, ``\\mathbf{w}``) have base ``w``;
:func:`canonical` maps spelling variants (``\\epsilon``/``\\varepsilon``) to one form.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from notelint.math.reading.lexicon import (
    lexicon,
)
from notelint.math.reading.tokens import (
    Tok,
    tokenize_nodes,
)
from notelint.math.reading.vocabulary import vocabulary

# --------------------------------------------------------------------------------------------
# atoms


@dataclass
class Atom:
    """A primary token with its scripts. ``inner`` holds a group's or environment's atoms;
    ``args`` a macro's arguments as atom lists."""

    tok: Tok
    inner: list[Atom] = field(default_factory=list)
    args: list[list[Atom]] = field(default_factory=list)
    sub: list[Atom] | None = None
    sup: list[Atom] | None = None
    primes: int = 0
    end: int = 0

    @property
    def kind(self) -> str:
        return self.tok.kind

    @property
    def text(self) -> str:
        return self.tok.text

    @property
    def start(self) -> int:
        return self.tok.start

    @property
    def head_end(self) -> int:
        """End of the primary (before its scripts)."""
        return self.tok.end

    def is_op(self, *chars: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in chars

    def is_macro(self, *names: str) -> bool:
        return self.tok.kind == "macro" and self.tok.text in names

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        s = f"{self.kind}:{self.text}"
        if self.inner:
            s += "{" + " ".join(map(repr, self.inner)) + "}"
        if self.args:
            s += "".join("{" + " ".join(map(repr, a)) + "}" for a in self.args)
        if self.sub is not None:
            s += "_[" + " ".join(map(repr, self.sub)) + "]"
        if self.sup is not None:
            s += "^[" + " ".join(map(repr, self.sup)) + "]"
        s += "'" * self.primes
        return s


def _script_arg(toks: list[Tok], i: int) -> tuple[list[Atom], int]:
    """The argument of ``_``/``^`` starting at token ``i``: one group, macro or character."""
    if i >= len(toks):
        return [], i
    tok = toks[i]
    if tok.kind == "group":
        return build_atoms(tok.args[0]), i + 1
    if tok.kind == "macro" and tok.text in lexicon().ignored:
        return _script_arg(toks, i + 1)
    if (
        tok.kind == "macro"
        and tok.text == "operatorname"
        and i + 1 < len(toks)
        and toks[i + 1].kind == "group"
    ):
        merged = Tok("macro", "operatorname", tok.start, toks[i + 1].end, [toks[i + 1].args[0]])
        return [_atom(merged)], i + 2
    return [_atom(tok)], i + 1


def _atom(tok: Tok) -> Atom:
    if tok.kind in ("group", "env"):
        return Atom(tok, inner=build_atoms(tok.args[0] if tok.args else []), end=tok.end)
    if tok.kind == "macro":
        args = tok.args
        if tok.text == "\\":
            # `\\[2pt]`, `\\*`: a row break's optional length and star are spacing, not math
            args = [a for a in args if not (a and a[0].kind == "op" and a[0].text in ("[", "*"))]
        return Atom(tok, args=[build_atoms(a) for a in args], end=tok.end)
    return Atom(tok, end=tok.end)


def _length_end(toks: list[Tok], i: int) -> int:
    """The index after a TeX length starting at ``toks[i]`` (`2pt`, `-3mu`, `0.5em`), or ``i``."""
    n = len(toks)
    j = i
    if j < n and toks[j].kind == "op" and toks[j].text in ("-", "+"):
        j += 1
    start = j
    while j < n and (toks[j].kind == "digit" or (toks[j].kind == "op" and toks[j].text == ".")):
        j += 1
    if j == start:
        return i
    for unit in lexicon().length_units:
        k = j + len(unit)
        if (
            k <= n
            and "".join(t.text for t in toks[j:k]) == unit
            and all(t.kind == "letter" for t in toks[j:k])
        ):
            return k
    return i


def build_atoms(toks: list[Tok]) -> list[Atom]:
    """Group tokens into atoms: scripts and primes attach to the preceding primary."""
    lex = lexicon()
    atoms: list[Atom] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if tok.kind == "macro" and tok.text in lex.ignored:
            i += 1
            if tok.text in lex.length_macros:
                i = _length_end(toks, i)
            # \left. / \right. : the dot is an invisible delimiter
            if (
                tok.text in ("left", "right", "middle")
                and i < n
                and toks[i].kind == "op"
                and toks[i].text == "."
            ):
                i += 1
            continue
        if tok.kind == "script" and atoms:
            target = atoms[-1]
            arg, j = _script_arg(toks, i + 1)
            if tok.text == "_":
                if target.sub is None:
                    target.sub = arg
                else:
                    target.sub = target.sub + arg
            else:
                if target.sup is None:
                    target.sup = arg
                else:
                    target.sup = target.sup + arg
            target.end = toks[j - 1].end if j > i + 1 else tok.end
            i = j
            continue
        if tok.kind == "script":
            # a script with nothing before it (`{}^{T}`, start of an argument): keep it as an
            # empty primary so the letters inside are still seen
            holder = Atom(Tok("group", "{}", tok.start, tok.start, [[]]), end=tok.end)
            atoms.append(holder)
            continue_i = i
            arg, j = _script_arg(toks, i + 1)
            if tok.text == "_":
                holder.sub = arg
            else:
                holder.sup = arg
            holder.end = toks[j - 1].end if j > continue_i + 1 else tok.end
            i = j
            continue
        if tok.kind == "op" and tok.text == "'" and atoms:
            atoms[-1].primes += 1
            atoms[-1].end = tok.end
            i += 1
            continue
        if tok.kind == "digit":
            j = i
            while j + 1 < n and toks[j + 1].kind == "digit" and toks[j + 1].start == toks[j].end:
                j += 1
            # a decimal point between digits
            if (
                j + 2 < n
                and toks[j + 1].kind == "op"
                and toks[j + 1].text == "."
                and toks[j + 2].kind == "digit"
                and toks[j + 2].start == toks[j + 1].end == toks[j].end + 1
            ):
                j += 2
                while j + 1 < n and toks[j + 1].kind == "digit" and toks[j + 1].start == toks[j].end:
                    j += 1
            text = "".join(t.text for t in toks[i : j + 1])
            atoms.append(Atom(Tok("digit", text, tok.start, toks[j].end), end=toks[j].end))
            i = j + 1
            continue
        if tok.kind == "macro" and tok.text == "operatorname":
            # \operatorname{tr}, \operatorname*{arg\,min}: the name is the following group
            j = i + 1
            if j < n and toks[j].kind == "op" and toks[j].text == "*":
                j += 1
            if j < n and toks[j].kind == "group":
                merged = Tok("macro", "operatorname", tok.start, toks[j].end, [toks[j].args[0]])
                atoms.append(_atom(merged))
                i = j + 1
                continue
        atoms.append(_atom(tok))
        i += 1
    return atoms


def atoms_of(latex_tree: Any) -> list[Atom]:
    """Atoms of a :class:`notelint.parse.latex.LatexTree` (or a node list)."""
    nodes = getattr(latex_tree, "nodes", latex_tree)
    return build_atoms(tokenize_nodes(nodes))


#: the atoms the math model read for a relation's side, by the side's text, with the side's
#: offset in its span: the readers of sides (names, facts, cases) ask :func:`read_text` about
#: those texts, and parsing each again was most of the parsing of a note
_SIDES: dict[str, tuple[tuple[Atom, ...], int]] = {}


def remember_side(text: str, atoms: Sequence[Atom], start: int) -> None:
    """Record the atoms of a side whose text is ``source[start:start + len(text)]`` and whose
    atoms were read from that source without expanding anything (the same atoms its text read
    alone gives, at offsets ``start`` further)."""
    if text in _SIDES:
        return
    if len(_SIDES) > 8192:
        _SIDES.clear()
    _SIDES[text] = (tuple(atoms), start)


@functools.lru_cache(maxsize=4096)
def read_text(latex: str) -> tuple[Atom, ...] | None:
    """The atoms of a LaTeX text read on its own, or None when it does not parse. Several
    readers ask about one side in turn (its names, its facts, its cases): it is read once.
    The atoms are shared, so no reader may change them."""
    from notelint.parse.latex import parse_latex

    pieces = _from_sides(latex, 0, set())
    if pieces is not None:
        return tuple(a for atoms, delta in pieces for a in (atoms if delta == 0 else _shifted(atoms, delta)))
    tree = parse_latex(latex)
    return None if tree.error else tuple(atoms_of(tree))


#: sides joined by spaces at most (``left + " " + right`` and the values of its definitions)
_MAX_PARTS = 16
#: a text ending in a control word (``\frac``, ``\left``) may take what follows as its argument
_OPEN_END = re.compile(r"\\(?:[A-Za-z]+\s*)?$")
#: a text starting with a script or a prime attaches it to what precedes
_ATTACHING = ("_", "^", "'")


def _from_sides(latex: str, depth: int, failed: set[str]) -> list[tuple[tuple[Atom, ...], int]] | None:
    """The atoms of a side the model read, or of sides joined by single spaces (readers ask
    about ``left + " " + right``) when no part can reach into the next, as pieces (the atoms,
    how much further their offsets are than in ``latex``); None otherwise. ``failed`` holds the
    tails already found not to be sides (each is tried once, however many ways lead to it)."""
    from notelint.parse.latex import brace_problem

    side = _SIDES.get(latex)
    if side is not None:
        return [side] if brace_problem(latex) is None else None
    if depth >= _MAX_PARTS or latex in failed:
        return None
    at = latex.find(" ")
    while at >= 0:
        head = latex[:at]
        tail = latex[at + 1 :]
        if head in _SIDES and not _OPEN_END.search(head) and not tail.lstrip().startswith(_ATTACHING):
            rest = _from_sides(tail, depth + 1, failed)
            first = _from_sides(head, depth + 1, failed) if rest is not None else None
            if rest is not None and first is not None:
                return first + [(atoms, delta - at - 1) for atoms, delta in rest]
        at = latex.find(" ", at + 1)
    failed.add(latex)
    return None


def _shifted(atoms: tuple[Atom, ...], delta: int) -> tuple[Atom, ...]:
    """Copies of ``atoms`` (and their tokens) with every offset ``delta`` smaller (built without
    the dataclasses' ``__init__``: this runs for every side a reader asks about)."""
    toks: dict[int, Tok] = {}
    new_tok, new_atom = Tok.__new__, Atom.__new__

    def tok(t: Tok) -> Tok:
        out = toks.get(id(t))
        if out is None:
            out = toks[id(t)] = new_tok(Tok)
            out.__dict__.update(
                kind=t.kind,
                text=t.text,
                start=t.start - delta,
                end=t.end - delta,
                args=[[tok(x) for x in arg] for arg in t.args],
            )
        return out

    def atom(a: Atom) -> Atom:
        out = new_atom(Atom)
        out.__dict__.update(
            tok=tok(a.tok),
            inner=[atom(x) for x in a.inner],
            args=[[atom(x) for x in g] for g in a.args],
            sub=None if a.sub is None else [atom(x) for x in a.sub],
            sup=None if a.sup is None else [atom(x) for x in a.sup],
            primes=a.primes,
            end=a.end - delta,
        )
        return out

    return tuple(atom(a) for a in atoms)


def parse_atoms(latex: str) -> list[Atom]:
    """Atoms of a LaTeX math string (tests and the glossary parser)."""
    from notelint.parse.latex import parse_latex

    return atoms_of(parse_latex(latex))


def plain_text(atoms: list[Atom]) -> str:
    """The letters, digits and operator characters of atoms (for names like ``arg\\,min``)."""
    out = []
    for a in atoms:
        if a.kind in ("letter", "digit", "op"):
            out.append(a.text)
        elif a.kind == "group":
            out.append(plain_text(a.inner))
        elif a.kind == "macro" and a.text in ("mathrm", "text", "mathit", "textrm"):
            for arg in a.args:
                out.append(plain_text(arg))
    return "".join(out)


def macro_name(atom: Atom) -> str | None:
    """The operator name of ``\\log`` or ``\\operatorname{tr}`` / ``\\mathrm{diag}``."""
    if atom.kind != "macro":
        return None
    if atom.text in ("operatorname", "mathrm", "text", "textrm", "mathop") and atom.args:
        return plain_text(atom.args[0]).replace(",", "").replace("!", "").replace(";", "")
    return atom.text


# --------------------------------------------------------------------------------------------
# symbol identity


@dataclass(frozen=True)
class SymbolRef:
    """A symbol as written: ``key`` is its canonical spelling (``\\hat{w}``, ``\\mathcal{L}``,
    ``\\lambda``, ``x``) and ``base`` the symbol it relates to (``w``, ``\\mathcal{L}``)."""

    key: str
    base: str
    start: int
    end: int
    decorated: bool = False


def symbol_ref(atom: Atom) -> SymbolRef | None:
    """If the primary of ``atom`` is a symbol, its canonical key and base; else None."""
    lex = lexicon()
    tok = atom.tok
    if tok.kind == "letter":
        return SymbolRef(tok.text, tok.text, tok.start, tok.end)
    if tok.kind != "macro":
        return None
    name = tok.text
    if name in lex.greek and not atom.args:
        key = "\\" + name
        return SymbolRef(key, key, tok.start, tok.end)
    if not atom.args or not atom.args[0]:
        return None
    inner = atom.args[0]
    if name in lex.font_distinct:
        text = plain_text(inner)
        if not text or not text.isalnum():
            return None
        key = f"\\{name}{{{text}}}"
        return SymbolRef(key, key, tok.start, atom.head_end)
    if name in lex.font_same or name in lex.decorations:
        if len(inner) != 1:
            return None
        sub = symbol_ref(inner[0])
        if sub is None or inner[0].sub is not None or inner[0].sup is not None:
            if inner[0].kind == "digit" and name in lex.font_same:
                key = f"\\mathbf{{{inner[0].text}}}"
                return SymbolRef(key, key, tok.start, atom.head_end)
            return None
        decorated = name in lex.decorations or sub.decorated
        if name in lex.font_same and name != "vec":
            key = f"\\mathbf{{{sub.key}}}" if not sub.decorated else sub.key
        else:
            key = f"\\{name}{{{sub.key}}}"
        return SymbolRef(key, sub.base, tok.start, atom.head_end, decorated)
    return None


def canonical(key: str) -> str:
    """Spelling variants (``\\epsilon``/``\\varepsilon``) map to one form."""
    variants = lexicon().variants
    if key.startswith("\\") and key[1:] in variants:
        return "\\" + variants[key[1:]]
    return key


def is_relation(atom: Atom) -> bool:
    """A relation of the vocabulary (``=``, ``\\le``, ``\\in``, ``\\stackrel{…}{=}``…)."""
    vocab = vocabulary()
    if atom.kind == "op":
        return atom.text in vocab.relations
    return atom.kind == "macro" and (atom.text in vocab.relations or atom.text in vocab.decorated)


def letter_run_end(atoms: list[Atom], i: int) -> int:
    """Index of the last atom of the run of bare letters written together from ``atoms[i]``
    (``softmax``, ``MSE``): no space, script or prime inside the run."""
    j = i
    while (
        j + 1 < len(atoms)
        and atoms[j + 1].kind == "letter"
        and atoms[j + 1].start == atoms[j].end
        and atoms[j].sub is None
        and atoms[j].sup is None
        and not atoms[j].primes
    ):
        j += 1
    return j


def matching_bracket(atoms: list[Atom], i: int) -> int | None:
    """Index of the ``)``/``]`` closing the ``(``/``[`` operator atom at ``i``, or None."""
    if atoms[i].kind != "op" or atoms[i].text not in ("(", "["):
        return None
    depth = 0
    for k in range(i, len(atoms)):
        a = atoms[k]
        if a.kind == "op" and a.text in ("(", "["):
            depth += 1
        elif a.kind == "op" and a.text in (")", "]"):
            depth -= 1
            if depth == 0:
                return k
    return None
