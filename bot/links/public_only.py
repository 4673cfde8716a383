"""The HTTP stack's two guards against fetching private addresses: at resolution, and on
the socket once connected.

The resolver drops every private address a name resolves to (a name pointing at
127.0.0.1, 169.254.169.254 or an intranet host), so aiohttp never connects there. The
connector then looks at the peer of every connection it opens, before a byte of the
request is written: whatever path led there (a rebinding answer cached below us, an
address literal aiohttp does not resolve, a future aiohttp path), a private peer is
closed unused. The client checks each redirect hop's host before either runs
(``bot/links/client.py``).
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.client_proto import ResponseHandler

from bot.links.addresses import Reach


class NotPublic(OSError):
    """The host is, or resolves only to, addresses that are not public.

    An OSError so aiohttp hands it on as the cause of its connector errors; it carries
    no address on purpose (see ``addresses.NOT_PUBLIC``).
    """

    def __init__(self) -> None:
        super().__init__("not a public internet address")


class PublicOnlyResolver(AbstractResolver):
    """Wraps a resolver and keeps only the addresses the run may reach (public ones)."""

    def __init__(self, inner: AbstractResolver, reach: Reach) -> None:
        self._inner = inner
        self._reach = reach

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        public = [result for result in found if self._reach.allows_text(result["host"])]
        if not public:
            raise NotPublic()
        return public

    async def close(self) -> None:
        await self._inner.close()


class PublicOnlyConnector(aiohttp.TCPConnector):
    """A TCPConnector that closes any connection whose peer the run may not reach."""

    def __init__(self, reach: Reach, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._reach = reach

    async def _wrap_create_connection(
        self,
        *args: Any,
        req: aiohttp.ClientRequest,
        client_error: type[Exception] = aiohttp.ClientConnectorError,
        **kwargs: Any,
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        transport, protocol = await super()._wrap_create_connection(
            *args, req=req, client_error=client_error, **kwargs
        )
        peer = transport.get_extra_info("peername")
        if not (isinstance(peer, tuple) and peer and self._reach.allows_text(str(peer[0]))):
            transport.abort()
            # A ClientConnectorError: aiohttp then tries the name's next address, if any.
            raise aiohttp.ClientConnectorError(req.connection_key, NotPublic())
        return transport, protocol
