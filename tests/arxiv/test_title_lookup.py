"""Titles for the identity check: one batch for what the cache lacks, reuse within the ttl."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.arxiv.title_lookup import arxiv_titles
from bot.files.cache_folder import DEFAULT
from bot.text.identifiers import parse_arxiv_id

from .atom import ArxivServer
from .conftest import settings

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
IDS = [parse_arxiv_id(i) for i in ("2401.12345v1", "2402.00001", "2501.99999")]


def test_fetched_once_then_served_from_the_cache_until_the_ttl(
    arxiv: ArxivServer, tmp_path: Path
) -> None:
    config = settings(arxiv, ttl_days=30)
    first = arxiv_titles(IDS, config, tmp_path, NOW)
    assert first.error is None
    assert first.fetched == 3
    # Asked without versions: the latest title; the unknown id is simply absent.
    assert first.titles == {
        "2401.12345": "XGrammar: Flexible and Efficient Structured Generation Engine for LLMs",
        "2402.00001": "QServe: W4A8KV4 Quantization and System Co-design",
    }
    assert [hit.ids for hit in arxiv.hits] == [["2401.12345", "2402.00001", "2501.99999"]]
    # Reused for at least three quarters of the ttl, refetched after all of it.
    again = arxiv_titles(IDS[:2], config, tmp_path, NOW + timedelta(days=22))
    assert (again.titles, again.fetched, len(arxiv.hits)) == (first.titles, 0, 1)
    later = arxiv_titles(IDS[:2], config, tmp_path, NOW + timedelta(days=31))
    assert (later.titles, later.fetched, len(arxiv.hits)) == (first.titles, 2, 2)


def test_a_broken_cache_is_ignored_with_a_warning(
    arxiv: ArxivServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = settings(arxiv)
    (tmp_path / DEFAULT).mkdir(parents=True)
    (tmp_path / DEFAULT / config.cache).write_text(
        '{"version": 1, "titles": {"x": 3}}', encoding="utf-8"
    )
    found = arxiv_titles(IDS[1:2], config, tmp_path, NOW)
    assert found.titles == {"2402.00001": "QServe: W4A8KV4 Quantization and System Co-design"}
    assert "ignoring the arXiv title cache" in capsys.readouterr().err


def test_arxiv_unreachable_keeps_the_cached_titles_and_says_why(
    arxiv: ArxivServer, tmp_path: Path
) -> None:
    config = settings(arxiv, retries=0)
    arxiv_titles(IDS[1:2], config, tmp_path, NOW)
    arxiv.close()
    found = arxiv_titles(IDS, config, tmp_path, NOW)
    assert found.error is not None and "did not answer" in found.error
    assert list(found.titles) == ["2402.00001"]


def test_expiry_is_spread_over_the_last_quarter_of_the_ttl() -> None:
    from bot.arxiv.title_lookup import _fresh

    keys = [f"2401.{n:05d}" for n in range(1, 201)]
    at = {d: sum(_fresh(k, NOW, NOW + timedelta(days=d), 80) for k in keys) for d in (59, 70, 81)}
    assert at[59] == 200  # nothing expires before three quarters of the ttl
    assert 0 < at[70] < 200  # some have expired, others not yet
    assert at[81] == 0
