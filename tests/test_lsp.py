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
        assert titles == [
            "Replace TODO with DONE",
            "Fix all notelint findings (1 fix)",
            "Disable XT101 [todo-marker] for this line",
            "Disable XT101 [todo-marker] for this file",
        ]
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
        assert [a.title for a in actions] == [
            "Disable NL402 [informal-phrase] for this line",
            "Disable NL402 [informal-phrase] for this file",
        ]
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


def _open(s: Session, uri: str, text: str, version: int = 1) -> None:
    s.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        )
    )


def _change(s: Session, uri: str, text: str, version: int) -> None:
    s.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _actions(
    s: Session, uri: str, d: types.Diagnostic, only: list[str] | None = None
) -> list[types.CodeAction]:
    actions = await asyncio.wait_for(
        s.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri),
                range=d.range,
                context=types.CodeActionContext(diagnostics=[d], only=only),
            )
        ),
        TIMEOUT,
    )
    return [a for a in actions or [] if isinstance(a, types.CodeAction)]


PRODUCT_NOTE = """# Ridge

## 2) Notation & Objects

- $X \\in \\mathbb{R}^{n \\times d}$: design matrix.
- $w \\in \\mathbb{R}^{d}$: weight vector.

The prediction is $Xw$.
"""

VAGUE_NOTE = "# T\n\nThe loss goes up, then goes down.\n\nThe thing went up.\n"

NUMBERED_NOTE = """# Eq

$$
a = b \\tag{1}
$$

$$
c = d
$$

$$
e = f \\tag{2}
$$
"""


def test_editor_rough_edges(tmp_path: Path) -> None:
    """Issue 14: hover in a product, a broken configuration, no config file, NL201's number,
    fix all and disable-for-file, all through a real client over stdio."""
    start = tmp_path / "editor-start"  # the folder the editor was started in
    start.mkdir()
    loose = tmp_path / "loose"  # notes without any configuration file
    loose.mkdir()
    configured = tmp_path / "configured"
    configured.mkdir()
    config = configured / "notelint.toml"
    config.write_text('select = ["NL401", "NL201"]\n', encoding="utf-8")
    user_cache = tmp_path / "user-cache"
    env = {**os.environ, "PYTHONUTF8": "1", "XDG_CACHE_HOME": str(user_cache)}
    product_uri = (configured / "product.md").as_uri()
    vague_uri = (configured / "vague.md").as_uri()
    numbered_uri = (configured / "numbered.md").as_uri()
    loose_uri = (loose / "math.md").as_uri()

    async def scenario() -> None:
        s = Session(env, start)
        messages: asyncio.Queue[types.ShowMessageParams] = asyncio.Queue()

        @s.client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_message(params: types.ShowMessageParams) -> None:
            messages.put_nowait(params)

        await s.start()

        # Hover with the cursor on the w of "Xw" shows w, not X; on the X it shows X.
        _open(s, product_uri, PRODUCT_NOTE)
        await s.next_publish(product_uri)
        line = PRODUCT_NOTE.splitlines().index("The prediction is $Xw$.")
        for character, key in ((len("The prediction is $X"), "w"), (len("The prediction is $"), "X")):
            hover = await asyncio.wait_for(
                s.client.text_document_hover_async(
                    types.HoverParams(
                        types.TextDocumentIdentifier(product_uri),
                        types.Position(line=line, character=character),
                    )
                ),
                TIMEOUT,
            )
            assert hover is not None and isinstance(hover.contents, types.MarkupContent)
            assert hover.contents.value.startswith(f"**${key}$**"), hover.contents.value
            assert hover.range is not None and hover.range.start.character == character

        # Fix all: one edit of the whole buffer, as `--fix` would make; disable for this file.
        _open(s, vague_uri, VAGUE_NOTE)
        published = await s.next_publish(vague_uri)
        assert [str(d.code) for d in published.diagnostics] == ["NL401"] * 4
        actions = await _actions(s, vague_uri, published.diagnostics[0])
        assert [a.title for a in actions] == [
            'Replace "goes up" with "increases"',
            "Fix all notelint findings (3 fixes)",
            "Disable NL401 [vague-word] for this line",
            "Disable NL401 [vague-word] for this file",
        ]
        fix_all = actions[1]
        assert fix_all.kind == types.CodeActionKind.SourceFixAll
        assert fix_all.edit is not None and fix_all.edit.changes is not None
        assert apply_edits(VAGUE_NOTE, fix_all.edit.changes[vague_uri]) == (
            "# T\n\nThe loss increases, then decreases.\n\nThe thing increased.\n"
        )
        only_fix_all = await _actions(s, vague_uri, published.diagnostics[0], only=["source.fixAll"])
        assert [a.title for a in only_fix_all] == ["Fix all notelint findings (3 fixes)"]
        disable_file = actions[3]
        assert disable_file.edit is not None and disable_file.edit.changes is not None
        disabled = apply_edits(VAGUE_NOTE, disable_file.edit.changes[vague_uri])
        assert disabled.startswith("<!-- notelint: disable-file NL401 -->\n# T\n")
        _change(s, vague_uri, disabled, 2)
        assert list((await s.next_publish(vague_uri)).diagnostics) == []

        # NL201's quick fix numbers the equation after the highest number in use (no collision).
        _open(s, numbered_uri, NUMBERED_NOTE)
        published = await s.next_publish(numbered_uri)
        [unnumbered] = [d for d in published.diagnostics if str(d.code) == "NL201"]
        [add_tag] = [a for a in await _actions(s, numbered_uri, unnumbered) if a.title.startswith("add")]
        assert add_tag.edit is not None and add_tag.edit.changes is not None
        tagged = apply_edits(NUMBERED_NOTE, add_tag.edit.changes[numbered_uri])
        assert "c = d \\tag{3}" in tagged

        # A bad key in the configuration: one message however often the note changes, and the
        # note's diagnostics are cleared (not left stale); when it is fixed, they come back.
        config.write_text('select = ["NL401"]\nselekt = 1\n', encoding="utf-8")
        for version in (3, 4, 5):
            _change(s, vague_uri, VAGUE_NOTE + "\n" * version, version)
            cleared = await s.next_publish(vague_uri)
            assert cleared.version == version and list(cleared.diagnostics) == []
        message = await asyncio.wait_for(messages.get(), TIMEOUT)
        assert message.type == types.MessageType.Error and "selekt" in message.message
        assert messages.empty(), "the same configuration error is shown once"
        config.write_text('select = ["NL401"]\n', encoding="utf-8")
        _change(s, vague_uri, VAGUE_NOTE, 6)
        assert len((await s.next_publish(vague_uri)).diagnostics) == 4

        # Without a configuration file the verdict cache goes to the user's cache folder,
        # never into the folder the editor was started in.
        _open(s, loose_uri, "# M\n\nWe have $2 + 2 = 4$ and $3 \\cdot 3 = 10$.\n")
        published = await s.next_publish(loose_uri)
        assert any(str(d.code) == "NL501" for d in published.diagnostics)
        assert await s.stop() == 0

    asyncio.run(scenario())
    assert list(start.iterdir()) == []
    assert list(loose.iterdir()) == []
    assert (user_cache / "notelint" / "math").is_dir()


