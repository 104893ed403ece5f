"""NL0xx: rules about the run itself. The engine reports them; these carry their metadata and docs."""

from notelint.rules.run.nl001_internal_error import internal_error
from notelint.rules.run.nl002_unreadable_file import unreadable_file
from notelint.rules.run.nl003_invalid_suppression import invalid_suppression

RULES = [internal_error, unreadable_file, invalid_suppression]
