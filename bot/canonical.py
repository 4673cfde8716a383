"""The one canonical YAML form of an entry, written with comments kept.

Keys follow the model's field order, empty optional keys are dropped (unless a
comment hangs on them), a paper's category is a flow list, everything else is
block style, and quoting is whatever the dumper needs (never a matter of taste).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.models import Glossary, Paper, Venue
from bot.yamlio import dump

SCHEMA_OF: dict[type[BaseModel], str] = {
    Paper: "paper.schema.json",
    Venue: "venue.schema.json",
    Glossary: "glossary.schema.json",
}
_FLOW = {(Paper, "category")}
MODELINE = "# yaml-language-server: $schema="


def modeline(model: type[BaseModel], depth: int) -> str:
    """The comment that gives editors completion; ``depth`` is folders below the root."""
    return f"{MODELINE}{'../' * depth}schema/{SCHEMA_OF[model]}"


def canonical_text(doc: Any, model: type[BaseModel], depth: int) -> str:
    """Canonical text for a parsed document (round-trip or plain) that validates as ``model``."""
    text = dump(_mapping(doc, model))
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith(MODELINE):
        lines = lines[1:]
    return modeline(model, depth) + "\n" + "".join(lines)


def model_text(instance: BaseModel, depth: int) -> str:
    """Canonical text for a model built in code (import, add)."""
    data = instance.model_dump(exclude_defaults=True)
    return canonical_text(data, type(instance), depth)


def _mapping(node: Any, model: type[BaseModel]) -> CommentedMap:
    out = CommentedMap()
    comments = getattr(node, "ca", None)
    if comments is not None:
        out.ca.comment = comments.comment
        out.ca.end = comments.end
    order = list(model.model_fields)
    keys = sorted(node, key=lambda k: order.index(k) if k in order else len(order))
    for key in keys:
        value = node[key]
        carried = comments.items.get(key) if comments is not None else None
        if _empty(value) and carried is None:
            continue
        field = model.model_fields.get(key)
        out[key] = _value(value, field.annotation if field else None, (model, key))
        if carried is not None:
            out.ca.items[key] = carried
    return out


def _value(node: Any, annotation: Any, owner: tuple[type[BaseModel], str] | None) -> Any:
    inner = _model_in(annotation)
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
        seq.fa.set_flow_style() if owner in _FLOW else seq.fa.set_block_style()
        return seq
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, str):
        return str(node)  # drops quote and block styles: they are not canonical
    return node


def _carry(source: Any, target: Any) -> None:
    comments = getattr(source, "ca", None)
    if comments is not None:
        target.ca.comment = comments.comment
        target.ca.end = comments.end
        for key, value in comments.items.items():
            target.ca.items[key] = value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


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
