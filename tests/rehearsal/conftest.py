"""Fixtures for the workflow rehearsal: a GitHub (``Platform``) on loopback whose
repository is a snapshot of this working tree (tracked files, as committed or edited),
and a link server for the papers the scenarios add.

The helper modules here are imported by name, as in tests/github (no ``__init__.py``).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "github"))

from fake_github import FakeGitHub
from hosting import GIT_ENV, Platform, git

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree's tracked files as one commit on ``main``: the workflows as
    they are being edited are the ones rehearsed."""
    seed = tmp_path_factory.mktemp("seed")
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = REPO / name.decode()
        if source.is_file() and not source.is_symlink():
            target = seed / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "snapshot of the working tree")
    return seed


@pytest.fixture
def links() -> Iterator[str]:
    """A link server: ``/ok…`` answers 200, anything else 404."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Links)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _Links(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        status = 200 if self.path.startswith("/ok") else 404
        data = b"<html><title>paper</title></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def github(tmp_path: Path, snapshot: Path) -> Iterator[Platform]:
    fake = FakeGitHub("octo/papers")
    platform = Platform(tmp_path, snapshot, fake)
    # The link checker refuses private addresses unless the runner allows them; the
    # papers' links here are on loopback (a self-hosted runner's switch, documented).
    platform.runner_extra_env["PAPERBOT_ALLOW_PRIVATE_ADDRESSES"] = "1"
    yield platform
    platform.git.close()
    fake.close()
    assert not fake.unexpected, f"requests the fake does not serve: {fake.unexpected}"


__all__ = ["GIT_ENV"]
