"""Math written inside raw HTML (``<div>$$…$$</div>``, ``<span>\\\\( … \\\\)</span>``).

Markdown passes an HTML block through untouched, and MathJax or KaTeX auto-render then find
math in the page's text, skipping ``<pre>``, ``<code>``, ``<script>``, ``<style>``,
``<textarea>`` and comments (MathJax's ``skipHtmlTags``). No markdown-it plugin reads math in
HTML, so this scanner does: the earliest opener wins, its nearest closer ends it, and math
never spans a tag other than ``<br>``/``<wbr>``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notelint.parse.dialect import Dialect

_SKIPPED = re.compile(
    r"<!--.*?(?:-->|\Z)|<(pre|code|script|style|textarea)\b[^>]*>.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
#: Opener → (closer, kind); longer openers first so ``\\(`` is not read as ``\(``.
_DELIMITERS: tuple[tuple[str, str, str], ...] = (
    ("\\\\(", "\\\\)", "inline"),
    ("\\\\[", "\\\\]", "display"),
    ("$$", "$$", "display"),
    ("\\(", "\\)", "inline"),
    ("\\[", "\\]", "display"),
    ("$", "$", "inline"),
)
_OPENERS = re.compile(r"\\\\\(|\\\\\[|\$\$|\\\(|\\\[|\$")


def html_math(text: str, start: int, end: int, dialect: Dialect) -> list[tuple[int, int, int, int, str, str]]:
    """(start, end, content start, content end, kind, delimiter) of every math span in text[start:end]."""
    chunk = text[start:end]
    if "$" not in chunk and "\\" not in chunk:
        return []
    skipped = [(m.start(), m.end()) for m in _SKIPPED.finditer(chunk)]
    out: list[tuple[int, int, int, int, str, str]] = []
    pos = 0
    while True:
        m = _OPENERS.search(chunk, pos)
        if m is None:
            break
        at = m.start()
        inside = next((s for s in skipped if s[0] <= at < s[1]), None)
        if inside is not None:
            pos = inside[1]
            continue
        opener = m.group(0)
        if opener == "$" and not dialect.html_single_dollar:
            pos = at + 1
            continue
        if _escaped(chunk, at) and not opener.startswith("\\\\"):
            pos = at + len(opener)
            continue
        closer, kind = next((c, k) for o, c, k in _DELIMITERS if o == opener)
        close = chunk.find(closer, at + len(opener))
        if opener == "$":
            line_end = chunk.find("\n", at)
            if close < 0 or (0 <= line_end < close) or close == at + 1 or chunk[at + 1].isspace():
                pos = at + 1
                continue
        if (
            close < 0
            or "\n\n" in chunk[at:close]
            or any(s[0] < close and at < s[0] for s in skipped)
            or _crosses_tag(chunk, at + len(opener), close)
        ):
            pos = at + len(opener)
            continue
        out.append(
            (start + at, start + close + len(closer), start + at + len(opener), start + close, kind, opener)
        )
        pos = close + len(closer)
    return out


#: A tag math cannot span: MathJax and KaTeX auto-render read each element's text on its own,
#: joining only across ``<br>``, ``<wbr>`` and comments (MathJax's ``includeHtmlTags``), so
#: ``<td>$5</td><td>$10</td>`` holds no math.
_TAG = re.compile(r"</?(?!(?:br|wbr)\b)[A-Za-z][\w-]*\b[^>]*>", re.IGNORECASE)


def _crosses_tag(chunk: str, start: int, end: int) -> bool:
    return _TAG.search(chunk, start, end) is not None


def _escaped(chunk: str, at: int) -> bool:
    backslashes = 0
    while at > 0 and chunk[at - 1] == "\\":
        backslashes += 1
        at -= 1
    return backslashes % 2 == 1
