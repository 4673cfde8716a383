"""The identity check through ``check --links``: arXiv titles from the local server.

arxiv.org and the fixture's example host are skipped by the link checker's host
policy, so the only traffic is to the local arXiv on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.arxiv import title_lookup
from bot.checks.identity import mismatch
from bot.speed import sealed_file

from .atom import ArxivServer

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]
VENUE = "entries/demo-2025"


def _config(arxiv: ArxivServer) -> str:
    return (
        f"arxiv:\n  base_url: {arxiv.url}\n  min_interval: 0\n  retries: 0\n  timeout: 2\n"
        "links:\n  hosts:\n    arxiv.org: {skip: true}\n    demo.example.org: {skip: true}\n"
    )


def _paper(title: str, category: str, url: str) -> str:
    return f"title: '{title}'\ncategory: [{category}]\nlinks:\n  - kind: arXiv\n    url: {url}\n"


@pytest.fixture
def local(repo: Path, write: Write, arxiv: ArxivServer) -> Path:
    write(repo, "paperbot.yaml", _config(arxiv))
    # The wrong paper: QServe's id under a networking title.
    wrong = _paper(
        "A Network Stack for Everyone",
        "Systems (SYS), Networking",
        "https://arxiv.org/abs/2402.00001",
    )
    write(repo, f"{VENUE}/net-stack.yaml", wrong)
    # The right paper, under its camera-ready title (no "Engine"), pinned to v1.
    right = _paper(
        "XGrammar: Flexible and Efficient Structured Generation for Large Language Models",
        "Compilers",
        "https://arxiv.org/abs/2401.12345v1",
    )
    write(repo, f"{VENUE}/tiny-compiler.yaml", right)
    return repo


def _identity(out: str) -> list[dict[str, Any]]:
    return [d for d in json.loads(out)["diagnostics"] if d["check"] == "identity"]


def test_a_link_to_another_paper_is_a_warning_naming_both_titles(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    code, out, err = run_cli(local, "check", "--links", "--format", "json")
    found = _identity(out)
    assert [(d["path"], d["line"], d["column"], d["severity"]) for d in found] == [
        (f"{VENUE}/net-stack.yaml", 5, 10, "warning")
    ]
    message = found[0]["message"]
    assert "'QServe: W4A8KV4 Quantization and System Co-design'" in message
    assert "'A Network Stack for Everyone'" in message
    assert "% alike, below 75%): is the link to another paper?" in message
    assert code == 0, err  # a warning: the curator decides
    # Both ids in one request, asked without a version (the latest title).
    assert [hit.ids for hit in arxiv.hits] == [["2401.12345", "2402.00001"]]


def test_the_title_cache_serves_the_second_run(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    first = run_cli(local, "check", "--links", "--format", "json")
    second = run_cli(local, "check", "--links", "--format", "json")
    assert second[:2] == first[:2]
    assert len(arxiv.hits) == 1
    cached = sealed_file.read(local / ".cache/paperbot/arxiv.json", title_lookup.HEADER)
    assert sorted(cached["titles"]) == ["2401.12345", "2402.00001"]


def test_offline_the_check_is_listed_as_not_run(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    _, out, _ = run_cli(local, "check", "--no-links", "--format", "markdown")
    row = next(line for line in out.splitlines() if "`identity`" in line)
    assert "not run" in row
    assert arxiv.hits == []


def test_arxiv_unreachable_means_not_run_and_says_why(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    arxiv.close()
    code, out, err = run_cli(local, "check", "--links", "--format", "markdown")
    assert "identity: not run: arXiv did not answer" in err
    row = next(line for line in out.splitlines() if "`identity`" in line)
    assert "not run" in row
    assert code == 0


@pytest.mark.parametrize(
    ("ours", "theirs", "alike"),
    [
        ("QServe: Serving", "QServe: Serving", True),
        ("XGrammar: Flexible Generation", "XGrammar: Flexible Generation Engine for LLMs", True),
        ("A Tiny Compiler", "A tiny compiler (extended version)", True),
        ("FlashX-2: Fast Attention", "FlashX-3: Fast Attention", False),
        ("A Network Stack for Everyone", "QServe: W4A8KV4 Quantization", False),
    ],
)
def test_title_score_is_lenient_with_subtitles_strict_with_names(
    ours: str, theirs: str, alike: bool
) -> None:
    assert (mismatch(ours, theirs, 75) is None) is alike
