"""Checking one URL: HEAD (or GET), retries, and redirects followed by hand."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from bot.links.addresses import PUBLIC, Reach, refusal
from bot.links.gates import Gates
from bot.links.outcome import Outcome, failure, status_text
from bot.links.policy import backoff_delay, policy_for, retry_after
from bot.links.verdicts import Verdict
from bot.model.config import HostPolicy, LinkConfig

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
HEAD_REFUSED = frozenset({403, 405, 501})  # servers that answer GET but not HEAD say this
RETRIED = frozenset({429, 502, 503, 504})
RETRY_AFTER = frozenset({429, 503})


class Client:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        config: LinkConfig,
        gates: Gates,
        reach: Reach = PUBLIC,
    ) -> None:
        self._session = session
        self._config = config
        self._gates = gates
        self._reach = reach
        self._timeout = aiohttp.ClientTimeout(total=config.timeout)

    async def check(self, url: str) -> Outcome:
        try:
            current = URL(url)
        except ValueError as exc:
            return Outcome(Verdict.UNVERIFIABLE, f"not a URL that can be fetched: {exc}")
        moved_to: URL | None = None
        permanent = True  # only a chain of permanent redirects from the start is a move
        seen: set[tuple[URL, URL]] = set()
        responded = False
        for hop in range(self._config.max_redirects + 1):
            # Every hop's host, before anything is sent: an address literal (in any
            # notation) is judged here; a name by the resolver, its peer by the connector.
            if self._reach.refuses_host(current.raw_host or ""):
                return Outcome(Verdict.BROKEN, refusal(hop > 0), responded=responded, refused=True)
            policy = policy_for(current.host or "", self._config)
            if policy.skip:
                why = f"redirects to {current.host}, which the host policy skips"
                return Outcome(Verdict.SKIPPED, why, responded=responded)
            answer = await self._fetch(current, policy)
            if isinstance(answer, Outcome):
                if answer.refused:  # the redirect's target is never named
                    answer = replace(answer, reason=refusal(hop > 0))
                return replace(answer, responded=answer.responded or responded)
            responded = True
            status, location = answer
            if status not in REDIRECTS or location is None:
                return self._judge(status, current if current != URL(url) else None, moved_to)
            try:
                target = current.join(URL(location))
            except ValueError:
                return Outcome(
                    Verdict.UNVERIFIABLE, f"{status} to a bad Location", status, None, True
                )
            # With cookies kept, A -> B -> A can be a login dance that ends well; the
            # same hop taken twice cannot.
            if (current, target) in seen:
                return Outcome(Verdict.BROKEN, f"redirect loop at {target}", status, None, True)
            seen.add((current, target))
            permanent = permanent and status in PERMANENT
            if permanent:
                moved_to = _keep_fragment(target, URL(url))
            current = target
        limit = self._config.max_redirects
        return Outcome(Verdict.BROKEN, f"more than {limit} redirects", None, None, True)

    async def _fetch(self, url: URL, policy: HostPolicy) -> tuple[int, str | None] | Outcome:
        """One hop: status and Location, after HEAD-to-GET fallback and retries."""
        method = "GET" if policy.get_only else "HEAD"
        retry = 0
        while True:
            try:
                status, headers = await self._send(method, url, policy)
            except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
                if isinstance(exc, TimeoutError) and retry < self._config.retries:
                    await asyncio.sleep(backoff_delay(retry, self._config.backoff))
                    retry += 1
                    continue
                return failure(exc, self._config.timeout)
            if method == "HEAD" and status in HEAD_REFUSED:
                method = "GET"
                continue
            if status in RETRIED:
                wait = retry_after(headers.get("Retry-After")) if status in RETRY_AFTER else None
                if wait is not None and wait > self._config.max_retry_after:
                    why = f"{status_text(status)}: asked to wait {wait:.0f} s, more than the "
                    why += f"{self._config.max_retry_after:g} s allowed"
                    return Outcome(Verdict.UNVERIFIABLE, why, status, None, True)
                if retry < self._config.retries:
                    await asyncio.sleep(
                        wait if wait is not None else backoff_delay(retry, self._config.backoff)
                    )
                    retry += 1
                    continue
            return status, headers.get("Location")

    async def _send(
        self, method: str, url: URL, policy: HostPolicy
    ) -> tuple[int, CIMultiDictProxy[str]]:
        async with (
            self._gates.slot(f"{url.host}:{url.port}", policy),
            self._session.request(
                method, url, allow_redirects=False, timeout=self._timeout
            ) as response,
        ):
            if method == "GET":
                response.close()  # the status is all we need: drop the body unread
            return response.status, response.headers

    def _judge(self, status: int, final: URL | None, moved_to: URL | None) -> Outcome:
        why = status_text(status) + (f" at {final}" if final is not None else "")
        if 200 <= status < 300:
            moved = str(moved_to) if moved_to is not None else None
            return Outcome(Verdict.OK, why, status, moved, True)
        if status in (404, 410):
            return Outcome(Verdict.BROKEN, why, status, None, True)
        if status in (401, 403):
            why += ": the site refuses automated checks (bot wall or login)"
        elif status in RETRIED:
            why += f" (after {self._config.retries} retries)"
        return Outcome(Verdict.UNVERIFIABLE, why, status, None, True)


def _keep_fragment(target: URL, original: URL) -> URL:
    # Servers never see the fragment, so a redirect cannot carry it; browsers keep it.
    if original.fragment and not target.fragment:
        return target.with_fragment(original.fragment)
    return target
