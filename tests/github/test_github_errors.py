"""When GitHub says no: 5xx, rate limits, a read-only token, a deleted pull request.

The waits are measured at the fake, from the arrival times of the request and of
its retry: at least what GitHub asked for. No test asserts an upper bound on time.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fake_github import FakeGitHub
from fake_routes import READ_ONLY, Reply
from scenes import FAST, PATCH, PATH, SHAS, Paperbot, clean, failing, pull_request_event

from bot.report.comment_body import MARKER

CREATE = r"/issues/7/comments$"
SECONDARY = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
    "again. If you reach out to GitHub Support for help, please include the request ID."
)


@pytest.fixture
def comment(
    fake: FakeGitHub, paperbot: Paperbot, write_json: Any, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """``comment(report=failing())``: one run on pull request #7 (a pull_request event)."""
    fake.add_pull(7, SHAS[0], files={PATH: PATCH})
    event = write_json("event.json", pull_request_event(7, SHAS[0], fake.repo))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))

    def run(report: dict[str, Any] | None = None) -> tuple[int, str, str]:
        path = write_json("report.json", failing() if report is None else report)
        return paperbot("comment", "--report", str(path))

    return run


def _gap(fake: FakeGitHub, method: str, path: str) -> float:
    first, second = fake.calls(method, path)
    return second.at - first.at


def test_a_502_is_retried(fake: FakeGitHub, comment: Any) -> None:
    fake.fail("POST", CREATE, Reply(502, {"message": "Server Error"}))

    code, _, err = comment()

    assert (code, err.splitlines()[0]) == (1, "paperbot: created the comment on pull request #7")
    assert len(fake.calls("POST", CREATE)) == 2
    assert len(fake.bot_comments(7)) == 1


def test_a_5xx_that_does_not_go_away_is_a_clear_error(fake: FakeGitHub, comment: Any) -> None:
    fake.fail("GET", r"/pulls/7$", Reply(503, {"message": "Service Unavailable"}), times=99)

    code, _, err = comment()

    assert code == 2
    where = "pull request #7 of octo/papers"
    assert err == f"paperbot: error: {where}: GitHub answered 503 Service Unavailable\n"
    assert len(fake.calls("GET", r"/pulls/7$")) == FAST.retries + 1


def test_429_waits_as_long_as_retry_after_says(fake: FakeGitHub, comment: Any) -> None:
    fake.fail("POST", CREATE, Reply(429, {"message": "Too many requests"}, {"Retry-After": "1"}))

    code, _, _ = comment()

    assert code == 1
    assert _gap(fake, "POST", CREATE) >= 1.0
    assert len(fake.bot_comments(7)) == 1


def test_a_secondary_rate_limit_waits_for_retry_after(fake: FakeGitHub, comment: Any) -> None:
    limit = Reply(403, {"message": SECONDARY}, {"Retry-After": "1"})
    fake.fail("PATCH", r"/issues/comments/\d+$", limit)
    comment()  # creates the comment; the next run edits it

    code, _, err = comment(clean())

    assert (code, err) == (0, "paperbot: updated the comment on pull request #7\n")
    assert _gap(fake, "PATCH", r"/issues/comments/\d+$") >= 1.0
    assert "every check passed" in fake.bot_comments(7)[0]["body"]


def test_a_secondary_rate_limit_without_retry_after_waits_the_set_time(
    fake: FakeGitHub, comment: Any
) -> None:
    fake.fail("POST", CREATE, Reply(403, {"message": SECONDARY}))

    code, _, _ = comment()

    assert code == 1
    assert _gap(fake, "POST", CREATE) >= FAST.secondary_wait


def test_a_primary_rate_limit_waits_until_the_reset(fake: FakeGitHub, comment: Any) -> None:
    reset = int(time.time()) + 1
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    message = "API rate limit exceeded for installation ID 4242."
    fake.fail("GET", r"/pulls/7$", Reply(403, {"message": message}, headers))

    code, _, _ = comment()

    assert code == 1
    _, retry = fake.calls("GET", r"/pulls/7$")
    assert retry.wall >= reset


