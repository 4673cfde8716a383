"""The arXiv client under network faults: always ArxivUnavailable (the identity check
then does not run, and ``paperbot add`` says why), never a traceback or a hang.
Fault servers: tests/faultservers.py, on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import faultservers
import pytest
from faultservers import FaultServer

from bot.arxiv.client import ArxivClient, ArxivUnavailable
from bot.model.config import ArxivConfig
from bot.text.identifiers import parse_arxiv_id

PAPER = parse_arxiv_id("2401.12345")


def _client(server: FaultServer, scheme: str | None = None, **changes: Any) -> ArxivClient:
    base = server.url("", scheme=scheme)
    settings = {"base_url": base, "timeout": 0.5, "retries": 1, "backoff": 0.01, "min_interval": 0}
    return ArxivClient(ArxivConfig.model_validate({**settings, **changes}))


@pytest.mark.parametrize(
    "behaviour",
    [
        faultservers.reset,
        faultservers.truncated_body,
        faultservers.not_http,
        faultservers.silent,
        faultservers.drip,
        faultservers.drip_headers,
    ],
    ids=[
        "connection-reset",
        "truncated-body",
        "not-http",
        "never-answers",
        "drips-its-body",
        "drips-its-headers",
    ],
)
def test_a_fault_makes_arxiv_unavailable_after_the_retries(
    fault: Callable[..., FaultServer], behaviour: Any
) -> None:
    server = fault(behaviour)
    with pytest.raises(ArxivUnavailable, match=r"arXiv did not answer .* 1 retries"):
        _client(server).lookup(PAPER)
    assert server.connections == 2  # the first try and one retry


def test_headers_cut_short_leave_an_empty_answer_that_cannot_be_read(
    fault: Callable[..., FaultServer],
) -> None:
    # Without a Content-Length the end of the connection is the end of the answer.
    server = fault(faultservers.truncated_headers)
    with pytest.raises(ArxivUnavailable, match="arXiv's answer could not be read"):
        _client(server).lookup(PAPER)


def test_every_request_is_bounded_in_total_not_only_per_read() -> None:
    # What bounds 'paperbot add' and the identity check: a request ends within
    # the configured timeout (the dripping servers above show it), and a lookup
    # makes at most 1 + retries of them.
    assert ArxivConfig().timeout > 0 and ArxivConfig().retries >= 0


def test_an_untrusted_certificate_makes_arxiv_unavailable(
    fault: Callable[..., FaultServer],
) -> None:
    server = fault(faultservers.ok, tls=faultservers.untrusted_tls())
    # A handshake answers at once; the roomy timeout only keeps a loaded machine from
    # turning the certificate error into a timeout.
    with pytest.raises(ArxivUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        _client(server, timeout=10).lookup(PAPER)


def test_plain_http_behind_an_https_url_makes_arxiv_unavailable(
    fault: Callable[..., FaultServer],
) -> None:
    server = fault(faultservers.ok)
    with pytest.raises(ArxivUnavailable):
        _client(server, scheme="https").lookup(PAPER)
