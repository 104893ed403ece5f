"""The CAS worker process: reads jobs from stdin, writes verdicts to stdout.

Started by :mod:`notelint.math.checking.pool` as ``python -m notelint.math.cas.worker MEMORY_MB``. It caps
its own address space first (``RLIMIT_AS``) so a runaway expansion dies here, not in the
linter; the parent enforces the time limit by killing and replacing the process.
Frames are length-prefixed pickles written by our own parent process (trusted input).
"""

from __future__ import annotations

import os
import pickle
import sys

from notelint.math.checking.framing import HEADER, read_frame


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.setrecursionlimit(5000)
    from notelint.math.cas import opaque
    from notelint.math.cas.follows import check_follows  # NL506's job kind (FollowsJob)
    from notelint.math.cas.verify import Result, check  # imports SymPy, here only
    from notelint.math.checking.jobs import FollowsJob

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
        try:
            result = check_follows(job) if isinstance(job, FollowsJob) else check(job)
        except MemoryError:
            result = Result("unknown", "memory limit reached")
        except Exception as exc:  # never let one relation kill the worker silently
            result = Result("unknown", f"internal error while checking ({type(exc).__name__})")
        data = pickle.dumps((job_id, result.as_dict()))
        out.write(HEADER.pack(len(data)) + data)
        out.flush()


if __name__ == "__main__":
    raise SystemExit(main())
