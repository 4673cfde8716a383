"""bot.model.venue_tree: the venue's category paths and the display order of papers."""

from __future__ import annotations

from helpers import area, link, located, paper

from bot.model.entries import Venue
from bot.model.venue_tree import by_path, paper_order, paths, walk

VENUE = Venue(name="V", areas=[area("A", area("B", "C"), "D"), area("E")])


def test_paths_are_every_node_in_page_order() -> None:
    assert paths(VENUE) == [("A",), ("A", "B"), ("A", "B", "C"), ("A", "D"), ("E",)]


def test_walk_yields_each_node_with_its_path() -> None:
    assert [(path, node.name) for path, node in walk(VENUE.areas)] == [
        (("A",), "A"),
        (("A", "B"), "B"),
        (("A", "B", "C"), "C"),
        (("A", "D"), "D"),
        (("E",), "E"),
    ]


def test_a_venue_without_areas_has_no_paths() -> None:
    assert paths(Venue(name="V")) == []


def test_by_path_groups_papers_by_their_category() -> None:
    one = located(paper("One", "A", "B", links=[link()]), "entries/v/one.yaml")
    two = located(paper("Two", "E", links=[link()]), "entries/v/two.yaml")
    three = located(paper("Three", "A", "B", links=[link()]), "entries/v/three.yaml")

    groups = by_path([one, two, three])

    assert groups == {("A", "B"): [one, three], ("E",): [two]}


def test_paper_order_puts_positions_first_and_position_zero_counts() -> None:
    zero = located(paper("Zed", "A", position=0), "entries/v/z.yaml")
    five = located(paper("Aa", "A", position=5), "entries/v/a.yaml")
    none = located(paper("Aa", "A"), "entries/v/b.yaml")

    assert sorted([none, five, zero], key=paper_order) == [zero, five, none]


def test_positioned_papers_ignore_their_titles() -> None:
    late = located(paper("Aardvark", "A", position=20), "entries/v/a.yaml")
    early = located(paper("Zebra", "A", position=10), "entries/v/z.yaml")

    assert sorted([late, early], key=paper_order) == [early, late]


def test_unpositioned_papers_sort_by_casefolded_title_then_path() -> None:
    b = located(paper("beta", "A"), "entries/v/1.yaml")
    a2 = located(paper("ALPHA", "A"), "entries/v/3.yaml")
    a1 = located(paper("alpha", "A"), "entries/v/2.yaml")

    assert sorted([b, a2, a1], key=paper_order) == [a1, a2, b]
