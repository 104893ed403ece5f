"""The frame format between the linting process and its CAS workers: a length, then a pickle.

Shared by :mod:`notelint.math.checking.pool` (the linting side) and :mod:`notelint.math.cas.worker` (the
CAS side) so that the pool never imports the worker module, whose ``main`` imports SymPy.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

HEADER = struct.Struct("!I")


def timed_out_message(timeout: float) -> str:
    """The words of a job stopped at its time limit: the same whether the worker stops it
    itself or the pool kills the worker."""
    return f"timed out after {timeout:g} s"


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame's payload, or None at the end of the stream (or a truncated frame)."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    data = stream.read(size)
    return data if len(data) == size else None
