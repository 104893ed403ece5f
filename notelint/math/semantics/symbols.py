"""Symbols in LaTeX math: tokens, atoms with their scripts, and symbol occurrences.

pylatexenc gives a raw tree: characters come in runs (``'_t + w^'``), ``_``/``^`` are plain
characters and ``\\operatorname`` takes no argument. This module turns a tree into

* **tokens** — one letter, digit, operator character, macro (with its parsed arguments) or
  ``{…}`` group each, with offsets into the math source;
* **atoms** — a primary token with its subscript, superscript and primes attached, which is
  what both the symbol extraction below and the shape inference of :mod:`notelint.math.semantics.shapes`
  read;
* **occurrences** — every symbol the math uses, classified by the conventions of RULES.md:
  a plain use (which must be declared), a bound variable (``\\sum_{i=1}^n``, ``\\max_u``,
  ``\\arg\\min_w``, ``\\int … dx``, ``\\mathbb{E}_{x\\sim p}``), an index (letters in a
  subscript: ``x_i``, ``w_t``; ``w^{(k)}``), or a known name (``\\sigma``, ``e``, ``\\pi``)
  that counts as a use of a declared symbol but is never reported as undeclared.

Standard functions and operators (``\\log``, ``\\operatorname{tr}``, ``\\nabla``), number sets
and distributions (``\\mathbb{R}``, ``\\mathcal{N}``), text (``\\text{…}``), norm names
(``\\ell_2``), complexity names (``O(nd^2)``), units after a number and words (``softmax``)
are not symbols at all. The word lists live in ``notelint/data/symbols.toml``.

Decorated forms relate to their base symbol: ``\\hat{w}``, ``\\bar w``, ``w^\\star``, ``w^*``,
``w^{(k)}``, ``w'``, ``w_t`` and ``\\mathbf{w}`` all have base ``w``.

Size: over 600 lines because tokens, atoms and the occurrence walker are read together by
the math model; the intended split (issue 15, not done yet) moves tokens and atoms into
``math/model/atoms.py`` beside the model and keeps the occurrence walker here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from notelint import data
from notelint.math.reading.vocabulary import vocabulary

# --------------------------------------------------------------------------------------------
# word lists


@dataclass(frozen=True)
class Lexicon:
    greek: frozenset[str]
    variants: dict[str, str]
    known_symbols: frozenset[str]
    elementwise: frozenset[str]
    operators: frozenset[str]
    binders: frozenset[str]
    letterlike: frozenset[str]
    font_same: frozenset[str]
    font_distinct: frozenset[str]
    decorations: frozenset[str]
    font_names: frozenset[str]
    text_macros: frozenset[str]
    ignored: frozenset[str]
    words: frozenset[str]
    units: frozenset[str]
    big_o: frozenset[str]


@functools.cache
def lexicon() -> Lexicon:
    raw = data.load("symbols")
    known = raw["known"]
    variants = dict(raw.get("variants", {}))
    return Lexicon(
        greek=frozenset(raw["greek"]),
        variants=variants,
        known_symbols=frozenset(known["symbols"]),
        elementwise=frozenset(known["elementwise_functions"]),
        operators=frozenset(known["operators"]),
        binders=frozenset(known["binders"]),
        letterlike=frozenset(known["letterlike"]),
        font_same=frozenset(known["font_same"]),
        font_distinct=frozenset(known["font_distinct"]),
        decorations=frozenset(known["decorations"]),
        font_names=frozenset(known["font_names"]),
        text_macros=frozenset(known["text_macros"]),
        ignored=frozenset(known["ignored"]),
        words=frozenset(known["words"]),
        units=frozenset(known["units"]),
        big_o=frozenset(known["big_o"]),
    )


# --------------------------------------------------------------------------------------------
# tokens


@dataclass
class Tok:
    """One token of math: ``kind`` is letter, digit, op, macro, group or env.

    ``start``/``end`` are offsets into the math source. A macro's parsed arguments and a
    group's or environment's body are token lists in ``args``.
    """

    kind: str
    text: str
    start: int
    end: int
    args: list[list[Tok]] = field(default_factory=list)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Tok({self.kind},{self.text!r},{self.start})"


def _attach_args(toks: list[Tok]) -> list[Tok]:
    """Give macros pylatexenc parsed without arguments (``\\boldsymbol``, ``\\tfrac``) theirs."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        want = vocabulary().arguments.get(tok.text, 0) if tok.kind == "macro" else 0
        i += 1
        if want and len(tok.args) < want:
            if i < len(toks) and toks[i].kind == "op" and toks[i].text == "*":
                i += 1
            while len(tok.args) < want and i < len(toks):
                nxt = toks[i]
                if nxt.kind == "group":
                    tok.args.append(nxt.args[0])
                elif nxt.kind in ("letter", "digit", "macro"):
                    tok.args.append([nxt])
                else:
                    break
                tok.end = nxt.end
                i += 1
        out.append(tok)
    return out


