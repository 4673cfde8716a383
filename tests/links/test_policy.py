"""Waiting rules: Retry-After in both its forms, and backoff with full jitter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.links.policy import backoff_delay, retry_after

NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Fri, 20 Nov 2026 12:00:30 GMT", 30.0),
        ("Fri, 20 Nov 2026 11:00:00 GMT", 0.0),  # already past: go now
        (None, None),
        ("soon", None),
        ("-3", None),
        ("1.5", None),  # RFC 9110 allows whole seconds only
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert retry_after(header, NOW) == seconds


def test_backoff_is_full_jitter_below_an_exponential_cap() -> None:
    for retry in range(4):
        delays = [backoff_delay(retry, 0.5) for _ in range(200)]
        assert all(0 <= d <= 0.5 * 2**retry for d in delays)
        assert len(set(delays)) > 1  # jittered, not a fixed schedule
