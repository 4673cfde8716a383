"""The cache between runs: reuse, expiry, bad files, and the sweep's patience."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.files.cache_folder import DEFAULT
from bot.links import cache as link_cache
from bot.links.cache import LinkCache
from bot.links.run import check_links
from bot.links.verdicts import Verdict
from bot.model.config import LinkConfig
from bot.speed import sealed_file

from .conftest import NOW, Check, config
from .servers import Reply, Site

Start = Callable[..., Site]
DAY = timedelta(days=1)


def _pages(s: Site) -> list[str]:
    s.routes["/ok"] = Reply(200)
    s.routes["/moved"] = Reply(301, {"Location": "/ok"})
    s.routes["/busy"] = Reply(429, {"Retry-After": "0"})
    return [s.url("/ok"), s.url("/moved"), s.url("/gone"), s.url("/busy")]


def test_a_second_run_is_served_from_the_cache_file(site: Start, tmp_path: Path) -> None:
    s = site()
    urls = _pages(s)
    settings = config(cache="deep/er/links.json")
    first = check_links(urls, settings, tmp_path, sweep=False, progress=False)
    hits = len(s.hits)
    assert (tmp_path / DEFAULT / "deep/er/links.json").is_file()  # in the cache folder
    second = check_links(urls, settings, tmp_path, sweep=False, progress=False)
    assert len(s.hits) == hits  # no request reached the server
    assert all(result.from_cache for result in second.results.values())
    for url in urls:
        fresh, cached = first.results[url], second.results[url]
        assert (cached.verdict, cached.reason, cached.status, cached.moved_to) == (
            fresh.verdict,
            fresh.reason,
            fresh.status,
            fresh.moved_to,
        )
    assert second.summary.startswith("links: checked 0, cached 4, ok 2, broken 1, unverifiable 1")


def test_entries_expire_by_their_own_ttl(site: Start, check: Check, tmp_path: Path) -> None:
    s = site()
    ok, gone = _pages(s)[0], s.url("/gone")
    cache = LinkCache(tmp_path / "links.json")
    settings = config(ok_ttl_days=7, failure_ttl_days=1)
    check([ok, gone], settings, cache=cache, now=NOW)
    later = check([ok, gone], settings, cache=cache, now=NOW + 0.5 * DAY)
    assert later.results[ok].from_cache and later.results[gone].from_cache
    later = check([ok, gone], settings, cache=cache, now=NOW + 2 * DAY)
    assert later.results[ok].from_cache
    assert not later.results[gone].from_cache  # the failure is checked again
    later = check([ok, gone], settings, cache=cache, now=NOW + 8 * DAY)
    assert not later.results[ok].from_cache
    assert s.methods("/ok") == ["HEAD", "HEAD"]


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '{"version": 1, "urls": {"u": {"verdict": "maybe"}}}',
        "\udcff",
        '{\n "version": 1,\n "urls": {}\n}\n',
        '{"cache": "links", "format": 2, "digest": "0"}\n{"urls": {}}',
    ],
    ids=["syntax", "shape", "entry", "encoding", "version 1", "seal"],
)
def test_a_bad_cache_file_is_ignored_with_a_warning(
    text: str, site: Start, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = site()
    url = _pages(s)[0]
    path = tmp_path / ".cache/paperbot/links.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    run = check_links([url], LinkConfig(), tmp_path, sweep=False, progress=False)
    assert run.results[url].verdict is Verdict.OK
    warning = capsys.readouterr().err
    assert warning.startswith(f"paperbot: ignoring the link cache {path}: ")
    assert warning.count("\n") == 1
    assert sealed_file.read(path, link_cache.HEADER)["urls"][url]["verdict"] == "ok"


def test_an_unwritable_cache_file_costs_a_warning_not_the_run(
    site: Start, check: Check, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _pages(site())[0]
    (tmp_path / "file").write_text("", encoding="utf-8")
    path = tmp_path / "file" / "links.json"  # under a file: no folder can be made
    assert check([url], cache=LinkCache(path)).results[url].verdict is Verdict.OK
    warning = capsys.readouterr().err
    assert warning.startswith(f"paperbot: cannot write the link cache {path}: ")
    assert warning.count("\n") == 1


def test_the_sweep_calls_a_link_broken_only_after_failures_over_days(
    site: Start, check: Check, tmp_path: Path
) -> None:
    s = site()
    gone = s.url("/gone")
    cache = LinkCache(tmp_path / "links.json")
    settings = config(confirm_failures=3, confirm_days=2, failure_ttl_days=0.25)

    def sweep(at: timedelta) -> tuple[Verdict, str]:
        result = check([gone], settings, cache=cache, now=NOW + at, sweep=True).results[gone]
        return result.verdict, result.reason

    assert sweep(0 * DAY) == (
        Verdict.UNVERIFIABLE,
        "404 Not Found; failing since 2026-11-20 (1 of 3 failures)",
    )
    assert sweep(1 * DAY)[1].endswith("(2 of 3 failures)")
    assert sweep(1.5 * DAY) == (
        Verdict.UNVERIFIABLE,
        "404 Not Found; failing since 2026-11-20 (3 of 3 failures, over 1.5 of 2 days)",
    )
    assert sweep(2 * DAY) == (
        Verdict.BROKEN,
        "404 Not Found; failing since 2026-11-20 (4 failures)",
    )
    # A PR does not wait: the same cached 404 is broken at once.
    pr = check([gone], settings, cache=cache, now=NOW + 2 * DAY).results[gone]
    assert (pr.verdict, pr.from_cache) == (Verdict.BROKEN, True)


def test_a_link_that_works_again_starts_the_count_afresh(
    site: Start, check: Check, tmp_path: Path
) -> None:
    s = site()
    s.routes["/flaky"] = lambda _, n: Reply(200 if n == 1 else 404)
    url = s.url("/flaky")
    cache = LinkCache(tmp_path / "links.json")
    settings = config(failure_ttl_days=0, ok_ttl_days=0)
    check([url], settings, cache=cache, now=NOW, sweep=True)
    assert check([url], settings, cache=cache, now=NOW + DAY, sweep=True).results[url].verdict == (
        Verdict.OK
    )
    again = check([url], settings, cache=cache, now=NOW + 2 * DAY, sweep=True).results[url]
    assert again.reason.endswith("failing since 2026-11-22 (1 of 3 failures)")
    stored = sealed_file.read(tmp_path / "links.json", link_cache.HEADER)["urls"][url]
    assert stored["failures"] == [(NOW + 2 * DAY).isoformat()]
    assert stored["checked_at"] == (NOW + 2 * DAY).isoformat()
