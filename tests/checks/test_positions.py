"""A copied position in a pull request: compared with papers the run does not load."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from helpers import git

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]
COPY = "entries/demo-2025/copy.yaml"
PAPER = "title: 'Copy: Another Store'\ncategory: [Systems (SYS), Storage]\nposition: 10\n"


def _pull_request(repo: Path, run_cli: RunCli) -> list[tuple[str, int, str]]:
    _, out, _ = run_cli(repo, "check", "--no-links", "--format", "json", "--changed-since", "main")
    found = json.loads(out)["diagnostics"]
    return [(d["path"], d["line"], d["message"]) for d in found if d["check"] == "position"]


def test_a_pull_request_copying_a_position_is_told_whose_it_is(
    repo: Path, write: Write, run_cli: RunCli
) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "pr")
    write(
        repo,
        COPY,
        "title: 'Copy: Another Store'\ncategory: [Systems (SYS), Storage]\nposition: 10\n",
    )

    # Twice: the second run finds the base paper in the paper index, without loading it.
    for _ in range(2):
        assert _pull_request(repo, run_cli) == [
            (
                COPY,
                3,
                "position 10 is also entries/demo-2025/fast-storage.yaml's, in the same "
                "category: a new paper leaves position: out (it then follows the positioned "
                "papers)",
            )
        ]


def test_a_full_check_tells_each_paper_of_a_clash(
    repo: Path, write: Write, run_cli: RunCli
) -> None:
    write(repo, COPY, PAPER)
    _, out, _ = run_cli(repo, "check", "--no-links", "--format", "json")
    found = [d for d in json.loads(out)["diagnostics"] if d["check"] == "position"]
    assert [d["path"] for d in found] == [COPY, "entries/demo-2025/fast-storage.yaml"]
    assert "fast-storage.yaml's" in found[0]["message"]
    assert "copy.yaml's" in found[1]["message"]
