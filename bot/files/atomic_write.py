"""Every file paperbot writes is replaced whole, durably, or left as it was.

``Path.write_text`` truncates first and writes after: a full disk left an entry cut at
4,096 bytes that still parsed, a run killed at its first write left a 0-byte entry, and
a second run read the file empty in between (issue 14, finding 3). Here the new text
goes to a hidden temporary file in the same folder, is flushed to disk, and replaces
the target in one rename; the folder is flushed too, so the rename survives a crash.
Any failure removes the temporary file and leaves the target untouched.

The folders are opened one by one without following symbolic links, and the file is
named relative to its folder: a link put in the way (``entries`` pointing outside the
repository) is refused, not followed. A read-only target (no write bit) is refused
too, and so is a file in a read-only folder: the rename could replace it, but the
owner said it is not to be changed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class WriteFailed(Exception):
    """The file was not written and is as it was; ``reason`` says why, for a person."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def write_atomic(
    path: Path | str, data: bytes, root: Path | None = None, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` at once. ``root``: the folders from there down to
    the file must be real folders, not symbolic links (the repository's own files);
    without it only the file itself must not be a link. ``durable=False`` skips the
    flushes to disk: for caches, which a crash may lose (the next run computes afresh)
    but never leave half-written."""
    path = Path(path)
    try:
        folder = _open_folder(path.parent, root)
    except OSError as exc:
        raise WriteFailed(path, _reason(exc, folder=True)) from None
    if not os.fstat(folder).st_mode & stat.S_IWUSR:
        # As for a read-only file: root could write here anyway, but the owner said no.
        os.close(folder)
        raise WriteFailed(path, _reason(OSError(errno.EACCES, "its folder is read-only")))
    temp = f".{path.name}.{secrets.token_hex(6)}.tmp"  # hidden: the listing skips it
    try:
        mode = _mode_to_keep(path.name, folder)
        fd = os.open(temp, _TEMP_FLAGS, 0o600, dir_fd=folder)
        try:
            os.fchmod(fd, mode)
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        if durable:
            os.fsync(folder)  # the rename itself reaches the disk
    except OSError as exc:
        _remove(temp, folder)
        raise WriteFailed(path, _reason(exc)) from None
    except BaseException:  # interrupted: still no half-written file left behind
        _remove(temp, folder)
        raise
    finally:
        os.close(folder)


def write_many(
    folder: Path, files: Mapping[str, bytes], root: Path | None = None
) -> list[WriteFailed]:
    """Replace each ``folder / name`` with its data as ``write_atomic`` does, with one
    flush to disk for the whole batch instead of two a file (an import writes tens of
    thousands of entries: the flushes took longer than everything else).

    Every text goes to its temporary file first; then one ``sync`` puts all of them on
    the disk, each replaces its target in one rename, and one flush of the folder makes
    the renames last. The order is what keeps a crash harmless, as one file at a time
    did: no rename is made before the data it names is on the disk, so each file is the
    old one or the new one, whole. A file that cannot be written is returned (and left
    as it was); the others are written."""
    failed: list[WriteFailed] = []
    try:
        fd = _open_folder(folder, root)
    except OSError as exc:
        reason = _reason(exc, folder=True)
        return [WriteFailed(folder / name, reason) for name in files]
    temps: dict[str, str] = {}
    try:
        if not os.fstat(fd).st_mode & stat.S_IWUSR:
            reason = _reason(OSError(errno.EACCES, "its folder is read-only"))
            return [WriteFailed(folder / name, reason) for name in files]
        for name, data in files.items():
            temp = f".{name}.{secrets.token_hex(6)}.tmp"
            try:
                _write_temp(name, temp, data, fd)
            except OSError as exc:
                _remove(temp, fd)
                failed.append(WriteFailed(folder / name, _reason(exc)))
                continue
            temps[name] = temp
        if temps:
            os.sync()  # every temporary file's data, before any rename can name it
        for name, temp in list(temps.items()):
            try:
                os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)
            except OSError as exc:
                _remove(temp, fd)
                failed.append(WriteFailed(folder / name, _reason(exc)))
            del temps[name]
        os.fsync(fd)  # the renames reach the disk
    except BaseException:  # interrupted: the temporary files not renamed yet go
        for temp in temps.values():
            _remove(temp, fd)
        raise
    finally:
        os.close(fd)
    return failed


def _write_temp(name: str, temp: str, data: bytes, folder: int) -> None:
    """``data`` in a new temporary file beside ``name``, with the mode ``name`` has."""
    mode = _mode_to_keep(name, folder)
    fd = os.open(temp, _TEMP_FLAGS, 0o600, dir_fd=folder)
    try:
        os.fchmod(fd, mode)
        _write_all(fd, data)
    finally:
        os.close(fd)


def append_once(path: Path | str, data: bytes) -> None:
    """Add ``data`` at the end of a file that others append to as well (GitHub's job
    summary), in one write: O_APPEND makes it land whole after what is there."""
    path = Path(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o666)
        try:
            written = os.write(fd, data)
            if written != len(data):  # a full disk: what did fit is all there is
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        finally:
            os.close(fd)
    except OSError as exc:
        raise WriteFailed(path, _reason(exc)) from None


def _open_folder(folder: Path, root: Path | None) -> int:
    """A descriptor of ``folder``, reached without following a link below ``root``."""
    if root is None:
        return os.open(folder, _FOLDER_FLAGS)
    parts = folder.relative_to(root).parts if folder != root else ()
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # the root as given
    for part in parts:
        try:
            child = os.open(part, _FOLDER_FLAGS, dir_fd=fd)
        finally:
            os.close(fd)
        fd = child
    return fd


def _mode_to_keep(name: str, folder: int) -> int:
    """The target's permission bits (new files: what the umask allows)."""
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    if stat.S_ISLNK(info.st_mode):
        raise OSError(errno.ELOOP, "is a symbolic link")
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EISDIR, "is not a regular file")
    bits = stat.S_IMODE(info.st_mode)
    if not bits & stat.S_IWUSR or not os.access(name, os.W_OK, dir_fd=folder):
        raise OSError(errno.EACCES, "is read-only")
    return bits


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _remove(temp: str, folder: int) -> None:
    with contextlib.suppress(OSError):  # never created, or already renamed
        os.unlink(temp, dir_fd=folder)


def _reason(exc: OSError, folder: bool = False) -> str:
    """What failed and what to do, in words; the file is always left as it was."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        what = "the disk is full (or a size limit was reached); free some space and run again"
    elif code == errno.ELOOP or (folder and code == errno.ENOTDIR):
        what = "a symbolic link is in the way; paperbot writes only real files and folders"
    elif code in (errno.EACCES, errno.EPERM):
        what = f"{exc.strerror or 'permission denied'}; make it writable to let paperbot change it"
    elif code == errno.EROFS:
        what = "the file system is read-only"
    else:
        what = exc.strerror or str(exc)
    return f"not written, left as it was: {what}"
