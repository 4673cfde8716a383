"""The few fields of a canonical paper file the corpus-wide checks compare, read by one pattern.

A pull request loads the files it changed in full; every other paper is only compared
with them, by its row of the key table (bot/checks/key_table.py): its title, category,
position and links. Without a paper index to answer for such a file
(bot/speed/paper_index.py: the first pull request after paperbot changed, or no
cache at all), reading it in full (the line reader, validation of every field, then
the keys) cost a 50,000-paper pull request most of its time. This module reads a
file in the canonical form ``paperbot fmt`` writes with one match of one pattern,
and takes the four fields from its groups.

The rule is the fast readers' (bot/speed/line_reader.py): only be right about what it
accepts. It accepts a file only when loading it in full would give a paper with these
very four fields, no value of theirs left out: the input guard passes it; every line
is one the line reader reads the same as the round trip (top-level keys in the
model's order, each once; only a comment on top); each of the four values is text
(or a whole number) that the model's own validators accept. Anything else returns
None and the file is loaded in full. A value of the other fields the schema refuses
(an affiliation too long) does not matter here: the loader leaves such a value out
and keeps the rest (bot/files/partial_load.py), and reports it only on the files a
pull request changed. Tests hold the result to the full load's on every file they
accept (tests/speed/test_key_reader.py).
"""

from __future__ import annotations

import re
from typing import Any

from bot.files.input_guard import MAX_DEPTH, MAX_FILE_BYTES, decode
from bot.model.entries import MAX_POSITION, check_one_line, check_url
from bot.speed.line_reader import parse_lines
from bot.speed.plain_reader import ODD_CHARACTERS

# title, category, position, links (kind, url)
Fields = tuple[str, list[str], int | None, list[tuple[str, str]]]

_LINE_MAX = 500  # a Line's max_length (tests/speed/test_key_reader.py pins the model's)

# A plain scalar that makes up the rest of its line and resolves to text (the line
# reader's _NOT_PLAIN and plain_scalar): its first character is no indicator and no
# character a YAML 1.2 rule could make a number, null or boolean of ("-+.0-9~" and
# the first letters of null, true, false, yes, no, on, off), or such a letter with
# five characters after it; then no ": ", no " #", no trailing space or colon.
_SPECIAL = "nNtTfFyYoO"
_PLAIN = (
    rf"(?:[^-?:,\[\]{{}}#&*!|>'\"%@`\n +.0-9~<={_SPECIAL}]|[{_SPECIAL}](?=[^\n]{{5}}))"
    r"(?:[^\n: ]++|:(?=[^ \n])| (?=[^#\n]))*+"
)
# The same in a flow list ("[a, b]"), where an item also ends at "," and holds no bracket.
_FLOW_PLAIN = (
    rf"(?:[^-?:,\[\]{{}}#&*!|>'\"%@`\n +.0-9~<={_SPECIAL}]|[{_SPECIAL}](?=[^\n,\[\]{{}}]{{5}}))"
    r"(?:[^\n:, \[\]{}]++|:(?=[^ \n,\]])| (?=[^#\n,\]]))*+"
)
_SINGLE = r"'(?:[^'\n]++|'')*+'"
_DOUBLE = r'"[^"\\\n]*+"'  # without a backslash, its text as written
_SCALAR = f"(?:{_PLAIN}|{_SINGLE}|{_DOUBLE})"
_ITEM = f"(?:{_FLOW_PLAIN}|{_SINGLE})"
# At most nine digits, so below MAX_POSITION: any other number is read in full.
_WHOLE = r"(?:0|[1-9][0-9]{0,8})"
_BLOCK = rf"(?:  - {_SCALAR}\n)*+"

_PAPER = re.compile(
    rf"(?:#[^\n]*+\n)*+"
    rf"title: (?P<title>{_SCALAR})\n"
    rf"category: \[(?P<category>{_ITEM}(?:, {_ITEM})*)\]\n"
    rf"(?:position: (?P<position>{_WHOLE})\n)?"
    rf"(?:links:\n(?P<links>(?:  - kind: {_SCALAR}\n    url: {_SCALAR}\n)++))?"
    rf"(?:title_url: {_SCALAR}\n)?"
    rf"(?:suffix: {_SCALAR}\n)?"
    rf"(?:affiliations:\n{_BLOCK})?"
    rf"(?:awards:\n{_BLOCK})?"
    rf"(?:notes:\n{_BLOCK})?"
    rf"(?:blank_before: {_WHOLE}\n)?"
)
_ITEMS = re.compile(_ITEM)
_PRINTABLE_ASCII = bytes([0x0A, *range(0x20, 0x7F)])


def read_fields(raw: bytes) -> Fields | None:
    """The paper's title, category, position and links, or None to load it in full."""
    text = _text(raw)
    if text is None:
        return None
    match = _PAPER.fullmatch(text)
    if match is None:
        # Another form the line reader still reads (a note that starts with a digit, a
        # comment between keys): its data, at a few times the cost of the pattern.
        found = parse_lines(text)
        return None if found is None else _from_data(found[0])
    title, category, position, links = match.group("title", "category", "position", "links")
    # Without a quote, no item holds ", " (a plain item ends at ","): split, not matched again.
    items = _ITEMS.findall(category) if "'" in category else category.split(", ")
    # "  - kind: X" and "    url: Y" by turns, as the pattern matched them.
    lines = links.split("\n") if links else []
    try:
        return (
            _line(_value(title)),
            [_line(_value(item)) for item in items],
            None if position is None else int(position),
            [
                (_line(_value(kind[10:])), check_url(_value(url[9:])))
                for kind, url in zip(lines[0:-1:2], lines[1::2], strict=True)
            ],
        )
    except ValueError:  # a value the model refuses: the loader tells what
        return None


def _from_data(data: dict[str, Any]) -> Fields | None:
    """The four fields of a paper's plain data, when the model takes each as it is (a
    key the model does not know is left out by the loader, as a value of another field
    it refuses)."""
    title, category = data.get("title"), data.get("category")
    position, links = data.get("position"), data.get("links", [])
    if (
        not isinstance(title, str)
        or not isinstance(category, list)
        or not category
        or not all(isinstance(item, str) for item in category)
        # strict: a boolean is no number here
        or not (position is None or (type(position) is int and 0 <= position <= MAX_POSITION))
        or not isinstance(links, list)
        or not all(_is_link(link) for link in links)
    ):
        return None
    try:
        return (
            _line(title),
            [_line(item) for item in category],
            position,
            [(_line(link["kind"]), check_url(link["url"])) for link in links],
        )
    except ValueError:
        return None


def _is_link(link: Any) -> bool:
    return (
        isinstance(link, dict)
        and link.keys() == {"kind", "url"}
        and isinstance(link["kind"], str)
        and isinstance(link["url"], str)
    )


def _text(raw: bytes) -> str | None:
    if not raw.translate(None, _PRINTABLE_ASCII):
        # Printable ASCII and line feeds only: what decode() could still refuse is too
        # many bytes, or brackets enough that they might nest too deep.
        if len(raw) > MAX_FILE_BYTES or raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
            return None
        return raw.decode("ascii")
    text, refused = decode(raw)
    if text is None or refused or ODD_CHARACTERS.search(text):
        return None
    return text


def _value(scalar: str) -> str:
    first = scalar[0]
    if first == "'":
        return scalar[1:-1].replace("''", "'")
    if first == '"':
        return scalar[1:-1]
    return scalar


def _line(value: str) -> str:
    """A Line as the model validates one: its validator, and its length."""
    if len(value) > _LINE_MAX:
        raise ValueError("too long")
    return check_one_line(value)
