"""The lines a pull request adds, read from the unified-diff ``patch`` GitHub gives per file.

GitHub accepts a review comment on any line inside a hunk, context lines included.
paperbot offers suggestions only on lines the pull request *added* (``+``): those
are the contributor's own words, and a suggestion there reads as "change what you
wrote". A finding on an untouched context line is still in the main comment.
"""

from __future__ import annotations

import re

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def added_lines(patch: str | None) -> frozenset[int]:
    """Right-side (new file) numbers of the added lines; empty for no patch.

    GitHub leaves ``patch`` out for binary files and very large diffs.
    """
    found: set[int] = set()
    line: int | None = None  # the new-file number of the next line, inside a hunk
    for text in (patch or "").split("\n"):
        hunk = _HUNK.match(text)
        if hunk:
            line = int(hunk.group(1))
        elif line is None or text.startswith(("-", "\\")):
            continue  # before the first hunk, a removed line, or "\ No newline at end of file"
        elif text.startswith("+"):
            found.add(line)
            line += 1
        else:
            line += 1  # a context line is on both sides
    return frozenset(found)
