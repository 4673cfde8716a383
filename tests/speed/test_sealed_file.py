"""A cache file is trusted only when sealed under this cache folder's own secret key."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.speed import sealed_file

# Spelled out, not imported: the attacks below are run on a paperbot without keys too.
KEY_FILE = "seal.key"
KEY_BYTES = 32
HEADER = {"cache": "test", "format": 1}
DATA = {"answer": 42}


def test_a_file_reads_back_under_its_own_key(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "data.json"
    assert sealed_file.write(path, HEADER, DATA) is None
    assert sealed_file.read(path, HEADER) == DATA
    key = tmp_path / "cache" / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes()) == KEY_BYTES


def test_a_file_sealed_on_another_machine_is_ignored(tmp_path: Path) -> None:
    """Copied, with all its bytes, into a cache folder with a key of its own."""
    theirs, mine = tmp_path / "theirs" / "data.json", tmp_path / "mine" / "data.json"
    sealed_file.write(theirs, HEADER, DATA)
    sealed_file.write(mine, HEADER, {"answer": 0})  # this folder's key exists
    shutil.copyfile(theirs, mine)
    assert sealed_file.read(mine, HEADER) is None


def test_a_new_key_ignores_everything_sealed_before(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    sealed_file.write(path, HEADER, DATA)
    (tmp_path / KEY_FILE).unlink()
    assert sealed_file.read(path, HEADER) is None  # no key: nothing was sealed here
    sealed_file.write(tmp_path / "other.json", HEADER, DATA)  # makes a new key
    assert sealed_file.read(path, HEADER) is None


def test_the_unkeyed_seal_anyone_can_compute_is_ignored(tmp_path: Path) -> None:
    """What paperbot wrote before keys: the header, a public digest of the body."""
    path = tmp_path / "data.json"
    sealed_file.write(tmp_path / "other.json", HEADER, DATA)  # the folder has its key
    body = json.dumps(DATA).encode()
    digest = hashlib.blake2b(body, digest_size=20).hexdigest()
    path.write_bytes(json.dumps({**HEADER, "digest": digest}).encode() + b"\n" + body)
    assert sealed_file.read(path, HEADER) is None


def test_a_body_sealed_as_one_cache_is_not_another(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    sealed_file.write(path, HEADER, DATA)
    head, _, body = path.read_bytes().partition(b"\n")
    other = {**json.loads(head), "cache": "other"}
    path.write_bytes(json.dumps(other).encode() + b"\n" + body)
    assert sealed_file.read(path, {"cache": "other", "format": 1}) is None


@pytest.mark.parametrize("how", ["readable by others", "a symbolic link", "too short"])
def test_a_key_others_could_know_seals_nothing(tmp_path: Path, how: str) -> None:
    path = tmp_path / "data.json"
    sealed_file.write(path, HEADER, DATA)
    key = tmp_path / KEY_FILE
    if how == "readable by others":
        key.chmod(0o644)  # as a committed key is when checked out
    elif how == "a symbolic link":
        elsewhere = tmp_path / "elsewhere.key"
        key.rename(elsewhere)
        key.symlink_to(elsewhere)
    else:
        key.write_bytes(key.read_bytes()[:-1])
    assert sealed_file.read(path, HEADER) is None
    assert isinstance(sealed_file.write(path, HEADER, DATA), OSError)


def test_two_runs_making_the_key_at_once_agree_on_one(tmp_path: Path) -> None:
    """The key is linked in whole: a run that loses the race reads the winner's key."""
    winner = os.urandom(KEY_BYTES)
    key = tmp_path / KEY_FILE
    key.write_bytes(winner)
    key.chmod(0o600)
    sealed_file.write(tmp_path / "data.json", HEADER, DATA)
    assert key.read_bytes() == winner
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples on every run, as tests/hostile's
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.binary(max_size=200),
    head=st.fixed_dictionaries({"mac": st.text(max_size=70)}) | st.just({}),
    binary=st.booleans(),
)
def test_bytes_not_sealed_here_are_never_decoded(
    tmp_path: Path, body: bytes, head: dict[str, str], binary: bool
) -> None:
    """Whatever a file holds (any MAC, any body, marshal or JSON), it is not read unless
    sealed under this folder's key: marshal never sees bytes paperbot did not write."""
    path = tmp_path / "data.bin"
    sealed_file.write(tmp_path / "other.bin", HEADER, DATA)  # the folder has its key
    path.write_bytes(json.dumps({**HEADER, **head}).encode() + b"\n" + body)
    assert sealed_file.read(path, HEADER, binary=binary) is None
