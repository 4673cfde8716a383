"""``paperbot comment`` and ``sweep-issue`` against Prism's mock of GitHub's API description.

Prism answers with canned examples (pull request #1347 of octocat/Hello-World, one
comment "Me too", ...), so these tests are about the requests: each must be one
GitHub accepts. The ``github_mock`` fixture fails a test on any request Prism
refuses; the first test shows that it would.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from mock_github import Proxy
from scenes import SHAS, Paperbot, failing, pull_request_event, report, workflow_run_event

from bot.github.api import INLINE_MARKER, Repo
from bot.report.comment_body import InlineComment

REPO = "Codertocat/Hello-World"  # the repository of the real webhook payloads


def _request(mock: Proxy, method: str, path: str, payload: Any = None) -> Any:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(mock.url + path, data=data, method=method)
    request.add_header("Authorization", "token test")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code


def _canned_pull(mock: Proxy) -> dict[str, Any]:
    pull: dict[str, Any] = _request(mock, "GET", f"/repos/{REPO}/pulls/1")
    mock.clear()
    return pull


def test_a_request_that_breaks_the_description_is_caught(github_mock: Proxy) -> None:
    # An issue comment needs a "body": without one GitHub (and Prism) answer 422.
    assert _request(github_mock, "POST", f"/repos/{REPO}/issues/2/comments", {"text": "x"}) == 422
    assert _request(github_mock, "GET", "/repos/only-an-owner") == 404

    found = list(github_mock.violations)
    github_mock.clear()  # the fixture would fail this test otherwise
    assert any("request.body" in v and "'body'" in v for v in found), found
    assert any("/repos/only-an-owner" in v for v in found), found


def test_comment_on_a_pull_request_event(
    github_mock: Proxy, paperbot: Paperbot, write_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = write_json("event.json", pull_request_event(2, SHAS[0], REPO))
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))

    code, _, err = paperbot("comment", "--report", str(write_json("r.json", failing())))

    assert (code, err.splitlines()[0]) == (1, "paperbot: created the comment on pull request #2")
    (posted,) = github_mock.sent("POST", r"/issues/1347/comments$")
    assert posted.status == 201
    assert posted.body["body"].startswith("<!-- paperbot:pr-comment -->")
    # The canned comment list has five pages: every one was read, under /api/v3.
    pages = github_mock.sent("GET", r"/issues/1347/comments\?")
    assert [parse_qs(urlsplit(e.path).query)["page"] for e in pages[1:]] == [
        ["2"],
        ["3"],
        ["4"],
        ["5"],
    ]
    assert github_mock.sent("GET", rf"^/repos/{REPO}/pulls/2$")


def test_workflow_run_finds_the_pull_request_by_head_commit(
    github_mock: Proxy, paperbot: Paperbot, write_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    canned = _canned_pull(github_mock)  # the pull request Prism answers with
    sha, head_repo = canned["head"]["sha"], canned["head"]["repo"]["full_name"]
    event = write_json("event.json", workflow_run_event(sha, head_repo, REPO))
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)

    code, _, err = paperbot(
        "comment", "--event", str(event), "--report", str(write_json("r.json", report()))
    )

    assert code == 0, err
    assert github_mock.sent("GET", rf"^/repos/{REPO}/commits/{sha}/pulls")
    assert github_mock.sent("POST", r"/issues/1347/comments$")
    assert not github_mock.sent("GET", r"/pulls/2$")  # the event's pull_requests list is unused


def test_no_pull_request_with_that_head_is_a_clear_error(
    github_mock: Proxy, paperbot: Paperbot, write_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = write_json("event.json", workflow_run_event(SHAS[1], "fork/Hello-World", REPO))
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)

    code, _, err = paperbot(
        "comment", "--event", str(event), "--report", str(write_json("r.json", failing()))
    )

    assert code == 2
    assert "no open pull request of Codertocat/Hello-World has commit bbbbbbbbbbbb" in err
    # Both ways of looking were tried, the open pull requests through every page.
    assert github_mock.sent("GET", rf"/commits/{SHAS[1]}/pulls")
    assert len(github_mock.sent("GET", r"/pulls\?.*state=open")) == 5
    assert not github_mock.sent("POST", ".")


def test_a_review_with_suggestions_is_accepted(github_mock: Proxy) -> None:
    repo = Repo(REPO, github_mock.url, "test-token")
    pull = repo.pull(1347)
    files = repo.changed_lines(pull)
    inline = [InlineComment("file1.txt", 2, "```suggestion\nfixed\n```")]

    assert files == {"file1.txt": frozenset()}  # the canned patch is two bare hunk headers
    assert repo.post_suggestions(pull, pull.head_sha, inline) == 1
    (review,) = github_mock.sent("POST", r"/pulls/1347/reviews$")
    assert review.body["event"] == "COMMENT"
    assert review.body["commit_id"] == pull.head_sha
    assert review.body["comments"] == [
        {
            "path": "file1.txt",
            "line": 2,
            "side": "RIGHT",
            "body": f"{INLINE_MARKER}\n```suggestion\nfixed\n```",
        }
    ]


def test_sweep_issue_is_created_with_a_valid_request(
    github_mock: Proxy, paperbot: Paperbot, write_json: Any, tmp_path: Path
) -> None:
    broken = report(
        {
            "path": "entries/x/a.yaml",
            "line": 4,
            "column": 10,
            "check": "links",
            "severity": "error",
            "message": "broken link: 404 Not Found",
        }
    )

    code, _, err = paperbot(
        "sweep-issue", "--repo", REPO, "--report", str(write_json("r.json", broken))
    )

    assert code == 0, err
    (created,) = github_mock.sent("POST", rf"^/repos/{REPO}/issues$")
    assert created.body["body"].startswith("<!-- paperbot:link-sweep -->")
    assert created.body["title"] == "Broken links: 1 found by the link sweep"
