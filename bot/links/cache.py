"""What earlier runs saw, kept in a JSON file between runs (and between Action runs).

It stores observations, not final verdicts: whether a failure counts as broken
depends on the mode (a PR at once, the sweep only after repeated failures), so
that rule is applied when an entry is read, not when it is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.links.verdicts import LinkResult, Verdict
from bot.model.config import LinkConfig
from bot.speed import sealed_file

# Version 2 is sealed by bot/speed/sealed_file.py; a version 1 file reads as foreign.
HEADER: dict[str, Any] = {"cache": "links", "format": 2}
# URLs nobody has checked for this long have left the data: forget them.
FORGET_AFTER = timedelta(days=90)


@dataclass
class Entry:
    verdict: Verdict  # as observed: ok, broken or unverifiable
    reason: str
    status: int | None
    moved_to: str | None
    checked_at: datetime
    failures: list[datetime] = field(default_factory=list)  # broken-looking checks since last ok

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "reason": self.reason,
            "status": self.status,
            "moved_to": self.moved_to,
            "checked_at": self.checked_at.isoformat(),
            "failures": [when.isoformat() for when in self.failures],
        }

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        """Raises KeyError, TypeError or ValueError on anything malformed."""
        status, moved_to = data["status"], data["moved_to"]
        if not (status is None or type(status) is int) or not isinstance(moved_to, str | None):
            raise TypeError("status or moved_to")
        verdict = Verdict(data["verdict"])
        if verdict is Verdict.SKIPPED:
            raise ValueError("skipped is decided by the config, never cached")
        return cls(
            verdict,
            str(data["reason"]),
            status,
            moved_to,
            _aware(datetime.fromisoformat(data["checked_at"])),
            [_aware(datetime.fromisoformat(when)) for when in data["failures"]],
        )


class LinkCache:
    def __init__(self, path: Path | None = None, entries: dict[str, Entry] | None = None) -> None:
        self.path = path
        self.entries = entries or {}
        self._recorded = False  # nothing new: a run served from the cache writes nothing

    @classmethod
    def load(cls, path: Path) -> LinkCache:
        """The cache at ``path``; empty when missing. A bad file is ignored, with a warning."""
        if not path.exists():
            return cls(path)
        try:
            data = sealed_file.read(path, HEADER)
            if data is None:
                raise ValueError(
                    "damaged, sealed on another machine, or not a link cache in format "
                    f"{HEADER['format']}"
                )
            entries = {str(url): Entry.from_json(item) for url, item in data["urls"].items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # The cache only saves time: losing it costs a slower run, crashing the run.
            print(f"paperbot: ignoring the link cache {path}: {exc}", file=sys.stderr)
            return cls(path)
        return cls(path, entries)

    def fresh(self, url: str, config: LinkConfig, now: datetime) -> Entry | None:
        """The entry for ``url`` if it is recent enough to be reused."""
        entry = self.entries.get(url)
        if entry is None:
            return None
        days = config.ok_ttl_days if entry.verdict is Verdict.OK else config.failure_ttl_days
        return entry if now - entry.checked_at < timedelta(days=days) else None

    def record(self, seen: LinkResult, now: datetime) -> Entry:
        """Remember what a fetch saw (ok, broken or unverifiable) at ``now``."""
        failures = list(self.entries[seen.url].failures) if seen.url in self.entries else []
        if seen.verdict is Verdict.OK:
            failures = []  # the count is of failures in a row
        elif seen.verdict is Verdict.BROKEN:
            failures.append(now)
        # An unverifiable check proves nothing either way: the count stays as it was.
        entry = Entry(seen.verdict, seen.reason, seen.status, seen.moved_to, now, failures)
        self.entries[seen.url] = entry
        self._recorded = True
        return entry

    def save(self, now: datetime) -> None:
        """Write atomically: a run killed halfway leaves the old file, never half a file."""
        if self.path is None:
            return
        keep = {u: e for u, e in self.entries.items() if now - e.checked_at < FORGET_AFTER}
        if not self._recorded and len(keep) == len(self.entries) and self.path.exists():
            return  # the file already holds exactly this
        data = {"urls": {u: keep[u].to_json() for u in sorted(keep)}}
        error = sealed_file.write(self.path, HEADER, data)
        if error is not None:  # a read-only checkout still gets its report
            print(f"paperbot: cannot write the link cache {self.path}: {error}", file=sys.stderr)


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {when.isoformat()}")
    return when
