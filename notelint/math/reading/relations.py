"""Split the LaTeX of a math span into relation chains and their links (plain string work).

``a = b = c \\approx d`` is one chain with three links; each link keeps the offsets of its two
sides and of its relation symbol inside the span's LaTeX, so a finding can point at exactly
the relation that is wrong. Only depth-0 relation symbols split (the ``=`` of ``\\sum_{i=1}``
does not). In ``align``-like environments ``\\\\`` separates lines, ``&`` is ignored, and a
line starting with a relation (``&= …``) continues the previous line's last side. ``\\quad``,
``\\text{…}``, ``,`` and ``\\implies`` separate statements. Which symbols are relations, and
what each means, is the one LaTeX vocabulary (``data/latex.toml``) the math model reads too.

The tokens are the math model's (``symbols.tokenize_nodes`` over the span's pylatexenc tree,
``LATEX_TREE``, parsed once per span): a group, an environment and a macro with its arguments
are one token each, so only the top level of the formula splits. Math pylatexenc cannot
read (unbalanced braces: NL210 reports them) has no links.

No SymPy here: the parent process splits, the workers translate and verify.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from notelint.math.reading.vocabulary import vocabulary
from notelint.math.semantics.symbols import Tok, tokenize_nodes
from notelint.note import MathSpan
from notelint.parse.latex import LATEX_TREE

#: written forms relations.py reads itself: ``:=``/``=:`` are two tokens, and a relation
#: written over another (``\\stackrel{def}{=}``, ``\\overset{(a)}{=}``) is read as a definition
_COMPOSED = {":=": ":=", "=:": ":=", "\\stackrel": ":=", "\\overset": ":="}


def _written(name: str) -> str:
    """A vocabulary name as a token reads it (``le`` → ``\\le``; ``=`` stays)."""
    return name if len(name) == 1 and not name.isalpha() else "\\" + name


def _tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(checked relation → CAS operator, definition → ``:=``, other relations) from the one
    LaTeX vocabulary (``data/latex.toml``); implications end a statement instead (SEPARATORS)."""
    checked: dict[str, str] = {}
    defining: dict[str, str] = dict(_COMPOSED)
    other: set[str] = set()
    for name, meaning in vocabulary().relations.items():
        if meaning.kind == "implication":
            continue
        if meaning.op == ":=":
            defining[_written(name)] = ":="
        elif meaning.op is not None:
            checked[_written(name)] = meaning.op
        else:
            other.add(_written(name))
    return checked, defining, frozenset(other)


