"""Network faults below HTTP: the verdict is "unverifiable", never "broken", and every
fetch is bounded by the configured timeouts (asserted on settings, not on the clock).

Each fault server lives on 127.0.0.1 (tests/faultservers.py). One working site in the
same run shows the network is up, so these are the link's own failures, not an outage.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import Any

import aiohttp
import faultservers
import pytest
from faultservers import FaultServer

from bot.links.cache import LinkCache
from bot.links.client import Client
from bot.links.gates import Gates
from bot.links.verdicts import Verdict
from bot.model.config import LinkConfig

from .conftest import NOW, Check, config
from .servers import FakeResolver, Reply, Site

Start = Callable[..., Site]


def _with_a_working_site(site: Start, check: Check, url: str, **settings: Any) -> Any:
    good = site()
    good.routes["/ok"] = Reply(200)
    run = check([url, good.url("/ok")], config(**settings))
    assert run.outage is None
    assert run.results[good.url("/ok")].verdict is Verdict.OK
    return run.results[url]


@pytest.mark.parametrize(
    ("behaviour", "why"),
    [
        (faultservers.reset, "connection"),
        (faultservers.truncated_headers, ""),
        (faultservers.not_http, ""),
    ],
    ids=["connection-reset", "truncated-response", "not-http"],
)
def test_a_broken_answer_is_unverifiable(
    site: Start, check: Check, fault: Callable[..., FaultServer], behaviour: Any, why: str
) -> None:
    server = fault(behaviour)
    result = _with_a_working_site(site, check, server.url("/paper"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert why in result.reason


def test_an_untrusted_certificate_is_unverifiable_not_broken(
    site: Start, check: Check, fault: Callable[..., FaultServer]
) -> None:
    server = fault(faultservers.ok, tls=faultservers.untrusted_tls())
    result = _with_a_working_site(site, check, server.url("/paper"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert result.reason.startswith("TLS error")
    assert server.connections >= 1  # it was really asked, and refused at the handshake


def test_plain_http_on_an_https_url_is_unverifiable(
    site: Start, check: Check, fault: Callable[..., FaultServer]
) -> None:
    server = fault(faultservers.ok)
    result = _with_a_working_site(site, check, server.url("/paper", scheme="https"))
    assert result.verdict is Verdict.UNVERIFIABLE


@pytest.mark.parametrize(
    "behaviour",
    [faultservers.silent, faultservers.drip_headers],
    ids=["never-answers", "drips-its-headers"],
)
def test_a_server_that_never_finishes_times_out_as_unverifiable(
    site: Start, check: Check, fault: Callable[..., FaultServer], behaviour: Any
) -> None:
    server = fault(behaviour)
    result = _with_a_working_site(site, check, server.url("/paper"), timeout=0.3, retries=1)
    assert result.verdict is Verdict.UNVERIFIABLE
    assert result.reason == "timed out after 0.3 s"
    assert server.connections == 2  # the first try and one retry, then it gives up


def test_a_dns_server_failure_for_one_name_is_unverifiable(site: Start, check: Check) -> None:
    class Servfail(FakeResolver):
        async def resolve(self, host: str, *args: Any, **kwargs: Any) -> Any:
            if host == "flaky.example.org":
                raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
            return await super().resolve(host, *args, **kwargs)

    good = site()
    good.routes["/ok"] = Reply(200)
    resolver = Servfail({"good.example.org": good.host})
    url = "http://flaky.example.org/paper"
    run = check([url, good.url("/ok", host="good.example.org")], resolver=resolver)
    assert run.results[url].verdict is Verdict.UNVERIFIABLE
    assert "DNS lookup of flaky.example.org failed" in run.results[url].reason


def test_every_request_carries_the_configured_total_timeout() -> None:
    # What bounds a run: each request's total time (connect, headers, body) is the
    # configured timeout, and a URL gets at most 1 + retries of them.
    settings = LinkConfig(timeout=7.5, retries=2)

    async def make() -> Client:
        async with aiohttp.ClientSession() as session:
            return Client(session, settings, Gates(settings))

    client = asyncio.run(make())
    assert client._timeout.total == 7.5
    assert LinkConfig().timeout > 0 and LinkConfig().retries >= 0


def test_links_left_when_the_run_budget_is_spent_are_unverifiable_and_not_cached(
    site: Start, check: Check, fault: Callable[..., FaultServer], tmp_path: Any
) -> None:
    server = fault(faultservers.silent)
    good = site()
    good.routes["/ok"] = Reply(200)
    cache = LinkCache(tmp_path / "links.json")
    url = server.url("/paper")
    # One request could take 30 s; the whole run may take 0.5 s.
    run = check([url, good.url("/ok")], config(timeout=30.0, budget=0.5), cache=cache)
    assert run.results[url].verdict is Verdict.UNVERIFIABLE
    assert run.results[url].reason == "not checked within the run's time budget (0.5 s)"
    assert run.results[good.url("/ok")].verdict is Verdict.OK
    assert cache.fresh(url, config(), NOW) is None  # asked again next run
