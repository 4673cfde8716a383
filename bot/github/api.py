"""What paperbot says on GitHub: the only module that imports PyGithub.

Retries are PyGithub's ``GithubRetry`` (a urllib3 ``Retry``): 5xx and 429 with
exponential backoff, ``Retry-After`` honoured, and 403s retried only when GitHub
says they are rate limits (primary: wait for ``x-ratelimit-reset``; secondary:
``Retry-After`` or ``secondary_wait``). Every other failure becomes a FatalError
with one clear line; a token that may not write becomes ``ReadOnlyToken``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from github import Auth, Github, GithubException, GithubRetry, RateLimitExceededExceedsMaxWait
from github.PaginatedList import PaginatedList
from github.PullRequest import PullRequest, ReviewComment
from urllib3 import BaseHTTPResponse

from bot.errors import FatalError
from bot.github.patch_lines import added_lines
from bot.report.comment_body import MARKER, InlineComment

INLINE_MARKER = "<!-- paperbot:suggestion -->"

# Authors whose marked comments paperbot may edit: the Actions bot (or an app) and
# maintainers running it with their own token. A contributor who pastes the marker
# into a comment of theirs does not get that comment overwritten.
_TRUSTED = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


@dataclass(frozen=True)
class Settings:
    """How patient paperbot is with GitHub. Tests shrink the waits, not the logic."""

    retries: int = 5
    backoff: float = 2.0  # urllib3 backoff_factor: 2, 4, 8, 16 s between retries of a 5xx
    backoff_max: float = 60.0
    # A secondary rate limit without Retry-After: GitHub's docs say wait at least a minute.
    secondary_wait: float = 60.0
    # Longer waits for x-ratelimit-reset fail at once: the job has a 10-minute timeout.
    max_wait: float = 180.0
    timeout: int = 30
    between_requests: float = 0.25
    between_writes: float = 1.0  # GitHub's advice against tripping secondary limits


SETTINGS = Settings()


class ReadOnlyToken(FatalError):
    """GitHub answered 403 "Resource not accessible by ...": the token may only read."""

    def __init__(self, what: str, message: str) -> None:
        super().__init__(f"{what}: 403 {message}")
        self.what, self.message = what, message


@dataclass(frozen=True)
class Pull:
    number: int
    head_sha: str
    raw: PullRequest


class _Retry(GithubRetry):
    """GithubRetry gives up on an ``x-ratelimit-reset`` too far away, but would wait for
    any ``Retry-After``; this gives up on both past ``max_rate_limit_wait``."""

    def sleep_for_retry(self, response: BaseHTTPResponse) -> bool:
        wait = self.get_retry_after(response)
        limit = self.max_rate_limit_wait
        if wait is not None and limit is not None and wait > limit:
            headers = dict(response.headers)
            raise RateLimitExceededExceedsMaxWait(response.status, None, headers, wait=wait)
        return super().sleep_for_retry(response)


def connect(api_url: str, token: str, settings: Settings | None = None) -> Github:
    s = settings or SETTINGS
    retry = _Retry(
        total=s.retries,
        backoff_factor=s.backoff,
        backoff_max=s.backoff_max,
        secondary_rate_wait=s.secondary_wait,
        max_rate_limit_wait=s.max_wait,
        # GithubRetry adds 403 and reads its body; 429 is GitHub's other rate-limit status.
        status_forcelist=[429, *range(500, 600)],
        # PATCH (editing the comment) is idempotent; POST is retried as PyGithub does, and
        # a comment a retried POST doubled is removed by the next upsert.
        allowed_methods=frozenset({"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"}),
        # After the last retry, hand back GitHub's answer: its status makes the message.
        raise_on_status=False,
    )
    return Github(
        base_url=api_url.rstrip("/"),
        auth=Auth.Token(token),
        timeout=s.timeout,
        user_agent="paperbot",
        per_page=100,
        retry=retry,
        seconds_between_requests=s.between_requests or None,
        seconds_between_writes=s.between_writes or None,
        lazy=True,  # no GET of the repository or pull request before it is needed
    )


@contextmanager
def talking(what: str) -> Iterator[None]:
    """Turn what GitHub or the network says into one line for the log."""
    try:
        yield
    except RateLimitExceededExceedsMaxWait as exc:
        raise FatalError(
            f"{what}: GitHub's rate limit asks for a wait of {exc.wait or 0:.0f} s, longer "
            "than paperbot waits; run the job again later"
        ) from None
    except GithubException as exc:
        message = error_message(exc)
        if exc.status == 403 and "resource not accessible by" in message.lower():
            raise ReadOnlyToken(what, message) from None
        if exc.status == 404:
            raise FatalError(
                f"{what}: GitHub answered 404 Not Found (deleted, or the token cannot see it)"
            ) from None
        if exc.status == 401:
            raise FatalError(f"{what}: GitHub refused the token (401 {message})") from None
        raise FatalError(f"{what}: GitHub answered {exc.status} {message}".rstrip()) from None
    except requests.RequestException as exc:
        raise FatalError(f"{what}: cannot reach the GitHub API: {exc}") from None


def error_message(exc: GithubException) -> str:
    data = exc.data
    text = exc.message or (data.get("message") if isinstance(data, dict) else None) or ""
    return " ".join(str(text).split())[:300]


def is_ours(body: str | None, marker: str, user_type: str | None, association: str) -> bool:
    """Written by paperbot: starts with its marker (a quote of it does not) and comes
    from a bot or a maintainer."""
    return (body or "").startswith(marker) and (user_type == "Bot" or association in _TRUSTED)


class Repo:
    """One repository on GitHub (or GitHub Enterprise), as the comment and sweep jobs use it."""

    def __init__(self, full_name: str, api_url: str, token: str) -> None:
        self.name = full_name
        self.api = connect(api_url, token)
        self.repo = self.api.get_repo(full_name)

    def pull(self, number: int) -> Pull:
        with talking(f"pull request #{number} of {self.name}"):
            raw = self.repo.get_pull(number)
            return Pull(raw.number, raw.head.sha, raw)

    def pull_with_head(self, sha: str, head_repo: str) -> Pull:
        """The open pull request whose head is commit ``sha`` of ``head_repo``.

        For a pull request from a fork, ``workflow_run.pull_requests`` is empty, so the
        commit is the only link; the head repository must match too, as the same
        commit can be pushed to several forks.
        """
        with talking(f"the pull request of commit {sha[:12]} in {self.name}"):
            for raw in self._candidates(sha):
                head = raw.head
                source = head.repo.full_name if head.repo is not None else ""  # None: fork gone
                if raw.state == "open" and head.sha == sha and source.lower() == head_repo.lower():
                    return Pull(raw.number, sha, raw)
        raise FatalError(
            f"no open pull request of {self.name} has commit {sha[:12]} of {head_repo} as its "
            "head: it was closed or deleted, or a newer commit was pushed"
        )

    def _candidates(self, sha: str) -> Iterator[PullRequest]:
        # Not Commit.get_pulls(): it asks for a retired preview media type that GitHub's
        # API description no longer lists; this is the same request with the standard one.
        url = f"{self.repo.url}/commits/{sha}/pulls"
        try:
            yield from PaginatedList(PullRequest, self.api.requester, url, None)
        except GithubException as exc:
            if exc.status not in (404, 422):  # GitHub may not know a fork's commit here
                raise
        # Associated pulls can miss a fork's pull request: look at the open ones too.
        yield from self.repo.get_pulls(state="open", sort="updated", direction="desc")

    def changed_lines(self, pull: Pull) -> dict[str, frozenset[int]]:
        with talking(f"the files of pull request #{pull.number}"):
            return {f.filename: added_lines(f.patch) for f in pull.raw.get_files()}

    def upsert_comment(self, pull: Pull, body: str) -> str:
        """Create or edit the one comment starting with MARKER; say which happened."""
        with talking(f"the paperbot comment on pull request #{pull.number}"):
            ours = [
                c
                for c in pull.raw.get_issue_comments()
                if is_ours(c.body, MARKER, c.user.type, c.author_association)
            ]
            if not ours:
                pull.raw.create_issue_comment(body)
                return "created"
            first, *extra = ours
            changed = first.body != body
            if changed:
                first.edit(body)
            for comment in extra:  # two runs raced, or a retried POST landed twice
                comment.delete()
            return "updated" if changed else "unchanged"

    def post_suggestions(self, pull: Pull, sha: str, inline: list[InlineComment]) -> int:
        """One review with the suggestions not already on the pull request; how many."""
        if not inline:
            return 0
        with talking(f"the review comments of pull request #{pull.number}"):
            # An outdated suggestion (GitHub nulls its line once the file changed there)
            # matches nothing, so a finding that is still there is suggested again.
            posted = {
                (c.path, c.line, c.body)
                for c in pull.raw.get_review_comments()
                if is_ours(c.body, INLINE_MARKER, c.user.type, c.author_association)
            }
            comments: list[ReviewComment] = [
                {"path": c.path, "line": c.line, "side": "RIGHT", "body": inline_body(c)}
                for c in inline
                if (c.path, c.line, inline_body(c)) not in posted
            ]
            if not comments:
                return 0
            try:
                pull.raw.create_review(
                    commit=self.repo.get_commit(sha),
                    body=f"paperbot suggestions for commit {sha[:12]}",
                    event="COMMENT",
                    comments=comments,
                )
            except GithubException as exc:
                if exc.status != 422:
                    raise
                # A line outside the diff (the PR moved on): the comment has every finding.
                warn(f"GitHub refused the inline suggestions ({error_message(exc)})")
                return 0
            return len(comments)

    def track_issue(self, marker: str, title: str, body: str | None, closing: str) -> str:
        """Keep one open issue starting with ``marker``: create, edit, or close (no body)."""
        with talking(f"the tracking issue of {self.name}"):
            issue = next(
                (
                    i
                    for i in self.repo.get_issues(state="open", sort="created", direction="asc")
                    # Pull requests are listed too; none starts with the marker. (Asking
                    # i.pull_request would cost a request per issue: GitHub omits the key.)
                    if is_ours(i.body, marker, i.user.type, i.author_association)
                ),
                None,
            )
            if body is None:
                if issue is None:
                    return "none open"
                issue.create_comment(closing)
                issue.edit(state="closed", state_reason="completed")
                return f"closed #{issue.number}"
            if issue is None:
                return f"created #{self.repo.create_issue(title=title, body=body).number}"
            if (issue.title, issue.body) == (title, body):
                return f"unchanged #{issue.number}"
            issue.edit(title=title, body=body)
            return f"updated #{issue.number}"

    def saved_caches(self, ref: str, prefix: str) -> list[str]:
        """Keys of the Actions caches saved by runs on ``ref`` that start with ``prefix``.

        The first page is enough: one such cache is reason to distrust a restore.
        """
        with talking(f"the Actions caches of {ref} in {self.name}"):
            _, data = self.api.requester.requestJsonAndCheck(
                "GET",
                f"{self.repo.url}/actions/caches",
                parameters={"ref": ref, "key": prefix, "per_page": 100},
            )
            caches = data.get("actions_caches") or []
            return [str(c.get("key")) for c in caches if str(c.get("key", "")).startswith(prefix)]


def inline_body(comment: InlineComment) -> str:
    # The marker comes first so that paperbot finds its own suggestions on the next push.
    return f"{INLINE_MARKER}\n{comment.body}"


def warn(message: str) -> None:
    print(f"paperbot: {message}", file=sys.stderr)
