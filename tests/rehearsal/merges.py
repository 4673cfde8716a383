"""A maintainer merges a pull request: GitHub moves the default branch and sends the
``push`` event, whose runs (``regenerate``) push back over git HTTP (``git_http.py``).

The runs a push starts are returned as ``Pending``: nothing has run yet, and
``run_job(key)`` runs one job at a time, so that a scenario can interleave the jobs of
two runs (render A, render B, publish A, publish B). On GitHub the ``regenerate``
concurrency group queues the second run until the first ends; the rehearsal does not
emulate that (docs/rehearsal.md), so these interleavings are harsher than GitHub's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from github_shapes import webhook
from hosting import Platform, git
from runner import RunResult, run_jobs


class Pending:
    """A triggered run whose jobs run when asked, in ``needs`` order."""

    def __init__(self, platform: Platform, workflow: str, text: str, context: dict[str, Any]):
        self.platform, self.workflow, self.text, self.context = platform, workflow, text, context
        self.run_id = next(platform._run_ids)
        self._jobs: Iterator[tuple[str, RunResult]] = run_jobs(
            platform, workflow, text, {"run_id": self.run_id, **context}
        )
        self.result: RunResult | None = None

    def run_job(self, key: str) -> RunResult:
        """Run the next job, which must be ``key``."""
        ran = self._next()
        assert ran == key, f"{self.workflow}: the next job is {ran!r}, not {key!r}"
        assert self.result is not None
        return self.result

    def finish(self) -> RunResult:
        """Run the jobs not run yet."""
        while self._next():
            pass
        assert self.result is not None, f"{self.workflow} has no jobs"
        return self.result

    def _next(self) -> str:
        ran, result = next(self._jobs, ("", self.result))
        if result is not None and self.result is None:
            self.platform.runs.append(result)
        self.result = result
        return ran

    def rerun(self) -> Pending:
        """GitHub's "Re-run all jobs": the same event again (here under a new run id, so
        the artifacts of the first attempt are not in its store)."""
        return Pending(self.platform, self.workflow, self.text, self.context)


def merge(platform: Platform, number: int, *, squash: bool = False) -> dict[str, Pending]:
    """The maintainer presses "Merge pull request" ("Create a merge commit", or "Squash
    and merge"): the pull request's head is merged into the default branch's tip as it is
    then (not into the test merge commit, which may be stale), and the ``push`` event
    starts what the workflows' ``on:`` selects. Returns those runs, not started."""
    branch, pull, scratch = platform.default_branch, platform.fake.pulls[number], platform.scratch
    before = platform.rev(f"refs/heads/{branch}")
    head = platform.rev(f"refs/pull/{number}/head")
    git(scratch, "fetch", "-q", "origin", branch, f"refs/pull/{number}/head")
    git(scratch, "checkout", "-q", "--force", "--detach", before)
    if squash:
        git(scratch, "merge", "-q", "--squash", head)
        git(scratch, "commit", "-q", "-m", f"{pull['title']} (#{number})")
    else:
        source = pull["head"]["label"].replace(":", "/")
        message = f"Merge pull request #{number} from {source}\n\n{pull['title']}"
        git(scratch, "merge", "-q", "--no-ff", "-m", message, head)
    git(scratch, "push", "-q", "origin", f"HEAD:refs/heads/{branch}")
    after = platform.rev(f"refs/heads/{branch}")
    pull.update(state="closed", merged=True, merge_commit_sha=after)
    return push(platform, branch, before, after)


def push(platform: Platform, branch: str, before: str, after: str) -> dict[str, Pending]:
    """The ``push`` event for ``branch`` moving from ``before`` to ``after``: a real
    payload (a branch push from @octokit/webhooks-examples) with this push's commits."""
    payload = webhook("push", None, where=lambda p: p["ref"].startswith("refs/heads/"))
    template = payload["head_commit"]
    shas = git(platform.origin, "rev-list", "--reverse", f"{before}..{after}").split()
    commits = [_commit(platform, template, sha) for sha in shas]
    payload.update(
        ref=f"refs/heads/{branch}",
        before=before,
        after=after,
        created=False,
        deleted=False,
        forced=False,
        base_ref=None,
        compare=f"{platform.server_url}/{platform.repo}/compare/{before[:12]}...{after[:12]}",
        commits=commits,
        head_commit=commits[-1],
    )
    payload["repository"].update(
        full_name=platform.repo,
        name=platform.repo.split("/")[1],
        default_branch=platform.default_branch,
        master_branch=platform.default_branch,
    )
    files = git(platform.origin, "diff", "--name-only", before, after).split()
    context = {
        "event_name": "push",
        "payload": payload,
        "sha": after,
        "ref": f"refs/heads/{branch}",
        "base_ref": "",
        "head_ref": "",
    }
    chosen = platform.triggered("push", payload, after, files, branch)
    return {name: Pending(platform, name, text, context) for name, text in chosen.items()}


def _commit(platform: Platform, template: dict[str, Any], sha: str) -> dict[str, Any]:
    changes: dict[str, list[str]] = {"A": [], "D": [], "M": []}
    # Against the first parent, as GitHub lists a merge commit's changes.
    status = git(platform.origin, "diff", "--name-status", "--no-renames", f"{sha}^1", sha)
    for line in status.splitlines():
        kind, _, path = line.partition("\t")
        changes.setdefault(kind[:1], []).append(path)
    commit = dict(template)
    commit.update(
        id=sha,
        tree_id=git(platform.origin, "rev-parse", f"{sha}^{{tree}}"),
        message=git(platform.origin, "log", "-1", "--format=%B", sha),
        url=f"{platform.server_url}/{platform.repo}/commit/{sha}",
        added=changes["A"],
        removed=changes["D"],
        modified=changes["M"],
    )
    return commit
