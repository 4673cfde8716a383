"""Shared fixtures: a small repository on disk, and a way to run the CLI in it.

Kept small on purpose; other test modules may add their own fixtures elsewhere.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from bot.cli import main

# CI draws the same examples on every run, so a red CI is the change's doing, never the
# draw's; a developer's run explores new ones (and keeps what fails in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

VENUE = "demo-2025"

VENUE_YAML = """\
# yaml-language-server: $schema=../../schema/venue.schema.json
name: Demo 2025
homepage: https://demo.example.org/2025
acceptance:
  accepted: 3
  submitted: 10
areas:
  - name: Systems (SYS)
    categories:
      - name: Storage
      - name: Networking
  - name: Compilers
"""

PAPERS = {
    "fast-storage.yaml": """\
# yaml-language-server: $schema=../../schema/paper.schema.json
title: 'FastStore: A Fast Key-Value Store'
category: [Systems (SYS), Storage]
position: 10
links:
  - kind: Paper
    url: https://demo.example.org/2025/papers/1
affiliations:
  - Example University
""",
    "net-stack.yaml": """\
# yaml-language-server: $schema=../../schema/paper.schema.json
title: A Network Stack for Everyone
category: [Systems (SYS), Networking]
links:
  - kind: arXiv
    url: https://arxiv.org/abs/2501.00001
""",
    "tiny-compiler.yaml": """\
# yaml-language-server: $schema=../../schema/paper.schema.json
title: A Tiny Compiler
category: [Compilers]
""",
}


def write_file(root: Path, relpath: str, text: str | bytes) -> Path:
    """Write ``text`` (or raw bytes) at ``root/relpath``, creating folders; return the path."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A minimal valid repository: one venue with a two-level tree and three papers."""
    write_file(tmp_path, f"entries/{VENUE}/venue.yaml", VENUE_YAML)
    for name, text in PAPERS.items():
        write_file(tmp_path, f"entries/{VENUE}/{name}", text)
    return tmp_path


@pytest.fixture
def write() -> Callable[[Path, str, str | bytes], Path]:
    """``write(root, relpath, text)``: the file helper, as a fixture (no conftest imports)."""
    return write_file


RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """``run_cli(root, *args) -> (exit code, stdout, stderr)`` through ``bot.cli.main``."""

    def run(root: Path, *args: str) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before this call
        code = main(["-C", str(root), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def check_json(run_cli: RunCli) -> Callable[[Path], tuple[int, list[dict[str, Any]]]]:
    """``check_json(root) -> (exit code, diagnostics)`` from ``paperbot check --format json``."""

    def run(root: Path) -> tuple[int, list[dict[str, Any]]]:
        code, out, _ = run_cli(root, "check", "--format", "json")
        return code, json.loads(out)["diagnostics"]

    return run


@pytest.fixture(autouse=True)
def _not_under_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests decide for themselves whether links are checked online; when the suite
    itself runs in GitHub Actions, ``check`` would otherwise default to --links."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def private_addresses_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner's switch for fetching private addresses, on: the servers the tests start
    listen on 127.0.0.1, which paperbot refuses by default (bot/links/addresses.py)."""
    monkeypatch.setenv("PAPERBOT_ALLOW_PRIVATE_ADDRESSES", "1")


@pytest.fixture
def check_bad(
    repo: Path, write: Callable[..., Path], check_json: Callable[[Path], tuple[int, Any]]
) -> Callable[..., tuple[int, Any]]:
    """Write ``text`` (default as entries/demo-2025/bad.yaml) and check the repository."""

    def run(text: str | bytes, relpath: str = "entries/demo-2025/bad.yaml") -> tuple[int, Any]:
        write(repo, relpath, text)
        return check_json(repo)

    return run


@pytest.fixture
def fault() -> Iterator[Callable[..., Any]]:
    """``fault(behaviour, tls=None)`` starts a server on 127.0.0.1 that fails the way
    networks do (``tests/faultservers.py``); every one is stopped at the end."""
    from faultservers import FaultServer

    started: list[FaultServer] = []

    def start(*args: Any, **kwargs: Any) -> FaultServer:
        started.append(FaultServer(*args, **kwargs))
        return started[-1]

    yield start
    for one in started:
        one.close()