def tokenize_nodes(nodes: list[Any]) -> list[Tok]:
    """Flatten pylatexenc nodes into tokens (offsets are the nodes' ``pos``)."""
    out: list[Tok] = []
    for node in nodes or []:
        if node is None:
            continue
        cls = type(node).__name__
        pos = node.pos or 0
        if cls == "LatexCharsNode":
            for i, ch in enumerate(node.chars):
                if ch.isspace():
                    continue
                if ch.isalpha():
                    kind = "letter"
                elif ch.isdigit():
                    kind = "digit"
                elif ch in "^_":
                    kind = "script"
                else:
                    kind = "op"
                out.append(Tok(kind, ch, pos + i, pos + i + 1))
        elif cls == "LatexSpecialsNode":
            chars = node.specials_chars
            if chars == "~":
                continue
            for i, ch in enumerate(chars):
                out.append(Tok("op", ch, pos + i, pos + i + 1))
        elif cls == "LatexGroupNode":
            delims = getattr(node, "delimiters", ("{", "}")) or ("{", "}")
            inner = tokenize_nodes(node.nodelist)
            if delims[0] == "{":
                out.append(Tok("group", "{}", pos, pos + node.len, [inner]))
            else:
                out.append(Tok("op", delims[0], pos, pos + 1))
                out.extend(inner)
                out.append(Tok("op", delims[1], pos + node.len - 1, pos + node.len))
        elif cls == "LatexMacroNode":
            name = node.macroname
            args: list[list[Tok]] = []
            relation_taken = False
            if node.nodeargd is not None:
                for arg in node.nodeargd.argnlist or []:
                    if arg is None:
                        continue
                    if (
                        type(arg).__name__ == "LatexGroupNode"
                        and (getattr(arg, "delimiters", ("{",)) or ("{",))[0] == "{"
                    ):
                        args.append(tokenize_nodes(arg.nodelist))
                    else:
                        args.append(tokenize_nodes([arg]))
                        relation_taken |= any(
                            t.kind == "op" and vocabulary().relation(t.text) is not None for t in args[-1]
                        )
            head_end = pos + 1 + len(name)
            if relation_taken:
                # `\r = c`: pylatexenc gave a text accent the relation after it as its argument;
                # a relation is never an unbraced argument, so what follows is read as written
                out.append(Tok("macro", name, pos, head_end))
                out.extend(t for arg_toks in args for t in arg_toks)
                continue
            out.append(Tok("macro", name, pos, pos + node.len if args else head_end, args))
        elif cls == "LatexEnvironmentNode":
            out.append(Tok("env", node.environmentname, pos, pos + node.len, [tokenize_nodes(node.nodelist)]))
        elif cls == "LatexMathNode":
            out.extend(tokenize_nodes(node.nodelist))
        # comments and anything else: nothing
    return _attach_args(out)


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
        return Atom(tok, args=[build_atoms(a) for a in tok.args], end=tok.end)
    return Atom(tok, end=tok.end)


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


# --------------------------------------------------------------------------------------------
# occurrences

#: Roles of an occurrence.
USE = "use"  # a symbol the math uses: must be declared
BOUND = "bound"  # bound by \sum, \max_u, \int … dx, \mathbb{E}_{x\sim p}
INDEX = "index"  # a letter in a subscript or a (k) superscript
KNOWN = "known"  # a known name (\sigma, e, \pi) or in a position notelint will not judge


def is_relation(atom: Atom) -> bool:
    """A relation of the vocabulary (``=``, ``\\le``, ``\\in``, ``\\stackrel{…}{=}``…)."""
    vocab = vocabulary()
    if atom.kind == "op":
        return atom.text in vocab.relations
    return atom.kind == "macro" and (atom.text in vocab.relations or atom.text in vocab.decorated)


