"""Every paper of the corpus as one row of what corpus-wide checks compare it by.

A corpus-wide check (duplicates, acronyms, position) compares the selected papers with every
paper of the list. It reads this table, which has a row for each paper whether it was
loaded, replayed from a cache or, on a pull request, known only by a cached row: no
check needs to know where a row came from. The loaded papers come first, in the
corpus's order; the rows of papers that were not loaded come after them.

Columns rather than an object per row: a pull request on a list of 50,000 papers
builds the table from a cache's columns without creating 50,000 objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from bot.checks.paper_keys import PaperKeys, paper_keys
from bot.model.corpus import Located
from bot.model.entries import Paper
from bot.model.places import venue_slug

# (link number, identity key, link number, identity key...) for each link that names
# the paper (bot/checks/paper_keys.py).
Ids = tuple[int | str, ...]


@dataclass
class KeyRows:
    """Rows as columns: row i is index i of each list. After the path and the title, one
    column per field of PaperKeys but ``shown``, named alike (a test holds them equal),
    so a new key is a new field there and a new column here, and nothing else: the paper
    index stores whatever columns this has."""

    paths: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # as written
    ids: list[Ids] = field(default_factory=list)
    norm: list[str] = field(default_factory=list)  # normalised titles
    name: list[str | None] = field(default_factory=list)  # system names, normalised
    signatures: list[list[str]] = field(default_factory=list)  # of the normalised title
    terms: list[list[str]] = field(default_factory=list)  # the acronyms in the system name
    place: list[list[Any] | None] = field(default_factory=list)  # category path + position

    @classmethod
    def from_keys(cls, papers: Sequence[Located[Paper]], keys: Sequence[PaperKeys]) -> KeyRows:
        columns = zip(*keys, strict=True) if keys else ([] for _ in PaperKeys._fields)
        by_field = dict(zip(PaperKeys._fields, map(list, columns), strict=True))
        return cls(
            [p.path for p in papers],
            [p.model.title for p in papers],
            *(by_field[name] for name in KEY_COLUMNS),
        )

    def __len__(self) -> int:
        return len(self.paths)


class KeyTable(KeyRows):
    """The rows of every paper: ``papers`` (loaded) first, then ``rest``."""

    def __init__(
        self,
        papers: Sequence[Located[Paper]],
        keys: Sequence[PaperKeys],
        rest: KeyRows | None = None,
        fetch: Callable[[str], Located[Paper]] | None = None,
    ) -> None:
        mine, rest = KeyRows.from_keys(papers, keys), rest or KeyRows()
        super().__init__(*(getattr(mine, name) + getattr(rest, name) for name in _COLUMNS))
        self.papers = papers
        self._shown = [k.shown for k in keys]
        self._fetch = fetch
        self._sizes: Counter[str] | None = None

    @classmethod
    def of(cls, papers: Iterable[Located[Paper]]) -> KeyTable:
        """The table of loaded papers, each paper's keys worked out here."""
        papers = list(papers)
        return cls(papers, [paper_keys(p.model) for p in papers])

    def links(self, row: int) -> Iterator[tuple[int, str, str]]:
        """(link number, identity key, how to show it) of a loaded paper's row."""
        ids = self.ids[row]
        for at, shown in enumerate(self._shown[row]):
            yield int(ids[2 * at]), str(ids[2 * at + 1]), shown

    def paper(self, row: int) -> Located[Paper]:
        """The paper of a row, loaded now if it was not (a check says where two match)."""
        if row < len(self.papers):
            return self.papers[row]
        path = self.paths[row]
        if self._fetch is None:
            raise LookupError(f"{path} was not loaded and cannot be")
        return self._fetch(path)

    def venue_size(self, slug: str) -> int:
        """How many papers the venue folder ``slug`` holds, loaded or not."""
        if self._sizes is None:
            self._sizes = Counter(venue_slug(path) for path in self.paths)
        return self._sizes[slug]


_COLUMNS = [f.name for f in fields(KeyRows)]
# The columns each paper's keys fill, in order.
KEY_COLUMNS = [name for name in PaperKeys._fields if name != "shown"]
