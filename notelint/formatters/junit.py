from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from collections.abc import Mapping

    from notelint.result import LintResult
    from notelint.rule import Rule


class JunitFormatter(Formatter):
    """JUnit XML: a test suite per file, a failing test case per finding, a passing one for a clean file.

    The root element carries the run's totals, so the suites are spooled (to a temporary
    file once large) and written after it: memory stays flat however many notes there are.
    """

    name = "junit"
    keep_results = False

    def __init__(self, out: TextIO, rules: Mapping[str, Rule]) -> None:
        super().__init__(out, rules)
        self.spool = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115 (closed in finish)
        self.tests = 0

    def handle(self, result: LintResult) -> None:
        super().handle(result)
        self.tests += max(1, len(result.diagnostics))
        suite = ET.Element(
            "testsuite",
            name=result.path,
            tests=str(max(1, len(result.diagnostics))),
            failures=str(len(result.diagnostics)),
            errors="0",
        )
        if not result.diagnostics:
            ET.SubElement(suite, "testcase", name="notelint", classname=result.path)
        for d in result.diagnostics:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{d.code} [{d.name}] line {d.line}",
                classname=result.path,
                file=d.path,
                line=str(d.line),
            )
            failure = ET.SubElement(case, "failure", message=d.message, type=d.severity.label)
            failure.text = f"{d.path}:{d.line}:{d.column}: {d.code} [{d.name}] {d.message}"
        ET.indent(suite, space="  ", level=1)
        self.spool.write("  " + ET.tostring(suite, encoding="unicode").rstrip("\n") + "\n")

    def finish(self) -> None:
        root = ET.Element(
            "testsuites", name="notelint", tests=str(self.tests), failures=str(self.findings), errors="0"
        )
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not self.files:
            self.write(ET.tostring(root, encoding="unicode") + "\n")
            return
        opening = ET.tostring(root, encoding="unicode").replace(" />", ">")
        self.write(opening + "\n")
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 16):
            self.write(chunk)
        self.spool.close()
        self.write("</testsuites>\n")
