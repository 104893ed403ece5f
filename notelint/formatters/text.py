from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.formatters.base import Formatter

if TYPE_CHECKING:
    from notelint.diagnostic import Diagnostic
    from notelint.result import LintResult


#: ANSI SGR codes (``--color``).
_BOLD, _RESET = "\033[1m", "\033[0m"
_SEVERITY_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_CODE_COLOR, _FIX_COLOR, _DIM = "\033[1;31m", "\033[36m", "\033[2m"


class TextFormatter(Formatter):
    """``path:line:col: CODE [*] severity [name] message``, one per line (ruff's concise style),
    then a summary line."""

    name = "text"
    keep_results = False

    def paint(self, text: str, color: str) -> str:
        return f"{color}{text}{_RESET}" if self.color else text

    def headline(self, d: Diagnostic) -> str:
        where = self.paint(f"{d.path}:{d.line}:{d.column}:", _BOLD)
        code = self.paint(d.code, _CODE_COLOR)
        marker = " " + self.paint("[*]", _FIX_COLOR) if d.fixable else ""
        severity = self.paint(d.severity.label, _SEVERITY_COLORS[d.severity.label])
        return f"{where} {code}{marker} {severity} [{d.name}] {d.message}\n"

    def handle(self, result: LintResult) -> None:
        super().handle(result)
        for d in result.diagnostics:
            self.write(self.headline(d))

    def finish(self) -> None:
        if self.quiet:
            return
        lines = []
        if self.fixed:
            noun = "finding" if self.fixed == 1 else "findings"
            files = "file" if self.fixed_files == 1 else "files"
            lines.append(f"Fixed {self.fixed} {noun} in {self.fixed_files} {files}.")
        if self.findings:
            line = f"Found {self.findings} finding{'s' if self.findings != 1 else ''}"
            lines.append(line + f" in {self.files_with_findings} of {self.files} files.")
            if self.fixable:
                lines.append(f"[*] {self.fixable} fixable with --fix.")
            if self.fix_blocked:
                lines.append(
                    f"{self.fix_blocked} more would be fixable, but --fix leaves a file alone while it "
                    "has LaTeX syntax errors (NL210): correct those first."
                )
        elif self.files:
            lines.append(self.paint("All checks passed!", "\033[32m"))
        if lines:
            self.write("\n".join(lines) + "\n")


def _display_width(text: str) -> int:
    import unicodedata  # the full format only

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def caret_line(line: str, start: int, end: int) -> str:
    """Blanks under ``line[:start]`` (tabs kept, wide characters doubled) and carets under
    ``line[start:end]`` (at least one)."""
    pad = "".join("\t" if ch == "\t" else " " * _display_width(ch) for ch in line[:start])
    return pad + "^" * max(1, _display_width(line[start:end]))


class FullFormatter(TextFormatter):
    """The text format with the offending source line and carets under the range (ruff's ``full``)."""

    name = "full"

    def handle(self, result: LintResult) -> None:
        Formatter.handle(self, result)
        lines: list[str] | None = None
        if result.text is not None and result.diagnostics:
            from notelint.source import Source

            lines = Source(result.text).text.split("\n")
        for d in result.diagnostics:
            self.write(self.headline(d))
            if lines is None or not 1 <= d.line <= len(lines):
                continue
            source = lines[d.line - 1]
            start = d.column - 1
            end = d.end_column - 1 if d.end_line == d.line else len(source)
            number = str(d.line)
            gutter = " " * len(number)
            carets = self.paint(caret_line(source, start, max(end, start + 1)), _CODE_COLOR)
            self.write(
                f"{gutter} |\n{self.paint(number, _DIM)} | {source}\n{gutter} | {carets} {d.code}\n{gutter} |\n\n"
            )
