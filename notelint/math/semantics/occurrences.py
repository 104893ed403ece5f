"""Symbol occurrences in LaTeX math: every symbol the math uses, classified by the conventions of
RULES.md.

An occurrence is a plain use (which must be declared), a bound variable (``\\sum_{i=1}^n``,
``\\max_u``, ``\\arg\\min_w``, ``\\int … dx``, ``\\mathbb{E}_{x\\sim p}``), an index (letters in a
subscript: ``x_i``, ``w_t``; ``w^{(k)}``), or a known name (``\\sigma``, ``e``, ``\\pi``) that counts
as a use of a declared symbol but is never reported as undeclared. The walker reads the atoms
of :mod:`notelint.math.reading.atoms`.

Standard functions and operators (``\\log``, ``\\operatorname{tr}``, ``\\nabla``), number sets
and distributions (``\\mathbb{R}``, ``\\mathcal{N}``), text (``\\text{…}``), norm names
(``\\ell_2``), complexity names (``O(nd^2)``), units after a number and words (``softmax``)
are not symbols at all. The word lists live in ``notelint/data/symbols.toml``
(:mod:`notelint.math.reading.lexicon`).
"""

from __future__ import annotations

from dataclasses import dataclass

from notelint.math.reading.atoms import (
    Atom,
    SymbolRef,
    is_relation,
    letter_run_end,
    macro_name,
    matching_bracket,
    parse_atoms,
    plain_text,
    symbol_ref,
)
from notelint.math.reading.lexicon import (
    Lexicon,
    lexicon,
)
from notelint.math.reading.vocabulary import vocabulary

# --------------------------------------------------------------------------------------------
# occurrences

#: Roles of an occurrence.
USE = "use"  # a symbol the math uses: must be declared
BOUND = "bound"  # bound by \sum, \max_u, \int … dx, \mathbb{E}_{x\sim p}
INDEX = "index"  # a letter in a subscript or a (k) superscript
KNOWN = "known"  # a known name (\sigma, e, \pi) or in a position notelint will not judge


@dataclass(frozen=True)
class Occurrence:
    """One use of a symbol in a span's math, with its role."""

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
            if (
                kind == "letter"
                and atom.text == "d"
                and atom.sub is None
                and i + 1 < n
                # (d^2\mathcal{L}/d\ell^2: a second differential, with the slash that makes it one)
                and (atom.sup is None or (_digits(atom.sup) and _slash_derivative(atoms[i + 1 :])))
            ):
                nxt = atoms[i + 1]
                if (nxt.start != atom.end or symbol_ref(nxt) is None) and _slash_derivative(atoms[i + 1 :]):
                    # "d\,\mathrm{FL}/dz": a differential, spaced from what it takes (or taking a
                    # function's value: "|d\log y/dy|")
                    i += 1
                    continue
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
                # a function space: f \in C^2, f \in L^2([0,1]), "is $C^1$ but not $C^2$"
                if _function_space(atoms, i, lex):
                    self.emit(ref, KNOWN, atom)
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
                if name in vocabulary().definers:
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
                if name in ("xrightarrow", "xleftarrow", "xRightarrow", "xLeftarrow") and all(
                    len(arg) == 1 and arg[0].kind == "letter" for arg in atom.args
                ):
                    # \xrightarrow{d}, \xrightarrow{p}: the mode of a convergence, no symbol
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
                        if name in ("overset", "underset", "stackrel") and k == 0 and _relation_below(args):
                            continue  # \overset{d}{=}: a note on the relation (in law), no symbol
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
            if _font_switch_transpose(sup):
                return
            self.walk(sup)


def _font_switch_transpose(sup: list[Atom]) -> bool:
    """``X^{\\rm T}``, ``X^{\\sf T}``: a transpose written with a plain-TeX font switch."""
    return (
        len(sup) == 2
        and sup[0].is_macro("rm", "sf", "mathrm", "mathsf")
        and not sup[0].args
        and sup[1].kind == "letter"
        and sup[1].text == "T"
    )


def _slash_derivative(atoms: list[Atom]) -> bool:
    r"""``\mathrm{FL}/dz``: a quantity, a slash, then a differential ``d`` and a symbol."""
    for k in range(1, len(atoms) - 2):
        if atoms[k].is_op("/") and _is_differential_d(atoms[k + 1]) and symbol_ref(atoms[k + 2]) is not None:
            return True
    return False


def _digits(atoms: list[Atom]) -> bool:
    """``2`` of ``d^2``, ``{2}``: a power that is a number."""
    return bool(atoms) and all(a.kind == "digit" for a in atoms)


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


