"""The one canonical YAML form of an entry, written with comments kept.

Keys follow the model's field order, empty optional keys are dropped (unless a
comment hangs on them), a paper's category is a flow list, everything else is
block style, and quoting is whatever the dumper needs (never a matter of taste).
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from bot.files.yaml_roundtrip import YamlProblem, dump, parse, to_plain
from bot.model.config import Config
from bot.model.entries import Glossary, Paper, Venue, model_in

SCHEMA_OF: dict[type[BaseModel], str] = {
    Paper: "paper.schema.json",
    Venue: "venue.schema.json",
    Glossary: "glossary.schema.json",
    Config: "config.schema.json",
}
_FLOW = {(Paper, "category")}
_MARK = CommentMark(0)
MODELINE = "# yaml-language-server: $schema="


def modeline(model: type[BaseModel], depth: int) -> str:
    """The comment that gives editors completion; ``depth`` is folders below the root."""
    return f"{MODELINE}{'../' * depth}schema/{SCHEMA_OF[model]}"


def canonical_text(doc: Any, model: type[BaseModel], depth: int) -> str:
    """Canonical text for a parsed document (round-trip or plain) that validates as ``model``."""
    root = _root(doc, model)
    text = dump(root)
    if not _reads_back(text, root):
        # The emitter writes some plain scalars into flow lists that read back as
        # something else ("[?a]" is a mapping), or not at all ("?`"): block style
        # first, and if even that fails, every string double-quoted.
        _block_style(root)
        text = dump(root)
        if not _reads_back(text, root):
            _quote_strings(root)
            text = dump(root)
    lines = text.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].startswith("#"):
        head += 1
    # One modeline, on top: drop any other among the leading comments.
    lines = [line for line in lines[:head] if not line.startswith(MODELINE)] + lines[head:]
    return modeline(model, depth) + "\n" + "".join(lines)


def model_text(instance: BaseModel, depth: int) -> str:
    """Canonical text for a model built in code (import, add)."""
    data = instance.model_dump(exclude_defaults=True)
    return canonical_text(data, type(instance), depth)


def _mapping(node: Any, model: type[BaseModel], root: bool = False) -> CommentedMap:
    out = CommentedMap()
    comments = getattr(node, "ca", None)
    if comments is not None:
        out.ca.comment = comments.comment
        out.ca.end = comments.end
    order = list(model.model_fields)
    original = list(node)
    keys = sorted(original, key=lambda k: order.index(k) if k in order else len(order))
    kept = [
        k
        for k in keys
        if not _empty(node[k])
        or _token(comments, k) is not None
        or _empty_is_data(model, k, node[k])
    ]
    for key in kept:
        field = model.model_fields.get(key)
        out[key] = _value(node[key], field.annotation if field else None, (model, key))
    if comments is not None:
        _reattach(comments, original, kept, out, root)
    return out


def _root(node: Any, model: type[BaseModel]) -> CommentedMap:
    """The document's mapping; comments that led into a key that is now first go on top."""
    out = _mapping(node, model, root=True)
    first = next(iter(node), None)
    if first is None or first == next(iter(out), None):
        return out
    above = _displaced(node.ca if hasattr(node, "ca") else None, list(node), next(iter(out)))
    if above:
        head = out.ca.comment or [None, []]
        head[1] = [*(head[1] or []), CommentToken(above, _MARK, None)]
        out.ca.comment = head
    return out


def _reattach(
    comments: Any, original: list[Any], kept: list[Any], out: CommentedMap, root: bool
) -> None:
    """Move comments with the keys they describe when keys are reordered.

    ruamel.yaml stores the full-line comments above a key on the token of the key
    before it, so a plain reorder would move them with the wrong key. Split each
    token into its end-of-line part and the lines that lead into the next key,
    then put the leading lines back in front of that same key.
    """
    eol: dict[Any, str] = {}
    lead: dict[Any, str] = {}
    trailing = ""
    for index, key in enumerate(original):
        token = _token(comments, key)
        own, rest = _split(token.value) if token is not None else ("", "")
        eol[key] = own
        if index + 1 < len(original):
            lead[original[index + 1]] = rest
        else:
            trailing = rest
    if kept and original and kept[0] != original[0]:
        # Nothing can stand between a list's "- " and its first key: such comments
        # go to the end of the mapping. The document's own first key gets them
        # back on top (see _root).
        if not root:
            trailing = lead.get(kept[0], "") + trailing
        lead[kept[0]] = ""
    for index, key in enumerate(kept):
        following = lead.get(kept[index + 1], "") if index + 1 < len(kept) else trailing
        text = eol.get(key, "")
        if following:
            text = (text or "\n") + following
        # Other slots (comments ruamel keeps *before* a key) travel with the key as they are.
        slots = list(comments.items.get(key) or [None, None, None, None])
        template = _token(comments, key)
        token = None
        if text:
            token = copy.copy(template) if template is not None else CommentToken("", _MARK, None)
            token.value = text
        slots[2] = token
        if any(slot is not None for slot in slots):
            out.ca.items[key] = slots


