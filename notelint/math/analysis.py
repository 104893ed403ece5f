"""Check every relation of a note: collect links, send checkable ones to the CAS, classify.

Runs in the linting process and never imports SymPy: translation and verification happen in
the worker pool (``pool``), verdicts are cached on disk (``cache``). The result is computed
once per note and shared by NL501–NL504.

Order of work:
1. walk the math spans in order, split them into links (``relations``), record definitions
   (``J(w) = …``, ``:=``) as they appear, and build one job per checkable link with the
   definitions and shapes it mentions;
2. run the jobs (cache first, then the pool);
3. walk again in order and decide what a failing link is: a refuted claim, or a condition,
   a definition, a substitution — unknown (see :mod:`notelint.math.claims`).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notelint.math import claims
from notelint.math.guards import Unsupported, check_input
from notelint.math.relations import Link, split_relations

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.math.glossary import SymbolTable
    from notelint.note import MathSpan, Note

#: sections whose equations declare or assume things (glossary, assumptions): never refuted
CONDITION_SECTIONS = {"2", "3"}
#: what makes a symbolic link a claim rather than a possible condition
_CALCULUS = re.compile(
    r"\\(?:frac\{d|frac\{\\partial|dfrac\{d|dfrac\{\\partial|tfrac\{d|partial|nabla|sum|prod|int|lim)(?![A-Za-z])|\\frac\s*d|'\("
)
OPS = {
    "=": "NL501",
    "approx": "NL502",
    "<=": "NL503",
    ">=": "NL503",
    "<": "NL503",
    ">": "NL503",
    "!=": "NL503",
}


@dataclass
class LinkResult:
    link: Link
    span: MathSpan
    #: verified | refuted | unknown | definition
    verdict: str
    message: str
    start: int  # file offsets of the relation
    end: int
    code: str = ""


@dataclass
class Analysis:
    results: list[LinkResult] = field(default_factory=list)
    cas_jobs: int = 0
    cache_hits: int = 0

    def counts(self) -> dict[str, int]:
        out = {"verified": 0, "refuted": 0, "unknown": 0}
        for r in self.results:
            if r.verdict in out:
                out[r.verdict] += 1
        return out


_CACHE: weakref.WeakKeyDictionary[Any, Analysis] = weakref.WeakKeyDictionary()


def analyze(note: Note, config: Config) -> Analysis:
    """The verdicts of every relation of ``note`` (computed once per note)."""
    cached = _CACHE.get(note)
    if cached is not None:
        return cached
    result = _analyze(note, config)
    _CACHE[note] = result
    return result


def _opt(config: Config, key: str, default: Any) -> Any:
    try:
        return config.get(key)
    except KeyError:
        return default


@dataclass
class _Pending:
    link: Link
    span: MathSpan
    job: Any
    section: str | None
    cue: bool
    error: str | None = None
    verdict: dict[str, Any] | None = None


def _analyze(note: Note, config: Config) -> Analysis:
    from notelint.math.jobs import Context, Job  # plain data, no SymPy

    # definitions of the standard's sections 2–4 hold for the whole note; elsewhere (books,
    # lecture notes) a definition lasts until the next heading: f, g, p are reused freely
    global_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    local_functions: dict[str, tuple[tuple[str, ...], str]] = {}
    values: dict[str, str] = {}  # symbol values are not substituted (names are reused too often)
    shapes = declared_shapes(note)
    identity_shapes: dict[str, tuple[int | str, int | str]] = {}
    floor = float(_opt(config, "math.approx-tolerance", 0.01))
    log = "?" if _OTHER_LOG.search(note.text) else "e"
    pending: list[_Pending | LinkResult] = []
    scope: object = None
    for span in note.math:
        section = note.section_at(span.start)
        key = section.key if section else None
        standard = key is not None and (key[0] in "234")
        here = "standard" if standard else _heading_before(note, span.start)
        if here != scope:
            scope = here
            local_functions = {}
            pending.append(_ScopeStart())
        functions = global_functions if standard else local_functions
        visible = {**global_functions, **local_functions}
        if key == "4.D":
            # the letters an identity declares for itself are local to it (RULES.md)
            identity_shapes = declared_shapes(note, span)
        env = span.environment if span.kind == "environment" else None
        if env in ("cases", "dcases", "array", "tabular"):
            continue
        try:
            chains = split_relations(span.latex, env)
        except (ValueError, IndexError, AssertionError):
            continue
        cue = _condition_cue(note, span)
        for chain in chains:
            for link in chain.links:
                if link.op == "other":
                    continue
                start, end = _file_span(span, link)
                left, right = link.left.text, link.right.text
                if link.op == ":=":
                    _record_definition(left, right, functions, values)
                    visible = {**global_functions, **local_functions}
                    continue
                if not left or not right:
                    pending.append(
                        LinkResult(link, span, "unknown", "a side of the relation is missing", start, end)
                    )
                    continue
                naming = claims.naming_side(left, right) if link.op == "=" else None
                if naming == "left" and _derivative_of_defined(left, visible):
                    naming = None  # f'(x) = 2x - 4 with f defined: a computation, checked
                if naming == "left" and link.index == 0 and key != "4.D":
                    # a definition: used later, not checked (J(w) = …, p_i = …, \hat{y} = …)
                    _record_definition(left, right, functions, values)
                    visible = {**global_functions, **local_functions}
                    continue
                try:
                    check_input(left)
                    check_input(right)
                except Unsupported as exc:
                    pending.append(LinkResult(link, span, "unknown", str(exc), start, end))
                    continue
                span_shapes = identity_shapes if key == "4.D" else shapes
                ctx = Context(*_relevant(left + " " + right, visible, values, span_shapes), log=log)
                pending.append(_Pending(link, span, Job(link.op, left, right, ctx, floor), key, cue))
    analysis = Analysis()
    _run_jobs([p for p in pending if isinstance(p, _Pending)], config, analysis)
    constrained: set[str] = set()
    for item in pending:
        if isinstance(item, _ScopeStart):
            constrained = set()
            continue
        if isinstance(item, LinkResult):
            item.code = OPS.get(item.link.op, "NL501")
            analysis.results.append(item)
            continue
        analysis.results.append(_classify(item, constrained))
    return analysis


class _ScopeStart:
    """Marks a new heading scope in the pending list (conditions do not carry over)."""


#: the note says its \log is not natural ("base-2 logarithms", "\log refers to \log_2")
_OTHER_LOG = re.compile(
    r"log\w*[^.\n]{0,80}\bbase[- ]?(?:2|two|10|ten)\b|\bbase[- ]?(?:2|two|10|ten)\b[^.\n]{0,40}log"
    r"|\\log\b[^.\n]{0,40}refers? to[^.\n]{0,20}\\log_",
    re.IGNORECASE,
)


def _heading_before(note: Note, offset: int) -> int:
    best = -1
    for h in note.headings:
        if h.span.start <= offset:
            best = h.span.start
    return best


def _file_span(span: MathSpan, link: Link) -> tuple[int, int]:
    base = span.content_start
    if link.continued:
        return base + link.op_start, base + link.right.end
    return base + link.left.start, base + link.right.end


#: body of a function defined twice differently in one scope: the translator refuses it
_AMBIGUOUS = "\\notelintambiguousdefinition"


def _derivative_of_defined(left: str, functions: dict[str, tuple[tuple[str, ...], str]]) -> bool:
    fdef = claims.function_definition(left)
    if fdef is None or "'" not in fdef[0]:
        return False
    return fdef[0].replace("'", "").strip() in functions


def _record_definition(
    left: str, right: str, functions: dict[str, tuple[tuple[str, ...], str]], values: dict[str, str]
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
        if old is not None and old != (params, right):
            # defined twice in one scope: which one a later link means is a guess
            functions[head] = ((), _AMBIGUOUS)
            return
        functions[head] = (params, right)
        return
    del values  # symbol values are recorded as definitions but not substituted


def _relevant(
    text: str,
    functions: dict[str, tuple[tuple[str, ...], str]],
    values: dict[str, str],
    shapes: dict[str, tuple[int | str, int | str]],
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The definitions a link mentions, transitively, and the shapes of its symbols."""
    fs: dict[str, tuple[tuple[str, ...], str]] = {}
    vs: dict[str, str] = {}
    todo = [text]
    seen: set[str] = set()
    while todo:
        t = todo.pop()
        for name, d in functions.items():
            if name not in fs and claims.mentions(t, name):
                fs[name] = d
                todo.append(d[1])
        for name, body in values.items():
            if name not in vs and name not in seen and claims.mentions(t, name):
                vs[name] = body
                seen.add(name)
                todo.append(body)
        if len(fs) + len(vs) > 40:
            break
    all_text = text + " " + " ".join(d[1] for d in fs.values()) + " " + " ".join(vs.values())
    sh = {
        n: s
        for n, s in shapes.items()
        if claims.mentions(all_text, claims.head_name(n)) or claims.mentions(all_text, _bold_inner(n))
    }
    return fs, vs, sh


def _bold_inner(name: str) -> str:
    m = re.fullmatch(r"\\(?:mathbf|boldsymbol)\{(.)\}", name)
    return m.group(1) if m else name


def declared_shapes(note: Note, span: MathSpan | None = None) -> dict[str, tuple[int | str, int | str]]:
    """Shapes for the CAS, from the note's one symbol table (:func:`glossary.shape_table`),
    plus, for math in a 4.D identity (``span``), the letters the identities declare (its own
    first):
    ``(rows, cols)`` with sizes as numbers or as the size names the note writes (``n``,
    ``d_k``), which the translator instantiates with small concrete sizes. A symbol declared
    with two different shapes is left out (unknown beats wrong)."""
    from notelint.math.glossary import identity_table, shape_table

    shapes = _cas_shapes(shape_table(note))
    if span is not None:
        # an identity's own letters first, then those the other identities declare
        shapes.update(_cas_shapes(identity_table(note, span, own=False)))
        shapes.update(_cas_shapes(identity_table(note, span)))
    return shapes


def _cas_shapes(table: SymbolTable) -> dict[str, tuple[int | str, int | str]]:
    seen: dict[str, tuple[int | str, int | str] | None] = {}
    for decl in table.declarations:
        shape = decl.shape
        if shape is None:
            continue
        if table.same_sizes:
            shape = table.normalize(shape)
        value: tuple[int | str, int | str] | None
        dims = [int(d) if str(d).isdigit() else str(d) for d in shape.dims]
        if shape.kind == "scalar":
            value = (1, 1)
        elif shape.kind == "vector" and len(dims) == 1:
            value = (dims[0], 1)
        elif shape.kind == "matrix" and len(dims) == 2:
            value = (dims[0], dims[1])
        else:
            value = None
        if value is not None and not all(isinstance(d, int) or _SIZE_NAME.fullmatch(d) for d in value):
            value = None  # a size written as an expression (n+1, K-1): no concrete instance
        for key in _spellings(decl.key):
            if key in seen and seen[key] != value:
                seen[key] = None  # declared twice with different shapes
            else:
                seen[key] = value
    return {key: value for key, value in seen.items() if value is not None}


