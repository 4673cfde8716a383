"""``paperbot trust-cache``: a pull request's job keeps a restored cache only when no run of
that pull request saved one (SECURITY.md, "Caches")."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_github import FakeGitHub
from fake_routes import Reply
from mock_github import Proxy
from scenes import Paperbot

PREFIX = "paperbot-checked-"
PULL = "refs/pull/7/merge"


@pytest.fixture
def restored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder as actions/cache restored it, named as the workflow names it."""
    folder = tmp_path / "runner-temp" / "paperbot-cache"
    folder.mkdir(parents=True)
    (folder / "seal.key").write_bytes(b"k" * 32)
    (folder / "papers.marshal").write_bytes(b"rows")
    monkeypatch.setenv("PAPERBOT_CACHE_DIR", str(folder))
    monkeypatch.setenv("GITHUB_REF", PULL)
    monkeypatch.chdir(tmp_path)
    return folder


def test_a_cache_only_the_base_branch_saved_is_kept(
    fake: FakeGitHub, paperbot: Paperbot, restored: Path
) -> None:
    fake.add_cache("refs/heads/main", PREFIX + "a" * 40)
    fake.add_cache("refs/pull/8/merge", PREFIX + "b" * 40)  # another pull request's: not ours

    code, out, err = paperbot("trust-cache", "--prefix", PREFIX)

    assert (code, out) == (0, "")
    assert "no run of refs/pull/7/merge saved a cache under 'paperbot-checked-': kept" in err
    assert sorted(p.name for p in restored.iterdir()) == ["papers.marshal", "seal.key"]
    (asked,) = fake.calls("GET", "/actions/caches")
    assert "ref=refs%2Fpull%2F7%2Fmerge" in asked.path and "key=paperbot-checked-" in asked.path


def test_a_cache_the_pull_request_saved_itself_removes_the_restored_folder(
    fake: FakeGitHub, paperbot: Paperbot, restored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An earlier push changed validate.yml to save a forged cache under the very key the
    # clean workflow restores; GitHub looks in the pull request's scope first.
    fake.add_cache("refs/heads/main", PREFIX + "a" * 40)
    fake.add_cache(PULL, PREFIX + "a" * 40)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")

    code, out, err = paperbot("trust-cache", "--prefix", PREFIX)

    assert code == 0  # the check still runs, without a cache
    assert not restored.exists()
    assert out.startswith("::warning title=paperbot cache::the restored cache was removed")
    assert f"a run of {PULL} itself saved the cache 'paperbot-checked-{'a' * 40}'" in err


def test_when_github_cannot_say_the_folder_is_removed(
    fake: FakeGitHub, paperbot: Paperbot, restored: Path
) -> None:
    fake.fail("GET", "/actions/caches", Reply(404, {"message": "Not Found"}))

    code, _, err = paperbot("trust-cache", "--prefix", PREFIX)

    assert code == 0
    assert not restored.exists()
    assert "GitHub could not say which caches refs/pull/7/merge saved" in err


def test_nothing_restored_asks_nothing(
    fake: FakeGitHub, paperbot: Paperbot, restored: Path
) -> None:
    for path in restored.iterdir():
        path.unlink()
    restored.rmdir()

    assert paperbot("trust-cache", "--prefix", PREFIX)[0] == 0
    assert not fake.calls("GET", "/actions/caches")


def test_a_folder_holding_the_checkout_is_never_removed(
    fake: FakeGitHub,
    paperbot: Paperbot,
    restored: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake.add_cache(PULL, PREFIX + "x")
    monkeypatch.setenv("PAPERBOT_CACHE_DIR", str(tmp_path))

    code, _, err = paperbot("trust-cache", "--prefix", PREFIX)

    assert code == 2
    assert "which holds the repository: not a cache folder" in err
    assert restored.exists()


@pytest.mark.parametrize("args", [["--prefix", " "], ["--prefix", PREFIX, "--ref", "main"]])
def test_usage_mistakes_exit_2(
    fake: FakeGitHub, paperbot: Paperbot, restored: Path, args: list[str]
) -> None:
    code, _, err = paperbot("trust-cache", *args)
    assert code == 2 and err.startswith("paperbot: ")
    assert restored.exists()


def test_the_request_is_one_github_accepts(
    github_mock: Proxy, paperbot: Paperbot, restored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_REPOSITORY", "Codertocat/Hello-World")
    # Prism's canned list holds a cache of refs/heads/main whose key lacks the prefix:
    # only keys under the prefix count.
    code, _, err = paperbot("trust-cache", "--prefix", PREFIX)
    assert code == 0, err
    assert restored.exists()
    assert github_mock.sent("GET", r"/actions/caches\?")
