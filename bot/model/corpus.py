"""What the loader hands to checks and the renderer: validated models with their places."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from bot.files.layout import GLOSSARY_FILE as GLOSSARY_FILE  # re-exported: callers know it here
from bot.files.layout import VENUE_FILE as VENUE_FILE
from bot.files.yaml_roundtrip import Positions
from bot.model.entries import Glossary, Paper, Venue

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model, the file it came from (relative to the root) and its positions."""

    path: str
    model: M
    positions: Positions
    # What the duplicates check compares (bot/checks/paper_keys.py), when the entry cache had it.
    keys: object = field(default=None, compare=False, repr=False)


@dataclass
class Unloaded:
    """The papers a pull request leaves alone (bot/speed/paper_index.py says when that is safe),
    known only by what the corpus-wide checks compare them by, as columns: one list per
    field, the same row for the same paper, and no object per paper (50,000 of them).
    Never among the selected papers, never reported on."""

    paths: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # as written
    norms: list[str] = field(default_factory=list)  # normalised (bot/checks/paper_keys.py)
    names: list[str | None] = field(default_factory=list)  # system names, normalised
    signatures: list[list[str]] = field(default_factory=list)
    terms: list[list[str]] = field(default_factory=list)  # the system name's acronyms
    ids: list[tuple[int | str, ...]] = field(default_factory=list)  # link no, key, link no...

    def __len__(self) -> int:
        return len(self.paths)


@dataclass
class VenueData:
    slug: str  # the folder name under entries/
    venue: Located[Venue] | None
    papers: list[Located[Paper]] = field(default_factory=list)
    unloaded: int = 0  # papers of this venue left unloaded (only with --changed-since)


@dataclass
class Corpus:
    root: Path
    venues: dict[str, VenueData] = field(default_factory=dict)
    glossary: Located[Glossary] | None = None
    unloaded: Unloaded = field(default_factory=Unloaded)

    def papers(self) -> list[Located[Paper]]:
        """The loaded papers: every paper, unless a pull request left some unloaded."""
        return [p for v in self.venues.values() for p in v.papers]

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
