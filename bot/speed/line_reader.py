"""The canonical form of a paper entry, read line by line.

Nearly every paper file is exactly what ``paperbot fmt`` writes: top-level keys with
a one-line value, a flow list of one-line items, or a block list (indented two
spaces) of one-line items or of one-line ``key: value`` pairs. For such a file,
reading the lines is two to three times faster than libyaml's nodes
(bot/speed/plain_reader.py), whose cost is building a Python object per event and node.

The rule is the same as the plain reader's: this module must only be right about what it
accepts. Any line outside that form (another indentation, a multi-line scalar, an
escape in double quotes, a comment after a value, a document marker, a plain scalar
that starts with an indicator or holds ": " or " #") returns None, and the caller
takes the next path. Tests require the same data and positions as the C parser on
every file they accept.
"""

from __future__ import annotations

import re
from typing import Any

from bot.model.positions import Loc, Positions
from bot.speed.plain_reader import ODD_CHARACTERS, Bail, plain_scalar

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
# The three lines of the form, as one pattern (fullmatch): a top-level "key: value" or
# "key:", a list item "  - key: value", "  - key:" or "  - value", and the next pair of
# that item "    key: value" or "    key:". A value never starts with a space.
_LINE = re.compile(
    rf"(?P<key>{_KEY}):(?: (?P<value>[^ ].*))?"
    rf"|  - (?:(?P<item_key>{_KEY}):(?: (?P<item_value>[^ ].*))?|(?P<item>[^ ].*))"
    rf"|    (?P<pair_key>{_KEY}):(?: (?P<pair_value>[^ ].*))?"
)
# What a plain scalar may not be: starting with an indicator (or being something else,
# as "- x", "[x]", "&a", "'x"), holding ": " or " #", or ending with ":".
_NOT_PLAIN = re.compile(r"\A[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:\Z")
_FLOW_BRACKET = re.compile(r"[\[\]{}]")
_TEXT_KEYS: set[str] = set()  # keys seen to resolve as text (a handful: title, links...)


def parse_lines(text: str) -> tuple[dict[str, Any], Positions] | None:
    """The document as plain data with positions, or None when it is not in this form."""
    if ODD_CHARACTERS.search(text):  # line breaks split() does not see, and the like
        return None
    try:
        return _document(text.split("\n"))
    except Bail:
        return None


def _document(lines: list[str]) -> tuple[dict[str, Any], Positions]:
    data: dict[str, Any] = {}
    positions = Positions()
    values = positions.values
    seq: list[Any] | None = None  # the block list being read
    seq_key = ""  # the key a block list may follow (it ended with ":"), else ""
    item: dict[str, Any] | None = None  # the mapping item being read, in that list
    fullmatch = _LINE.fullmatch
    for number, line in enumerate(lines, 1):
        if not line or line[0] == "#":
            continue  # blank or comment lines belong to no value (no value spans lines here)
        if line[-1] == " ":
            raise Bail  # trailing spaces: let a real parser decide what they mean
        if line[0] == " " and line.lstrip()[0] == "#":
            continue
        match = fullmatch(line)
        if match is None:
            raise Bail  # any other indentation or structure
        key, value, item_key, item_value, plain_item, pair_key, pair_value = match.groups()
        if key is not None:
            seq, item, seq_key = None, None, ""
            if key in data:
                raise Bail  # a duplicate: the round trip says which
            _text_key(key)
            if not values:
                values[()] = (number, 1)
            positions.keys[(key,)] = (number, 1)
            if value is None:  # "links:": a block list may follow, or nothing (null)
                data[key] = None
                values[(key,)] = (number, len(key) + 2)
                seq_key = key
                continue
            column = len(key) + 3
            if value[0] == "[":
                data[key] = _flow(value, key, number, column, values)
            else:
                data[key] = _scalar(value)
            # As the other paths do: an empty value ("~", "null") is blamed on its key's line.
            values[(key,)] = (number, column if data[key] is not None else column - 1)
        elif pair_key is not None:
            if item is None or seq is None:
                raise Bail
            _pair(item, pair_key, pair_value, (seq_key, len(seq) - 1), number, positions)
        else:
            if seq is None:
                if not seq_key:
                    raise Bail
                seq = data[seq_key] = []
                values[(seq_key,)] = (number, 3)
            loc = (seq_key, len(seq))
            values[loc] = (number, 5)
            if plain_item is not None:
                item = None
                seq.append(_scalar(plain_item))
            else:
                item = {}
                seq.append(item)
                _pair(item, item_key, item_value, loc, number, positions)
    if not data:
        raise Bail
    return data, positions


def _text_key(key: str) -> None:
    if key not in _TEXT_KEYS:
        if not isinstance(plain_scalar(key), str):
            raise Bail  # "null:", "true:": not a text key
        _TEXT_KEYS.add(key)


def _pair(
    item: dict[str, Any],
    key: str,
    value: str | None,
    loc: tuple[str, int],
    number: int,
    positions: Positions,
) -> None:
    if key in item:
        raise Bail
    _text_key(key)
    child = (*loc, key)
    positions.keys[child] = (number, 5)
    if value is None:
        item[key] = None
        positions.values[child] = (number, 5 + len(key) + 1)
        return
    item[key] = _scalar(value)  # a "[" starts no plain scalar: no lists inside items
    positions.values[child] = (number, 5 + len(key) + (2 if item[key] is not None else 1))


def _scalar(text: str) -> Any:
    """A one-line scalar that makes up the rest of its line."""
    first = text[0]
    if first == "'":
        value, end = _quoted(text, 0)
        if end != len(text):
            raise Bail  # something after the closing quote
        return value
    if first == '"':
        # Without a backslash, a double-quoted scalar on one line is its text as written.
        if len(text) < 2 or text[-1] != '"' or '"' in text[1:-1] or "\\" in text:
            raise Bail
        return text[1:-1]
    if _NOT_PLAIN.search(text):
        raise Bail
    return plain_scalar(text)


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


def _flow(text: str, key: str, number: int, column: int, values: dict[Loc, Any]) -> list[Any]:
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
        values[(key, len(items))] = (number, column + at)
        if text[at] == "'":
            value, at = _quoted(text, at)
            items.append(value)
        else:
            comma = text.find(",", at, end)
            stop = end if comma < 0 else comma
            plain = text[at:stop]
            if (
                not plain
                or plain[-1] == " "
                or _NOT_PLAIN.search(plain)
                or _FLOW_BRACKET.search(plain)
            ):
                raise Bail
            items.append(plain_scalar(plain))
            at = stop
        if at == end:
            return items
        if not text.startswith(", ", at) or at + 2 >= end:
            raise Bail
        at += 2
