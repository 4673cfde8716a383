"""The authors and the DOI read from arXiv's Atom feed (the feed test server's XML)."""

from __future__ import annotations

import pytest

from bot.arxiv.feed import parse_feed

from .atom import Version, entry, feed


def _read(version: Version) -> tuple[tuple[str, ...], str | None]:
    (found,) = parse_feed(feed("2404.00003", [entry("2404.00003v1", version)]))
    return found.authors, found.doi


def test_authors_come_in_the_papers_order_with_their_spaces_collapsed() -> None:
    names = ("Grace  Hopper", "Edsger W.\n Dijkstra", "Barbara Liskov")
    assert _read(Version("T", authors=names)) == (
        ("Grace Hopper", "Edsger W. Dijkstra", "Barbara Liskov"),
        None,
    )


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("10.1145/3600006.3613165", "10.1145/3600006.3613165"),
        ("10.1145/1 10.1109/2", None),  # two journals: no one version
        ("not a doi", None),
    ],
)
def test_the_doi_is_kept_only_when_arxiv_names_exactly_one(given: str, kept: str | None) -> None:
    assert _read(Version("T", authors=(), doi=given)) == ((), kept)
