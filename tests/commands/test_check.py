"""``paperbot check`` options: --changed-since, --output, --format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import git


@pytest.fixture
def git_repo(repo: Path) -> Path:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def _paths(out: str) -> list[str]:
    return [d["path"] for d in json.loads(out)["diagnostics"]]


BAD = "title: Broken\ncategory: [Nowhere]\n"


def test_changed_since_reports_only_changed_entries(
    git_repo: Path, write: Any, run_cli: Any
) -> None:
    write(git_repo, "entries/demo-2025/old-bad.yaml", BAD)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "a bad entry already on main")
    # Untracked, as in a PR checkout; another title, so it is not also a duplicate.
    write(git_repo, "entries/demo-2025/new-bad.yaml", BAD.replace("Broken", "Also Broken"))

    code, out, _ = run_cli(
        git_repo, "check", "--no-links", "--format", "json", "--changed-since", "HEAD"
    )

    assert code == 1
    assert _paths(out) == ["entries/demo-2025/new-bad.yaml"]


def test_changed_since_with_nothing_changed_is_clean(
    git_repo: Path, write: Any, run_cli: Any
) -> None:
    write(git_repo, "entries/demo-2025/old-bad.yaml", BAD)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "a bad entry already on main")
    code, out, _ = run_cli(
        git_repo, "check", "--no-links", "--format", "json", "--changed-since", "HEAD"
    )
    assert (code, _paths(out)) == (0, [])


def test_a_changed_venue_file_rechecks_its_papers(git_repo: Path, run_cli: Any) -> None:
    venue = git_repo / "entries/demo-2025/venue.yaml"
    venue.write_text(venue.read_text().replace("      - name: Networking\n", ""))
    code, out, _ = run_cli(
        git_repo, "check", "--no-links", "--format", "json", "--changed-since", "HEAD"
    )
    assert code == 1
    assert _paths(out) == ["entries/demo-2025/net-stack.yaml"]


def test_changed_since_an_unknown_ref_is_a_usage_error(git_repo: Path, run_cli: Any) -> None:
    code, _, err = run_cli(git_repo, "check", "--no-links", "--changed-since", "no-such-ref")
    assert code == 2
    assert err.startswith("paperbot: error: git merge-base:")


def test_output_writes_the_report_to_a_file(repo: Path, run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    code, out, _ = run_cli(
        repo, "check", "--no-links", "--format", "markdown", "--output", str(target)
    )
    assert (code, out) == (0, "")
    assert target.read_text().startswith("### paperbot: no problems found\n")
