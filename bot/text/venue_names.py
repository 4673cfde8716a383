"""Which venue a folder holds: the identity the duplicates check compares, not the folder.

A venue is its name and its year. The name is the venue file's ``name:`` as readers
see it (case, spacing and punctuation aside: "MLSys 2025" is "mlsys  2025"); its year
is the one the name gives, or else the one the folder's name gives ("OSDI" in
``osdi-2023`` and in ``osdi-2024`` are two editions). So ``mlsys-2025`` and ``mlsys25``
holding "MLSys 2025" are one venue in two folders (a page imported twice under two
slugs), while "ICLR 2025" and "ICLR 2025 Workshop on Agents" stay two venues: a
workshop and a conference version of one paper may both belong.
"""

from __future__ import annotations

import re

from bot.text.titles import normalize_title

# A year of the venues a list holds; not part of a longer number ("20251", "v12025").
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def venue_identity(name: str | None, folder: str) -> tuple[str, str, str]:
    """(name without its year, year, folder): the folder counts only when the venue file
    gives no name (it did not load), so such a folder is a venue of its own."""
    if name is None or not normalize_title(name):
        return "", "", folder
    words = normalize_title(name)
    years = _YEAR.findall(words) or _YEAR.findall(folder)
    return " ".join(_YEAR.sub(" ", words).split()), " ".join(years), ""
