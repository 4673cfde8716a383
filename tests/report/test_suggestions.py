"""Fixes become whole-line GitHub suggestions only when the value's extent is certain."""

from __future__ import annotations

import pytest

from bot.report.suggestions import suggestion_for


@pytest.mark.parametrize(
    ("line", "column", "fix", "expected"),
    [
        ("category: [Sys, Storag]", 11, "[Sys, Storage]", "category: [Sys, Storage]"),
        ("category: [Sys, Storag]  # why", 11, "[Sys, Storage]", "category: [Sys, Storage]  # why"),
        ("    url: http://x.org/a", 10, "https://x.org/a", "    url: https://x.org/a"),
        (
            "    url: http://x.org/a   # old",
            10,
            "https://x.org/a",
            "    url: https://x.org/a   # old",
        ),
        ("title: 'It''s: here'  # t", 8, "X", "title: X  # t"),
        ('title: "a \\" b"', 8, "X", "title: X"),
        ('category: ["a]b", c]', 11, "[d]", "category: [d]"),
        ("  - https://x.org/#frag", 5, "https://y.org/", "  - https://y.org/"),
    ],
)
def test_suggestion_replaces_exactly_the_value(
    line: str, column: int, fix: str, expected: str
) -> None:
    assert suggestion_for(line, column, fix) == expected


@pytest.mark.parametrize(
    ("line", "column", "fix"),
    [
        (None, 1, "x"),  # the line is gone
        ("title: x", 8, None),  # nothing to suggest
        ("title: x", 8, "two\nlines"),  # a suggestion block replaces whole lines only
        ("title: 'unclosed", 8, "x"),  # the value goes on past this line
        ("category: [a,", 11, "[b]"),
        ("title: x", 40, "y"),  # the place is not on this line
        ("title:", 7, "y"),  # no value at the place
    ],
)
def test_no_suggestion_when_the_extent_is_unknown(
    line: str | None, column: int, fix: str | None
) -> None:
    assert suggestion_for(line, column, fix) is None
