"""The venue's category tree: which paths exist, and which papers sit where, in order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.model.corpus import Located
from bot.model.entries import Category, Paper, Venue

Path = tuple[str, ...]


def walk(nodes: Sequence[Category], prefix: Path = ()) -> Iterator[tuple[Path, Category]]:
    """Every node with its path, in the order the page shows them (pre-order)."""
    for node in nodes:
        path = (*prefix, node.name)
        yield path, node
        yield from walk(node.categories, path)


def paths(venue: Venue) -> list[Path]:
    return [path for path, _ in walk(venue.areas)]


def paper_order(paper: Located[Paper]) -> tuple[bool, int, str, str]:
    """Curated positions first; then papers without one, by title, then by file name.

    The file name makes the order total, so rendering never depends on the
    order the file system lists files in.
    """
    model = paper.model
    return (
        model.position is None,
        model.position or 0,
        model.title.casefold() if model.position is None else "",
        paper.path,
    )


def by_path(papers: Sequence[Located[Paper]]) -> dict[Path, list[Located[Paper]]]:
    """Papers grouped by category path, each group in display order."""
    groups: dict[Path, list[Located[Paper]]] = {}
    for paper in papers:
        groups.setdefault(tuple(paper.model.category), []).append(paper)
    for group in groups.values():
        group.sort(key=paper_order)
    return groups
