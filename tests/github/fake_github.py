"""A stateful fake of the few GitHub REST endpoints paperbot uses, on 127.0.0.1.

Prism checks that each request is one GitHub accepts, but it forgets: every answer
is canned. The sticky comment needs memory across runs, so this fake keeps pull
requests, comments, reviews and issues, and answers with GitHub's own example
objects (``github_shapes``) with the stateful fields filled in. It can also be
told to fail: 5xx, rate limits, a read-only token.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fake_routes import Reply, Routes


@dataclass(frozen=True)
class Hit:
    method: str
    path: str  # with the query
    body: Any
    at: float  # time.monotonic() on arrival: for gaps between retries
    wall: float  # time.time() on arrival: against x-ratelimit-reset


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    reply: Reply
    times: int


class FakeGitHub(Routes):
    def __init__(self, repo: str = "octo/papers") -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.fake = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        super().__init__(self.url, repo)
        self.lock = threading.Lock()
        self.hits: list[Hit] = []
        self.faults: list[Fault] = []
        self.unexpected: list[str] = []  # requests no route answers: paperbot asked for more
        self.page_size = 100  # GitHub's largest per_page
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def fail(self, method: str, path: str, reply: Reply, times: int = 1) -> None:
        """Answer the next ``times`` requests matching ``method`` and regex ``path`` so."""
        self.faults.append(Fault(method, re.compile(path), reply, times))

    def calls(self, method: str, path: str) -> list[Hit]:
        pattern = re.compile(path)
        return [h for h in self.hits if h.method == method and pattern.search(h.path)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, method: str, target: str, body: Any) -> tuple[Reply, str | None]:
        with self.lock:
            self.hits.append(Hit(method, target, body, time.monotonic(), time.time()))
            for fault in self.faults:
                if fault.times and fault.method == method and fault.path.search(target):
                    fault.times -= 1
                    return fault.reply, None
            parts = urlsplit(target)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            found = self.route(method, parts.path, query, body)
            if found is None:
                self.unexpected.append(f"{method} {target}")
                return Reply(404, {"message": "Not Found"}), None
            if isinstance(found, list):
                return self._page(parts.path, query, found)
            return found, None

    def _page(self, path: str, query: dict[str, str], items: list[Any]) -> tuple[Reply, str]:
        """One page of a list, with the ``Link`` header GitHub sends (absolute URLs)."""
        size = min(int(query.get("per_page", "30")), self.page_size)
        page = int(query.get("page", "1"))
        last = max(1, -(-len(items) // size))
        links = []
        for rel, number in (("next", page + 1), ("last", last)):
            if page < last:
                links.append(
                    f'<{self.url}{path}?{urlencode(query | {"page": number})}>; rel="{rel}"'
                )
        for rel, number in (("first", 1), ("prev", page - 1)):
            if page > 1:
                links.append(
                    f'<{self.url}{path}?{urlencode(query | {"page": number})}>; rel="{rel}"'
                )
        chunk = items[(page - 1) * size : page * size]
        return Reply(200, chunk), ", ".join(links) or None  # type: ignore[return-value]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        fake: FakeGitHub = self.server.fake  # type: ignore[attr-defined]
        reply, link = fake.answer(method, self.path, body)
        data = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        headers = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999"} | reply.headers
        for name, value in headers.items():
            self.send_header(name, value)
        if link:
            self.send_header("Link", link)
        self.end_headers()
        self.wfile.write(data)
