"""Fixtures for the online link checker: loopback servers, and one call to run a check."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.links.addresses import ANYWHERE, Reach
from bot.links.cache import LinkCache
from bot.links.run import check_urls
from bot.links.verdicts import LinkRun
from bot.model.config import LinkConfig

from .servers import FakeResolver, Site

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def config(**changes: Any) -> LinkConfig:
    """Settings for tests: short timeouts and retries, so failures come fast."""
    base: dict[str, Any] = {"timeout": 2.0, "retries": 1, "backoff": 0.01}
    return LinkConfig.model_validate({**base, **changes})


@pytest.fixture(autouse=True)
def _loopback_allowed(private_addresses_allowed: None) -> None:
    """Every server here is on 127.0.0.1: the link checks are allowed private addresses, as a
    runner allows them for an intranet. tests/links/test_private_addresses.py turns the
    switch off to show the default refusing."""


@pytest.fixture
def site() -> Iterator[Callable[..., Site]]:
    """``site(host="127.0.0.1")`` starts a server; every one is stopped at the end."""
    started: list[Site] = []

    def start(*args: Any, **kwargs: Any) -> Site:
        started.append(Site(*args, **kwargs))
        return started[-1]

    yield start
    for one in started:
        one.close()


Check = Callable[..., LinkRun]


@pytest.fixture
def check(tmp_path: Path) -> Check:
    """``check(urls, config=..., cache=..., resolver=..., now=..., sweep=..., reach=...)``:
    one run (private addresses allowed unless ``reach`` says otherwise).

    The cache is saved under tmp_path, as ``check_links`` does. Without a resolver of
    its own, no name resolves: a test can never reach a real DNS server by mistake.
    """

    def run(
        urls: list[str],
        settings: LinkConfig | None = None,
        *,
        cache: LinkCache | None = None,
        resolver: FakeResolver | None = None,
        now: datetime = NOW,
        sweep: bool = False,
        reach: Reach = ANYWHERE,
    ) -> LinkRun:
        settings = settings or config()
        cache = cache if cache is not None else LinkCache(tmp_path / "links.json")
        found = asyncio.run(
            check_urls(
                urls,
                settings,
                cache,
                sweep=sweep,
                resolver=resolver or FakeResolver(),
                now=now,
                # The servers here are on loopback: allowed explicitly, as a runner would
                # for an intranet. test_private_addresses.py shows the default refusing.
                reach=reach,
            )
        )
        cache.save(now)
        return found

    return run
