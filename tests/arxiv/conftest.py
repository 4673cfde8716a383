"""A local arXiv for every test here, and a config that asks it quickly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.model.config import ArxivConfig

from .atom import ArxivServer, Version

PAPERS = {
    "2401.12345": [
        Version("XGrammar: Flexible and Efficient Structured Generation for LLMs"),
        Version("XGrammar: Flexible and Efficient Structured Generation Engine for LLMs"),
    ],
    "2402.00001": [Version("QServe: W4A8KV4 Quantization and System Co-design")],
    "2403.00002": [
        Version(
            "A Flawed Scheduler for Clusters",
            summary="This paper has been withdrawn by the author due to an error in Lemma 2.",
            comment="This paper has been withdrawn",
        )
    ],
}


@pytest.fixture(autouse=True)
def _loopback_allowed(private_addresses_allowed: None) -> None:
    """Every server here is on 127.0.0.1: the arXiv lookups are allowed private addresses, as a
    runner allows them for an intranet. tests/links/test_private_addresses.py turns the
    switch off to show the default refusing."""


@pytest.fixture
def arxiv() -> Iterator[ArxivServer]:
    server = ArxivServer({key: list(value) for key, value in PAPERS.items()})
    yield server
    server.close()


def settings(server: ArxivServer, **changes: Any) -> ArxivConfig:
    """Fast settings for tests; the pace (min_interval) is 0 unless a test sets it."""
    base: dict[str, Any] = {"base_url": server.url, "timeout": 2, "retries": 2, "backoff": 0.01}
    return ArxivConfig.model_validate({**base, "min_interval": 0, **changes})
