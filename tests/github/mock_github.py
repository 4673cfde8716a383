"""GitHub's REST API on loopback: Prism mocking GitHub's OpenAPI description, behind a
small rewriting proxy.

Prism checks every request against the description. A request that breaks it is
answered 4xx (422 for a bad body or query) with an ``sl-violations`` header whose
entries have a location starting with "request"; a route the description does not
have gets a problem+json 404 or 405. The proxy records both as violations, and
the fixture fails the test when there are any: a passing test means GitHub would
accept every request paperbot sent.

Prism runs without ``--errors``: that flag makes Prism answer 500 when its *own*
canned response breaks the schema, and GitHub's examples for pull requests do
(``requested_teams[].type`` is missing), so no pull request could be read at all.
Such response-side entries are the description's problem, not paperbot's: kept
in ``spec_quirks`` for the curious, never a failure.

The proxy serves the API under /api/v3, as GitHub Enterprise does, so a client
that ignored the path of GITHUB_API_URL would miss it. It rewrites the
``https://api.github.com`` links in bodies to itself, and replaces Prism's canned
``Link`` header (always "page 2 of 5" of a placeholder path) with real links to
the requested path, so PyGithub paginates through five pages and stops.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from github_shapes import MISSING, NODE_MODULES, REPO, SPEC

PRISM = NODE_MODULES / ".bin" / "prism"
PREFIX = "/api/v3"
CANNED_HOST = b"https://api.github.com"
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "link"}


class Prism:
    """``prism mock`` on a free loopback port, started once per test session."""

    def __init__(self, log: Path, startup: float = 240.0) -> None:
        if not PRISM.exists():
            raise FileNotFoundError(MISSING.format(path=PRISM.relative_to(REPO)))
        self.port = _free_port()
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(self.port), str(SPEC)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=REPO,
                env={**os.environ, "SCARF_ANALYTICS": "false", "NO_COLOR": "1"},
            )
        deadline = time.monotonic() + startup  # loading the 13 MB description takes a while
        while b"Prism is listening" not in log.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Prism did not start (see {log}):\n{tail}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str  # as Prism saw it: without the /api/v3 prefix, with the query
    body: Any
    status: int


class Proxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.proxy = self  # type: ignore[attr-defined]
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.origin + PREFIX  # what GITHUB_API_URL is set to
        self.lock = threading.Lock()
        self.exchanges: list[Exchange] = []
        self.violations: list[str] = []
        self.spec_quirks: list[str] = []
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def clear(self) -> None:
        with self.lock:
            self.exchanges.clear()
            self.violations.clear()
            self.spec_quirks.clear()

    def sent(self, method: str, path: str) -> list[Exchange]:
        pattern = re.compile(path)
        return [e for e in self.exchanges if e.method == method and pattern.search(e.path)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def forward(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Any:
        if not target.startswith(PREFIX + "/"):
            self._note(f"{method} {target}: outside the API's base path {PREFIX}", [])
            return 404, {"Content-Type": "application/json"}, b'{"message":"Not Found"}'
        path = target[len(PREFIX) :]
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=60)
        try:
            upstream.request(method, path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
            reply = {k: v for k, v in answer.getheaders() if k.lower() not in _HOP_BY_HOP}
            canned_link = answer.getheader("Link")
            status = answer.status
        finally:
            upstream.close()
        self._judge(method, path, answer.getheader("sl-violations"), reply, data)
        parsed = json.loads(body) if body else None
        with self.lock:
            self.exchanges.append(Exchange(method, path, parsed, status))
        if canned_link:
            link = self._link(path, canned_link)
            if link:
                reply["Link"] = link
        return status, reply, data.replace(CANNED_HOST, self.url.encode())

    def _judge(
        self, method: str, path: str, header: str | None, reply: dict[str, str], data: bytes
    ) -> None:
        entries = json.loads(header) if header else []
        mine = [e for e in entries if e.get("location", [""])[0] == "request"]
        quirks = [e for e in entries if e not in mine]
        if quirks:
            with self.lock:
                self.spec_quirks.append(f"{method} {path}: {quirks}")
        if "problem+json" in reply.get("Content-Type", reply.get("content-type", "")):
            problem = json.loads(data)  # Prism's own error: no such route, method, or auth
            self._note(
                f"{method} {path}: Prism: {problem.get('title')} {problem.get('detail')}", []
            )
        if mine:
            self._note(f"{method} {path}", mine)

    def _note(self, what: str, entries: list[Any]) -> None:
        found = "; ".join(f"{'.'.join(map(str, e['location']))}: {e['message']}" for e in entries)
        with self.lock:
            self.violations.append(f"{what} {found}".rstrip())

    def _link(self, path: str, canned: str) -> str | None:
        """Prism's canned "next is 2, last is 5" made true for the path asked for."""
        pages = [int(n) for n in re.findall(r"[?&]page=(\d+)", canned)]
        last = max(pages, default=1)
        parts = urlsplit(path)
        query = dict(parse_qsl(parts.query))
        page = int(query.get("page", "1"))

        def at(number: int) -> str:
            return f"<{self.url}{parts.path}?{urlencode(query | {'page': str(number)})}>"

        links = []
        if page < last:
            links += [f'{at(page + 1)}; rel="next"', f'{at(last)}; rel="last"']
        if page > 1:
            links += [f'{at(1)}; rel="first"', f'{at(page - 1)}; rel="prev"']
        return ", ".join(links) or None


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._pass("GET")

    def do_POST(self) -> None:
        self._pass("POST")

    def do_PATCH(self) -> None:
        self._pass("PATCH")

    def do_PUT(self) -> None:
        self._pass("PUT")

    def do_DELETE(self) -> None:
        self._pass("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _pass(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        # Plain bodies: the proxy rewrites them, so nothing may arrive compressed.
        skip = {"host", "accept-encoding", "connection", "content-length"}
        headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
        proxy: Proxy = self.server.proxy  # type: ignore[attr-defined]
        status, reply, data = proxy.forward(method, self.path, headers, body)
        self.send_response(status)
        for name, value in reply.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
