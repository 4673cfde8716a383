"""Missing host names and outages: broken only while other names resolve."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.links.cache import LinkCache
from bot.links.verdicts import Verdict

from .conftest import NOW, Check
from .servers import FakeResolver, Reply, Site, closed_port

Start = Callable[..., Site]


def test_a_missing_name_is_broken_while_other_names_resolve(site: Start, check: Check) -> None:
    s = site()
    s.routes["/p"] = Reply(200)
    resolver = FakeResolver({"papers.test": "127.0.0.1"})
    good, bad = s.url("/p", "papers.test"), "http://no-such-host.test/p"
    run = check([good, bad], resolver=resolver)
    assert run.results[good].verdict is Verdict.OK
    assert run.results[bad].verdict is Verdict.BROKEN
    assert run.results[bad].reason == "host name no-such-host.test does not exist"
    assert run.outage is None


def test_nothing_resolves_nothing_connects_is_an_outage(check: Check, tmp_path: Path) -> None:
    cache = LinkCache(tmp_path / "links.json")
    urls = ["http://papers.test/p", "http://code.test/q", f"http://127.0.0.1:{closed_port()}/"]
    run = check(urls, cache=cache, resolver=FakeResolver())  # every name: NXDOMAIN
    assert {r.verdict for r in run.results.values()} == {Verdict.UNVERIFIABLE}
    assert run.outage is not None
    assert run.outage.startswith("links: the network seems down")
    assert "\n" not in run.outage
    assert cache.entries == {}  # an outage says nothing about the links: nothing cached


def test_dns_that_does_not_answer_is_an_outage(check: Check) -> None:
    run = check(["http://papers.test/p"], resolver=FakeResolver(down=True))
    result = run.results["http://papers.test/p"]
    assert result.verdict is Verdict.UNVERIFIABLE
    assert result.reason.startswith("DNS lookup of papers.test failed")
    assert run.outage is not None


def test_a_missing_name_is_not_believed_when_no_name_resolves(site: Start, check: Check) -> None:
    # A server answers (by IP), so this is no outage; but DNS answers NXDOMAIN for
    # everything it is asked, which proves nothing about the one name.
    s = site()
    s.routes["/p"] = Reply(200)
    run = check([s.url("/p"), "http://papers.test/p"], resolver=FakeResolver())
    result = run.results["http://papers.test/p"]
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "no other host name resolved either" in result.reason
    assert run.outage is None


def test_a_cached_name_vouches_for_dns(site: Start, check: Check, tmp_path: Path) -> None:
    # The only URL fetched is the missing one; a name from the cache is probed instead.
    s = site()
    s.routes["/p"] = Reply(200)
    resolver = FakeResolver({"papers.test": "127.0.0.1"})
    cache = LinkCache(tmp_path / "links.json")
    good, bad = s.url("/p", "papers.test"), "http://no-such-host.test/p"
    check([good], cache=cache, resolver=resolver)
    resolver.asked.clear()
    run = check([good, bad], cache=cache, resolver=resolver)
    assert run.results[good].from_cache
    assert run.results[bad].verdict is Verdict.BROKEN
    assert resolver.asked == ["no-such-host.test", "papers.test"]
    assert len(s.hits) == 1  # the probe only resolves: it sends no request


def test_an_outage_does_not_fail_through_the_cache(site: Start, check: Check) -> None:
    s = site()
    cache = LinkCache(None)
    gone, fresh = s.url("/gone"), "http://papers.test/new"
    assert check([gone], cache=cache).results[gone].verdict is Verdict.BROKEN
    s.close()
    run = check([gone, fresh], cache=cache, now=NOW)  # the 404 is still fresh in the cache
    assert run.outage is not None
    assert run.results[gone].verdict is Verdict.UNVERIFIABLE
    assert run.results[gone].reason.startswith("404 Not Found when last checked")
