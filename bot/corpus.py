"""What the loader hands to checks and the renderer: validated models with their places."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from bot.layout import GLOSSARY_FILE as GLOSSARY_FILE  # re-exported: callers know it here
from bot.layout import VENUE_FILE as VENUE_FILE
from bot.models import Glossary, Paper, Venue
from bot.paperkeys import PaperKeys
from bot.yamlio import Positions

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model, the file it came from (relative to the root) and its positions."""

    path: str
    model: M
    positions: Positions
    # What the duplicates check compares (bot/paperkeys.py), when the entry cache had it.
    keys: object = field(default=None, compare=False, repr=False)


class Unloaded(NamedTuple):
    """A paper a pull request leaves alone, known only by what the corpus-wide checks
    compare it by (bot/paperindex.py says when that is safe): it is never reported on."""

    path: str
    title: str
    keys: PaperKeys


@dataclass
class VenueData:
    slug: str  # the folder name under entries/
    venue: Located[Venue] | None
    papers: list[Located[Paper]] = field(default_factory=list)
    # Papers not loaded (only with --changed-since): never among the selected ones.
    unloaded: list[Unloaded] = field(default_factory=list)


@dataclass
class Corpus:
    root: Path
    venues: dict[str, VenueData] = field(default_factory=dict)
    glossary: Located[Glossary] | None = None

    def papers(self) -> list[Located[Paper]]:
        """The loaded papers: every paper, unless a pull request left some unloaded."""
        return [p for v in self.venues.values() for p in v.papers]

    def unloaded(self) -> list[Unloaded]:
        return [p for v in self.venues.values() for p in v.unloaded]

    def venue_of(self, paper: Located[Paper]) -> Venue | None:
        """The venue a paper belongs to (its folder), if that venue loaded cleanly."""
        data = self.venues.get(venue_slug(paper.path))
        return data.venue.model if data and data.venue else None

    def shared_glossary(self) -> dict[str, str]:
        return dict(self.glossary.model.glossary) if self.glossary else {}


def venue_slug(path: str) -> str:
    """The venue folder of a root-relative entry path (``entries/<venue>/<file>``)."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 else ""
