"""The key table: a row per paper, loaded or known only by its keys, in one shape."""

from __future__ import annotations

from dataclasses import fields

import pytest
from helpers import locate_all, located, paper

from bot.checks.key_table import KEY_COLUMNS, KeyRows, KeyTable
from bot.checks.paper_keys import PaperKeys, paper_keys

LINKS = [
    {"kind": "Paper", "url": "https://example.org/p/1"},
    {"kind": "Code", "url": "https://github.com/o/r"},
    {"kind": "arXiv", "url": "https://arxiv.org/abs/2401.12345"},
]


def test_every_field_of_the_keys_but_how_to_show_them_is_a_column() -> None:
    assert [f.name for f in fields(KeyRows)] == ["paths", "titles", *KEY_COLUMNS]
    assert [name for name in PaperKeys._fields if name != "shown"] == KEY_COLUMNS


def test_loaded_rows_come_first_then_the_rest() -> None:
    papers = locate_all([paper("FastServe: Serving Fast", "A", links=LINKS), paper("B", "A")])
    other = located(paper("Other: Kept", "A"), "entries/other/kept.yaml")
    rest = KeyRows.from_keys([other], [paper_keys(other.model)])
    table = KeyTable(papers, [paper_keys(p.model) for p in papers], rest, lambda path: other)
    assert table.paths == ["entries/demo/p00.yaml", "entries/demo/p01.yaml", other.path]
    assert table.titles == ["FastServe: Serving Fast", "B", "Other: Kept"]
    assert table.name == ["fastserve", None, "other"]
    assert len(table) == 3
    assert table.paper(2) is other  # fetched: it was not loaded
    assert (table.venue_size("demo"), table.venue_size("other"), table.venue_size("x")) == (2, 1, 0)


def test_a_loaded_row_shows_its_identity_keys() -> None:
    table = KeyTable.of([located(paper("T", "A", links=LINKS))])
    assert table.ids[0] == (0, "url:example.org/p/1", 2, "arxiv:2401.12345")
    assert list(table.links(0)) == [
        (0, "url:example.org/p/1", "the page example.org/p/1"),
        (2, "arxiv:2401.12345", "arXiv 2401.12345"),
    ]


def test_a_row_nobody_can_load_says_so() -> None:
    kept = located(paper("Kept", "A"), "entries/v/kept.yaml")
    table = KeyTable([], [], KeyRows.from_keys([kept], [paper_keys(kept.model)]))
    with pytest.raises(LookupError, match=r"entries/v/kept\.yaml"):
        table.paper(0)
