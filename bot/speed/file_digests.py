"""Each entry file's digest, remembered with its stat, as git's index does.

Hashing a file means reading it: 10,000 entries take a quarter of a second to read,
a stat of each a twentieth. A file whose size, modification and change times and
inode are what they were when its digest was taken is not read again.

The change time (ctime) cannot be set back by a program (``touch -d`` sets mtime,
and moves ctime to now), so rewriting a file and restoring its mtime still shows.
One gap remains, as in git ("racily clean" files): a file rewritten within the
clock tick of its last write, with the same size, keeps its stat. So a file
changed less than RACY_SECONDS before a run began is never remembered, only read.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from typing import Any

from bot.files.cache_folder import CacheFolder
from bot.files.input_guard import read_limited
from bot.speed import sealed_file

CACHE_FILE = "stats.marshal"  # in the cache folder
RACY_SECONDS = 2.0  # beyond the clock tick of any file system git runs on (FAT: 2 s)


class FileDigests:
    def __init__(self, folder: CacheFolder) -> None:
        self.path = folder.file(CACHE_FILE)
        found = None if self.path is None else sealed_file.read(self.path, _header(), binary=True)
        self._old: dict[str, Any] = found if isinstance(found, dict) else {}
        self._new: dict[str, Any] = {}
        self._since = time.time_ns() - int(RACY_SECONDS * 1e9)
        self.contents: dict[str, bytes] = {}  # what was read, by path: the loader reuses it

    def digest(self, file: str) -> str:
        """The digest of the file's first MAX_FILE_BYTES + 1 bytes (all a loader reads)."""
        try:
            st = os.stat(file)  # noqa: PTH116  a Path per file costs more than the stat
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            return f"unreadable: {exc.errno}"
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        old = self._old.get(file)
        if old is not None and old[0] == stamp:
            digest: str = old[1]
        else:
            try:
                raw = read_limited(file)
            except OSError as exc:
                return f"unreadable: {exc.errno}"
            self.contents[file] = raw
            digest = hashlib.blake2b(raw, digest_size=20).hexdigest()
        if max(st.st_mtime_ns, st.st_ctime_ns) < self._since:
            self._new[file] = (stamp, digest)
        return digest

    def save(self) -> None:
        """Keep the stats of this run's files (only when they changed)."""
        if self.path is not None and self._new != self._old:
            sealed_file.write(self.path, _header(), self._new, binary=True)


def _header() -> dict[str, Any]:
    # marshal's format is Python's own: another Python reads nothing here.
    return {"cache": "stats", "format": 1, "python": sys.version}