def test_a_rate_limit_reset_too_far_away_fails_at_once(fake: FakeGitHub, comment: Any) -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 3600)}
    message = "API rate limit exceeded for installation ID 4242."
    fake.fail("GET", r"/pulls/7$", Reply(403, {"message": message}, headers), times=99)

    code, _, err = comment()

    assert code == 2
    assert "GitHub's rate limit asks for a wait of 36" in err
    assert "run the job again later" in err
    assert len(fake.calls("GET", r"/pulls/7$")) == 1


def test_a_retry_after_too_long_fails_at_once(fake: FakeGitHub, comment: Any) -> None:
    fake.fail("POST", CREATE, Reply(429, {"message": "Slow down"}, {"Retry-After": "3600"}))

    code, _, err = comment()

    assert code == 2
    assert "asks for a wait of 3600 s, longer than paperbot waits" in err
    assert len(fake.calls("POST", CREATE)) == 1


@pytest.mark.parametrize(("report", "verdict"), [(failing(), 1), (clean(), 0)])
def test_a_read_only_token_writes_the_job_summary_instead(
    fake: FakeGitHub,
    comment: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    report: dict[str, Any],
    verdict: int,
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("### the check step's report\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    fake.read_only = True

    code, out, err = comment(report)

    assert code == verdict  # the job still reports the verdict
    assert out == ""
    assert err == (
        "paperbot: the token cannot write the paperbot comment on pull request #7 "
        f"(403 {READ_ONLY['message']}): it is read-only, as in a pull_request run from "
        "a fork; the comment goes to the job summary instead\n"
    )
    assert summary.read_text().startswith("### the check step's report\n" + MARKER)
    assert not fake.comments
    assert len(fake.calls("POST", CREATE)) == 1  # a 403 that is no rate limit: no retry


def test_a_read_only_token_without_a_job_summary_prints_the_comment(
    fake: FakeGitHub, comment: Any
) -> None:
    fake.read_only = True

    code, out, err = comment()

    assert code == 1
    assert out.startswith(MARKER)
    assert "goes to standard output instead" in err


def test_a_deleted_pull_request_is_a_clear_error(fake: FakeGitHub, comment: Any) -> None:
    del fake.pulls[7]

    code, out, err = comment()

    assert (code, out) == (2, "")
    assert err == (
        "paperbot: error: pull request #7 of octo/papers: "
        "GitHub answered 404 Not Found (deleted, or the token cannot see it)\n"
    )


def test_a_refused_token_is_a_clear_error(fake: FakeGitHub, comment: Any) -> None:
    fake.fail("GET", r"/pulls/7$", Reply(401, {"message": "Bad credentials"}))

    code, _, err = comment()

    assert code == 2
    assert "GitHub refused the token (401 Bad credentials)" in err


def test_no_token_is_a_configuration_error(
    fake: FakeGitHub, comment: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")

    code, _, err = comment()

    assert code == 2
    assert "GITHUB_TOKEN is not set" in err
    assert not fake.hits


def test_an_unreachable_api_is_a_clear_error(
    comment: Any, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.close()  # nothing listens there any more
    monkeypatch.setenv("GITHUB_API_URL", fake.url)

    code, _, err = comment()

    assert code == 2
    assert "cannot reach the GitHub API" in err


def test_suggestions_on_lines_outside_the_diff_do_not_stop_the_comment(
    fake: FakeGitHub, comment: Any
) -> None:
    fake.fail("POST", r"/pulls/7/reviews$", Reply(422, {"message": "Unprocessable Entity"}))

    code, _, err = comment()

    assert code == 1
    assert "GitHub refused the inline suggestions (Unprocessable Entity)" in err
    assert len(fake.bot_comments(7)) == 1
