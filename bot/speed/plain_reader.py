"""A fast path for reading plain entries: libyaml's C parser, positions from its marks.

The round-trip parser (yamlio) is written in Python and takes milliseconds a file;
at 50,000 entries that is minutes. Most entries are plain data in the canonical
form, and for those the C parser's nodes give the same data and the same positions
in a tenth of the time. Anything else is not judged here: ``parse_plain`` returns
None and the caller takes the round-trip path, which owns every refusal (tags,
anchors, aliases, merge keys, duplicate keys, non-text keys, syntax errors) and its
message. So a diagnostic is always the round-trip path's, and this module only has
to be right about what it accepts: each refusal below errs towards None.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, VersionedResolver

from bot.files.yaml_numbers import whole_number
from bot.model.positions import Loc, Positions

try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # no compiler and no wheel for this platform: the round trip does it all
    CParser = None

# Where an anchor (&), alias (*) or tag (!) could start a node, a merge key (<<) or a
# directive (%YAML at a line's start) could stand: the C parser would accept these,
# or resolve them without a trace, so such files go to the round-trip path. The
# test is coarse on purpose ("x *y" in a note also matches): a false alarm costs
# milliseconds, a miss would let an alias bomb through. Only "&" or "*" before a
# space is let through ("A & B"): an anchor or alias needs a name, and a lone "!"
# is a tag of its own. A comment after a value that starts with a word ("Ranked #1") is
# refused by the round trip too.
_MARKUP = re.compile(r"(?:^|[\s\[\]{},:?-])(?:[&*](?=\S)|!)|<<|^%|\t|\S[ \t]+#[^\s#]", re.MULTILINE)
# What the round trip reads otherwise than a reader that splits lines at "\n" only, or
# than libyaml: characters outside YAML's printable set (the round trip refuses them),
# a tab (the round trip refuses one where a token starts, "key: \tvalue"),
# the line breaks of YAML 1.1 and str.splitlines (U+0085, U+2028, U+2029, CR, and
# VT, FF, U+001C-U+001E, which are also non-printable) and a BOM. ruamel.yaml folds
# U+2028 inside a plain scalar where libyaml ends the line: "title: A<U+2028>title_url:
# https://evil.example" was one key to the round trip and two here (issue 14).
ODD_CHARACTERS = re.compile(
    "[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)
_STR = "tag:yaml.org,2002:str"
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOLS["FALSE"] = False
# The YAML 1.2 rules the round-trip parser resolves plain scalars with.
_RESOLVER = VersionedResolver(version=(1, 2))
# First characters of a plain scalar that one of those rules may turn into a non-string.
_SPECIAL_FIRST = frozenset("-+.0123456789~nNtTfFyYoO<=")


class Bail(Exception):
    """Not plain data in a form this module vouches for: use the round-trip path."""


if CParser is not None:

    class _Parser(CParser, BaseResolver):  # type: ignore[misc]
        """libyaml's scanner, parser and composer; every scalar left as text to resolve here."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            BaseResolver.__init__(self, loadumper=self)


def parse_plain(text: str) -> tuple[dict[str, Any], Positions] | None:
    """The document as plain data with positions, or None to take the round-trip path."""
    if CParser is None or _MARKUP.search(text) or ODD_CHARACTERS.search(text):
        return None
    try:
        parser = _Parser(text)
        try:
            node = parser.get_single_node()
        finally:
            parser.dispose()
    except Exception:  # a syntax error: the round-trip path words it
        return None
    if not isinstance(node, MappingNode):
        return None  # empty, a list or a scalar: the loader explains what an entry is
    positions = Positions()
    positions.values[()] = _pos(node)
    try:
        data = _mapping(node, (), positions, set())
    except Bail:
        return None
    return data, positions


def _walk(node: Any, loc: Loc, positions: Positions, seen: set[int]) -> Any:
    if id(node) in seen:
        raise Bail  # one node reached twice is an alias (the prefilter should have caught it)
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, MappingNode):
        return _mapping(node, loc, positions, seen)
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            positions.values[(*loc, index)] = _pos(item)
            items.append(_walk(item, (*loc, index), positions, seen))
        return items
    raise Bail


def _mapping(node: MappingNode, loc: Loc, positions: Positions, seen: set[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.style:
            raise Bail  # complex or quoted keys: rare enough to leave to the round trip
        key = _scalar(key_node)
        if not isinstance(key, str) or key in out:
            raise Bail  # a non-text key or a duplicate: the round trip says which
        child = (*loc, key)
        line, col = _pos(key_node)
        positions.keys[child] = (line, col)
        value = _walk(value_node, child, positions, seen)
        # As the round trip does: an empty value is blamed on its key's line.
        positions.values[child] = (line, col + len(key) + 1) if value is None else _pos(value_node)
        out[key] = value
    return out


def _scalar(node: ScalarNode) -> Any:
    # Quoted or block scalars (a style is set; plain is "") are strings.
    return node.value if node.style else plain_scalar(node.value)


def plain_scalar(value: str) -> Any:
    """A plain scalar's value under the YAML 1.2 rules, or Bail when the round trip must
    decide (floats, octal, timestamps...)."""
    if value and value[0] not in _SPECIAL_FIRST:
        return value  # plain text that no rule can turn into anything but a string
    if len(value) > 5 and value[0].isalpha():
        return value  # letters resolve only as true/false/null (5 at most): "Training"
    if value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
        return whole_number(value)  # what the int rule and _INT give for a plain position: "42"
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    name = getattr(tag, "value", tag)
    if name == _STR:
        return value
    if name == "tag:yaml.org,2002:null":
        return None
    if name == "tag:yaml.org,2002:bool" and value in _BOOLS:
        return _BOOLS[value]
    if name == "tag:yaml.org,2002:int" and _INT.match(value):
        return whole_number(value)
    raise Bail  # floats, octal, timestamps...: the round trip's constructors decide


def _pos(node: Any) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)
