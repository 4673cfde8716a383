"""The arXiv client against a local server that answers in arXiv's Atom format."""

from __future__ import annotations

from datetime import date

import pytest

from bot.arxiv.client import ArxivClient, ArxivUnavailable, UnknownPaper
from bot.arxiv.feed import FeedError, parse_feed
from bot.model.config import ArxivConfig
from bot.text.identifiers import ArxivId, parse_arxiv_id

from .atom import ERROR, ArxivServer, Version, feed
from .conftest import settings


def test_a_paper_comes_with_its_latest_title_collapsed_and_its_version(
    arxiv: ArxivServer,
) -> None:
    found = ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("2401.12345"))
    assert found.title == "XGrammar: Flexible and Efficient Structured Generation Engine for LLMs"
    assert found.id.versioned == "2401.12345v2"
    assert found.published == date(2024, 1, 22)
    assert not found.withdrawn
    assert arxiv.hits[0].path == "/api/query"
    assert arxiv.hits[0].ids == ["2401.12345"]
    assert arxiv.hits[0].user_agent.startswith("paperbot-arxiv")


def test_a_versioned_id_gets_that_version(arxiv: ArxivServer) -> None:
    found = ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("arXiv:2401.12345v1"))
    assert found.title == "XGrammar: Flexible and Efficient Structured Generation for LLMs"
    assert found.id.versioned == "2401.12345v1"
    assert arxiv.hits[0].ids == ["2401.12345v1"]


@pytest.mark.parametrize("missing", ["2501.99999", "2401.12345v7"])
def test_an_unknown_id_or_version_is_unknown(arxiv: ArxivServer, missing: str) -> None:
    with pytest.raises(UnknownPaper, match=missing):
        ArxivClient(settings(arxiv)).lookup(parse_arxiv_id(missing))


def test_an_old_style_id_keeps_its_archive(arxiv: ArxivServer) -> None:
    arxiv.papers["math/0309136"] = [Version("Shadows of Old Identifiers")]
    found = ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("math.GT/0309136"))
    assert (found.id.versioned, found.title) == ("math/0309136v1", "Shadows of Old Identifiers")
    assert arxiv.hits[0].ids == ["math/0309136"]


def test_a_malformed_id_answered_with_an_error_entry_is_unknown(arxiv: ArxivServer) -> None:
    # parse_arxiv_id never lets one through; arXiv's answer to one is still understood.
    with pytest.raises(UnknownPaper):
        ArxivClient(settings(arxiv)).lookup(ArxivId("1234.1"))


def test_a_withdrawn_paper_is_marked(arxiv: ArxivServer) -> None:
    found = ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("2403.00002"))
    assert found.withdrawn
    assert found.title == "A Flawed Scheduler for Clusters"


def test_withdrawn_is_read_from_the_comment_or_the_summary_not_any_mention() -> None:
    def one(**fields: str) -> bool:
        version = Version("T", **fields)
        from .atom import entry

        return parse_feed(feed("1", [entry("2401.00001v1", version)]))[0].withdrawn

    assert one(comment="This submission has been withdrawn by arXiv administrators")
    assert one(summary="Withdrawn. Duplicate of 2401.00002.")
    assert not one(summary="Drugs withdrawn from the market are predicted by our model.")


def test_an_error_entry_and_a_body_that_is_no_feed() -> None:
    assert parse_feed(feed("1234.1", [ERROR.format(id="1234.1")])) == []
    with pytest.raises(FeedError):
        parse_feed(b"<html><body>Bad gateway</body></html>")
    with pytest.raises(FeedError):
        parse_feed(b"<feed")


def test_503_then_success_retries_after_the_time_asked(arxiv: ArxivServer) -> None:
    arxiv.failures = [(503, {"Retry-After": "1"}), (429, {})]
    found = ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("2402.00001"))
    assert found.title == "QServe: W4A8KV4 Quantization and System Co-design"
    assert len(arxiv.hits) == 3
    assert arxiv.hits[1].at - arxiv.hits[0].at >= 0.99  # Retry-After: 1 honoured


def test_failures_beyond_the_retries_make_arxiv_unavailable(arxiv: ArxivServer) -> None:
    arxiv.failures = [(503, {})] * 3
    with pytest.raises(ArxivUnavailable, match="503"):
        ArxivClient(settings(arxiv, retries=2)).lookup(parse_arxiv_id("2402.00001"))
    assert len(arxiv.hits) == 3


def test_a_retry_after_longer_than_allowed_gives_up_at_once(arxiv: ArxivServer) -> None:
    arxiv.failures = [(503, {"Retry-After": "3600"})]
    with pytest.raises(ArxivUnavailable, match="wait 3600 s"):
        ArxivClient(settings(arxiv)).lookup(parse_arxiv_id("2402.00001"))
    assert len(arxiv.hits) == 1


def test_nobody_listening_is_unavailable(arxiv: ArxivServer) -> None:
    config = settings(arxiv, retries=0)
    arxiv.close()
    with pytest.raises(ArxivUnavailable, match="did not answer"):
        ArxivClient(config).lookup(parse_arxiv_id("2402.00001"))


def test_a_batch_is_one_request_and_unknown_ids_are_left_out(arxiv: ArxivServer) -> None:
    ids = [parse_arxiv_id(i) for i in ("2401.12345", "2402.00001", "2501.99999", "2403.00002")]
    found = ArxivClient(settings(arxiv)).entries(ids)
    assert sorted(found) == ["2401.12345", "2402.00001", "2403.00002"]
    assert [hit.ids for hit in arxiv.hits] == [[i.versioned for i in ids]]


def test_batches_are_split_at_the_configured_size(arxiv: ArxivServer) -> None:
    ids = [parse_arxiv_id(i) for i in ("2401.12345", "2402.00001", "2403.00002")]
    found = ArxivClient(settings(arxiv, batch=2)).entries(ids)
    assert len(found) == 3
    assert [len(hit.ids) for hit in arxiv.hits] == [2, 1]


def test_requests_keep_the_minimum_interval(arxiv: ArxivServer) -> None:
    client = ArxivClient(settings(arxiv, min_interval=0.5))
    for paper in ("2401.12345", "2402.00001", "2403.00002"):
        client.lookup(parse_arxiv_id(paper))
    gaps = [b.at - a.at for a, b in zip(arxiv.hits, arxiv.hits[1:], strict=False)]
    assert len(gaps) == 2
    # Measured by the server, so each arrival may be late by the machine's scheduling
    # jitter (12 ms was seen under load): a lower bound with room for it, never an
    # upper bound. Without the interval the gaps are a few milliseconds.
    assert min(gaps) >= 0.4


@pytest.mark.parametrize("base", ["file:///etc", "ftp://arxiv.org", "https://"])
def test_only_an_http_base_url_is_accepted(base: str) -> None:
    # paperbot.yaml travels in pull requests; urllib would open file: URLs too.
    with pytest.raises(ValueError, match="base_url"):
        ArxivConfig(base_url=base)
