"""Build the Note model from a note's text: one markdown-it parse, exact offsets throughout.

markdown-it-py maps blocks to line ranges but gives inline tokens no position, so the
offsets of inline math, code spans and inline HTML are recovered by searching the block's
source for the token's exact text, allowing for the container prefixes (list indentation,
``>`` of block quotes) that markdown-it strips from continuation lines.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from notelint.note import Block, Heading, HtmlComment, MathScope, MathSpan, Note, Span
from notelint.parse import prose_markup
from notelint.parse.containers import unwrap_directives, unwrap_indented_blocks, unwrap_outline_heading
from notelint.parse.dialect import DialectChoice, choose
from notelint.parse.html_math import html_math
from notelint.parse.markdown import markdown_parser
from notelint.parse.sections import SectionTemplate, find_sections
from notelint.source import LineIndex, Source

if TYPE_CHECKING:
    from markdown_it.token import Token

#: What may stand at the start of a continuation line inside a block: indentation and ``>``.
_CONTAINER_GAP = r"\n[ \t]*(?:>[ \t]?)*[ \t]*"
_CLOSERS = {
    "$": "$",
    "$$": "$$",
    "\\(": "\\)",
    "\\[": "\\]",
    "\\\\(": "\\\\)",
    "\\\\[": "\\\\]",
    "$`": "`$",
}
#: Delimiters whose content Markdown unescapes before MathJax reads it.
_UNESCAPED = {"\\\\(", "\\\\["}
#: Delimiters Markdown does not protect where MathJax reads the page after Markdown (Hugo's
#: goldmark without passthrough, Hexo's marked): their content is unescaped too when the note
#: shows it was written for that (``_ESCAPED_FOR_MARKDOWN``).
_UNPROTECTED = {"$", "$$", "\\begin"}
#: Backslashes a renderer that reads LaTeX as written never sees, but one that unescapes
#: Markdown first needs: ``\\\\`` for a line break, ``\\{``/``\\}`` for braces, ``\\_``, ``\\|``
#: (``\left\\{ … \right.``): a run of exactly four backslashes, or of two before the character.
_ESCAPED_FOR_MARKDOWN = re.compile(r"(?<!\\)(?:\\{4}(?!\\)|\\{2}[{}_|])")
#: The same written for a renderer that passes LaTeX through: a single backslash before a brace
#: or bar (``\{ x : x > 0 \}``: under Markdown unescaping a bare group), or a ``\\`` line break
#: ending its line.
_WRITTEN_AS_LATEX = re.compile(r"(?<!\\)(?:\\[{}|]|\\{2}[ \t]*\n)")
#: bookdown's equation label, written inside the math (``x = 1 (\#eq:one)``): bookdown takes it
#: out and numbers the equation, so the math is read without it.
_BOOKDOWN_LABEL = re.compile(r"\(\\#eq:[\w:/.-]+\)")
#: Slidev's line highlighting on a ``$$`` opening line (``$$ {1|3|all}``, ``$$ {2,3} {at:1}``):
#: Slidev takes it off and steps through the display's lines, so the math is read without it.
_SLIDEV_HIGHLIGHT = re.compile(
    r"\A[ \t]*\{(?=[^}\n]*(?:[|,*-]|all|none))(?:[\d \t|,*-]|all|none)+\}(?:[ \t]*\{[\w \t:,'\"-]*\})?[ \t]*(?=\n)"
)
#: A pandoc/Quarto attribute after display math: ``$$ … $$ {#eq:label}``.
_MATH_ATTRIBUTES = re.compile(r"[ \t]*\{#[^{}\n]*\}")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>)\]]+|www\.[^\s<>)\]]+|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\]"
)
_ENV_NAME = re.compile(r"\\begin\{([^}]*)\}")


def _gap_pattern(text: str) -> str:
    """Regex matching ``text`` as it stands in the source, line prefixes allowed between lines.

    A continuation line's own indentation is left to the gap: markdown-it expands a tab that
    indents a list item's line into columns (``\t$$`` under ``* item`` reads as two spaces)."""
    lines = text.split("\n")
    return _CONTAINER_GAP.join([re.escape(lines[0]), *(re.escape(line.lstrip(" \t")) for line in lines[1:])])


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def markdown_unescape(source: str) -> str:
    """``source`` as MathJax reads it after Markdown's backslash escapes, offsets kept.

    ``\\X`` (X ASCII punctuation) becomes X and ``\\\\`` one backslash; the characters an
    unescape removes become spaces at the start of the backslash run, so an offset into the
    result is still an offset into the file (``\\left\\(`` reads ``\\left (``). A lone
    spacing command (``0.9\\,\\big(``) is the exception: the page shows a comma, but the
    author meant a space, and a comma would turn the product into a list the checker cannot read.
    """
    if "\\" not in source:
        return source
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        if source[i] != "\\":
            out.append(source[i])
            i += 1
            continue
        j = i
        while j < n and source[j] == "\\":
            j += 1
        run = j - i
        kept = run // 2
        if run == 1 and j < n and source[j] in _SPACING:
            out.append(source[i : j + 1])
            i = j + 1
            continue
        if run % 2 and j < n and source[j] in _PUNCTUATION:
            out.append(" " * (run - kept) + "\\" * kept + source[j])
            i = j + 1
            continue
        if run % 2:
            kept += 1
        out.append(" " * (run - kept) + "\\" * kept)
        i = j
    return "".join(out)


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~")
#: ``\,`` ``\;`` ``\:`` ``\!``: read as the LaTeX spacing the author meant (``markdown_unescape``)
_SPACING = frozenset(",;:!")


