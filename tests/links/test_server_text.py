"""What a server says is bounded and made plain before it enters a verdict (issue 14,
finding 4): a 70 KB status line was copied into the diagnostic, and from there into the
cache, the job summary and the PR comment.

Real servers on 127.0.0.1 (tests/faultservers.py) send the hostile answers."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from faultservers import FaultServer

from bot.links.cache import LinkCache
from bot.links.outcome import MAX_REASON, server_text
from bot.links.verdicts import LinkResult, Verdict

from .conftest import NOW, Check, config
from .servers import Reply, Site

HUGE = 70_000


def _answer(raw: bytes) -> Callable[[socket.socket, threading.Event], None]:
    def behaviour(conn: socket.socket, stop: threading.Event) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        conn.sendall(raw)

    return behaviour


def _plain(reason: str) -> None:
    assert len(reason) <= MAX_REASON
    assert reason.isprintable()


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 404 " + b"N" * HUGE + b"\r\n\r\n",  # a 70 KB reason phrase
        b"SSH-2.0-" + b"S" * HUGE + b"\r\n\r\n",  # a 70 KB line that is not HTTP at all
        b"HTTP/1.1 200 OK\r\nX-Evil: " + b"H" * HUGE + b"\r\n\r\n",  # a 70 KB header
        b"\x1b[31mEVIL\x1b[0m \xe2\x80\xae\n\n",  # escapes and a bidi override, not HTTP
    ],
    ids=["long-status-line", "long-non-http-line", "long-header", "control-characters"],
)
def test_a_servers_text_is_bounded_and_plain_in_the_verdict_and_the_cache(
    site: Callable[..., Site],
    check: Check,
    fault: Callable[..., FaultServer],
    tmp_path: Path,
    raw: bytes,
) -> None:
    server = fault(_answer(raw))
    good = site()
    good.routes["/ok"] = Reply(200)
    url = server.url("/paper")

    run = check([url, good.url("/ok")], config())

    result = run.results[url]
    assert result.verdict is Verdict.UNVERIFIABLE
    _plain(result.reason)
    assert "NNNNNNNNNN" * 50 not in result.reason
    assert (tmp_path / "links.json").stat().st_size < 10_000  # what the cache keeps of it


def test_a_long_redirect_target_is_cut_in_the_reason_and_never_made_a_fix(
    site: Callable[..., Site], check: Check
) -> None:
    server = site()
    far = "/" + "m" * 7000  # under aiohttp's 8 KB header line, over any fix's length
    server.routes["/paper"] = Reply(301, {"Location": far})
    server.routes[far] = Reply(200)

    result = check([server.url("/paper")]).results[server.url("/paper")]

    assert result.verdict is Verdict.OK
    _plain(result.reason)
    assert result.reason.endswith("…")
    assert result.moved_to is None  # a fix of 7,000 characters is no fix


def test_a_cached_reason_is_bounded_as_it_is_read(check: Check, tmp_path: Path) -> None:
    # The cache may come from elsewhere: what it quotes is bounded again when used.
    url = "https://paper.example.org/p"
    cache = LinkCache(tmp_path / "forged.json")
    forged = LinkResult(
        url, Verdict.BROKEN, "404 \x1b[2J" + "N" * HUGE, 404, "https://x.example/" + "m" * 5000
    )
    cache.record(forged, NOW)

    result = check([url], cache=cache).results[url]

    assert result.from_cache
    _plain(result.reason)
    assert result.moved_to is None


def test_server_text_keeps_short_plain_text_as_it_is() -> None:
    assert server_text("404 Not Found at https://example.org/a") == (
        "404 Not Found at https://example.org/a"
    )
    assert server_text("line\r\nbreak\x00\u202e") == "line break"
    assert server_text("x" * 1000) == "x" * (MAX_REASON - 1) + "…"
