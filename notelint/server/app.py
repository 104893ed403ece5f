"""The language server: the CLI's pipeline (``lint_text`` + ``ConfigResolver``) on the editor's buffer.

- Diagnostics are pushed on open and save at once, and on change after a debounce.
- Linting (which may do CAS work for NL5xx) runs in a worker thread, never on the event
  loop; a result is published only if the buffer still has the version that was linted.
- Code actions: every fix of a finding under the cursor, and "disable NLxxx for this line"
  (a ``<!-- notelint: disable-next-line NLxxx -->`` comment inserted above it).
- Hover on a derivation step's equation shows NL506's verdict on it and its premises (when
  NL506 is selected).
- Hover on a symbol in math shows its declaration (domain, shape, description) from the
  glossary (``notelint.math.semantics.glossary``); go-to-declaration jumps to the declaring symbol.
"""

from __future__ import annotations

import asyncio
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.server import LanguageServer

from notelint import __version__
from notelint.server import convert
from notelint.suppress import parse_directive

log = logging.getLogger("notelint.server")
#: A line holding nothing but one HTML comment (the directive grammar is ``notelint.suppress``'s).
_COMMENT_LINE = re.compile(r"^\s*<!--(?P<content>.*?)-->\s*$")
_converter = get_converter()


@dataclass
class Linted:
    version: int | None
    text: str
    result: Any  # LintResult


class NotelintServer(LanguageServer):
    def __init__(self, debounce: float = 0.3) -> None:
        super().__init__("notelint", __version__)
        self.debounce = debounce
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notelint-lint")
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.linted: dict[str, Linted] = {}
        #: The error last shown for each configuration file (None: a buffer without one), shown
        #: again only when it changes or after that same file has loaded cleanly in between.
        self.shown_problems: dict[str | None, str] = {}

    # ---- linting -------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None and not previous.done():
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)  # debounce: a newer change cancels this task
        doc = self.workspace.get_text_document(uri)
        version, text, path = doc.version, doc.source, doc.path
        loop = asyncio.get_running_loop()
        source, result, problem = await loop.run_in_executor(self.executor, _lint_with_source, text, path)
        if problem is not None:  # configuration errors and the like: tell the user, keep serving
            self.config_problem(uri, version, source, problem)
            return
        # This configuration file works again: a new problem with it is shown again. (Only this
        # file: a healthy note elsewhere says nothing about a broken file another note uses.)
        self.shown_problems.pop(source, None)
        if (
            uri not in self.workspace.text_documents
            or self.workspace.get_text_document(uri).version != version
        ):
            log.debug("dropping stale result for %s (version %s)", uri, version)
            return
        self.linted[uri] = Linted(version, text, result)
        diagnostics = [] if result is None else lsp_diagnostics(result)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        )

    def config_problem(self, uri: str, version: int | None, source: str | None, message: str) -> None:
        """A broken configuration file (``source``): say so once (not on every keystroke) and clear
        this buffer's diagnostics, which were computed under a configuration that no longer holds."""
        if self.shown_problems.get(source) != message:
            self.shown_problems[source] = message
            self.window_show_message(
                types.ShowMessageParams(
                    types.MessageType.Error, f"{message} (no diagnostics until the configuration is fixed)"
                )
            )
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=[])
        )

    def current(self, uri: str) -> Linted | None:
        linted = self.linted.get(uri)
        if linted is None or uri not in self.workspace.text_documents:
            return None
        if self.workspace.get_text_document(uri).version != linted.version:
            return None
        return linted


def _lint_with_source(text: str, path: str | None) -> tuple[str | None, Any, str | None]:
    """(The configuration file that applies to ``path``, the buffer's result, the error message
    when linting failed)."""
    try:
        result = lint_buffer(text, path)
    except Exception as exc:
        return config_file_for(path), None, f"notelint: {exc}"
    return config_file_for(path), result, None


def config_file_for(path: str | None) -> str | None:
    """The configuration file ``ConfigResolver().for_path(path)`` reads, found even when it is
    broken (None: the buffer has none)."""
    import os

    from notelint.config import find_config_file

    if path is None:
        return None
    found = find_config_file(Path(os.path.abspath(path)).parent, unreadable=True)
    return None if found is None else str(found)


def lint_buffer(text: str, path: str | None) -> Any:
    """Lint an editor buffer exactly as the CLI lints the file (None: excluded by configuration)."""
    from notelint.config import ConfigResolver
    from notelint.discover import excluded_file
    from notelint.engine import lint_text
    from notelint.runner import mark_unfixable

    resolver = ConfigResolver()  # fresh each time: an edited pyproject.toml applies at once
    config = resolver.for_path(path)
    # What a folder walk (and `notelint --force-exclude`) skips, the editor skips too.
    if path is not None and excluded_file(path, config):
        return None
    if config.source is None:
        # No configuration file: relative cache folders would land in whatever folder the
        # editor was started from; use the user's cache folder instead.
        config = config.merged({"math.cache-dir": str(user_cache_dir() / "math")})
    result = lint_text(text, path or "<untitled>", config)
    mark_unfixable(result, config, path or "<untitled>")
    return result


def user_cache_dir() -> Path:
    """The per-user cache folder (XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%)."""
    import os
    import sys

    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "notelint"


def lsp_diagnostics(result: Any) -> list[types.Diagnostic]:
    index = convert.index_for(result)
    return [
        _converter.structure(convert.diagnostic_json(d, index), types.Diagnostic) for d in result.diagnostics
    ]


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _disable_edit(result: Any, d: Any) -> types.TextEdit | None:
    """Insert ``<!-- notelint: disable-next-line CODE -->`` above the finding's line."""
    note = result.note
    if note is None:
        return None
    for math in note.math:  # a comment inside multi-line math would break it
        if math.start < d.start < math.end and note.index.position(math.start)[0] < d.line:
            return None
    if note.front_matter is not None and note.front_matter.start <= d.start < note.front_matter.end:
        return None
    if d.line > 1:  # already a disable-next-line above: add the code to it
        above = note.index.line_text(d.line - 1)
        m = _COMMENT_LINE.match(above)
        syntax = parse_directive(m.group("content")) if m is not None else None
        if m is not None and syntax is not None and syntax.action == "disable-next-line" and syntax.selectors:
            if d.code in syntax.selectors:
                return None
            end = m.start("content") + syntax.selectors_end
            start = types.Position(line=d.line - 2, character=convert.utf16_length(above[:end]))
            return types.TextEdit(types.Range(start, start), f", {d.code}")
    line_text = note.index.line_text(d.line)
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    pos = types.Position(line=d.line - 1, character=0)
    return types.TextEdit(types.Range(pos, pos), f"{indent}<!-- notelint: disable-next-line {d.code} -->\n")


def _fix_all_action(uri: str, linted: Linted) -> types.CodeAction | None:
    """Every fix that ``--fix`` would make in one pass, as one edit of the whole buffer."""
    from notelint.fix import apply_edits, count_fixes, select_edits

    result = linted.result
    if result is None or result.note is None or not any(d.fixable for d in result.diagnostics):
        return None
    fixed = apply_edits(result.note.source, select_edits(result.diagnostics))
    if fixed == linted.text:
        return None
    lines = re.split(r"\r\n|\r|\n", linted.text)
    end = types.Position(line=len(lines) - 1, character=convert.utf16_length(lines[-1]))
    count = count_fixes(result.diagnostics)
    return types.CodeAction(
        title=f"Fix all notelint findings ({count} fix{'es' if count != 1 else ''})",
        kind=types.CodeActionKind.SourceFixAll,
        edit=types.WorkspaceEdit(
            changes={uri: [types.TextEdit(types.Range(types.Position(line=0, character=0), end), fixed)]}
        ),
    )


_FILE_DIRECTIVE = re.compile(r"<!--\s*notelint\s*:\s*disable-file\s+(?P<codes>[^>]*?)\s*(?:--[^>]*)?-->")


def _disable_file_edit(result: Any, d: Any) -> types.TextEdit | None:
    """Insert ``<!-- notelint: disable-file CODE -->`` at the top (below any front matter)."""
    note = result.note
    if note is None:
        return None
    for m in _FILE_DIRECTIVE.finditer(note.text):
        if d.code in re.split(r"[,\s]+", m.group("codes")):
            return None  # already disabled for the file (the finding is then from elsewhere)
    line = 0
    if note.front_matter is not None:
        line = note.index.position(max(note.front_matter.end - 1, note.front_matter.start))[0]
    pos = types.Position(line=line, character=0)
    return types.TextEdit(types.Range(pos, pos), f"<!-- notelint: disable-file {d.code} -->\n")


