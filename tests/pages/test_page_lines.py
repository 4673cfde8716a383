"""bot.pages.page_lines: the line-level rules the importer reads a page by."""

from __future__ import annotations

import pytest

from bot.pages.page_lines import content_end, heading_level, plain_text


@pytest.mark.parametrize(
    ("line", "level"),
    [("# V", 1), ("### Area", 3), ("#### Sub", 4), ("###Area", 0), ("####### x", 0), ("* x", 0)],
)
def test_heading_level_needs_a_space_after_one_to_six_hashes(line: str, level: int) -> None:
    assert heading_level(line) == level


def test_content_end_steps_back_over_closing_blank_lines_only() -> None:
    lines = ["a", "", "b", "", " ", "c"]
    assert content_end(lines, 0, 5) == 3
    assert content_end(lines, 3, 5) == 3


def test_what_no_field_keeps_is_removed_and_each_removal_reported() -> None:
    text, found = plain_text("\ufeff# V\r\n\r\n* T \r\n", "p.md")

    assert text == "# V\n\n* T\n"
    assert [(d.line, d.message) for d in found] == [
        (1, "the byte-order mark is not kept"),
        (1, "CRLF line ends are written as LF"),
        (3, "spaces at the end of 1 line(s) are not kept"),
    ]
