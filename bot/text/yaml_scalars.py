"""Where a quoted YAML scalar ends on its line: the PR comment's suggestions and the
parser-error messages both need to know."""

from __future__ import annotations


def quoted_end(line: str, start: int, quote: str) -> int | None:
    """Just past the quote that closes the quoted scalar opening at ``line[start]``
    (``quote``), or None when it is not closed on this line."""
    index = start + 1
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2  # '' is an escaped quote inside single quotes
                continue
            return index + 1
        index += 1
    return None
