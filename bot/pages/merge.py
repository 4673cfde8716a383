"""Importing into a repository that already has entries: which papers it lists already,
and what its venue file has that the page does not show.

The duplicate check decides (same arXiv id, DOI, paper page or title), so an import
and a pull request agree on what "the same paper" means.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from bot.checks import duplicates
from bot.checks.context import Context
from bot.model.config import Config
from bot.model.corpus import Corpus, Located
from bot.model.diagnostics import Severity
from bot.model.entries import Category, Paper, Venue
from bot.model.places import ENTRIES
from bot.model.positions import Positions


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


def merge_venue(
    existing: Venue, page: Venue, named: AbstractSet[tuple[str, ...]] = frozenset()
) -> tuple[Venue, list[str]]:
    """The page's venue, keeping what the repository's venue file has and the page does
    not show: categories (papers may name them) and glossary terms. ``named``: the paths
    the page's papers name (a node that keeps categories the page did not show and holds
    the page's papers says so: own_papers). Returns the merged venue and the category
    paths kept that way."""
    kept: list[str] = []
    areas = _merge_nodes(existing.areas, page.areas, (), kept, named)
    glossary = {**existing.glossary, **page.glossary}
    return page.model_copy(update={"areas": areas, "glossary": glossary}), kept


def _merge_nodes(
    old: list[Category],
    new: list[Category],
    path: tuple[str, ...],
    kept: list[str],
    named: AbstractSet[tuple[str, ...]],
) -> list[Category]:
    by_name = {node.name: node for node in old}
    merged = []
    for node in new:
        before = by_name.get(node.name)
        if before is not None:
            here = (*path, node.name)
            children = _merge_nodes(before.categories, node.categories, here, kept, named)
            own = node.own_papers or before.own_papers or (bool(children) and here in named)
            node = node.model_copy(update={"categories": children, "own_papers": own})
        merged.append(node)
    shown = {node.name for node in new}
    for node in old:
        if node.name not in shown:
            kept.append(" / ".join((*path, node.name)))
            merged.append(node)
    return merged
