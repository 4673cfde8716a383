"""What a command asks of load -> check, apart from the repository itself.

Kept free of the loader and the checks: a check whose result is replayed needs this
and not them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.links.shard import Shard


@dataclass(frozen=True)
class Options:
    changed_since: str | None = None  # a git ref: report only on entries changed since
    links: bool = False  # check links online
    sweep: bool = False  # the scheduled sweep: broken only after repeated failures
    progress: bool = False  # show a progress bar (a terminal is watching)
    # Report only on these entry files (check FILE…, paperbot add); a venue file stands
    # for its papers too, the glossary for every paper (as with changed_since).
    only: frozenset[str] | None = None
    shard: Shard | None = None  # check online only the links of this shard's hosts
