"""A stored offline result is replayed only for exactly the inputs it came from."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import git

from bot import pipeline
from bot.files.cache_folder import DEFAULT, locate
from bot.model.run_options import Options
from bot.speed import replay, sealed_file

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]
CHECK = ("check", "--no-links", "--format", "json")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the checks really ran."""
    runs: list[int] = []
    real = pipeline.load_and_check

    def counting(root: Path, options: Options, *rest: Any, **named: Any) -> Any:
        runs.append(1)
        return real(root, options, *rest, **named)

    monkeypatch.setattr(pipeline, "load_and_check", counting)
    return runs


def _run(root: Path, options: Options) -> replay.Run:
    return lambda contents, listing: pipeline.load_and_check(root, options, contents, listing)


def _paths(out: str) -> list[str]:
    return [f"{d['path']}:{d['line']} {d['check']}" for d in json.loads(out)["diagnostics"]]


def test_the_same_inputs_replay_the_result(repo: Path, run_cli: RunCli, counted: list[int]) -> None:
    first = run_cli(repo, *CHECK)
    again = run_cli(repo, *CHECK)
    text = run_cli(repo, "check", "--no-links", "--format", "text")
    assert again == first
    assert text[0] == first[0]
    assert len(counted) == 1
    assert (repo / DEFAULT / replay.CACHE_FILE).is_file()


@pytest.mark.parametrize(
    ("relpath", "text"),
    [
        ("entries/demo-2025/fast-storage.yaml", "title: Changed\ncategory: [Nowhere]\n"),
        (
            "entries/demo-2025/new-paper.yaml",
            "title: 'FastStore: A Fast Key-Value Store'\ncategory: [Compilers]\n",
        ),
        ("entries/demo-2025/notes.txt", "not an entry\n"),
        ("entries/stray.yaml", "title: x\n"),
        ("paperbot.yaml", "links:\n  timeout: -1\n"),
    ],
)
def test_any_change_runs_the_checks(
    relpath: str, text: str, repo: Path, write: Write, run_cli: RunCli, counted: list[int]
) -> None:
    before = run_cli(repo, *CHECK)
    write(repo, relpath, text)
    after = run_cli(repo, *CHECK)
    assert len(counted) == 2
    (repo / DEFAULT / replay.CACHE_FILE).unlink()
    assert run_cli(repo, *CHECK) == after  # what a run without any stored result says
    assert after != before


def test_another_paperbot_or_a_damaged_file_runs_the_checks(
    repo: Path, run_cli: RunCli, counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_cli(repo, *CHECK)
    stored = repo / DEFAULT / replay.CACHE_FILE
    stored.write_bytes(stored.read_bytes()[:-5])
    assert run_cli(repo, *CHECK) == first
    monkeypatch.setattr(sealed_file, "_SALT", "another paperbot")
    assert run_cli(repo, *CHECK) == first
    assert len(counted) == 3


def test_the_changed_set_is_part_of_the_key(repo: Path, write: Write, counted: list[int]) -> None:
    # The check command stores no pull request results; the key still covers them.
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    bad = "title: Broken {}\ncategory: [Nowhere]\n"
    since = Options(changed_since="HEAD")

    def paths() -> list[str]:
        return [
            d.path
            for d in replay.checked(repo, since, _run(repo, since), locate(repo))[1].diagnostics
        ]

    write(repo, "entries/demo-2025/one.yaml", bad.format(1))
    assert paths() == ["entries/demo-2025/one.yaml"]
    assert paths() == ["entries/demo-2025/one.yaml"]
    write(repo, "entries/demo-2025/two.yaml", bad.format(2))
    assert len(paths()) == 2
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "both")
    assert paths() == []  # the same files, now committed: nothing changed since HEAD
    assert len(counted) == 3


def test_a_pull_request_check_stores_nothing(
    repo: Path, run_cli: RunCli, counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    hashed: list[int] = []
    monkeypatch.setattr(replay, "fingerprint", lambda *args: hashed.append(1))
    run_cli(repo, *CHECK, "--changed-since", "HEAD")
    assert not (repo / DEFAULT / replay.CACHE_FILE).exists()
    assert counted == [1]
    assert hashed == []  # straight to the checks, no fingerprint first


def test_online_checks_are_never_replayed(repo: Path) -> None:
    with pytest.raises(ValueError, match="never cached"):
        replay.checked(repo, Options(links=True), _run(repo, Options(links=True)), locate(repo))


def test_a_file_a_relative_link_names_is_looked_at_again(
    repo: Path, write: Write, run_cli: RunCli, counted: list[int]
) -> None:
    paper = "title: 'Notes: A Paper with Notes'\ncategory: [Compilers]\nlinks:\n"
    link = "  - kind: Slides\n    url: docs/notes.pdf\n"
    write(repo, "entries/demo-2025/notes.yaml", paper + link)
    missing = run_cli(repo, *CHECK)
    write(repo, "docs/notes.pdf", "%PDF")
    present = run_cli(repo, *CHECK)
    assert "no file 'docs/notes.pdf'" in missing[1]
    assert "docs/notes.pdf" not in present[1]
    assert run_cli(repo, *CHECK) == present
    assert len(counted) == 2
