"""One file of a cache (bot/files/cache_folder.py): sealed by a keyed MAC, written atomically.

Every cache file is read and written here. A cache may only vouch for what paperbot
computed on this machine, so each file is sealed by a MAC (keyed BLAKE2b) under a
secret key kept beside it (``KEY_FILE``: 32 random bytes, created on the first write,
mode 0600, never committed). Anyone can read paperbot's code and work out a salt or
an unkeyed digest; nobody without the key can seal a file. A file whose header (format,
salt) or MAC does not match is treated as missing: a flipped bit, a truncated write,
a file written under another key (another machine, a checkout's committed copy) costs a
slower run, never a wrong answer or a crash. A cache that must outlive an upgrade
(links, arXiv titles: restored between Action runs) leaves the salt out of its header
and names a format instead.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import hmac
import json
import marshal
import os
import re
import secrets
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot import __version__
from bot.files.atomic_write import WriteFailed, write_atomic
from bot.files.cache_folder import KEY_FILE


def read(path: Path, header: dict[str, Any], binary: bool = False) -> Any:
    """The data stored under ``header``, or None when missing, foreign or damaged.
    ``binary``: the body is marshal's, not JSON (several times faster to read; the
    salt holds Python's version, whose format it is)."""
    key = _key(path.parent)
    if key is None:
        return None  # no key: nothing here was sealed on this machine
    collecting = gc.isenabled()
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        found = json.loads(head)
        mac = found.pop("mac", None) if isinstance(found, dict) else None
        # Compared in constant time: the time taken tells nothing of the right MAC.
        if (
            found == header
            and isinstance(mac, str)
            and hmac.compare_digest(mac.encode(), _mac(key, header, body).encode())
        ):
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = _key(path.parent, create=True)
        if key is None:
            return OSError(errno.EPERM, f"no usable key {KEY_FILE} beside it", str(path))
        head = json.dumps({**header, "mac": _mac(key, header, body)}).encode()
        # The writer of every file paperbot writes; not flushed to disk: a cache lost in
        # a crash only costs time, and a large one's fsync would cost it on every run.
        write_atomic(path, head + b"\n" + body, durable=False)
    except OSError as exc:
        return exc
    except WriteFailed as exc:
        return OSError(exc.reason)
    return None


KEY_BYTES = 32


def _mac(key: bytes, header: dict[str, Any], body: bytes) -> str:
    """Keyed BLAKE2b (a MAC by design, as fast as the unkeyed digest it replaces on a
    170 MiB cache) over the header and the body: a body sealed as one cache cannot be
    passed off as another."""
    mac = hashlib.blake2b(key=key, digest_size=32)
    mac.update(json.dumps(header, sort_keys=True).encode() + b"\n")
    mac.update(body)
    return mac.hexdigest()


def _key(folder: Path, create: bool = False) -> bytes | None:
    """The folder's secret key; with ``create``, made when there is none. None when there is
    none, or it is not a private regular file of this user (a symbolic link, a file others
    may read or write): a key others could know seals nothing."""
    path = folder / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    # Written whole under another name, then linked in: a concurrent run sees no key, or
    # the whole key, never half of one; of two runs creating it at once, one wins.
    fd, temp = tempfile.mkstemp(prefix=KEY_FILE, suffix=".tmp", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
        os.link(temp, path)
    except FileExistsError:
        pass
    except OSError:
        return None
    finally:
        Path(temp).unlink(missing_ok=True)
    try:
        return _read_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        private = info.st_mode & 0o077 == 0 and info.st_uid == os.geteuid()
        if not stat.S_ISREG(info.st_mode) or not private:
            return None
        key = stream.read(KEY_BYTES + 1)
    return key if len(key) == KEY_BYTES else None


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
