"""The markdown-it-py parser notelint uses, with the math and front-matter plugins."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    from notelint.parse.bracket_math import bracket_math_plugin
    from notelint.plugins import plugin_manager

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    # double_inline: writers put $$…$$ inside paragraphs; it is display math all the same.
    md.use(dollarmath_plugin, double_inline=True, allow_labels=True, allow_space=True, allow_digits=True)
    md.use(amsmath_plugin)
    md.use(bracket_math_plugin)
    plugin_manager().hook.notelint_markdown_extensions(md=md)
    return md
