"""Exit statuses, and the usage error every part of the command line raises.

Exit status: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage, configuration,
plugin or internal error (``--exit-zero`` turns 1 into 0, never 2).
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass
