"""The GitHub side of a rehearsal: the repository's git refs, the events, which
workflows an event triggers (``on:`` with branch and path filters), the follow-up
``workflow_run`` events, and the stores actions write to (caches, artifacts).

The REST API is the stateful fake of ``tests/github`` (``FakeGitHub``): the comment a
run posts is there for the next run to edit.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from git_http import GitServer
from runner import Annotation, Job, RunResult, _load, run_workflow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "github"))
from fake_github import FakeGitHub
from github_shapes import webhook

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Rehearsal",
    "GIT_AUTHOR_EMAIL": "rehearsal@example.invalid",
    "GIT_COMMITTER_NAME": "Rehearsal",
    "GIT_COMMITTER_EMAIL": "rehearsal@example.invalid",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/nonexistent",
    "GIT_CONFIG_NOSYSTEM": "1",
}
LOST_RUNNER = (
    "The hosted runner lost communication with the server. Anything in your workflow that"
    " terminates the runner process, starves it for CPU/Memory, or blocks its network"
    " access can cause this error."
)
DEFAULT_TYPES = {"pull_request": ["opened", "synchronize", "reopened"]}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"git {' '.join(args)} in {cwd}: {done.stderr}")
    return done.stdout.strip()


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A workflow path filter: ``**`` crosses folders, ``*`` and ``?`` do not."""
    parts = re.split(r"(\*\*/?|\*|\?)", pattern)
    table = {"**": ".*", "**/": "(?:.*/)?", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(table.get(p, re.escape(p)) for p in parts))


def paths_match(filters: dict[str, Any], files: list[str]) -> bool:
    if "paths" in filters:
        patterns = [str(p) for p in filters["paths"]]

        def wanted(path: str) -> bool:
            keep = False
            for p in patterns:  # later patterns win; '!' excludes again
                negated = p.startswith("!")
                if glob_regex(p.lstrip("!")).fullmatch(path):
                    keep = not negated
            return keep

        return any(wanted(f) for f in files)
    if "paths-ignore" in filters:
        ignored = [glob_regex(str(p)) for p in filters["paths-ignore"]]
        return not all(any(r.fullmatch(f) for r in ignored) for f in files)
    return True


