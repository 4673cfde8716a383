"""Loading many files the entry cache does not hold, on every core.

A cold check spends most of its time loading (parse, validate, work out each paper's
keys), one file at a time, each file independent of the others. When many files miss
the entry cache, forked processes load the later ones and send back, for each, the
record bot/speed/entry_cache.py would store (the data and a paper's keys, or the load's
diagnostics), while this process loads the first ones as usual; on reaching a file
another process loads, the cached source (bot/speed/cached_source.py) waits for that
process's records and adds them to the entry cache. A record is
exactly what loading the file here stores, so the result does not depend on which
process loaded it, and a process that fails only leaves its files to this one.

Children are forked (bot/speed/forks.py says when that is allowed): they start with the
modules and the files' bytes already in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from pydantic import BaseModel

from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic
from bot.speed import forks
from bot.speed.entry_cache import EntryCache, entry_key, record

MIN_FILES = 1000  # fewer files than this: starting processes costs more than it saves

Load = Callable[[bytes, str, type[BaseModel], list[Diagnostic]], Located[Any] | None]
Job = tuple[str, str, type[BaseModel], bytes]  # cache key, path, model, bytes

# What the forked children read: set before they start, inherited with the memory.
_JOBS: list[Sequence[Job]] = []
_LOAD: list[Load] = []


class Share:
    """The records one child process is loading."""

    def __init__(self, keys: list[str], future: Future[dict[str, Any]]) -> None:
        self.keys = keys
        self._future = future

    def records(self) -> dict[str, Any]:
        try:
            return self._future.result()
        except Exception:  # the child failed: its files load in this process instead
            return {}


class Preloading:
    """The child processes at work; ``close`` once the loader's loop is done."""

    def __init__(self, pool: ProcessPoolExecutor | None, shares: Sequence[Share] = ()) -> None:
        self._pool = pool
        self._waiting = {key: share for share in shares for key in share.keys}

    def records_for(self, key: str) -> dict[str, Any] | None:
        """The records of the share that holds ``key`` (waiting for them), the first time
        that share is asked; None when no child loads ``key``, or it was asked before."""
        share = self._waiting.get(key)
        if share is None:
            return None
        for done in share.keys:
            del self._waiting[done]
        return share.records()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        _JOBS.clear()
        _LOAD.clear()


def preload(cache: EntryCache, jobs: list[Job], load: Load) -> Preloading:
    """Start child processes on the later jobs whose key the cache does not hold.
    Starts nothing when it would not pay."""
    missing = [job for job in jobs if not cache.holds(job[0])]
    processes = forks.processes()
    if len(missing) < MIN_FILES or processes < 2:
        return Preloading(None)
    # In the loader's order: this process takes the first files, each child a later run
    # of as many (a child also sends its records back; this process then builds models
    # from them, after the waiting, so an equal share keeps the waiting short).
    step = -(-len(missing) // processes)
    own = step
    shares = [missing[start : start + step] for start in range(own, len(missing), step)]
    _JOBS[:] = shares
    _LOAD[:] = [load]
    try:
        pool = forks.pool(len(shares))
        started = [
            Share([job[0] for job in share], pool.submit(_load_share, index))
            for index, share in enumerate(shares)
        ]
    except Exception:  # no process could start: this one loads everything
        return Preloading(None)
    return Preloading(pool, started)


def _load_share(index: int) -> dict[str, Any]:
    load = _LOAD[0]
    records = {}
    for key, rel, model, raw in _JOBS[index]:
        diags: list[Diagnostic] = []
        try:
            located = load(raw, rel, model, diags)
        except Exception:
            continue
        records[key], _ = record(located, diags)
    return records


def job(raw: bytes, rel: str, model: type[BaseModel]) -> Job:
    return (entry_key(raw, rel, model), rel, model, raw)
