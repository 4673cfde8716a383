"""Real HTTP servers on loopback, and a resolver for test host names.

The link checker is tested against these, never by patching its client: what
it sees is what a real server sends. Nothing here reaches past 127.0.0.0/8.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    body: int = 0  # bytes of body sent to a GET


# A route is a fixed reply, or a function of (method, how many earlier hits on this path).
Route = Reply | Callable[[str, int], Reply]


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    at: float  # time.monotonic() when the request arrived


class Gauge:
    """How many requests are being handled at once, and the most ever seen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0


class Site:
    """One server on ``host`` (any 127.x address) and a port of its own: one "host"."""

    def __init__(self, host: str = "127.0.0.1", gauge: Gauge | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.gauge = gauge or Gauge()
        self.sent = 0  # body bytes that reached the socket
        self.stop = threading.Event()  # wakes slow handlers when the test ends
        self._server = _Server((host, 0), _Handler)
        self._server.site = self
        self.host, self.port = str(self._server.server_address[0]), self._server.server_address[1]
        # A short poll interval: shutdown() waits up to one interval, at every test's end.
        poll = {"poll_interval": 0.02}
        threading.Thread(target=self._server.serve_forever, kwargs=poll, daemon=True).start()

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def methods(self, path: str) -> list[str]:
        return [hit.method for hit in self.hits if hit.path == path]

    def close(self) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler stuck writing must not hold up the test's end
    site: Site


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean

    def _answer(self, method: str) -> None:
        site, gauge = self.server.site, self.server.site.gauge
        with gauge.lock:
            earlier = sum(1 for hit in site.hits if hit.path == self.path)
            site.hits.append(Hit(method, self.path, time.monotonic()))
            gauge.active += 1
            gauge.peak = max(gauge.peak, gauge.active)
        try:
            route = site.routes.get(self.path, Reply(404))
            reply = route(method, earlier) if callable(route) else route
            if reply.delay:
                site.stop.wait(reply.delay)
        finally:
            # Counted as done before the reply is sent: the client cannot start its
            # next request before this one's answer, so overlaps seen are real.
            with gauge.lock:
                gauge.active -= 1
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(reply.body))
            self.end_headers()
            if method == "GET":
                self._body(reply.body)
        except OSError:
            pass  # the client hung up: that is its right

    def _body(self, size: int) -> None:
        chunk = b"x" * 65536
        while size > 0:
            part = chunk[: min(size, len(chunk))]
            self.wfile.write(part)
            self.server.site.sent += len(part)
            size -= len(part)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeResolver(AbstractResolver):
    """Maps test host names to loopback addresses. Any other name fails the way a
    real NXDOMAIN fails through getaddrinfo (or, with ``down``, every name fails
    the way it does when no DNS server answers)."""

    def __init__(self, names: Mapping[str, str] | None = None, down: bool = False) -> None:
        self.names = dict(names or {})
        self.down = down
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        if self.down:
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        address = self.names.get(host.lower().rstrip("."))
        if address is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        flags = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
        return [
            ResolveResult(
                hostname=host, host=address, port=port, family=socket.AF_INET, proto=0, flags=flags
            )
        ]

    async def close(self) -> None:
        pass
