"""CAS work in worker processes with a per-relation time limit and a memory limit.

Workers are separate interpreters (``python -m notelint.math.worker``) talking over pipes:
this works whatever the caller is (a thread, a daemonic multiprocessing worker, the LSP
server), and SymPy is never imported into the linting process. A relation that runs past
the time limit is an unknown verdict; its worker is killed and replaced. No ``signal.alarm``.
"""

from __future__ import annotations

import atexit
import os
import pickle
import selectors
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from notelint.math.framing import HEADER
from notelint.math.wire import wire_all

#: total jobs sent to workers in this process (tests count CAS work with it)
calls = 0


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    buffer: bytes = b""
    ready: bool = False
    job: tuple[int, Any] | None = None
    deadline: float = 0.0
    started: float = field(default_factory=time.monotonic)


class Pool:
    def __init__(self, jobs: int = 1, timeout: float = 5.0, memory_mb: int = 1024) -> None:
        self.size = max(1, jobs)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.workers: list[_Worker] = []
        #: seconds a fresh worker may take to start (interpreter + SymPy import)
        self.startup = 30.0
        #: the language server lints from several threads: one batch at a time per pool
        self.lock = threading.Lock()

    # ---- lifecycle ----------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        env = dict(os.environ)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        proc = subprocess.Popen(
            [sys.executable, "-m", "notelint.math.worker", str(self.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        return _Worker(proc)

    def warm(self) -> None:
        """Start every worker now (each imports SymPy while the caller does other work)."""
        with self.lock:
            while len(self.workers) < self.size:
                self.workers.append(self._spawn())

    def close(self) -> None:
        for w in self.workers:
            _kill(w)
        self.workers = []

    # ---- running ------------------------------------------------------------------------------
    def run(self, jobs: list[Any]) -> list[dict[str, Any]]:
        """Verdict dicts (``Result.as_dict``) for ``jobs``, in order."""
        wired = wire_all(jobs)  # the worker reads trees, never LaTeX
        with self.lock:
            return self._run(wired)

    def _run(self, jobs: list[Any]) -> list[dict[str, Any]]:
        global calls
        results: list[dict[str, Any] | None] = [None] * len(jobs)
        pending = list(enumerate(jobs))
        pending.reverse()
        while len(self.workers) < min(self.size, len(jobs)):
            self.workers.append(self._spawn())
        sel = selectors.DefaultSelector()
        try:
            while pending or any(w.job is not None for w in self.workers):
                for i, w in enumerate(self.workers):
                    if w.proc.poll() is not None and w.job is None:
                        self.workers[i] = w = self._spawn()
                    if w.ready and w.job is None and pending:
                        job_id, job = pending.pop()
                        data = pickle.dumps((job_id, job))
                        try:
                            assert w.proc.stdin is not None
                            w.proc.stdin.write(HEADER.pack(len(data)) + data)
                            w.proc.stdin.flush()
                        except (BrokenPipeError, OSError):
                            pending.append((job_id, job))
                            _kill(w)
                            self.workers[i] = self._spawn()
                            continue
                        calls += 1
                        w.job = (job_id, job)
                        w.deadline = time.monotonic() + self.timeout
                waiting = [w for w in self.workers if w.job is not None or not w.ready]
                if not waiting:
                    continue
                now = time.monotonic()
                deadline = min(w.deadline if w.job is not None else w.started + self.startup for w in waiting)
                for w in waiting:
                    assert w.proc.stdout is not None
                    sel.register(w.proc.stdout, selectors.EVENT_READ, w)
                events = sel.select(max(0.0, deadline - now))
                for w in waiting:
                    assert w.proc.stdout is not None
                    sel.unregister(w.proc.stdout)
                for key, _ in events:
                    w = key.data
                    chunk = os.read(key.fileobj.fileno(), 1 << 16)  # type: ignore[union-attr]
                    if not chunk:
                        self._fail(w, results, "the worker process died (memory limit?)")
                        continue
                    w.buffer += chunk
                    if not w.ready and w.buffer.startswith(b"R"):
                        w.ready = True
                        w.buffer = w.buffer[1:]
                    while w.job is not None and len(w.buffer) >= HEADER.size:
                        (size,) = HEADER.unpack(w.buffer[: HEADER.size])
                        if len(w.buffer) < HEADER.size + size:
                            break
                        job_id, result = pickle.loads(w.buffer[HEADER.size : HEADER.size + size])
                        w.buffer = w.buffer[HEADER.size + size :]
                        results[job_id] = result
                        w.job = None
                now = time.monotonic()
                for w in list(self.workers):
                    if w.job is not None and now >= w.deadline:
                        self._fail(w, results, f"timed out after {self.timeout:g} s")
                    elif not w.ready and w.job is None and now >= w.started + self.startup:
                        self._fail(w, results, "the worker did not start")
                        pending.clear()
        finally:
            sel.close()
        return [r if r is not None else {"status": "unknown", "message": "not checked"} for r in results]

    def _fail(self, w: _Worker, results: list[dict[str, Any] | None], reason: str) -> None:
        if w.job is not None:
            results[w.job[0]] = {"status": "unknown", "message": reason, "transient": True}
        _kill(w)
        idx = self.workers.index(w)
        self.workers[idx] = self._spawn()


def _kill(w: _Worker) -> None:
    if w.proc.poll() is None:
        w.proc.kill()
    try:
        w.proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    for stream in (w.proc.stdin, w.proc.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


_POOLS: dict[tuple[int, float, int], Pool] = {}
_OWNER = os.getpid()


def shared_pool(jobs: int, timeout: float, memory_mb: int) -> Pool:
    """One pool per setting per process, reused across notes, closed at exit.

    A forked child (the runner's worker processes) must not talk to its parent's CAS
    workers: it forgets the inherited pools (without killing them) and starts its own.
    """
    global _OWNER
    if os.getpid() != _OWNER:
        _POOLS.clear()
        _OWNER = os.getpid()
    if _REMOTE is not None:
        _REMOTE.fallback = (jobs, timeout, memory_mb)
        return _REMOTE  # type: ignore[return-value]  # same run() interface
    key = (jobs, timeout, memory_mb)
    pool = _POOLS.get(key)
    if pool is None:
        pool = _POOLS[key] = Pool(jobs, timeout, memory_mb)
    return pool


@atexit.register
def _close_all() -> None:
    if os.getpid() != _OWNER:
        return  # inherited pools belong to the parent process
    for pool in _POOLS.values():
        pool.close()


# ---- one pool shared by the runner's worker processes --------------------------------------------
class Broker:
    """The parent's CAS pool served to the runner's worker processes over a Unix socket.

    With ``-j N`` the runner forks N linting processes; without a broker each started its own
    CAS workers (N SymPy imports, no sharing, so ``-j2`` was no faster for NL5). The broker
    owns one :class:`Pool` of N CAS workers, started at once so SymPy loads while the notes
    are parsed; each linting process sends its batch over its connection and gets the
    verdicts back. The connection is authenticated (``multiprocessing.connection`` with a
    random key the children inherit), and carries only our own :class:`Job` objects.
    """

    def __init__(self, pool: Pool) -> None:
        # Everything the broker's threads would import lazily is imported now, before they
        # start: the runner forks its workers while these threads run, and a child forked
        # while a thread holds a module's import lock deadlocks on that import (it did, on
        # hmac, which the connection's authentication imports on first use).
        import hmac  # noqa: F401
        from multiprocessing.connection import Listener

        import notelint.math.jobs  # noqa: F401  (unpickling a Job imports it)

        self.pool = pool
        self.authkey = os.urandom(32)
        self.listener = Listener(family="AF_UNIX", authkey=self.authkey)
        self.address = str(self.listener.address)
        threading.Thread(target=self._accept, name="cas-broker", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn = self.listener.accept()
            except (OSError, EOFError):
                return  # closed
            except Exception:  # a client with the wrong key: ignore it
                continue
            threading.Thread(target=self._serve, args=(conn,), name="cas-client", daemon=True).start()

    def _serve(self, conn: Any) -> None:
        with conn:
            while True:
                try:
                    jobs = conn.recv()
                except (EOFError, OSError):
                    return
                conn.send(self.pool.run(jobs))

    def close(self) -> None:
        try:
            self.listener.close()
        except OSError:
            pass


class RemotePool:
    """A runner worker's handle on the parent's :class:`Broker` (same ``run`` as :class:`Pool`)."""

    def __init__(self, address: str, authkey: bytes) -> None:
        import hmac  # noqa: F401  (see Broker: imported before any connection)
        from multiprocessing.connection import Client

        self.conn = Client(address, family="AF_UNIX", authkey=authkey)
        self.lock = threading.Lock()

        #: the settings of the local pool to fall back on if the parent goes away
        self.fallback = (1, 5.0, 1024)

    def run(self, jobs: list[Any]) -> list[dict[str, Any]]:
        global calls, _REMOTE
        jobs = wire_all(jobs)  # parsed here, in each linting process, not all in the broker
        with self.lock:
            try:
                self.conn.send(jobs)
                calls += len(jobs)
                result: list[dict[str, Any]] = self.conn.recv()
                return result
            except (EOFError, OSError):
                _REMOTE = None  # the broker is gone: this process starts its own pool
        return shared_pool(*self.fallback).run(jobs)


_BROKER: Broker | None = None
_REMOTE: RemotePool | None = None


def start_broker(size: int, timeout: float, memory_mb: int) -> tuple[str, bytes] | None:
    """Start the shared pool in this (the runner's parent) process, warm; its address and key.

    None when it cannot start (no Unix sockets): the workers then use their own pools.
    """
    global _BROKER
    if _BROKER is None:
        try:
            pool = shared_pool(size, timeout, memory_mb)
            pool.warm()
            _BROKER = Broker(pool)
            atexit.register(_BROKER.close)
        except Exception:
            return None
    return _BROKER.address, _BROKER.authkey


def connect_broker(address: str, authkey: bytes) -> None:
    """In a runner worker: send every CAS batch to the parent's broker from now on."""
    global _REMOTE
    try:
        _REMOTE = RemotePool(address, authkey)
    except Exception:
        _REMOTE = None  # the worker falls back to its own pool
