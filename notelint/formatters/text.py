from __future__ import annotations

from notelint.formatters.base import Formatter


class TextFormatter(Formatter):
    """``path:line:col: CODE [name] message``, one per line (flake8/ruff concise style)."""

    name = "text"

    def handle(self, result) -> None:  # type: ignore[no-untyped-def]
        super().handle(result)
        for d in result.diagnostics:
            marker = " [*]" if d.fixable else ""
            self.write(f"{d.path}:{d.line}:{d.column}: {d.code}{marker} [{d.name}] {d.message}\n")

    def finish(self) -> None:
        total = sum(len(r.diagnostics) for r in self.results)
        fixable = sum(1 for r in self.results for d in r.diagnostics if d.fixable)
        if total:
            line = f"Found {total} finding{'s' if total != 1 else ''}"
            line += f" in {sum(1 for r in self.results if r.diagnostics)} of {len(self.results)} files."
            if fixable:
                line += f"\n[*] {fixable} fixable with --fix."
            self.write(line + "\n")
