"""The page's own word where its shape is not enough: a marker at the end of a bullet.

A bullet with no links at or below it may be a paper still waiting for links or a
category; where its shape does not tell, the importer refuses the page and asks for
``<!-- paperbot: paper -->`` or ``<!-- paperbot: category -->`` at the end of that line.
An HTML comment is invisible where the page is shown, so marking costs the page nothing.
The marker is read and taken out: after the import the entry files say what it said.
"""

from __future__ import annotations

import re

from bot.model.diagnostics import Diagnostic, Severity
from bot.pages.page_lines import CHECK

KINDS = ("paper", "category")
MARKERS = " or ".join(f"'<!-- paperbot: {kind} -->'" for kind in KINDS)
_MARK = re.compile(r"^( *\*(?: .*?)?) ?<!-- *paperbot: *([^ >]*) *-->$")


def read_marks(lines: list[str], path: str) -> tuple[list[str], dict[int, str], list[Diagnostic]]:
    """The lines without their markers, what each marked line (1-based) says, and what
    was read: a notice per marker, an error for a marker naming no known kind."""
    out = list(lines)
    marks: dict[int, str] = {}
    found: list[Diagnostic] = []
    for n, line in enumerate(lines):
        match = _MARK.match(line)
        if match is None:
            continue
        column = len(match.group(1)) + 2
        kind = match.group(2)
        if kind not in KINDS:
            message = f"unknown marker {kind!r}: write {MARKERS}"
            found.append(Diagnostic(path, n + 1, column, CHECK, Severity.ERROR, message))
            continue
        out[n] = match.group(1)
        marks[n + 1] = kind
        message = f"marked as a {kind}: read so (the marker is not written back)"
        found.append(Diagnostic(path, n + 1, column, CHECK, Severity.NOTICE, message))
    return out, marks, found
