"""No two papers of a category share a position.

A paper copied from another keeps its ``position:``, and the two then sit in the order
of their titles, not where the curators put either. A new paper leaves the position
out (it follows the positioned ones); a curator inserting one picks a free number.
Compared through the key table, so a pull request sees every paper of the category,
loaded or not. Each selected paper of a clash is told (a pull request: the paper it
changes), naming the first other paper at that position.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from bot.checks.context import Context
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.places import venue_slug

ID = "position"
SCOPE: Final = "corpus"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset()  # a paper without its category has no place
SUMMARY = "no two papers of a category share a position"


def check(ctx: Context) -> Iterator[Diagnostic]:
    wanted = [p for p in ctx.selected if p.model.position is not None and p.model.category]
    if not wanted:
        return
    table = ctx.table
    by_place: dict[tuple[Any, ...], list[str]] = {}
    for path, found in zip(table.paths, table.place, strict=True):
        if found is not None:
            by_place.setdefault((venue_slug(path), *found), []).append(path)
    for paper in wanted:
        model = paper.model
        place = (venue_slug(paper.path), *model.category, model.position)
        others = [path for path in by_place.get(place, []) if path != paper.path]
        if not others:
            continue
        line, column = paper.positions.of_value(("position",))
        message = (
            f"position {model.position} is also {others[0]}'s, in the same category: a new "
            "paper leaves position: out (it then follows the positioned papers)"
        )
        yield Diagnostic(paper.path, line, column, ID, Severity.ERROR, message)
