"""One JSON file of a cache under .cache/paperbot/: sealed by a digest, written atomically.

A cache is trusted to hold what paperbot wrote, so a file whose header (format,
salt) or digest does not match is treated as missing: a flipped bit or a truncated
write costs a slower run, never a wrong answer or a crash.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any


def read(path: Path, header: dict[str, Any], binary: bool = False) -> Any:
    """The data stored under ``header``, or None when missing, foreign or damaged.
    ``binary``: the body is marshal's, not JSON (several times faster to read; the
    salt holds Python's version, whose format it is)."""
    collecting = gc.isenabled()
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        if json.loads(head) == {**header, "digest": _digest(body)}:
            # Decoding makes no cycles: the collector would only walk the new objects.
            gc.disable()
            return marshal.loads(body) if binary else json.loads(body)
    except (OSError, ValueError, EOFError, TypeError, RecursionError):
        pass
    finally:
        if collecting:
            gc.enable()
    return None


def write(path: Path, header: dict[str, Any], data: Any, binary: bool = False) -> None:
    """Replace the file at once: a reader sees the old or the new one, never half of one."""
    # dumps, not dump: dump encodes in Python, chunk by chunk, ten times slower.
    if binary:
        body = marshal.dumps(data)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    head = json.dumps({**header, "digest": _digest(body)}).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(head + b"\n" + body)
            Path(temp).replace(path)
        finally:
            Path(temp).unlink(missing_ok=True)  # already gone when the replace worked
    except OSError:
        pass  # a read-only checkout: the next run computes afresh


def _digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=20).hexdigest()
