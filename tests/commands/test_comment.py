"""``paperbot comment --dry-run``: the comment and its suggestions, printed, with no token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.report.comment_body import MARKER

SHA = "c" * 40
LOST = "title: Lost Paper\ncategory: [Systems (SYS), Storag]\n"


@pytest.fixture(autouse=True)
def _no_github(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH", "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def report(repo: Path, write: Any, run_cli: Any, tmp_path: Path) -> Path:
    """The report of a real check of a repository with one misplaced paper."""
    write(repo, "entries/demo-2025/lost.yaml", LOST)
    target = tmp_path / "report.json"
    assert run_cli(repo, "check", "--no-links", "--report", str(target))[0] == 1
    return target


def test_dry_run_prints_the_comment_and_the_suggestions(
    report: Path, repo: Path, run_cli: Any
) -> None:
    code, out, err = run_cli(repo, "comment", "--report", str(report), "--dry-run")

    assert (code, err) == (1, "")
    assert out.startswith(MARKER + "\n\n### ❌ paperbot found 1 error\n")
    assert "https://github.com/OWNER/REPO/pull/0/files#diff-" in out
    assert (
        "--- inline suggestion on entries/demo-2025/lost.yaml line 2 ---\n"
        "❌ **error** (`category`)" in out
    )
    assert "```suggestion\ncategory: [Systems (SYS), Storage]\n```" in out


def test_dry_run_takes_the_number_and_commit_from_the_event(
    report: Path, repo: Path, run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = tmp_path / "event.json"
    payload = {"pull_request": {"number": 12, "head": {"sha": SHA}}}
    event.write_text(json.dumps(payload))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://ghe.example.com/")

    code, out, _ = run_cli(
        repo,
        "comment",
        "--report",
        str(report),
        "--event",
        str(event),
        "--repo",
        "o/r",
        "--dry-run",
    )

    assert code == 1
    assert "https://ghe.example.com/o/r/pull/12/files#diff-" in out
    assert "Checked commit `cccccccccccc`" in out


def test_a_clean_report_exits_0(repo: Path, run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    run_cli(repo, "check", "--no-links", "--report", str(target))

    code, out, _ = run_cli(repo, "comment", "--report", str(target), "--dry-run")

    assert code == 0
    assert "### ✅ paperbot: every check passed" in out
    assert "inline suggestion" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "which pull request? give --pr N, or --event FILE"),
        (["--pr", "0"], "--pr must be a pull request number"),
        (["--pr", "3", "--repo", "not a repo"], "not a repository name"),
        (["--pr", "3"], "no repository: give --repo OWNER/NAME"),
        (["--pr", "3", "--repo", "o/r"], "GITHUB_TOKEN is not set"),
    ],
)
def test_what_is_missing_is_said_clearly(
    report: Path, repo: Path, run_cli: Any, args: list[str], message: str
) -> None:
    code, out, err = run_cli(repo, "comment", "--report", str(report), *args)

    assert (code, out) == (2, "")
    assert message in err


def test_an_event_of_another_kind_needs_pr(
    report: Path, repo: Path, run_cli: Any, tmp_path: Path
) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "created", "issue": {"number": 1}}))

    code, _, err = run_cli(repo, "comment", "--report", str(report), "--event", str(event))

    assert code == 2
    assert "neither a pull_request nor a workflow_run event" in err


def test_a_bad_api_url_is_a_configuration_error(
    report: Path, repo: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    monkeypatch.setenv("GITHUB_API_URL", "ftp://example.org")

    code, _, err = run_cli(repo, "comment", "--report", str(report), "--pr", "3", "--repo", "o/r")

    assert code == 2
    assert "GITHUB_API_URL is not an http(s) URL" in err
