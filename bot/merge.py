"""Importing into a repository that already has entries: which papers it lists already.

The duplicate check decides (same arXiv id, DOI, paper page or title), so an import
and a pull request agree on what "the same paper" means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.checks import duplicates
from bot.config import Config
from bot.context import Context
from bot.corpus import Corpus, Located
from bot.diagnostics import Severity
from bot.loader import ENTRIES
from bot.models import Paper
from bot.yamlio import Positions


@dataclass(frozen=True)
class Known:
    slug: str
    title: str
    why: str  # the duplicate check's message, naming the existing file


@dataclass
class Merge:
    new: dict[str, Paper]  # file stem -> paper, to write
    known: list[Known]  # listed already: not written
    near: list[Known]  # possibly listed already: written, and said so


def merge(corpus: Corpus, venue: str, papers: Mapping[str, Paper], config: Config) -> Merge:
    """Split the imported papers into new ones and ones the corpus lists already.

    Each paper is checked on its own against the corpus only, so a paper the page
    itself lists twice is not mistaken for one the repository has."""
    folder = f"{ENTRIES}/{venue}/"
    taken = {
        p.path.removeprefix(folder).removesuffix(".yaml")
        for p in corpus.papers()
        if p.path.startswith(folder)
    }
    result = Merge({}, [], [])
    for slug, paper in papers.items():
        stem = _free(slug, taken | set(result.new))
        located = Located(f"{ENTRIES}/{venue}/{stem}.yaml", paper, Positions())
        found = list(duplicates.check(Context(corpus, config, [located])))
        sure = [d for d in found if not d.message.startswith("possibly")]
        if sure:
            result.known.append(Known(slug, paper.title, sure[0].message))
            continue
        if found and found[0].severity is not Severity.ERROR:
            result.near.append(Known(slug, paper.title, found[0].message))
        result.new[stem] = paper
    return result


def _free(stem: str, taken: set[str]) -> str:
    """A file name no existing entry of the folder uses (two papers may share a slug)."""
    if stem not in taken:
        return stem
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"
