from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from notelint import __version__
from notelint.formatters.base import Formatter

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

    def finish(self) -> None:
        from notelint.baseline import fingerprints

        rule_index: dict[str, int] = {}
        rules: list[dict[str, Any]] = []
        codes = sorted({(d.code, d.name) for r in self.results for d in r.diagnostics})
        for code, name in codes:
            rule_index[code] = len(rules)
            rules.append(self._rule(code, name))
        results = []
        for result in self.results:
            for d, fingerprint in fingerprints(result):
                results.append(
                    {
                        "ruleId": d.code,
                        "ruleIndex": rule_index[d.code],
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
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "notelint",
                            "version": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": rules,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        json.dump(log, self.out, indent=2, ensure_ascii=False)
        self.write("\n")
