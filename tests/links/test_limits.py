"""Politeness: per-host and global limits, delays, and hosts that are never fetched."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from bot.links import cache as link_cache
from bot.links.policy import policy_for
from bot.links.verdicts import Verdict
from bot.speed import sealed_file

from .conftest import Check, config
from .servers import FakeResolver, Gauge, Reply, Site

Start = Callable[..., Site]


def _slow_pages(s: Site, count: int, delay: float = 0.2) -> list[str]:
    for n in range(count):
        s.routes[f"/{n}"] = Reply(200, delay=delay)
    return [s.url(f"/{n}") for n in range(count)]


def test_requests_to_one_host_stay_within_per_host(site: Start, check: Check) -> None:
    one, other = site(), site()  # two ports: two hosts
    urls = _slow_pages(one, 6) + _slow_pages(other, 6)
    run = check(urls, config(per_host=2, concurrency=32))
    assert {r.verdict for r in run.results.values()} == {Verdict.OK}
    assert one.gauge.peak == 2
    assert other.gauge.peak == 2


def test_a_host_policy_overrides_per_host(site: Start, check: Check) -> None:
    s = site()
    resolver = FakeResolver({"fragile.test": "127.0.0.1"})
    urls = [url.replace("127.0.0.1", "fragile.test") for url in _slow_pages(s, 4, 0.1)]
    settings = config(per_host=4, hosts={"fragile.test": {"concurrency": 1}})
    check(urls, settings, resolver=resolver)
    assert s.gauge.peak == 1


def test_the_global_limit_spans_hosts(site: Start, check: Check) -> None:
    gauge = Gauge()
    hosts = [site(gauge=gauge) for _ in range(3)]
    urls = [url for s in hosts for url in _slow_pages(s, 2)]
    check(urls, config(per_host=4, concurrency=2))
    assert gauge.peak == 2


def test_a_delay_spaces_requests_to_one_host(site: Start, check: Check) -> None:
    s = site()
    urls = _slow_pages(s, 3, 0)
    check(urls, config(per_host=4, hosts={"127.0.0.1": {"delay": 0.3}}))
    starts = sorted(hit.at for hit in s.hits)
    assert len(starts) == 3
    assert all(b - a >= 0.3 for a, b in pairwise(starts))


def test_skipped_hosts_and_their_subdomains_are_never_fetched(
    site: Start, check: Check, tmp_path: Path
) -> None:
    s = site()
    resolver = FakeResolver({"acm.test": "127.0.0.1", "dl.acm.test": "127.0.0.1"})
    s.routes["/doi"] = Reply(302, {"Location": s.url("/paper", "dl.acm.test")})
    urls = [s.url("/a", "acm.test"), s.url("/b", "dl.acm.test"), s.url("/doi")]
    run = check(urls, config(hosts={"acm.test": {"skip": True}}), resolver=resolver)
    assert run.results[urls[0]].verdict is Verdict.SKIPPED
    assert run.results[urls[0]].reason == "the host policy skips acm.test"
    assert run.results[urls[1]].verdict is Verdict.SKIPPED
    # A redirect into a skipped host stops there: the policy holds wherever the link leads.
    assert run.results[urls[2]].verdict is Verdict.SKIPPED
    assert run.results[urls[2]].reason == "redirects to dl.acm.test, which the host policy skips"
    assert [hit.path for hit in s.hits] == ["/doi"]
    assert ", skipped 3 in " in run.summary
    saved = sealed_file.read(tmp_path / "links.json", link_cache.HEADER)
    assert saved["urls"] == {}  # skipping is the config's call, made afresh each run


def test_policy_matching_is_by_name_and_subdomain_longest_first() -> None:
    settings = config(hosts={"acm.org": {"skip": True}, "dl.acm.org": {"delay": 1.0}})
    assert policy_for("ACM.org.", settings).skip
    assert policy_for("www.acm.org", settings).skip
    assert policy_for("dl.acm.org", settings).delay == 1.0
    assert not policy_for("dl.acm.org", settings).skip
    assert not policy_for("notacm.org", settings).skip