class Platform:
    def __init__(self, root: Path, source: Path, fake: FakeGitHub) -> None:
        self.root, self.fake = root, fake
        self.repo = fake.repo
        self.api_url = fake.url
        self.default_branch = "main"
        self.origin = root / "origin.git"
        git(root, "clone", "-q", "--bare", "--no-local", str(source), str(self.origin))
        git(self.origin, "config", "uploadpack.allowAnySHA1InWant", "true")
        # GitHub's side (merges, refs/pull/*) and contributors use the bare repository
        # directly; jobs reach it as on GitHub, over HTTP with their token (git_http.py).
        self.origin_url = self.origin.as_uri()
        self.git = GitServer(self.origin, self.repo, self.default_branch)
        self.server_url = self.git.url
        self.checkout_url = f"{self.server_url}/{self.repo}"
        self.scratch = root / "github-internal"
        git(root, "clone", "-q", self.origin_url, str(self.scratch))
        self.artifacts: dict[int, dict[str, Path]] = {}
        self.caches: list[tuple[str, str, Path]] = []  # (scope ref, key, folder)
        self.cache_log: list[tuple[str, str, str | None, str | None]] = []
        self.runs: list[RunResult] = []
        self.runner_extra_env: dict[str, str] = {}
        self._run_ids = itertools.count(9001)
        self.lost_runners: list[tuple[str, dict[str, Any]]] = []  # (job key, matrix)

    # -- git ---------------------------------------------------------------------------

    def rev(self, ref: str) -> str:
        return git(self.origin, "rev-parse", "--verify", f"{ref}^{{commit}}")

    def rev_or_none(self, ref: str) -> str | None:
        try:
            return self.rev(ref)
        except RuntimeError:
            return None

    def clone(self, name: str) -> Path:
        """A contributor's working copy of the default branch."""
        path = self.root / name
        git(self.root, "clone", "-q", self.origin_url, str(path))
        return path

    def commit_to_default(self, path: str, text: str, message: str) -> str:
        """A maintainer's direct commit to the default branch (no workflows run)."""
        work = self.clone(f"maintainer-{len(list(self.root.iterdir()))}")
        (work / path).write_text(text, encoding="utf-8")
        git(work, "commit", "-q", "-am", message)
        git(work, "push", "-q", "origin", "HEAD:main")
        return self.rev("refs/heads/main")

    def workflows_at(self, sha: str) -> dict[str, str]:
        names = git(self.origin, "ls-tree", "--name-only", sha, ".github/workflows/").split()
        return {
            Path(n).stem: git(self.origin, "show", f"{sha}:{n}")
            for n in names
            if n.endswith((".yml", ".yaml"))
        }

    # -- runs --------------------------------------------------------------------------

    def on_job_start(self, job: Job) -> None:
        # The job's token: a read-only one cannot write through the API.
        self.fake.read_only = not any(
            job.can_write(s) for s in ("issues", "pull-requests", "contents")
        )
        self.git.grant(job.token, write=job.can_write("contents"))
        if (job.key, job.matrix) in self.lost_runners:
            # The job fails before its first step, as when GitHub loses the runner: the
            # steps are not run (so nothing is uploaded or cached) and the job fails.
            self.lost_runners.remove((job.key, job.matrix))
            job.failed = True
            job.result.annotations.append(Annotation("error", LOST_RUNNER, {}))

    def lose_runner(self, key: str, matrix: dict[str, Any]) -> None:
        """The runner of the next job ``key`` with ``matrix`` is lost (once)."""
        self.lost_runners.append((key, matrix))

    def on_job_end(self, job: Job) -> None:
        self.fake.read_only = False
        self.git.revoke(job.token)  # GITHUB_TOKEN expires when its job ends

    def triggered(
        self,
        event: str,
        payload: dict[str, Any],
        sha: str,
        files: list[str],
        branch: str,
        workflow: str = "",
    ) -> dict[str, str]:
        """The workflows (name -> text, read at ``sha``) that this event starts."""
        chosen = {}
        for name, text in self.workflows_at(sha).items():
            on = _load(text)["on"]
            on = (
                {on: None}
                if isinstance(on, str)
                else dict.fromkeys(on)
                if isinstance(on, list)
                else on
            )
            if event not in on:
                continue
            if event == "schedule":
                # GitHub's scheduler starts a workflow at each of its crons: the event
                # names the one that fired (github.event.schedule).
                if any(str(c.get("cron")) == payload.get("schedule") for c in on[event]):
                    chosen[name] = text
                continue
            filters = on[event] or {}
            types = filters.get("types", DEFAULT_TYPES.get(event))
            if types and payload.get("action") not in types:
                continue
            if "branches" in filters and not any(
                glob_regex(str(b)).fullmatch(branch) for b in filters["branches"]
            ):
                continue
            if event == "workflow_run" and workflow not in filters.get("workflows", []):
                continue
            if event in ("push", "pull_request") and not paths_match(filters, files):
                continue
            chosen[name] = text
        return chosen

    def _run(self, name: str, text: str, **context: Any) -> RunResult:
        result = run_workflow(self, name, text, {"run_id": next(self._run_ids), **context})
        self.runs.append(result)
        return result

    def pull_request(
        self,
        number: int,
        work: Path,
        action: str = "synchronize",
        fork: str = "contributor/papers",
        only: set[str] | None = None,
    ) -> list[RunResult]:
        """The contributor pushed ``work``'s HEAD to their pull request: GitHub updates
        refs/pull/N/head and the test merge commit, then runs what the event triggers
        and, after each run, what its ``workflow_run`` triggers. ``only`` names the
        triggered workflows to run (a pull request that edits a workflow also starts
        ci.yml, whose job is this very test suite); the others are not run."""
        payload, merge, files = self._push_pull(number, work, action, fork)
        head = payload["pull_request"]["head"]["sha"]
        results = []
        triggered = self.triggered("pull_request", payload, merge, files, "main")
        for name, text in triggered.items():
            if only is not None and name not in only:
                continue
            run = self._run(
                name,
                text,
                event_name="pull_request",
                payload=payload,
                sha=merge,
                ref=f"refs/pull/{number}/merge",
                base_ref="main",
                head_ref=f"paper-{number}",
            )
            results += [run, *self._workflow_run(run, head, f"paper-{number}", fork)]
        return results

    def workflows_for_pull_request(self, number: int, work: Path) -> list[str]:
        """The workflows the push would start, without running them."""
        payload, merge, files = self._push_pull(number, work, "synchronize", "contributor/papers")
        return sorted(self.triggered("pull_request", payload, merge, files, "main"))

    def _push_pull(
        self, number: int, work: Path, action: str, fork: str
    ) -> tuple[dict[str, Any], str, list[str]]:
        head = git(work, "rev-parse", "HEAD")
        git(work, "push", "-q", "--force", self.origin_url, f"HEAD:refs/pull/{number}/head")
        git(self.scratch, "fetch", "-q", "origin", "main", f"refs/pull/{number}/head")
        base = self.rev("refs/heads/main")
        git(self.scratch, "checkout", "-q", "--force", "--detach", base)
        git(self.scratch, "merge", "-q", "--no-ff", "--no-edit", head)
        git(self.scratch, "push", "-q", "--force", "origin", f"HEAD:refs/pull/{number}/merge")
        merge = self.rev(f"refs/pull/{number}/merge")
        files = git(self.origin, "diff", "--name-only", f"{base}...{head}").split()
        patches = {f: self._patch(base, head, f) for f in files}
        if number in self.fake.pulls:
            self.fake.pulls[number]["head"]["sha"] = head
            self.fake.patches[number] = patches
        else:
            self.fake.add_pull(number, head, head_repo=fork, files=patches)
        payload = webhook("pull_request", action)
        payload["number"] = number
        pull = payload["pull_request"]
        pull.update(number=number, state="open")
        pull["head"].update(sha=head, ref=f"paper-{number}")
        pull["head"]["repo"]["full_name"] = fork
        pull["base"].update(ref="main", sha=base)
        payload["repository"].update(full_name=self.repo, default_branch=self.default_branch)
        return payload, merge, files

    def _patch(self, base: str, head: str, path: str) -> str:
        diff = git(self.origin, "diff", f"{base}...{head}", "--", path)
        return diff[diff.index("@@") :] if "@@" in diff else ""

    def _workflow_run(self, done: RunResult, head: str, branch: str, fork: str) -> list[RunResult]:
        payload = webhook("workflow_run", "completed")
        payload["workflow_run"].update(
            id=done.run_id,
            name=done.workflow,
            event=done.event,
            status="completed",
            conclusion=done.conclusion,
            head_sha=head,
            head_branch=branch,
            pull_requests=[],  # GitHub leaves it empty for a fork's pull request
        )
        payload["workflow_run"]["head_repository"]["full_name"] = fork
        payload["repository"].update(full_name=self.repo, default_branch=self.default_branch)
        main = self.rev("refs/heads/main")
        # workflow_run runs the default branch's copy of the listening workflow.
        name_of = {k: _load(t).get("name", k) for k, t in self.workflows_at(main).items()}
        results = []
        for key, text in self.triggered(
            "workflow_run",
            payload,
            main,
            [],
            "main",
            workflow=name_of.get(done.workflow, done.workflow),
        ).items():
            results.append(
                self._run(
                    key,
                    text,
                    event_name="workflow_run",
                    payload=payload,
                    sha=main,
                    ref="refs/heads/main",
                    base_ref="",
                    head_ref="",
                )
            )
        return results

    # -- the scheduler and the "Run workflow" button -----------------------------------

    def schedule(self, workflow: str) -> list[RunResult]:
        """GitHub's scheduler fires ``workflow``'s (first) cron: every workflow with that
        cron runs, read from and checked out at the default branch's latest commit."""
        main = self.rev(f"refs/heads/{self.default_branch}")
        cron = str(_load(self.workflows_at(main)[workflow])["on"]["schedule"][0]["cron"])
        # A schedule's payload is this one key (no repository, no sender): GitHub sends
        # no webhook for it, so @octokit/webhooks-examples has no example to start from.
        payload: dict[str, Any] = {"schedule": cron}
        return self._on_default_branch("schedule", payload, main)

    def dispatch(self, workflow: str) -> list[RunResult]:
        """A maintainer's "Run workflow" (workflow_dispatch) on the default branch."""
        main = self.rev(f"refs/heads/{self.default_branch}")
        payload = webhook("workflow_dispatch", None)
        payload.update(ref=f"refs/heads/{self.default_branch}", inputs={})
        payload["workflow"] = f".github/workflows/{workflow}.yml"
        payload["repository"].update(full_name=self.repo, default_branch=self.default_branch)
        # "Run workflow" starts the one workflow chosen, not every one that allows it.
        return self._on_default_branch("workflow_dispatch", payload, main, {workflow})

    def _on_default_branch(
        self, event: str, payload: dict[str, Any], sha: str, only: set[str] | None = None
    ) -> list[RunResult]:
        results = []
        branch = self.default_branch
        for name, text in self.triggered(event, payload, sha, [], branch).items():
            if only is not None and name not in only:
                continue
            run = self._run(
                name,
                text,
                event_name=event,
                payload=payload,
                sha=sha,
                ref=f"refs/heads/{branch}",
                base_ref="",
                head_ref="",
            )
            results += [run, *self._workflow_run(run, sha, branch, self.repo)]
        return results