@dataclass(frozen=True)
class Occurrence:
    key: str
    base: str
    start: int
    end: int
    role: str
    #: the symbol carries a subscript (``x_i``, ``w_t``) or a decoration (``\hat w``, ``w^\star``)
    subscripted: bool = False
    decorated: bool = False


_PROBABILITY = frozenset({"p", "P", "q", "Q"})
_DIVERGENCES = frozenset({"KL", "D_KL", "DKL", "JS", "JSD", "TV", "KLD"})
_DEFINERS = frozenset(
    {
        "newcommand",
        "renewcommand",
        "providecommand",
        "def",
        "gdef",
        "edef",
        "DeclareMathOperator",
        "let",
        "newenvironment",
        "renewenvironment",
    }
)


class _Extractor:
    def __init__(self) -> None:
        self.lex = lexicon()
        self.out: list[Occurrence] = []
        self.bound: set[str] = set()

    # ---- helpers
    def emit(self, ref: SymbolRef, role: str, atom: Atom | None = None) -> None:
        decorated = ref.decorated
        subscripted = False
        if atom is not None:
            subscripted = atom.sub is not None
            if atom.primes or (atom.sup is not None and _is_decoration_sup(atom.sup)):
                decorated = True
        self.out.append(Occurrence(ref.key, ref.base, ref.start, ref.end, role, subscripted, decorated))

    def walk_as(self, atoms: list[Atom] | None, role: str) -> None:
        """Every symbol in ``atoms`` with a fixed role (subscripts, O(…), bound lists)."""
        if not atoms:
            return
        for atom in atoms:
            ref = symbol_ref(atom)
            if ref is not None:
                self.emit(ref, role, atom)
            elif atom.kind == "macro" and atom.text in self.lex.text_macros:
                pass
            else:
                self.walk_as(atom.inner, role)
                for arg in atom.args:
                    self.walk_as(arg, role)
            self.walk_as(atom.sub, role if role != USE else INDEX)
            if atom.sup is not None:
                self.walk_as(atom.sup, role)

    def bind(self, atoms: list[Atom] | None) -> None:
        """A binder's subscript: letters before a relation are bound, the rest are uses."""
        if not atoms:
            return
        rel = next(
            (
                k
                for k, a in enumerate(atoms)
                if is_relation(a) or a.is_op(":", "|") or a.is_macro("mid", "colon")
            ),
            None,
        )
        before = atoms if rel is None else atoms[:rel]
        for atom in before:
            ref = symbol_ref(atom)
            if ref is not None:
                self.bound.add(ref.key)
                self.emit(ref, BOUND, atom)
                self.walk_as(atom.sub, INDEX)
            else:
                self.walk_as([atom], BOUND)
        if rel is not None:
            self.walk(atoms[rel + 1 :])

    # ---- main walk
    def walk(self, atoms: list[Atom]) -> None:
        lex = self.lex
        n = len(atoms)
        i = 0
        has_integral = any(a.is_macro("int", "iint", "iiint", "oint") for a in atoms)
        while i < n:
            atom = atoms[i]
            kind = atom.kind
            # runs of letters: words (softmax, MSE), units after a number, big-O, differentials
            if kind == "letter":
                j = letter_run_end(atoms, i)
                run = "".join(a.text for a in atoms[i : j + 1])
                if j > i and (run in lex.words or len(run) >= 3):
                    # a name written as letters: nothing here is a symbol
                    for a in atoms[i : j + 1]:
                        self.walk_as(a.sub, INDEX)
                        self.walk_as(a.sup, KNOWN)
                    i = j + 1
                    continue
                prev = atoms[i - 1] if i else None
                if prev is not None and prev.kind == "digit" and run in lex.units and j > i:
                    i = j + 1
                    continue
                if (
                    prev is not None
                    and prev.kind == "digit"
                    and run in lex.units
                    and run not in ("x", "k", "m", "g", "h", "s")
                ):
                    i = j + 1
                    continue
            if kind == "letter" and atom.text == "d" and atom.sub is None and atom.sup is None and i + 1 < n:
                nxt = atoms[i + 1]
                ref = symbol_ref(nxt)
                if (ref is not None and nxt.start == atom.end) or (ref is not None and has_integral):
                    # a differential: dx, d\theta (in \int … dx, \frac{dy}{dx})
                    if has_integral:
                        self.bound.add(ref.key)
                        self.emit(ref, BOUND, nxt)
                    else:
                        self.emit(ref, USE, nxt)
                    self.walk_as(nxt.sub, INDEX)
                    self.walk_as(nxt.sup, USE)
                    i += 2
                    continue
            if (
                kind == "macro"
                and atom.text == "mathrm"
                and atom.args
                and plain_text(atom.args[0]) == "d"
                and i + 1 < n
            ):
                nxt = atoms[i + 1]
                ref = symbol_ref(nxt)
                if ref is not None:
                    if has_integral:
                        self.bound.add(ref.key)
                    self.emit(ref, BOUND if has_integral else USE, nxt)
                    self.walk_as(nxt.sub, INDEX)
                    i += 2
                    continue
            ref = symbol_ref(atom)
            if ref is not None:
                # big-O: O(nd^2), \mathcal{O}(n\log n)
                if ref.key in lex.big_o and i + 1 < n and atoms[i + 1].is_op("("):
                    close = matching_bracket(atoms, i + 1)
                    if close is not None:
                        self.walk_as(atoms[i + 2 : close], KNOWN)
                        i = close + 1
                        continue
                # the norm name \ell_2, \ell_1, \ell_p, \ell_\infty
                if ref.key == "\\ell" and atom.sub is not None and _is_norm_index(atom.sub):
                    i += 1
                    continue
                if ref.key in lex.font_names:
                    self.emit(ref, KNOWN, atom)
                    if ref.key in ("\\mathbb{E}", "\\mathbb{P}"):
                        self.bind(atom.sub)
                        self.walk(atom.sup or [])
                    else:
                        self._scripts(atom)
                    i += 1
                    continue
                # D_{\mathrm{KL}}(q \| p): a divergence; its arguments are distributions
                if (
                    ref.key == "D"
                    and atom.sub is not None
                    and plain_text(atom.sub).replace(" ", "") in _DIVERGENCES
                ):
                    self.emit(ref, KNOWN, atom)
                    i = self._divergence_args(atoms, i + 1)
                    continue
                role = KNOWN if ref.key in lex.known_symbols else USE
                if (
                    ref.key in _PROBABILITY
                    and atom.sup is None
                    and i + 1 < n
                    and atoms[i + 1].is_op("(")
                    and atoms[i + 1].start == atom.end
                ):
                    role = KNOWN  # p(y \mid x), P(Y = 1), q(z): probability notation
                if ref.key in _PROBABILITY and atom.sub is None and i > 0 and atoms[i - 1].is_macro("sim"):
                    role = KNOWN  # x \sim p: a distribution
                if ref.key == "\\delta" and atom.sub is not None and _index_count(atom.sub) == 2:
                    role = KNOWN  # the Kronecker delta \delta_{ij}
                self.emit(ref, role, atom)
                self._scripts(atom)
                i += 1
                continue
            if kind == "macro":
                name = atom.text
                if name in _DEFINERS:
                    # \newcommand{\bX}{\mathbf{X}}, \def\foo{…}: a macro definition, not math
                    i += 1 if atom.args else 3
                    continue
                if name in lex.text_macros and name != "operatorname" and macro_name(atom) in _DIVERGENCES:
                    i = self._divergence_args(atoms, i + 1)
                    continue
                if name in lex.text_macros and name != "operatorname":
                    if name in ("mathrm",) and atom.args and plain_text(atom.args[0]) in ("T",):
                        pass
                    i += 1
                    continue
                if name == "operatorname" or name in lex.operators or name in lex.elementwise:
                    op = macro_name(atom) or name
                    if op in _DIVERGENCES:
                        i = self._divergence_args(atoms, i + 1)
                        continue
                    if op.replace(" ", "") in ("argmin", "argmax", "arg") or name in lex.binders:
                        self.bind(atom.sub)
                    else:
                        self.walk_as(atom.sub, INDEX)
                    self.walk(atom.sup or [])
                    i += 1
                    continue
                if name in lex.binders:
                    self.bind(atom.sub)
                    self.walk(atom.sup or [])
                    i += 1
                    continue
                if name in ("forall", "exists", "nexists"):
                    # \forall i \in [n], \exists x: the variables are bound
                    j = i + 1
                    while j < n and not (
                        is_relation(atoms[j])
                        or atoms[j].is_op(":", ".")
                        or atoms[j].is_macro("colon", "quad")
                    ):
                        j += 1
                    self.bind(atoms[i + 1 : j])
                    i = j
                    continue
                if name == "nabla" or name == "partial":
                    # \nabla_w: the variable is used
                    self.walk_as(atom.sub, USE)
                    self.walk(atom.sup or [])
                    i += 1
                    continue
                if name in lex.font_distinct or name in lex.font_same or name in lex.decorations:
                    # not a symbol (e.g. \mathbb{E}_{x\sim p}, \hat{\mathbb{E}}) – walk inside
                    key = f"\\{name}{{{plain_text(atom.args[0]) if atom.args else ''}}}"
                    if key == "\\mathbb{E}" or key == "\\mathbb{P}":
                        self.bind(atom.sub)
                    else:
                        self.walk_as(atom.sub, INDEX)
                    for arg in atom.args:
                        self.walk(arg)
                    self.walk(atom.sup or [])
                    i += 1
                    continue
                if name in (
                    "frac",
                    "tfrac",
                    "dfrac",
                    "cfrac",
                    "sqrt",
                    "binom",
                    "tbinom",
                    "dbinom",
                    "overbrace",
                    "underbrace",
                    "boxed",
                    "color",
                    "textcolor",
                    "cancel",
                    "bcancel",
                    "xcancel",
                    "overset",
                    "underset",
                    "stackrel",
                    "substack",
                    "not",
                    "pmb",
                    "lVert",
                    "rVert",
                    "Vert",
                ):
                    args = list(atom.args)
                    if name in ("frac", "tfrac", "dfrac", "cfrac") and len(args) == 2:
                        args[0] = _without_leading_d(args[0], args[1])
                    for k, arg in enumerate(args):
                        if name in ("color", "textcolor") and k == 0:
                            continue
                        if name in ("overbrace", "underbrace") and k > 0:
                            continue
                        self.walk(arg)
                    self.walk_as(atom.sub, INDEX)
                    self.walk(atom.sup or [])
                    i += 1
                    continue
                # anything else: operators, relations, spacing; walk its arguments
                for arg in atom.args:
                    self.walk(arg)
                self.walk_as(atom.sub, INDEX)
                self.walk(atom.sup or [])
                i += 1
                continue
            if kind in ("group", "env"):
                self.walk(atom.inner)
                self._scripts(atom)
                i += 1
                continue
            # digits and operators: only scripts
            self._scripts(atom)
            i += 1

    def _divergence_args(self, atoms: list[Atom], i: int) -> int:
        """``(p \\| q)`` after KL: the distributions are known names here."""
        if i < len(atoms) and atoms[i].is_op("("):
            close = matching_bracket(atoms, i)
            if close is not None:
                self.walk_as(atoms[i + 1 : close], KNOWN)
                return close + 1
        return i

    def _scripts(self, atom: Atom) -> None:
        if atom.sub is not None:
            self.walk_as(atom.sub, INDEX)
        if atom.sup is not None:
            sup = atom.sup
            if _is_postfix_sup(sup):
                return
            if len(sup) == 1 and sup[0].kind == "group" and sup[0].inner and sup[0].inner[0].is_op("("):
                # w^{(k)}: an iteration index
                self.walk_as(sup, INDEX)
                return
            if len(sup) >= 1 and sup[0].is_op("("):
                self.walk_as(sup, INDEX)
                return
            if len(sup) == 1 and sup[0].kind == "letter" and sup[0].text == "T":
                return  # transpose
            if len(sup) == 1 and sup[0].is_macro("mathrm", "mathsf", "text", "intercal", "top", "mathtt"):
                return
            self.walk(sup)


