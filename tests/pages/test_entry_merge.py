"""bot.pages.entry_merge: one existing entry and the same paper as a page lists it."""

from __future__ import annotations

from helpers import link, paper

from bot.files.canonical import model_text
from bot.pages.entry_merge import merge_paper, rewrite


def test_lists_grow_by_what_the_entry_lacks_in_the_pages_order() -> None:
    mine = paper("T", "A", links=[link("Paper", "https://x.org/t")], affiliations=["MIT"],
                 notes=["first", "  * its detail"])  # fmt: skip
    page = paper(
        "T", "A", links=[link("Code", "https://github.com/x/t"), link("Paper", "https://x.org/t")],
        affiliations=["MIT", "CMU"], awards=["Best Paper"],
        notes=["first", "  * its detail", "", "second", "  * deeper"],
    )  # fmt: skip

    outcome = merge_paper(mine, page)

    assert outcome.conflicts == []
    merged = outcome.merged
    assert [x.url for x in merged.links] == ["https://x.org/t", "https://github.com/x/t"]
    assert merged.affiliations == ["MIT", "CMU"] and merged.awards == ["Best Paper"]
    assert merged.notes == ["first", "  * its detail", "", "second", "  * deeper"]
    assert [a.loc for a in outcome.added] == [
        ("links", 1, "url"), ("affiliations", 1), ("awards", 0), ("notes", 3)
    ]  # fmt: skip


def test_a_field_of_one_value_given_twice_is_a_conflict_and_one_given_once_is_added() -> None:
    mine = paper("T", "A", links=[link("Paper", "https://x.org/t")])
    page = paper("T", "B", title_url="https://x.org/title", suffix=" (Oral)")

    outcome = merge_paper(mine, page)

    assert [(c.loc, c.existing, c.page) for c in outcome.conflicts] == [
        (("category",), ["A"], ["B"])
    ]
    assert outcome.merged.title_url == "https://x.org/title"
    assert outcome.merged.suffix == " (Oral)"


def test_the_same_paper_adds_nothing() -> None:
    mine = paper("T", "A", links=[link()], affiliations=["MIT"], notes=["n"])

    outcome = merge_paper(mine, mine.model_copy(update={"position": 40, "blank_before": 1}))

    assert (outcome.added, outcome.conflicts) == ([], [])
    assert outcome.merged == mine  # where the page puts it is the entry's to keep


def test_rewrite_keeps_every_comment_and_touches_nothing_else() -> None:
    mine = paper("T", "A", links=[link()], affiliations=["MIT"])
    old = model_text(mine, 2).replace("title: T", "title: T  # as printed")
    old = old.replace("  - MIT", "  - MIT  # the first author's")
    page = paper("T", "A", links=[link(), link("Code", "https://github.com/x/t")],
                 affiliations=["MIT", "CMU"])  # fmt: skip

    text = rewrite(old, merge_paper(mine, page).merged)

    assert "# as printed" in text and "# the first author's" in text
    assert text.startswith(old.split("affiliations:")[0].split("links:")[0])
    assert "https://github.com/x/t" in text and "- CMU" in text
