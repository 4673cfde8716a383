"""One value of a round-trip document replaced, found where a diagnostic points.

A diagnostic's ``fix`` is the exact replacement text (YAML, as the value would be written
after its key) for the value that starts at the diagnostic's line and column. The value
is found by the positions the loader records, and replaced in the parsed document, so
the comments around it stay where they were (``paperbot fmt --fix``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.files.yaml_roundtrip import YamlProblem, parse, to_plain
from bot.model.diagnostics import Diagnostic
from bot.model.positions import Loc


class NotApplicable(Exception):
    """The fix cannot be applied here: no value starts at the place, or it is not YAML."""


def value_at(doc: Any, line: int, column: int) -> tuple[Loc, Any]:
    """Where in the data the value that starts at (line, column) is, and its plain value."""
    data, positions = to_plain(doc)
    found = [loc for loc, place in positions.values.items() if loc and place == (line, column)]
    if len(found) != 1:
        raise NotApplicable(f"no one value starts at line {line}, column {column}")
    loc = found[0]
    value = data
    for part in loc:
        value = value[part]
    return loc, value


def replacement(fix: str) -> Any:
    """The plain value a fix's text stands for, read as it would be after a key."""
    if "\n" in fix or "\r" in fix:
        raise NotApplicable("a fix of more than one line")
    try:
        data, _ = to_plain(parse(f"value: {fix}\n"))
    except YamlProblem as exc:
        raise NotApplicable(f"the fix is not a YAML value: {exc.message}") from None
    if not isinstance(data, dict) or list(data) != ["value"]:
        raise NotApplicable("the fix is not one YAML value")
    return data["value"]


def replace(doc: Any, loc: Loc, value: Any) -> None:
    """Put ``value`` at ``loc``; the comments kept by the containers stay as they are."""
    container = doc
    for part in loc[:-1]:
        container = container[part]
    container[loc[-1]] = value


@dataclass(frozen=True)
class Applied:
    line: int
    old: Any  # the plain value the file held
    new: Any  # the plain value written


def apply_fixes(
    doc: Any, found: Iterable[Diagnostic], safe: Callable[[str, object, object], bool]
) -> tuple[list[Applied], list[Diagnostic]]:
    """Apply to ``doc`` each fix that ``safe`` allows (by check id, old and new value);
    return what was applied and the diagnostics whose fix was left for a person."""
    applied, left = [], []
    for diag in sorted(found):
        if diag.fix is None:
            continue
        try:
            loc, old = value_at(doc, diag.line, diag.column)
            new = replacement(diag.fix)
        except NotApplicable:
            left.append(diag)
            continue
        if old == new:
            continue  # another fix wrote it already
        if not safe(diag.check, old, new):
            left.append(diag)
            continue
        replace(doc, loc, new)
        applied.append(Applied(diag.line, old, new))
    return applied, left
