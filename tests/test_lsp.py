"""The language server end to end: pygls's LanguageClient drives ``notelint server`` over stdio.

A small third-party plugin (installed for the server process through a ``.dist-info`` on
PYTHONPATH) contributes a fixable rule, so the fix code action is exercised whatever the
built-in rules offer; a ``notelint.toml`` beside the note proves the server resolves
configuration like the CLI does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from conftest import EXAMPLES, notelint_executable
from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 30.0

PLUGIN = '''
import os
import time

import notelint
from notelint.diagnostic import Edit, Fix
from notelint.rule import rule


@rule(code="XT101", name="todo-marker", summary="A TODO marker is left in the note",
      severity="warning", fixable=True)
def todo_marker(note, ctx):
    """Flags TODO in prose; the fix replaces it with DONE."""
    for span in note.prose:
        i = note.text.find("TODO", span.start, span.end)
        while i >= 0:
            ctx.report(i, i + 4, "a TODO marker is left", Fix((Edit(i, i + 4, "DONE"),), "Replace TODO with DONE"))
            i = note.text.find("TODO", i + 4, span.end)


@rule(code="XT102", name="slow-check", summary="Stands in for a long CAS check", severity="warning")
def slow_check(note, ctx):
    """Takes two seconds on a note that says SLOWLY."""
    if "SLOWLY" in note.text:
        marker = os.environ.get("NOTELINT_TEST_SLOW_MARKER")
        if marker:
            open(marker, "w").close()  # tell the test the slow check has started
        time.sleep(2.0)
        ctx.report(0, 1, "the slow check ran")


@notelint.hookimpl
def notelint_rules():
    return [todo_marker, slow_check]
'''

NOTE = """# Ridge

## 2) Notation & Objects

- $w \\in \\mathbb{R}^{d}$: weight vector.

The 𝐱 loss is basically TODO here.

We update $w$ once.
"""


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "notelint_testfix.py").write_text(PLUGIN, encoding="utf-8")
    dist = plugins / "notelint_testfix-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: notelint-testfix\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[notelint]\ntestfix = notelint_testfix\n")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "notelint.toml").write_text('select = ["XT101", "XT102", "NL402"]\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(plugins), "PYTHONUTF8": "1"}
    return notes, env


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP TextEdits (UTF-16 positions) to ``text``, as an editor does."""
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        base = sum(len(line) for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return base + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return base + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


class Session:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.client = LanguageClient("notelint-test", "1")
        self.env, self.cwd = env, cwd
        self.published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

    async def start(self) -> None:
        await self.client.start_io(
            notelint_executable(), "server", "--debounce", "0.2", env=self.env, cwd=str(self.cwd)
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=self.cwd.as_uri())
            ),
            TIMEOUT,
        )
        caps = result.capabilities
        assert caps.code_action_provider and caps.hover_provider and caps.definition_provider
        self.client.initialized(types.InitializedParams())

    async def next_publish(self, uri: str) -> types.PublishDiagnosticsParams:
        while True:
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri == uri:
                return params

    async def stop(self) -> int | None:
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        server = self.client._server
        assert server is not None
        code = await asyncio.wait_for(server.wait(), TIMEOUT)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)
        return code


def by_code(params: types.PublishDiagnosticsParams) -> dict[str, types.Diagnostic]:
    return {str(d.code): d for d in params.diagnostics}


