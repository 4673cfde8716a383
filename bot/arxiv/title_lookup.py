"""arXiv titles for the identity check: asked for in batches, kept in a JSON cache.

Titles rarely change, so a cached title is reused for weeks (``arxiv.ttl_days``)
and a run with a warm cache sends no request at all. Ids arXiv does not know are
not cached: the link checker reports those links, and a new paper may yet appear.
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
    now = now or datetime.now(UTC)
    path = (folder or locate(root)).file(config.cache)  # None: a run without the cache
    cache = {} if path is None else _load(path)
    titles: dict[str, str] = {}
    todo: list[ArxivId] = []
    for key in sorted({paper.id for paper in ids}):
        cached = cache.get(key)
        if cached is not None and _fresh(key, cached[1], now, config.ttl_days):
            titles[key] = cached[0]
        else:
            todo.append(ArxivId(key))  # no version: the latest title is the one to compare
    if not todo:
        return TitleLookup(titles)
    try:
        found = ArxivClient(config).entries(todo)
    except ArxivUnavailable as exc:
        return TitleLookup(titles, str(exc), len(todo))
    for key, entry in found.items():
        titles[key] = entry.title
        cache[key] = (entry.title, now)
    if path is not None:
        _save(path, cache)
    return TitleLookup(titles, None, len(todo))


def _fresh(key: str, fetched: datetime, now: datetime, ttl_days: float) -> bool:
    # Each id expires somewhere in the last quarter of the ttl (fixed per id), so a cache
    # filled in one run is not refetched in one run: at arXiv's pace of one request every
    # 3 seconds, 50,000 titles take 25 minutes.
    spread = 0.75 + 0.25 * zlib.crc32(key.encode()) / 2**32
    return now - fetched < timedelta(days=ttl_days * spread)


def _load(path: Path) -> dict[str, tuple[str, datetime]]:
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


def _item(value: Any) -> tuple[str, datetime]:
    title, when = value["title"], datetime.fromisoformat(value["fetched_at"])
    if not isinstance(title, str) or when.tzinfo is None:
        raise TypeError("title or fetched_at")
    return title, when


def _save(path: Path, cache: dict[str, tuple[str, datetime]]) -> None:
    data = {
        "titles": {
            k: {"title": t, "fetched_at": w.isoformat()} for k, (t, w) in sorted(cache.items())
        },
    }
    error = sealed_file.write(path, HEADER, data)  # atomic: a killed run leaves the old file
    if error is not None:  # a read-only checkout still gets its report
        print(f"paperbot: cannot write the arXiv title cache {path}: {error}", file=sys.stderr)
