"""ruamel.yaml set up once: round-trip parsing with positions, and the canonical dumper."""

from __future__ import annotations

import io
import json
import re
import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.reader import ReaderError

from bot.files.yaml_mistakes import explain, second_item
from bot.files.yaml_numbers import LongIntConstructor
from bot.model.positions import Loc, Pos, Positions

_MERGE_KEY = re.compile(r"^[ \t]*(?:- +)*(<<)[ \t]*:", re.MULTILINE)
# "Ranked #1", "Track #2": after a space, '#' starts a comment and the rest of the line
# is no longer text. A comment written so ('#' and a word, no space) is nearly always text.
_HASH_AFTER_TEXT = re.compile(r"\S[ \t]+#[^\s#]")
_SHOWN = 60  # characters of a value quoted in a message


class YamlProblem(Exception):
    """A document that cannot be turned into plain data, with the place to blame."""

    def __init__(self, message: str, line: int, column: int, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.fix = fix  # what to write from that column to the end of its line, if known


def round_trip() -> YAML:
    """A parser and dumper that keeps comments and writes the canonical layout."""
    yaml = YAML(typ="rt")
    yaml.Constructor = LongIntConstructor  # a 5,000-digit position is a schema error
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long title over two lines
    yaml.preserve_quotes = False  # quoting is part of the canonical form
    return yaml


def parse(text: str) -> Any:
    """Parse one YAML document in round-trip mode; raise YamlProblem on bad syntax."""
    try:
        with warnings.catch_warnings():
            # A reused anchor is refused below, as every anchor is; no need to warn.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            doc = round_trip().load(text)
        merge = _MERGE_KEY.search(text) if "<<" in text else None
        if merge is not None:
            line = text.count("\n", 0, merge.start()) + 1
            column = merge.start(1) - (text.rfind("\n", 0, merge.start(1)) + 1) + 1
            raise YamlProblem("merge keys (<<) are not allowed in entries", line, column)
        if "!" in text:
            _refuse_explicit_tags(text)
        if _HASH_AFTER_TEXT.search(text):
            _refuse_swallowed_text(text)
    except MarkedYAMLError as exc:
        raise _problem(exc, text) from None
    except ReaderError as exc:
        # The input guard refuses these characters first; this keeps parse() total.
        at = min(max(exc.position, 0), len(text))
        line = text.count("\n", 0, at) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlProblem(
            f"a character YAML does not allow: {what}", line, at - text.rfind("\n", 0, at)
        ) from None
    except RecursionError:
        raise YamlProblem("nested too deeply to read", 1, 1) from None
    except TypeError:
        # A list or mapping as a key ("? - a", "[a]: b"): ruamel cannot hash it.
        line, column = _collection_key(text)
        raise YamlProblem("keys must be text, not a list or mapping", line, column) from None
    except (IndexError, ValueError):
        # ruamel reads "-_", "0x_" or "._" as a number and then fails to convert it.
        line, column = _unconvertible_scalar(text)
        message = "a value YAML reads as a number but cannot convert: put it in quotes"
        raise YamlProblem(message, line, column) from None
    return doc


def _unconvertible_scalar(text: str) -> Pos:
    """Where the first plain scalar stands that ruamel cannot construct on its own."""
    for event in YAML(typ="rt").parse(text):
        if type(event).__name__ == "ScalarEvent" and event.style is None:
            try:
                YAML(typ="rt").load(event.value)
            except (IndexError, ValueError):
                return (event.start_mark.line + 1, event.start_mark.column + 1)
            except YAMLError:
                continue
    return (1, 1)


def _collection_key(text: str) -> Pos:
    """Where the first list or mapping used as a mapping key starts."""
    expecting_key: list[bool | None] = []  # per open collection; None for a sequence
    for event in YAML(typ="rt").parse(text):
        kind = type(event).__name__
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            expecting_key.pop()
            kind = "ScalarEvent"  # the closed collection is one node of its parent
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            if expecting_key and expecting_key[-1]:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1)
            if expecting_key and expecting_key[-1] is False:
                expecting_key[-1] = True  # this collection is a value; the next node a key
            expecting_key.append(True if kind == "MappingStartEvent" else None)
            continue
        if (
            kind in ("ScalarEvent", "AliasEvent")
            and expecting_key
            and expecting_key[-1] is not None
        ):
            expecting_key[-1] = not expecting_key[-1]
    return (1, 1)


