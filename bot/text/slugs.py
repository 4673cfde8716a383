"""Stable file names derived from what a paper or venue is called."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

_STOP = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "via", "with"}
_MAX_WORDS = 6


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def paper_slug(title: str) -> str:
    """The system name before the colon ("XGrammar: ..." -> "xgrammar"), else the
    title's first significant words."""
    head, colon, _ = title.partition(":")
    if colon and slugify(head) and len(head) <= 40:
        return slugify(head)
    words = [w for w in slugify(title).split("-") if w and w not in _STOP]
    return "-".join(words[:_MAX_WORDS]) or "paper"


def unique(slug: str, taken: Iterable[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``, ... whichever is free."""
    # A set or a mapping is asked as it is: copying it for each new name made a page of
    # n papers cost n^2 (a 50,000-paper import spent minutes here).
    used = taken if isinstance(taken, AbstractSet | Mapping) else set(taken)
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
