"""A paper whose values fail their schema rules still loads, without those values.

Every check then looks at the rest of the paper: a URL with a space does not hide an
unknown category or an undefined acronym in the same file. Each failing value is
reported (the first validation's diagnostics, bot/files/schema_errors.py) and left out:

- a key the model does not know, wherever it stands;
- a list item (a link, a note, an affiliation) whose value or type is wrong;
- an optional key whose value is wrong (``position: x``, ``links:`` as a mapping).

A required key (``title``, ``category``) cannot be left out: the paper loads with it
in ``Located.missing`` and an empty placeholder in its place, and the checks that need
it are not run on the file (bot/checks/coverage.py); render refuses schema errors. A
category is a path in the tree, so one wrong item makes the whole category missing.

Venue, glossary and config files load whole or not at all: the papers are checked
against them, and a venue without one of its areas would make each paper of that
area wrong.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, get_origin

from pydantic import ValidationError, create_model
from pydantic_core import ErrorDetails

from bot.model.entries import Paper
from bot.model.positions import Loc, Positions

_REQUIRED = tuple(name for name, field in Paper.model_fields.items() if field.is_required())


def partial_paper(
    error: ValidationError, data: dict[str, Any], positions: Positions
) -> tuple[Paper, Positions, frozenset[str]] | None:
    """The paper without the values ``error`` refused, the positions of what is left
    (a link left out moves the later ones up) and the required keys it lacks; None
    when nothing can be left out to make it valid."""
    data = copy.deepcopy(data)
    missing: set[str] = set()
    items: list[Loc] = []
    left_out = _left_out(error.errors(include_url=False))
    if left_out is None:
        return None
    for loc in left_out:
        if loc[0] in _REQUIRED:
            missing.add(str(loc[0]))
            data.pop(str(loc[0]), None)
        elif not _remove(data, loc):
            return None
        elif isinstance(loc[-1], int):
            items.append(loc)
    try:  # every refused value is out: a second error would be a bug of this module
        found = _lenient(frozenset(missing)).model_validate(data)
    except ValidationError:
        return None
    values = {name: getattr(found, name) for name in Paper.model_fields}
    values.update({name: _placeholder(name) for name in missing})
    # The placeholders count as set: the entry cache stores (and replays) them.
    paper = Paper.model_construct(found.model_fields_set | missing, **values)
    return paper, _without(positions, items), frozenset(missing)


def _left_out(errors: list[ErrorDetails]) -> list[Loc] | None:
    """What to leave out for the errors, each once and none inside another, later list
    items first (leaving one out then moves none of the others); None when an error is
    about the entry as a whole."""
    found: set[Loc] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if not loc:
            return None
        if error["type"] == "extra_forbidden":
            found.add(loc)
        elif loc[0] in _REQUIRED:
            found.add(loc[:1])
        elif len(loc) > 1 and isinstance(loc[1], int):
            found.add(loc[:2])  # the whole item: a link without its URL is no link
        else:
            found.add(loc[:1])
    outermost = [loc for loc in found if not any(loc[:end] in found for end in range(1, len(loc)))]
    return sorted(outermost, key=_later_first)


def _later_first(loc: Loc) -> tuple[Any, ...]:
    return tuple((0, -part) if isinstance(part, int) else (1, part) for part in loc)


def _remove(data: Any, loc: Loc) -> bool:
    """Take the value at ``loc`` out of ``data``; False when there is no such value."""
    if not loc:
        return False
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
        return True
    return False


@cache
def _lenient(missing: frozenset[str]) -> type[Paper]:
    """Paper, with the ``missing`` required keys optional: the rest validates as usual."""
    if not missing:
        return Paper
    fields: dict[str, Any] = dict.fromkeys(sorted(missing), (Any, None))
    lenient: type[Paper] = create_model("PartialPaper", __base__=Paper, **fields)
    return lenient


def _placeholder(name: str) -> Any:
    return [] if get_origin(Paper.model_fields[name].annotation) is list else ""


def _without(positions: Positions, items: list[Loc]) -> Positions:
    """``positions`` with each list item of ``items`` gone and the later items moved up."""
    if not items:
        return positions
    return Positions(_moved(positions.keys, items), _moved(positions.values, items))


def _moved(table: dict[Loc, tuple[int, int]], items: list[Loc]) -> dict[Loc, tuple[int, int]]:
    out = {}
    for loc, pos in table.items():
        new: Loc | None = loc
        for item in items:  # later items first: each index is the original's
            new = _shift(new, item) if new is not None else None
        if new is not None:
            out[new] = pos
    return out


def _shift(loc: Loc, item: Loc) -> Loc | None:
    """``loc`` once ``item`` (a list item) is gone: None inside it, one up after it."""
    size = len(item)
    if len(loc) < size or loc[: size - 1] != item[:-1]:
        return loc
    index = loc[size - 1]
    assert isinstance(item[-1], int)
    if not isinstance(index, int) or index < item[-1]:
        return loc
    if index == item[-1]:
        return None
    return (*loc[: size - 1], index - 1, *loc[size:])
