"""Source lines for reporting and positions: read once, and nothing for what cannot be read."""

from __future__ import annotations

from pathlib import Path

from bot.files.source_lines import SourceLines


def test_lines_are_read_once_and_numbered_from_one(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("title: A\nyear: 2025\n", encoding="utf-8")
    files = SourceLines(tmp_path)
    assert files.line("p.yaml", 2) == "year: 2025"
    (tmp_path / "p.yaml").write_text("changed\n", encoding="utf-8")
    assert files.lines("p.yaml") == ["title: A", "year: 2025"]  # as first read
    assert [files.line("p.yaml", n) for n in (0, 1, 3)] == [None, "title: A", None]


def test_a_missing_or_undecodable_file_has_no_lines(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes(b"title: caf\xe9\n")
    files = SourceLines(tmp_path)
    assert files.lines("latin1.yaml") == []
    assert files.line("gone.yaml", 1) is None
