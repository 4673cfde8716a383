"""The SSRF attack through ``arxiv.base_url`` (issue 14, finding 2) as a pull request
makes it: its paperbot.yaml points arXiv's API at the runner's loopback. Only APIs that
existed before the fix, so this fails on a paperbot without it. The runner's switch is
off, as on any runner that did not set it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .atom import ArxivServer

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]


@pytest.fixture(autouse=True)
def _switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERBOT_ALLOW_PRIVATE_ADDRESSES", raising=False)


def test_paperbot_yaml_cannot_point_arxiv_at_loopback(
    repo: Path, write: Write, run_cli: RunCli
) -> None:
    arxiv = ArxivServer({})  # knows no paper: any answer would do for the attacker
    try:
        write(repo, "paperbot.yaml", f"arxiv:\n  base_url: {arxiv.url}\n  retries: 0\n")
        code, _, err = run_cli(
            repo, "add", "2402.00001", "--venue", "demo-2025", "--category", "Compilers"
        )
    finally:
        arxiv.close()
    assert arxiv.hits == []
    assert code == 2
    assert "arxiv.base_url in paperbot.yaml must be an https URL on arxiv.org" in err
