"""SSRF: a pull request picks the URLs the link checker fetches, so by default only public
addresses are fetched, judged at the URL's host, at resolution, on every redirect hop and
on the connected peer; a refusal names no address, host, port or connect error.

Every server here is on loopback. The runner's switch (PAPERBOT_ALLOW_PRIVATE_ADDRESSES)
is turned off in each test; where a test needs one loopback server to stand in for "the
public internet", it allows exactly that address (``FRONT``) and nothing else.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.links.addresses import ANYWHERE, PUBLIC, Reach, refusal
from bot.links.cache import LinkCache
from bot.links.public_only import NotPublic, PublicOnlyConnector, PublicOnlyResolver
from bot.links.run import check_urls
from bot.links.verdicts import Verdict

from .conftest import NOW, Check, config
from .servers import FakeResolver, Reply, Site, closed_port

Start = Callable[..., Site]
RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]

# One loopback address stands in for a public site; 127.0.0.2 is the internal one.
FRONT = Reach((ipaddress.IPv4Network("127.0.0.1/32"),))
INTERNAL = "127.0.0.2"


@pytest.fixture(autouse=True)
def _switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERBOT_ALLOW_PRIVATE_ADDRESSES", raising=False)


def _refused(result_reason: str, redirected: bool = False) -> None:
    assert result_reason == refusal(redirected)


def test_by_default_loopback_is_refused_and_never_asked(site: Start, tmp_path: Path) -> None:
    s = site()
    s.routes["/admin"] = Reply(200)
    url = s.url("/admin")
    cache = LinkCache(tmp_path / "links.json")
    # No reach given: the runner's environment decides, and here it allows nothing private.
    run = asyncio.run(check_urls([url], config(), cache, resolver=FakeResolver(), now=NOW))
    assert run.results[url].verdict is Verdict.BROKEN
    _refused(run.results[url].reason)
    assert s.hits == []
    assert cache.entries == {}  # the runner's setting, not the link: never cached


def test_the_runner_switch_allows_loopback(
    site: Start, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERBOT_ALLOW_PRIVATE_ADDRESSES", "1")
    s = site()
    s.routes["/p"] = Reply(200)
    cache = LinkCache(tmp_path / "links.json")
    run = asyncio.run(check_urls([s.url("/p")], config(), cache, resolver=FakeResolver()))
    assert run.results[s.url("/p")].verdict is Verdict.OK


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "LOCALHOST.",
        "api.localhost",
        "0x7f.1",
        "0x7f000001",
        "2130706433",
        "0177.0.0.1",
        "017700000001",
        "127.1",
        "127.0.1",
        "127.0.0.1.",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[::1]",
        "[64:ff9b::7f00:1]",
        "0.0.0.0",
        "0",
        "169.254.169.254",
        "1.2.3.4.5",  # numeric, but no address: refused as a browser refuses it
        "1.2.3.08",
        "[::]",
        "127\u30021",  # an ideographic full stop: IDNA (yarl, aiohttp) reads 127.1
        "\uff11\uff12\uff17.0.0.1",  # fullwidth digits: IDNA reads 127.0.0.1
        "example.org@127.0.0.1",  # the user name is not the host
    ],
)
def test_an_address_in_any_notation_is_refused_unasked(
    host: str, site: Start, check: Check
) -> None:
    s = site()
    s.routes["/p"] = Reply(200)
    url = f"http://{host}:{s.port}/p"
    # localhost maps to loopback as /etc/hosts does; any other name would be NXDOMAIN.
    resolver = FakeResolver({"localhost": "127.0.0.1", "api.localhost": "127.0.0.1"})
    run = check([url], resolver=resolver, reach=PUBLIC)
    assert run.results[url].verdict is Verdict.BROKEN
    _refused(run.results[url].reason)
    assert s.hits == []
    assert resolver.asked == []  # decided from the URL alone


def test_a_name_resolving_to_loopback_is_refused(site: Start, check: Check) -> None:
    s = site()
    s.routes["/p"] = Reply(200)
    url = s.url("/p", "papers.test")
    run = check([url], resolver=FakeResolver({"papers.test": "127.0.0.1"}), reach=PUBLIC)
    assert run.results[url].verdict is Verdict.BROKEN
    _refused(run.results[url].reason)
    assert "127.0.0.1" not in run.results[url].reason
    assert s.hits == []


@pytest.mark.parametrize(
    "target", [f"http://{INTERNAL}:{{port}}/secret", "http://0x7f.0.0.2:{port}/secret", "name"]
)
def test_a_redirect_into_private_space_is_refused_and_its_target_never_named(
    target: str, site: Start, check: Check
) -> None:
    front, internal = site(), site(INTERNAL)
    internal.routes["/secret"] = Reply(200)
    location = target.format(port=internal.port)
    if target == "name":
        location = internal.url("/secret", "intranet.test")
    front.routes["/go"] = Reply(301, {"Location": location})  # permanent: would be a fix
    resolver = FakeResolver({"intranet.test": INTERNAL})
    run = check([front.url("/go")], resolver=resolver, reach=FRONT)
    result = run.results[front.url("/go")]
    assert result.verdict is Verdict.BROKEN
    _refused(result.reason, redirected=True)
    assert result.moved_to is None
    assert INTERNAL not in result.reason and "intranet" not in result.reason
    assert internal.hits == []
    assert [hit.path for hit in front.hits] == ["/go"]


def test_a_closed_and_an_open_private_port_look_the_same(site: Start, check: Check) -> None:
    # "cannot connect to 127.0.0.1:1" against "200 OK" is a port scanner's answer.
    s = site()
    s.routes["/"] = Reply(200)
    names = FakeResolver({"open.test": "127.0.0.1", "closed.test": "127.0.0.1"})
    urls = [s.url("/"), f"http://127.0.0.1:{closed_port()}/"]
    urls += [s.url("/", "open.test"), f"http://closed.test:{closed_port()}/"]
    run = check(urls, resolver=names, reach=PUBLIC)
    assert {(r.verdict, r.reason, r.status) for r in run.results.values()} == {
        (Verdict.BROKEN, refusal(False), None)
    }
    assert s.hits == []


def test_a_refusal_stays_an_error_during_an_outage(check: Check) -> None:
    # Nothing resolves and nothing answers: an outage makes every fetched verdict
    # unverifiable, but a private address was never a question for the network.
    urls = ["http://papers.test/p", f"http://127.0.0.1:{closed_port()}/", "http://x.test/"]
    run = check(urls, resolver=FakeResolver(), reach=PUBLIC)
    assert run.outage is not None
    assert run.results[urls[1]].verdict is Verdict.BROKEN
    assert run.results[urls[0]].verdict is Verdict.UNVERIFIABLE


class _TwoAnswers(FakeResolver):
    """DNS answering a private and a public address for one name, private first."""

    async def resolve(self, host: str, port: int = 0, family: Any = 0) -> list[Any]:
        found = await super().resolve(host, port, family)
        public = dict(found[0], host="93.184.215.14")
        return [found[0], public]


def test_the_resolver_keeps_only_public_answers() -> None:
    inner = _TwoAnswers({"mixed.test": "10.0.0.7", "inside.test": "10.0.0.7"})
    resolver = PublicOnlyResolver(inner, PUBLIC)
    found = asyncio.run(resolver.resolve("mixed.test", 80))
    assert [answer["host"] for answer in found] == ["93.184.215.14"]
    only_private = PublicOnlyResolver(FakeResolver({"inside.test": "10.0.0.7"}), PUBLIC)
    with pytest.raises(NotPublic) as refused:
        asyncio.run(only_private.resolve("inside.test", 80))
    assert "10.0.0.7" not in str(refused.value)


def test_the_connected_peer_is_checked_whatever_resolution_said(site: Start) -> None:
    # As after DNS rebinding: the resolver here is not filtered, so only the connector's
    # look at the socket's peer stands between the request and the loopback server.
    s = site()
    s.routes["/p"] = Reply(200)

    async def fetch() -> BaseException | None:
        resolver = FakeResolver({"rebound.test": "127.0.0.1"})
        connector = PublicOnlyConnector(PUBLIC, resolver=resolver)
        async with aiohttp.ClientSession(connector=connector) as session:
            try:
                async with session.get(s.url("/p", "rebound.test")):
                    return None
            except aiohttp.ClientConnectorError as exc:
                return exc.os_error

    assert isinstance(asyncio.run(fetch()), NotPublic)
    assert s.hits == []


def test_the_peer_check_lets_an_allowed_peer_through(site: Start) -> None:
    s = site()
    s.routes["/p"] = Reply(200)

    async def fetch() -> int:
        connector = PublicOnlyConnector(FRONT, resolver=FakeResolver({"front.test": "127.0.0.1"}))
        async with (
            aiohttp.ClientSession(connector=connector) as session,
            session.get(s.url("/p", "front.test")) as response,
        ):
            return response.status

    assert asyncio.run(fetch()) == 200


def test_anywhere_is_what_the_switch_means(check: Check, site: Start) -> None:
    s = site()
    s.routes["/p"] = Reply(200)
    assert check([s.url("/p")], reach=ANYWHERE).results[s.url("/p")].verdict is Verdict.OK
