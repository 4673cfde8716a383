"""The report comes from the contributor's side: what it says must stay inert, and a
report that breaks the contract never reaches GitHub."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fake_github import FakeGitHub
from scenes import PATCH, PATH, SHAS, Paperbot, finding, report, workflow_run_event

from bot.report.comment_body import MARKER

EVIL = "Evil @someone <img src=x> [click](javascript:alert(1)) ![i](https://t.example/p.png)"


@pytest.fixture
def run(fake: FakeGitHub, paperbot: Paperbot, write_json: Any) -> Any:
    """``run(report_payload)``: the comment job on pull request #7 with that report."""
    fake.add_pull(7, SHAS[0], "fork/papers", {PATH: PATCH})
    event = write_json("event.json", workflow_run_event(SHAS[0], "fork/papers", fake.repo))

    def go(payload: Any) -> tuple[int, str, str]:
        path = write_json("report.json", payload)
        return paperbot("comment", "--event", str(event), "--report", str(path))

    return go


def _assert_inert(text: str) -> None:
    # Inside code spans and fences nothing renders or pings (fixes are shown that way).
    text = re.sub(r"(`+).*?\1", "", text, flags=re.DOTALL)
    assert "`" not in text  # every code span was closed
    assert "@someone" not in text  # written &#64;someone: shown as @, pings nobody
    assert "<img" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # an escaped \] opens no link
    assert not re.search(r"(?<!\\)!\[", text)  # no image


def test_contributor_text_stays_inert_in_the_comment_and_the_suggestion(
    fake: FakeGitHub, run: Any
) -> None:
    paper = {
        "path": PATH,
        "venue": f"Venue {EVIL}",
        "paper": {"title": EVIL, "category": ["Systems"], "notes": [EVIL], "affiliations": [EVIL]},
    }
    found = finding(message=EVIL, fix=EVIL, path=PATH)

    code, _, _ = run(report(found, papers=[paper]))

    assert code == 1
    (comment,) = fake.bot_comments(7)
    _assert_inert(comment["body"])
    assert "Evil &#64;someone &lt;img src=x&gt;" in comment["body"]
    (suggestion,) = fake.review_comments[7]
    _assert_inert(suggestion["body"])


def test_a_huge_report_makes_a_comment_within_githubs_limit(fake: FakeGitHub, run: Any) -> None:
    many = [
        finding(path=f"entries/demo-2025/p{n:03}.yaml", message="x" * 3900, suggestion=None)
        for n in range(400)
    ]

    code, _, _ = run(report(*many))

    assert code == 1
    (comment,) = fake.bot_comments(7)
    assert len(comment["body"]) <= 65_536
    assert (
        "findings in all); the job summary of the validate run lists every one" in comment["body"]
    )


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (report(finding(message="m" * 100_000)), "diagnostics.0.message"),
        (report(finding()) | {"pull_request": 1}, "pull_request: Extra inputs are not permitted"),
        (report(finding()) | {"repository": "someone/else"}, "repository"),
        (report(finding(line="two")), "diagnostics.0.line"),
        (report(finding(check="Links; rm -rf")), "diagnostics.0.check"),
        ([1, 2, 3], "not a valid paperbot report"),
    ],
)
def test_a_report_that_breaks_the_contract_is_refused_before_github_is_asked(
    fake: FakeGitHub, run: Any, payload: Any, why: str
) -> None:
    code, out, err = run(payload)

    assert (code, out) == (2, "")
    assert err.startswith("paperbot: error: ") and "not a valid paperbot report" in err
    assert why in err
    assert not fake.hits
    assert MARKER not in err
