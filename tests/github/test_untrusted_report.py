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


def _paper(**fields: Any) -> dict[str, Any]:
    paper = {"title": "A paper", "category": ["Systems", "Storage"]} | fields
    return {"path": PATH, "venue": "Demo 2025", "paper": paper}


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
    assert "(the comment has a size limit); the [validate run]" in comment["body"]


def test_a_report_cut_at_its_caps_is_commented_with_what_was_left_out(
    fake: FakeGitHub, run: Any
) -> None:
    # What `check --report` writes for a run past the report's caps (5,000 findings):
    # the first ones, and the rest counted. The comment job accepts it and says so.
    shown = [finding(path=f"entries/demo-2025/p{n:04}.yaml", suggestion=None) for n in range(50)]
    payload = report(*shown)
    payload["summary"]["error"] += 7_000
    payload["left_out"] = {"diagnostics": {"error": 7_000}, "not_run": 3, "papers": 12}

    code, _, _ = run(payload)

    assert code == 1
    (comment,) = fake.bot_comments(7)
    assert "### ❌ paperbot found 7050 errors\n" in comment["body"]
    assert (
        "_This run found more than one report holds: 7000 more errors, 3 more files a check "
        "did not run on, 12 more papers to preview are not shown here. The [validate run]"
        "(https://github.com/octo/papers/pull/7/checks) lists them._"
    ) in comment["body"]


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (report(finding(message="m" * 100_000)), "diagnostics.0.message"),
        (report(finding()) | {"pull_request": 1}, "pull_request: Extra inputs are not permitted"),
        (report(finding()) | {"repository": "someone/else"}, "repository"),
        (report(finding(line="two")), "diagnostics.0.line"),
        (report(finding(check="Links; rm -rf")), "diagnostics.0.check"),
        ([1, 2, 3], "not a valid paperbot report"),
        # Forged sizes (issue 14, finding 4): each of these made an unbounded comment or
        # a headline the findings contradict.
        (report() | {"checks": {f"c{n}": "failed" for n in range(10_000)}}, "checks"),
        (report() | {"checks": {"A B": "failed"}}, "checks.A B"),
        (report() | {"checks": {"x" * 2_000_000: "failed"}}, "checks"),
        (report(finding()) | {"summary": {"error": 0}}, "the summary counts 0 errors"),
        (report() | {"summary": {"warning": 10**9}}, "the summary counts"),
        (report() | {"papers": [_paper(blank_before=300_000_000)]}, "blank_before"),
        (report() | {"papers": [_paper(position=10**12)]}, "position"),
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
