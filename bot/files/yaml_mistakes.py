"""The YAML parser's errors, told as what to do about the line.

The parser says where it gave up ("mapping values are not allowed here", "expected
<block end>, but found '<block mapping start>'"), which is rarely where the writer went
wrong, and never what to write instead. Each function here recognises one mistake from
the text around that place, and says what to write: quote a value that holds ': ' or
starts with a character YAML reserves, indent a line like its siblings, close a quote
or a bracket, double an apostrophe, put a list under a key of its own.

A fix is the exact replacement for what starts at the reported column and runs to the
end of its line (or to a comment): a value, or a whole line at column 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from bot.text.yaml_scalars import quoted_end

# One line of an entry: its indentation, list markers, a key, and its value as written.
_LINE = re.compile(
    r"^(?P<indent> *)(?P<dashes>(?:- +)*)"
    r"(?:(?P<key>[A-Za-z_][\w-]*)(?P<colon>: +|:$))?(?P<value>.*)$"
)
_COMMENT = re.compile(r" +#.*$")
_MAPPING_VALUES = "mapping values are not allowed here"
_CURLY = {"\u2018": "\u2019", "\u201c": "\u201d"}  # what a word processor makes of ' and "
# Keys that only sit inside a list item (a link's), never at an entry's top level.
_NESTED_KEYS = frozenset({"kind", "url"})
# Keys whose value is one text: a bracket that starts it is text, not a list.
_TEXT_KEYS = frozenset({"title", "kind", "url", "title_url", "suffix", "name", "doi"})
# A key of an entry after a value on the same line ("Paper url: https://...").
_ANOTHER_KEY = re.compile(
    r" (url|kind|title|category|position|links|affiliations|awards|notes|title_url|suffix|doi"
    r"|authors): "
)
_QUOTES = "'\""
_RESERVED = "`@%*&!|>"  # YAML reserves these at a plain value's start
_SHOWN = 100  # characters of a line quoted in a message


class Mistake(NamedTuple):
    message: str
    line: int  # 1-based
    column: int  # 1-based
    fix: str | None


def explain(text: str, exc: MarkedYAMLError) -> Mistake | None:
    """What the writer most likely got wrong, or None to keep the parser's words."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    if mark is None or not lines:
        return None
    number = min(mark.line, len(lines) - 1)
    problem = (exc.problem or "").strip()
    for explainer in _EXPLAINERS:
        found = explainer(lines, number, mark.column, problem, exc)
        if found is not None:
            return found
    return None


Explainer = Callable[[list[str], int, int, str, MarkedYAMLError], "Mistake | None"]


