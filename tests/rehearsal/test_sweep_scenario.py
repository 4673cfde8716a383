"""Scenario 5 of issue 21: the weekly link sweep (sweep.yml) keeps one tracking issue.

A paper on the default branch has a dead link. The sweep calls a link broken only after
``links.confirm_failures`` failures spanning ``links.confirm_days`` (3 over 2 days by
default, bot/links/judge.py), and remembers the failures in the link cache each shard
restores and saves. So the first two weekly sweeps open nothing, the third opens one
issue, the fourth edits that same issue, and the first sweep after the fix closes it.

Time: paperbot measures it as "now" against the timestamps in its link cache, and has
no knob to set "now". A week passing is rehearsed by moving every timestamp in the
cache store back a week (``a_week_passes``), which is the same thing to the tool. The
entries' links are all on the loopback ``links`` server (nothing leaves the machine).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hosting import Platform, git
from runner import RunResult, describe

from bot.commands.sweep_issue import MARKER
from bot.links.cache import HEADER
from bot.links.shard import shard_of
from bot.model.config import LinkConfig
from bot.speed import sealed_file

PAPER = "entries/mlsys-2025/adaparse.yaml"
URL_LINE = re.compile(r"^(\s*(?:- )?url: )(\S+)$", re.M)
SHARDS = 4  # sweep.yml's matrix


def papers_on_loopback(github: Platform, links: str, dead: str) -> str:
    """A maintainer points every paper's links at the loopback server (so the sweep
    never leaves this machine): ``/ok/…`` everywhere, except ``dead`` for PAPER's first
    link. Returns that link's line in PAPER (1-based)."""
    work = github.clone("maintainer-links")
    for path in sorted((work / "entries").rglob("*.yaml")):
        if path.name == "venue.yaml":
            continue
        count = iter(range(100))
        text = URL_LINE.sub(lambda m: f"{m.group(1)}{links}/ok/{path.stem}-{next(count)}", path.read_text())
        path.write_text(text, encoding="utf-8")
    paper = work / PAPER
    text = paper.read_text(encoding="utf-8")
    text = text.replace(f"{links}/ok/adaparse-0", f"{links}{dead}", 1)
    paper.write_text(text, encoding="utf-8")
    # Not one link that would leave loopback: a sweep fetches every link of every paper.
    outside = [
        (p, u)
        for p in (work / "entries").rglob("*.yaml")
        if p.name != "venue.yaml"
        for _, u in URL_LINE.findall(p.read_text(encoding="utf-8"))
        if not u.startswith(links + "/")
    ]
    assert not outside, outside
    git(work, "commit", "-q", "-am", "Links on the loopback server")
    git(work, "push", "-q", "origin", "HEAD:main")
    return 1 + text[: text.index(f"{links}{dead}")].count("\n")


def a_week_passes(github: Platform) -> None:
    """Seven days pass for paperbot: every time in every stored link cache moves back a
    week, resealed under the key the cache folder carries (bot/speed/sealed_file.py)."""
    week = timedelta(days=7)
    for _, _, folder in github.caches:
        path = folder / "links.json"
        data = sealed_file.read(path, HEADER) if path.exists() else None
        if data is None:
            continue
        for entry in data["urls"].values():
            entry["checked_at"] = (datetime.fromisoformat(entry["checked_at"]) - week).isoformat()
            entry["failures"] = [
                (datetime.fromisoformat(when) - week).isoformat() for when in entry["failures"]
            ]
        assert sealed_file.write(path, HEADER, data) is None


def one(runs: list[RunResult]) -> RunResult:
    assert [r.workflow for r in runs] == ["sweep"], [r.workflow for r in runs]
    return runs[0]


def shard_reports(github: Platform, run: RunResult) -> dict[int, dict[str, Any]]:
    """The report artifact each shard uploaded, by shard."""
    stored = github.artifacts.get(run.run_id, {})
    return {
        int(name.rsplit("-", 1)[1]): json.loads((folder / "report.json").read_text())
        for name, folder in stored.items()
        if name.startswith("sweep-report-")
    }


def link_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in report["diagnostics"] if d["check"] == "links"]


def healthy(run: RunResult) -> RunResult:
    assert run.conclusion == "success", describe(run)
    sweep, issue = run.jobs["sweep"], run.jobs["issue"]
    assert sweep.result == "success" and issue.result == "success", describe(run)
    uploads = [s for s in sweep.steps if s.name == "Upload this shard's report"]
    assert [s.outcome for s in uploads] == ["success"] * SHARDS, describe(run)
    return run


