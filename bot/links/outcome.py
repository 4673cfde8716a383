"""What one fetch found, in words for people and in facts for the run's judgement."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from bot.links.verdicts import Verdict


@dataclass(frozen=True)
class Outcome:
    """What one fetch found, plus the evidence the run needs to judge an outage."""

    verdict: Verdict
    reason: str
    status: int | None = None
    moved_to: str | None = None
    responded: bool = False  # an HTTP response came back: the network works
    network_failure: bool = False  # DNS, connect or timeout failure before any response
    nxdomain: bool = False  # broken only if other names resolve: the run decides
    cut_short: bool = False  # the run's time budget ran out first: says nothing about the link
    # Not fetched: the host is not public. Not cached, since the runner's setting decides.
    refused: bool = False


def failure(exc: BaseException, timeout: float) -> Outcome:
    """The outcome of a request that got no HTTP response."""
    # Here, not at the top: a run whose links all come from the cache never loads aiohttp.
    import aiohttp

    from bot.links.addresses import refusal
    from bot.links.dns import is_nxdomain
    from bot.links.public_only import NotPublic

    unverifiable = Verdict.UNVERIFIABLE
    if isinstance(exc, aiohttp.ClientConnectorError) and isinstance(exc.os_error, NotPublic):
        # Before the DNS and connect branches: neither the address nor the connect
        # error's detail may come back (a port scanner would read open from closed).
        return Outcome(Verdict.BROKEN, refusal(False), refused=True)
    if isinstance(exc, TimeoutError):
        return Outcome(unverifiable, f"timed out after {timeout:g} s", network_failure=True)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        if is_nxdomain(exc.os_error):
            why = f"host name {exc.host} does not exist"
            return Outcome(Verdict.BROKEN, why, network_failure=True, nxdomain=True)
        why = f"DNS lookup of {exc.host} failed: {exc.os_error.strerror or exc.os_error}"
        return Outcome(unverifiable, why, network_failure=True)
    if isinstance(exc, aiohttp.ClientSSLError | aiohttp.ClientConnectorCertificateError):
        return Outcome(unverifiable, f"TLS error: {exc}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        why = f"cannot connect to {exc.host}:{exc.port}: {exc.os_error.strerror or exc.os_error}"
        return Outcome(unverifiable, why, network_failure=True)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError | OSError):
        return Outcome(unverifiable, f"connection lost: {exc}", network_failure=True)
    if isinstance(exc, aiohttp.ClientResponseError):
        return Outcome(unverifiable, f"not a valid HTTP response: {exc.message}")
    return Outcome(unverifiable, f"{type(exc).__name__}: {exc}")


def status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"
