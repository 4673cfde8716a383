"""The lines of the files diagnostics point into, each file read once.

Reporting reads the line a finding points at (for a suggestion) and checks read it to
point inside a value; a run with many findings in one file reads that file once.
"""

from __future__ import annotations

from pathlib import Path


class SourceLines:
    """Lines of files under ``root``, by relative path, read on first use and kept."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._files: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        """The file's lines; none when it cannot be read (gone, unreadable, not UTF-8)."""
        if path not in self._files:
            try:
                text = (self._root / path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._files[path] = text.splitlines()
        return self._files[path]

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (from 1) of the file, or None when it has no such line."""
        lines = self.lines(path)
        return lines[number - 1] if 0 < number <= len(lines) else None
