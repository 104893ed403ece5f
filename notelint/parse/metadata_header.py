"""Metadata at the top of a note that is not YAML front matter: the renderer keeps it out of the page.

mdit-py-plugins' front-matter rule reads ``---`` YAML only. Two other headers are common:

- TOML front matter between ``+++`` lines (Hugo, Zola);
- a metadata block of ``Key: value`` lines ending at the first blank line (Pelican's Markdown
  reader, Python-Markdown's ``meta`` extension in MkDocs, MultiMarkdown). A first paragraph can
  read that way too ("Note: this is …"), so the block counts only when its first key is a
  metadata key (``data/dialects.toml`` ``[metadata-header] keys``) and it has at least two
  ``Key: value`` lines, every line one or the indented continuation of one.

Both become a ``front_matter`` token, as ``---`` front matter is, so neither is prose or math.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

#: ``Key: value`` as Python-Markdown's meta extension reads it (a key of letters, digits, ``_``
#: and ``-``; Pelican also allows spaces in keys, rarely used).
_KEY_LINE = re.compile(r"([A-Za-z][\w-]*)[ \t]*:(?:[ \t]+\S.*)?$")
#: A continuation: indented four spaces or a tab (Python-Markdown), not a blank line.
_CONTINUATION = re.compile(r"(?: {4}|\t)[ \t]*\S")


@functools.cache
def _metadata_keys() -> frozenset[str]:
    from notelint import data

    keys: list[str] = data.load("metadata_header")["keys"]
    return frozenset(k.lower() for k in keys)


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] : state.eMarks[line]]


def _toml_end(state: StateBlock, end_line: int) -> int | None:
    """The line of the closing ``+++`` of a TOML front matter opened on line 0, or None."""
    if _line(state, 0).rstrip() != "+++":
        return None
    for line in range(1, end_line):
        if _line(state, line).rstrip() == "+++":
            return line
    return None


def _header_end(state: StateBlock, end_line: int) -> int | None:
    """The line after a ``Key: value`` metadata block starting on line 0, or None."""
    first = _KEY_LINE.match(_line(state, 0))
    if first is None or first.group(1).lower() not in _metadata_keys():
        return None
    keys = 1
    line = 1
    while line < end_line:
        text = _line(state, line)
        if not text.strip():
            break
        if _KEY_LINE.match(text):
            keys += 1
        elif not _CONTINUATION.match(text):
            return None  # a line that is neither: an ordinary paragraph
        line += 1
    return line if keys >= 2 else None


def _metadata_header(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if start_line != 0 or state.sCount[0] != 0:
        return False
    closing = _toml_end(state, end_line)
    after = closing + 1 if closing is not None else _header_end(state, end_line)
    if after is None:
        return False
    if silent:
        return True
    token = state.push("front_matter", "", 0)
    token.hidden = True
    token.markup = "+++" if closing is not None else ""
    body_start = 1 if closing is not None else 0
    body_end = closing if closing is not None else after
    token.content = (
        state.src[state.bMarks[body_start] : state.eMarks[body_end - 1]] if body_end > body_start else ""
    )
    token.block = True
    token.map = [0, after]
    state.line = after
    return True


def metadata_header_plugin(md: MarkdownIt) -> None:
    """Read TOML front matter and a ``Key: value`` metadata block at the top as front matter."""
    md.block.ruler.before(
        "table",
        "metadata_header",
        _metadata_header,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
