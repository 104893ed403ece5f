"""Run the linter over many files, optionally fixing them; results in a deterministic order.

Files are spread over worker processes (``--jobs``, flake8's parallel checker): the parent
walks the paths, answers what it can from the cache, and hands the rest to a process pool;
results come back in the order the files were found, so the output is the same whatever
the number of jobs. One file, one job, or a pool that cannot start means a serial run.
"""

from __future__ import annotations

import collections
import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelint.config import ConfigResolver
from notelint.engine import LintResult, lint_file, lint_note, lint_text, rules_for
from notelint.fix import (
    MAX_PASSES,
    PARSE_ERROR_CODES,
    apply_edits,
    count_fixes,
    select_edits,
    withhold_fixes,
    write_atomically,
)
from notelint.run_options import FixOutcome, RunOptions
from notelint.source import Source

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from notelint.cache import Cache
    from notelint.config import Config
    from notelint.rule import Rule

__all__ = ["FixOutcome", "RunOptions", "fix_text", "run"]

#: Set in worker processes; nested pools (e.g. the CAS workers) can size themselves by it.
WORKER_ENV = "NOTELINT_WORKER"
#: Linting processes per CAS worker when NL5 runs in parallel (``-j N`` keeps N CAS workers)
LINTERS_PER_CAS_WORKER = 2
#: how much lower those linting processes run than the CAS workers (``os.nice``)
LINTER_NICENESS = 10


def fix_text(text: str, path: str, resolver: ConfigResolver) -> tuple[str, LintResult]:
    """Apply fixes until none is left (or MAX_PASSES); never on a file whose parse had errors."""
    fixed, result, _ = fix_text_counted(text, path, resolver)
    return fixed, result


def _guards(rules: Sequence[Rule]) -> list[Rule]:
    """The parse-error rules (NL210, …) that are not selected: they still decide whether to fix."""
    from notelint.plugins import all_rules

    return [r for r in all_rules() if r.code in PARSE_ERROR_CODES and r not in rules]


def fix_text_counted(text: str, path: str, resolver: ConfigResolver) -> tuple[str, LintResult, int]:
    """``fix_text``, also returning how many findings the fixes repaired."""
    config = resolver.for_path(path)
    rules = rules_for(config, path)
    guards = _guards(rules)
    current = text
    count = 0
    result = lint_text(current, path, config, [*rules, *guards])
    for _ in range(MAX_PASSES):
        if result.internal_error or any(d.code in PARSE_ERROR_CODES for d in result.diagnostics):
            break
        edits = select_edits(result.diagnostics)
        if not edits:
            break
        fixed = apply_edits(Source(current), edits)
        if fixed == current:
            break
        count += count_fixes(result.diagnostics)
        current = fixed
        result = lint_text(current, path, config, [*rules, *guards])
    # Report only what the selected rules say about the final text.
    selected = {r.code for r in rules}
    blocked = [d.code for d in result.diagnostics if d.code in PARSE_ERROR_CODES]
    result.diagnostics = [d for d in result.diagnostics if d.code in selected]
    if blocked or result.internal_error:
        withhold_fixes(result, blocked[0] if blocked else "NL001")
    return current, result, count


def mark_unfixable(result: LintResult, config: Config, path: str) -> None:
    """Withhold the fixes of a file whose parse is in doubt (NL210, even when not selected):
    ``--fix`` will not touch it, so its findings must not be shown as fixable."""
    if not any(d.fixable for d in result.diagnostics):
        return
    if result.internal_error:
        withhold_fixes(result, "NL001")
        return
    present = [d.code for d in result.diagnostics if d.code in PARSE_ERROR_CODES]
    if not present and result.note is not None:
        guards = _guards(rules_for(config, path))
        if guards:
            present = [d.code for d in lint_note(result.note, config, guards).diagnostics]
    if present:
        withhold_fixes(result, present[0])


def effective_jobs(requested: int | None, config: Config) -> int:
    jobs = requested if requested is not None else config.get("jobs")
    if not jobs:
        jobs = os.cpu_count() or 1
    return max(1, int(jobs))


