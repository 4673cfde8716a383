"""The text files a command reads and writes: a file, or stdout for ``-`` or no name.

Writes replace the file whole or leave it as it was (bot/files/atomic_write.py). A
target that is no file but a stream (``/dev/null``, ``/dev/stdout``, a named pipe, a
shell's ``>(...)``) has nothing to replace: it is written to as it is."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from bot.errors import FatalError
from bot.files.atomic_write import WriteFailed, append_once, write_atomic


def write_text(target: str | Path | None, text: str) -> None:
    if target is None or str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if _is_stream(target):
        try:
            with Path(target).open("wb") as stream:
                stream.write(text.encode())
        except OSError as exc:
            raise FatalError(f"{target}: not written: {exc.strerror or exc}") from None
        return
    try:
        write_atomic(target, text.encode())
    except WriteFailed as exc:
        raise FatalError(str(exc)) from None


def _is_stream(target: str | Path) -> bool:
    try:
        mode = Path(target).stat().st_mode  # through links: /dev/stdout is one
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def append_text(target: str | Path, text: str) -> None:
    """Add to a file that others write too (GitHub's job summary is shared by all steps),
    in one write, so it lands whole. The callers keep within GitHub's 1 MiB: the check's
    summary (bot/report/job_summary.py) and the comment (bot/report/comment_body.py)."""
    try:
        append_once(target, text.encode())
    except WriteFailed as exc:
        raise FatalError(str(exc)) from None


def read_text(path: Path) -> str | None:
    """The file's text, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"{path}: cannot read: {exc}") from None
