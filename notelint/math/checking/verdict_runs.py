"""Running jobs: verdicts from the on-disk cache, else the shared CAS pool (:func:`run_cached`, also
used by NL506's step jobs), and the configuration options they read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notelint.config import Config
from notelint.math.checking.link_results import (
    Analysis,
    PendingLink,
)


def config_option(config: Config, key: str, default: Any) -> Any:
    try:
        return config.get(key)
    except KeyError:
        return default


# ---- running ----------------------------------------------------------------------------------
def _verdict_cache_dir(config: Config) -> Path:
    """``math.cache-dir``, relative to the config file's folder like the results cache (so the
    language server, started anywhere, uses the project's cache)."""
    directory = Path(config_option(config, "math.cache-dir", ".notelint_cache/math"))
    root = getattr(config, "root", None)
    return directory if directory.is_absolute() or root is None else Path(root) / directory


def run_jobs(items: list[PendingLink], config: Config, analysis: Analysis) -> None:
    if not items:
        return
    verdicts, hits = run_cached([item.job for item in items], config)
    analysis.cache_hits += hits
    analysis.cas_jobs += len(items) - hits
    for item, verdict in zip(items, verdicts):
        item.verdict = verdict


def run_cached(jobs: list[Any], config: Config) -> tuple[list[dict[str, Any]], int]:
    """The verdicts of ``jobs`` (relation jobs or NL506's step jobs): from the on-disk cache,
    else the shared CAS pool (whose verdicts are then cached); with the number of cache hits."""
    import os

    from notelint.math.checking.cache import VerdictCache, key_of
    from notelint.math.checking.pool import shared_pool

    use_cache = (
        bool(config_option(config, "cache", True))
        and bool(config_option(config, "math.cache", True))
        and not os.environ.get("NOTELINT_NO_CACHE")
    )
    cache = VerdictCache(_verdict_cache_dir(config)) if use_cache else None
    out: list[dict[str, Any] | None] = [None] * len(jobs)
    keys: dict[int, str] = {}
    todo: list[int] = []
    for i, job in enumerate(jobs):
        if cache is not None:
            keys[i] = key_of(job)
            out[i] = cache.get(keys[i])
        if out[i] is None:
            todo.append(i)
    if todo:
        pool = shared_pool(
            int(config_option(config, "math.jobs", 1)),
            float(config_option(config, "math.timeout", 3.0)),
            int(config_option(config, "math.memory-mb", 1024)),
        )
        for i, verdict in zip(todo, pool.run([jobs[i] for i in todo])):
            out[i] = verdict
            if cache is not None and not verdict.get("transient"):
                cache.put(keys[i], verdict)
    return [v if v is not None else {"status": "unknown"} for v in out], len(jobs) - len(todo)