def _is_differential_d(atom: Atom) -> bool:
    """``d``, ``d^2``, ``\\mathrm{d}``, ``\\partial``: the operator letter of a derivative."""
    if atom.sub is not None:
        return False
    if atom.is_macro("partial"):
        return True
    if atom.is_macro("mathrm") and atom.args and plain_text(atom.args[0]) == "d":
        return True
    return atom.kind == "letter" and atom.text == "d"


def _without_leading_d(numerator: list[Atom], denominator: list[Atom]) -> list[Atom]:
    """``\\frac{d}{d\\sigma}``, ``\\frac{d^2 f}{dx^2}``: with a differential below, the leading
    ``d`` above is the derivative operator, not a symbol (``\\frac{d}{2\\sigma}`` keeps it)."""
    if (
        numerator
        and len(denominator) >= 2
        and _is_differential_d(denominator[0])
        and denominator[0].sup is None
        and _is_differential_d(numerator[0])
    ):
        return numerator[1:]
    return numerator


def _is_decoration_sup(sup: list[Atom]) -> bool:
    """``^\\star``, ``^*``, ``^\\dagger``, ``^{\\prime}``, ``^+``: a related symbol."""
    flat = sup
    if len(sup) == 1 and sup[0].kind == "group":
        flat = sup[0].inner
    if not flat:
        return False
    return all(
        (a.kind == "op" and a.text in ("*", "+", "'"))
        or a.is_macro("star", "ast", "dagger", "prime", "circ", "bullet", "dag", "sharp", "natural")
        for a in flat
    )


