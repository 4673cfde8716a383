"""The text files a command reads and writes: a file, or stdout for ``-`` or no name.

Writes replace the file whole or leave it as it was (bot/files/atomic_write.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.errors import FatalError
from bot.files.atomic_write import WriteFailed, append_once, write_atomic


def write_text(target: str | Path | None, text: str) -> None:
    if target is None or str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(target, text.encode())
    except WriteFailed as exc:
        raise FatalError(str(exc)) from None


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
