"""Where a character of a scalar value stands in the file, for diagnostics that point
inside a value (an acronym in a title) rather than at its start.

The loader records where each value starts; the characters between that start and the
one we want depend on how the value was written (plain, 'single' or "double" quoted),
so the source line is read again and decoded up to that character.
"""

from __future__ import annotations

from pathlib import Path

from bot.files.source_lines import SourceLines
from bot.model.positions import Pos

# Two-character escapes of double-quoted YAML; \x, \u and \U take 2, 4 and 8 hex digits.
_SIMPLE_ESCAPES = set('0abtnvfre "/\\N_LP\t')
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


class Sources:
    """The files diagnostics point into, read once each (relative paths under ``root``)."""

    def __init__(self, root: Path) -> None:
        self._files = SourceLines(root)

    def locate(self, path: str, start: Pos, value: str, offset: int) -> Pos:
        """The position of ``value[offset]``, for the value that starts at ``start``.

        Falls back to ``start`` when the source cannot be matched with the value (a value
        folded over several lines, a block scalar, a file changed since it was loaded):
        the start of the right value is still a useful place to point at.
        """
        line, column = start
        source = self._files.line(path, line)
        if source is None:
            return start
        raw_index = raw_offset(source[column - 1 :], value, offset)
        return start if raw_index is None else (line, column + raw_index)


def raw_offset(raw: str, value: str, offset: int) -> int | None:
    """The index in ``raw`` (the source from the value's first character to the end of
    its line) of ``value[offset]``; None when ``raw`` does not spell ``value`` there."""
    if raw[:1] in ("'", '"'):
        return _quoted(raw, value, offset)
    # A plain scalar is its source text up to the end of the line (a longer one is folded
    # onto the next lines, where we do not follow it).
    inside = 0 <= offset < len(value)
    return offset if inside and raw[: offset + 1] == value[: offset + 1] else None


def _quoted(raw: str, value: str, offset: int) -> int | None:
    quote = raw[0]
    index = 1
    for position, expected in enumerate(value):
        if index >= len(raw):
            return None  # the value goes on over the next line
        width, char = _decode(raw, index, quote)
        if char != expected:
            return None
        if position == offset:
            return index
        index += width
    return None


def _decode(raw: str, index: int, quote: str) -> tuple[int, str | None]:
    """One character of a quoted scalar at ``raw[index]``: (source width, the character)."""
    char = raw[index]
    if quote == "'":
        return (2, "'") if raw.startswith("''", index) else (1, char)
    if char != "\\":
        return 1, char
    code = raw[index + 1 : index + 2]
    if code in _HEX_ESCAPES:
        digits = raw[index + 2 : index + 2 + _HEX_ESCAPES[code]]
        try:
            return 2 + len(digits), chr(int(digits, 16))
        except ValueError:
            return 1, None
    if code in _SIMPLE_ESCAPES:
        return 2, _SIMPLE.get(code, code)  # \" \\ \/ and \<space> stand for themselves
    return 1, None


_SIMPLE = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
