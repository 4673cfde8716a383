"""The one fatal exception type: a usage or configuration problem (exit code 2).

Problems in the data are never raised; they are diagnostics. This is for what
stops a command before it can look at the data at all (no entries folder, a
template that cannot be read, a git ref that does not exist).
"""

from __future__ import annotations


class FatalError(Exception):
    """Raised for usage and configuration errors; the CLI prints it and exits 2."""