def _spellings(key: str) -> set[str]:
    """The glossary's key and the names the translator may give the same symbol
    (``\\mathbf{X}`` → ``X``; ``I_{n}`` → ``I_n``)."""
    out = {key, _bold_inner(key)}
    sub = re.fullmatch(r"(.+)_\{([^{}]+)\}", key)
    if sub:
        out.add(f"{sub.group(1)}_{sub.group(2)}")
    return out


#: a size the translator can instantiate: a letter, with a subscript (d_k, d_{k}) or a Greek name
_SIZE_NAME = re.compile(r"(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?")


def _condition_cue(note: Note, span: MathSpan) -> bool:
    """Does the prose just before the span say the equation is a condition?"""
    start = max(0, span.start - 160)
    before = note.text[start : span.start]
    cut = before.rfind("\n\n")
    if cut >= 0:
        before = before[cut:]
    # only the sentence leading into the span
    for stop in (". ", ".\n", ":\n"):
        idx = before.rfind(stop)
        if idx >= 0 and idx < len(before) - 2:
            before = before[idx + len(stop) :]
    before = re.sub(r"\$[^$]*\$", " ", before)
    return bool(claims.CONDITION_CUES.search(before))


# ---- running ----------------------------------------------------------------------------------
def _verdict_cache_dir(config: Config) -> Path:
    """``math.cache-dir``, relative to the config file's folder like the results cache (so the
    language server, started anywhere, uses the project's cache)."""
    directory = Path(_opt(config, "math.cache-dir", ".notelint_cache/math"))
    root = getattr(config, "root", None)
    return directory if directory.is_absolute() or root is None else Path(root) / directory