def rng_of(r: types.Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def rng(d: types.Diagnostic) -> tuple[int, int, int, int]:
    return rng_of(d.range)


def test_round_trip(workspace: tuple[Path, dict[str, str]]) -> None:
    notes, env = workspace
    path = notes / "ridge.md"
    path.write_text(NOTE, encoding="utf-8")
    uri = path.as_uri()

    async def scenario() -> None:
        s = Session(env, notes)
        await s.start()
        s.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=NOTE)
            )
        )
        first = await s.next_publish(uri)
        assert first.version == 1
        found = by_code(first)
        assert sorted(found) == ["NL402", "XT101"]  # notelint.toml's selection applies
        # "The 𝐱 loss is basically TODO here." — 𝐱 is two UTF-16 code units.
        assert rng(found["NL402"]) == (6, 15, 6, 24)
        assert rng(found["XT101"]) == (6, 25, 6, 29)
        todo = found["XT101"]
        assert todo.severity == types.DiagnosticSeverity.Warning
        assert todo.source == "notelint"
        assert todo.code_description is not None and todo.code_description.href.endswith("#xt101")

        actions = await asyncio.wait_for(
            s.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri),
                    range=todo.range,
                    context=types.CodeActionContext(diagnostics=[todo]),
                )
            ),
            TIMEOUT,
        )
        titles = [a.title for a in actions]
        assert titles == ["Replace TODO with DONE", "Disable XT101 [todo-marker] for this line"]
        fix = actions[0]
        assert fix.kind == types.CodeActionKind.QuickFix and fix.edit and fix.edit.changes
        text2 = apply_edits(NOTE, fix.edit.changes[uri])
        assert "basically DONE here" in text2
        s.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                [types.TextDocumentContentChangeWholeDocument(text=text2)],
            )
        )
        second = await s.next_publish(uri)
        assert second.version == 2
        assert sorted(by_code(second)) == ["NL402"]

        # "Disable for this line" inserts a directive above the line, and the finding goes.
        nl402 = by_code(second)["NL402"]
        actions = await asyncio.wait_for(
            s.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri),
                    range=nl402.range,
                    context=types.CodeActionContext(diagnostics=[nl402]),
                )
            ),
            TIMEOUT,
        )
        assert [a.title for a in actions] == ["Disable NL402 [informal-phrase] for this line"]
        text3 = apply_edits(text2, actions[0].edit.changes[uri])
        assert "<!-- notelint: disable-next-line NL402 -->\nThe 𝐱 loss is basically DONE here." in text3
        # Two quick changes: the debounce drops version 3, only version 4 is linted and published.
        s.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=3),
                [types.TextDocumentContentChangeWholeDocument(text=text2 + "\nTODO again\n")],
            )
        )
        s.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=4),
                [types.TextDocumentContentChangeWholeDocument(text=text3)],
            )
        )
        third = await s.next_publish(uri)
        assert third.version == 4
        assert list(third.diagnostics) == []

        # Hover on the `w` of "We update $w$ once." shows its declaration; definition jumps there.
        line = text3.splitlines().index("We update $w$ once.")
        position = types.Position(line=line, character=len("We update $"))
        hover = await asyncio.wait_for(
            s.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), position)
            ),
            TIMEOUT,
        )
        assert hover is not None
        assert hover.contents.value == (
            "**$w$** — weight vector.\n\n- domain: $\\mathbb{R}^{d}$\n"
            "- shape: vector of size d\n- declared in section 2, line 5"
        )
        assert hover.range == types.Range(
            position, types.Position(line=line, character=position.character + 1)
        )
        location = await asyncio.wait_for(
            s.client.text_document_definition_async(
                types.DefinitionParams(types.TextDocumentIdentifier(uri), position)
            ),
            TIMEOUT,
        )
        assert location is not None
        loc = location if isinstance(location, types.Location) else location[0]
        assert loc.uri == uri
        assert rng_of(loc.range) == (4, 3, 4, 4)  # the w of "- $w \\in …$"
        nothing = await asyncio.wait_for(
            s.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line=0, character=2))
            ),
            TIMEOUT,
        )
        assert nothing is None

        # Saving re-lints at once (no debounce).
        s.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
        saved = await s.next_publish(uri)
        assert saved.version == 4 and list(saved.diagnostics) == []

        s.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
        closed = await s.next_publish(uri)
        assert list(closed.diagnostics) == []
        assert await s.stop() == 0

    asyncio.run(scenario())


def test_configuration_error_is_shown_not_fatal(workspace: tuple[Path, dict[str, str]]) -> None:
    notes, env = workspace
    broken = notes / "broken"
    broken.mkdir()
    (broken / "notelint.toml").write_text('selekt = ["NL4"]\n', encoding="utf-8")
    bad_uri = (broken / "a.md").as_uri()
    good_uri = (notes / "b.md").as_uri()

    async def scenario() -> None:
        s = Session(env, notes)
        messages: asyncio.Queue[types.ShowMessageParams] = asyncio.Queue()

        @s.client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_message(params: types.ShowMessageParams) -> None:
            messages.put_nowait(params)

        await s.start()
        s.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=bad_uri, language_id="markdown", version=1, text=NOTE)
            )
        )
        message = await asyncio.wait_for(messages.get(), TIMEOUT)
        assert message.type == types.MessageType.Error
        assert "notelint.toml" in message.message and "selekt" in message.message
        # The server keeps serving other notes.
        s.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=good_uri, language_id="markdown", version=1, text=NOTE)
            )
        )
        assert sorted(by_code(await s.next_publish(good_uri))) == ["NL402", "XT101"]
        assert await s.stop() == 0

    asyncio.run(scenario())


