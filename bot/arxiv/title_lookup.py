"""arXiv's records: titles for the identity check, authors and DOIs for ``paperbot
enrich``; asked for in batches, kept in one JSON cache.

Records rarely change, so a cached one is reused for weeks (``arxiv.ttl_days``)
and a run with a warm cache sends no request at all. Ids arXiv does not know are
not cached: the link checker reports those links, and a new paper may yet appear.
Every answer is kept whole (title, authors, DOI), so a check's lookups warm the
cache for enrich and enrich's for the check.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.arxiv.client import ArxivClient, ArxivUnavailable
from bot.files.cache_folder import CacheFolder, locate
from bot.model.config import ArxivConfig
from bot.speed import sealed_file
from bot.text.identifiers import ArxivId

# Format 2 is sealed by bot/speed/sealed_file.py; a version 1 file reads as foreign.
HEADER: dict[str, Any] = {"cache": "arxiv-titles", "format": 2}


@dataclass(frozen=True)
class Record:
    title: str
    fetched: datetime
    # None: kept by a paperbot that cached titles only; enrich asks arXiv again.
    authors: tuple[str, ...] | None = None
    doi: str | None = None


@dataclass(frozen=True)
class RecordLookup:
    records: dict[str, Record]  # arXiv id (without version) -> its latest record
    error: str | None = None
    fetched: int = 0


@dataclass(frozen=True)
class TitleLookup:
    titles: dict[str, str]  # arXiv id (without version) -> its latest title
    error: str | None = None  # why arXiv could not be asked, if it could not
    fetched: int = 0  # ids asked of arXiv in this run (the rest came from the cache)


def arxiv_titles(
    ids: Iterable[ArxivId],
    config: ArxivConfig,
    root: Path,
    now: datetime | None = None,
    folder: CacheFolder | None = None,
) -> TitleLookup:
    """``folder``: the cache folder of ``root``, when the caller located it."""
    found = arxiv_records(ids, config, root, now, folder, need_authors=False)
    titles = {key: record.title for key, record in found.records.items()}
    return TitleLookup(titles, found.error, found.fetched)


def arxiv_records(
    ids: Iterable[ArxivId],
    config: ArxivConfig,
    root: Path,
    now: datetime | None = None,
    folder: CacheFolder | None = None,
    need_authors: bool = True,
) -> RecordLookup:
    """The latest record of each id, from the cache while fresh, else from arXiv in
    batches of ``arxiv.batch``. ``need_authors``: a cached title-only record is a miss."""
    now = now or datetime.now(UTC)
    path = (folder or locate(root)).file(config.cache)  # None: a run without the cache
    cache = {} if path is None else _load(path)
    records: dict[str, Record] = {}
    todo: list[ArxivId] = []
    for key in sorted({paper.id for paper in ids}):
        cached = cache.get(key)
        usable = cached is not None and (cached.authors is not None or not need_authors)
        if cached is not None and usable and _fresh(key, cached.fetched, now, config.ttl_days):
            records[key] = cached
        else:
            todo.append(ArxivId(key))  # no version: the latest record is the one to compare
    if not todo:
        return RecordLookup(records)
    try:
        found = ArxivClient(config).entries(todo)
    except ArxivUnavailable as exc:
        return RecordLookup(records, str(exc), len(todo))
    for key, entry in found.items():
        records[key] = cache[key] = Record(entry.title, now, entry.authors, entry.doi)
    if path is not None:
        _save(path, cache)
    return RecordLookup(records, None, len(todo))


def _fresh(key: str, fetched: datetime, now: datetime, ttl_days: float) -> bool:
    # Each id expires somewhere in the last quarter of the ttl (fixed per id), so a cache
    # filled in one run is not refetched in one run: at arXiv's pace of one request every
    # 3 seconds, 50,000 titles take 25 minutes.
    spread = 0.75 + 0.25 * zlib.crc32(key.encode()) / 2**32
    return now - fetched < timedelta(days=ttl_days * spread)


def _load(path: Path) -> dict[str, Record]:
    if not path.exists():
        return {}
    try:
        data = sealed_file.read(path, HEADER)
        if data is None:
            raise ValueError(
                "damaged, sealed on another machine, or not a title cache in format "
                f"{HEADER['format']}"
            )
        return {str(key): _item(value) for key, value in data["titles"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        # The cache only saves requests: a bad one costs a slower run, never the run.
        print(f"paperbot: ignoring the arXiv title cache {path}: {exc}", file=sys.stderr)
        return {}


def _item(value: Any) -> Record:
    title, when = value["title"], datetime.fromisoformat(value["fetched_at"])
    authors, doi = value.get("authors"), value.get("doi")
    if not isinstance(title, str) or when.tzinfo is None:
        raise TypeError("title or fetched_at")
    if authors is not None and not (
        isinstance(authors, list) and all(isinstance(a, str) for a in authors)
    ):
        raise TypeError("authors")
    if doi is not None and not isinstance(doi, str):
        raise TypeError("doi")
    return Record(title, when, None if authors is None else tuple(authors), doi)


def _save(path: Path, cache: dict[str, Record]) -> None:
    data = {"titles": {key: _plain(record) for key, record in sorted(cache.items())}}
    error = sealed_file.write(path, HEADER, data)  # atomic: a killed run leaves the old file
    if error is not None:  # a read-only checkout still gets its report
        print(f"paperbot: cannot write the arXiv title cache {path}: {error}", file=sys.stderr)


def _plain(record: Record) -> dict[str, Any]:
    item: dict[str, Any] = {"title": record.title, "fetched_at": record.fetched.isoformat()}
    if record.authors is not None:
        item["authors"] = list(record.authors)
    if record.doi is not None:
        item["doi"] = record.doi
    return item