def _displaced(comments: Any, original: list[Any], first: Any) -> str:
    index = original.index(first)
    token = _token(comments, original[index - 1]) if index > 0 else None
    return _split(token.value)[1] if token is not None else ""


def _token(comments: Any, key: Any) -> Any:
    if comments is None:
        return None
    entry = comments.items.get(key)
    return entry[2] if entry and len(entry) > 2 else None


def _split(value: str) -> tuple[str, str]:
    """A token's end-of-line comment (with its newline) and the lines after it."""
    if not value.startswith("#"):
        return "", value[1:] if value.startswith("\n") else value
    first, newline, rest = value.partition("\n")
    return first + newline, rest


def _value(node: Any, annotation: Any, owner: tuple[type[BaseModel], str] | None) -> Any:
    inner = model_in(annotation)
    if isinstance(node, dict):
        if inner is not None:
            return _mapping(node, inner)
        plain = CommentedMap()
        for key, value in node.items():
            plain[str(key)] = _value(value, None, None)
        _carry(node, plain)
        return plain
    if isinstance(node, list):
        seq = CommentedSeq(_value(item, annotation if inner else None, None) for item in node)
        _carry(node, seq)
        # An empty list, or a short one without comments, fits on the key's line.
        flow = not seq or (owner in _FLOW and not _has_comments(node))
        seq.fa.set_flow_style() if flow else seq.fa.set_block_style()
        return seq
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, str):
        return str(node)  # drops quote and block styles: they are not canonical
    return node


def _data(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_data(item) for item in node]
    return node


def _reads_back(text: str, root: Any) -> bool:
    try:
        return bool(to_plain(parse(text))[0] == _data(root))
    except YamlProblem:
        return False


def _quote_strings(node: Any) -> None:
    keys = node.keys() if isinstance(node, dict) else range(len(node))
    for key in list(keys):
        value = node[key]
        if isinstance(value, str):
            node[key] = DoubleQuotedScalarString(value)
        elif isinstance(value, dict | list):
            _quote_strings(value)


def _block_style(node: Any) -> None:
    if isinstance(node, CommentedSeq) and node:
        node.fa.set_block_style()
    for child in (
        node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    ):
        _block_style(child)


def _carry(source: Any, target: Any) -> None:
    comments = getattr(source, "ca", None)
    if comments is not None:
        # Slot 0 repeats the end-of-line comment of the key that holds this
        # value; the mapping writes that one already.
        head = comments.comment
        target.ca.comment = [None, head[1]] if head and len(head) > 1 else None
        target.ca.end = comments.end
        for key, value in comments.items.items():
            target.ca.items[key] = value


def _has_comments(node: Any) -> bool:
    comments = getattr(node, "ca", None)
    head = comments.comment if comments is not None else None
    return comments is not None and bool(comments.items or (head and head[1:] != [None]))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def _empty_is_data(model: type[BaseModel], key: Any, value: Any) -> bool:
    # "header: []" (a page with nothing between its title and its end) is not the
    # default None (no verbatim header): dropping it would change the rendered page.
    field = model.model_fields.get(key) if isinstance(key, str) else None
    return field is not None and value is not None and field.default is None


def comments_in(text: str) -> list[str]:
    """The comments of a YAML text, in order (a safety net: formatting must keep them all).

    A ``#`` starts a comment at the start of a line or after white space, outside
    a quoted scalar; a quote opens a scalar only where a value can start.
    """
    found = []
    for line in text.splitlines():
        quote = ""
        previous = " "
        for index, char in enumerate(line):
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"" and line[:index].rstrip()[-1:] in ("", ":", "-", "[", "{", ","):
                quote = char
            elif char == "#" and previous.isspace():
                found.append(line[index:].rstrip())
                break
            previous = char
    return found