@dataclass
class _Job:
    """Everything a worker needs to lint one file (picklable: sent once per worker)."""

    resolver: ConfigResolver
    cache: Cache | None
    fix: bool
    diff: bool

    def process(self, path: str, digest: str | None) -> tuple[LintResult, FixOutcome | None, str | None]:
        """Lint (and fix) one file; store the result in the cache when it is safe to."""
        config = self.resolver.for_path(path)
        result = lint_file(path, config)
        outcome = None
        if (self.fix or self.diff) and result.text is not None and any(d.fixable for d in result.diagnostics):
            original = result.text
            fixed, result, count = fix_text_counted(original, path, self.resolver)
            result.note = None
            outcome = FixOutcome(path, original, fixed, fixed_count=count)
            if self.fix and not self.diff and outcome.changed:
                try:
                    write_atomically(path, fixed)
                except OSError as exc:
                    outcome.error = f"{path}: cannot write fixes: {exc.strerror or exc}"
        else:
            mark_unfixable(result, config, path)
        result.note = None  # results cross processes and are kept by the caller: no Note trees
        warning = None
        if self.cache is not None and digest is not None and outcome is None and result.text is not None:
            from notelint.cache import file_digest

            # Store only what was linted from exactly the bytes the parent hashed.
            if file_digest(result.text.encode("utf-8")) == digest:
                self.cache.put(path, config, digest, result)
                warning = self.cache.warning
        return result, outcome, warning


_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job, cas: tuple[str, bytes] | None = None) -> None:
    import signal

    global _WORKER_JOB
    _WORKER_JOB = job
    os.environ[WORKER_ENV] = "1"
    if cas is not None:  # the parent's shared CAS pool (NL5)
        from notelint.math.checking.pool import connect_broker

        connect_broker(*cas)
        # there are more linting processes than CAS workers (LINTERS_PER_CAS_WORKER): they yield
        # the cores to the CAS workers, whose time limit is also bounded in wall-clock time, and
        # take what the CAS workers leave idle
        try:
            os.nice(LINTER_NICENESS)
        except (AttributeError, OSError):
            pass
    # Ctrl-C is the parent's to handle (it cancels the rest); workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(path: str, digest: str | None) -> tuple[LintResult, FixOutcome | None, str | None]:
    assert _WORKER_JOB is not None
    # as for a file linted in the parent: a forked worker inherits the parent's default
    # thresholds, which cost a quarter of its time on the corpus
    with _collector_tuned():
        return _WORKER_JOB.process(path, digest)


def _crash_result(path: str, exc: BaseException, resolver: ConfigResolver) -> LintResult:
    """A parse that raised (a bug, or a pathological input): NL001 for this file, the run goes on."""
    from notelint.engine import file_diagnostic

    config = resolver.for_path(path if path != "<stdin>" else None)
    message = f"internal error while linting this file: {type(exc).__name__}: {exc}"[:500]
    return LintResult(path, [file_diagnostic(path, "NL001", message, config)], None, None, True)


_Item = tuple[LintResult, "FixOutcome | None", "str | None"]

#: Whether this process has linted a file in process yet (``_first_file_in_process``).
_LINTED: list[bool] = []


def _first_file_in_process() -> bool:
    """True (once per process) before the first file linted here, with the cyclic garbage
    collector paused: that file imports the rules, the parsers and their libraries, some
    200,000 objects that live as long as the process, which the collector would scan in about
    50 collections (3 % of a one-note run) and find nothing to free."""
    import gc

    if _LINTED or not gc.isenabled():
        return False
    _LINTED.append(True)
    gc.disable()
    return True


#: allocations between two young-generation collections once the first file is linted
#: (bench/RESULTS.md, session 12: 45.8 -> 36 s of linting CPU on the corpus, +20 MB at most)
GC_YOUNG_THRESHOLD = 50_000


def _after_first_file() -> None:
    """Resume collecting, with what exists now frozen (``gc.freeze``: never scanned again,
    still freed by reference counting): resumed unfrozen, the next collection would scan every
    object the first file made. Only cycles the first file left are never collected."""
    import gc

    gc.freeze()
    # A note's parse and model are some 10^5 objects alive while it is linted: with CPython's
    # default 700-allocation young generation they are scanned over and over and promoted to
    # the old generation, whose full collections were a third of the time on the corpus.
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)
    gc.enable()


