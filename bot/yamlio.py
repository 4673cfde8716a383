"""ruamel.yaml set up once: round-trip parsing with positions, and the canonical dumper."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError

Loc = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line and column


class YamlProblem(Exception):
    """A document that cannot be turned into plain data, with the place to blame."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Positions:
    """Where each key and value of a document stands, by its path in the data."""

    keys: dict[Loc, Pos] = field(default_factory=dict)
    values: dict[Loc, Pos] = field(default_factory=dict)

    def of_value(self, loc: Loc) -> Pos:
        return self._nearest(self.values, loc)

    def of_key(self, loc: Loc) -> Pos:
        return self.keys.get(loc) or self.of_value(loc)

    def _nearest(self, table: dict[Loc, Pos], loc: Loc) -> Pos:
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)


def round_trip() -> YAML:
    """A parser and dumper that keeps comments and writes the canonical layout."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long title over two lines
    yaml.preserve_quotes = False  # quoting is part of the canonical form
    return yaml


def parse(text: str) -> Any:
    """Parse one YAML document in round-trip mode; raise YamlProblem on bad syntax."""
    try:
        return round_trip().load(text)
    except MarkedYAMLError as exc:
        raise _problem(exc) from None


def dump(data: Any) -> str:
    stream = io.StringIO()
    round_trip().dump(data, stream)
    return stream.getvalue()


def to_plain(doc: Any) -> tuple[Any, Positions]:
    """Turn a round-trip document into plain dicts/lists/scalars and record positions.

    Anchors, aliases and tags are refused: entries are plain data, and refusing
    aliases keeps an alias bomb from expanding here.
    """
    positions = Positions()
    positions.values[()] = _start(doc)
    return _walk(doc, (), positions), positions


def _walk(node: Any, loc: Loc, positions: Positions) -> Any:
    _refuse_markup(node, positions.of_value(loc))
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key in node:
            child = (*loc, key if isinstance(key, str | int) else str(key))
            line, col = node.lc.key(key)
            positions.keys[child] = (line + 1, col + 1)
            vline, vcol = node.lc.value(key)
            positions.values[child] = (vline + 1, vcol + 1)
            if not isinstance(key, str):
                raise YamlProblem(f"keys must be text, not {type(key).__name__}", line + 1, col + 1)
            out[key] = _walk(node[key], child, positions)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            line, col = node.lc.item(index)
            positions.values[(*loc, index)] = (line + 1, col + 1)
            items.append(_walk(item, (*loc, index), positions))
        return items
    return _scalar(node)


def _scalar(node: Any) -> Any:
    # ruamel returns subclasses (ScalarInt, ScalarBoolean, ScalarFloat, string
    # subclasses); plain types keep pydantic's strict mode honest.
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def _refuse_markup(node: Any, pos: Pos) -> None:
    if isinstance(node, TaggedScalar) or _tag_of(node):
        raise YamlProblem("YAML tags are not allowed in entries", *pos)
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None):
        raise YamlProblem("YAML anchors and aliases are not allowed in entries", *pos)


def _tag_of(node: Any) -> str | None:
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", None) if tag is not None else None
    return value if isinstance(value, str) and value.startswith("!") else None


def _start(doc: Any) -> Pos:
    lc = getattr(doc, "lc", None)
    if lc is not None and lc.line is not None:
        return (lc.line + 1, lc.col + 1)
    return (1, 1)


def _problem(exc: MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    if type(exc).__name__ == "DuplicateKeyError":
        first = exc.context_mark
        where = f" (first defined on line {first.line + 1})" if first is not None else ""
        key = problem.split('"')[1] if problem.count('"') >= 2 else ""
        return YamlProblem(f"duplicate key {key!r}{where}", line, col)
    context = f" {exc.context.strip()}" if exc.context else ""
    return YamlProblem(f"invalid YAML: {problem}{context}", line, col)
