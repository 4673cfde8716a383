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


@pytest.mark.parametrize(
    ("check", "old", "new"),
    [
        ("kind", "code", "Code"),
        ("kind", "[Paper]", "Paper"),
        ("kind", "GitHub", "Code"),
        ("url", "https://x.org/a?utm_source=t&id=3", "https://x.org/a?id=3"),
        ("url", "https://www.google.com/url?q=https://x.org/a", "https://x.org/a"),
        ("url", "http://github.com/a/b.git", "https://github.com/a/b"),
        ("url", "https://x.org/a.", "https://x.org/a"),
        ("url", "10.1145/3600006.3613165", "https://doi.org/10.1145/3600006.3613165"),
        ("url", "https//github.com/a/b", "https://github.com/a/b"),
        ("markup", "[Paper](https://x.org/a)", "https://x.org/a"),
        ("markup", "<https://x.org/a>", "https://x.org/a"),
        ("markup", "- Halves the time", "Halves the time"),
        ("category", ["Systems / Storage"], ["Systems", "Storage"]),
        ("text", "**Best Paper Award**", "Best Paper Award"),
    ],
)
def test_a_fix_that_only_undoes_a_contributors_habit_is_safe(
    check: str, old: object, new: object
) -> None:
    assert is_safe(check, old, new)


@pytest.mark.parametrize(
    ("check", "old", "new"),
    [
        ("kind", "Papr", "Paper"),  # a typo's nearest label: a guess
        ("url", "slides/quil.pdf", "slides/quill.pdf"),  # the nearest file: a guess
        ("url", "https://x.org/a?id=3", "https://x.org/a"),  # a parameter that means something
        ("markup", "# Heading", "\\# Heading"),
        ("markup", "Thanks @octocat", "Thanks octocat"),
        ("category", ["Systems"], ["Systems", "Storage"]),  # the one category: not a rewrite
        ("text", "'Quill: A Store.'", "Quill: A Store"),  # a title's words are the authors'
        # A file with a schema error is not rewritten by fmt: its fixes are suggestions.
        ("schema", "Example University", ["Example University"]),
    ],
)
def test_a_fix_that_guesses_is_only_suggested(check: str, old: object, new: object) -> None:
    assert not is_safe(check, old, new)
