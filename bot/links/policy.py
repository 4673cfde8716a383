"""Which rules apply to a host, and how long to wait before asking a host again."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from bot.model.config import HostPolicy, LinkConfig

_DEFAULT = HostPolicy()


def policy_for(host: str, config: LinkConfig) -> HostPolicy:
    """The policy of ``host``: a key matches the host itself and its subdomains.

    The longest matching key wins, so ``dl.acm.org`` can differ from ``acm.org``.
    """
    host = host.lower().rstrip(".")
    best: tuple[int, HostPolicy] | None = None
    for name, policy in config.hosts.items():
        key = name.lower().rstrip(".")
        if (host == key or host.endswith("." + key)) and (best is None or len(key) > best[0]):
            best = (len(key), policy)
    return best[1] if best else _DEFAULT


def backoff_delay(retry: int, base: float) -> float:
    """Seconds before retry number ``retry`` (0-based): exponential backoff, full jitter.

    Full jitter (a uniform draw below the exponential cap) spreads out clients that
    failed together, so they do not come back together.
    """
    return random.uniform(0.0, base * 2**retry)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` header asks for: delta-seconds or an HTTP-date.

    None when the header is missing or unreadable (the caller falls back to backoff).
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive one still means GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