@contextlib.contextmanager
def _collector_tuned() -> Iterator[None]:
    """Around each file a linting process lints: its first file runs with the collector paused,
    then the collector is frozen and tuned (:func:`_first_file_in_process`, :func:`_after_first_file`)."""
    first = _first_file_in_process()
    try:
        yield
    finally:
        if first:
            _after_first_file()


@dataclass
class _Slot:
    """One file in output order: its result, the worker computing it, or neither yet."""

    path: str
    digest: str | None
    value: _Item | None = None
    future: Future[_Item] | None = None

    def ready(self) -> bool:
        return self.value is not None or (self.future is not None and self.future.done())


class _Pipeline:
    def __init__(self, job: _Job, jobs: int, options: RunOptions) -> None:
        self.job = job
        self.jobs = jobs
        self.options = options
        self.serial = jobs <= 1
        self.executor: ProcessPoolExecutor | None = None
        #: Files in flight before the parent waits for the oldest (bounds memory).
        self.window = 4 * jobs
        self.warned = False
        self.cas_warmed = False

    # -- the parent's side of the cache ----------------------------------------------------
    def lookup(self, slot: _Slot) -> None:
        cache = self.job.cache
        if cache is None or not cache.enabled:
            return
        hit, slot.digest = cache.lookup(slot.path, self.job.resolver.for_path(slot.path))
        if hit is None or ((self.job.fix or self.job.diff) and any(d.fixable for d in hit.diagnostics)):
            return
        slot.value = (hit, None, None)

    # -- scheduling ------------------------------------------------------------------------
    def _in_process(self, slot: _Slot) -> _Item:
        with _collector_tuned():
            try:
                if self.executor is None:
                    self._warm_cas(slot.path)
                return self.job.process(slot.path, slot.digest)
            except Exception as exc:
                return self._crashed(slot, exc)

    def _crashed(self, slot: _Slot, exc: Exception) -> _Item:
        from notelint.config import ConfigError

        if isinstance(exc, ConfigError):
            raise exc  # a broken nested config file: the CLI reports it (exit 2)
        return _crash_result(slot.path, exc, self.job.resolver), None, None

    def _submit(self, slot: _Slot) -> None:
        if self.serial or self.executor is None:
            return
        try:
            slot.future = self.executor.submit(_work, slot.path, slot.digest)
        except Exception as exc:  # the pool broke or cannot fork: go on serially
            self._fall_back(exc)

    def _start_pool(self, pending: collections.deque[_Slot]) -> None:
        from concurrent.futures import ProcessPoolExecutor

        cas = self._shared_cas(pending)
        processes = self.jobs
        if cas is not None:
            # a linting process waits for its CAS batches and the CAS workers wait while it
            # parses and builds the next batch (three batches in turn per note): with as many
            # linting processes as CAS workers, workers sat idle about a third of a -j2 run
            processes = self.jobs * LINTERS_PER_CAS_WORKER
            self.window = max(self.window, 2 * processes)
        try:
            self.executor = ProcessPoolExecutor(
                max_workers=processes, initializer=_init_worker, initargs=(self.job, cas)
            )
        except Exception as exc:  # no working semaphores, …
            self._fall_back(exc)
            return
        for slot in pending:
            if slot.value is None and slot.future is None:
                self._submit(slot)

    def _shared_cas(self, pending: collections.deque[_Slot]) -> tuple[str, bytes] | None:
        """One CAS pool for all workers, started now when NL5 runs (see math.pool.Broker)."""
        try:
            config = self.job.resolver.for_path(pending[0].path)
            if not any(r.code.startswith("NL5") for r in rules_for(config, pending[0].path)):
                return None
            from notelint.math.checking.pool import start_broker

            return start_broker(
                max(self.jobs, int(config.get("math.jobs") or 1)),
                float(config.get("math.timeout")),
                int(config.get("math.memory-mb")),
            )
        except Exception:
            return None  # each worker starts its own pool, as before

    def _warm_cas(self, path: str) -> None:
        """Start this process's CAS workers now, when NL5 runs: their SymPy import (about a
        second) overlaps the parse of the first note instead of waiting for its first batch."""
        if self.cas_warmed:
            return
        self.cas_warmed = True
        try:
            config = self.job.resolver.for_path(path)
            if not any(r.code.startswith("NL5") for r in rules_for(config, path)):
                return
            from notelint.math.checking.pool import shared_pool

            # the same pool analysis.run_cached asks for
            shared_pool(
                int(config.get("math.jobs")),
                float(config.get("math.timeout")),
                int(config.get("math.memory-mb")),
            ).warm()
        except Exception:
            return  # the first batch starts the workers, as before

    def _fall_back(self, exc: BaseException) -> None:
        if not self.serial:
            self.options.warnings.append(
                f"cannot run in parallel ({type(exc).__name__}: {exc}); linting the remaining files serially"
            )
        self.serial = True

    def _take(self, slot: _Slot) -> LintResult:
        if slot.value is not None:
            value = slot.value
        elif slot.future is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                value = slot.future.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory): redo it here
                self._fall_back(exc)
                value = self._in_process(slot)
            except Exception as exc:
                from notelint.config import ConfigError

                if isinstance(exc, ConfigError):
                    raise
                # The worker raised, or its result could not cross back (a plugin put something
                # unpicklable in a diagnostic): redo it here, so the output is what -j1 gives.
                value = self._in_process(slot)
        else:
            value = self._in_process(slot)
        slot.value = slot.future = None
        result, outcome, warning = value
        if outcome is not None:
            self.options.outcomes.append(outcome)
        if warning:
            if self.job.cache is not None:
                self.job.cache.warning = warning  # the parent stops using the cache too
            if not self.warned:
                self.warned = True
                self.options.warnings.append(warning)
        return result

    def run(self, files: Iterator[str]) -> Iterator[LintResult]:
        pending: collections.deque[_Slot] = collections.deque()
        misses = 0
        finished = False
        try:
            for path in files:
                slot = _Slot(path, None)
                self.lookup(slot)
                pending.append(slot)
                if slot.value is None and not self.serial:
                    misses += 1
                    if self.executor is None and misses == 2:
                        self._start_pool(pending)
                    else:
                        self._submit(slot)
                while pending and (self.serial or pending[0].ready() or len(pending) > self.window):
                    yield self._take(pending.popleft())
            while pending:
                yield self._take(pending.popleft())
            finished = True
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=finished, cancel_futures=not finished)


