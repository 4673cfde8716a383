"""SSRF through ``arxiv.base_url``: a pull request edits paperbot.yaml, so by default the
arXiv client asks only https on arxiv.org (redirects included), whatever the file says.
The local arXiv here is on loopback: the runner's switch is turned off in each test."""

from __future__ import annotations

import http.client
import urllib.request

import pytest

from bot.arxiv.client import OFF_ARXIV, ArxivClient, ArxivUnavailable, on_arxiv
from bot.model.config import ArxivConfig
from bot.text.identifiers import parse_arxiv_id

from .atom import ArxivServer
from .conftest import settings


@pytest.fixture(autouse=True)
def _switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERBOT_ALLOW_PRIVATE_ADDRESSES", raising=False)


def test_a_loopback_base_url_is_refused_unasked(arxiv: ArxivServer) -> None:
    with pytest.raises(ArxivUnavailable) as refused:
        ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("2402.00001"))
    assert str(refused.value) == OFF_ARXIV
    assert "127.0.0.1" not in str(refused.value)
    assert arxiv.hits == []


def test_the_runner_switch_allows_it(arxiv: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERBOT_ALLOW_PRIVATE_ADDRESSES", "1")
    found = ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("2402.00001"))
    assert found.title.startswith("QServe")


@pytest.mark.parametrize(
    "url",
    [
        "http://export.arxiv.org",  # not https: readable and changeable on the way
        "https://127.0.0.1",
        "https://localhost",
        "https://arxiv.org.evil.example",
        "https://evilarxiv.org",
        "https://export.arxiv.org:8443",
        "https://user@export.arxiv.org",
        "https://0x7f.1",
    ],
)
def test_only_https_on_arxiv_org_is_allowed(url: str) -> None:
    assert not on_arxiv(url)
    with pytest.raises(ArxivUnavailable, match=r"must be an https URL on arxiv\.org"):
        ArxivClient(ArxivConfig(base_url=url))


@pytest.mark.parametrize(
    "url", ["https://export.arxiv.org", "https://arxiv.org/", "https://EXPORT.arxiv.org."]
)
def test_arxiv_itself_is_allowed(url: str) -> None:
    assert on_arxiv(url)
    ArxivClient(ArxivConfig(base_url=url))  # builds; asks nothing until a lookup


def test_a_redirect_off_arxiv_is_not_followed() -> None:
    # The redirect handler of the client's own opener, as urllib calls it on a 302.
    opener = ArxivClient(ArxivConfig())._opener
    handler = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPRedirectHandler))
    request = urllib.request.Request("https://export.arxiv.org/api/query?id_list=1")
    with pytest.raises(ArxivUnavailable) as refused:
        handler.redirect_request(
            request, None, 302, "Found", http.client.HTTPMessage(), "http://169.254.169.254/"
        )
    assert "169.254" not in str(refused.value)
    followed = handler.redirect_request(
        request, None, 301, "Moved", http.client.HTTPMessage(), "https://arxiv.org/api/query"
    )
    assert followed is not None and followed.full_url == "https://arxiv.org/api/query"
