"""Papers a pull request leaves alone, known without reading their files.

With --changed-since, an entry file that git does not list as changed since the merge
base holds exactly the bytes of its blob at the base (git compared the work tree with
the base, untracked files included, to say so). Such a paper is never reported on:
the corpus-wide checks only compare the changed papers with it, by its title and the
keys of bot/paperkeys.py. This file keeps those by path and blob id, so a pull request
on a list of 50,000 papers reads, parses and validates only the files it touches.

A path whose blob differs from the one kept, or that git does not track at the base,
is loaded as usual (and kept for the next run). Like every cache here the file is
salted by paperbot's code and its libraries' versions, sealed by a digest, and ignored
when damaged (bot/cachefile.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot import cachefile
from bot.corpus import Located, Unloaded
from bot.entrycache import salt
from bot.models import Paper
from bot.paperkeys import PaperKeys, paper_keys

CACHE_FILE = ".cache/paperbot/papers.marshal"
FORMAT = 1


class PaperIndex:
    def __init__(self, path: Path | None, data: dict[str, Any]) -> None:
        self.path = path
        self._data = data
        self._kept: dict[str, Any] = {}
        self._added = False

    @classmethod
    def open(cls, root: Path) -> PaperIndex:
        path = root / CACHE_FILE
        data = cachefile.read(path, _header(), binary=True)
        return cls(path, data if isinstance(data, dict) else {})

    def get(self, rel: str, blob: str) -> Unloaded | None:
        """The paper at ``rel``, when it was kept for this very blob."""
        found = self._data.get(rel)
        if found is None or found[0] != blob:
            return None
        try:
            unloaded = Unloaded(rel, found[1], PaperKeys.from_json(found[2]))
        except (TypeError, ValueError):
            return None  # a record this code did not write: the file is loaded instead
        self._kept[rel] = found
        return unloaded

    def put(self, rel: str, blob: str, paper: Located[Paper]) -> None:
        keys = paper.keys if isinstance(paper.keys, PaperKeys) else paper_keys(paper.model)
        self._kept[rel] = [blob, paper.model.title, keys.to_json()]
        self._added = True

    def save(self) -> None:
        """Written only when a paper was added: what this run looked up, and the new ones."""
        if self.path is not None and self._added:
            cachefile.write(self.path, _header(), self._kept, binary=True)


def _header() -> dict[str, Any]:
    return {"cache": "papers", "format": FORMAT, "salt": salt()}
