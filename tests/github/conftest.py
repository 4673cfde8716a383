"""Fixtures for ``paperbot comment`` and ``sweep-issue`` against GitHub on loopback.

- ``github_mock``: Prism, mocking GitHub's OpenAPI description, behind the rewriting
  proxy (``mock_github``). Started once per session; a test fails if any request it
  made breaks the description.
- ``fake``: a stateful fake of the endpoints paperbot uses (``fake_github``), new
  for every test: what runs of the bot leave behind for the next one.

Both are driven through ``bot.cli.main`` with the environment GitHub Actions sets.
The helper modules here are imported by name: this folder has no ``__init__.py``
(a package named ``github`` would hide PyGithub).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_github import FakeGitHub
from mock_github import Prism, Proxy
from scenes import FAST, Paperbot

from bot.cli import main
from bot.github import api


@pytest.fixture(autouse=True)
def _github_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(api, "SETTINGS", FAST)
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_paperbot-test-token")


@pytest.fixture(scope="session")
def _prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    server = Prism(tmp_path_factory.mktemp("prism") / "prism.log")
    proxy = Proxy(server.port)
    yield proxy
    proxy.close()
    server.stop()


@pytest.fixture
def github_mock(_prism: Proxy, monkeypatch: pytest.MonkeyPatch) -> Iterator[Proxy]:
    """The Prism mock as GITHUB_API_URL; the test fails on any request it refuses."""
    _prism.clear()
    monkeypatch.setenv("GITHUB_API_URL", _prism.url)
    yield _prism
    assert not _prism.violations, "requests GitHub's API description refuses:\n" + "\n".join(
        _prism.violations
    )


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    server = FakeGitHub("octo/papers")
    monkeypatch.setenv("GITHUB_API_URL", server.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", server.repo)
    yield server
    server.close()
    assert not server.unexpected, f"requests the fake does not serve: {server.unexpected}"


@pytest.fixture
def paperbot(capsys: pytest.CaptureFixture[str]) -> Paperbot:
    """``paperbot(*args) -> (exit code, stdout, stderr)`` through ``bot.cli.main``."""

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[str, Any], Path]:
    """``write_json(name, payload)``: a file in tmp_path (an event or a report)."""

    def write(name: str, payload: Any) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(payload), encoding="utf-8")
        return path

    return write