def _unclosed_quote(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """A value opens a quote its line does not close (nothing in an entry spans lines)."""
    for index in range(0, min(number + 1, len(lines))):
        parts = _LINE.match(lines[index])
        if parts is None:
            continue
        value = parts["value"]
        if not value or value[0] not in _QUOTES or quoted_end(value, 0, value[0]) is not None:
            continue
        inner = value[1:].rstrip()
        start = parts.start("value") + 1
        plain = value[0] not in inner and (value[0] == "'" or "\\" not in inner)
        fix = value[0] + inner + value[0] if plain else _quoted(inner)
        what = "a quote" if value[0] == "'" else "a double quote"
        shown = _show(lines[index], start, fix)
        message = f"{what} opens this value and is not closed on its line: {shown}"
        return Mistake(message, index + 1, start, fix)
    return None


def _unclosed_bracket(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """A flow list or mapping its line does not close."""
    context = exc.context_mark
    if context is None or "flow" not in (exc.context or ""):
        return None
    line = lines[context.line] if context.line < len(lines) else ""
    opener = line[context.column : context.column + 1]
    closer = {"[": "]", "{": "}"}.get(opener)
    if closer is None or closer in line[context.column :]:
        return None
    value = _COMMENT.sub("", line[context.column :]).rstrip().rstrip(",")
    parts = _LINE.match(line)
    key = parts["key"] if parts is not None else None
    if key in _TEXT_KEYS:  # title: [Quill] ...: text that starts with a bracket
        fix = _quoted(value)
        message = (
            f"a value that starts with {opener} must be in quotes: "
            f"{_show(line, context.column + 1, fix)}"
        )
        return Mistake(message, context.line + 1, context.column + 1, fix)
    fix = value + closer
    what = "list" if opener == "[" else "mapping"
    message = (
        f"the {what} opened with '{opener}' is not closed on its line: end it with "
        f"'{closer}': {_show(line, context.column + 1, fix)}"
    )
    return Mistake(message, context.line + 1, context.column + 1, fix)


def _inline_list(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """``notes: - Halves latency``: a block list cannot start on its key's line."""
    if problem != "sequence entries are not allowed here":
        return None
    parts = _LINE.match(lines[number])
    if parts is None or not parts["key"] or not parts["value"].startswith("- "):
        return None
    item = _COMMENT.sub("", parts["value"][2:]).strip()
    fix = _flow_list([item])
    key = parts["key"]
    message = (
        f"a list does not start on its key's line: write {key}: {fix}, or each '- ' item on "
        f"a line of its own under {key}:"
    )
    return Mistake(message, number + 1, parts.start("value") + 1, fix)


def _unquoted_colon(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """``title: System: what it does``: a plain value with ': ' in it."""
    if problem != _MAPPING_VALUES:
        return None
    parts = _LINE.match(lines[number])
    if parts is None or not parts["value"] or parts["value"][0] in _QUOTES + "[{":
        return None
    start = parts.start("value")
    if column < start:
        return None  # the key's own colon: this line is indented into the value above
    value = _COMMENT.sub("", parts["value"]).rstrip()
    key = parts["key"]
    another = _ANOTHER_KEY.search(value)
    if another is not None:  # "kind: Paper url: https://...": two keys on one line
        message = (
            f"{another[1]}: starts a key of its own: put it on the next line, indented like "
            f"{key or 'the key before it'}:"
        )
        return Mistake(message, number + 1, start + another.start(1) + 1, None)
    curly = _CURLY.get(value[:1])
    if curly is not None and value.endswith(curly) and len(value) > 1:
        fix = _quoted(value[1:-1])  # U+2018 typed for a quote: YAML quotes are straight
        message = f"curly quotes are text, not YAML quotes: {_show(lines[number], start + 1, fix)}"
        return Mistake(message, number + 1, start + 1, fix)
    fix = _quoted(value)
    what = "a title" if key == "title" else "a list item" if not key else "a value"
    message = f"{what} containing ': ' must be in quotes: {_show(lines[number], start + 1, fix)}"
    return Mistake(message, number + 1, start + 1, fix)


def _quotes_end_early(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """Text after a quoted or bracketed value: an apostrophe inside single quotes
    ('Store's'), a double quote inside double quotes, or '[Quill] A Store'."""
    if not problem.endswith("but found '<scalar>'") and problem != _MAPPING_VALUES:
        return None
    parts = _LINE.match(lines[number])
    if parts is None:
        return None
    value = _COMMENT.sub("", parts["value"]).rstrip()
    opener = value[:1]
    if not value or opener not in _QUOTES + "[{" or column <= parts.start("value"):
        return None
    start = parts.start("value") + 1
    if opener == "'" and value.endswith("'") and len(value) > 1:
        inner = value[1:-1].replace("''", "'")
        fix = "'" + inner.replace("'", "''") + "'"
        what = "a ' inside a value in single quotes is written twice"
    elif opener == '"' and value.endswith('"') and len(value) > 1:
        fix = _quoted(value[1:-1])
        what = 'a " inside a value in double quotes ends it'
    else:
        fix = _quoted(value)
        what = f"a value that starts with {opener} must be in quotes as a whole"
    return Mistake(f"{what}: {_show(lines[number], start, fix)}", number + 1, start, fix)


def _reserved_start(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """A plain value starting with a character YAML reserves: '`code`', '@Scale', '*'."""
    if not ("cannot start any token" in problem or "undefined alias" in problem):
        return None
    parts = _LINE.match(lines[number])
    if parts is None:
        return None
    value = _COMMENT.sub("", parts["value"]).rstrip()
    if not value or value[0] not in _RESERVED:
        return None
    fix = _quoted(value)
    start = parts.start("value") + 1
    message = (
        f"a value that starts with {value[0]} must be in quotes: {_show(lines[number], start, fix)}"
    )
    return Mistake(message, number + 1, start, fix)


def _indentation(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """A line indented unlike its siblings: the nearest indentation that reads."""
    if not (problem.startswith("expected <block end>") or problem.startswith("mapping values")):
        return None
    line = lines[number]
    stripped = line.lstrip(" ")
    current = len(line) - len(stripped)
    if not stripped:
        return None
    # The nearest indentation first, the deeper of two as near (it keeps the line inside
    # the structure it follows); a link's keys never at the top.
    nested = _LINE.match(stripped)
    inner = nested is not None and nested["key"] in _NESTED_KEYS and not nested["dashes"]
    candidates = sorted(
        (n for n in range(1 if inner else 0, current + 5) if n != current),
        key=lambda n: (abs(n - current), -n),
    )
    for indent in candidates:
        trial = [*lines[:number], " " * indent + stripped, *lines[number + 1 :]]
        if _reads(trial, number):
            fix = " " * indent + _COMMENT.sub("", stripped).rstrip()
            spaces = f"{current} space{'s' if current != 1 else ''}"
            message = (
                f"this line is indented {spaces}; {_siblings(lines, number, indent, stripped)}"
            )
            return Mistake(message, number + 1, 1, fix)
    return None


def _siblings(lines: list[str], number: int, indent: int, stripped: str) -> str:
    """What else sits at ``indent`` here, in words."""
    if stripped.startswith("- "):
        parent = _parent_key(lines, number, indent)
        where = f"under {parent}: " if parent else ""
        return f"list items {where}are indented {indent}"
    if indent == 0:
        return "top-level keys such as title: are not indented"
    for index in range(number - 1, -1, -1):
        parts = _LINE.match(lines[index])
        if parts is None or not lines[index].strip() or lines[index].lstrip().startswith("#"):
            continue
        key_at = len(parts["indent"]) + len(parts["dashes"])
        if parts["key"] and key_at == indent:
            return f"{parts['key']}: on line {index + 1}, beside it, is indented {indent}"
        if key_at < indent:
            break
    return f"the keys beside it are indented {indent}"


def _parent_key(lines: list[str], number: int, indent: int) -> str | None:
    for index in range(number - 1, -1, -1):
        text = lines[index]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        parts = _LINE.match(text)
        if parts is not None and len(parts["indent"]) < indent and not parts["dashes"]:
            return parts["key"]
    return None


def _list_under_a_value(
    lines: list[str], number: int, column: int, problem: str, exc: MarkedYAMLError
) -> Mistake | None:
    """``notes: Fast`` and then ``- more``: a list under a key that has a value already."""
    if not problem.startswith("expected <block end>") or not lines[number].lstrip().startswith("-"):
        return None
    for index in range(number - 1, -1, -1):
        text = lines[index]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        parts = _LINE.match(text)
        if parts is None or not parts["key"] or not parts["value"].strip():
            return None
        key = parts["key"]
        message = (
            f"this list item follows {key}: on line {index + 1}, which has a value already: "
            f"a list goes under a key with nothing after its colon ({key}:, then '- ' items)"
        )
        item = lines[number]
        return Mistake(message, number + 1, len(item) - len(item.lstrip()) + 1, None)
    return None


def _reads(lines: list[str], number: int) -> bool:
    """Whether ``lines`` read up to past line ``number`` (0-based), with a node of its own
    starting on that line (not text folded into the value above)."""
    starts = False
    try:
        for event in YAML(typ="rt").parse("\n".join(lines)):
            mark = event.start_mark
            if mark.line == number and type(event).__name__ != "MappingEndEvent":
                starts = True
            if mark.line > number:
                break
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return starts and mark is not None and mark.line > number
    except YAMLError:
        return False
    return starts


def _quoted(value: str) -> str:
    from bot.files.yaml_roundtrip import flow_scalar  # the one writer of quoted values

    return flow_scalar(value)


def _flow_list(items: list[str]) -> str:
    from bot.files.yaml_roundtrip import flow_list

    return flow_list(items)


def _show(line: str, column: int, fix: str) -> str:
    """The line with ``fix`` written at ``column``, as a contributor would write it."""
    shown = (line[: column - 1] + fix).strip()
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."


# Most specific first: an unclosed quote explains every error after it.
_EXPLAINERS: tuple[Explainer, ...] = (
    _unclosed_quote,
    _unclosed_bracket,
    _inline_list,
    _unquoted_colon,
    _quotes_end_early,
    _reserved_start,
    _indentation,
    _list_under_a_value,
)


def tab_fix(text: str, line: int) -> str | None:
    """Line ``line`` (1-based) of ``text`` with its tabs as spaces: leading tabs as wide as
    makes the whole text read (2 per tab, else 4, 1, 3), the others as one space."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    for width in (2, 4, 1, 3):
        spaced = [_untab(each, width) for each in lines]
        if _first_error(spaced) is None:
            return spaced[line - 1]
    return _untab(lines[line - 1], 2)


def _untab(line: str, width: int) -> str:
    body = line.lstrip("\t ")
    lead = line[: len(line) - len(body)].replace("\t", " " * width)
    return lead + body.replace("\t", " ")


def _first_error(lines: list[str]) -> int | None:
    try:
        for _ in YAML(typ="rt").parse("\n".join(lines)):
            pass
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark is not None else 0
    except YAMLError:
        return 0
    return None


def second_item(text: str, line: int, key: str) -> Mistake | None:
    """A key that repeats where a new list item was meant: ``kind:`` again without its
    ``- `` (a second link written under the first)."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    here = lines[line - 1]
    parts = _LINE.match(here)
    if parts is None or parts["dashes"] or parts["key"] != key:
        return None
    indent = len(parts["indent"])
    for index in range(line - 2, -1, -1):
        above = _LINE.match(lines[index])
        if above is None or not lines[index].strip():
            continue
        dash_at = len(above["indent"])
        if above["dashes"] and above["key"] == key and dash_at + len(above["dashes"]) == indent:
            fix = " " * dash_at + above["dashes"] + here.lstrip(" ")
            message = (
                f"{key}: again, in the same item: a new item of the list starts with '- ', "
                f"as on line {index + 1}"
            )
            return Mistake(message, line, 1, _COMMENT.sub("", fix).rstrip())
        if len(above["indent"]) < indent - 2:
            break
    return None
