"""Built-in output formats, contributed through the ``notelint_formatters`` hook (``plugin.py``).

This package stays import-light: a warm run imports only the format it prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notelint.formatters.base import Formatter


#: Built-in formats: name -> "module:Class", importable without loading any plugin.
BUILTIN = {
    "text": "notelint.formatters.text:TextFormatter",
    "full": "notelint.formatters.text:FullFormatter",
    "json": "notelint.formatters.json:JsonFormatter",
    "json-lines": "notelint.formatters.json_lines:JsonLinesFormatter",
    "github": "notelint.formatters.github:GithubFormatter",
    "sarif": "notelint.formatters.sarif:SarifFormatter",
    "gitlab": "notelint.formatters.gitlab:GitlabFormatter",
    "junit": "notelint.formatters.junit:JunitFormatter",
    "lsp": "notelint.formatters.lsp:LspFormatter",
}


def builtin(name: str) -> type[Formatter]:
    import importlib

    module, _, cls = BUILTIN[name].partition(":")
    found: type[Formatter] = getattr(importlib.import_module(module), cls)
    return found
