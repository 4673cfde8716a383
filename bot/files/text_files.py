"""The text files a command reads and writes: a file, or stdout for ``-`` or no name.

Writes replace the file whole or leave it as it was (bot/files/atomic_write.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.errors import FatalError
from bot.files.atomic_write import WriteFailed, append_once, write_atomic

# GitHub refuses a step's job summary past 1 MiB, and drops the whole of it.
MAX_APPEND = 1024 * 1024
_CUT = "\n\n(cut here: the rest is past the 1 MiB a job summary may hold)\n"


def write_text(target: str | Path | None, text: str) -> None:
    if target is None or str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(target, text.encode())
    except WriteFailed as exc:
        raise FatalError(str(exc)) from None


def append_text(target: str | Path, text: str, limit: int = MAX_APPEND) -> None:
    """Add to a file that others write too (GitHub's job summary is shared by all steps):
    in one write, so it lands whole, and at most ``limit`` bytes, cut at a line's end."""
    data = text.encode()
    if len(data) > limit:
        room = limit - len(_CUT.encode())
        data = data[: data.rfind(b"\n", 0, room) + 1 or room]
        data = data.decode(errors="ignore").encode() + _CUT.encode()  # whole characters
    try:
        append_once(target, data)
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
