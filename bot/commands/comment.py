"""``paperbot comment``: the report of a validate run, as the one comment on its pull request.

The report is untrusted (the contributor's code wrote it) and names no pull
request or repository: which pull request to comment on comes from --pr or from
the event GitHub wrote. For ``workflow_run`` it is always looked up by head commit.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import FatalError
from bot.files.text_files import append_text
from bot.github import actions_env
from bot.github.event import Event, read_event
from bot.report.comment_body import CommentPlan, PullContext, build
from bot.report.handoff import Report, read_report

if TYPE_CHECKING:
    from bot.github.api import Pull, Repo


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(
        name,
        help=summary,
        description="Exit codes: 0 the report has no errors, 1 it has errors (the verdict), "
        "2 usage, configuration or GitHub error.",
    )
    parser.add_argument("--report", metavar="FILE", required=True, help="the JSON report")
    parser.add_argument("--pr", type=int, metavar="N", help="the pull request number")
    parser.add_argument(
        "--event",
        metavar="FILE",
        default=os.environ.get("GITHUB_EVENT_PATH"),
        help="the GitHub event (default: $GITHUB_EVENT_PATH); pull_request gives the number, "
        "workflow_run the head commit to look the pull request up by",
    )
    parser.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the comment and the inline suggestions instead of posting (no token needed)",
    )


@dataclass(frozen=True)
class Target:
    number: int | None  # known from --pr or a pull_request event
    head_sha: str | None  # the commit that was checked, from the event
    head_repo: str | None  # for workflow_run: whose commit it is


def run(args: argparse.Namespace) -> int:
    report = read_report(Path(args.report))
    event = read_event(Path(args.event)) if args.event else None
    if args.dry_run:
        # A preview needs no pull request: without one, its links say /pull/0.
        known = args.pr is not None or event is not None
        target = _target(args.pr, event) if known else Target(None, None, None)
        _print_plan(report, target, actions_env.repo_name(args.repo, event, required=False))
        return 1 if report.failed else 0
    target = _target(args.pr, event)
    name = actions_env.repo_name(args.repo)
    repo = actions_env.connect(name)
    if target.number is not None:
        pull = repo.pull(target.number)
    else:
        assert target.head_sha is not None and target.head_repo is not None
        pull = repo.pull_with_head(target.head_sha, target.head_repo)
    sha = target.head_sha or pull.head_sha
    # The changed lines only decide where suggestions go: no suggestions, no need to ask.
    wanted = any(d.suggestion is not None for d in report.diagnostics)
    changed = repo.changed_lines(pull) if wanted else {}
    context = PullContext(name, pull.number, sha, actions_env.server_url(), changed)
    plan = build(report, context)
    _post(repo, pull, sha, plan)
    return 1 if plan.failed else 0


def _target(number: int | None, event: Event | None) -> Target:
    if number is not None:
        if number < 1:
            raise FatalError(f"--pr must be a pull request number, not {number}")
        return Target(number, None, None)
    if event is not None and event.workflow_run is not None:
        # Never the run's pull_requests list: it is empty for forks. The commit decides.
        run = event.workflow_run
        return Target(None, run.head_sha, run.head_repository.full_name)
    if event is not None and event.pull_request is not None:
        pr = event.pull_request
        return Target(pr.number, pr.head.sha, None)
    if event is None:
        raise FatalError("which pull request? give --pr N, or --event FILE ($GITHUB_EVENT_PATH)")
    raise FatalError("the event is neither a pull_request nor a workflow_run event; give --pr N")


def _post(repo: Repo, pull: Pull, sha: str, plan: CommentPlan) -> None:
    from bot.github.api import ReadOnlyToken  # with PyGithub, only when posting

    try:
        done = repo.upsert_comment(pull, plan.body)
    except ReadOnlyToken as exc:
        _fall_back(plan.body, exc.what, exc.message)
        return
    said = {"created": "created the comment on", "updated": "updated the comment on"}
    warn(f"{said.get(done, 'the comment is up to date on')} pull request #{pull.number}")
    try:
        posted = repo.post_suggestions(pull, sha, plan.inline)
    except ReadOnlyToken as exc:
        warn(f"the token cannot write {exc.what} (403 {exc.message}); the comment has them all")
        return
    if posted:
        warn(f"posted {posted} inline suggestion{'' if posted == 1 else 's'}")


def _fall_back(body: str, what: str, message: str) -> None:
    """A read-only token (a pull_request run from a fork): the verdict still counts."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    where = "the job summary" if summary else "standard output"
    warn(
        f"the token cannot write {what} (403 {message}): it is read-only, as in a "
        f"pull_request run from a fork; the comment goes to {where} instead"
    )
    if summary:
        append_text(summary, body)
    else:
        sys.stdout.write(body)


def _print_plan(report: Report, target: Target, name: str) -> None:
    # Without GitHub the changed lines are unknown: show every suggestion there is.
    changed: dict[str, frozenset[int]] = {}
    for d in report.diagnostics:
        if d.suggestion is not None:
            changed[d.path] = changed.get(d.path, frozenset()) | {d.line}
    sha = target.head_sha or "0" * 40
    context = PullContext(name, target.number or 0, sha, actions_env.server_url(), changed)
    plan = build(report, context)
    sys.stdout.write(plan.body)
    for inline in plan.inline:
        sys.stdout.write(f"\n--- inline suggestion on {inline.path} line {inline.line} ---\n")
        sys.stdout.write(inline.body + "\n")


def warn(message: str) -> None:
    print(f"paperbot: {message}", file=sys.stderr)
