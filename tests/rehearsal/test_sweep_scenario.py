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
        text = on_loopback(path.read_text(encoding="utf-8"), f"{links}/ok/{path.stem}")
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


def on_loopback(text: str, prefix: str) -> str:
    """Every ``url:`` of a paper file as ``PREFIX-0``, ``PREFIX-1``, ... (all different:
    a URL twice would be a finding of its own)."""
    count = iter(range(1000))
    return URL_LINE.sub(lambda m: f"{m.group(1)}{prefix}-{next(count)}", text)


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


def sweep(github: Platform, start: str = "schedule") -> tuple[RunResult, list[str | None]]:
    """One run of sweep.yml, and the cache key each shard restored (in shard order; on
    a schedule the run's scope is the default branch)."""
    log = len(github.cache_log)
    run = one(github.schedule("sweep") if start == "schedule" else github.dispatch("sweep"))
    assert run.event == start
    restores = [entry for entry in github.cache_log[log:] if entry[1] == "restore"]
    assert {scope for _, _, _, scope in restores} <= {"refs/heads/main", None}, restores
    return run, [key for _, _, key, _ in restores]


def saved_by(github: Platform, run: RunResult, shard: int) -> str:
    """The key shard ``shard`` of ``run`` saved its link cache under (it must have)."""
    key = f"paperbot-links-sweep-{shard}-of-4-{run.run_id}-1"
    assert ("refs/heads/main", key) in [(s, k) for s, k, _ in github.caches], github.cache_log
    return key


def link_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in report["diagnostics"] if d["check"] == "links"]


def healthy(run: RunResult) -> None:
    assert run.conclusion == "success", describe(run)
    sweep, issue = run.jobs["sweep"], run.jobs["issue"]
    assert sweep.result == "success" and issue.result == "success", describe(run)
    uploads = [s for s in sweep.steps if s.name == "Upload this shard's report"]
    assert [s.outcome for s in uploads] == ["success"] * SHARDS, describe(run)


def tracking_issues(github: Platform) -> list[dict[str, Any]]:
    return [i for i in github.fake.issues.values() if i["body"].startswith(MARKER)]


def test_a_dead_link_gets_one_tracking_issue_closed_by_the_first_complete_sweep_after_the_fix(
    github: Platform, links: str
) -> None:
    scenario_five(github, links)


def scenario_five(github: Platform, links: str) -> None:
    """What GitHub shows over six weekly sweeps (also run on broken copies of sweep.yml
    by test_mutations.py, where it must fail)."""
    line = papers_on_loopback(github, links, "/gone/adaparse")
    holder = shard_of(f"{links}/gone/adaparse", SHARDS, LinkConfig())

    # Weeks 1 and 2: the link fails, but not yet often enough nor long enough. The
    # failures are counted in the link cache the shard saves and restores next week.
    last: RunResult | None = None
    for week in (1, 2):
        if last is not None:
            a_week_passes(github)
        run, restored = sweep(github)
        healthy(run)
        if last is not None:
            assert restored[holder - 1] == saved_by(github, last, holder), restored
        reports = shard_reports(github, run)
        assert sorted(reports) == [1, 2, 3, 4], describe(run)
        found = link_findings(reports[holder])
        assert [(d["severity"], d["path"], d["line"]) for d in found] == [
            ("warning", PAPER, line)
        ], found
        assert f"{week} of 3 failures" in found[0]["message"], found
        assert all(not link_findings(r) for s, r in reports.items() if s != holder)
        assert tracking_issues(github) == [], describe(run)
        last = run

    # Week 3: three failures over two weeks: broken, and one issue lists it.
    a_week_passes(github)
    run, restored = sweep(github)
    healthy(run)
    assert last is not None and restored[holder - 1] == saved_by(github, last, holder)
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
    run, _ = sweep(github, "workflow_dispatch")
    healthy(run)
    assert [i["number"] for i in tracking_issues(github)] == [opened["number"]]
    assert "4 failures" in opened["body"], opened["body"]  # the fake edits in place
    assert f"updated #{opened['number']}" in run.jobs["issue"].step("Update the tracking issue").log
    last = run

    # The link is fixed on the default branch, but the runner of the shard that holds
    # the loopback links is lost: the issue job does not run (needs: sweep), so a missing
    # report cannot close the issue.
    fixed = git(github.origin, "show", f"main:{PAPER}").replace("/gone/", "/ok/") + "\n"
    github.commit_to_default(PAPER, fixed, "Fix AdaParse's paper link")
    a_week_passes(github)
    before = dict(opened)
    github.lose_runner("sweep", {"shard": holder})
    run, _ = sweep(github)
    assert run.jobs["sweep"].result == "failure", describe(run)
    assert run.jobs["issue"].result == "skipped", describe(run)
    assert sorted(shard_reports(github, run)) == sorted({1, 2, 3, 4} - {holder})
    assert tracking_issues(github) == [before], describe(run)
    assert github.fake.bot_comments(opened["number"]) == []

    # The next sweep, with every shard, closes the issue. The lost shard saved no cache:
    # its shard restores the last one it did save.
    run, restored = sweep(github)
    healthy(run)
    assert restored[holder - 1] == saved_by(github, last, holder), restored
    assert all(not link_findings(r) for r in shard_reports(github, run).values())
    assert [(i["number"], i["state"]) for i in tracking_issues(github)] == [
        (opened["number"], "closed")
    ], describe(run)
    closing = [c["body"] for c in github.fake.bot_comments(opened["number"])]
    assert len(closing) == 1 and "found no broken links" in closing[0], closing
