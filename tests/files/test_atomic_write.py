"""The one writer (bot/files/atomic_write.py), the job summary's append and the lock of
the rewriting commands, on real files and folders."""

from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from bot.errors import FatalError
from bot.files.atomic_write import WriteFailed, append_once, write_atomic, write_many
from bot.files.text_files import append_text
from bot.files.write_lock import WAIT_VARIABLE, rewriting


def test_the_file_is_replaced_whole_and_keeps_its_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    target.chmod(0o640)

    write_atomic(target, b"new\n", tmp_path)

    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_a_new_file_gets_what_the_umask_allows(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.md", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_a_target_that_is_a_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("kept\n")
    (tmp_path / "link.md").symlink_to(real)

    with pytest.raises(WriteFailed, match="a symbolic link is in the way"):
        write_atomic(tmp_path / "link.md", b"x")
    assert real.read_text() == "kept\n"
    assert (tmp_path / "link.md").is_symlink()


def test_a_folder_that_is_a_link_below_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "p.yaml").write_text("kept\n")
    root = tmp_path / "repo"
    (root / "entries").mkdir(parents=True)
    (root / "entries" / "venue").symlink_to(outside)

    with pytest.raises(WriteFailed, match="a symbolic link is in the way"):
        write_atomic(root / "entries" / "venue" / "p.yaml", b"x", root)
    assert (outside / "p.yaml").read_text() == "kept\n"


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "a-folder").mkdir()

    with pytest.raises(WriteFailed, match="not written, left as it was"):
        write_atomic(tmp_path / "a-folder", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder"]


def test_append_adds_in_one_piece(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("another step's summary\n")

    append_once(summary, b"ours\n")

    assert summary.read_text() == "another step's summary\nours\n"


def test_a_summary_that_is_a_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.md"
    real.write_text("")
    (tmp_path / "summary.md").symlink_to(real)

    with pytest.raises(FatalError, match=r"summary\.md: not written"):
        append_text(tmp_path / "summary.md", "x")
    assert real.read_text() == ""


def test_a_rewriting_run_refuses_while_another_holds_the_repository(tmp_path: Path) -> None:
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what another paperbot process holds
        refused = pytest.raises(FatalError, match="another paperbot run is rewriting files here")
        with refused, rewriting(tmp_path, wait=0):
            pass
    finally:
        os.close(fd)
    with rewriting(tmp_path, wait=0):  # released with the other's descriptor
        pass


def test_the_wait_must_be_a_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WAIT_VARIABLE, "soon")
    with pytest.raises(FatalError, match="PAPERBOT_LOCK_WAIT='soon'"), rewriting(tmp_path):
        pass


def test_a_cache_write_skips_the_flushes_but_is_still_whole(tmp_path: Path) -> None:
    target = tmp_path / "cache.marshal"
    target.write_bytes(b"old")

    write_atomic(target, b"new" * 1000, durable=False)

    assert target.read_bytes() == b"new" * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.marshal"]


def test_a_batch_replaces_each_file_whole_and_keeps_its_permission_bits(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("old\n")
    (tmp_path / "a.yaml").chmod(0o640)
    umask = os.umask(0o022)
    try:
        failed = write_many(tmp_path, {"a.yaml": b"new\n", "b.yaml": b"b\n"}, tmp_path)
    finally:
        os.umask(umask)

    assert failed == []
    assert (tmp_path / "a.yaml").read_bytes() == b"new\n"
    assert (tmp_path / "b.yaml").read_bytes() == b"b\n"
    assert stat.S_IMODE((tmp_path / "a.yaml").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "b.yaml").stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_file_a_batch_may_not_write_is_left_as_it_was_and_the_others_are_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "read-only.yaml").write_text("kept\n")
    (tmp_path / "read-only.yaml").chmod(0o444)
    (tmp_path / "real.yaml").write_text("kept\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    files = {"read-only.yaml": b"x", "new.yaml": b"new\n", "link.yaml": b"x"}

    failed = write_many(tmp_path, files, tmp_path)

    assert [(Path(f.path).name, f.reason) for f in failed] == [
        ("read-only.yaml", "not written, left as it was: is read-only; make it writable to "
         "let paperbot change it"),
        ("link.yaml", "not written, left as it was: a symbolic link is in the way; paperbot "
         "writes only real files and folders"),
    ]  # fmt: skip
    assert (tmp_path / "read-only.yaml").read_text() == "kept\n"
    assert (tmp_path / "real.yaml").read_text() == "kept\n"
    assert (tmp_path / "new.yaml").read_text() == "new\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_batch_through_a_folder_that_is_a_link_writes_nothing(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "repo"
    (root / "entries").mkdir(parents=True)
    (root / "entries" / "venue").symlink_to(outside)

    failed = write_many(root / "entries" / "venue", {"a.yaml": b"x", "b.yaml": b"y"}, root)

    assert [Path(f.path).name for f in failed] == ["a.yaml", "b.yaml"]
    assert all("a symbolic link is in the way" in f.reason for f in failed)
    assert list(outside.iterdir()) == []


class _Interrupted(Mapping[str, bytes]):
    """Two files, and Ctrl-C while the second one's text is asked for."""

    def __getitem__(self, name: str) -> bytes:
        if name == "b.yaml":
            raise KeyboardInterrupt
        return b"new\n"

    def __iter__(self) -> Iterator[str]:
        return iter(["a.yaml", "b.yaml"])

    def __len__(self) -> int:
        return 2


def test_an_interrupted_batch_leaves_every_file_as_it_was_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text("old\n")

    with pytest.raises(KeyboardInterrupt):
        write_many(tmp_path, _Interrupted(), tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]
    assert (tmp_path / "a.yaml").read_text() == "old\n"