def _is_postfix_sup(sup: list[Atom]) -> bool:
    """Superscripts with no symbol in them: ``^\\top``, ``^{-1}``, ``^2``, ``^\\star``."""
    flat = sup
    if len(sup) == 1 and sup[0].kind == "group":
        flat = sup[0].inner
    if not flat:
        return True
    for a in flat:
        if a.kind == "op" and a.text in ("*", "+", "-", "'"):
            continue
        if a.kind == "digit":
            continue
        if a.kind == "macro" and a.text in (
            "star",
            "ast",
            "top",
            "intercal",
            "dagger",
            "prime",
            "circ",
            "bullet",
            "dag",
            "sharp",
            "flat",
            "natural",
        ):
            continue
        return False
    return True


def _index_count(sub: list[Atom]) -> int:
    flat = sub[0].inner if len(sub) == 1 and sub[0].kind == "group" else sub
    return sum(1 for a in flat if not a.is_op(","))


def _is_norm_index(sub: list[Atom]) -> bool:
    flat = sub[0].inner if len(sub) == 1 and sub[0].kind == "group" else sub
    return bool(flat) and all(
        a.kind == "digit" or (a.kind == "letter" and a.text in "pqF") or a.is_macro("infty") for a in flat
    )


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


@dataclass
class Extraction:
    occurrences: list[Occurrence]
    #: keys bound anywhere in this math (sums, maxima, integrals): local to it
    bound: set[str]


