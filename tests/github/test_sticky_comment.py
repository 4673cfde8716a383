"""The one paperbot comment across runs, against the stateful fake: created, edited, never two.

Each run is what the comment workflow does after a push: a new event file (a real
``workflow_run`` or ``pull_request`` payload) and the report of that push.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fake_github import FakeGitHub
from scenes import (
    PATCH,
    PATH,
    SHAS,
    Paperbot,
    clean,
    failing,
    pull_request_event,
    workflow_run_event,
)

from bot.github.api import INLINE_MARKER
from bot.report.comment_body import MARKER

FORK = "contributor/papers"


@pytest.fixture
def push(fake: FakeGitHub, paperbot: Paperbot, write_json: Any, tmp_path: Path) -> Any:
    """``push(sha, report)``: the pull request's head moves to ``sha``; the bot runs."""
    fake.add_pull(7, SHAS[0], FORK, {PATH: PATCH})
    runs = iter(range(100))

    def run(sha: str, report: dict[str, Any]) -> tuple[int, str, str]:
        fake.pulls[7]["head"]["sha"] = sha
        n = next(runs)
        event = write_json(f"event-{n}.json", workflow_run_event(sha, FORK, fake.repo))
        return paperbot(
            "comment", "--event", str(event), "--report", str(write_json(f"r-{n}.json", report))
        )

    return run


def _only_bot_comment(fake: FakeGitHub) -> str:
    (comment,) = fake.bot_comments(7)
    body: str = comment["body"]
    assert body.startswith(MARKER)
    return body


def test_three_pushes_create_then_edit_then_all_clear(fake: FakeGitHub, push: Any) -> None:
    code, _, err = push(SHAS[0], failing())
    assert (code, err) == (
        1,
        "paperbot: created the comment on pull request #7\npaperbot: posted 1 inline suggestion\n",
    )
    first = _only_bot_comment(fake)
    assert "### ❌ paperbot found 1 error" in first and "`aaaaaaaaaaaa`" in first

    code, _, err = push(SHAS[1], failing())  # pushed again, still wrong
    assert (code, err) == (1, "paperbot: updated the comment on pull request #7\n")
    second = _only_bot_comment(fake)
    assert "### ❌ paperbot found 1 error" in second and "`bbbbbbbbbbbb`" in second

    code, _, err = push(SHAS[2], clean())  # fixed
    assert (code, err) == (0, "paperbot: updated the comment on pull request #7\n")
    assert "### ✅ paperbot: every check passed" in _only_bot_comment(fake)

    assert len(fake.calls("POST", r"/issues/7/comments$")) == 1
    assert len(fake.calls("PATCH", r"/issues/comments/\d+$")) == 2
    # The same suggestion on the same line was not posted again on the second push.
    (review,) = fake.reviews
    assert review["commit_id"] == SHAS[0]
    (suggestion,) = fake.review_comments[7]
    assert (suggestion["path"], suggestion["line"], suggestion["side"]) == (PATH, 2, "RIGHT")
    assert suggestion["body"].startswith(INLINE_MARKER + "\n")
    assert "```suggestion\ncategory: [Systems, Storage]\n```" in suggestion["body"]


def test_a_rerun_of_the_same_commit_changes_nothing(fake: FakeGitHub, push: Any) -> None:
    push(SHAS[0], failing())
    code, _, err = push(SHAS[0], failing())

    assert (code, err) == (1, "paperbot: the comment is up to date on pull request #7\n")
    assert not fake.calls("PATCH", ".")
    assert len(fake.reviews) == 1


def test_a_comment_deleted_by_a_maintainer_is_posted_again(fake: FakeGitHub, push: Any) -> None:
    push(SHAS[0], failing())
    (old,) = fake.bot_comments(7)
    del fake.comments[old["id"]]  # a maintainer deleted it between runs

    code, _, err = push(SHAS[1], failing())

    assert (code, err.splitlines()[0]) == (1, "paperbot: created the comment on pull request #7")
    assert "`bbbbbbbbbbbb`" in _only_bot_comment(fake)


