"""The hooks a notelint plugin implements (documented as pytest documents its hookspecs).

A plugin is a module named by an entry point in the ``notelint`` group of its package::

    [project.entry-points.notelint]
    todo = "notelint_todo"

and implements any of the hooks below with ``@notelint.hookimpl``. The built-in rules and
formatters register through these same hooks. An implementation may accept fewer arguments
than its spec declares (pluggy's opt-in arguments), so specs can grow without breaking
plugins. Every hook is called once per process, when notelint first needs what it returns;
an implementation that raises stops the run with a message naming the plugin.
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
    """Return the rules this plugin contributes.

    :returns: the rules, each made with the :func:`notelint.rule` decorator. Codes (one to
        four capitals and three digits, e.g. ``TD001``) and names (kebab-case) must be
        unique across all plugins; a clash is an error naming the plugin.

    Called once per process, the first time the rules are needed (to select, list, explain
    or run them). The rules are then selectable by code, name, code prefix or ``tag:<tag>``,
    suppressible with ``<!-- notelint: disable … -->``, configurable through the options
    they declare (``[tool.notelint.rules.<code or name>]``) and documented by
    ``notelint --explain CODE`` from their docstring. A rule names the facets of the note it
    reads (``facets=("equations",)``); reading another one while it runs is an error when
    ``NOTELINT_STRICT_FACETS=1`` (as in notelint's own tests) and is served otherwise.

    Example::

        import notelint
        from notelint import Note, RuleContext, RuleOption

        @notelint.rule(
            code="TD001", name="leftover-todo", summary="a TODO marker is left in the note",
            severity="warning", tags=["drafting"],
            options=[RuleOption("marker", "TODO", "the word that marks unfinished work")],
        )
        def leftover_todo(note: Note, ctx: RuleContext) -> None:
            \"\"\"## What it does … ## Why is this bad? … ## Example … Use instead: …\"\"\"
            marker = ctx.option("marker")
            for span in note.prose:
                at = note.text.find(marker, span.start, span.end)
                if at >= 0:
                    ctx.report(at, at + len(marker), f"finish this {marker}")

        @notelint.rule(
            code="TD002", name="todo-in-equation", summary="a numbered equation holds a TODO",
            facets=("equations",),
        )
        def todo_in_equation(note: Note, ctx: RuleContext) -> None:
            \"\"\"## What it does … ## Why is this bad? … ## Example … Use instead: …\"\"\"
            for equation in ctx.facet(note, notelint.EQUATIONS).numbered:
                at = note.text.find("TODO", equation.span.start, equation.span.end)
                if at >= 0:
                    ctx.report(at, at + 4, f"equation ({equation.number}) is unfinished")

        @notelint.hookimpl
        def notelint_rules():
            return [leftover_todo, todo_in_equation]
    """


@hookspec
def notelint_formatters() -> Mapping[str, type[Formatter]]:
    """Return output formats, by the name ``--output-format NAME`` selects them with.

    :returns: a mapping of format name to a :class:`notelint.Formatter` subclass. The class
        is instantiated once per run with the output stream and the rules by code; it gets
        each file's result in a deterministic order (``handle``), then ``finish()`` once.
        A plugin's format of the same name as a built-in one replaces it.

    Called once per process, when the formats are listed or one is chosen.

    Example::

        import notelint

        class CountFormatter(notelint.Formatter):
            name = "count"

            def finish(self) -> None:
                total = sum(len(r.diagnostics) for r in self.results)
                self.write(f"{total} findings\\n")

        @notelint.hookimpl
        def notelint_formatters():
            return {"count": CountFormatter}
    """


@hookspec
def notelint_markdown_extensions(md: MarkdownIt) -> None:
    """Enable extra Markdown syntax on notelint's markdown-it-py parser.

    :param md: the one parser every note is read with (CommonMark, tables, front matter,
        dollar math and amsmath are already enabled). Change it in place; the return value
        is ignored.

    Called once per process, when the parser is first built (before the first note is read).
    The tokens your extension produces are available to rules as ``note.tokens``.

    Example::

        import notelint
        from mdit_py_plugins.footnote import footnote_plugin

        @notelint.hookimpl
        def notelint_markdown_extensions(md):
            md.use(footnote_plugin)
    """