def test_did_open_to_publish_time_on_clean_example(
    workspace: tuple[Path, dict[str, str]], record_property: pytest.RecordProperty
) -> None:
    """Measured from didOpen to publishDiagnostics: first with an empty verdict cache (the CAS
    checks of NL5xx run), then when the note is opened again (cached verdicts)."""
    notes, env = workspace
    env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    folder = notes.parent / "clean"
    folder.mkdir()
    path = folder / "ridge-regression.md"
    text = (EXAMPLES / "ridge-regression.md").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()

    async def scenario() -> tuple[float, float]:
        s = Session(env, folder)
        await s.start()
        times = []
        for version in (1, 2):
            start = time.perf_counter()
            s.client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
                )
            )
            params = await s.next_publish(uri)
            times.append(time.perf_counter() - start)
            assert params.version == version
            assert list(params.diagnostics) == []  # the clean example is clean in the editor too
            s.client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
            )
            assert list((await s.next_publish(uri)).diagnostics) == []
        assert await s.stop() == 0
        return times[0], times[1]

    cold, warm = asyncio.run(scenario())
    record_property("didOpen_to_publishDiagnostics_cold_seconds", round(cold, 4))
    record_property("didOpen_to_publishDiagnostics_warm_seconds", round(warm, 4))
    sys.stderr.write(
        f"\ndidOpen -> publishDiagnostics on ridge-regression.md: {cold * 1000:.1f} ms "
        f"(empty verdict cache), {warm * 1000:.1f} ms (reopened)\n"
    )
    assert cold < TIMEOUT and warm < TIMEOUT


def test_slow_lint_never_blocks_and_stale_results_are_dropped(workspace: tuple[Path, dict[str, str]]) -> None:
    notes, env = workspace
    path = notes / "slow.md"
    slow = NOTE.replace("We update", "We SLOWLY update")
    path.write_text(slow, encoding="utf-8")
    uri = path.as_uri()

    marker = notes / "slow-check-started"
    env = {**env, "NOTELINT_TEST_SLOW_MARKER": str(marker)}

    async def started() -> None:
        while not marker.exists():
            await asyncio.sleep(0.01)

    async def scenario() -> None:
        s = Session(env, notes)
        await s.start()
        s.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=slow)
            )
        )
        await asyncio.wait_for(started(), TIMEOUT)
        # While version 1 is being linted (the slow rule takes 2 s), the server still answers.
        line = slow.splitlines().index("We SLOWLY update $w$ once.")
        start = time.perf_counter()
        hover = await asyncio.wait_for(
            s.client.text_document_hover_async(
                types.HoverParams(
                    types.TextDocumentIdentifier(uri),
                    types.Position(line=line, character=len("We SLOWLY update $")),
                )
            ),
            TIMEOUT,
        )
        answered = time.perf_counter() - start
        assert hover is not None and "weight vector" in hover.contents.value
        assert s.published.empty(), "the hover should be answered before the slow lint finishes"
        assert answered < 1.5
        # The buffer changes before the slow result is ready: that result is stale and never published.
        s.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                [types.TextDocumentContentChangeWholeDocument(text=NOTE)],
            )
        )
        params = await s.next_publish(uri)
        assert params.version == 2
        assert sorted(by_code(params)) == ["NL402", "XT101"]
        assert time.perf_counter() - start > 1.5  # version 2 waited for the slow lint of version 1
        assert await s.stop() == 0

    asyncio.run(scenario())


def test_disable_action_extends_an_existing_directive() -> None:
    from notelint.config import Config
    from notelint.engine import lint_text
    from notelint.server.app import _disable_edit

    config = Config().merged({"select": ["NL401", "NL402"]})
    text = "# T\n\n<!-- notelint: disable-next-line NL401 -- quoting -->\n  The 𝐱 loss basically goes down.\n"
    result = lint_text(text, "a.md", config)
    [d] = result.diagnostics
    assert d.code == "NL402"
    edit = _disable_edit(result, d)
    assert edit is not None and edit.new_text == ", NL402"
    assert (edit.range.start.line, edit.range.start.character) == (
        2,
        len("<!-- notelint: disable-next-line NL401"),
    )
    fixed = apply_edits(text, [edit])
    assert "<!-- notelint: disable-next-line NL401, NL402 -- quoting -->" in fixed
    assert lint_text(fixed, "a.md", config).diagnostics == []

    plain = lint_text("# T\n\n  The loss basically stays.\n", "a.md", config)
    edit = _disable_edit(plain, plain.diagnostics[0])
    assert edit is not None and edit.new_text == "  <!-- notelint: disable-next-line NL402 -->\n"
