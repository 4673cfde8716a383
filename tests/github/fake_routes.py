"""The state of the fake GitHub and the endpoints that read and change it.

Objects are stored as the JSON GitHub would send (built from its examples) and
changed in place, so a list, a get and an edit always agree, as on GitHub.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from github_shapes import example, user

from bot.github.patch_lines import added_lines

READ_ONLY = {
    "message": "Resource not accessible by integration",
    "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
    "status": "403",
}


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Answer = Reply | list[Any] | None
Handler = Callable[[re.Match[str], dict[str, str], Any], Answer]


class Routes:
    def __init__(self, base: str, repo: str) -> None:
        self.base, self.repo = base, repo
        self.api = f"{base}/repos/{repo}"
        self.bot = user(base, "github-actions[bot]", "Bot")
        self.pulls: dict[int, dict[str, Any]] = {}
        self.patches: dict[int, dict[str, str]] = {}
        self.comments: dict[int, dict[str, Any]] = {}  # issue comments, by id
        self.review_comments: dict[int, list[dict[str, Any]]] = {}
        self.reviews: list[dict[str, Any]] = []
        self.issues: dict[int, dict[str, Any]] = {}
        self.caches: list[dict[str, Any]] = []  # Actions caches: add_cache()
        self.read_only = False  # the token of a pull_request run from a fork
        # GitHub's "pulls of a commit" can miss a fork's pull request: paperbot must cope.
        self.commit_lists_forks = True
        self._ids = iter(range(5000, 10**6))
        self.table: list[tuple[str, re.Pattern[str], Handler]] = [
            ("GET", re.compile(r"/pulls/(\d+)"), self._get_pull),
            ("GET", re.compile(r"/pulls"), self._list_pulls),
            ("GET", re.compile(r"/commits/([0-9a-f]+)/pulls"), self._commit_pulls),
            ("GET", re.compile(r"/pulls/(\d+)/files"), self._files),
            ("GET", re.compile(r"/issues/(\d+)/comments"), self._list_comments),
            ("POST", re.compile(r"/issues/(\d+)/comments"), self._create_comment),
            ("PATCH", re.compile(r"/issues/comments/(\d+)"), self._edit_comment),
            ("DELETE", re.compile(r"/issues/comments/(\d+)"), self._delete_comment),
            ("GET", re.compile(r"/pulls/(\d+)/comments"), self._list_review_comments),
            ("POST", re.compile(r"/pulls/(\d+)/reviews"), self._create_review),
            ("GET", re.compile(r"/issues/(\d+)"), self._get_issue),
            ("GET", re.compile(r"/issues"), self._list_issues),
            ("POST", re.compile(r"/issues"), self._create_issue),
            ("PATCH", re.compile(r"/issues/(\d+)"), self._edit_issue),
            ("GET", re.compile(r"/actions/caches"), self._list_caches),
        ]

    # -- setting the scene -------------------------------------------------------------

    def add_pull(
        self,
        number: int,
        sha: str,
        head_repo: str | None = None,
        files: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        pull = example("pull-request", self.base)
        head_repo = head_repo or self.repo
        pull.update(number=number, id=number * 7, state="open", url=f"{self.api}/pulls/{number}")
        pull.update(
            issue_url=f"{self.api}/issues/{number}",
            html_url=f"https://github.com/{self.repo}/pull/{number}",
        )
        pull["head"].update(
            sha=sha, ref=f"paper-{number}", label=f"{head_repo.split('/')[0]}:paper-{number}"
        )
        pull["head"]["repo"].update(full_name=head_repo, name=head_repo.split("/")[1])
        pull["head"]["repo"]["owner"].update(login=head_repo.split("/")[0])
        pull["base"]["repo"].update(full_name=self.repo, name=self.repo.split("/")[1])
        self.pulls[number] = pull
        self.patches[number] = files or {}
        return pull

    def add_comment(
        self,
        number: int,
        body: str,
        login: str = "contributor",
        kind: str = "User",
        association: str = "CONTRIBUTOR",
    ) -> int:
        comment = self._new_comment(number, body, user(self.base, login, kind))
        comment["author_association"] = association
        return int(comment["id"])

    def bot_comments(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self._comments_on(number) if c["user"]["type"] == "Bot"]

    def add_issue(self, title: str, body: str, login: str, kind: str = "User") -> int:
        issue = self._new_issue(title, body, user(self.base, login, kind))
        return int(issue["number"])

    # -- routing -----------------------------------------------------------------------

    def route(self, method: str, path: str, query: dict[str, str], body: Any) -> Answer:
        prefix = f"/repos/{self.repo}"
        if not path.startswith(prefix + "/"):
            return None
        rest = path[len(prefix) :]
        for verb, pattern, handler in self.table:
            match = pattern.fullmatch(rest)
            if verb == method and match:
                if self.read_only and method != "GET":
                    return Reply(403, READ_ONLY)
                return handler(match, query, body)
        return None

    def add_cache(self, ref: str, key: str) -> None:
        """An Actions cache saved by a run on ``ref`` (what actions/cache's post step does)."""
        cache = example("actions-cache-list", self.base)["actions_caches"][0]
        cache.update(id=next(self._ids), ref=ref, key=key)
        self.caches.append(cache)

    def _list_caches(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        # GitHub filters by the full ref and by a key prefix; one page is enough here.
        found = [
            c
            for c in reversed(self.caches)  # newest first: GitHub's default sort
            if c["ref"] == q.get("ref", c["ref"]) and c["key"].startswith(q.get("key", ""))
        ]
        size = min(int(q.get("per_page", "30")), 100)
        return Reply(200, {"total_count": len(found), "actions_caches": found[:size]})

    def _get_pull(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        pull = self.pulls.get(int(m.group(1)))
        return Reply(200, pull) if pull else Reply(404, {"message": "Not Found"})

    def _list_pulls(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        state = q.get("state", "open")
        return [p for p in self.pulls.values() if state == "all" or p["state"] == state]

    def _commit_pulls(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        return [
            p
            for p in self.pulls.values()
            if p["head"]["sha"] == m.group(1)
            and (self.commit_lists_forks or p["head"]["repo"]["full_name"] == self.repo)
        ]

    def _files(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        files = []
        for path, patch in self.patches.get(int(m.group(1)), {}).items():
            entry = example("diff-entry-items", self.base)
            entry.update(filename=path, patch=patch, status="added")
            files.append(entry)
        return files

    def _comments_on(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["issue_url"].endswith(f"/issues/{number}")]

    def _list_comments(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        return self._comments_on(int(m.group(1)))

    def _create_comment(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        number = int(m.group(1))
        if number not in self.pulls and number not in self.issues:
            return Reply(404, {"message": "Not Found"})
        return Reply(201, self._new_comment(number, body["body"], self.bot))

    def _new_comment(self, number: int, text: str, author: dict[str, Any]) -> dict[str, Any]:
        comment = example("issue-comment", self.base)
        cid = next(self._ids)
        comment.update(id=cid, body=text, user=author, author_association="NONE")
        comment.update(
            url=f"{self.api}/issues/comments/{cid}", issue_url=f"{self.api}/issues/{number}"
        )
        self.comments[cid] = comment
        return comment

    def _edit_comment(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        comment = self.comments.get(int(m.group(1)))
        if comment is None:
            return Reply(404, {"message": "Not Found"})
        comment["body"] = body["body"]
        return Reply(200, comment)

    def _delete_comment(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        found = self.comments.pop(int(m.group(1)), None)
        return Reply(204) if found else Reply(404, {"message": "Not Found"})

    def _list_review_comments(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        return self.review_comments.get(int(m.group(1)), [])

    def _create_review(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        number = int(m.group(1))
        for wanted in body.get("comments", []):
            lines = added_lines(self.patches.get(number, {}).get(wanted["path"]))
            if wanted.get("side") != "RIGHT" or wanted["line"] not in lines:
                message = "Pull request review thread line must be part of the diff"
                return Reply(422, {"message": "Unprocessable Entity", "errors": [message]})
        review = example("pull-request-review", self.base)
        review.update(id=next(self._ids), user=self.bot, body=body.get("body", ""))
        review.update(state="COMMENTED", commit_id=body["commit_id"])
        self.reviews.append(review)
        for wanted in body.get("comments", []):
            comment = example("pull-request-review-comment", self.base)
            comment.update({k: wanted[k] for k in ("path", "line", "side", "body")})
            comment.update(id=next(self._ids), user=self.bot, author_association="NONE")
            comment.update(pull_request_review_id=review["id"], commit_id=body["commit_id"])
            self.review_comments.setdefault(number, []).append(comment)
        return Reply(200, review)

    def _get_issue(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        issue = self.issues.get(int(m.group(1)))
        return Reply(200, issue) if issue else Reply(404, {"message": "Not Found"})

    def _list_issues(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        state = q.get("state", "open")
        return [i for i in self.issues.values() if state == "all" or i["state"] == state]

    def _new_issue(self, title: str, text: str, author: dict[str, Any]) -> dict[str, Any]:
        issue = example("issue", self.base)
        number = max([*self.pulls, *self.issues, 0]) + 1
        issue.update(number=number, id=number * 11, title=title, body=text, user=author)
        issue.update(state="open", state_reason=None, author_association="NONE")
        issue.pop("pull_request", None)  # GitHub sends the key only for pull requests
        issue.update(
            url=f"{self.api}/issues/{number}", comments_url=f"{self.api}/issues/{number}/comments"
        )
        self.issues[number] = issue
        return issue

    def _create_issue(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        return Reply(201, self._new_issue(body["title"], body.get("body", ""), self.bot))

    def _edit_issue(self, m: re.Match[str], q: dict[str, str], body: Any) -> Answer:
        issue = self.issues.get(int(m.group(1)))
        if issue is None:
            return Reply(404, {"message": "Not Found"})
        issue.update({k: body[k] for k in ("title", "body", "state", "state_reason") if k in body})
        return Reply(200, issue)