def _blank_prefixes(source: str) -> str:
    """Blank the ``>`` container markers of continuation lines, keeping every offset."""
    if ">" not in source or "\n" not in source:
        return source
    return re.sub(r"(?<=\n)([ \t]*(?:>[ \t]?)+)", lambda m: " " * len(m.group(1)), source)


class _Builder:
    def __init__(self, path: str, source: Source, template: SectionTemplate, dialect: DialectChoice) -> None:
        self.path = path
        self.dialect = dialect
        self.source = source
        self.text = source.text
        self.index = LineIndex(self.text)
        self.template = template
        self.math: list[MathSpan] = []
        self.comments: list[HtmlComment] = []
        self.code: list[Span] = []
        self.excluded: list[Span] = []
        self.blocks: list[Block] = []
        self.headings: list[Heading] = []
        #: ids of the headings read from bold lines (``**4.A Definitions**``)
        self.bold_headings: set[int] = set()
        self.front_matter: Span | None = None
        self.cursors: dict[tuple[int, int], int] = {}
        #: math in Markdown text whose delimiter Markdown does not protect (`_UNPROTECTED`)
        self.unprotected: list[int] = []

    # -- helpers ---------------------------------------------------------------------------
    def region(self, token: Token) -> Span:
        assert token.map is not None
        start = self.index.line_start(token.map[0])
        end = self.index.line_start(token.map[1])
        return Span(start, end)

    def add_comment(self, start: int, end: int) -> None:
        content_start = start + 4
        self.comments.append(HtmlComment(Span(start, end), self.text[content_start : end - 3], content_start))

    def add_math(
        self,
        start: int,
        end: int,
        content_start: int,
        content_end: int,
        kind: str,
        delimiter: str,
        markdown: bool = True,
    ) -> None:
        """``markdown``: the math stands in Markdown text (not raw HTML), so Markdown's
        escapes apply to it where the delimiter relies on them."""
        latex = _blank_prefixes(self.text[content_start:content_end])
        if markdown and delimiter in _UNESCAPED:
            latex = markdown_unescape(latex)
        if markdown and delimiter in _UNPROTECTED:
            self.unprotected.append(len(self.math))
        if self.dialect.dialect.name == "rmarkdown" and "(\\#eq:" in latex:
            latex = _BOOKDOWN_LABEL.sub(lambda m: " " * len(m.group(0)), latex)
        if delimiter == "$$" and latex[:1] in " \t{":
            latex = _SLIDEV_HIGHLIGHT.sub(lambda m: " " * len(m.group(0)), latex, count=1)
        environment = None
        if kind == "environment":
            m = _ENV_NAME.match(latex)
            environment = m.group(1) if m else None
        self.math.append(MathSpan(start, end, content_start, latex, kind, delimiter, environment))
        self.excluded.append(Span(start, end))

    # -- blocks ----------------------------------------------------------------------------
    def build(self) -> Note:
        dialect = self.dialect.dialect
        parse = markdown_parser(dialect.name).parse
        # Container bodies that are Markdown to the renderer but code to markdown-it are
        # parsed from a text of the same length (parse/containers.py); offsets stay exact.
        if dialect.admonitions:
            self.text = unwrap_indented_blocks(self.text)
        self.text = unwrap_outline_heading(self.text)
        if dialect.myst:
            self.text, tokens = unwrap_directives(self.text, parse)
        else:
            tokens = parse(self.text)
        pending_heading: Token | None = None
        for i, token in enumerate(tokens):
            handler = getattr(self, f"_block_{token.type}", None)
            if token.type == "heading_open":
                pending_heading = token
            elif token.type == "inline":
                self._inline(token, tokens[i - 1] if i else None, pending_heading)
                pending_heading = None
            elif handler is not None and token.map is not None:
                handler(token)
        if self.dialect.dialect.name == "obsidian":
            self._hide_comments()
        if "comment" in self.text and "{%" in self.text:
            self._hide_comments(prose_markup.LIQUID_COMMENT)
        if self.dialect.dialect.name == "remark-math":
            self._mdx_syntax()
        if self.dialect.dialect.name in ("mathjax", "kramdown") and "katex" in self.text:
            self._katex_shortcodes()
        if dialect.escaped_brackets and dialect.dollars == "dollarmath":
            self._unescape_for_markdown()
        self.math.sort(key=lambda m: m.start)
        front = self.text[self.front_matter.start : self.front_matter.end] if self.front_matter else ""
        scope = MathScope(front, self.math)
        for span in self.math:
            span.scope = scope
        self.comments.sort(key=lambda c: c.span.start)
        if self.bold_headings:
            # a bold line repeating a section that a real heading already names adds nothing
            named = {self.template.match(h.title) for h in self.headings if id(h) not in self.bold_headings}
            self.headings = [
                h
                for h in self.headings
                if id(h) not in self.bold_headings or self.template.match(h.title) not in named
            ]
        sections = find_sections(self.headings, len(self.text), self.template)
        return Note(
            path=self.path,
            source=self.source,
            index=self.index,
            tokens=tokens,
            front_matter=self.front_matter,
            headings=self.headings,
            section_list=sections,
            math=self.math,
            prose=self._prose(),
            comments=self.comments,
            code=sorted(self.code, key=lambda s: s.start),
            blocks=self.blocks,
            dialect=self.dialect,
        )

    def _block_front_matter(self, token: Token) -> None:
        self.front_matter = self.region(token)
        self.excluded.append(self.front_matter)

    def _block_fence(self, token: Token) -> None:
        region = self.region(token)
        info = token.info.strip()
        assert token.map is not None  # handlers run only for tokens with a map
        if self.dialect.dialect.github and token.type == "fence" and info == "math":
            # GitHub's ```math fence: the lines between the fences are display math.
            first, last = token.map[0] + 1, max(token.map[0] + 1, token.map[1] - 1)
            start, end = self.index.line_start(first), self.index.line_start(last)
            if end > start and self.text[end - 1] == "\n":
                end -= 1
            self.add_math(start, end, start, end, "display", "```math")
            self.excluded.append(region)
            return
        if info.startswith("{math}"):
            # MyST's ```{math} directive holds display math: lines between the fences,
            # after any ":option:" lines.
            first = token.map[0] + 1
            last = max(first, token.map[1] - 1)
            while first < last and self.text[self.index.line_start(first) :].lstrip().startswith(":"):
                first += 1
            start, end = self.index.line_start(first), self.index.line_start(last)
            if end > start and self.text[end - 1] == "\n":
                end -= 1
            self.add_math(start, end, start, end, "display", "{math}")
            self.excluded.append(region)
            return
        self.code.append(region)
        self.excluded.append(region)

    _block_code_block = _block_fence
    _block_colon_fence = _block_fence  # MyST's :::{math} and code directives (the rest is unwrapped)

    def _block_html_block(self, token: Token) -> None:
        region = self.region(token)
        self.excluded.append(region)
        # A find loop rather than _COMMENT.finditer: with many "<!--" and no "-->" the regex
        # rescans to the end from every opener (quadratic); here a missing closer ends the search.
        at = self.text.find("<!--", region.start, region.end)
        while at >= 0:
            close = self.text.find("-->", at + 4, region.end)
            if close < 0:
                break
            self.add_comment(at, close + 3)
            at = self.text.find("<!--", close + 3, region.end)
        dialect = self.dialect.dialect
        if dialect.html_math:
            for found in html_math(self.text, region.start, region.end, dialect):
                self.add_math(*found, markdown=False)

    def _block_math_block(self, token: Token) -> None:
        region = self.region(token)
        opener = token.markup or "$$"
        closer = _CLOSERS.get(opener, opener)
        open_at = self.text.find(opener, region.start, region.end)
        close_at = self.text.rfind(closer, open_at + len(opener), region.end)
        if open_at < 0 or close_at < 0:
            self.excluded.append(region)
            return
        self.add_math(open_at, close_at + len(closer), open_at + len(opener), close_at, "display", opener)

    _block_math_block_label = _block_math_block
    _block_math_block_eqno = _block_math_block

    def _block_amsmath(self, token: Token) -> None:
        # amsmath's map ends at the \end line itself rather than after it.
        assert token.map is not None
        region = Span(self.index.line_start(token.map[0]), self.index.line_start(token.map[1] + 1))
        content = token.content.strip("\n")
        found = self._find("", content, "", region.start, region.end)
        if found is None:
            self.excluded.append(region)
            return
        self.add_math(found[0], found[1], found[0], found[1], "environment", "\\begin")

    # -- inline content --------------------------------------------------------------------
    def _inline(self, token: Token, opener: Token | None, heading: Token | None) -> None:
        if token.map is None:
            return
        region = self.region(token)
        key = (region.start, region.end)
        cursor = self.cursors.get(key, region.start)
        kind = opener.type.removesuffix("_open") if opener is not None else "inline"
        if heading is not None:
            self._heading(heading, token, region)
        elif kind == "paragraph":
            self._bold_heading(token, region)
        for child in token.children or []:
            found = self._locate_child(child, cursor, region.end)
            if found is not None:
                cursor = found
        self.cursors[key] = cursor
        self.blocks.append(Block(kind, region))

    def _locate_child(self, child: Token, cursor: int, limit: int) -> int | None:
        ctype = child.type
        if ctype in ("math_inline", "math_inline_double"):
            opener = child.markup
            closer = _CLOSERS.get(opener, opener)
            found = self._find(opener, child.content, closer, cursor, limit)
            if found is None:
                return None
            start, end, content_start, content_end = found
            kind = "inline" if ctype == "math_inline" else "display"
            self.add_math(start, end, content_start, content_end, kind, opener)
            if opener == "$$":
                attributes = _MATH_ATTRIBUTES.match(self.text, end, limit)
                if attributes is not None:
                    self.excluded.append(Span(end, attributes.end()))
                    return attributes.end()
            return end
        if ctype == "image" and child.children:
            # Math in an image's description (a pandoc figure caption) is math all the same.
            moved: int | None = None
            for grandchild in child.children:
                located = self._locate_child(grandchild, cursor, limit)
                if located is not None:
                    cursor = moved = located
            return moved
        if ctype == "code_inline":
            ticks = re.escape(child.markup)
            m = _compiled(f"(?<!`){ticks}(?!`).*?(?<!`){ticks}(?!`)", re.DOTALL).search(
                self.text, cursor, limit
            )
            if m is None:
                return None
            ticks_len = len(child.markup)
            if self.dialect.dialect.myst and self.text.endswith("{math}", 0, m.start()):
                # MyST's {math}`…` role: inline math written as a role on a code span.
                role = m.start() - len("{math}")
                self.add_math(role, m.end(), m.start() + ticks_len, m.end() - ticks_len, "inline", "{math}`")
                return m.end()
            self.code.append(Span(m.start(), m.end()))
            self.excluded.append(Span(m.start(), m.end()))
            return m.end()
        if ctype == "html_inline":
            found = self._find("", child.content, "", cursor, limit)
            if found is None:
                return None
            start, end = found[0], found[1]
            self.excluded.append(Span(start, end))
            if child.content.startswith("<!--"):
                self.add_comment(start, end)
            return end
        return None

    def _find(
        self, opener: str, content: str, closer: str, cursor: int, limit: int
    ) -> tuple[int, int, int, int] | None:
        """(start, end, content start, content end) of ``opener content closer`` in [cursor, limit).

        One-line content is a plain substring search; multi-line content may have container
        prefixes between its lines, so it needs the gap regex.
        """
        if "\n" not in content:
            needle = opener + content + closer
            at = self.text.find(needle, cursor, limit)
            if at < 0 and "|" in content:
                # a table cell: the table rule unescapes `\|` (`$\|w\|_1$`) before the math rule
                escaped = r"\\?\|".join(re.escape(part) for part in content.split("|"))
                pattern = f"{re.escape(opener)}({escaped}){re.escape(closer)}"
                m = _compiled(pattern, 0).search(self.text, cursor, limit)
                return None if m is None else (m.start(), m.end(), m.start(1), m.end(1))
            if at < 0:
                return None
            return at, at + len(needle), at + len(opener), at + len(opener) + len(content)
        # Every match starts with the opener and the first line verbatim; when the whole text is
        # there verbatim at the first such place (no container prefixes), that is the match, and
        # the regex (slow to compile for a huge equation) is not needed.
        first = self.text.find(opener + content[: content.index("\n")], cursor, limit)
        if first < 0:
            return None
        needle = opener + content + closer
        if self.text.startswith(needle, first) and first + len(needle) <= limit:
            return first, first + len(needle), first + len(opener), first + len(opener) + len(content)
        pattern = re.escape(opener) + "(" + _gap_pattern(content) + ")" + re.escape(closer)
        m = re.compile(pattern).search(self.text, first, limit)
        if m is None:
            return None
        return m.start(), m.end(), m.start(1), m.end(1)

    def _heading(self, heading_open: Token, inline: Token, region: Span) -> None:
        level = int(heading_open.tag[1])
        line_end = self.text.find("\n", region.start, region.end)
        line_end = region.end if line_end < 0 else line_end
        title_start = region.start
        m = re.compile(r"[ \t]*#{1,6}[ \t]*").match(self.text, region.start, line_end)
        if heading_open.markup.startswith("#") and m:
            title_start = m.end()
        line = self.index.position(region.start)[0]
        self.headings.append(Heading(level, inline.content, Span(region.start, line_end), title_start, line))

    def _bold_heading(self, inline: Token, region: Span) -> None:
        """A paragraph whose first line is all bold and names a numbered section of the standard
        (``**4.A Definitions**``, ``**3) Assumptions**``) is that section's heading, as writers
        who skip ``#`` marks mean it; an unnumbered bold line ("**Definitions**") stays text."""
        children = [c for c in inline.children or [] if c.type != "text" or c.content]
        if len(children) < 3 or children[0].type != "strong_open":
            return
        close = next((k for k, c in enumerate(children) if c.type == "strong_close"), None)
        if close is None or (close + 1 < len(children) and children[close + 1].type != "softbreak"):
            return
        title = "".join(c.content for c in children[1:close] if c.type in ("text", "code_inline"))
        written = re.match(r"\s*(\d(?:\.[A-Ea-e])?)\b", title)
        key = self.template.match(title)
        if written is None or key is None or key.upper() != written.group(1).upper():
            return
        line_end = self.text.find("\n", region.start, region.end)
        line_end = region.end if line_end < 0 else line_end
        line = self.index.position(region.start)[0]
        title_start = region.start + len(children[0].markup)
        heading = Heading(6, title, Span(region.start, line_end), title_start, line)
        self.bold_headings.add(id(heading))
        self.headings.append(heading)

    def _hide_comments(self, pattern: re.Pattern[str] = prose_markup.OBSIDIAN_COMMENT) -> None:
        """Obsidian hides ``%% … %%`` (one line or several): like an HTML comment, neither its
        prose nor its math is the note's (code and math keep their ``%%``). Also Liquid's
        ``{% comment %}…{% endcomment %}`` (``pattern``)."""
        pos = 0
        while (m := pattern.search(self.text, pos)) is not None:
            pos = m.start() + 2
            inside = [*self.code, *(Span(x.start, x.end) for x in self.math)]
            if any(c.start <= m.start() < c.end for c in inside):
                continue  # `%%` in code, or a LaTeX comment in math: not Obsidian's
            pos = m.end()
            hidden = Span(m.start(), m.end())
            self.math = [x for x in self.math if not (hidden.start <= x.start < hidden.end)]
            self.excluded.append(hidden)

    def _unescape_for_markdown(self) -> None:
        r"""Under a page renderer (Hugo, Hexo) whose Markdown may process ``$…$`` before MathJax,
        a note whose math is mostly written escaped (``\left\\{``, ``\\\\`` line breaks) is
        read as MathJax sees it: every unprotected span unescaped, offsets kept
        (``markdown_unescape``). A note written for a renderer that protects math (MkDocs'
        arithmatex, Hugo's passthrough) writes ``\{`` and ``\\`` and is read as written."""
        spans = [self.math[i] for i in self.unprotected]
        escaped = sum(len(_ESCAPED_FOR_MARKDOWN.findall(m.latex)) for m in spans)
        if not escaped or escaped <= sum(len(_WRITTEN_AS_LATEX.findall(m.latex)) for m in spans):
            return
        for i in self.unprotected:
            span = self.math[i]
            self.math[i] = MathSpan(
                span.start,
                span.end,
                span.content_start,
                markdown_unescape(span.latex),
                span.kind,
                span.delimiter,
                span.environment,
            )

    def _katex_shortcodes(self) -> None:
        """Hugo's ``{{< katex >}}…{{< /katex >}}`` shortcode (hugo-book and other themes),
        jekyll-katex's ``{% katex %}…{% endkatex %}`` and Zola's ``{% katex(block=true) %}…{% end %}``
        and ``{{ katex(body="…") }}`` hold TeX with no delimiters: inline, or display with
        ``display`` (``block=true``). Math already read inside (``$$`` written in the tag as well)
        is kept as it is."""
        inside = [*self.code, *(Span(x.start, x.end) for x in self.math)]
        for m in prose_markup.KATEX_SHORTCODE.finditer(self.text):
            body, delimiter = next((g, d) for g, d in prose_markup.KATEX_FORMS if m.group(g) is not None)
            if any(c.start <= m.start() < c.end or m.start(body) <= c.start < m.end(body) for c in inside):
                continue
            args = m.group("zola_args") or m.group("zola_inline_args") or ""
            display = (
                m.group("hugo_display") or m.group("liquid_display") or prose_markup.KATEX_BLOCK.search(args)
            )
            kind = "display" if display else "inline"
            self.add_math(m.start(), m.end(), m.start(body), m.end(body), kind, delimiter, markdown=False)

    def _mdx_syntax(self) -> None:
        """MDX (Docusaurus, Next.js): ``{/* … */}`` is a comment, hidden like an HTML one, and
        ``import``/``export`` statements are JavaScript: neither is the note's prose or math."""
        inside = [*self.code, *(Span(x.start, x.end) for x in self.math)]
        for pattern, hidden_is_code in ((prose_markup.MDX_COMMENT, False), (prose_markup.MDX_ESM, True)):
            for m in pattern.finditer(self.text):
                if any(c.start <= m.start() < c.end for c in inside):
                    continue  # quoted in code, or a `{/*` inside math
                hidden = Span(m.start(), m.end())
                self.math = [x for x in self.math if not (hidden.start <= x.start < hidden.end)]
                self.excluded.append(hidden)
                if hidden_is_code:
                    self.code.append(hidden)

    # -- prose -----------------------------------------------------------------------------
    def _prose(self) -> list[Span]:
        """Inline regions minus math, code, HTML and URLs: the text language rules read."""
        cuts = sorted(self.excluded, key=lambda s: s.start)
        starts = [c.start for c in cuts]
        reach: list[int] = []  # reach[k]: the furthest end among cuts[:k + 1]
        for cut in cuts:
            reach.append(max(cut.end, reach[-1]) if reach else cut.end)
        prose: list[Span] = []
        done: set[Span] = set()
        markups = [prose_markup.MARKUP, prose_markup.REFERENCE_MARKUP, prose_markup.TAG_MARKUP]
        if self.dialect.dialect.name == "obsidian":
            markups.append(prose_markup.OBSIDIAN_MARKUP)
        if self.dialect.dialect.name == "remark-math":
            markups.append(prose_markup.MDX_MARKUP)
        for block in self.blocks:
            if block.span in done:
                continue  # the cells of a table row share one region: cut it once, not per cell
            done.add(block.span)
            # Only cuts that start before the block ends and end after it starts matter.
            k = bisect.bisect_left(starts, block.span.end) - 1
            overlapping = []
            while k >= 0 and reach[k] > block.span.start:
                if cuts[k].end > block.span.start:
                    overlapping.append(cuts[k])
                k -= 1
            pieces = _without(block.span, reversed(overlapping))
            for piece in pieces:
                hidden = [Span(m.start(), m.end()) for m in _URL.finditer(self.text, piece.start, piece.end)]
                hidden += prose_markup.properties(self.text, piece)
                for markup in markups:
                    hidden += [
                        Span(m.start(), m.end()) for m in markup.finditer(self.text, piece.start, piece.end)
                    ]
                hidden.sort(key=lambda h: h.start)
                prose.extend(_without(piece, _dedupe(hidden)) if hidden else [piece])
        prose.sort(key=lambda s: s.start)
        return _dedupe(prose)


