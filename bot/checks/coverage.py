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
from typing import Protocol

from bot.checks.context import Context
from bot.model.corpus import Corpus, Located
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


def why_not(item: Covered, paper: Located[Paper], corpus: Corpus) -> str | None:
    """Why ``item`` cannot look at ``paper``; None when it can."""
    needs = item.needs
    if not needs or "paper" not in item.files:
        return None
    for name in ("title", "category"):
        if name in needs and name in paper.missing:
            return f"its {name} is missing or invalid"
    if "venue" in needs and corpus.venue_of(paper) is None:
        venue = f"{ENTRIES}/{venue_slug(paper.path)}/{VENUE_FILE}"
        return f"{venue} did not load" if venue in corpus.unloaded else f"{venue} is missing"
    if "glossary" in needs and corpus.glossary is None and _GLOSSARY in corpus.unloaded:
        return f"{_GLOSSARY} did not load"
    return None


def not_run(checks: Iterable[Covered], ctx: Context) -> list[NotRun]:
    """Each (file, check) that check could not look at, with the reason: the files that
    did not load, then the selected papers, each file's checks in ``checks``' order."""
    checks = list(checks)
    found = [
        NotRun(path, item.id, reason)
        for path, reason in ctx.corpus.unloaded.items()
        for item in checks
        if file_kind(path) in item.files
    ]
    for paper in ctx.selected:
        for item in checks:
            why = why_not(item, paper, ctx.corpus)
            if why is not None:
                found.append(NotRun(paper.path, item.id, why))
    return found


def file_kind(path: str) -> str:
    """What an entry file holds, by its path."""
    if path == _GLOSSARY:
        return "glossary"
    return "venue" if path.endswith(f"/{VENUE_FILE}") else "paper"
