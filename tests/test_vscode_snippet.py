"""The README's VS Code extension, taken out of the README as a user copies it.

The files it shows (each fenced block introduced by "`name`:") are written to a folder and
checked: package.json parses, its entry point is one of the files, the modules the JavaScript
requires are VS Code's own or declared dependencies, the JavaScript is valid (``node --check``)
and, run by node against stand-ins for the ``vscode`` and ``vscode-languageclient`` modules,
it starts ``notelint server`` on Markdown files. The build instructions name the package that
package.json describes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: Stand-ins for the modules VS Code provides (``vscode``) and npm installs
#: (``vscode-languageclient``): they record what the extension asks of them.
FAKE_VSCODE = """
globalThis.calls = globalThis.calls || { settings: [], clients: [] };
exports.workspace = {
  getConfiguration: (section) => ({
    get: (key, fallback) => {
      globalThis.calls.settings.push(section + "." + key);
      const configured = JSON.parse(process.env.FAKE_SETTINGS || "{}");
      return section + "." + key in configured ? configured[section + "." + key] : fallback;
    },
  }),
};
"""
FAKE_CLIENT = """
globalThis.calls = globalThis.calls || { settings: [], clients: [] };
class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    this.record = { id, name, serverOptions, clientOptions, started: false, stopped: false };
    globalThis.calls.clients.push(this.record);
  }
  start() { this.record.started = true; return Promise.resolve(); }
  stop() { this.record.stopped = true; return Promise.resolve(); }
}
exports.LanguageClient = LanguageClient;
"""
DRIVER = """
const extension = require("./extension.js");
Promise.resolve(extension.activate({ subscriptions: [] }))
  .then(() => extension.deactivate())
  .then(() => console.log(JSON.stringify(globalThis.calls)));
"""


def vscode_section() -> str:
    """The README's VS Code paragraphs: from "**VS Code**" to the next editor's."""
    start = README.index("**VS Code**")
    following = re.search(r"^\*\*\w", README[start + 2 :], re.M)
    assert following is not None
    return README[start : start + 2 + following.start()]


def extension_files() -> dict[str, str]:
    """Each file the README shows ("`package.json`:" then its fenced block), by name."""
    blocks = re.findall(r"`([\w.-]+)`:\s*\n+```\w*\n(.*?)^```", vscode_section(), re.M | re.S)
    return dict(blocks)


def build_commands() -> str:
    (block,) = re.findall(r"^```bash\n(.*?)^```", vscode_section(), re.M | re.S)
    return block


@pytest.fixture
def extension(tmp_path: Path) -> Path:
    folder = tmp_path / "notelint-vscode"
    folder.mkdir()
    for name, text in extension_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not on PATH")
    return found


def test_package_json_parses_and_names_an_entry_point_among_the_files(extension: Path) -> None:
    files = extension_files()
    assert set(files) == {"package.json", "extension.js"}
    manifest = json.loads(files["package.json"])
    main = manifest["main"]
    assert (extension / main).is_file(), f"package.json's main {main!r} is not a file the README shows"
    assert manifest["engines"]["vscode"] and "onLanguage:markdown" in manifest["activationEvents"]
    # what the JavaScript requires: VS Code's own module, or a declared dependency
    required = set(re.findall(r"""require\(\s*["']([^"']+)["']\s*\)""", files[Path(main).name]))
    assert required
    for module in required - {"vscode"}:
        package = "/".join(module.split("/")[:2]) if module.startswith("@") else module.split("/")[0]
        assert package in manifest["dependencies"], f"{module} is required but not a dependency"


def test_build_instructions_name_this_package(extension: Path) -> None:
    manifest = json.loads(extension_files()["package.json"])
    commands = build_commands()
    assert f"cd {manifest['name']} && npm install" in commands
    assert '--extensionDevelopmentPath="$PWD"' in commands
    assert f"code --install-extension {manifest['name']}-{manifest['version']}.vsix" in commands
    assert "npx @vscode/vsce package" in commands


def test_extension_js_is_valid_javascript(extension: Path) -> None:
    proc = subprocess.run(
        [node(), "--check", str(extension / "extension.js")], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr


def run_extension(extension: Path, settings: dict[str, str]) -> dict[str, list]:
    modules = extension / "node_modules"
    (modules / "vscode").mkdir(parents=True)
    (modules / "vscode" / "index.js").write_text(FAKE_VSCODE, encoding="utf-8")
    (modules / "vscode-languageclient").mkdir()
    (modules / "vscode-languageclient" / "node.js").write_text(FAKE_CLIENT, encoding="utf-8")
    (extension / "driver.js").write_text(DRIVER, encoding="utf-8")
    proc = subprocess.run(
        [node(), "driver.js"],
        cwd=extension,
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "FAKE_SETTINGS": json.dumps(settings)},
    )
    assert proc.returncode == 0, proc.stderr
    shutil.rmtree(modules)
    return json.loads(proc.stdout)


def test_the_extension_starts_notelint_server_on_markdown(extension: Path) -> None:
    from notelint.cli import SUBCOMMANDS

    manifest = json.loads(extension_files()["package.json"])
    declared = manifest["contributes"]["configuration"]["properties"]
    calls = run_extension(extension, {})
    [client] = calls["clients"]
    assert client["started"] and client["stopped"]
    command, args = client["serverOptions"]["command"], client["serverOptions"]["args"]
    assert (command, args) == ("notelint", ["server"])
    assert args[0] in SUBCOMMANDS
    assert {"scheme": "file", "language": "markdown"} in client["clientOptions"]["documentSelector"]
    # every setting it reads is one package.json declares, with the default the code falls back to
    assert calls["settings"] and set(calls["settings"]) <= set(declared)
    assert declared["notelint.path"]["default"] == command
    # "Set notelint.path in settings.json to the virtualenv's notelint"
    configured = run_extension(extension, {"notelint.path": "/home/me/.venv/bin/notelint"})
    assert configured["clients"][0]["serverOptions"]["command"] == "/home/me/.venv/bin/notelint"