def _refuse_explicit_tags(text: str) -> None:
    # Core tags such as !!int leave no trace in the loaded data, so look at the events.
    for event in YAML(typ="rt").parse(text):
        if _explicit_tag(event):
            mark = event.start_mark
            raise YamlProblem(
                "YAML tags are not allowed in entries", mark.line + 1, mark.column + 1
            )


def _refuse_swallowed_text(text: str) -> None:
    lines = text.split("\n")
    for event in YAML(typ="rt").parse(text):
        if type(event).__name__ != "ScalarEvent" or event.style is not None:
            continue
        start, end = event.start_mark, event.end_mark
        rest = lines[end.line][end.column :] if end.line < len(lines) else ""
        found = re.match(r"[ \t]+(#[^\s#].*)$", rest)
        if found is None or start.line != end.line:
            continue
        whole = str(event.value) + rest[: found.end()].rstrip()
        written = flow_scalar(whole.strip())
        shown = written if len(written) <= _SHOWN else written[: _SHOWN - 4] + "...'"
        raise YamlProblem(
            f"'{found[1].split()[0]}' starts a comment here, so the rest of the line is not "
            f"part of the text: put the text in quotes: {shown}",
            start.line + 1,
            start.column + 1,
        )


def _explicit_tag(event: Any) -> bool:
    if getattr(event, "tag", None) is None:
        return False
    # Scalars carry (plain, quoted) flags, collections one flag: True means "not written".
    implicit = getattr(event, "implicit", False)
    return not any(implicit) if isinstance(implicit, tuple) else not implicit


def _merge_key_position(node: CommentedMap) -> Pos:
    # The merged-in keys have no position of their own; point at the mapping.
    lc = node.lc
    return (lc.line + 1, lc.col + 1) if lc.line is not None else (1, 1)


def dump(data: Any) -> str:
    stream = io.StringIO()
    round_trip().dump(data, stream)
    return stream.getvalue()


def flow_list(items: list[str]) -> str:
    """A list as one line of YAML that reads back as exactly these strings (for fixes)."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    text = dump(seq).strip()
    try:
        if to_plain(parse(text))[0] == items:
            return text
    except YamlProblem:
        pass
    return json.dumps(items, ensure_ascii=False)  # JSON is YAML too, and always reads back


def flow_scalar(value: str) -> str:
    """A string as YAML that reads back as exactly it, in a flow list or as a key's value."""
    return flow_list([value])[1:-1].strip()


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
        if getattr(node, "merge", None):
            line, col = _merge_key_position(node)
            raise YamlProblem("merge keys (<<) are not allowed in entries", line, col)
        out: dict[Any, Any] = {}
        for key in node:
            child = (*loc, key if isinstance(key, str | int) else str(key))
            line, col = node.lc.key(key)
            positions.keys[child] = (line + 1, col + 1)
            vline, vcol = node.lc.value(key)
            if node[key] is None:
                # "title:" with nothing after it: ruamel places the empty value at the
                # next token, often the next line; blame the key's own line instead.
                vline, vcol = line, col + len(str(key)) + 1
            positions.values[child] = (vline + 1, vcol + 1)
            if not isinstance(key, str):
                what = type(key).__name__
                what = "a list or mapping" if what.startswith("CommentedKey") else what
                raise YamlProblem(f"keys must be text, not {what}", line + 1, col + 1)
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


def _problem(exc: MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    if type(exc).__name__ == "DuplicateKeyError":
        first = exc.context_mark
        where = f" (first defined on line {first.line + 1})" if first is not None else ""
        key = problem.split('"')[1] if problem.count('"') >= 2 else ""
        item = second_item(text, line, key)
        if item is not None:
            return YamlProblem(item.message, item.line, item.column, item.fix)
        return YamlProblem(f"duplicate key {key!r}{where}", line, col)
    found = explain(text, exc)  # the parser's words, told as what to write
    if found is not None:
        return YamlProblem(found.message, found.line, found.column, found.fix)
    context = f" {exc.context.strip()}" if exc.context else ""
    return YamlProblem(f"invalid YAML: {problem}{context}", line, col)
