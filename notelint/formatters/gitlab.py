from __future__ import annotations

import json

from notelint.formatters.base import Formatter

#: notelint severity -> GitLab Code Quality severity.
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


class GitlabFormatter(Formatter):
    """A GitLab Code Quality report (a JSON array; ``artifacts: reports: codequality``).

    ``fingerprint`` is the content key of the baseline (stable when lines move).
    """

    name = "gitlab"

    def finish(self) -> None:
        from notelint.baseline import fingerprints

        items = []
        for result in self.results:
            for d, fingerprint in fingerprints(result):
                items.append(
                    {
                        "description": f"{d.code} [{d.name}] {d.message}",
                        "check_name": d.code,
                        "fingerprint": fingerprint,
                        "severity": SEVERITIES[d.severity.label],
                        "location": {"path": d.path, "lines": {"begin": d.line, "end": d.end_line}},
                    }
                )
        json.dump(items, self.out, indent=2, ensure_ascii=False)
        self.write("\n")