def build_server(debounce: float = 0.3) -> NotelintServer:
    server = NotelintServer(debounce)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: NotelintServer, params: types.InitializedParams) -> None:
        # Load the rules and plugins off the event loop before the first note arrives.
        def warm() -> None:
            from notelint.engine import lint_text

            lint_text("", "<warm-up>")

        await asyncio.get_running_loop().run_in_executor(ls.executor, warm)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NotelintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NotelintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NotelintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NotelintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(ls: NotelintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = ls.current(uri)
        if linted is None or linted.result is None:
            return []
        only = params.context.only
        fix_all = _fix_all_action(uri, linted)
        if only and not any(k.startswith(types.CodeActionKind.QuickFix) for k in only):
            # e.g. an editor's "fix all on save" asks for source.fixAll only
            wanted = any(types.CodeActionKind.SourceFixAll.startswith(k) for k in only)
            return [fix_all] if fix_all is not None and wanted else []
        result = linted.result
        index = convert.index_for(result)
        newline = "\n"
        if result.note is not None:
            newline = result.note.source.newline
        fixes: list[types.CodeAction] = []
        disables: list[types.CodeAction] = []
        for d, lsp_d in zip(result.diagnostics, lsp_diagnostics(result), strict=True):
            if not _overlaps(lsp_d.range, params.range):
                continue
            if d.fix is not None and index is not None:
                edits = [
                    _converter.structure(convert.text_edit_json(index, e), types.TextEdit)
                    for e in d.fix.edits
                ]
                for e in edits:
                    e.new_text = e.new_text.replace("\n", newline)
                fixes.append(
                    types.CodeAction(
                        title=d.fix.title or f"Fix {d.code} [{d.name}]",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp_d],
                        is_preferred=True,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
            disable = _disable_edit(result, d)
            if disable is not None:
                disable.new_text = disable.new_text.replace("\n", newline)
                disables.append(
                    types.CodeAction(
                        title=f"Disable {d.code} [{d.name}] for this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp_d],
                        edit=types.WorkspaceEdit(changes={uri: [disable]}),
                    )
                )
            file_disable = _disable_file_edit(result, d)
            if file_disable is not None:
                file_disable.new_text = file_disable.new_text.replace("\n", newline)
                disables.append(
                    types.CodeAction(
                        title=f"Disable {d.code} [{d.name}] for this file",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp_d],
                        edit=types.WorkspaceEdit(changes={uri: [file_disable]}),
                    )
                )
        # One disable action per rule and line (or file) is enough.
        unique: dict[str, types.CodeAction] = {}
        for action in disables:
            edit = action.edit
            assert edit is not None and edit.changes is not None
            unique.setdefault(action.title + str(edit.changes[uri][0].range.start.line), action)
        extra = [fix_all] if fix_all is not None and fixes else []
        return fixes + extra + list(unique.values())

    def _note_and_offset(ls: NotelintServer, uri: str, position: types.Position) -> tuple[Any, int]:
        from notelint.config import ConfigResolver
        from notelint.parse import parse_note

        doc = ls.workspace.get_text_document(uri)
        linted = ls.current(uri)
        if linted is not None and linted.result is not None and linted.result.note is not None:
            note = linted.result.note
        else:
            config = ConfigResolver().for_path(doc.path)
            from notelint.parse.dialect import dialect_for

            path = doc.path or "<untitled>"
            note = parse_note(
                doc.source, path, config.section_template, dialect_for(doc.source, path, config)
            )
        return note, convert.lsp_offset(note.index, position.line, position.character)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: NotelintServer, params: types.HoverParams) -> types.Hover | None:
        from notelint.server.symbols import step_info, symbol_info

        note, offset = _note_and_offset(ls, params.text_document.uri, params.position)
        info = symbol_info(note, offset)
        step = step_info(note, offset)
        if info is None and step is None:
            return None
        # a symbol's declaration, and the verdict on the derivation step it stands in
        parts = [part.hover for part in (info, step) if part is not None]
        span = info if info is not None else step
        assert span is not None
        start, end = span.start, span.end
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
            range=types.Range(_pos(note, start), _pos(note, end)),
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: NotelintServer, params: types.DefinitionParams) -> types.Location | None:
        from notelint.server.symbols import symbol_info

        note, offset = _note_and_offset(ls, params.text_document.uri, params.position)
        info = symbol_info(note, offset)
        if info is None or info.declaration is None:
            return None
        start, end = info.declaration
        return types.Location(params.text_document.uri, types.Range(_pos(note, start), _pos(note, end)))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: NotelintServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.executor.shutdown(wait=False, cancel_futures=True)

    return server


def _pos(note: Any, offset: int) -> types.Position:
    p = convert.offset_position(note.index, offset)
    return types.Position(line=p["line"], character=p["character"])


def exit_status(server: NotelintServer) -> int:
    """0 when the client asked for shutdown before exit (the LSP rule), else 1."""
    return 0 if getattr(server.protocol, "_shutdown", False) else 1
