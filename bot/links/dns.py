"""Name resolution, watched: "a host that does not exist" is only believed while
other names resolve, so the run must know which names did."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver


class RecordingResolver(AbstractResolver):
    """Wraps the real resolver and remembers every name that resolved."""

    def __init__(self, inner: AbstractResolver) -> None:
        self._inner = inner
        self.resolved: set[str] = set()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        if found:
            self.resolved.add(host.lower().rstrip("."))
        return found

    async def close(self) -> None:
        await self._inner.close()


def default_resolver() -> AbstractResolver:
    """getaddrinfo in a thread (aiohttp's default without aiodns).

    Chosen explicitly: its errors carry getaddrinfo's codes, which tell "no such
    name" (EAI_NONAME) from "no answer" (EAI_AGAIN). aiodns, if it happened to be
    installed, would turn both into an OSError with only a message to go by.
    """
    return ThreadedResolver()


def is_nxdomain(error: BaseException) -> bool:
    """True when DNS answered that the name does not exist (not: DNS did not answer)."""
    return isinstance(error, socket.gaierror) and error.errno == socket.EAI_NONAME


async def any_resolves(resolver: AbstractResolver, hosts: Iterable[str], timeout: float) -> bool:
    """Whether one of a few other names resolves: evidence that DNS itself works."""
    for host in list(hosts)[:3]:  # a few are enough; this runs only when in doubt
        try:
            async with asyncio.timeout(timeout):
                if await resolver.resolve(host, 0, socket.AF_UNSPEC):
                    return True
        except (OSError, TimeoutError):
            continue
    return False
