"""CAS work in worker processes with a per-relation time limit and a memory limit.

Workers are separate interpreters (``python -m notelint.math.cas.worker``) talking over pipes:
this works whatever the caller is (a thread, a daemonic multiprocessing worker, the LSP
server), and SymPy is never imported into the linting process. A relation that runs past
the time limit is an unknown verdict; its worker is killed and replaced. No ``signal.alarm``.
"""

from __future__ import annotations

import atexit
import collections
import hashlib
import os
import pickle
import selectors
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notelint.math.checking.framing import HEADER, timed_out_message
from notelint.math.reading.wire import wire_all

#: total jobs sent to workers in this process (tests count CAS work with it)
calls = 0


@dataclass
class _Batch:
    """One caller's jobs: their verdicts as they come back, and a flag raised when all are in."""

    results: list[dict[str, Any] | None]
    left: int
    done: threading.Event = field(default_factory=threading.Event)


#: verdicts remembered per pool (see :meth:`Pool.run`): enough for every job of a large corpus
MEMO_SIZE = 20000

#: a job that has not used its time limit in CPU (a loaded machine) fails anyway after this
#: many times the limit in wall-clock time
HARD_LIMIT = 4

#: CPU seconds past the time limit a worker has to answer "timed out" itself before it is killed
GRACE = 0.5

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds of process ``pid`` (Linux ``/proc``); None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rfind(b")") + 2 :].split()  # the command name may hold spaces
    try:
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (IndexError, ValueError):
        return None


#: jobs sent ahead to one worker: most CAS jobs take a few milliseconds, less than a round trip
#: through the dispatcher, so a worker given one job at a time waits for the dispatcher more
#: than it works; with a few queued in its pipe it goes straight to the next
AHEAD = 4


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    buffer: bytes = b""
    ready: bool = False
    #: the jobs sent to it, oldest (the one it is on) first: (sequence number, batch, index, job)
    jobs: collections.deque[tuple[int, _Batch, int, Any]] = field(default_factory=collections.deque)
    #: when the job it is on runs out of time, if it has used its time limit in CPU by then
    deadline: float = 0.0
    started: float = field(default_factory=time.monotonic)
    #: the worker's CPU seconds when the job it is on started (None: not measurable here)
    cpu_at_start: float | None = None
    #: wall-clock time after which the job it is on fails however little CPU it got
    hard_deadline: float = 0.0


