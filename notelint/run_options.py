"""What a run is asked to do and what its fixes did (light: the CLI builds these before it
knows whether the cache answers everything and the runner is needed at all)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FixOutcome:
    """What ``--fix``/``--diff`` did to one file."""

    path: str
    original: str
    fixed: str
    error: str | None = None
    #: Findings the fixes repaired (over every pass).
    fixed_count: int = 0

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        import difflib

        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.fixed.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


@dataclass
class RunOptions:
    """What one run is asked to do (fixing, stdin, jobs, cache), and the fix outcomes it collects."""

    fix: bool = False
    diff: bool = False
    stdin_text: str | None = None
    stdin_filename: str = "<stdin>"
    outcomes: list[FixOutcome] = field(default_factory=list)
    #: Worker processes; None: the ``jobs`` setting, else one per core.
    jobs: int | None = None
    #: Do not read or write the results cache.
    no_cache: bool = False
    #: Apply ``exclude`` and .gitignore to files named on the command line too (ruff's meaning).
    force_exclude: bool = False
    #: Problems that did not stop the run (e.g. the cache could not be written), for stderr.
    warnings: list[str] = field(default_factory=list)
