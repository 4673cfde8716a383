"""One venue, one folder: an import must not start a second folder for a venue the
repository holds already (the duplicates check would then call every paper of the page
a duplicate, an error, as the same paper in two folders of one venue is)."""

from __future__ import annotations

from bot.model.corpus import Corpus
from bot.text.venue_names import venue_identity


def folder_holding(corpus: Corpus, slug: str, name: str) -> str | None:
    """Another folder that holds the venue ``name`` when ``slug`` is a new folder (no venue
    file of its own), or None. A folder that exists already stays the curators' choice."""
    here = corpus.venues.get(slug)
    if here is not None and here.venue is not None:
        return None
    wanted = venue_identity(name, slug)
    for other, data in sorted(corpus.venues.items()):
        venue = data.venue
        if (
            other != slug
            and venue is not None
            and venue_identity(venue.model.name, other) == wanted
        ):
            return other
    return None