def _run_jobs(items: list[_Pending], config: Config, analysis: Analysis) -> None:
    if not items:
        return
    import os

    from notelint.math.cache import VerdictCache, key_of
    from notelint.math.pool import shared_pool

    use_cache = (
        bool(_opt(config, "cache", True))
        and bool(_opt(config, "math.cache", True))
        and not os.environ.get("NOTELINT_NO_CACHE")
    )
    cache = VerdictCache(_verdict_cache_dir(config)) if use_cache else None
    todo: list[_Pending] = []
    keys: dict[int, str] = {}
    for item in items:
        if cache is not None:
            k = key_of(item.job)
            keys[id(item)] = k
            hit = cache.get(k)
            if hit is not None:
                item.verdict = hit
                analysis.cache_hits += 1
                continue
        todo.append(item)
    if not todo:
        return
    pool = shared_pool(
        int(_opt(config, "math.jobs", 1)),
        float(_opt(config, "math.timeout", 5.0)),
        int(_opt(config, "math.memory-mb", 1024)),
    )
    verdicts = pool.run([item.job for item in todo])
    analysis.cas_jobs += len(todo)
    for item, verdict in zip(todo, verdicts):
        item.verdict = verdict
        if cache is not None and not verdict.get("transient"):
            cache.put(keys[id(item)], verdict)


# ---- classification ---------------------------------------------------------------------------
_NOT_NAMES = {
    "frac",
    "dfrac",
    "tfrac",
    "cdot",
    "times",
    "left",
    "right",
    "log",
    "ln",
    "exp",
    "sqrt",
    "sum",
    "prod",
    "int",
    "lim",
    "nabla",
    "partial",
    "mathbf",
    "boldsymbol",
    "mathrm",
    "operatorname",
    "text",
    "textrm",
    "hat",
    "bar",
    "tilde",
    "top",
    "big",
    "Big",
    "quad",
    "qquad",
    "infty",
    "to",
    "mathbb",
    "mathcal",
    "sin",
    "cos",
    "tan",
    "tanh",
    "sinh",
    "cosh",
    "det",
    "max",
    "min",
    "pi",
    "d",
    "e",
    "T",
    "pm",
}


def names_in(text: str) -> set[str]:
    """Rough set of the symbol names a LaTeX text uses (for "shares a symbol with a condition")."""
    out = set()
    for m in re.finditer(r"\\([A-Za-z]+)|([A-Za-z]+)", text):
        if m.group(1):
            if m.group(1) not in _NOT_NAMES:
                out.add(m.group(1))
            continue
        out.update(c for c in m.group(2) if c not in ("d", "e"))
    return out


