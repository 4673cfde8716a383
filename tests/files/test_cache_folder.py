"""Where the caches live, and when a run must not trust them (bot/files/cache_folder.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from helpers import git

from bot.links.run import check_links
from bot.model.config import LinkConfig

# Spelled out, not imported: the attacks below are run on a paperbot without these modules.
DEFAULT = ".cache/paperbot"
ENV = "PAPERBOT_CACHE_DIR"
KEY_FILE = "seal.key"
RunCli = Any
CHECK = ("check", "--no-links", "--format", "json")


def _diagnostics(out: str) -> list[tuple[str, int, int, str, str]]:
    return [
        (d["path"], d["line"], d["column"], d["severity"], d["message"])
        for d in json.loads(out)["diagnostics"]
    ]


def _committed_cache(repo: Path, run_cli: RunCli) -> dict[str, bytes]:
    """``repo`` as a pull request leaves it that committed the caches a run wrote."""
    git(repo, "init", "-q", "-b", "main")
    assert run_cli(repo, *CHECK)[0] == 0
    git(repo, "add", "-A")
    git(repo, "add", "-f", DEFAULT)
    git(repo, "commit", "-q", "-m", "with its caches")
    return {p.name: p.read_bytes() for p in (repo / DEFAULT).iterdir()}


def test_committed_cache_files_are_errors_and_the_folder_is_not_used(
    repo: Path, run_cli: RunCli
) -> None:
    kept = _committed_cache(repo, run_cli)

    code, out, _ = run_cli(repo, *CHECK)

    assert code == 1
    assert KEY_FILE in kept  # the key too: anyone could seal with it
    found = _diagnostics(out)
    assert sorted(d[0] for d in found) == sorted(f"{DEFAULT}/{name}" for name in kept)
    _, line, column, severity, message = found[0]
    assert (line, column, severity) == (1, 1, "error")
    assert "git rm -r --cached .cache" in message
    # Not read, and not written either: a plain run, the committed files as they were.
    assert {p.name: p.read_bytes() for p in (repo / DEFAULT).iterdir()} == kept


def test_an_untracked_cache_folder_is_used(repo: Path, run_cli: RunCli) -> None:
    from bot.files.cache_folder import locate

    git(repo, "init", "-q", "-b", "main")  # ignores .cache/, as .gitignore does
    first = run_cli(repo, *CHECK)
    assert (repo / DEFAULT / KEY_FILE).is_file()
    assert run_cli(repo, *CHECK) == first == (0, first[1], first[2])
    assert locate(repo).problems == ()


def test_a_cache_folder_behind_a_symbolic_link_is_refused(
    repo: Path, run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (repo / ".cache").symlink_to(elsewhere, target_is_directory=True)

    code, out, _ = run_cli(repo, *CHECK)

    assert code == 1
    [(path, line, _, severity, message)] = _diagnostics(out)
    assert (path, line, severity) == (".cache", 1, "error")
    assert "symbolic link" in message
    assert list(elsewhere.iterdir()) == []  # nothing written through it


def test_the_environment_puts_the_caches_outside_the_checkout(
    repo: Path, run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any
) -> None:
    outside = tmp_path_factory.mktemp("runner-temp") / "paperbot-cache"
    monkeypatch.setenv(ENV, str(outside))
    assert run_cli(repo, *CHECK)[0] == 0
    assert (outside / KEY_FILE).is_file()
    assert (outside / "results.json").is_file()
    assert not (repo / ".cache").exists()


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ("ELSEWHERE/links.json", "is not a path relative to the cache folder"),
        ("RELATIVE/links.json", "leads out of the cache folder (..)"),
        # The old spelling, relative to the root (a link inside the checkout's cache folder).
        (".cache/paperbot/out/links.json", "leads out of the cache folder through a symbolic link"),
    ],
    ids=["absolute", "dot-dot", "symlink"],
)
def test_a_cache_setting_out_of_the_cache_folder_is_a_config_error(
    repo: Path,
    run_cli: RunCli,
    write: Any,
    tmp_path_factory: pytest.TempPathFactory,
    setting: str,
    why: str,
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (repo / DEFAULT).mkdir(parents=True)
    (repo / DEFAULT / "out").symlink_to(elsewhere, target_is_directory=True)
    relative = os.path.relpath(elsewhere, repo / DEFAULT)  # ../../../elsewhere0
    setting = setting.replace("ELSEWHERE", str(elsewhere)).replace("RELATIVE", relative)
    write(repo, "paperbot.yaml", f"links:\n  cache: {setting}\n")

    # The link check writes its cache after every run: nothing is written there.
    check_links([], LinkConfig(cache=setting), repo, sweep=False, progress=False)
    assert list(elsewhere.rglob("*")) == []

    code, out, _ = run_cli(repo, *CHECK)

    assert code == 1
    [(path, line, column, severity, message)] = _diagnostics(out)
    assert (path, line, column, severity) == ("paperbot.yaml", 2, 10, "error")
    assert message.startswith(f"links.cache {why}: name a file in it")


def test_the_old_default_setting_names_the_same_file(repo: Path) -> None:
    """paperbot.yaml once named a root-relative path: .cache/paperbot/links.json."""
    from bot.files.cache_folder import locate

    assert locate(repo).file(".cache/paperbot/links.json") == locate(repo).file("links.json")


def test_a_committed_cache_is_an_error_wherever_the_caches_live(
    repo: Path, run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any
) -> None:
    """In CI the caches live outside the checkout; the pull request that commits one is
    still told, before the next run without PAPERBOT_CACHE_DIR reads it."""
    kept = _committed_cache(repo, run_cli)
    outside = tmp_path_factory.mktemp("runner-temp") / "paperbot-cache"
    monkeypatch.setenv(ENV, str(outside))

    code, out, _ = run_cli(repo, *CHECK)

    assert code == 1
    assert sorted(d[0] for d in _diagnostics(out)) == sorted(f"{DEFAULT}/{n}" for n in kept)
    assert (outside / "results.json").is_file()  # the folder outside is used all the same


@pytest.mark.parametrize("setting", ["", ".", "seal.key", "sub/seal.key", "C:/links.json"])
def test_a_cache_setting_that_names_no_cache_file_is_refused(repo: Path, setting: str) -> None:
    from bot.files.cache_folder import locate, outside

    folder = locate(repo)
    assert folder.path is not None
    assert outside(folder.path, setting) is not None
    assert folder.file(setting) is None
