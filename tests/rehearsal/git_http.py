"""GitHub's git over HTTP, on loopback: git's own smart-HTTP server (``git http-backend``,
run as CGI) behind a small server that checks tokens as GitHub does.

- Reading is open (the repository is public); a token, when one is sent, must be live.
- Pushing needs a live token of a job granted ``contents: write``: none is 401, a
  read-only one 403. A job's token dies when the job ends (``Platform.on_job_end``).
- The default branch is protected as GitHub's branch protection would have it: a push
  that is not a fast-forward, or deletes it, is refused (a ``pre-receive`` hook: GitHub's
  ``GH006``). Only that branch: GitHub's own ``refs/pull/*`` updates are forced.
- ``before_push`` holds callables run once each when the next push arrives, before git
  sees it: another merge landing between a job's fetch and its push (a race).
"""

from __future__ import annotations

import base64
import subprocess
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROTECT = """#!/bin/sh
# GitHub's protected default branch: no force push, no deletion (rehearsal git_http.py).
zero=0000000000000000000000000000000000000000
status=0
while read -r old new ref; do
    [ "$ref" = "refs/heads/{branch}" ] || continue
    if [ "$new" = "$zero" ]; then
        echo "error: GH006: Protected branch update failed for $ref." >&2
        echo "error: Cannot delete this protected branch" >&2
        status=1
    elif [ "$old" != "$zero" ] && ! git merge-base --is-ancestor "$old" "$new"; then
        echo "error: GH006: Protected branch update failed for $ref." >&2
        echo "error: Cannot force-push to this branch" >&2
        status=1
    fi
done
exit $status
"""


class GitServer:
    def __init__(self, bare: Path, repo: str, default_branch: str) -> None:
        self.bare, self.repo = bare, repo
        hook = bare / "hooks" / "pre-receive"
        hook.write_text(PROTECT.replace("{branch}", default_branch), encoding="utf-8")
        hook.chmod(0o755)
        self.tokens: dict[str, bool] = {}  # live token -> may push (contents: write)
        self.granted: dict[str, bool] = {}  # every token ever given (the same, kept)
        self.before_push: list[Callable[[], None]] = []
        self.refused: list[tuple[int, str]] = []  # (status, why): pushes turned away
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.git = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def grant(self, token: str, *, write: bool) -> None:
        self.tokens[token] = self.granted[token] = write

    def revoke(self, token: str) -> None:
        self.tokens.pop(token, None)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def authorize(self, header: str | None, push: bool) -> tuple[int, str] | None:
        """None when the request may go on, else GitHub's status and message."""
        token = _token(header) if header else None
        if header and (token is None or token not in self.tokens):
            return 401, "Invalid username or token. Password authentication is not supported."
        if push and token is None:
            return 401, "Authentication required to push."
        if push and not self.tokens[token or ""]:
            return 403, f"Permission to {self.repo}.git denied to github-actions[bot]."
        return None


def _token(header: str) -> str | None:
    # actions/checkout and publish-generated send "AUTHORIZATION: basic base64(user:token)".
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user_token = base64.b64decode(value.strip(), validate=True).decode()
    except ValueError:
        return None
    return user_token.partition(":")[2] or None


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self, method: str) -> None:
        git: GitServer = self.server.git  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        prefix = next(
            (p for p in (f"/{git.repo}.git/", f"/{git.repo}/") if parts.path.startswith(p)), None
        )
        if prefix is None:
            self._reply(404, "Repository not found.")
            return
        rest = parts.path[len(prefix) - 1 :]
        push = rest == "/git-receive-pack" or "service=git-receive-pack" in parts.query
        body = self._body()
        refusal = git.authorize(self.headers.get("Authorization"), push)
        if refusal:
            if push:
                git.refused.append(refusal)
            self._reply(*refusal)
            return
        if push and method == "POST":
            with git.lock:
                hooks, git.before_push[:] = list(git.before_push), []
            for hook in hooks:
                hook()
        self._cgi(git, method, rest, parts.query, body, push)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip(), 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _cgi(
        self, git: GitServer, method: str, rest: str, query: str, body: bytes, push: bool
    ) -> None:
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "GIT_PROJECT_ROOT": str(git.bare.parent),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": "/nonexistent",
            "REQUEST_METHOD": method,
            "PATH_INFO": f"/{git.bare.name}{rest}",
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
        }
        if push:
            env["REMOTE_USER"] = "github-actions[bot]"  # http-backend serves pushes to a user
        for header in ("Content-Encoding", "Git-Protocol"):
            if self.headers.get(header):
                env[f"HTTP_{header.upper().replace('-', '_')}"] = self.headers[header]
        done = subprocess.run(
            ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
        )
        head, _, payload = done.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = done.stdout.partition(b"\n\n")
        headers = [line.split(":", 1) for line in head.decode("latin-1").splitlines() if line]
        status = next((int(v.split()[0]) for k, v in headers if k.lower() == "status"), 200)
        self.send_response(status)
        for name, value in headers:
            if name.lower() != "status":
                self.send_header(name, value.strip())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _reply(self, status: int, message: str) -> None:
        data = f"{message}\n".encode()
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
