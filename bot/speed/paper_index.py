"""Papers a pull request leaves alone, known without reading their files.

With --changed-since, an entry file that git does not list as changed since the merge
base holds exactly the bytes of its blob at the base (git compared the work tree with
the base, untracked files included, to say so). Such a paper is never reported on:
the corpus-wide checks only compare the changed papers with it, by its row of their key
table (bot/checks/key_table.py). This file keeps those by path and blob id, so a pull request
on a list of 50,000 papers reads, parses and validates only the files it touches.

The file holds columns (one list per field, a row per paper), not a record per paper:
decoding 50,000 rows then builds a few lists instead of an object per field per paper
(half the time), and the key table takes the columns as they are.

A path whose blob differs from the one kept, or that git does not track at the base,
is loaded as usual (and kept for the next run). Like every cache here the file is
salted by paperbot's code and its libraries' versions, sealed under the cache folder's
key, and ignored when damaged or foreign (bot/speed/sealed_file.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeGuard

from bot.checks.key_table import KEY_COLUMNS, KeyRows
from bot.checks.paper_keys import PaperKeys
from bot.files.cache_folder import CacheFolder
from bot.speed import sealed_file
from bot.speed.sealed_file import salt

CACHE_FILE = "papers.marshal"  # in the cache folder
FORMAT = 3
# The key table's columns, and the blob ids the rows were kept for.
COLUMNS = tuple(field.name for field in fields(KeyRows))
_ALL = (*COLUMNS, "blobs")
# Where each of the key table's columns stands in PaperKeys.to_json().
_KEY_AT = [PaperKeys._fields.index(name) for name in KEY_COLUMNS]


class PaperIndex:
    def __init__(self, path: Path | None, columns: dict[str, list[Any]]) -> None:
        self.path = path
        self._columns = columns
        self._kept: list[int] = []  # rows this run took
        self._added: dict[str, list[Any]] = {name: [] for name in _ALL}

    @classmethod
    def open(cls, folder: CacheFolder) -> PaperIndex:
        path = folder.file(CACHE_FILE)
        found = None if path is None else sealed_file.read(path, _header(), binary=True)
        columns: dict[str, list[Any]] = found if _well_formed(found) else {n: [] for n in _ALL}
        return cls(path, columns)

    def take(self, wanted: Iterable[tuple[str, str]]) -> KeyRows:
        """The papers among ``wanted`` (path, blob id) kept for that very blob."""
        columns = self._columns
        row_of = {path: row for row, path in enumerate(columns["paths"])}
        blobs = columns["blobs"]
        rows = [
            row
            for path, blob in wanted
            if (row := row_of.get(path)) is not None and blobs[row] == blob
        ]
        self._kept = rows
        return KeyRows(*([columns[name][row] for row in rows] for name in COLUMNS))

    def put(self, rel: str, blob: str, title: str, keys: PaperKeys) -> None:
        self.put_row(row(rel, title, keys), blob)

    def put_row(self, found: Row, blob: str) -> None:
        """A row as ``row`` makes it, kept for the blob ``blob``."""
        for name, value in zip(COLUMNS, found, strict=True):
            self._added[name].append(value)
        self._added["blobs"].append(blob)

    def save(self) -> None:
        """Written only when a paper was added: the rows this run took, and the new ones."""
        if self.path is None or not self._added["paths"]:
            return
        columns = {
            name: [self._columns[name][row] for row in self._kept] + self._added[name]
            for name in _ALL
        }
        sealed_file.write(self.path, _header(), columns, binary=True)


Row = tuple[Any, ...]  # a value for each of the key table's columns, in their order


def row(rel: str, title: str, keys: PaperKeys) -> Row:
    """One paper's row of the key table's columns."""
    # What the entry cache stores of the keys (its signatures interned), as one row of the
    # key table's columns (how to show the identity keys is for loaded papers only).
    stored = keys.to_json()
    return (rel, title, *map(stored.__getitem__, _KEY_AT))


def _well_formed(found: Any) -> TypeGuard[dict[str, list[Any]]]:
    # Sealed under the folder's key and written by this very code: the shape is checked,
    # not every element (50,000 rows).
    if not isinstance(found, dict) or set(found) != set(_ALL):
        return False
    lengths = {len(column) for column in found.values() if isinstance(column, list)}
    return len(lengths) == 1 and all(isinstance(column, list) for column in found.values())


def _header() -> dict[str, Any]:
    return {"cache": "papers", "format": FORMAT, "salt": salt()}
