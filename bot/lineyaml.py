"""The canonical form of a paper entry, read line by line.

Nearly every paper file is exactly what ``paperbot fmt`` writes: top-level keys with
a one-line value, a flow list of one-line items, or a block list (indented two
spaces) of one-line items or of one-line ``key: value`` pairs. For such a file,
reading the lines is two to three times faster than libyaml's nodes (bot/fastyaml.py), whose
cost is building a Python object per event and node.

The rule is the same as fastyaml's: this module must only be right about what it
accepts. Any line outside that form (another indentation, a multi-line scalar, an
escape in double quotes, a comment after a value, a document marker, a plain scalar
that starts with an indicator or holds ": " or " #") returns None, and the caller
takes the next path. Tests require the same data and positions as the C parser on
every file they accept.
"""

from __future__ import annotations

import re
from typing import Any

from bot.fastyaml import Bail, plain_scalar
from bot.yamlio import Loc, Positions

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: |$)")
# Characters that may not start a plain scalar (or that make it something else).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Line breaks for libyaml (YAML 1.1) that str.split("\n") does not see, and a BOM.
_ODD = re.compile("[\u2028\u2029\ufeff]")
_TEXT_KEYS: set[str] = set()  # keys seen to resolve as text (a handful: title, links...)


def parse_lines(text: str) -> tuple[dict[str, Any], Positions] | None:
    """The document as plain data with positions, or None when it is not in this form."""
    if _ODD.search(text):
        return None
    try:
        return _document(text.split("\n"))
    except Bail:
        return None


def _document(lines: list[str]) -> tuple[dict[str, Any], Positions]:
    data: dict[str, Any] = {}
    positions = Positions()
    keys, values = positions.keys, positions.values
    seq: list[Any] | None = None  # the block list being read, and its key
    seq_key = ""
    item: dict[str, Any] | None = None  # the mapping item being read, in that list
    for number, line in enumerate(lines, 1):
        if not line or line.startswith("#") or (line.startswith(" ") and line.lstrip()[:1] in "#"):
            continue  # blank or comment lines belong to no value (no value spans lines here)
        if line[-1] == " ":
            raise Bail  # trailing spaces: let a real parser decide what they mean
        if line[0] != " ":  # a top-level key
            seq = item = None
            key, rest = _key(line)
            if key in data:
                raise Bail  # a duplicate: the round trip says which
            loc: Loc = (key,)
            if not values:
                values[()] = (number, 1)
            keys[loc] = (number, 1)
            if rest is None:  # "links:": a block list may follow, or nothing (null)
                data[key] = None
                values[loc] = (number, len(key) + 2)
                seq_key = key
                continue
            column = len(key) + 3
            if rest[0] == "[":
                data[key] = _flow(rest, loc, number, column, values)
            else:
                data[key] = _scalar(rest)
            # As the other paths do: an empty value ("~", "null") is blamed on its key's line.
            values[loc] = (number, column if data[key] is not None else column - 1)
            continue
        if line.startswith("  - "):  # an item of the block list under the last key
            if seq is None:
                if not seq_key or data[seq_key] is not None:
                    raise Bail
                seq = data[seq_key] = []
                values[(seq_key,)] = (number, 3)
            rest = line[4:]
            loc = (seq_key, len(seq))
            values[loc] = (number, 5)
            match = _KEY.match(rest)
            if match is None:
                item = None
                seq.append(_scalar(rest))
                continue
            item = {}
            seq.append(item)
            _pair(item, rest, loc, number, 5, positions)
            continue
        if line.startswith("    ") and item is not None and line[4] != " ":
            _pair(item, line[4:], (seq_key, len(seq or ()) - 1), number, 5, positions)
            continue
        raise Bail  # any other indentation or structure
    if not data:
        raise Bail
    return data, positions


def _key(line: str) -> tuple[str, str | None]:
    """The key and the text after ": " (None when nothing follows the colon)."""
    match = _KEY.match(line)
    if match is None:
        raise Bail
    key = match.group(1)
    if key not in _TEXT_KEYS:
        if not isinstance(plain_scalar(key), str):
            raise Bail  # "null:", "true:": not a text key
        _TEXT_KEYS.add(key)
    rest = line[match.end() :]
    if match.group(0).endswith(" "):
        if not rest or rest[0] == " ":
            raise Bail
        return key, rest
    return key, None


def _pair(
    item: dict[str, Any], text: str, loc: Loc, number: int, column: int, positions: Positions
) -> None:
    key, rest = _key(text)
    if key in item:
        raise Bail
    child = (*loc, key)
    positions.keys[child] = (number, column)
    if rest is None:
        item[key] = None
        positions.values[child] = (number, column + len(key) + 1)
        return
    if rest[0] == "[":
        raise Bail  # lists inside list items are not in this form
    item[key] = _scalar(rest)
    positions.values[child] = (number, column + len(key) + (2 if item[key] is not None else 1))


def _scalar(text: str) -> Any:
    """A one-line scalar that makes up the rest of its line."""
    if text[0] == "'":
        value, end = _quoted(text, 0)
        if end != len(text):
            raise Bail  # something after the closing quote
        return value
    if text[0] == '"':
        # Without a backslash, a double-quoted scalar on one line is its text as written.
        if len(text) < 2 or text[-1] != '"' or '"' in text[1:-1] or "\\" in text:
            raise Bail
        return text[1:-1]
    return plain_scalar(_plain(text))


def _plain(text: str) -> str:
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        raise Bail
    return text


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A single-quoted scalar starting at ``start``: its value and the index past it."""
    parts = []
    at = start + 1
    while True:
        end = text.find("'", at)
        if end < 0:
            raise Bail  # it goes on to another line
        parts.append(text[at:end])
        if text.startswith("''", end):
            parts.append("'")
            at = end + 2
            continue
        return "".join(parts), end + 1


def _flow(text: str, loc: Loc, number: int, column: int, values: dict[Loc, Any]) -> list[Any]:
    """A one-line flow list ``[a, 'b c']`` of scalars, with each item's position."""
    if text == "[]":
        return []
    if text[-1] != "]":
        raise Bail
    items: list[Any] = []
    at = 1
    end = len(text) - 1
    while True:
        if text[at] == " ":
            raise Bail  # spacing other than the canonical ", "
        values[(*loc, len(items))] = (number, column + at)
        if text[at] == "'":
            value, at = _quoted(text, at)
            items.append(value)
        else:
            comma = text.find(",", at, end)
            stop = end if comma < 0 else comma
            plain = text[at:stop]
            if not plain or plain[-1] == " " or any(c in plain for c in "[]{}"):
                raise Bail
            items.append(plain_scalar(_plain(plain)))
            at = stop
        if at == end:
            return items
        if not text.startswith(", ", at) or at + 2 >= end:
            raise Bail
        at += 2
