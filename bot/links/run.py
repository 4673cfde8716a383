"""The online link check: which URLs to fetch, fetching them, and what the run concluded."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bot.files.cache_folder import CacheFolder, locate
from bot.links import judge
from bot.links.addresses import ANYWHERE, Reach, reach_from_environment, refusal
from bot.links.cache import LinkCache
from bot.links.outcome import Outcome
from bot.links.policy import policy_for
from bot.links.verdicts import LinkResult, LinkRun, Verdict
from bot.model.config import LinkConfig

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver


def check_links(
    urls: list[str],
    config: LinkConfig,
    root: Path,
    sweep: bool,
    progress: bool,
    folder: CacheFolder | None = None,
) -> LinkRun:
    """Check every http(s) URL once, reusing and updating the cache in the cache folder of
    ``root`` (``folder``, when the caller located it; none when it is not trusted)."""
    now = datetime.now(UTC)
    path = (folder or locate(root)).file(config.cache)
    cache = LinkCache() if path is None else LinkCache.load(path)
    run = asyncio.run(check_urls(urls, config, cache, sweep=sweep, progress=progress, now=now))
    cache.save(now)
    return run


async def check_urls(
    urls: list[str],
    config: LinkConfig,
    cache: LinkCache,
    *,
    sweep: bool = False,
    progress: bool = False,
    resolver: AbstractResolver | None = None,
    now: datetime | None = None,
    reach: Reach | None = None,
) -> LinkRun:
    """Like ``check_links`` with the cache in memory (the caller saves it), a resolver
    (tests map their host names to loopback) and the time (tests travel in it).

    Only public addresses are fetched, and those ``reach`` adds; without one, the
    runner's environment decides (``addresses.reach_from_environment``).
    """
    started = time.monotonic()
    now = now or datetime.now(UTC)
    if reach is None:
        reach = reach_from_environment()
    wanted = list(dict.fromkeys(url for url in urls if _fetchable(url)))
    results: dict[str, LinkResult] = {}
    todo: list[str] = []
    for url in wanted:
        host = urlsplit(url).hostname or ""
        entry = cache.fresh(url, config, now)
        if reach.refuses_host(host):
            # Never cached: whether it may be fetched is the runner's setting, not the link's.
            results[url] = LinkResult(url, Verdict.BROKEN, refusal(False), refused=True)
        elif policy_for(host, config).skip:
            results[url] = LinkResult(url, Verdict.SKIPPED, f"the host policy skips {host}")
        elif entry is not None:
            results[url] = judge.from_entry(url, entry, config, sweep, from_cache=True)
        else:
            todo.append(url)
    # Names known to exist, should a missing name need a second opinion on DNS.
    known = [urlsplit(url).hostname or "" for url in wanted] + list(config.hosts)
    outcomes, evidence = await _fetch_all(todo, config, resolver, progress, known, reach)
    for url, outcome in zip(todo, outcomes, strict=True):
        seen = judge.observed(url, outcome, evidence)
        skipped = seen.verdict is Verdict.SKIPPED
        if evidence.outage or skipped or outcome.cut_short or outcome.refused:
            # Not cached: an outage or a run out of time says nothing about the link, a
            # redirect into a skipped host is the config's call, which may change, and a
            # private host is refused or fetched by the runner's setting, not the link's.
            results[url] = seen
        else:
            entry = cache.record(seen, now)
            results[url] = judge.from_entry(url, entry, config, sweep, from_cache=False)
    ordered = {url: results[url] for url in wanted}
    outage = None
    if evidence.outage:
        ordered = {url: judge.in_outage(result) for url, result in ordered.items()}
        outage = judge.outage_line(evidence)
    summary = judge.summary(ordered, len(todo), time.monotonic() - started)
    return LinkRun(ordered, summary, outage)


async def _fetch_all(
    todo: list[str],
    config: LinkConfig,
    resolver: AbstractResolver | None,
    progress: bool,
    known: list[str],
    reach: Reach,
) -> tuple[list[Outcome], judge.Evidence]:
    if not todo:
        return [], judge.Evidence(0, False, False, False)
    # The HTTP stack loads only when something is fetched: not for a run the cache answers.
    import aiohttp

    from bot.links.client import Client
    from bot.links.dns import RecordingResolver, any_resolves, default_resolver
    from bot.links.gates import Gates
    from bot.links.public_only import PublicOnlyConnector, PublicOnlyResolver

    recording = RecordingResolver(resolver or default_resolver())
    if reach == ANYWHERE:
        connector = aiohttp.TCPConnector(resolver=recording, limit=config.concurrency)
    else:
        # Checked twice: at resolution (no private address is ever tried) and on the
        # connected socket's peer (whatever the path that led there).
        public = PublicOnlyResolver(recording, reach)
        connector = PublicOnlyConnector(reach, resolver=public, limit=config.concurrency)
    session = aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": config.user_agent},
        # Some publishers set a cookie on the first hop and redirect back; without
        # a jar that dance looks like a loop. unsafe: keep cookies of IP hosts too.
        cookie_jar=aiohttp.CookieJar(unsafe=True),
    )
    async with session:
        client = Client(session, config, Gates(config), reach)
        with _progress(progress, len(todo)) as advance:

            async def one(url: str) -> Outcome:
                try:
                    return await client.check(url)
                except Exception as exc:  # one URL tripping the HTTP stack must not end the run
                    why = f"could not be checked: {type(exc).__name__}: {exc}"
                    return Outcome(Verdict.UNVERIFIABLE, why)
                finally:
                    advance()

            outcomes = await _within_budget([one(url) for url in todo], config.budget)
        resolved = bool(recording.resolved)
        missing = {
            urlsplit(url).hostname for url, o in zip(todo, outcomes, strict=True) if o.nxdomain
        }
        if missing and not resolved:
            others = dict.fromkeys(h for h in known if h not in missing and _is_name(h))
            resolved = await any_resolves(recording, others, config.timeout)
    responded = any(outcome.responded for outcome in outcomes)
    failed = any(outcome.network_failure for outcome in outcomes)
    return outcomes, judge.Evidence(len(todo), responded, resolved, failed)


async def _within_budget(
    fetches: list[Coroutine[Any, Any, Outcome]], budget: float
) -> list[Outcome]:
    """Each fetch's outcome; those still running when the budget is spent are cancelled
    and unverifiable."""
    tasks = [asyncio.ensure_future(fetch) for fetch in fetches]
    _, pending = await asyncio.wait(tasks, timeout=budget)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    why = f"not checked within the run's time budget ({budget:g} s)"
    return [
        Outcome(Verdict.UNVERIFIABLE, why, cut_short=True) if task in pending else task.result()
        for task in tasks
    ]


def _progress(show: bool, total: int) -> AbstractContextManager[Callable[[], None]]:
    if show:
        from bot.links.progress import progress_bar  # rich loads only for a terminal

        return progress_bar(total)
    return _no_progress()


@contextmanager
def _no_progress() -> Iterator[Callable[[], None]]:
    yield lambda: None


def _fetchable(url: str) -> bool:
    """http(s) with a host; relative and other links are the offline check's business."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _is_name(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(host)
    return False
