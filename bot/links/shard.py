"""``--shard I/N``: split the link sweep over N jobs, every host in exactly one of them.

Politeness is per host (a delay between requests, a cap on requests at once), so a
host's URLs must all go to the same job: two jobs asking arXiv at once would ask it
twice as fast as its policy says. A host that a ``links.hosts`` policy names goes
with its subdomains (the policy for ``arxiv.org`` covers ``export.arxiv.org``).
The assignment is a hash of that name, so it is the same in every run and every job
without talking to the others. Redirects may still lead two shards to one host.
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from bot.model.config import LinkConfig


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written on the command line
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, url: str, config: LinkConfig) -> bool:
        return shard_of(url, self.count, config) == self.index


def parse_shard(text: str) -> Shard:
    """``I/N`` with 1 <= I <= N (an argparse type: a bad value is a usage error, exit 2)."""
    index, slash, count = text.partition("/")
    if not (slash and index.isdigit() and count.isdigit()):
        raise argparse.ArgumentTypeError(f"expected I/N, such as 2/4, not {text!r}")
    shard = Shard(int(index), int(count))
    if shard.count < 1:
        raise argparse.ArgumentTypeError(f"shard {text}: N, the number of shards, is at least 1")
    if not 1 <= shard.index <= shard.count:
        raise argparse.ArgumentTypeError(
            f"shard {text}: I must be between 1 and N (1/{shard.count} ... "
            f"{shard.count}/{shard.count})"
        )
    return shard


def shard_of(url: str, count: int, config: LinkConfig) -> int:
    """The shard (1-based) that checks ``url``."""
    digest = hashlib.sha256(politeness_key(url, config).encode()).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def politeness_key(url: str, config: LinkConfig) -> str:
    """The name politeness is kept for: the longest matching policy key, else the host."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return url
    best: str | None = None
    for name in config.hosts:
        key = name.lower().rstrip(".")
        if (host == key or host.endswith("." + key)) and (best is None or len(key) > len(best)):
            best = key
    return best if best is not None else host
