"""Loading many files the entry cache does not hold, on every core.

A cold check spends most of its time loading (parse, validate, work out each paper's
keys), one file at a time, each file independent of the others. When many files miss
the entry cache, forked processes load shares of them and send back, for each file,
the record bot/entrycache.py would store (the data and a paper's keys, or the load's
diagnostics); the loader's loop then finds every file ready. A record is exactly what
loading the file in this process stores, so the result does not depend on which
process loaded it, and anything that goes wrong here leaves files to that loop.

Only on Linux, with os.fork: a child starts with the modules and the files' bytes
already in memory (spawning a fresh interpreter costs more than it saves), and only
while no other thread runs (a fork copies locks another thread may hold).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from pydantic import BaseModel

from bot.corpus import Located
from bot.diagnostics import Diagnostic
from bot.entrycache import EntryCache, entry_key, record

MIN_FILES = 1000  # fewer files than this: starting processes costs more than it saves
MAX_PROCESSES = 4

Load = Callable[[bytes, str, type[BaseModel], list[Diagnostic]], Located[Any] | None]
Job = tuple[str, str, type[BaseModel], bytes]  # cache key, path, model, bytes

# What the forked children read: set before they start, inherited with the memory.
_JOBS: list[Sequence[Job]] = []
_LOAD: list[Load] = []


def preload(cache: EntryCache, jobs: list[Job], load: Load) -> None:
    """Load the jobs whose key the cache does not hold, spread over the processes, and
    make their records ready in the cache. Does nothing when it would not pay."""
    missing = [job for job in jobs if not cache.holds(job[0])]
    processes = _processes()
    if len(missing) < MIN_FILES or processes < 2:
        return
    shares = [missing[i::processes] for i in range(processes)]
    _JOBS[:] = shares
    _LOAD[:] = [load]
    try:
        with ProcessPoolExecutor(processes - 1, mp_context=get_context("fork")) as pool:
            theirs = [pool.submit(_load_share, i) for i in range(1, processes)]
            cache.add_ready(_load_share(0))  # this process takes the first share meanwhile
            for future in theirs:
                cache.add_ready(future.result())
    except Exception:
        pass
    finally:
        _JOBS.clear()
        _LOAD.clear()


def _processes() -> int:
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return min(len(os.sched_getaffinity(0)), MAX_PROCESSES)


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
