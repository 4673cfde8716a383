"""One rewriting run at a time per repository.

``fmt``, ``import`` and ``add`` read entries, decide, and write them back: two such runs
at once would each write what they read before the other's change (issue 14, finding
3). They hold an exclusive lock on the repository's folder for the whole run. The lock
is the kernel's (flock on the folder itself): no lock file is left in the repository,
and a run that dies releases it. A second run waits a little, then stops with a
message; readers (``check``, ``render``) take no lock, since every write replaces a
file whole (bot/files/atomic_write.py).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import FatalError

WAIT_SECONDS = 30.0  # a fmt of 50,000 entries takes about that long
WAIT_VARIABLE = "PAPERBOT_LOCK_WAIT"  # seconds, to wait longer (or not at all: 0)
_POLL = 0.1


@contextmanager
def rewriting(root: Path, wait: float | None = None) -> Iterator[None]:
    wait = _wait() if wait is None else wait
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise FatalError(f"{root}: cannot open the repository folder: {exc.strerror}") from None
    try:
        _acquire(fd, root, wait)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, root: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise FatalError(
                    f"{root}: another paperbot run is rewriting files here; "
                    "nothing was written: run again when it has finished"
                ) from None
            time.sleep(_POLL)


def _wait() -> float:
    value = os.environ.get(WAIT_VARIABLE)
    if value is None:
        return WAIT_SECONDS
    try:
        return max(0.0, float(value))
    except ValueError:
        raise FatalError(f"{WAIT_VARIABLE}={value!r}: give the seconds to wait, e.g. 30") from None