class Memo:
    """Digest of a pickled job → pickled verdict, least recently used dropped past :data:`MEMO_SIZE`.

    A job asked again (the same relation in another test of one session, a fixture linted
    under two dialects, the language server re-linting an edited note) is answered without CAS
    work: jobs are deterministic (seeded sampling), as the on-disk verdict cache assumes. Pickled
    both ways, so no caller shares a dict with another.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: collections.OrderedDict[bytes, bytes] = collections.OrderedDict()

    def get(self, key: bytes) -> dict[str, Any] | None:
        with self.lock:
            known = self.entries.get(key)
            if known is None:
                return None
            self.entries.move_to_end(key)
        result: dict[str, Any] = pickle.loads(known)
        return result

    def put(self, key: bytes, result: dict[str, Any]) -> None:
        data = pickle.dumps(result)
        with self.lock:
            self.entries[key] = data
            while len(self.entries) > MEMO_SIZE:
                self.entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self.entries)


class Pool:
    """CAS workers fed by one dispatcher thread from one queue of jobs.

    Callers (the CLI's linting, the broker's connections from every ``-j`` process, the
    language server's threads) put their jobs on the queue and wait; the dispatcher sends the
    next job to the least busy worker (up to :data:`AHEAD` in its pipe), so one caller's slow
    job never leaves a worker idle while another caller's jobs wait (a lock per batch did:
    ``-j2`` was slower than ``-j1``).
    """

    def __init__(
        self, jobs: int = 1, timeout: float = 5.0, memory_mb: int = 1024, memo: Memo | None = None
    ) -> None:
        self.size = max(1, jobs)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.workers: list[_Worker] = []
        #: seconds a fresh worker may take to start (interpreter + SymPy import)
        self.startup = 30.0
        #: workers stop a job at the time limit themselves (False: only the pool's kill does,
        #: as for a job stuck in C code; the tests use it to reach that path)
        self.worker_stops_jobs = True
        #: guards the queue and the worker list (the dispatcher and every caller share them)
        self.lock = threading.Lock()
        self.finish_lock = threading.Lock()
        self.queue: collections.deque[tuple[_Batch, int, Any]] = collections.deque()
        self.dispatcher: threading.Thread | None = None
        self.closed = False
        self.sequence = 0
        #: the verdicts this pool has given (shared by the pools of one setting: see shared_pool)
        self.memo = memo if memo is not None else Memo()
        # a byte on this pipe wakes the dispatcher from select() when jobs arrive
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)

    # ---- lifecycle ----------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        env = dict(os.environ)
        # the folder that holds the notelint package (notelint/math/checking/pool.py is 4 down)
        root = str(Path(__file__).resolve().parents[3])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "notelint.math.cas.worker",
                str(self.memory_mb),
                str(self.timeout if self.worker_stops_jobs else 0),
            ],
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
            self._start_dispatcher()

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.workers = self.workers, []
            waiting, self.queue = list(self.queue), collections.deque()
        self._wake()
        for w in workers:
            for _, batch, index, _ in w.jobs:
                self._finish(batch, index, {"status": "unknown", "message": "not checked"})
            _kill(w)
        for batch, index, _ in waiting:
            self._finish(batch, index, {"status": "unknown", "message": "not checked"})
        if self.dispatcher is not None and self.dispatcher is not threading.current_thread():
            self.dispatcher.join(timeout=5)
        for fd in (self._wake_read, self._wake_write):
            try:
                os.close(fd)
            except OSError:
                pass

    # ---- running ------------------------------------------------------------------------------
    def run(self, jobs: list[Any]) -> list[dict[str, Any]]:
        """Verdict dicts (``Result.as_dict``) for ``jobs``, in order (safe from any thread).

        A job this pool has answered before, or asked twice in one batch, is sent to a worker
        once: the answer is remembered (a timeout too, which would only time out again; the
        other transient answers — a dead or unstarted worker — are not).
        """
        global calls
        jobs = wire_all(jobs)  # the worker reads trees, never LaTeX
        if not jobs:
            return []
        # a digest, not the pickle, names a job in the memo: pickles of jobs carrying a note's
        # glossary average 5 KB, and the memo may hold tens of thousands
        keys = [hashlib.blake2b(pickle.dumps(job), digest_size=16).digest() for job in jobs]
        answers: list[dict[str, Any] | None] = [self.memo.get(key) for key in keys]
        first: dict[bytes, int] = {}  # each distinct job left to run: its first index
        todo: list[int] = []
        for i, key in enumerate(keys):
            if answers[i] is None and key not in first:
                first[key] = i
                todo.append(i)
        with self.lock:
            calls += len(jobs)
            if todo:
                if self.closed:
                    return [a or {"status": "unknown", "message": "not checked"} for a in answers]
                batch = _Batch([None] * len(todo), len(todo))
                self.queue.extend((batch, k, jobs[i]) for k, i in enumerate(todo))
                self._start_dispatcher()
        if todo:
            self._wake()
            batch.done.wait()
            for k, i in enumerate(todo):
                result = batch.results[k]
                if result is None:
                    continue
                answers[i] = result
                if not result.get("transient") or "timed out" in str(result.get("message", "")):
                    self.memo.put(keys[i], result)
        out: list[dict[str, Any]] = []
        for i, key in enumerate(keys):
            answer = answers[i] if answers[i] is not None else answers[first.get(key, i)]
            if answer is None:
                answer = {"status": "unknown", "message": "not checked"}
            elif first.get(key, i) != i:
                answer = pickle.loads(pickle.dumps(answer))  # a repeated job: its own copy
            out.append(answer)
        return out

    def _start_dispatcher(self) -> None:
        if self.dispatcher is None or not self.dispatcher.is_alive():
            self.dispatcher = threading.Thread(target=self._dispatch, name="cas-dispatcher", daemon=True)
            self.dispatcher.start()

    def _wake(self) -> None:
        try:
            os.write(self._wake_write, b"!")
        except OSError:
            pass  # closed, or the pipe is full (the dispatcher is awake anyway)

    def _finish(self, batch: _Batch, index: int, result: dict[str, Any]) -> None:
        with self.finish_lock:  # the dispatcher and close() may both answer a job
            if batch.results[index] is None:
                batch.results[index] = result
                batch.left -= 1
                if batch.left == 0:
                    batch.done.set()

    def _dispatch(self) -> None:
        """The dispatcher thread: feed free workers, read verdicts, enforce the time limits."""
        sel = selectors.DefaultSelector()
        try:
            sel.register(self._wake_read, selectors.EVENT_READ, None)
            while not self.closed:
                self._assign()
                with self.lock:
                    waiting = [w for w in self.workers if w.jobs or not w.ready]
                if waiting:
                    now = time.monotonic()
                    deadline = min(w.deadline if w.jobs else w.started + self.startup for w in waiting)
                    wait: float | None = max(0.0, deadline - now)
                else:
                    wait = None  # nothing running: sleep until jobs arrive
                for w in waiting:
                    assert w.proc.stdout is not None
                    sel.register(w.proc.stdout, selectors.EVENT_READ, w)
                try:
                    events = sel.select(wait)
                finally:
                    for w in waiting:
                        assert w.proc.stdout is not None
                        sel.unregister(w.proc.stdout)
                for key, _ in events:
                    if key.data is None:
                        try:
                            os.read(self._wake_read, 4096)
                        except OSError:
                            pass
                        continue
                    self._receive(key.data)
                self._expire()
        except Exception as exc:  # never leave a caller waiting
            self._abandon(f"the CAS dispatcher failed: {type(exc).__name__}")
        finally:
            sel.close()

    def _assign(self) -> None:
        """Start workers for the queued jobs and send each job to the least busy ready worker."""
        with self.lock:
            if self.closed:
                return
            busy = sum(len(w.jobs) for w in self.workers)
            while len(self.workers) < min(self.size, busy + len(self.queue)):
                self.workers.append(self._spawn())
            for i, w in enumerate(self.workers):
                if w.proc.poll() is not None and not w.jobs:
                    self.workers[i] = self._spawn()
            while self.queue:
                ready = [w for w in self.workers if w.ready and len(w.jobs) < AHEAD]
                if not ready:
                    return
                w = min(ready, key=lambda w: len(w.jobs))
                batch, index, job = self.queue.popleft()
                self.sequence += 1
                data = pickle.dumps((self.sequence, job))
                try:
                    assert w.proc.stdin is not None
                    w.proc.stdin.write(HEADER.pack(len(data)) + data)
                    w.proc.stdin.flush()
                except (BrokenPipeError, OSError):
                    self.queue.appendleft((batch, index, job))
                    self._requeue(w)
                    _kill(w)
                    self.workers[self.workers.index(w)] = self._spawn()
                    continue
                if not w.jobs:
                    self._start_clock(w)
                w.jobs.append((self.sequence, batch, index, job))

    def _requeue(self, w: _Worker) -> None:
        """Put the jobs a worker had not started back at the front of the queue (lock held)."""
        self.queue.extendleft((batch, index, job) for _, batch, index, job in reversed(w.jobs))
        w.jobs.clear()

    def _receive(self, w: _Worker) -> None:
        assert w.proc.stdout is not None
        chunk = os.read(w.proc.stdout.fileno(), 1 << 16)
        if not chunk:
            self._fail(w, "the worker process died (memory limit?)")
            return
        w.buffer += chunk
        if not w.ready and w.buffer.startswith(b"R"):
            w.ready = True
            w.buffer = w.buffer[1:]
        while w.jobs and len(w.buffer) >= HEADER.size:
            (size,) = HEADER.unpack(w.buffer[: HEADER.size])
            if len(w.buffer) < HEADER.size + size:
                break
            sequence, result = pickle.loads(w.buffer[HEADER.size : HEADER.size + size])
            w.buffer = w.buffer[HEADER.size + size :]
            expected, batch, index, _ = w.jobs.popleft()
            if w.jobs:
                self._start_clock(w)  # the next one starts now
            if sequence != expected:  # never expected: answer rather than leave a caller waiting
                result = {
                    "status": "unknown",
                    "message": "the worker answered out of order",
                    "transient": True,
                }
            self._finish(batch, index, result)

    def _start_clock(self, w: _Worker) -> None:
        now = time.monotonic()
        w.deadline = now + self.timeout
        w.hard_deadline = now + HARD_LIMIT * self.timeout
        w.cpu_at_start = _cpu_seconds(w.proc.pid)

    def _expire(self) -> None:
        now = time.monotonic()
        for w in list(self.workers):
            if w.jobs and now >= w.deadline:
                # the limit is CPU time where it can be measured, so a loaded machine (other
                # processes, -j workers, a test run) does not turn a verdict into a timeout;
                # wall time bounds it all the same
                cpu = _cpu_seconds(w.proc.pid)
                used = None if cpu is None or w.cpu_at_start is None else cpu - w.cpu_at_start
                if used is not None and used < self.timeout + GRACE and now < w.hard_deadline:
                    # the worker stops a job at its limit itself and answers (keeping its
                    # SymPy warm): it is killed only when it has not within GRACE
                    w.deadline = min(w.hard_deadline, now + max(0.05, self.timeout + GRACE - used))
                    continue
                self._fail(w, timed_out_message(self.timeout))
            elif not w.ready and not w.jobs and now >= w.started + self.startup:
                self._fail(w, "the worker did not start")
                # no worker may come up (SymPy missing, …): answer what waits rather than hang
                self._abandon("the worker did not start")

    def _abandon(self, reason: str) -> None:
        with self.lock:
            waiting, self.queue = list(self.queue), collections.deque()
        for batch, index, _ in waiting:
            self._finish(batch, index, {"status": "unknown", "message": reason, "transient": True})

    def _fail(self, w: _Worker, reason: str) -> None:
        """The job ``w`` is on gets ``reason``; the ones queued behind it go to other workers."""
        with self.lock:
            if w.jobs:
                _, batch, index, _ = w.jobs.popleft()
                self._finish(batch, index, {"status": "unknown", "message": reason, "transient": True})
            self._requeue(w)
            _kill(w)
            if w in self.workers and not self.closed:
                self.workers[self.workers.index(w)] = self._spawn()


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
_MEMOS: dict[tuple[float, int], Memo] = {}
_OWNER = os.getpid()


def shared_pool(jobs: int, timeout: float, memory_mb: int) -> Pool:
    """One pool per setting per process, reused across notes, closed at exit.

    A forked child (the runner's worker processes) must not talk to its parent's CAS
    workers: it forgets the inherited pools (without killing them) and starts its own.
    """
    global _OWNER
    if os.getpid() != _OWNER:
        _POOLS.clear()
        _MEMOS.clear()
        _OWNER = os.getpid()
    if _REMOTE is not None:
        _REMOTE.fallback = (jobs, timeout, memory_mb)
        return _REMOTE  # type: ignore[return-value]  # same run() interface
    key = (jobs, timeout, memory_mb)
    pool = _POOLS.get(key)
    if pool is None:
        # pools of other sizes with the same limits give the same verdicts: one memo for them
        # (a -j1 run and a -j2 run in one process agree even on a job that timed out)
        memo = _MEMOS.setdefault((timeout, memory_mb), Memo())
        pool = _POOLS[key] = Pool(jobs, timeout, memory_mb, memo)
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

        import notelint.math.checking.jobs  # noqa: F401  (unpickling a Job imports it)

        self.pool = pool
        self.authkey = os.urandom(32)
        self.closed = False
        # No authkey here: Listener.accept() would run the handshake in the accepting thread,
        # where one client that vanished or stalled mid-handshake (a worker killed as its pool
        # broke) stopped the broker for good and every later client waited in connect().
        # Each connection is authenticated in its own thread instead (_serve).
        self.listener = Listener(family="AF_UNIX")
        self.address = str(self.listener.address)
        threading.Thread(target=self._accept, name="cas-broker", daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                conn = self.listener.accept()
            except Exception:
                if self.closed:
                    return
                time.sleep(0.05)  # out of file descriptors, …: try again, never spin
                continue
            if self.closed:
                conn.close()
                return
            threading.Thread(target=self._serve, args=(conn,), name="cas-client", daemon=True).start()

    def _serve(self, conn: Any) -> None:
        from multiprocessing.connection import answer_challenge, deliver_challenge  # imported: __init__

        with conn:
            try:
                deliver_challenge(conn, self.authkey)
                answer_challenge(conn, self.authkey)
            except Exception:  # the wrong key, or the client went away: drop this one only
                return
            while True:
                try:
                    jobs = conn.recv()
                    conn.send(self.pool.run(jobs))
                except (EOFError, OSError):
                    return  # the client is gone

    def close(self) -> None:
        self.closed = True
        try:
            # closing the socket does not wake a thread blocked in accept(): a connection does
            from multiprocessing.connection import Client

            Client(self.address, family="AF_UNIX").close()
        except Exception:
            pass
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