def run(
    paths: Sequence[str],
    resolver: ConfigResolver,
    options: RunOptions,
    files: Iterator[str] | None = None,
) -> Iterator[LintResult]:
    """Lint ``paths`` (or the already discovered ``files``, in that order)."""
    from notelint.discover import files_for

    if options.stdin_text is not None:
        try:
            yield _one_text(options.stdin_text, options.stdin_filename, resolver, options, write=False)
        except Exception as exc:
            from notelint.config import ConfigError

            if isinstance(exc, ConfigError):
                raise
            yield _crash_result(options.stdin_filename, exc, resolver)
        return
    root_config = resolver.for_path(None if resolver.isolated else "./x")
    cache = None
    if not options.no_cache:  # the cache module (and json) is not imported for a --no-cache run
        from notelint.cache import cache_for

        cache = cache_for(root_config)
    job = _Job(resolver, cache, options.fix, options.diff)
    if files is None:
        files = files_for(paths, resolver, options.force_exclude)
    yield from _Pipeline(job, effective_jobs(options.jobs, root_config), options).run(files)


def _one_text(text: str, path: str, resolver: ConfigResolver, options: RunOptions, write: bool) -> LintResult:
    if not (options.fix or options.diff):
        config = resolver.for_path(path if path != "<stdin>" else None)
        result = lint_text(text, path, config)
        mark_unfixable(result, config, path)
        return result
    fixed, result, count = fix_text_counted(text, path, resolver)
    outcome = FixOutcome(path, text, fixed, fixed_count=count)
    if write and outcome.changed:
        try:
            write_atomically(path, fixed)
        except OSError as exc:
            outcome.error = f"{path}: cannot write fixes: {exc.strerror or exc}"
    options.outcomes.append(outcome)
    return result
