"""What checking one URL concluded. Three verdicts, never two."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Verdict(enum.StrEnum):
    OK = "ok"
    BROKEN = "broken"  # 404, 410, a host that does not exist, a redirect loop: fails a PR
    UNVERIFIABLE = "unverifiable"  # bot walls, 429 after retries, timeouts: a warning only
    SKIPPED = "skipped"  # not fetched by the repository's host policy


@dataclass(frozen=True)
class LinkResult:
    url: str
    verdict: Verdict
    reason: str  # for people: "404 Not Found", "timed out after 15 s", ...
    status: int | None = None  # the last HTTP status seen, if any
    # Where a permanent redirect (301/308) chain ends: the URL to write instead.
    moved_to: str | None = None
    from_cache: bool = False
    refused: bool = False  # a private address, not fetched: no outage makes this unknown


@dataclass(frozen=True)
class LinkRun:
    """All verdicts of one run, and the line that sums it up."""

    results: dict[str, LinkResult]
    summary: str  # "checked 12, cached 30, ok 40, broken 1, unverifiable 1 in 3.2 s"
    outage: str | None = None  # one line when the network itself seemed down
