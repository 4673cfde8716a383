"""The order readers see the venues in: newest first unless paperbot.yaml says otherwise."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.model.config import ReadmeConfig
from bot.model.entries import Venue

# A venue's year is the last 19xx or 20xx in its name ("OSDI 2024", "MLSys '25" has none).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def year_of(venue: Venue, slug: str) -> int | None:
    """The venue's year, from its name or else its folder name; None when neither has one."""
    for text in (venue.name, slug):
        years = _YEAR.findall(text)
        if years:
            return int(years[-1])
    return None


def ordered(venues: Mapping[str, Venue], config: ReadmeConfig) -> list[str]:
    """The venues' slugs in reading order: those paperbot.yaml lists first, as listed
    (a slug with no venue is reported by the config's own check), then the rest."""
    first = [slug for slug in dict.fromkeys(config.venues) if slug in venues]
    rest = [slug for slug in venues if slug not in set(first)]

    def by_name(slug: str) -> tuple[str, str]:
        return (venues[slug].name.casefold(), slug)

    rest.sort(key=by_name)
    if config.venue_order != "name":
        newest = config.venue_order == "newest"
        # Stable: within a year (and for venues without one, which go last) by name.
        rest.sort(key=lambda slug: _year_key(year_of(venues[slug], slug), newest))
    return first + rest


def _year_key(year: int | None, newest: bool) -> tuple[int, int]:
    if year is None:
        return (1, 0)
    return (0, -year if newest else year)