_DEFINING = tuple(sorted(n for n, r in vocabulary().relations.items() if r.strong))


def definition_parameters(atoms: list[Atom]) -> set[str]:
    """The formal parameters of a function defined in this math: ``z`` of
    ``\\sigma'(z) = \\sigma(z)(1-\\sigma(z))`` — dummy variables, local to the definition."""
    out: set[str] = set()
    lines: list[list[Atom]] = [[]]
    for a in atoms:
        if a.kind == "env":
            for inner in definition_parameters(a.inner):
                out.add(inner)
            continue
        if a.is_macro("\\"):
            lines.append([])
        elif not a.is_op("&"):
            lines[-1].append(a)
    for line in lines:
        if len(line) < 4 or symbol_ref(line[0]) is None or not line[1].is_op("("):
            continue
        close = matching_bracket(line, 1)
        if close is None or close + 1 >= len(line):
            continue
        rel = line[close + 1]
        if not (rel.is_op("=") or rel.is_op(":") or rel.is_macro(*_DEFINING)):
            continue
        params = line[2:close]
        names: list[str] = []
        for k, p in enumerate(params):
            if k % 2 == 1:
                if not p.is_op(","):
                    names = []
                    break
                continue
            ref = symbol_ref(p)
            if ref is None or p.sup is not None:
                names = []
                break
            names.append(ref.key)
        out.update(names)
    return out


def extract(atoms: list[Atom]) -> Extraction:
    """Every symbol occurrence in a math span's atoms, in source order."""
    ex = _Extractor()
    ex.walk(atoms)
    ex.bound |= definition_parameters(atoms)
    occurrences = sorted(ex.out, key=lambda o: (o.start, o.end))
    return Extraction(occurrences, ex.bound)


def extract_latex(latex: str) -> Extraction:
    return extract(parse_atoms(latex))
