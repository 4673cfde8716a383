"""Servers on 127.0.0.1 that fail the way networks do, for the link checker and the
arXiv client: they reset the connection, cut the answer short, answer in another
protocol, present a certificate nobody trusts, or accept and never say a word.

Raw sockets, not http.server: these faults happen below HTTP. Each server stops
(and wakes its handlers) on ``close()``. Imported as ``faultservers`` (tests/ is on
sys.path, as for ``helpers``).
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from collections.abc import Callable

import trustme

Behaviour = Callable[[socket.socket, threading.Event], None]
REQUEST_END = b"\r\n\r\n"


def _read_request(conn: socket.socket) -> None:
    data = b""
    while REQUEST_END not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk


def reset(conn: socket.socket, stop: threading.Event) -> None:
    """Read the request, then close with a TCP RST (SO_LINGER 0): 'connection reset'."""
    _read_request(conn)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def truncated_headers(conn: socket.socket, stop: threading.Event) -> None:
    """The status line and half a header, then the connection ends."""
    _read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Le")


def truncated_body(conn: socket.socket, stop: threading.Event) -> None:
    """A promise of 1000 bytes, 10 of them delivered, then the connection ends."""
    _read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789")


def not_http(conn: socket.socket, stop: threading.Event) -> None:
    """Another protocol's greeting where an HTTP status line belongs."""
    _read_request(conn)
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")


def silent(conn: socket.socket, stop: threading.Event) -> None:
    """Accept, never read, never answer, keep the connection open."""
    stop.wait(60)


def drip(conn: socket.socket, stop: threading.Event) -> None:
    """A 200 whose body comes one byte at a time, for as long as the client waits:
    no single read ever times out."""
    _read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    while not stop.wait(0.05):
        conn.sendall(b"<")


def drip_headers(conn: socket.socket, stop: threading.Event) -> None:
    """The status line and headers one byte at a time, never finished."""
    _read_request(conn)
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 100000:
        if stop.wait(0.05):
            return
        conn.sendall(bytes([byte]))


class FaultServer:
    """One listening socket on 127.0.0.1; every connection gets ``behaviour``."""

    def __init__(self, behaviour: Behaviour, tls: ssl.SSLContext | None = None) -> None:
        self.behaviour = behaviour
        self.tls = tls
        self.stop = threading.Event()
        self.connections = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = int(self._sock.getsockname()[1])
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str = "/", scheme: str | None = None) -> str:
        scheme = scheme or ("https" if self.tls else "http")
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            self.behaviour(conn, self.stop)
        except (OSError, ssl.SSLError):
            pass  # the client gave up first, or refused our certificate: its right
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self._sock.close()


def untrusted_tls() -> ssl.SSLContext:
    """A server context with a certificate for 127.0.0.1 from a CA no client trusts."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


def ok(conn: socket.socket, stop: threading.Event) -> None:
    """A plain, complete 200 (behind TLS it shows the fault was the certificate)."""
    _read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