def test_a_broken_configuration_is_shown_once_while_another_note_lints_cleanly(tmp_path: Path) -> None:
    """Typing in turn in a note under a broken configuration file and in a healthy note (under
    another configuration file, or none) shows the error once: only that same file loading
    cleanly again forgets it, so a later break of it is shown again."""
    broken = tmp_path / "broken"
    broken.mkdir()
    config = broken / "notelint.toml"
    config.write_text('select = ["NL401"]\nselekt = 1\n', encoding="utf-8")
    healthy = tmp_path / "healthy"
    healthy.mkdir()
    (healthy / "notelint.toml").write_text('select = ["NL401"]\n', encoding="utf-8")
    loose = tmp_path / "loose"  # no configuration file at all
    loose.mkdir()
    env = {**os.environ, "PYTHONUTF8": "1", "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    bad_uri = (broken / "a.md").as_uri()
    good_uri = (healthy / "b.md").as_uri()
    loose_uri = (loose / "c.md").as_uri()

    async def scenario() -> None:
        s = Session(env, tmp_path)
        errors: list[str] = []

        @s.client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_message(params: types.ShowMessageParams) -> None:
            if params.type == types.MessageType.Error:
                errors.append(params.message)

        async def edit(uri: str, version: int, text: str = VAGUE_NOTE) -> types.PublishDiagnosticsParams:
            if version == 1:
                _open(s, uri, text)
            else:
                _change(s, uri, text + "\n" * version, version)
            while True:  # the publication of this version (a slow earlier one may come first)
                published = await s.next_publish(uri)
                if published.version == version:
                    return published

        await s.start()
        for version in (1, 2, 3, 4):  # typing in turn in the three notes
            assert list((await edit(bad_uri, version)).diagnostics) == []
            assert len((await edit(good_uri, version)).diagnostics) == 4
            assert "NL401" in by_code(await edit(loose_uri, version, "# T\n\nThe loss goes up.\n"))
        assert len(errors) == 1, errors
        assert "broken" in errors[0] and "selekt" in errors[0]

        # Fixed: the note's diagnostics come back. Broken again: shown again, once.
        config.write_text('select = ["NL401"]\n', encoding="utf-8")
        assert len((await edit(bad_uri, 5)).diagnostics) == 4
        config.write_text('select = ["NL401"]\nselekt = 1\n', encoding="utf-8")
        for version in (6, 7):
            assert list((await edit(bad_uri, version)).diagnostics) == []
            assert len((await edit(good_uri, version)).diagnostics) == 4
        assert len(errors) == 2 and errors[1] == errors[0]
        assert await s.stop() == 0

    asyncio.run(scenario())


def test_the_configuration_file_a_buffer_uses_is_found_even_when_broken(tmp_path: Path) -> None:
    """What the server remembers a shown error by: the file the CLI would read for the note."""
    from notelint.server.app import config_file_for

    top = tmp_path / "top"
    for folder in ("a", "b", "c"):
        (top / "sub" / folder).mkdir(parents=True)
    (top / "notelint.toml").write_text('select = ["NL4"]\n', encoding="utf-8")
    (top / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")  # no table
    assert config_file_for(str(top / "sub" / "a" / "n.md")) == str(top / "notelint.toml")
    broken = top / "sub" / "b" / "pyproject.toml"
    broken.write_text("[tool.notelint\n", encoding="utf-8")  # not TOML
    assert config_file_for(str(top / "sub" / "b" / "n.md")) == str(broken)
    refused = top / "sub" / "c" / "notelint.toml"
    refused.write_text("selekt = 1\n", encoding="utf-8")
    assert config_file_for(str(top / "sub" / "c" / "n.md")) == str(refused)
    assert config_file_for(None) is None


def test_server_and_cli_exclude_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server skips exactly what `notelint --force-exclude` skips: `exclude` and .gitignore."""
    import io

    from notelint import cli
    from notelint.server.app import lint_buffer

    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.notelint]\nexclude = ["old/"]\n', encoding="utf-8")
    names = ["drafts/a.md", "old/b.md", "notes/c.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# T\n\nThe loss goes up.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    linted_by_server = [
        name for name in names if lint_buffer("# T\n\nThe loss goes up.\n", str(tmp_path / name)) is not None
    ]
    out = io.StringIO()
    assert cli.main(["--show-files", "--force-exclude", *names], stdout=out) == 0
    assert linted_by_server == out.getvalue().split() == ["notes/c.md"]


def test_hover_on_a_derivation_step_shows_its_verdict_and_premises(tmp_path: Path) -> None:
    """NL506 selected: hovering a step's equation names what it follows from, and a broken step
    says it does not follow (the ridge chain with a sign flipped in step 3)."""
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "steps"
    text = (fixtures / "ridge-broken.md").read_text(encoding="utf-8")
    path = tmp_path / "ridge.md"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "notelint.toml").write_text('select = ["NL506"]\n', encoding="utf-8")
    uri = path.as_uri()
    lines = text.splitlines()

    async def scenario() -> None:
        s = Session({**os.environ, "PYTHONUTF8": "1"}, tmp_path)
        await s.start()
        s.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text))
        )
        published = await s.next_publish(uri)
        assert [str(d.code) for d in published.diagnostics] == ["NL506"]

        async def hover_at(line_text: str) -> str:
            line = lines.index(line_text)
            params = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, 1))
            hover = await asyncio.wait_for(s.client.text_document_hover_async(params), TIMEOUT)
            assert hover is not None
            return hover.contents.value

        # on the X of step 3: X's declaration, then the verdict on the step
        broken = await hover_at(r"(X^\top X - \lambda I_d)\,w = X^\top y \tag{4}")
        declaration, verdict = broken.split("\n\n---\n\n")
        assert declaration.startswith("**$X$** — the design matrix.")
        assert verdict.startswith("**Derivation step: does not follow** from (3)\n\n")
        assert "the premise holds with" in verdict
        # step 4 follows from the gradient set to zero; the broken (4) it cites is the error, not
        # its citation
        follows = await hover_at(r"\hat w = (X^\top X + \lambda I_d)^{-1}X^\top y \tag{5}")
        assert "**Derivation step: follows** from (2)" in follows and "which it cites" not in follows
        gradient = await hover_at(r"\nabla_w J(w) = X^\top(Xw-y) + \lambda w \tag{2}")
        assert "**Derivation step: follows** (an identity on its own)" in gradient
        assert await s.stop() == 0

    asyncio.run(scenario())
