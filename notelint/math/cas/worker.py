"""The CAS worker process: reads jobs from stdin, writes verdicts to stdout.

Started by :mod:`notelint.math.checking.pool` as ``python -m notelint.math.cas.worker MEMORY_MB
[TIMEOUT]``. It caps its own address space first (``RLIMIT_AS``) so a runaway expansion dies
here, not in the linter. It stops a job that has used ``TIMEOUT`` CPU seconds itself
(:mod:`notelint.math.cas.budget`: this is its own process and main thread; a step of NL506 gets
at most :data:`STEP_SECONDS`) and goes on with the next one, so a
timeout costs no new interpreter and no second SymPy import; the parent still kills and replaces
a worker that does not answer shortly after (a job stuck in C code, a worker of an older build).
Frames are length-prefixed pickles written by our own parent process (trusted input).
"""

from __future__ import annotations

import importlib
import os
import pickle
import sys
from typing import Any

from notelint.math.checking.framing import HEADER, read_frame, timed_out_message

#: CPU seconds for one step of NL506 (at most the relation timeout): NL506 reports only steps
#: that fail, and of 5,384 step jobs on 263 notes every failure was decided within 0.12 s; a
#: step that runs out of time costs its whole budget, and at 1.5 s the 439 that did were more
#: than half the steps' CAS time (bench/RESULTS.md, session 23)
STEP_SECONDS = 0.5


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.setrecursionlimit(5000)
    from notelint.math.cas import budget, opaque
    from notelint.math.cas.follows import check_follows  # NL506's job kind (FollowsJob)
    from notelint.math.cas.verify import Result, check  # imports SymPy, here only
    from notelint.math.checking.jobs import FollowsJob

    # SymPy's simplify imports its units package on first use: imported now, it is not charged
    # to the first job that simplifies, which would then have less time than the same job elsewhere
    importlib.import_module("sympy.physics.units")

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    out_fd = os.dup(stdout.fileno())
    # anything SymPy prints must not corrupt the frame stream
    os.dup2(sys.stderr.fileno(), stdout.fileno())
    out = os.fdopen(out_fd, "wb")
    out.write(b"R")  # ready
    out.flush()
    while True:
        frame = read_frame(stdin)
        if frame is None:
            return 0
        job_id, job = pickle.loads(frame)
        opaque.start_job()  # its messages must not depend on the jobs this worker ran before
        answer: dict[str, Any]
        step = isinstance(job, FollowsJob)
        own = job.seconds or (STEP_SECONDS if step else 0.0)
        seconds = min(timeout, own) if own and timeout > 0 else timeout
        try:
            with budget.job(seconds):
                result = check_follows(job) if step else check(job)
            answer = result.as_dict()
        except budget.OutOfTime:
            # what the parent answers for a job it stops (remembered as a timeout, not cached)
            answer = {"status": "unknown", "message": timed_out_message(seconds), "transient": True}
        except MemoryError:
            answer = Result("unknown", "memory limit reached").as_dict()
        except Exception as exc:  # never let one relation kill the worker silently
            answer = Result("unknown", f"internal error while checking ({type(exc).__name__})").as_dict()
        data = pickle.dumps((job_id, answer))
        out.write(HEADER.pack(len(data)) + data)
        out.flush()


if __name__ == "__main__":
    raise SystemExit(main())
