"""Importing into a repository that already has entries: which papers it lists already
(this venue's are merged with what the page adds), and what its venue file has that the
page does not show.

The duplicate check decides (same arXiv id, DOI, paper page or title), so an import
and a pull request agree on what "the same paper" means.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from bot.checks import duplicates
from bot.checks.context import Context
from bot.checks.key_table import KeyTable
from bot.checks.paper_keys import paper_keys
from bot.model.config import Config
from bot.model.corpus import Corpus, Located
from bot.model.diagnostics import Severity
from bot.model.entries import Category, Paper, Venue
from bot.model.places import ENTRIES
from bot.model.positions import Positions
from bot.pages.entry_merge import PaperMerge, merge_paper


@dataclass(frozen=True)
class Known:
    slug: str
    title: str
    why: str  # the duplicate check's message, naming the existing file


@dataclass(frozen=True)
class Update:
    """A paper this venue lists already, and what the page adds to its entry."""

    slug: str  # the page's
    existing: Located[Paper]
    merged: PaperMerge


@dataclass
class Merge:
    new: dict[str, Paper]  # file stem -> paper, to write
    known: list[Known]  # listed already, the page adds nothing: not written
    near: list[Known]  # possibly listed already: written, and said so
    updates: list[Update] = field(default_factory=list)  # listed here: the page adds to them
    clashes: list[Update] = field(default_factory=list)  # a field differs: not written
    elsewhere: list[Known] = field(default_factory=list)  # in another venue: written too


def merge(corpus: Corpus, venue: str, papers: Mapping[str, Paper], config: Config) -> Merge:
    """Split the imported papers into new ones, ones this venue lists already (merged
    into their entries) and ones another venue lists (a different venue is a different
    paper entry: written, with the duplicate check's warning).

    Each paper is checked on its own against the corpus only, so a paper the page
    itself lists twice is not mistaken for one the repository has."""
    folder = f"{ENTRIES}/{venue}/"
    taken = {
        p.path.removeprefix(folder).removesuffix(".yaml")
        for p in corpus.papers()
        if p.path.startswith(folder)
    }
    result = Merge({}, [], [])
    merged_into: set[str] = set()
    # The corpus's rows once: each paper's own table (the corpus and that paper, as the
    # check would build it) used to work out every row again, n^2 on a re-import.
    rows = corpus.papers()
    keys = [paper_keys(p.model) for p in rows]
    for slug, paper in papers.items():
        stem = _free(slug, taken)  # taken grows by each stem written: never rebuilt
        if not rows:
            # A repository with no papers yet (adopting a list): nothing to match.
            result.new[stem] = paper
            taken.add(stem)
            continue
        located = Located(f"{ENTRIES}/{venue}/{stem}.yaml", paper, Positions())
        table = KeyTable([*rows, located], [*keys, paper_keys(paper)])
        ctx = Context(corpus, config, [located], keys=table)
        # Same identifier or same title in this venue's folder: the entry of this paper.
        here = [
            other
            for _, other, finding in duplicates.matches(ctx)
            if finding.rank < 2 and other.path.startswith(folder)
        ]
        found = list(duplicates.check(ctx))
        sure = [d for d in found if not d.message.startswith("possibly")]
        if here and here[0].path in merged_into:
            why = f"the page lists it twice; merged into {here[0].path} once"
            result.known.append(Known(slug, paper.title, why))
            continue
        if here:
            existing = here[0]
            merged_into.add(existing.path)
            outcome = merge_paper(existing.model, paper)
            if outcome.conflicts:
                result.clashes.append(Update(slug, existing, outcome))
            elif outcome.added:
                result.updates.append(Update(slug, existing, outcome))
            else:
                why = sure[0].message if sure else f"the same paper as {existing.path}"
                result.known.append(Known(slug, paper.title, why))
            continue
        if sure:
            result.elsewhere.append(Known(slug, paper.title, sure[0].message))
        elif found and found[0].severity is not Severity.ERROR:
            result.near.append(Known(slug, paper.title, found[0].message))
        result.new[stem] = paper
        taken.add(stem)
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