def _function_space(atoms: list[Atom], i: int, lex: Lexicon) -> bool:
    """``C^2``, ``L^2``, ``H^1``, ``C^\\infty`` read as a space of functions: a letter of
    ``function_spaces`` with an order for superscript, after ``\\in`` or ``\\subseteq`` (for ``C``
    also written alone: ``$C^1$``), and no subscript. ``C^2 + 1`` or ``a L^2`` are products."""
    atom = atoms[i]
    if atom.kind != "letter" or atom.sub is not None or not atom.sup or atom.primes:
        return False
    order = atom.sup[0].inner if len(atom.sup) == 1 and atom.sup[0].kind == "group" else atom.sup
    if atom.text not in lex.function_spaces or not order:
        return False
    if not all(
        a.kind == "digit" or a.is_macro("infty") or (a.kind == "letter" and a.text in "kpqm") for a in order
    ):
        return False
    after = atoms[i + 1 :]
    if after and after[0].is_op("("):
        close = matching_bracket(atoms, i + 1)
        after = atoms[close + 1 :] if close is not None else after
    if i > 0 and atoms[i - 1].is_macro("in", "notin", "subset", "subseteq"):
        return not after or is_relation(after[0]) or after[0].is_op(",", ".", ";")
    return atom.text == "C" and len(atoms) == 1


def _is_norm_index(sub: list[Atom]) -> bool:
    flat = sub[0].inner if len(sub) == 1 and sub[0].kind == "group" else sub
    return bool(flat) and all(
        a.kind == "digit" or (a.kind == "letter" and a.text in "pqF") or a.is_macro("infty") for a in flat
    )


@dataclass
class Extraction:
    """Every symbol occurrence of one math text and the keys it binds."""

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


def map_parameters(atoms: list[Atom]) -> set[str]:
    """The variables of a map written with ``\\mapsto``: ``q`` of ``q\\mapsto-\\sum_k q_k\\log q_k``,
    ``u, v`` of ``(u,v)\\mapsto u^\\top v``, dummy variables local to the map."""
    out: set[str] = set()
    for j, a in enumerate(atoms):
        if a.kind == "env":
            out |= map_parameters(a.inner)
            continue
        if not a.is_macro("mapsto", "longmapsto") or j == 0:
            continue
        before = atoms[j - 1]
        if before.is_op(")"):
            # (u, v) \mapsto …: the letters of the tuple
            k = j - 2
            while k >= 0 and not atoms[k].is_op("("):
                k -= 1
            params = atoms[k + 1 : j - 1] if k >= 0 else []
        else:
            params = [before]
        for p in params:
            ref = symbol_ref(p)
            if ref is not None:
                out.add(ref.key)
    return out


def set_builder_variables(atoms: list[Atom]) -> set[str]:
    """The variable of a set written by a condition: ``v`` of ``\\{v:\\mathbf{1}^\\top v=0\\}`` and
    of ``\\{v\\in\\mathbb{R}^K\\mid …\\}``, local to the set."""
    out: set[str] = set()
    for j, a in enumerate(atoms):
        if a.kind == "env":
            out |= set_builder_variables(a.inner)
            continue
        if not a.is_macro("{", "lbrace") or j + 2 >= len(atoms):
            continue
        ref = symbol_ref(atoms[j + 1])
        if ref is None:
            continue
        rest = atoms[j + 2 :]
        close = next((k for k, b in enumerate(rest) if b.is_macro("}", "rbrace")), len(rest))
        head = rest[:close]
        if not head:
            continue
        condition = [b.is_op(":", "|") or b.is_macro("mid") for b in head]
        if condition[0] or (head[0].is_macro("in") and any(condition)):
            out.add(ref.key)
    return out


def extract(atoms: list[Atom]) -> Extraction:
    """Every symbol occurrence in a math span's atoms, in source order."""
    ex = _Extractor()
    ex.walk(atoms)
    ex.bound |= definition_parameters(atoms)
    ex.bound |= map_parameters(atoms)
    ex.bound |= set_builder_variables(atoms)
    occurrences = sorted(ex.out, key=lambda o: (o.start, o.end))
    return Extraction(occurrences, ex.bound)


def extract_latex(latex: str) -> Extraction:
    return extract(parse_atoms(latex))


def _relation_below(args: list[list[Atom]]) -> bool:
    """Is the second argument of ``\\overset{…}{…}`` one relation (``=``, ``\\to``, ``\\sim``)?"""
    return len(args) == 2 and len(args[1]) == 1 and is_relation(args[1][0])