def test_two_bot_comments_left_by_a_race_become_one(fake: FakeGitHub, push: Any) -> None:
    fake.add_comment(7, MARKER + "\nolder", "github-actions[bot]", "Bot", "NONE")
    fake.add_comment(7, MARKER + "\nnewer", "github-actions[bot]", "Bot", "NONE")

    push(SHAS[0], clean())

    assert "every check passed" in _only_bot_comment(fake)
    assert len(fake.calls("DELETE", r"/issues/comments/\d+$")) == 1


def test_only_comments_by_the_bot_or_maintainers_count_as_its_own(
    fake: FakeGitHub, push: Any
) -> None:
    # A contributor pasting the marker, and someone quoting the bot: neither is edited.
    pasted = fake.add_comment(7, MARKER + "\nall good, trust me", "mallory")
    quoted = fake.add_comment(
        7, f"> {MARKER}\n> ### ❌ paperbot found 1 error\nwhy?", "contributor"
    )

    push(SHAS[0], failing())

    assert fake.comments[pasted]["body"] == MARKER + "\nall good, trust me"
    assert fake.comments[quoted]["body"].startswith("> ")
    assert len(fake.bot_comments(7)) == 1


def test_a_maintainer_run_with_a_personal_token_finds_its_comment(
    fake: FakeGitHub, push: Any
) -> None:
    mine = fake.add_comment(7, MARKER + "\nold", "maintainer", "User", "MEMBER")

    push(SHAS[0], clean())

    assert "every check passed" in fake.comments[mine]["body"]
    assert not fake.calls("POST", r"/issues/7/comments$")


def test_the_comment_is_found_past_the_first_page(fake: FakeGitHub, push: Any) -> None:
    for n in range(120):
        fake.add_comment(7, f"comment {n}")
    push(SHAS[0], failing())
    fake.page_size = 50  # three pages now, the bot's comment on the last

    push(SHAS[1], clean())

    assert len(fake.calls("GET", r"/issues/7/comments\?.*page=3")) == 1
    assert "every check passed" in _only_bot_comment(fake)


def test_a_fork_pull_request_is_found_by_head_commit_and_repository(
    fake: FakeGitHub, paperbot: Paperbot, write_json: Any
) -> None:
    # GitHub's "pulls of a commit" misses the fork's pull request, and another fork has
    # pushed the same commit: the head repository tells them apart.
    fake.commit_lists_forks = False
    fake.add_pull(3, SHAS[0], "mallory/papers")
    fake.add_pull(7, SHAS[0], FORK, {PATH: PATCH})
    event = write_json("e.json", workflow_run_event(SHAS[0], FORK, fake.repo))

    code, _, _ = paperbot(
        "comment", "--event", str(event), "--report", str(write_json("r.json", failing()))
    )

    assert code == 1
    assert len(fake.bot_comments(7)) == 1 and not fake.bot_comments(3)
    assert fake.calls("GET", rf"/commits/{SHAS[0]}/pulls") and fake.calls("GET", r"/pulls\?")


def test_a_pull_request_event_names_its_number(
    fake: FakeGitHub, paperbot: Paperbot, write_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.add_pull(9, SHAS[3], files={PATH: PATCH})
    event = write_json("e.json", pull_request_event(9, SHAS[3], fake.repo))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))

    code, _, _ = paperbot("comment", "--report", str(write_json("r.json", failing())))

    assert code == 1
    assert "`dddddddddddd`" in fake.bot_comments(9)[0]["body"]
    assert fake.reviews[0]["commit_id"] == SHAS[3]


def test_pr_flag_needs_no_event(fake: FakeGitHub, paperbot: Paperbot, write_json: Any) -> None:
    fake.add_pull(9, SHAS[4])

    code, _, _ = paperbot("comment", "--pr", "9", "--report", str(write_json("r.json", clean())))

    assert code == 0
    assert "`eeeeeeeeeeee`" in fake.bot_comments(9)[0]["body"]
    assert not fake.calls("GET", "/files")  # no suggestions to place: the diff is not read
