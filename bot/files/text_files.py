"""The text files a command reads and writes: a file, or stdout for ``-`` or no name."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.errors import FatalError


def write_text(target: str | Path | None, text: str) -> None:
    if target is None or str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        Path(target).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise FatalError(f"{target}: cannot write: {exc.strerror}") from None


def append_text(target: str | Path, text: str) -> None:
    """Add to a file that others write too (GitHub's job summary is shared by all steps)."""
    try:
        with Path(target).open("a", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as exc:
        raise FatalError(f"{target}: cannot write: {exc.strerror}") from None


def read_text(path: Path) -> str | None:
    """The file's text, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"{path}: cannot read: {exc}") from None