def _without(span: Span, cuts: Iterable[Span]) -> list[Span]:
    """The non-empty parts of ``span`` outside ``cuts`` (sorted by start), in one sweep.

    Same result as subtracting the cuts one by one (a zero-length cut strictly inside
    splits the span there), but linear rather than quadratic in the number of cuts.
    """
    out: list[Span] = []
    cursor = span.start
    for cut in cuts:
        if cut.start > cursor:
            out.append(Span(cursor, min(cut.start, span.end)))
        cursor = max(cursor, cut.end)
        if cursor >= span.end:
            return out
    if cursor < span.end:
        out.append(Span(cursor, span.end))
    return out


def _dedupe(spans: list[Span]) -> list[Span]:
    """Table cells of one row share a region; merge overlapping pieces."""
    out: list[Span] = []
    for span in spans:
        if out and span.start < out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(out[-1].start, span.end)
            continue
        out.append(span)
    return out


def parse_note(
    text: str,
    path: str = "<stdin>",
    template: SectionTemplate | None = None,
    dialect: DialectChoice | None = None,
) -> Note:
    """Parse a note's text (as read from disk) into the Note model.

    ``dialect``: the Markdown math dialect to read it in; detected from the note when None.
    """
    from notelint import data

    if template is None:
        template = SectionTemplate.from_data(data.load("sections"))
    source = Source(text)
    if dialect is None:
        dialect = choose(source.text, path)
    return _Builder(path, source, template, dialect).build()