#: relation symbol (as written) → canonical operator; definitions; relations never checked
CHECKED, DEFINING, OTHER = _tables()
#: depth-0 tokens that end one statement and start another
SEPARATORS = {
    "\\quad",
    "\\qquad",
    "\\text",
    "\\textrm",
    "\\textit",
    "\\textbf",
    "\\mbox",
    "\\mathrm{and}",
    "\\implies",
    "\\Rightarrow",
    "\\Longrightarrow",
    "\\iff",
    "\\Leftrightarrow",
    "\\Longleftrightarrow",
    "\\therefore",
    "\\because",
    "\\forall",
    "\\hspace",
    "\\qedhere",
    "\\text*",
    "\\intertext",
    "\\where",
    "\\rightsquigarrow",
    "\\leadsto",
    "\\land",
    "\\lor",
    "\\wedge",
    "\\vee",
    "\\exists",
    "\\;\\;",
    "\\enspace",
    "\\hfill",
}
ALIGN_ENVS = {
    "align",
    "align*",
    "aligned",
    "eqnarray",
    "eqnarray*",
    "gather",
    "gather*",
    "gathered",
    "multline",
    "multline*",
    "split",
    "alignat",
    "alignat*",
    "flalign",
    "flalign*",
    "array",
    "cases",
    "dcases",
}
#: macros that are not part of a relation: numbering, references, style
_MASKED = frozenset(
    {"tag", "tag*", "label", "eqref", "ref", "nonumber", "notag", "displaystyle", "textstyle"}
)
#: macro definitions: their arguments are not mathematics
_DEFINERS = frozenset({"newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "def", "gdef"})
#: a box around a relation (the 4.E result): its content is the relation
_BOXES = frozenset({"boxed", "fbox"})
#: sizing macros that take the delimiter after them (``\\left(``): one token, one level deeper
_OPENERS = frozenset({"left", "bigl", "Bigl", "biggl"})
_CLOSERS = frozenset({"right", "bigr", "Bigr", "biggr"})
#: macros whose braced argument belongs to them (text, spacing, a relation written over another)
_WITH_ARGUMENT = {
    "text": 1,
    "textrm": 1,
    "textit": 1,
    "textbf": 1,
    "mbox": 1,
    "hspace": 1,
    "intertext": 1,
    "stackrel": 2,
    "overset": 2,
}

#: a token: (start, end, text as written — ``\\le``, ``=``, ``{}`` for a group —, depth)
Token = tuple[int, int, str, int]


@dataclass(frozen=True)
class Side:
    """One side of a link: offsets into the span's LaTeX (``end`` exclusive) and its text."""

    start: int
    end: int
    text: str


@dataclass
class Link:
    op: str  # canonical: "=", "approx", "<=", ">=", "<", ">", "!=", ":="
    symbol: str  # as written
    left: Side
    right: Side
    op_start: int
    op_end: int
    #: position of the link in its chain and the chain's number of links
    index: int = 0
    chain_len: int = 1
    #: the left side was taken from the previous line (``&= …``)
    continued: bool = False
    chain_id: int = 0

    @property
    def start(self) -> int:
        return min(self.left.start, self.op_start)

    @property
    def end(self) -> int:
        return max(self.right.end, self.op_end)


@dataclass
class Chain:
    parts: list[Side]
    ops: list[tuple[str, str, int, int]]  # (canonical, written, start, end)
    links: list[Link] = field(default_factory=list)
    #: the first part came from an earlier line
    continued: bool = False
    #: a later line ("&\\quad + c") already extended the last side
    continued_tail: bool = False


def _blank(text: list[str], start: int, end: int) -> None:
    text[start:end] = " " * (end - start)


def _flat(toks: list[Tok], masked: list[str], out: list[Token], depth: list[int]) -> None:
    """The tokens of one level, with their bracket depth; masked macros blanked in ``masked``."""
    i = 0
    while i < len(toks):
        t = toks[i]
        i += 1
        if t.kind == "macro" and t.text in _MASKED:
            _blank(masked, t.start, t.end)
            continue
        if t.kind == "macro" and t.text in _DEFINERS:
            # a macro definition is not mathematics; \def\bw{…} spends the next two tokens
            last = t if t.args or i + 1 >= len(toks) else toks[i + 1]
            _blank(masked, t.start, last.end)
            i += 0 if t.args or i + 1 >= len(toks) else 2
            continue
        if t.kind == "macro" and t.text in _BOXES and t.args:
            inner = t.args[0]
            _blank(masked, t.start, inner[0].start if inner else t.end)
            _blank(masked, t.end - 1, t.end)  # the closing brace
            _flat(inner, masked, out, depth)
            continue
        if t.kind == "macro" and (t.text in _OPENERS or t.text in _CLOSERS):
            end = t.end
            if i < len(toks) and toks[i].kind in ("op", "macro") and not toks[i].args:
                end = toks[i].end  # the delimiter belongs to \left / \right
                i += 1
            out.append((t.start, end, "\\" + t.text, depth[0]))
            depth[0] += 1 if t.text in _OPENERS else -1
            continue
        if t.kind == "macro" and t.args and _unbraced(t, masked):
            # \\r = c: pylatexenc gave a text accent its argument `=`; a macro's unbraced
            # argument is read as what follows it, as a LaTeX reader of math would
            out.append((t.start, t.start + 1 + len(t.text), "\\" + t.text, depth[0]))
            for arg in t.args:
                _flat(arg, masked, out, depth)
            continue
        end = t.end
        if t.kind == "macro" and not t.args and t.text in _WITH_ARGUMENT:
            want = _WITH_ARGUMENT[t.text]
            while want and i < len(toks) and toks[i].kind == "group":
                end = toks[i].end
                want -= 1
                i += 1
        text = {"group": "{}", "env": "\\begin"}.get(t.kind) or (
            "\\" + t.text if t.kind == "macro" else t.text
        )
        out.append((t.start, end, text, depth[0]))
        if text in ("(", "[", "\\{", "\\langle"):
            depth[0] += 1
        elif text in (")", "]", "\\}", "\\rangle"):
            depth[0] -= 1


def _unbraced(t: Tok, source: list[str]) -> bool:
    """Is macro ``t``'s argument written without braces (``\\hat w``, ``\\r =``)? Never for a
    macro definition, which is not mathematics."""
    if t.text in _DEFINERS:
        return False
    k = t.start + 1 + len(t.text)
    while k < t.end and source[k].isspace():
        k += 1
    return k < t.end and source[k] not in "{["


def chains_of(span: MathSpan, environment: bool = True) -> list[Chain]:
    """Relation chains of a math span, from its parsed tree (offsets into ``span.latex``);
    ``environment=False`` reads an environment span like a display (its body not split in rows)."""
    env = span.environment if span.kind == "environment" and environment else None
    return _chains(span.facet(LATEX_TREE).nodes, span.latex, env)


def split_relations(latex: str, environment: str | None = None) -> list[Chain]:
    """Relation chains of a LaTeX text (offsets into ``latex``); :func:`chains_of` for a span."""
    text = MathSpan(0, len(latex), 0, latex, "display", "$$")  # a text read on its own
    return _chains(text.facet(LATEX_TREE).nodes, latex, environment)


def _chains(nodes: list[Any], latex: str, environment: str | None) -> list[Chain]:
    if any(type(node).__name__ == "LatexMathNode" for node in nodes):
        # a `$` switching math mode inside math: the span's delimiters went wrong (NL210
        # reports it) and its text is partly prose, not a formula
        return []
    return _split(tokenize_nodes(nodes), latex, environment)


def _split(toks: list[Tok], source: str, environment: str | None) -> list[Chain]:
    chars = list(source)
    top: list[Token] = []
    _flat(toks, chars, top, [0])
    masked = "".join(chars)
    body = toks
    envs = [t for t in toks if t.kind == "env"]
    if environment is None and len(top) == 1 and top[0][2] == "\\begin" and len(envs) == 1:
        # $$\begin{aligned} … \end{aligned}$$: the display is one environment
        name = envs[0].text
        if name in ALIGN_ENVS or name.startswith(("equation", "displaymath")):
            environment = name
    if environment is not None and len(envs) == 1 and len(top) == 1:
        body = envs[0].args[0] if envs[0].args else []
        if body and body[0].kind == "group" and environment.startswith(("alignat", "array")):
            body = body[1:]  # the column count
    if environment in ("cases", "dcases", "array", "tabular"):
        return []
    if body is not toks:
        chars = list(masked)
        tokens: list[Token] = []
        _flat(body, chars, tokens, [0])
        masked = "".join(chars)
    else:
        tokens = top
    lines: list[list[Token]] = [[]]
    chars = list(masked)
    for t in tokens:
        if t[2] == "\\\\" and t[3] == 0:
            lines.append([])
            chars[t[0] : t[1]] = " " * (t[1] - t[0])
        elif t[2] == "&" and t[3] == 0:
            chars[t[0]] = " "
            continue
        else:
            lines[-1].append(t)
    latex = "".join(chars)
    chains: list[Chain] = []
    prev: Chain | None = None
    for line in lines:
        statements = _statements(masked, line)
        for n, stmt in enumerate(statements):
            chain = _chain(masked, latex, stmt)
            if chain is None:
                if (
                    n == 0
                    and prev is not None
                    and stmt
                    and _is_continuation(stmt)
                    and not prev.continued_tail
                ):
                    # the previous line's last side goes on here ("&\quad + c")
                    last = prev.parts[-1]
                    extra = _side(latex, stmt[0][0], stmt[-1][1])
                    if extra is not None:
                        prev.parts[-1] = Side(last.start, extra.end, last.text + " " + extra.text)
                        _relink(prev)
                continue
            if n == 0 and chain.parts[0].text == "" and prev is not None and prev.parts[-1].text:
                chain.parts[0] = prev.parts[-1]
                chain.continued = True
            chain.continued_tail = False
            chains.append(chain)
            _relink(chain)
            prev = chain
        if len(statements) > 1 and prev is not None:
            prev.continued_tail = True
    for cid, chain in enumerate(chains):
        for link in chain.links:
            link.chain_id = cid
    return chains


def _is_continuation(stmt: list[Token]) -> bool:
    return bool(stmt) and stmt[0][2] in ("+", "-", "\\cdot", "\\times")


def _relink(chain: Chain) -> None:
    chain.links = []
    n = len(chain.ops)
    for k, (op, sym, s, e) in enumerate(chain.ops):
        chain.links.append(
            Link(
                op, sym, chain.parts[k], chain.parts[k + 1], s, e, k, n, continued=chain.continued and k == 0
            )
        )


def _statements(latex: str, line: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = [[]]
    for idx, t in enumerate(line):
        _start, _end, tok, depth = t
        if depth == 0 and (_is_text(tok) or tok == "\\mbox") and _names_a_function(latex, line, idx):
            out[-1].append(t)  # \text{Var}(X), \textrm{Area}(A): part of the expression
            continue
        if depth == 0 and (tok in SEPARATORS or tok in (",", ";") or _is_text(tok)):
            out.append([])
            continue
        out[-1].append(t)
    return [s for s in out if s]


def _is_text(tok: str) -> bool:
    """``\\text``, ``\\textrm``, ``\\textbf``…: text in math (``\\textcolor`` only colours math)."""
    return tok.startswith("\\text") and tok != "\\textcolor"


def _names_a_function(latex: str, line: list[Token], idx: int) -> bool:
    """Is ``\\text{…}`` at token ``idx`` followed directly by ``(``, ``[``, ``_`` or ``^``?"""
    end = line[idx][1]
    if end == line[idx][0] + len(line[idx][2]):
        return False  # no argument
    rest = latex[end : end + 20].lstrip()
    return rest[:1] in ("(", "[", "_", "^") or rest.startswith(("\\left", "\\big", "\\Big"))


def _side(latex: str, start: int, end: int) -> Side | None:
    text = latex[start:end]
    stripped = text.strip()
    # trailing punctuation of a sentence (".", ",") is not part of the expression
    while stripped.endswith((".", ",", ";")):
        stripped = stripped[:-1].rstrip()
    if not stripped:
        return Side(start, start, "")
    lead = len(text) - len(text.lstrip())
    s = start + lead
    return Side(s, s + len(stripped), stripped)


def _chain(masked: str, latex: str, stmt: list[Token]) -> Chain | None:
    cuts: list[tuple[str, str, int, int]] = []
    k = 0
    while k < len(stmt):
        start, end, tok, depth = stmt[k]
        if depth != 0:
            k += 1
            continue
        op: tuple[str, str, int, int] | None = None
        nxt = stmt[k + 1][2] if k + 1 < len(stmt) else ""
        if tok == ":" and nxt == "=":
            op = (":=", ":=", start, stmt[k + 1][1])
            k += 1
        elif tok == "=" and nxt == ":":
            op = (":=", "=:", start, stmt[k + 1][1])
            k += 1
        elif tok in ("<", ">") and nxt == "=":
            op = ("<=" if tok == "<" else ">=", tok + "=", start, stmt[k + 1][1])
            k += 1
        elif tok in CHECKED:
            op = (CHECKED[tok], tok, start, end)
        elif tok in DEFINING:
            op = (":=", tok, start, end)
        elif tok in OTHER:
            op = ("other", tok, start, end)
        if op is not None:
            cuts.append(op)
        k += 1
    if not cuts:
        return None
    parts: list[Side] = []
    s0 = stmt[0][0]
    for op in cuts:
        side = _side(latex, s0, op[2])
        parts.append(side if side is not None else Side(s0, s0, ""))
        s0 = op[3]
    tail_end = stmt[-1][1]
    side = _side(latex, s0, tail_end)
    parts.append(side if side is not None else Side(s0, s0, ""))
    return Chain(parts, cuts)


def links(latex: str, environment: str | None = None) -> list[Link]:
    """All links of all chains of a span, in order."""
    return [link for chain in split_relations(latex, environment) for link in chain.links]
