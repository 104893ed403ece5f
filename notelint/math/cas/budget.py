"""CPU-time budgets inside a CAS job: the job's own limit, and smaller ones for single SymPy
calls that can run away (``solve`` turning ``exp(-16a/25)`` into a degree-16 polynomial took
6.6 s on one step of a correct note; the steps that follow never needed 0.2 s).

One ``SIGPROF`` timer (``ITIMER_PROF``: CPU seconds of this process) serves a stack of
deadlines. When it fires, the outermost expired deadline raises its own exception, which only
its own ``with`` catches: a call's budget running out is the call giving up, the job's running
out stops the job. The exceptions are ``BaseException``\\ s, so SymPy's ``except Exception``
handlers do not swallow them.

The exception can land anywhere, also between mpmath's "raise the working precision" and its
"put it back" (code without ``finally``): each level restores mpmath's precision on its way
out, or one interrupted call left every later number of the worker computed to a few bits
(CI saw 25/9 printed as 2.78125).

Outside the main thread (a test calling the checker from a thread) there is no timer: the
budgets are not enforced there.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import mpmath


class OutOfTime(BaseException):
    """Raised into a job that has used its CPU time."""


class OutOfBudget(BaseException):
    """Raised into a call that has used its budget (caught by :func:`attempt`)."""


#: (deadline in process CPU seconds, the exception that level raises), outermost first
_stack: list[tuple[float, BaseException]] = []
_installed = False


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _install() -> None:
    global _installed
    if not _installed:
        signal.signal(signal.SIGPROF, _on_timer)
        _installed = True


def _arm() -> None:
    if not _stack:
        signal.setitimer(signal.ITIMER_PROF, 0)
        return
    left = min(d for d, _ in _stack) - time.process_time()
    signal.setitimer(signal.ITIMER_PROF, max(left, 0.001))


#: CPU seconds after which an expired level raises again: an exception that lands in a
#: ``__del__`` or a weakref callback is swallowed ("Exception ignored in …"), and a one-shot
#: timer would then let the runaway call go on for ever
_REPEAT = 0.05


def _on_timer(signum: int, frame: Any) -> None:
    now = time.process_time()
    for deadline, exc in _stack:  # the outermost expired level wins
        if now >= deadline - 0.001:
            signal.setitimer(signal.ITIMER_PROF, _REPEAT)  # until its ``with`` has caught it
            raise exc
    _arm()  # fired early (timer granularity): wait for the next deadline


@contextmanager
def _level(seconds: float, exc: BaseException) -> Iterator[None]:
    if seconds <= 0 or not _usable():
        yield
        return
    _install()
    precision = mpmath.mp.prec
    _stack.append((time.process_time() + seconds, exc))
    _arm()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)  # no repeat lands while the level is left
        _stack.pop()
        _arm()
        mpmath.mp.prec = precision


@contextmanager
def job(seconds: float) -> Iterator[None]:
    """The whole job's budget (0: none); :class:`OutOfTime` escapes it."""
    with _level(seconds, OutOfTime()):
        yield


def attempt(seconds: float, call: Any, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """``(True, call(*args, **kwargs))``, or ``(False, None)`` when the call used ``seconds``
    of CPU time (or fewer, when the job's own budget ends first — then :class:`OutOfTime`
    propagates instead)."""
    token = OutOfBudget()
    try:
        with _level(seconds, token):
            return True, call(*args, **kwargs)
    except OutOfBudget as exc:
        if exc is not token:
            raise
        return False, None
