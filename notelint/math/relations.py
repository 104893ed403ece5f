"""Split the LaTeX of a math span into relation chains and their links (plain string work).

``a = b = c \\approx d`` is one chain with three links; each link keeps the offsets of its two
sides and of its relation symbol inside the span's LaTeX, so a finding can point at exactly
the relation that is wrong. Only depth-0 relation symbols split (the ``=`` of ``\\sum_{i=1}``
does not). In ``align``-like environments ``\\\\`` separates lines, ``&`` is ignored, and a
line starting with a relation (``&= …``) continues the previous line's last side. ``\\quad``,
``\\text{…}``, ``,`` and ``\\implies`` separate statements. Which symbols are relations, and
what each means, is the one LaTeX vocabulary (``data/latex.toml``) the math model reads too.

No SymPy here: the parent process splits, the workers translate and verify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notelint.math.vocabulary import vocabulary

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
_MASK = re.compile(r"\\(?:tag|label|eqref|ref)\*?\{[^{}]*\}|\\(?:nonumber|notag|displaystyle|textstyle)\b")
_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")
_WRAPPED = re.compile(r"\s*\\begin\{([A-Za-z]+\*?)\}")
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[^\\]|\\", re.DOTALL)


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


def _mask(latex: str) -> str:
    """Blank \\tag{…}, \\label{…} and friends, and the box of ``\\boxed{…}`` (its content is
    the relation the 4.E result states), keeping offsets."""
    masked = _MASK.sub(lambda m: " " * len(m.group(0)), latex)
    for m in reversed(list(_BOXED.finditer(masked))):
        close = _closing_brace(masked, m.end() - 1)
        if close is None:
            continue
        masked = (
            masked[: m.start()]
            + " " * (m.end() - m.start())
            + masked[m.end() : close]
            + " "
            + masked[close + 1 :]
        )
    return masked


def _closing_brace(text: str, open_at: int) -> int | None:
    depth = 0
    i = open_at
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _body_range(latex: str, environment: str | None) -> tuple[int, int]:
    if environment is None:
        return 0, len(latex)
    m = re.match(r"\s*\\begin\{[^}]*\}(\{[^}]*\})?", latex)
    start = m.end() if m else 0
    end_m = None
    for end_m in re.finditer(r"\\end\{[^}]*\}\s*$", latex):  # noqa: B007 (the last match is kept)
        pass
    end = end_m.start() if end_m else len(latex)
    return start, end


def _tokens(latex: str, start: int, end: int) -> list[tuple[int, int, str, int]]:
    """(start, end, token, depth-before) for the text between start and end."""
    out: list[tuple[int, int, str, int]] = []
    depth = 0
    i = start
    env_depth = 0
    while i < end:
        m = _TOKEN.match(latex, i)
        assert m is not None
        tok = m.group(0)
        j = m.end()
        if tok in ("\\left", "\\right", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr"):
            # the delimiter belongs to the \left/\right token
            k = j
            while k < end and latex[k].isspace():
                k += 1
            d = _TOKEN.match(latex, k) if k < end else None
            if d is not None:
                j = d.end()
            out.append((i, j, tok, depth + env_depth))
            depth += 1 if tok in ("\\left", "\\bigl", "\\Bigl", "\\biggl") else -1
            i = j
            continue
        if tok == "\\begin":
            env_depth += 1
        elif tok == "\\end":
            env_depth -= 1
        if not tok.isspace():
            out.append((i, j, tok, depth + env_depth))
        if tok in ("{", "(", "[", "\\{", "\\langle"):
            depth += 1
        elif tok in ("}", ")", "]", "\\}", "\\rangle"):
            depth -= 1
        i = j
    return out


def split_relations(latex: str, environment: str | None = None) -> list[Chain]:
    """Relation chains of a math span's LaTeX (offsets into ``latex``)."""
    masked = _mask(latex)
    if environment is None:
        # $$\begin{aligned} … \end{aligned}$$: the display is one environment
        m = _WRAPPED.match(masked)
        name = m.group(1) if m else ""
        if (
            m
            and masked.count("\\begin{" + name + "}") == 1
            and re.search(r"\\end\{" + re.escape(name) + r"\}\s*$", masked)
            and (name in ALIGN_ENVS or name.startswith(("equation", "displaymath")))
        ):
            environment = name
    if environment in ("cases", "dcases", "array", "tabular"):
        return []
    lo, hi = _body_range(masked, environment)
    toks = _tokens(masked, lo, hi)
    lines: list[list[tuple[int, int, str, int]]] = [[]]
    chars = list(masked)
    for t in toks:
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


def _is_continuation(stmt: list[tuple[int, int, str, int]]) -> bool:
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


def _statements(latex: str, line: list[tuple[int, int, str, int]]) -> list[list[tuple[int, int, str, int]]]:
    out: list[list[tuple[int, int, str, int]]] = [[]]
    skip_group_until = -1
    for idx, t in enumerate(line):
        start, _end, tok, depth = t
        if start < skip_group_until:
            continue
        if depth == 0 and tok.startswith(("\\text", "\\mbox")) and _names_a_function(latex, line, idx):
            out[-1].append(t)  # \text{Var}(X), \textrm{Area}(A): part of the expression
            continue
        if depth == 0 and (tok in SEPARATORS or tok in (",", ";") or tok.startswith("\\text")):
            out.append([])
            if tok.startswith("\\text") or tok in ("\\mbox", "\\hspace", "\\intertext"):
                skip_group_until = _group_end(line, idx + 1)
            continue
        out[-1].append(t)
    return [s for s in out if s]


def _names_a_function(latex: str, line: list[tuple[int, int, str, int]], idx: int) -> bool:
    """Is ``\\text{…}`` at token ``idx`` followed directly by ``(``, ``[``, ``_`` or ``^``?"""
    end = _group_end(line, idx + 1)
    if end < 0:
        return False
    rest = latex[end : end + 20].lstrip()
    return rest[:1] in ("(", "[", "_", "^") or rest.startswith(("\\left", "\\big", "\\Big"))


def _group_end(line: list[tuple[int, int, str, int]], idx: int) -> int:
    """Offset just after the brace group starting at token ``idx`` (or -1)."""
    if idx >= len(line) or line[idx][2] != "{":
        return -1
    depth = 0
    for _start, end, tok, _ in line[idx:]:
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth == 0:
                return end
    return line[-1][1]


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


def _chain(masked: str, latex: str, stmt: list[tuple[int, int, str, int]]) -> Chain | None:
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
            if tok in ("\\stackrel", "\\overset"):
                # \stackrel{def}{=}: skip both groups
                g1 = _group_end(stmt, k + 1)
                g_end = g1
                j = k + 1
                while j < len(stmt) and stmt[j][0] < g1:
                    j += 1
                g_end = _group_end(stmt, j)
                while j < len(stmt) and stmt[j][0] < g_end:
                    j += 1
                op = (":=", tok, start, g_end if g_end > 0 else end)
                k = j - 1
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
