"""The markdown-it-py parser notelint uses for a dialect, with the math and front-matter plugins."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@functools.lru_cache(maxsize=16)
def markdown_parser(dialect_name: str = "commonmark") -> MarkdownIt:
    """One parser per dialect (see ``parse/dialect.py`` and ``data/dialects.toml``)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.dollarmath.index import math_block_dollar
    from mdit_py_plugins.front_matter import front_matter_plugin

    from notelint.parse import dialect_plugins
    from notelint.parse.bracket_math import bracket_math_plugin
    from notelint.parse.dialect import get_dialect
    from notelint.parse.metadata_header import metadata_header_plugin
    from notelint.plugins import any_plugin_installed, plugin_manager

    dialect = get_dialect(dialect_name)
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(metadata_header_plugin)  # TOML (+++) front matter, Pelican/MkDocs `Key: value` headers
    if dialect.blank_before:
        dialect_plugins.blank_line_before(md, dialect.blank_before)
    if dialect.dollars == "kramdown":
        md.use(dialect_plugins.kramdown_math_plugin)
    elif dialect.dollars == "dollarmath":
        # double_inline: writers put $$…$$ inside paragraphs; it is display math all the same.
        md.use(
            dollarmath_plugin,
            double_inline=True,
            allow_labels=dialect.block_labels == "myst",
            allow_space=dialect.allow_space,
            allow_digits=dialect.allow_digits,
        )
        dialect_plugins.escapes_stop_at_start(md)
        if not dialect.single_dollar:
            md.inline.ruler.disable("math_inline")
        if dialect.block_labels == "pandoc":
            # pandoc's $$ is inline-level: a $$ line never starts a block of its own, and the
            # {#eq:label} after the closing $$ stays outside the math.
            md.block.ruler.disable("math_block")
            dialect_plugins.single_line_setext(md)
        else:
            rule = math_block_dollar(dialect.block_labels == "myst", None, True)
            md.block.ruler.at(
                "math_block",
                dialect_plugins.interrupting_block(rule, dialect.block_labels == "myst"),
                {"alt": ["paragraph"]},
            )
    if dialect.balanced_braces and dialect.single_dollar:
        md.use(dialect_plugins.balanced_dollar_plugin)
    if dialect.github:
        md.use(dialect_plugins.github_math_plugin)
    if dialect.environments:
        md.use(amsmath_plugin)
        dialect_plugins.not_inside_display(md, "amsmath")
    if dialect.myst:
        # :::{note} … ::: (MyST's colon fences); parse/containers.py unwraps their Markdown bodies
        md.use(colon_fence_plugin)
    bracket_math_plugin(md, single=dialect.brackets, escaped=dialect.escaped_brackets)
    if any_plugin_installed():  # no built-in implements the hook: without plugins, no pluggy
        plugin_manager().hook.notelint_markdown_extensions(md=md)
    return md
