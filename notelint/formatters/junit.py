from __future__ import annotations

import xml.etree.ElementTree as ET

from notelint.formatters.base import Formatter


class JunitFormatter(Formatter):
    """JUnit XML: a test suite per file, a failing test case per finding, a passing one for a clean file."""

    name = "junit"

    def finish(self) -> None:
        total = sum(max(1, len(r.diagnostics)) for r in self.results)
        failures = sum(len(r.diagnostics) for r in self.results)
        root = ET.Element("testsuites", name="notelint", tests=str(total), failures=str(failures), errors="0")
        for result in self.results:
            suite = ET.SubElement(
                root,
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
        ET.indent(root)
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.write(ET.tostring(root, encoding="unicode") + "\n")
