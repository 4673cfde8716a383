"""From what the fetches saw to the verdicts a maintainer can trust.

Three rules live here: a missing host name is broken only while other names
resolve; an outage (nothing resolved, nothing answered) makes every verdict
unverifiable; and the sweep calls a link broken only after repeated failures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from bot.links.cache import Entry
from bot.links.outcome import Outcome, server_text, usable_url
from bot.links.verdicts import LinkResult, Verdict
from bot.model.config import LinkConfig

DAY = 86400.0


@dataclass(frozen=True)
class Evidence:
    """What the run as a whole learned about the network."""

    fetched: int  # URLs fetched (not served from the cache)
    responded: bool  # some server sent an HTTP response
    resolved: bool  # some host name resolved (while fetching, or when probed)
    failed: bool  # some fetch failed at DNS, connect or timeout

    @property
    def outage(self) -> bool:
        # "Nothing resolves, nothing connects": both are required. One answer from any
        # server, or one name that resolves, shows a working network, and then a
        # failure is the link's own. Without any failure nothing was tried at all.
        return self.fetched > 0 and not self.responded and not self.resolved and self.failed


def observed(url: str, outcome: Outcome, evidence: Evidence) -> LinkResult:
    """What one fetch says about its URL, given what the run learned."""
    if outcome.nxdomain and not evidence.resolved:
        # EAI_NONAME is also what some machines answer for every name when offline.
        why = f"{outcome.reason}, but no other host name resolved either (DNS may be down)"
        return LinkResult(url, Verdict.UNVERIFIABLE, why)
    return LinkResult(
        url,
        outcome.verdict,
        outcome.reason,
        outcome.status,
        outcome.moved_to,
        refused=outcome.refused,
    )


def from_entry(
    url: str, entry: Entry, config: LinkConfig, sweep: bool, from_cache: bool
) -> LinkResult:
    """The verdict for a cached observation, in this run's mode."""
    # A cache holds what servers said: bounded again as it is read, like a fresh outcome.
    verdict, reason = entry.verdict, server_text(entry.reason)
    if verdict is Verdict.BROKEN and sweep:
        verdict, reason = _confirmed(entry, config)
    moved_to = entry.moved_to if entry.moved_to and usable_url(entry.moved_to) else None
    return LinkResult(url, verdict, reason, entry.status, moved_to, from_cache)


def _confirmed(entry: Entry, config: LinkConfig) -> tuple[Verdict, str]:
    """The sweep's rule: broken after ``confirm_failures`` failures over ``confirm_days``.

    A site down for an afternoon must not be reported as a dead link.
    """
    failures = entry.failures or [entry.checked_at]
    count, need = len(failures), config.confirm_failures
    days = (failures[-1] - failures[0]).total_seconds() / DAY
    since = failures[0].date().isoformat()
    reason = server_text(entry.reason)
    if count >= need and days >= config.confirm_days:
        return Verdict.BROKEN, f"{reason}; failing since {since} ({count} failures)"
    why = f"{reason}; failing since {since} ({count} of {need} failures"
    if count >= need:
        why += f", over {days:.1f} of {config.confirm_days:g} days"
    return Verdict.UNVERIFIABLE, why + ")"


def in_outage(result: LinkResult) -> LinkResult:
    """An outage never fails a PR, not even through a broken verdict cached earlier; a
    refused private address is no verdict about the network, and stays."""
    if result.verdict is not Verdict.BROKEN or result.refused:
        return result
    why = f"{result.reason} when last checked; not re-checked during the outage"
    return replace(result, verdict=Verdict.UNVERIFIABLE, reason=why)


def outage_line(evidence: Evidence) -> str:
    return (
        f"links: the network seems down: none of the {evidence.fetched} URLs fetched "
        "resolved or got an answer, so they count as unverifiable and none as broken"
    )


def summary(results: dict[str, LinkResult], fetched: int, seconds: float) -> str:
    verdicts = Counter(result.verdict for result in results.values())
    cached = sum(1 for result in results.values() if result.from_cache)
    counts = ", ".join(f"{verdict.value} {verdicts[verdict]}" for verdict in Verdict)
    return f"links: checked {fetched}, cached {cached}, {counts} in {seconds:.1f} s"
