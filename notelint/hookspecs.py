"""The hooks a notelint plugin implements.

Built-in rules and formatters register through these same hooks; a third-party package
exposes a module under the entry-point group ``notelint`` and implements any of them with
``@notelint.hookimpl``. Implementations may accept fewer arguments than a spec declares
(pluggy's opt-in arguments), so specs can grow without breaking plugins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from notelint.formatters.base import Formatter
    from notelint.rule import Rule

hookspec = pluggy.HookspecMarker("notelint")


@hookspec
def notelint_rules() -> Sequence[Rule]:
    """Return the rules this plugin contributes. Codes and names must be unique across plugins."""


@hookspec
def notelint_formatters() -> Mapping[str, type[Formatter]]:
    """Return output formats selectable with ``--output-format``, by name."""


@hookspec
def notelint_markdown_extensions(md: MarkdownIt) -> None:
    """Enable extra markdown-it-py syntax on the parser, e.g. ``md.use(footnote_plugin)``."""
