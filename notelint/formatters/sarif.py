from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from notelint import __version__
from notelint.formatters._stream import JsonArrayWriter
from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from collections.abc import Mapping

    from notelint.result import LintResult
    from notelint.rule import Rule


#: notelint severity -> SARIF result level.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/notelint/notelint"


class SarifFormatter(Formatter):
    """SARIF 2.1.0 (GitHub code scanning, Azure DevOps, IDE viewers).

    The driver lists the rules that have findings, with their documentation; each result
    carries a region (1-based, columns in Unicode code points: ``columnKind``) and a
    ``partialFingerprints`` entry that stays stable when lines move.
    """

    name = "sarif"
    keep_results = False

    def _rule(self, code: str, name: str) -> dict[str, Any]:
        from notelint.docs import explain

        rule = self.rules.get(code)
        out: dict[str, Any] = {"id": code, "name": name, "helpUri": self.rule_url(code)}
        if rule is None:
            return out
        full = rule.doc_section("What it does") or rule.summary
        out.update(
            {
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": full},
                "help": {"text": explain(rule), "markdown": explain(rule)},
                "defaultConfiguration": {
                    "enabled": rule.default_enabled,
                    "level": LEVELS[rule.severity.label],
                },
                "properties": {"tags": list(rule.tags), "fixable": rule.fixable},
            }
        )
        return out

    def __init__(self, out: TextIO, rules: Mapping[str, Rule]) -> None:
        super().__init__(out, rules)
        self.rule_index: dict[str, int] = {}
        self.rule_names: dict[str, str] = {}
        self.array: JsonArrayWriter | None = None

    def handle(self, result: LintResult) -> None:
        """Results are written as they come; the driver's rule list (which needs every rule
        with a finding) follows them: JSON objects are unordered, so SARIF readers accept it."""
        from notelint.baseline import fingerprints

        super().handle(result)
        if self.array is None:
            self.write(
                "{\n"
                f'  "$schema": {json.dumps(SCHEMA)},\n'
                '  "version": "2.1.0",\n'
                '  "runs": [\n'
                "    {\n"
                '      "columnKind": "unicodeCodePoints",\n'
                '      "results": '
            )
            self.array = JsonArrayWriter(self.out, depth=3)
        for d, fingerprint in fingerprints(result):
            if d.code not in self.rule_index:
                self.rule_index[d.code] = len(self.rule_index)
                self.rule_names[d.code] = d.name
            self.array.add(
                {
                    "ruleId": d.code,
                    "ruleIndex": self.rule_index[d.code],
                    "level": LEVELS[d.severity.label],
                    "message": {"text": f"[{d.name}] {d.message}"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": quote(Path(d.path).as_posix(), safe="/")},
                                "region": {
                                    "startLine": d.line,
                                    "startColumn": d.column,
                                    "endLine": d.end_line,
                                    "endColumn": d.end_column,
                                },
                            }
                        }
                    ],
                    "partialFingerprints": {"notelintContentKey/v1": fingerprint},
                }
            )

    def finish(self) -> None:
        if self.array is None:
            self.handle_nothing()
        assert self.array is not None
        self.array.close()
        # ruleIndex points into this list: rules in order of first appearance.
        rules = [self._rule(code, self.rule_names[code]) for code in self.rule_index]
        tool = {
            "driver": {
                "name": "notelint",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        }
        tool_text = json.dumps(tool, indent=2, ensure_ascii=False).replace("\n", "\n      ")
        self.write(f',\n      "tool": {tool_text}\n    }}\n  ]\n}}\n')

    def handle_nothing(self) -> None:
        from notelint.result import LintResult

        files = self.files
        self.handle(LintResult("", []))
        self.files = files  # an empty run: the header only, no file counted
