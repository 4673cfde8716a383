"""Which fixes ``fmt --fix`` may apply without a person: bot/checks/safe_fixes.py."""

from __future__ import annotations

import pytest

from bot.checks.registry import summaries
from bot.checks.safe_fixes import SAFE_FIXES, is_safe, same_paper

ABS = "https://arxiv.org/abs/2501.01005v1"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("http://arxiv.org/abs/2501.01005v1", ABS),
        ("https://arxiv.org/pdf/2501.01005v1.pdf", ABS),
        ("https://www.arxiv.org/abs/2501.01005v1", ABS),
        ("https://arxiv.org/abs/2501.01005v1", "https://arxiv.org/pdf/2501.01005v1"),
        ("https://doi.org/10.48550/arXiv.2501.01005", "https://arxiv.org/abs/2501.01005"),
        ("http://dx.doi.org/10.1145/3600006.3613165", "https://doi.org/10.1145/3600006.3613165"),
    ],
)
def test_the_same_paper_written_canonically_is_safe(old: str, new: str) -> None:
    assert same_paper(old, new)
    assert is_safe("url", old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("https://arxiv.org/abs/2501.01005v1", "https://arxiv.org/abs/2501.01005v2"),
        ("https://arxiv.org/abs/2501.01005v1", "https://arxiv.org/abs/2501.01005"),
        ("https://arxiv.org/abs/2501.01005", "https://arxiv.org/abs/2501.01006"),
        # A publisher's page is another page than its DOI's, though both lead to the paper.
        (
            "https://dl.acm.org/doi/10.1145/3600006.3613165",
            "https://doi.org/10.1145/3600006.3613165",
        ),
        ("https://doi.org/10.1145/1", "https://doi.org/10.1145/2"),
        ("https://example.org/a", "https://example.org/b"),
        ("https://arxiv.org/abs/2501.01005", ["not", "a", "url"]),
        ("https://arxiv.org/abs/99999.0", ABS),  # malformed: never guessed
    ],
)
def test_a_fix_that_changes_what_the_link_names_is_not_safe(old: str, new: object) -> None:
    assert not same_paper(old, new)
    assert not is_safe("url", old, new)


def test_a_check_that_is_not_registered_only_suggests() -> None:
    assert not is_safe("category", ["Compilers"], ["Compiler"])
    assert not is_safe("no-such-check", "a", "b")


def test_an_unchanged_value_is_no_fix() -> None:
    assert not is_safe("url", ABS, ABS)


def test_every_registered_id_is_a_check_id() -> None:
    assert set(SAFE_FIXES) <= set(summaries())
