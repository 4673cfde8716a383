"""The duplicates check on a flood of copies (issue 14, finding 4): a pull request of
3,000 near-identical titles made 9 million warnings (382 s, 11.7 GB). Each paper now
lists its few strongest matches and counts the rest, the check lists at most TOTAL, and
the title index's work grows with the number of titles, not with its square.

Bounds are asserted on counts (matches, pairs scored), never on time: bench/sizes.py
prints the time and memory."""

from __future__ import annotations

import itertools
import string
from collections import Counter
from pathlib import Path

import pytest
from helpers import located, paper

from bot.checks import duplicates
from bot.checks.context import Context
from bot.model.corpus import Corpus, VenueData
from bot.model.diagnostics import Diagnostic, Severity
from bot.text.titles import LIMIT, TitleIndex, normalize_title


def near_identical(n: int) -> list[str]:
    """Titles alike in every signature (the first six letters of each rare word) that
    differ in their last letters: every pair is a near-duplicate."""
    codes = ("".join(c) for c in itertools.product(string.ascii_lowercase, repeat=3))
    return [
        f"Elastic Serving of Large Models on Shared Clusters{c}" for c in itertools.islice(codes, n)
    ]


def _corpus(titles: list[str], same_link: bool = False) -> Corpus:
    corpus = Corpus(Path())
    venue = corpus.venues.setdefault("demo", VenueData("demo", None))
    for n, title in enumerate(titles):
        url = "https://arxiv.org/abs/2401.12345" if same_link else f"https://example.org/{n}"
        model = paper(title, "S", links=[{"kind": "Paper", "url": url}])
        venue.papers.append(located(model, f"entries/demo/p{n:04}.yaml"))
    return corpus


def _check(corpus: Corpus, selected: int | None = None) -> list[Diagnostic]:
    chosen = corpus.papers()[-selected:] if selected else corpus.papers()
    return list(duplicates.check(Context(corpus, selected=chosen)))


def _assert_bounded(found: list[Diagnostic], stopped: bool = True) -> None:
    assert len(found) <= duplicates.TOTAL + 1
    per_paper = Counter(d.path for d in found if d.severity is not Severity.NOTICE)
    assert max(per_paper.values()) <= duplicates.PER_PAPER
    notices = [d.message for d in found if d.severity is Severity.NOTICE]
    assert any(
        m.endswith(f"more papers may be the same as this one: only the {duplicates.PER_PAPER} "
                   "strongest matches are listed")
        for m in notices
    )  # fmt: skip
    last = [m for m in notices if m.startswith("the duplicates check lists at most")]
    if not stopped:
        assert last == []
        return
    assert last == [found[-1].message]
    assert last[0].startswith(f"the duplicates check lists at most {duplicates.TOTAL} matches: ")


@pytest.mark.parametrize("selected", [None, 120, 20])  # a full check; pull requests
def test_near_identical_titles_give_a_bounded_report(selected: int | None) -> None:
    found = _check(_corpus(near_identical(300)), selected)

    # 20 papers, each with its 5 strongest matches and a count of the rest: under TOTAL.
    _assert_bounded(found, stopped=selected != 20)
    if selected == 20:
        assert len(found) == 20 * (duplicates.PER_PAPER + 1)


@pytest.mark.parametrize("same_link", [True, False])
def test_copies_of_one_paper_give_a_bounded_report(same_link: bool) -> None:
    # The same title (and, first, the same arXiv link) 300 times: identity and equal titles.
    found = _check(_corpus(["Elastic Serving of Large Models"] * 300, same_link))

    _assert_bounded(found)
    assert all(d.severity is Severity.ERROR for d in found[:-1] if "strongest" not in d.message)


def test_a_paper_with_a_few_matches_is_told_of_each() -> None:
    titles = [*near_identical(4), "Something Else Entirely"]

    found = _check(_corpus(titles))

    # Each of the four copies names the three others; nothing is counted or cut.
    assert len(found) == 12
    assert all(d.message.startswith("possibly the same paper as ") for d in found)


def test_the_title_index_does_work_linear_in_the_titles_for_near_identical_ones() -> None:
    n = 3000
    titles = [normalize_title(t) for t in near_identical(n)]
    index = TitleIndex(titles, enough=duplicates.SCAN)

    near = index.pairs(92)
    for i in range(0, n, 100):
        assert len(list(index.near(i, 92))) >= duplicates.SCAN

    # Before: every pair of the 3,000 was scored (4.5 million) and kept (9 million).
    assert index.scored <= 4 * duplicates.SCAN * n
    assert sum(map(len, near.values())) <= 4 * duplicates.SCAN * n
    assert all(len(found) >= duplicates.SCAN for found in near.values())


def test_a_large_block_of_real_titles_is_still_searched_whole() -> None:
    # Without ``enough`` (no cap on matches), a block under LIMIT is scored whole: the
    # cap on the work never costs a real list a duplicate.
    titles = [normalize_title(t) for t in near_identical(LIMIT // 4)]
    index = TitleIndex(titles)
    assert len(list(index.near(0, 92))) == len(titles) - 1
