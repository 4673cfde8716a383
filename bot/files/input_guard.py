"""What an entry file's bytes must be before the YAML parser sees them.

Anyone can open a pull request, so the parser never gets bytes that could make it
crash, hang or lie about positions: files are read only up to a limit, must be
UTF-8 without a byte-order mark, and carry no control characters, tabs, carriage
returns or bidirectional overrides (text that displays in another order than it is
stored, as in "Trojan Source"). Nesting is bounded before parsing, because the
YAML parser recurses once per level and slows down with depth.

Each kind of problem is reported once, at its first occurrence, with a count of
the others: a file saved with CRLF line ends gets one diagnostic, not one per line.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 256 * 1024  # a paper entry is a few hundred bytes; this is far beyond any
MAX_DEPTH = 24  # an entry is at most five levels deep (venue tree areas nest a few more)

# C0 controls but tab, LF and CR (reported apart), DEL, C1 controls (U+0085 is a
# YAML line break that git and GitHub do not count as one), and the two
# noncharacters YAML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "BACKSPACE", "\x1b": "ESC", "\x7f": "DEL"}
_NAMES["\x85"] = "NEXT LINE"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_TAB = re.compile("\t")
_CR = re.compile("\r")
# Any of the four above, in one pass: nearly every file has none.
_ANY_REFUSED = re.compile("|".join(p.pattern for p in (_CONTROL, _BIDI, _TAB, _CR)))
# Deep nesting needs many brackets on a line, or a line that starts far to the right
# (block levels indent, "- - -" and "? ? ?" move right): anything else is shallow.
_MAYBE_DEEP = re.compile(rf"^[ ?-]{{{MAX_DEPTH},}}", re.MULTILINE)
_BRACKET = re.compile(r"[\[\]{}]")
_OPENS = frozenset(
    {
        "BlockMappingStartToken",
        "BlockSequenceStartToken",
        "FlowMappingStartToken",
        "FlowSequenceStartToken",
    }
)
_CLOSES = frozenset({"BlockEndToken", "FlowMappingEndToken", "FlowSequenceEndToken"})


@dataclass(frozen=True)
class Refusal:
    """Why a file is not parsed, and where (1-based)."""

    line: int
    column: int
    message: str
    fix: str | None = None  # the line from ``column`` on, as it should be


def read_limited(path: Path | str) -> bytes:
    """At most one byte more than the limit: enough to tell the file is too large
    without reading a 50 MB file into memory."""
    # os.read, not open(): no file object per file (half the time at 50,000 files).
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        left = MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def decode(raw: bytes) -> tuple[str | None, list[Refusal]]:
    """The file's text, or None and why it is refused."""
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024
        return None, [Refusal(1, 1, f"file is larger than {limit} KiB; an entry is a few lines")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_line_col(raw, exc.start)
        return None, [Refusal(line, col, "the file is not valid UTF-8")]
    found = []
    if text.startswith("\ufeff"):
        message = "a byte-order mark (U+FEFF) starts the file: save it as UTF-8 without BOM"
        " (paperbot fmt removes it)"
        found.append(Refusal(1, 1, message))
        text = text[1:]  # a BOM is one column wide nowhere: positions below count without it
    if _ANY_REFUSED.search(text) is not None:  # rare: say what, and where
        found += _first(
            text, _CR, "a carriage return (CR): save the file with LF line ends (paperbot fmt does)"
        )
        found += _tab(text)
        found += _first(text, _CONTROL, "control character {name}: remove it")
        found += _first(
            text,
            _BIDI,
            "bidirectional control {name}: it makes text display in another order "
            "than it is stored; remove it",
        )
    if found:
        return None, found
    deep = too_deep(text)
    return (None, [deep]) if deep else (text, [])


def repaired(raw: bytes) -> bytes:
    """The bytes with what ``paperbot fmt`` may fix without guessing: a leading BOM
    and CRLF or CR line ends."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in raw else raw


def too_deep(text: str) -> Refusal | None:
    """Where the text nests collections deeper than MAX_DEPTH, if it does."""
    message = f"nested more than {MAX_DEPTH} levels deep; an entry is flat data"
    if text.count("[") + text.count("{") > MAX_DEPTH:
        # Brackets counted as if none were quoted: a few too many for text that quotes
        # brackets, never too few. The YAML scanner is no help here: it looks ahead a
        # line for a possible key at every level, quadratic in the depth.
        depth = 0
        for match in _BRACKET.finditer(text):
            if match.group(0) in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return Refusal(*_line_col(text, match.start()), message)
            else:
                depth = max(0, depth - 1)
    if not _MAYBE_DEEP.search(text):
        return None
    from ruamel.yaml import YAML  # rarely needed: a replayed check never loads the parser
    from ruamel.yaml.error import YAMLError

    depth = 0
    try:
        # Block levels need the scanner (indentation decides), which is a loop, not a
        # recursion; flow levels are few by now.
        for token in YAML(typ="rt").scan(text):
            name = type(token).__name__
            if name in _CLOSES:
                depth -= 1
            elif name in _OPENS:
                depth += 1
                if depth > MAX_DEPTH:
                    mark = token.start_mark
                    return Refusal(mark.line + 1, mark.column + 1, message)
    except YAMLError:
        return None  # a syntax error: the parser reports it with its own words
    return None


def _tab(text: str) -> list[Refusal]:
    """The first tab, with its line written with spaces (as wide as makes the file read)."""
    found = _first(text, _TAB, "a tab character: YAML is indented with spaces only")
    if not found:
        return found
    from bot.files.yaml_mistakes import tab_fix  # the parser: only for a file with tabs

    first = found[0]
    fixed = tab_fix(text, first.line)
    # What comes before the first tab has none: the fix runs from the tab on.
    return [Refusal(first.line, first.column, first.message, fixed and fixed[first.column - 1 :])]


def _first(text: str, pattern: re.Pattern[str], message: str) -> list[Refusal]:
    match = pattern.search(text)
    if match is None:
        return []
    char = match.group(0)
    name = f"U+{ord(char):04X} ({_NAMES.get(char) or unicodedata.name(char, 'unnamed')})"
    more = sum(1 for _ in pattern.finditer(text)) - 1
    message = message.format(name=name) + (f" (and {more} more)" if more else "")
    line, col = _line_col(text, match.start())
    return [Refusal(line, col, message)]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    # Only LF ends a line here: the way git and GitHub number lines.
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


def _byte_line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1
