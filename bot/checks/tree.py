"""A venue's tree names each area, and each category under one parent, only once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

from bot.checks.context import Context
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Category, Venue
from bot.model.positions import Loc

ID = "tree"
SCOPE: Final = "corpus"
SUMMARY = "no repeated names in a venue's tree"
FILES: Final = frozenset({"venue"})
NEEDS: Final[frozenset[str]] = frozenset()


def check(ctx: Context) -> Iterator[Diagnostic]:
    for data in ctx.corpus.venues.values():
        if data.venue is not None:
            yield from _repeats(data.venue, data.venue.model.areas, ("areas",))


def _repeats(venue: Located[Venue], nodes: Sequence[Category], loc: Loc) -> Iterator[Diagnostic]:
    first: dict[str, int] = {}
    for index, node in enumerate(nodes):
        if node.name in first:
            line, col = venue.positions.of_value((*loc, index, "name"))
            earlier, _ = venue.positions.of_value((*loc, first[node.name], "name"))
            message = f"{node.name!r} appears twice at the same level (first on line {earlier})"
            yield Diagnostic(venue.path, line, col, ID, Severity.ERROR, message)
        first.setdefault(node.name, index)
        yield from _repeats(venue, node.categories, (*loc, index, "categories"))
