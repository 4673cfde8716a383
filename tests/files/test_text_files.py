"""A report goes to a stream as it is (/dev/null, a pipe), and to a file whole."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import FatalError
from bot.files.text_files import write_text

ROOT = Path(__file__).resolve().parents[2]


def test_a_report_to_dev_null_is_written_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERBOT_CACHE_DIR", str(tmp_path / "cache"))
    code = main(
        ["-C", str(ROOT), "check", "--no-links", "--format", "json", "--output", os.devnull]
    )
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out == ""


def test_a_named_pipe_receives_the_whole_text(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_text(pipe, "line one\nline two\n")
    reader.join(timeout=30)
    assert received == [b"line one\nline two\n"]
    assert pipe.exists() and not pipe.is_file()  # still the pipe: nothing replaced it


def test_a_file_is_still_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    inode = target.stat().st_ino
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_ino != inode  # a new file renamed over the old one


def test_a_folder_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(FatalError, match="not written"):
        write_text(tmp_path, "text")
