"""One note as an HTML page: the Markdown rendered, math as MathML with verdict badges and
inferred shapes on hover, findings at their lines, the glossary as a table.

The Markdown is parsed by notelint's own parser (``parse/markdown.py``, the same plugins the
rules see) and rendered by a renderer of our own, so that raw HTML in a note is shown as
escaped text, never passed through, and images are links rather than requests.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markdown_it.renderer import RendererHTML

from notelint.report import mathml
from notelint.report.macros import Macro, collect

if TYPE_CHECKING:
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

    from notelint.diagnostic import Diagnostic
    from notelint.math.checking.link_results import LinkResult
    from notelint.math.semantics.symbol_table import SymbolTable
    from notelint.note import MathSpan, Note

#: Block tokens findings are attached to (a finding goes after the last one starting on or
#: before its line); a table counts as one block.
_LEAF_OPEN = {"paragraph_open", "heading_open", "table_open", "hr"}
_LEAF_WHOLE = {
    "fence",
    "code_block",
    "math_block",
    "math_block_label",
    "math_block_eqno",
    "amsmath",
    "html_block",
    "hr",
    "front_matter",
}


@dataclass
class MathInfo:
    """What the page shows about one math span beside its rendering."""

    results: list[LinkResult] = field(default_factory=list)
    #: hover text: the shapes inferred for its expressions and declared for its symbols
    shapes: list[str] = field(default_factory=list)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _squash(latex: str) -> str:
    """Math content compared without spaces, blockquote markers (blanked in MathSpan.latex) and
    backslashes (the note model may blank a Markdown escape such as ``\\{``)."""
    return re.sub(r"[\s>\\]+", "", latex)


def verdict_badge(
    result: LinkResult, compact: bool, named: bool = False, macros: dict[str, Macro] | None = None
) -> str:
    """A badge for one relation: verified / step follows / refuted (counterexample) / unknown.

    ``named``: the badge shows the relation itself (an equation with several relations)."""
    left, right = result.link.left.text.strip(), result.link.right.text.strip()
    relation = f"{left} {result.link.symbol} {right}"
    if result.verdict == "verified":
        step = result.link.continued or result.link.index > 0
        label, css, text = ("step follows" if step else "verified"), "ok", ""
    elif result.verdict == "refuted":
        label, css, text = "refuted", "bad", result.message
    elif result.verdict == "unknown":
        label, css, text = "unknown", "unknown", result.message
    else:
        label, css, text = "condition", "cond", "a condition or declaration: stated, not checked"
    title = f"{result.code} {label}: {relation}" + (f" — {text}" if text else "")
    icon = {"ok": "✓", "bad": "✗", "unknown": "?", "cond": "◇"}[css]
    if compact and css != "bad":
        shown = esc(icon)
    else:
        shown = esc(f"{icon} {label}")
        if named:
            shown += " " + mathml.render(relation, display=False, macros=macros).html
        if text:
            shown += esc(f": {text}")
    return f'<span class="badge badge-{css}" title="{esc(title)}">{shown}</span>'


def finding_html(d: Diagnostic, number: int) -> str:
    return (
        f'<div class="finding sev-{d.severity.label}" id="f{number}">'
        f'<span class="pos">{d.line}:{d.column}</span> '
        f'<span class="sev">{d.severity.label}</span> '
        f'<span class="code">{esc(d.code)}</span> '
        f'<span class="rule">[{esc(d.name)}]</span> '
        f'<span class="msg">{esc(d.message)}</span></div>'
    )


class NoteRenderer(RendererHTML):
    """markdown-it-py's HTML renderer with math, raw HTML, images and findings our way."""

    def __init__(
        self,
        math: Sequence[MathSpan] = (),
        info: dict[int, MathInfo] | None = None,
        findings_after: dict[int, list[tuple[int, Diagnostic]]] | None = None,
        macros: dict[str, Macro] | None = None,
    ) -> None:
        super().__init__()
        self._macros = macros or {}
        self._spans = list(math)
        self._cursor = 0
        self._info = info or {}
        self._findings_after = findings_after or {}

    # -- the whole stream, with findings after the block they concern -------------------------
    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        out: list[str] = []
        for i, token in enumerate(tokens):
            if token.type == "inline":
                if token.children:
                    out.append(self.renderInline(token.children, options, env))
            elif token.type in self.rules:
                out.append(self.rules[token.type](tokens, i, options, env))
            else:
                out.append(self.renderToken(tokens, i, options, env))
            found = self._findings_after.get(i)
            if found:
                out.append(
                    '<div class="findings">' + "".join(finding_html(d, n) for n, d in found) + "</div>"
                )
        return "".join(out)

    # -- math ---------------------------------------------------------------------------------
    def _span_for(self, content: str) -> MathSpan | None:
        """The note's MathSpan for a math token: the next one in order with the same content."""
        wanted = _squash(content)
        # forward from the last match: spans the renderer never meets (math the note model
        # found inside raw HTML) are skipped
        for k in range(self._cursor, len(self._spans)):
            if _squash(self._spans[k].latex) == wanted:
                self._cursor = k + 1
                return self._spans[k]
        return None

    def _math(self, content: str, display: bool, block: bool) -> str:
        span = self._span_for(content)
        info = self._info.get(id(span)) if span is not None else None
        rendered = mathml.render(content, display, self._macros)
        notes = [] if rendered.ok else [f"shown as source: {rendered.reason}"]
        if info is not None and info.shapes:
            notes.append("shapes: " + "; ".join(info.shapes))
        title = " — ".join(notes)
        attrs = f' title="{esc(title)}"' if title else ""
        shaped = " has-shapes" if info is not None and info.shapes else ""
        source = "" if rendered.ok else " tex-fallback"
        results = info.results if info else []
        if not block:  # inline, conditions (the glossary's bounds) would only add noise
            results = [r for r in results if r.verdict != "condition"]
        named = block and len(results) > 1
        badges = "".join(verdict_badge(r, not block, named, self._macros) for r in results)
        if block:
            tag = f'<span class="eqtag">({esc(rendered.tag)})</span>' if rendered.tag else ""
            verdicts = f'<div class="verdicts">{badges}</div>' if badges else ""
            return (
                f'<div class="equation{shaped}{source}"{attrs}><div class="eqbody">{rendered.html}</div>'
                f"{tag}</div>{verdicts}\n"
            )
        cls = "math-display" if display else "math-inline"
        return f'<span class="{cls}{shaped}{source}"{attrs}>{rendered.html}</span>{badges}'

    def math_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self._math(tokens[idx].content, display=False, block=False)

    def math_inline_double(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._math(tokens[idx].content, display=True, block=False)

    def math_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self._math(tokens[idx].content, display=True, block=True)

    math_block_label = math_block
    math_block_eqno = math_block
    amsmath = math_block

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if token.info.strip().startswith("{math}"):
            body = "\n".join(line for line in token.content.splitlines() if not line.lstrip().startswith(":"))
            return self._math(body, display=True, block=True)
        return super().fence(tokens, idx, options, env)

    # -- content that must not act as markup or fetch anything -------------------------------
    def html_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f'<pre class="raw-html">{esc(tokens[idx].content.rstrip())}</pre>\n'

    def html_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f'<code class="raw-html">{esc(tokens[idx].content)}</code>'

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt_parts = []
        for child in token.children or []:
            if child.type.startswith("math"):
                self._span_for(child.content)  # keep the walk over the note's math in step
                alt_parts.append(f"${child.content}$")
            else:
                alt_parts.append(self.renderInlineAsText([child], options, env))
        alt = "".join(alt_parts)
        src = str(token.attrGet("src") or "")
        return f'<span class="image">[image: {esc(alt)}] <a href="{esc(src)}">{esc(src)}</a></span>'

    def front_matter(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f'<pre class="front-matter">{esc(tokens[idx].content.rstrip())}</pre>\n'


def findings_by_block(tokens: Sequence[Token], diagnostics: Sequence[Diagnostic]) -> dict[int, list[Any]]:
    """Token index after which each finding is shown: the last block starting on or before its line."""
    leaves: list[tuple[int, int]] = []  # (first line, 1-based; index of the block's last token)
    depth = 0
    for i, token in enumerate(tokens):
        if token.type == "table_close":
            depth -= 1
            continue
        if depth > 0 or token.map is None:
            continue
        if token.type == "table_open":
            depth += 1
            close = next((j for j in range(i + 1, len(tokens)) if tokens[j].type == "table_close"), i)
            leaves.append((token.map[0] + 1, close))
        elif token.type in _LEAF_OPEN:
            closer = token.type.replace("_open", "_close")
            close = next((j for j in range(i + 1, len(tokens)) if tokens[j].type == closer), i)
            leaves.append((token.map[0] + 1, close))
        elif token.type in _LEAF_WHOLE:
            leaves.append((token.map[0] + 1, i))
    leaves.sort()
    starts = [line for line, _ in leaves]
    out: dict[int, list[Any]] = {}
    for number, d in enumerate(diagnostics, 1):
        k = bisect.bisect_right(starts, d.line) - 1
        target = leaves[k][1] if k >= 0 else -1  # -1: before the first block, shown at the top
        out.setdefault(target, []).append((number, d))
    return out


def math_info(note: Note, results: Sequence[LinkResult], table: SymbolTable | None) -> dict[int, MathInfo]:
    """Verdicts and shapes for each math span, keyed by ``id(span)``."""
    info: dict[int, MathInfo] = {}
    for r in results:
        info.setdefault(id(r.span), MathInfo()).results.append(r)
    if table is None or not table.has_glossary:
        return info
    from notelint.math.semantics.shape_inference import infer
    from notelint.math.semantics.span_symbols import math_atoms, occurrences

    env = table.shape_env()
    for m in note.math:
        lines: list[str] = []
        try:
            for piece, shape in infer(math_atoms(m), m.latex, env):
                if shape is None or not piece:
                    continue
                text = m.latex[piece[0].start : piece[-1].end].strip()
                if text:
                    lines.append(f"{text} : {shape.describe()}")
            seen: set[str] = set()
            occs = occurrences(m)
            declared = {o.key for o in occs if table.resolve(o.key, o.base) is not None}
            # a declared symbol alone ("X : n×d matrix") says no more than its declaration
            lines = [line for line in lines if line.split(" : ", 1)[0] not in declared]
            for occ in occs:
                decl = table.resolve(occ.key, occ.base)
                if decl is None or decl.shape is None or occ.key in seen:
                    continue
                seen.add(occ.key)
                lines.append(f"{occ.key} declared {decl.shape.describe()}")
        except Exception:  # shapes are an aid on hover: a failure leaves the hover out, nothing else
            lines = []
        if lines:
            unique = list(dict.fromkeys(lines))
            info.setdefault(id(m), MathInfo()).shapes.extend(unique)
    return info


def render_body(note: Note, diagnostics: Sequence[Diagnostic], info: dict[int, MathInfo]) -> str:
    """The note's Markdown as HTML, findings after the block of their line."""
    from notelint.parse.markdown import markdown_parser

    md = markdown_parser()
    tokens = note.tokens
    placed = findings_by_block(tokens, diagnostics)
    top = placed.pop(-1, [])
    renderer = NoteRenderer(note.math, info, placed, note_macros(note))
    body = renderer.render(tokens, md.options, {})
    head = ""
    if top:
        head = '<div class="findings">' + "".join(finding_html(d, n) for n, d in top) + "</div>"
    return head + body


def note_macros(note: Note) -> dict[str, Macro]:
    """The LaTeX macros the note defines in its math."""
    return collect(m.latex for m in note.math)


def render_inline(text: str, macros: dict[str, Macro] | None = None) -> str:
    """A short Markdown text (a glossary description) as inline HTML, math included."""
    from notelint.parse.markdown import markdown_parser

    md = markdown_parser()
    tokens = md.parseInline(text, {})
    return NoteRenderer(macros=macros).render(tokens, md.options, {})
