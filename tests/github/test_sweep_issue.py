"""The sweep's tracking issue across weekly runs: created once, edited, closed when clean."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fake_github import FakeGitHub
from scenes import Paperbot, report

from bot.commands.sweep_issue import MARKER
from bot.model.diagnostics import Diagnostic, Result, Severity
from bot.report.formats import json_report


def broken(path: str, line: int = 5, reason: str = "404 Not Found") -> dict[str, Any]:
    return {
        "path": path,
        "line": line,
        "column": 11,
        "check": "links",
        "severity": "error",
        "message": f"broken link: {reason}",
    }


UNVERIFIABLE = broken("entries/v/slow.yaml") | {
    "severity": "warning",
    "message": "could not verify link: timed out",
}


@pytest.fixture
def sweep(paperbot: Paperbot, write_json: Any) -> Any:
    runs = iter(range(100))

    def run(payload: dict[str, Any]) -> tuple[int, str, str]:
        path = write_json(f"sweep-{next(runs)}.json", payload)
        return paperbot("sweep-issue", "--report", str(path))

    return run


def _open(fake: FakeGitHub) -> list[dict[str, Any]]:
    return [i for i in fake.issues.values() if i["state"] == "open"]


def test_created_once_edited_then_closed(fake: FakeGitHub, sweep: Any) -> None:
    code, _, err = sweep(report(broken("entries/v/a.yaml"), UNVERIFIABLE))
    assert (code, err) == (0, "paperbot: tracking issue: created #1\n")
    (issue,) = _open(fake)
    assert issue["title"] == "Broken links: 1 found by the link sweep"
    assert issue["body"].startswith(MARKER + "\nThe scheduled link sweep found 1 broken link.")
    assert (
        "- [`entries/v/a.yaml` line 5](https://github.com/octo/papers/blob/HEAD/entries/v/a.yaml#L5)"
        ": broken link: 404 Not Found" in issue["body"]
    )
    assert "slow.yaml" not in issue["body"]  # a warning is not a broken link

    two = report(broken("entries/v/a.yaml"), broken("entries/v/b.yaml", 7, "410 Gone"))
    assert sweep(two)[2] == "paperbot: tracking issue: updated #1\n"
    assert sweep(two)[2] == "paperbot: tracking issue: unchanged #1\n"
    (issue,) = _open(fake)
    assert issue["title"] == "Broken links: 2 found by the link sweep"
    assert "b.yaml#L7): broken link: 410 Gone" in issue["body"]

    assert sweep(report(UNVERIFIABLE))[2] == "paperbot: tracking issue: closed #1\n"
    assert not _open(fake)
    assert (fake.issues[1]["state"], fake.issues[1]["state_reason"]) == ("closed", "completed")
    (note,) = [c for c in fake.comments.values() if c["issue_url"].endswith("/issues/1")]
    assert "found no broken links: closing this issue" in note["body"]

    assert sweep(report())[2] == "paperbot: tracking issue: none open\n"
    assert len(fake.calls("POST", r"/issues$")) == 1
    assert len(fake.calls("PATCH", r"/issues/1$")) == 2  # one edit, one close


def test_broken_links_after_closing_open_a_new_issue(fake: FakeGitHub, sweep: Any) -> None:
    sweep(report(broken("entries/v/a.yaml")))
    sweep(report())

    assert sweep(report(broken("entries/v/c.yaml")))[2] == "paperbot: tracking issue: created #2\n"
    assert [i["number"] for i in _open(fake)] == [2]


def test_issues_by_others_are_left_alone(fake: FakeGitHub, sweep: Any) -> None:
    other = fake.add_issue("Links?", MARKER + "\nI copied the bot's text", "contributor")

    sweep(report(broken("entries/v/a.yaml")))

    assert fake.issues[other]["body"] == MARKER + "\nI copied the bot's text"
    assert len(_open(fake)) == 2


def test_reads_the_json_format_the_sweep_workflow_writes(fake: FakeGitHub, sweep: Any) -> None:
    # sweep.yml runs `paperbot check --format json --output report.json`, not --report.
    found = Diagnostic("entries/v/a.yaml", 3, 9, "links", Severity.ERROR, "broken link: 404")
    payload = json.loads(json_report(Result([found])))

    assert sweep(payload)[2] == "paperbot: tracking issue: created #1\n"


def test_many_broken_links_stay_within_githubs_limit(fake: FakeGitHub, sweep: Any) -> None:
    many = [broken(f"entries/v/{'p' * 250}{n:04}.yaml", reason="x" * 3000) for n in range(400)]

    sweep(report(*many))

    (issue,) = _open(fake)
    assert len(issue["body"]) <= 65_536
    assert issue["body"].rstrip().endswith("more (see the sweep's log)")


def test_dry_run_prints_the_issue(paperbot: Paperbot, write_json: Any) -> None:
    path = write_json("r.json", report(broken("entries/v/a.yaml")))

    code, out, _ = paperbot("sweep-issue", "--report", str(path), "--dry-run")

    assert code == 0
    assert out.startswith("Broken links: 1 found by the link sweep\n\n" + MARKER)
