"""The privileged comment job stays bounded with a forged report (issue 14, finding 4),
through ``paperbot comment`` against Prism's mock of GitHub's API: a report as large as
the job accepts makes one comment GitHub takes, and a small report that asks for huge
work (300 million blank lines, 10,000 checks) is refused before GitHub is asked."""

from __future__ import annotations

from typing import Any

import pytest
from mock_github import Proxy
from scenes import SHAS, Paperbot, finding, pull_request_event, report

from bot.report.handoff import MAX_CHECKS, MAX_REPORT_BYTES

REPO = "Codertocat/Hello-World"
AT = "@" * 296  # "&#64;" once escaped: five times longer in the comment


@pytest.fixture
def comment(paperbot: Paperbot, write_json: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    event = write_json("event.json", pull_request_event(2, SHAS[0], REPO))
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))

    def go(payload: Any) -> tuple[int, str, str]:
        path = write_json("report.json", payload)
        assert path.stat().st_size <= MAX_REPORT_BYTES
        return paperbot("comment", "--report", str(path))

    return go


def _largest() -> dict[str, Any]:
    """Every check the model allows, each not run on files for three long reasons, and
    as many long findings as the 2 MiB the job reads."""
    found = [
        finding(
            path=f"entries/demo-2025/p{n:03}.yaml",
            check=f"check-{n % MAX_CHECKS}",
            message=AT * 13,
            fix="`" * 100,
            suggestion=None,
        )
        for n in range(380)
    ]
    payload = report(*found)
    payload["checks"] = {f"check-{n}": "failed" for n in range(MAX_CHECKS)}
    payload["not_run"] = [
        {"path": f"entries/demo-2025/q{n:03}.yaml", "check": f"check-{n % MAX_CHECKS}",
         "reason": AT + f"{n:04}"}
        for n in range(3 * MAX_CHECKS)
    ]  # fmt: skip
    return payload


def test_the_largest_report_the_job_accepts_makes_one_comment_github_takes(
    github_mock: Proxy, comment: Any
) -> None:
    code, _, err = comment(_largest())

    assert (code, err.splitlines()[0]) == (1, "paperbot: created the comment on pull request #2")
    (posted,) = github_mock.sent("POST", r"/issues/1347/comments$")
    assert posted.status == 201
    body = posted.body["body"]
    assert len(body.encode("utf-16-le")) // 2 <= 65_536
    assert "(the comment has a size limit); the [validate run]" in body


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        # 209 bytes that cost the job 3.1 GB: a preview rendered with 300 million blank lines.
        (
            report()
            | {
                "papers": [
                    {
                        "path": "entries/demo-2025/p.yaml",
                        "venue": "V",
                        "paper": {"title": "T", "category": ["C"], "blank_before": 300_000_000},
                    }
                ]
            },
            "blank_before",
        ),
        (report() | {"checks": {f"c{n}": "failed" for n in range(100_000)}}, "checks"),
        (report() | {"summary": {"error": 0, "warning": 0, "notice": 10**12}}, "summary"),
    ],
    ids=["blank-lines", "checks", "counts"],
)
def test_a_small_report_that_asks_for_huge_work_is_refused_before_github_is_asked(
    github_mock: Proxy, comment: Any, payload: Any, why: str
) -> None:
    code, out, err = comment(payload)

    assert (code, out) == (2, "")
    assert "not a valid paperbot report" in err and why in err
    assert len(err) < 1_000
    assert not github_mock.sent("POST", r".")
    assert not github_mock.sent("PATCH", r".")
