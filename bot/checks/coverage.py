"""Which checks cannot look at which files, and why: there a check says "not run",
never "passed".

Each check module says which entry files it looks at (``FILES``: paper, venue,
glossary) and what of a paper it cannot do without (``NEEDS``): the paper's title or
category (a paper loads without those when they fail their schema rule,
bot/files/partial_load.py), its venue file, the shared glossary. A file that did not
load at all (its YAML does not parse, it is not a mapping) is looked at by no check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from bot.checks.context import Context
from bot.model.corpus import Located
from bot.model.diagnostics import NotRun
from bot.model.entries import Paper
from bot.model.places import ENTRIES, GLOSSARY_FILE, VENUE_FILE, venue_slug

FILE_KINDS = frozenset({"paper", "venue", "glossary"})
# What a check may need of a paper: its required keys, its venue file, the glossary.
NEEDS = frozenset({"title", "category", "venue", "glossary"})
_GLOSSARY = f"{ENTRIES}/{GLOSSARY_FILE}"


class Covered(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def files(self) -> frozenset[str]: ...
    @property
    def needs(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class Gaps:
    """What a check may need that a run lacks: venue files (why, by folder), the shared
    glossary, and which selected papers that leaves out (``lacking``: most runs, none)."""

    venues: dict[str, str]
    glossary: str | None
    lacking: list[Located[Paper]]

    @classmethod
    def of(cls, ctx: Context) -> Gaps:
        corpus = ctx.corpus
        venues = {}
        for slug, data in corpus.venues.items():
            if data.venue is None:
                path = f"{ENTRIES}/{slug}/{VENUE_FILE}"
                venues[slug] = (
                    f"{path} did not load" if path in corpus.failed else f"{path} is missing"
                )
        glossary = f"{_GLOSSARY} did not load" if _GLOSSARY in corpus.failed else None
        papers = ctx.selected
        if glossary is None:  # the papers some check may not be able to look at
            papers = [p for p in papers if p.missing or (venues and venue_slug(p.path) in venues)]
        return cls(venues, glossary, papers)

    def why_not(self, item: Covered, paper: Located[Paper]) -> str | None:
        """Why ``item`` cannot look at ``paper``; None when it can."""
        needs = item.needs
        if not needs or "paper" not in item.files:
            return None
        for name in ("title", "category"):
            if name in needs and name in paper.missing:
                return f"its {name} is missing or invalid"
        if "venue" in needs and (why := self.venues.get(venue_slug(paper.path))):
            return why
        if "glossary" in needs and self.glossary is not None:
            return self.glossary
        return None


def runnable(item: Covered, papers: list[Located[Paper]], gaps: Gaps) -> list[Located[Paper]]:
    """The ``papers`` (the selected ones) ``item`` can look at."""
    if not item.needs or not gaps.lacking:
        return papers
    left_out = {p.path for p in gaps.lacking if gaps.why_not(item, p) is not None}
    return [p for p in papers if p.path not in left_out] if left_out else papers


def not_run(checks: Iterable[Covered], ctx: Context) -> list[NotRun]:
    """Each (file, check) that check could not look at, with the reason: the files that
    did not load, then the selected papers, each file's checks in ``checks``' order."""
    checks = list(checks)
    found = [
        NotRun(path, item.id, reason)
        for path, reason in ctx.corpus.failed.items()
        for item in checks
        if file_kind(path) in item.files
    ]
    gaps = Gaps.of(ctx)
    for paper in gaps.lacking:
        for item in checks:
            why = gaps.why_not(item, paper)
            if why is not None:
                found.append(NotRun(paper.path, item.id, why))
    return found


def file_kind(path: str) -> str:
    """What an entry file holds, by its path."""
    if path == _GLOSSARY:
        return "glossary"
    return "venue" if path.endswith(f"/{VENUE_FILE}") else "paper"
