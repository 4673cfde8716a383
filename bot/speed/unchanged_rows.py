"""The key table's rows of papers a pull request leaves alone, read by the key reader, on
every core.

A paper the pull request does not change is only compared with the changed ones, by its
row of the key table. When the paper index (bot/speed/paper_index.py) has no row for its
blob (no cache was restored, or paperbot's code changed since), the row is worked out
from the file: its title, category, position and links read by the key reader
(bot/speed/key_reader.py), then its keys. Each file is independent of the others, so
forked processes work out the rows of the later files while this process works out the
first ones; a child sends back its rows in the form the paper index stores. A row is
exactly what working it out here gives, so the result does not depend on which process
read the file, and a child that fails only leaves its files to this process. Forks
follow bot/speed/forks.py's rules (Linux, no other thread running).
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping, Sequence
from typing import Any

from bot.checks.paper_keys import keys_of
from bot.files.input_guard import read_limited
from bot.speed import forks
from bot.speed.key_reader import read_fields
from bot.speed.paper_index import Row, row

MIN_FILES = 1000  # fewer files than this: starting a process costs more than it saves

File = tuple[str, str]  # the path to read (as the listing gives it), the root-relative path

# What the forked children read: set before they start, inherited with the memory.
_SHARES: list[Sequence[File]] = []
_CONTENTS: list[Mapping[str, bytes]] = []


def read_rows(files: Sequence[File], contents: Mapping[str, bytes]) -> list[Row | None]:
    """Each file's row, or None where the key reader declines the file (or it cannot be
    read): the loader then loads it in full. ``contents``: bytes already read, by path."""
    processes = forks.processes()
    if len(files) < MIN_FILES or processes < 2:
        return rows_of(files, contents)
    # This process takes the first files, each child a later run of as many.
    step = -(-len(files) // processes)
    shares = [files[start : start + step] for start in range(step, len(files), step)]
    _SHARES[:] = shares
    _CONTENTS[:] = [contents]
    try:
        pool = forks.pool(len(shares))
    except Exception:  # no process could start: this one reads everything
        _clear()
        return rows_of(files, contents)
    try:
        futures = [pool.submit(_share, index) for index in range(len(shares))]
        found = rows_of(files[:step], contents)
        for share, future in zip(shares, futures, strict=True):
            found += _received(future.result, len(share)) or rows_of(share, contents)
        return found
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _clear()


def rows_of(files: Sequence[File], contents: Mapping[str, bytes]) -> list[Row | None]:
    found: list[Row | None] = []
    for file, rel in files:
        raw = contents.get(file)
        if raw is None:
            try:
                raw = read_limited(file)
            except OSError:
                found.append(None)  # the loader reports it
                continue
        fields = read_fields(raw)
        found.append(None if fields is None else row(rel, fields[0], keys_of(*fields)))
    return found


def _share(index: int) -> bytes:
    # marshal: the rows are plain data, and it keeps interned strings interned.
    return marshal.dumps(rows_of(_SHARES[index], _CONTENTS[0]))


def _received(result: Any, size: int) -> list[Row | None] | None:
    """A child's rows, or None when it failed (its files are then read here)."""
    try:
        found = marshal.loads(result())
    except Exception:
        return None
    return found if isinstance(found, list) and len(found) == size else None


def _clear() -> None:
    _SHARES.clear()
    _CONTENTS.clear()