def _condition_like(item: _Pending) -> bool:
    link = item.link
    return (
        item.cue
        or claims.is_zero(link.left.text)
        or claims.is_zero(link.right.text)
        or item.section in CONDITION_SECTIONS
        or claims.self_referential(link.left.text, link.right.text)
    )


def _classify(item: _Pending, constrained: set[str]) -> LinkResult:
    link = item.link
    start, end = _file_span(item.span, link)
    v = item.verdict or {"status": "unknown", "message": "not checked"}
    status = v.get("status", "unknown")
    code = OPS.get(link.op, "NL501")
    symbols = names_in(link.left.text + " " + link.right.text)
    if status != "holds" and _condition_like(item) and item.section != "4.D":
        constrained |= symbols
    if status == "holds":
        return LinkResult(link, item.span, "verified", "", start, end, code)
    if item.section in CONDITION_SECTIONS or _domain_statement(link):
        # "$\lambda > 0$" in the glossary or the assumptions states a condition, not a claim:
        # neither checked nor counted as unknown.
        return LinkResult(link, item.span, "condition", "", start, end, code)
    if status != "fails":
        return LinkResult(link, item.span, "unknown", v.get("message") or "could not check", start, end, code)
    reason = _not_a_claim(item, v, constrained)
    if reason is not None:
        if symbols:
            constrained |= symbols
        return LinkResult(
            link,
            item.span,
            "unknown",
            f"{reason}; as an identity it fails: {v.get('message', '')}",
            start,
            end,
            code,
        )
    return LinkResult(link, item.span, "refuted", v.get("message", ""), start, end, code)


_NUMBER = re.compile(r"^\s*[-+]?\s*\d+(?:\.\d+)?\s*$")


def _domain_statement(link: Link) -> bool:
    r"""``\lambda > 0``, ``p \le 1``: a bare symbol bounded by a number states its domain."""
    if link.op not in ("<=", ">=", "<", ">", "!="):
        return False
    left, right = link.left.text, link.right.text
    return bool(
        (claims.BARE.match(left) and _NUMBER.match(right))
        or (claims.BARE.match(right) and _NUMBER.match(left))
    )


def _not_a_claim(item: _Pending, v: dict[str, Any], constrained: set[str]) -> str | None:
    """Why a failing link is not reported (None: it is a claim, report it)."""
    link = item.link
    left, right = link.left.text, link.right.text
    numeric = bool(v.get("numeric"))
    symbols = names_in(left + " " + right)
    if item.section in CONDITION_SECTIONS:
        return "stated in a declarations or assumptions section"
    if claims.self_referential(left, right):
        return "an update or fixed-point equation"
    if link.op == "=" and claims.naming_side(left, right):
        return "it (re)defines a name"
    if numeric:
        return None
    # symbolic from here on
    if symbols & constrained and item.section != "4.D":
        return "it uses symbols constrained by an earlier condition"
    if link.op in ("<=", ">=", "<", ">", "!="):
        return "a symbolic inequality may be a condition"
    if claims.is_zero(left) or claims.is_zero(right):
        return "an equation with a zero side may be a condition"
    if item.cue:
        return "the text before it introduces a condition"
    if link.op == "approx":
        return None  # the series check only refutes polynomial approximations around 0
    text = left + " " + right
    calculus = bool(_CALCULUS.search(text))
    if not calculus and names_in(left) != names_in(right):
        # a rewrite keeps its symbols; a side that brings in others substitutes a definition
        # given elsewhere (\tilde\beta_t = …) or holds under one: not checkable as an identity
        return "the sides use different symbols (a definition from elsewhere?)"
    signal = link.chain_len > 1 or link.continued or item.section == "4.D" or bool(_CALCULUS.search(text))
    if not signal:
        return "a lone symbolic equation may be a condition"
    return None
