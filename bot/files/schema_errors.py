"""Turn pydantic's validation errors into diagnostics that point at the exact place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.files.schema_hints import hint
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import model_in
from bot.model.positions import Loc, Positions

CHECK = "schema"

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "bool_type": "true or false",
}


def diagnostics_for(
    exc: ValidationError,
    model: type[BaseModel],
    positions: Positions,
    path: str,
    text: str | None = None,
) -> Iterator[Diagnostic]:
    """``text``: the file's text, for what the contributor most likely meant (schema_hints)."""
    lines = text.split("\n") if text is not None else []
    found = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            line, col = positions.of_key(loc)
        else:
            line, col = positions.of_value(loc)
        source = lines[line - 1] if 0 < line <= len(lines) else None
        better = hint(error, loc, _fields_at(model, loc[:-1]), source, (line, col))
        found.append((error, loc, line, col, better))
    # A misspelt key is one mistake: its fix names the key, so "missing 'title'" is not said.
    meant = {(*loc[:-1], h.meant) for _, loc, _, _, h in found if h is not None and h.meant}
    for error, loc, line, col, best in found:
        if error["type"] == "missing" and loc in meant:
            continue
        message, fix = (best.message, best.fix) if best else (_message(error, loc, model), None)
        yield Diagnostic(path, line, col, CHECK, Severity.ERROR, message, fix)


def _message(error: ErrorDetails, loc: Loc, model: type[BaseModel]) -> str:
    kind = error["type"]
    where = _dotted(loc)
    if kind == "missing":
        return f"missing required key {where!r}"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        name = str(loc[-1])
        from rapidfuzz import process  # loaded for a suggestion, not for --help

        hint = process.extractOne(name, known, score_cutoff=60) if known else None
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        allowed = f" (allowed: {', '.join(known)})" if known and not hint else ""
        return f"unknown key {where!r}{suggestion}{allowed}"
    if kind in _TYPE_NAMES:
        got = _type_name(error.get("input"))
        return f"{where!r} must be {_TYPE_NAMES[kind]}, not {got}"
    if kind == "too_short" and isinstance(error.get("input"), list):
        return f"{where!r} must not be empty"
    if kind in ("string_too_short",):
        return f"{where!r} must not be empty"
    limit = (error.get("ctx") or {}).get("max_length")
    if kind in ("too_long", "string_too_long") and isinstance(error.get("input"), str):
        return f"{where!r} is {len(error['input'])} characters long; at most {limit} are allowed"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where!r}: {message}" if where else message


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _type_name(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the model allows at ``loc`` (walking nested models and list items)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []
