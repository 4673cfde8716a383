"""Settings, reports and events for the GitHub tests: fast retries, a failing and a
clean report, and real webhook payloads (``@octokit/webhooks-examples``) pointed at
the test's pull request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from github_shapes import webhook

from bot.github import api

# Waits shrunk so that retries take milliseconds; the retry logic is the real one.
FAST = api.Settings(
    retries=3,
    backoff=0.01,
    backoff_max=0.05,
    secondary_wait=0.3,
    max_wait=5.0,
    timeout=20,
    between_requests=0.0,
    between_writes=0.0,
)

# ``paperbot(*args) -> (exit code, stdout, stderr)``, the conftest fixture's type.
Paperbot = Callable[..., tuple[int, str, str]]

PATH = "entries/demo-2025/lost.yaml"
# The pull request adds the file: every line is an added line, where suggestions go.
PATCH = "@@ -0,0 +1,3 @@\n+title: Lost Paper\n+category: [Systems, Storag]\n+position: 3"
SHAS = [f"{n:x}" * 40 for n in range(10, 16)]  # "aaaa…", "bbbb…", …


def finding(**changes: Any) -> dict[str, Any]:
    found = {
        "path": PATH,
        "line": 2,
        "column": 11,
        "check": "category",
        "severity": "error",
        "message": "category 'Systems / Storag' is not in the venue's tree",
        "fix": "[Systems, Storage]",
        "suggestion": "category: [Systems, Storage]",
    }
    return found | changes


def report(*found: dict[str, Any], **extra: Any) -> dict[str, Any]:
    summary = {s: sum(d["severity"] == s for d in found) for s in ("error", "warning", "notice")}
    failed = {d["check"] for d in found if d["severity"] == "error"}
    checks = {c: "failed" if c in failed else "passed" for c in ("schema", "category", "links")}
    return {"diagnostics": list(found), "summary": summary, "checks": checks} | extra


def failing() -> dict[str, Any]:
    return report(finding())


def clean() -> dict[str, Any]:
    return report()


def pull_request_event(number: int, sha: str, repo: str) -> dict[str, Any]:
    payload = webhook("pull_request", "synchronize")
    payload["number"] = payload["pull_request"]["number"] = number
    payload["pull_request"]["head"]["sha"] = sha
    payload["repository"]["full_name"] = repo
    return payload


def workflow_run_event(sha: str, head_repo: str, repo: str) -> dict[str, Any]:
    """A completed run, as the comment workflow sees it. Its ``pull_requests`` list is
    left as the example has it: paperbot must not use it."""
    payload = webhook(
        "workflow_run", "completed", lambda p: bool(p["workflow_run"]["pull_requests"])
    )
    run = payload["workflow_run"]
    run.update(head_sha=sha, event="pull_request")
    run["head_repository"]["full_name"] = head_repo
    payload["repository"]["full_name"] = repo
    return payload
