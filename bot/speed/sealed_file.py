"""One file of a cache under .cache/paperbot/: sealed by a digest, written atomically.

Every cache file is read and written here. A cache is trusted to hold what paperbot
wrote, so a file whose header (format, salt) or digest does not match is treated as
missing: a flipped bit or a truncated write costs a slower run, never a wrong answer
or a crash. A cache that must outlive an upgrade (links, arXiv titles: restored
between Action runs) leaves the salt out of its header and names a format instead.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import re
import sys
from pathlib import Path
from typing import Any

from bot import __version__
from bot.files.atomic_write import WriteFailed, write_atomic


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


def write(path: Path, header: dict[str, Any], data: Any, binary: bool = False) -> OSError | None:
    """Replace the file at once: a reader sees the old or the new one, never half of one.

    Returns the error when the file cannot be written (a read-only checkout): the next
    run computes afresh, so most callers ignore it; a cache that warns shows it."""
    # dumps, not dump: dump encodes in Python, chunk by chunk, ten times slower.
    if binary:
        body = marshal.dumps(data)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    head = json.dumps({**header, "digest": _digest(body)}).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The writer of every file paperbot writes; not flushed to disk: a cache lost in
        # a crash only costs time, and a large one's fsync would cost it on every run.
        write_atomic(path, head + b"\n" + body, durable=False)
    except OSError as exc:
        return exc
    except WriteFailed as exc:
        return OSError(exc.reason)
    return None


def _digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=20).hexdigest()


# The libraries whose behaviour a cached answer depends on: the parser, the validator,
# the title matching. pydantic pins pydantic_core; both are named all the same.
_LIBRARIES = frozenset(
    {"pydantic", "pydantic_core", "ruamel_yaml", "ruamel_yaml_clib", "rapidfuzz"}
    | {"confusable_homoglyphs"}
)
_SALT: str | None = None
# All of bot/, not this file's folder: a cached answer depends on the models, the loader,
# the checks and the keys as much as on bot/speed/.
PACKAGE = Path(__file__).resolve().parents[1]


def salt() -> str:
    """paperbot's source and version, Python's version and those libraries' versions, hashed.

    The versions come from the installed distributions' folder names, not from importing
    the libraries: a replayed check imports neither pydantic nor the YAML parser."""
    global _SALT
    if _SALT is None:
        digest = hashlib.blake2b(digest_size=20)
        for part in (__version__, sys.version, *_library_versions()):
            digest.update(f"{part}\0".encode())
        package = PACKAGE
        for source in sorted(package.rglob("*.py")):
            digest.update(f"{source.relative_to(package).as_posix()}\0".encode())
            digest.update(source.read_bytes())
        _SALT = digest.hexdigest()
    return _SALT


def _library_versions() -> list[str]:
    """ "name-version" of each library, from the first sys.path folder holding it (the one
    imports use)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = [path.name for path in Path(folder or ".").iterdir()]
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name.removesuffix(".dist-info").rpartition("-")
                project = re.sub(r"[-_.]+", "_", project).lower()
                if project in _LIBRARIES:
                    found.setdefault(project, f"{project}-{version}")
    return sorted(found.values())
