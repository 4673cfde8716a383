"""Where things live in a paperbot repository: names every layer agrees on."""

from __future__ import annotations

ENTRIES = "entries"
VENUE_FILE = "venue.yaml"
GLOSSARY_FILE = "glossary.yaml"
CONFIG_FILE = "paperbot.yaml"


def venue_slug(path: str) -> str:
    """The venue folder of a root-relative entry path (``entries/<venue>/<file>``)."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 else ""
