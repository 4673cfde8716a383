"""What the loader hands to checks and the renderer: validated models with their places."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from bot.model.entries import Glossary, Paper, Venue
from bot.model.places import venue_slug
from bot.model.positions import Positions

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model, the file it came from (relative to the root) and its positions.

    ``missing``: the required keys that failed their schema rule (a paper loads without
    the values it cannot hold: bot/files/partial_load.py). The model holds an empty
    placeholder for each; the checks that need one are not run on the file."""

    path: str
    model: M
    positions: Positions
    missing: frozenset[str] = frozenset()


@dataclass
class VenueData:
    slug: str  # the folder name under entries/
    venue: Located[Venue] | None
    papers: list[Located[Paper]] = field(default_factory=list)


@dataclass
class Corpus:
    root: Path
    venues: dict[str, VenueData] = field(default_factory=dict)
    glossary: Located[Glossary] | None = None
    # Entry files that did not load at all (path -> why): no check looks at them.
    failed: dict[str, str] = field(default_factory=dict)

    def papers(self) -> list[Located[Paper]]:
        """The loaded papers: every paper that loads, unless a pull request left some
        alone (the checks' key table, bot/checks/key_table.py, has a row for those)."""
        return [p for v in self.venues.values() for p in v.papers]

    def venue_of(self, paper: Located[Paper]) -> Venue | None:
        """The venue a paper belongs to (its folder), if that venue loaded cleanly."""
        data = self.venues.get(venue_slug(paper.path))
        return data.venue.model if data and data.venue else None

    def shared_glossary(self) -> dict[str, str]:
        return dict(self.glossary.model.glossary) if self.glossary else {}
