"""A file's digest is taken from its remembered stat only while nothing could have changed it."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from bot.files.cache_folder import DEFAULT, locate
from bot.files.input_guard import MAX_FILE_BYTES
from bot.speed import file_digests
from bot.speed.file_digests import FileDigests


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@pytest.fixture
def entry(tmp_path: Path) -> Path:
    path = tmp_path / "entries" / "paper.yaml"
    path.parent.mkdir()
    path.write_bytes(b"title: One\n")
    return path


@pytest.fixture
def at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as old as soon as they are written (no racy window)."""
    monkeypatch.setattr(file_digests, "RACY_SECONDS", 0.0)


def _run(root: Path, path: Path) -> tuple[str, bool]:
    """(digest, whether the file was read), as one paperbot run sees it."""
    digests = FileDigests(locate(root))
    found = digests.digest(str(path))
    digests.save()
    return found, str(path) in digests.contents


def test_an_unchanged_old_file_is_not_read_again(
    tmp_path: Path, entry: Path, at_once: None
) -> None:
    assert _run(tmp_path, entry) == (_digest(b"title: One\n"), True)
    assert _run(tmp_path, entry) == (_digest(b"title: One\n"), False)


def test_a_recently_changed_file_is_always_read(tmp_path: Path, entry: Path) -> None:
    # Within the racy window a second write could keep the stat: never remembered.
    assert _run(tmp_path, entry)[1]
    assert _run(tmp_path, entry)[1]


def test_a_rewrite_that_restores_size_and_mtime_is_seen(
    tmp_path: Path, entry: Path, at_once: None
) -> None:
    _run(tmp_path, entry)
    before = entry.stat()
    time.sleep(0.02)  # past the clock tick, so the change time can move
    entry.write_bytes(b"title: Two\n")  # the same size
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    assert entry.stat().st_mtime_ns == before.st_mtime_ns
    assert _run(tmp_path, entry) == (_digest(b"title: Two\n"), True)


def test_a_replaced_file_is_seen(tmp_path: Path, entry: Path, at_once: None) -> None:
    _run(tmp_path, entry)
    before = entry.stat()
    other = entry.with_name("new.tmp")
    other.write_bytes(b"title: Two\n")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    other.replace(entry)  # another inode under the same name
    assert _run(tmp_path, entry) == (_digest(b"title: Two\n"), True)


def test_a_damaged_memo_is_ignored(tmp_path: Path, entry: Path, at_once: None) -> None:
    _run(tmp_path, entry)
    memo = tmp_path / DEFAULT / file_digests.CACHE_FILE
    memo.write_bytes(memo.read_bytes()[:-3])
    assert _run(tmp_path, entry) == (_digest(b"title: One\n"), True)


def test_a_missing_file_has_a_digest_of_its_own(tmp_path: Path) -> None:
    assert _run(tmp_path, tmp_path / "gone.yaml") == ("missing", False)


def test_only_the_bytes_a_loader_reads_count(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    limit = MAX_FILE_BYTES
    big.write_bytes(b"#" * (limit + 10))
    found, _ = _run(tmp_path, big)
    assert found == _digest(b"#" * (limit + 1))
