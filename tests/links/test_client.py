"""One URL against a real server: statuses, redirects, retries, HEAD and GET."""

from __future__ import annotations

from collections.abc import Callable

from bot.links.verdicts import Verdict

from .conftest import Check, config
from .servers import Reply, Site, closed_port

Start = Callable[..., Site]


def test_200_is_ok_after_one_head(site: Start, check: Check) -> None:
    s = site()
    s.routes["/paper"] = Reply(200)
    result = check([s.url("/paper")]).results[s.url("/paper")]
    assert (result.verdict, result.reason, result.status) == (Verdict.OK, "200 OK", 200)
    assert result.moved_to is None
    assert not result.from_cache
    assert s.methods("/paper") == ["HEAD"]


def test_a_301_308_chain_across_hosts_ends_in_the_new_url(site: Start, check: Check) -> None:
    old, new = site(), site("127.0.0.2")
    old.routes["/old"] = Reply(301, {"Location": new.url("/mid")})
    new.routes["/mid"] = Reply(308, {"Location": "/final"})  # relative, as servers often send
    new.routes["/final"] = Reply(200)
    result = check([old.url("/old")]).results[old.url("/old")]
    assert (result.verdict, result.status) == (Verdict.OK, 200)
    assert result.moved_to == new.url("/final")


def test_a_move_keeps_the_fragment_the_server_never_saw(site: Start, check: Check) -> None:
    s = site()
    s.routes["/old"] = Reply(308, {"Location": "/new"})
    s.routes["/new"] = Reply(200)
    result = check([s.url("/old#results")]).results[s.url("/old#results")]
    assert result.moved_to == s.url("/new#results")


def test_a_302_is_temporary_and_moves_nothing(site: Start, check: Check) -> None:
    s = site()
    s.routes["/latest"] = Reply(302, {"Location": "/v2"})
    s.routes["/v2"] = Reply(200)
    result = check([s.url("/latest")]).results[s.url("/latest")]
    assert (result.verdict, result.moved_to) == (Verdict.OK, None)


def test_a_move_ends_where_the_permanent_hops_end(site: Start, check: Check) -> None:
    # 301 to the new home, then a 302 to a session page: the fix is the new home.
    s = site()
    s.routes["/old"] = Reply(301, {"Location": "/home"})
    s.routes["/home"] = Reply(302, {"Location": "/home?session=42"})
    s.routes["/home?session=42"] = Reply(200)
    assert check([s.url("/old")]).results[s.url("/old")].moved_to == s.url("/home")


def test_404_and_410_are_broken(site: Start, check: Check) -> None:
    s = site()
    s.routes["/gone"] = Reply(410)
    results = check([s.url("/missing"), s.url("/gone")]).results
    assert results[s.url("/missing")].verdict is Verdict.BROKEN
    assert results[s.url("/missing")].reason == "404 Not Found"
    assert (results[s.url("/gone")].verdict, results[s.url("/gone")].status) == (
        Verdict.BROKEN,
        410,
    )
    assert s.methods("/missing") == ["HEAD"]  # a 404 to HEAD is believed: no GET


def test_404_after_a_redirect_names_where(site: Start, check: Check) -> None:
    s = site()
    s.routes["/old"] = Reply(301, {"Location": "/nowhere"})
    result = check([s.url("/old")]).results[s.url("/old")]
    assert (result.verdict, result.moved_to) == (Verdict.BROKEN, None)
    assert result.reason == f"404 Not Found at {s.url('/nowhere')}"


def test_a_403_bot_wall_is_unverifiable_after_trying_get(site: Start, check: Check) -> None:
    s = site()
    s.routes["/acm"] = Reply(403)
    result = check([s.url("/acm")]).results[s.url("/acm")]
    assert (result.verdict, result.status) == (Verdict.UNVERIFIABLE, 403)
    assert "refuses automated checks" in result.reason
    assert s.methods("/acm") == ["HEAD", "GET"]


def test_head_refused_with_405_then_get_is_ok(site: Start, check: Check) -> None:
    s = site()
    s.routes["/page"] = lambda method, _: Reply(405 if method == "HEAD" else 200)
    result = check([s.url("/page")]).results[s.url("/page")]
    assert (result.verdict, result.status) == (Verdict.OK, 200)
    assert s.methods("/page") == ["HEAD", "GET"]


def test_get_only_hosts_never_download_the_body(site: Start, check: Check) -> None:
    s = site()
    size = 64 * 1024 * 1024  # far more than loopback buffers hold
    s.routes["/big.pdf"] = Reply(200, body=size)
    settings = config(hosts={"127.0.0.1": {"get_only": True}})
    result = check([s.url("/big.pdf")], settings).results[s.url("/big.pdf")]
    assert result.verdict is Verdict.OK
    assert s.methods("/big.pdf") == ["GET"]
    assert s.sent < size


