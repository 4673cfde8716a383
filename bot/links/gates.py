"""Politeness: how many requests at once, in all and to one host, and how far apart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.model.config import HostPolicy, LinkConfig


class _HostGate:
    def __init__(self, limit: int, delay: float) -> None:
        # A delay means "one at a time, this far apart" (like robots.txt's Crawl-delay):
        # gaps between parallel requests would mean nothing.
        self._slots = asyncio.Semaphore(1 if delay > 0 else limit)
        self._delay = delay
        self._last_end: float | None = None

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            loop = asyncio.get_running_loop()
            if self._delay > 0 and self._last_end is not None:
                wait = self._last_end + self._delay - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._last_end = loop.time()


class Gates:
    """A slot for each request: one of the host's, then one of the run's.

    Slots are taken per request, not per URL, so a task sleeping before a retry
    or following a redirect to another host holds nothing meanwhile. The host
    slot is taken first: a task queueing for a busy host then blocks no one else.
    """

    def __init__(self, config: LinkConfig) -> None:
        self._config = config
        self._total = asyncio.Semaphore(config.concurrency)
        self._hosts: dict[str, _HostGate] = {}

    @asynccontextmanager
    async def slot(self, host_key: str, policy: HostPolicy) -> AsyncIterator[None]:
        gate = self._hosts.get(host_key)
        if gate is None:
            limit = policy.concurrency or self._config.per_host
            gate = self._hosts[host_key] = _HostGate(limit, policy.delay)
        async with gate.slot(), self._total:
            yield
