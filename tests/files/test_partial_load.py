"""A paper loads without the values that fail their schema rules (bot/files/partial_load.py).

The diagnostics are those of the whole file's validation, unchanged; what the checks
then see of the paper is the rest of it, with positions that still point at the file.
Examples that run every check on such a paper: tests/checks/examples/schema/fail/.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bot.files.loader import load_bytes
from bot.files.partial_load import partial_paper
from bot.model.diagnostics import Diagnostic
from bot.model.entries import Glossary, Paper, Venue
from bot.model.positions import Positions

PATH = "entries/v/p.yaml"


def load(text: str, model: Any = Paper) -> tuple[Any, list[tuple[int, int, str]]]:
    diags: list[Diagnostic] = []
    located = load_bytes(text.encode(), PATH, model, diags)
    return located, [(d.line, d.column, d.message) for d in diags]


def test_a_link_with_a_bad_url_is_left_out_and_the_others_keep_their_lines() -> None:
    located, diags = load(
        "title: T\n"
        "category: [A, B]\n"
        "links:\n"
        "  - kind: Paper\n"
        "    url: https://a.org/x y\n"
        "  - kind: arXiv\n"
        "    url: https://arxiv.org/abs/2501.01005\n"
    )
    assert diags == [(5, 10, "'links[0].url': a URL has no spaces: write each as %20")]
    paper = located.model
    assert [link.kind for link in paper.links] == ["arXiv"]
    assert located.missing == frozenset()
    assert located.positions.of_value(("links", 0, "url")) == (7, 10)
    assert located.positions.of_value(("title",)) == (1, 8)


def test_unknown_keys_are_left_out_where_they_stand() -> None:
    located, diags = load(
        "title: T\n"
        "titel: T\n"
        "category: [A]\n"
        "links:\n"
        "  - kind: Code\n"
        "    url: https://github.com/a/b\n"
        "    note: mine\n"
    )
    assert sorted(line for line, _, _ in diags) == [2, 7]
    paper = located.model
    assert paper.links[0].url == "https://github.com/a/b"  # the link stays, without 'note'
    assert paper.model_fields_set == {"title", "category", "links"}


def test_items_of_several_lists_and_an_optional_key_are_left_out_together() -> None:
    located, diags = load(
        "title: T\n"
        "category: [A]\n"
        "position: x\n"
        "links:\n"
        "  - https://a.org\n"
        "  - kind: Paper\n"
        "    url: https://a.org/1\n"
        "  - {kind: Slides}\n"
        "  - kind: Code\n"
        "    url: https://github.com/a/b\n"
        "notes: [one, 2, three]\n"
    )
    assert len(diags) == 4
    paper = located.model
    assert paper.position is None and "position" not in paper.model_fields_set
    assert [link.kind for link in paper.links] == ["Paper", "Code"]
    assert paper.notes == ["one", "three"]
    assert located.positions.of_value(("links", 1, "url")) == (10, 10)
    assert located.positions.of_value(("notes", 1)) == (11, 17)


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("title: 42\ncategory: [A]\nnotes: [n]\n", {"title"}),
        ("category: [A]\nnotes: [n]\n", {"title"}),
        ("title: T\ncategory: A\nnotes: [n]\n", {"category"}),
        ("title: T\ncategory: [A, 3]\nnotes: [n]\n", {"category"}),  # a path, not a set
        ("title: T\ncategory: []\nnotes: [n]\n", {"category"}),
        ("title: ''\ncategory: A\nnotes: [n]\n", {"title", "category"}),
    ],
)
def test_a_required_key_that_fails_is_missing_with_a_placeholder(
    text: str, missing: set[str]
) -> None:
    located, diags = load(text)
    assert diags  # reported as before
    assert located.missing == missing
    paper = located.model
    assert isinstance(paper, Paper)
    assert paper.notes == ["n"]
    assert paper.title == ("" if "title" in missing else "T")
    assert paper.category == ([] if "category" in missing else ["A"])
    # The placeholders count as set: the entry cache stores what it replays.
    assert missing <= paper.model_fields_set


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("name: V\nhomepage: not a url\n", Venue),
        ("name: V\nareas:\n  - name: 3\n", Venue),
        ("glossary:\n  LLM: ''\n", Glossary),
    ],
)
def test_a_venue_or_glossary_loads_whole_or_not_at_all(text: str, model: Any) -> None:
    located, diags = load(text, model)
    assert located is None
    assert len(diags) == 1


def test_the_diagnostics_are_the_first_validations() -> None:
    text = "title: 42\ncategory: Storage\nposition: x\nlinks: {kind: Paper}\n"
    _, diags = load(text)
    assert [(line, column) for line, column, _ in diags] == [(1, 8), (2, 11), (3, 11), (4, 8)]


def test_an_error_about_the_whole_entry_leaves_nothing_to_load() -> None:
    with pytest.raises(ValidationError) as caught:
        Paper.model_validate("not a mapping")
    assert partial_paper(caught.value, {}, Positions()) is None