def test_429_waits_as_long_as_retry_after_says(site: Start, check: Check) -> None:
    s = site()
    s.routes["/busy"] = lambda _, n: Reply(429, {"Retry-After": "1"}) if n == 0 else Reply(200)
    result = check([s.url("/busy")]).results[s.url("/busy")]
    assert result.verdict is Verdict.OK
    first, second = (hit.at for hit in s.hits)
    assert second - first >= 1.0


def test_429_forever_is_unverifiable_after_the_retries(site: Start, check: Check) -> None:
    s = site()
    s.routes["/busy"] = Reply(429, {"Retry-After": "0"})
    result = check([s.url("/busy")], config(retries=2)).results[s.url("/busy")]
    assert (result.verdict, result.status) == (Verdict.UNVERIFIABLE, 429)
    assert result.reason == "429 Too Many Requests (after 2 retries)"
    assert len(s.hits) == 3


def test_a_retry_after_too_long_is_not_waited_for(site: Start, check: Check) -> None:
    s = site()
    s.routes["/busy"] = Reply(503, {"Retry-After": "3600"})
    result = check([s.url("/busy")], config(max_retry_after=5)).results[s.url("/busy")]
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "asked to wait 3600 s, more than the 5 s allowed" in result.reason
    assert len(s.hits) == 1


def test_502_is_retried_and_500_is_not(site: Start, check: Check) -> None:
    s = site()
    s.routes["/flaky"] = lambda _, n: Reply(502) if n == 0 else Reply(200)
    s.routes["/crash"] = Reply(500)
    results = check([s.url("/flaky"), s.url("/crash")]).results
    assert results[s.url("/flaky")].verdict is Verdict.OK
    assert results[s.url("/crash")].verdict is Verdict.UNVERIFIABLE
    assert results[s.url("/crash")].reason == "500 Internal Server Error"
    assert len(s.methods("/crash")) == 1


def test_a_response_slower_than_the_timeout_is_unverifiable(site: Start, check: Check) -> None:
    s = site()
    s.routes["/slow"] = Reply(200, delay=5)
    result = check([s.url("/slow")], config(timeout=0.5, retries=0)).results[s.url("/slow")]
    assert (result.verdict, result.reason) == (Verdict.UNVERIFIABLE, "timed out after 0.5 s")


def test_a_timeout_is_retried(site: Start, check: Check) -> None:
    s = site()
    s.routes["/slow"] = lambda _, n: Reply(200, delay=5 if n == 0 else 0)
    result = check([s.url("/slow")], config(timeout=0.5, retries=1)).results[s.url("/slow")]
    assert result.verdict is Verdict.OK
    assert len(s.hits) == 2


def test_a_redirect_loop_is_broken(site: Start, check: Check) -> None:
    s = site()
    s.routes["/a"] = Reply(301, {"Location": "/b"})
    s.routes["/b"] = Reply(302, {"Location": "/a"})
    s.routes["/self"] = Reply(307, {"Location": "/self"})
    results = check([s.url("/a"), s.url("/self")]).results
    for url in (s.url("/a"), s.url("/self")):
        assert results[url].verdict is Verdict.BROKEN
        assert results[url].reason.startswith("redirect loop at ")


def test_too_many_redirects_is_broken(site: Start, check: Check) -> None:
    s = site()
    for n in range(5):
        s.routes[f"/{n}"] = Reply(301, {"Location": f"/{n + 1}"})
    s.routes["/5"] = Reply(200)
    result = check([s.url("/0")], config(max_redirects=3)).results[s.url("/0")]
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "more than 3 redirects")


def test_connection_refused_is_unverifiable(check: Check) -> None:
    url = f"http://127.0.0.1:{closed_port()}/paper"
    run = check([url, "https://127.0.0.1:1/x"])  # port 1: nothing listens there either
    assert run.results[url].verdict is Verdict.UNVERIFIABLE
    assert run.results[url].reason.startswith("cannot connect to 127.0.0.1:")


def test_duplicates_and_non_web_links_are_left_out(site: Start, check: Check) -> None:
    s = site()
    s.routes["/p"] = Reply(200)
    urls = [s.url("/p"), "mailto:someone@example.org", "papers/local.pdf", s.url("/p")]
    run = check(urls)
    assert list(run.results) == [s.url("/p")]
    assert len(s.hits) == 1
    assert run.summary.startswith(
        "links: checked 1, cached 0, ok 1, broken 0, unverifiable 0, skipped 0 in "
    )