def tracking_issues(github: Platform) -> list[dict[str, Any]]:
    return [i for i in github.fake.issues.values() if i["body"].startswith(MARKER)]


def test_a_dead_link_gets_one_tracking_issue_which_the_sweep_after_the_fix_closes(
    github: Platform, links: str
) -> None:
    scenario_five(github, links)


def scenario_five(github: Platform, links: str) -> None:
    """What GitHub shows over five weekly sweeps (also run on broken copies of sweep.yml
    by test_mutations.py, where it must fail)."""
    line = papers_on_loopback(github, links, "/gone/adaparse")
    holder = shard_of(f"{links}/gone/adaparse", SHARDS, LinkConfig())

    # Weeks 1 and 2: the link fails, but not yet often enough nor long enough.
    for week, seen in ((1, "1 of 3 failures"), (2, "2 of 3 failures")):
        if week > 1:
            a_week_passes(github)
        run = healthy(one(github.schedule("sweep")))
        assert run.event == "schedule"
        reports = shard_reports(github, run)
        assert sorted(reports) == [1, 2, 3, 4], describe(run)
        found = link_findings(reports[holder])
        assert [(d["severity"], d["path"], d["line"]) for d in found] == [
            ("warning", PAPER, line)
        ], found
        assert seen in found[0]["message"], found
        assert all(not link_findings(r) for s, r in reports.items() if s != holder)
        assert tracking_issues(github) == [], describe(run)

    # Week 3: three failures over two weeks: broken, and one issue lists it.
    a_week_passes(github)
    run = healthy(one(github.schedule("sweep")))
    issues = tracking_issues(github)
    assert len(issues) == 1, describe(run)
    opened = issues[0]
    assert opened["state"] == "open"
    assert opened["title"] == "Broken links: 1 found by the link sweep"
    assert f"line {line}" in opened["body"] and "adaparse.yaml" in opened["body"]
    assert "3 failures" in opened["body"], opened["body"]
    update = run.jobs["issue"].step("Update the tracking issue")
    assert f"created #{opened['number']}" in update.log, describe(run)

    # Week 4, started by hand ("Run workflow"): still broken: the same issue, edited.
    a_week_passes(github)
    run = healthy(one(github.dispatch("sweep")))
    assert run.event == "workflow_dispatch"
    assert [i["number"] for i in tracking_issues(github)] == [opened["number"]]
    assert "4 failures" in opened["body"], opened["body"]  # the fake edits in place
    assert f"updated #{opened['number']}" in run.jobs["issue"].step("Update the tracking issue").log

    # The link is fixed on the default branch; the next sweep closes the issue.
    fixed = git(github.origin, "show", f"main:{PAPER}").replace("/gone/", "/ok/") + "\n"
    github.commit_to_default(PAPER, fixed, "Fix AdaParse's paper link")
    a_week_passes(github)
    run = healthy(one(github.schedule("sweep")))
    assert all(not link_findings(r) for r in shard_reports(github, run).values())
    assert [(i["number"], i["state"]) for i in tracking_issues(github)] == [
        (opened["number"], "closed")
    ], describe(run)
    closing = [c["body"] for c in github.fake.bot_comments(opened["number"])]
    assert len(closing) == 1 and "found no broken links" in closing[0], closing


def test_a_lost_shard_leaves_the_issue_as_it_is(github: Platform, links: str) -> None:
    """Every link works again, but the runner of the shard that holds them is lost: the
    issue job does not run (a missing report must not close the issue). The next sweep,
    with every shard, closes it."""
    papers_on_loopback(github, links, "/ok/adaparse-fixed")
    body = f"{MARKER}\nThe scheduled link sweep found 1 broken link.\n"
    number = github.fake.add_issue("Broken links: 1 found by the link sweep", body, "github-actions[bot]", "Bot")
    holder = shard_of(f"{links}/ok/adaparse-fixed", SHARDS, LinkConfig())
    github.lose_runner("sweep", {"shard": holder})
    run = one(github.schedule("sweep"))
    assert run.jobs["sweep"].result == "failure", describe(run)
    assert run.jobs["issue"].result == "skipped", describe(run)
    assert sorted(shard_reports(github, run)) == sorted({1, 2, 3, 4} - {holder})
    assert github.fake.issues[number]["state"] == "open"
    assert github.fake.issues[number]["body"] == body
    assert github.fake.bot_comments(number) == []

    run = healthy(one(github.schedule("sweep")))
    assert github.fake.issues[number]["state"] == "closed", describe(run)
